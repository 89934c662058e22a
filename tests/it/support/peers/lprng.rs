//! An LPRng `lpd` on 127.0.0.1 with a generated configuration.
//!
//! Debian's LPRng reads only `/etc/lprng/lpd.conf`, so the daemon runs in a
//! private mount namespace whose `/etc` is an overlay with the state folder's
//! `etc/` on top. Everything else (printcap, perms, lock file, spool folders)
//! lives in the state folder by configuration.

use super::run::{self, Overlay};
use super::{QueueMode, SpooledJob, Target, peers_dir, read_spool};
use std::fmt::Write as _;
use std::fs::{self, File};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;
use tempfile::TempDir;

/// How to start an [`LprngServer`].
#[derive(Debug, Clone, Default)]
pub struct LprngBuilder {
    queues: Vec<(String, QueueMode)>,
    reserved_ports: bool,
    debug: Option<String>,
    conf: Vec<String>,
    printcap: Vec<(String, String)>,
}

impl LprngBuilder {
    /// Adds a queue that accepts jobs and never prints them
    /// (`printing_disabled` in its `control.pr`, what `lpc stop` writes).
    pub fn held(mut self, queue: &str) -> Self {
        self.queues.push((queue.into(), QueueMode::Held));
        self
    }

    /// Adds a queue that prints every job, unfiltered and without banner,
    /// to its output file ([`LprngServer::output_path`]).
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

    /// Refuses connections from source ports outside 1–1023
    /// (`REJECT SERVICE=X NOT PORT=1-1023` in `lpd.perms`).
    pub fn require_reserved_port(mut self) -> Self {
        self.reserved_ports = true;
        self
    }

    /// Runs the daemon with `-D LEVEL`; its log is then in [`LprngServer::log`].
    pub fn debug(mut self, level: &str) -> Self {
        self.debug = Some(level.into());
        self
    }

    /// Appends a line to the generated `lpd.conf`.
    pub fn conf_line(mut self, line: &str) -> Self {
        self.conf.push(line.into());
        self
    }

    /// Appends `:OPTION:` to the printcap entry of `queue`.
    pub fn printcap_option(mut self, queue: &str, option: &str) -> Self {
        self.printcap.push((queue.into(), option.into()));
        self
    }

    /// Starts the daemon and waits (bounded) until it accepts connections.
    /// Panics, with the daemon's log, if it does not.
    pub fn start(self) -> LprngServer {
        let mut last = String::new();
        for _ in 0..3 {
            match LprngServer::try_start(&self) {
                Ok(s) => return s,
                Err(e) => last = e,
            }
        }
        panic!("LPRng lpd did not start: {last}")
    }
}

/// A running LPRng `lpd`; dropping it kills the daemon and all its children.
#[derive(Debug)]
pub struct LprngServer {
    port: u16,
    child: Child,
    queues: Vec<(String, QueueMode)>,
    /// The reading ends of busy queues' FIFOs, held open and never read.
    fifos: Vec<File>,
    state: TempDir,
}

impl LprngServer {
    /// A builder with no queues yet.
    pub fn builder() -> LprngBuilder {
        LprngBuilder::default()
    }

