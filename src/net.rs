//! Opening the TCP connection to an LPD server: name resolution, the
//! reserved source port of RFC 1179 §3.1, timeouts. The only client-side
//! user of `socket2`.
//!
//! RFC 1179 §3.1 says the source port of a client "MUST be in the range 721
//! to 731, inclusive". Binding such a port needs root or the capability
//! `CAP_NET_BIND_SERVICE`; lpkit never installs setuid. [`ReservedPort`]
//! chooses what to do:
//!
//! | mode | behaviour |
//! |---|---|
//! | [`ReservedPort::Auto`] (default) | try 721–731; when that is not permitted or every port is busy, use an ordinary port and record why in [`Connection::fallback`] |
//! | [`ReservedPort::Require`] | try 721–731; fail with [`NetError::ReservedNotPermitted`] / [`NetError::ReservedBusy`] |
//! | [`ReservedPort::Never`] | an ordinary port |
//!
//! The reserved ports are tried starting at a varying offset (from the
//! process id and the clock), so that quick successive runs do not all start
//! with a port whose last connection is still in `TIME_WAIT`; a port whose
//! address pair is still in `TIME_WAIT` fails `connect` with
//! `EADDRNOTAVAIL` and the next port is tried.
//!
//! Every socket gets `TCP_NODELAY` (the protocol is a ping-pong of small
//! lines and acknowledgements; Nagle's algorithm would add a delay to each),
//! a connect timeout and read/write timeouts. Every error names the host,
//! the port and the step that failed.

use socket2::{Domain, Protocol, SockAddr, Socket, Type};
use std::fmt;
use std::io::{self, IoSlice, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::ops::RangeInclusive;
use std::time::Duration;
use thiserror::Error;

/// The LPD port (RFC 1179 §3.1).
pub const DEFAULT_PORT: u16 = 515;

/// The source ports RFC 1179 §3.1 requires of a client.
pub const RESERVED_PORTS: RangeInclusive<u16> = 721..=731;

/// Default time allowed for the TCP handshake.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default time allowed for any single read or write to make progress.
pub const DEFAULT_IO_TIMEOUT: Duration = Duration::from_secs(60);

/// Whether to bind a reserved source port (721–731) before connecting.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ReservedPort {
    /// Try the reserved ports; use an ordinary port if that is not permitted
    /// or all are busy.
    #[default]
    Auto,
    /// Use a reserved port or fail.
    Require,
    /// Always use an ordinary port.
    Never,
}

impl ReservedPort {
    /// The name used in configuration files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ReservedPort::Auto => "auto",
            ReservedPort::Require => "require",
            ReservedPort::Never => "never",
        }
    }
}

impl fmt::Display for ReservedPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ReservedPort {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(ReservedPort::Auto),
            "require" => Ok(ReservedPort::Require),
            "never" => Ok(ReservedPort::Never),
            other => Err(format!(
                "unknown reserved-port mode {other:?} (expected auto, require or never)"
            )),
        }
    }
}

/// How to connect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectOptions {
    /// Reserved source port policy.
    pub reserved_port: ReservedPort,
    /// Time allowed for the TCP handshake with each address.
    pub connect_timeout: Duration,
    /// Time allowed for each read or write; zero means no limit.
    pub io_timeout: Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            reserved_port: ReservedPort::Auto,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            io_timeout: DEFAULT_IO_TIMEOUT,
        }
    }
}

/// Why [`ReservedPort::Auto`] ended up with an ordinary source port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortFallback {
    /// Binding a port below 1024 was refused (`EACCES`/`EPERM`): not root and
    /// no `CAP_NET_BIND_SERVICE`.
    NotPermitted,
    /// Every port 721–731 was in use or still in `TIME_WAIT` for this server.
    AllBusy,
}

impl fmt::Display for PortFallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortFallback::NotPermitted => f.write_str(
                "binding a reserved source port (721-731) is not permitted without root or \
                 CAP_NET_BIND_SERVICE; used an ordinary port (servers that insist on RFC 1179 \
                 source ports will refuse this connection)",
            ),
            PortFallback::AllBusy => f.write_str(
                "all reserved source ports (721-731) are busy or in TIME_WAIT; used an \
                 ordinary port",
            ),
        }
    }
}

