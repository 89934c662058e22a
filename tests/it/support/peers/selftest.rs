//! The harness tests itself: each daemon starts, accepts a job from a peer
//! client, shows it in its spool and listing, and dies with its handle.

use super::{BsdServer, Client, LprngServer, Tool, raw_request, require};
use std::fs;
use std::net::TcpStream;

fn input(name: &str, data: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), data).unwrap();
    dir
}

#[test]
fn lprng_server_spools_a_held_job_and_dies_on_drop() {
    if !require("lprng_server_spools_a_held_job_and_dies_on_drop") {
        return;
    }
    let lpd = LprngServer::builder().held("lp").start();
    let addr = lpd.addr();
    let dir = input("a.txt", b"alpha\n");
    Client::new(Tool::LprngLpr, &lpd.target("lp"))
        .arg("a.txt")
        .cwd(dir.path())
        .run()
        .assert_success();
    let jobs = lpd.wait_for_jobs("lp", 1);
    assert_eq!(jobs[0].data_bytes(), b"alpha\n");
    assert_eq!(jobs[0].lprng_fields().get("N").map(String::as_str), None);
    let listing = String::from_utf8(raw_request(addr, b"\x04lp\n")).unwrap();
    assert!(listing.contains("a.txt"), "{listing}\n{}", lpd.log());
    drop(lpd);
    assert!(
        TcpStream::connect(addr).is_err(),
        "LPRng still listens on {addr}"
    );
}

#[test]
fn lprng_printing_queue_writes_the_data_to_its_output_file() {
    if !require("lprng_printing_queue_writes_the_data_to_its_output_file") {
        return;
    }
    let lpd = LprngServer::builder().printing("raw").start();
    let dir = input("b.txt", b"bravo\n");
    Client::new(Tool::LprngLpr, &lpd.target("raw"))
        .args(["-l", "b.txt"])
        .cwd(dir.path())
        .run()
        .assert_success();
    assert_eq!(lpd.wait_for_output("raw", 6), b"bravo\n");
}

#[test]
fn bsd_server_spools_a_held_job_and_dies_on_drop() {
    if !require("bsd_server_spools_a_held_job_and_dies_on_drop") {
        return;
    }
    let lpd = BsdServer::builder().held("lp").start();
    let addr = lpd.addr();
    let dir = input("c.txt", b"charlie\n");
    Client::new(Tool::Rlpr, &lpd.target("lp"))
        .arg("c.txt")
        .cwd(dir.path())
        .run()
        .assert_success();
    let jobs = lpd.wait_for_jobs("lp", 1);
    assert_eq!(jobs[0].data_bytes(), b"charlie\n");
    let listing = String::from_utf8(raw_request(addr, b"\x03lp\n")).unwrap();
    assert!(listing.contains("c.txt"), "{listing}\n{}", lpd.log());
    drop(lpd);
    assert!(
        TcpStream::connect(addr).is_err(),
        "BSD lpd still listens on {addr}"
    );
}

#[test]
fn bsd_printing_queue_writes_the_data_to_its_output_file() {
    if !require("bsd_printing_queue_writes_the_data_to_its_output_file") {
        return;
    }
    let lpd = BsdServer::builder().printing("raw").start();
    let dir = input("d.txt", b"delta\n");
    Client::new(Tool::BsdLpr, &lpd.target("raw"))
        .args(["-l", "d.txt"])
        .cwd(dir.path())
        .run()
        .assert_success();
    assert_eq!(lpd.wait_for_output("raw", 6), b"delta\n");
}

#[test]
fn bsd_lpq_and_lprng_lpq_reach_a_bsd_server() {
    if !require("bsd_lpq_and_lprng_lpq_reach_a_bsd_server") {
        return;
    }
    let lpd = BsdServer::builder().held("lp").start();
    let bsd = Client::new(Tool::BsdLpq, &lpd.target("lp")).run();
    assert!(bsd.stdout_text().contains("no entries"), "{bsd}");
    let lprng = Client::new(Tool::LprngLpq, &lpd.target("lp")).run();
    assert!(lprng.stdout_text().contains("no entries"), "{lprng}");
}
