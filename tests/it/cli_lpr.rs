//! `lpr` end to end: the real binary against the fake LPD.

use crate::support::cmd::{self, Cmd};
use crate::support::fake_lpd::{Answer, FakeLpd, Script, Stage};
use std::collections::HashMap;

/// `lpr -P queue@fake --reserved-port never ...`.
fn lpr_to(lpd: &FakeLpd) -> Cmd {
    cmd::lpr()
        .arg("-P")
        .arg(lpd.target("lp"))
        .args(["--reserved-port", "never", "--timeout", "5"])
}

fn host() -> String {
    nix::unistd::gethostname().unwrap().into_string().unwrap()
}

fn user() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name
}

fn script_at(stage: Stage, answer: Answer) -> Script {
    Script {
        at: HashMap::from([(stage, answer)]),
        ..Script::default()
    }
}

#[test]
fn flags_become_the_exact_control_file_lines() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let f = c.file("report.txt", "hello\n");
    c.args([
        "-C", "A", "-J", "weekly", "-T", "Report", "-i", "8", "-w", "132",
    ])
    .args([
        "-m",
        "-#",
        "2",
        "-1",
        "R.ft",
        "-4",
        "S.ft",
        "-Z",
        "duplex=on",
        "-Z",
        "media=a4",
    ])
    .arg("-p")
    .arg(&f)
    .run()
    .ok();
    let job = lpd.only_job();
    assert_eq!(job.queue, "lp");
    let (h, u) = (host(), user());
    let data = job.data();
    assert_eq!(data.len(), 1);
    let df = &data[0].name;
    assert!(df.starts_with("dfA") && df.ends_with(&h), "{df}");
    let n = &df[3..6];
    let path = f.display().to_string();
    let want: Vec<String> = [
        format!("H{h}"),
        format!("P{u}"),
        "Jweekly".into(),
        "CA".into(),
        format!("L{u}"),
        "TReport".into(),
        "I8".into(),
        "W132".into(),
        format!("M{u}"),
        "1R.ft".into(),
        "4S.ft".into(),
        "Zduplex=on,media=a4".into(),
        format!("pdfA{n}{h}"),
        format!("pdfA{n}{h}"),
        format!("N{path}"),
        format!("UdfA{n}{h}"),
    ]
    .into();
    assert_eq!(job.control_lines(), want);
    assert_eq!(data[0].data, b"hello\n");
    assert_eq!(data[0].count, 6);
    assert!(job.control_first());
    assert_eq!(job.control().unwrap().name, format!("cfA{n}{h}"));
}

#[test]
fn defaults_are_bsd_ones_job_name_class_banner_and_text_format() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let f = c.file("a.txt", "x");
    c.arg(&f).run().ok();
    let lines = lpd.only_job().control_lines();
    let path = f.display().to_string();
    assert!(lines.contains(&format!("J{path}")), "{lines:?}");
    assert!(lines.contains(&format!("C{}", host())), "{lines:?}");
    assert!(lines.contains(&format!("L{}", user())), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("fdfA")), "{lines:?}");
    assert!(!lines.iter().any(|l| l.starts_with('T')), "{lines:?}");
}

#[test]
fn format_flags_pick_the_print_line_letter() {
    for (flag, letter) in [
        ("-c", 'c'),
        ("-d", 'd'),
        ("-f", 'r'),
        ("-g", 'g'),
        ("-l", 'l'),
        ("-n", 'n'),
        ("-o", 'o'),
        ("-p", 'p'),
        ("-t", 't'),
        ("-v", 'v'),
    ] {
        let lpd = FakeLpd::accepting();
        let c = lpr_to(&lpd);
        let f = c.file("in", "data");
        c.arg(flag).arg(&f).run().ok();
        let lines = lpd.only_job().control_lines();
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("{letter}dfA"))),
            "{flag}: {lines:?}"
        );
    }
}

#[test]
fn two_format_flags_are_a_usage_error() {
    cmd::lpr().args(["-l", "-o", "x"]).run().code(64);
}