/// What went wrong while connecting. Every message names host and port.
#[derive(Debug, Error)]
pub enum NetError {
    /// The host name could not be resolved.
    #[error("cannot resolve host {host} (port {port}): {source}")]
    Resolve {
        /// Host as given.
        host: String,
        /// Port.
        port: u16,
        /// The resolver's error.
        #[source]
        source: io::Error,
    },
    /// The name resolved to no address.
    #[error("host {host} has no address (port {port})")]
    NoAddress {
        /// Host as given.
        host: String,
        /// Port.
        port: u16,
    },
    /// Connecting failed (for the last address tried).
    #[error("cannot connect to {}: {}", HostPort(host, *port), describe_io(source))]
    Connect {
        /// Host as given.
        host: String,
        /// Port.
        port: u16,
        /// The address that was tried last.
        addr: SocketAddr,
        /// The error for it.
        #[source]
        source: io::Error,
    },
    /// The TCP handshake did not finish in time (for the last address tried).
    #[error(
        "timed out connecting to {} ({addr}) after {}",
        HostPort(host, *port),
        crate::net::human_duration(*timeout)
    )]
    ConnectTimeout {
        /// Host as given.
        host: String,
        /// Port.
        port: u16,
        /// The address that was tried last.
        addr: SocketAddr,
        /// The timeout.
        timeout: Duration,
    },
    /// A reserved port is required but the process may not bind one.
    #[error(
        "cannot connect to {} from a reserved source port (721-731): permission denied; \
         run as root or grant the capability, e.g. `setcap cap_net_bind_service=ep {}`, \
         or set reserved_port = \"auto\"",
        HostPort(host, *port),
        current_exe_hint()
    )]
    ReservedNotPermitted {
        /// Host as given.
        host: String,
        /// Port.
        port: u16,
    },
    /// A reserved port is required but all are busy.
    #[error(
        "cannot connect to {} from a reserved source port: all of 721-731 are in use or in \
         TIME_WAIT; wait a minute or set reserved_port = \"auto\"",
        HostPort(host, *port)
    )]
    ReservedBusy {
        /// Host as given.
        host: String,
        /// Port.
        port: u16,
    },
    /// Setting up the socket failed.
    #[error("cannot connect to {}: {step}: {source}", HostPort(host, *port))]
    Socket {
        /// Host as given.
        host: String,
        /// Port.
        port: u16,
        /// What was being done ("creating a socket", "setting TCP_NODELAY", …).
        step: &'static str,
        /// The error.
        #[source]
        source: io::Error,
    },
}

impl NetError {
    /// The sysexits code for this error (see [`crate::client::sysexits`]).
    pub fn exit_code(&self) -> u8 {
        use crate::client::sysexits::*;
        match self {
            NetError::Resolve { .. } | NetError::NoAddress { .. } => EX_NOHOST,
            NetError::Connect { .. } => EX_UNAVAILABLE,
            NetError::ConnectTimeout { .. } => EX_TEMPFAIL,
            NetError::ReservedNotPermitted { .. } => EX_NOPERM,
            NetError::ReservedBusy { .. } => EX_TEMPFAIL,
            NetError::Socket { .. } => EX_IOERR,
        }
    }
}

/// `host:port`, with brackets around an IPv6 address.
#[derive(Debug, Clone, Copy)]
pub struct HostPort<'a>(pub &'a str, pub u16);

impl fmt::Display for HostPort<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.contains(':') {
            write!(f, "[{}]:{}", self.0, self.1)
        } else {
            write!(f, "{}:{}", self.0, self.1)
        }
    }
}

/// A readable form of an I/O error: "connection refused" rather than
/// "Connection refused (os error 111)".
pub fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => "connection refused".into(),
        io::ErrorKind::ConnectionReset => "connection reset by the server".into(),
        io::ErrorKind::ConnectionAborted => "connection aborted".into(),
        io::ErrorKind::BrokenPipe => "the server closed the connection".into(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => "timed out".into(),
        io::ErrorKind::HostUnreachable => "host unreachable".into(),
        io::ErrorKind::NetworkUnreachable => "network unreachable".into(),
        io::ErrorKind::AddrNotAvailable => "address not available".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            }
        }
    }
}

/// "10 s", "1.5 s", "250 ms".
pub fn human_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else if d.as_secs() == 0 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

fn current_exe_hint() -> String {
    std::env::current_exe()
        .ok()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "/usr/bin/lpr".into())
}

