//! The scheduler of one queue: hands the next job to the next idle device
//! (a printer pool when a queue has several), retries failed attempts with
//! exponential backoff, keeps a job as failed after the configured number
//! of attempts, and follows `lpc redirect`.
//!
//! A device that refuses, hangs or fails mid-job never loses the job: each
//! attempt runs under `retry.attempt_timeout`, and the job is only deleted
//! after the device reported success.

use super::Shared;
use super::accounting::Outcome;
use super::device::{self, PrintFile, PrintJob};
use super::queue::{Job, QueueHandle, QueueState};
use crate::proto::Queue;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// What one attempt reports.
struct Attempt {
    device: usize,
    job: u32,
    result: Result<Option<u64>, String>,
    duration: Duration,
}

/// The status line when nothing is wrong.
pub fn idle_status(queue: &Queue, state: &QueueState) -> String {
    if !state.flags.printing {
        "printing disabled".to_owned()
    } else {
        format!("{queue} is ready and printing")
    }
}

fn refresh_status(q: &QueueHandle, st: &mut QueueState) {
    let now = Instant::now();
    let waiting_error = st.devices.iter().find_map(|d| d.error.clone());
    st.status = match (st.flags.printing, waiting_error) {
        (true, Some(e)) if st.jobs.values().any(|j| !j.meta.failed && !j.meta.held) => {
            match st.next_deadline() {
                Some(t) if t > now => format!(
                    "{}: {e}; next attempt in {}s",
                    q.name,
                    (t - now).as_secs_f64().ceil() as u64
                ),
                _ => format!("{}: {e}", q.name),
            }
        }
        _ => idle_status(&q.name, st),
    };
}

/// A snapshot of a job for a device.
fn print_job(shared: &Shared, q: &QueueHandle, job: &Job) -> PrintJob {
    let dir = shared.spool.job_dir(&q.name, job.id);
    let files = job
        .control
        .files()
        .into_iter()
        .map(|f| PrintFile {
            path: dir.join(f.name.as_str()),
            name: f.name,
            format: f.format,
            copies: f.copies,
            source_name: f.source_name,
        })
        .collect();
    PrintJob {
        queue: q.name.clone(),
        id: job.id,
        user: job.user().to_owned(),
        host: job.host(),
        dir,
        control_bytes: job.control.to_bytes(),
        control: job.control.clone(),
        files,
    }
}

/// Runs one attempt: print, then count pages for accounting.
async fn attempt(
    cfg: super::config::DeviceConfig,
    job: PrintJob,
    timeout: Duration,
    hostname: String,
    device: usize,
) -> Attempt {
    let start = Instant::now();
    let result = match tokio::time::timeout(timeout, device::print(&cfg, &job, &hostname)).await {
        Ok(Ok(())) => {
            let files = job.files.clone();
            let pages = tokio::task::spawn_blocking(move || {
                let mut total = Some(0u64);
                for f in &files {
                    let p = super::pages::count_file(f.format, &f.path);
                    total = match (total, p) {
                        (Some(t), Some(p)) => Some(t + p * u64::from(f.copies.max(1))),
                        _ => None,
                    };
                }
                total
            })
            .await
            .ok()
            .flatten();
            Ok(pages)
        }
        Ok(Err(e)) => Err(e),
        Err(_) => Err(format!(
            "{cfg}: attempt timed out after {timeout:?} (retry.attempt_timeout)"
        )),
    };
    Attempt {
        device,
        job: job.id,
        result,
        duration: start.elapsed(),
    }
}

