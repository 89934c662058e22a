//! Queue state answers (RFC 1179 §5.3, §5.4): BSD lpd's text layout, and
//! lpkit's one-line JSON.
//!
//! The text follows BSD lpd's `displayq.c` column for column (80 columns,
//! the size column at 62, the job column at 40 in the long form), so BSD,
//! LPRng, rlpr and Samba's parsers read it:
//!
//! ```text
//! Rank   Owner      Job  Files                                 Total Size
//! active alice      123  report.txt                            2048 bytes
//! 1st    bob        7    (standard input)                      12 bytes
//! ```
//!
//! and in the long form
//!
//! ```text
//!
//! alice: active                          [job 123ws]
//!         report.txt                           2048 bytes -- Sun Nov 22 05:11:31 2026
//! ```
//!
//! (the file line starts with a tab, and ends with the submission time in
//! UTC, as Debian's BSD lpd writes it; `tests/it/server_interop.rs` compares
//! both forms with the real BSD lpd). lpkit adds the ranks `hold` and
//! `error` for held and failed jobs.

use super::queue::{Job, QueueState};
use crate::proto::lpq::{Dialect, QueueJob, QueueStatus};
use crate::proto::{JobSelector, Queue, StateFormat};

/// BSD's columns.
const OWNCOL: usize = 7;
const JOBCOL: usize = 40;
const SIZCOL: usize = 62;
const HEAD0: &str = "Rank   Owner      Job  Files";

/// A line being laid out with BSD's column bookkeeping (including its
/// habit of counting one column more after each fill).
struct Cols {
    out: String,
    col: usize,
}

impl Cols {
    fn blankfill(&mut self, to: usize) {
        while self.col < to {
            self.out.push(' ');
            self.col += 1;
        }
        self.col += 1;
    }
}

fn pad_bytes(s: &str, width: usize) -> String {
    let mut o = s.to_owned();
    for _ in s.len()..width {
        o.push(' ');
    }
    o
}

/// True when a job is selected by the list (an empty list selects all).
fn selected(job: &Job, list: &[JobSelector]) -> bool {
    list.is_empty() || list.iter().any(|s| job.matches(s))
}

/// The status lines shown above the jobs.
pub fn status_lines(queue: &Queue, state: &QueueState) -> Vec<String> {
    let mut lines = Vec::new();
    if !state.flags.printing {
        lines.push(format!("Warning: {queue} is down: {}", state.status));
    }
    if !state.flags.spooling {
        lines.push(format!("Warning: {queue} queue is turned off"));
    }
    if let Some(r) = &state.flags.redirect {
        lines.push(format!("Warning: {queue} is redirected to {r}"));
    }
    if state.flags.printing && !state.jobs.is_empty() {
        lines.push(state.status.clone());
    }
    lines
}

/// The text answer in BSD's layout.
pub fn text(
    queue: &Queue,
    state: &QueueState,
    format: StateFormat,
    list: &[JobSelector],
) -> String {
    let mut out = String::new();
    for l in status_lines(queue, state) {
        out.push_str(&l);
        out.push('\n');
    }
    if state.jobs.is_empty() {
        out.push_str("no entries\n");
        return out;
    }
    if format == StateFormat::Short {
        let mut c = Cols {
            out: HEAD0.to_owned(),
            col: HEAD0.len() + 1,
        };
        c.blankfill(SIZCOL);
        out.push_str(&c.out);
        out.push_str("Total Size\n");
    }
    for (job, rank) in state.ranks() {
        if !selected(job, list) {
            continue;
        }
        match format {
            StateFormat::Short => short_entry(&mut out, job, &rank),
            StateFormat::Long => long_entry(&mut out, job, &rank),
        }
    }
    out
}

fn short_entry(out: &mut String, job: &Job, rank: &str) {
    let mut c = Cols {
        out: rank.to_owned(),
        col: rank.len(),
    };
    c.blankfill(OWNCOL);
    c.out.push_str(&pad_bytes(job.user(), 10));
    c.out.push(' ');
    c.out.push_str(&pad_bytes(&job.id.to_string(), 3));
    c.out.push_str("  ");
    c.col += 16;
    let mut first = true;
    for (name, _, _) in job.display_files() {
        let fill = if first { 0 } else { 2 };
        if name.len() + c.col + fill >= SIZCOL - 4 {
            if c.col < SIZCOL {
                c.out.push_str(" ...");
                c.col += 4;
                c.blankfill(SIZCOL);
            }
        } else {
            if !first {
                c.out.push_str(", ");
            }
            first = false;
            c.out.push_str(&name);
            c.col += name.len() + fill;
        }
    }
    c.blankfill(SIZCOL);
    out.push_str(&c.out);
    out.push_str(&format!("{} bytes\n", job.total_size()));
}

