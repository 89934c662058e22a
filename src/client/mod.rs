//! The blocking LPD protocol client: submit a job, ask for the queue
//! state, remove jobs, start the queue, LPRng remote control.
//!
//! Generic over any [`Transport`] (a `Read + Write` that can half-close and
//! change its read timeout), so tests drive it with the scripted peer in
//! [`script`] and the tools with a [`crate::net::Connection`], optionally
//! wrapped in [`Traced`] for `-vv` wire tracing.
//!
//! One command per connection (RFC 1179 §5): every operation of [`Client`]
//! consumes it.
//!
//! ```no_run
//! use lpkit::client::{Client, Job, DataSource, SendOrder, NoProgress, Spool};
//! use lpkit::proto::{JobSpec, HostName, UserName, Queue, Text};
//! use lpkit::target::Endpoint;
//! # fn main() -> Result<(), lpkit::client::ClientError> {
//! let endpoint = Endpoint::new(Queue::new("lp").unwrap(), "printhost", 515);
//! let client = Client::connect(endpoint, &Default::default())?;
//! let host = HostName::new("ws").unwrap();
//! let user = UserName::new("alice").unwrap();
//! let number = lpkit::client::jobnum::allocate(None).number;
//! let mut job = Job::new(JobSpec::new(host, user, number));
//! let file = DataSource::open("report.txt".as_ref(), &Spool::default())?;
//! job.add(Text::new("report.txt").unwrap(), file)?;
//! let report = client.submit(job, SendOrder::ControlFirst, &mut NoProgress)?;
//! println!("request id is {}-{}", report.endpoint.queue, report.job);
//! # Ok(()) }
//! ```
//!
//! ## Interoperability
//! Verified against LPRng 3.8.B on loopback:
//! - A data file with count 0, followed by a half-close, is accepted and
//!   acknowledged with a zero octet after end of file (what
//!   [`Spool::streaming`] relies on).
//! - A job for an unknown queue gets ack octet 3 followed by an
//!   explanation; [`ClientError::Refused`] carries it.
//! - `01` is answered with a single zero octet; `05` and `06` with text.
//! - A `03`/`04` request whose list starts with the lpkit JSON operand is
//!   answered with a listing filtered by it ("lp@localhost 0 jobs"), which
//!   is why [`query_status`] asks again without it.
//!
//! Verified against BSD lpd (Debian's `lpr`, OpenBSD 2008) on loopback:
//! - It answers command `06` with the text "printhost: lpd: Illegal service
//!   request" and closes; [`Client::control`] reports that as
//!   [`ClientError::ControlUnsupported`]. Other requests it refuses get text
//!   instead of an ack octet too, which [`ClientError::Garbage`] shows.
//! - It stores a job under the host name it resolves the connection to
//!   (`cfA105localhost`), not the host part of the names the client sent.
//!
//! The tests in `tests/it/client_interop.rs` run these against the real
//! servers.

mod admin;
mod error;
mod identity;
mod job;
pub mod jobnum;
mod query;
pub mod script;
mod submit;
pub mod trace;
mod wire;

pub use error::{ClientError, Step};
pub use identity::{host_from, local_host, local_user};
pub use job::{DEFAULT_MEMORY_LIMIT, DataSource, Job, Spool};
pub use query::{JsonReply, QueueReport, query_status};
pub use submit::{CHUNK, NoProgress, Progress, ProgressUpdate, SendOrder, SentFile, SubmitReport};
pub use trace::{Direction, TraceSink, Traced};

use crate::net::{self, ConnectOptions, Connection};
use crate::target::Endpoint;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

