//! A scripted in-memory peer: a [`Transport`] that plays a script (expect
//! these bytes from the client, answer this, close), so that tests check
//! every byte a client writes and every answer it reads without a socket.
//!
//! ```
//! use lpkit::client::script::{ScriptedPeer, Event};
//! use std::io::{Read, Write};
//! let mut peer = ScriptedPeer::new([
//!     Event::expect(b"\x02lp\n"),
//!     Event::reply(b"\0"),
//! ]);
//! peer.write_all(b"\x02lp\n").unwrap();
//! let mut ack = [9u8];
//! peer.read_exact(&mut ack).unwrap();
//! assert_eq!(ack, [0]);
//! peer.finish().unwrap();
//! ```
//!
//! A client that writes something else, reads when it should write, or
//! writes when it should read gets an I/O error, and [`ScriptedPeer::finish`]
//! reports the first deviation.

use super::Transport;
use super::trace::escape;
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::time::Duration;

/// One step of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The client must write exactly these bytes next.
    Expect(Vec<u8>),
    /// The client must write this many bytes next, whatever they are (large
    /// file contents).
    ExpectAny(u64),
    /// The client must half-close its sending side next.
    ExpectShutdown,
    /// The peer sends these bytes.
    Reply(Vec<u8>),
    /// The peer closes the connection: reads return end of file and writes
    /// fail with a broken pipe from now on.
    Close,
    /// The next read fails as a timed-out read does.
    ReadTimeout,
    /// The next write fails as a timed-out write does.
    WriteTimeout,
}

impl Event {
    /// [`Event::Expect`].
    pub fn expect(bytes: impl AsRef<[u8]>) -> Self {
        Event::Expect(bytes.as_ref().to_vec())
    }
    /// [`Event::Reply`].
    pub fn reply(bytes: impl AsRef<[u8]>) -> Self {
        Event::Reply(bytes.as_ref().to_vec())
    }
}

/// The scripted peer. See the module docs.
#[derive(Debug)]
pub struct ScriptedPeer {
    events: VecDeque<Event>,
    closed: bool,
    shut_down: bool,
    written: Vec<u8>,
    write_sizes: Vec<usize>,
    failure: Option<String>,
    read_timeouts: Vec<Option<Duration>>,
    keep_limit: usize,
}

impl ScriptedPeer {
    /// A peer that plays `events` in order.
    pub fn new(events: impl IntoIterator<Item = Event>) -> Self {
        ScriptedPeer {
            events: events.into_iter().collect(),
            closed: false,
            shut_down: false,
            written: Vec::new(),
            write_sizes: Vec::new(),
            failure: None,
            read_timeouts: Vec::new(),
            keep_limit: 1 << 20,
        }
    }

    /// Every byte the client wrote (the first MiB; the rest is counted in
    /// [`ScriptedPeer::write_sizes`] only).
    pub fn written(&self) -> &[u8] {
        &self.written
    }

    /// The size of each successful `write` call, in order.
    pub fn write_sizes(&self) -> &[usize] {
        &self.write_sizes
    }

    /// True once the client half-closed.
    pub fn shut_down(&self) -> bool {
        self.shut_down
    }

    /// The read timeouts the client set, in order.
    pub fn read_timeouts(&self) -> &[Option<Duration>] {
        &self.read_timeouts
    }

    /// Ok when the whole script was played and the client never deviated;
    /// otherwise the first deviation or what was left.
    pub fn finish(&self) -> Result<(), String> {
        if let Some(f) = &self.failure {
            return Err(f.clone());
        }
        let left: Vec<&Event> = self
            .events
            .iter()
            .filter(|e| !matches!(e, Event::Close))
            .collect();
        if left.is_empty() {
            Ok(())
        } else {
            Err(format!("script not finished; left: {left:?}"))
        }
    }

    fn fail(&mut self, msg: String) -> io::Error {
        if self.failure.is_none() {
            self.failure = Some(msg.clone());
        }
        io::Error::new(io::ErrorKind::InvalidData, msg)
    }
}

