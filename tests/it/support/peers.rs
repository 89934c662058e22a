//! The real LPD peers, on loopback, for interoperability tests.
//!
//! `.ci/peers.sh` unpacks BSD lpd/lpr, LPRng, rlpr and CUPS under
//! [`peers_dir`] (`$LPKIT_PEERS_DIR`, default `/opt/lpkit-peers`); this module
//! runs them. Everything happens on 127.0.0.1 at a [`free_port`] outside the
//! ephemeral range, in temporary state folders, inside private mount and PID
//! namespaces (`unshare`), so tests run in parallel, never touch the real
//! `/etc`, `/dev`, `/run` or `/var/spool`, and every process a peer starts
//! dies with its handle. Waits are polls with a bound, never blind sleeps.
//! Needs root (for `unshare --mount` and for the daemons' `setuid(lp)`).
//!
//! ## Every interop test starts with
//! ```ignore
//! if !peers::require("lprng_lpr_job_is_listed") { return; }
//! ```
//! which passes when the peers are usable, prints a loud `SKIPPED: …` line
//! and returns `false` when they are not and `LPKIT_SKIP_INTEROP=1`, and
//! fails the test otherwise, naming `.ci/peers.sh`.
//!
//! ## Servers (killed, with all their children, on drop)
//! | call | what runs |
//! |---|---|
//! | [`LprngServer::builder()`]`.held("lp").printing("raw").start()` | LPRng `lpd -F` with a generated `lpd.conf`, `printcap`, `lpd.perms` |
//! | [`BsdServer::builder()`]`.held("lp").start()` | BSD `lpd -l -b 127.0.0.1 PORT` with overlays over /etc, /dev, /run, /var/spool |
//!
//! Both offer `port()`, `addr()`, `target(queue)`, `spool_dir(queue)`,
//! `jobs(queue)`, `wait_for_jobs(queue, n)`, `output(queue)`,
//! `wait_for_output(queue, len)` and `log()`. A *held* queue accepts jobs
//! and never prints them; a *printing* queue writes each job's data to
//! `output_path(queue)`; a *busy* queue (`.busy(q)`) prints to a FIFO
//! nobody reads, so a first job over 64 KiB stays `active`. LPRng's
//! builder also has `.require_reserved_port()`, `.debug(level)`,
//! `.conf_line(…)`; both have `.printcap_option(queue, opt)`.
//!
//! ## Raw protocol
//! [`raw_request`]`(addr, b"\x04lp\n")` returns a server's reply;
//! [`raw_submit`]`(addr, queue, &JobSpec, &[data…])` sends a job built with
//! `lpkit::proto` (any user, host, job number), checking every ack.
//!
//! ## Clients (any host:port, each returns a [`PeerOutput`])
//! [`Client::new`]`(Tool::…, &target)` then `.args(…)`, `.stdin(…)`,
//! `.cwd(…)`, `.reserved_port(…)`, `.uri_option(…)`, `.run()`:
//!
//! | [`Tool`] | runs |
//! |---|---|
//! | `LprngLpr`, `LprngLpq`, `LprngLprm` | LPRng's client with `-P queue@127.0.0.1%PORT` and a private client `lpd.conf` |
//! | `LprngLpc` | `lpc VERB queue@127.0.0.1%PORT OPERANDS…` (args: verb, operands) |
//! | `Rlpr`, `Rlpq`, `Rlprm` | `-H 127.0.0.1 --port=PORT -P queue`, plus `-N` unless `reserved_port(true)` |
//! | `BsdLpq`, `BsdLprm` | BSD's client, the port in a private `/etc/services`, the host in a private printcap |
//! | `BsdLpr` | BSD `lpr` spooling to a private forwarding `lpd -s`, which sends the job on; the run ends when the forwarder's spool is empty |
//! | `CupsLpdBackend` | CUPS' `lpd` backend with `DEVICE_URI=lpd://127.0.0.1:PORT/queue?…` (args: job-id user title copies options [file]) |
#![allow(dead_code, unused_imports)]

