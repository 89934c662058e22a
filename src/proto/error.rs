//! The one error type of the pure protocol layer.

use thiserror::Error;

/// What the protocol layer found wrong with some bytes or a value.
///
/// Every variant says *what* was wrong in words a user can act on; the
/// layers above add *where* (host, queue, protocol step).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Error {
    /// The input ended before the terminating line feed.
    #[error("the line is not terminated by a line feed (LF)")]
    MissingLf,
    /// Bytes followed the terminating line feed of a single-line message.
    #[error("{0} unexpected byte(s) after the line feed")]
    TrailingBytes(usize),
    /// The input was empty where a message was expected.
    #[error("empty message")]
    Empty,
    /// A daemon command code outside 01–06.
    #[error("unknown daemon command code {0:#04x}")]
    UnknownCommand(u8),
    /// A receive-job subcommand code outside 01–03.
    #[error("unknown receive-job subcommand code {0:#04x}")]
    UnknownSubcommand(u8),
    /// A required operand is absent.
    #[error("missing operand: {0}")]
    MissingOperand(&'static str),
    /// An operand that must not be there (e.g. after "abort job").
    #[error("unexpected operand {0:?}")]
    UnexpectedOperand(String),
    /// An operand is longer than allowed.
    #[error("{what} is {len} bytes long; at most {max} are allowed")]
    TooLong {
        /// Which operand.
        what: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The allowed maximum.
        max: usize,
    },
    /// An operand is empty where a value is required.
    #[error("{0} must not be empty")]
    EmptyOperand(&'static str),
    /// An operand contains a byte that is not allowed there.
    #[error("{what} contains a forbidden byte {byte:#04x} at position {pos}")]
    ForbiddenByte {
        /// Which operand.
        what: &'static str,
        /// The byte.
        byte: u8,
        /// Its index within the operand.
        pos: usize,
    },
    /// An operand is not valid UTF-8 where text is required.
    #[error("{0} is not valid UTF-8")]
    NotUtf8(&'static str),
    /// A job number outside 0–999.
    #[error("job number {0} is out of range (RFC 1179 allows 0 to 999)")]
    JobNumberRange(u64),
    /// A decimal operand that is not all digits or does not fit.
    #[error("{what} {value:?} is not a decimal number in range")]
    BadNumber {
        /// Which operand.
        what: &'static str,
        /// The operand as received (lossy).
        value: String,
    },
    /// A user name that begins with a digit (RFC 1179 §2).
    #[error("user name {0:?} starts with a digit, which RFC 1179 reserves for job numbers")]
    UserStartsWithDigit(String),
    /// A file name that does not have the RFC 1179 shape.
    #[error("{what} {name:?} is malformed: {why}")]
    BadFileName {
        /// "control file name" or "data file name".
        what: &'static str,
        /// The name as received (lossy).
        name: String,
        /// Why it is refused.
        why: &'static str,
    },
    /// A control-file line could not be decoded.
    #[error("control file line {line}: {source}")]
    ControlLine {
        /// 1-based line number.
        line: usize,
        /// What was wrong with it.
        #[source]
        source: Box<Error>,
    },
    /// More data files than a job can name (52: `dfA`–`dfZ`, `dfa`–`dfz`).
    #[error("a job may carry at most {max} data files; {count} were given")]
    TooManyFiles {
        /// Files requested.
        count: usize,
        /// The limit.
        max: usize,
    },
}

/// Shorthand for results of the protocol layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;
