//! Client configuration: TOML files, `/etc/printcap` as a fallback, and
//! resolving which printer a command talks to.
//!
//! ## Files
//! - system: `/etc/lpkit/lpkit.toml`
//! - user: `$XDG_CONFIG_HOME/lpkit/lpkit.toml` (`~/.config/lpkit/lpkit.toml`)
//! - `--config FILE`: only this file; neither of the above nor printcap.
//!
//! Missing standard files are fine. The user file overrides the system
//! file: `default` is replaced, `[defaults]` is merged key by key, and a
//! `[printers.NAME]` table replaces the system's table of that name whole.
//! Unknown keys are errors; every error names the file, line, column and key.
//!
//! ```toml
//! default = "office"
//!
//! [defaults]                  # for every printer
//! host = "printserver"        # where bare queue names go (default localhost)
//! reserved_port = "auto"      # "auto" | "require" | "never"
//! connect_timeout = "10s"     # seconds, or "500ms", "30s", "2m", "1h"
//! timeout = 60                # per read/write
//!
//! [printers.office]
//! host = "printhost"          # may carry a port: "printhost:5515", "[::1]:515"
//! port = 515
//! queue = "lp"                # default: the table's name
//! aliases = ["o", "laser"]
//! description = "2nd floor laser"
//! order = "control-first"     # or "data-first"
//! streaming = false           # server accepts count 0 (LPRng, lpkit)
//! copies = 1                  # lpr defaults …
//! format = "text"             # name or letter: text/f, raw/l, postscript/o, …
//! class = "A"
//! banner = true
//! options = "duplex=on"       # the Z line
//! mail = false
//! ```
//!
//! ## Which printer
//! [`Config::resolve`] picks a name: the `-P` flag, else `PRINTER`, else
//! `LPDEST`, else `default` from the configuration, else `lp`. The name is
//! parsed as a [`Target`]: `queue@host…` goes straight to that host; a bare
//! name is looked up among configured printers (names and aliases), then
//! printcap entries, and otherwise taken as a queue on the default host
//! (`[defaults] host`, else `localhost`). `-H host[:port]` replaces the
//! host. The environment is passed in ([`Env`]), never read here.

mod file;
mod printcap;

pub use file::{parse_duration, parse_format};

pub use printcap::{PrintcapEntry, parse as parse_printcap};

use crate::client::sysexits::{EX_CONFIG, EX_USAGE};
use crate::client::{SendOrder, Spool};
use crate::net::{
    ConnectOptions, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IO_TIMEOUT, DEFAULT_PORT, ReservedPort,
};
use crate::proto::{PrintFormat, Queue};
use crate::target::{Endpoint, HostSpec, Target, TargetError};
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// The system configuration file.
pub const SYSTEM_CONFIG: &str = "/etc/lpkit/lpkit.toml";
/// The system printcap.
pub const PRINTCAP: &str = "/etc/printcap";
/// The printer used when nothing else names one.
pub const FALLBACK_PRINTER: &str = "lp";
/// The host of bare queue names when the configuration names none.
pub const FALLBACK_HOST: &str = "localhost";

/// Which files to read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigPaths {
    /// TOML files, lowest precedence first.
    pub files: Vec<PathBuf>,
    /// True when the files were named explicitly (`--config`): a missing
    /// file is then an error.
    pub explicit: bool,
    /// A printcap to read as a fallback, if any.
    pub printcap: Option<PathBuf>,
}

impl ConfigPaths {
    /// The standard locations: system file, user file, `/etc/printcap`.
    pub fn standard() -> Self {
        let mut files = vec![PathBuf::from(SYSTEM_CONFIG)];
        if let Some(d) = dirs::config_dir() {
            files.push(d.join("lpkit").join("lpkit.toml"));
        }
        ConfigPaths {
            files,
            explicit: false,
            printcap: Some(PathBuf::from(PRINTCAP)),
        }
    }

