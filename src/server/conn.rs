//! One connection: read the daemon command, check access, answer it.
//! The receive-job conversation is driven here and decided in
//! [`super::session`]; this file only does the I/O.

use super::Shared;
use super::access::Operation;
use super::accounting::Outcome;
use super::queue::{Job, QueueHandle};
use super::session::{CompletedJob, Event, ReceiveLimits, ReceiveSession};
use super::spool::{DataMeta, JobMeta};
use crate::proto::{Ack, Command, FileKind, JobSelector, UserName, lpq::JSON_OPERAND};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Size of the receive buffer: large reads go straight to the file.
const BUF: usize = 256 << 10;
/// During a count-0 transfer, free space is checked again this often.
const SPACE_CHECK: u64 = 64 << 20;

/// Serves one connection to its end; every problem is logged here.
pub async fn serve(shared: Arc<Shared>, mut stream: TcpStream, peer: SocketAddr) {
    let _ = stream.set_nodelay(true);
    let limits = &shared.config.limits;
    let mut buf = vec![0u8; BUF];
    let mut end = 0;
    // Read the command line.
    let lf = loop {
        if let Some(i) = buf[..end].iter().position(|&b| b == b'\n') {
            break i;
        }
        if end >= limits.max_line {
            tracing::warn!(%peer, max = limits.max_line,
                "refused: command line longer than limits.max_line");
            let _ = stream.write_all(&[Ack::REFUSED.encode()]).await;
            return;
        }
        let cap = limits.max_line.min(buf.len());
        match tokio::time::timeout(limits.idle_timeout.0, stream.read(&mut buf[end..cap])).await {
            Ok(Ok(0)) => {
                if end > 0 {
                    tracing::warn!(%peer, "connection closed in the middle of the command line");
                }
                return;
            }
            Ok(Ok(n)) => end += n,
            Ok(Err(e)) => {
                tracing::debug!(%peer, error = %e, "read failed");
                return;
            }
            Err(_) => {
                tracing::warn!(%peer, timeout = ?limits.idle_timeout.0,
                    "closed: no command within limits.idle_timeout");
                return;
            }
        }
    };
    let cmd = match Command::decode(&buf[..=lf]) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(%peer, error = %e, "refused: malformed daemon command");
            if buf.first() == Some(&2) {
                let _ = stream.write_all(&[Ack::REFUSED.encode()]).await;
            } else {
                let _ = stream
                    .write_all(format!("lpd: malformed request: {e}\n").as_bytes())
                    .await;
            }
            return;
        }
    };
    let leftover = buf[lf + 1..end].to_vec();
    tracing::debug!(%peer, command = %cmd, "request");
    let Some(q) = shared.queue(cmd.queue()).cloned() else {
        let is_all = cmd.queue().as_str() == "all";
        if let (true, Command::Control { .. }) = (is_all, &cmd) {
            let reply = super::control::run(&shared, None, peer, &cmd).await;
            let _ = stream.write_all(reply.as_bytes()).await;
            return;
        }
        tracing::warn!(%peer, queue = %cmd.queue(), command = %cmd, "refused: unknown queue");
        let reply = match cmd {
            Command::ReceiveJob { .. } => vec![Ack::REFUSED.encode()],
            _ => format!("lpd: {}: unknown printer\n", cmd.queue()).into_bytes(),
        };
        let _ = stream.write_all(&reply).await;
        return;
    };
    let op = match &cmd {
        Command::PrintWaiting { .. } | Command::ReceiveJob { .. } => Operation::Submit,
        Command::QueueState { .. } => Operation::Status,
        Command::Remove { .. } => Operation::Remove,
        Command::Control { .. } => Operation::Admin,
    };
    if let Err(why) = q.access.check(op, peer) {
        tracing::warn!(%peer, queue = %q.name, operation = %op, reason = %why, "refused");
        let reply = match cmd {
            Command::ReceiveJob { .. } => vec![Ack::REFUSED.encode()],
            Command::PrintWaiting { .. } => vec![],
            _ => format!(
                "lpd: {}: permission denied: {} may not {op} ({why})\n",
                q.name,
                peer.ip()
            )
            .into_bytes(),
        };
        let _ = stream.write_all(&reply).await;
        return;
    }
    match cmd {
        Command::PrintWaiting { .. } => {
            // Jobs waiting out a retry delay are tried now.
            let retried = {
                let mut st = q.lock();
                let mut n = 0;
                for j in st.jobs.values_mut() {
                    if j.not_before.take().is_some() {
                        n += 1;
                    }
                }
                n
            };
            tracing::info!(%peer, queue = %q.name, retried, "print waiting jobs");
            q.wake.notify_one();
        }
        Command::ReceiveJob { .. } => {
            receive(&shared, &q, stream, peer, leftover).await;
            return;
        }
        Command::QueueState { format, list, .. } => {
            let reply = {
                let state = q.lock();
                let json = matches!(list.first(), Some(JobSelector::User(u)) if u.as_str() == JSON_OPERAND);
                if json {
                    super::status::json(&q.name, &shared.hostname, &state, &list[1..])
                } else {
                    super::status::text(&q.name, &state, format, &list)
                }
            };
            if let Err(e) = stream.write_all(reply.as_bytes()).await {
                tracing::debug!(%peer, error = %e, "status reply not delivered");
            }
        }
        Command::Remove { agent, list, .. } => {
            let reply = remove(&shared, &q, peer, &agent, &list).await;
            let _ = stream.write_all(reply.as_bytes()).await;
        }
        Command::Control { .. } => {
            let reply = super::control::run(&shared, Some(&q), peer, &cmd).await;
            let _ = stream.write_all(reply.as_bytes()).await;
        }
    }
    let _ = stream.shutdown().await;
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Free bytes for unprivileged users in the spool's file system.
fn free_space(dir: &Path) -> Option<u64> {
    let s = nix::sys::statvfs::statvfs(dir).ok()?;
    Some((s.blocks_available() as u64).saturating_mul(s.fragment_size() as u64))
}

