//! The client's errors: each says which server, which protocol step, and
//! what happened, and maps to one of the agreed exit codes.

use super::sysexits::*;
use crate::net::{NetError, describe_io};
use crate::proto::FileName;
use crate::target::Endpoint;
use std::fmt;
use std::io;
use thiserror::Error;

/// A step of a protocol exchange, as error messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A daemon command line (RFC 1179 §5); the text names it, e.g.
    /// "the receive-job command (02)".
    Command(&'static str),
    /// The receive-control-file subcommand (§6.2).
    ControlSubcommand(FileName),
    /// The control file's contents and their trailing zero octet.
    ControlContents(FileName),
    /// The receive-data-file subcommand (§6.3).
    DataSubcommand(FileName),
    /// A data file's contents and their trailing zero octet (or, with count
    /// 0, up to the end of the connection).
    DataContents(FileName),
    /// The server's answer to a command that has no acknowledgement.
    Response(&'static str),
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Command(what) => f.write_str(what),
            Step::ControlSubcommand(n) => write!(f, "the control file {n}"),
            Step::ControlContents(n) => write!(f, "the contents of control file {n}"),
            Step::DataSubcommand(n) => write!(f, "the data file {n}"),
            Step::DataContents(n) => write!(f, "the contents of data file {n}"),
            Step::Response(what) => f.write_str(what),
        }
    }
}

/// Text a server sent along with a refusal, for the end of a message.
fn suffix(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

fn timeout_phrase(sending: bool, step: &Step) -> &'static str {
    match (sending, step) {
        (true, _) => "while sending",
        (false, Step::Response(_)) => "waiting for the answer to",
        (false, _) => "waiting for the acknowledgement of",
    }
}

fn ack_meaning(ack: u8) -> &'static str {
    match ack {
        2 => ", out of space or busy: try again later",
        _ => "",
    }
}

