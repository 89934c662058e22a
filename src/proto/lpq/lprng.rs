//! LPRng's listings.
//!
//! ```text
//! short:  QUEUE@SERVER N jobs[ (N held)][ (printing disabled, spooling disabled)]
//! long:   Printer: QUEUE@SERVER[ (printing disabled…)| - ERROR: message]
//!          Queue: 4 printable jobs                       indented "Key: value" status lines
//!          Server: pid 9 active
//!          Rank   Owner/ID               Pr/Class Job Files                 Size Time
//!         RANK   USER@HOST+NUMBER       PRIO/CLASS JOB JOB NAME             SIZE TIME
//! ```
//! The rank is `active`, `hold`, `error`, `done`, `remove`, … or a number;
//! `Pr/Class` shows just the priority letter when the class is that letter;
//! the `Files` column shows the job name (`J`), cut to fit.

use super::text::{between, is_number, number, words};
use super::{QueueJob, QueueStatus};

/// A line only LPRng writes.
pub(super) fn is_marker(l: &str) -> bool {
    printer_line(l).is_some() || is_heading(l) || short_line(l).is_some()
}

/// `Printer: QUEUE@SERVER REST` → (queue, server, rest).
fn printer_line(l: &str) -> Option<(&str, &str, &str)> {
    let rest = l.strip_prefix("Printer: ")?;
    let (name, tail) = rest.split_once(' ').unwrap_or((rest, ""));
    let (queue, server) = name.split_once('@')?;
    (!queue.is_empty()).then_some((queue, server, tail.trim()))
}

/// ` Rank   Owner/ID   Pr/Class Job Files   Size Time`.
fn is_heading(l: &str) -> bool {
    let w: Vec<&str> = words(l).iter().map(|w| w.text).collect();
    w.first() == Some(&"Rank") && w.get(1) == Some(&"Owner/ID")
}

/// `QUEUE@SERVER N job[s] REST` → (queue, server, "N jobs REST").
fn short_line(l: &str) -> Option<(&str, &str, &str)> {
    let w = words(l);
    let (queue, server) = w.first()?.text.split_once('@')?;
    let count = w.get(1)?;
    let unit = w.get(2)?;
    if w[0].start != 0
        || queue.is_empty()
        || !is_number(count.text)
        || !matches!(unit.text, "job" | "jobs")
    {
        return None;
    }
    Some((queue, server, between(l, count.start, l.len())))
}

/// An indented `Key: value` line (` Queue: 4 printable jobs`).
fn is_key_line(l: &str) -> bool {
    if !l.starts_with(char::is_whitespace) {
        return false;
    }
    let t = l.trim();
    t.split_once(": ").is_some_and(|(k, _)| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '_' || c == '-')
    })
}

/// A job row of the long table.
fn row(l: &str) -> Option<QueueJob> {
    let w = words(l);
    if w.len() < 6 || !is_number(w[3].text) {
        return None;
    }
    let time = &w[w.len() - 1];
    let size = &w[w.len() - 2];
    if !is_number(size.text) || !time.text.contains(':') || size.start <= w[3].start {
        return None;
    }
    let id = w[1].text;
    let (owner, host) = match id.split_once('@') {
        Some((u, h)) => (u, Some(h.split_once('+').map_or(h, |(h, _)| h))),
        None => (id.split_once('+').map_or(id, |(u, _)| u), None),
    };
    let (priority, class) = match w[2].text.split_once('/') {
        Some((p, c)) => (p, c),
        None => (w[2].text, w[2].text),
    };
    let name = between(l, w[3].end, size.start);
    Some(QueueJob {
        rank: Some(w[0].text.to_owned()),
        owner: Some(owner.to_owned()).filter(|o| !o.is_empty()),
        job: number(w[3].text),
        host: host.filter(|h| !h.is_empty()).map(str::to_owned),
        files: if name.is_empty() {
            Vec::new()
        } else {
            vec![name.to_owned()]
        },
        size: number(size.text),
        class: Some(class.to_owned()).filter(|c| !c.is_empty()),
        priority: Some(priority.to_owned()).filter(|p| !p.is_empty()),
        time: Some(time.text.to_owned()),
        ..QueueJob::default()
    })
}

