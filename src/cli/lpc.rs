//! `lpc`: control print queues (RFC 1179 §5.1 and LPRng's command 06).

use super::common::Common;
use super::context::Context;
use super::exit::{Exit, classify, fail, is_broken_stdout};
use super::ui::Ui;
use crate::client::ClientError;
use crate::config::ResolvedPrinter;
use crate::proto::{ControlOp, StateFormat, UserName, Word};
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::{BufRead, IsTerminal, Write};

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

/// `lpc`'s command line.
#[derive(Debug, Parser)]
#[command(
    name = "lpc",
    version,
    about = "Control print queues (RFC 1179, LPRng remote control)",
    long_about = LONG_ABOUT,
    after_long_help = super::manual::LPC.examples_help(),
    disable_version_flag = true,
    args_override_self = true,
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
    #[arg(
        short = 'U',
        long = "user",
        value_name = "USER",
        help_heading = "Control"
    )]
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

/// Runs `lpc`.
pub fn main() -> std::process::ExitCode {
    super::run_tool("lpc", command, super::os_args(), run)
}

fn run(args: Args) -> anyhow::Result<Exit> {
    let ui = Ui::new("lpc", args.verbose, args.quiet);
    let ctx = Context::new(ui, &args.common)?;
    if args.common.list_printers {
        return ctx.list_printers();
    }
    let user = super::lprm::agent(args.user.as_deref(), "lpc")?;
    let lpc = Lpc {
        ctx: &ctx,
        user,
        json: args.json,
        quiet: args.quiet,
    };
    match args.op {
        Some(op) => lpc.run(op),
        None => lpc.interactive(),
    }
}

struct Lpc<'a> {
    ctx: &'a Context,
    user: UserName,
    json: bool,
    quiet: bool,
}

/// `--json` status of one queue.
#[derive(Debug, serde::Serialize)]
struct JsonStatus {
    queue: String,
    server: String,
    /// Whether the server answered LPRng's control command 06.
    control: bool,
    /// The lines of its answer to `06 status`, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<Vec<String>>,
    /// The queue state (03/04), parsed.
    state: crate::proto::lpq::QueueStatus,
}

