//! `lpr`: submit files to a print queue (RFC 1179 §5.2, §6, §7).

use super::common::{Common, is_root};
use super::context::Context;
use super::exit::{Exit, fail};
use super::progress::Progress;
use super::ui::Ui;
use crate::client::{
    DataSource, Job, ProgressUpdate, SendOrder, Spool, SubmitReport, local_host, local_user,
};
use crate::config::JobDefaults;
use crate::proto::{HostName, JobSpec, SpecFile, Text, UserName};
use clap::{ArgAction, CommandFactory, Parser, ValueEnum};
use std::path::PathBuf;

const ABOUT: &str = "Submit files to a print queue (RFC 1179)";

const LONG_ABOUT: &str = "\
Submit files to a print queue on a line printer daemon (RFC 1179).

All FILEs go into one job (at most 52: data files dfA to dfZ, dfa to dfz). \
Without a FILE, lpr reads standard input; it is streamed to the server when \
the printer is configured as streaming, otherwise kept in memory or spilled \
to a temporary file so that its size can be announced.

Verbose output is -V or --verbose (as in LPRng): -v keeps its BSD meaning, \
raster format. -o is the BSD PostScript format, not CUPS' -o option=value; \
give job options with -Z (LPRng) instead.";

/// `lpr`'s command line.
#[derive(Debug, Parser)]
#[command(
    name = "lpr",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_long_help = super::manual::LPR.examples_help(),
    disable_help_flag = true,
    disable_version_flag = true,
    args_override_self = true,
    max_term_width = 100
)]
pub struct Args {
    /// The files to print; none (or "-") reads standard input.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub common: Common,

