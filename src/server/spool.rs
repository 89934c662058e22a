//! The spool on disk: durable, atomic job commits and recovery at start.
//!
//! ```text
//! SPOOL/
//!   lpd.lock                 flock: one server per spool
//!   incoming/<conn>/         files of one connection while they arrive
//!   queues/<queue>/state.json   queue flags (spooling, printing, redirect)
//!   queues/<queue>/<id>/     one committed job:
//!       control              the control file as received
//!       job.json             what the server knows (peer, time, order, attempts, …)
//!       dfA123host …         the data files, under their validated names
//!   trash/                   jobs being deleted
//!   printed/<queue>/         output of the default `directory` device
//! ```
//!
//! ## The commit protocol
//! A job is written into a fresh directory under its connection's
//! `incoming/` folder (data files moved there, `control` and `job.json`
//! written), every file and the directory are fsynced, and the directory is
//! renamed to `queues/<queue>/<id>` in one step; then `queues/<queue>` is
//! fsynced. The rename is the commit point: before it the job does not
//! exist, after it the whole job does. Only then is the final
//! acknowledgement sent. `incoming/` and `trash/` are emptied at start, so
//! an interrupted transfer leaves nothing behind, and deleting a job renames
//! it into `trash/` first so a crash never leaves half a job in a queue.
//!
//! Every path component built from network input is a validated
//! [`FileName`] (no `/`, no `..`), joined to the job's own directory.

use super::session::CompletedJob;
use crate::proto::{ControlFile, FileKind, FileName, Queue};
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use thiserror::Error;

/// A spool error, with the path it concerns.
#[derive(Debug, Error)]
#[error("spool {path}: {what}: {source}")]
pub struct SpoolError {
    /// The file or directory.
    pub path: PathBuf,
    /// The step that failed.
    pub what: &'static str,
    /// The I/O error.
    #[source]
    pub source: io::Error,
}

fn err<'a>(path: &'a Path, what: &'static str) -> impl FnOnce(io::Error) -> SpoolError + 'a {
    move |source| SpoolError {
        path: path.to_owned(),
        what,
        source,
    }
}

/// Queue flags that survive a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueFlags {
    /// New jobs are accepted (`lpc enable`/`disable`).
    pub spooling: bool,
    /// Jobs are printed (`lpc start`/`stop`).
    pub printing: bool,
    /// Jobs go to this other local queue instead (`lpc redirect`).
    pub redirect: Option<String>,
    /// The last job number given out (numbering continues after a restart).
    pub last_number: u32,
}

impl Default for QueueFlags {
    fn default() -> Self {
        QueueFlags {
            spooling: true,
            printing: true,
            redirect: None,
            last_number: 0,
        }
    }
}

/// One data file of a stored job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataMeta {
    /// Its name (validated again when loaded).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

/// What the server records about a job besides its control file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobMeta {
    /// The control file name the client sent (for display).
    pub control_name: String,
    /// The peer address the job came from (for remove authorization).
    pub peer: IpAddr,
    /// Submission time, seconds since the Unix epoch.
    pub received: u64,
    /// Position key: lower prints first.
    pub order: i64,
    /// Held (`lpc hold`).
    #[serde(default)]
    pub held: bool,
    /// Print attempts made so far.
    #[serde(default)]
    pub attempts: u32,
    /// Kept as failed after too many attempts.
    #[serde(default)]
    pub failed: bool,
    /// Why the last attempt failed.
    #[serde(default)]
    pub reason: Option<String>,
    /// The data files, in print order.
    pub data: Vec<DataMeta>,
}

/// A job as loaded from disk.
#[derive(Debug, Clone)]
pub struct StoredJob {
    /// Its number in the queue (the directory name).
    pub id: u32,
    /// The control file.
    pub control: ControlFile,
    /// The rest.
    pub meta: JobMeta,
}

/// A queue as loaded from disk.
#[derive(Debug, Default)]
pub struct LoadedQueue {
    /// Its flags.
    pub flags: QueueFlags,
    /// Its jobs, in no particular order.
    pub jobs: Vec<StoredJob>,
    /// Entries that are not jobs (moved to trash with a log line).
    pub junk: Vec<String>,
}

/// The spool directory.
#[derive(Debug)]
pub struct Spool {
    root: PathBuf,
    durable: bool,
    serial: AtomicU64,
    _lock: nix::fcntl::Flock<File>,
}

