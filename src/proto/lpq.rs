//! Queue state (RFC 1179 §5.3, §5.4): the normalized structure that every
//! server's `lpq` text is parsed into, and lpkit's exact JSON extension.
//!
//! RFC 1179 leaves the text of a queue listing to the server. Real servers
//! differ (BSD lpd, LPRng, cups-lpd, Windows' LPD service, printers); the
//! parser turns each into one [`QueueStatus`] and keeps every line it cannot
//! classify in [`QueueStatus::unparsed`].
//!
//! ## lpkit extension
//! A client that wants the exact state asks with [`JSON_OPERAND`] as the
//! first entry of the list operand of command `03`/`04`
//! (`\x04lp --lpkit-json alice\n`). lpkit's lpd then answers with one JSON
//! document, a serialized [`QueueStatus`], followed by LF. Any other server
//! takes the operand for a user name and filters its listing by it (LPRng
//! answers "lp@host 0 jobs"), so a client that gets text back must ask again
//! without the operand and parse that text instead
//! (`client::query_status` does).

use serde::{Deserialize, Serialize};

/// The list operand that asks lpkit's lpd for JSON instead of text.
pub const JSON_OPERAND: &str = "--lpkit-json";

/// The state of one queue, normalized from any server's listing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QueueStatus {
    /// The queue name, when the listing names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// The server (host) that answered, when the listing names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// Which server software produced the listing, as recognised.
    #[serde(default)]
    pub dialect: Dialect,
    /// Status lines about the queue or printer ("lp is ready and printing",
    /// "Warning: lp is down", "no entries", …), in order.
    #[serde(default)]
    pub status: Vec<String>,
    /// The jobs, in queue order.
    #[serde(default)]
    pub jobs: Vec<QueueJob>,
    /// Lines that could not be classified, kept verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unparsed: Vec<String>,
}

/// One job in a queue listing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QueueJob {
    /// The rank as shown: "active", "1st", "2nd", "hold", "error", ….
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<String>,
    /// The owner (the `P` user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The job number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<u32>,
    /// The originating host, where the listing gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The job name or file names as the server shows them.
    #[serde(default)]
    pub files: Vec<String>,
    /// Total size in bytes, where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Class (LPRng), where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Priority letter (LPRng), where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// The job name (`J` line), where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Submission time as the server shows it (lpkit: RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Why the job is not printing (lpkit: last device error), where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The server software a listing came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// Not recognised (or empty).
    #[default]
    Unknown,
    /// BSD lpd (4.3BSD and descendants: OpenBSD, FreeBSD, Debian's `lpr`).
    Bsd,
    /// LPRng.
    Lprng,
    /// CUPS' cups-lpd.
    Cups,
    /// Windows' LPD service (a table).
    Windows,
    /// lpkit's lpd.
    Lpkit,
}