    fn try_start(b: &LprngBuilder) -> Result<Self, String> {
        let state = run::state_dir("lpkit-lprng-");
        let root = state.path();
        let port = run::free_port();
        let etc = root.join("etc/lprng");
        fs::create_dir_all(&etc).map_err(|e| format!("create {}: {e}", etc.display()))?;
        run::lp_dir(&root.join("tmp"), 0o755);
        run::lp_dir(&root.join("spool"), 0o755);
        run::lp_dir(&root.join("out"), 0o755);

        let mut conf = String::new();
        let p = |n: &str| root.join(n).display().to_string();
        let _ = writeln!(conf, "lpd_listen_port=127.0.0.1%{port}");
        let _ = writeln!(conf, "lpd_port={port}");
        let _ = writeln!(conf, "unix_socket_path=off");
        let _ = writeln!(conf, "printcap_path={}", p("printcap"));
        let _ = writeln!(conf, "lpd_printcap_path={}", p("printcap"));
        let _ = writeln!(conf, "perms_path={}", p("lpd.perms"));
        let _ = writeln!(conf, "lockfile={}", p("lpd.lock"));
        let _ = writeln!(conf, "server_tmp_dir={}", p("tmp"));
        let _ = writeln!(conf, "user=lp");
        let _ = writeln!(conf, "group=lp");
        // Listings show only waiting jobs, not the last finished one.
        let _ = writeln!(conf, "done_jobs=0");
        let _ = writeln!(conf, "done_jobs_max_age=0");
        for l in &b.conf {
            let _ = writeln!(conf, "{l}");
        }
        write(&etc.join("lpd.conf"), conf.as_bytes())?;

        let mut printcap = String::new();
        let mut fifos = Vec::new();
        for (q, mode) in &b.queues {
            let sd = root.join("spool").join(q);
            run::lp_dir(&sd, 0o700);
            let out = root.join("out").join(q);
            if *mode == QueueMode::Busy {
                fifos.push(run::lp_fifo(&out));
            } else {
                run::lp_file(&out, b"", 0o644);
            }
            let _ = write!(
                printcap,
                "{q}:sd={}:lp={}:sh:sf:mx=0",
                sd.display(),
                out.display()
            );
            for (_, opt) in b.printcap.iter().filter(|(pq, _)| pq == q) {
                let _ = write!(printcap, ":{opt}");
            }
            printcap.push('\n');
            if *mode == QueueMode::Held {
                run::lp_file(&sd.join("control.pr"), b"printing_disabled=0x1\n", 0o600);
            }
        }
        write(&root.join("printcap"), printcap.as_bytes())?;

        let mut perms = String::new();
        if b.reserved_ports {
            perms.push_str("REJECT SERVICE=X NOT PORT=1-1023\n");
        }
        perms.push_str("DEFAULT ACCEPT\n");
        write(&root.join("lpd.perms"), perms.as_bytes())?;

        let log = File::create(root.join("lpd.log")).map_err(|e| format!("create lpd.log: {e}"))?;
        let log2 = log.try_clone().map_err(|e| format!("dup lpd.log: {e}"))?;
        let lpd = peers_dir().join("lprng/usr/sbin/lpd");
        let mut args = vec!["-F".to_string()];
        if let Some(level) = &b.debug {
            args.push(format!("-D{level}"));
        }
        let mut cmd = run::namespaced(
            &[Overlay::ReadOnly {
                target: "/etc",
                lower: root.join("etc"),
            }],
            run::RUN_AS_CHILD,
            &lpd,
            &args,
        );
        run::clean_env(&mut cmd, &["lprng"], root);
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
            return Err(format!("{e}\n--- lpd log ---\n{log}"));
        }
        Ok(LprngServer {
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

    /// The state folder (configuration, spool, output, log).
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
                "LPRng queue {queue} printed {} bytes, not {len}, in 30 s\n{}",
                self.output(queue).len(),
                self.log()
            )
        })
    }

    /// The jobs spooled in a queue now (LPRng keeps `hf*` files).
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
                "LPRng queue {queue} holds {} jobs, not {n}, after 30 s\n{}",
                self.jobs(queue).len(),
                self.log()
            )
        })
    }

    /// The daemon's output (with `debug`, its debug log) and the status
    /// files of its queues.
    pub fn log(&self) -> String {
        let mut s = format!(
            "--- LPRng lpd on 127.0.0.1:{} ({}) ---\n",
            self.port,
            self.state.path().display()
        );
        s.push_str(&fs::read_to_string(self.state.path().join("lpd.log")).unwrap_or_default());
        for (q, _) in &self.queues {
            let _ = writeln!(s, "--- {q} spool ---");
            s.push_str(&super::describe_spool(&self.spool_dir(q)));
            if let Ok(entries) = fs::read_dir(self.spool_dir(q)) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with("status") || name == "log" || name.starts_with("hf") {
                        let _ = writeln!(s, "--- {q}/{name} ---");
                        s.push_str(&fs::read_to_string(e.path()).unwrap_or_default());
                    }
                }
            }
        }
        s
    }
}

impl Drop for LprngServer {
    fn drop(&mut self) {
        let addr = self.addr();
        run::kill_namespace_listening_on(&mut self.child, addr);
    }
}

fn write(path: &Path, data: &[u8]) -> Result<(), String> {
    fs::write(path, data).map_err(|e| format!("write {}: {e}", path.display()))
}