/// `[job 123host]`: the number and the host part of the control file name.
fn job_tag(job: &Job) -> String {
    let host = job.control_name().get(6..).unwrap_or("");
    format!("{:03}{host}", job.id)
}

fn long_entry(out: &mut String, job: &Job, rank: &str) {
    let mut c = Cols {
        out: format!("\n{}: {rank}", job.user()),
        col: job.user().len() + 2 + rank.len(),
    };
    c.blankfill(JOBCOL);
    out.push_str(&c.out);
    out.push_str(&format!(" [job {}]\n", job_tag(job)));
    for (name, copies, size) in job.display_files() {
        out.push('\t');
        if copies > 1 {
            out.push_str(&format!(
                "{} copies of {}",
                pad_bytes(&copies.to_string(), 2),
                pad_bytes(&name, 19)
            ));
        } else {
            out.push_str(&pad_bytes(&name, 32));
        }
        out.push_str(&format!(
            " {size:>8} bytes -- {}\n",
            ctime(job.meta.received)
        ));
    }
}

/// The exact state as lpkit's JSON (one line, LF-terminated).
pub fn json(queue: &Queue, server: &str, state: &QueueState, list: &[JobSelector]) -> String {
    let mut status = QueueStatus {
        queue: Some(queue.to_string()),
        server: Some(server.to_owned()),
        dialect: Dialect::Lpkit,
        status: status_lines(queue, state),
        jobs: Vec::new(),
        unparsed: Vec::new(),
    };
    if state.jobs.is_empty() {
        status.status.push("no entries".into());
    }
    for (job, rank) in state.ranks() {
        if !selected(job, list) {
            continue;
        }
        status.jobs.push(QueueJob {
            rank: Some(rank),
            owner: Some(job.user().to_owned()),
            job: Some(job.id),
            host: Some(job.host()),
            files: job.display_files().into_iter().map(|f| f.0).collect(),
            size: Some(job.total_size()),
            class: job.control.class().map(|t| t.to_string_lossy()),
            priority: None,
            name: job.name(),
            time: Some(rfc3339(job.meta.received)),
            reason: job.meta.reason.clone(),
        });
    }
    let mut s = serde_json::to_string(&status).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Civil date (year, month 1–12, day 1–31) of a day count since 1970-01-01
/// (proleptic Gregorian).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Seconds since the epoch as RFC 3339 UTC (`2026-11-22T04:36:17Z`).
pub fn rfc3339(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Seconds since the epoch as C's `ctime` shows them, in UTC, without the
/// newline: `Sun Nov 22 05:11:31 2026` (BSD lpq's long format).
pub fn ctime(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil(days);
    let wday = DAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)];
    let month = MONTHS[usize::try_from(m - 1).unwrap_or(0).min(11)];
    format!(
        "{wday} {month} {d:>2} {:02}:{:02}:{:02} {y}",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::{ControlFile, JobNumber, UserName};
    use crate::server::queue::Job;
    use crate::server::spool::{DataMeta, JobMeta, QueueFlags};

    fn job(id: u32, cf: &str, sizes: &[(&str, u64)]) -> Job {
        Job {
            id,
            control: ControlFile::decode(cf.as_bytes()).unwrap(),
            meta: JobMeta {
                control_name: format!("cfA{id:03}ws"),
                peer: "127.0.0.1".parse().unwrap(),
                received: 1_795_000_000,
                order: i64::from(id),
                held: false,
                attempts: 0,
                failed: false,
                reason: None,
                data: sizes
                    .iter()
                    .map(|(n, s)| DataMeta {
                        name: (*n).into(),
                        size: *s,
                    })
                    .collect(),
            },
            active: None,
            not_before: None,
            abort: None,
        }
    }

    fn sample() -> QueueState {
        let mut s = QueueState::new(QueueFlags::default(), 1, vec![]);
        s.status = "lp is ready and printing".into();
        let mut a = job(
            123,
            "Hws\nPalice\nJreport\nfdfA123ws\nNreport.txt\nfdfB123ws\nfdfB123ws\nNnotes.txt\n",
            &[("dfA123ws", 2048), ("dfB123ws", 10)],
        );
        a.active = Some(0);
        s.insert(a);
        s.insert(job(7, "Hws\nPbob\nldfA007ws\nN \n", &[("dfA007ws", 12)]));
        s
    }

    #[test]
    fn short_format_is_bsd_byte_for_byte() {
        let q = Queue::new("lp").unwrap();
        let got = text(&q, &sample(), StateFormat::Short, &[]);
        let want = "lp is ready and printing\n\
Rank   Owner      Job  Files                                 Total Size\n\
active alice      123  report.txt, notes.txt                 2068 bytes\n\
1st    bob        7    (standard input)                      12 bytes\n";
        assert_eq!(got, want);
    }

    #[test]
    fn long_format_is_bsd_byte_for_byte() {
        let q = Queue::new("lp").unwrap();
        let got = text(&q, &sample(), StateFormat::Long, &[]);
        // BSD fills the "user: rank" part to column 40, then " [job …]";
        // file lines are a tab, the name in 32 columns, the size in 8,
        // " bytes -- " and the time as ctime(3) writes it.
        let when = "Wed Nov 18 11:06:40 2026";
        let want = format!(
            "lp is ready and printing\n\
             \nalice: active{}[job 123ws]\n\
             \treport.txt{}    2048 bytes -- {when}\n\
             \t2  copies of notes.txt{}      10 bytes -- {when}\n\
             \nbob: 1st{}[job 007ws]\n\
             \t(standard input){}      12 bytes -- {when}\n",
            " ".repeat(40 - 13 + 1),
            " ".repeat(32 - 10 + 1),
            " ".repeat(19 - 9 + 1),
            " ".repeat(40 - 8 + 1),
            " ".repeat(32 - 16 + 1),
        );
        assert_eq!(got, want);
    }

    #[test]
    fn long_file_lists_are_cut_with_an_ellipsis() {
        let mut s = QueueState::new(QueueFlags::default(), 1, vec![]);
        s.status = "ready".into();
        let mut cf = String::from("Hws\nPcarol\n");
        let mut sizes = Vec::new();
        let names: Vec<String> = (0..6)
            .map(|i| format!("df{}001ws", (b'A' + i) as char))
            .collect();
        for n in &names {
            cf.push_str(&format!("f{n}\nNa-rather-long-file-name.txt\n"));
            sizes.push((n.as_str(), 1));
        }
        s.insert(job(1, &cf, &sizes));
        let got = text(&Queue::new("lp").unwrap(), &s, StateFormat::Short, &[]);
        let line = got.lines().nth(2).unwrap();
        assert_eq!(
            line,
            "1st    carol      1    a-rather-long-file-name.txt ...       6 bytes"
        );
    }

    #[test]
    fn empty_queue_says_no_entries_and_flags_warn() {
        let mut s = QueueState::new(QueueFlags::default(), 1, vec![]);
        let q = Queue::new("lp").unwrap();
        assert_eq!(text(&q, &s, StateFormat::Short, &[]), "no entries\n");
        s.flags.printing = false;
        s.flags.spooling = false;
        s.status = "printing disabled".into();
        assert_eq!(
            text(&q, &s, StateFormat::Long, &[]),
            "Warning: lp is down: printing disabled\nWarning: lp queue is turned off\nno entries\n"
        );
    }

    #[test]
    fn list_selects_users_and_numbers() {
        let q = Queue::new("lp").unwrap();
        let bob = [JobSelector::User(UserName::new("bob").unwrap())];
        let got = text(&q, &sample(), StateFormat::Short, &bob);
        assert!(got.contains("bob") && !got.contains("alice"), "{got}");
        let n = [JobSelector::Job(JobNumber::new(123).unwrap())];
        let got = text(&q, &sample(), StateFormat::Short, &n);
        assert!(!got.contains("bob") && got.contains("alice"), "{got}");
    }

    #[test]
    fn json_is_one_line_with_exact_values() {
        let q = Queue::new("lp").unwrap();
        let got = json(&q, "printhost", &sample(), &[]);
        assert!(got.ends_with('\n') && !got[..got.len() - 1].contains('\n'));
        let st: QueueStatus = serde_json::from_str(&got).unwrap();
        assert_eq!(st.dialect, Dialect::Lpkit);
        assert_eq!(st.queue.as_deref(), Some("lp"));
        assert_eq!(st.jobs.len(), 2);
        let a = &st.jobs[0];
        assert_eq!(a.rank.as_deref(), Some("active"));
        assert_eq!(a.job, Some(123));
        assert_eq!(a.size, Some(2068));
        assert_eq!(a.name.as_deref(), Some("report"));
        assert_eq!(a.host.as_deref(), Some("ws"));
        assert_eq!(a.time.as_deref(), Some("2026-11-18T11:06:40Z"));
    }

    #[test]
    fn ctime_known_instants() {
        assert_eq!(ctime(0), "Thu Jan  1 00:00:00 1970");
        assert_eq!(ctime(951_782_400), "Tue Feb 29 00:00:00 2000");
        assert_eq!(ctime(1_795_000_000), "Wed Nov 18 11:06:40 2026");
    }

    #[test]
    fn rfc3339_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}
