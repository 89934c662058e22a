//! Accounting: one JSON line per finished job (printed, failed, removed),
//! appended to `server.accounting`.
//!
//! ```text
//! {"time":"2026-11-22T04:36:17Z","queue":"lp","job":123,"user":"alice","host":"ws",
//!  "peer":"192.0.2.7","name":"report","files":["report.txt"],"bytes":2048,"copies":1,
//!  "pages":3,"device":"socket 192.0.2.10:9100","outcome":"printed","duration_ms":812,
//!  "attempts":1,"reason":null}
//! ```
//!
//! `pages` counts every copy and is `null` where the format does not tell
//! (see [`super::pages`]).

use super::queue::Job;
use super::status::rfc3339;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How a job finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Every file was sent to a device.
    Printed,
    /// Given up after the configured number of attempts (kept in the queue
    /// with rank "error").
    Failed,
    /// Removed by `lprm` before it printed.
    Removed,
}

/// One accounting record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// When it finished (RFC 3339, UTC).
    pub time: String,
    /// The queue.
    pub queue: String,
    /// The job number.
    pub job: u32,
    /// The `P` user.
    pub user: String,
    /// The `H` host.
    pub host: String,
    /// The address it was submitted from.
    pub peer: String,
    /// The `J` job name.
    pub name: Option<String>,
    /// The files, as shown by lpq.
    pub files: Vec<String>,
    /// Bytes of data (one copy).
    pub bytes: u64,
    /// Copies (the most print lines of any file).
    pub copies: u32,
    /// Pages printed, all copies, where countable.
    pub pages: Option<u64>,
    /// The device that printed it (or last tried).
    pub device: Option<String>,
    /// How it finished.
    pub outcome: Outcome,
    /// Time spent in the last attempt.
    pub duration_ms: u64,
    /// Print attempts made.
    pub attempts: u32,
    /// Why it failed, if it did.
    pub reason: Option<String>,
}

impl Record {
    /// The record of `job` finishing now.
    pub fn new(
        queue: &str,
        job: &Job,
        outcome: Outcome,
        device: Option<String>,
        duration: Duration,
        pages: Option<u64>,
    ) -> Self {
        let files = job.display_files();
        Record {
            time: rfc3339(
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs()),
            ),
            queue: queue.to_owned(),
            job: job.id,
            user: job.user().to_owned(),
            host: job.host(),
            peer: job.meta.peer.to_string(),
            name: job.name(),
            bytes: job.meta.data.iter().map(|d| d.size).sum(),
            copies: files.iter().map(|f| f.1).max().unwrap_or(1),
            files: files.into_iter().map(|f| f.0).collect(),
            pages,
            device,
            outcome,
            duration_ms: u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
            attempts: job.meta.attempts,
            reason: job.meta.reason.clone(),
        }
    }
}

/// The accounting file (or none).
#[derive(Debug)]
pub struct Accounting {
    file: Option<Mutex<File>>,
}

impl Accounting {
    /// Appends to `path` (created if missing).
    pub fn open(path: &Path) -> std::io::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let f = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Accounting {
            file: Some(Mutex::new(f)),
        })
    }

    /// No accounting.
    pub fn disabled() -> Self {
        Accounting { file: None }
    }

    /// Appends one record (a failure to write is logged, never fatal).
    pub fn write(&self, rec: &Record) {
        let Some(f) = &self.file else { return };
        let mut line = match serde_json::to_vec(rec) {
            Ok(l) => l,
            Err(_) => return,
        };
        line.push(b'\n');
        let mut f = f.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Err(e) = f.write_all(&line) {
            tracing::error!(error = %e, "cannot write accounting record");
        }
    }

    /// Records `job` finishing.
    pub fn record(
        &self,
        queue: &str,
        job: &Job,
        outcome: Outcome,
        device: Option<String>,
        duration: Duration,
        pages: Option<u64>,
    ) {
        if self.file.is_some() {
            self.write(&Record::new(queue, job, outcome, device, duration, pages));
        }
    }
}
