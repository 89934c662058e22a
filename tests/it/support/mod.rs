//! Shared test support: fixtures, helpers to run the real binaries, and the
//! harness that runs the real peer daemons.
#![allow(dead_code)]

pub mod capture;
pub mod cmd;
pub mod fake_lpd;
pub mod lpd;
pub mod peers;
