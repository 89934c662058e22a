//! The one integration-test crate (links once; see STYLE.md).
//!
//! Modules by area; shared fixtures and helpers live in `support`.

mod peer_captures;
mod support;
