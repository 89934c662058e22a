//! # lpkit
//!
//! A modern implementation of the Berkeley line printer daemon protocol
//! (RFC 1179): the clients `lpr`, `lpq`, `lprm`, `lpc` and the server `lpd`,
//! all built on one protocol library.
//!
//! ## Layout
//!
//! | module | owns |
//! |---|---|
//! | [`proto`] | the wire protocol, pure: bytes in, typed values out |
//! | [`net`] | connecting: resolution, reserved source ports, timeouts (the only client-side socket2 user) |
//! | [`target`] | printer targets as written (`queue@host:port`, `-H host`) and the resolved [`target::Endpoint`] |
//! | [`config`] | TOML configuration, printcap fallback, which printer a command talks to |
//! | [`server`] | `lpd`: listener, receive state machine, durable spool, queues, devices, scheduler, access, accounting, systemd |
//! | [`client`] | the blocking protocol client over any `Read + Write`: submit, query, remove, control; job numbers; wire tracing |
//! | [`cli`] | the client tools' command lines, output and exit statuses; man pages and completions |
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod cli;
pub mod client;
pub mod config;
pub mod net;
pub mod proto;
pub mod server;
pub mod target;
