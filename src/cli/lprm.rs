//! `lprm`: remove jobs from a print queue (RFC 1179 §5.5).

use super::common::Common;
use clap::{ArgAction, CommandFactory, Parser};

const LONG_ABOUT: &str = "\
Remove jobs from a print queue (RFC 1179 command 05).

Operands are job numbers, user names, or \"-\" for every job of yours. \
Without operands the server removes your active job. lprm prints what the \
server answered; it exits 1 when the answer shows that nothing was removed \
and 69 or 77 when the server refused.";

const EXAMPLES: &str = "\
Examples:
  lprm 12                      remove job 12 from the default queue
  lprm -P laser@printhost -    remove all your jobs on laser
  lprm -a -                    remove all your jobs on every configured printer
  sudo lprm -U alice -P lp 7   remove alice's job 7 as root on her behalf";

/// `lprm`'s command line.
#[derive(Debug, Parser)]
#[command(
    name = "lprm",
    version,
    about = "Remove jobs from a print queue (RFC 1179)",
    long_about = LONG_ABOUT,
    after_long_help = EXAMPLES,
    disable_version_flag = true,
    max_term_width = 100
)]
pub struct Args {
    /// Job numbers, user names, or "-" (all your jobs).
    #[arg(value_name = "JOB|USER|-")]
    pub selectors: Vec<String>,

    #[command(flatten)]
    pub common: Common,

    /// Every configured printer, one after the other.
    #[arg(short = 'a', long = "all", conflicts_with = "printer", help_heading = "Removal")]
    pub all: bool,

    /// Remove on behalf of this user (the agent of command 05). Only root
    /// may; others are refused (exit 77).
    #[arg(short = 'U', long = "user", value_name = "AGENT", help_heading = "Removal")]
    pub agent: Option<String>,

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

/// `lprm`'s clap command (also used for its man page and completions).
pub fn command() -> clap::Command {
    Args::command()
}