#[test]
fn no_banner_drops_the_l_line_and_long_text_is_cut_to_rfc_lengths() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let f = c.file("a", "x");
    c.args([
        "-h",
        "-J",
        &"j".repeat(150),
        "-C",
        &"c".repeat(40),
        "-T",
        &"t".repeat(100),
    ])
    .arg(&f)
    .run()
    .ok();
    let lines = lpd.only_job().control_lines();
    assert!(!lines.iter().any(|l| l.starts_with('L')), "{lines:?}");
    assert!(lines.contains(&format!("J{}", "j".repeat(99))));
    assert!(lines.contains(&format!("C{}", "c".repeat(31))));
    assert!(lines.contains(&format!("T{}", "t".repeat(79))));
}

#[test]
fn several_files_go_in_one_job_with_consecutive_letters() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let a = c.file("a", "first");
    let b = c.file("b", "second!");
    let d = c.file("d", "third..");
    c.args(["-K", "2"]).arg(&a).arg(&b).arg(&d).run().ok();
    let job = lpd.only_job();
    let data = job.data();
    let names: Vec<&str> = data.iter().map(|f| &f.name[..3]).collect();
    assert_eq!(names, ["dfA", "dfB", "dfC"]);
    assert_eq!(data[1].data, b"second!");
    let lines = job.control_lines();
    let prints = lines.iter().filter(|l| l.starts_with("fdf")).count();
    assert_eq!(prints, 6, "{lines:?}");
    assert_eq!(lines.iter().filter(|l| l.starts_with("UdfB")).count(), 1);
}

#[test]
fn standard_input_is_sent_when_no_file_is_given() {
    let lpd = FakeLpd::accepting();
    lpr_to(&lpd).stdin("from a pipe\n").run().ok();
    let job = lpd.only_job();
    assert_eq!(job.data()[0].data, b"from a pipe\n");
    assert_eq!(job.data()[0].count, 12);
    let lines = job.control_lines();
    assert!(lines.contains(&"Jstdin".to_string()), "{lines:?}");
    assert!(lines.contains(&"Nstdin".to_string()), "{lines:?}");
}

#[test]
fn data_first_order_sends_the_control_file_last() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let f = c.file("a", "x");
    c.args(["--order", "data-first"]).arg(&f).run().ok();
    let job = lpd.only_job();
    assert!(!job.control_first());
    assert!(job.files.last().unwrap().0);
}

#[test]
fn dry_run_prints_the_control_file_and_connects_nowhere() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let f = c.file("a.txt", "x");
    let run = c.args(["--dry-run", "-J", "test", "-C", "B"]).arg(&f).run();
    run.ok();
    let out = run.out();
    assert!(
        out.starts_with(&format!("H{}\nP{}\nJtest\nCB\n", host(), user())),
        "{out}"
    );
    assert!(out.contains(&format!("N{}\n", f.display())), "{out}");
    assert!(lpd.connections().is_empty());
}

#[test]
fn json_describes_the_submitted_job() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let a = c.file("a", "12345");
    let b = c.file("b", "678");
    let run = c.args(["--json", "-q"]).arg(&a).arg(&b).run();
    run.ok();
    let v: serde_json::Value = serde_json::from_str(run.out().trim()).unwrap();
    assert_eq!(v["queue"], "lp");
    assert_eq!(v["server"], format!("127.0.0.1:{}", lpd.port()));
    assert_eq!(v["bytes"], 8);
    assert_eq!(v["files"].as_array().unwrap().len(), 2);
    assert_eq!(v["files"][1]["bytes"], 3);
    let job = lpd.only_job();
    let n: u64 = job.control().unwrap().name[3..6].parse().unwrap();
    assert_eq!(v["job"], n);
}

#[test]
fn a_refused_job_exits_69_and_says_where() {
    let lpd = FakeLpd::start(script_at(Stage::Command, Answer::Ack(1)));
    let c = lpr_to(&lpd);
    let f = c.file("a", "x");
    let run = c.arg(&f).run();
    run.code(69)
        .err_has("lpr: ")
        .err_has(&lpd.port().to_string());
}

