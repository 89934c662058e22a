//! `lpr`: submit files to a print queue (RFC 1179 §5.2, §6, §7).

use super::common::Common;
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

const EXAMPLES: &str = "\
Examples:
  lpr report.txt                      print on the default printer
  lpr -P laser@printhost -#2 a.ps     two copies on queue laser of printhost
  lpr -P lp@[::1]:5515 -o chart.ps    PostScript to a server on a test port
  man -t ls | lpr -J ls-manual        print standard input under a job name
  lpr -Z duplex=on,media=a4 -l x.pcl  raw data with LPRng filter options
  lpr --dry-run -C A -J test a.txt    show the control file, send nothing
  lpr --json -q *.txt                 submit, print the job as JSON";

/// `lpr`'s command line.
#[derive(Debug, Parser)]
#[command(
    name = "lpr",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_long_help = EXAMPLES,
    disable_help_flag = true,
    disable_version_flag = true,
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
    #[arg(short = 'C', long = "class", value_name = "CLASS", help_heading = "Job")]
    pub class: Option<String>,

    /// Job name for the banner page (J line). Default: the first file's
    /// name, or "stdin".
    #[arg(short = 'J', long = "job-name", value_name = "NAME", help_heading = "Job")]
    pub job_name: Option<String>,

    /// Title for pr(1) (T line). With -p the default is the file's name.
    #[arg(short = 'T', long = "title", value_name = "TITLE", help_heading = "Job")]
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
    #[arg(short = '1', long = "font-r", value_name = "FONT", help_heading = "Job")]
    pub font1: Option<String>,
    /// troff font for the I (italic) position (2 line).
    #[arg(short = '2', long = "font-i", value_name = "FONT", help_heading = "Job")]
    pub font2: Option<String>,
    /// troff font for the B (bold) position (3 line).
    #[arg(short = '3', long = "font-b", value_name = "FONT", help_heading = "Job")]
    pub font3: Option<String>,
    /// troff font for the S (special) position (4 line).
    #[arg(short = '4', long = "font-s", value_name = "FONT", help_heading = "Job")]
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

    /// Send the data files before the control file (some printers want
    /// that); default: the configuration's, else control file first.
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
    /// Control file, then data files (BSD lpr, RFC 1179's example).
    ControlFirst,
    /// Data files, then the control file (LPRng, some printers).
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
    /// The print format the flags select (default: text, `f`).
    pub fn print_format(&self) -> crate::proto::PrintFormat {
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
            .unwrap_or_default()
    }
}

/// `lpr`'s clap command (also used for its man page and completions).
pub fn command() -> clap::Command {
    Args::command()
}
