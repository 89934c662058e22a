//! A fake LPD server that records every byte a client sends.
//!
//! It speaks just enough RFC 1179 to keep any client going: it acknowledges
//! `\x02` (receive job) and every receive-job subcommand and file with a
//! zero octet (reading exactly the announced count plus the trailing zero,
//! or everything up to the client's half-close for a count of 0), answers
//! `\x03`/`\x04`/`\x05`/`\x06` with configurable text, then half-closes and
//! records whatever else arrives. Each connection is recorded separately, in
//! the order they finished.
//!
//! ```ignore
//! let cap = CaptureServer::start();
//! Client::new(Tool::Rlpr, &cap.target("lp")).arg("f.txt").run().assert_success();
//! let conns = cap.wait_for(1);
//! assert!(conns[0].bytes.starts_with(b"\x02lp\n"));
//! ```
#![allow(dead_code)]

use super::peers::Target;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What the fake server answers to the requests that expect text.
#[derive(Debug, Clone)]
pub struct Replies {
    /// Reply to `\x03`/`\x04` (queue state).
    pub status: Vec<u8>,
    /// Reply to `\x05` (remove jobs).
    pub remove: Vec<u8>,
    /// Reply to `\x06` (LPRng control).
    pub control: Vec<u8>,
}

impl Default for Replies {
    fn default() -> Self {
        Replies {
            status: b"no entries\n".to_vec(),
            remove: Vec::new(),
            control: b"ok\n".to_vec(),
        }
    }
}

/// One recorded connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// The client's address (its source port tells reserved from not).
    pub peer: SocketAddr,
    /// Every byte received, in order.
    pub bytes: Vec<u8>,
    /// Why recording stopped early, if it did (a read error or time-out).
    pub error: Option<String>,
}

type Shared = Arc<(Mutex<Vec<Captured>>, Condvar)>;

/// The recording server; stops on drop.
#[derive(Debug)]
pub struct CaptureServer {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    done: Shared,
    stop: Arc<AtomicBool>,
    acceptor: Option<thread::JoinHandle<()>>,
}

impl CaptureServer {
    /// Starts on 127.0.0.1 at a free port with the default replies.
    pub fn start() -> Self {
        Self::with_replies(Replies::default())
    }

    /// Starts on 127.0.0.1 at a free port with the given replies.
    pub fn with_replies(replies: Replies) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", super::peers::free_port()))
            .or_else(|_| TcpListener::bind("127.0.0.1:0"))
            .unwrap_or_else(|e| panic!("capture server: bind 127.0.0.1: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("capture server: local address: {e}"));
        let done: Shared = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let accepted = Arc::new(AtomicUsize::new(0));
        let (d, s, a) = (done.clone(), stop.clone(), accepted.clone());
        let acceptor = thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                a.fetch_add(1, Ordering::SeqCst);
                let (d, r) = (d.clone(), replies.clone());
                thread::spawn(move || {
                    let c = record(conn, &r);
                    let (lock, cv) = &*d;
                    lock.lock().unwrap_or_else(|p| p.into_inner()).push(c);
                    cv.notify_all();
                });
            }
        });
        CaptureServer {
            addr,
            accepted,
            done,
            stop,
            acceptor: Some(acceptor),
        }
    }

    /// The TCP port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `127.0.0.1:port`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A client target for a queue on this server.
    pub fn target(&self, queue: &str) -> Target {
        Target::loopback(self.port(), queue)
    }

    /// The connections recorded so far.
    pub fn captured(&self) -> Vec<Captured> {
        self.done
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Waits (at most 30 s) for `n` finished connections and returns all
    /// recorded so far; panics if fewer arrive.
    #[track_caller]
    pub fn wait_for(&self, n: usize) -> Vec<Captured> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let (lock, cv) = &*self.done;
        let mut got = lock.lock().unwrap_or_else(|p| p.into_inner());
        while got.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                panic!(
                    "capture server {}: {} connection(s) recorded, expected {n}: {got:?}",
                    self.addr,
                    got.len()
                );
            }
            got = cv
                .wait_timeout(got, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        got.clone()
    }
}

