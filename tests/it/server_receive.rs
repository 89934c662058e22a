//! lpd receiving jobs (command 02): both orders, several files, count 0,
//! several jobs per connection, abort, interrupted transfers, renumbering.

use crate::support::lpd::*;
use std::io::{Read, Write};
use std::net::Shutdown;

fn stopped() -> TestLpd {
    let lpd = TestLpd::start();
    assert!(lpd.lpc("lp", "stop").contains("printing disabled"));
    lpd
}

#[test]
fn control_first_job_is_printed_by_the_default_directory_device() {
    let lpd = TestLpd::start();
    let job = Job::build("alice", 1, "f", &[b"first file\n", b"second file\n"]);
    send_job(lpd.addr(), "lp", &job, Order::ControlFirst).unwrap();
    wait_until("both files are printed", || {
        lpd.printed_files("lp").len() == 2
    });
    let printed = lpd.printed_files("lp");
    assert_eq!(printed[0].0, "lp-001-1-file1.txt");
    assert_eq!(printed[0].1, b"first file\n");
    assert_eq!(printed[1].0, "lp-001-2-file2.txt");
    assert_eq!(printed[1].1, b"second file\n");
    wait_until("the printed job leaves the queue", || {
        spool_jobs(lpd.spool(), "lp").is_empty()
    });
}

#[test]
fn data_first_job_with_several_files_is_queued_intact() {
    let lpd = stopped();
    let job = Job::build("bob", 42, "l", &[b"aaaa", b"bbbbbbbb", b"c"]);
    send_job(lpd.addr(), "lp", &job, Order::DataFirst).unwrap();
    let st = lpd.json("lp");
    assert_eq!(st.jobs.len(), 1);
    let j = &st.jobs[0];
    assert_eq!(j.job, Some(42));
    assert_eq!(j.owner.as_deref(), Some("bob"));
    assert_eq!(j.size, Some(13));
    assert_eq!(j.files, ["file1.txt", "file2.txt", "file3.txt"]);
    let jobs = spool_jobs(lpd.spool(), "lp");
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].1, job.control);
    let dir = lpd.spool().join("queues/lp/42");
    assert_eq!(std::fs::read(dir.join("dfB042ws")).unwrap(), b"bbbbbbbb");
}

