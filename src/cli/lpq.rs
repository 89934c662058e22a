//! `lpq`: show a print queue (RFC 1179 §5.3, §5.4).

use super::common::Common;
use clap::{ArgAction, CommandFactory, Parser};
use std::ffi::OsString;
use std::time::Duration;

const LONG_ABOUT: &str = "\
Show the jobs in a print queue (RFC 1179 commands 03 and 04).

By default lpq prints the server's answer as it came; --json prints the \
queue as one JSON document instead (lpkit's lpd answers with exact JSON, \
other servers' text is parsed). JOB and USER operands restrict the listing \
to those job numbers and users.";

const EXAMPLES: &str = "\
Examples:
  lpq                           the default queue, short form
  lpq -P laser@printhost -l     long form of queue laser on printhost
  lpq -a                        every configured printer
  lpq alice 12                  only alice's jobs and job 12
  lpq +5                        every 5 seconds until the queue is empty
  lpq --json | jq '.jobs[].job' job numbers, for scripts
  lpq -q alice && echo waiting  exit 0 if alice has jobs, 1 if not";

/// `lpq`'s command line.
#[derive(Debug, Parser)]
#[command(
    name = "lpq",
    version,
    about = "Show a print queue (RFC 1179)",
    long_about = LONG_ABOUT,
    after_long_help = EXAMPLES,
    disable_version_flag = true,
    max_term_width = 100
)]
pub struct Args {
    /// Only these job numbers and users.
    #[arg(value_name = "JOB|USER")]
    pub selectors: Vec<String>,

    #[command(flatten)]
    pub common: Common,

    /// Every configured printer, one after the other.
    #[arg(short = 'a', long = "all", conflicts_with = "printer", help_heading = "Listing")]
    pub all: bool,

    /// The long form (command 04): several lines a job.
    #[arg(short = 'l', long = "long", help_heading = "Listing")]
    pub long: bool,

    /// Show the queue again every SECONDS until it is empty (LPRng -t; BSD
    /// +SECONDS does the same). Clears the screen between reports on a
    /// terminal. Ctrl-C stops it.
    #[arg(
        short = 't',
        long = "interval",
        value_name = "SECONDS",
        value_parser = super::common::parse_seconds,
        help_heading = "Listing"
    )]
    pub interval: Option<Duration>,

    /// Print the parsed queue as JSON (one document a line; with -a one a
    /// printer).
    #[arg(long, help_heading = "Output")]
    pub json: bool,

    /// Print nothing; exit 0 when matching jobs exist, 1 when not.
    #[arg(short = 'q', long = "quiet", help_heading = "Output")]
    pub quiet: bool,

    /// Show connection details (-v), and the bytes exchanged (-vv).
    #[arg(
        short = 'v',
        long = "verbose",
        visible_short_alias = 'V',
        action = ArgAction::Count,
        help_heading = "Output"
    )]
    pub verbose: u8,

    /// Print version.
    #[arg(long, action = ArgAction::Version, help_heading = "Output")]
    pub version: Option<bool>,
}

/// `lpq`'s clap command (also used for its man page and completions).
pub fn command() -> clap::Command {
    Args::command()
}

/// Rewrites BSD's `+N` (repeat every N seconds) into `--interval=N`; a
/// bare `+` repeats every 10 seconds.
pub fn rewrite_plus(args: Vec<OsString>) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut operands_only = false;
    for (i, a) in args.into_iter().enumerate() {
        if i > 0 && !operands_only {
            if a == "--" {
                operands_only = true;
            } else if let Some(rest) = a.to_str().and_then(|s| s.strip_prefix('+')) {
                if rest.is_empty() {
                    out.push(OsString::from("--interval=10"));
                    continue;
                }
                if rest.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                    out.push(OsString::from(format!("--interval={rest}")));
                    continue;
                }
            }
        }
        out.push(a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn plus_becomes_an_interval_but_not_after_double_dash() {
        assert_eq!(
            rewrite_plus(os(&["lpq", "+5", "alice"])),
            os(&["lpq", "--interval=5", "alice"])
        );
        assert_eq!(rewrite_plus(os(&["lpq", "+"])), os(&["lpq", "--interval=10"]));
        assert_eq!(rewrite_plus(os(&["lpq", "--", "+5"])), os(&["lpq", "--", "+5"]));
        assert_eq!(rewrite_plus(os(&["+5"])), os(&["+5"]));
    }
}
