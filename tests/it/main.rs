//! The one integration-test crate (links once; see STYLE.md).
//!
//! Modules by area; shared fixtures and helpers live in `support`.

mod client_commands;
mod client_loopback;
mod client_submit;
mod support;
