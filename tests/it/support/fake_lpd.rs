//! An in-process fake LPD on `127.0.0.1:0` for the CLI tests.
//!
//! One thread accepts, one thread per connection serves it. Every byte a
//! client sends is recorded (before the fake answers, so that a test that
//! waited for the client to exit sees everything), and receive-job
//! connections are also recorded as structured jobs (control file, data
//! files). What the fake answers is scripted per protocol [`Stage`]:
//! positive or negative acknowledgement, closing early, stalling, garbage.
//!
//! Everything is bounded: a stall ends when the fake is dropped or after
//! [`STALL_LIMIT`], reads time out after [`READ_LIMIT`].

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

/// The longest a scripted stall lasts.
pub const STALL_LIMIT: Duration = Duration::from_secs(30);
/// The longest the fake waits for a client's next bytes.
pub const READ_LIMIT: Duration = Duration::from_secs(20);

/// A point in a connection where the fake answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Right after the daemon command line (the ack of `02`, the text of
    /// `03`–`06`, the answer to `01`).
    Command,
    /// After the header line of the `n`th (0-based) receive-job subcommand.
    Subcommand(usize),
    /// After the content (and its NUL) of the `n`th subcommand's file.
    Content(usize),
}

/// What the fake does at a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Send this acknowledgement octet (0 positive).
    Ack(u8),
    /// Send these bytes and close.
    Text(Vec<u8>),
    /// Close the connection without answering.
    Close,
    /// Answer nothing and keep the connection open (until the fake is
    /// dropped or [`STALL_LIMIT`]).
    Stall,
    /// Send these bytes where an acknowledgement belongs, and go on.
    Garbage(Vec<u8>),
}

/// The fake's script.
#[derive(Debug, Clone, Default)]
pub struct Script {
    /// Answers by stage; a stage without one answers `Ack(0)` for receive
    /// jobs and the matching text below for the other commands.
    pub at: HashMap<Stage, Answer>,
    /// Answer to `03` (short queue state).
    pub short: Vec<u8>,
    /// Answer to `04` (long queue state).
    pub long: Vec<u8>,
    /// Answer to `05` (remove).
    pub remove: Vec<u8>,
    /// Answer to `06` (LPRng control); `None`: close without a word, as an
    /// RFC-only server does.
    pub control: Option<Vec<u8>>,
    /// Answer to `01` (print waiting jobs); `None`: close without a word.
    pub print_waiting: Option<Vec<u8>>,
}

/// One data or control file as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedFile {
    /// The count the client announced (0: until close).
    pub count: u64,
    /// The file name.
    pub name: String,
    /// The content.
    pub data: Vec<u8>,
}

/// A receive-job connection, structured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceivedJob {
    /// The queue of the `02` command.
    pub queue: String,
    /// Control and data files in the order they came (`true`: control).
    pub files: Vec<(bool, ReceivedFile)>,
    /// Whether the client sent "abort job" (`01` subcommand).
    pub aborted: bool,
}

impl ReceivedJob {
    /// The control file, if one came.
    pub fn control(&self) -> Option<&ReceivedFile> {
        self.files.iter().find(|(c, _)| *c).map(|(_, f)| f)
    }
    /// The control file's lines as text.
    pub fn control_lines(&self) -> Vec<String> {
        self.control()
            .map(|f| {
                String::from_utf8_lossy(&f.data)
                    .lines()
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }
    /// The data files in order.
    pub fn data(&self) -> Vec<&ReceivedFile> {
        self.files
            .iter()
            .filter(|(c, _)| !*c)
            .map(|(_, f)| f)
            .collect()
    }
    /// True when the control file came before every data file.
    pub fn control_first(&self) -> bool {
        self.files.first().is_some_and(|(c, _)| *c)
    }
}

/// Everything one connection sent.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// The client's address (its source port tells reserved from not).
    pub peer: Option<SocketAddr>,
    /// Every byte received, in order.
    pub bytes: Vec<u8>,
    /// The structured job, for a `02` connection.
    pub job: Option<ReceivedJob>,
}

impl Connection {
    /// The daemon command line (without LF), lossily.
    pub fn command_line(&self) -> Vec<u8> {
        let end = self
            .bytes
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(self.bytes.len());
        self.bytes[..end].to_vec()
    }
}

#[derive(Debug, Default)]
struct Shared {
    script: Mutex<Script>,
    conns: Mutex<Vec<Connection>>,
    stop: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The fake LPD. Dropping it stops it.
#[derive(Debug)]
pub struct FakeLpd {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<thread::JoinHandle<()>>,
}

impl FakeLpd {
    /// Starts a fake with a script.
    pub fn start(script: Script) -> FakeLpd {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            script: Mutex::new(script),
            ..Shared::default()
        });
        let s = Arc::clone(&shared);
        let acceptor = thread::spawn(move || {
            for stream in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let s = Arc::clone(&s);
                let index = {
                    let mut conns = lock(&s.conns);
                    conns.push(Connection {
                        peer: stream.peer_addr().ok(),
                        ..Connection::default()
                    });
                    conns.len() - 1
                };
                thread::spawn(move || serve(stream, &s, index));
            }
        });
        FakeLpd {
            addr,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// A fake that accepts every job.
    pub fn accepting() -> FakeLpd {
        Self::start(Script::default())
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// A `-P` target for `queue` on this fake: `queue@127.0.0.1:PORT`.
    pub fn target(&self, queue: &str) -> String {
        format!("{queue}@127.0.0.1:{}", self.port())
    }

    /// Changes the script for later connections.
    pub fn set_script(&self, script: Script) {
        *lock(&self.shared.script) = script;
    }

    /// Every connection so far.
    pub fn connections(&self) -> Vec<Connection> {
        lock(&self.shared.conns).clone()
    }

    /// The jobs received so far, in order.
    pub fn jobs(&self) -> Vec<ReceivedJob> {
        self.connections()
            .into_iter()
            .filter_map(|c| c.job)
            .collect()
    }

    /// The only job received; panics unless exactly one came.
    pub fn only_job(&self) -> ReceivedJob {
        let jobs = self.jobs();
        assert_eq!(jobs.len(), 1, "expected exactly one job, got {jobs:#?}");
        jobs.into_iter().next().expect("one job")
    }

    /// The daemon command lines received so far, in order.
    pub fn commands(&self) -> Vec<Vec<u8>> {
        self.connections()
            .iter()
            .map(Connection::command_line)
            .collect()
    }
}

impl Drop for FakeLpd {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(h) = self.acceptor.take() {
            let _ = h.join();
        }
    }
}

/// Reads from the client while recording every byte.
struct Recorder<'a> {
    inner: TcpStream,
    shared: &'a Shared,
    index: usize,
}

