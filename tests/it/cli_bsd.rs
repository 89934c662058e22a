//! The tools against a real BSD lpd (RFC 1179 only: no command 06).

use crate::support::cmd::{self, Cmd};
use crate::support::peers::{self, BsdServer};
use std::time::Duration;

fn to(tool: &'static str, server: &BsdServer) -> Cmd {
    let t = server.target("lp");
    cmd::tool(tool)
        .arg("-P")
        .arg(format!("lp@{}:{}", t.host, t.port))
        .args(["--reserved-port", "never", "--timeout", "10"])
}

#[test]
fn lpr_lpq_lprm_and_lpc_work_with_bsd_lpd() {
    if !peers::require("lpr_lpq_lprm_and_lpc_work_with_bsd_lpd") {
        return;
    }
    let server = BsdServer::builder().held("lp").start();
    let c = to("lpr", &server);
    let a = c.file("a.txt", "alpha\n");
    let b = c.file("b.txt", "beta\n");
    let run = c.args(["--json", "-J", "pair"]).arg(&a).arg(&b).run();
    run.ok();
    let v: serde_json::Value = serde_json::from_str(run.out().trim()).unwrap();
    let job = v["job"].as_u64().unwrap();
    let jobs = server.wait_for_jobs("lp", 1);
    assert_eq!(jobs[0].data_bytes(), b"alpha\nbeta\n");

    let short = to("lpq", &server).run();
    eprintln!("--- lpq:\n{}{}", short.out(), short.err());
    short.ok().out_has(&job.to_string());
    let long = to("lpq", &server).arg("-l").run();
    eprintln!("--- lpq -l:\n{}", long.out());
    long.ok();
    let json = to("lpq", &server).arg("--json").run();
    json.ok();
    let v: serde_json::Value = serde_json::from_str(json.out().trim()).unwrap();
    let numbers: Vec<u64> = v["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|j| j["job"].as_u64())
        .collect();
    assert_eq!(numbers, [job], "{v}");

    let stop = to("lpc", &server).arg("stop").run();
    eprintln!("--- lpc stop:\n{}{}", stop.out(), stop.err());
    stop.code(69).err_has("speaks only RFC 1179");
    let status = to("lpc", &server).arg("status").run();
    eprintln!("--- lpc status:\n{}{}", status.out(), status.err());
    status.ok().out_has(&job.to_string());

    // With its printer offline, BSD lpd first waits for the printer
    // process it signals (about 10 to 15 s here), then answers with the
    // files it removed: hence the long time-out.
    let rm = cmd::lprm()
        .arg("-P")
        .arg(format!("lp@127.0.0.1:{}", server.port()))
        .args(["--reserved-port", "never", "--timeout", "40"])
        .arg(job.to_string())
        .run();
    rm.ok().out_has("dequeued");
    let gone = peers::wait_for(Duration::from_secs(10), || {
        server.jobs("lp").is_empty().then_some(())
    });
    assert!(gone.is_some(), "job {job} was not removed");
    to("lpq", &server).arg("-q").run().code(1);
}
