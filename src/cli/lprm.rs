//! `lprm`: remove jobs from a print queue (RFC 1179 §5.5).

use super::common::{Common, is_root};
use super::context::{Context, parse_selectors};
use super::exit::{Exit, fail};
use super::ui::Ui;
use crate::client::local_user;
use crate::proto::{JobSelector, UserName};
use clap::{ArgAction, CommandFactory, Parser};

const LONG_ABOUT: &str = "\
Remove jobs from a print queue (RFC 1179 command 05).

Operands are job numbers, user names, or \"-\" for every job of yours. \
Without operands the server removes your active job. lprm prints what the \
server answered; it exits 1 when the answer shows that nothing was removed \
and 69 or 77 when the server refused.";

/// `lprm`'s command line.
#[derive(Debug, Parser)]
#[command(
    name = "lprm",
    version,
    about = "Remove jobs from a print queue (RFC 1179)",
    long_about = LONG_ABOUT,
    after_long_help = super::manual::LPRM.examples_help(),
    disable_version_flag = true,
    args_override_self = true,
    max_term_width = 100
)]
pub struct Args {
    /// Job numbers, user names, or "-" (all your jobs).
    #[arg(value_name = "JOB|USER|-")]
    pub selectors: Vec<String>,

    #[command(flatten)]
    pub common: Common,

    /// Every configured printer, one after the other.
    #[arg(
        short = 'a',
        long = "all",
        conflicts_with = "printer",
        help_heading = "Removal"
    )]
    pub all: bool,

    /// Remove on behalf of this user (the agent of command 05). Only root
    /// may; others are refused (exit 77).
    #[arg(
        short = 'U',
        long = "user",
        value_name = "AGENT",
        help_heading = "Removal"
    )]
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

/// Runs `lprm`.
pub fn main() -> std::process::ExitCode {
    super::run_tool("lprm", command, super::os_args(), run)
}

fn run(args: Args) -> anyhow::Result<Exit> {
    let ui = Ui::new("lprm", args.verbose, args.quiet);
    let ctx = Context::new(ui, &args.common)?;
    if args.common.list_printers {
        return ctx.list_printers();
    }
    let agent = agent(args.agent.as_deref(), "lprm")?;
    let mut list = Vec::new();
    let mut plain = Vec::new();
    for s in &args.selectors {
        if s == "-" {
            list.push(JobSelector::User(agent.clone()));
        } else {
            plain.push(s.clone());
        }
    }
    list.extend(parse_selectors(&plain)?);
    let printers = if args.all {
        ctx.all_printers()?
    } else {
        vec![ctx.printer()?]
    };
    let mut exit = Exit::Ok;
    for printer in &printers {
        let endpoint = &printer.endpoint;
        let client = ctx.connect(printer)?;
        let answer = client.remove(&agent, &list)?;
        if !args.quiet {
            ctx.ui.print(&answer)?;
        }
        match removal_outcome(&answer) {
            Outcome::Removed | Outcome::Unknown => {}
            Outcome::Nothing => {
                ctx.ui.note(
                    1,
                    format_args!("{endpoint}: the answer shows that nothing was removed"),
                );
                if exit == Exit::Ok {
                    exit = Exit::NoMatch;
                }
            }
            Outcome::Denied => {
                return Err(fail(
                    Exit::NoPerm,
                    format!(
                        "{endpoint} denied removing jobs as {agent}: {}",
                        first_line(&answer)
                    ),
                ));
            }
        }
    }
    Ok(exit)
}

/// The agent (or control user) of a request: the login name, or for root
/// the `-U` user. Others giving `-U` are refused.
pub(crate) fn agent(requested: Option<&str>, tool: &str) -> anyhow::Result<UserName> {
    let login = local_user(|k| std::env::var(k).ok()).map(String::from);
    let name = match requested {
        Some(u) if is_root() => u.to_owned(),
        Some(u) if Some(u) == login.as_deref() => u.to_owned(),
        Some(u) => {
            return Err(fail(
                Exit::NoPerm,
                format!(
                    "-U {u}: only root may act on behalf of another user ({tool} runs as {})",
                    login.as_deref().unwrap_or("an unknown user")
                ),
            ));
        }
        None => login.ok_or_else(|| {
            fail(
                Exit::NoPerm,
                "cannot tell who you are: the real user ID has no password entry and $USER is not set",
            )
        })?,
    };
    UserName::new(&name).map_err(|e| fail(Exit::Usage, format!("user {name:?}: {e}")))
}

fn first_line(text: &[u8]) -> String {
    String::from_utf8_lossy(text)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_owned()
}

/// What a remove answer says, as far as it tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Something was removed ("dfA012host dequeued", LPRng's "dequeued
    /// 'cfA012host'", lpkit's "removed").
    Removed,
    /// The answer says nothing matched.
    Nothing,
    /// The answer says the agent may not remove these jobs.
    Denied,
    /// The answer does not tell (empty, or unrecognised text).
    Unknown,
}

/// Reads a remove answer. Servers differ: BSD lpd lists removed files and
/// says nothing otherwise; LPRng prints a "Printer q@host:" header and one
/// line per removed job; lpkit's lpd says what it removed or that nothing
/// matched.
pub(crate) fn removal_outcome(answer: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(answer).to_ascii_lowercase();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return Outcome::Unknown;
    }
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["dequeued", "removed", "deleted", "cancelled", "canceled"])
        && !has(&["nothing removed", "no jobs removed", "not removed"])
    {
        return Outcome::Removed;
    }
    if has(&[
        "permission denied",
        "not permitted",
        "not allowed",
        "no permission",
    ]) {
        return Outcome::Denied;
    }
    if has(&[
        "no matching",
        "no such job",
        "no jobs",
        "nothing removed",
        "not found",
        "no entries",
        "not removed",
    ]) {
        return Outcome::Nothing;
    }
    // LPRng answers a request that matched nothing with its header alone.
    if lines
        .iter()
        .all(|l| l.starts_with("printer ") && l.ends_with(':'))
    {
        return Outcome::Nothing;
    }
    Outcome::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_answers_of_real_servers_are_read() {
        assert_eq!(removal_outcome(b""), Outcome::Unknown);
        assert_eq!(
            removal_outcome(b"dfA012host dequeued\ncfA012host dequeued\n"),
            Outcome::Removed
        );
        assert_eq!(
            removal_outcome(
                b"Printer lp@host:\n  checking perms 'cfA012host'\n  dequeued 'cfA012host'\n"
            ),
            Outcome::Removed
        );
        assert_eq!(removal_outcome(b"Printer lp@host:\n"), Outcome::Nothing);
        assert_eq!(removal_outcome(b"lp: no matching jobs\n"), Outcome::Nothing);
        assert_eq!(removal_outcome(b"lp: permission denied\n"), Outcome::Denied);
        assert_eq!(removal_outcome(b"something else\n"), Outcome::Unknown);
    }
}