mod bsd;
mod clients;
mod lprng;
mod run;
#[cfg(test)]
mod selftest;

pub use bsd::{BsdBuilder, BsdServer};
pub use clients::{Client, Tool};
pub use lprng::{LprngBuilder, LprngServer};
pub use run::{free_port, wait_for};

use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where `.ci/peers.sh` installs the peers unless `LPKIT_PEERS_DIR` says.
pub const DEFAULT_PEERS_DIR: &str = "/opt/lpkit-peers";

/// `$LPKIT_PEERS_DIR`, or [`DEFAULT_PEERS_DIR`].
pub fn peers_dir() -> PathBuf {
    std::env::var_os("LPKIT_PEERS_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_PEERS_DIR))
}

/// The program files the harness runs, relative to [`peers_dir`].
const REQUIRED: &[&str] = &[
    "lprng/usr/sbin/lpd",
    "lprng/usr/sbin/lpc",
    "lprng/usr/bin/lpr",
    "lprng/usr/bin/lpq",
    "lprng/usr/bin/lprm",
    "lpr/usr/sbin/lpd",
    "lpr/usr/bin/lpr",
    "lpr/usr/bin/lpq",
    "lpr/usr/bin/lprm",
    "rlpr/usr/bin/rlpr",
    "rlpr/usr/bin/rlpq",
    "rlpr/usr/bin/rlprm",
    "cups/usr/lib/cups/backend-available/lpd",
];

/// Why the peers cannot be used here, if they cannot.
pub fn unavailable() -> Option<String> {
    let dir = peers_dir();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|rel| !dir.join(rel).is_file())
        .collect();
    if !missing.is_empty() {
        return Some(format!(
            "{} lacks {} (of {} peer programs)",
            dir.display(),
            missing.join(", "),
            REQUIRED.len()
        ));
    }
    if !nix::unistd::geteuid().is_root() {
        return Some("the peers need root (unshare --mount, setuid lp)".into());
    }
    if nix::unistd::User::from_name("lp").ok().flatten().is_none() {
        return Some("user lp does not exist".into());
    }
    None
}

/// The one check every interop test starts with; see the module docs.
///
/// Returns `true` when the peers are usable. When they are not: with
/// `LPKIT_SKIP_INTEROP=1` it prints `SKIPPED: <test>: <why>` straight to
/// stderr (past the test harness's capture) and returns `false`; otherwise
/// it fails the test with instructions.
pub fn require(test: &str) -> bool {
    let Some(why) = unavailable() else {
        return true;
    };
    if std::env::var("LPKIT_SKIP_INTEROP").as_deref() == Ok("1") {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: {test}: real LPD peers unavailable: {why} (LPKIT_SKIP_INTEROP=1)"
        );
        return false;
    }
    panic!(
        "{test}: the real LPD peers are unavailable: {why}.\n\
         Install them with `sudo bash .ci/peers.sh` (LPKIT_PEERS_DIR={}), \
         or set LPKIT_SKIP_INTEROP=1 to skip interoperability tests.",
        peers_dir().display()
    );
}

/// Where a client sends: a queue on a host and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host name or address (tests use `127.0.0.1`).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Queue name.
    pub queue: String,
}

impl Target {
    /// `queue` at `127.0.0.1:port`.
    pub fn loopback(port: u16, queue: &str) -> Self {
        Target {
            host: "127.0.0.1".into(),
            port,
            queue: queue.into(),
        }
    }

    /// LPRng's spelling: `queue@host%port`.
    pub fn lprng(&self) -> String {
        format!("{}@{}%{}", self.queue, self.host, self.port)
    }

    /// The socket address (the host must be an IP address).
    pub fn addr(&self) -> SocketAddr {
        let ip = self
            .host
            .parse()
            .unwrap_or_else(|e| panic!("target host {:?} is not an IP address: {e}", self.host));
        SocketAddr::new(ip, self.port)
    }
}