#[test]
fn count_zero_data_file_runs_until_the_client_closes() {
    let lpd = stopped();
    let mut s = connect(lpd.addr());
    start_receive(&mut s, "lp").unwrap();
    let cf = b"Hws\nPcarol\nldfA007ws\nNstream\n";
    send_file(&mut s, true, "cfA007ws", cf).unwrap();
    s.write_all(b"\x030 dfA007ws\n").unwrap();
    let mut ack = [9u8];
    s.read_exact(&mut ack).unwrap();
    assert_eq!(ack[0], 0);
    let data = vec![b'z'; 300_000];
    s.write_all(&data).unwrap();
    s.shutdown(Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    assert_eq!(rest, [0], "final ack after the client closed its side");
    let st = lpd.json("lp");
    assert_eq!(st.jobs[0].size, Some(300_000));
    let stored = std::fs::read(lpd.spool().join("queues/lp/7/dfA007ws")).unwrap();
    assert_eq!(stored, data);
}

#[test]
fn several_jobs_in_one_connection_are_all_queued() {
    let lpd = stopped();
    let mut s = connect(lpd.addr());
    start_receive(&mut s, "lp").unwrap();
    send_files(&mut s, &Job::text("alice", 1, b"one"), Order::ControlFirst).unwrap();
    send_files(&mut s, &Job::text("alice", 2, b"two"), Order::DataFirst).unwrap();
    send_files(&mut s, &Job::text("bob", 3, b"three"), Order::ControlFirst).unwrap();
    drop(s);
    let st = lpd.json("lp");
    let numbers: Vec<u32> = st.jobs.iter().filter_map(|j| j.job).collect();
    assert_eq!(numbers, [1, 2, 3]);
}

#[test]
fn abort_subcommand_discards_what_was_not_committed() {
    let lpd = stopped();
    let mut s = connect(lpd.addr());
    start_receive(&mut s, "lp").unwrap();
    // A complete job first: it stays.
    send_files(&mut s, &Job::text("alice", 1, b"kept"), Order::ControlFirst).unwrap();
    // Then half a job, and abort.
    send_file(&mut s, false, "dfA002ws", b"orphan").unwrap();
    s.write_all(b"\x01\n").unwrap();
    send_file(&mut s, true, "cfA002ws", b"Hws\nPalice\nfdfA002ws\n").unwrap();
    drop(s);
    wait_until("the connection is finished", || {
        std::fs::read_dir(lpd.spool().join("incoming"))
            .map(|d| d.count() == 0)
            .unwrap_or(false)
    });
    let st = lpd.json("lp");
    assert_eq!(st.jobs.len(), 1);
    assert_eq!(st.jobs[0].job, Some(1));
}

#[test]
fn interrupted_transfer_leaves_nothing_visible() {
    let lpd = stopped();
    let mut s = connect(lpd.addr());
    start_receive(&mut s, "lp").unwrap();
    send_file(&mut s, true, "cfA003ws", b"Hws\nPalice\nfdfA003ws\n").unwrap();
    s.write_all(b"\x031000 dfA003ws\n").unwrap();
    let mut ack = [9u8];
    s.read_exact(&mut ack).unwrap();
    s.write_all(&[b'x'; 400]).unwrap();
    drop(s);
    wait_until("the incoming files are removed", || {
        std::fs::read_dir(lpd.spool().join("incoming"))
            .map(|d| d.count() == 0)
            .unwrap_or(false)
    });
    assert!(lpd.status("lp").contains("no entries"));
    assert!(spool_jobs(lpd.spool(), "lp").is_empty());
}

#[test]
fn a_job_number_in_use_is_renumbered_and_both_jobs_are_kept() {
    let lpd = stopped();
    lpd.submit("lp", &Job::text("alice", 5, b"first")).unwrap();
    lpd.submit("lp", &Job::text("bob", 5, b"second")).unwrap();
    let st = lpd.json("lp");
    let got: Vec<(u32, String)> = st
        .jobs
        .iter()
        .map(|j| (j.job.unwrap(), j.owner.clone().unwrap()))
        .collect();
    assert_eq!(got, [(5, "alice".into()), (6, "bob".into())]);
    let spool: Vec<u32> = spool_jobs(lpd.spool(), "lp").iter().map(|j| j.0).collect();
    assert_eq!(spool, [5, 6]);
    assert_eq!(
        std::fs::read(lpd.spool().join("queues/lp/6/dfA005ws")).unwrap(),
        b"second"
    );
}

#[test]
fn data_files_no_control_file_names_are_dropped() {
    let lpd = stopped();
    let mut s = connect(lpd.addr());
    start_receive(&mut s, "lp").unwrap();
    send_file(&mut s, false, "dfZ009ws", b"stray").unwrap();
    send_files(&mut s, &Job::text("alice", 9, b"real"), Order::DataFirst).unwrap();
    drop(s);
    let dir = lpd.spool().join("queues/lp/9");
    wait_until("the job is queued", || dir.join("control").exists());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["control", "dfA009ws", "job.json"]);
}

#[test]
fn unknown_and_disabled_queues_refuse_jobs() {
    let lpd = TestLpd::start();
    let mut s = connect(lpd.addr());
    assert_eq!(start_receive(&mut s, "nosuch").unwrap_err().ack, Some(1));
    assert!(lpd.lpc("lp", "disable").contains("queueing disabled"));
    let mut s = connect(lpd.addr());
    assert_eq!(start_receive(&mut s, "lp").unwrap_err().ack, Some(1));
    assert!(lpd.status("lp").contains("Warning: lp queue is turned off"));
    lpd.lpc("lp", "enable");
    lpd.submit("lp", &Job::text("alice", 1, b"x")).unwrap();
}

#[test]
fn hostile_file_names_are_refused() {
    let lpd = stopped();
    for bad in [
        &b"\x035 dfA001../../etc/passwd\n"[..],
        b"\x035 /etc/passwd\n",
        b"\x025 cfA001a/b\n",
    ] {
        let mut s = connect(lpd.addr());
        start_receive(&mut s, "lp").unwrap();
        s.write_all(bad).unwrap();
        let mut ack = [9u8];
        s.read_exact(&mut ack).unwrap();
        assert_eq!(ack[0], 1, "{bad:?}");
    }
    // A control file that names a file outside the job is refused too.
    let mut s = connect(lpd.addr());
    start_receive(&mut s, "lp").unwrap();
    let r = send_file(
        &mut s,
        true,
        "cfA001ws",
        b"Hws\nPalice\nU../../etc/passwd\n",
    );
    assert_eq!(r.unwrap_err().ack, Some(1));
    assert!(lpd.status("lp").contains("no entries"));
}
