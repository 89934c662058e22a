//! The `lpd` device: forwarding a job to another LPD (the relay case) with
//! the lpkit client library.
//!
//! The job goes out with its own `P` user, `H` host, job name, class,
//! banner, title, indent, width, mail, fonts and `Z` options, its copies, and
//! its files with their source names. The client library sends one print
//! format for every file of a job (the format of the first file), so a
//! job that mixed formats is forwarded in the first file's format.
//! The client library is blocking; it runs on the blocking pool, bounded
//! by its connect and I/O timeouts.

use super::device::PrintJob;
use crate::client::{Client, DataSource, Job, NoProgress, SendOrder, Spool};
use crate::net::{ConnectOptions, ReservedPort};
use crate::proto::{ControlLine, HostName, JobNumber, JobSpec, Text, UserName};
use crate::target::{Endpoint, Target};
use std::time::Duration;

/// Builds the job description to forward from the stored control file.
fn spec(job: &PrintJob, hostname: &str) -> Result<JobSpec, String> {
    let c = &job.control;
    let host = c
        .host()
        .cloned()
        .or_else(|| HostName::new(hostname).ok())
        .ok_or_else(|| format!("no usable host name for the forwarded job ({hostname:?})"))?;
    let user = c
        .user()
        .cloned()
        .or_else(|| UserName::new(&job.user).ok())
        .ok_or("the job has no user")?;
    let number = JobNumber::new(job.id % 1000).map_err(|e| e.to_string())?;
    let mut s = JobSpec::new(host, user, number);
    for l in &c.lines {
        match l {
            ControlLine::JobName(t) => s.job_name = Some(t.clone()),
            ControlLine::Class(t) => s.class = Some(t.clone()),
            ControlLine::Banner(t) => s.banner = Some(t.clone()),
            ControlLine::Title(t) => s.title = Some(t.clone()),
            ControlLine::Indent(n) => s.indent = Some(*n),
            ControlLine::Width(n) => s.width = Some(*n),
            ControlLine::Mail(t) => s.mail = Some(t.clone()),
            ControlLine::Options(t) => s.options = Some(t.clone()),
            ControlLine::Font { slot, file } => {
                if let Some(f) = s.fonts.get_mut(usize::from(slot.saturating_sub(1))) {
                    *f = Some(file.clone());
                }
            }
            _ => {}
        }
    }
    if let Some(f) = job.files.first() {
        s.format = f.format;
    }
    s.copies = job.copies();
    Ok(s)
}

/// Sends `job` to `target` (`queue@host[:port]`).
pub async fn forward(
    target: &str,
    reserved_port: bool,
    connect_timeout: Duration,
    io_timeout: Duration,
    job: &PrintJob,
    hostname: &str,
) -> Result<(), String> {
    let t = Target::parse(target).map_err(|e| e.to_string())?;
    let Some(h) = t.host else {
        return Err(format!("{target:?} names no host"));
    };
    let endpoint = Endpoint::new(
        t.queue,
        h.host,
        h.port.unwrap_or(super::config::DEFAULT_PORT),
    );
    let spec = spec(job, hostname)?;
    let files: Vec<(String, std::path::PathBuf)> = job
        .files
        .iter()
        // An empty file prints nothing, and count 0 would mean "until the
        // connection closes" to the next server: leave it out.
        .filter(|f| std::fs::metadata(&f.path).map_or(true, |m| m.len() > 0))
        .map(|f| {
            (
                f.source_name.clone().unwrap_or_else(|| f.name.to_string()),
                f.path.clone(),
            )
        })
        .collect();
    if files.is_empty() {
        return Ok(());
    }
    let opts = ConnectOptions {
        reserved_port: if reserved_port {
            ReservedPort::Require
        } else {
            ReservedPort::Never
        },
        connect_timeout,
        io_timeout,
    };
    tokio::task::spawn_blocking(move || {
        let mut j = Job::new(spec);
        for (source, path) in files {
            let data = DataSource::open(&path, &Spool::default()).map_err(|e| e.to_string())?;
            j.add(
                Text::truncated(&source, crate::proto::names::RFC_MAX_SOURCE_NAME),
                data,
            )
            .map_err(|e| e.to_string())?;
        }
        let client = Client::connect(endpoint, &opts).map_err(|e| e.to_string())?;
        client
            .submit(j, SendOrder::ControlFirst, &mut NoProgress)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| format!("forwarding task failed: {e}"))?
}