/// The scheduler task of one queue; runs until the server stops.
pub async fn run(shared: Arc<Shared>, q: Arc<QueueHandle>) {
    let mut running: JoinSet<Attempt> = JoinSet::new();
    let mut tasks: HashMap<tokio::task::Id, (usize, u32)> = HashMap::new();
    loop {
        let (deadline, redirect) = {
            let mut st = q.lock();
            let now = Instant::now();
            if st.flags.printing && st.flags.redirect.is_none() {
                for dev in 0..st.devices.len() {
                    if st.devices[dev].busy.is_some() {
                        continue;
                    }
                    let Some(id) = st.next_printable(now) else {
                        break;
                    };
                    let Some(job) = st.jobs.get(&id) else { break };
                    let pj = print_job(&shared, &q, job);
                    let Some(cfg) = q.config.devices.get(dev).cloned() else {
                        break;
                    };
                    tracing::info!(queue = %q.name, job = id, device = %cfg, "printing");
                    let handle = running.spawn(attempt(
                        cfg,
                        pj,
                        q.retry.attempt_timeout.0,
                        shared.hostname.clone(),
                        dev,
                    ));
                    tasks.insert(handle.id(), (dev, id));
                    st.devices[dev].busy = Some(id);
                    if let Some(job) = st.jobs.get_mut(&id) {
                        job.active = Some(dev);
                        job.abort = Some(handle);
                    }
                }
            }
            refresh_status(&q, &mut st);
            let redirect = st
                .flags
                .redirect
                .clone()
                .filter(|_| st.jobs.values().any(|j| j.active.is_none()));
            (st.next_deadline(), redirect)
        };
        if let Some(dest) = redirect {
            let ids: Vec<u32> = {
                let st = q.lock();
                st.ordered()
                    .filter(|j| j.active.is_none())
                    .map(|j| j.id)
                    .collect()
            };
            let moved = super::control::move_jobs(&shared, &q, &ids, &dest).await;
            if moved.is_empty() {
                // The destination is full or missing: try again later.
                tokio::select! {
                    _ = q.wake.notified() => {}
                    _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                }
            }
            continue;
        }
        let sleep = async {
            match deadline {
                Some(t) => tokio::time::sleep_until(t.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = q.wake.notified() => {}
            Some(done) = running.join_next_with_id(), if !running.is_empty() => {
                match done {
                    Ok((tid, a)) => {
                        tasks.remove(&tid);
                        finished(&shared, &q, a).await;
                    }
                    Err(e) => {
                        if let Some((dev, id)) = tasks.remove(&e.id()) {
                            cancelled(&q, dev, id, &e);
                        }
                    }
                }
            }
            _ = sleep => {}
        }
    }
}

/// An attempt was cancelled (job removed, `lpc abort`): free the device;
/// the job, if still queued, waits for the next attempt.
fn cancelled(q: &QueueHandle, dev: usize, id: u32, e: &tokio::task::JoinError) {
    let mut st = q.lock();
    if let Some(d) = st.devices.get_mut(dev) {
        if d.busy == Some(id) {
            d.busy = None;
        }
    }
    if let Some(job) = st.jobs.get_mut(&id) {
        job.active = None;
        job.abort = None;
    }
    if e.is_panic() {
        tracing::error!(queue = %q.name, job = id, "print attempt panicked; job stays queued");
    } else {
        tracing::info!(queue = %q.name, job = id, "print attempt cancelled");
    }
}

async fn finished(shared: &Arc<Shared>, q: &Arc<QueueHandle>, a: Attempt) {
    let device_name = q.config.devices.get(a.device).map(|d| d.to_string());
    match a.result {
        Ok(pages) => {
            let job = {
                let mut st = q.lock();
                if let Some(d) = st.devices.get_mut(a.device) {
                    d.busy = None;
                    d.error = None;
                }
                st.remove(a.job)
            };
            let Some(mut job) = job else { return };
            job.meta.attempts += 1;
            let s = shared.clone();
            let name = q.name.clone();
            let id = job.id;
            if let Ok(Err(e)) =
                tokio::task::spawn_blocking(move || s.spool.remove_job(&name, id)).await
            {
                tracing::error!(queue = %q.name, job = id, error = %e,
                    "printed job could not be deleted from the spool");
            }
            tracing::info!(queue = %q.name, job = id, device = device_name.as_deref().unwrap_or(""),
                attempts = job.meta.attempts, ms = a.duration.as_millis() as u64, "printed");
            shared.accounting.record(
                q.name.as_str(),
                &job,
                Outcome::Printed,
                device_name,
                a.duration,
                pages,
            );
        }
        Err(reason) => {
            let now = Instant::now();
            let update = {
                let mut st = q.lock();
                if let Some(d) = st.devices.get_mut(a.device) {
                    d.busy = None;
                    d.error = Some(reason.clone());
                }
                let Some(job) = st.jobs.get_mut(&a.job) else {
                    return;
                };
                job.active = None;
                job.abort = None;
                job.meta.attempts += 1;
                job.meta.reason = Some(reason.clone());
                let attempts = job.meta.attempts;
                let failed = q.retry.exhausted(attempts);
                if failed {
                    job.meta.failed = true;
                    tracing::error!(queue = %q.name, job = a.job, attempts, %reason,
                        "job failed; kept in the queue as failed (lpc release retries it)");
                } else {
                    let delay = q.retry.delay(attempts);
                    job.not_before = Some(now + delay);
                    tracing::warn!(queue = %q.name, job = a.job, attempts, %reason,
                        retry_in_ms = delay.as_millis() as u64, "print attempt failed; job stays queued");
                }
                let record = failed.then(|| {
                    super::accounting::Record::new(
                        q.name.as_str(),
                        job,
                        Outcome::Failed,
                        device_name.clone(),
                        a.duration,
                        None,
                    )
                });
                refresh_status(q, &mut st);
                (job_meta(&st, a.job), record)
            };
            if let (Some(meta), record) = update {
                save_meta(shared, &q.name, a.job, meta).await;
                if let Some(r) = record {
                    shared.accounting.write(&r);
                }
            }
        }
    }
}

fn job_meta(st: &QueueState, id: u32) -> Option<super::spool::JobMeta> {
    st.jobs.get(&id).map(|j| j.meta.clone())
}

/// Writes a job's metadata to the spool, logging a failure.
pub async fn save_meta(shared: &Arc<Shared>, queue: &Queue, id: u32, meta: super::spool::JobMeta) {
    let s = shared.clone();
    let q = queue.clone();
    if let Ok(Err(e)) = tokio::task::spawn_blocking(move || s.spool.save_meta(&q, id, &meta)).await
    {
        tracing::error!(queue = %queue, job = id, error = %e, "cannot save job state");
    }
}
