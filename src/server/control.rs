//! LPRng's remote control (command `06`, what `lpc` sends): status, start,
//! stop, enable, disable, abort, up, down, topq, hold, release, redirect,
//! move, clean. Only administrators (`access.admin`) may use it; every
//! answer is text, one line per queue or job.

use super::Shared;
use super::access::Operation;
use super::queue::QueueHandle;
use super::scheduler::save_meta;
use crate::proto::{Command, ControlOp, JobSelector, Queue, Word};
use std::net::SocketAddr;
use std::sync::Arc;

/// Runs a control command on one queue, or on every queue when `queue` is
/// `None` (the queue name `all`).
pub async fn run(
    shared: &Arc<Shared>,
    queue: Option<&Arc<QueueHandle>>,
    peer: SocketAddr,
    cmd: &Command,
) -> String {
    let Command::Control {
        user,
        operation,
        operands,
        ..
    } = cmd
    else {
        return String::new();
    };
    let targets: Vec<Arc<QueueHandle>> = match queue {
        Some(q) => vec![q.clone()],
        None => shared.queues.values().cloned().collect(),
    };
    let mut out = String::new();
    for q in targets {
        if let Err(why) = q.access.check(Operation::Admin, peer) {
            tracing::warn!(%peer, %user, queue = %q.name, operation = %operation, reason = %why,
                "control operation refused");
            out.push_str(&format!(
                "lpd: {}: permission denied: {} may not use lpc {operation} ({why})\n",
                q.name,
                peer.ip()
            ));
            continue;
        }
        tracing::info!(%peer, %user, queue = %q.name, operation = %operation, "control operation");
        out.push_str(&one(shared, &q, operation, operands).await);
    }
    out
}

fn selectors(words: &[Word]) -> Result<Vec<JobSelector>, String> {
    words
        .iter()
        .map(|w| JobSelector::decode(w.as_bytes()).map_err(|e| format!("{w}: {e}")))
        .collect()
}

async fn save_flags(shared: &Arc<Shared>, q: &QueueHandle) {
    let flags = q.lock().flags.clone();
    let s = shared.clone();
    let name = q.name.clone();
    if let Ok(Err(e)) = tokio::task::spawn_blocking(move || s.spool.save_flags(&name, &flags)).await
    {
        tracing::error!(queue = %q.name, error = %e, "cannot save queue state");
    }
}

/// Sets flags, persists them, wakes the scheduler, and describes the result.
async fn set_flags(
    shared: &Arc<Shared>,
    q: &QueueHandle,
    spooling: Option<bool>,
    printing: Option<bool>,
    abort: bool,
) -> String {
    let mut out = String::new();
    {
        let mut st = q.lock();
        if let Some(s) = spooling {
            st.flags.spooling = s;
            out.push_str(&format!(
                "{}: queueing {}\n",
                q.name,
                if s { "enabled" } else { "disabled" }
            ));
        }
        if let Some(p) = printing {
            st.flags.printing = p;
            out.push_str(&format!(
                "{}: printing {}\n",
                q.name,
                if p { "enabled" } else { "disabled" }
            ));
        }
        if abort {
            let mut n = 0;
            for job in st.jobs.values_mut() {
                if let Some(a) = job.abort.take() {
                    a.abort();
                    n += 1;
                }
            }
            out.push_str(&format!(
                "{}: printing aborted ({n} job(s) stopped, kept in the queue)\n",
                q.name
            ));
        }
        st.status = super::scheduler::idle_status(&q.name, &st);
    }
    save_flags(shared, q).await;
    q.wake.notify_one();
    out
}

/// Job numbers selected by operands (none: every job).
fn pick(q: &QueueHandle, list: &[JobSelector]) -> Vec<u32> {
    let st = q.lock();
    st.ordered()
        .filter(|j| list.is_empty() || list.iter().any(|s| j.matches(s)))
        .map(|j| j.id)
        .collect()
}