    /// Print each file N times (BSD -#, LPRng -K).
    #[arg(
        short = '#',
        long = "copies",
        visible_short_alias = 'K',
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(1..=999),
        help_heading = "Job"
    )]
    pub copies: Option<u32>,

    /// Class for the banner page (C line). Default: this host's name.
    #[arg(
        short = 'C',
        long = "class",
        value_name = "CLASS",
        help_heading = "Job"
    )]
    pub class: Option<String>,

    /// Job name for the banner page (J line). Default: the first file's
    /// name, or "stdin".
    #[arg(
        short = 'J',
        long = "job-name",
        value_name = "NAME",
        help_heading = "Job"
    )]
    pub job_name: Option<String>,

    /// Title for pr(1) (T line). With -p the default is the file's name.
    #[arg(
        short = 'T',
        long = "title",
        value_name = "TITLE",
        help_heading = "Job"
    )]
    pub title: Option<String>,

    /// Submit as this user (P line). Honoured only for root, as in BSD lpr;
    /// others get a warning and submit as themselves.
    #[arg(short = 'U', long = "user", value_name = "USER", help_heading = "Job")]
    pub user: Option<String>,

    /// Ask the server to mail when the job is done (M line); to USER when
    /// given as -m=USER or --mail=USER, else to the submitting user.
    #[arg(
        short = 'm',
        long = "mail",
        value_name = "USER",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "",
        help_heading = "Job"
    )]
    pub mail: Option<String>,

    /// Do not print a banner (burst) page (no L line).
    #[arg(short = 'h', long = "no-banner", help_heading = "Job")]
    pub no_banner: bool,

    /// Indent the output by COLUMNS (I line).
    #[arg(
        short = 'i',
        long = "indent",
        value_name = "COLUMNS",
        value_parser = clap::value_parser!(u32).range(0..=1000),
        help_heading = "Job"
    )]
    pub indent: Option<u32>,

    /// Page width in COLUMNS for pr(1) and text filters (W line).
    #[arg(
        short = 'w',
        long = "width",
        value_name = "COLUMNS",
        value_parser = clap::value_parser!(u32).range(1..=1000),
        help_heading = "Job"
    )]
    pub width: Option<u32>,

    /// troff font for the R (Roman) position (1 line).
    #[arg(
        short = '1',
        long = "font-r",
        value_name = "FONT",
        help_heading = "Job"
    )]
    pub font1: Option<String>,
    /// troff font for the I (italic) position (2 line).
    #[arg(
        short = '2',
        long = "font-i",
        value_name = "FONT",
        help_heading = "Job"
    )]
    pub font2: Option<String>,
    /// troff font for the B (bold) position (3 line).
    #[arg(
        short = '3',
        long = "font-b",
        value_name = "FONT",
        help_heading = "Job"
    )]
    pub font3: Option<String>,
    /// troff font for the S (special) position (4 line).
    #[arg(
        short = '4',
        long = "font-s",
        value_name = "FONT",
        help_heading = "Job"
    )]
    pub font4: Option<String>,

    /// Filter options for the server, as LPRng's -Z (Z line); may be given
    /// several times, the values are joined with commas.
    #[arg(
        short = 'Z',
        long = "options",
        value_name = "OPT[,OPT...]",
        action = ArgAction::Append,
        help_heading = "Job"
    )]
    pub options: Vec<String>,

    /// Remove the files after the server has accepted the job.
    #[arg(short = 'r', long = "remove", help_heading = "Job")]
    pub remove: bool,

    /// Accepted for BSD compatibility and ignored: a symbolic link into a
    /// local spool means nothing to a remote server, so the data is always
    /// sent (-V says so).
    #[arg(short = 's', long = "symlink", help_heading = "Job")]
    pub symlink: bool,

    /// The files are cifplot(1) output (c).
    #[arg(short = 'c', group = "print-format", help_heading = "Format (one of)")]
    pub cif: bool,
    /// The files are TeX DVI (d).
    #[arg(short = 'd', group = "print-format", help_heading = "Format (one of)")]
    pub dvi: bool,
    /// The files use FORTRAN carriage control (r).
    #[arg(short = 'f', group = "print-format", help_heading = "Format (one of)")]
    pub fortran: bool,
    /// The files are plot(3) data (g).
    #[arg(short = 'g', group = "print-format", help_heading = "Format (one of)")]
    pub plot: bool,
    /// Print control characters, no page breaks: raw data (l).
    #[arg(short = 'l', group = "print-format", help_heading = "Format (one of)")]
    pub literal: bool,
    /// The files are ditroff output (n).
    #[arg(short = 'n', group = "print-format", help_heading = "Format (one of)")]
    pub ditroff: bool,
    /// The files are PostScript (o).
    #[arg(short = 'o', group = "print-format", help_heading = "Format (one of)")]
    pub postscript: bool,
    /// Format the files with pr(1) (p).
    #[arg(short = 'p', group = "print-format", help_heading = "Format (one of)")]
    pub pr: bool,
    /// The files are C/A/T troff output (t).
    #[arg(short = 't', group = "print-format", help_heading = "Format (one of)")]
    pub troff: bool,
    /// The files are raster images (v). Not verbose: that is -V.
    #[arg(short = 'v', group = "print-format", help_heading = "Format (one of)")]
    pub raster: bool,
    /// The format by name or control-file letter (as LPRng's -F): text (f),
    /// raw (l), postscript (o), pr (p), dvi (d), troff (t), ditroff (n),
    /// cif (c), plot (g), fortran (r), raster (v).
    #[arg(
        short = 'F',
        long = "format",
        value_name = "FORMAT",
        group = "print-format",
        value_parser = parse_format,
        help_heading = "Format (one of)"
    )]
    pub format: Option<crate::proto::PrintFormat>,

    /// Which file goes first on the wire. Default: the configuration's,
    /// else control-first.
    #[arg(long, value_enum, value_name = "ORDER", help_heading = "Connection")]
    pub order: Option<Order>,

    /// Show connection details (-V), and the bytes exchanged (-VV).
    #[arg(short = 'V', long = "verbose", action = ArgAction::Count, help_heading = "Output")]
    pub verbose: u8,

    /// No progress bar, no warnings.
    #[arg(short = 'q', long = "quiet", help_heading = "Output")]
    pub quiet: bool,

    /// Print the submitted job as one line of JSON: queue, server, job
    /// number, files, bytes.
    #[arg(long, help_heading = "Output")]
    pub json: bool,

    /// Print the control file that would be sent and exit; no connection
    /// is made.
    #[arg(long, help_heading = "Output")]
    pub dry_run: bool,

    /// Print help (--help shows more).
    #[arg(long, action = ArgAction::HelpLong, help_heading = "Output")]
    pub help: Option<bool>,

    /// Print version.
    #[arg(long, action = ArgAction::Version, help_heading = "Output")]
    pub version: Option<bool>,
}