/// Refusal reason when storing `need` more bytes would break the floor.
fn space_refusal(shared: &Shared, need: u64) -> Option<String> {
    let floor = shared.config.limits.min_free_disk.0;
    let free = free_space(shared.spool.root())?;
    (free < floor.saturating_add(need)).then(|| {
        format!(
            "{free} bytes free in the spool file system; {need} more would go below limits.min_free_disk ({floor})"
        )
    })
}

/// The `02` command: the receive-job conversation.
async fn receive(
    shared: &Arc<Shared>,
    q: &Arc<QueueHandle>,
    mut stream: TcpStream,
    peer: SocketAddr,
    leftover: Vec<u8>,
) {
    let refusal = {
        let st = q.lock();
        if !st.flags.spooling {
            Some((Ack::REFUSED, "queue is disabled (lpc disable)".to_owned()))
        } else if st.jobs.len() + st.reserved.len() >= q.max_jobs {
            Some((
                Ack::NO_SPACE,
                format!(
                    "queue holds {} jobs (limits.max_jobs_per_queue)",
                    q.max_jobs
                ),
            ))
        } else {
            None
        }
    }
    .or_else(|| space_refusal(shared, 0).map(|r| (Ack::NO_SPACE, r)));
    if let Some((ack, reason)) = refusal {
        tracing::warn!(%peer, queue = %q.name, %reason, "job refused");
        let _ = stream.write_all(&[ack.encode()]).await;
        return;
    }
    let incoming = match shared.spool.incoming_dir() {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(%peer, queue = %q.name, error = %e, "job refused");
            let _ = stream.write_all(&[Ack::NO_SPACE.encode()]).await;
            return;
        }
    };
    if stream.write_all(&[Ack::Positive.encode()]).await.is_err() {
        remove_dir(incoming).await;
        return;
    }
    let mut d = Driver {
        shared,
        q,
        peer,
        incoming: incoming.clone(),
        file: None,
        streamed: 0,
        jobs: 0,
    };
    d.run(&mut stream, leftover).await;
    remove_dir(incoming).await;
}

