//! Daemon commands (RFC 1179 §5) and LPRng's remote control command.
//!
//! A daemon command is the first line a client sends on a new connection:
//! one octet code, the queue name, operands separated by white space, LF.
//!
//! ```text
//! +----+-------+----+        01 print any waiting jobs      (§5.1)
//! | 01 | Queue | LF |        02 receive a printer job       (§5.2)
//! +----+-------+----+
//! +----+-------+----+------+----+
//! | 03 | Queue | SP | List | LF |   03 send queue state, short (§5.3)
//! +----+-------+----+------+----+   04 send queue state, long  (§5.4)
//! +----+-------+----+-------+----+------+----+
//! | 05 | Queue | SP | Agent | SP | List | LF |   05 remove jobs (§5.5)
//! +----+-------+----+-------+----+------+----+
//! +----+-------+----+------+----+-----------+----+--------+----+
//! | 06 | Queue | SP | User | SP | Operation | SP | Operands | LF |   LPRng
//! +----+-------+----+------+----+-----------+----+--------+----+
//! ```
//!
//! LPRng's `lpc` repeats the queue as the first operand of `06`
//! (`\x06lp root topq lp 12\n`, captured from LPRng 3.8.B in
//! `tests/fixtures/wire/lprng/lpc_*.bin`); LPRng's lpd reads the operands
//! that way, so lpkit's `lpc` sends that form and lpkit's lpd accepts both.
//!
//! Decoding accepts any run of RFC white space (SP HT VT FF) between
//! operands; encoding emits exactly one SP.

use super::error::{Error, Result};
use super::names::{JobSelector, Queue, UserName, is_rfc_space};
use std::fmt;

/// A daemon command: the first line of every connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `01` Print any waiting jobs (§5.1).
    PrintWaiting {
        /// The queue.
        queue: Queue,
    },
    /// `02` Receive a printer job (§5.2); subcommands follow (§6).
    ReceiveJob {
        /// The queue.
        queue: Queue,
    },
    /// `03` / `04` Send queue state, short or long (§5.3, §5.4).
    QueueState {
        /// The queue.
        queue: Queue,
        /// Short (`03`) or long (`04`).
        format: StateFormat,
        /// Only these users or job numbers (empty: all).
        list: Vec<JobSelector>,
    },
    /// `05` Remove jobs (§5.5).
    Remove {
        /// The queue.
        queue: Queue,
        /// The user making the request.
        agent: UserName,
        /// Users or job numbers to remove (empty: the active job).
        list: Vec<JobSelector>,
    },
    /// `06` LPRng remote control (`lpc`), an extension to RFC 1179.
    Control {
        /// The queue (LPRng uses `all` for every queue).
        queue: Queue,
        /// The user making the request.
        user: UserName,
        /// The operation.
        operation: ControlOp,
        /// Further operands. LPRng's form repeats the queue first
        /// (`topq lp 12`), then job numbers or users, or a destination for
        /// `redirect`/`move`.
        operands: Vec<Word>,
    },
}

/// Short or long queue state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StateFormat {
    /// `03`: one line per job.
    Short,
    /// `04`: several lines per job.
    Long,
}

impl Command {
    /// The command code octet.
    pub fn code(&self) -> u8 {
        match self {
            Command::PrintWaiting { .. } => 1,
            Command::ReceiveJob { .. } => 2,
            Command::QueueState {
                format: StateFormat::Short,
                ..
            } => 3,
            Command::QueueState {
                format: StateFormat::Long,
                ..
            } => 4,
            Command::Remove { .. } => 5,
            Command::Control { .. } => 6,
        }
    }

    /// The queue the command addresses.
    pub fn queue(&self) -> &Queue {
        match self {
            Command::PrintWaiting { queue }
            | Command::ReceiveJob { queue }
            | Command::QueueState { queue, .. }
            | Command::Remove { queue, .. }
            | Command::Control { queue, .. } => queue,
        }
    }