impl Read for Recorder<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        lock(&self.shared.conns)[self.index]
            .bytes
            .extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

fn serve(stream: TcpStream, shared: &Shared, index: usize) {
    let _ = stream.set_read_timeout(Some(READ_LIMIT));
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut input = BufReader::new(Recorder {
        inner: stream,
        shared,
        index,
    });
    let script = lock(&shared.script).clone();
    let mut line = Vec::new();
    if input.read_until(b'\n', &mut line).unwrap_or(0) == 0 {
        return;
    }
    let code = line[0];
    let text = |t: &[u8]| Answer::Text(t.to_vec());
    let default = match code {
        2 => Answer::Ack(0),
        3 => text(&script.short),
        4 => text(&script.long),
        5 => text(&script.remove),
        6 => script.control.as_deref().map_or(Answer::Close, text),
        1 => script.print_waiting.as_deref().map_or(Answer::Close, text),
        _ => Answer::Close,
    };
    let answer = script.at.get(&Stage::Command).cloned().unwrap_or(default);
    if !respond(&mut out, &answer, shared) || code != 2 {
        let _ = out.shutdown(Shutdown::Both);
        return;
    }
    let queue = String::from_utf8_lossy(&line[1..line.len().saturating_sub(1)]).into_owned();
    let mut job = ReceivedJob {
        queue,
        ..ReceivedJob::default()
    };
    set_job(shared, index, &job);
    for n in 0.. {
        line.clear();
        if input.read_until(b'\n', &mut line).unwrap_or(0) == 0 {
            break;
        }
        let sub = line[0];
        if sub == 1 {
            job.aborted = true;
            set_job(shared, index, &job);
            continue;
        }
        let header = String::from_utf8_lossy(&line[1..line.len().saturating_sub(1)]).into_owned();
        let mut parts = header.split_whitespace();
        let count: u64 = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        let name = parts.next().unwrap_or("").to_owned();
        let answer = script.at.get(&Stage::Subcommand(n)).cloned();
        if !respond(&mut out, &answer.unwrap_or(Answer::Ack(0)), shared) {
            break;
        }
        let mut data = Vec::new();
        let complete = if count == 0 && sub == 3 {
            input.read_to_end(&mut data).is_ok()
        } else {
            let mut body = vec![0u8; usize::try_from(count).unwrap_or(0) + 1];
            let ok = input.read_exact(&mut body).is_ok();
            body.pop();
            data = body;
            ok
        };
        job.files
            .push((sub == 2, ReceivedFile { count, name, data }));
        set_job(shared, index, &job);
        if !complete {
            break;
        }
        let answer = script.at.get(&Stage::Content(n)).cloned();
        if !respond(&mut out, &answer.unwrap_or(Answer::Ack(0)), shared) {
            break;
        }
        if count == 0 && sub == 3 {
            break;
        }
    }
    let _ = out.shutdown(Shutdown::Both);
}

fn set_job(shared: &Shared, index: usize, job: &ReceivedJob) {
    lock(&shared.conns)[index].job = Some(job.clone());
}

/// Carries out an answer; false when the connection should end.
fn respond(out: &mut TcpStream, answer: &Answer, shared: &Shared) -> bool {
    match answer {
        Answer::Ack(b) => out.write_all(&[*b]).is_ok() && *b == 0,
        Answer::Text(t) => {
            let _ = out.write_all(t);
            false
        }
        Answer::Close => false,
        Answer::Stall => {
            let start = Instant::now();
            while !shared.stop.load(Ordering::SeqCst) && start.elapsed() < STALL_LIMIT {
                thread::sleep(Duration::from_millis(20));
            }
            false
        }
        Answer::Garbage(g) => out.write_all(g).is_ok(),
    }
}
