//! The server configuration: a TOML file (default `/etc/lpkit/lpd.toml`).
//!
//! Every section and key is optional; `examples/lpd.toml` documents each one.
//! Unknown keys are errors, and every error names the file, the line and the
//! key (from the TOML spans), so a typo is refused at start instead of being
//! silently ignored.
//!
//! ```toml
//! [server]
//! listen = ["0.0.0.0:515", "[::]:515"]
//! spool = "/var/spool/lpkit"
//!
//! [queue.laser]
//! device = [{ type = "socket", address = "192.0.2.10:9100" }]
//! ```
//!
//! With no queue configured, the server serves one queue `lp` whose device
//! writes each finished job into `SPOOL/printed/lp/`.

use super::access::{AccessConfig, AccessRules};
use crate::proto::Queue;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// The default configuration file.
pub const DEFAULT_CONFIG: &str = "/etc/lpkit/lpd.toml";
/// The default spool directory.
pub const DEFAULT_SPOOL: &str = "/var/spool/lpkit";
/// The RFC 1179 port.
pub const DEFAULT_PORT: u16 = 515;

/// What is wrong with a configuration, with the file, line and key.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The TOML is malformed or a value is invalid.
    #[error("{path}:{line}:{column}: {message}{key}", key = key_suffix(.key))]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The key at fault, as `section.key`, when it can be told.
        key: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// The configuration parses but does not make sense.
    #[error("{path}: {key}: {message}")]
    Invalid {
        /// The file (or "(built-in defaults)").
        path: PathBuf,
        /// The key at fault.
        key: String,
        /// What is wrong.
        message: String,
    },
}

fn key_suffix(key: &Option<String>) -> String {
    key.as_ref()
        .map(|k| format!(" (key `{k}`)"))
        .unwrap_or_default()
}

/// The whole configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `[server]`: addresses, spool, privileges, logging.
    pub server: ServerConfig,
    /// `[limits]`: what one connection, job or queue may use.
    pub limits: Limits,
    /// `[retry]`: how failed print attempts are retried.
    pub retry: RetryPolicy,
    /// `[access]`: who may do what (defaults for every queue).
    pub access: AccessConfig,
    /// `[queue.NAME]`: the queues. Empty: one queue `lp` printing into
    /// `SPOOL/printed/lp/`.
    #[serde(rename = "queue")]
    pub queues: BTreeMap<Queue, QueueConfig>,
}

/// `[server]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Addresses to listen on (`--listen` replaces them); port 515 if none
    /// is given. Default `["0.0.0.0:515", "[::]:515"]`.
    pub listen: Vec<ListenAddr>,
    /// The spool directory (`--spool` replaces it).
    pub spool: Option<PathBuf>,
    /// Drop root to this user after binding (`--user` replaces it).
    pub user: Option<String>,
    /// fsync files and directories before a job is acknowledged (default on).
    pub durable: bool,
    /// Append one JSON line per finished job to this file.
    pub accounting: Option<PathBuf>,
    /// How logs are written.
    pub log_format: LogFormat,
    /// The host name this server gives in status text and forwarded jobs
    /// (default: the system host name).
    pub hostname: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: Vec::new(),
            spool: None,
            user: None,
            durable: true,
            accounting: None,
            log_format: LogFormat::Auto,
            hostname: None,
        }
    }
}

/// How the server writes its log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// `journal` when started by systemd (`JOURNAL_STREAM` set), else `text`.
    #[default]
    Auto,
    /// Human-readable lines on stderr.
    Text,
    /// One JSON object per line on stderr.
    Json,
    /// Plain lines with `<N>` syslog priority prefixes, as journald reads them.
    Journal,
}

/// `[limits]`: every refusal is a negative acknowledgement and a log line.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest job (all data files together), in bytes. Default 1 GiB.
    pub max_job_size: ByteSize,
    /// Longest command, subcommand or control-file line. Default 4096.
    pub max_line: usize,
    /// Largest control file. Default 64 KiB.
    pub max_control_file: ByteSize,
    /// Most data files in one job. Default 52 (`dfA`–`dfz`).
    pub max_files_per_job: usize,
    /// Most jobs waiting in one queue. Default 10000.
    pub max_jobs_per_queue: usize,
    /// Most connections served at once; more are closed with a log line.
    /// Default 256.
    pub max_connections: usize,
    /// How long a connection may stay silent. Default 60 s.
    pub idle_timeout: Dur,
    /// How long one read or write may take once a transfer started.
    /// Default 60 s.
    pub read_timeout: Dur,
    /// Refuse a file that would leave less than this much free space in the
    /// spool file system. Default 64 MiB.
    pub min_free_disk: ByteSize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_job_size: ByteSize(1 << 30),
            max_line: 4096,
            max_control_file: ByteSize(64 << 10),
            max_files_per_job: 52,
            max_jobs_per_queue: 10_000,
            max_connections: 256,
            idle_timeout: Dur(Duration::from_secs(60)),
            read_timeout: Dur(Duration::from_secs(60)),
            min_free_disk: ByteSize(64 << 20),
        }
    }
}