/// An open connection to an LPD server.
///
/// Reads and writes go to the TCP stream; [`Connection::stream`] gives the
/// stream itself. One command per connection (RFC 1179 §5): the client
/// operations in [`crate::client`] consume it.
#[derive(Debug)]
pub struct Connection {
    stream: TcpStream,
    host: String,
    port: u16,
    local: SocketAddr,
    peer: SocketAddr,
    reserved: bool,
    fallback: Option<PortFallback>,
}

impl Connection {
    /// The TCP stream.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }
    /// The TCP stream, mutably.
    pub fn stream_mut(&mut self) -> &mut TcpStream {
        &mut self.stream
    }
    /// Gives up the wrapper and returns the TCP stream.
    pub fn into_stream(self) -> TcpStream {
        self.stream
    }
    /// The host as it was given to [`connect`].
    pub fn host(&self) -> &str {
        &self.host
    }
    /// The port connected to.
    pub fn port(&self) -> u16 {
        self.port
    }
    /// Our address (its port is the source port).
    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }
    /// The server's address.
    pub fn peer_addr(&self) -> SocketAddr {
        self.peer
    }
    /// True when the source port is one of 721–731.
    pub fn reserved_port(&self) -> bool {
        self.reserved
    }
    /// Why [`ReservedPort::Auto`] fell back to an ordinary port, if it did.
    pub fn fallback(&self) -> Option<PortFallback> {
        self.fallback
    }
}

impl Read for Connection {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.read(buf)
    }
}

impl Write for Connection {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.write(buf)
    }
    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.stream.write_vectored(bufs)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

impl crate::client::Transport for Connection {
    fn shutdown_write(&mut self) -> io::Result<()> {
        self.stream.shutdown(Shutdown::Write)
    }
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.stream.set_read_timeout(timeout)
    }
}

/// Resolves `host` (a name, an IPv4 or an IPv6 address without brackets)
/// and connects to `port`, trying every address in the resolver's order.
pub fn connect(host: &str, port: u16, opts: &ConnectOptions) -> Result<Connection, NetError> {
    let addrs = resolve(host, port)?;
    let mut last: Option<NetError> = None;
    for addr in addrs {
        match connect_addr(host, port, addr, opts) {
            Ok(c) => return Ok(c),
            // Failures that concern this process, not the address: stop.
            Err(e @ (NetError::ReservedNotPermitted { .. } | NetError::Socket { .. })) => {
                return Err(e);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| NetError::NoAddress {
        host: host.to_owned(),
        port,
    }))
}

/// Resolves a host to its addresses, in the resolver's order.
pub fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, NetError> {
    let host_only = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = (host_only, port)
        .to_socket_addrs()
        .map_err(|source| NetError::Resolve {
            host: host.to_owned(),
            port,
            source,
        })?
        .collect();
    if addrs.is_empty() {
        return Err(NetError::NoAddress {
            host: host.to_owned(),
            port,
        });
    }
    Ok(addrs)
}

/// The order to try the reserved ports in: all of them, starting at `seed`
/// modulo their number.
pub fn reserved_port_order(seed: u64) -> Vec<u16> {
    let start = *RESERVED_PORTS.start();
    let n = u64::from(RESERVED_PORTS.end() - start + 1);
    (0..n)
        .map(|i| start + ((seed % n + i) % n) as u16)
        .collect()
}

fn port_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    u64::from(std::process::id()).wrapping_mul(7) ^ u64::from(nanos / 1000)
}

/// What a bind-then-connect attempt from one source port gave.
enum Attempt {
    Done(TcpStream),
    /// The source port cannot be used (bind: in use; connect: 4-tuple busy).
    PortBusy,
    /// Binding a reserved port is not permitted.
    NotPermitted,
    Failed(NetError),
}

fn connect_addr(
    host: &str,
    port: u16,
    addr: SocketAddr,
    opts: &ConnectOptions,
) -> Result<Connection, NetError> {
    let mut fallback = None;
    if opts.reserved_port != ReservedPort::Never {
        let mut all_busy = true;
        for p in reserved_port_order(port_seed()) {
            match attempt(host, port, addr, Some(p), opts) {
                Attempt::Done(s) => return finish(host, port, s, true, None, opts),
                Attempt::PortBusy => continue,
                Attempt::NotPermitted => {
                    all_busy = false;
                    break;
                }
                Attempt::Failed(e) => return Err(e),
            }
        }
        let why = if all_busy {
            PortFallback::AllBusy
        } else {
            PortFallback::NotPermitted
        };
        if opts.reserved_port == ReservedPort::Require {
            let (host, port) = (host.to_owned(), port);
            return Err(match why {
                PortFallback::AllBusy => NetError::ReservedBusy { host, port },
                PortFallback::NotPermitted => NetError::ReservedNotPermitted { host, port },
            });
        }
        fallback = Some(why);
    }
    match attempt(host, port, addr, None, opts) {
        Attempt::Done(s) => finish(host, port, s, false, fallback, opts),
        Attempt::Failed(e) => Err(e),
        Attempt::PortBusy | Attempt::NotPermitted => Err(NetError::Socket {
            host: host.to_owned(),
            port,
            step: "binding an ordinary source port",
            source: io::Error::from(io::ErrorKind::AddrInUse),
        }),
    }
}

