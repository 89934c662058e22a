//! The receive-job conversation (RFC 1179 §5.2, §6) as a sans-I/O state
//! machine: bytes in, events and acknowledgement bytes out.
//!
//! The connection code reads from the socket and calls
//! [`ReceiveSession::advance`] with whatever arrived; each call consumes some
//! input and returns one [`Event`]. Data file contents come out as slices of
//! the input ([`Event::Data`]), so they go straight to the file without a
//! copy. Some events ask the driver for a decision before the conversation
//! can go on (is there room for this file? was it stored? was the job
//! committed?); the driver answers with [`ReceiveSession::accept`],
//! [`ReceiveSession::refuse`], [`ReceiveSession::stored`] or
//! [`ReceiveSession::committed`], which queue the acknowledgement octets that
//! [`ReceiveSession::take_output`] hands back for the socket.
//!
//! Nothing here touches a socket, a file or the clock, so a fuzz target can
//! drive it with arbitrary bytes.
//!
//! ## What it accepts
//! - control file first or data files first, several data files per job;
//! - a data file count of 0: the data runs until the client closes its
//!   write side ([`ReceiveSession::close`]);
//! - several control files (several jobs) in one connection; a job is
//!   complete when its control file and every data file its print lines name
//!   have arrived, and the acknowledgement of the file that completed it is
//!   sent only after the driver committed the job to disk;
//! - the abort subcommand (`01`), which forgets everything not yet
//!   committed (no acknowledgement, as in BSD lpd).
//!
//! Data files that no control file names are reported when the connection
//! ends ([`Event::Closed`]) so the driver can drop them.

use crate::proto::{Ack, ControlFile, FileKind, FileName, Subcommand};
use std::collections::BTreeMap;

/// The limits one receive conversation enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiveLimits {
    /// Longest subcommand line and control-file line, LF included.
    pub max_line: usize,
    /// Largest control file in bytes.
    pub max_control_file: u64,
    /// Largest job: all its data files together, in bytes.
    pub max_job_size: u64,
    /// Most data files one job may have (and most unclaimed data files
    /// waiting for their control file).
    pub max_files_per_job: usize,
}

impl Default for ReceiveLimits {
    fn default() -> Self {
        ReceiveLimits {
            max_line: 4096,
            max_control_file: 64 << 10,
            max_job_size: 1 << 30,
            max_files_per_job: 52,
        }
    }
}

/// A job whose files have all arrived: the driver commits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedJob {
    /// The control file name as the client sent it.
    pub control_name: FileName,
    /// The control file bytes.
    pub control_bytes: Vec<u8>,
    /// The control file, decoded.
    pub control: ControlFile,
    /// The data files the print lines name, in order of first mention, with
    /// their sizes. The driver holds their contents.
    pub data: Vec<(FileName, u64)>,
}

/// Why a conversation was ended by the session itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The negative acknowledgement sent.
    pub ack: Ack,
    /// Why, for the log.
    pub reason: String,
}

