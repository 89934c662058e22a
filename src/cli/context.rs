//! What every tool needs after parsing its command line: the loaded
//! configuration, the resolved destinations, and connections made the same
//! way everywhere (reserved-port policy, time-outs, `-v` notes, `-vv`
//! traces).

use super::common::{Common, PortPolicy};
use super::exit::{Exit, fail};
use super::ui::Ui;
use crate::client::trace::{Direction, TraceSink, Traced, escape};
use crate::client::{Client, ClientError};
use crate::config::{Config, ConfigPaths, Env, ResolvedPrinter};
use crate::net::{self, ConnectOptions, Connection, ReservedPort};
use crate::proto::JobSelector;
use crate::proto::lpq::QueueStatus;
use crate::target::HostSpec;
use std::io::Write;

/// The stream every tool talks over: a connection, traced under `-vv`.
pub type Stream = Traced<Connection>;

/// A tool's resolved context.
#[derive(Debug)]
pub struct Context {
    /// Where messages and data go.
    pub ui: Ui,
    common: Common,
    config: Config,
    env: Env,
    host: Option<HostSpec>,
}

impl Context {
    /// Loads the configuration (`--config FILE` alone, else the system and
    /// user files and printcap) and checks `-H`.
    pub fn new(ui: Ui, common: &Common) -> anyhow::Result<Self> {
        let paths = match &common.config {
            Some(file) => ConfigPaths::explicit(file),
            None => ConfigPaths::standard(),
        };
        let config = Config::load(&paths)?;
        for w in &config.warnings {
            ui.note(1, w);
        }
        for src in &config.sources {
            ui.note(1, format_args!("configuration {}", src.display()));
        }
        let host = common
            .host
            .as_deref()
            .map(HostSpec::parse)
            .transpose()
            .map_err(|e| fail(Exit::Usage, format!("-H: {e}")))?;
        Ok(Context {
            ui,
            common: common.clone(),
            config,
            env: Env::from_process(),
            host,
        })
    }

    /// `--list-printers`: every configured printer name and alias, one a
    /// line (for the shell completions).
    pub fn list_printers(&self) -> anyhow::Result<Exit> {
        for name in self.config.completion_names() {
            self.ui.println(name)?;
        }
        Ok(Exit::Ok)
    }

    /// The printer: `-P`, else `PRINTER`, else `LPDEST`, else the
    /// configuration's default, else lp; `-H` replaces its server.
    pub fn printer(&self) -> anyhow::Result<ResolvedPrinter> {
        let p = self.config.resolve(
            self.common.printer.as_deref(),
            self.host.as_ref(),
            &self.env,
        )?;
        if p.name == p.endpoint.to_string() {
            self.ui.note(
                1,
                format_args!("printer {} (from {})", p.endpoint, p.origin),
            );
        } else {
            self.ui.note(
                1,
                format_args!("printer {} is {} (from {})", p.name, p.endpoint, p.origin),
            );
        }
        Ok(p)
    }

    /// The printer an operand names (lpc's queues, `-a`'s entries).
    pub fn printer_named(&self, name: &str) -> anyhow::Result<ResolvedPrinter> {
        Ok(self
            .config
            .resolve(Some(name), self.host.as_ref(), &self.env)?)
    }

    /// Every configured printer (`-a`), in the configuration's order.
    pub fn all_printers(&self) -> anyhow::Result<Vec<ResolvedPrinter>> {
        let names = self.config.printer_names();
        if names.is_empty() {
            return Err(fail(
                Exit::Config,
                "-a: no printers are configured (see lpkit.toml(5))",
            ));
        }
        names.iter().map(|n| self.printer_named(n)).collect()
    }

    /// How to connect to `printer`: its configured settings, with
    /// `--reserved-port` and `--timeout` on top.
    pub fn connect_options(&self, printer: &ResolvedPrinter) -> ConnectOptions {
        let mut opts = printer.connect;
        if let Some(p) = self.common.reserved_port {
            opts.reserved_port = match p {
                PortPolicy::Auto => ReservedPort::Auto,
                PortPolicy::Require => ReservedPort::Require,
                PortPolicy::Never => ReservedPort::Never,
            };
        }
        if let Some(t) = self.common.timeout {
            opts.connect_timeout = t;
            opts.io_timeout = t;
        }
        opts
    }

    /// Opens a connection to `printer` (see [`Context::connect`]).
    pub fn connect_stream(&self, printer: &ResolvedPrinter) -> Result<Stream, ClientError> {
        Ok(self.connect(printer)?.into_stream())
    }

    /// A client for one command to `printer`, saying how it connected under
    /// `-v` and tracing the bytes under `-vv`.
    pub fn connect(&self, printer: &ResolvedPrinter) -> Result<Client<Stream>, ClientError> {
        let opts = self.connect_options(printer);
        self.ui.note(
            1,
            format_args!(
                "connecting to {} (reserved source port: {}; time-outs: {} to connect, {} per read or write)",
                printer.endpoint.server(),
                opts.reserved_port,
                net::human_duration(opts.connect_timeout),
                net::human_duration(opts.io_timeout),
            ),
        );
        let client = Client::open(&printer.endpoint, &opts, self.trace_sink())?;
        let conn = client.connection();
        let port = if conn.reserved_port() {
            "a reserved source port"
        } else {
            "an ordinary source port"
        };
        self.ui.note(
            1,
            format_args!(
                "connected from {} to {} ({port})",
                conn.local_addr(),
                conn.peer_addr()
            ),
        );
        if let Some(why) = conn.fallback() {
            self.ui.note(1, why);
        }
        Ok(client)
    }