impl CaptureServer {
    /// Waits (at most 30 s) until every accepted connection is recorded,
    /// and returns them all: call it after the client has exited.
    #[track_caller]
    pub fn wait_idle(&self) -> Vec<Captured> {
        self.wait_for(self.accepted.load(Ordering::SeqCst))
    }
}

impl Drop for CaptureServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.acceptor.take() {
            let _ = t.join();
        }
    }
}

/// A reader that keeps a copy of every byte it reads.
struct Recorder {
    stream: TcpStream,
    bytes: Vec<u8>,
}

impl Recorder {
    fn read_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let mut b = [0u8; 1];
        loop {
            match self.stream.read(&mut b)? {
                0 if line.is_empty() => return Ok(None),
                0 => return Ok(Some(line)),
                _ => {
                    self.bytes.push(b[0]);
                    line.push(b[0]);
                    if b[0] == b'\n' {
                        return Ok(Some(line));
                    }
                }
            }
        }
    }

    fn read_exact_n(&mut self, n: u64) -> io::Result<()> {
        let mut left = n;
        let mut buf = [0u8; 65536];
        while left > 0 {
            let want = buf.len().min(usize::try_from(left).unwrap_or(buf.len()));
            let got = self.stream.read(&mut buf[..want])?;
            if got == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("the client closed with {left} byte(s) of the file still due"),
                ));
            }
            self.bytes.extend_from_slice(&buf[..got]);
            left -= got as u64;
        }
        Ok(())
    }

    fn read_to_end(&mut self) -> io::Result<()> {
        let mut rest = Vec::new();
        let r = self.stream.read_to_end(&mut rest);
        self.bytes.extend_from_slice(&rest);
        r.map(|_| ())
    }

    fn ack(&mut self) -> io::Result<()> {
        self.stream.write_all(&[0])
    }
}

fn record(stream: TcpStream, replies: &Replies) -> Captured {
    let peer = stream
        .peer_addr()
        .unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)));
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let mut r = Recorder {
        stream,
        bytes: Vec::new(),
    };
    let error = converse(&mut r, replies).err().map(|e| e.to_string());
    Captured {
        peer,
        bytes: r.bytes,
        error,
    }
}

fn converse(r: &mut Recorder, replies: &Replies) -> io::Result<()> {
    let Some(first) = r.read_line()? else {
        return Ok(());
    };
    let reply = match first.first() {
        Some(2) => return receive_job(r),
        Some(3 | 4) => &replies.status,
        Some(5) => &replies.remove,
        Some(6) => &replies.control,
        _ => &Vec::new(),
    };
    r.stream.write_all(reply)?;
    let _ = r.stream.shutdown(Shutdown::Write);
    let _ = r.stream.set_read_timeout(Some(Duration::from_secs(2)));
    // Anything after the request is recorded too (nothing is expected).
    match r.read_to_end() {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

fn receive_job(r: &mut Recorder) -> io::Result<()> {
    r.ack()?;
    while let Some(line) = r.read_line()? {
        match line.first() {
            Some(2 | 3) => {
                let count = announced_count(&line);
                r.ack()?;
                match count {
                    Some(0) if line[0] == 3 => {
                        // Length unknown: the file runs to the half-close.
                        r.read_to_end()?;
                        r.ack()?;
                        return Ok(());
                    }
                    Some(n) => {
                        // The file and its zero octet. CUPS' lpd backend in
                        // `mode=stream` closes without the zero octet: keep
                        // what came, it is what the peer sends.
                        r.read_exact_n(n)?;
                        if r.read_exact_n(1).is_err() {
                            return Ok(());
                        }
                        r.ack()?;
                    }
                    None => {
                        r.read_to_end()?;
                        return Ok(());
                    }
                }
            }
            Some(1) => {} // abort job: nothing to answer
            _ => {
                r.read_to_end()?;
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The count of a `\x02`/`\x03` subcommand line, read leniently so that a
/// line `lpkit::proto` would refuse is still recorded in full.
fn announced_count(line: &[u8]) -> Option<u64> {
    let digits: Vec<u8> = line[1..]
        .iter()
        .copied()
        .skip_while(|b| *b == b' ')
        .take_while(u8::is_ascii_digit)
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}
