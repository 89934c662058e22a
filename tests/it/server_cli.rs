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

#[test]
fn the_example_config_is_valid() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lpd.toml");
    let out = lpd()
        .arg("--check-config")
        .arg("--config")
        .arg(&example)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for q in ["laser", "pool", "usb", "relay", "pdf", "archive"] {
        assert!(text.contains(&format!("  {q}: ")), "{q} missing: {text}");
    }
}

#[test]
fn listens_on_ipv6_and_ipv4_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.toml"), "").unwrap();
    let mut child = lpd()
        .args([
            "--listen",
            "[::1]:0",
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "text",
        ])
        .arg("--spool")
        .arg(dir.path().join("spool"))
        .arg("--config")
        .arg(dir.path().join("empty.toml"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut addrs = Vec::new();
    use std::io::BufRead;
    for line in std::io::BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
    {
        if let Some(a) = line.split("addr=").nth(1) {
            addrs.push(a.trim().parse::<std::net::SocketAddr>().unwrap());
        }
        if addrs.len() == 2 {
            break;
        }
    }
    let v6 = addrs.iter().find(|a| a.is_ipv6()).copied();
    let v4 = addrs.iter().find(|a| a.is_ipv4()).copied();
    let answers = (
        v6.map(|a| request(a, b"\x03lp\n")),
        v4.map(|a| request(a, b"\x03lp\n")),
    );
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(answers.0.as_deref(), Some("no entries\n"));
    assert_eq!(answers.1.as_deref(), Some("no entries\n"));
}

#[test]
fn user_option_drops_root_after_binding() {
    let dir = tempfile::tempdir().unwrap();
    let spool = dir.path().join("spool");
    std::fs::write(dir.path().join("empty.toml"), "").unwrap();
    let mut cmd = lpd();
    cmd.args(["--listen", "127.0.0.1:0", "--user", "nobody", "--spool"])
        .arg(&spool)
        .arg("--config")
        .arg(dir.path().join("empty.toml"))
        .stderr(std::process::Stdio::piped());
    if !nix::unistd::geteuid().is_root() {
        // Only root can switch users: refused with exit 77.
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(77));
        return;
    }
    // nobody must be able to create the spool.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut child = cmd.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    use std::io::BufRead;
    let mut ready = false;
    for line in std::io::BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
    {
        if line.contains("lpd ready") {
            ready = true;
            break;
        }
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(ready);
    let nobody = nix::unistd::User::from_name("nobody").unwrap().unwrap();
    let uid_line = status.lines().find(|l| l.starts_with("Uid:")).unwrap();
    assert!(
        uid_line
            .split_whitespace()
            .skip(1)
            .all(|u| u == nobody.uid.to_string()),
        "{uid_line}"
    );
    use std::os::unix::fs::MetadataExt;
    assert_eq!(
        std::fs::metadata(&spool).unwrap().uid(),
        nobody.uid.as_raw()
    );
}

#[test]
fn socket_activation_serves_the_socket_systemd_passes() {
    let tool = std::path::Path::new("/usr/bin/systemd-socket-activate");
    if !tool.exists() {
        eprintln!("systemd-socket-activate not installed; socket activation not exercised");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.toml"), "").unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(tool)
        .arg("-l")
        .arg(format!("127.0.0.1:{port}"))
        .arg(env!("CARGO_BIN_EXE_lpd"))
        .arg("--spool")
        .arg(dir.path().join("spool"))
        .arg("--config")
        .arg(dir.path().join("empty.toml"))
        // An address lpd must NOT bind: it uses the passed socket instead.
        .args(["--listen", "127.0.0.1:1"])
        .env_remove("LISTEN_FDS")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut answer = None;
    wait_until("the activated lpd answers", || {
        if std::net::TcpStream::connect(addr).is_err() {
            return false;
        }
        answer = Some(request(addr, b"\x03lp\n"));
        true
    });
    let _ = child.kill();
    let _ = child.wait();
    // systemd-socket-activate execs lpd in the same process.
    assert_eq!(answer.as_deref(), Some("no entries\n"));
}

/// The first log line of an lpd started with `--log-format FORMAT`.
fn first_log_line(format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.toml"), "").unwrap();
    let mut child = lpd()
        .args(["--listen", "127.0.0.1:0", "--log-format", format, "--spool"])
        .arg(dir.path().join("spool"))
        .arg("--config")
        .arg(dir.path().join("empty.toml"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let mut line = String::new();
    let _ = std::io::BufReader::new(child.stderr.take().unwrap()).read_line(&mut line);
    let _ = child.kill();
    let _ = child.wait();
    line
}

#[test]
fn journal_log_lines_carry_syslog_priorities() {
    let line = first_log_line("journal");
    let b = line.as_bytes();
    assert!(
        b.len() > 3 && b[0] == b'<' && b"3467".contains(&b[1]) && b[2] == b'>',
        "{line:?}"
    );
    assert!(!line.contains('\x1b'), "{line:?}");
}

#[test]
fn json_log_lines_are_json_objects() {
    let line = first_log_line("json");
    let v: serde_json::Value = serde_json::from_str(line.trim_end()).unwrap();
    assert!(
        ["INFO", "WARN"].contains(&v["level"].as_str().unwrap()),
        "{v}"
    );
    assert!(v["fields"]["message"].is_string(), "{v}");
}
