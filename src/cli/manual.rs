//! Hand-written parts of the man pages (and the help's examples): what
//! clap cannot know. One [`Manual`] per tool; [`super::generate`] renders
//! them.

use super::exit::Exit;

/// The hand-written sections of one tool's man page.
#[derive(Debug)]
pub struct Manual {
    /// Paragraphs added to DESCRIPTION after the long about text.
    pub description: &'static [&'static str],
    /// EXAMPLES: (command line, what it does). Also shown by `--help`.
    pub examples: &'static [(&'static str, &'static str)],
    /// ENVIRONMENT entries besides the common ones.
    pub environment: &'static [(&'static str, &'static str)],
    /// FILES entries besides the common ones.
    pub files: &'static [(&'static str, &'static str)],
    /// The exit statuses this tool uses.
    pub exits: &'static [Exit],
    /// STANDARDS paragraphs.
    pub standards: &'static [&'static str],
    /// COMPATIBILITY paragraphs.
    pub compatibility: &'static [&'static str],
    /// SEE ALSO: (page, section).
    pub see_also: &'static [(&'static str, &'static str)],
}

impl Manual {
    /// The examples as the text `--help` shows after the options.
    pub fn examples_help(&self) -> String {
        let width = self
            .examples
            .iter()
            .map(|(c, _)| c.len())
            .max()
            .unwrap_or(0);
        let mut s = String::from("Examples:\n");
        for (cmd, what) in self.examples {
            s.push_str(&format!("  {cmd:<width$}  {what}\n"));
        }
        s
    }
}

/// ENVIRONMENT entries every tool shares.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "PRINTER",
        "The default queue when -P is not given, in any target form (QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT, QUEUE@[IPV6]:PORT).",
    ),
    (
        "LPDEST",
        "The default queue when neither -P nor PRINTER is given (System V).",
    ),
    (
        "NO_COLOR",
        "When set to a non-empty value, no colour is used. It does not turn the progress bar off; --quiet does.",
    ),
    (
        "XDG_CONFIG_HOME, HOME",
        "Locate the user's configuration file.",
    ),
];

/// FILES entries every tool shares.
pub const FILES: &[(&str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/lpkit/lpkit.toml",
        "The user's configuration (default ~/.config/lpkit/lpkit.toml): printers, default printer, port, reserved-port policy, time-outs; see lpkit.toml(5).",
    ),
    ("/etc/lpkit/lpkit.toml", "The system-wide configuration."),
    (
        "/etc/printcap",
        "Read for printer names (rm and rp entries) when no configuration names the printer.",
    ),
];

const STANDARDS: &[&str] = &[
    "RFC 1179, Line Printer Daemon Protocol (August 1990). lpkit follows its wire format exactly: one command per connection, reserved source ports 721 to 731 when it can bind them, job numbers 0 to 999, control-file field limits (banner class 31, job name 99, title 79, source name 131 octets).",
    "Extensions: LPRng's remote control command 06 (lpc), a data-file count of 0 meaning \"until the connection closes\" (LPRng), the Z (options) and other LPRng control-file lines, and lpkit's --lpkit-json queue-state operand, which lpkit's lpd answers with JSON and every other server ignores.",
];

const LPR_COMPAT: &[&str] = &[
    "BSD lpr: every option is accepted with its BSD meaning, except that lpkit talks to the server itself instead of spooling through a local lpd: -s (symbolic link) has no effect, -r removes the files only after the server accepted the job, and -U is honoured for root only, with a warning otherwise. -v is the raster format as in BSD; verbose output is -V or --verbose.",
    "LPRng lpr: -K copies, -Z options, -F format, -V verbose and QUEUE@HOST%PORT are accepted. LPRng's -m takes an address; here it is -m=USER or --mail=USER, because a plain -m (BSD) takes none.",
    "CUPS lpr: -H server, -# copies, -J, -T, -C, -U, -h, -l, -m, -p, -r mean the same. CUPS' -o option=value does not exist here: -o is the BSD PostScript format; pass job options with -Z.",
    "rlpr: lpr -P QUEUE@HOST is rlpr -P QUEUE -H HOST; -H works as well.",
];

