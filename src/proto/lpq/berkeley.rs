//! The Berkeley listing family: BSD lpd (and lpkit's lpd, which writes the
//! same format) and CUPS' cups-lpd, which imitates it.
//!
//! ```text
//! short:  STATUS LINES…
//!         Rank   Owner      Job  Files                                 Total Size
//!         RANK   OWNER      JOB  FILE, FILE…                           SIZE bytes
//! long:   STATUS LINES…
//!         (blank)
//!         OWNER: RANK                              [job JOBHOST]        BSD: number and host glued
//!         <TAB>FILE                          SIZE bytes -- DATE          one line per file
//!         OWNER: RANK                              [job JOB HOST]       CUPS: separated
//!                 NAME                                    SIZE bytes
//! ```
//! BSD writes `??? bytes` for a data file it cannot find, ` ...` for a file
//! list too long for the column; cups-lpd shows one job name per job, its
//! owner cut to 7 characters.

use super::text::{Word, between, is_number, number, words};
use super::{QueueJob, QueueStatus};

/// A line only BSD lpd (or a server imitating it) writes.
pub(super) fn is_bsd_marker(l: &str) -> bool {
    let t = l.trim();
    is_short_heading(l, "Files")
        || long_heading(l).is_some_and(|(_, _, id)| !id.contains(char::is_whitespace))
        || t == "no entries"
        || t.contains(": lpd: ")
        || (t.starts_with("waiting for ") && t.contains(" to become ready"))
        || t.ends_with(" is ready and printing")
        || t.ends_with(" is ready and printing via network")
        || t.starts_with("Warning: ")
}

/// A line only cups-lpd writes.
pub(super) fn is_cups_marker(l: &str) -> bool {
    let t = l.trim();
    let w = words(t);
    is_short_heading(l, "File(s)")
        || long_heading(l).is_some_and(|(_, _, id)| id.contains(char::is_whitespace))
        || (w.len() == 3 && w[1].text == "is" && w[2].text == "ready")
        || (w.len() == 4 && w[1].text == "is" && w[2].text == "not" && w[3].text == "ready")
        || t.starts_with("Unable to connect to server")
        || t.starts_with("Unable to get printer list:")
        || t.starts_with("get-jobs failed:")
}

/// `Rank Owner Job Files|File(s) … Total Size`.
fn is_short_heading(l: &str, files: &str) -> bool {
    let w: Vec<&str> = words(l).iter().map(|w| w.text).collect();
    w.len() >= 6
        && w[..4] == ["Rank", "Owner", "Job", files]
        && w[w.len() - 2..] == ["Total", "Size"]
}

