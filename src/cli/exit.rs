//! Exit statuses: the ONE place that maps errors to process exit codes.
//!
//! The values are the `sysexits.h` ones agreed for every lpkit tool; the
//! man pages' EXIT STATUS sections are generated from [`Exit::ALL`], so the
//! table below, the code and the documentation cannot drift apart.

use std::fmt;
use std::io;
use std::process::ExitCode;

/// A process exit status of an lpkit client tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exit {
    /// 0: success.
    Ok,
    /// 1: nothing matched (`lpq -q` found no matching job, `lprm` removed
    /// nothing).
    NoMatch,
    /// 64 `EX_USAGE`: the command line is wrong.
    Usage,
    /// 65 `EX_DATAERR`: bad input data.
    DataErr,
    /// 66 `EX_NOINPUT`: an input file is missing or unreadable.
    NoInput,
    /// 68 `EX_NOHOST`: the server's name does not resolve.
    NoHost,
    /// 69 `EX_UNAVAILABLE`: connection refused, or the server refused the
    /// request.
    Unavailable,
    /// 70 `EX_SOFTWARE`: an internal error (a bug).
    Software,
    /// 74 `EX_IOERR`: an I/O error on the connection or a local file.
    IoErr,
    /// 75 `EX_TEMPFAIL`: a time-out, or the server asked to try later.
    TempFail,
    /// 76 `EX_PROTOCOL`: the server answered something that is not RFC 1179.
    Protocol,
    /// 77 `EX_NOPERM`: not permitted (a reserved port is required but not
    /// available, the server denied the request, `-U` without root).
    NoPerm,
    /// 78 `EX_CONFIG`: the configuration file is wrong.
    Config,
}

impl Exit {
    /// Every status, in numeric order (drives the man pages).
    pub const ALL: [Exit; 13] = [
        Exit::Ok,
        Exit::NoMatch,
        Exit::Usage,
        Exit::DataErr,
        Exit::NoInput,
        Exit::NoHost,
        Exit::Unavailable,
        Exit::Software,
        Exit::IoErr,
        Exit::TempFail,
        Exit::Protocol,
        Exit::NoPerm,
        Exit::Config,
    ];

    /// The numeric status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::NoMatch => 1,
            Exit::Usage => 64,
            Exit::DataErr => 65,
            Exit::NoInput => 66,
            Exit::NoHost => 68,
            Exit::Unavailable => 69,
            Exit::Software => 70,
            Exit::IoErr => 74,
            Exit::TempFail => 75,
            Exit::Protocol => 76,
            Exit::NoPerm => 77,
            Exit::Config => 78,
        }
    }

    /// What the status means, for the man pages.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Ok => "Success.",
            Exit::NoMatch => {
                "Nothing matched: lpq -q found no matching job, or lprm removed nothing."
            }
            Exit::Usage => "Usage error: a wrong option, operand or combination (EX_USAGE).",
            Exit::DataErr => "The input data or an operand's value is invalid (EX_DATAERR).",
            Exit::NoInput => "An input file does not exist or cannot be read (EX_NOINPUT).",
            Exit::NoHost => "The server's host name does not resolve (EX_NOHOST).",
            Exit::Unavailable => {
                "The server cannot be reached (connection refused) or refused the request (EX_UNAVAILABLE)."
            }
            Exit::Software => "Internal error; please report it as a bug (EX_SOFTWARE).",
            Exit::IoErr => "An I/O error on the connection or a local file (EX_IOERR).",
            Exit::TempFail => {
                "Temporary failure: a time-out, or the server is out of space or asked to try later (EX_TEMPFAIL)."
            }
            Exit::Protocol => {
                "The server answered something that is not RFC 1179, or closed the connection early (EX_PROTOCOL)."
            }
            Exit::NoPerm => {
                "Not permitted: a reserved source port is required but cannot be bound, the server denied the request, or an option needs root (EX_NOPERM)."
            }
            Exit::Config => "The configuration file is missing, unreadable or invalid (EX_CONFIG).",
        }
    }
}

impl Exit {
    /// The status with this number; an unknown number is an internal error.
    pub fn from_code(code: u8) -> Exit {
        Exit::ALL
            .into_iter()
            .find(|e| e.code() == code)
            .unwrap_or(Exit::Software)
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e.code())
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

/// An error the CLI raises itself, carrying its exit status.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    /// The exit status.
    pub exit: Exit,
    /// What went wrong, and where.
    pub message: String,
}