/// Which file goes first on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Order {
    /// Control file, then data files (LPRng, CUPS).
    ControlFirst,
    /// Data files, then the control file (BSD lpd's forwarding order; some
    /// printers need it).
    DataFirst,
}

fn parse_format(s: &str) -> Result<crate::proto::PrintFormat, String> {
    use crate::proto::PrintFormat as F;
    let by_name = [
        F::FORMATTED,
        F::LITERAL,
        F::POSTSCRIPT,
        F::PR,
        F::DVI,
        F::TROFF,
        F::DITROFF,
        F::CIF,
        F::PLOT,
        F::FORTRAN,
        F::RASTER,
    ]
    .into_iter()
    .find(|f| f.name() == s || (s.len() == 1 && f.letter() == s.as_bytes()[0]));
    by_name.ok_or_else(|| {
        format!("unknown format {s:?}; use a name (text, raw, postscript, pr, dvi, troff, ditroff, cif, plot, fortran, raster) or its letter")
    })
}

impl Args {
    /// The print format the flags select, else `configured`, else text
    /// (`f`).
    pub fn print_format(
        &self,
        configured: Option<crate::proto::PrintFormat>,
    ) -> crate::proto::PrintFormat {
        use crate::proto::PrintFormat as F;
        let flags = [
            (self.cif, F::CIF),
            (self.dvi, F::DVI),
            (self.fortran, F::FORTRAN),
            (self.plot, F::PLOT),
            (self.literal, F::LITERAL),
            (self.ditroff, F::DITROFF),
            (self.postscript, F::POSTSCRIPT),
            (self.pr, F::PR),
            (self.troff, F::TROFF),
            (self.raster, F::RASTER),
        ];
        self.format
            .or_else(|| flags.iter().find(|(on, _)| *on).map(|(_, f)| *f))
            .or(configured)
            .unwrap_or_default()
    }
}

/// `lpr`'s clap command (also used for its man page and completions).
pub fn command() -> clap::Command {
    Args::command()
}

/// Runs `lpr`.
pub fn main() -> std::process::ExitCode {
    super::run_tool("lpr", command, super::os_args(), run)
}

/// One input of the job: a file or standard input.
#[derive(Debug)]
enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// The `N` line and default job name: the path as given, or "stdin".
    fn source_name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "stdin".into(),
        }
    }
}

