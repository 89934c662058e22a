//! The in-memory index of one queue: its jobs in order, flags and device
//! states. Status requests read this index; nothing is re-read from disk
//! per request.

use super::access::AccessRules;
use super::config::{QueueConfig, RetryPolicy};
use super::spool::{JobMeta, QueueFlags, StoredJob};
use crate::proto::{ControlFile, FileKind, FileName, HostName, JobSelector, Queue, UserName};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;
use std::time::Instant;
use tokio::sync::Notify;

/// Job numbers are kept in 0–999 (what RFC 1179 file names carry) while
/// one is free; a queue holding more jobs than that numbers the rest from
/// 1000 up.
pub const RFC_NUMBERS: u32 = 1000;

/// One job in a queue.
#[derive(Debug)]
pub struct Job {
    /// Its number, unique in the queue.
    pub id: u32,
    /// The control file.
    pub control: ControlFile,
    /// What the server recorded.
    pub meta: JobMeta,
    /// The device printing it right now.
    pub active: Option<usize>,
    /// No attempt before this instant (backoff).
    pub not_before: Option<Instant>,
    /// Cancels the running attempt (removal, `lpc abort`).
    pub abort: Option<tokio::task::AbortHandle>,
}

impl Job {
    /// A job loaded from the spool.
    pub fn from_stored(s: StoredJob) -> Self {
        Job {
            id: s.id,
            control: s.control,
            meta: s.meta,
            active: None,
            not_before: None,
            abort: None,
        }
    }

    /// The `P` user (every accepted job has one).
    pub fn user(&self) -> &str {
        self.control.user().map_or("", UserName::as_str)
    }

    /// The `H` host, or the peer address when the control file has none.
    pub fn host(&self) -> String {
        self.control
            .host()
            .map(HostName::to_string)
            .unwrap_or_else(|| self.meta.peer.to_string())
    }

    /// The `J` job name, if any.
    pub fn name(&self) -> Option<String> {
        self.control.job_name().map(|t| t.to_string_lossy())
    }

    /// Total bytes to print: each file's size times its copies (as BSD
    /// lpq counts).
    pub fn total_size(&self) -> u64 {
        let files = self.control.files();
        files
            .iter()
            .map(|f| self.size_of(&f.name) * u64::from(f.copies))
            .sum()
    }

    /// Size of one data file.
    pub fn size_of(&self, name: &FileName) -> u64 {
        self.meta
            .data
            .iter()
            .find(|d| d.name == name.as_str())
            .map_or(0, |d| d.size)
    }

    /// The names to show for the files: the `N` source names, else the data
    /// file names; a blank name is standard input (as BSD shows it).
    pub fn display_files(&self) -> Vec<(String, u32, u64)> {
        self.control
            .files()
            .into_iter()
            .map(|f| {
                let size = self.size_of(&f.name);
                let shown = match f.source_name.as_deref() {
                    Some(" ") | Some("") => "(standard input)".to_owned(),
                    Some(n) => n.to_owned(),
                    None => f.name.to_string(),
                };
                (shown, f.copies, size)
            })
            .collect()
    }

    /// The control file name the client used, for display (`cfA123host`).
    pub fn control_name(&self) -> &str {
        &self.meta.control_name
    }

    /// True when the selector names this job.
    pub fn matches(&self, sel: &JobSelector) -> bool {
        match sel {
            JobSelector::Job(n) => self.id == u32::from(n.get()),
            JobSelector::User(u) => u.as_str() == self.user(),
        }
    }

    /// The data files of the job, validated.
    pub fn data_files(&self) -> Vec<FileName> {
        self.meta
            .data
            .iter()
            .filter_map(|d| FileName::new(FileKind::Data, &d.name).ok())
            .collect()
    }
}

/// What one device of a queue is doing.
#[derive(Debug, Clone, Default)]
pub struct DeviceState {
    /// The job it prints.
    pub busy: Option<u32>,
    /// The last error, until the next success.
    pub error: Option<String>,
}

/// The mutable state of a queue.
#[derive(Debug, Default)]
pub struct QueueState {
    /// Persistent flags.
    pub flags: QueueFlags,
    /// The jobs by number.
    pub jobs: HashMap<u32, Job>,
    /// (order, number): the print order.
    pub order: BTreeSet<(i64, u32)>,
    /// Numbers handed out to commits in progress.
    pub reserved: HashSet<u32>,
    /// One entry per configured device.
    pub devices: Vec<DeviceState>,
    /// The status line shown by lpq and lpc.
    pub status: String,
    next_order: i64,
}

