//! The client over real TCP on loopback: `net::connect` (reserved ports,
//! timeouts), a whole job to a minimal in-test lpd, count-0 streaming with a
//! real half-close, and wire tracing.

use lpkit::client::trace::{Direction, Traced};
use lpkit::client::{Client, ClientError, DataSource, Job, NoProgress, SendOrder, Spool, sysexits};
use lpkit::net::{self, ConnectOptions, RESERVED_PORTS, ReservedPort};
use lpkit::proto::{ControlFile, HostName, JobNumber, JobSpec, Queue, Subcommand, Text, UserName};
use lpkit::target::Endpoint;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// What the in-test lpd received.
#[derive(Debug, Default)]
struct Received {
    peer: Option<SocketAddr>,
    command: Vec<u8>,
    control: Option<ControlFile>,
    data: Vec<(String, Vec<u8>)>,
}

/// A minimal receive-job server for one connection: acks everything,
/// reads counted files with their NUL and count-0 files to end of file.
fn fake_lpd() -> (u16, JoinHandle<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (stream, peer) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut w = stream.try_clone().unwrap();
        let mut r = BufReader::new(stream);
        let mut got = Received {
            peer: Some(peer),
            ..Received::default()
        };
        r.read_until(b'\n', &mut got.command).unwrap();
        w.write_all(&[0]).unwrap();
        // Bounded: a job has at most 53 files.
        for _ in 0..60 {
            let mut line = Vec::new();
            if r.read_until(b'\n', &mut line).unwrap() == 0 {
                break;
            }
            let sub = Subcommand::decode(&line).unwrap();
            w.write_all(&[0]).unwrap();
            match sub {
                Subcommand::ControlFile { count, .. } => {
                    let mut buf = vec![0; count as usize + 1];
                    r.read_exact(&mut buf).unwrap();
                    assert_eq!(buf.pop(), Some(0));
                    got.control = Some(ControlFile::decode(&buf).unwrap());
                    w.write_all(&[0]).unwrap();
                }
                Subcommand::DataFile { count: 0, name } => {
                    let mut buf = Vec::new();
                    r.read_to_end(&mut buf).unwrap();
                    got.data.push((name.to_string(), buf));
                    w.write_all(&[0]).unwrap();
                    break;
                }
                Subcommand::DataFile { count, name } => {
                    let mut buf = vec![0; count as usize + 1];
                    r.read_exact(&mut buf).unwrap();
                    assert_eq!(buf.pop(), Some(0));
                    got.data.push((name.to_string(), buf));
                    w.write_all(&[0]).unwrap();
                }
                Subcommand::Abort => break,
            }
        }
        got
    });
    (port, handle)
}

fn endpoint(port: u16) -> Endpoint {
    Endpoint::new(Queue::new("lp").unwrap(), "127.0.0.1", port)
}

fn job_with(data: DataSource) -> Job {
    let mut job = Job::new(JobSpec::new(
        HostName::new("ws").unwrap(),
        UserName::new("alice").unwrap(),
        JobNumber::new(7).unwrap(),
    ));
    job.add(Text::new("report.txt").unwrap(), data).unwrap();
    job
}

#[test]
fn a_job_reaches_a_loopback_lpd_from_a_reserved_port_when_root() {
    let (port, server) = fake_lpd();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    let body: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(&path, &body).unwrap();
    let opts = ConnectOptions::default();
    let conn = net::connect("127.0.0.1", port, &opts).unwrap();
    let reserved = conn.reserved_port();
    let local = conn.local_addr();
    if is_root() {
        assert!(reserved, "root must get a reserved source port");
        assert!(RESERVED_PORTS.contains(&local.port()));
    } else {
        assert!(!reserved);
        assert!(conn.fallback().is_some());
    }
    let sent = Arc::new(Mutex::new(0usize));
    let s2 = Arc::clone(&sent);
    let traced = Traced::new(conn, move |d, b: &[u8]| {
        if d == Direction::Sent {
            *s2.lock().unwrap() += b.len();
        }
    });
    let job = job_with(DataSource::open(&path, &Spool::default()).unwrap());
    let report = Client::new(traced, endpoint(port))
        .submit(job, SendOrder::DataFirst, &mut NoProgress)
        .unwrap();
    let got = server.join().unwrap();
    assert_eq!(got.peer.unwrap().port(), local.port());
    assert_eq!(got.command, b"\x02lp\n");
    assert_eq!(got.data, vec![("dfA007ws".to_string(), body.clone())]);
    let cf = got.control.unwrap();
    assert_eq!(cf.user().unwrap().as_str(), "alice");
    assert_eq!(cf.files()[0].name.as_str(), "dfA007ws");
    assert_eq!(report.files[0].bytes, body.len() as u64);
    // The trace saw every byte: command, two subcommands, both files and
    // their NULs.
    let cf_len = report.control_bytes as usize;
    let expected = 4
        + format!("\x03{} dfA007ws\n", body.len()).len()
        + body.len()
        + 1
        + format!("\x02{cf_len} cfA007ws\n").len()
        + cf_len
        + 1;
    assert_eq!(*sent.lock().unwrap(), expected);
}

