//! Runs the real client binaries with a cleared environment.
//!
//! No `PRINTER`, `LPDEST`, `NO_COLOR` or anything else leaks in from the
//! test runner; `HOME` and the `XDG_*` folders point into a fresh temporary
//! folder, and every run gets `--config` on an (initially empty) file in it,
//! so no test reads the real `$HOME` or `/etc/lpkit`.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The path of a client binary built by Cargo for this test crate.
pub fn bin(tool: &str) -> &'static str {
    match tool {
        "lpr" => env!("CARGO_BIN_EXE_lpr"),
        "lpq" => env!("CARGO_BIN_EXE_lpq"),
        "lprm" => env!("CARGO_BIN_EXE_lprm"),
        "lpc" => env!("CARGO_BIN_EXE_lpc"),
        other => panic!("no client binary {other}"),
    }
}

/// A command line to run, with its private home folder.
#[derive(Debug)]
pub struct Cmd {
    tool: &'static str,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
    stdin: Option<Vec<u8>>,
    home: tempfile::TempDir,
    config: bool,
}

/// What a run produced.
#[derive(Debug)]
pub struct Run {
    /// The exit status (`None`: killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: Vec<u8>,
}

impl Run {
    /// Standard output as text.
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    /// Standard error as text.
    pub fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    /// Asserts the exit status, showing both streams when it differs.
    #[track_caller]
    pub fn code(&self, want: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(want),
            "exit status\n--- stdout:\n{}\n--- stderr:\n{}",
            self.out(),
            self.err()
        );
        self
    }
    /// Asserts success.
    #[track_caller]
    pub fn ok(&self) -> &Self {
        self.code(0)
    }
    /// Asserts that stderr contains `needle`.
    #[track_caller]
    pub fn err_has(&self, needle: &str) -> &Self {
        assert!(
            self.err().contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.err()
        );
        self
    }
    /// Asserts that stdout contains `needle`.
    #[track_caller]
    pub fn out_has(&self, needle: &str) -> &Self {
        assert!(
            self.out().contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.out()
        );
        self
    }
}

/// A command line for `tool`.
pub fn tool(tool: &'static str) -> Cmd {
    Cmd {
        tool,
        args: Vec::new(),
        envs: Vec::new(),
        stdin: None,
        home: tempfile::tempdir().expect("temp home"),
        config: true,
    }
}

/// `lpr`.
pub fn lpr() -> Cmd {
    tool("lpr")
}
/// `lpq`.
pub fn lpq() -> Cmd {
    tool("lpq")
}
/// `lprm`.
pub fn lprm() -> Cmd {
    tool("lprm")
}
/// `lpc`.
pub fn lpc() -> Cmd {
    tool("lpc")
}

impl Cmd {
    /// Adds an argument.
    pub fn arg(mut self, a: impl Into<OsString>) -> Self {
        self.args.push(a.into());
        self
    }
    /// Adds arguments.
    pub fn args<I: IntoIterator<Item = S>, S: Into<OsString>>(mut self, a: I) -> Self {
        self.args.extend(a.into_iter().map(Into::into));
        self
    }
    /// Sets an environment variable.
    pub fn env(mut self, k: impl Into<OsString>, v: impl Into<OsString>) -> Self {
        self.envs.push((k.into(), v.into()));
        self
    }
    /// Feeds standard input (otherwise it is empty, /dev/null).
    pub fn stdin(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(data.into());
        self
    }
    /// Does not add `--config` (for tests of the option itself or usage).
    pub fn no_config(mut self) -> Self {
        self.config = false;
        self
    }
    /// The private home folder.
    pub fn home(&self) -> &Path {
        self.home.path()
    }
    /// The config file every run points at with `--config`.
    pub fn config_path(&self) -> PathBuf {
        self.home.path().join("lpkit.toml")
    }
    /// Writes the config file.
    pub fn config(self, toml: &str) -> Self {
        std::fs::write(self.config_path(), toml).expect("write config");
        self
    }
    /// Writes a file into the home folder and returns its path.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.home.path().join(name);
        std::fs::write(&p, content).expect("write file");
        p
    }

    /// Runs the command (bounded: killed after a minute).
    pub fn run(self) -> Run {
        let home = self.home.path();
        if self.config && !self.config_path().exists() {
            std::fs::write(self.config_path(), "").expect("write empty config");
        }
        let mut c = Command::new(bin(self.tool));
        c.env_clear()
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CACHE_HOME", home.join("xdg-cache"))
            .env("XDG_RUNTIME_DIR", home.join("xdg-runtime"))
            .env("TMPDIR", home)
            .env("LC_ALL", "C")
            .current_dir(home);
        if let Some(path) = std::env::var_os("PATH") {
            c.env("PATH", path);
        }
        for (k, v) in &self.envs {
            c.env(k, v);
        }
        if self.config {
            c.arg("--config").arg(self.config_path());
        }
        c.args(&self.args)
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn client binary");
        let writer = self.stdin.map(|data| {
            let mut pipe = child.stdin.take().expect("stdin pipe");
            std::thread::spawn(move || {
                let _ = pipe.write_all(&data);
            })
        });
        // Collect output on a thread so that a full pipe cannot block us,
        // and kill the child if it outlives its bound.
        let pid = child.id();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait_with_output());
        });
        let out = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(out) => out.expect("collect output"),
            Err(_) => {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid as i32),
                    nix::sys::signal::Signal::SIGKILL,
                );
                panic!("{} did not finish within 60 s", self.tool);
            }
        };
        if let Some(w) = writer {
            let _ = w.join();
        }
        Run {
            code: out.status.code(),
            stdout: out.stdout,
            stderr: out.stderr,
        }
    }
}