async fn one(
    shared: &Arc<Shared>,
    q: &Arc<QueueHandle>,
    op: &ControlOp,
    operands: &[Word],
) -> String {
    match op {
        ControlOp::Status => status(q),
        ControlOp::Start => set_flags(shared, q, None, Some(true), false).await,
        ControlOp::Stop => set_flags(shared, q, None, Some(false), false).await,
        ControlOp::Enable => set_flags(shared, q, Some(true), None, false).await,
        ControlOp::Disable => set_flags(shared, q, Some(false), None, false).await,
        ControlOp::Up => set_flags(shared, q, Some(true), Some(true), false).await,
        ControlOp::Down => set_flags(shared, q, Some(false), Some(false), false).await,
        ControlOp::Abort => set_flags(shared, q, None, Some(false), true).await,
        ControlOp::Topq | ControlOp::Hold | ControlOp::Release => {
            let list = match selectors(operands) {
                Ok(l) => l,
                Err(e) => return format!("{}: {op}: {e}\n", q.name),
            };
            if list.is_empty() && *op == ControlOp::Topq {
                return format!("{}: topq needs job numbers or user names\n", q.name);
            }
            let ids = pick(q, &list);
            let mut out = String::new();
            let mut metas = Vec::new();
            {
                let mut st = q.lock();
                if *op == ControlOp::Topq {
                    st.to_top(&ids);
                }
                for id in &ids {
                    let Some(job) = st.jobs.get_mut(id) else {
                        continue;
                    };
                    match op {
                        ControlOp::Hold => job.meta.held = true,
                        ControlOp::Release => {
                            job.meta.held = false;
                            job.meta.failed = false;
                            job.meta.attempts = 0;
                            job.not_before = None;
                        }
                        _ => {}
                    }
                    out.push_str(&format!(
                        "{}: job {id} ({}) {}\n",
                        q.name,
                        job.user(),
                        match op {
                            ControlOp::Hold => "held",
                            ControlOp::Release => "released",
                            _ => "moved to the top",
                        }
                    ));
                    metas.push((*id, job.meta.clone()));
                }
            }
            for (id, meta) in metas {
                save_meta(shared, &q.name, id, meta).await;
            }
            if ids.is_empty() {
                out.push_str(&format!("{}: no matching jobs\n", q.name));
            }
            q.wake.notify_one();
            out
        }
        ControlOp::Redirect => {
            let Some(dest) = operands.first() else {
                return format!("{}: redirect needs a queue name or \"off\"\n", q.name);
            };
            let value = if dest.as_str() == "off" {
                None
            } else {
                let Ok(d) = Queue::new(dest.as_str()) else {
                    return format!("{}: {dest} is not a queue name\n", q.name);
                };
                if !shared.queues.contains_key(&d) || d == q.name {
                    return format!(
                        "{}: cannot redirect to {d}: not another queue of this server\n",
                        q.name
                    );
                }
                Some(d.to_string())
            };
            let reply = match &value {
                Some(d) => format!("{}: redirected to {d}\n", q.name),
                None => format!("{}: redirection off\n", q.name),
            };
            q.lock().flags.redirect = value;
            save_flags(shared, q).await;
            q.wake.notify_one();
            reply
        }
        ControlOp::Move => {
            let Some((dest, jobs)) = operands.split_last() else {
                return format!("{}: move needs jobs and a destination queue\n", q.name);
            };
            let Ok(d) = Queue::new(dest.as_str()) else {
                return format!("{}: {dest} is not a queue name\n", q.name);
            };
            let list = match selectors(jobs) {
                Ok(l) if !l.is_empty() => l,
                Ok(_) => return format!("{}: move needs job numbers or user names\n", q.name),
                Err(e) => return format!("{}: move: {e}\n", q.name),
            };
            let ids = pick(q, &list);
            let moved = move_jobs(shared, q, &ids, d.as_str()).await;
            let mut out = String::new();
            for (old, new) in &moved {
                out.push_str(&format!(
                    "{}: job {old} moved to {d} as job {new}\n",
                    q.name
                ));
            }
            if moved.is_empty() {
                out.push_str(&format!("{}: no jobs moved\n", q.name));
            }
            out
        }
        ControlOp::Clean => {
            let ids: Vec<u32> = q.lock().jobs.keys().copied().collect();
            let s = shared.clone();
            let name = q.name.clone();
            match tokio::task::spawn_blocking(move || s.spool.clean_queue(&name, &ids)).await {
                Ok(Ok(removed)) => format!(
                    "{}: cleaned, {} stray file(s) removed\n",
                    q.name,
                    removed.len()
                ),
                Ok(Err(e)) => format!("{}: clean failed: {e}\n", q.name),
                Err(e) => format!("{}: clean failed: {e}\n", q.name),
            }
        }
        ControlOp::Other(w) => format!(
            "{}: unknown operation {w:?} (known: status start stop enable disable abort up down topq hold release redirect move clean)\n",
            q.name
        ),
    }
}

