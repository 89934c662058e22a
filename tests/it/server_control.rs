//! lpd control operations (06, LPRng's lpc): each operation, persistence
//! across a restart, and refusal for hosts that are not administrators.

use crate::support::lpd::*;
use std::net::SocketAddr;

const TWO_QUEUES: &str = r#"
[access]
admin = ["127.0.0.1"]

[[queue.lp.device]]
type = "directory"
path = "{spool}/out-lp"

[[queue.other.device]]
type = "directory"
path = "{spool}/out-other"
"#;

fn ranks(lpd: &TestLpd, q: &str) -> Vec<(u32, String)> {
    lpd.json(q)
        .jobs
        .iter()
        .map(|j| (j.job.unwrap(), j.rank.clone().unwrap()))
        .collect()
}

#[test]
fn stop_and_start_control_printing() {
    let lpd = TestLpd::with_config(TWO_QUEUES);
    assert_eq!(lpd.lpc("lp", "stop"), "lp: printing disabled\n");
    lpd.submit("lp", &Job::text("alice", 1, b"x")).unwrap();
    assert_eq!(ranks(&lpd, "lp"), [(1, "1st".to_string())]);
    assert!(lpd.status("lp").starts_with("Warning: lp is down"));
    assert_eq!(lpd.lpc("lp", "start"), "lp: printing enabled\n");
    wait_until("the job prints", || lpd.json("lp").jobs.is_empty());
    assert_eq!(
        std::fs::read_dir(lpd.spool().join("out-lp"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn disable_enable_up_and_down() {
    let lpd = TestLpd::with_config(TWO_QUEUES);
    assert_eq!(lpd.lpc("lp", "disable"), "lp: queueing disabled\n");
    let mut s = connect(lpd.addr());
    assert_eq!(start_receive(&mut s, "lp").unwrap_err().ack, Some(1));
    assert_eq!(lpd.lpc("lp", "enable"), "lp: queueing enabled\n");
    assert_eq!(
        lpd.lpc("lp", "down"),
        "lp: queueing disabled\nlp: printing disabled\n"
    );
    assert_eq!(
        lpd.lpc("lp", "up"),
        "lp: queueing enabled\nlp: printing enabled\n"
    );
}

#[test]
fn hold_release_and_topq_reorder_jobs() {
    let lpd = TestLpd::with_config(TWO_QUEUES);
    lpd.lpc("lp", "stop");
    for n in 1..=3 {
        lpd.submit("lp", &Job::text("alice", n, b"x")).unwrap();
    }
    assert_eq!(lpd.lpc("lp", "hold 2"), "lp: job 2 (alice) held\n");
    assert_eq!(
        ranks(&lpd, "lp"),
        [(1, "1st".into()), (2, "hold".into()), (3, "2nd".into())]
    );
    assert_eq!(
        lpd.lpc("lp", "topq 3"),
        "lp: job 3 (alice) moved to the top\n"
    );
    assert_eq!(
        ranks(&lpd, "lp"),
        [(3, "1st".into()), (1, "2nd".into()), (2, "hold".into())]
    );
    assert_eq!(lpd.lpc("lp", "release 2"), "lp: job 2 (alice) released\n");
    assert_eq!(lpd.lpc("lp", "hold 99"), "lp: no matching jobs\n");
    // Held jobs do not print; the rest do.
    lpd.lpc("lp", "hold 1");
    lpd.lpc("lp", "start");
    wait_until("the jobs that are not held print", || {
        ranks(&lpd, "lp") == [(1, "hold".to_string())]
    });
}

#[test]
fn queue_state_survives_a_restart() {
    let lpd = TestLpd::with_config(TWO_QUEUES);
    lpd.lpc("lp", "stop");
    lpd.submit("lp", &Job::text("alice", 10, b"a")).unwrap();
    lpd.submit("lp", &Job::text("bob", 10, b"b")).unwrap();
    lpd.submit("lp", &Job::text("carol", 20, b"c")).unwrap();
    lpd.lpc("lp", "hold 11");
    lpd.lpc("lp", "topq 20");
    lpd.lpc("lp", "disable");
    lpd.lpc("other", "redirect lp");
    let before = lpd.json("lp");
    let lpd = lpd.restart();
    let after = lpd.json("lp");
    assert_eq!(after.jobs, before.jobs);
    assert_eq!(
        ranks(&lpd, "lp"),
        [(20, "1st".into()), (10, "2nd".into()), (11, "hold".into())]
    );
    assert!(lpd.status("lp").contains("Warning: lp queue is turned off"));
    assert!(lpd.status("lp").contains("Warning: lp is down"));
    assert!(lpd.lpc("other", "status").contains("redirected to lp"));
    // Numbering continues: a new job 10 is renumbered past the last.
    lpd.lpc("lp", "enable");
    lpd.submit("lp", &Job::text("dave", 10, b"d")).unwrap();
    assert!(lpd.json("lp").jobs.iter().any(|j| j.job == Some(21)));
}

#[test]
fn redirect_and_move_send_jobs_to_another_queue() {
    let lpd = TestLpd::with_config(TWO_QUEUES);
    lpd.lpc("lp", "stop");
    lpd.lpc("other", "stop");
    lpd.submit("lp", &Job::text("alice", 1, b"a")).unwrap();
    lpd.submit("lp", &Job::text("bob", 2, b"b")).unwrap();
    assert_eq!(
        lpd.lpc("lp", "move 1 other"),
        "lp: job 1 moved to other as job 1\n"
    );
    assert_eq!(ranks(&lpd, "other"), [(1, "1st".into())]);
    assert_eq!(lpd.lpc("lp", "redirect other"), "lp: redirected to other\n");
    wait_until("redirected jobs move", || ranks(&lpd, "other").len() == 2);
    assert!(lpd.json("lp").jobs.is_empty());
    assert_eq!(ranks(&lpd, "other"), [(1, "1st".into()), (2, "2nd".into())]);
    assert_eq!(lpd.lpc("lp", "redirect off"), "lp: redirection off\n");
    assert!(lpd.lpc("lp", "redirect nosuch").contains("cannot redirect"));
    assert_eq!(
        std::fs::read(lpd.spool().join("queues/other/2/dfA002ws")).unwrap(),
        b"b"
    );
}

#[test]
fn status_abort_clean_and_all() {
    let lpd = TestLpd::with_config(TWO_QUEUES);
    let st = lpd.lpc("lp", "status");
    assert!(
        st.starts_with("lp: printing enabled, queueing enabled, 0 job(s) (0 failed, 0 held)\n"),
        "{st}"
    );
    assert!(st.contains("device 1: directory"), "{st}");
    std::fs::write(lpd.spool().join("queues/lp/junk"), b"x").unwrap();
    assert_eq!(
        lpd.lpc("lp", "clean"),
        "lp: cleaned, 1 stray file(s) removed\n"
    );
    assert!(
        lpd.lpc("lp", "abort")
            .starts_with("lp: printing disabled\nlp: printing aborted")
    );
    let all = lpd.lpc("all", "status");
    assert!(
        all.contains("lp: printing disabled") && all.contains("other: printing enabled"),
        "{all}"
    );
    assert!(lpd.lpc("lp", "frobnicate").contains("unknown operation"));
}

#[test]
fn control_from_a_host_that_is_not_admin_is_refused() {
    let lpd = TestLpd::with_config(TWO_QUEUES);
    let s = connect_from(lpd.addr(), SocketAddr::from(([127, 0, 0, 2], 0))).unwrap();
    let reply = request_on(s, b"\x06lp root stop\n");
    assert!(
        reply.starts_with("lpd: lp: permission denied: 127.0.0.2 may not admin"),
        "{reply}"
    );
    assert!(lpd.lpc("lp", "status").contains("printing enabled"));
}
