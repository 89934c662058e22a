//! The four tools against a real LPRng lpd (interoperability).

use crate::support::cmd::{self, Cmd};
use crate::support::peers::{self, LprngServer};
use std::time::Duration;

fn to(tool: &'static str, server: &LprngServer) -> Cmd {
    cmd::tool(tool)
        .arg("-P")
        .arg(server.target("lp").lprng())
        .args(["--reserved-port", "never", "--timeout", "10"])
}

/// The job number of `lpr --json` output.
fn job_number(json: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("lpr --json");
    v["job"].as_u64().expect("job number")
}

#[test]
fn lpr_lpq_lprm_work_with_lprng() {
    if !peers::require("lpr_lpq_lprm_work_with_lprng") {
        return;
    }
    let server = LprngServer::builder().held("lp").start();
    // Several files in one job.
    let c = to("lpr", &server);
    let a = c.file("a.txt", "first file\n");
    let b = c.file("b.txt", "second file\n");
    let run = c.args(["--json", "-J", "two-files"]).arg(&a).arg(&b).run();
    run.ok();
    let first = job_number(&run.out());
    let jobs = server.wait_for_jobs("lp", 1);
    assert_eq!(jobs[0].data_bytes(), b"first file\nsecond file\n");
    // Standard input.
    let run = to("lpr", &server).arg("--json").stdin("from stdin\n").run();
    run.ok();
    let second = job_number(&run.out());
    let jobs = server.wait_for_jobs("lp", 2);
    assert!(jobs.iter().any(|j| j.data_bytes() == b"from stdin\n"));

    // LPRng's short form is a one-line summary; its long form is the table.
    let short = to("lpq", &server).run();
    short.ok().out_has("2 jobs");
    eprintln!("--- lpq:\n{}", short.out());
    let long = to("lpq", &server).arg("-l").run();
    long.ok()
        .out_has(&first.to_string())
        .out_has(&second.to_string());
    eprintln!("--- lpq -l:\n{}", long.out());
    let json = to("lpq", &server).arg("--json").run();
    json.ok();
    let v: serde_json::Value = serde_json::from_str(json.out().trim()).unwrap();
    let numbers: Vec<u64> = v["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|j| j["job"].as_u64())
        .collect();
    assert_eq!(numbers, [first, second], "{v}");
    to("lpq", &server).arg("-q").run().code(0);

    // Remove our own first job.
    let rm = to("lprm", &server).arg(first.to_string()).run();
    eprintln!("--- lprm:\n{}{}", rm.out(), rm.err());
    rm.ok();
    let left = peers::wait_for(Duration::from_secs(10), || {
        let j = server.jobs("lp");
        (j.len() == 1).then_some(j)
    });
    assert!(left.is_some(), "job {first} was not removed");
    to("lprm", &server).arg(first.to_string()).run().code(1);
}

#[test]
fn lpc_controls_an_lprng_queue() {
    if !peers::require("lpc_controls_an_lprng_queue") {
        return;
    }
    let server = LprngServer::builder().held("lp").start();
    let target = server.target("lp").lprng();
    let lpc = |args: &[&str]| {
        let mut c = cmd::lpc().args(["--reserved-port", "never", "--timeout", "10"]);
        c = c.arg(args[0]).arg(&target).args(&args[1..]);
        c.run()
    };
    let status = lpc(&["status"]);
    eprintln!("--- status:\n{}{}", status.out(), status.err());
    status.ok().out_has("lp@");

    let disable = lpc(&["disable"]);
    eprintln!("--- disable:\n{}{}", disable.out(), disable.err());
    disable.ok();
    let c = to("lpr", &server);
    let f = c.file("a", "x\n");
    let refused = c.arg(&f).run();
    eprintln!("--- lpr to disabled:\n{}", refused.err());
    assert_ne!(refused.code, Some(0));
    lpc(&["enable"]).ok();
    let c = to("lpr", &server);
    let f = c.file("a", "x\n");
    let one = job_number(&c.arg("--json").arg(&f).run().out());
    let c = to("lpr", &server);
    let f = c.file("b", "y\n");
    let two = job_number(&c.arg("--json").arg(&f).run().out());
    server.wait_for_jobs("lp", 2);

    // LPRng answers which job it moved ("selected 'root@host+NNN'") and
    // restarts the queue's server, which may print the jobs at once, so
    // the answer is what tells.
    let topq = lpc(&["topq", &two.to_string()]);
    eprintln!("--- topq:\n{}{}", topq.out(), topq.err());
    topq.ok().out_has(&format!("+{two}'"));
    assert!(!topq.out().contains(&format!("+{one}'")), "{}", topq.out());

    let stop = lpc(&["stop"]);
    eprintln!("--- stop:\n{}{}", stop.out(), stop.err());
    stop.ok();
    let start = lpc(&["start"]);
    eprintln!("--- start:\n{}{}", start.out(), start.err());
    start.ok();
    let json = lpc(&["status"]);
    eprintln!("--- status after start:\n{}", json.out());
    let j = cmd::lpc()
        .args(["--reserved-port", "never", "--json", "status"])
        .arg(&target)
        .run();
    j.ok();
    let v: serde_json::Value = serde_json::from_str(j.out().trim()).unwrap();
    assert_eq!(v["control"], true, "{v}");
}
