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
//! | [`cli`] | the client tools' command lines, output and exit statuses; man pages and completions |
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod cli;
pub mod proto;
