//! Options every client tool shares, and what they turn into.

use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

/// Destination and connection options of every client tool.
#[derive(Debug, Clone, Default, Args)]
pub struct Common {
    // The help text is an attribute, not a doc comment, because rustdoc
    // would take "[IPV6]" for a link.
    /// The queue (`-P`).
    #[arg(
        help = "The queue: QUEUE, QUEUE@HOST, QUEUE@HOST:PORT, QUEUE@HOST%PORT or QUEUE@[IPV6]:PORT. Default: $PRINTER, then $LPDEST, then the configuration's default, then lp@localhost",
        short = 'P',
        long = "printer",
        value_name = "QUEUE[@HOST[:PORT]]",
        help_heading = "Destination"
    )]
    pub printer: Option<String>,

    /// The server (`-H`).
    #[arg(
        help = "The server, when the queue does not name one: HOST, HOST:PORT or [IPV6]:PORT (as CUPS' -H)",
        short = 'H',
        long = "host",
        value_name = "HOST[:PORT]",
        value_hint = clap::ValueHint::Hostname,
        help_heading = "Destination"
    )]
    pub host: Option<String>,

    /// Read only this configuration file: not the system and user files,
    /// and not /etc/printcap.
    #[arg(
        long,
        value_name = "FILE",
        value_hint = clap::ValueHint::FilePath,
        help_heading = "Connection"
    )]
    pub config: Option<PathBuf>,

    /// Bind a reserved source port (721-731, RFC 1179 section 3.1):
    /// "auto" tries and falls back to an ordinary port, "require" fails
    /// without one, "never" does not try. Default: the configuration's, else
    /// auto.
    #[arg(long, value_enum, value_name = "WHEN", help_heading = "Connection")]
    pub reserved_port: Option<PortPolicy>,

    /// Give up when connecting, or any read or write on the connection,
    /// takes longer than this many seconds (fractions allowed). Default: the
    /// configuration's, else 10 to connect and 60 for each read or write.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, help_heading = "Connection")]
    pub timeout: Option<Duration>,

    /// Print the names of the configured printers, one a line (used by the
    /// shell completions).
    #[arg(long, hide = true)]
    pub list_printers: bool,
}

/// When to bind a reserved source port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PortPolicy {
    /// Try a reserved port, fall back to an ordinary one.
    Auto,
    /// Fail unless a reserved port can be bound.
    Require,
    /// Always use an ordinary port.
    Never,
}

/// Parses a positive number of seconds, fractions allowed.
pub fn parse_seconds(s: &str) -> Result<Duration, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !(v.is_finite() && v > 0.0 && v <= 86_400.0) {
        return Err(format!(
            "{s:?} must be more than 0 and at most 86400 seconds"
        ));
    }
    Ok(Duration::from_secs_f64(v))
}

/// True when the real user is root (what BSD checks for `-U`).
pub fn is_root() -> bool {
    nix::unistd::getuid().is_root()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_accept_fractions_and_refuse_zero_and_junk() {
        assert_eq!(parse_seconds("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("-3").is_err());
        assert!(parse_seconds("soon").is_err());
        assert!(parse_seconds("inf").is_err());
    }
}
