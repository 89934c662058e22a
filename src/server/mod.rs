//! `lpd`: a durable RFC 1179 print server.
//!
//! [`run`] takes listeners that are already bound (so a test starts a server
//! on `127.0.0.1:0`, and systemd can hand over its sockets), a
//! [`Config`] and a shutdown future. A task per connection, bounded by
//! `limits.max_connections`, answers the daemon commands; a scheduler task
//! per queue hands jobs to idle devices.
//!
//! | module | owns |
//! |---|---|
//! | [`config`] | the TOML configuration and its errors (file, line, key) |
//! | [`access`] | per-operation network rules, reserved source ports |
//! | [`session`] | the receive-job conversation as a sans-I/O state machine |
//! | [`spool`] | the spool on disk: atomic, fsynced commits; recovery |
//! | [`queue`] | the in-memory index of a queue's jobs and flags |
//! | [`status`] | BSD lpd's queue listing and lpkit's JSON |
//! | `conn` | one connection: reads the command and drives the rest |
//! | `control` | `lpc` operations (command `06`) |
//! | [`device`] | the backends: device, socket, lpd, command, directory |
//! | `device_lpd` | forwarding to another LPD with the client library |
//! | `scheduler` | printer pools, retries with backoff, failed jobs |
//! | [`accounting`] | one JSON line per finished job |
//! | [`pages`] | counting pages of PostScript, PCL and text |
//! | [`systemd`] | socket activation and readiness notification |
//! | [`cli`] | the `lpd` command line |

pub mod access;
pub mod accounting;
pub mod cli;
pub mod config;
mod conn;
mod control;
pub mod device;
mod device_lpd;
pub mod pages;
pub mod queue;
mod scheduler;
pub mod session;
pub mod spool;
pub mod status;
pub mod systemd;

pub use config::Config;

use accounting::Accounting;
use queue::{QueueHandle, QueueState};
use spool::Spool;
use std::collections::BTreeMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use thiserror::Error;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Why the server could not start.
#[derive(Debug, Error)]
pub enum ServerError {
    /// The configuration is wrong.
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    /// The spool cannot be used.
    #[error(transparent)]
    Spool(#[from] spool::SpoolError),
    /// The accounting file cannot be opened.
    #[error("accounting file {path}: {source}")]
    Accounting {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A listener failed.
    #[error("listener {addr}: {source}")]
    Listen {
        /// Its address.
        addr: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// What every connection and scheduler shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: Config,
    pub spool: Spool,
    pub queues: BTreeMap<crate::proto::Queue, Arc<QueueHandle>>,
    pub accounting: Accounting,
    pub hostname: String,
}

impl Shared {
    pub fn queue(&self, q: &crate::proto::Queue) -> Option<&Arc<QueueHandle>> {
        self.queues.get(q)
    }
}

/// The host name to show: configured, else the system's.
fn hostname(config: &Config) -> String {
    config.server.hostname.clone().unwrap_or_else(|| {
        nix::unistd::gethostname()
            .ok()
            .and_then(|h| h.into_string().ok())
            .unwrap_or_else(|| "localhost".into())
    })
}

/// Opens the spool and loads every queue (recovery happens here).
fn open(config: Config) -> Result<Arc<Shared>, ServerError> {
    let spool = Spool::open(&config.spool_dir(), config.server.durable)?;
    let accounting = match &config.server.accounting {
        Some(p) => Accounting::open(p).map_err(|source| ServerError::Accounting {
            path: p.clone(),
            source,
        })?,
        None => Accounting::disabled(),
    };
    let mut queues = BTreeMap::new();
    for (name, qc) in config.effective_queues() {
        let loaded = spool.load_queue(&name)?;
        let mut state = QueueState::new(loaded.flags, qc.devices.len(), loaded.jobs);
        if let Some(max) = state.jobs.keys().copied().max() {
            state.flags.last_number = state.flags.last_number.max(max);
        }
        state.status = scheduler::idle_status(&name, &state);
        tracing::info!(queue = %name, jobs = state.jobs.len(),
            devices = qc.devices.len(), "queue loaded");
        let handle = QueueHandle {
            access: config.access_for(&qc),
            retry: config.retry_for(&qc),
            max_jobs: config.max_jobs_for(&qc),
            name: name.clone(),
            config: qc,
            state: std::sync::Mutex::new(state),
            wake: tokio::sync::Notify::new(),
        };
        queues.insert(name, Arc::new(handle));
    }
    Ok(Arc::new(Shared {
        hostname: hostname(&config),
        config,
        spool,
        queues,
        accounting,
    }))
}

/// A server whose spool is open and whose queues are loaded, ready to
/// serve. Opening recovers from a crash: interrupted transfers are removed
/// and every committed job is loaded.
#[derive(Debug)]
pub struct Server {
    shared: Arc<Shared>,
}

impl Server {
    /// Opens the spool (taking its lock) and loads every queue.
    pub fn open(config: Config) -> Result<Server, ServerError> {
        Ok(Server {
            shared: open(config)?,
        })
    }

    /// The spool directory in use.
    pub fn spool_dir(&self) -> &std::path::Path {
        self.shared.spool.root()
    }

    /// The queues served.
    pub fn queues(&self) -> Vec<crate::proto::Queue> {
        self.shared.queues.keys().cloned().collect()
    }

    /// Serves already-bound listeners until `shutdown` completes.
    ///
    /// On shutdown the listeners close, connections are dropped (an
    /// unacknowledged transfer is simply not committed) and running print
    /// attempts are cancelled (their jobs stay queued and print after a
    /// restart).
    pub async fn serve(
        self,
        listeners: Vec<TcpListener>,
        shutdown: impl Future<Output = ()>,
    ) -> Result<(), ServerError> {
        let shared = self.shared;
        let mut tasks = JoinSet::new();
        for q in shared.queues.values() {
            tasks.spawn(scheduler::run(shared.clone(), q.clone()));
        }
        let limit = Arc::new(Semaphore::new(shared.config.limits.max_connections));
        for l in listeners {
            if let Ok(addr) = l.local_addr() {
                tracing::info!(%addr, "listening");
            }
            tasks.spawn(accept_loop(shared.clone(), l, limit.clone()));
        }
        shutdown.await;
        tracing::info!("shutting down");
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
        Ok(())
    }
}

/// Runs the server on already-bound listeners until `shutdown` completes:
/// [`Server::open`] then [`Server::serve`]. Tests start it on
/// `127.0.0.1:0`.
pub async fn run(
    listeners: Vec<TcpListener>,
    config: Config,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServerError> {
    Server::open(config)?.serve(listeners, shutdown).await
}

async fn accept_loop(shared: Arc<Shared>, listener: TcpListener, limit: Arc<Semaphore>) {
    let mut conns = JoinSet::new();
    loop {
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => continue,
        };
        let Ok(permit) = limit.clone().try_acquire_owned() else {
            tracing::warn!(%peer, max = shared.config.limits.max_connections,
                "connection refused: limits.max_connections reached");
            drop(stream);
            continue;
        };
        let shared = shared.clone();
        conns.spawn(async move {
            conn::serve(shared, stream, canonical(peer)).await;
            drop(permit);
        });
    }
}

/// An IPv4-mapped IPv6 peer as its IPv4 address.
fn canonical(peer: SocketAddr) -> SocketAddr {
    SocketAddr::new(peer.ip().to_canonical(), peer.port())
}