/// Everything that can go wrong in a client operation.
#[derive(Debug, Error)]
pub enum ClientError {
    /// Connecting failed (the message names the queue as well as the
    /// host and port, so a user with several printers knows which one).
    #[error("queue {}: {source}", endpoint.queue)]
    Net {
        /// The printer it was meant for.
        endpoint: Endpoint,
        /// What failed (boxed: it is the largest error and rare).
        #[source]
        source: Box<NetError>,
    },
    /// The server answered a step with a negative acknowledgement.
    #[error("{endpoint} refused {step} (negative ack {ack}{}){}", ack_meaning(*ack), suffix(message))]
    Refused {
        /// The server.
        endpoint: Endpoint,
        /// The step it refused.
        step: Step,
        /// The acknowledgement octet (non-zero).
        ack: u8,
        /// Any text the server sent after it (cleaned up, may be empty).
        message: String,
    },
    /// The server closed the connection where an acknowledgement or answer
    /// was due.
    #[error("{endpoint} closed the connection after {step}")]
    Closed {
        /// The server.
        endpoint: Endpoint,
        /// The last step sent.
        step: Step,
    },
    /// A read or write did not make progress within the I/O timeout.
    #[error("{endpoint} timed out {} {step}", timeout_phrase(*.sending, step))]
    Timeout {
        /// The server.
        endpoint: Endpoint,
        /// The step.
        step: Step,
        /// True while sending, false while waiting for an answer.
        sending: bool,
    },
    /// The server sent something that is not an acknowledgement.
    #[error(
        "{endpoint} answered {} instead of acknowledging {step}",
        super::trace::escape(response, 200)
    )]
    Garbage {
        /// The server.
        endpoint: Endpoint,
        /// The step.
        step: Step,
        /// What it sent (at most a few KiB).
        response: Vec<u8>,
    },
    /// The server's answer could not be understood (e.g. bad JSON).
    #[error("{endpoint} sent an invalid answer to {step}: {detail}")]
    BadAnswer {
        /// The server.
        endpoint: Endpoint,
        /// The step.
        step: Step,
        /// What is wrong.
        detail: String,
    },
    /// Another I/O error on the connection.
    #[error("{endpoint}: {} during {step}", describe_io(source))]
    Io {
        /// The server.
        endpoint: Endpoint,
        /// The step.
        step: Step,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// The server does not implement LPRng's control command (06).
    #[error(
        "{endpoint} does not support remote control (command 06, an LPRng extension){}; it \
         speaks only RFC 1179: use lpq/lprm, or the server's own administration tools",
        suffix(detail)
    )]
    ControlUnsupported {
        /// The server.
        endpoint: Endpoint,
        /// What it answered.
        detail: String,
    },
    /// An input file could not be opened or read.
    #[error("{name}: {}", describe_io(source))]
    Input {
        /// The file (or "standard input").
        name: String,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// An input is not something that can be printed (a directory, …).
    #[error("{name}: {why}")]
    BadInput {
        /// The file.
        name: String,
        /// Why it is refused.
        why: &'static str,
    },
    /// A file changed size while it was being sent; the job was abandoned
    /// (the server discards an incomplete job).
    #[error(
        "{name} changed size while it was being sent to {endpoint} ({expected} bytes announced, \
         {}); the job was abandoned",
        if *.actual > *.expected { "it grew".to_string() } else { format!("only {actual} could be read") }
    )]
    InputChanged {
        /// The server.
        endpoint: Endpoint,
        /// The file.
        name: String,
        /// The size announced in the subcommand.
        expected: u64,
        /// The size found (more than expected: it grew).
        actual: u64,
    },
    /// Spooling input of unknown length to a temporary file failed.
    #[error(
        "cannot buffer {name} in a temporary file (see TMPDIR): {}",
        describe_io(source)
    )]
    Spool {
        /// The input (usually "standard input").
        name: String,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// The job cannot be described on the wire (too many files, …).
    #[error("invalid job: {0}")]
    Job(#[source] crate::proto::Error),
    /// A job was put together in a way the protocol cannot carry.
    #[error("invalid job: {0}")]
    JobLayout(&'static str),
    /// Writing the server's answer to the caller's output failed.
    #[error("cannot write the answer of {endpoint}: {}", describe_io(source))]
    Output {
        /// The server.
        endpoint: Endpoint,
        /// The error.
        #[source]
        source: io::Error,
    },
}

impl ClientError {
    /// The agreed exit code (see [`super::sysexits`]).
    pub fn exit_code(&self) -> u8 {
        match self {
            ClientError::Net { source, .. } => source.exit_code(),
            ClientError::Refused { ack: 2, .. } => EX_TEMPFAIL,
            ClientError::Refused { message, .. } if mentions_permission(message) => EX_NOPERM,
            ClientError::Refused { .. } | ClientError::Closed { .. } => EX_UNAVAILABLE,
            ClientError::ControlUnsupported { .. } => EX_UNAVAILABLE,
            ClientError::Timeout { .. } => EX_TEMPFAIL,
            ClientError::Garbage { response, .. }
                if mentions_permission(&String::from_utf8_lossy(response)) =>
            {
                EX_NOPERM
            }
            ClientError::Garbage { .. } | ClientError::BadAnswer { .. } => EX_PROTOCOL,
            ClientError::Io { .. } | ClientError::Output { .. } | ClientError::Spool { .. } => {
                EX_IOERR
            }
            ClientError::Input { source, .. } => match source.kind() {
                io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied => EX_NOINPUT,
                _ => EX_IOERR,
            },
            ClientError::BadInput { .. } => EX_NOINPUT,
            ClientError::InputChanged { .. } | ClientError::Job(_) => EX_DATAERR,
            ClientError::JobLayout(_) => EX_SOFTWARE,
        }
    }

    /// True when writing to the caller's output hit a closed pipe (`lpq |
    /// head`): the tools exit quietly then.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, ClientError::Output { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }

    /// The server this error concerns, if any.
    pub fn endpoint(&self) -> Option<&Endpoint> {
        match self {
            ClientError::Net { endpoint, .. }
            | ClientError::Refused { endpoint, .. }
            | ClientError::Closed { endpoint, .. }
            | ClientError::Timeout { endpoint, .. }
            | ClientError::Garbage { endpoint, .. }
            | ClientError::BadAnswer { endpoint, .. }
            | ClientError::Io { endpoint, .. }
            | ClientError::ControlUnsupported { endpoint, .. }
            | ClientError::InputChanged { endpoint, .. }
            | ClientError::Output { endpoint, .. } => Some(endpoint),
            _ => None,
        }
    }
}

fn mentions_permission(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    [
        "permission",
        "not allowed",
        "denied",
        "not authorized",
        "printer access",
    ]
    .iter()
    .any(|w| t.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::{FileKind, Queue};

    fn ep() -> Endpoint {
        Endpoint::new(Queue::new("lp").unwrap(), "printhost", 515)
    }

    #[test]
    fn messages_name_the_endpoint_step_and_ack() {
        let df = FileName::new(FileKind::Data, "dfA123printhost").unwrap();
        let cf = FileName::new(FileKind::Control, "cfA123printhost").unwrap();
        let e = ClientError::Refused {
            endpoint: ep(),
            step: Step::DataSubcommand(df.clone()),
            ack: 1,
            message: String::new(),
        };
        assert_eq!(
            e.to_string(),
            "lp@printhost:515 refused the data file dfA123printhost (negative ack 1)"
        );
        assert_eq!(e.exit_code(), EX_UNAVAILABLE);
        let e = ClientError::Refused {
            endpoint: ep(),
            step: Step::DataContents(df.clone()),
            ack: 2,
            message: "queue full".into(),
        };
        assert_eq!(
            e.to_string(),
            "lp@printhost:515 refused the contents of data file dfA123printhost (negative ack 2, \
             out of space or busy: try again later): queue full"
        );
        assert_eq!(e.exit_code(), EX_TEMPFAIL);
        let e = ClientError::Closed {
            endpoint: ep(),
            step: Step::ControlContents(cf),
        };
        assert_eq!(
            e.to_string(),
            "lp@printhost:515 closed the connection after the contents of control file \
             cfA123printhost"
        );
        let e = ClientError::Timeout {
            endpoint: ep(),
            step: Step::DataContents(df),
            sending: false,
        };
        assert_eq!(
            e.to_string(),
            "lp@printhost:515 timed out waiting for the acknowledgement of the contents of data \
             file dfA123printhost"
        );
        assert_eq!(e.exit_code(), EX_TEMPFAIL);
    }

    #[test]
    fn permission_refusals_exit_with_noperm() {
        let e = ClientError::Refused {
            endpoint: ep(),
            step: Step::Command("the receive-job command (02)"),
            ack: 1,
            message: "no permission to print".into(),
        };
        assert_eq!(e.exit_code(), EX_NOPERM);
        let e = ClientError::Garbage {
            endpoint: ep(),
            step: Step::Command("the receive-job command (02)"),
            response: b"lpd: Your host does not have line printer access\n".to_vec(),
        };
        assert_eq!(e.exit_code(), EX_NOPERM);
        assert!(e.to_string().contains("does not have line printer access"));
        let e = ClientError::Garbage {
            endpoint: ep(),
            step: Step::Command("the receive-job command (02)"),
            response: b"HTTP/1.1 400 Bad Request\r\n".to_vec(),
        };
        assert_eq!(e.exit_code(), EX_PROTOCOL);
    }
}
