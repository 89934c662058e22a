//! Submitting a job: command `02` and its subcommands (RFC 1179 §5.2, §6).
//!
//! ```text
//! client                                   server
//! 02 queue LF                        ->
//!                                    <-    00
//! 02 count cfA123host LF             ->                (control first)
//!                                    <-    00
//! <count bytes of control file> 00   ->
//!                                    <-    00
//! 03 count dfA123host LF             ->
//!                                    <-    00
//! <count bytes of data file> 00      ->
//!                                    <-    00
//! ... more data files ..., then close
//! ```
//!
//! With [`SendOrder::DataFirst`] the data files go before the control file
//! (BSD lpd's own forwarding order; some printers need it).
//!
//! ## Efficiency and safety
//! - Each file's last bytes and its trailing zero octet go out in **one**
//!   write: a lone one-byte write costs a delayed-ACK round trip on many
//!   stacks (about 40 ms per job with LPRng's lpr and rlpr).
//! - Files are streamed through a bounded buffer ([`CHUNK`] bytes), so a
//!   1 GiB file needs no more memory than a small one.
//! - A file that shrinks or grows while it is sent is an error
//!   ([`ClientError::InputChanged`]); the trailing zero octet is then never
//!   sent, so the server discards the incomplete job instead of printing a
//!   corrupt one.
//! - Input of unknown length (a pipe) is, per [`Spool`], either sent with
//!   count 0 and the connection half-closed after it (servers that support
//!   it: LPRng, lpkit), or first buffered in memory up to a bound and then
//!   spilled to an anonymous temporary file to learn its length. It is never
//!   truncated.
//!
//! ## Count 0
//! A data file announced with count 0 is sent up to the end of the
//! connection: the client half-closes its side after the last byte, sends
//! no trailing zero octet, and then reads the server's acknowledgement (an
//! acknowledgement or a clean close both end the job; see
//! [`SentFile::acknowledged`]). Nothing can follow such a file, so it must be
//! the last file of its job and the control file goes first whatever the
//! configured order.

use super::error::{ClientError, Step};
use super::job::{DataSource, Job, Kind};
use super::wire::{read_ack, read_ack_or_eof, send, write_error};
use super::{Client, Transport};
use crate::proto::{Command, FileName, JobNumber, Subcommand};
use crate::target::Endpoint;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};

/// Bytes read from a file and written to the server at a time.
pub const CHUNK: usize = 128 * 1024;
/// The order of control and data files within a job.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SendOrder {
    /// Control file, then data files (LPRng, CUPS' default).
    #[default]
    ControlFirst,
    /// Data files, then control file (BSD lpd's forwarding order).
    DataFirst,
}

impl SendOrder {
    /// `control-first` or `data-first`.
    pub fn as_str(self) -> &'static str {
        match self {
            SendOrder::ControlFirst => "control-first",
            SendOrder::DataFirst => "data-first",
        }
    }
}

impl fmt::Display for SendOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SendOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "control-first" => Ok(SendOrder::ControlFirst),
            "data-first" => Ok(SendOrder::DataFirst),
            other => Err(format!(
                "unknown send order {other:?} (expected control-first or data-first)"
            )),
        }
    }
}

/// Progress of a submission, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct ProgressUpdate<'a> {
    /// The data file being sent.
    pub file: &'a FileName,
    /// Its name as the user knows it (path or "standard input").
    pub source: &'a str,
    /// Its 0-based index in the job.
    pub index: usize,
    /// How many data files the job has.
    pub files: usize,
    /// Bytes of this file sent so far.
    pub sent: u64,
    /// Its size, if known.
    pub total: Option<u64>,
    /// Bytes of all data files sent so far.
    pub job_sent: u64,
    /// The size of all data files, if known.
    pub job_total: Option<u64>,
}

/// Receives progress updates: when a file starts, after each chunk, and
/// when it is done. Closures `FnMut(&ProgressUpdate)` implement it.
pub trait Progress {
    /// Called with the current state.
    fn update(&mut self, update: &ProgressUpdate<'_>);
}

impl<F: FnMut(&ProgressUpdate<'_>)> Progress for F {
    fn update(&mut self, update: &ProgressUpdate<'_>) {
        self(update)
    }
}

/// Ignores progress.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn update(&mut self, _: &ProgressUpdate<'_>) {}
}