    /// Appends the command line, LF included.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.code());
        out.extend_from_slice(self.queue().as_bytes());
        match self {
            Command::PrintWaiting { .. } | Command::ReceiveJob { .. } => {}
            Command::QueueState { list, .. } => encode_list(list, out),
            Command::Remove { agent, list, .. } => {
                out.push(b' ');
                out.extend_from_slice(agent.as_bytes());
                encode_list(list, out);
            }
            Command::Control {
                user,
                operation,
                operands,
                ..
            } => {
                out.push(b' ');
                out.extend_from_slice(user.as_bytes());
                out.push(b' ');
                out.extend_from_slice(operation.as_str().as_bytes());
                for w in operands {
                    out.push(b' ');
                    out.extend_from_slice(w.as_bytes());
                }
            }
        }
        out.push(b'\n');
    }

    /// The command line as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }

    /// Decodes one complete command line, which must end with its LF and
    /// nothing after it.
    pub fn decode(line: &[u8]) -> Result<Self> {
        let body = strip_lf(line)?;
        let (&code, rest) = body.split_first().ok_or(Error::Empty)?;
        if !(1..=6).contains(&code) {
            return Err(Error::UnknownCommand(code));
        }
        let mut ops = Operands::new(rest);
        // No white space is allowed between the code and the queue name.
        if rest.first().copied().is_some_and(is_rfc_space) {
            return Err(Error::MissingOperand("queue name"));
        }
        let queue = Queue::new(ops.next().ok_or(Error::MissingOperand("queue name"))?)?;
        let cmd = match code {
            1 | 2 => {
                if let Some(extra) = ops.next() {
                    return Err(Error::UnexpectedOperand(lossy(extra)));
                }
                if code == 1 {
                    Command::PrintWaiting { queue }
                } else {
                    Command::ReceiveJob { queue }
                }
            }
            3 | 4 => Command::QueueState {
                queue,
                format: if code == 3 {
                    StateFormat::Short
                } else {
                    StateFormat::Long
                },
                list: decode_list(ops)?,
            },
            5 => {
                let agent = UserName::new(ops.next().ok_or(Error::MissingOperand("agent"))?)?;
                Command::Remove {
                    queue,
                    agent,
                    list: decode_list(ops)?,
                }
            }
            _ => {
                let user = UserName::new(ops.next().ok_or(Error::MissingOperand("user"))?)?;
                let op = ops
                    .next()
                    .ok_or(Error::MissingOperand("control operation"))?;
                let operation = ControlOp::parse(
                    std::str::from_utf8(op).map_err(|_| Error::NotUtf8("control operation"))?,
                )?;
                let operands = ops.map(Word::new).collect::<Result<_>>()?;
                Command::Control {
                    queue,
                    user,
                    operation,
                    operands,
                }
            }
        };
        Ok(cmd)
    }
}

impl fmt::Display for Command {
    /// A readable rendering for logs: `\x03lp alice` shows as `03 lp alice`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.to_bytes();
        write!(
            f,
            "{:02} {}",
            bytes[0],
            String::from_utf8_lossy(&bytes[1..bytes.len() - 1])
        )
    }
}

fn encode_list(list: &[JobSelector], out: &mut Vec<u8>) {
    for item in list {
        out.push(b' ');
        item.encode(out);
    }
}

fn decode_list(ops: Operands<'_>) -> Result<Vec<JobSelector>> {
    ops.map(JobSelector::decode).collect()
}

/// Removes the terminating LF of a single-line message, refusing a missing
/// LF or bytes after it.
pub(crate) fn strip_lf(line: &[u8]) -> Result<&[u8]> {
    match line.iter().position(|&b| b == b'\n') {
        None if line.is_empty() => Err(Error::Empty),
        None => Err(Error::MissingLf),
        Some(i) if i + 1 != line.len() => Err(Error::TrailingBytes(line.len() - i - 1)),
        Some(i) => Ok(&line[..i]),
    }
}

pub(crate) fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[..b.len().min(64)]).into_owned()
}

/// Iterator over white-space separated operands (RFC 1179 §3.1).
#[derive(Debug)]
pub(crate) struct Operands<'a>(&'a [u8]);

impl<'a> Operands<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Self {
        Operands(b)
    }
}

impl<'a> Iterator for Operands<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let start = self.0.iter().position(|&b| !is_rfc_space(b))?;
        let rest = &self.0[start..];
        let end = rest
            .iter()
            .position(|&b| is_rfc_space(b))
            .unwrap_or(rest.len());
        self.0 = &rest[end..];
        Some(&rest[..end])
    }
}

/// An operand of an LPRng control command: a non-empty word without white
/// space or control characters, at most 255 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Word(String);

