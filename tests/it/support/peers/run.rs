//! Running a peer program: bounded waits, private mount and PID namespaces,
//! free ports.

use super::{PeerOutput, peers_dir};
use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU16, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// How long a daemon may take to accept connections.
pub(crate) const STARTUP: Duration = Duration::from_secs(20);
/// How long a client program may run by default.
pub(crate) const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);
/// The step of every polling loop.
pub(crate) const POLL: Duration = Duration::from_millis(20);

/// A port on 127.0.0.1 that is free now, outside the ephemeral range
/// (so no outgoing connection takes it) and never handed out twice by this
/// process. Each test process starts at a different random point, so
/// concurrent test runs seldom meet; a port someone else holds is skipped.
pub fn free_port() -> u16 {
    const LOW: u16 = 20_000;
    const SPAN: u16 = 12_000; // 20000..32000; Linux gives ephemeral ports from 32768
    static NEXT: AtomicU16 = AtomicU16::new(0);
    let _ = NEXT.compare_exchange(
        0,
        1 + (std::process::id() as u16 ^ seed()) % SPAN,
        Ordering::SeqCst,
        Ordering::SeqCst,
    );
    for _ in 0..SPAN {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let port = LOW + n % SPAN;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!(
        "no free TCP port on 127.0.0.1 between {LOW} and {}",
        LOW + SPAN
    )
}

fn seed() -> u16 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| (d.subsec_nanos() >> 10) as u16)
        .unwrap_or(0)
}

/// The folders of a peer package that hold shared libraries, for
/// `LD_LIBRARY_PATH` (libraries `.ci/peers.sh` unpacked next to the peer).
pub(crate) fn lib_path(packages: &[&str]) -> String {
    let mut dirs = Vec::new();
    for p in packages {
        let root = peers_dir().join(p);
        for sub in [
            "lib/x86_64-linux-gnu",
            "usr/lib/x86_64-linux-gnu",
            "lib",
            "usr/lib",
        ] {
            let d = root.join(sub);
            if d.is_dir() {
                dirs.push(d.display().to_string());
            }
        }
    }
    dirs.join(":")
}

/// An environment without the caller's printer variables, home or locale.
pub(crate) fn clean_env(cmd: &mut Command, packages: &[&str], home: &Path) {
    cmd.env_clear()
        .env(
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        )
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .env("TZ", "UTC")
        .env("HOME", home)
        .env("LD_LIBRARY_PATH", lib_path(packages));
}

/// Quotes a word for `sh`.
pub(crate) fn sh_quote(s: impl AsRef<str>) -> String {
    format!("'{}'", s.as_ref().replace('\'', r"'\''"))
}

/// A mount the namespace script makes before it runs anything.
#[derive(Debug, Clone)]
pub(crate) enum Overlay {
    /// `target` shows `lower` on top of itself, read-only.
    ReadOnly {
        target: &'static str,
        lower: PathBuf,
    },
    /// `target` becomes writable; changes land in `upper`.
    Writable {
        target: &'static str,
        upper: PathBuf,
        work: PathBuf,
    },
}

impl Overlay {
    pub(crate) fn writable(target: &'static str, state: &Path) -> Overlay {
        let name = target.trim_start_matches('/').replace('/', "-");
        let upper = state.join(format!("ns/{name}-upper"));
        let work = state.join(format!("ns/{name}-work"));
        for d in [&upper, &work] {
            fs::create_dir_all(d).unwrap_or_else(|e| panic!("create {}: {e}", d.display()));
        }
        Overlay::Writable {
            target,
            upper,
            work,
        }
    }

    fn mount_line(&self) -> String {
        match self {
            Overlay::ReadOnly { target, lower } => format!(
                "mount -t overlay lpkit -o lowerdir={}:{target} {target}",
                sh_quote(lower.display().to_string())
            ),
            Overlay::Writable {
                target,
                upper,
                work,
            } => format!(
                "mount -t overlay lpkit -o lowerdir={target},upperdir={},workdir={} {target}",
                sh_quote(upper.display().to_string()),
                sh_quote(work.display().to_string())
            ),
        }
    }
}

/// The namespace script body that runs `"$@"` as a child of the shell, with
/// the shell's stdin, and exits with its status. The shell stays the
/// namespace's first process: unlike a peer that `setuid`s (which clears the
/// parent-death signal `--kill-child` relies on), it surely dies with
/// `unshare`, and with it every process of the namespace.
pub(crate) const RUN_AS_CHILD: &str = "exec 3<&0\n\"$@\" <&3 3<&- &\nwait $!\n";