/// What a peer program did.
#[derive(Debug, Clone, Default)]
pub struct PeerOutput {
    /// A label: the program and how it was called.
    pub program: String,
    /// Exit code; `None` when killed by a signal or for running too long.
    pub status: Option<i32>,
    /// Everything it wrote to stdout.
    pub stdout: Vec<u8>,
    /// Everything it wrote to stderr.
    pub stderr: Vec<u8>,
    /// It ran past its time limit and was killed.
    pub timed_out: bool,
    /// Remarks of the harness (e.g. a forwarder that kept a job).
    pub notes: Vec<String>,
}

impl PeerOutput {
    /// Exit code 0.
    pub fn success(&self) -> bool {
        self.status == Some(0)
    }
    /// Stdout as text (lossy).
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    /// Stderr as text (lossy).
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    /// Panics, showing everything, unless the program succeeded.
    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        assert!(self.success() && self.notes.is_empty(), "{self}");
        self
    }
}

impl fmt::Display for PeerOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {}",
            self.program,
            match (self.timed_out, self.status) {
                (true, _) => "killed after its time limit".to_string(),
                (false, Some(c)) => format!("exit status {c}"),
                (false, None) => "killed by a signal".to_string(),
            }
        )?;
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        writeln!(f, "--- stdout ---\n{}", self.stdout_text())?;
        write!(f, "--- stderr ---\n{}", self.stderr_text())
    }
}

/// What a queue does with the jobs it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueMode {
    /// Accept and keep jobs, never print them.
    Held,
    /// Print each job's data files, unfiltered, to the queue's output file.
    Printing,
    /// Start printing the first job and never finish: the device is a FIFO
    /// that nobody reads, so the first job stays `active`.
    Busy,
}

/// One job as a daemon spooled it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpooledJob {
    /// The control file's name in the spool: `cfA123host` (BSD) or
    /// `hfA123` (LPRng, which keeps its own key=value "hold file" instead of
    /// the control file it received).
    pub control_name: String,
    /// The control file's bytes as stored.
    pub control: Vec<u8>,
    /// The data files, in the order the control file names them.
    pub data: Vec<(String, Vec<u8>)>,
    /// Every data file is there (and, for LPRng, their sizes add up to the
    /// hold file's `size=`): the daemon has received the whole job.
    pub complete: bool,
}