#[test]
fn count_zero_streaming_half_closes_a_real_socket() {
    let (port, server) = fake_lpd();
    let body = b"streamed from a pipe\n".repeat(5000);
    let spool = Spool {
        streaming: true,
        ..Spool::default()
    };
    let data =
        DataSource::from_reader("standard input", std::io::Cursor::new(body.clone()), &spool)
            .unwrap();
    let opts = ConnectOptions {
        reserved_port: ReservedPort::Never,
        ..ConnectOptions::default()
    };
    let report = Client::connect(endpoint(port), &opts)
        .unwrap()
        .submit(job_with(data), SendOrder::ControlFirst, &mut NoProgress)
        .unwrap();
    let got = server.join().unwrap();
    assert_eq!(got.data, vec![("dfA007ws".to_string(), body.clone())]);
    assert!(got.control.is_some());
    assert!(report.files[0].streamed && report.files[0].acknowledged);
}

#[test]
fn a_silent_server_times_out_naming_the_step() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut line = [0u8; 4];
        s.read_exact(&mut line).unwrap();
        // Never acknowledge; hold the connection until the client gives up.
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
        line
    });
    let opts = ConnectOptions {
        reserved_port: ReservedPort::Never,
        io_timeout: Duration::from_millis(200),
        ..ConnectOptions::default()
    };
    let err = Client::connect(endpoint(port), &opts)
        .unwrap()
        .submit(
            job_with(DataSource::from_bytes("x", b"x".to_vec())),
            SendOrder::ControlFirst,
            &mut NoProgress,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "lp@127.0.0.1:{port} timed out waiting for the acknowledgement of the receive-job \
             command (02)"
        )
    );
    assert_eq!(err.exit_code(), sysexits::EX_TEMPFAIL);
    drop(err);
    assert_eq!(&server.join().unwrap(), b"\x02lp\n");
}

#[test]
fn a_closed_port_is_a_connect_error_naming_queue_host_and_port() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let opts = ConnectOptions {
        reserved_port: ReservedPort::Never,
        ..ConnectOptions::default()
    };
    let err = Client::connect(endpoint(port), &opts).unwrap_err();
    assert!(matches!(err, ClientError::Net { .. }));
    assert_eq!(
        err.to_string(),
        format!("queue lp: cannot connect to 127.0.0.1:{port}: connection refused")
    );
    assert_eq!(err.exit_code(), sysexits::EX_UNAVAILABLE);
}

#[test]
fn auto_reserved_ports_survive_many_quick_connections() {
    // More connections than there are reserved ports: as root the ports in
    // TIME_WAIT are skipped (or Auto falls back), never an error.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accept = std::thread::spawn(move || {
        let mut ports = Vec::new();
        for _ in 0..15 {
            let (s, peer) = listener.accept().unwrap();
            ports.push(peer.port());
            drop(s);
        }
        ports
    });
    let mut reserved = 0;
    for _ in 0..15 {
        let c = net::connect("127.0.0.1", port, &ConnectOptions::default()).unwrap();
        if c.reserved_port() {
            reserved += 1;
        } else if is_root() {
            assert_eq!(c.fallback(), Some(net::PortFallback::AllBusy));
        } else {
            assert_eq!(c.fallback(), Some(net::PortFallback::NotPermitted));
        }
        // Client closes first: its side goes to TIME_WAIT.
        drop(c);
    }
    let ports = accept.join().unwrap();
    assert_eq!(ports.len(), 15);
    if is_root() {
        assert!(reserved >= 1);
    } else {
        assert_eq!(reserved, 0);
    }
}

#[test]
fn open_connects_with_tracing_and_exposes_the_connection() {
    let (port, server) = fake_lpd();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let l2 = Arc::clone(&lines);
    let sink: lpkit::client::TraceSink = Box::new(move |d: Direction, b: &[u8]| {
        l2.lock().unwrap().push(format!(
            "{} {}",
            d.arrow(),
            lpkit::client::trace::escape(b, 16)
        ));
    });
    let opts = ConnectOptions {
        reserved_port: ReservedPort::Never,
        ..ConnectOptions::default()
    };
    let client = Client::open(&endpoint(port), &opts, Some(sink)).unwrap();
    assert_eq!(client.connection().peer_addr().port(), port);
    assert!(!client.connection().reserved_port());
    client
        .submit(
            job_with(DataSource::from_bytes("x", b"hello".to_vec())),
            SendOrder::ControlFirst,
            &mut NoProgress,
        )
        .unwrap();
    server.join().unwrap();
    let lines = lines.lock().unwrap();
    assert_eq!(lines[0], "> \"\\x02lp\\n\"");
    assert_eq!(lines[1], "< \"\\0\"");
    assert!(lines.contains(&"> \"hello\\0\"".to_string()), "{lines:?}");
}