fn attempt(
    host: &str,
    port: u16,
    addr: SocketAddr,
    source_port: Option<u16>,
    opts: &ConnectOptions,
) -> Attempt {
    let socket_err = |step, source| {
        Attempt::Failed(NetError::Socket {
            host: host.to_owned(),
            port,
            step,
            source,
        })
    };
    let socket = match Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP)) {
        Ok(s) => s,
        Err(e) => return socket_err("creating a socket", e),
    };
    if let Some(p) = source_port {
        // SO_REUSEADDR lets a port whose earlier connection (to any server)
        // is in TIME_WAIT be bound again; connect() still refuses the exact
        // address pair while it is in TIME_WAIT (EADDRNOTAVAIL), which is
        // handled as "busy" below.
        if let Err(e) = socket.set_reuse_address(true) {
            return socket_err("setting SO_REUSEADDR", e);
        }
        let local: IpAddr = match addr {
            SocketAddr::V4(_) => Ipv4Addr::UNSPECIFIED.into(),
            SocketAddr::V6(_) => Ipv6Addr::UNSPECIFIED.into(),
        };
        if let Err(e) = socket.bind(&SockAddr::from(SocketAddr::new(local, p))) {
            return match e.kind() {
                io::ErrorKind::PermissionDenied => Attempt::NotPermitted,
                io::ErrorKind::AddrInUse | io::ErrorKind::AddrNotAvailable => Attempt::PortBusy,
                _ if e.raw_os_error() == Some(nix::libc::EPERM) => Attempt::NotPermitted,
                _ => socket_err("binding a reserved source port", e),
            };
        }
    }
    if let Err(e) = socket.set_tcp_nodelay(true) {
        return socket_err("setting TCP_NODELAY", e);
    }
    let r = if opts.connect_timeout.is_zero() {
        socket.connect(&SockAddr::from(addr))
    } else {
        socket.connect_timeout(&SockAddr::from(addr), opts.connect_timeout)
    };
    match r {
        Ok(()) => Attempt::Done(socket.into()),
        Err(e)
            if source_port.is_some()
                && matches!(
                    e.kind(),
                    io::ErrorKind::AddrInUse | io::ErrorKind::AddrNotAvailable
                ) =>
        {
            Attempt::PortBusy
        }
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
            ) =>
        {
            Attempt::Failed(NetError::ConnectTimeout {
                host: host.to_owned(),
                port,
                addr,
                timeout: opts.connect_timeout,
            })
        }
        Err(source) => Attempt::Failed(NetError::Connect {
            host: host.to_owned(),
            port,
            addr,
            source,
        }),
    }
}

