//! The `lpd` binary: configuration checking, exit codes, systemd readiness.

use crate::support::lpd::*;
use std::process::Command;

fn lpd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lpd"));
    for v in [
        "RUST_LOG",
        "NOTIFY_SOCKET",
        "LISTEN_FDS",
        "LISTEN_PID",
        "JOURNAL_STREAM",
        "INVOCATION_ID",
    ] {
        c.env_remove(v);
    }
    c
}

#[test]
fn check_config_accepts_a_good_file_and_lists_the_queues() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("lpd.toml");
    std::fs::write(
        &cfg,
        "[[queue.laser.device]]\ntype = \"socket\"\naddress = \"192.0.2.10:9100\"\n",
    )
    .unwrap();
    let out = lpd()
        .args([
            "--check-config",
            "--spool",
            "/nonexistent/spool",
            "--config",
        ])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("configuration OK: spool /nonexistent/spool, 1 queue(s)"),
        "{text}"
    );
    assert!(text.contains("laser: socket 192.0.2.10:9100"), "{text}");
}

#[test]
fn a_bad_config_is_refused_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("lpd.toml");
    std::fs::write(&cfg, "[limits]\nmax_line = 4096\nidle_timout = \"5s\"\n").unwrap();
    let out = lpd()
        .arg("--check-config")
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:3:", cfg.display())), "{err}");
    assert!(err.contains("limits.idle_timout"), "{err}");
}

#[test]
fn a_missing_explicit_config_is_an_error() {
    let out = lpd()
        .args(["--check-config", "--config", "/nonexistent/lpd.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/lpd.toml"));
}

#[test]
fn bad_usage_exits_64() {
    let out = lpd()
        .arg("--listen")
        .arg("not-an-address")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn readiness_is_sent_to_notify_socket() {
    let dir = tempfile::tempdir().unwrap();
    let sock_path = dir.path().join("notify");
    let sock = std::os::unix::net::UnixDatagram::bind(&sock_path).unwrap();
    sock.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
    std::fs::write(dir.path().join("empty.toml"), "").unwrap();
    let mut child = lpd()
        .args(["--listen", "127.0.0.1:0", "--spool"])
        .arg(dir.path().join("spool"))
        .arg("--config")
        .arg(dir.path().join("empty.toml"))
        .env("NOTIFY_SOCKET", &sock_path)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut buf = [0u8; 64];
    let r = sock.recv(&mut buf);
    let _ = child.kill();
    let _ = child.wait();
    let n = r.expect("READY=1 datagram");
    assert_eq!(&buf[..n], b"READY=1");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let lpd = ChildLpd::spawn(&dir.path().join("spool"), None);
    let pid = nix::unistd::Pid::from_raw(lpd.pid() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    wait_until("lpd exits after SIGTERM", || {
        std::net::TcpStream::connect(lpd.addr()).is_err()
    });
}