impl QueueState {
    /// A queue with `devices` devices and the loaded jobs.
    pub fn new(flags: QueueFlags, devices: usize, jobs: Vec<StoredJob>) -> Self {
        let mut s = QueueState {
            flags,
            devices: vec![DeviceState::default(); devices],
            ..Default::default()
        };
        for j in jobs {
            s.insert(Job::from_stored(j));
        }
        s
    }

    /// Adds a job (its `meta.order` places it).
    pub fn insert(&mut self, job: Job) {
        self.next_order = self.next_order.max(job.meta.order + 1);
        self.reserved.remove(&job.id);
        self.order.insert((job.meta.order, job.id));
        self.jobs.insert(job.id, job);
    }

    /// Takes a job out.
    pub fn remove(&mut self, id: u32) -> Option<Job> {
        let job = self.jobs.remove(&id)?;
        self.order.remove(&(job.meta.order, id));
        Some(job)
    }

    /// The order key for a job added now (the end of the queue).
    pub fn next_order(&mut self) -> i64 {
        let o = self.next_order;
        self.next_order += 1;
        o
    }

    /// Moves jobs to the front, keeping their relative order.
    pub fn to_top(&mut self, ids: &[u32]) -> Vec<u32> {
        let first = self.order.first().map_or(0, |(o, _)| *o);
        let mut moved = Vec::new();
        let ordered: Vec<u32> = self
            .order
            .iter()
            .map(|(_, id)| *id)
            .filter(|id| ids.contains(id))
            .collect();
        let n = ordered.len() as i64;
        for (i, id) in ordered.into_iter().enumerate() {
            if let Some(job) = self.jobs.get_mut(&id) {
                self.order.remove(&(job.meta.order, id));
                job.meta.order = first - n + i as i64;
                self.order.insert((job.meta.order, id));
                moved.push(id);
            }
        }
        moved
    }

    /// Jobs in print order.
    pub fn ordered(&self) -> impl Iterator<Item = &Job> {
        self.order.iter().filter_map(|(_, id)| self.jobs.get(id))
    }

    /// Picks a number for a new job: the one it came with when free, else
    /// the next free one after the last given out (0–999 first, then
    /// 1000 up). `None` when the queue holds `limit` jobs.
    pub fn assign_number(&mut self, wanted: u32, limit: usize) -> Option<u32> {
        if self.jobs.len() + self.reserved.len() >= limit {
            return None;
        }
        let used = |s: &Self, n: u32| s.jobs.contains_key(&n) || s.reserved.contains(&n);
        let n = if !used(self, wanted) {
            wanted
        } else {
            let start = self.flags.last_number % RFC_NUMBERS;
            let in_rfc = (1..=RFC_NUMBERS)
                .map(|k| (start + k) % RFC_NUMBERS)
                .find(|&n| !used(self, n));
            match in_rfc {
                Some(n) => n,
                None => (RFC_NUMBERS..).find(|&n| !used(self, n))?,
            }
        };
        self.flags.last_number = n;
        self.reserved.insert(n);
        Some(n)
    }

    /// The next job a device may start: first in order that is not active,
    /// held or failed and whose backoff has passed.
    pub fn next_printable(&self, now: Instant) -> Option<u32> {
        self.ordered()
            .find(|j| {
                j.active.is_none()
                    && !j.meta.held
                    && !j.meta.failed
                    && j.not_before.is_none_or(|t| t <= now)
            })
            .map(|j| j.id)
    }

    /// The earliest backoff deadline of a waiting job.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.jobs
            .values()
            .filter(|j| j.active.is_none() && !j.meta.held && !j.meta.failed)
            .filter_map(|j| j.not_before)
            .min()
    }

    /// The rank text of a job: "active", "hold", "error", or its place
    /// among the waiting jobs ("1st", "2nd", …).
    /// Jobs being printed come first, as BSD lpq shows them.
    pub fn ranks(&self) -> Vec<(&Job, String)> {
        let mut n = 0;
        let active = self.ordered().filter(|j| j.active.is_some());
        let rest = self.ordered().filter(|j| j.active.is_none());
        active
            .chain(rest)
            .map(|j| {
                let r = if j.active.is_some() {
                    "active".to_owned()
                } else if j.meta.failed {
                    "error".to_owned()
                } else if j.meta.held {
                    "hold".to_owned()
                } else {
                    n += 1;
                    ordinal(n)
                };
                (j, r)
            })
            .collect()
    }
}

