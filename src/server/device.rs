//! Devices (backends): where a queue's jobs go.
//!
//! | type | what it does |
//! |---|---|
//! | `device` | writes the job to a local device or file (`/dev/usb/lp0`), appending |
//! | `socket` | raw TCP (AppSocket/JetDirect, port 9100): connect, send, half-close, wait for the printer to close |
//! | `lpd` | forwards the job to another LPD (relay) |
//! | `command` | pipes the job into a program (arguments as a list, never a shell), job attributes in `LPKIT_*` variables |
//! | `directory` | writes each job's files into a folder |
//!
//! Every data file is sent once per print line naming it (copies). A device
//! returns an error instead of losing a job: the scheduler keeps the job
//! queued and retries it.

use super::config::DeviceConfig;
use crate::proto::{ControlFile, FileName, PrintFormat, Queue};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// One data file of a job, as a device sees it.
#[derive(Debug, Clone)]
pub struct PrintFile {
    /// Where it is in the spool.
    pub path: PathBuf,
    /// Its name in the job (`dfA123host`).
    pub name: FileName,
    /// Its print format.
    pub format: PrintFormat,
    /// How many times to print it.
    pub copies: u32,
    /// The `N` source name, if any.
    pub source_name: Option<String>,
}

/// A job handed to a device.
#[derive(Debug, Clone)]
pub struct PrintJob {
    /// The queue.
    pub queue: Queue,
    /// The job number.
    pub id: u32,
    /// The `P` user.
    pub user: String,
    /// The `H` host.
    pub host: String,
    /// The job's directory in the spool.
    pub dir: PathBuf,
    /// The control file.
    pub control: ControlFile,
    /// The control file bytes as received.
    pub control_bytes: Vec<u8>,
    /// The data files in print order.
    pub files: Vec<PrintFile>,
}

impl PrintJob {
    /// `J` name, else `T` title, else the first source name.
    pub fn title(&self) -> String {
        self.control
            .job_name()
            .or_else(|| self.control.title())
            .map(|t| t.to_string_lossy())
            .or_else(|| self.files.first().and_then(|f| f.source_name.clone()))
            .unwrap_or_default()
    }

    /// The largest copy count of any file.
    pub fn copies(&self) -> u32 {
        self.files.iter().map(|f| f.copies).max().unwrap_or(1)
    }
}

/// Chunk size for copying data to a device.
const CHUNK: usize = 256 << 10;

/// Sends every file, each `copies` times, to `w`; each write is bounded by
/// `timeout`. Returns the bytes sent.
async fn send_files<W: AsyncWrite + Unpin>(
    w: &mut W,
    job: &PrintJob,
    timeout: Duration,
) -> Result<u64, String> {
    let mut buf = vec![0u8; CHUNK];
    let mut total = 0u64;
    for f in &job.files {
        for _ in 0..f.copies.max(1) {
            let mut file = tokio::fs::File::open(&f.path)
                .await
                .map_err(|e| format!("cannot open spool file {}: {e}", f.path.display()))?;
            loop {
                let n = file
                    .read(&mut buf)
                    .await
                    .map_err(|e| format!("cannot read spool file {}: {e}", f.path.display()))?;
                if n == 0 {
                    break;
                }
                match tokio::time::timeout(timeout, w.write_all(&buf[..n])).await {
                    Ok(Ok(())) => total += n as u64,
                    Ok(Err(e)) => {
                        return Err(format!("write failed after {total} bytes: {e}"));
                    }
                    Err(_) => {
                        return Err(format!(
                            "write stalled for {timeout:?} after {total} bytes (device not reading)"
                        ));
                    }
                }
            }
        }
    }
    match tokio::time::timeout(timeout, w.flush()).await {
        Ok(Ok(())) => Ok(total),
        Ok(Err(e)) => Err(format!("flush failed: {e}")),
        Err(_) => Err(format!("flush stalled for {timeout:?}")),
    }
}

/// Prints `job` on the device described by `cfg`. The error says what
/// went wrong, for the queue status, the job's reason and the log.
pub async fn print(cfg: &DeviceConfig, job: &PrintJob, hostname: &str) -> Result<(), String> {
    let r = match cfg {
        DeviceConfig::Device { path } => to_device(path, job).await,
        DeviceConfig::Socket {
            address,
            connect_timeout,
            write_timeout,
        } => to_socket(address, connect_timeout.0, write_timeout.0, job).await,
        DeviceConfig::Lpd {
            target,
            reserved_port,
            connect_timeout,
            write_timeout,
        } => {
            super::device_lpd::forward(
                target,
                *reserved_port,
                connect_timeout.0,
                write_timeout.0,
                job,
                hostname,
            )
            .await
        }
        DeviceConfig::Command { program, args } => to_command(program, args, job).await,
        DeviceConfig::Directory { path } => to_directory(path, job).await,
    };
    r.map_err(|e| format!("{cfg}: {e}"))
}

async fn to_device(path: &Path, job: &PrintJob) -> Result<(), String> {
    let mut f = tokio::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .await
        .map_err(|e| format!("cannot open: {e}"))?;
    send_files(&mut f, job, Duration::from_secs(3600)).await?;
    Ok(())
}