fn run(args: Args) -> anyhow::Result<Exit> {
    let ui = Ui::new("lpr", args.verbose, args.quiet);
    let ctx = Context::new(ui, &args.common)?;
    if args.common.list_printers {
        return ctx.list_printers();
    }
    let ui = &ctx.ui;
    let inputs = inputs(&args)?;
    if args.symlink {
        ui.note(
            1,
            "-s (symbolic link) has no effect: the server is remote, so the data is always sent",
        );
    }
    let user = submitting_user(&args, ui)?;
    let host = local_host();
    let printer = ctx.printer()?;
    let endpoint = &printer.endpoint;
    let allocation = crate::client::jobnum::allocate(None);
    if let crate::client::jobnum::Source::Fallback(why) = &allocation.source {
        ui.note(
            1,
            format_args!("job number from clock and process id: {why}"),
        );
    }
    let spec = job_spec(
        &args,
        &printer.defaults,
        &inputs,
        host,
        user,
        allocation.number,
    );
    if args.dry_run {
        for input in &inputs {
            if let Input::File(p) = input {
                DataSource::open(p, &Spool::default())?;
            }
        }
        ui.note(
            1,
            format_args!("would send job {} to {endpoint}", spec.number),
        );
        let cf = spec.control_file()?;
        ui.print(cf.to_bytes())?;
        return Ok(Exit::Ok);
    }
    let spool = printer.spool();
    let mut job = Job::new(spec.clone());
    for (input, file) in inputs.iter().zip(&spec.files) {
        let data = match input {
            Input::File(p) => DataSource::open(p, &spool)?,
            Input::Stdin => DataSource::from_reader("standard input", std::io::stdin(), &spool)?,
        };
        job.add(file.source_name.clone(), data)?;
    }
    let order = match args.order {
        Some(Order::ControlFirst) => SendOrder::ControlFirst,
        Some(Order::DataFirst) => SendOrder::DataFirst,
        None => printer.order,
    };
    let bar = Progress::new(ui, job.total_len());
    let client = ctx.connect(&printer)?;
    ui.note(
        1,
        format_args!(
            "sending job {} ({} file(s), {}) in order {order}",
            job.number(),
            job.files().len(),
            job.total_len()
                .map_or_else(|| "length unknown".to_string(), |n| format!("{n} bytes")),
        ),
    );
    let mut progress = |u: &ProgressUpdate<'_>| bar.set(u.job_sent);
    let report = client.submit(job, order, &mut progress)?;
    bar.finish();
    ui.note(
        1,
        format_args!(
            "{} accepted job {} ({} bytes of data)",
            report.endpoint,
            report.job,
            report.data_bytes()
        ),
    );
    if args.json {
        ui.print_json(&json_report(&report))?;
    }
    if args.remove {
        for input in &inputs {
            if let Input::File(p) = input {
                if let Err(e) = std::fs::remove_file(p) {
                    ui.warn(format_args!("cannot remove {} (-r): {e}", p.display()));
                }
            }
        }
    }
    Ok(Exit::Ok)
}

/// The inputs: the files as given ("-" is standard input), or standard
/// input alone. More than 52 is a usage error.
fn inputs(args: &Args) -> anyhow::Result<Vec<Input>> {
    let max = crate::proto::JobSpec::MAX_FILES;
    if args.files.len() > max {
        return Err(fail(
            Exit::Usage,
            format!(
                "{} files given, but one job holds at most {max} (data files dfA to dfZ and dfa to dfz); submit them as several jobs",
                args.files.len()
            ),
        ));
    }
    let inputs: Vec<Input> = if args.files.is_empty() {
        vec![Input::Stdin]
    } else {
        args.files
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::File(p.clone())
                }
            })
            .collect()
    };
    if inputs.iter().filter(|i| matches!(i, Input::Stdin)).count() > 1 {
        return Err(fail(
            Exit::Usage,
            "standard input (\"-\") can be given only once",
        ));
    }
    if args.postscript {
        if let Some(Input::File(p)) = inputs.iter().find(
            |i| matches!(i, Input::File(p) if p.to_string_lossy().contains('=') && !p.exists()),
        ) {
            return Err(fail(
                Exit::Usage,
                format!(
                    "cannot open {}: -o selects the PostScript format here (as in BSD lpr), it does not take an option; give job options with -Z {}",
                    p.display(),
                    p.display()
                ),
            ));
        }
    }
    Ok(inputs)
}

/// The `P` user: the login name, or `-U` for root.
fn submitting_user(args: &Args, ui: &Ui) -> anyhow::Result<UserName> {
    let login = local_user(|k| std::env::var(k).ok());
    match (&args.user, is_root()) {
        (Some(u), true) => {
            UserName::new(u).map_err(|e| fail(Exit::Usage, format!("-U {u:?}: {e}")))
        }
        (requested, _) => {
            let me = login.ok_or_else(|| {
                fail(
                    Exit::NoPerm,
                    "cannot tell who you are: the real user ID has no usable password entry and neither $LOGNAME nor $USER is set",
                )
            })?;
            if let Some(u) = requested.as_deref().filter(|u| *u != me.as_str()) {
                ui.warn(format_args!(
                    "-U {u} is honoured only for root (as in BSD lpr); submitting as {me}"
                ));
            }
            Ok(me)
        }
    }
}

