//! The one integration-test crate (links once; see STYLE.md).
//!
//! Modules by area; shared fixtures and helpers live in `support`.

mod interop_lprng;
mod lpq_fixtures;
mod peer_captures;
mod support;