impl Word {
    /// Validates a word.
    pub fn new(w: impl AsRef<[u8]>) -> Result<Self> {
        let b = w.as_ref();
        if b.is_empty() {
            return Err(Error::EmptyOperand("operand"));
        }
        if b.len() > super::names::MAX_NAME {
            return Err(Error::TooLong {
                what: "operand",
                len: b.len(),
                max: super::names::MAX_NAME,
            });
        }
        if let Some(pos) = b.iter().position(|&c| c <= b' ' || c == 0x7f) {
            return Err(Error::ForbiddenByte {
                what: "operand",
                byte: b[pos],
                pos,
            });
        }
        std::str::from_utf8(b)
            .map(|s| Word(s.to_owned()))
            .map_err(|_| Error::NotUtf8("operand"))
    }
    /// The word.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The word as bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An LPRng control operation (the `lpc` verbs sent with command `06`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ControlOp {
    /// Show queue and printer status.
    Status,
    /// Enable printing and start a printer process.
    Start,
    /// Stop printing after the current job.
    Stop,
    /// Allow jobs to be queued.
    Enable,
    /// Refuse new jobs.
    Disable,
    /// Stop printing at once, killing the current job's output.
    Abort,
    /// `enable` and `start`.
    Up,
    /// `disable` and `stop`.
    Down,
    /// Move jobs to the top of the queue.
    Topq,
    /// Hold jobs.
    Hold,
    /// Release held jobs.
    Release,
    /// Send the queue's jobs to another queue (`redirect dest` / `redirect off`).
    Redirect,
    /// Move jobs to another queue.
    Move,
    /// Remove files that do not belong to a job.
    Clean,
    /// Any other verb (LPRng has more: `lpq`, `lprm`, `kill`, `msg`, …).
    Other(Word),
}

impl ControlOp {
    /// Every operation with a name of its own, for help texts and tests.
    pub const KNOWN: [ControlOp; 14] = [
        ControlOp::Status,
        ControlOp::Start,
        ControlOp::Stop,
        ControlOp::Enable,
        ControlOp::Disable,
        ControlOp::Abort,
        ControlOp::Up,
        ControlOp::Down,
        ControlOp::Topq,
        ControlOp::Hold,
        ControlOp::Release,
        ControlOp::Redirect,
        ControlOp::Move,
        ControlOp::Clean,
    ];

    /// Parses a verb, case-insensitively as LPRng does.
    pub fn parse(s: &str) -> Result<Self> {
        let lower = s.to_ascii_lowercase();
        match Self::KNOWN.into_iter().find(|op| op.as_str() == lower) {
            Some(op) => Ok(op),
            None => Word::new(s).map(ControlOp::Other),
        }
    }

    /// The verb as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            ControlOp::Status => "status",
            ControlOp::Start => "start",
            ControlOp::Stop => "stop",
            ControlOp::Enable => "enable",
            ControlOp::Disable => "disable",
            ControlOp::Abort => "abort",
            ControlOp::Up => "up",
            ControlOp::Down => "down",
            ControlOp::Topq => "topq",
            ControlOp::Hold => "hold",
            ControlOp::Release => "release",
            ControlOp::Redirect => "redirect",
            ControlOp::Move => "move",
            ControlOp::Clean => "clean",
            ControlOp::Other(w) => w.as_str(),
        }
    }
}

