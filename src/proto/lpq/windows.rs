//! The LPD service of Windows (NT, 2000 and later).
//!
//! No Windows server can be captured here; the format is the one Samba's
//! lpq parser (`source3/printing/lpq_parse.c`, `parse_lpq_nt`) documents:
//!
//! ```text
//!                          Windows 2000 LPD Server
//!                               Printer \\10.0.0.2\NP17PCL (Paused)
//!
//! Owner       Status         Jobname          Job-Id    Size   Pages  Priority
//! ----------------------------------------------------------------------------
//! root (9.99. Printing  /usr/lib/rhs/rhs-pr      3       625      0      1
//! jmcd        Waiting   Re: Samba Open Sour     26     32476      1      1
//! ```
//! Fixed columns: owner (11, the user name then the start of the client
//! address), status (`Printing`, `Paused`, `Waiting`, …), job name (19, may
//! hold spaces), then job id, size, pages and priority as numbers. The data
//! columns do not line up with the headings, so rows are read from the
//! right: the last four words are numbers.

use super::text::{between, is_number, number, words};
use super::{QueueJob, QueueStatus};

/// A line only the Windows LPD service writes.
pub(super) fn is_marker(l: &str) -> bool {
    let t = l.trim();
    (t.starts_with("Windows") && t.ends_with("LPD Server")) || is_heading(l)
}

/// `Owner Status Jobname Job-Id Size Pages Priority`.
fn is_heading(l: &str) -> bool {
    let w: Vec<&str> = words(l).iter().map(|w| w.text).collect();
    w.len() >= 5 && w[..5] == ["Owner", "Status", "Jobname", "Job-Id", "Size"]
}

/// `Printer \\HOST\QUEUE (STATE)` → (host, queue, state).
fn printer_line(l: &str) -> Option<(&str, &str, &str)> {
    let rest = l.trim().strip_prefix("Printer ")?.trim_start();
    let unc = rest.strip_prefix("\\\\")?;
    let (host, tail) = unc.split_once('\\')?;
    let (queue, state) = match tail.find(" (") {
        Some(i) if tail.ends_with(')') => (&tail[..i], &tail[i + 2..tail.len() - 1]),
        _ => (tail.trim_end(), ""),
    };
    Some((host, queue.trim(), state))
}

/// A job row, read from the right.
fn row(l: &str) -> Option<QueueJob> {
    let w = words(l);
    if w.len() < 6 || !w[w.len() - 4..].iter().all(|w| is_number(w.text)) {
        return None;
    }
    let id = &w[w.len() - 4];
    // Owner: the first 11 columns, cut; its first word is the user (a
    // longer name runs on into the next column).
    let owner = w.first()?;
    let owner_end = l.char_indices().nth(11).map_or(l.len(), |(i, _)| i);
    let status = w.iter().find(|w| w.start >= owner_end.max(owner.end))?;
    if status.start >= id.start {
        return None;
    }
    let name = between(l, status.end, id.start);
    Some(QueueJob {
        rank: Some(status.text.to_owned()),
        owner: Some(owner.text.to_owned()),
        job: number(id.text),
        files: if name.is_empty() {
            Vec::new()
        } else {
            vec![name.to_owned()]
        },
        size: number(w[w.len() - 3].text),
        priority: Some(w[w.len() - 1].text.to_owned()),
        ..QueueJob::default()
    })
}

/// Fills `st` from a Windows listing.
pub(super) fn parse(lines: &[&str], st: &mut QueueStatus) {
    let mut in_table = false;
    for &l in lines {
        let t = l.trim();
        if t.is_empty() || (t.starts_with("Windows") && t.ends_with("LPD Server")) {
            continue;
        }
        if let Some((host, queue, state)) = printer_line(l) {
            st.server.get_or_insert_with(|| host.to_owned());
            st.queue.get_or_insert_with(|| queue.to_owned());
            if !state.is_empty() {
                st.status.push(state.to_owned());
            }
            continue;
        }
        if is_heading(l) {
            in_table = true;
            continue;
        }
        if in_table && t.bytes().all(|b| b == b'-') {
            continue;
        }
        match row(l).filter(|_| in_table) {
            Some(job) => st.jobs.push(job),
            None if in_table => st.unparsed.push(l.to_owned()),
            None => st.status.push(t.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Dialect, parse};

    #[test]
    fn windows_table_is_read_from_the_right() {
        let st = parse(
            b"                         Windows 2000 LPD Server\r\n\
              \x20                             Printer \\\\10.0.0.2\\NP17PCL (Paused)\r\n\
              \r\n\
              Owner       Status         Jobname          Job-Id    Size   Pages  Priority\r\n\
              ----------------------------------------------------------------------------\r\n\
              root (9.99. Printing  /usr/lib/rhs/rhs-pr      3       625      0      1\r\n\
              jmcd        Waiting   Re: Samba Open Sour     26     32476      1      1\r\n",
        );
        assert_eq!(st.dialect, Dialect::Windows);
        assert_eq!(st.server.as_deref(), Some("10.0.0.2"));
        assert_eq!(st.queue.as_deref(), Some("NP17PCL"));
        assert_eq!(st.status, ["Paused"]);
        assert_eq!(st.jobs.len(), 2);
        assert_eq!(st.jobs[0].owner.as_deref(), Some("root"));
        assert_eq!(st.jobs[0].rank.as_deref(), Some("Printing"));
        assert_eq!(st.jobs[0].files, ["/usr/lib/rhs/rhs-pr"]);
        assert_eq!(st.jobs[1].files, ["Re: Samba Open Sour"]);
        assert_eq!((st.jobs[1].job, st.jobs[1].size), (Some(26), Some(32476)));
        assert_eq!(st.jobs[1].priority.as_deref(), Some("1"));
        assert!(st.unparsed.is_empty());
    }
}