/// 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st (as BSD lpq).
pub fn ordinal(n: u32) -> String {
    let suffix = if (n / 10) % 10 == 1 {
        "th"
    } else {
        match n % 10 {
            1 => "st",
            2 => "nd",
            3 => "rd",
            _ => "th",
        }
    };
    format!("{n}{suffix}")
}

/// A queue: its configuration and its state behind a lock held only for
/// short, non-blocking updates.
#[derive(Debug)]
pub struct QueueHandle {
    /// The name.
    pub name: Queue,
    /// Its configuration.
    pub config: QueueConfig,
    /// Its access rules.
    pub access: AccessRules,
    /// Its retry policy.
    pub retry: RetryPolicy,
    /// Most jobs it holds.
    pub max_jobs: usize,
    /// The state.
    pub state: Mutex<QueueState>,
    /// Wakes the scheduler (new job, `01`, control operation).
    pub wake: Notify,
}

impl QueueHandle {
    /// Locks the state; a poisoned lock (a panic elsewhere) still gives
    /// the data, which every update leaves consistent.
    pub fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::spool::DataMeta;

    fn job(id: u32, order: i64, user: &str) -> Job {
        let cf = format!("Hws\nP{user}\nfdfA{id:03}ws\nNfile{id}\n");
        Job {
            id,
            control: ControlFile::decode(cf.as_bytes()).unwrap(),
            meta: JobMeta {
                control_name: format!("cfA{id:03}ws"),
                peer: "127.0.0.1".parse().unwrap(),
                received: 0,
                order,
                held: false,
                attempts: 0,
                failed: false,
                reason: None,
                data: vec![DataMeta {
                    name: format!("dfA{id:03}ws"),
                    size: 10,
                }],
            },
            active: None,
            not_before: None,
            abort: None,
        }
    }

    #[test]
    fn ordinals_match_bsd() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 111, 101]
            .iter()
            .map(|&n| ordinal(n))
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "111th",
                "101st"
            ]
        );
    }

    #[test]
    fn numbers_are_kept_when_free_and_renumbered_when_taken() {
        let mut s = QueueState::default();
        assert_eq!(s.assign_number(5, 10), Some(5));
        s.insert(job(5, 0, "a"));
        assert_eq!(s.assign_number(5, 10), Some(6));
        assert_eq!(s.assign_number(6, 10), Some(7));
        assert_eq!(s.assign_number(999, 10), Some(999));
        assert_eq!(s.assign_number(999, 10), Some(0));
        assert_eq!(s.assign_number(1, 5), None);
    }

    #[test]
    fn more_than_a_thousand_jobs_get_numbers_above_999() {
        let mut s = QueueState::default();
        for n in 0..RFC_NUMBERS {
            let id = s.assign_number(n, 2000).unwrap();
            assert_eq!(id, n);
        }
        assert_eq!(s.assign_number(3, 2000), Some(1000));
        assert_eq!(s.assign_number(3, 2000), Some(1001));
    }

    #[test]
    fn ranks_order_and_topq() {
        let mut s = QueueState::default();
        for (id, user) in [(1, "a"), (2, "b"), (3, "c"), (4, "d")] {
            let o = s.next_order();
            s.insert(job(id, o, user));
        }
        s.jobs.get_mut(&1).unwrap().active = Some(0);
        s.jobs.get_mut(&3).unwrap().meta.held = true;
        let ranks: Vec<(u32, String)> = s.ranks().iter().map(|(j, r)| (j.id, r.clone())).collect();
        assert_eq!(
            ranks,
            [
                (1, "active".into()),
                (2, "1st".into()),
                (3, "hold".into()),
                (4, "2nd".into())
            ]
        );
        assert_eq!(s.next_printable(Instant::now()), Some(2));
        s.to_top(&[4]);
        assert_eq!(s.ordered().next().unwrap().id, 4);
        assert_eq!(s.next_printable(Instant::now()), Some(4));
    }
}
