//! Crash recovery of the real `lpd` binary: SIGKILL in the middle of a
//! transfer leaves nothing; SIGKILL right after the final acknowledgement
//! loses nothing.

use crate::support::lpd::*;
use std::io::{Read, Write};

fn stop_queue(lpd: &ChildLpd) {
    let reply = request(lpd.addr(), b"\x06lp root stop\n");
    assert_eq!(reply, "lp: printing disabled\n");
}

fn json(lpd: &ChildLpd) -> lpkit::proto::lpq::QueueStatus {
    serde_json::from_str(&request(lpd.addr(), b"\x03lp --lpkit-json\n")).unwrap()
}

fn incoming_is_empty(spool: &std::path::Path) -> bool {
    std::fs::read_dir(spool.join("incoming")).is_ok_and(|d| d.count() == 0)
}

#[test]
fn sigkill_mid_transfer_leaves_no_job_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let spool = dir.path().join("spool");
    let cf = b"Hws\nPalice\nfdfA001ws\n";
    // Cut points: after the control file, in the data, before the zero octet.
    for cut in [0usize, 500, 1000] {
        let lpd = ChildLpd::spawn(&spool, None);
        stop_queue(&lpd);
        let mut s = connect(lpd.addr());
        start_receive(&mut s, "lp").unwrap();
        send_file(&mut s, true, "cfA001ws", cf).unwrap();
        if cut > 0 {
            s.write_all(b"\x031000 dfA001ws\n").unwrap();
            let mut ack = [9u8];
            s.read_exact(&mut ack).unwrap();
            s.write_all(&vec![b'd'; cut]).unwrap();
        }
        s.flush().unwrap();
        // Make sure the server has read what was sent before killing it.
        std::thread::sleep(std::time::Duration::from_millis(100));
        lpd.kill();
        let lpd = ChildLpd::spawn(&spool, None);
        assert!(
            json(&lpd).jobs.is_empty(),
            "cut {cut}: a partial job is visible"
        );
        assert!(spool_jobs(&spool, "lp").is_empty(), "cut {cut}");
        assert!(incoming_is_empty(&spool), "cut {cut}: incoming not cleaned");
        lpd.kill();
    }
}

#[test]
fn sigkill_right_after_the_final_ack_keeps_the_job_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let spool = dir.path().join("spool");
    let lpd = ChildLpd::spawn(&spool, None);
    stop_queue(&lpd);
    let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let job = Job::build("alice", 77, "l", &[&data, b"second"]);
    send_job(lpd.addr(), "lp", &job, Order::DataFirst).unwrap();
    lpd.kill();
    let lpd = ChildLpd::spawn(&spool, None);
    let st = json(&lpd);
    assert_eq!(st.jobs.len(), 1, "{st:?}");
    assert_eq!(st.jobs[0].job, Some(77));
    assert_eq!(st.jobs[0].size, Some(data.len() as u64 + 6));
    let jobs = spool_jobs(&spool, "lp");
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].1, job.control);
    let dir = spool.join("queues/lp/77");
    assert_eq!(std::fs::read(dir.join("dfA077ws")).unwrap(), data);
    assert_eq!(std::fs::read(dir.join("dfB077ws")).unwrap(), b"second");
    // The queue was stopped before the crash and still is.
    assert!(request(lpd.addr(), b"\x03lp\n").starts_with("Warning: lp is down"));
    // Printing it now works and leaves the queue empty.
    assert_eq!(
        request(lpd.addr(), b"\x06lp root start\n"),
        "lp: printing enabled\n"
    );
    wait_until("the recovered job prints", || json(&lpd).jobs.is_empty());
    let printed = std::fs::read_dir(spool.join("printed/lp")).unwrap().count();
    assert_eq!(printed, 2);
    lpd.kill();
}