/// One status line per queue, then one per device.
fn status(q: &QueueHandle) -> String {
    let st = q.lock();
    let failed = st.jobs.values().filter(|j| j.meta.failed).count();
    let held = st.jobs.values().filter(|j| j.meta.held).count();
    let mut out = format!(
        "{}: printing {}, queueing {}, {} job(s) ({failed} failed, {held} held){}{}\n",
        q.name,
        if st.flags.printing {
            "enabled"
        } else {
            "disabled"
        },
        if st.flags.spooling {
            "enabled"
        } else {
            "disabled"
        },
        st.jobs.len(),
        st.flags
            .redirect
            .as_ref()
            .map(|r| format!(", redirected to {r}"))
            .unwrap_or_default(),
        q.config
            .description
            .as_ref()
            .map(|d| format!(" - {d}"))
            .unwrap_or_default(),
    );
    out.push_str(&format!("  status: {}\n", st.status));
    for (i, (cfg, d)) in q.config.devices.iter().zip(&st.devices).enumerate() {
        let what = match (&d.busy, &d.error) {
            // A retry in progress still shows why the last attempt failed.
            (Some(id), Some(e)) => format!("printing job {id}, last error: {e}"),
            (Some(id), None) => format!("printing job {id}"),
            (None, Some(e)) => format!("idle, last error: {e}"),
            (None, None) => "idle".to_owned(),
        };
        out.push_str(&format!("  device {}: {cfg}: {what}\n", i + 1));
    }
    out
}

/// Moves jobs (not being printed) from `q` to the local queue `dest`,
/// giving them numbers there; returns (old, new) numbers.
pub async fn move_jobs(
    shared: &Arc<Shared>,
    q: &Arc<QueueHandle>,
    ids: &[u32],
    dest: &str,
) -> Vec<(u32, u32)> {
    let Some(to) = Queue::new(dest)
        .ok()
        .and_then(|d| shared.queue(&d).cloned())
    else {
        tracing::warn!(queue = %q.name, dest, "move/redirect target is not a queue of this server");
        return Vec::new();
    };
    if Arc::ptr_eq(&to, q) {
        return Vec::new();
    }
    let mut moved = Vec::new();
    for &id in ids {
        let Some(mut job) = ({
            let mut st = q.lock();
            match st.jobs.get(&id) {
                Some(j) if j.active.is_none() => st.remove(id),
                _ => None,
            }
        }) else {
            continue;
        };
        let new_id = {
            let mut st = to.lock();
            let n = st.assign_number(id % 1000, to.max_jobs);
            if n.is_some() {
                job.meta.order = st.next_order();
            }
            n
        };
        let Some(new_id) = new_id else {
            tracing::warn!(queue = %q.name, job = id, dest, "destination queue is full; job stays");
            q.lock().insert(job);
            continue;
        };
        let s = shared.clone();
        let (from, dst, meta) = (q.name.clone(), to.name.clone(), job.meta.clone());
        let r = tokio::task::spawn_blocking(move || {
            s.spool.move_job((&from, id), (&dst, new_id), &meta)
        })
        .await;
        match r {
            Ok(Ok(())) => {
                job.id = new_id;
                job.not_before = None;
                to.lock().insert(job);
                tracing::info!(queue = %q.name, job = id, dest, new_job = new_id, "job moved");
                moved.push((id, new_id));
            }
            _ => {
                to.lock().reserved.remove(&new_id);
                tracing::error!(queue = %q.name, job = id, dest, "cannot move job; it stays");
                q.lock().insert(job);
            }
        }
    }
    to.wake.notify_one();
    moved
}
