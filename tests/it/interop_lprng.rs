//! lpkit against a real LPRng lpd.

use crate::support::peers::{self, Client, LprngServer, Tool};
use lpkit::proto::lpq::{self, Dialect};
use std::fs;

/// The harness end to end: a held LPRng queue accepts a job from LPRng's
/// own lpr; a raw `\x04` request returns a listing the parser understands.
#[test]
fn lprng_lpr_job_shows_in_a_raw_long_listing() {
    if !peers::require("lprng_lpr_job_shows_in_a_raw_long_listing") {
        return;
    }
    let lpd = LprngServer::builder().held("lp").start();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("report.txt"), b"hello from lpkit\n").unwrap();
    Client::new(Tool::LprngLpr, &lpd.target("lp"))
        .args(["-J", "quarterly", "report.txt"])
        .cwd(dir.path())
        .run()
        .assert_success();
    let jobs = lpd.wait_for_jobs("lp", 1);
    assert_eq!(jobs[0].data_bytes(), b"hello from lpkit\n");

    let text = peers::raw_request(lpd.addr(), b"\x04lp\n");
    let status = lpq::parse(&text);
    assert_eq!(
        status.dialect,
        Dialect::Lprng,
        "{}",
        String::from_utf8_lossy(&text)
    );
    assert_eq!(status.queue.as_deref(), Some("lp"));
    assert_eq!(status.jobs.len(), 1, "{status:#?}");
    let job = &status.jobs[0];
    assert_eq!(job.owner.as_deref(), Some("root"));
    // LPRng's Files column shows the job name (-J).
    assert_eq!(job.files, vec!["quarterly".to_string()]);
    assert_eq!(job.size, Some(17));
    assert_eq!(job.job, Some(spooled_job_number(&jobs[0])));
    assert!(status.unparsed.is_empty(), "{status:#?}");

    let short = lpq::parse(&peers::raw_request(lpd.addr(), b"\x03lp\n"));
    assert_eq!(short.dialect, Dialect::Lprng);
    assert_eq!(short.status, ["1 job (printing disabled)"]);
}

/// The job number LPRng gave the job, from its hold file.
fn spooled_job_number(job: &peers::SpooledJob) -> u32 {
    job.lprng_fields()["number"].parse().unwrap()
}