async fn to_socket(
    address: &str,
    connect_timeout: Duration,
    write_timeout: Duration,
    job: &PrintJob,
) -> Result<(), String> {
    let addr = if address.rsplit_once(':').is_some_and(|(h, p)| {
        !h.is_empty() && p.parse::<u16>().is_ok() && (!h.contains(':') || h.ends_with(']'))
    }) {
        address.to_owned()
    } else {
        let bare = address.trim_start_matches('[').trim_end_matches(']');
        if bare.contains(':') {
            format!("[{bare}]:9100")
        } else {
            format!("{bare}:9100")
        }
    };
    let mut s =
        match tokio::time::timeout(connect_timeout, tokio::net::TcpStream::connect(&addr)).await {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => return Err(format!("cannot connect: {e}")),
            Err(_) => return Err(format!("no connection within {connect_timeout:?}")),
        };
    send_files(&mut s, job, write_timeout).await?;
    s.shutdown()
        .await
        .map_err(|e| format!("cannot finish the job: {e}"))?;
    // Wait for the printer to close its side: it has then taken the whole
    // job. Anything it says (status, PJL) is read and dropped.
    let mut sink = vec![0u8; 4096];
    loop {
        match tokio::time::timeout(write_timeout, s.read(&mut sink)).await {
            Ok(Ok(0)) => return Ok(()),
            Ok(Ok(_)) => {}
            Ok(Err(e)) => return Err(format!("printer broke the connection: {e}")),
            Err(_) => {
                return Err(format!(
                    "printer did not close the connection within {write_timeout:?} after the job"
                ));
            }
        }
    }
}

async fn to_command(program: &Path, args: &[String], job: &PrintJob) -> Result<(), String> {
    use std::process::Stdio;
    let format = job
        .files
        .first()
        .map_or(PrintFormat::FORMATTED, |f| f.format);
    let mut cmd = tokio::process::Command::new(program);
    // The server's own systemd variables are not the program's.
    for v in [
        "LISTEN_FDS",
        "LISTEN_PID",
        "LISTEN_FDNAMES",
        "NOTIFY_SOCKET",
    ] {
        cmd.env_remove(v);
    }
    cmd.args(args)
        .env("LPKIT_JOB", job.id.to_string())
        .env("LPKIT_USER", &job.user)
        .env("LPKIT_HOST", &job.host)
        .env("LPKIT_QUEUE", job.queue.as_str())
        .env("LPKIT_TITLE", job.title())
        .env("LPKIT_FORMAT", format.name())
        .env("LPKIT_COPIES", job.copies().to_string())
        .env("LPKIT_FILES", job.files.len().to_string())
        .env("LPKIT_SPOOL_DIR", &job.dir)
        .env("LPKIT_CONTROL_FILE", job.dir.join("control"))
        .current_dir(&job.dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(c) = job.control.class() {
        cmd.env("LPKIT_CLASS", c.to_string_lossy());
    }
    if let Some(z) = job.control.options() {
        cmd.env("LPKIT_OPTIONS", z.to_string_lossy());
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot start: {e}"))?;
    let mut stderr = child.stderr.take();
    let err_task = tokio::spawn(async move {
        let mut text = Vec::new();
        if let Some(e) = stderr.as_mut() {
            let mut buf = [0u8; 4096];
            while let Ok(n) = e.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                text.extend_from_slice(&buf[..n]);
                if text.len() > 16 << 10 {
                    text.drain(..text.len() - (8 << 10));
                }
            }
        }
        text
    });
    let sent = match child.stdin.take() {
        Some(mut stdin) => {
            let r = send_files(&mut stdin, job, Duration::from_secs(3600)).await;
            drop(stdin);
            r
        }
        None => Err("no stdin".into()),
    };
    let status = child
        .wait()
        .await
        .map_err(|e| format!("cannot wait for it: {e}"))?;
    let stderr = err_task.await.unwrap_or_default();
    let last = String::from_utf8_lossy(&stderr)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| format!(": {}", l.trim()))
        .unwrap_or_default();
    if !status.success() {
        return Err(format!("exited with {status}{last}"));
    }
    sent.map(|_| ()).map_err(|e| format!("{e}{last}"))
}

/// A file-name-safe version of a source name: its last path component with
/// anything but letters, digits, `.`, `_` and `-` replaced.
fn safe_name(s: &str) -> String {
    let base = s.rsplit(['/', '\\']).next().unwrap_or(s);
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "stdin".into()
    } else {
        cleaned
    }
}

async fn to_directory(dir: &Path, job: &PrintJob) -> Result<(), String> {
    let dir = dir.to_owned();
    let job = job.clone();
    tokio::task::spawn_blocking(move || write_directory(&dir, &job))
        .await
        .map_err(|e| format!("task failed: {e}"))?
}

fn write_directory(dir: &Path, job: &PrintJob) -> Result<(), String> {
    use std::io::Write;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create: {e}"))?;
    for (i, f) in job.files.iter().enumerate() {
        let shown = f.source_name.as_deref().unwrap_or(f.name.as_str());
        let base = format!("{}-{:03}-{}-{}", job.queue, job.id, i + 1, safe_name(shown));
        let tmp = dir.join(format!(".{base}.part"));
        {
            let mut out = std::fs::File::create(&tmp)
                .map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
            for _ in 0..f.copies.max(1) {
                let mut src = std::fs::File::open(&f.path)
                    .map_err(|e| format!("cannot open spool file {}: {e}", f.path.display()))?;
                std::io::copy(&mut src, &mut out)
                    .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
            }
            out.flush().map_err(|e| format!("cannot write: {e}"))?;
        }
        let mut dest = dir.join(&base);
        let mut k = 1;
        while dest.exists() {
            k += 1;
            dest = dir.join(format!("{base}.{k}"));
        }
        std::fs::rename(&tmp, &dest).map_err(|e| format!("cannot rename into place: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_stay_inside_the_folder() {
        assert_eq!(safe_name("/home/alice/report.txt"), "report.txt");
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name(".."), "stdin");
        assert_eq!(safe_name("a b*c"), "a_b_c");
        assert_eq!(safe_name(" "), "_");
    }
}
