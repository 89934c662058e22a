//! Wire tracing (`-vv`): a stream wrapper that reports every byte written
//! and read to a sink the caller provides, and [`escape`], which renders
//! protocol bytes readably.
//!
//! ```
//! use lpkit::client::trace::{Traced, Direction, escape};
//! let stream = std::io::Cursor::new(vec![0u8]);
//! let traced = Traced::new(stream, |d: Direction, b: &[u8]| {
//!     eprintln!("{} {}", d.arrow(), escape(b, 80));
//! });
//! # drop(traced);
//! ```

use super::Transport;
use std::fmt;
use std::io::{self, IoSlice, Read, Write};
use std::time::Duration;

/// Which way bytes went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// From us to the server.
    Sent,
    /// From the server to us.
    Received,
}

impl Direction {
    /// `">"` for sent, `"<"` for received.
    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Sent => ">",
            Direction::Received => "<",
        }
    }
}

/// Where traced bytes go.
pub type TraceSink = Box<dyn FnMut(Direction, &[u8]) + Send>;

/// A stream that reports what passes through it. With no sink it costs
/// one branch per call, so the tools can always wrap their connection.
pub struct Traced<S> {
    inner: S,
    sink: Option<TraceSink>,
}

impl<S: fmt::Debug> fmt::Debug for Traced<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Traced")
            .field("inner", &self.inner)
            .field("tracing", &self.sink.is_some())
            .finish()
    }
}

impl<S> Traced<S> {
    /// Wraps `inner`, reporting to `sink`.
    pub fn new(inner: S, sink: impl FnMut(Direction, &[u8]) + Send + 'static) -> Self {
        Traced {
            inner,
            sink: Some(Box::new(sink)),
        }
    }

    /// Wraps `inner` with an optional sink (`None`: no tracing).
    pub fn with_sink(inner: S, sink: Option<TraceSink>) -> Self {
        Traced { inner, sink }
    }

    /// The wrapped stream.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The wrapped stream, mutably (bytes moved through it are not traced).
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the stream.
    pub fn into_inner(self) -> S {
        self.inner
    }

    fn report(&mut self, d: Direction, bytes: &[u8]) {
        if let Some(sink) = &mut self.sink {
            if !bytes.is_empty() {
                sink(d, bytes);
            }
        }
    }
}

impl<S: Read> Read for Traced<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.report(Direction::Received, &buf[..n]);
        Ok(n)
    }
}

impl<S: Write> Write for Traced<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.report(Direction::Sent, &buf[..n]);
        Ok(n)
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        let n = self.inner.write_vectored(bufs)?;
        if self.sink.is_some() {
            let mut left = n;
            let mut sent = Vec::with_capacity(n.min(64 * 1024));
            for b in bufs {
                let take = left.min(b.len());
                sent.extend_from_slice(&b[..take]);
                left -= take;
                if left == 0 {
                    break;
                }
            }
            self.report(Direction::Sent, &sent);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<S: Transport> Transport for Traced<S> {
    fn shutdown_write(&mut self) -> io::Result<()> {
        self.inner.shutdown_write()
    }
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.inner.set_read_timeout(timeout)
    }
}

/// Renders bytes readably inside double quotes: printable ASCII as is,
/// `\n`, `\t`, `\0`, `\\`, `\"`, other bytes as `\xNN`. At most `limit`
/// input bytes are shown; the rest is summarised as `… (+N bytes)`.
pub fn escape(bytes: &[u8], limit: usize) -> String {
    let shown = &bytes[..bytes.len().min(limit)];
    let mut s = String::with_capacity(shown.len() + 2);
    s.push('"');
    for &b in shown {
        match b {
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\r' => s.push_str("\\r"),
            0 => s.push_str("\\0"),
            b'\\' => s.push_str("\\\\"),
            b'"' => s.push_str("\\\""),
            b' '..=b'~' => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s.push('"');
    if bytes.len() > shown.len() {
        s.push_str(&format!("… (+{} bytes)", bytes.len() - shown.len()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn escape_is_readable_and_elides_large_data() {
        assert_eq!(escape(b"\x02lp\n", 80), "\"\\x02lp\\n\"");
        assert_eq!(
            escape(b"a\0\"\\\t\r\xff", 80),
            "\"a\\0\\\"\\\\\\t\\r\\xff\""
        );
        assert_eq!(escape(&[b'x'; 10], 4), "\"xxxx\"… (+6 bytes)");
        assert_eq!(escape(b"", 4), "\"\"");
    }

    #[test]
    fn traced_reports_exactly_the_bytes_that_moved() {
        type Log = Arc<Mutex<Vec<(Direction, Vec<u8>)>>>;
        let log: Log = Arc::default();
        let l2 = Arc::clone(&log);
        let mut t = Traced::new(io::Cursor::new(b"\0hello".to_vec()), move |d, b: &[u8]| {
            l2.lock().unwrap().push((d, b.to_vec()))
        });
        let mut buf = [0u8; 3];
        t.read_exact(&mut buf).unwrap();
        t.write_all(b"\x02lp\n").unwrap();
        let n = t
            .write_vectored(&[IoSlice::new(b"ab"), IoSlice::new(b"c\0")])
            .unwrap();
        assert_eq!(n, 4);
        let log = log.lock().unwrap();
        assert_eq!(log[0], (Direction::Received, b"\0he".to_vec()));
        // The cursor overwrote its own bytes; what matters is what was
        // reported: exactly what the writes accepted.
        assert_eq!(log[1], (Direction::Sent, b"\x02lp\n".to_vec()));
        assert_eq!(log[2], (Direction::Sent, b"abc\0".to_vec()));
        assert_eq!(log.len(), 3);
    }

    #[test]
    fn untraced_wrapper_passes_bytes_through() {
        let mut t = Traced::with_sink(io::Cursor::new(b"xyz".to_vec()), None);
        let mut s = String::new();
        t.read_to_string(&mut s).unwrap();
        assert_eq!(s, "xyz");
    }
}
