//! The `lpd` command line: configuration, listeners (bound here or handed
//! over by systemd), privilege drop, logging, signals.
//!
//! `lpd` always runs in the foreground. It does not daemonize with a double
//! fork: systemd, containers and supervisors want the process they started
//! to be the server, with its log on stderr. `--foreground` is accepted for
//! scripts written for BSD lpd/LPRng; to run in the background on a system
//! without a supervisor, use `nohup lpd … &` or `setsid`.

use super::config::{Config, DEFAULT_CONFIG, ListenAddr, LogFormat};
use super::{Server, systemd};
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// The port used when a user who is not root gives no address.
pub const UNPRIVILEGED_PORT: u16 = 5515;

/// lpd: an RFC 1179 print server (BSD lpd / LPRng compatible).
///
/// With no configuration file it serves one queue, `lp`, that writes every
/// job into SPOOL/printed/lp/. Run by a user other than root and given no
/// address, it listens on 127.0.0.1 and ::1 port 5515 and spools into
/// ~/.local/state/lpkit/spool. It never daemonizes: run it under systemd,
/// a container runtime or another supervisor (see the manual).
#[derive(Debug, Parser)]
#[command(name = "lpd", version)]
pub struct Args {
    /// Listen on ADDR:PORT (IPv6 in brackets, e.g. `[::1]:515`; a bare
    /// address means port 515). Repeatable; replaces the configured
    /// addresses.
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Vec<ListenAddr>,

    /// Spool directory (replaces `server.spool`).
    #[arg(long, value_name = "DIR")]
    pub spool: Option<PathBuf>,

    /// Configuration file. A missing default file is fine (built-in
    /// defaults); a missing file named here is an error.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Stay in the foreground (always the case; accepted for compatibility).
    #[arg(short = 'F', long)]
    pub foreground: bool,

    /// After binding the listeners, switch to this user (and its groups).
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,

    /// Check the configuration, print a summary and exit (0 ok, 78 bad).
    #[arg(long)]
    pub check_config: bool,

    /// Log format: auto, text, json or journal (replaces `server.log_format`).
    #[arg(long, value_name = "FORMAT", value_parser = parse_log_format)]
    pub log_format: Option<LogFormat>,

    /// More log detail (debug); RUST_LOG overrides.
    #[arg(short, long)]
    pub verbose: bool,
}

fn parse_log_format(s: &str) -> Result<LogFormat, String> {
    match s {
        "auto" => Ok(LogFormat::Auto),
        "text" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        "journal" => Ok(LogFormat::Journal),
        other => Err(format!(
            "unknown log format {other:?} (auto, text, json, journal)"
        )),
    }
}

/// sysexits.h codes (the project's agreed exit codes).
mod exit {
    pub const USAGE: u8 = 64;
    pub const UNAVAILABLE: u8 = 69;
    pub const SOFTWARE: u8 = 70;
    pub const IOERR: u8 = 74;
    pub const NOPERM: u8 = 77;
    pub const CONFIG: u8 = 78;
}

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// The default spool of a user who is not root.
fn user_spool() -> Option<PathBuf> {
    std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| dirs::home_dir().map(|h| h.join(".local").join("state")))
        .map(|p| p.join("lpkit").join("spool"))
}

/// Loads the configuration and applies the command line to it.
pub fn configure(args: &Args) -> Result<Config, super::config::ConfigError> {
    let (path, explicit) = match &args.config {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from(DEFAULT_CONFIG), false),
    };
    let mut config = Config::load(&path, explicit)?;
    if let Some(s) = &args.spool {
        config.server.spool = Some(s.clone());
    } else if config.server.spool.is_none() && !is_root() {
        config.server.spool = user_spool();
    }
    if !args.listen.is_empty() {
        config.server.listen = args.listen.clone();
    } else if config.server.listen.is_empty() && !is_root() {
        config.server.listen = vec![
            ListenAddr(SocketAddr::from(([127, 0, 0, 1], UNPRIVILEGED_PORT))),
            ListenAddr(SocketAddr::from((
                std::net::Ipv6Addr::LOCALHOST,
                UNPRIVILEGED_PORT,
            ))),
        ];
    }
    if let Some(u) = &args.user {
        config.server.user = Some(u.clone());
    }
    if let Some(f) = args.log_format {
        config.server.log_format = f;
    }
    Ok(config)
}

fn init_logging(format: LogFormat, verbose: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(if verbose { "debug" } else { "info" }));
    let format = match format {
        LogFormat::Auto if std::env::var_os("JOURNAL_STREAM").is_some() => LogFormat::Journal,
        LogFormat::Auto => LogFormat::Text,
        f => f,
    };
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Journal => builder
            .with_ansi(false)
            .without_time()
            .event_format(journal::Journal)
            .try_init(),
        _ => builder.try_init(),
    };
}

mod journal {
    //! Plain lines with `<N>` syslog priority prefixes: what journald reads
    //! from a unit's stderr.
    use std::fmt;
    use tracing::{Event, Level, Subscriber};
    use tracing_subscriber::fmt::FmtContext;
    use tracing_subscriber::fmt::format::{self, FormatEvent, FormatFields, Writer};
    use tracing_subscriber::registry::LookupSpan;

    #[derive(Debug, Default)]
    pub struct Journal;

