//! systemd integration without `unsafe`: socket activation
//! (`LISTEN_FDS`/`LISTEN_PID`, descriptors from 3, taken over with the
//! `listenfd` crate's safe API) and readiness notification (`READY=1` on the
//! `NOTIFY_SOCKET` datagram socket).
//!
//! A unit that uses both:
//!
//! ```ini
//! # lpd.socket
//! [Socket]
//! ListenStream=515
//! # lpd.service
//! [Service]
//! Type=notify
//! ExecStart=/usr/sbin/lpd --user lp
//! ```

use std::io;
use std::net::TcpListener;

/// The TCP listeners systemd passed (socket activation), if any. Each is
/// checked to be a listening TCP socket.
pub fn activated_listeners() -> io::Result<Option<Vec<TcpListener>>> {
    if std::env::var_os("LISTEN_FDS").is_none() {
        return Ok(None);
    }
    let mut fds = listenfd::ListenFd::from_env();
    if fds.len() == 0 {
        // LISTEN_PID names another process, or LISTEN_FDS is 0.
        return Ok(None);
    }
    let mut out = Vec::new();
    for i in 0..fds.len() {
        match fds.take_tcp_listener(i)? {
            Some(l) => out.push(l),
            None => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "socket activation: descriptor {} is not a TCP listener",
                        i + 3
                    ),
                ));
            }
        }
    }
    Ok(Some(out))
}

/// True when systemd started this process (it then stays in the
/// foreground and logs to the journal through stderr).
pub fn under_systemd() -> bool {
    [
        "INVOCATION_ID",
        "NOTIFY_SOCKET",
        "LISTEN_PID",
        "JOURNAL_STREAM",
    ]
    .iter()
    .any(|v| std::env::var_os(v).is_some())
}

/// Tells systemd the service is ready (`READY=1`), when `NOTIFY_SOCKET` is
/// set; otherwise does nothing.
pub fn notify_ready() -> io::Result<()> {
    notify("READY=1")
}

/// Tells systemd the service is stopping.
pub fn notify_stopping() -> io::Result<()> {
    notify("STOPPING=1")
}

fn notify(state: &str) -> io::Result<()> {
    let Some(path) = std::env::var_os("NOTIFY_SOCKET") else {
        return Ok(());
    };
    let sock = std::os::unix::net::UnixDatagram::unbound()?;
    let bytes = path.as_encoded_bytes();
    if let Some(name) = bytes.strip_prefix(b"@") {
        use std::os::linux::net::SocketAddrExt;
        let addr = std::os::unix::net::SocketAddr::from_abstract_name(name)?;
        sock.send_to_addr(state.as_bytes(), &addr)?;
    } else {
        sock.send_to(state.as_bytes(), std::path::Path::new(&path))?;
    }
    Ok(())
}
