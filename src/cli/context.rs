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