/// `[retry]`: a device that refuses or fails is retried with exponential
/// backoff; after `max_attempts` the job is kept as failed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetryPolicy {
    /// Delay before the second attempt. Default 2 s.
    pub initial_delay: Dur,
    /// Longest delay between attempts. Default 5 min.
    pub max_delay: Dur,
    /// Each delay is the previous one times this. Default 2.
    pub factor: f64,
    /// Attempts before a job is kept as failed (0: retry forever).
    /// Default 10.
    pub max_attempts: u32,
    /// Longest one attempt may take before it counts as failed, so a silent
    /// printer cannot hang a queue. Default 30 min.
    pub attempt_timeout: Dur,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            initial_delay: Dur(Duration::from_secs(2)),
            max_delay: Dur(Duration::from_secs(300)),
            factor: 2.0,
            max_attempts: 10,
            attempt_timeout: Dur(Duration::from_secs(1800)),
        }
    }
}

impl RetryPolicy {
    /// The delay after the `attempts`th failed attempt (1-based).
    pub fn delay(&self, attempts: u32) -> Duration {
        let base = self.initial_delay.0.as_secs_f64();
        let exp = i32::try_from(attempts.saturating_sub(1)).unwrap_or(i32::MAX);
        let secs = base * self.factor.max(1.0).powi(exp);
        let max = self.max_delay.0.as_secs_f64();
        Duration::from_secs_f64(if secs.is_finite() { secs.min(max) } else { max })
    }

    /// True when a job that has failed `attempts` times is given up.
    pub fn exhausted(&self, attempts: u32) -> bool {
        self.max_attempts != 0 && attempts >= self.max_attempts
    }
}

/// `[queue.NAME]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QueueConfig {
    /// Shown by `lpc status`.
    pub description: Option<String>,
    /// The devices (`[[queue.NAME.device]]`); several make a printer pool:
    /// the next idle device takes the next job.
    #[serde(rename = "device")]
    pub devices: Vec<DeviceConfig>,
    /// Access rules for this queue; each operation not given here falls
    /// back to `[access]`.
    pub access: AccessConfig,
    /// Retry policy for this queue (default: `[retry]`).
    pub retry: Option<RetryPolicy>,
    /// Most jobs waiting in this queue (default: `limits.max_jobs_per_queue`).
    pub max_jobs: Option<usize>,
}

/// One device (backend) of a queue.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum DeviceConfig {
    /// A local device or file (`/dev/usb/lp0`), opened for writing
    /// (appending when it is a regular file).
    Device {
        /// The device or file.
        path: PathBuf,
    },
    /// Raw TCP (port 9100, AppSocket / JetDirect).
    Socket {
        /// `host:port`; port 9100 if omitted.
        address: String,
        /// Default 10 s.
        #[serde(default = "default_connect_timeout")]
        connect_timeout: Dur,
        /// Longest one write may block. Default 60 s.
        #[serde(default = "default_write_timeout")]
        write_timeout: Dur,
    },
    /// Forward to another LPD (a relay).
    Lpd {
        /// `queue@host`, `queue@host:port`, `queue@[::1]:port`.
        target: String,
        /// Bind a reserved source port (721–731, needs root or
        /// CAP_NET_BIND_SERVICE). Default false.
        #[serde(default)]
        reserved_port: bool,
        /// Default 10 s.
        #[serde(default = "default_connect_timeout")]
        connect_timeout: Dur,
        /// Default 60 s.
        #[serde(default = "default_write_timeout")]
        write_timeout: Dur,
    },
    /// Pipe the job to a program (never through a shell). Job attributes are
    /// in `LPKIT_*` environment variables.
    Command {
        /// The program (absolute path or looked up in `PATH`).
        program: PathBuf,
        /// Its arguments, one list element each.
        #[serde(default)]
        args: Vec<String>,
    },
    /// Write each job as files into a folder (the default device).
    Directory {
        /// The folder (created if missing).
        path: PathBuf,
    },
}

fn default_connect_timeout() -> Dur {
    Dur(Duration::from_secs(10))
}
fn default_write_timeout() -> Dur {
    Dur(Duration::from_secs(60))
}