async fn remove_dir(dir: PathBuf) {
    let _ = tokio::task::spawn_blocking(move || std::fs::remove_dir_all(dir)).await;
}

struct Driver<'a> {
    shared: &'a Arc<Shared>,
    q: &'a Arc<QueueHandle>,
    peer: SocketAddr,
    incoming: PathBuf,
    file: Option<tokio::fs::File>,
    /// Bytes of the current data file since the last free-space check.
    streamed: u64,
    jobs: usize,
}

impl Driver<'_> {
    async fn run(&mut self, stream: &mut TcpStream, leftover: Vec<u8>) {
        let limits = &self.shared.config.limits;
        let mut session = ReceiveSession::new(ReceiveLimits {
            max_line: limits.max_line,
            max_control_file: limits.max_control_file.0,
            max_job_size: limits.max_job_size.0,
            max_files_per_job: limits.max_files_per_job,
        });
        let mut buf = vec![0u8; BUF];
        buf[..leftover.len()].copy_from_slice(&leftover);
        let (mut start, mut end) = (0, leftover.len());
        let mut eof = false;
        loop {
            let (n, ev) = session.advance(&buf[start..end]);
            start += n;
            match ev {
                Event::NeedInput => {
                    if session.awaiting_decision() {
                        // Every event that needs a decision gets one below;
                        // never spin if that is ever not so.
                        tracing::error!(peer = %self.peer, "receive session stuck; closing");
                        return;
                    }
                    let out = session.take_output();
                    if !out.is_empty() && stream.write_all(&out).await.is_err() {
                        tracing::warn!(peer = %self.peer, queue = %self.q.name,
                            "client went away before an acknowledgement");
                        return;
                    }
                    if start == end {
                        start = 0;
                        end = 0;
                    }
                    if eof {
                        session.close();
                        continue;
                    }
                    if !session.wants_input() && start == end {
                        session.close();
                        continue;
                    }
                    let timeout = if session.mid_transfer() {
                        limits.read_timeout.0
                    } else {
                        limits.idle_timeout.0
                    };
                    if end == buf.len() {
                        buf.copy_within(start..end, 0);
                        end -= start;
                        start = 0;
                    }
                    match tokio::time::timeout(timeout, stream.read(&mut buf[end..])).await {
                        Ok(Ok(0)) => eof = true,
                        Ok(Ok(k)) => end += k,
                        Ok(Err(e)) => {
                            tracing::warn!(peer = %self.peer, queue = %self.q.name, error = %e,
                                "transfer broken; nothing uncommitted is kept");
                            eof = true;
                        }
                        Err(_) => {
                            tracing::warn!(peer = %self.peer, queue = %self.q.name,
                                timeout = ?timeout,
                                "closed: client silent past limits.idle_timeout/read_timeout");
                            return;
                        }
                    }
                }
                Event::BeginFile { kind, name, count } => {
                    let need = if kind == FileKind::Data { count } else { 0 };
                    if let Some(why) = space_refusal(self.shared, need) {
                        tracing::warn!(peer = %self.peer, queue = %self.q.name, file = %name,
                            reason = %why, "file refused");
                        session.refuse(Ack::NO_SPACE);
                        continue;
                    }
                    if kind == FileKind::Data {
                        let path = self.incoming.join(name.as_str());
                        match tokio::fs::File::create(&path).await {
                            Ok(f) => {
                                self.file = Some(f);
                                self.streamed = 0;
                            }
                            Err(e) => {
                                tracing::error!(path = %path.display(), error = %e,
                                    "cannot create spool file; file refused");
                                session.refuse(Ack::NO_SPACE);
                                continue;
                            }
                        }
                    }
                    session.accept();
                }
                Event::Data(bytes) => {
                    let len = bytes.len() as u64;
                    let ok = match self.file.as_mut() {
                        Some(f) => f.write_all(bytes).await.is_ok(),
                        None => false,
                    };
                    self.streamed += len;
                    let full = if self.streamed >= SPACE_CHECK {
                        self.streamed = 0;
                        space_refusal(self.shared, 0)
                    } else {
                        None
                    };
                    if !ok || full.is_some() {
                        tracing::warn!(peer = %self.peer, queue = %self.q.name,
                            reason = full.as_deref().unwrap_or("write to the spool failed"),
                            "transfer refused");
                        self.file = None;
                        session.refuse(Ack::NO_SPACE);
                    }
                }
                Event::DataEnd { name, size } => {
                    let ok = match self.file.take() {
                        Some(mut f) => f.flush().await.is_ok(),
                        None => false,
                    };
                    if !ok {
                        tracing::error!(peer = %self.peer, file = %name, size,
                            "data file could not be written");
                    }
                    session.stored(ok);
                }
                Event::Commit(job) => {
                    let r = self.commit(job).await;
                    session.committed(r);
                }
                Event::Abort => {
                    tracing::info!(peer = %self.peer, queue = %self.q.name,
                        "client aborted the job; uncommitted files removed");
                    self.file = None;
                    let dir = self.incoming.clone();
                    let _ = tokio::task::spawn_blocking(move || clear_dir(&dir)).await;
                }
                Event::Refused(r) => {
                    tracing::warn!(peer = %self.peer, queue = %self.q.name,
                        ack = r.ack.encode(), reason = %r.reason, "job refused");
                }
                Event::Closed {
                    unclaimed,
                    incomplete,
                    truncated,
                } => {
                    let out = session.take_output();
                    if !out.is_empty() {
                        let _ = stream.write_all(&out).await;
                    }
                    if truncated {
                        tracing::warn!(peer = %self.peer, queue = %self.q.name,
                            "connection closed in the middle of a transfer; uncommitted files dropped");
                    }
                    for f in unclaimed {
                        tracing::info!(peer = %self.peer, queue = %self.q.name, file = %f,
                            "data file named by no control file dropped");
                    }
                    for f in incomplete {
                        tracing::warn!(peer = %self.peer, queue = %self.q.name, control = %f,
                            "job dropped: its data files did not all arrive");
                    }
                    tracing::debug!(peer = %self.peer, jobs = self.jobs, "receive finished");
                    let _ = stream.shutdown().await;
                    return;
                }
            }
        }
    }

    /// Commits a complete job: reserve a number, write it durably, then
    /// show it in the queue.
    async fn commit(&mut self, job: CompletedJob) -> Result<(), Ack> {
        let shared = self.shared;
        let wanted = u32::from(job.control_name.job_number().get());
        let (id, meta) = {
            let mut st = self.q.lock();
            if !st.flags.spooling {
                tracing::warn!(peer = %self.peer, queue = %self.q.name,
                    "job refused: queue disabled (lpc disable)");
                return Err(Ack::REFUSED);
            }
            let Some(id) = st.assign_number(wanted, self.q.max_jobs) else {
                tracing::warn!(peer = %self.peer, queue = %self.q.name, max = self.q.max_jobs,
                    "job refused: queue full (limits.max_jobs_per_queue)");
                return Err(Ack::NO_SPACE);
            };
            let meta = JobMeta {
                control_name: job.control_name.to_string(),
                peer: self.peer.ip(),
                received: now_secs(),
                order: st.next_order(),
                held: false,
                attempts: 0,
                failed: false,
                reason: None,
                data: job
                    .data
                    .iter()
                    .map(|(n, size)| DataMeta {
                        name: n.to_string(),
                        size: *size,
                    })
                    .collect(),
            };
            (id, meta)
        };
        let shared2 = shared.clone();
        let qname = self.q.name.clone();
        let incoming = self.incoming.clone();
        let (job, meta, r) = match tokio::task::spawn_blocking(move || {
            let r = shared2.spool.commit(&incoming, &job, &meta, &qname, id);
            (job, meta, r)
        })
        .await
        {
            Ok(x) => x,
            Err(e) => {
                self.q.lock().reserved.remove(&id);
                tracing::error!(error = %e, "commit task failed");
                return Err(Ack::NO_SPACE);
            }
        };
        if let Err(e) = r {
            self.q.lock().reserved.remove(&id);
            tracing::error!(peer = %self.peer, queue = %self.q.name, error = %e,
                "job refused: cannot store it");
            return Err(Ack::NO_SPACE);
        }
        let user = job
            .control
            .user()
            .map(UserName::to_string)
            .unwrap_or_default();
        tracing::info!(peer = %self.peer, queue = %self.q.name, job = id,
            control = %job.control_name, %user, files = job.data.len(),
            bytes = job.data.iter().map(|d| d.1).sum::<u64>(), "job queued");
        {
            let mut st = self.q.lock();
            st.insert(Job {
                id,
                control: job.control,
                meta,
                active: None,
                not_before: None,
                abort: None,
            });
        }
        self.jobs += 1;
        self.q.wake.notify_one();
        Ok(())
    }
}

