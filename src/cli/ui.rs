//! Terminal concerns of the client tools: where messages go, verbosity,
//! colour, and writing data to standard output.
//!
//! Data goes to standard output; messages (verbose notes, warnings,
//! errors) go to standard error prefixed with the tool's name. Colour is
//! used only on a terminal and never when `NO_COLOR` is set.

use super::exit::StdoutError;
use std::fmt::Display;
use std::io::{self, IsTerminal, Write};

/// How a tool talks to its user.
#[derive(Debug, Clone)]
pub struct Ui {
    /// The tool's name, prefixed to every message.
    pub tool: &'static str,
    /// 0 quiet-ish default, 1 `-v` (connection details), 2 `-vv` (bytes).
    pub verbose: u8,
    /// `--quiet`: no progress bar, no notes, no warnings.
    pub quiet: bool,
    /// Whether colour may be used on standard error.
    pub color: bool,
    /// Whether standard error is a terminal.
    pub stderr_tty: bool,
    /// Whether standard output is a terminal.
    pub stdout_tty: bool,
}

/// True unless `NO_COLOR` is set to a non-empty value (no-color.org).
pub fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

impl Ui {
    /// A UI for `tool` with the given verbosity.
    pub fn new(tool: &'static str, verbose: u8, quiet: bool) -> Self {
        let stderr_tty = io::stderr().is_terminal();
        Ui {
            tool,
            verbose: if quiet { 0 } else { verbose },
            quiet,
            color: stderr_tty && color_allowed(),
            stderr_tty,
            stdout_tty: io::stdout().is_terminal(),
        }
    }

    /// A note shown at verbosity `level` or more (`-v` is 1).
    pub fn note(&self, level: u8, msg: impl Display) {
        if self.verbose >= level {
            self.line(None, msg);
        }
    }

    /// A warning, shown unless `--quiet`.
    pub fn warn(&self, msg: impl Display) {
        if !self.quiet {
            self.line(Some(("warning", "33")), msg);
        }
    }

    /// An error message with its chain (`lpr: outer: cause: root`).
    pub fn error(&self, err: &anyhow::Error) {
        self.line(None, super::render_error(err));
    }

    fn line(&self, tag: Option<(&str, &str)>, msg: impl Display) {
        let mut e = io::stderr().lock();
        // Errors writing to stderr cannot be reported anywhere: ignore.
        let _ = match tag {
            Some((t, c)) if self.color => {
                writeln!(e, "{}: \x1b[{c}m{t}\x1b[0m: {msg}", self.tool)
            }
            Some((t, _)) => writeln!(e, "{}: {t}: {msg}", self.tool),
            None => writeln!(e, "{}: {msg}", self.tool),
        };
    }

    /// Writes data to standard output (and flushes, so that a repeating
    /// `lpq` shows each report at once).
    pub fn print(&self, data: impl AsRef<[u8]>) -> Result<(), StdoutError> {
        let mut out = io::stdout().lock();
        out.write_all(data.as_ref())
            .and_then(|()| out.flush())
            .map_err(StdoutError)
    }

    /// Writes one line of text to standard output.
    pub fn println(&self, line: impl Display) -> Result<(), StdoutError> {
        self.print(format!("{line}\n"))
    }

    /// Writes a value as one line of JSON to standard output.
    pub fn print_json<T: serde::Serialize>(&self, value: &T) -> anyhow::Result<()> {
        let mut s = serde_json::to_string(value)?;
        s.push('\n');
        self.print(s)?;
        Ok(())
    }
}
