//! The peers' client programs, run against any host and port.

use super::run::{self, Overlay};
use super::{PeerOutput, Target, bsd, peers_dir};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A peer client program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// LPRng `lpr`: `lpr -P queue@host%port ARGS…`.
    LprngLpr,
    /// LPRng `lpq`: `lpq -P queue@host%port ARGS…` (always sends `\x04`
    /// unless `-s`, which sends `\x03`).
    LprngLpq,
    /// LPRng `lprm`: `lprm -P queue@host%port ARGS…`.
    LprngLprm,
    /// LPRng `lpc`: `lpc VERB queue@host%port OPERANDS…`; ARGS are the verb
    /// and its operands.
    LprngLpc,
    /// `rlpr -H host --port=PORT -P queue [-N] ARGS…`.
    Rlpr,
    /// `rlpq -H host --port=PORT -P queue [-N] ARGS…`.
    Rlpq,
    /// `rlprm -H host --port=PORT -P queue [-N] ARGS…`.
    Rlprm,
    /// BSD `lpr -P queue ARGS…`, through a private forwarding `lpd -s`.
    BsdLpr,
    /// BSD `lpq -P queue ARGS…`.
    BsdLpq,
    /// BSD `lprm -P queue ARGS…`.
    BsdLprm,
    /// CUPS' `lpd` backend; ARGS are `job-id user title copies options [file]`.
    CupsLpdBackend,
}

impl Tool {
    /// The peer package (folder under `peers_dir()`) and program path.
    fn program(self) -> (&'static str, &'static str) {
        match self {
            Tool::LprngLpr => ("lprng", "usr/bin/lpr"),
            Tool::LprngLpq => ("lprng", "usr/bin/lpq"),
            Tool::LprngLprm => ("lprng", "usr/bin/lprm"),
            Tool::LprngLpc => ("lprng", "usr/sbin/lpc"),
            Tool::Rlpr => ("rlpr", "usr/bin/rlpr"),
            Tool::Rlpq => ("rlpr", "usr/bin/rlpq"),
            Tool::Rlprm => ("rlpr", "usr/bin/rlprm"),
            Tool::BsdLpr => ("lpr", "usr/bin/lpr"),
            Tool::BsdLpq => ("lpr", "usr/bin/lpq"),
            Tool::BsdLprm => ("lpr", "usr/bin/lprm"),
            Tool::CupsLpdBackend => ("cups", "usr/lib/cups/backend-available/lpd"),
        }
    }
}

/// One run of a peer client: a builder, then [`Client::run`].
#[derive(Debug, Clone)]
pub struct Client {
    tool: Tool,
    target: Target,
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    cwd: Option<PathBuf>,
    reserved_port: Option<bool>,
    uri_options: Vec<(String, String)>,
    env: Vec<(String, String)>,
    timeout: Duration,
}

impl Client {
    /// `tool` aimed at `target`, no arguments yet.
    pub fn new(tool: Tool, target: &Target) -> Self {
        Client {
            tool,
            target: target.clone(),
            args: Vec::new(),
            stdin: None,
            cwd: None,
            reserved_port: None,
            uri_options: Vec::new(),
            env: Vec::new(),
            timeout: run::CLIENT_TIMEOUT,
        }
    }

    /// Appends one argument.
    pub fn arg(mut self, a: impl Into<String>) -> Self {
        self.args.push(a.into());
        self
    }

    /// Appends arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// What the program reads on stdin (default: nothing, EOF at once).
    pub fn stdin(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(data.into());
        self
    }

    /// The working folder (so that relative file names stay stable in
    /// control files).
    pub fn cwd(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = Some(dir.as_ref().to_owned());
        self
    }

    /// rlpr: bind a reserved source port (`true`, rlpr's own default as
    /// root) or an ordinary one (`-N`, this harness's default: rlpr has
    /// only 11 reserved ports and TIME_WAIT exhausts them). CUPS: sets
    /// `reserve=rfc1179` or `reserve=none` in the URI.
    pub fn reserved_port(mut self, yes: bool) -> Self {
        self.reserved_port = Some(yes);
        self
    }

    /// CUPS: adds `name=value` to the `DEVICE_URI` query (`order`,
    /// `mode`, `reserve`, `format`, `banner`, `timeout`, …).
    pub fn uri_option(mut self, name: &str, value: &str) -> Self {
        self.uri_options.push((name.into(), value.into()));
        self
    }

    /// Sets an environment variable for the program.
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    /// How long the program may run (default 60 s).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// The `DEVICE_URI` a CUPS backend run uses.
    pub fn device_uri(&self) -> String {
        let mut uri = format!(
            "lpd://{}:{}/{}",
            self.target.host, self.target.port, self.target.queue
        );
        let mut opts = self.uri_options.clone();
        if let Some(r) = self.reserved_port {
            opts.retain(|(k, _)| k != "reserve");
            opts.push(("reserve".into(), if r { "rfc1179" } else { "none" }.into()));
        }
        for (i, (k, v)) in opts.iter().enumerate() {
            let _ = write!(uri, "{}{k}={v}", if i == 0 { '?' } else { '&' });
        }
        uri
    }