/// The job description the flags ask for.
fn job_spec(
    args: &Args,
    defaults: &JobDefaults,
    inputs: &[Input],
    host: HostName,
    user: UserName,
    number: crate::proto::JobNumber,
) -> JobSpec {
    use crate::proto::names::{
        RFC_MAX_CLASS, RFC_MAX_JOB_NAME, RFC_MAX_SOURCE_NAME, RFC_MAX_TITLE, RFC_MAX_USER,
    };
    let first = inputs
        .first()
        .map_or_else(|| "stdin".into(), Input::source_name);
    let mut spec = JobSpec::new(host.clone(), user.clone(), number);
    spec.job_name = Some(Text::truncated(
        args.job_name.as_deref().unwrap_or(&first),
        RFC_MAX_JOB_NAME,
    ));
    let class = args
        .class
        .as_deref()
        .or(defaults.class.as_deref())
        .unwrap_or(host.as_str());
    spec.class = Some(Text::truncated(class, RFC_MAX_CLASS));
    if !args.no_banner && defaults.banner != Some(false) {
        spec.banner = Some(Text::truncated(user.as_str(), RFC_MAX_USER));
    }
    let format = args.print_format(defaults.format);
    spec.title = match (&args.title, format == crate::proto::PrintFormat::PR) {
        (Some(t), _) => Some(Text::truncated(t, RFC_MAX_TITLE)),
        (None, true) => Some(Text::truncated(&first, RFC_MAX_TITLE)),
        (None, false) => None,
    };
    spec.indent = args.indent;
    spec.width = args.width;
    let mail = match (&args.mail, defaults.mail) {
        (Some(m), _) if !m.is_empty() => Some(m.as_str()),
        (Some(_), _) | (None, Some(true)) => Some(user.as_str()),
        (None, _) => None,
    };
    spec.mail = mail.map(|to| Text::truncated(to, crate::proto::names::MAX_TEXT));
    for (slot, font) in [&args.font1, &args.font2, &args.font3, &args.font4]
        .into_iter()
        .enumerate()
    {
        spec.fonts[slot] = font
            .as_deref()
            .map(|f| Text::truncated(f, crate::proto::names::MAX_TEXT));
    }
    let options = if args.options.is_empty() {
        defaults.options.clone()
    } else {
        Some(args.options.join(","))
    };
    spec.options = options.map(|o| Text::truncated(&o, crate::proto::names::MAX_TEXT));
    spec.format = format;
    spec.copies = args.copies.or(defaults.copies).unwrap_or(1);
    spec.files = inputs
        .iter()
        .map(|i| SpecFile {
            source_name: Text::truncated(&i.source_name(), RFC_MAX_SOURCE_NAME),
        })
        .collect();
    spec
}

/// `--json`: what was submitted.
#[derive(Debug, serde::Serialize)]
struct JsonJob<'a> {
    queue: &'a str,
    server: String,
    host: &'a str,
    port: u16,
    job: u16,
    control_file: &'a str,
    order: &'a str,
    files: Vec<JsonFile<'a>>,
    bytes: u64,
}

#[derive(Debug, serde::Serialize)]
struct JsonFile<'a> {
    name: &'a str,
    source: &'a str,
    bytes: u64,
    streamed: bool,
}

fn json_report(r: &SubmitReport) -> JsonJob<'_> {
    JsonJob {
        queue: r.endpoint.queue.as_str(),
        server: r.endpoint.server(),
        host: &r.endpoint.host,
        port: r.endpoint.port,
        job: r.job.get(),
        control_file: r.control_file.as_str(),
        order: r.order.as_str(),
        files: r
            .files
            .iter()
            .map(|f| JsonFile {
                name: f.name.as_str(),
                source: &f.source,
                bytes: f.bytes,
                streamed: f.streamed,
            })
            .collect(),
        bytes: r.data_bytes(),
    }
}
