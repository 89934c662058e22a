//! Queue state (RFC 1179 §5.3, §5.4): the normalized structure that every
//! server's `lpq` text is parsed into, and lpkit's exact JSON extension.
//!
//! RFC 1179 leaves the text of a queue listing to the server. Real servers
//! differ (BSD lpd, LPRng, cups-lpd, Windows' LPD service, printers); the
//! parser turns each into one [`QueueStatus`] and keeps every line it cannot
//! classify in [`QueueStatus::unparsed`].
//!
//! ## lpkit extension
//! A client that wants the exact state asks with [`JSON_OPERAND`] as the
//! first entry of the list operand of command `03`/`04`
//! (`\x04lp --lpkit-json alice\n`). lpkit's lpd then answers with one JSON
//! document, a serialized [`QueueStatus`], followed by LF. Any other server
//! takes the operand for a user name and filters its listing by it (LPRng
//! answers "lp@host 0 jobs"), so a client that gets text back must ask again
//! without the operand and parse that text instead
//! (`client::query_status` does).
//!
//! ## Parsing
//! [`parse`] takes any bytes (it never panics) and recognises:
//!
//! ```text
//! BSD lpd, short (03)          lp is ready and printing
//!                              Rank   Owner      Job  Files                                 Total Size
//!                              active alice      101  report.ps                             100000 bytes
//!                              3rd    bob        102  chapter1.txt, chapter2.txt            1200 bytes
//! BSD lpd, long (04)           alice: active                            [job 101localhost]
//!                                      report.ps                          100000 bytes -- Sun Nov 22 05:12:59 2026
//! LPRng, short                 lp@localhost 4 jobs (printing disabled)
//! LPRng, long                  Printer: lp@localhost
//!                               Queue: 4 printable jobs
//!                               Rank   Owner/ID               Pr/Class Job Files                 Size Time
//!                              active alice@client+101 C/client.example.org 101 report.ps 100000 05:12:59
//! cups-lpd, short              lp is ready
//!                              Rank    Owner   Job     File(s)                         Total Size
//!                              1st     alice   12      report.txt                      1024 bytes
//! cups-lpd, long               alice: 1st                               [job 12 localhost]
//!                                      report.txt                              1024 bytes
//! Windows LPD service          Windows LPD Server
//!                              Printer \\host\laser (Paused)
//!                              Owner       Status         Jobname          Job-Id    Size   Pages  Priority
//!                              alice       Printing  report.txt              12      1234      1      1
//! lpkit (JSON_OPERAND)         {"queue":"lp","dialect":"lpkit","status":[],"jobs":[…]}
//! ```
//!
//! lpkit's own lpd answers plain requests in the BSD format, so its text
//! parses as [`Dialect::Bsd`]. Lines before a job table are the server's
//! status lines (BSD prints its printer status file there verbatim); table
//! headings are recognised and consumed; every other line that is not a job
//! goes to [`QueueStatus::unparsed`] unchanged. The captured listings of the
//! real servers and the expected results are in `tests/fixtures/lpq/`.

mod berkeley;
mod lprng;
mod text;
mod windows;

use serde::{Deserialize, Serialize};

/// The list operand that asks lpkit's lpd for JSON instead of text.
pub const JSON_OPERAND: &str = "--lpkit-json";

/// The state of one queue, normalized from any server's listing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QueueStatus {
    /// The queue name, when the listing names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// The server (host) that answered, when the listing names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// Which server software produced the listing, as recognised.
    #[serde(default)]
    pub dialect: Dialect,
    /// Status lines about the queue or printer ("lp is ready and printing",
    /// "Warning: lp is down", "no entries", …), in order.
    #[serde(default)]
    pub status: Vec<String>,
    /// The jobs, in queue order.
    #[serde(default)]
    pub jobs: Vec<QueueJob>,
    /// Lines that could not be classified, kept verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unparsed: Vec<String>,
}

/// One job in a queue listing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QueueJob {
    /// The rank as shown: "active", "1st", "2nd", "hold", "error", ….
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<String>,
    /// The owner (the `P` user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The job number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<u32>,
    /// The originating host, where the listing gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The job name or file names as the server shows them.
    #[serde(default)]
    pub files: Vec<String>,
    /// Total size in bytes, where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Class (LPRng), where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Priority letter (LPRng), where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// The job name (`J` line), where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Submission time as the server shows it (lpkit: RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Why the job is not printing (lpkit: last device error), where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The server software a listing came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// Not recognised (or empty).
    #[default]
    Unknown,
    /// BSD lpd (4.3BSD and descendants: OpenBSD, FreeBSD, Debian's `lpr`).
    Bsd,
    /// LPRng.
    Lprng,
    /// CUPS' cups-lpd.
    Cups,
    /// Windows' LPD service (a table).
    Windows,
    /// lpkit's lpd.
    Lpkit,
}