/// Makes an [`anyhow::Error`] that exits with `exit`.
pub fn fail(exit: Exit, message: impl Into<String>) -> anyhow::Error {
    Failure {
        exit,
        message: message.into(),
    }
    .into()
}

/// Writing to standard output failed; a closed pipe (`lpq | head -1`) is a
/// quiet, successful exit.
#[derive(Debug, thiserror::Error)]
#[error("cannot write to standard output")]
pub struct StdoutError(#[source] pub io::Error);

impl StdoutError {
    /// True when the reader of our output went away.
    pub fn is_broken_pipe(&self) -> bool {
        self.0.kind() == io::ErrorKind::BrokenPipe
    }
}

/// True when `err` is a closed standard output (a quiet exit).
pub fn is_broken_stdout(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<StdoutError>()
            .is_some_and(StdoutError::is_broken_pipe)
            || e.downcast_ref::<crate::client::ClientError>()
                .is_some_and(crate::client::ClientError::is_broken_pipe)
    })
}

/// The exit status for an error: the first link of its chain that tells.
pub fn classify(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if let Some(f) = cause.downcast_ref::<Failure>() {
            return f.exit;
        }
        if cause.downcast_ref::<StdoutError>().is_some() {
            return Exit::IoErr;
        }
        if let Some(e) = library_exit(cause) {
            return e;
        }
        if cause.downcast_ref::<crate::proto::Error>().is_some() {
            return Exit::DataErr;
        }
        if let Some(e) = cause.downcast_ref::<io::Error>() {
            return io_exit(e);
        }
        if cause.downcast_ref::<clap::Error>().is_some() {
            return Exit::Usage;
        }
    }
    Exit::Software
}

/// The status of an I/O error that reached us unclassified.
pub fn io_exit(e: &io::Error) -> Exit {
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => Exit::NoInput,
        K::PermissionDenied => Exit::NoPerm,
        K::TimedOut | K::WouldBlock | K::Interrupted => Exit::TempFail,
        K::ConnectionRefused | K::ConnectionReset | K::ConnectionAborted => Exit::Unavailable,
        K::InvalidData | K::UnexpectedEof => Exit::Protocol,
        _ => Exit::IoErr,
    }
}

/// The status of a typed library error (client, network, target,
/// configuration): each knows its class; this turns it into an [`Exit`].
fn library_exit(cause: &(dyn std::error::Error + 'static)) -> Option<Exit> {
    let code = if let Some(e) = cause.downcast_ref::<crate::client::ClientError>() {
        e.exit_code()
    } else if let Some(e) = cause.downcast_ref::<crate::net::NetError>() {
        e.exit_code()
    } else if cause.downcast_ref::<crate::target::TargetError>().is_some() {
        Exit::Usage.code()
    } else if let Some(e) = cause.downcast_ref::<crate::config::ConfigError>() {
        e.exit_code()
    } else {
        return None;
    };
    Some(Exit::from_code(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_agreed_sysexits_and_round_trip() {
        let codes: Vec<u8> = Exit::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes, [0, 1, 64, 65, 66, 68, 69, 70, 74, 75, 76, 77, 78]);
        for e in Exit::ALL {
            assert_eq!(Exit::from_code(e.code()), e);
        }
        assert_eq!(Exit::from_code(42), Exit::Software);
    }

    #[test]
    fn classify_takes_the_first_link_that_tells() {
        let e = anyhow::Error::from(io::Error::new(io::ErrorKind::TimedOut, "slow"))
            .context(fail(Exit::NoInput, "reading x").to_string());
        assert_eq!(classify(&e), Exit::TempFail);
        let e = fail(Exit::Usage, "bad").context("while parsing");
        assert_eq!(classify(&e), Exit::Usage);
        assert_eq!(classify(&anyhow::anyhow!("mystery")), Exit::Software);
    }

    #[test]
    fn a_closed_stdout_is_recognised() {
        let e: anyhow::Error =
            StdoutError(io::Error::new(io::ErrorKind::BrokenPipe, "closed")).into();
        assert!(is_broken_stdout(&e));
        assert!(!is_broken_stdout(&anyhow::anyhow!("other")));
    }
}
