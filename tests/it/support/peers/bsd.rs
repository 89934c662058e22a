//! A BSD `lpd` (Debian's `lpr` package, OpenBSD's lpd of 2008) on
//! 127.0.0.1.
//!
//! Its paths are compiled in (`/etc/printcap`, `/etc/hosts.lpd`,
//! `/etc/services`, `/dev/printer`, `/var/run/lpd.pid`,
//! `/var/spool/lpd/lpd.lock`), so each instance runs in a private mount
//! namespace with overlays over `/etc` (read-only, our files on top) and
//! writable overlays over `/dev`, `/run` and `/var/spool` whose upper layers
//! live in the state folder. The daemon puts itself in the background; the
//! namespace's first process stays behind so that killing it ends them all.

use super::run::{self, Overlay};
use super::{QueueMode, SpooledJob, Target, peers_dir, read_spool};
use std::fmt::Write as _;
use std::fs::{self, File};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;
use tempfile::TempDir;

/// Hosts allowed by the generated `/etc/hosts.lpd`.
const ALLOWED_HOSTS: &[&str] = &["127.0.0.1", "localhost", "::1", "::ffff:127.0.0.1"];

/// How to start a [`BsdServer`].
#[derive(Debug, Clone, Default)]
pub struct BsdBuilder {
    queues: Vec<(String, QueueMode)>,
    printcap: Vec<(String, String)>,
}

impl BsdBuilder {
    /// Adds a queue that accepts jobs and never prints them: its device is
    /// a folder, which never comes online ("waiting for … to become ready").
    pub fn held(mut self, queue: &str) -> Self {
        self.queues.push((queue.into(), QueueMode::Held));
        self
    }

    /// Adds a queue that prints every job, unfiltered and without banner,
    /// to its output file ([`BsdServer::output_path`]).
    pub fn printing(mut self, queue: &str) -> Self {
        self.queues.push((queue.into(), QueueMode::Printing));
        self
    }

    /// Adds a queue whose device is a FIFO nobody reads: it takes 64 KiB
    /// of the first job and blocks, so a first job larger than that stays
    /// `active` (and every later one waits) for as long as the server runs.
    pub fn busy(mut self, queue: &str) -> Self {
        self.queues.push((queue.into(), QueueMode::Busy));
        self
    }

    /// Appends `:OPTION:` to the printcap entry of `queue`.
    pub fn printcap_option(mut self, queue: &str, option: &str) -> Self {
        self.printcap.push((queue.into(), option.into()));
        self
    }

    /// Starts the daemon and waits (bounded) until it accepts connections.
    pub fn start(self) -> BsdServer {
        let mut last = String::new();
        for _ in 0..3 {
            match BsdServer::try_start(&self) {
                Ok(s) => return s,
                Err(e) => last = e,
            }
        }
        panic!("BSD lpd did not start: {last}")
    }
}

/// A running BSD `lpd`; dropping it kills the daemon and all its children.
#[derive(Debug)]
pub struct BsdServer {
    port: u16,
    child: Child,
    queues: Vec<(String, QueueMode)>,
    /// The reading ends of busy queues' FIFOs, held open and never read.
    fifos: Vec<File>,
    state: TempDir,
}

/// Writes the `/etc` overlay files every BSD peer needs: `services` with
/// `printer PORT/tcp`, `hosts.lpd`, and `printcap`.
pub(crate) fn write_etc(etc: &Path, port: u16, printcap: &str) -> Result<(), String> {
    fs::create_dir_all(etc).map_err(|e| format!("create {}: {e}", etc.display()))?;
    let services = fs::read_to_string("/etc/services").unwrap_or_default();
    let mut s: String = services
        .lines()
        .filter(|l| !l.starts_with("printer"))
        .map(|l| format!("{l}\n"))
        .collect();
    let _ = writeln!(s, "printer\t\t{port}/tcp\t\tspooler");
    write(&etc.join("services"), s.as_bytes())?;
    let mut hosts = String::new();
    for h in ALLOWED_HOSTS {
        let _ = writeln!(hosts, "{h}");
    }
    write(&etc.join("hosts.lpd"), hosts.as_bytes())?;
    write(&etc.join("printcap"), printcap.as_bytes())
}

/// The namespace every BSD peer runs in: our `/etc` on top, the rest
/// writable into the state folder.
pub(crate) fn overlays(state: &Path) -> Vec<Overlay> {
    vec![
        Overlay::ReadOnly {
            target: "/etc",
            lower: state.join("etc"),
        },
        Overlay::writable("/dev", state),
        Overlay::writable("/run", state),
        Overlay::writable("/var/spool", state),
    ]
}

/// A printcap value with every `:` written as `\072`.
pub(crate) fn printcap_escape(v: &str) -> String {
    v.replace(':', "\\072")
}

impl BsdServer {
    /// A builder with no queues yet.
    pub fn builder() -> BsdBuilder {
        BsdBuilder::default()
    }

