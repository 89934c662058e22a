//! The one integration-test crate (links once; see STYLE.md).
//!
//! Modules by area; shared fixtures and helpers live in `support`.

mod cli_bsd;
mod cli_lpc;
mod cli_lpq;
mod cli_lpr;
mod cli_lprm;
mod cli_lprng;
mod client_commands;
mod client_interop;
mod client_loopback;
mod client_submit;
mod docs;
mod generated;
mod interop_lprng;
mod lpq_fixtures;
mod peer_captures;
mod server_access;
mod server_cli;
mod server_control;
mod server_crash;
mod server_devices;
mod server_interop;
mod server_limits;
mod server_receive;
mod server_remove;
mod server_status;
mod support;