#[test]
fn a_refused_data_file_exits_69() {
    let lpd = FakeLpd::start(script_at(Stage::Subcommand(1), Answer::Ack(1)));
    let c = lpr_to(&lpd);
    let f = c.file("a", "x");
    c.arg(&f).run().code(69).err_has("dfA");
}

#[test]
fn no_space_is_a_temporary_failure() {
    let lpd = FakeLpd::start(script_at(Stage::Content(0), Answer::Ack(2)));
    let c = lpr_to(&lpd);
    let f = c.file("a", "x");
    c.arg(&f).run().code(75);
}

#[test]
fn a_server_closing_early_is_reported() {
    let lpd = FakeLpd::start(script_at(Stage::Subcommand(0), Answer::Close));
    let c = lpr_to(&lpd);
    let f = c.file("a", "x");
    let run = c.arg(&f).run();
    assert!(matches!(run.code, Some(69 | 74 | 76)), "{run:?}");
    run.err_has("lpr: ");
}

#[test]
fn garbage_instead_of_an_ack_is_a_protocol_error() {
    let lpd = FakeLpd::start(script_at(
        Stage::Command,
        Answer::Garbage(b"HTTP/1.0 400 Bad\r\n".to_vec()),
    ));
    let c = lpr_to(&lpd);
    let f = c.file("a", "x");
    c.arg(&f).run().code(76);
}

#[test]
fn a_stalled_server_times_out_with_75() {
    let lpd = FakeLpd::start(script_at(Stage::Command, Answer::Stall));
    let c = cmd::lpr().arg("-P").arg(lpd.target("lp")).args([
        "--reserved-port",
        "never",
        "--timeout",
        "0.5",
    ]);
    let f = c.file("a", "x");
    c.arg(&f).run().code(75).err_has("lpr: ");
}

#[test]
fn connection_refused_exits_69() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = cmd::lpr()
        .arg("-P")
        .arg(format!("lp@127.0.0.1:{port}"))
        .args(["--reserved-port", "never"]);
    let f = c.file("a", "x");
    c.arg(&f).run().code(69).err_has(&port.to_string());
}

#[test]
fn an_unresolvable_host_exits_68() {
    let c = cmd::lpr().args(["-P", "lp@no-such-host.invalid", "--reserved-port", "never"]);
    let f = c.file("a", "x");
    c.arg(&f).run().code(68).err_has("no-such-host.invalid");
}

#[test]
fn a_missing_file_exits_66_before_connecting() {
    let lpd = FakeLpd::accepting();
    lpr_to(&lpd)
        .arg("/nonexistent/file.txt")
        .run()
        .code(66)
        .err_has("/nonexistent/file.txt");
    assert!(lpd.jobs().is_empty());
}

#[test]
fn fifty_three_files_are_a_usage_error() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let files: Vec<_> = (0..53).map(|i| c.file(&format!("f{i}"), "x")).collect();
    c.args(&files).run().code(64).err_has("52");
    assert!(lpd.connections().is_empty());
}

#[test]
fn fifty_two_files_are_one_job_ending_in_dfz() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let files: Vec<_> = (0..52).map(|i| c.file(&format!("f{i}"), "x")).collect();
    c.args(&files).run().ok();
    let job = lpd.only_job();
    assert_eq!(job.data().len(), 52);
    assert!(job.data()[51].name.starts_with("dfz"));
}

#[test]
fn unknown_options_are_usage_errors_with_status_64() {
    cmd::lpr().arg("--no-such-option").run().code(64);
}

#[test]
fn dash_o_with_an_option_value_gets_a_hint() {
    let run = cmd::lpr().args(["-o", "media=a4"]).run();
    run.code(64).err_has("-Z");
}

#[test]
fn remove_flag_deletes_the_file_after_success() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let f = c.file("gone", "x");
    c.arg("-r").arg(&f).run().ok();
    assert!(!f.exists());
}

#[test]
fn verbose_says_symlink_is_ignored_and_vv_shows_bytes() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let f = c.file("a", "x");
    let run = c.args(["-s", "-VV"]).arg(&f).run();
    run.ok().err_has("-s").err_has("\\x02lp");
}

