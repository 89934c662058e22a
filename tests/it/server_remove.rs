//! lpd remove (05): users remove their own jobs (same user, same address);
//! administrators remove any by number, and root on an admin host by user.

use crate::support::lpd::*;
use std::net::SocketAddr;

/// Admin is 127.0.0.1 only, so 127.0.0.2 is an ordinary host.
fn server() -> TestLpd {
    let lpd = TestLpd::with_config("[access]\nadmin = [\"127.0.0.1\"]\n");
    lpd.lpc("lp", "stop");
    lpd
}

fn other_host(lpd: &TestLpd) -> std::net::TcpStream {
    connect_from(lpd.addr(), SocketAddr::from(([127, 0, 0, 2], 0))).expect("bind 127.0.0.2")
}

fn submit_from_other_host(lpd: &TestLpd, job: &Job) {
    let mut s = other_host(lpd);
    start_receive(&mut s, "lp").unwrap();
    send_files(&mut s, job, Order::ControlFirst).unwrap();
}

fn numbers(lpd: &TestLpd) -> Vec<u32> {
    lpd.json("lp").jobs.iter().filter_map(|j| j.job).collect()
}

#[test]
fn a_user_removes_their_own_job_and_gets_bsd_replies() {
    let lpd = server();
    submit_from_other_host(&lpd, &Job::build("bob", 7, "f", &[b"1", b"2"]));
    let reply = request_on(other_host(&lpd), b"\x05lp bob 7\n");
    assert_eq!(
        reply,
        "dfA007ws dequeued\ndfB007ws dequeued\ncfA007ws dequeued\n"
    );
    assert!(numbers(&lpd).is_empty());
    assert!(spool_jobs(lpd.spool(), "lp").is_empty());
}

#[test]
fn the_same_user_name_from_another_address_is_refused() {
    let lpd = server();
    // Submitted by "bob" from 127.0.0.1 ...
    lpd.submit("lp", &Job::text("bob", 3, b"x")).unwrap();
    // ... removed by "bob" from 127.0.0.2: not the same host.
    let reply = request_on(other_host(&lpd), b"\x05lp bob 3\n");
    assert!(reply.contains("Permission denied"), "{reply}");
    assert_eq!(numbers(&lpd), [3]);
    // Another user on the right host is refused too.
    let mut s = other_host(&lpd);
    start_receive(&mut s, "lp").unwrap();
    send_files(&mut s, &Job::text("bob", 4, b"y"), Order::ControlFirst).unwrap();
    let reply = request_on(other_host(&lpd), b"\x05lp mallory 4\n");
    assert!(reply.contains("Permission denied"), "{reply}");
    assert_eq!(numbers(&lpd), [3, 4]);
}

#[test]
fn user_name_lists_remove_only_the_agents_jobs() {
    let lpd = server();
    submit_from_other_host(&lpd, &Job::text("bob", 1, b"x"));
    submit_from_other_host(&lpd, &Job::text("carol", 2, b"x"));
    submit_from_other_host(&lpd, &Job::text("bob", 3, b"x"));
    let reply = request_on(other_host(&lpd), b"\x05lp bob bob carol\n");
    assert_eq!(reply.matches("cfA").count(), 2, "{reply}");
    assert_eq!(numbers(&lpd), [2]);
}

#[test]
fn an_admin_removes_any_job_by_number_but_only_root_by_user_name() {
    let lpd = server();
    submit_from_other_host(&lpd, &Job::text("bob", 1, b"x"));
    submit_from_other_host(&lpd, &Job::text("bob", 2, b"x"));
    submit_from_other_host(&lpd, &Job::text("dave", 3, b"x"));
    // From the admin host, any agent may remove by number.
    let reply = lpd.request(b"\x05lp operator 1\n");
    assert_eq!(reply, "dfA001ws dequeued\ncfA001ws dequeued\n");
    // By user name, a non-root admin removes nothing of bob's.
    assert_eq!(lpd.request(b"\x05lp operator bob\n"), "");
    assert_eq!(numbers(&lpd), [2, 3]);
    // root on the admin host removes by user name.
    let reply = lpd.request(b"\x05lp root bob\n");
    assert_eq!(reply, "dfA002ws dequeued\ncfA002ws dequeued\n");
    // and "-all" removes everything.
    let reply = lpd.request(b"\x05lp root -all\n");
    assert_eq!(reply, "dfA003ws dequeued\ncfA003ws dequeued\n");
    assert!(numbers(&lpd).is_empty());
}

#[test]
fn root_from_a_non_admin_host_has_no_special_rights() {
    let lpd = server();
    lpd.submit("lp", &Job::text("bob", 1, b"x")).unwrap();
    let reply = request_on(other_host(&lpd), b"\x05lp root 1\n");
    assert!(reply.contains("Permission denied"), "{reply}");
    assert_eq!(request_on(other_host(&lpd), b"\x05lp root -all\n"), "");
    assert_eq!(numbers(&lpd), [1]);
}

#[test]
fn an_empty_list_removes_the_first_job_if_it_is_the_agents() {
    let lpd = server();
    submit_from_other_host(&lpd, &Job::text("bob", 1, b"x"));
    submit_from_other_host(&lpd, &Job::text("bob", 2, b"x"));
    let reply = request_on(other_host(&lpd), b"\x05lp bob\n");
    assert_eq!(reply, "dfA001ws dequeued\ncfA001ws dequeued\n");
    assert_eq!(numbers(&lpd), [2]);
}

#[test]
fn removal_is_recorded_in_accounting() {
    let dir = tempfile::tempdir().unwrap();
    let acct = dir.path().join("acct.jsonl");
    let lpd = TestLpd::with_config(&format!("[server]\naccounting = \"{}\"\n", acct.display()));
    lpd.lpc("lp", "stop");
    lpd.submit("lp", &Job::text("alice", 5, b"abc")).unwrap();
    lpd.request(b"\x05lp alice 5\n");
    let text = std::fs::read_to_string(&acct).unwrap();
    let rec: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(rec["outcome"], "removed");
    assert_eq!(rec["job"], 5);
    assert_eq!(rec["user"], "alice");
    assert_eq!(rec["bytes"], 3);
}