    /// Only `file` (`--config FILE`).
    pub fn explicit(file: impl Into<PathBuf>) -> Self {
        ConfigPaths {
            files: vec![file.into()],
            explicit: true,
            printcap: None,
        }
    }

    /// No files at all (built-in defaults only).
    pub fn none() -> Self {
        ConfigPaths::default()
    }
}

/// Where a printer name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// The `-P` flag (or a tool's operand).
    Flag,
    /// The `PRINTER` environment variable.
    PrinterEnv,
    /// The `LPDEST` environment variable.
    LpdestEnv,
    /// `default` in the configuration.
    ConfigDefault,
    /// Nothing named a printer: [`FALLBACK_PRINTER`].
    Fallback,
    /// Listed from the configuration (`-a`).
    Listed,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Flag => "the command line",
            Origin::PrinterEnv => "PRINTER",
            Origin::LpdestEnv => "LPDEST",
            Origin::ConfigDefault => "the configured default",
            Origin::Fallback => "the built-in default",
            Origin::Listed => "the configuration",
        })
    }
}

/// Where a printer's description came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Definition {
    /// A `[printers.NAME]` table in this file.
    Config {
        /// The file.
        file: PathBuf,
    },
    /// A printcap entry.
    Printcap {
        /// The printcap file.
        file: PathBuf,
        /// The entry's first line.
        line: usize,
    },
    /// The target named its host itself (`queue@host`).
    Direct,
    /// A bare queue name nothing describes: a queue on the default host.
    Implicit,
}

/// The environment variables that select a printer, passed in explicitly.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Env {
    /// `PRINTER`.
    pub printer: Option<String>,
    /// `LPDEST`.
    pub lpdest: Option<String>,
}

impl Env {
    /// Reads `PRINTER` and `LPDEST` from the process environment.
    pub fn from_process() -> Self {
        Env::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads the variables through `lookup`; empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |k| lookup(k).filter(|v: &String| !v.trim().is_empty());
        Env {
            printer: get("PRINTER"),
            lpdest: get("LPDEST"),
        }
    }
}

/// lpr defaults for a printer.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct JobDefaults {
    /// Copies (`-#`).
    pub copies: Option<u32>,
    /// Print format.
    #[serde(serialize_with = "ser_format")]
    pub format: Option<PrintFormat>,
    /// Banner class (`-C`).
    pub class: Option<String>,
    /// Print a banner page (`-h` turns it off).
    pub banner: Option<bool>,
    /// `Z` options (`-Z`).
    pub options: Option<String>,
    /// Mail when printed (`-m`).
    pub mail: Option<bool>,
}

fn ser_format<S: serde::Serializer>(f: &Option<PrintFormat>, s: S) -> Result<S::Ok, S::Error> {
    match f {
        Some(f) => s.serialize_some(f.name()),
        None => s.serialize_none(),
    }
}

/// Settings that `[defaults]` and `[printers.NAME]` share; `None` means
/// "not set here".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    /// Host (`[defaults]`: the host of bare queue names).
    pub host: Option<HostSpec>,
    /// Port.
    pub port: Option<u16>,
    /// Reserved source port policy.
    pub reserved_port: Option<ReservedPort>,
    /// Connect timeout.
    pub connect_timeout: Option<Duration>,
    /// Read/write timeout.
    pub timeout: Option<Duration>,
    /// Order of control and data files.
    pub order: Option<SendOrder>,
    /// The server accepts count 0.
    pub streaming: Option<bool>,
    /// lpr defaults.
    pub job: JobDefaults,
}