impl Spool {
    /// Opens (creating) the spool, takes its lock and empties `incoming/`
    /// and `trash/` (what an interrupted transfer or deletion left).
    pub fn open(root: &Path, durable: bool) -> Result<Spool, SpoolError> {
        for d in ["", "incoming", "queues", "trash"] {
            let p = root.join(d);
            fs::create_dir_all(&p).map_err(err(&p, "cannot create directory"))?;
        }
        let lock_path = root.join("lpd.lock");
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(err(&lock_path, "cannot open lock file"))?;
        let lock = nix::fcntl::Flock::lock(f, nix::fcntl::FlockArg::LockExclusiveNonblock)
            .map_err(|(_, e)| SpoolError {
                path: lock_path.clone(),
                what: "another lpd uses this spool (lock held)",
                source: io::Error::from(e),
            })?;
        let spool = Spool {
            root: root.to_owned(),
            durable,
            serial: AtomicU64::new(0),
            _lock: lock,
        };
        for d in ["incoming", "trash"] {
            let p = root.join(d);
            for e in fs::read_dir(&p).map_err(err(&p, "cannot list"))?.flatten() {
                let path = e.path();
                let r = if e.file_type().is_ok_and(|t| t.is_dir()) {
                    fs::remove_dir_all(&path)
                } else {
                    fs::remove_file(&path)
                };
                if let Err(e) = r {
                    tracing::warn!(path = %path.display(), error = %e, "cannot remove leftover");
                } else if d == "incoming" {
                    tracing::info!(path = %path.display(), "removed an interrupted transfer");
                }
            }
        }
        Ok(spool)
    }

    /// The spool directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether files are fsynced.
    pub fn durable(&self) -> bool {
        self.durable
    }

    /// Makes a fresh directory for one connection's incoming files.
    pub fn incoming_dir(&self) -> Result<PathBuf, SpoolError> {
        let n = self.serial.fetch_add(1, Ordering::Relaxed);
        let p = self
            .root
            .join("incoming")
            .join(format!("{}-{n}", std::process::id()));
        fs::create_dir(&p).map_err(err(&p, "cannot create incoming directory"))?;
        Ok(p)
    }

    /// The directory of a queue.
    pub fn queue_dir(&self, q: &Queue) -> PathBuf {
        self.root.join("queues").join(q.as_str())
    }

    /// The directory of a job.
    pub fn job_dir(&self, q: &Queue, id: u32) -> PathBuf {
        self.queue_dir(q).join(id.to_string())
    }

    /// The path of a job's data file (`name` is validated, so it stays
    /// inside the job directory).
    pub fn data_path(&self, q: &Queue, id: u32, name: &FileName) -> PathBuf {
        self.job_dir(q, id).join(name.as_str())
    }

    fn sync_dir(&self, dir: &Path) -> Result<(), SpoolError> {
        if self.durable {
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(err(dir, "cannot fsync directory"))?;
        }
        Ok(())
    }

    fn write_file(&self, path: &Path, bytes: &[u8]) -> Result<(), SpoolError> {
        let mut f = File::create(path).map_err(err(path, "cannot create"))?;
        f.write_all(bytes).map_err(err(path, "cannot write"))?;
        if self.durable {
            f.sync_all().map_err(err(path, "cannot fsync"))?;
        }
        Ok(())
    }

    /// Atomically replaces a small file (write, fsync, rename, fsync dir).
    fn replace_file(&self, path: &Path, bytes: &[u8]) -> Result<(), SpoolError> {
        let tmp = path.with_extension("tmp");
        self.write_file(&tmp, bytes)?;
        fs::rename(&tmp, path).map_err(err(path, "cannot rename into place"))?;
        if let Some(dir) = path.parent() {
            self.sync_dir(dir)?;
        }
        Ok(())
    }