impl fmt::Display for DeviceConfig {
    /// A short name for logs and status: `socket 192.0.2.10:9100`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceConfig::Device { path } => write!(f, "device {}", path.display()),
            DeviceConfig::Socket { address, .. } => write!(f, "socket {address}"),
            DeviceConfig::Lpd { target, .. } => write!(f, "lpd {target}"),
            DeviceConfig::Command { program, .. } => write!(f, "command {}", program.display()),
            DeviceConfig::Directory { path } => write!(f, "directory {}", path.display()),
        }
    }
}

/// An address to listen on: `ADDR:PORT`, `[V6]:PORT`, or a bare address
/// (port 515).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListenAddr(pub SocketAddr);

impl std::str::FromStr for ListenAddr {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if let Ok(a) = s.parse::<SocketAddr>() {
            return Ok(ListenAddr(a));
        }
        let bare = s.trim_start_matches('[').trim_end_matches(']');
        bare.parse::<IpAddr>()
            .map(|ip| ListenAddr(SocketAddr::new(ip, DEFAULT_PORT)))
            .map_err(|_| {
                format!(
                    "{s:?} is not an address to listen on (ADDR:PORT, [IPV6]:PORT or ADDR; names are not resolved)"
                )
            })
    }
}

impl<'de> Deserialize<'de> for ListenAddr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A duration: `"250ms"`, `"10s"`, `"5m"`, `"1h"`, or a number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dur(pub Duration);