/// `OWNER: RANK [job ID]` → (owner, rank, id).
fn long_heading(l: &str) -> Option<(&str, &str, &str)> {
    let (owner, rest) = l.split_once(": ")?;
    if owner.is_empty() || owner.contains(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_end();
    let open = rest.find("[job ")?;
    let id = rest[open + 5..].strip_suffix(']')?.trim();
    let rank = rest[..open].trim();
    if rank.is_empty() || rank.contains(char::is_whitespace) || id.is_empty() {
        return None;
    }
    Some((owner, rank, id))
}

/// `101localhost` (BSD: the 3-digit number of the control file name, then
/// its host) or `12 localhost` (cups-lpd) → (job, host).
fn job_id(id: &str) -> (Option<u32>, Option<String>) {
    if let Some((n, host)) = id.split_once(char::is_whitespace) {
        return (
            number(n),
            Some(host.trim().to_owned()).filter(|h| !h.is_empty()),
        );
    }
    let digits = id.bytes().take_while(u8::is_ascii_digit).count();
    let cut = if digits > 3 { 3 } else { digits };
    let host = &id[cut..];
    (
        number(&id[..cut]),
        Some(host.to_owned()).filter(|h| !h.is_empty()),
    )
}

/// A file line of the long format: (name, size, date).
fn file_line(l: &str) -> Option<(String, Option<u64>, Option<String>)> {
    if !l.starts_with(char::is_whitespace) {
        return None;
    }
    let w = words(l);
    let i = w.iter().rposition(|w| w.text == "bytes")?;
    let size_word = w.get(i.checked_sub(1)?)?;
    if !(is_number(size_word.text) || size_word.text == "???") {
        return None;
    }
    let name = between(l, 0, size_word.start).to_owned();
    let date = match w.get(i + 1) {
        Some(dash) if dash.text == "--" => Some(between(l, dash.end, l.len()).to_owned()),
        Some(_) => return None,
        None => None,
    };
    Some((name, number(size_word.text), date.filter(|d| !d.is_empty())))
}

/// A row of the short table.
fn short_row(l: &str, cups: bool) -> Option<QueueJob> {
    let w: Vec<Word<'_>> = words(l);
    if w.len() < 5 || w[w.len() - 1].text != "bytes" {
        return None;
    }
    let size = &w[w.len() - 2];
    if !is_number(size.text) || !is_number(w[2].text) {
        return None;
    }
    let listed = between(l, w[2].end, size.start);
    let files: Vec<String> = if listed.is_empty() {
        Vec::new()
    } else if cups {
        vec![listed.to_owned()]
    } else {
        listed.split(", ").map(|f| f.trim().to_owned()).collect()
    };
    Some(QueueJob {
        rank: Some(w[0].text.to_owned()),
        owner: Some(w[1].text.to_owned()),
        job: number(w[2].text),
        files,
        size: number(size.text),
        ..QueueJob::default()
    })
}

/// Fills `st` from a BSD or cups-lpd listing.
pub(super) fn parse(lines: &[&str], st: &mut QueueStatus) {
    let cups = st.dialect == super::Dialect::Cups;
    let mut in_table = false;
    // Sizes of the current long-format job's files (None: one is unknown).
    let mut sizes: Option<Vec<Option<u64>>> = None;
    for &l in lines {
        if l.trim().is_empty() {
            continue;
        }
        if is_short_heading(l, if cups { "File(s)" } else { "Files" }) {
            in_table = true;
            continue;
        }
        if let Some((owner, rank, id)) = long_heading(l) {
            close_long(st, &mut sizes);
            let (job, host) = job_id(id);
            st.jobs.push(QueueJob {
                rank: Some(rank.to_owned()),
                owner: Some(owner.to_owned()),
                job,
                host,
                ..QueueJob::default()
            });
            sizes = Some(Vec::new());
            in_table = true;
            continue;
        }
        if let (Some(sz), Some((name, size, date))) = (sizes.as_mut(), file_line(l)) {
            if let Some(job) = st.jobs.last_mut() {
                job.files.push(name);
                if job.time.is_none() {
                    job.time = date;
                }
                sz.push(size);
                continue;
            }
        }
        if in_table {
            if let Some(job) = short_row(l, cups) {
                close_long(st, &mut sizes);
                st.jobs.push(job);
                continue;
            }
            st.unparsed.push(l.to_owned());
        } else {
            status_line(st, l);
        }
    }
    close_long(st, &mut sizes);
}

/// Totals the sizes of the long-format job just read.
fn close_long(st: &mut QueueStatus, sizes: &mut Option<Vec<Option<u64>>>) {
    if let (Some(sz), Some(job)) = (sizes.take(), st.jobs.last_mut()) {
        job.size = sz
            .iter()
            .try_fold(0u64, |acc, s| s.and_then(|s| acc.checked_add(s)))
            .filter(|_| !sz.is_empty());
    }
}

/// A line before the job table: the server's status. Learns the queue (and
/// server) from the messages BSD and cups-lpd are known to write.
fn status_line(st: &mut QueueStatus, l: &str) {
    let t = l.trim();
    let w: Vec<&str> = words(t).iter().map(|w| w.text).collect();
    let queue = match w.as_slice() {
        [q, "is", "ready", ..] | [q, "is", "not", "ready"] => Some(*q),
        ["waiting", "for", q, "to", "become", "ready", ..] => Some(*q),
        ["Warning:", q, "is", "down", ..] | ["Warning:", q, "queue", "is", "turned", "off", ..] => {
            Some(q.trim_end_matches(':'))
        }
        [host, "lpd:", q, "unknown", "printer"] => {
            if st.server.is_none() {
                st.server = Some(host.trim_end_matches(':').to_owned());
            }
            Some(q.trim_end_matches(':'))
        }
        _ => None,
    };
    if st.queue.is_none() {
        st.queue = queue.filter(|q| !q.is_empty()).map(str::to_owned);
    }
    st.status.push(t.to_owned());
}

#[cfg(test)]
mod tests {
    use super::super::{Dialect, parse};

    #[test]
    fn bsd_short_rows_split_file_lists_and_keep_the_ellipsis() {
        let st = parse(
            b"lp is ready and printing\n\
              Rank   Owner      Job  Files                                 Total Size\n\
              active alice      101  report.ps                             100000 bytes\n\
              2nd    carol      103   ...                                  300 bytes\n\
              3rd    bob        102  chapter1.txt, chapter2.txt            1200 bytes\n",
        );
        assert_eq!(st.dialect, Dialect::Bsd);
        assert_eq!(st.queue.as_deref(), Some("lp"));
        assert_eq!(st.status, ["lp is ready and printing"]);
        assert_eq!(st.jobs.len(), 3);
        assert_eq!(st.jobs[0].rank.as_deref(), Some("active"));
        assert_eq!(st.jobs[1].files, ["..."]);
        assert_eq!(st.jobs[2].files, ["chapter1.txt", "chapter2.txt"]);
        assert_eq!(st.jobs[2].size, Some(1200));
        assert!(st.unparsed.is_empty());
    }

    #[test]
    fn bsd_long_jobs_sum_their_files_and_split_number_from_host() {
        let st = parse(
            b"\nbob: 3rd                                 [job 10210.0.0.5]\n\
              \tchapter one.txt                       500 bytes -- Sun Nov 22 05:13:00 2026\n\
              \tchapter2.txt                          700 bytes -- Sun Nov 22 05:13:01 2026\n\
              \nroot: 1st                                [job 159localhost]\n\
              \t/tmp/hello.txt                   ??? bytes\n",
        );
        assert_eq!(st.dialect, Dialect::Bsd);
        let bob = &st.jobs[0];
        assert_eq!(
            (bob.job, bob.host.as_deref()),
            (Some(102), Some("10.0.0.5"))
        );
        assert_eq!(bob.files, ["chapter one.txt", "chapter2.txt"]);
        assert_eq!(bob.size, Some(1200));
        assert_eq!(bob.time.as_deref(), Some("Sun Nov 22 05:13:00 2026"));
        let root = &st.jobs[1];
        assert_eq!(root.files, ["/tmp/hello.txt"]);
        assert_eq!(root.size, None, "??? bytes is an unknown size");
    }

    #[test]
    fn unknown_printer_names_server_and_queue() {
        let st = parse(b"vm: lpd: nosuch: unknown printer\n");
        assert_eq!(st.dialect, Dialect::Bsd);
        assert_eq!(st.server.as_deref(), Some("vm"));
        assert_eq!(st.queue.as_deref(), Some("nosuch"));
        assert_eq!(st.status, ["vm: lpd: nosuch: unknown printer"]);
    }

    #[test]
    fn cups_rows_keep_job_names_whole() {
        let st = parse(
            b"lp is ready\n\
              Rank    Owner   Job     File(s)                         Total Size\n\
              1st     alice   12      Budget, final, v2.xls           2048 bytes\n",
        );
        assert_eq!(st.dialect, Dialect::Cups);
        assert_eq!(st.jobs[0].files, ["Budget, final, v2.xls"]);
    }

    #[test]
    fn lines_after_the_table_that_are_not_jobs_are_unparsed() {
        let st = parse(
            b"Rank   Owner      Job  Files                                 Total Size\n\
              1st    alice      7    a.txt                                 5 bytes\n\
              something else\n",
        );
        assert_eq!(st.jobs.len(), 1);
        assert_eq!(st.unparsed, ["something else"]);
    }
}