    /// Creates the queue directory and loads its flags and jobs.
    pub fn load_queue(&self, q: &Queue) -> Result<LoadedQueue, SpoolError> {
        let dir = self.queue_dir(q);
        fs::create_dir_all(&dir).map_err(err(&dir, "cannot create queue directory"))?;
        let mut out = LoadedQueue::default();
        let state = dir.join("state.json");
        match fs::read(&state) {
            Ok(b) => match serde_json::from_slice(&b) {
                Ok(f) => out.flags = f,
                Err(e) => tracing::error!(path = %state.display(), error = %e,
                    "queue state unreadable; using defaults"),
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(err(&state, "cannot read")(e)),
        }
        for e in fs::read_dir(&dir)
            .map_err(err(&dir, "cannot list"))?
            .flatten()
        {
            let name = e.file_name().to_string_lossy().into_owned();
            if name == "state.json" {
                continue;
            }
            let id = name
                .parse::<u32>()
                .ok()
                .filter(|_| name.bytes().all(|b| b.is_ascii_digit()));
            match id.map(|id| self.load_job(q, id)) {
                Some(Ok(job)) => out.jobs.push(job),
                Some(Err(why)) => {
                    tracing::error!(queue = %q, job = %name, reason = %why,
                        "unreadable job moved to trash");
                    self.trash(&e.path())?;
                    out.junk.push(name);
                }
                None => {
                    tracing::warn!(queue = %q, entry = %name, "stray spool entry moved to trash");
                    self.trash(&e.path())?;
                    out.junk.push(name);
                }
            }
        }
        Ok(out)
    }

    fn load_job(&self, q: &Queue, id: u32) -> Result<StoredJob, String> {
        let dir = self.job_dir(q, id);
        let control_bytes =
            fs::read(dir.join("control")).map_err(|e| format!("control file: {e}"))?;
        let control = ControlFile::decode(&control_bytes).map_err(|e| e.to_string())?;
        let meta: JobMeta = serde_json::from_slice(
            &fs::read(dir.join("job.json")).map_err(|e| format!("job.json: {e}"))?,
        )
        .map_err(|e| format!("job.json: {e}"))?;
        let mut meta = meta;
        for d in &meta.data {
            let name = FileName::new(FileKind::Data, &d.name).map_err(|e| e.to_string())?;
            if !dir.join(name.as_str()).is_file() && !meta.failed {
                meta.failed = true;
                meta.reason = Some(format!("data file {name} is missing from the spool"));
            }
        }
        Ok(StoredJob { id, control, meta })
    }

    /// Saves queue flags.
    pub fn save_flags(&self, q: &Queue, flags: &QueueFlags) -> Result<(), SpoolError> {
        let path = self.queue_dir(q).join("state.json");
        let bytes = serde_json::to_vec_pretty(flags).unwrap_or_default();
        self.replace_file(&path, &bytes)
    }

    /// Saves a job's metadata.
    pub fn save_meta(&self, q: &Queue, id: u32, meta: &JobMeta) -> Result<(), SpoolError> {
        let path = self.job_dir(q, id).join("job.json");
        let bytes = serde_json::to_vec_pretty(meta).unwrap_or_default();
        self.replace_file(&path, &bytes)
    }

    /// Syncs a data file written in `incoming` (a job's data is fsynced
    /// once, at commit).
    fn sync_file(&self, path: &Path) -> Result<(), SpoolError> {
        if self.durable {
            File::open(path)
                .and_then(|f| f.sync_all())
                .map_err(err(path, "cannot fsync"))?;
        }
        Ok(())
    }

    /// Commits a complete job from a connection's incoming directory into
    /// queue `q` as job `id` (see the module docs for the protocol).
    pub fn commit(
        &self,
        incoming: &Path,
        job: &CompletedJob,
        meta: &JobMeta,
        q: &Queue,
        id: u32,
    ) -> Result<(), SpoolError> {
        let n = self.serial.fetch_add(1, Ordering::Relaxed);
        let stage = incoming.join(format!(".job-{n}"));
        fs::create_dir(&stage).map_err(err(&stage, "cannot create"))?;
        for (name, _) in &job.data {
            let from = incoming.join(name.as_str());
            let to = stage.join(name.as_str());
            fs::rename(&from, &to).map_err(err(&from, "cannot move data file"))?;
            self.sync_file(&to)?;
        }
        self.write_file(&stage.join("control"), &job.control_bytes)?;
        let meta_bytes = serde_json::to_vec_pretty(meta).unwrap_or_default();
        self.write_file(&stage.join("job.json"), &meta_bytes)?;
        self.sync_dir(&stage)?;
        let dest = self.job_dir(q, id);
        fs::rename(&stage, &dest).map_err(err(&dest, "cannot move job into the queue"))?;
        self.sync_dir(&self.queue_dir(q))?;
        Ok(())
    }

    fn trash(&self, path: &Path) -> Result<(), SpoolError> {
        let n = self.serial.fetch_add(1, Ordering::Relaxed);
        let to = self
            .root
            .join("trash")
            .join(format!("{}-{n}", std::process::id()));
        fs::rename(path, &to).map_err(err(path, "cannot move to trash"))?;
        let r = if to.is_dir() {
            fs::remove_dir_all(&to)
        } else {
            fs::remove_file(&to)
        };
        r.map_err(err(&to, "cannot delete"))
    }

    /// Deletes a job: one rename takes it out of the queue, then its files
    /// are removed.
    pub fn remove_job(&self, q: &Queue, id: u32) -> Result<(), SpoolError> {
        let dir = self.job_dir(q, id);
        let n = self.serial.fetch_add(1, Ordering::Relaxed);
        let to = self
            .root
            .join("trash")
            .join(format!("{}-{n}", std::process::id()));
        fs::rename(&dir, &to).map_err(err(&dir, "cannot move job to trash"))?;
        self.sync_dir(&self.queue_dir(q))?;
        fs::remove_dir_all(&to).map_err(err(&to, "cannot delete"))
    }

    /// Moves a job to another queue (or number), with new metadata.
    pub fn move_job(
        &self,
        from: (&Queue, u32),
        to: (&Queue, u32),
        meta: &JobMeta,
    ) -> Result<(), SpoolError> {
        self.save_meta(from.0, from.1, meta)?;
        let src = self.job_dir(from.0, from.1);
        let dst = self.job_dir(to.0, to.1);
        fs::rename(&src, &dst).map_err(err(&dst, "cannot move job"))?;
        self.sync_dir(&self.queue_dir(to.0))?;
        self.sync_dir(&self.queue_dir(from.0))
    }

    /// Removes everything in a queue directory that is not a job or its
    /// state file; returns what was removed.
    pub fn clean_queue(&self, q: &Queue, jobs: &[u32]) -> Result<Vec<String>, SpoolError> {
        let dir = self.queue_dir(q);
        let mut removed = Vec::new();
        for e in fs::read_dir(&dir)
            .map_err(err(&dir, "cannot list"))?
            .flatten()
        {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_job = name.parse::<u32>().is_ok_and(|id| jobs.contains(&id));
            if name != "state.json" && !is_job {
                self.trash(&e.path())?;
                removed.push(name);
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::session::CompletedJob;

    fn job(dir: &Path) -> CompletedJob {
        let name = FileName::new(FileKind::Data, "dfA001ws").unwrap();
        fs::write(dir.join(name.as_str()), b"hello").unwrap();
        let cf = b"Hws\nPalice\nfdfA001ws\n".to_vec();
        CompletedJob {
            control_name: FileName::new(FileKind::Control, "cfA001ws").unwrap(),
            control: ControlFile::decode(&cf).unwrap(),
            control_bytes: cf,
            data: vec![(name, 5)],
        }
    }

    fn meta() -> JobMeta {
        JobMeta {
            control_name: "cfA001ws".into(),
            peer: "127.0.0.1".parse().unwrap(),
            received: 0,
            order: 1,
            held: false,
            attempts: 0,
            failed: false,
            reason: None,
            data: vec![DataMeta {
                name: "dfA001ws".into(),
                size: 5,
            }],
        }
    }

    #[test]
    fn commit_then_reload_finds_the_whole_job() {
        let tmp = tempfile::tempdir().unwrap();
        let q = Queue::new("lp").unwrap();
        {
            let s = Spool::open(tmp.path(), true).unwrap();
            s.load_queue(&q).unwrap();
            let inc = s.incoming_dir().unwrap();
            s.commit(&inc, &job(&inc), &meta(), &q, 1).unwrap();
            s.save_flags(
                &q,
                &QueueFlags {
                    printing: false,
                    ..Default::default()
                },
            )
            .unwrap();
            // An interrupted transfer of another connection.
            let other = s.incoming_dir().unwrap();
            fs::write(other.join("dfA002ws"), b"partial").unwrap();
        }
        let s = Spool::open(tmp.path(), true).unwrap();
        let loaded = s.load_queue(&q).unwrap();
        assert!(!loaded.flags.printing);
        assert_eq!(loaded.jobs.len(), 1);
        assert_eq!(loaded.jobs[0].id, 1);
        assert_eq!(loaded.jobs[0].meta, meta());
        assert_eq!(
            fs::read_dir(tmp.path().join("incoming")).unwrap().count(),
            0
        );
        let df = FileName::new(FileKind::Data, "dfA001ws").unwrap();
        assert_eq!(fs::read(s.data_path(&q, 1, &df)).unwrap(), b"hello");
        s.remove_job(&q, 1).unwrap();
        assert!(s.load_queue(&q).unwrap().jobs.is_empty());
    }

    #[test]
    fn a_second_server_cannot_open_the_same_spool() {
        let tmp = tempfile::tempdir().unwrap();
        let _a = Spool::open(tmp.path(), false).unwrap();
        let e = Spool::open(tmp.path(), false).unwrap_err();
        assert!(e.to_string().contains("another lpd"), "{e}");
    }

    #[test]
    fn stray_and_broken_entries_are_moved_out_of_the_queue() {
        let tmp = tempfile::tempdir().unwrap();
        let q = Queue::new("lp").unwrap();
        let s = Spool::open(tmp.path(), false).unwrap();
        let dir = s.queue_dir(&q);
        fs::create_dir_all(dir.join("7")).unwrap();
        fs::write(dir.join("junk"), b"x").unwrap();
        let loaded = s.load_queue(&q).unwrap();
        assert!(loaded.jobs.is_empty());
        assert_eq!(loaded.junk.len(), 2);
        assert!(!dir.join("7").exists());
    }
}
