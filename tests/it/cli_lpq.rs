//! `lpq` end to end: the real binary against the fake LPD.

use crate::support::cmd::{self, Cmd};
use crate::support::fake_lpd::{FakeLpd, Script};

const BSD_SHORT: &str = "lp is ready and printing\n\
Rank   Owner      Job  Files                                 Total Size\n\
active alice      12   report.txt                            1234 bytes\n\
1st    bob        13   notes.txt                             99 bytes\n";

const BSD_LONG: &str = "lp is ready and printing\n\n\
alice: active                            [job 012host]\n\
        report.txt                       1234 bytes\n";

const EMPTY: &str = "no entries\n";

fn lpq_to(lpd: &FakeLpd) -> Cmd {
    cmd::lpq()
        .arg("-P")
        .arg(lpd.target("lp"))
        .args(["--reserved-port", "never", "--timeout", "5"])
}

fn text_server(short: &str, long: &str) -> FakeLpd {
    FakeLpd::start(Script {
        short: short.into(),
        long: long.into(),
        ..Script::default()
    })
}

fn lpkit_json(jobs: &[(u32, &str)]) -> String {
    let jobs: Vec<String> = jobs
        .iter()
        .map(|(n, u)| format!(r#"{{"job":{n},"owner":"{u}","files":["f"]}}"#))
        .collect();
    format!(
        r#"{{"queue":"lp","dialect":"lpkit","status":["lp is ready"],"jobs":[{}]}}"#,
        jobs.join(",")
    ) + "\n"
}

#[test]
fn short_listing_is_the_servers_text_unchanged() {
    let lpd = text_server(BSD_SHORT, BSD_LONG);
    let run = lpq_to(&lpd).run();
    run.ok();
    assert_eq!(run.out(), BSD_SHORT);
    assert_eq!(lpd.commands(), [b"\x03lp".to_vec()]);
}

#[test]
fn long_listing_uses_command_04() {
    let lpd = text_server(BSD_SHORT, BSD_LONG);
    let run = lpq_to(&lpd).arg("-l").run();
    run.ok();
    assert_eq!(run.out(), BSD_LONG);
    assert_eq!(lpd.commands(), [b"\x04lp".to_vec()]);
}

#[test]
fn job_and_user_operands_go_into_the_list() {
    let lpd = text_server(BSD_SHORT, BSD_LONG);
    lpq_to(&lpd).args(["alice", "12"]).run().ok();
    assert_eq!(lpd.commands(), [b"\x03lp alice 12".to_vec()]);
}

#[test]
fn an_invalid_operand_is_a_usage_error() {
    cmd::lpq()
        .args(["-P", "lp@127.0.0.1:9", "1000"])
        .run()
        .code(64);
}

#[test]
fn json_from_lpkits_lpd_is_passed_through_exactly() {
    let doc = lpkit_json(&[(7, "alice")]);
    let lpd = text_server(&doc, &doc);
    let run = lpq_to(&lpd).arg("--json").run();
    run.ok();
    let v: serde_json::Value = serde_json::from_str(run.out().trim()).unwrap();
    assert_eq!(v["dialect"], "lpkit");
    assert_eq!(v["jobs"][0]["job"], 7);
    assert_eq!(lpd.commands(), [b"\x04lp --lpkit-json".to_vec()]);
}

#[test]
fn json_from_another_server_is_parsed_from_its_text() {
    let lpd = text_server(BSD_SHORT, BSD_SHORT);
    let run = lpq_to(&lpd).arg("--json").run();
    run.ok();
    let v: serde_json::Value = serde_json::from_str(run.out().trim()).unwrap();
    let jobs = v["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 2, "{v}");
    assert_eq!(jobs[0]["job"], 12);
    assert_eq!(jobs[0]["owner"], "alice");
    assert_eq!(v["queue"], "lp");
    // Asked as lpkit first, then again as plain RFC 1179, in the long
    // form (LPRng's short form lists no jobs).
    assert_eq!(
        lpd.commands(),
        [b"\x04lp --lpkit-json".to_vec(), b"\x04lp".to_vec()]
    );
}

#[test]
fn quiet_exit_status_tells_whether_jobs_match() {
    let doc = lpkit_json(&[(1, "alice")]);
    let busy = text_server(&doc, &doc);
    let run = lpq_to(&busy).arg("-q").run();
    run.code(0);
    assert!(run.stdout.is_empty());
    let doc = lpkit_json(&[]);
    let idle = text_server(&doc, &doc);
    lpq_to(&idle).arg("-q").run().code(1);
    let bsd_idle = text_server(EMPTY, EMPTY);
    lpq_to(&bsd_idle).arg("-q").run().code(1);
    let bsd_busy = text_server(BSD_SHORT, BSD_LONG);
    lpq_to(&bsd_busy).arg("-q").run().code(0);
}

#[test]
fn repeat_stops_when_the_queue_is_empty() {
    let lpd = text_server(EMPTY, EMPTY);
    let run = lpq_to(&lpd).arg("+1").run();
    run.ok();
    assert_eq!(run.out(), EMPTY);
    assert_eq!(lpd.commands().len(), 1);
}

#[test]
fn all_configured_printers_are_listed_with_headers() {
    let a = text_server("queue a\n", "");
    let b = text_server("queue b\n", "");
    let c = cmd::lpq().config(&format!(
        "[printers.first]\nqueue = \"qa\"\nhost = \"127.0.0.1\"\nport = {}\n\n\
         [printers.second]\nqueue = \"qb\"\nhost = \"127.0.0.1\"\nport = {}\n",
        a.port(),
        b.port()
    ));
    let run = c.args(["-a", "--reserved-port", "never"]).run();
    run.ok()
        .out_has("queue a\n")
        .out_has("queue b\n")
        .out_has("qa@127.0.0.1");
    assert_eq!(a.commands(), [b"\x03qa".to_vec()]);
    assert_eq!(b.commands(), [b"\x03qb".to_vec()]);
}

#[test]
fn list_printers_prints_configured_names_for_completion() {
    let run = cmd::lpq()
        .config("[printers.laser]\nqueue = \"lp\"\nhost = \"printhost\"\n\n[printers.color]\nhost = \"h2\"\n")
        .arg("--list-printers")
        .run();
    run.ok();
    let mut names: Vec<String> = run.out().lines().map(str::to_owned).collect();
    names.sort();
    assert_eq!(names, ["color", "laser"]);
}

#[test]
fn a_closed_stdout_is_a_quiet_exit() {
    let long_text = "x".repeat(200_000) + "\n";
    let lpd = text_server(&long_text, "");
    // Run through a shell so that stdout is a pipe closed by head.
    let bin = cmd::bin("lpq");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{bin}' --config /dev/null --reserved-port never -P {} | head -c 10 >/dev/null; echo \"${{PIPESTATUS:-}}\"",
            lpd.target("lp")
        ))
        .env_clear()
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("lpq:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