impl Settings {
    /// Sets every field that `over` sets.
    pub fn overlay(&mut self, over: &Settings) {
        fn o<T: Clone>(a: &mut Option<T>, b: &Option<T>) {
            if b.is_some() {
                a.clone_from(b);
            }
        }
        o(&mut self.host, &over.host);
        o(&mut self.port, &over.port);
        o(&mut self.reserved_port, &over.reserved_port);
        o(&mut self.connect_timeout, &over.connect_timeout);
        o(&mut self.timeout, &over.timeout);
        o(&mut self.order, &over.order);
        o(&mut self.streaming, &over.streaming);
        o(&mut self.job.copies, &over.job.copies);
        o(&mut self.job.format, &over.job.format);
        o(&mut self.job.class, &over.job.class);
        o(&mut self.job.banner, &over.job.banner);
        o(&mut self.job.options, &over.job.options);
        o(&mut self.job.mail, &over.job.mail);
    }
}

/// A `[printers.NAME]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterEntry {
    /// The table's name.
    pub name: String,
    /// The queue on the server (default: the name).
    pub queue: Option<Queue>,
    /// Other names for it.
    pub aliases: Vec<String>,
    /// Free text for listings.
    pub description: Option<String>,
    /// Its settings.
    pub settings: Settings,
    /// The file it came from.
    pub file: PathBuf,
}

/// A printer resolved to everything a client operation needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedPrinter {
    /// The name as selected (`office`, `lp@printhost`, …).
    pub name: String,
    /// Queue, host and port. Its display form `queue@host:port` is what
    /// messages show.
    pub endpoint: Endpoint,
    /// How to connect.
    pub connect: ConnectOptions,
    /// Order of control and data files.
    pub order: SendOrder,
    /// The server accepts count 0.
    pub streaming: bool,
    /// lpr defaults.
    pub defaults: JobDefaults,
    /// Description from the configuration, if any.
    pub description: Option<String>,
    /// Where the name came from.
    pub origin: Origin,
    /// Where the description came from.
    pub definition: Definition,
}

impl ResolvedPrinter {
    /// One line for `-v`: where the printer is, how it was chosen and where
    /// it is described, e.g. "lp@printhost:515 (office, from PRINTER,
    /// defined in /etc/lpkit/lpkit.toml)".
    pub fn describe(&self) -> String {
        let defined = match &self.definition {
            Definition::Config { file } => format!("defined in {}", file.display()),
            Definition::Printcap { file, line } => {
                format!("defined in {}:{line}", file.display())
            }
            Definition::Direct => "host given directly".into(),
            Definition::Implicit => "not configured: a queue on the default host".into(),
        };
        format!(
            "{} ({}, from {}, {defined})",
            self.endpoint, self.name, self.origin
        )
    }

    /// How to handle input of unknown length for this printer.
    pub fn spool(&self) -> Spool {
        Spool {
            streaming: self.streaming,
            ..Spool::default()
        }
    }
}

impl fmt::Display for ResolvedPrinter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.endpoint.fmt(f)
    }
}

/// What is wrong with the configuration or a printer name.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// A configuration file could not be read.
    #[error("cannot read configuration file {}: {}", path.display(), crate::net::describe_io(source))]
    Read {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// A configuration file is malformed.
    #[error("{}:{line}:{column}: {}{message}", path.display(), key.as_deref().map(|k| format!("key `{k}`: ")).unwrap_or_default())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The dotted key concerned, when known.
        key: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A printer name (from the flag, the environment or the configuration)
    /// is malformed.
    #[error("{source} (from {origin})")]
    Target {
        /// Where the name came from.
        origin: Origin,
        /// What is wrong.
        #[source]
        source: TargetError,
    },
    /// A printcap entry that was selected is malformed.
    #[error("{}:{line}: printer {name}: {why}", path.display())]
    Printcap {
        /// The printcap.
        path: PathBuf,
        /// The entry's line.
        line: usize,
        /// The printer name.
        name: String,
        /// What is wrong.
        why: String,
    },
}

impl ConfigError {
    /// The agreed exit code: 64 for a bad name given by the user (flag or
    /// environment), 78 for configuration errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            ConfigError::Target {
                origin: Origin::Flag | Origin::PrinterEnv | Origin::LpdestEnv,
                ..
            } => EX_USAGE,
            _ => EX_CONFIG,
        }
    }
}