/// Fills `st` from an LPRng listing.
pub(super) fn parse(lines: &[&str], st: &mut QueueStatus) {
    let mut in_table = false;
    let mut in_error = false;
    for &l in lines {
        if l.trim().is_empty() {
            continue;
        }
        if let Some((queue, server, rest)) = printer_line(l) {
            in_table = false;
            if st.queue.is_none() {
                st.queue = Some(queue.to_owned());
                st.server = Some(server.to_owned()).filter(|s| !s.is_empty());
                let rest = rest
                    .strip_prefix("- ")
                    .or_else(|| rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')))
                    .unwrap_or(rest);
                if !rest.is_empty() {
                    st.status.push(rest.to_owned());
                }
            } else {
                // Another queue (a bounce queue's destination, `lpq -a`).
                st.status.push(l.trim().to_owned());
            }
            in_error = rest.contains("ERROR");
            continue;
        }
        if let Some((queue, server, rest)) = short_line(l) {
            if st.queue.is_none() {
                st.queue = Some(queue.to_owned());
                st.server = Some(server.to_owned()).filter(|s| !s.is_empty());
                st.status.push(rest.to_owned());
            } else {
                st.status.push(l.trim().to_owned());
            }
            continue;
        }
        if is_heading(l) {
            in_table = true;
            continue;
        }
        if in_table {
            if let Some(job) = row(l) {
                st.jobs.push(job);
                continue;
            }
        }
        if is_key_line(l) || (in_error && !in_table) {
            st.status.push(l.trim().to_owned());
        } else {
            st.unparsed.push(l.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Dialect, parse};

    #[test]
    fn long_listing_gives_status_and_jobs() {
        let st = parse(
            b"Printer: held@localhost (printing disabled)\n \
              Queue: 1 printable job\n \
              Holding: 1 held jobs in queue\n \
              Rank   Owner/ID               Pr/Class Job Files                 Size Time\n\
              1      dave@client+201 C/client.example.org 201 draft.ps          2048 05:12:59\n\
              hold   erin@client+202           A   202 Quarterly report  4096 05:12:59\n",
        );
        assert_eq!(st.dialect, Dialect::Lprng);
        assert_eq!(
            (st.queue.as_deref(), st.server.as_deref()),
            (Some("held"), Some("localhost"))
        );
        assert_eq!(
            st.status,
            [
                "printing disabled",
                "Queue: 1 printable job",
                "Holding: 1 held jobs in queue"
            ]
        );
        let dave = &st.jobs[0];
        assert_eq!(dave.owner.as_deref(), Some("dave"));
        assert_eq!(dave.host.as_deref(), Some("client"));
        assert_eq!(dave.priority.as_deref(), Some("C"));
        assert_eq!(dave.class.as_deref(), Some("client.example.org"));
        assert_eq!(dave.time.as_deref(), Some("05:12:59"));
        let erin = &st.jobs[1];
        assert_eq!(erin.rank.as_deref(), Some("hold"));
        assert_eq!(erin.files, ["Quarterly report"]);
        assert_eq!(
            (erin.priority.as_deref(), erin.class.as_deref()),
            (Some("A"), Some("A"))
        );
        assert!(st.unparsed.is_empty());
    }

    #[test]
    fn short_listing_and_error_continuations_are_status() {
        let st = parse(b"off@localhost 1 job (printing disabled, spooling disabled)\n");
        assert_eq!(st.queue.as_deref(), Some("off"));
        assert_eq!(st.status, ["1 job (printing disabled, spooling disabled)"]);
        let st = parse(
            b"Printer: nosuch@localhost - ERROR: spool queue for 'nosuch' does not exist\n\
              check for correct printer name\n",
        );
        assert_eq!(
            st.status,
            [
                "ERROR: spool queue for 'nosuch' does not exist",
                "check for correct printer name"
            ]
        );
    }

    #[test]
    fn garbage_in_the_table_is_unparsed() {
        let st = parse(b"Printer: lp@h\n Rank Owner/ID Pr/Class Job Files Size Time\nzzz 1 2\n");
        assert_eq!(st.unparsed, ["zzz 1 2"]);
    }
}
