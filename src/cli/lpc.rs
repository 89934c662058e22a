//! `lpc`: control print queues (RFC 1179 §5.1 and LPRng's command 06).

use super::common::Common;
use clap::{ArgAction, CommandFactory, Parser, Subcommand};

const LONG_ABOUT: &str = "\
Control print queues: show their status, start printing, and, on servers \
that speak LPRng's remote control command (06, as LPRng and lpkit's lpd \
do), stop, enable, disable, hold, release, reorder and redirect them.

RFC 1179 itself has only \"print any waiting jobs\" (01, lpc start) and \
queue state (03/04, lpc status). When a server does not answer command 06, \
lpc says so and names the RFC 1179 alternative.

Without a COMMAND, lpc reads commands from standard input, one a line, with \
an lpc> prompt on a terminal; quit, exit or end of input ends it.

A QUEUE is QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT, \
QUEUE@[IPV6]:PORT, or \"all\" for every queue of the server (06 only).";

const EXAMPLES: &str = "\
Examples:
  lpc status                      the default queue
  lpc status laser@printhost      one queue on a server
  lpc --json status lp            status as JSON
  lpc start lp                    print any waiting jobs (RFC 1179 01)
  lpc stop lp; lpc start lp       stop printing after the current job, resume
  lpc topq lp 17                  move job 17 to the front
  lpc redirect lp lp2@otherhost   send lp's jobs to another queue
  printf 'status lp\\nstart lp\\n' | lpc   several commands from a pipe";

/// `lpc`'s command line.
#[derive(Debug, Parser)]
#[command(
    name = "lpc",
    version,
    about = "Control print queues (RFC 1179, LPRng remote control)",
    long_about = LONG_ABOUT,
    after_long_help = EXAMPLES,
    disable_version_flag = true,
    disable_help_subcommand = true,
    max_term_width = 100,
    subcommand_help_heading = "Commands",
    subcommand_value_name = "COMMAND"
)]
pub struct Args {
    #[command(subcommand)]
    pub op: Option<Op>,

    #[command(flatten)]
    pub common: Common,

    /// Send LPRng control commands as this user. Only root may; others are
    /// refused (exit 77).
    #[arg(short = 'U', long = "user", value_name = "USER", help_heading = "Control")]
    pub user: Option<String>,

    /// Print status as JSON, one document a queue and line.
    #[arg(long, help_heading = "Output")]
    pub json: bool,

    /// Print nothing but errors.
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

/// One lpc command.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Op {
    /// Show the status of queues (06 status where the server speaks it,
    /// else the queue state, 03/04).
    Status {
        /// The queues; none: the default queue.
        #[arg(value_name = "QUEUE")]
        queues: Vec<String>,
        /// With the RFC 1179 fallback, ask for the long form (04).
        #[arg(short = 'l', long = "long")]
        long: bool,
    },
    /// Start printing: RFC 1179 "print any waiting jobs" (01); on an LPRng
    /// server also re-enable printing after stop (06 start).
    Start {
        /// The queues; none: the default queue.
        #[arg(value_name = "QUEUE")]
        queues: Vec<String>,
    },
    /// Stop printing after the current job; jobs are still accepted (06).
    Stop {
        /// The queues; none: the default queue.
        #[arg(value_name = "QUEUE")]
        queues: Vec<String>,
    },
    /// Accept new jobs into the queue (06).
    Enable {
        /// The queues; none: the default queue.
        #[arg(value_name = "QUEUE")]
        queues: Vec<String>,
    },
    /// Refuse new jobs; queued jobs still print (06).
    Disable {
        /// The queues; none: the default queue.
        #[arg(value_name = "QUEUE")]
        queues: Vec<String>,
    },
    /// Stop printing at once, killing the active job's printer process (06).
    Abort {
        /// The queues; none: the default queue.
        #[arg(value_name = "QUEUE")]
        queues: Vec<String>,
    },
    /// Enable and start: accept and print jobs (06).
    Up {
        /// The queues; none: the default queue.
        #[arg(value_name = "QUEUE")]
        queues: Vec<String>,
    },
    /// Disable and stop: refuse and hold jobs (06).
    Down {
        /// The queues; none: the default queue.
        #[arg(value_name = "QUEUE")]
        queues: Vec<String>,
    },
    /// Move jobs to the front of a queue (06).
    Topq {
        /// The queue.
        #[arg(value_name = "QUEUE")]
        queue: String,
        /// Job numbers or user names.
        #[arg(value_name = "JOB|USER", required = true)]
        jobs: Vec<String>,
    },
    /// Hold jobs: keep them queued but do not print them (06).
    Hold {
        /// The queue.
        #[arg(value_name = "QUEUE")]
        queue: String,
        /// Job numbers or user names; none: all.
        #[arg(value_name = "JOB|USER")]
        jobs: Vec<String>,
    },
    /// Release held jobs (06).
    Release {
        /// The queue.
        #[arg(value_name = "QUEUE")]
        queue: String,
        /// Job numbers or user names; none: all.
        #[arg(value_name = "JOB|USER")]
        jobs: Vec<String>,
    },
    /// Send a queue's jobs to another queue, or "off" to stop doing so (06).
    Redirect {
        /// The queue.
        #[arg(value_name = "QUEUE")]
        queue: String,
        /// The destination queue (QUEUE or QUEUE@HOST), or "off".
        #[arg(value_name = "DESTINATION")]
        destination: String,
    },
    /// Move jobs to another queue (06).
    Move {
        /// The queue the jobs are in.
        #[arg(value_name = "QUEUE")]
        queue: String,
        /// Job numbers or user names, then the destination queue.
        #[arg(value_name = "JOB|USER", required = true, num_args = 2..)]
        jobs_and_destination: Vec<String>,
    },
    /// Remove finished and broken jobs' files from the spool (06).
    Clean {
        /// The queues; none: the default queue.
        #[arg(value_name = "QUEUE")]
        queues: Vec<String>,
    },
    /// Show the commands (interactive use).
    #[command(hide = true)]
    Help,
    /// End an interactive session.
    #[command(hide = true, alias = "exit")]
    Quit,
}

/// `lpc`'s clap command (also used for its man page and completions).
pub fn command() -> clap::Command {
    Args::command()
}