impl Read for ScriptedPeer {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(0);
        }
        match self.events.front_mut() {
            None => Ok(0),
            Some(Event::Reply(bytes)) => {
                let n = buf.len().min(bytes.len());
                buf[..n].copy_from_slice(&bytes[..n]);
                bytes.drain(..n);
                if bytes.is_empty() {
                    self.events.pop_front();
                }
                Ok(n)
            }
            Some(Event::Close) => {
                self.events.pop_front();
                self.closed = true;
                Ok(0)
            }
            Some(Event::ReadTimeout) => {
                self.events.pop_front();
                Err(io::Error::from(io::ErrorKind::WouldBlock))
            }
            Some(other) => {
                let msg = format!("the client read while the script expected {other:?}");
                Err(self.fail(msg))
            }
        }
    }
}

impl Write for ScriptedPeer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Err(io::Error::from(io::ErrorKind::BrokenPipe));
        }
        if self.shut_down {
            let msg = "the client wrote after shutting down its side".to_string();
            return Err(self.fail(msg));
        }
        let mut pos = 0;
        while pos < buf.len() {
            match self.events.front_mut() {
                Some(Event::Expect(want)) => {
                    let n = want.len().min(buf.len() - pos);
                    let got = &buf[pos..pos + n];
                    if got != &want[..n] {
                        let at = got
                            .iter()
                            .zip(want.iter())
                            .take_while(|(a, b)| a == b)
                            .count();
                        let msg = format!(
                            "the client wrote {} where the script expected {} (first difference at byte {})",
                            escape(&buf[pos..], 120),
                            escape(want, 120),
                            at
                        );
                        return Err(self.fail(msg));
                    }
                    want.drain(..n);
                    if want.is_empty() {
                        self.events.pop_front();
                    }
                    pos += n;
                }
                Some(Event::ExpectAny(left)) => {
                    let n = (*left).min((buf.len() - pos) as u64);
                    *left -= n;
                    if *left == 0 {
                        self.events.pop_front();
                    }
                    pos += n as usize;
                }
                Some(Event::WriteTimeout) if pos == 0 => {
                    self.events.pop_front();
                    return Err(io::Error::from(io::ErrorKind::WouldBlock));
                }
                Some(Event::Close) if pos == 0 => {
                    self.events.pop_front();
                    self.closed = true;
                    return Err(io::Error::from(io::ErrorKind::BrokenPipe));
                }
                Some(Event::Close | Event::WriteTimeout) => break,
                other => {
                    let msg = format!(
                        "the client wrote {} while the script expected {:?}",
                        escape(&buf[pos..], 120),
                        other
                    );
                    return Err(self.fail(msg));
                }
            }
        }
        let keep = pos.min(self.keep_limit.saturating_sub(self.written.len()));
        self.written.extend_from_slice(&buf[..keep]);
        self.write_sizes.push(pos);
        Ok(pos)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Transport for ScriptedPeer {
    fn shutdown_write(&mut self) -> io::Result<()> {
        match self.events.front() {
            Some(Event::ExpectShutdown) => {
                self.events.pop_front();
                self.shut_down = true;
                Ok(())
            }
            other => {
                let msg = format!("the client shut down while the script expected {other:?}");
                Err(self.fail(msg))
            }
        }
    }

    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.read_timeouts.push(timeout);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deviation_is_an_error_and_is_reported_by_finish() {
        let mut p = ScriptedPeer::new([Event::expect(b"abc")]);
        assert!(p.write_all(b"abd").is_err());
        let f = p.finish().unwrap_err();
        assert!(f.contains("first difference at byte 2"), "{f}");
    }

    #[test]
    fn reading_when_bytes_are_expected_is_a_deviation() {
        let mut p = ScriptedPeer::new([Event::expect(b"x")]);
        let mut b = [0u8; 1];
        assert!(p.read(&mut b).is_err());
        assert!(p.finish().is_err());
    }

    #[test]
    fn close_ends_reads_and_breaks_writes() {
        let mut p = ScriptedPeer::new([Event::reply(b"hi"), Event::Close]);
        let mut s = String::new();
        p.read_to_string(&mut s).unwrap();
        assert_eq!(s, "hi");
        assert_eq!(p.write(b"x").unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        p.finish().unwrap();
    }

    #[test]
    fn unfinished_scripts_are_reported() {
        let p = ScriptedPeer::new([Event::reply(b"\0")]);
        assert!(p.finish().unwrap_err().contains("not finished"));
    }

    #[test]
    fn expect_any_counts_bytes_and_records_write_sizes() {
        let mut p = ScriptedPeer::new([Event::ExpectAny(5), Event::expect(b"\0")]);
        p.write_all(b"12345\0").unwrap();
        assert_eq!(p.write_sizes(), &[6]);
        p.finish().unwrap();
    }
}