impl Lpc<'_> {
    fn ui(&self) -> &Ui {
        &self.ctx.ui
    }

    /// The printers of queue operands; none: the default printer.
    fn printers(&self, queues: &[String]) -> anyhow::Result<Vec<ResolvedPrinter>> {
        if queues.is_empty() {
            return Ok(vec![self.ctx.printer()?]);
        }
        queues.iter().map(|q| self.ctx.printer_named(q)).collect()
    }

    fn run(&self, op: Op) -> anyhow::Result<Exit> {
        let words = |v: &[String]| -> anyhow::Result<Vec<Word>> {
            v.iter()
                .map(|w| Word::new(w).map_err(|e| fail(Exit::Usage, format!("operand {w:?}: {e}"))))
                .collect()
        };
        match op {
            Op::Status { queues, long } => {
                for e in self.printers(&queues)? {
                    self.status(&e, long)?;
                }
            }
            Op::Start { queues } => {
                for e in self.printers(&queues)? {
                    self.start(&e)?;
                }
            }
            Op::Stop { queues } => self.each(&queues, ControlOp::Stop)?,
            Op::Enable { queues } => self.each(&queues, ControlOp::Enable)?,
            Op::Disable { queues } => self.each(&queues, ControlOp::Disable)?,
            Op::Abort { queues } => self.each(&queues, ControlOp::Abort)?,
            Op::Up { queues } => self.each(&queues, ControlOp::Up)?,
            Op::Down { queues } => self.each(&queues, ControlOp::Down)?,
            Op::Clean { queues } => self.each(&queues, ControlOp::Clean)?,
            Op::Topq { queue, jobs } => self.control(
                &self.ctx.printer_named(&queue)?,
                ControlOp::Topq,
                &words(&jobs)?,
            )?,
            Op::Hold { queue, jobs } => self.control(
                &self.ctx.printer_named(&queue)?,
                ControlOp::Hold,
                &words(&jobs)?,
            )?,
            Op::Release { queue, jobs } => self.control(
                &self.ctx.printer_named(&queue)?,
                ControlOp::Release,
                &words(&jobs)?,
            )?,
            Op::Redirect { queue, destination } => self.control(
                &self.ctx.printer_named(&queue)?,
                ControlOp::Redirect,
                &words(&[destination])?,
            )?,
            Op::Move {
                queue,
                jobs_and_destination,
            } => self.control(
                &self.ctx.printer_named(&queue)?,
                ControlOp::Move,
                &words(&jobs_and_destination)?,
            )?,
            Op::Help => {
                let help = command().render_long_help().to_string();
                self.ui().print(help)?;
            }
            Op::Quit => {}
        }
        Ok(Exit::Ok)
    }

    fn each(&self, queues: &[String], op: ControlOp) -> anyhow::Result<()> {
        for e in self.printers(queues)? {
            self.control(&e, op.clone(), &[])?;
        }
        Ok(())
    }

    /// Sends one 06 operation and prints the answer.
    fn control(
        &self,
        printer: &ResolvedPrinter,
        op: ControlOp,
        operands: &[Word],
    ) -> anyhow::Result<()> {
        let client = self.ctx.connect(printer)?;
        match client.control(&self.user, &op, &with_queue(printer, operands)) {
            Ok(text) => {
                if !self.quiet {
                    self.ui().print(&text)?;
                }
                Ok(())
            }
            Err(e @ ClientError::ControlUnsupported { .. }) => Err(rfc_only(e, &op)),
            Err(e) => Err(e.into()),
        }
    }

    /// `start`: LPRng's 06 start where the server speaks it (it also undoes
    /// `stop`), else RFC 1179's "print any waiting jobs" (01).
    fn start(&self, printer: &ResolvedPrinter) -> anyhow::Result<()> {
        let endpoint = &printer.endpoint;
        let client = self.ctx.connect(printer)?;
        match client.control(&self.user, &ControlOp::Start, &with_queue(printer, &[])) {
            Ok(text) => {
                if !self.quiet {
                    self.ui().print(&text)?;
                }
                return Ok(());
            }
            Err(ClientError::ControlUnsupported { detail, .. }) => self.ui().note(
                1,
                format_args!(
                    "{endpoint} does not speak LPRng's 06 ({detail}); sending RFC 1179 print-waiting-jobs (01)"
                ),
            ),
            Err(e) => return Err(e.into()),
        }
        let text = self.ctx.connect(printer)?.print_waiting()?;
        if !self.quiet {
            if text.is_empty() {
                self.ui()
                    .println(format_args!("{endpoint}: asked to print waiting jobs"))?;
            } else {
                self.ui().print(&text)?;
            }
        }
        Ok(())
    }

    /// `status`: 06 status where the server speaks it, else the queue
    /// state (03, or 04 with -l).
    fn status(&self, printer: &ResolvedPrinter, long: bool) -> anyhow::Result<()> {
        let endpoint = &printer.endpoint;
        let client = self.ctx.connect(printer)?;
        let answer = match client.control(&self.user, &ControlOp::Status, &with_queue(printer, &[]))
        {
            Ok(text) => Some(text),
            Err(ClientError::ControlUnsupported { detail, .. }) => {
                self.ui().note(
                    1,
                    format_args!(
                        "{endpoint} does not speak LPRng's 06 ({detail}); showing its queue state instead"
                    ),
                );
                None
            }
            Err(e) => return Err(e.into()),
        };
        let format = if long {
            StateFormat::Long
        } else {
            StateFormat::Short
        };
        if self.json {
            // The long form: LPRng's short one lists no jobs.
            let state = match crate::client::query_status(
                || self.ctx.connect_stream(printer),
                endpoint,
                StateFormat::Long,
                &[],
            )? {
                crate::client::QueueReport::Json(s) => s,
                crate::client::QueueReport::Text(t) => crate::proto::lpq::parse(&t),
            };
            let doc = JsonStatus {
                queue: endpoint.queue.to_string(),
                server: endpoint.server(),
                control: answer.is_some(),
                answer: answer.map(|a| {
                    String::from_utf8_lossy(&a)
                        .lines()
                        .map(str::to_owned)
                        .collect()
                }),
                state,
            };
            return self.ui().print_json(&doc);
        }
        if self.quiet {
            return Ok(());
        }
        match answer {
            Some(text) => self.ui().print(&text)?,
            None => {
                let mut text = Vec::new();
                self.ctx.connect(printer)?.query(format, &[], &mut text)?;
                self.ui().print(format!("{endpoint}:\n"))?;
                self.ui().print(&text)?;
            }
        }
        Ok(())
    }

    /// Reads commands from standard input, one a line. On a terminal it
    /// prompts with `lpc> `; from a pipe it reads silently. Errors are
    /// reported and the session goes on; the status is the last failure's.
    fn interactive(&self) -> anyhow::Result<Exit> {
        let stdin = std::io::stdin();
        let prompt = stdin.is_terminal();
        let mut status = Exit::Ok;
        let mut line = String::new();
        loop {
            if prompt {
                let mut err = std::io::stderr();
                let _ = err.write_all(b"lpc> ").and_then(|()| err.flush());
            }
            line.clear();
            match stdin.lock().read_line(&mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    return Err(fail(
                        Exit::IoErr,
                        format!("reading commands from standard input: {e}"),
                    ));
                }
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.is_empty() || words[0].starts_with('#') {
                continue;
            }
            if words[0] == "?" {
                self.ui().print(interactive_help())?;
                continue;
            }
            let matches = command()
                .no_binary_name(true)
                .try_get_matches_from(&words)
                .and_then(|m| Args::from_arg_matches(&m));
            let op = match matches {
                Ok(Args { op: Some(op), .. }) => op,
                Ok(_) => continue,
                Err(e) => {
                    let _ = e.print();
                    if !matches!(
                        e.kind(),
                        clap::error::ErrorKind::DisplayHelp
                            | clap::error::ErrorKind::DisplayVersion
                    ) {
                        status = Exit::Usage;
                    }
                    continue;
                }
            };
            match op {
                Op::Quit => break,
                Op::Help => self.ui().print(interactive_help())?,
                op => {
                    if let Err(e) = self.run(op) {
                        if is_broken_stdout(&e) {
                            return Err(e);
                        }
                        self.ui().error(&e);
                        status = classify(&e);
                    }
                }
            }
        }
        if prompt {
            let _ = std::io::stderr().write_all(b"\n");
        }
        Ok(status)
    }
}

