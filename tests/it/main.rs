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
mod generated;
mod support;
