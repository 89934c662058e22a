//! `lprm` end to end: the real binary against the fake LPD.

use crate::support::cmd::{self, Cmd};
use crate::support::fake_lpd::{Answer, FakeLpd, Script, Stage};
use std::collections::HashMap;

fn lprm_to(lpd: &FakeLpd) -> Cmd {
    cmd::lprm()
        .arg("-P")
        .arg(lpd.target("lp"))
        .args(["--reserved-port", "never", "--timeout", "5"])
}

fn answering(text: &str) -> FakeLpd {
    FakeLpd::start(Script {
        remove: text.into(),
        ..Script::default()
    })
}

fn user() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name
}

#[test]
fn removes_a_job_by_number_and_prints_the_answer() {
    let lpd = answering("dfA012host dequeued\ncfA012host dequeued\n");
    let run = lprm_to(&lpd).arg("12").run();
    run.ok();
    assert_eq!(run.out(), "dfA012host dequeued\ncfA012host dequeued\n");
    assert_eq!(
        lpd.commands(),
        [format!("\x05lp {} 12", user()).into_bytes()]
    );
}

#[test]
fn dash_removes_all_of_my_jobs() {
    let lpd = answering("dfA001host dequeued\n");
    lprm_to(&lpd).arg("-").run().ok();
    let u = user();
    assert_eq!(lpd.commands(), [format!("\x05lp {u} {u}").into_bytes()]);
}

#[test]
fn no_operand_asks_for_the_active_job() {
    let lpd = answering("");
    lprm_to(&lpd).run().ok();
    assert_eq!(lpd.commands(), [format!("\x05lp {}", user()).into_bytes()]);
}

#[test]
fn an_answer_that_nothing_matched_exits_1() {
    let lpd = answering("lp: no matching jobs\n");
    lprm_to(&lpd).arg("99").run().code(1).out_has("no matching");
}

#[test]
fn a_refusal_exits_non_zero_with_the_servers_words() {
    let lpd = FakeLpd::start(Script {
        at: HashMap::from([(
            Stage::Command,
            Answer::Text(b"\x01lp: permission denied\n".to_vec()),
        )]),
        ..Script::default()
    });
    let run = lprm_to(&lpd).arg("12").run();
    assert!(matches!(run.code, Some(69 | 77)), "{run:?}");
    run.err_has("lprm: ");
}

#[test]
fn a_denial_in_the_answer_exits_77() {
    let lpd = answering("lp: permission denied\n");
    lprm_to(&lpd).arg("12").run().code(77).err_has("denied");
}

#[test]
fn dash_u_is_refused_for_non_root_or_used_as_agent_by_root() {
    let lpd = answering("dfA001host dequeued\n");
    let run = lprm_to(&lpd).args(["-U", "someoneelse", "1"]).run();
    if nix::unistd::getuid().is_root() {
        run.ok();
        assert_eq!(lpd.commands(), [b"\x05lp someoneelse 1".to_vec()]);
    } else {
        run.code(77).err_has("only root");
        assert!(lpd.connections().is_empty());
    }
}

#[test]
fn all_configured_printers_are_asked() {
    let a = answering("dfA001host dequeued\n");
    let b = answering("dfA002host dequeued\n");
    let run = cmd::lprm()
        .config(&format!(
            "[printers.one]\nqueue = \"qa\"\nhost = \"127.0.0.1\"\nport = {}\n\n\
             [printers.two]\nqueue = \"qb\"\nhost = \"127.0.0.1\"\nport = {}\n",
            a.port(),
            b.port()
        ))
        .args(["-a", "-", "--reserved-port", "never"])
        .run();
    run.ok().out_has("dfA001").out_has("dfA002");
    let u = user();
    assert_eq!(a.commands(), [format!("\x05qa {u} {u}").into_bytes()]);
    assert_eq!(b.commands(), [format!("\x05qb {u} {u}").into_bytes()]);
}