/// The loaded configuration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    /// The default printer name.
    pub default: Option<String>,
    /// `[defaults]`, merged over all files.
    pub defaults: Settings,
    /// The printers, by name.
    pub printers: BTreeMap<String, PrinterEntry>,
    /// Printcap entries (fallback).
    pub printcap: Vec<PrintcapEntry>,
    /// The printcap they came from.
    pub printcap_path: Option<PathBuf>,
    /// The configuration files that were read, in order.
    pub sources: Vec<PathBuf>,
    /// Things worth a note under `-v` (unreadable printcap, skipped
    /// entries).
    pub warnings: Vec<String>,
}

impl Config {
    /// Loads the files of `paths` (see the module docs).
    pub fn load(paths: &ConfigPaths) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        for path in &paths.files {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) if e.kind() == io::ErrorKind::NotFound && !paths.explicit => continue,
                Err(source) => {
                    return Err(ConfigError::Read {
                        path: path.clone(),
                        source,
                    });
                }
            };
            config.merge_str(&text, path)?;
        }
        if let Some(pc) = &paths.printcap {
            match std::fs::read_to_string(pc) {
                Ok(text) => config.add_printcap(&text, pc),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => config.warnings.push(format!(
                    "cannot read {}: {}",
                    pc.display(),
                    crate::net::describe_io(&e)
                )),
            }
        }
        Ok(config)
    }

    /// Parses one file's text and merges it over what is loaded (`path` is
    /// used in messages).
    pub fn merge_str(&mut self, text: &str, path: &Path) -> Result<(), ConfigError> {
        let file = file::parse_file(text, path)?;
        if file.default.is_some() {
            self.default = file.default;
        }
        self.defaults.overlay(&file.defaults);
        for (name, entry) in file.printers {
            self.printers.insert(name, entry);
        }
        self.sources.push(path.to_path_buf());
        Ok(())
    }

    /// Adds printcap text as a fallback source (`path` for messages).
    pub fn add_printcap(&mut self, text: &str, path: &Path) {
        let (entries, warnings) = parse_printcap(text);
        self.printcap = entries;
        self.printcap_path = Some(path.to_path_buf());
        self.warnings.extend(
            warnings
                .into_iter()
                .map(|w| format!("{}: {w}", path.display())),
        );
    }

    /// Resolves the printer selected by `printer` (the `-P` flag), the
    /// environment, or the configuration, with `host` (`-H`) replacing the
    /// host.
    pub fn resolve(
        &self,
        printer: Option<&str>,
        host: Option<&HostSpec>,
        env: &Env,
    ) -> Result<ResolvedPrinter, ConfigError> {
        let (name, origin) = self.select(printer, env);
        self.resolve_name(name, origin, host)
    }

    /// The name that [`Config::resolve`] would use, and where it came from.
    pub fn select<'a>(&'a self, printer: Option<&'a str>, env: &'a Env) -> (&'a str, Origin) {
        if let Some(p) = printer {
            (p, Origin::Flag)
        } else if let Some(p) = &env.printer {
            (p, Origin::PrinterEnv)
        } else if let Some(p) = &env.lpdest {
            (p, Origin::LpdestEnv)
        } else if let Some(p) = &self.default {
            (p, Origin::ConfigDefault)
        } else {
            (FALLBACK_PRINTER, Origin::Fallback)
        }
    }

    /// Resolves one printer name (see the module docs).
    pub fn resolve_name(
        &self,
        name: &str,
        origin: Origin,
        host: Option<&HostSpec>,
    ) -> Result<ResolvedPrinter, ConfigError> {
        let target =
            Target::parse(name).map_err(|source| ConfigError::Target { origin, source })?;
        let mut settings = self.defaults.clone();
        let default_host = settings.host.clone();
        let (queue, mut server, definition, description) = match target.host {
            Some(h) => (target.queue, h, Definition::Direct, None),
            None => match self.find(target.queue.as_str()) {
                Some(entry) => {
                    settings.overlay(&entry.settings);
                    let queue = entry.queue.clone().unwrap_or_else(|| target.queue.clone());
                    let server = entry
                        .settings
                        .host
                        .clone()
                        .or(default_host)
                        .unwrap_or_default();
                    let def = Definition::Config {
                        file: entry.file.clone(),
                    };
                    (queue, server, def, entry.description.clone())
                }
                None => match self.find_printcap(target.queue.as_str()) {
                    Some(pc) => {
                        let path = self.printcap_path.clone().unwrap_or_default();
                        let pc_err = |why: String| ConfigError::Printcap {
                            path: path.clone(),
                            line: pc.line,
                            name: target.queue.to_string(),
                            why,
                        };
                        let (q, h) = pc.destination().map_err(pc_err)?;
                        let queue = Queue::new(&q).map_err(|e| pc_err(e.to_string()))?;
                        let def = Definition::Printcap {
                            file: path.clone(),
                            line: pc.line,
                        };
                        (queue, h.unwrap_or_default(), def, None)
                    }
                    None => (
                        target.queue,
                        default_host.unwrap_or_default(),
                        Definition::Implicit,
                        None,
                    ),
                },
            },
        };
        if let Some(h) = host {
            server = HostSpec {
                host: h.host.clone(),
                port: h.port.or(self.defaults.port),
            };
        } else if server.port.is_none() {
            server.port = settings.port;
        }
        Ok(ResolvedPrinter {
            name: name.to_owned(),
            endpoint: Endpoint::new(queue, server.host, server.port.unwrap_or(DEFAULT_PORT)),
            connect: ConnectOptions {
                reserved_port: settings.reserved_port.unwrap_or_default(),
                connect_timeout: settings.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
                io_timeout: settings.timeout.unwrap_or(DEFAULT_IO_TIMEOUT),
            },
            order: settings.order.unwrap_or_default(),
            streaming: settings.streaming.unwrap_or(false),
            defaults: settings.job,
            description,
            origin,
            definition,
        })
    }

    /// The configured printer called `name` (or with that alias).
    pub fn find(&self, name: &str) -> Option<&PrinterEntry> {
        self.printers.get(name).or_else(|| {
            self.printers
                .values()
                .find(|p| p.aliases.iter().any(|a| a == name))
        })
    }

    fn find_printcap(&self, name: &str) -> Option<&PrintcapEntry> {
        self.printcap.iter().find(|e| e.has_name(name))
    }

    /// The primary names of all printers: configured ones (sorted), then
    /// printcap entries not shadowed by them. For `lpq -a` / `lprm -a`.
    pub fn printer_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.printers.keys().cloned().collect();
        for e in &self.printcap {
            if let Some(n) = e.names.first() {
                if self.find(n).is_none() && !names.contains(n) {
                    names.push(n.clone());
                }
            }
        }
        names
    }

    /// Every name and alias, for shell completion.
    pub fn completion_names(&self) -> Vec<String> {
        let mut names = self.printer_names();
        for p in self.printers.values() {
            names.extend(p.aliases.iter().cloned());
        }
        for e in &self.printcap {
            names.extend(e.names.iter().skip(1).cloned());
        }
        names.sort();
        names.dedup();
        names
    }

    /// Every printer of [`Config::printer_names`], resolved.
    pub fn resolve_all(&self) -> Vec<Result<ResolvedPrinter, ConfigError>> {
        self.printer_names()
            .iter()
            .map(|n| self.resolve_name(n, Origin::Listed, None))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, ConfigError> {
        let mut c = Config::default();
        c.merge_str(text, Path::new("/etc/lpkit/lpkit.toml"))?;
        Ok(c)
    }

    fn err(text: &str) -> String {
        load(text).unwrap_err().to_string()
    }

    const FULL: &str = r#"
default = "office"

[defaults]
host = "printserver"
reserved_port = "never"
connect_timeout = "2s"
timeout = 30

[printers.office]
host = "printhost:5515"
queue = "lp"
aliases = ["o", "laser"]
description = "2nd floor"
order = "data-first"
streaming = true
copies = 2
format = "postscript"
class = "A"
banner = false
options = "duplex=on"
mail = true
timeout = "1m30s"

[printers.raw]
port = 9515
format = "l"
"#;

    #[test]
    fn a_full_file_parses_into_settings() {
        let c = load(FULL).unwrap();
        assert_eq!(c.default.as_deref(), Some("office"));
        let o = &c.printers["office"];
        assert_eq!(o.queue.as_ref().unwrap().as_str(), "lp");
        assert_eq!(o.aliases, vec!["o", "laser"]);
        assert_eq!(
            o.settings.host,
            Some(HostSpec::parse("printhost:5515").unwrap())
        );
        assert_eq!(o.settings.timeout, Some(Duration::from_secs(90)));
        assert_eq!(o.settings.job.format, Some(PrintFormat::POSTSCRIPT));
        assert_eq!(
            c.printers["raw"].settings.job.format,
            Some(PrintFormat::LITERAL)
        );
        assert_eq!(c.defaults.connect_timeout, Some(Duration::from_secs(2)));
    }

    #[test]
    fn resolution_order_is_flag_printer_lpdest_default_fallback() {
        let c = load(FULL).unwrap();
        let env = Env::from_lookup(|k| match k {
            "PRINTER" => Some("fromprinter".into()),
            "LPDEST" => Some("fromlpdest".into()),
            _ => None,
        });
        let r = |flag, env: &Env| c.resolve(flag, None, env).unwrap();
        let p = r(Some("flagged"), &env);
        assert_eq!((p.name.as_str(), p.origin), ("flagged", Origin::Flag));
        let p = r(None, &env);
        assert_eq!(
            (p.name.as_str(), p.origin),
            ("fromprinter", Origin::PrinterEnv)
        );
        let lpdest_only = Env {
            printer: None,
            lpdest: Some("fromlpdest".into()),
        };
        let p = r(None, &lpdest_only);
        assert_eq!(
            (p.name.as_str(), p.origin),
            ("fromlpdest", Origin::LpdestEnv)
        );
        let p = r(None, &Env::default());
        assert_eq!(
            (p.name.as_str(), p.origin),
            ("office", Origin::ConfigDefault)
        );
        assert_eq!(
            p.describe(),
            "lp@printhost:5515 (office, from the configured default, defined in \
             /etc/lpkit/lpkit.toml)"
        );
        let empty = Config::default();
        let p = empty.resolve(None, None, &Env::default()).unwrap();
        assert_eq!(p.origin, Origin::Fallback);
        assert_eq!(p.endpoint.to_string(), "lp@localhost:515");
        assert_eq!(p.definition, Definition::Implicit);
        // Empty variables count as unset.
        let blank = Env::from_lookup(|_| Some(String::new()));
        assert_eq!(blank, Env::default());
    }

    #[test]
    fn configured_printers_resolve_with_defaults_and_aliases() {
        let c = load(FULL).unwrap();
        let p = c.resolve(Some("laser"), None, &Env::default()).unwrap();
        assert_eq!(p.endpoint.to_string(), "lp@printhost:5515");
        assert_eq!(p.order, SendOrder::DataFirst);
        assert!(p.streaming);
        assert!(p.spool().streaming);
        assert_eq!(p.connect.reserved_port, ReservedPort::Never);
        assert_eq!(p.connect.connect_timeout, Duration::from_secs(2));
        assert_eq!(p.connect.io_timeout, Duration::from_secs(90));
        assert_eq!(p.defaults.copies, Some(2));
        assert_eq!(p.defaults.banner, Some(false));
        assert_eq!(p.description.as_deref(), Some("2nd floor"));
        // A printer without host uses [defaults] host and its own port.
        let raw = c.resolve(Some("raw"), None, &Env::default()).unwrap();
        assert_eq!(raw.endpoint.to_string(), "raw@printserver:9515");
        assert_eq!(raw.connect.io_timeout, Duration::from_secs(30));
        // Unknown names are queues on the default host.
        let q = c.resolve(Some("other"), None, &Env::default()).unwrap();
        assert_eq!(q.endpoint.to_string(), "other@printserver:515");
        // queue@host bypasses the configuration but keeps [defaults].
        let d = c
            .resolve(Some("office@[::1]:9"), None, &Env::default())
            .unwrap();
        assert_eq!(d.endpoint.to_string(), "office@[::1]:9");
        assert_eq!(d.definition, Definition::Direct);
        assert_eq!(d.connect.reserved_port, ReservedPort::Never);
    }

    #[test]
    fn host_flag_replaces_the_host() {
        let c = load(FULL).unwrap();
        let h = HostSpec::parse("elsewhere").unwrap();
        let p = c
            .resolve(Some("office"), Some(&h), &Env::default())
            .unwrap();
        assert_eq!(p.endpoint.to_string(), "lp@elsewhere:515");
        let h = HostSpec::parse("elsewhere:7").unwrap();
        let p = c.resolve(None, Some(&h), &Env::default()).unwrap();
        assert_eq!(p.endpoint.to_string(), "lp@elsewhere:7");
    }

    #[test]
    fn bad_names_are_usage_errors_from_the_user_and_config_errors_from_files() {
        let c = Config::default();
        let e = c
            .resolve(Some("lp@host:0"), None, &Env::default())
            .unwrap_err();
        assert_eq!(e.exit_code(), EX_USAGE);
        assert!(e.to_string().contains("from the command line"), "{e}");
        let env = Env {
            printer: Some("a b".into()),
            lpdest: None,
        };
        let e = c.resolve(None, None, &env).unwrap_err();
        assert!(e.to_string().contains("(from PRINTER)"), "{e}");
        let e = err("default = \"lp@\"\n");
        assert!(
            e.starts_with("/etc/lpkit/lpkit.toml:1:11: key `default`"),
            "{e}"
        );
    }

    #[test]
    fn errors_name_file_line_column_and_key() {
        let e = err("[printers.office]\nhost = \"h\"\ntimout = 5\n");
        assert!(
            e.starts_with(
                "/etc/lpkit/lpkit.toml:3:1: key `printers.office.timout`: unknown field `timout`"
            ),
            "{e}"
        );
        let e = err("[printers.office]\ntimeout = \"soon\"\n");
        assert!(e.starts_with("/etc/lpkit/lpkit.toml:2:11: key `printers.office.timeout`: invalid duration \"soon\""), "{e}");
        let e = err("[defaults]\nreserved_port = \"maybe\"\n");
        assert!(
            e.starts_with("/etc/lpkit/lpkit.toml:2:17: key `defaults.reserved_port`"),
            "{e}"
        );
        let e = err("[printers.x]\nport = 0\n");
        assert!(
            e.contains("key `printers.x.port`: port 0 is not in 1-65535"),
            "{e}"
        );
        let e = err("[printers.x]\ncopies = 0\n");
        assert!(e.contains("copies 0 is not in 1-999"), "{e}");
        let e = err("[printers.x]\nformat = \"pdf\"\n");
        assert!(e.contains("unknown format \"pdf\""), "{e}");
        let e = err("[printers.x]\nqueue = \"a/b\"\n");
        assert!(e.contains("key `printers.x.queue`"), "{e}");
        let e = err("[printers.x]\nclass = \"a\\nb\"\n");
        assert!(e.contains("one line"), "{e}");
        let e = err("[defaults]\nqueue = \"lp\"\n");
        assert!(
            e.contains(":2:9: key `defaults.queue`: `queue` belongs in a [printers.NAME] table"),
            "{e}"
        );
        let e = err("[printers.a]\n[printers.b]\naliases = [\"a\"]\n");
        assert!(
            e.contains(":3:12:") && e.contains("\"a\" is already the name of a printer"),
            "{e}"
        );
        let e = err("[printers.\"x@y\"]\n");
        assert!(e.contains("must not contain '@'"), "{e}");
        let e = err("nonsense = = 1\n");
        assert!(e.starts_with("/etc/lpkit/lpkit.toml:1:"), "{e}");
        let e = err("[printers.x]\nhost = 5\n");
        assert!(e.contains("key `printers.x.host`"), "{e}");
        let e = err("[printers]\nx = { host = \"h\", bogus = 1 }\n");
        assert!(e.contains("bogus"), "{e}");
    }

    #[test]
    fn fractional_seconds_are_durations() {
        assert_eq!(
            load("[defaults]\ntimeout = 2.5\n")
                .unwrap()
                .defaults
                .timeout,
            Some(Duration::from_millis(2500))
        );
    }

    #[test]
    fn later_files_override_earlier_ones() {
        let mut c = load("default = \"a\"\n[defaults]\ntimeout = 5\nreserved_port = \"never\"\n[printers.a]\nhost = \"sys\"\ncopies = 3\n").unwrap();
        c.merge_str(
            "default = \"b\"\n[defaults]\ntimeout = 7\n[printers.a]\nhost = \"user\"\n",
            Path::new("user.toml"),
        )
        .unwrap();
        assert_eq!(c.default.as_deref(), Some("b"));
        assert_eq!(c.defaults.timeout, Some(Duration::from_secs(7)));
        assert_eq!(c.defaults.reserved_port, Some(ReservedPort::Never));
        let a = &c.printers["a"];
        assert_eq!(a.settings.host.as_ref().unwrap().host, "user");
        assert_eq!(
            a.settings.job.copies, None,
            "a printer table is replaced whole"
        );
        assert_eq!(a.file, Path::new("user.toml"));
        assert_eq!(c.sources.len(), 2);
    }

    #[test]
    fn load_reads_standard_files_and_printcap_and_requires_explicit_files() {
        let dir = tempfile::tempdir().unwrap();
        let sys = dir.path().join("sys.toml");
        let user = dir.path().join("user.toml");
        let pc = dir.path().join("printcap");
        std::fs::write(&sys, "[printers.a]\nhost = \"h1\"\n").unwrap();
        std::fs::write(&pc, "lp|main:rm=pchost:rp=raw:\na:rm=shadowed:\n").unwrap();
        let paths = ConfigPaths {
            files: vec![sys.clone(), user.clone()],
            explicit: false,
            printcap: Some(pc.clone()),
        };
        let c = Config::load(&paths).unwrap();
        assert_eq!(c.sources, vec![sys.clone()]);
        assert_eq!(c.printer_names(), vec!["a", "lp"]);
        assert_eq!(c.completion_names(), vec!["a", "lp", "main"]);
        let lp = c.resolve(None, None, &Env::default()).unwrap();
        assert_eq!(lp.endpoint.to_string(), "raw@pchost:515");
        assert_eq!(
            lp.definition,
            Definition::Printcap {
                file: pc.clone(),
                line: 1
            }
        );
        let all = c.resolve_all();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].as_ref().unwrap().endpoint.to_string(), "a@h1:515");
        let e = Config::load(&ConfigPaths::explicit(&user)).unwrap_err();
        assert!(e.to_string().contains("user.toml"), "{e}");
        assert_eq!(e.exit_code(), EX_CONFIG);
        let only = Config::load(&ConfigPaths::explicit(&sys)).unwrap();
        assert!(only.printcap.is_empty(), "--config reads no printcap");
    }
}