/// What was sent, for the tools' summary and `--json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SubmitReport {
    /// Where the job went (`queue@host:port`).
    pub endpoint: Endpoint,
    /// The job number.
    pub job: JobNumber,
    /// The control file name.
    pub control_file: FileName,
    /// The control file's size in bytes.
    pub control_bytes: u64,
    /// The data files, in order.
    pub files: Vec<SentFile>,
    /// The order actually used.
    pub order: SendOrder,
}

impl SubmitReport {
    /// Bytes of data sent, over all files.
    pub fn data_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }
}

/// One data file as sent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SentFile {
    /// Its name on the wire (`dfA…`).
    pub name: FileName,
    /// Its name as the user knows it.
    pub source: String,
    /// Bytes sent.
    pub bytes: u64,
    /// True when sent with count 0 (length unknown).
    pub streamed: bool,
    /// False only for a count-0 file whose server closed the connection
    /// without an acknowledgement octet.
    pub acknowledged: bool,
}

const RECEIVE_JOB: Step = Step::Command("the receive-job command (02)");

struct Sender<'a, S, P: ?Sized> {
    stream: S,
    endpoint: Endpoint,
    progress: &'a mut P,
    files: usize,
    job_sent: u64,
    job_total: Option<u64>,
}

impl<S: Transport> Client<S> {
    /// Sends `job` to the queue (command `02`), control file and data files
    /// in `order`, reading every acknowledgement. See the module docs.
    pub fn submit(
        self,
        job: Job,
        order: SendOrder,
        progress: &mut dyn Progress,
    ) -> Result<SubmitReport, ClientError> {
        let Client { stream, endpoint } = self;
        if job.data.is_empty() {
            return Err(ClientError::JobLayout("a job needs at least one data file"));
        }
        let control = job
            .spec
            .control_file()
            .map_err(ClientError::Job)?
            .to_bytes();
        let control_name = job.spec.control_file_name();
        let names = (0..job.data.len())
            .map(|i| job.spec.data_file_name(i))
            .collect::<Result<Vec<_>, _>>()
            .map_err(ClientError::Job)?;
        let order = if job.data.last().is_some_and(DataSource::is_stream) {
            SendOrder::ControlFirst
        } else {
            order
        };
        let mut s = Sender {
            stream,
            files: job.data.len(),
            job_total: job.total_len(),
            endpoint,
            progress,
            job_sent: 0,
        };
        let cmd = Command::ReceiveJob {
            queue: s.endpoint.queue.clone(),
        };
        send(&mut s.stream, &s.endpoint, &RECEIVE_JOB, &cmd.to_bytes())?;
        read_ack(&mut s.stream, &s.endpoint, &RECEIVE_JOB)?;
        if order == SendOrder::ControlFirst {
            s.control(&control_name, control.clone())?;
        }
        let mut files = Vec::with_capacity(names.len());
        for (index, (data, name)) in job.data.into_iter().zip(names).enumerate() {
            files.push(s.data(index, name, data)?);
        }
        if order == SendOrder::DataFirst {
            s.control(&control_name, control.clone())?;
        }
        Ok(SubmitReport {
            endpoint: s.endpoint,
            job: job.spec.number,
            control_file: control_name,
            control_bytes: control.len() as u64,
            files,
            order,
        })
    }
}