    /// Runs the program to completion (bounded) and returns what it did.
    pub fn run(self) -> PeerOutput {
        let (pkg, rel) = self.tool.program();
        let program = peers_dir().join(pkg).join(rel);
        let state = run::state_dir("lpkit-client-");
        let root = state.path();
        let t = &self.target;
        let (mut cmd, label) = match self.tool {
            Tool::LprngLpr | Tool::LprngLpq | Tool::LprngLprm | Tool::LprngLpc => {
                let etc = root.join("etc/lprng");
                must(fs::create_dir_all(&etc), &etc);
                let printcap = root.join("printcap");
                must(fs::write(&printcap, b""), &printcap);
                let conf = format!(
                    "unix_socket_path=off\nprintcap_path={}\nforce_localhost@\nmc=0\n",
                    printcap.display()
                );
                must(fs::write(etc.join("lpd.conf"), conf), &etc);
                let mut args = Vec::new();
                if self.tool == Tool::LprngLpc {
                    let mut it = self.args.iter().cloned();
                    args.extend(it.next());
                    args.push(t.lprng());
                    args.extend(it);
                } else {
                    args.extend(["-P".to_string(), t.lprng()]);
                    args.extend(self.args.iter().cloned());
                }
                let label = format!(
                    "LPRng {} {}",
                    rel.rsplit('/').next().unwrap_or(rel),
                    args.join(" ")
                );
                let overlays = [Overlay::ReadOnly {
                    target: "/etc",
                    lower: root.join("etc"),
                }];
                (
                    run::namespaced(&overlays, run::RUN_AS_CHILD, &program, &args),
                    label,
                )
            }
            Tool::Rlpr | Tool::Rlpq | Tool::Rlprm => {
                let mut args = vec![
                    "-H".to_string(),
                    t.host.clone(),
                    format!("--port={}", t.port),
                    "-P".to_string(),
                    t.queue.clone(),
                ];
                if !self.reserved_port.unwrap_or(false) {
                    args.push("-N".into());
                }
                args.extend(self.args.iter().cloned());
                let mut cmd = std::process::Command::new(&program);
                cmd.args(&args);
                (
                    cmd,
                    format!(
                        "{} {}",
                        rel.rsplit('/').next().unwrap_or(rel),
                        args.join(" ")
                    ),
                )
            }
            Tool::BsdLpq | Tool::BsdLprm | Tool::BsdLpr => {
                let sd = root.join("spool").join(&t.queue);
                run::lp_dir(&root.join("spool"), 0o755);
                run::lp_dir(&sd, 0o775);
                // An address that is not "this host", so the queue is remote
                // (plain 127.0.0.1 would be printed locally).
                let host = if t.host == "127.0.0.1" {
                    "::ffff:127.0.0.1".to_string()
                } else {
                    t.host.clone()
                };
                let printcap = format!(
                    "{q}:rm={}:rp={q}:sd={}:lp=:lf={}:mx#0:\n",
                    bsd::printcap_escape(&host),
                    bsd::printcap_escape(&sd.display().to_string()),
                    bsd::printcap_escape(&root.join("lpd.log").display().to_string()),
                    q = t.queue
                );
                if let Err(e) = bsd::write_etc(&root.join("etc"), t.port, &printcap) {
                    panic!("BSD client setup: {e}");
                }
                let mut args = vec!["-P".to_string(), t.queue.clone()];
                args.extend(self.args.iter().cloned());
                let name = rel.rsplit('/').next().unwrap_or(rel);
                let label = format!("BSD {name} {} (to {}:{})", args.join(" "), t.host, t.port);
                let body = if self.tool == Tool::BsdLpr {
                    let lpd = peers_dir().join("lpr/usr/sbin/lpd");
                    format!(
                        "mkdir -p /var/spool/lpd\n\
                         {lpd} -s\n\
                         i=0; while [ ! -S /dev/printer ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i+1)); done\n\
                         set +e\n\
                         \"$@\"\n\
                         rc=$?\n\
                         i=0; while ls {sd}/cf* >/dev/null 2>&1 && [ $i -lt 1000 ]; do sleep 0.02; i=$((i+1)); done\n\
                         exit $rc\n",
                        lpd = run::sh_quote(lpd.display().to_string()),
                        sd = run::sh_quote(sd.display().to_string()),
                    )
                } else {
                    run::RUN_AS_CHILD.to_string()
                };
                (
                    run::namespaced(&bsd::overlays(root), &body, &program, &args),
                    label,
                )
            }
            Tool::CupsLpdBackend => {
                let mut cmd = std::process::Command::new(&program);
                cmd.args(&self.args);
                let label = format!(
                    "CUPS lpd backend {} (DEVICE_URI={})",
                    self.args.join(" "),
                    self.device_uri()
                );
                (cmd, label)
            }
        };
        run::clean_env(&mut cmd, &[pkg], root);
        if self.tool == Tool::CupsLpdBackend {
            cmd.env("DEVICE_URI", self.device_uri());
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd.current_dir(self.cwd.as_deref().unwrap_or(root));
        let mut out = run::run(&label, cmd, self.stdin.as_deref(), self.timeout);
        if self.tool == Tool::BsdLpr {
            let left: Vec<String> = fs::read_dir(root.join("spool").join(&t.queue))
                .map(|rd| {
                    rd.flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .filter(|n| n.starts_with("cf"))
                        .collect()
                })
                .unwrap_or_default();
            if !left.is_empty() {
                out.notes.push(format!(
                    "the forwarding lpd did not send {} to {}:{} in time",
                    left.join(", "),
                    t.host,
                    t.port
                ));
            }
        }
        out
    }
}

fn must<T, E: std::fmt::Display>(r: Result<T, E>, path: &Path) -> T {
    r.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