/// The exit codes the tools use (sysexits.h, plus 1 for "nothing matched").
pub mod sysexits {
    /// Success.
    pub const EX_OK: u8 = 0;
    /// Nothing matched (lpq -q with no matching jobs, lprm removed nothing).
    pub const EX_NOMATCH: u8 = 1;
    /// Command line usage error.
    pub const EX_USAGE: u8 = 64;
    /// Bad input data.
    pub const EX_DATAERR: u8 = 65;
    /// An input file is missing or unreadable.
    pub const EX_NOINPUT: u8 = 66;
    /// The host name could not be resolved.
    pub const EX_NOHOST: u8 = 68;
    /// The server is unavailable or refused.
    pub const EX_UNAVAILABLE: u8 = 69;
    /// Internal software error.
    pub const EX_SOFTWARE: u8 = 70;
    /// Input/output error.
    pub const EX_IOERR: u8 = 74;
    /// Temporary failure: timeout, server said try later.
    pub const EX_TEMPFAIL: u8 = 75;
    /// The server answered something that is not the protocol.
    pub const EX_PROTOCOL: u8 = 76;
    /// Permission denied.
    pub const EX_NOPERM: u8 = 77;
    /// Configuration error.
    pub const EX_CONFIG: u8 = 78;
}

/// What the client needs from a connection beyond `Read + Write`.
pub trait Transport: Read + Write {
    /// Closes the sending direction, so the server reads end of file (used
    /// after a data file of unknown length, sent with count 0).
    fn shutdown_write(&mut self) -> io::Result<()>;
    /// Changes the read timeout (`None`: wait forever). Used to wait only
    /// briefly for the explanation a server may send after a refusal.
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()>;
}

impl Transport for TcpStream {
    fn shutdown_write(&mut self) -> io::Result<()> {
        self.shutdown(Shutdown::Write)
    }
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        TcpStream::set_read_timeout(self, timeout)
    }
}

impl<T: Transport + ?Sized> Transport for &mut T {
    fn shutdown_write(&mut self) -> io::Result<()> {
        (**self).shutdown_write()
    }
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        (**self).set_read_timeout(timeout)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn shutdown_write(&mut self) -> io::Result<()> {
        (**self).shutdown_write()
    }
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        (**self).set_read_timeout(timeout)
    }
}

/// A client for one command on one connection to `endpoint`.
#[derive(Debug)]
pub struct Client<S> {
    stream: S,
    endpoint: Endpoint,
}

impl Client<Connection> {
    /// Connects to the endpoint's host and port (see [`net::connect`]).
    pub fn connect(endpoint: Endpoint, opts: &ConnectOptions) -> Result<Self, ClientError> {
        let conn = net::connect(&endpoint.host, endpoint.port, opts).map_err(|source| {
            ClientError::Net {
                endpoint: endpoint.clone(),
                source: Box::new(source),
            }
        })?;
        Ok(Client::new(conn, endpoint))
    }
}

impl Client<Traced<Connection>> {
    /// Connects to the endpoint's host and port and wraps the connection
    /// for wire tracing (`trace: None` traces nothing). The tools use this
    /// one: `Client::open(&printer.endpoint, &printer.connect, sink)`.
    pub fn open(
        endpoint: &Endpoint,
        opts: &ConnectOptions,
        trace: Option<TraceSink>,
    ) -> Result<Self, ClientError> {
        let conn = net::connect(&endpoint.host, endpoint.port, opts).map_err(|source| {
            ClientError::Net {
                endpoint: endpoint.clone(),
                source: Box::new(source),
            }
        })?;
        Ok(Client::new(
            Traced::with_sink(conn, trace),
            endpoint.clone(),
        ))
    }

    /// The connection (source port, fallback reason, addresses).
    pub fn connection(&self) -> &Connection {
        self.stream.get_ref()
    }
}

impl<S: Transport> Client<S> {
    /// A client talking to `endpoint` over an open stream.
    pub fn new(stream: S, endpoint: Endpoint) -> Self {
        Client { stream, endpoint }
    }

    /// Where this client talks to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The stream (e.g. to read [`Connection::fallback`]).
    pub fn stream(&self) -> &S {
        &self.stream
    }

    /// Gives up the client and returns the stream.
    pub fn into_stream(self) -> S {
        self.stream
    }
}