/// lpr.
pub const LPR: Manual = Manual {
    description: &[
        "A control file describes the job: H (host) and P (user) always; J (job name, default the first file's name or \"stdin\") and C (class, default this host's name) for the banner page; L (banner user) unless -h; T, I, W, M, 1 to 4 and Z when asked; one print line per file and copy in the chosen format, each followed by its N (source name) line; and U (unlink) lines. Free text is cut to the RFC's lengths at a character boundary, control characters become spaces.",
        "The user is the login name of the real user ID (else $USER), the host this machine's name. The job number comes from the configuration's job counter.",
        "On a terminal, a progress bar shows large transfers; it is never shown when standard error is not a terminal, or with --quiet.",
    ],
    examples: &[
        ("lpr report.txt", "print on the default printer"),
        (
            "lpr -P laser@printhost -#2 a.ps",
            "two copies on queue laser of printhost",
        ),
        (
            "lpr -P lp@[::1]:5515 -o chart.ps",
            "PostScript to a server on a test port",
        ),
        (
            "man -t ls | lpr -J ls-manual",
            "print standard input under a job name",
        ),
        (
            "lpr -Z duplex=on,media=a4 -l x.pcl",
            "raw data with LPRng filter options",
        ),
        (
            "lpr --dry-run -C A -J test a.txt",
            "show the control file, send nothing",
        ),
        ("lpr --json -q *.txt", "submit, print the job as JSON"),
    ],
    environment: &[],
    files: &[],
    exits: &[
        Exit::Ok,
        Exit::Usage,
        Exit::DataErr,
        Exit::NoInput,
        Exit::NoHost,
        Exit::Unavailable,
        Exit::Software,
        Exit::IoErr,
        Exit::TempFail,
        Exit::Protocol,
        Exit::NoPerm,
        Exit::Config,
    ],
    standards: STANDARDS,
    compatibility: LPR_COMPAT,
    see_also: &[
        ("lpq", "1"),
        ("lprm", "1"),
        ("lpc", "8"),
        ("lpd", "8"),
        ("lpkit.toml", "5"),
        ("pr", "1"),
    ],
};

/// lpq.
pub const LPQ: Manual = Manual {
    description: &[
        "With -q, lpq prints nothing and its exit status tells whether matching jobs exist, which is what scripts usually want to know. The JSON form is a QueueStatus document: queue, server, dialect (lpkit, lprng, bsd, cups, windows or unknown), status lines, jobs (rank, owner, job, host, files, size, and more where the server tells) and any lines that could not be parsed.",
        "With -t or +SECONDS the report is repeated until the queue has no (matching) jobs; on a terminal the screen is cleared before each report.",
    ],
    examples: &[
        ("lpq", "the default queue, short form"),
        (
            "lpq -P laser@printhost -l",
            "long form of queue laser on printhost",
        ),
        ("lpq -a", "every configured printer"),
        ("lpq alice 12", "only alice's jobs and job 12"),
        ("lpq +5", "every 5 seconds until the queue is empty"),
        ("lpq --json | jq '.jobs[].job'", "job numbers, for scripts"),
        (
            "lpq -q alice && echo waiting",
            "exit 0 if alice has jobs, 1 if not",
        ),
    ],
    environment: &[],
    files: &[],
    exits: &[
        Exit::Ok,
        Exit::NoMatch,
        Exit::Usage,
        Exit::NoHost,
        Exit::Unavailable,
        Exit::Software,
        Exit::IoErr,
        Exit::TempFail,
        Exit::Protocol,
        Exit::NoPerm,
        Exit::Config,
    ],
    standards: STANDARDS,
    compatibility: &[
        "BSD lpq: -P, -l, +N and job/user operands mean the same; -a lists the configured printers rather than every printcap entry.",
        "LPRng lpq: -P, -a, -l, -t and -V mean the same; LPRng's -L (longer) is -l here, as a server has only two formats.",
        "CUPS lpq: -P, -a, -l and +N mean the same; CUPS' -h server is -H here, because -h means no banner in lpr.",
    ],
    see_also: &[
        ("lpr", "1"),
        ("lprm", "1"),
        ("lpc", "8"),
        ("lpd", "8"),
        ("lpkit.toml", "5"),
    ],
};