impl fmt::Display for ControlOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::names::JobNumber;

    fn q(s: &str) -> Queue {
        Queue::new(s).unwrap()
    }
    fn u(s: &str) -> UserName {
        UserName::new(s).unwrap()
    }
    fn j(n: u32) -> JobSelector {
        JobSelector::Job(JobNumber::new(n).unwrap())
    }

    /// (bytes on the wire, value): drives both directions (RFC 1179 §5).
    fn vectors() -> Vec<(&'static [u8], Command)> {
        vec![
            (b"\x01lp\n", Command::PrintWaiting { queue: q("lp") }),
            (b"\x02lp\n", Command::ReceiveJob { queue: q("lp") }),
            (
                b"\x03lp\n",
                Command::QueueState {
                    queue: q("lp"),
                    format: StateFormat::Short,
                    list: vec![],
                },
            ),
            (
                b"\x03lp alice 12\n",
                Command::QueueState {
                    queue: q("lp"),
                    format: StateFormat::Short,
                    list: vec![JobSelector::User(u("alice")), j(12)],
                },
            ),
            (
                b"\x04laser 7\n",
                Command::QueueState {
                    queue: q("laser"),
                    format: StateFormat::Long,
                    list: vec![j(7)],
                },
            ),
            (
                b"\x05lp bob\n",
                Command::Remove {
                    queue: q("lp"),
                    agent: u("bob"),
                    list: vec![],
                },
            ),
            (
                b"\x05lp root 1 2 carol\n",
                Command::Remove {
                    queue: q("lp"),
                    agent: u("root"),
                    list: vec![j(1), j(2), JobSelector::User(u("carol"))],
                },
            ),
            (
                b"\x06lp root topq 12\n",
                Command::Control {
                    queue: q("lp"),
                    user: u("root"),
                    operation: ControlOp::Topq,
                    operands: vec![Word::new("12").unwrap()],
                },
            ),
            (
                b"\x06lp root abort lp\n",
                Command::Control {
                    queue: q("lp"),
                    user: u("root"),
                    operation: ControlOp::Abort,
                    operands: vec![Word::new("lp").unwrap()],
                },
            ),
            (
                b"\x06all root status\n",
                Command::Control {
                    queue: q("all"),
                    user: u("root"),
                    operation: ControlOp::Status,
                    operands: vec![],
                },
            ),
        ]
    }

    #[test]
    fn encodes_and_decodes_rfc_vectors_byte_exact() {
        for (bytes, cmd) in vectors() {
            assert_eq!(cmd.to_bytes(), bytes, "encode {cmd:?}");
            assert_eq!(Command::decode(bytes).unwrap(), cmd, "decode {bytes:?}");
        }
    }

    #[test]
    fn decode_accepts_any_rfc_white_space() {
        let cmd = Command::decode(b"\x05lp\t\x0bbob \x0c 3\t\n").unwrap();
        assert_eq!(cmd.to_bytes(), b"\x05lp bob 3\n");
    }

    #[test]
    fn decode_refuses_malformed_commands() {
        assert_eq!(Command::decode(b""), Err(Error::Empty));
        assert_eq!(Command::decode(b"\x02lp"), Err(Error::MissingLf));
        assert_eq!(Command::decode(b"\x02lp\nX"), Err(Error::TrailingBytes(1)));
        assert_eq!(Command::decode(b"\x07lp\n"), Err(Error::UnknownCommand(7)));
        assert_eq!(Command::decode(b"\x00lp\n"), Err(Error::UnknownCommand(0)));
        assert_eq!(Command::decode(b"Glp\n"), Err(Error::UnknownCommand(b'G')));
        assert_eq!(
            Command::decode(b"\x02\n"),
            Err(Error::MissingOperand("queue name"))
        );
        assert_eq!(
            Command::decode(b"\x02 lp\n"),
            Err(Error::MissingOperand("queue name"))
        );
        assert_eq!(
            Command::decode(b"\x05lp\n"),
            Err(Error::MissingOperand("agent"))
        );
        assert_eq!(
            Command::decode(b"\x03lp 1000\n"),
            Err(Error::JobNumberRange(1000))
        );
        assert!(matches!(
            Command::decode(b"\x02lp extra\n"),
            Err(Error::UnexpectedOperand(_))
        ));
        assert!(matches!(
            Command::decode(b"\x05lp 9bob\n"),
            Err(Error::UserStartsWithDigit(_))
        ));
        let long = [b"\x02".as_slice(), &[b'q'; 300], b"\n"].concat();
        assert!(matches!(Command::decode(&long), Err(Error::TooLong { .. })));
        assert_eq!(
            Command::decode(b"\x06lp root\n"),
            Err(Error::MissingOperand("control operation"))
        );
    }

    #[test]
    fn control_verbs_are_case_insensitive_and_unknown_ones_are_kept() {
        let cmd = Command::decode(b"\x06lp root HOLD 3\n").unwrap();
        assert!(matches!(
            cmd,
            Command::Control {
                operation: ControlOp::Hold,
                ..
            }
        ));
        let cmd = Command::decode(b"\x06lp root kill\n").unwrap();
        assert_eq!(cmd.to_bytes(), b"\x06lp root kill\n");
        for op in ControlOp::KNOWN {
            assert_eq!(ControlOp::parse(op.as_str()).unwrap(), op);
        }
    }

    #[test]
    fn display_is_readable() {
        let cmd = Command::decode(b"\x03lp alice\n").unwrap();
        assert_eq!(cmd.to_string(), "03 lp alice");
    }
}