/// The operands of a 06 request: the queue again, then the operation's own
/// operands. LPRng's lpc sends `\x06lp root topq lp 12` and its lpd takes
/// the first operand as the queue to act on (without it, `topq lp 12`
/// would address a queue named "12").
fn with_queue(printer: &ResolvedPrinter, operands: &[Word]) -> Vec<Word> {
    let mut all = Vec::with_capacity(operands.len() + 1);
    // A validated queue name is a valid word (no white space or controls).
    if let Ok(q) = Word::new(printer.endpoint.queue.as_str()) {
        all.push(q);
    }
    all.extend_from_slice(operands);
    all
}

/// The command list for interactive `help`.
fn interactive_help() -> String {
    let mut s = String::from("Commands (QUEUE may be QUEUE@HOST[:PORT]):\n");
    for sub in command().get_subcommands().filter(|c| !c.is_hide_set()) {
        let args: Vec<String> = sub
            .get_positionals()
            .map(|a| {
                let name = a
                    .get_value_names()
                    .and_then(|v| v.first())
                    .map_or_else(|| a.get_id().to_string(), |v| v.to_string());
                if a.is_required_set() {
                    format!("{name}...")
                } else {
                    format!("[{name}...]")
                }
            })
            .collect();
        let usage = format!("{} {}", sub.get_name(), args.join(" "));
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        s.push_str(&format!("  {usage:<32} {about}\n"));
    }
    s.push_str("  help                             this list\n  quit, exit                       end the session\n");
    s
}

/// The error for a server that does not answer 06, naming the RFC 1179
/// way to get as close as it allows.
fn rfc_only(e: ClientError, op: &ControlOp) -> anyhow::Error {
    let (endpoint, detail) = match &e {
        ClientError::ControlUnsupported { endpoint, detail } => {
            (endpoint.to_string(), detail.clone())
        }
        _ => (String::new(), e.to_string()),
    };
    let hint = match op {
        ControlOp::Status => "use lpq (RFC 1179 queue state) instead".to_string(),
        ControlOp::Start | ControlOp::Up | ControlOp::Enable => {
            "use lpc start, which falls back to RFC 1179's print-waiting-jobs (01)".to_string()
        }
        ControlOp::Clean => "use lprm to remove jobs (RFC 1179 command 05)".to_string(),
        other => format!(
            "{} cannot be done remotely there; use the server's own administration tools",
            other.as_str()
        ),
    };
    fail(
        Exit::Unavailable,
        format!(
            "{endpoint} speaks only RFC 1179: it does not answer LPRng's control command 06 ({detail}); {hint}"
        ),
    )
}