/// lprm.
pub const LPRM: Manual = Manual {
    description: &[
        "The request names an agent, the user on whose behalf jobs are removed: the login name of the real user ID, or for root the -U user. Servers remove only the agent's own jobs unless the agent is root on a trusted host.",
        "Servers differ in what they answer: lpkit's lpd and LPRng say which jobs were removed, BSD lpd names the files it removed, some say nothing. lprm prints the answer unchanged and exits 1 when the answer shows that nothing was removed.",
    ],
    examples: &[
        ("lprm 12", "remove job 12 from the default queue"),
        ("lprm -P laser@printhost -", "remove all your jobs on laser"),
        (
            "lprm -a -",
            "remove all your jobs on every configured printer",
        ),
        (
            "sudo lprm -U alice -P lp 7",
            "remove alice's job 7 as root on her behalf",
        ),
    ],
    environment: &[],
    files: &[],
    exits: &[
        Exit::Ok,
        Exit::NoMatch,
        Exit::Usage,
        Exit::DataErr,
        Exit::NoHost,
        Exit::Unavailable,
        Exit::Software,
        Exit::IoErr,
        Exit::TempFail,
        Exit::Protocol,
        Exit::NoPerm,
        Exit::Config,
    ],
    standards: STANDARDS,
    compatibility: &[
        "BSD lprm: -P, - and job/user operands mean the same. BSD lprm lets root remove others' jobs by naming them; here root names the agent with -U as LPRng does.",
        "LPRng lprm: -P, -a, -U and -V mean the same; \"all\" as an operand is passed to the server unchanged.",
    ],
    see_also: &[
        ("lpr", "1"),
        ("lpq", "1"),
        ("lpc", "8"),
        ("lpd", "8"),
        ("lpkit.toml", "5"),
    ],
};

/// lpc.
pub const LPC: Manual = Manual {
    description: &[
        "lpc sends LPRng's command 06 (\\006QUEUE USER OPERATION OPERANDS) for everything RFC 1179 lacks. The user is the login name of the real user ID, or for root the -U user; LPRng and lpkit's lpd allow control operations according to their permission files.",
        "The answer of the server is printed unchanged, except with --json, where status is printed as one JSON document a queue: queue, server, whether the server speaks command 06, its answer's lines, and the queue state parsed as lpq --json does.",
        "In interactive use every command above is available, plus help and quit (or exit). Each line is one command; lines that fail print their error and the session goes on; the exit status is that of the last command that failed, else 0.",
    ],
    examples: &[
        ("lpc status", "the default queue"),
        ("lpc status laser@printhost", "one queue on a server"),
        ("lpc --json status lp", "status as JSON"),
        ("lpc start lp", "print any waiting jobs (RFC 1179 01)"),
        (
            "lpc stop lp; lpc start lp",
            "stop printing after the current job, resume",
        ),
        ("lpc topq lp 17", "move job 17 to the front"),
        (
            "lpc redirect lp lp2@otherhost",
            "send lp's jobs to another queue",
        ),
        (
            "printf 'status lp\\nstart lp\\n' | lpc",
            "several commands from a pipe",
        ),
    ],
    environment: &[],
    files: &[],
    exits: &[
        Exit::Ok,
        Exit::Usage,
        Exit::NoHost,
        Exit::Unavailable,
        Exit::Software,
        Exit::IoErr,
        Exit::TempFail,
        Exit::Protocol,
        Exit::NoPerm,
        Exit::Config,
    ],
    standards: STANDARDS,
    compatibility: &[
        "BSD lpc works on the local spool directly and has no network protocol; its status, start, stop, enable, disable, abort, up, down, topq and clean commands are sent here as LPRng's 06 to the server, and start falls back to RFC 1179's 01.",
        "LPRng lpc: the same commands and operands, sent the same way. LPRng's lpd, lpq and lprm commands inside lpc are the separate tools here.",
        "Servers that speak only RFC 1179 (BSD lpd, cups-lpd, most printers) do not answer 06; lpc then says so and names the RFC 1179 tool that does the job (lpq for status, lpc start for 01, lprm for removal).",
    ],
    see_also: &[
        ("lpr", "1"),
        ("lpq", "1"),
        ("lprm", "1"),
        ("lpd", "8"),
        ("lpkit.toml", "5"),
    ],
};