impl SpooledJob {
    /// The `key=value` lines of an LPRng hold file (`P`, `J`, `A`,
    /// `datafiles`, `held`, …). Empty for a BSD control file.
    pub fn lprng_fields(&self) -> BTreeMap<String, String> {
        String::from_utf8_lossy(&self.control)
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    /// The data file contents, concatenated in order.
    pub fn data_bytes(&self) -> Vec<u8> {
        self.data.iter().flat_map(|(_, d)| d.clone()).collect()
    }
}

/// Submits one job with the raw protocol (built with `lpkit::proto`):
/// `\x02queue`, the control file, then each data file, checking every
/// acknowledgement. `data` holds the contents of `spec.files`, in order.
pub fn raw_submit(
    addr: SocketAddr,
    queue: &str,
    spec: &lpkit::proto::JobSpec,
    data: &[&[u8]],
) -> Result<(), String> {
    use lpkit::proto::{Ack, Command, Queue, Subcommand};
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|e| format!("connect to {addr}: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .map_err(|e| format!("{addr}: {e}"))?;
    let mut step = |what: &str, bytes: &[u8]| -> Result<(), String> {
        s.write_all(bytes)
            .map_err(|e| format!("{addr} queue {queue}: send {what}: {e}"))?;
        let mut ack = [0u8; 1];
        s.read_exact(&mut ack)
            .map_err(|e| format!("{addr} queue {queue}: no acknowledgement of {what}: {e}"))?;
        match Ack::decode(ack[0]) {
            Ack::Positive => Ok(()),
            Ack::Negative(n) => Err(format!("{addr} queue {queue}: {what} refused (ack {n})")),
        }
    };
    let q = Queue::new(queue).map_err(|e| e.to_string())?;
    step("receive job", &Command::ReceiveJob { queue: q }.to_bytes())?;
    let cf = spec.control_file().map_err(|e| e.to_string())?.to_bytes();
    let name = spec.control_file_name();
    step(
        "control file header",
        &Subcommand::ControlFile {
            count: cf.len() as u64,
            name: name.clone(),
        }
        .to_bytes(),
    )?;
    step(name.as_str(), &[cf.as_slice(), b"\0"].concat())?;
    for (i, d) in data.iter().enumerate() {
        let name = spec.data_file_name(i).map_err(|e| e.to_string())?;
        step(
            "data file header",
            &Subcommand::DataFile {
                count: d.len() as u64,
                name: name.clone(),
            }
            .to_bytes(),
        )?;
        step(name.as_str(), &[*d, b"\0"].concat())?;
    }
    Ok(())
}

/// Sends one request to an LPD server and reads the reply until the server
/// closes (at most 20 s): for `\x03`/`\x04`/`\x05`/`\x06` requests.
pub fn raw_request(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap_or_else(|e| panic!("set a read timeout on {addr}: {e}"));
    s.write_all(request)
        .unwrap_or_else(|e| panic!("send {request:?} to {addr}: {e}"));
    let mut out = Vec::new();
    s.read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("read the reply of {addr} to {request:?}: {e}"));
    out
}

/// Reads every job of a spool folder: BSD `cf*` files (decoded with
/// `lpkit::proto::ControlFile` to find their data files) or LPRng `hf*`
/// files (their `datafiles=` field).
pub(crate) fn read_spool(dir: &Path) -> Vec<SpooledJob> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("cf") || n.starts_with("hf"))
        .collect();
    names.sort();
    let mut jobs = Vec::new();
    for name in names {
        let Ok(control) = std::fs::read(dir.join(&name)) else {
            continue; // removed meanwhile
        };
        let data_names: Vec<String> = if name.starts_with("hf") {
            let job = SpooledJob {
                control_name: name.clone(),
                control: control.clone(),
                data: Vec::new(),
                complete: false,
            };
            job.lprng_fields()
                .get("datafiles")
                .map(|v| {
                    // `dfA001host` or, until the queue server rewrites the
                    // file, `dfA001host=/spool/temp…`; the transfer name is
                    // the file's final name either way.
                    v.split_whitespace()
                        .filter_map(|d| d.split('=').next())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        } else {
            match lpkit::proto::ControlFile::decode(&control) {
                Ok(cf) => {
                    let mut seen: Vec<String> = Vec::new();
                    for f in cf.files() {
                        let n = f.name.as_str().to_owned();
                        if !seen.contains(&n) {
                            seen.push(n);
                        }
                    }
                    seen
                }
                Err(_) => continue, // still being written
            }
        };
        let mut complete = true;
        let data: Vec<(String, Vec<u8>)> = data_names
            .into_iter()
            .map(|d| {
                let bytes = std::fs::read(dir.join(&d));
                complete &= bytes.is_ok();
                (d, bytes.unwrap_or_default())
            })
            .collect();
        let mut job = SpooledJob {
            control_name: name,
            control,
            data,
            complete,
        };
        if job.control_name.starts_with("hf") {
            let total: usize = job.data.iter().map(|(_, d)| d.len()).sum();
            let size = job.lprng_fields().get("size").and_then(|s| s.parse().ok());
            job.complete &= size == Some(total);
        }
        jobs.push(job);
    }
    jobs
}

/// One line per file of a spool folder: name and size.
pub(crate) fn describe_spool(dir: &Path) -> String {
    let mut lines: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    let len = e.metadata().map(|m| m.len()).unwrap_or(0);
                    format!("{:>10} {}\n", len, e.file_name().to_string_lossy())
                })
                .collect()
        })
        .unwrap_or_default();
    lines.sort();
    lines.concat()
}
