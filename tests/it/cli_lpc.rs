//! `lpc` end to end: the real binary against the fake LPD.

use crate::support::cmd::{self, Cmd};
use crate::support::fake_lpd::{FakeLpd, Script};

fn lpc_to(_lpd: &FakeLpd) -> Cmd {
    cmd::lpc().args(["--reserved-port", "never", "--timeout", "5"])
}

fn user() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name
}

/// A server that speaks LPRng's 06.
fn lprng_like() -> FakeLpd {
    FakeLpd::start(Script {
        control: Some(b"Printer: lp@host\n  lp@host: enabled\n".to_vec()),
        short: b"no entries\n".to_vec(),
        print_waiting: Some(Vec::new()),
        ..Script::default()
    })
}

/// A server that speaks only RFC 1179.
fn rfc_only() -> FakeLpd {
    FakeLpd::start(Script {
        control: None,
        short: b"no entries\n".to_vec(),
        print_waiting: Some(Vec::new()),
        ..Script::default()
    })
}

#[test]
fn status_uses_06_where_the_server_speaks_it() {
    let lpd = lprng_like();
    let run = lpc_to(&lpd).arg("status").arg(lpd.target("lp")).run();
    run.ok().out_has("enabled");
    assert_eq!(
        lpd.commands(),
        [format!("\x06lp {} status lp", user()).into_bytes()]
    );
}

#[test]
fn status_falls_back_to_the_queue_state_on_an_rfc_server() {
    let lpd = rfc_only();
    let run = lpc_to(&lpd).arg("status").arg(lpd.target("lp")).run();
    run.ok().out_has("no entries");
    let cmds = lpd.commands();
    assert_eq!(cmds.len(), 2);
    assert_eq!(cmds[1], b"\x03lp");
}

#[test]
fn status_json_reports_control_support_and_state() {
    let lpd = lprng_like();
    let run = lpc_to(&lpd)
        .args(["--json", "status"])
        .arg(lpd.target("lp"))
        .run();
    run.ok();
    let v: serde_json::Value = serde_json::from_str(run.out().trim()).unwrap();
    assert_eq!(v["queue"], "lp");
    assert_eq!(v["control"], true);
    assert!(v["state"]["jobs"].as_array().unwrap().is_empty());
}

#[test]
fn start_falls_back_to_print_waiting_jobs_01() {
    let lpd = rfc_only();
    lpc_to(&lpd).arg("start").arg(lpd.target("lp")).run().ok();
    let cmds = lpd.commands();
    assert_eq!(cmds.last().unwrap(), b"\x01lp");
}

#[test]
fn lprng_operations_send_06_with_their_operands() {
    let lpd = lprng_like();
    let t = lpd.target("lp");
    let u = user();
    for (args, line) in [
        (vec!["stop", t.as_str()], format!("\x06lp {u} stop lp")),
        (vec!["enable", t.as_str()], format!("\x06lp {u} enable lp")),
        (
            vec!["disable", t.as_str()],
            format!("\x06lp {u} disable lp"),
        ),
        (vec!["abort", t.as_str()], format!("\x06lp {u} abort lp")),
        (vec!["up", t.as_str()], format!("\x06lp {u} up lp")),
        (vec!["down", t.as_str()], format!("\x06lp {u} down lp")),
        (vec!["clean", t.as_str()], format!("\x06lp {u} clean lp")),
        (
            vec!["topq", t.as_str(), "17", "bob"],
            format!("\x06lp {u} topq lp 17 bob"),
        ),
        (
            vec!["hold", t.as_str(), "3"],
            format!("\x06lp {u} hold lp 3"),
        ),
        (
            vec!["release", t.as_str(), "3"],
            format!("\x06lp {u} release lp 3"),
        ),
        (
            vec!["redirect", t.as_str(), "lp2@other"],
            format!("\x06lp {u} redirect lp lp2@other"),
        ),
        (
            vec!["move", t.as_str(), "3", "lp2"],
            format!("\x06lp {u} move lp 3 lp2"),
        ),
    ] {
        let before = lpd.commands().len();
        lpc_to(&lpd).args(&args).run().ok();
        assert_eq!(lpd.commands()[before..], [line.into_bytes()], "{args:?}");
    }
}

#[test]
fn an_rfc_only_server_gets_a_clear_error_for_06_operations() {
    let lpd = rfc_only();
    let run = lpc_to(&lpd).arg("stop").arg(lpd.target("lp")).run();
    run.code(69)
        .err_has("speaks only RFC 1179")
        .err_has("lpc: ");
}

#[test]
fn commands_are_read_from_a_pipe_without_a_prompt() {
    let lpd = lprng_like();
    let t = lpd.target("lp");
    let run = lpc_to(&lpd)
        .stdin(format!(
            "# a comment\n\nstatus {t}\nstop {t}\nquit\nstatus {t}\n"
        ))
        .run();
    run.ok();
    assert!(!run.out().contains("lpc>") && !run.err().contains("lpc>"));
    let u = user();
    assert_eq!(
        lpd.commands(),
        [
            format!("\x06lp {u} status lp").into_bytes(),
            format!("\x06lp {u} stop lp").into_bytes()
        ]
    );
}

#[test]
fn a_failing_line_does_not_end_the_session_but_sets_the_status() {
    let lpd = lprng_like();
    let t = lpd.target("lp");
    let run = lpc_to(&lpd)
        .stdin(format!("frobnicate\nhelp\nstatus {t}\n"))
        .run();
    run.code(64).out_has("topq").out_has("enabled");
}

#[test]
fn dash_u_for_non_root_is_refused() {
    if nix::unistd::getuid().is_root() {
        return;
    }
    let lpd = lprng_like();
    lpc_to(&lpd)
        .args(["-U", "someoneelse", "stop"])
        .arg(lpd.target("lp"))
        .run()
        .code(77);
}
