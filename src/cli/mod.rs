//! The four client tools `lpr`, `lpq`, `lprm` and `lpc`: their command
//! lines (clap), what they print, and how they exit.
//!
//! Each tool module exposes `command()` (its clap [`clap::Command`], which
//! the man-page and completion generator in [`generate`] also calls) and
//! `main()` (what its binary runs). Everything that touches the terminal
//! lives here; the protocol and the network live in the library.
//!
//! | module | what |
//! |---|---|
//! | [`exit`] | exit statuses, and the one mapping of errors to them |
//! | [`ui`] | messages on stderr, data on stdout, colour, verbosity |
//! | [`common`] | options all four tools share, target resolution |
//! | [`lpr`], [`lpq`], [`lprm`], [`lpc`] | the tools |
//! | [`generate`] | man pages and shell completions, generated from the clap commands |

pub mod common;
pub mod context;
pub mod exit;
pub mod generate;
pub mod lpc;
pub mod lpq;
pub mod lpr;
pub mod lprm;
pub mod manual;
mod progress;
pub mod ui;

use exit::Exit;
use std::ffi::OsString;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;

/// Runs a tool: parses its command line, runs it, reports errors on stderr
/// as `tool: message: cause`, and maps the outcome to an exit status.
///
/// A panic never reaches the user as a backtrace: a hook prints a short
/// internal-error line and the tool exits 70.
pub(crate) fn run_tool<A: clap::FromArgMatches>(
    tool: &'static str,
    command: fn() -> clap::Command,
    args: Vec<OsString>,
    run: fn(A) -> anyhow::Result<Exit>,
) -> ExitCode {
    install_panic_hook(tool);
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let color = if ui::color_allowed() {
            clap::ColorChoice::Auto
        } else {
            clap::ColorChoice::Never
        };
        let matches = match command().color(color).try_get_matches_from(args) {
            Ok(m) => m,
            Err(e) => return usage_error(e),
        };
        let parsed = match A::from_arg_matches(&matches) {
            Ok(a) => a,
            Err(e) => return usage_error(e),
        };
        match run(parsed) {
            Ok(exit) => exit,
            Err(err) if exit::is_broken_stdout(&err) => Exit::Ok,
            Err(err) => {
                let code = exit::classify(&err);
                let _ = writeln!(std::io::stderr(), "{tool}: {}", render_error(&err));
                code
            }
        }
    }));
    match outcome {
        Ok(exit) => exit.into(),
        Err(_) => Exit::Software.into(),
    }
}

/// An error and its causes on one line, `outer: cause: root`, leaving out
/// a cause whose text the message already contains (library errors often
/// quote their source, e.g. "connection refused").
pub fn render_error(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        let core = strip_os_error(&text).to_lowercase();
        if !out.is_empty() && out.to_lowercase().contains(core.trim()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// `No such file or directory (os error 2)` without its ` (os error 2)`.
fn strip_os_error(s: &str) -> &str {
    match s.rfind(" (os error ") {
        Some(i) if s.ends_with(')') => &s[..i],
        _ => s,
    }
}

/// Prints a clap error (or `--help`/`--version`) and picks the status:
/// help and version exit 0, anything else is a usage error (64, not clap's
/// default 2).
fn usage_error(e: clap::Error) -> Exit {
    use clap::error::ErrorKind as K;
    // A closed stdout while printing help is not worth a message.
    let _ = e.print();
    match e.kind() {
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            Exit::Ok
        }
        _ => Exit::Usage,
    }
}

fn install_panic_hook(tool: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "{tool}: internal error: {msg}{at}; this is a bug in lpkit, please report it"
        );
    }));
}

/// The process arguments.
pub(crate) fn os_args() -> Vec<OsString> {
    std::env::args_os().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn error_chain_skips_causes_already_quoted() {
        let io = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let e = anyhow::Error::new(io).context("cannot connect to h:515: connection refused");
        assert_eq!(
            super::render_error(&e),
            "cannot connect to h:515: connection refused"
        );
        let e = anyhow::anyhow!("root cause").context("outer");
        assert_eq!(super::render_error(&e), "outer: root cause");
    }

    #[test]
    fn clap_definitions_are_consistent() {
        for cmd in [
            super::lpr::command,
            super::lpq::command,
            super::lprm::command,
            super::lpc::command,
        ] {
            cmd().debug_assert();
        }
    }
}
