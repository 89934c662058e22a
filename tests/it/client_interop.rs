//! The client library against the real servers (LPRng 3.8.B, BSD lpd) on
//! loopback: jobs in both orders and with count 0, queue listings, removal,
//! LPRng's control command and its absence in BSD lpd, refusals.

use crate::support::peers::{BsdServer, LprngServer, require};
use lpkit::client::{Client, ClientError, DataSource, Job, NoProgress, SendOrder, Spool, sysexits};
use lpkit::net::ConnectOptions;
use lpkit::proto::{ControlOp, HostName, JobNumber, JobSpec, Queue, StateFormat, Text, UserName};
use lpkit::target::Endpoint;
use std::net::SocketAddr;

fn endpoint(addr: SocketAddr, queue: &str) -> Endpoint {
    Endpoint::new(
        Queue::new(queue).unwrap(),
        addr.ip().to_string(),
        addr.port(),
    )
}

fn job(number: u32, data: DataSource) -> Job {
    let mut job = Job::new(JobSpec::new(
        HostName::new("lpkit-client").unwrap(),
        UserName::new("alice").unwrap(),
        JobNumber::new(number).unwrap(),
    ));
    job.add(Text::new("report.txt").unwrap(), data).unwrap();
    job
}

fn client(ep: &Endpoint) -> Client<lpkit::net::Connection> {
    Client::connect(ep.clone(), &ConnectOptions::default()).unwrap()
}

fn root() -> UserName {
    UserName::new("root").unwrap()
}

#[test]
fn lprng_accepts_jobs_in_both_orders_and_with_count_zero() {
    if !require("lprng_accepts_jobs_in_both_orders_and_with_count_zero") {
        return;
    }
    let lpd = LprngServer::builder().held("lp").start();
    let ep = endpoint(lpd.addr(), "lp");
    let bodies: [&[u8]; 3] = [b"control first\n", b"data first\n", b"streamed\n"];
    client(&ep)
        .submit(
            job(101, DataSource::from_bytes("a", bodies[0].to_vec())),
            SendOrder::ControlFirst,
            &mut NoProgress,
        )
        .unwrap_or_else(|e| panic!("{e}\n{}", lpd.log()));
    client(&ep)
        .submit(
            job(102, DataSource::from_bytes("b", bodies[1].to_vec())),
            SendOrder::DataFirst,
            &mut NoProgress,
        )
        .unwrap_or_else(|e| panic!("{e}\n{}", lpd.log()));
    let streaming = Spool {
        streaming: true,
        ..Spool::default()
    };
    let src = DataSource::from_reader(
        "standard input",
        std::io::Cursor::new(bodies[2].to_vec()),
        &streaming,
    )
    .unwrap();
    let report = client(&ep)
        .submit(job(103, src), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap_or_else(|e| panic!("{e}\n{}", lpd.log()));
    assert!(report.files[0].streamed);
    assert!(report.files[0].acknowledged, "LPRng acks after end of file");
    let jobs = lpd.wait_for_jobs("lp", 3);
    let mut got: Vec<Vec<u8>> = jobs.iter().map(|j| j.data_bytes()).collect();
    got.sort();
    let mut want: Vec<Vec<u8>> = bodies.iter().map(|b| b.to_vec()).collect();
    want.sort();
    assert_eq!(got, want);

    let mut listing = Vec::new();
    client(&ep)
        .query(StateFormat::Long, &[], &mut listing)
        .unwrap();
    let listing = String::from_utf8_lossy(&listing);
    assert!(listing.contains("alice"), "{listing}");

    let text = client(&ep).remove(&root(), &[]).unwrap();
    assert!(
        String::from_utf8_lossy(&text).contains("dequeued"),
        "{}",
        String::from_utf8_lossy(&text)
    );
}

#[test]
fn lprng_refuses_an_unknown_queue_with_an_explanation() {
    if !require("lprng_refuses_an_unknown_queue_with_an_explanation") {
        return;
    }
    let lpd = LprngServer::builder().held("lp").start();
    let ep = endpoint(lpd.addr(), "nosuch");
    let err = client(&ep)
        .submit(
            job(104, DataSource::from_bytes("a", b"x".to_vec())),
            SendOrder::ControlFirst,
            &mut NoProgress,
        )
        .unwrap_err();
    match &err {
        ClientError::Refused { message, .. } => {
            assert!(message.contains("nosuch"), "{err}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.exit_code(), sysexits::EX_UNAVAILABLE);
}

#[test]
fn lprng_answers_the_control_command() {
    if !require("lprng_answers_the_control_command") {
        return;
    }
    let lpd = LprngServer::builder().held("lp").start();
    let ep = endpoint(lpd.addr(), "lp");
    let text = client(&ep)
        .control(&root(), &ControlOp::Status, &[])
        .unwrap_or_else(|e| panic!("{e}\n{}", lpd.log()));
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains("lp@"), "{text}");
    // 01 is answered with one zero octet, which is not part of the text.
    let text = client(&ep).print_waiting().unwrap();
    assert!(!text.contains(&0), "{text:?}");
}

#[test]
fn bsd_lpd_accepts_a_data_first_job_and_lists_it() {
    if !require("bsd_lpd_accepts_a_data_first_job_and_lists_it") {
        return;
    }
    let lpd = BsdServer::builder().held("lp").start();
    let ep = endpoint(lpd.addr(), "lp");
    client(&ep)
        .submit(
            job(105, DataSource::from_bytes("a", b"for bsd\n".to_vec())),
            SendOrder::DataFirst,
            &mut NoProgress,
        )
        .unwrap_or_else(|e| panic!("{e}\n{}", lpd.log()));
    let jobs = lpd.wait_for_jobs("lp", 1);
    assert_eq!(jobs[0].data_bytes(), b"for bsd\n");
    // BSD lpd stores the job under the name of the host it resolved the
    // connection to, not the host part the client sent.
    assert!(
        jobs[0].control_name.starts_with("cfA105"),
        "{}",
        jobs[0].control_name
    );
    let mut listing = Vec::new();
    client(&ep)
        .query(StateFormat::Long, &[], &mut listing)
        .unwrap();
    let listing = String::from_utf8_lossy(&listing);
    assert!(listing.contains("alice"), "{listing}");
}

#[test]
fn bsd_lpd_is_detected_as_not_speaking_the_control_command() {
    if !require("bsd_lpd_is_detected_as_not_speaking_the_control_command") {
        return;
    }
    let lpd = BsdServer::builder().held("lp").start();
    let ep = endpoint(lpd.addr(), "lp");
    let err = client(&ep)
        .control(&root(), &ControlOp::Status, &[])
        .unwrap_err();
    assert!(
        matches!(err, ClientError::ControlUnsupported { .. }),
        "{err:?}\n{}",
        lpd.log()
    );
    assert!(err.to_string().contains("speaks only RFC 1179"), "{err}");
}