fn finish(
    host: &str,
    port: u16,
    stream: TcpStream,
    reserved: bool,
    fallback: Option<PortFallback>,
    opts: &ConnectOptions,
) -> Result<Connection, NetError> {
    let err = |step, source| NetError::Socket {
        host: host.to_owned(),
        port,
        step,
        source,
    };
    let timeout = (!opts.io_timeout.is_zero()).then_some(opts.io_timeout);
    stream
        .set_read_timeout(timeout)
        .map_err(|e| err("setting the read timeout", e))?;
    stream
        .set_write_timeout(timeout)
        .map_err(|e| err("setting the write timeout", e))?;
    let local = stream
        .local_addr()
        .map_err(|e| err("reading the local address", e))?;
    let peer = stream
        .peer_addr()
        .map_err(|e| err("reading the peer address", e))?;
    Ok(Connection {
        stream,
        host: host.to_owned(),
        port,
        local,
        peer,
        reserved,
        fallback,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn is_root() -> bool {
        nix::unistd::geteuid().is_root()
    }

    fn listener() -> (TcpListener, u16) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let p = l.local_addr().unwrap().port();
        (l, p)
    }

    #[test]
    fn reserved_port_order_covers_each_port_once_from_any_seed() {
        for seed in [0, 1, 10, 11, 12345, u64::MAX - 3] {
            let mut order = reserved_port_order(seed);
            assert_eq!(order.len(), 11);
            assert_eq!(order[0], 721 + (seed % 11) as u16);
            order.sort_unstable();
            assert_eq!(order, (721..=731).collect::<Vec<_>>());
        }
    }

    #[test]
    fn never_connects_from_an_ordinary_port_with_nodelay() {
        let (l, port) = listener();
        let opts = ConnectOptions {
            reserved_port: ReservedPort::Never,
            ..Default::default()
        };
        let c = connect("127.0.0.1", port, &opts).unwrap();
        assert!(!c.reserved_port());
        assert_eq!(c.fallback(), None);
        assert!(c.local_addr().port() >= 1024);
        assert_eq!(c.peer_addr().port(), port);
        assert!(c.stream().nodelay().unwrap());
        assert_eq!(c.stream().read_timeout().unwrap(), Some(DEFAULT_IO_TIMEOUT));
        let (accepted, from) = l.accept().unwrap();
        assert_eq!(from, c.local_addr());
        drop(accepted);
    }

    #[test]
    fn auto_uses_a_reserved_port_as_root_and_falls_back_otherwise() {
        let (l, port) = listener();
        let c = connect("127.0.0.1", port, &ConnectOptions::default()).unwrap();
        if is_root() {
            assert!(c.reserved_port(), "root should get a reserved port");
            assert!(RESERVED_PORTS.contains(&c.local_addr().port()));
            assert_eq!(c.fallback(), None);
        } else {
            assert!(!c.reserved_port());
            assert_eq!(c.fallback(), Some(PortFallback::NotPermitted));
        }
        let (_s, from) = l.accept().unwrap();
        assert_eq!(from.port(), c.local_addr().port());
    }

    #[test]
    fn require_succeeds_as_root_and_explains_capabilities_otherwise() {
        let (_l, port) = listener();
        let opts = ConnectOptions {
            reserved_port: ReservedPort::Require,
            ..Default::default()
        };
        match connect("127.0.0.1", port, &opts) {
            Ok(c) => {
                assert!(is_root());
                assert!(RESERVED_PORTS.contains(&c.local_addr().port()));
            }
            Err(e) => {
                assert!(!is_root(), "root failed: {e}");
                let msg = e.to_string();
                assert!(msg.contains("cap_net_bind_service"), "{msg}");
                assert!(msg.contains(&format!("127.0.0.1:{port}")), "{msg}");
                assert_eq!(e.exit_code(), crate::client::sysexits::EX_NOPERM);
            }
        }
    }

    #[test]
    fn refused_connection_names_host_and_port() {
        let (l, port) = listener();
        drop(l);
        let opts = ConnectOptions {
            reserved_port: ReservedPort::Never,
            ..Default::default()
        };
        let e = connect("127.0.0.1", port, &opts).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("cannot connect to 127.0.0.1:{port}: connection refused")
        );
        assert_eq!(e.exit_code(), crate::client::sysexits::EX_UNAVAILABLE);
    }

    #[test]
    fn ipv6_loopback_connects_when_available() {
        let Ok(l) = TcpListener::bind("[::1]:0") else {
            // No IPv6 on this host: the address family is unsupported, which
            // connect must report as an error naming the host.
            let e = connect("::1", 9, &ConnectOptions::default()).unwrap_err();
            assert!(e.to_string().contains("[::1]:9"), "{e}");
            return;
        };
        let port = l.local_addr().unwrap().port();
        let c = connect("::1", port, &ConnectOptions::default()).unwrap();
        assert!(c.peer_addr().is_ipv6());
        assert_eq!(c.host(), "::1");
    }

    #[test]
    fn resolve_errors_name_the_host_and_exit_as_no_host() {
        let e = NetError::Resolve {
            host: "printhost".into(),
            port: 515,
            source: io::Error::other("Name or service not known"),
        };
        assert_eq!(
            e.to_string(),
            "cannot resolve host printhost (port 515): Name or service not known"
        );
        assert_eq!(e.exit_code(), crate::client::sysexits::EX_NOHOST);
    }

    #[test]
    fn host_port_brackets_ipv6() {
        assert_eq!(HostPort("::1", 515).to_string(), "[::1]:515");
        assert_eq!(HostPort("printhost", 515).to_string(), "printhost:515");
    }
}