/// A command that runs `body` (a `sh` script fragment that sees the program
/// and its arguments as `"$@"`) inside a private mount namespace with the
/// given overlays, and a private PID namespace that dies with the returned
/// process (`unshare --kill-child`): killing it ends every process the peer
/// started, whatever they forked.
pub(crate) fn namespaced(
    overlays: &[Overlay],
    body: &str,
    program: &Path,
    args: &[String],
) -> Command {
    let mut script = String::from("set -e\n");
    for o in overlays {
        script.push_str(&o.mount_line());
        script.push('\n');
    }
    script.push_str(body);
    let mut cmd = Command::new("unshare");
    cmd.args([
        "--mount",
        "--pid",
        "--fork",
        "--kill-child",
        "--propagation",
        "private",
        "sh",
        "-c",
        &script,
        "sh",
    ])
    .arg(program)
    .args(args);
    cmd
}

/// Runs a program to completion with a bounded wait; stdin is `input` (or
/// empty). A program still running after `timeout` is killed and reported
/// as timed out.
pub(crate) fn run(
    label: &str,
    mut cmd: Command,
    input: Option<&[u8]>,
    timeout: Duration,
) -> PeerOutput {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("{label}: cannot start {cmd:?}: {e}"));
    let mut stdin = child.stdin.take();
    let input = input.map(<[u8]>::to_vec);
    let writer = thread::spawn(move || {
        if let (Some(mut w), Some(data)) = (stdin.take(), input) {
            let _ = w.write_all(&data);
        }
    });
    let out = reader(child.stdout.take());
    let err = reader(child.stderr.take());
    let deadline = Instant::now() + timeout;
    let (status, timed_out) = loop {
        match child.try_wait() {
            Ok(Some(st)) => break (st.code(), false),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break (None, true);
            }
            Ok(None) => thread::sleep(POLL),
            Err(e) => panic!("{label}: waiting for {cmd:?}: {e}"),
        }
    };
    let _ = writer.join();
    PeerOutput {
        program: label.to_owned(),
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        timed_out,
        notes: Vec::new(),
    }
}

fn reader<R: Read + Send + 'static>(r: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut r) = r {
            let _ = r.read_to_end(&mut buf);
        }
        buf
    })
}

/// Waits until something accepts TCP connections at `addr` while `child`
/// is still alive. Returns a description of the failure otherwise.
pub(crate) fn wait_listening(child: &mut Child, addr: SocketAddr) -> Result<(), String> {
    let deadline = Instant::now() + STARTUP;
    loop {
        if let Ok(Some(st)) = child.try_wait() {
            return Err(format!(
                "the daemon exited ({st}) before accepting on {addr}"
            ));
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(250)).is_ok() {
            // Still ours? A daemon that lost the port to someone else exits.
            thread::sleep(POLL);
            return match child.try_wait() {
                Ok(Some(st)) => Err(format!(
                    "the daemon exited ({st}); {addr} belongs to another process"
                )),
                _ => Ok(()),
            };
        }
        if Instant::now() >= deadline {
            return Err(format!("nothing accepted on {addr} within {STARTUP:?}"));
        }
        thread::sleep(POLL);
    }
}

/// Polls `f` until it returns `Some`, at most `timeout`.
pub fn wait_for<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() >= deadline {
            return None;
        }
        thread::sleep(POLL);
    }
}

/// Kills a namespace's first process (and so every process in it) and
/// reaps it.
pub(crate) fn kill_namespace(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Kills the namespace and waits (bounded) until nothing listens on `addr`
/// any more: the kernel tears down the rest of a PID namespace only after
/// its first process is gone, so the daemon may accept for a moment longer.
pub(crate) fn kill_namespace_listening_on(child: &mut Child, addr: std::net::SocketAddr) {
    kill_namespace(child);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < deadline
        && std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(200))
            .is_ok()
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Makes a folder owned by `lp` with the given mode.
pub(crate) fn lp_dir(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::create_dir_all(path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
    chown_lp(path);
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", path.display()));
}

/// Makes a file owned by `lp` with the given contents and mode.
pub(crate) fn lp_file(path: &Path, contents: &[u8], mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    chown_lp(path);
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", path.display()));
}

/// Makes a FIFO owned by `lp` and opens its reading end, which the caller
/// keeps and never reads: a device that takes one pipe buffer (64 KiB) and
/// then blocks its writer for good.
pub(crate) fn lp_fifo(path: &Path) -> fs::File {
    use std::os::unix::fs::OpenOptionsExt;
    nix::unistd::mkfifo(path, nix::sys::stat::Mode::from_bits_truncate(0o666))
        .unwrap_or_else(|e| panic!("mkfifo {}: {e}", path.display()));
    chown_lp(path);
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(path)
        .unwrap_or_else(|e| panic!("open {} for reading: {e}", path.display()))
}

fn chown_lp(path: &Path) {
    let user = nix::unistd::User::from_name("lp")
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("user lp does not exist (run .ci/peers.sh)"));
    nix::unistd::chown(path, Some(user.uid), Some(user.gid))
        .unwrap_or_else(|e| panic!("chown lp {}: {e}", path.display()));
}

/// A state folder that the peers' unprivileged processes can traverse.
pub(crate) fn state_dir(prefix: &str) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .unwrap_or_else(|e| panic!("create a temporary folder: {e}"));
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", dir.path().display()));
    dir
}
