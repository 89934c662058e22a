//! Running lpkit's `lpd` in tests, and talking to it with raw bytes.
//!
//! ```ignore
//! let lpd = TestLpd::start();                       // default config, queue `lp`
//! let lpd = TestLpd::with_config(r#"[queue.raw]
//! device = [{ type = "directory", path = "{spool}/out" }]"#);
//! let reply = lpd.request(b"\x03lp\n");             // whole answer as text
//! lpd.submit("lp", &Job::text("alice", 1, b"hello")).unwrap();
//! let lpd = lpd.restart();                          // same spool, new port
//! ```
//!
//! - [`TestLpd`]: an in-process server (its own thread and runtime) on
//!   `127.0.0.1:0` with a private spool in a temporary directory. In the
//!   configuration text `{spool}` stands for the spool path, so devices can
//!   write next to it. `[server] spool`/`listen` are set by the helper.
//! - [`ChildLpd`]: the real `lpd` binary as a child process (for crash
//!   tests: it can be killed with SIGKILL).
//! - [`Job`]: a job to send with [`send_job`] in either order, with the raw
//!   acknowledgements checked.
//! - [`wait_until`]: bounded polling (10 s) for asynchronous effects.

use lpkit::proto::{Ack, Command, Queue, Subcommand};
use lpkit::server::Config;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Timeout for every test socket operation.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Polls `cond` every 10 ms for up to 10 s; panics with `what` if it never
/// holds.
pub fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let end = Instant::now() + Duration::from_secs(10);
    while Instant::now() < end {
        if cond() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("timed out waiting until {what}");
}

