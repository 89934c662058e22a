//! `lpq`: show a print queue (RFC 1179 §5.3, §5.4).

use super::common::Common;
use super::context::{Context, parse_selectors};
use super::exit::Exit;
use super::ui::Ui;
use crate::client::{QueueReport, query_status};
use crate::config::ResolvedPrinter;
use crate::proto::StateFormat;
use crate::proto::lpq::QueueStatus;
use clap::{ArgAction, CommandFactory, Parser};
use std::ffi::OsString;
use std::time::Duration;

const LONG_ABOUT: &str = "\
Show the jobs in a print queue (RFC 1179 commands 03 and 04).

By default lpq prints the server's answer as it came; --json prints the \
queue as one JSON document instead (lpkit's lpd answers with exact JSON, \
other servers' text is parsed). JOB and USER operands restrict the listing \
to those job numbers and users.";

/// `lpq`'s command line.
#[derive(Debug, Parser)]
#[command(
    name = "lpq",
    version,
    about = "Show a print queue (RFC 1179)",
    long_about = LONG_ABOUT,
    after_long_help = super::manual::LPQ.examples_help(),
    disable_version_flag = true,
    args_override_self = true,
    max_term_width = 100
)]
pub struct Args {
    /// Only these job numbers and users.
    #[arg(value_name = "JOB|USER")]
    pub selectors: Vec<String>,

    #[command(flatten)]
    pub common: Common,

    /// Every configured printer, one after the other.
    #[arg(
        short = 'a',
        long = "all",
        conflicts_with = "printer",
        help_heading = "Listing"
    )]
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

/// Runs `lpq`.
pub fn main() -> std::process::ExitCode {
    super::run_tool("lpq", command, rewrite_plus(super::os_args()), run)
}

fn run(args: Args) -> anyhow::Result<Exit> {
    // -q prints nothing, so its "quiet" is not the UI's: errors still show.
    let ui = Ui::new("lpq", args.verbose, false);
    let ctx = Context::new(ui, &args.common)?;
    if args.common.list_printers {
        return ctx.list_printers();
    }
    let list = parse_selectors(&args.selectors)?;
    let printers = if args.all {
        ctx.all_printers()?
    } else {
        vec![ctx.printer()?]
    };
    let format = if args.long {
        StateFormat::Long
    } else {
        StateFormat::Short
    };
    let mut round = 0u64;
    loop {
        if args.interval.is_some() && round > 0 && ctx.ui.stdout_tty && !args.quiet && !args.json {
            // Clear the screen and home the cursor, as BSD lpq +N does.
            ctx.ui.print("\x1b[H\x1b[2J")?;
        }
        let mut jobs = 0usize;
        for (i, printer) in printers.iter().enumerate() {
            jobs += show(&ctx, &args, printer, format, &list, i > 0)?;
        }
        round += 1;
        match args.interval {
            Some(every) if jobs > 0 => std::thread::sleep(every),
            _ if args.quiet && jobs == 0 => return Ok(Exit::NoMatch),
            _ => return Ok(Exit::Ok),
        }
    }
}

/// Shows one queue; returns how many (matching) jobs it has.
fn show(
    ctx: &Context,
    args: &Args,
    printer: &ResolvedPrinter,
    format: StateFormat,
    list: &[crate::proto::JobSelector],
    gap: bool,
) -> anyhow::Result<usize> {
    let ui = &ctx.ui;
    let endpoint = &printer.endpoint;
    let status_of = |text: Option<&[u8]>| -> anyhow::Result<(QueueStatus, Option<Vec<u8>>)> {
        // Parsing wants the long form: LPRng's short form (03) is a
        // one-line summary without the jobs.
        let report = match text {
            Some(t) => QueueReport::Text(t.to_vec()),
            None => query_status(
                || ctx.connect_stream(printer),
                endpoint,
                StateFormat::Long,
                list,
            )?,
        };
        Ok(match report {
            QueueReport::Json(s) => (s, None),
            QueueReport::Text(t) => {
                let mut s = crate::proto::lpq::parse(&t);
                s.queue.get_or_insert_with(|| endpoint.queue.to_string());
                s.server.get_or_insert_with(|| endpoint.server());
                (s, Some(t))
            }
        })
    };
    if args.json || args.quiet {
        let (status, _) = status_of(None)?;
        if args.json && !args.quiet {
            ui.print_json(&status)?;
        }
        return Ok(status.jobs.len());
    }
    // Raw server text: the exact answer, as BSD and LPRng lpq show it.
    let client = ctx.connect(printer)?;
    let mut text = Vec::new();
    client.query(format, list, &mut text)?;
    if args.all {
        let sep = if gap { "\n" } else { "" };
        ui.print(format!("{sep}{endpoint}:\n"))?;
    }
    ui.print(&text)?;
    if args.interval.is_some() {
        // The text shown may be a summary without a job table (LPRng's
        // 03: "lp@host 2 jobs"); then its count tells.
        let (status, _) = status_of(Some(&text))?;
        if status.jobs.is_empty() {
            return Ok(summary_jobs(&status.status).unwrap_or(0));
        }
        return Ok(status.jobs.len());
    }
    Ok(0)
}

/// The job count of a summary line such as LPRng's "lp@host 2 jobs".
fn summary_jobs(lines: &[String]) -> Option<usize> {
    lines.iter().find_map(|l| {
        let words: Vec<&str> = l.split_whitespace().collect();
        words.windows(2).find_map(|w| {
            let unit = w[1].trim_end_matches(|c: char| !c.is_alphabetic());
            (unit == "job" || unit == "jobs")
                .then(|| w[0].parse().ok())
                .flatten()
        })
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn summary_lines_tell_the_job_count() {
        let l = |s: &str| vec![s.to_string()];
        assert_eq!(
            super::summary_jobs(&l("lp@localhost 2 jobs (printing disabled)")),
            Some(2)
        );
        assert_eq!(super::summary_jobs(&l("lp@localhost 1 job")), Some(1));
        assert_eq!(super::summary_jobs(&l("no entries")), None);
    }

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
        assert_eq!(
            rewrite_plus(os(&["lpq", "+"])),
            os(&["lpq", "--interval=10"])
        );
        assert_eq!(
            rewrite_plus(os(&["lpq", "--", "+5"])),
            os(&["lpq", "--", "+5"])
        );
        assert_eq!(rewrite_plus(os(&["+5"])), os(&["+5"]));
    }
}