impl<S: Transport, P: Progress + ?Sized> Sender<'_, S, P> {
    fn control(&mut self, name: &FileName, mut contents: Vec<u8>) -> Result<(), ClientError> {
        let step = Step::ControlSubcommand(name.clone());
        let sub = Subcommand::ControlFile {
            count: contents.len() as u64,
            name: name.clone(),
        };
        send(&mut self.stream, &self.endpoint, &step, &sub.to_bytes())?;
        read_ack(&mut self.stream, &self.endpoint, &step)?;
        let step = Step::ControlContents(name.clone());
        contents.push(0);
        send(&mut self.stream, &self.endpoint, &step, &contents)?;
        read_ack(&mut self.stream, &self.endpoint, &step)
    }

    fn report(
        &mut self,
        file: &FileName,
        source: &str,
        index: usize,
        sent: u64,
        total: Option<u64>,
    ) {
        self.progress.update(&ProgressUpdate {
            file,
            source,
            index,
            files: self.files,
            sent,
            total,
            job_sent: self.job_sent,
            job_total: self.job_total,
        });
    }

    fn data(
        &mut self,
        index: usize,
        name: FileName,
        data: DataSource,
    ) -> Result<SentFile, ClientError> {
        let DataSource { kind, name: source } = data;
        let announced = match &kind {
            Kind::File { len, .. } => *len,
            Kind::Memory(b) => b.len() as u64,
            Kind::Stream(_) => 0,
        };
        let step = Step::DataSubcommand(name.clone());
        let sub = Subcommand::DataFile {
            count: announced,
            name: name.clone(),
        };
        send(&mut self.stream, &self.endpoint, &step, &sub.to_bytes())?;
        read_ack(&mut self.stream, &self.endpoint, &step)?;
        let total = (!matches!(kind, Kind::Stream(_))).then_some(announced);
        self.report(&name, &source, index, 0, total);
        let step = Step::DataContents(name.clone());
        let (bytes, streamed, acknowledged) = match kind {
            Kind::Memory(mut bytes) => {
                let n = bytes.len() as u64;
                bytes.push(0);
                send(&mut self.stream, &self.endpoint, &step, &bytes)?;
                self.job_sent += n;
                self.report(&name, &source, index, n, total);
                read_ack(&mut self.stream, &self.endpoint, &step)?;
                (n, false, true)
            }
            Kind::File { mut file, len } => {
                self.file_contents(&mut file, len, &name, &source, index, &step)?;
                read_ack(&mut self.stream, &self.endpoint, &step)?;
                (len, false, true)
            }
            Kind::Stream(mut reader) => {
                let n = self.stream_contents(&mut reader, &name, &source, index, &step)?;
                let acked = read_ack_or_eof(&mut self.stream, &self.endpoint, &step)?;
                (n, true, acked)
            }
        };
        Ok(SentFile {
            name,
            source,
            bytes,
            streamed,
            acknowledged,
        })
    }

    /// Sends exactly `len` bytes of `file` and its zero octet, the last
    /// chunk and the zero octet in one write; refuses a file that shrinks or
    /// grows meanwhile.
    fn file_contents(
        &mut self,
        file: &mut File,
        len: u64,
        name: &FileName,
        source: &str,
        index: usize,
        step: &Step,
    ) -> Result<(), ClientError> {
        let input_err = |e| ClientError::Input {
            name: source.to_owned(),
            source: e,
        };
        let endpoint = self.endpoint.clone();
        let changed = |actual| ClientError::InputChanged {
            endpoint: endpoint.clone(),
            name: source.to_owned(),
            expected: len,
            actual,
        };
        let mut buf = vec![0u8; (len.min(CHUNK as u64) as usize) + 1];
        let mut sent = 0u64;
        while sent < len {
            let want = (len - sent).min(CHUNK as u64) as usize;
            let got = read_full(file, &mut buf[..want]).map_err(input_err)?;
            if got < want {
                return Err(changed(sent + got as u64));
            }
            let last = sent + want as u64 == len;
            let mut out = want;
            if last {
                let mut probe = [0u8; 1];
                let extra = read_full(file, &mut probe).map_err(input_err)?;
                if extra > 0 {
                    return Err(changed(len + extra as u64));
                }
                buf[want] = 0;
                out += 1;
            }
            send(&mut self.stream, &self.endpoint, step, &buf[..out])?;
            sent += want as u64;
            self.job_sent += want as u64;
            self.report(name, source, index, sent, Some(len));
        }
        Ok(())
    }

    /// Sends `reader` up to its end, then half-closes the connection.
    fn stream_contents(
        &mut self,
        reader: &mut dyn Read,
        name: &FileName,
        source: &str,
        index: usize,
        step: &Step,
    ) -> Result<u64, ClientError> {
        let mut buf = vec![0u8; CHUNK];
        let mut sent = 0u64;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(ClientError::Input {
                        name: source.to_owned(),
                        source: e,
                    });
                }
            };
            send(&mut self.stream, &self.endpoint, step, &buf[..n])?;
            sent += n as u64;
            self.job_sent += n as u64;
            self.report(name, source, index, sent, None);
        }
        if let Err(e) = self.stream.shutdown_write() {
            return Err(write_error(&mut self.stream, &self.endpoint, step, e));
        }
        Ok(sent)
    }
}

/// Reads until `buf` is full or end of file; returns the bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}