/// What happened; see the module documentation for the decisions some
/// events require.
#[derive(Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// All input was consumed; flush [`ReceiveSession::take_output`] and
    /// read more (or call [`ReceiveSession::close`] at end of input).
    NeedInput,
    /// A `02`/`03` subcommand asks to send a file. Decide with
    /// [`ReceiveSession::accept`] (open the file) or
    /// [`ReceiveSession::refuse`].
    BeginFile {
        /// Control or data.
        kind: FileKind,
        /// The validated name.
        name: FileName,
        /// The announced size; 0 for a data file means "until end of input".
        count: u64,
    },
    /// Data-file bytes to append to the open file. (Control files are
    /// collected by the session and come out in [`Event::Commit`].)
    Data(&'a [u8]),
    /// The data file is complete. Close it and report with
    /// [`ReceiveSession::stored`].
    DataEnd {
        /// The file.
        name: FileName,
        /// Its size.
        size: u64,
    },
    /// A job is complete: commit it to the queue and report with
    /// [`ReceiveSession::committed`].
    Commit(CompletedJob),
    /// The client sent the abort subcommand: delete every file of this
    /// connection that is not part of a committed job.
    Abort,
    /// The session refused something and queued a negative
    /// acknowledgement; flush the output, drop uncommitted files, close.
    Refused(Refusal),
    /// The conversation is over (end of input, or after a refusal).
    Closed {
        /// Data files received that no committed job claimed: drop them.
        unclaimed: Vec<FileName>,
        /// Control files whose data files never all arrived (nothing was
        /// committed for them).
        incomplete: Vec<FileName>,
        /// True when the input ended in the middle of a file or line.
        truncated: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// Waiting for a subcommand line.
    Line,
    /// `BeginFile` returned; waiting for accept/refuse.
    DecideBegin {
        kind: FileKind,
        name: FileName,
        count: u64,
    },
    /// Receiving file contents; `remaining` is `None` for count 0.
    Body {
        kind: FileKind,
        name: FileName,
        remaining: Option<u64>,
        size: u64,
    },
    /// Expecting the zero octet after the file contents.
    Trailer {
        kind: FileKind,
        name: FileName,
        size: u64,
    },
    /// `DataEnd` returned; waiting for `stored`.
    DecideStored { name: FileName, size: u64 },
    /// `Commit` returned; waiting for `committed`.
    DecideCommit,
    /// Refused or ended; only `Closed` follows.
    Done,
    /// `Closed` was returned.
    Finished,
}

/// The receive-job state machine of one connection.
#[derive(Debug)]
pub struct ReceiveSession {
    limits: ReceiveLimits,
    state: State,
    line: Vec<u8>,
    control: Vec<u8>,
    out: Vec<u8>,
    /// Data files received and stored, not yet claimed by a committed job.
    received: BTreeMap<FileName, u64>,
    /// Control files received whose data files are not all here yet.
    waiting: Vec<CompletedJob>,
    /// A job ready to commit, handed out as the next event.
    ready: Option<CompletedJob>,
    eof: bool,
    truncated: bool,
}

impl ReceiveSession {
    /// A session that has just acknowledged the `02` command.
    pub fn new(limits: ReceiveLimits) -> Self {
        ReceiveSession {
            limits,
            state: State::Line,
            line: Vec::new(),
            control: Vec::new(),
            out: Vec::new(),
            received: BTreeMap::new(),
            waiting: Vec::new(),
            ready: None,
            eof: false,
            truncated: false,
        }
    }

    /// Acknowledgement octets to send, in order.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    /// True while the session expects more input from the client.
    pub fn wants_input(&self) -> bool {
        !self.eof
            && matches!(
                self.state,
                State::Line | State::Body { .. } | State::Trailer { .. }
            )
    }

    /// True while a transfer is in progress (a line or file is partly in).
    pub fn mid_transfer(&self) -> bool {
        !self.line.is_empty() || matches!(self.state, State::Body { .. } | State::Trailer { .. })
    }

    /// Marks the end of input (the client closed its write side).
    pub fn close(&mut self) {
        self.eof = true;
    }

    /// Consumes some of `input` and returns how much, with the next event.
    /// Call again with the rest; with an empty slice after [`Self::close`]
    /// it produces the end-of-input events.
    pub fn advance<'a>(&mut self, input: &'a [u8]) -> (usize, Event<'a>) {
        if let Some(job) = self.ready.take() {
            self.state = State::DecideCommit;
            return (0, Event::Commit(job));
        }
        match self.state.clone() {
            State::Line => self.read_line(input),
            State::Body {
                kind,
                name,
                remaining,
                size,
            } => self.read_body(input, kind, name, remaining, size),
            State::Trailer { kind, name, size } => self.read_trailer(input, kind, name, size),
            State::DecideBegin { .. } | State::DecideStored { .. } | State::DecideCommit => {
                // The driver must decide first; report nothing consumed.
                (0, Event::NeedInput)
            }
            State::Done => self.finish(),
            State::Finished => (0, Event::NeedInput),
        }
    }

    fn finish<'a>(&mut self) -> (usize, Event<'a>) {
        self.state = State::Finished;
        (
            0,
            Event::Closed {
                unclaimed: std::mem::take(&mut self.received).into_keys().collect(),
                incomplete: std::mem::take(&mut self.waiting)
                    .into_iter()
                    .map(|j| j.control_name)
                    .collect(),
                truncated: self.truncated,
            },
        )
    }

    fn refuse_now<'a>(&mut self, ack: Ack, reason: String) -> (usize, Event<'a>) {
        self.out.push(ack.encode());
        self.state = State::Done;
        (0, Event::Refused(Refusal { ack, reason }))
    }

    fn read_line<'a>(&mut self, input: &'a [u8]) -> (usize, Event<'a>) {
        if input.is_empty() {
            if self.eof {
                if !self.line.is_empty() {
                    self.truncated = true;
                }
                return self.finish();
            }
            return (0, Event::NeedInput);
        }
        let room = self.limits.max_line.saturating_sub(self.line.len());
        let window = &input[..input.len().min(room)];
        let Some(lf) = window.iter().position(|&b| b == b'\n') else {
            if window.len() == room {
                return self.refuse_now(
                    Ack::REFUSED,
                    format!(
                        "subcommand line longer than {} bytes (limits.max_line)",
                        self.limits.max_line
                    ),
                );
            }
            self.line.extend_from_slice(window);
            return (window.len(), Event::NeedInput);
        };
        self.line.extend_from_slice(&window[..=lf]);
        let consumed = lf + 1;
        let line = std::mem::take(&mut self.line);
        let sub = match Subcommand::decode(&line) {
            Ok(s) => s,
            Err(e) => {
                let (n, ev) = self.refuse_now(Ack::REFUSED, format!("bad subcommand: {e}"));
                return (consumed + n, ev);
            }
        };
        let (kind, count, name) = match sub {
            Subcommand::Abort => {
                self.received.clear();
                self.waiting.clear();
                return (consumed, Event::Abort);
            }
            Subcommand::ControlFile { count, name } => (FileKind::Control, count, name),
            Subcommand::DataFile { count, name } => (FileKind::Data, count, name),
        };
        if let Some(reason) = self.check_begin(kind, &name, count) {
            let (n, ev) = self.refuse_now(Ack::NO_SPACE, reason);
            return (consumed + n, ev);
        }
        if kind == FileKind::Control && count == 0 {
            let (n, ev) = self.refuse_now(
                Ack::REFUSED,
                format!("control file {name} announced with size 0"),
            );
            return (consumed + n, ev);
        }
        self.state = State::DecideBegin {
            kind,
            name: name.clone(),
            count,
        };
        (consumed, Event::BeginFile { kind, name, count })
    }

    /// Checks the limits a subcommand can be judged by before any data.
    fn check_begin(&self, kind: FileKind, name: &FileName, count: u64) -> Option<String> {
        let l = &self.limits;
        match kind {
            FileKind::Control if count > l.max_control_file => Some(format!(
                "control file {name} of {count} bytes is larger than {} (limits.max_control_file)",
                l.max_control_file
            )),
            FileKind::Control => None,
            FileKind::Data => {
                let pending: u64 = self
                    .received
                    .iter()
                    .filter(|(n, _)| *n != name)
                    .map(|(_, s)| s)
                    .sum();
                let files = self.received.len() + usize::from(!self.received.contains_key(name));
                if files > l.max_files_per_job {
                    Some(format!(
                        "data file {name} would be file {files} of the job; at most {} are allowed (limits.max_files_per_job)",
                        l.max_files_per_job
                    ))
                } else if pending.saturating_add(count) > l.max_job_size {
                    Some(format!(
                        "data file {name} of {count} bytes makes the job larger than {} bytes (limits.max_job_size)",
                        l.max_job_size
                    ))
                } else {
                    None
                }
            }
        }
    }

    /// Accepts the file announced by [`Event::BeginFile`] (positive ack).
    pub fn accept(&mut self) {
        if let State::DecideBegin { kind, name, count } = self.state.clone() {
            self.out.push(Ack::Positive.encode());
            self.control.clear();
            self.state = State::Body {
                kind,
                name,
                remaining: (count > 0 || kind == FileKind::Control).then_some(count),
                size: 0,
            };
        }
    }

    /// Refuses the announced file, or reports that storing a file or
    /// committing a job failed: sends `ack` and ends the conversation.
    pub fn refuse(&mut self, ack: Ack) {
        if !matches!(self.state, State::Done | State::Finished) {
            self.out.push(ack.encode());
            if let State::DecideStored { name, .. } = &self.state {
                self.received.remove(name);
            }
            self.state = State::Done;
        }
    }

    fn read_body<'a>(
        &mut self,
        input: &'a [u8],
        kind: FileKind,
        name: FileName,
        remaining: Option<u64>,
        size: u64,
    ) -> (usize, Event<'a>) {
        let Some(remaining) = remaining else {
            // Count 0: everything until end of input.
            if input.is_empty() {
                if self.eof {
                    self.state = State::DecideStored {
                        name: name.clone(),
                        size,
                    };
                    return (0, Event::DataEnd { name, size });
                }
                return (0, Event::NeedInput);
            }
            let pending: u64 = self
                .received
                .iter()
                .filter(|(n, _)| **n != name)
                .map(|(_, s)| s)
                .sum();
            let new_size = size + input.len() as u64;
            if pending + new_size > self.limits.max_job_size {
                return self.refuse_now(
                    Ack::NO_SPACE,
                    format!(
                        "data file {name} (size unknown) grew past {} bytes (limits.max_job_size)",
                        self.limits.max_job_size
                    ),
                );
            }
            self.state = State::Body {
                kind,
                name,
                remaining: None,
                size: new_size,
            };
            return (input.len(), Event::Data(input));
        };
        if remaining == 0 {
            self.state = State::Trailer { kind, name, size };
            return self.advance(input);
        }
        if input.is_empty() {
            if self.eof {
                self.truncated = true;
                self.state = State::Done;
                return self.finish();
            }
            return (0, Event::NeedInput);
        }
        let take = input
            .len()
            .min(usize::try_from(remaining).unwrap_or(usize::MAX));
        let chunk = &input[..take];
        let left = remaining - take as u64;
        let size = size + take as u64;
        self.state = State::Body {
            kind,
            name,
            remaining: Some(left),
            size,
        };
        match kind {
            FileKind::Data => (take, Event::Data(chunk)),
            FileKind::Control => {
                self.control.extend_from_slice(chunk);
                if left == 0 {
                    let (n, ev) = self.advance(&input[take..]);
                    (take + n, ev)
                } else {
                    (take, Event::NeedInput)
                }
            }
        }
    }

    fn read_trailer<'a>(
        &mut self,
        input: &'a [u8],
        kind: FileKind,
        name: FileName,
        size: u64,
    ) -> (usize, Event<'a>) {
        let Some(&b) = input.first() else {
            if self.eof {
                self.truncated = true;
                self.state = State::Done;
                return self.finish();
            }
            return (0, Event::NeedInput);
        };
        if b != 0 {
            return self.refuse_now(
                Ack::REFUSED,
                format!(
                    "file {name} is not followed by the zero octet RFC 1179 requires (got {b:#04x})"
                ),
            );
        }
        match kind {
            FileKind::Data => {
                self.state = State::DecideStored {
                    name: name.clone(),
                    size,
                };
                (1, Event::DataEnd { name, size })
            }
            FileKind::Control => {
                let (n, ev) = self.control_done(name);
                (1 + n, ev)
            }
        }
    }

    fn control_done<'a>(&mut self, name: FileName) -> (usize, Event<'a>) {
        let bytes = std::mem::take(&mut self.control);
        if let Some(len) = bytes
            .split(|&b| b == b'\n')
            .map(<[u8]>::len)
            .find(|&len| len + 1 > self.limits.max_line)
        {
            return self.refuse_now(
                Ack::REFUSED,
                format!(
                    "control file {name} has a line of {len} bytes; at most {} are allowed (limits.max_line)",
                    self.limits.max_line
                ),
            );
        }
        let control = match ControlFile::decode(&bytes) {
            Ok(c) => c,
            Err(e) => {
                return self.refuse_now(Ack::REFUSED, format!("control file {name}: {e}"));
            }
        };
        if control.user().is_none() {
            return self.refuse_now(
                Ack::REFUSED,
                format!("control file {name} has no P (user) line"),
            );
        }
        let files = control.files();
        if files.len() > self.limits.max_files_per_job {
            return self.refuse_now(
                Ack::NO_SPACE,
                format!(
                    "control file {name} names {} data files; at most {} are allowed (limits.max_files_per_job)",
                    files.len(),
                    self.limits.max_files_per_job
                ),
            );
        }
        let job = CompletedJob {
            control_name: name,
            control_bytes: bytes,
            control,
            data: files.into_iter().map(|f| (f.name, 0)).collect(),
        };
        self.waiting.push(job);
        if self.take_complete_job() {
            let job = self.ready.take();
            self.state = State::DecideCommit;
            return match job {
                Some(j) => (0, Event::Commit(j)),
                None => (0, Event::NeedInput),
            };
        }
        self.out.push(Ack::Positive.encode());
        self.state = State::Line;
        (0, Event::NeedInput)
    }

    /// Moves the first waiting job whose data files are all here into
    /// `ready`, claiming its files. Returns true when one was found.
    fn take_complete_job(&mut self) -> bool {
        let Some(i) = self
            .waiting
            .iter()
            .position(|j| j.data.iter().all(|(n, _)| self.received.contains_key(n)))
        else {
            return false;
        };
        let mut job = self.waiting.remove(i);
        for (n, size) in &mut job.data {
            *size = self.received.remove(n).unwrap_or(0);
        }
        self.ready = Some(job);
        true
    }

    /// Reports that the data file of the last [`Event::DataEnd`] was
    /// written (true) or could not be (false: a negative ack ends the
    /// conversation).
    pub fn stored(&mut self, ok: bool) {
        let State::DecideStored { name, size } = self.state.clone() else {
            return;
        };
        if !ok {
            self.refuse(Ack::NO_SPACE);
            return;
        }
        self.received.insert(name, size);
        if self.take_complete_job() {
            // The ack for this file waits for the commit.
            self.state = State::DecideCommit;
            return;
        }
        self.out.push(Ack::Positive.encode());
        self.state = State::Line;
    }

    /// Reports the outcome of the last [`Event::Commit`]: `Ok` sends the
    /// final positive acknowledgement; `Err(ack)` sends that negative one
    /// and ends the conversation.
    pub fn committed(&mut self, result: Result<(), Ack>) {
        if self.state != State::DecideCommit {
            return;
        }
        match result {
            Ok(()) => {
                self.out.push(Ack::Positive.encode());
                // Another job may have become complete with the same files
                // (it cannot: files are claimed), so go back to reading.
                self.state = State::Line;
            }
            Err(ack) => self.refuse(ack),
        }
    }

    /// True when the session waits for a decision of the driver.
    pub fn awaiting_decision(&self) -> bool {
        self.ready.is_some()
            || matches!(
                self.state,
                State::DecideBegin { .. } | State::DecideStored { .. } | State::DecideCommit
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drives a session like a driver that accepts and stores everything,
    /// feeding `input` in chunks of `chunk` bytes; returns the data written
    /// per file, the committed jobs, the acks and the closing event.
    struct Run {
        files: BTreeMap<String, Vec<u8>>,
        commits: Vec<CompletedJob>,
        acks: Vec<u8>,
        closed: Option<(Vec<String>, Vec<String>, bool)>,
        refused: Option<Refusal>,
        aborts: usize,
    }

    fn run(limits: ReceiveLimits, input: &[u8], chunk: usize, eof: bool) -> Run {
        let mut s = ReceiveSession::new(limits);
        let mut r = Run {
            files: BTreeMap::new(),
            commits: vec![],
            acks: vec![],
            closed: None,
            refused: None,
            aborts: 0,
        };
        let mut current = String::new();
        let mut pos = 0;
        let mut steps = 0;
        loop {
            steps += 1;
            assert!(steps < 100_000, "session does not make progress");
            let end = (pos + chunk).min(input.len());
            let (n, ev) = s.advance(&input[pos..end]);
            pos += n;
            match ev {
                Event::NeedInput => {
                    r.acks.extend(s.take_output());
                    if pos >= input.len() {
                        if eof && !s.eof {
                            s.close();
                        } else if !eof {
                            break;
                        }
                    }
                }
                Event::BeginFile { name, .. } => {
                    current = name.to_string();
                    r.files.insert(current.clone(), vec![]);
                    s.accept();
                }
                Event::Data(d) => r.files.get_mut(&current).unwrap().extend_from_slice(d),
                Event::DataEnd { .. } => s.stored(true),
                Event::Commit(job) => {
                    r.commits.push(job);
                    s.committed(Ok(()));
                }
                Event::Abort => r.aborts += 1,
                Event::Refused(why) => r.refused = Some(why),
                Event::Closed {
                    unclaimed,
                    incomplete,
                    truncated,
                } => {
                    r.acks.extend(s.take_output());
                    r.closed = Some((
                        unclaimed.iter().map(|n| n.to_string()).collect(),
                        incomplete.iter().map(|n| n.to_string()).collect(),
                        truncated,
                    ));
                    break;
                }
            }
        }
        r
    }

    const CF: &[u8] = b"Hws\nPalice\nJreport\nldfA001ws\nNreport.txt\nldfB001ws\nUdfA001ws\n";

    fn control_sub(cf: &[u8], name: &str) -> Vec<u8> {
        let mut v = format!("\x02{} {}\n", cf.len(), name).into_bytes();
        v.extend_from_slice(cf);
        v.push(0);
        v
    }
    fn data_sub(data: &[u8], name: &str) -> Vec<u8> {
        let mut v = format!("\x03{} {}\n", data.len(), name).into_bytes();
        v.extend_from_slice(data);
        v.push(0);
        v
    }

    #[test]
    fn control_first_job_commits_after_the_last_data_file() {
        let mut input = control_sub(CF, "cfA001ws");
        input.extend(data_sub(b"hello\n", "dfA001ws"));
        input.extend(data_sub(b"\x0cpage2", "dfB001ws"));
        for chunk in [1, 3, 7, 4096] {
            let r = run(ReceiveLimits::default(), &input, chunk, true);
            assert_eq!(r.commits.len(), 1, "chunk {chunk}");
            let job = &r.commits[0];
            assert_eq!(job.control_name.as_str(), "cfA001ws");
            assert_eq!(job.control_bytes, CF);
            assert_eq!(job.data.len(), 2);
            assert_eq!(job.data[0].1, 6);
            assert_eq!(r.files["dfA001ws"], b"hello\n");
            assert_eq!(r.files["dfB001ws"], b"\x0cpage2");
            // 3 subcommand acks + 3 file acks, all positive.
            assert_eq!(r.acks, vec![0; 6], "chunk {chunk}");
            assert_eq!(r.closed, Some((vec![], vec![], false)));
        }
    }

    #[test]
    fn data_first_job_commits_with_the_control_file() {
        let mut input = data_sub(b"one", "dfA001ws");
        input.extend(data_sub(b"two", "dfB001ws"));
        input.extend(control_sub(CF, "cfA001ws"));
        let r = run(ReceiveLimits::default(), &input, 5, true);
        assert_eq!(r.commits.len(), 1);
        assert_eq!(r.acks, vec![0; 6]);
    }

    #[test]
    fn count_zero_data_runs_until_end_of_input() {
        let mut input = control_sub(b"Hws\nPbob\nldfA002ws\n", "cfA002ws");
        input.extend(b"\x030 dfA002ws\n");
        input.extend(vec![b'x'; 10_000]);
        let r = run(ReceiveLimits::default(), &input, 999, true);
        assert_eq!(r.commits.len(), 1);
        assert_eq!(r.commits[0].data[0].1, 10_000);
        assert_eq!(r.files["dfA002ws"].len(), 10_000);
        assert_eq!(r.acks, vec![0; 4]);
    }

    #[test]
    fn several_jobs_in_one_connection() {
        let mut input = Vec::new();
        for n in 1..=3 {
            let cf = format!("Hws\nPalice\nfdfA00{n}ws\n");
            input.extend(data_sub(
                format!("job {n}").as_bytes(),
                &format!("dfA00{n}ws"),
            ));
            input.extend(control_sub(cf.as_bytes(), &format!("cfA00{n}ws")));
        }
        let r = run(ReceiveLimits::default(), &input, 11, true);
        assert_eq!(r.commits.len(), 3);
        assert_eq!(r.commits[2].data[0].0.as_str(), "dfA003ws");
    }

    #[test]
    fn unreferenced_and_incomplete_files_are_reported_at_close() {
        let mut input = data_sub(b"stray", "dfZ009ws");
        input.extend(control_sub(b"Hws\nPu\nfdfA001ws\n", "cfA001ws"));
        let r = run(ReceiveLimits::default(), &input, 64, true);
        assert!(r.commits.is_empty());
        assert_eq!(
            r.closed,
            Some((vec!["dfZ009ws".into()], vec!["cfA001ws".into()], false))
        );
    }

    #[test]
    fn abort_forgets_uncommitted_files() {
        let mut input = data_sub(b"stray", "dfA001ws");
        input.extend(b"\x01\n");
        input.extend(control_sub(b"Hws\nPu\nfdfA001ws\n", "cfA001ws"));
        let r = run(ReceiveLimits::default(), &input, 64, true);
        assert_eq!(r.aborts, 1);
        assert!(r.commits.is_empty());
        assert_eq!(r.closed.unwrap().1, vec!["cfA001ws".to_string()]);
    }

    #[test]
    fn truncated_transfer_is_reported_and_commits_nothing() {
        let mut input = control_sub(CF, "cfA001ws");
        input.extend(b"\x03100 dfA001ws\nonly a little");
        let r = run(ReceiveLimits::default(), &input, 64, true);
        assert!(r.commits.is_empty());
        assert!(r.closed.unwrap().2);
    }

    #[test]
    fn limits_refuse_with_the_right_ack() {
        let tight = ReceiveLimits {
            max_line: 64,
            max_control_file: 100,
            max_job_size: 10,
            max_files_per_job: 1,
        };
        let r = run(tight, &data_sub(b"01234567890", "dfA001ws"), 64, true);
        assert_eq!(r.acks, vec![2]);
        assert!(r.refused.unwrap().reason.contains("max_job_size"));

        let mut two = data_sub(b"1", "dfA001ws");
        two.extend(data_sub(b"2", "dfB001ws"));
        let r = run(tight, &two, 64, true);
        assert_eq!(r.acks, vec![0, 0, 2]);
        assert!(r.refused.unwrap().reason.contains("max_files_per_job"));

        let long = [b"\x03".as_slice(), &[b'9'; 100], b" dfA001ws\n"].concat();
        let r = run(tight, &long, 64, true);
        assert_eq!(r.acks, vec![1]);
        assert!(r.refused.unwrap().reason.contains("max_line"));

        let big_cf = control_sub(&[b"J".as_slice(), &[b'x'; 120], b"\n"].concat(), "cfA001ws");
        let r = run(tight, &big_cf, 64, true);
        assert!(r.refused.unwrap().reason.contains("max_control_file"));

        let long_line = control_sub(
            &[b"Pu\nJ".as_slice(), &[b'x'; 70], b"\n"].concat(),
            "cfA001ws",
        );
        let r = run(tight, &long_line, 64, true);
        assert_eq!(r.acks, vec![0, 1]);

        let mut stream = b"\x030 dfA001ws\n".to_vec();
        stream.extend([b'y'; 11]);
        let r = run(tight, &stream, 4, true);
        assert_eq!(r.acks, vec![0, 2]);
    }

    #[test]
    fn bad_input_is_refused_not_panicked_on() {
        for bad in [
            &b"\x04x\n"[..],
            b"\x02abc cfA001h\n",
            b"\x035 ../../etc/passwd\n",
            b"\x029 cfA001h\nHh\nPu\nfd\n\x07",
            b"\x0212 cfA001h\nHh\nPu\nfdfA001h\n\x07",
            b"\x025 cfA001h\nHh\nP\n\x00",
            b"\x026 cfA001h\nHh\nJx\n\x00",
            b"\x020 cfA001h\n",
        ] {
            let r = run(ReceiveLimits::default(), bad, 3, true);
            assert!(r.refused.is_some(), "{bad:?}");
            assert!(r.commits.is_empty());
        }
    }

    #[test]
    fn decisions_block_progress_until_made() {
        let mut s = ReceiveSession::new(ReceiveLimits::default());
        let input = data_sub(b"abc", "dfA001ws");
        let (n, ev) = s.advance(&input);
        assert!(matches!(ev, Event::BeginFile { count: 3, .. }));
        let (m, ev) = s.advance(&input[n..]);
        assert_eq!((m, ev), (0, Event::NeedInput));
        assert!(s.awaiting_decision());
        s.refuse(Ack::NO_SPACE);
        assert_eq!(s.take_output(), vec![2]);
        let (_, ev) = s.advance(&input[n..]);
        assert!(matches!(ev, Event::Closed { .. }));
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..300 {
            let len = (seed % 200) as usize;
            let mut v = Vec::with_capacity(len);
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                v.push(match seed % 8 {
                    0 => 2,
                    1 => 3,
                    2 => b'\n',
                    3 => 0,
                    4 => b' ',
                    _ => (seed >> 8) as u8,
                });
            }
            let _ = run(ReceiveLimits::default(), &v, 1 + (seed % 17) as usize, true);
        }
    }
}
