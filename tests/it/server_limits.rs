//! lpd limits: each refusal is a negative acknowledgement (2 for limits)
//! and leaves nothing in the queue.

use crate::support::lpd::*;
use std::io::{Read, Write};

fn with_limits(limits: &str) -> TestLpd {
    let lpd = TestLpd::with_config(&format!("[limits]\nmin_free_disk = 0\n{limits}\n"));
    lpd.lpc("lp", "stop");
    lpd
}

#[test]
fn a_job_larger_than_max_job_size_is_refused_with_ack_2() {
    let lpd = with_limits("max_job_size = 100");
    let job = Job::build("alice", 1, "f", &[&[b'a'; 60], &[b'b'; 60]]);
    let err = send_job(lpd.addr(), "lp", &job, Order::ControlFirst).unwrap_err();
    assert_eq!(err.ack, Some(2));
    assert!(err.step.contains("dfB001ws"), "{err:?}");
    lpd.submit(
        "lp",
        &Job::build("alice", 2, "f", &[&[b'a'; 60], &[b'b'; 40]]),
    )
    .unwrap();
    assert_eq!(lpd.json("lp").jobs.len(), 1);
}

#[test]
fn count_zero_data_past_max_job_size_is_refused() {
    let lpd = with_limits("max_job_size = 1000");
    let mut s = connect(lpd.addr());
    start_receive(&mut s, "lp").unwrap();
    send_file(&mut s, true, "cfA001ws", b"Hws\nPu\nfdfA001ws\n").unwrap();
    s.write_all(b"\x030 dfA001ws\n").unwrap();
    let mut ack = [9u8];
    s.read_exact(&mut ack).unwrap();
    let _ = s.write_all(&[b'x'; 5000]);
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    assert_eq!(rest.first(), Some(&2));
    assert!(lpd.json("lp").jobs.is_empty());
}

#[test]
fn more_files_than_max_files_per_job_are_refused() {
    let lpd = with_limits("max_files_per_job = 2");
    let job = Job::build("alice", 1, "f", &[b"1", b"2", b"3"]);
    let err = send_job(lpd.addr(), "lp", &job, Order::DataFirst).unwrap_err();
    assert_eq!(err.ack, Some(2));
    assert!(err.step.contains("dfC001ws"), "{err:?}");
    // Control first: the control file itself names too many files.
    let err = send_job(lpd.addr(), "lp", &job, Order::ControlFirst).unwrap_err();
    assert_eq!(err.ack, Some(2));
    assert!(lpd.json("lp").jobs.is_empty());
}

#[test]
fn lines_longer_than_max_line_are_refused() {
    let lpd = with_limits("max_line = 100");
    // A command line.
    let mut long = vec![2u8];
    long.extend([b'q'; 150]);
    long.push(b'\n');
    let mut s = connect(lpd.addr());
    s.write_all(&long).unwrap();
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    assert_eq!(reply, [1]);
    // A subcommand line.
    let mut s = connect(lpd.addr());
    start_receive(&mut s, "lp").unwrap();
    let mut sub = b"\x0310 dfA001".to_vec();
    sub.extend([b'h'; 120]);
    sub.push(b'\n');
    s.write_all(&sub).unwrap();
    let mut ack = [9u8];
    s.read_exact(&mut ack).unwrap();
    assert_eq!(ack[0], 1);
    // A control-file line.
    let mut cf = b"Hws\nPalice\nJ".to_vec();
    cf.extend([b'j'; 120]);
    cf.push(b'\n');
    let mut s = connect(lpd.addr());
    start_receive(&mut s, "lp").unwrap();
    let err = send_file(&mut s, true, "cfA001ws", &cf).unwrap_err();
    assert_eq!(err.ack, Some(1));
    assert!(err.step.starts_with("contents"), "{err:?}");
}

#[test]
fn a_full_queue_refuses_with_ack_2() {
    let lpd = with_limits("max_jobs_per_queue = 2");
    lpd.submit("lp", &Job::text("a", 1, b"1")).unwrap();
    lpd.submit("lp", &Job::text("a", 2, b"2")).unwrap();
    let mut s = connect(lpd.addr());
    assert_eq!(start_receive(&mut s, "lp").unwrap_err().ack, Some(2));
    assert_eq!(lpd.json("lp").jobs.len(), 2);
}

#[test]
fn a_spool_below_the_free_disk_floor_refuses_with_ack_2() {
    let lpd = TestLpd::with_config("[limits]\nmin_free_disk = \"1000000 GiB\"\n");
    let mut s = connect(lpd.addr());
    assert_eq!(start_receive(&mut s, "lp").unwrap_err().ack, Some(2));
}

#[test]
fn connections_over_the_limit_are_closed() {
    let lpd = with_limits("max_connections = 1\nidle_timeout = \"5s\"");
    // An idle connection takes the only slot (the slot of the previous
    // request may still be in use for a moment: retry until it is ours).
    let mut refused = false;
    for _ in 0..100 {
        let held = connect(lpd.addr());
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut s = connect(lpd.addr());
        let _ = s.write_all(b"\x03lp\n");
        let mut reply = Vec::new();
        let r = s.read_to_end(&mut reply);
        drop(held);
        if r.is_err() || reply.is_empty() {
            refused = true;
            break;
        }
    }
    assert!(refused, "a second connection was served while one was held");
    wait_until("the slot is free again", || {
        lpd.status("lp").contains("no entries")
    });
}

#[test]
fn a_silent_client_is_closed_after_the_idle_timeout() {
    let lpd = with_limits("idle_timeout = \"200ms\"");
    let mut s = connect(lpd.addr());
    start_receive(&mut s, "lp").unwrap();
    let mut buf = Vec::new();
    // The server closes; read_to_end returns instead of hitting IO_TIMEOUT.
    let r = s.read_to_end(&mut buf);
    assert!(r.is_ok(), "{r:?}");
}