    fn try_start(b: &BsdBuilder) -> Result<Self, String> {
        let state = run::state_dir("lpkit-bsd-");
        let root = state.path();
        let port = run::free_port();
        run::lp_dir(&root.join("spool"), 0o755);
        run::lp_dir(&root.join("out"), 0o755);
        let offline = root.join("offline-device");
        fs::create_dir_all(&offline).map_err(|e| format!("create {}: {e}", offline.display()))?;

        let mut printcap = String::new();
        let mut fifos = Vec::new();
        for (q, mode) in &b.queues {
            let sd = root.join("spool").join(q);
            run::lp_dir(&sd, 0o775);
            let out = root.join("out").join(q);
            let device = match mode {
                QueueMode::Held => &offline,
                QueueMode::Printing => {
                    run::lp_file(&out, b"", 0o666);
                    &out
                }
                QueueMode::Busy => {
                    fifos.push(run::lp_fifo(&out));
                    &out
                }
            };
            let _ = write!(
                printcap,
                "{q}:sd={}:lp={}:lf={}:sh:sf:mx#0",
                printcap_escape(&sd.display().to_string()),
                printcap_escape(&device.display().to_string()),
                printcap_escape(&root.join(format!("{q}.log")).display().to_string()),
            );
            for (_, opt) in b.printcap.iter().filter(|(pq, _)| pq == q) {
                let _ = write!(printcap, ":{opt}");
            }
            printcap.push_str(":\n");
        }
        write_etc(&root.join("etc"), port, &printcap)?;

        let log = File::create(root.join("lpd.log")).map_err(|e| format!("create lpd.log: {e}"))?;
        let log2 = log.try_clone().map_err(|e| format!("dup lpd.log: {e}"))?;
        let lpd = peers_dir().join("lpr/usr/sbin/lpd");
        let args = ["-l", "-b", "127.0.0.1"]
            .iter()
            .map(|s| s.to_string())
            .chain([port.to_string()])
            .collect::<Vec<_>>();
        // lpd daemonizes; the shell then stays as the namespace's first
        // process (and reaps what lpd leaves behind) until it is killed.
        let body = "mkdir -p /var/spool/lpd\n\"$@\"\nwhile :; do sleep 3600; done\n";
        let mut cmd = run::namespaced(&overlays(root), body, &lpd, &args);
        run::clean_env(&mut cmd, &["lpr"], root);
        cmd.current_dir(root)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2);
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", lpd.display()))?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        if let Err(e) = run::wait_listening(&mut child, addr) {
            run::kill_namespace(&mut child);
            let log = fs::read_to_string(root.join("lpd.log")).unwrap_or_default();
            return Err(format!("{e}\n--- lpd output ---\n{log}"));
        }
        Ok(BsdServer {
            port,
            child,
            queues: b.queues.clone(),
            fifos,
            state,
        })
    }

    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `127.0.0.1:port`.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// A client target for one of the queues.
    pub fn target(&self, queue: &str) -> Target {
        Target::loopback(self.port, queue)
    }

    /// The state folder (configuration, spool, output, logs).
    pub fn state_dir(&self) -> &Path {
        self.state.path()
    }

    /// The spool folder of a queue.
    pub fn spool_dir(&self, queue: &str) -> PathBuf {
        self.state.path().join("spool").join(queue)
    }

    /// The file a printing queue writes its jobs to.
    pub fn output_path(&self, queue: &str) -> PathBuf {
        self.state.path().join("out").join(queue)
    }

    /// What a printing queue has printed so far.
    pub fn output(&self, queue: &str) -> Vec<u8> {
        fs::read(self.output_path(queue)).unwrap_or_default()
    }

    /// Waits (at most 30 s) until a printing queue has printed at least
    /// `len` bytes; returns what it printed.
    pub fn wait_for_output(&self, queue: &str, len: usize) -> Vec<u8> {
        run::wait_for(Duration::from_secs(30), || {
            let out = self.output(queue);
            (out.len() >= len).then_some(out)
        })
        .unwrap_or_else(|| {
            panic!(
                "BSD queue {queue} printed {} bytes, not {len}, in 30 s\n{}",
                self.output(queue).len(),
                self.log()
            )
        })
    }

    /// The jobs spooled in a queue now (`cf*` files and their data files).
    pub fn jobs(&self, queue: &str) -> Vec<SpooledJob> {
        read_spool(&self.spool_dir(queue))
    }

    /// Waits (at most 30 s) until a queue holds `n` jobs, all complete.
    pub fn wait_for_jobs(&self, queue: &str, n: usize) -> Vec<SpooledJob> {
        run::wait_for(Duration::from_secs(30), || {
            let jobs = self.jobs(queue);
            (jobs.len() >= n && jobs.iter().all(|j| j.complete)).then_some(jobs)
        })
        .unwrap_or_else(|| {
            panic!(
                "BSD queue {queue} holds {} jobs, not {n}, after 30 s\n{}",
                self.jobs(queue).len(),
                self.log()
            )
        })
    }

    /// The daemon's output, its queues' log files and status files.
    pub fn log(&self) -> String {
        let root = self.state.path();
        let mut s = format!(
            "--- BSD lpd on 127.0.0.1:{} ({}) ---\n",
            self.port,
            root.display()
        );
        s.push_str(&fs::read_to_string(root.join("lpd.log")).unwrap_or_default());
        for (q, _) in &self.queues {
            let _ = writeln!(s, "--- {q} spool ---");
            s.push_str(&super::describe_spool(&self.spool_dir(q)));
            for (what, path) in [
                ("log", root.join(format!("{q}.log"))),
                ("status", self.spool_dir(q).join("status")),
            ] {
                if let Ok(text) = fs::read_to_string(path) {
                    let _ = writeln!(s, "--- {q} {what} ---\n{text}");
                }
            }
        }
        s
    }
}

impl Drop for BsdServer {
    fn drop(&mut self) {
        let addr = self.addr();
        run::kill_namespace_listening_on(&mut self.child, addr);
    }
}

fn write(path: &Path, data: &[u8]) -> Result<(), String> {
    fs::write(path, data).map_err(|e| format!("write {}: {e}", path.display()))
}