impl std::str::FromStr for Dur {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let n: f64 = num
            .parse()
            .map_err(|_| format!("{s:?} is not a duration such as \"500ms\", \"10s\", \"5m\""))?;
        let secs = match unit.trim() {
            "ms" => n / 1000.0,
            "" | "s" => n,
            "m" | "min" => n * 60.0,
            "h" => n * 3600.0,
            other => {
                return Err(format!(
                    "unknown duration unit {other:?} (use ms, s, m or h)"
                ));
            }
        };
        Duration::try_from_secs_f64(secs)
            .map(Dur)
            .map_err(|_| format!("{s:?} is out of range"))
    }
}

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(u64),
            Float(f64),
            Str(String),
        }
        match Raw::deserialize(d)? {
            Raw::Int(n) => Ok(Dur(Duration::from_secs(n))),
            Raw::Float(f) => Duration::try_from_secs_f64(f)
                .map(Dur)
                .map_err(serde::de::Error::custom),
            Raw::Str(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// A size in bytes: a number, or `"64 KiB"`, `"10MB"`, `"1G"` (powers of 1024).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ByteSize(pub u64);

impl std::str::FromStr for ByteSize {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let n: u64 = num
            .parse()
            .map_err(|_| format!("{s:?} is not a size such as 4096, \"64 KiB\" or \"1 GiB\""))?;
        let unit = unit.trim().to_ascii_lowercase();
        let shift = match unit.trim_end_matches("ib").trim_end_matches('b') {
            "" => 0,
            "k" => 10,
            "m" => 20,
            "g" => 30,
            "t" => 40,
            _ => return Err(format!("unknown size unit in {s:?} (use KiB, MiB, GiB)")),
        };
        n.checked_mul(1u64 << shift)
            .map(ByteSize)
            .ok_or_else(|| format!("{s:?} is too large"))
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(u64),
            Str(String),
        }
        match Raw::deserialize(d)? {
            Raw::Int(n) => Ok(ByteSize(n)),
            Raw::Str(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

impl Config {
    /// Reads a configuration file. `explicit` says whether the user named
    /// it: a missing default file gives the built-in defaults, a missing
    /// explicit one is an error.
    pub fn load(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if !explicit && e.kind() == std::io::ErrorKind::NotFound => {
                let c = Config::default();
                c.validate(Path::new("(built-in defaults)"))?;
                Ok(c)
            }
            Err(source) => Err(ConfigError::Read {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// Parses and validates configuration text; `path` is used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            ConfigError::Parse {
                path: path.to_owned(),
                line,
                column,
                key: key_at(text, line),
                message: e.message().trim().to_owned(),
            }
        })?;
        config.validate(path)?;
        Ok(config)
    }

    /// Checks what the types cannot.
    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |key: String, message: String| ConfigError::Invalid {
            path: path.to_owned(),
            key,
            message,
        };
        let l = &self.limits;
        for (key, v) in [
            ("limits.max_line", l.max_line),
            ("limits.max_files_per_job", l.max_files_per_job),
            ("limits.max_jobs_per_queue", l.max_jobs_per_queue),
            ("limits.max_connections", l.max_connections),
        ] {
            if v == 0 {
                return Err(invalid(key.into(), "must be at least 1".into()));
            }
        }
        if l.max_line < 64 {
            return Err(invalid(
                "limits.max_line".into(),
                "must be at least 64 bytes".into(),
            ));
        }
        check_retry(&self.retry, "retry").map_err(|(k, m)| invalid(k, m))?;
        for (name, q) in &self.queues {
            let key = format!("queue.{name}");
            if q.devices.is_empty() {
                return Err(invalid(
                    format!("{key}.device"),
                    "a queue needs at least one device ([[queue.NAME.device]])".into(),
                ));
            }
            if let Some(r) = &q.retry {
                check_retry(r, &format!("{key}.retry")).map_err(|(k, m)| invalid(k, m))?;
            }
            for (i, d) in q.devices.iter().enumerate() {
                let dkey = format!("{key}.device[{i}]");
                match d {
                    DeviceConfig::Lpd { target, .. } => {
                        let why = match crate::target::Target::parse(target) {
                            Ok(t) if t.host.is_some() => None,
                            Ok(_) => Some(format!("{target:?} names no host (queue@host[:port])")),
                            Err(e) => Some(e.to_string()),
                        };
                        if let Some(why) = why {
                            return Err(invalid(format!("{dkey}.target"), why));
                        }
                    }
                    DeviceConfig::Command { program, .. } if program.as_os_str().is_empty() => {
                        return Err(invalid(
                            format!("{dkey}.program"),
                            "must not be empty".into(),
                        ));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// The spool directory: the flag, else the file, else the default.
    pub fn spool_dir(&self) -> PathBuf {
        self.server
            .spool
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_SPOOL))
    }

    /// The queues to serve: those configured, or the default `lp` queue
    /// printing into `SPOOL/printed/lp/`.
    pub fn effective_queues(&self) -> BTreeMap<Queue, QueueConfig> {
        if !self.queues.is_empty() {
            return self.queues.clone();
        }
        let mut m = BTreeMap::new();
        if let Ok(lp) = Queue::new("lp") {
            m.insert(
                lp,
                QueueConfig {
                    devices: vec![DeviceConfig::Directory {
                        path: self.spool_dir().join("printed").join("lp"),
                    }],
                    ..QueueConfig::default()
                },
            );
        }
        m
    }

    /// The access rules of a queue (its own, falling back to `[access]`).
    pub fn access_for(&self, queue: &QueueConfig) -> AccessRules {
        AccessRules::merge(&queue.access, &self.access)
    }

    /// The retry policy of a queue.
    pub fn retry_for(&self, queue: &QueueConfig) -> RetryPolicy {
        queue.retry.clone().unwrap_or_else(|| self.retry.clone())
    }

    /// The job limit of a queue.
    pub fn max_jobs_for(&self, queue: &QueueConfig) -> usize {
        queue.max_jobs.unwrap_or(self.limits.max_jobs_per_queue)
    }

    /// The listen addresses when none are given on the command line.
    pub fn listen_addrs(&self) -> Vec<SocketAddr> {
        if self.server.listen.is_empty() {
            vec![
                SocketAddr::from(([0, 0, 0, 0], DEFAULT_PORT)),
                SocketAddr::from(([0u16; 8], DEFAULT_PORT)),
            ]
        } else {
            self.server.listen.iter().map(|l| l.0).collect()
        }
    }
}

fn check_retry(r: &RetryPolicy, key: &str) -> Result<(), (String, String)> {
    if !(r.factor.is_finite() && r.factor >= 1.0) {
        return Err((format!("{key}.factor"), "must be a number >= 1".into()));
    }
    if r.attempt_timeout.0.is_zero() {
        return Err((
            format!("{key}.attempt_timeout"),
            "must be longer than 0".into(),
        ));
    }
    Ok(())
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = offset
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, col)
}

/// The dotted key defined on a 1-based line: the nearest `[table]` header
/// above it plus the key before `=` on the line itself.
fn key_at(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let this = lines.get(line.checked_sub(1)?)?.trim();
    let table = lines[..line - 1]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_owned());
    let key = this
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(t), None) => Some(t),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Config, ConfigError> {
        Config::parse(s, Path::new("/etc/lpkit/lpd.toml"))
    }

    #[test]
    fn empty_file_gives_defaults_and_the_lp_queue() {
        let c = parse("").unwrap();
        assert!(c.server.durable);
        assert_eq!(c.limits.max_line, 4096);
        let qs = c.effective_queues();
        assert_eq!(qs.len(), 1);
        let lp = &qs[&Queue::new("lp").unwrap()];
        assert_eq!(
            lp.devices,
            vec![DeviceConfig::Directory {
                path: PathBuf::from("/var/spool/lpkit/printed/lp")
            }]
        );
    }

    #[test]
    fn a_full_config_parses() {
        let c = parse(
            r#"
[server]
listen = ["127.0.0.1:5515", "[::1]:5515", "0.0.0.0"]
spool = "/tmp/spool"
durable = false
accounting = "/tmp/acct.jsonl"
log_format = "json"

[limits]
max_job_size = "10 MiB"
idle_timeout = "250ms"
read_timeout = 5
min_free_disk = 0

[retry]
initial_delay = "10ms"
max_attempts = 3

[access]
submit = ["10.0.0.0/8", "!10.0.5.0/24"]
admin = ["127.0.0.1"]
reserved_port = "rfc"

[queue.laser]
description = "second floor"
device = [
  { type = "socket", address = "192.0.2.10:9100", connect_timeout = "2s" },
  { type = "command", program = "/usr/bin/lp-filter", args = ["-x", "a b"] },
]
"#,
        )
        .unwrap();
        assert_eq!(c.server.listen[2].0, "0.0.0.0:515".parse().unwrap());
        assert_eq!(c.limits.max_job_size, ByteSize(10 << 20));
        assert_eq!(c.limits.idle_timeout, Dur(Duration::from_millis(250)));
        assert_eq!(c.limits.read_timeout, Dur(Duration::from_secs(5)));
        assert_eq!(c.retry.max_attempts, 3);
        let laser = &c.queues[&Queue::new("laser").unwrap()];
        assert_eq!(laser.devices.len(), 2);
        assert!(matches!(
            &laser.devices[1],
            DeviceConfig::Command { args, .. } if args == &["-x".to_string(), "a b".to_string()]
        ));
    }

    #[test]
    fn unknown_key_is_refused_with_file_line_and_key() {
        let e = parse("[server]\nspool = \"/x\"\nlisten_on = [\"1.2.3.4\"]\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("/etc/lpkit/lpd.toml:3:1:"), "{msg}");
        assert!(msg.contains("listen_on"), "{msg}");
        assert!(msg.contains("key `server.listen_on`"), "{msg}");
    }

    #[test]
    fn bad_value_is_refused_with_its_line() {
        let e = parse("[limits]\n\nidle_timeout = \"10 parsecs\"\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(":3:"), "{msg}");
        assert!(msg.contains("limits.idle_timeout"), "{msg}");
        let e = parse("[access]\nsubmit = [\"10.0.0.0/33\"]\n").unwrap_err();
        assert!(e.to_string().contains(":2:"), "{e}");
        let e = parse("[queue.\"a/b\"]\n").unwrap_err();
        assert!(e.to_string().contains("queue name"), "{e}");
    }

    #[test]
    fn queue_without_device_is_refused() {
        let e = parse("[queue.lp]\ndescription = \"x\"\n").unwrap_err();
        assert!(e.to_string().contains("queue.lp.device"), "{e}");
    }

    #[test]
    fn unknown_device_type_is_refused() {
        let e = parse("[[queue.lp.device]]\ntype = \"fax\"\n").unwrap_err();
        assert!(e.to_string().contains("fax"), "{e}");
    }

    #[test]
    fn retry_delays_grow_and_are_capped() {
        let r = RetryPolicy {
            initial_delay: Dur(Duration::from_millis(100)),
            max_delay: Dur(Duration::from_millis(350)),
            factor: 2.0,
            max_attempts: 3,
            attempt_timeout: Dur(Duration::from_secs(1)),
        };
        assert_eq!(r.delay(1), Duration::from_millis(100));
        assert_eq!(r.delay(2), Duration::from_millis(200));
        assert_eq!(r.delay(3), Duration::from_millis(350));
        assert!(!r.exhausted(2));
        assert!(r.exhausted(3));
    }

    #[test]
    fn sizes_and_durations_parse() {
        assert_eq!("4096".parse::<ByteSize>().unwrap(), ByteSize(4096));
        assert_eq!("64 KiB".parse::<ByteSize>().unwrap(), ByteSize(65536));
        assert_eq!("1G".parse::<ByteSize>().unwrap(), ByteSize(1 << 30));
        assert!("1 parsec".parse::<ByteSize>().is_err());
        assert_eq!(
            "1.5s".parse::<Dur>().unwrap(),
            Dur(Duration::from_millis(1500))
        );
        assert_eq!("2m".parse::<Dur>().unwrap(), Dur(Duration::from_secs(120)));
        assert!("-1s".parse::<Dur>().is_err());
    }
}