#[test]
fn reserved_port_require_uses_721_to_731_as_root() {
    if !nix::unistd::getuid().is_root() {
        return;
    }
    let lpd = FakeLpd::accepting();
    let c = cmd::lpr()
        .arg("-P")
        .arg(lpd.target("lp"))
        .args(["--reserved-port", "require"]);
    let f = c.file("a", "x");
    c.arg(&f).run().ok();
    let port = lpd.connections()[0].peer.unwrap().port();
    assert!((721..=731).contains(&port), "source port {port}");
}

#[test]
fn printer_comes_from_the_environment_when_no_flag() {
    let lpd = FakeLpd::accepting();
    let c = cmd::lpr()
        .env("PRINTER", lpd.target("envq"))
        .args(["--reserved-port", "never"]);
    let f = c.file("a", "x");
    c.arg(&f).run().ok();
    assert_eq!(lpd.only_job().queue, "envq");
}

#[test]
fn stdin_is_streamed_with_count_0_to_a_streaming_printer() {
    let lpd = FakeLpd::accepting();
    let c = cmd::lpr().config(&format!(
        "[printers.fast]\nqueue = \"lp\"\nhost = \"127.0.0.1\"\nport = {}\nstreaming = true\n",
        lpd.port()
    ));
    c.args(["-P", "fast", "--reserved-port", "never", "--timeout", "5"])
        .stdin("streamed data\n")
        .run()
        .ok();
    let job = lpd.only_job();
    assert!(job.control_first());
    assert_eq!(job.data()[0].count, 0);
    assert_eq!(job.data()[0].data, b"streamed data\n");
}

#[test]
fn configured_job_defaults_apply_and_flags_override_them() {
    let lpd = FakeLpd::accepting();
    let config = format!(
        "[printers.office]\nqueue = \"lp\"\nhost = \"127.0.0.1\"\nport = {}\nclass = \"K\"\nbanner = false\noptions = \"duplex=on\"\nformat = \"postscript\"\n",
        lpd.port()
    );
    let c = cmd::lpr().config(&config);
    let f = c.file("a", "x");
    c.args(["-P", "office", "--reserved-port", "never"])
        .arg(&f)
        .run()
        .ok();
    let lines = lpd.only_job().control_lines();
    assert!(lines.contains(&"CK".to_string()), "{lines:?}");
    assert!(lines.contains(&"Zduplex=on".to_string()), "{lines:?}");
    assert!(!lines.iter().any(|l| l.starts_with('L')), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("odfA")), "{lines:?}");
    let c = cmd::lpr().config(&config);
    let f = c.file("a", "x");
    c.args(["-P", "office", "--reserved-port", "never", "-C", "Z", "-l"])
        .arg(&f)
        .run()
        .ok();
    let lines = lpd.jobs()[1].control_lines();
    assert!(lines.contains(&"CZ".to_string()), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("ldfA")), "{lines:?}");
}

#[test]
fn dash_h_names_the_server_of_a_bare_queue() {
    let lpd = FakeLpd::accepting();
    let c = cmd::lpr().args([
        "-P",
        "hq",
        "-H",
        &format!("127.0.0.1:{}", lpd.port()),
        "--reserved-port",
        "never",
    ]);
    let f = c.file("a", "x");
    c.arg(&f).run().ok();
    assert_eq!(lpd.only_job().queue, "hq");
}

#[test]
fn a_broken_configuration_exits_78_and_names_the_file() {
    let c = cmd::lpr().config("[printers.x]\nno_such_key = 1\n");
    let path = c.config_path();
    let f = c.file("a", "x");
    c.arg(&f)
        .run()
        .code(78)
        .err_has(&path.display().to_string());
}

#[test]
fn an_empty_file_is_refused_before_connecting() {
    let lpd = FakeLpd::accepting();
    let c = lpr_to(&lpd);
    let f = c.file("empty", "");
    c.arg(&f).run().code(66).err_has("empty");
    assert!(lpd.connections().is_empty());
}