    impl<S, N> FormatEvent<S, N> for Journal
    where
        S: Subscriber + for<'a> LookupSpan<'a>,
        N: for<'a> FormatFields<'a> + 'static,
    {
        fn format_event(
            &self,
            ctx: &FmtContext<'_, S, N>,
            mut writer: Writer<'_>,
            event: &Event<'_>,
        ) -> fmt::Result {
            let prio = match *event.metadata().level() {
                Level::ERROR => 3,
                Level::WARN => 4,
                Level::INFO => 6,
                _ => 7,
            };
            write!(writer, "<{prio}>")?;
            let inner = format::Format::default()
                .without_time()
                .with_level(false)
                .with_target(false)
                .with_ansi(false);
            inner.format_event(ctx, writer, event)
        }
    }
}

/// Binds one listener; IPv6 listeners are IPv6-only so `0.0.0.0:515` and
/// `[::]:515` can both be bound.
fn bind(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let s = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    s.set_reuse_address(true)?;
    if addr.is_ipv6() {
        s.set_only_v6(true)?;
    }
    s.bind(&addr.into())?;
    s.listen(1024)?;
    s.set_nonblocking(true)?;
    Ok(s.into())
}

fn drop_privileges(name: &str) -> Result<(), String> {
    use nix::unistd::{Uid, User, setgid, setgroups, setuid};
    let user = User::from_name(name)
        .map_err(|e| format!("cannot look up user {name:?}: {e}"))?
        .ok_or_else(|| format!("no such user {name:?}"))?;
    if !is_root() {
        if Uid::effective() == user.uid {
            return Ok(());
        }
        return Err(format!(
            "--user {name}: only root can switch users (running as uid {})",
            Uid::effective()
        ));
    }
    setgroups(&[user.gid]).map_err(|e| format!("setgroups for {name}: {e}"))?;
    setgid(user.gid).map_err(|e| format!("setgid {} for {name}: {e}", user.gid))?;
    setuid(user.uid).map_err(|e| format!("setuid {} for {name}: {e}", user.uid))?;
    if setuid(Uid::from_raw(0)).is_ok() {
        return Err(format!("dropping root to {name} did not stick"));
    }
    Ok(())
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        _ => std::future::pending().await,
    }
}

/// `lpd`'s `main`.
pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let config = match configure(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("lpd: {e}");
            return ExitCode::from(exit::CONFIG);
        }
    };
    if args.check_config {
        let queues = config.effective_queues();
        println!(
            "configuration OK: spool {}, {} queue(s)",
            config.spool_dir().display(),
            queues.len()
        );
        for (name, q) in &queues {
            let devices: Vec<String> = q.devices.iter().map(ToString::to_string).collect();
            println!("  {name}: {}", devices.join(", "));
        }
        return ExitCode::SUCCESS;
    }
    init_logging(config.server.log_format, args.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the runtime");
            return ExitCode::from(exit::SOFTWARE);
        }
    };
    runtime.block_on(serve(config))
}

async fn serve(config: Config) -> ExitCode {
    let std_listeners = match systemd::activated_listeners() {
        Ok(Some(l)) => {
            tracing::info!(count = l.len(), "using sockets from systemd");
            l
        }
        Ok(None) => {
            let mut v = Vec::new();
            for addr in config.listen_addrs() {
                match bind(addr) {
                    Ok(l) => v.push(l),
                    Err(e) => {
                        let hint = if e.kind() == std::io::ErrorKind::PermissionDenied {
                            " (ports below 1024 need root or CAP_NET_BIND_SERVICE; try --listen 127.0.0.1:5515)"
                        } else {
                            ""
                        };
                        tracing::error!("cannot listen on {addr}: {e}{hint}");
                        return ExitCode::from(
                            if e.kind() == std::io::ErrorKind::PermissionDenied {
                                exit::NOPERM
                            } else {
                                exit::UNAVAILABLE
                            },
                        );
                    }
                }
            }
            v
        }
        Err(e) => {
            tracing::error!(error = %e, "socket activation failed");
            return ExitCode::from(exit::UNAVAILABLE);
        }
    };
    if let Some(user) = config.server.user.clone() {
        if let Err(e) = drop_privileges(&user) {
            tracing::error!("{e}");
            return ExitCode::from(exit::NOPERM);
        }
        tracing::info!(%user, "dropped privileges");
    } else if is_root() {
        tracing::warn!("running as root; consider --user lp");
    }
    let mut listeners = Vec::new();
    for l in std_listeners {
        let _ = l.set_nonblocking(true);
        match tokio::net::TcpListener::from_std(l) {
            Ok(l) => listeners.push(l),
            Err(e) => {
                tracing::error!(error = %e, "cannot use listener");
                return ExitCode::from(exit::UNAVAILABLE);
            }
        }
    }
    let server = match Server::open(config) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!("{e}");
            return ExitCode::from(match e {
                super::ServerError::Config(_) => exit::CONFIG,
                _ => exit::IOERR,
            });
        }
    };
    tracing::info!(spool = %server.spool_dir().display(), queues = ?server.queues().iter().map(ToString::to_string).collect::<Vec<_>>(),
        "lpd ready");
    if let Err(e) = systemd::notify_ready() {
        tracing::warn!(error = %e, "cannot notify systemd");
    }
    let r = server.serve(listeners, shutdown_signal()).await;
    let _ = systemd::notify_stopping();
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::from(exit::SOFTWARE)
        }
    }
}