/// Parses the reply to a queue-state request (`03`/`04`) from any server.
///
/// Pure and total: any bytes give a [`QueueStatus`]; invalid UTF-8 is
/// replaced, CR before LF is ignored, and nothing is dropped (lines that
/// are neither status, heading nor job land in [`QueueStatus::unparsed`]).
pub fn parse(text: &[u8]) -> QueueStatus {
    let text = String::from_utf8_lossy(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if let Some(st) = parse_json(&lines) {
        return st;
    }
    let mut st = QueueStatus {
        dialect: detect(&lines),
        ..QueueStatus::default()
    };
    match st.dialect {
        Dialect::Bsd | Dialect::Cups | Dialect::Lpkit => berkeley::parse(&lines, &mut st),
        Dialect::Lprng => lprng::parse(&lines, &mut st),
        Dialect::Windows => windows::parse(&lines, &mut st),
        Dialect::Unknown => {
            st.unparsed = lines
                .iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| (*l).to_owned())
                .collect();
        }
    }
    st
}

/// lpkit's JSON answer: the first non-blank line is a serialized
/// [`QueueStatus`]; anything after it is kept as unparsed.
fn parse_json(lines: &[&str]) -> Option<QueueStatus> {
    let mut rest = lines.iter().skip_while(|l| l.trim().is_empty());
    let first = rest.next()?.trim();
    if !first.starts_with('{') {
        return None;
    }
    let mut st: QueueStatus = serde_json::from_str(first).ok()?;
    if st.dialect == Dialect::Unknown {
        st.dialect = Dialect::Lpkit;
    }
    st.unparsed.extend(
        rest.filter(|l| !l.trim().is_empty())
            .map(|l| (*l).to_owned()),
    );
    Some(st)
}

/// Which server wrote these lines, by the marks each leaves.
fn detect(lines: &[&str]) -> Dialect {
    let has = |f: &dyn Fn(&str) -> bool| lines.iter().any(|l| f(l));
    if has(&windows::is_marker) {
        Dialect::Windows
    } else if has(&lprng::is_marker) {
        Dialect::Lprng
    } else if has(&berkeley::is_cups_marker) {
        Dialect::Cups
    } else if has(&berkeley::is_bsd_marker) {
        Dialect::Bsd
    } else {
        Dialect::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_input_is_an_empty_unknown_status() {
        for input in [&b""[..], b"\n", b"  \n\n"] {
            assert_eq!(parse(input), QueueStatus::default());
        }
    }

    #[test]
    fn unrecognised_text_is_kept_verbatim_as_unparsed() {
        let st = parse(b"Printer offline\r\n  toner low \n");
        assert_eq!(st.dialect, Dialect::Unknown);
        assert_eq!(st.unparsed, ["Printer offline", "  toner low "]);
    }

    #[test]
    fn lpkit_json_is_taken_as_is() {
        let want = QueueStatus {
            queue: Some("lp".into()),
            dialect: Dialect::Lpkit,
            status: vec!["lp is ready".into()],
            jobs: vec![QueueJob {
                rank: Some("1st".into()),
                owner: Some("alice".into()),
                job: Some(7),
                files: vec!["a.txt".into()],
                size: Some(12),
                ..QueueJob::default()
            }],
            ..QueueStatus::default()
        };
        let mut text = serde_json::to_vec(&want).unwrap();
        text.push(b'\n');
        assert_eq!(parse(&text), want);
        // A JSON document without a dialect is lpkit's.
        let st = parse(b"{\"queue\":\"lp\"}\ntrailing words\n");
        assert_eq!(st.dialect, Dialect::Lpkit);
        assert_eq!(st.unparsed, ["trailing words"]);
        // Broken JSON is not dropped.
        let st = parse(b"{\"queue\": \n");
        assert_eq!(st.unparsed, ["{\"queue\": "]);
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics_and_keeps_json_stable(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let st = parse(&bytes);
            let json = serde_json::to_vec(&st).unwrap();
            let mut line = json.clone();
            line.push(b'\n');
            let again = parse(&line);
            let expect = if st.dialect == Dialect::Unknown {
                QueueStatus { dialect: Dialect::Lpkit, ..st }
            } else {
                st
            };
            proptest::prop_assert_eq!(again, expect);
        }

        #[test]
        fn parse_never_panics_on_listing_like_text(lines in proptest::collection::vec("[a-z0-9@:%+/ \\t\\[\\]().,-]{0,80}", 0..12)) {
            let text = lines.join("\n");
            let _ = parse(text.as_bytes());
            let _ = parse(format!("Rank   Owner      Job  Files  Total Size\n{text}").as_bytes());
            let _ = parse(format!("Printer: lp@h\n Rank   Owner/ID\n{text}").as_bytes());
            let _ = parse(format!("Owner Status Jobname Job-Id Size Pages Priority\n{text}").as_bytes());
        }
    }
}
