//! Queue listings of real servers, and what `lpkit::proto::lpq::parse`
//! makes of them.
//!
//! `tests/fixtures/lpq/<dialect>/NAME.txt` is a listing exactly as a server
//! sent it; `NAME.json` next to it is the expected [`QueueStatus`]. The
//! `bsd` and `lprng` listings were captured from the real daemons by
//! `cargo test --test it regenerate_lpq_captures -- --ignored`; the `cups`,
//! `windows` and `lpkit` ones are built from those servers' documented
//! formats (`tests/fixtures/lpq/README.md` says from what). After changing the parser,
//! `cargo test --test it bless_lpq_expectations -- --ignored` rewrites the
//! JSON files from the parser's output, for review in the diff.

use crate::support::peers::{self, BsdServer, Client, LprngServer, Tool, raw_request, raw_submit};
use lpkit::proto::lpq::{self, QueueStatus};
use lpkit::proto::{HostName, JobNumber, JobSpec, SpecFile, Text, UserName};
use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

fn lpq_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lpq")
}

/// Every `(dialect/NAME, listing path, expectation path)`.
fn fixtures() -> Vec<(String, PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for d in fs::read_dir(lpq_dir()).expect("tests/fixtures/lpq exists") {
        let d = d.unwrap().path();
        if !d.is_dir() {
            continue;
        }
        for f in fs::read_dir(&d).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "txt") {
                let rel = f
                    .strip_prefix(lpq_dir())
                    .unwrap()
                    .with_extension("")
                    .display()
                    .to_string();
                out.push((rel, f.clone(), f.with_extension("json")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_listing_parses_to_its_expectation() {
    let all = fixtures();
    assert!(all.len() >= 40, "only {} lpq fixtures found", all.len());
    let mut failures = Vec::new();
    for (name, txt, json) in &all {
        let text = fs::read(txt).unwrap();
        let got = lpq::parse(&text);
        let want: QueueStatus = match fs::read_to_string(json) {
            Ok(j) => serde_json::from_str(&j).unwrap_or_else(|e| panic!("{name}.json: {e}")),
            Err(e) => panic!("{}: {e} (run bless_lpq_expectations)", json.display()),
        };
        if got != want {
            failures.push(format!(
                "{name}:\n--- want ---\n{}\n--- got ---\n{}",
                serde_json::to_string_pretty(&want).unwrap(),
                serde_json::to_string_pretty(&got).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_listing_is_recognised_and_unparsed_lines_are_verbatim() {
    for (name, txt, _) in fixtures() {
        let text = fs::read(&txt).unwrap();
        let st = lpq::parse(&text);
        // Every fixture comes from a known server: detection must name it.
        let dialect = serde_json::to_value(st.dialect).unwrap();
        assert_eq!(
            Some(dialect.as_str().unwrap()),
            name.split('/').next(),
            "{name}: wrong dialect"
        );
        let text = String::from_utf8_lossy(&text);
        let lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        for u in &st.unparsed {
            assert!(
                lines.contains(&u.as_str()),
                "{name}: unparsed {u:?} is not an input line"
            );
        }
    }
}

/// Rewrites every `NAME.json` from the parser's output (review the diff).
#[test]
#[ignore = "rewrites tests/fixtures/lpq/**/*.json from the parser; run by hand"]
fn bless_lpq_expectations() {
    for (_, txt, json) in fixtures() {
        let st = lpq::parse(&fs::read(&txt).unwrap());
        let mut s = serde_json::to_string_pretty(&st).unwrap();
        s.push('\n');
        fs::write(json, s).unwrap();
    }
}

// ---------------------------------------------------------------------------
// Capturing the real listings (needs the peers; run by hand).
// ---------------------------------------------------------------------------

const HOST: &str = "client.example.org";

/// A job to queue: user, job number, job name, files (name, contents).
type Job = (
    &'static str,
    u32,
    &'static str,
    Vec<(&'static str, Vec<u8>)>,
);

/// The jobs every capture queues.
fn jobs() -> Vec<Job> {
    vec![
        // Larger than a pipe buffer: it stays active on a busy queue.
        (
            "alice",
            101,
            "report.ps",
            vec![("report.ps", vec![b'a'; 100_000])],
        ),
        (
            "bob",
            102,
            "chapters",
            vec![
                ("chapter1.txt", vec![b'b'; 500]),
                ("chapter2.txt", vec![b'c'; 700]),
            ],
        ),
        (
            "carol",
            103,
            "a-very-long-file-name-that-does-not-fit-the-columns-of-lpq.txt",
            vec![(
                "a-very-long-file-name-that-does-not-fit-the-columns-of-lpq.txt",
                vec![b'd'; 300],
            )],
        ),
        (
            "alice",
            104,
            "notes.txt",
            vec![("notes.txt", vec![b'e'; 10])],
        ),
    ]
}

fn submit(
    addr: SocketAddr,
    queue: &str,
    user: &str,
    number: u32,
    name: &str,
    files: &[(&str, Vec<u8>)],
) {
    let mut spec = JobSpec::new(
        HostName::new(HOST).unwrap(),
        UserName::new(user).unwrap(),
        JobNumber::new(number).unwrap(),
    );
    spec.job_name = Some(Text::new(name).unwrap());
    spec.class = Some(Text::new(HOST).unwrap());
    spec.banner = Some(Text::new(user).unwrap());
    for (n, _) in files {
        spec.files.push(SpecFile {
            source_name: Text::new(*n).unwrap(),
        });
    }
    let data: Vec<&[u8]> = files.iter().map(|(_, d)| d.as_slice()).collect();
    raw_submit(addr, queue, &spec, &data)
        .unwrap_or_else(|e| panic!("submit job {number} of {user} to {queue}: {e}"));
}

/// The listings to capture: (fixture name, request).
fn requests(busy_job: u32) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = vec![
        ("several_jobs_short".into(), b"\x03lp\n".to_vec()),
        ("several_jobs_long".into(), b"\x04lp\n".to_vec()),
        ("user_filter_short".into(), b"\x03lp alice\n".to_vec()),
        ("user_filter_long".into(), b"\x04lp alice\n".to_vec()),
        ("job_filter_long".into(), b"\x04lp 102\n".to_vec()),
        ("job_filter_short".into(), b"\x03lp 103\n".to_vec()),
        ("no_match_short".into(), b"\x03lp nobody\n".to_vec()),
        ("held_short".into(), b"\x03held\n".to_vec()),
        ("held_long".into(), b"\x04held\n".to_vec()),
        ("empty_short".into(), b"\x03empty\n".to_vec()),
        ("empty_long".into(), b"\x04empty\n".to_vec()),
        ("unknown_queue_short".into(), b"\x03nosuch\n".to_vec()),
        ("unknown_queue_long".into(), b"\x04nosuch\n".to_vec()),
    ];
    v.push((
        "active_job_filter_short".into(),
        format!("\x03lp {busy_job}\n").into_bytes(),
    ));
    v
}

fn write_listing(dialect: &str, name: &str, text: &[u8]) {
    let dir = lpq_dir().join(dialect);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(format!("{name}.txt")), text).unwrap();
}

/// Queues the same jobs on a real LPRng and a real BSD lpd, and records
/// what each answers to a set of `\x03`/`\x04` requests.
#[test]
#[ignore = "regenerates tests/fixtures/lpq/{bsd,lprng} from the real daemons; run by hand"]
fn regenerate_lpq_captures() {
    if !peers::require("regenerate_lpq_captures") {
        return;
    }
    // LPRng: "lp" is busy (its first job prints forever), "held" holds
    // its jobs, one of them with `lpc hold`, "off" is disabled and stopped.
    let lprng = LprngServer::builder()
        .busy("lp")
        .held("held")
        .held("empty")
        .held("off")
        .start();
    capture_server(
        "lprng",
        lprng.addr(),
        &|| lprng.log(),
        &|verb, queue, ops| {
            let mut args = vec![verb.to_string()];
            args.extend(ops.iter().map(|s| s.to_string()));
            Client::new(Tool::LprngLpc, &lprng.target(queue))
                .args(args)
                .run()
                .assert_success();
        },
    );
    let bsd = BsdServer::builder()
        .busy("lp")
        .held("held")
        .held("empty")
        .start();
    capture_server("bsd", bsd.addr(), &|| bsd.log(), &|_, _, _| {});
}

fn capture_server(
    dialect: &str,
    addr: SocketAddr,
    log: &dyn Fn() -> String,
    lpc: &dyn Fn(&str, &str, &[&str]),
) {
    let mut jobs = jobs().into_iter();
    let (user, number, name, files) = jobs.next().unwrap();
    submit(addr, "lp", user, number, name, &files);
    // Wait until the first job of the busy queue is active, so that the
    // order of the others does not depend on timing.
    let active = peers::wait_for(std::time::Duration::from_secs(30), || {
        let t = raw_request(addr, b"\x04lp\n");
        String::from_utf8_lossy(&t).contains("active").then_some(())
    });
    assert!(
        active.is_some(),
        "{dialect}: no active job\n{}\n{}",
        String::from_utf8_lossy(&raw_request(addr, b"\x04lp\n")),
        log()
    );
    for (user, number, name, files) in jobs {
        submit(addr, "lp", user, number, name, &files);
    }
    submit(
        addr,
        "held",
        "dave",
        201,
        "draft.ps",
        &[("draft.ps", vec![b'%'; 2048])],
    );
    submit(
        addr,
        "held",
        "erin",
        202,
        "invoice.pdf",
        &[("invoice.pdf", vec![b'P'; 4096])],
    );
    if dialect == "lprng" {
        lpc("hold", "held", &["202"]);
        submit(
            addr,
            "off",
            "frank",
            301,
            "memo.txt",
            &[("memo.txt", vec![b'm'; 64])],
        );
        lpc("down", "off", &[]);
    }
    let mut reqs = requests(101);
    if dialect == "lprng" {
        reqs.push(("disabled_short".into(), b"\x03off\n".to_vec()));
        reqs.push(("disabled_long".into(), b"\x04off\n".to_vec()));
    }
    for (name, req) in reqs {
        write_listing(dialect, &name, &raw_request(addr, &req));
    }
}