    fn trace_sink(&self) -> Option<TraceSink> {
        if self.ui.verbose < 2 {
            return None;
        }
        let tool = self.ui.tool;
        Some(Box::new(move |dir: Direction, bytes: &[u8]| {
            let _ = writeln!(
                std::io::stderr(),
                "{tool}: {} {}",
                dir.arrow(),
                escape(bytes, 256)
            );
        }))
    }
}

/// Parses job-number and user operands (usage error on a bad one).
pub fn parse_selectors(operands: &[String]) -> anyhow::Result<Vec<JobSelector>> {
    operands
        .iter()
        .map(|s| {
            s.parse::<JobSelector>().map_err(|e| {
                fail(
                    Exit::Usage,
                    format!("{s:?} is neither a job number (0-999) nor a user name: {e}"),
                )
            })
        })
        .collect()
}

/// Parses a server's queue listing into the normalized structure.
///
/// Reads the short (`03`) tables of BSD lpd, LPRng and cups-lpd: a header
/// line naming Rank and Owner, then one job a line (rank, owner, job number,
/// files, size); every other line is a status line. Long (`04`) listings
/// keep their lines as status, with the jobs counted from their
/// `[job NNNhost]` markers.
pub fn parse_listing(text: &[u8]) -> QueueStatus {
    let text = String::from_utf8_lossy(text);
    let mut status = QueueStatus::default();
    let mut in_table = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lower = trimmed.to_ascii_lowercase();
        if lower.starts_with("rank") && lower.contains("owner") {
            in_table = true;
            continue;
        }
        if in_table {
            if let Some(job) = short_job(trimmed) {
                status.jobs.push(job);
                continue;
            }
        }
        if let Some(job) = long_job(trimmed) {
            status.jobs.push(job);
            continue;
        }
        status.status.push(trimmed.to_owned());
    }
    status
}

/// `active alice 12 report.txt 1234 bytes` (BSD, cups-lpd) or LPRng's
/// `1 alice@host+12 A 12 report.txt 1234 10:00:00`.
fn short_job(line: &str) -> Option<crate::proto::lpq::QueueJob> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 4 {
        return None;
    }
    let (owner, host) = match words[1].split_once('@') {
        Some((o, h)) => (o, Some(h.split('+').next().unwrap_or(h).to_owned())),
        None => (words[1], None),
    };
    // BSD: the job number is the third word; LPRng: the class comes first.
    let (job, rest) = match words[2].parse::<u32>() {
        Ok(n) => (n, &words[3..]),
        Err(_) => (words[3].parse::<u32>().ok()?, &words[4..]),
    };
    let size_at = rest.iter().rposition(|w| w.parse::<u64>().is_ok());
    let (files, size) = match size_at {
        Some(i) if i > 0 => (&rest[..i], rest[i].parse().ok()),
        _ => (rest, None),
    };
    Some(crate::proto::lpq::QueueJob {
        rank: Some(words[0].to_owned()),
        owner: Some(owner.to_owned()),
        job: Some(job),
        host,
        files: files.iter().map(|f| f.to_string()).collect(),
        size,
        ..Default::default()
    })
}

/// BSD's long form: `alice: active   [job 012host]`.
fn long_job(line: &str) -> Option<crate::proto::lpq::QueueJob> {
    let (owner, rest) = line.split_once(':')?;
    let start = rest.find("[job ")?;
    let digits: String = rest[start + 5..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some(crate::proto::lpq::QueueJob {
        rank: rest[..start].split_whitespace().next().map(str::to_owned),
        owner: Some(owner.trim().to_owned()),
        job: digits.parse().ok(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bsd_short_listing_gives_jobs_and_status() {
        let s = parse_listing(
            b"lp is ready and printing\nRank   Owner      Job  Files            Total Size\nactive alice      12   report.txt       1234 bytes\n1st    bob        13   a b              99 bytes\n",
        );
        assert_eq!(s.status, ["lp is ready and printing"]);
        assert_eq!(s.jobs.len(), 2);
        assert_eq!(s.jobs[0].job, Some(12));
        assert_eq!(s.jobs[0].owner.as_deref(), Some("alice"));
        assert_eq!(s.jobs[0].size, Some(1234));
        assert_eq!(s.jobs[1].files, ["a", "b"]);
    }

    #[test]
    fn lprng_short_listing_gives_jobs() {
        let s = parse_listing(
            b"Printer: lp@host\n Queue: 1 printable job\n Rank   Owner/ID        Class Job Files       Size Time\n1      alice@host+12   A     12  report.txt  1234 10:00:00\n",
        );
        assert_eq!(s.jobs.len(), 1);
        assert_eq!(s.jobs[0].job, Some(12));
        assert_eq!(s.jobs[0].host.as_deref(), Some("host"));
    }

    #[test]
    fn empty_queue_has_no_jobs() {
        assert!(parse_listing(b"no entries\n").jobs.is_empty());
        assert!(parse_listing(b"").jobs.is_empty());
    }

    #[test]
    fn bsd_long_listing_counts_jobs() {
        let s = parse_listing(
            b"lp is ready\n\nalice: active   [job 012host]\n        report.txt  1234 bytes\n",
        );
        assert_eq!(s.jobs.len(), 1);
        assert_eq!(s.jobs[0].job, Some(12));
    }
}