/// Removes every file and folder inside `dir`, keeping `dir`.
fn clear_dir(dir: &Path) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }
}

/// The `05` command. A user removes their own jobs (same `P` user as the
/// agent, submitted from the same address); an administrator removes any
/// job by number, and `root` on an administrator's host any user's jobs.
async fn remove(
    shared: &Arc<Shared>,
    q: &Arc<QueueHandle>,
    peer: SocketAddr,
    agent: &UserName,
    list: &[JobSelector],
) -> String {
    let admin = q.access.check(Operation::Admin, peer).is_ok();
    let root = agent.as_str() == "root";
    let mut reply = String::new();
    let mut removed = Vec::new();
    {
        let mut st = q.lock();
        let all = list
            .iter()
            .any(|s| matches!(s, JobSelector::User(u) if u.as_str() == "-all"));
        let candidates: Vec<(u32, bool)> = if list.is_empty() {
            // RFC 1179 §5.5: an empty list means the active job (BSD: the
            // first job, if it is the agent's).
            st.ranks()
                .first()
                .map(|(j, _)| (j.id, false))
                .into_iter()
                .collect()
        } else {
            st.ordered()
                .filter_map(|j| {
                    if all {
                        return Some((j.id, true));
                    }
                    let by_number = list
                        .iter()
                        .any(|s| matches!(s, JobSelector::Job(_)) && j.matches(s));
                    let by_user = list
                        .iter()
                        .any(|s| matches!(s, JobSelector::User(_)) && j.matches(s));
                    (by_number || by_user).then_some((j.id, !by_number))
                })
                .collect()
        };
        for (id, by_user) in candidates {
            let Some(job) = st.jobs.get(&id) else {
                continue;
            };
            let own = job.user() == agent.as_str() && job.meta.peer == peer.ip();
            let allowed = own || (admin && (!by_user || root));
            if !allowed {
                if !by_user || list.is_empty() {
                    reply.push_str(&format!(
                        "Permission denied: job {id} belongs to {}@{}\n",
                        job.user(),
                        job.host()
                    ));
                }
                tracing::warn!(%peer, queue = %q.name, job = id, agent = %agent,
                    owner = job.user(), "remove refused: not the owner's user and address, not an administrator");
                continue;
            }
            if let Some(mut job) = st.remove(id) {
                if let Some(a) = job.abort.take() {
                    a.abort();
                }
                if let Some(dev) = job.active {
                    if let Some(d) = st.devices.get_mut(dev) {
                        d.busy = None;
                    }
                }
                removed.push(job);
            }
        }
    }
    for job in removed {
        let s = shared.clone();
        let qn = q.name.clone();
        let id = job.id;
        let r = tokio::task::spawn_blocking(move || s.spool.remove_job(&qn, id)).await;
        if let Ok(Err(e)) = r {
            tracing::error!(queue = %q.name, job = id, error = %e, "cannot delete removed job");
        }
        for d in &job.meta.data {
            reply.push_str(&format!("{} dequeued\n", d.name));
        }
        reply.push_str(&format!("{} dequeued\n", job.meta.control_name));
        tracing::info!(%peer, queue = %q.name, job = id, agent = %agent, "job removed");
        shared.accounting.record(
            q.name.as_str(),
            &job,
            Outcome::Removed,
            None,
            Duration::ZERO,
            None,
        );
    }
    q.wake.notify_one();
    reply
}