/// An in-process lpd.
pub struct TestLpd {
    addr: SocketAddr,
    spool: PathBuf,
    config_text: String,
    _dir: Option<tempfile::TempDir>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestLpd {
    /// A server with the built-in defaults: one queue `lp` printing into
    /// `SPOOL/printed/lp/`.
    pub fn start() -> Self {
        Self::with_config("")
    }

    /// A server with this configuration (`{spool}` is replaced by the spool
    /// path). Fast test defaults are added unless the text sets them:
    /// fsync off is NOT assumed (durability stays on).
    pub fn with_config(text: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let spool = dir.path().join("spool");
        Self::launch(text.to_owned(), spool, Some(dir))
    }

    fn launch(text: String, spool: PathBuf, dir: Option<tempfile::TempDir>) -> Self {
        if std::env::var_os("LPKIT_TEST_LOG").is_some() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter("debug")
                .with_test_writer()
                .try_init();
        }
        let expanded = text.replace("{spool}", &spool.display().to_string());
        let mut config = Config::parse(&expanded, Path::new("test.toml")).expect("test config");
        config.server.spool = Some(spool.clone());
        config.server.hostname = Some("testhost".into());
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let addr = std_listener.local_addr().expect("addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
                let server = match lpkit::server::Server::open(config) {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.to_string()));
                        return;
                    }
                };
                let _ = ready_tx.send(Ok(()));
                let _ = server
                    .serve(vec![listener], async {
                        let _ = rx.await;
                    })
                    .await;
            });
        });
        match ready_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("lpd did not start: {e}"),
            Err(_) => panic!("lpd thread died"),
        }
        TestLpd {
            addr,
            spool,
            config_text: text,
            _dir: dir,
            stop: Some(tx),
            thread: Some(thread),
        }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its spool directory.
    pub fn spool(&self) -> &Path {
        &self.spool
    }

    /// Where the default `directory` device of `queue` writes.
    pub fn printed(&self, queue: &str) -> PathBuf {
        self.spool.join("printed").join(queue)
    }

    /// Files the default device printed for `queue`, sorted by name.
    pub fn printed_files(&self, queue: &str) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(self.printed(queue))
            .map(|rd| {
                rd.flatten()
                    .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                    .map(|e| {
                        (
                            e.file_name().to_string_lossy().into_owned(),
                            std::fs::read(e.path()).unwrap_or_default(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    /// Stops the server and waits for it.
    pub fn stop(mut self) -> (PathBuf, String, Option<tempfile::TempDir>) {
        self.shutdown();
        (
            self.spool.clone(),
            self.config_text.clone(),
            self._dir.take(),
        )
    }

    fn shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Stops it and starts a new server on the same spool and config (a
    /// new port).
    pub fn restart(self) -> Self {
        let (spool, text, dir) = self.stop();
        Self::launch(text, spool, dir)
    }

    /// Sends one command and reads the whole answer (until the server
    /// closes) as text.
    pub fn request(&self, line: &[u8]) -> String {
        request(self.addr, line)
    }

    /// Sends a command and returns the answer for `03`/`04` as text.
    pub fn status(&self, queue: &str) -> String {
        self.request(format!("\x03{queue}\n").as_bytes())
    }

    /// The JSON queue state.
    pub fn json(&self, queue: &str) -> lpkit::proto::lpq::QueueStatus {
        let text = self.request(format!("\x03{queue} --lpkit-json\n").as_bytes());
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON {text:?}: {e}"))
    }

    /// An `06` control command from user root; returns the answer.
    pub fn lpc(&self, queue: &str, op: &str) -> String {
        self.request(format!("\x06{queue} root {op}\n").as_bytes())
    }

    /// Submits a job, control file first.
    pub fn submit(&self, queue: &str, job: &Job) -> Result<(), Refused> {
        send_job(self.addr, queue, job, Order::ControlFirst)
    }
}

impl Drop for TestLpd {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Connects with test timeouts.
pub fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, IO_TIMEOUT).expect("connect to lpd");
    s.set_read_timeout(Some(IO_TIMEOUT)).ok();
    s.set_write_timeout(Some(IO_TIMEOUT)).ok();
    s
}

/// Connects from a chosen local address (e.g. 127.0.0.2 to look like
/// another host, or a port below 1024).
pub fn connect_from(addr: SocketAddr, local: SocketAddr) -> std::io::Result<TcpStream> {
    let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    s.set_reuse_address(true)?;
    s.bind(&local.into())?;
    s.connect_timeout(&addr.into(), IO_TIMEOUT)?;
    let s: TcpStream = s.into();
    s.set_read_timeout(Some(IO_TIMEOUT)).ok();
    s.set_write_timeout(Some(IO_TIMEOUT)).ok();
    Ok(s)
}

/// Sends `line` on `s` and reads until the server closes.
pub fn request_on(mut s: TcpStream, line: &[u8]) -> String {
    s.write_all(line).expect("send request");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Sends `line` and reads until the server closes.
pub fn request(addr: SocketAddr, line: &[u8]) -> String {
    request_on(connect(addr), line)
}

/// The order of a job's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Control file, then data files.
    ControlFirst,
    /// Data files, then control file.
    DataFirst,
}

/// A job to send: its control file and data files, by name.
#[derive(Debug, Clone)]
pub struct Job {
    /// `cfA…` name.
    pub control_name: String,
    /// Control file bytes.
    pub control: Vec<u8>,
    /// (`dfA…` name, contents).
    pub data: Vec<(String, Vec<u8>)>,
}

impl Job {
    /// A one-file text job of `user` from host `ws`, number `n`.
    pub fn text(user: &str, n: u32, data: &[u8]) -> Self {
        Self::build(user, n, "f", &[data])
    }

    /// A job with several files printed in `format` (a letter).
    pub fn build(user: &str, n: u32, format: &str, files: &[&[u8]]) -> Self {
        let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut cf = format!("Hws\nP{user}\nJjob{n}\n");
        let mut data = Vec::new();
        for (i, f) in files.iter().enumerate() {
            let name = format!("df{}{n:03}ws", letters[i] as char);
            cf.push_str(&format!("{format}{name}\nNfile{}.txt\n", i + 1));
            data.push((name, f.to_vec()));
        }
        for (name, _) in &data {
            cf.push_str(&format!("U{name}\n"));
        }
        Job {
            control_name: format!("cfA{n:03}ws"),
            control: cf.into_bytes(),
            data,
        }
    }
}

/// Where a submission was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The step ("02 command", "control subcommand", "data contents dfA…").
    pub step: String,
    /// The acknowledgement octet (None: the connection closed instead).
    pub ack: Option<u8>,
}

fn read_ack(s: &mut TcpStream, step: &str) -> Result<(), Refused> {
    let mut b = [0u8; 1];
    match s.read(&mut b) {
        Ok(1) if b[0] == 0 => Ok(()),
        Ok(1) => Err(Refused {
            step: step.to_owned(),
            ack: Some(b[0]),
        }),
        _ => Err(Refused {
            step: step.to_owned(),
            ack: None,
        }),
    }
}

/// Sends the `02` command on `s`.
pub fn start_receive(s: &mut TcpStream, queue: &str) -> Result<(), Refused> {
    let cmd = Command::ReceiveJob {
        queue: Queue::new(queue).expect("queue name"),
    };
    s.write_all(&cmd.to_bytes()).expect("send 02");
    read_ack(s, "02 command")
}

/// Sends one file (subcommand, contents, zero octet) and checks both acks.
pub fn send_file(
    s: &mut TcpStream,
    control: bool,
    name: &str,
    bytes: &[u8],
) -> Result<(), Refused> {
    let sub = if control {
        Subcommand::ControlFile {
            count: bytes.len() as u64,
            name: lpkit::proto::FileName::new(lpkit::proto::FileKind::Control, name)
                .expect("control file name"),
        }
    } else {
        Subcommand::DataFile {
            count: bytes.len() as u64,
            name: lpkit::proto::FileName::new(lpkit::proto::FileKind::Data, name)
                .expect("data file name"),
        }
    };
    s.write_all(&sub.to_bytes()).expect("send subcommand");
    read_ack(s, &format!("subcommand {name}"))?;
    let mut body = bytes.to_vec();
    body.push(0);
    if s.write_all(&body).is_err() {
        return Err(Refused {
            step: format!("contents {name}"),
            ack: None,
        });
    }
    read_ack(s, &format!("contents {name}"))
}

/// Sends the files of `job` on an open receive conversation.
pub fn send_files(s: &mut TcpStream, job: &Job, order: Order) -> Result<(), Refused> {
    if order == Order::ControlFirst {
        send_file(s, true, &job.control_name, &job.control)?;
    }
    for (name, bytes) in &job.data {
        send_file(s, false, name, bytes)?;
    }
    if order == Order::DataFirst {
        send_file(s, true, &job.control_name, &job.control)?;
    }
    Ok(())
}

/// Submits `job` to `queue` on a new connection, checking every ack.
pub fn send_job(addr: SocketAddr, queue: &str, job: &Job, order: Order) -> Result<(), Refused> {
    let mut s = connect(addr);
    start_receive(&mut s, queue)?;
    send_files(&mut s, job, order)?;
    Ok(())
}

/// The jobs a spool holds for `queue`: (number, control file bytes).
pub fn spool_jobs(spool: &Path, queue: &str) -> Vec<(u32, Vec<u8>)> {
    let dir = spool.join("queues").join(queue);
    let mut v: Vec<(u32, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let id: u32 = e.file_name().to_string_lossy().parse().ok()?;
                    let cf = std::fs::read(e.path().join("control")).ok()?;
                    Some((id, cf))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The real `lpd` binary as a child process.
pub struct ChildLpd {
    child: Child,
    addr: SocketAddr,
}

impl ChildLpd {
    /// Starts `lpd --foreground --listen 127.0.0.1:0 --spool SPOOL` (plus
    /// `--config` if given) and waits until it listens.
    pub fn spawn(spool: &Path, config: Option<&Path>) -> Self {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_lpd"));
        cmd.args([
            "--foreground",
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "text",
            "--spool",
        ])
        .arg(spool)
        .env_remove("RUST_LOG")
        .env_remove("NOTIFY_SOCKET")
        .env_remove("LISTEN_FDS")
        .env_remove("LISTEN_PID")
        .env_remove("JOURNAL_STREAM")
        .env_remove("INVOCATION_ID")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        match config {
            Some(c) => {
                cmd.arg("--config").arg(c);
            }
            None => {
                cmd.arg("--config").arg(spool.with_extension("none.toml"));
                std::fs::write(spool.with_extension("none.toml"), "").expect("empty config");
            }
        }
        let mut child = cmd.spawn().expect("spawn lpd");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent {
                    if let Some(a) = line.split("addr=").nth(1) {
                        let a = a.split_whitespace().next().unwrap_or("").to_owned();
                        if let Ok(addr) = a.parse::<SocketAddr>() {
                            let _ = tx.send(addr);
                            sent = true;
                        }
                    }
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("lpd child did not report its address");
        ChildLpd { child, addr }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, and reap it.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ChildLpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Expects a positive ack from a raw ack byte.
pub fn is_positive(b: u8) -> bool {
    Ack::decode(b).is_positive()
}
