//! Reading `/etc/printcap` (BSD and LPRng) as a fallback source of
//! printers, so that sites that already describe their printers there work
//! without an lpkit configuration.
//!
//! ```text
//! # comment
//! lp|laser|Office laser:\
//!         :rm=printhost:rp=raw:sd=/var/spool/lpd/lp:
//! remote
//!     :lp=queue@printhost%5515        (LPRng: continuation by indentation)
//! ```
//!
//! Only what a client needs is used: the names (`|`-separated), `rm`
//! (remote host, which may carry a port as `host%port`), `rp` (remote
//! queue, default `lp` as in BSD), and LPRng's `lp=queue@host%port`. Octal
//! escapes (`\072` for `:`, as BSD needs for IPv6 addresses) and `\\`, `\:`
//! are decoded. A local entry (no `rm`, `lp` a device) is a queue of the lpd
//! on this host.

use crate::target::{HostSpec, Target};

/// One printcap entry, reduced to what a client needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintcapEntry {
    /// The names: the first is the primary name, the rest aliases. A last
    /// name containing blanks (a description) is not included.
    pub names: Vec<String>,
    /// `rm`: the remote host (with a port if written `host%port`).
    pub remote_host: Option<String>,
    /// `rp`: the remote queue.
    pub remote_queue: Option<String>,
    /// `lp`: the device or, in LPRng, `queue@host%port`.
    pub lp: Option<String>,
    /// The line the entry starts on (1-based).
    pub line: usize,
}

impl PrintcapEntry {
    /// Whether `name` is one of this entry's names.
    pub fn has_name(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// Where jobs for this entry go: `(queue, host)`, `host` being `None`
    /// for a local queue. `Err` explains a malformed `rm` or `lp`.
    pub fn destination(&self) -> Result<(String, Option<HostSpec>), String> {
        let primary = self.names.first().cloned().unwrap_or_default();
        if let Some(rm) = &self.remote_host {
            let host = HostSpec::parse(rm).map_err(|e| format!("rm={rm}: {e}"))?;
            let queue = self.remote_queue.clone().unwrap_or_else(|| "lp".into());
            return Ok((queue, Some(host)));
        }
        if let Some(lp) = &self.lp {
            if lp.contains('@') {
                let t = Target::parse(lp).map_err(|e| format!("lp={lp}: {e}"))?;
                return Ok((t.queue.to_string(), t.host));
            }
        }
        Ok((primary, None))
    }
}

/// Parses printcap text. Malformed entries are skipped and described in the
/// returned warnings (with their line numbers).
pub fn parse(text: &str) -> (Vec<PrintcapEntry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut warnings = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut continued = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start();
        let was_continued = continued;
        let trailing = line.bytes().rev().take_while(|&b| b == b'\\').count();
        let (body, cont) = if trailing % 2 == 1 {
            (&line[..line.len() - 1], true)
        } else {
            (line, false)
        };
        continued = cont;
        if !was_continued && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        let starts_entry =
            !was_continued && !line.starts_with([' ', '\t', ':', '|']) && !line.is_empty();
        if starts_entry {
            if let Some((l, t)) = current.take() {
                push_entry(&mut entries, &mut warnings, l, &t);
            }
            current = Some((line_no, body.to_owned()));
        } else if let Some((_, t)) = &mut current {
            t.push_str(body.trim_start());
        } else {
            warnings.push(format!(
                "line {line_no}: continuation line without an entry"
            ));
        }
    }
    if let Some((l, t)) = current.take() {
        push_entry(&mut entries, &mut warnings, l, &t);
    }
    (entries, warnings)
}

fn push_entry(
    entries: &mut Vec<PrintcapEntry>,
    warnings: &mut Vec<String>,
    line: usize,
    text: &str,
) {
    let fields = split_fields(text);
    let Some(names_field) = fields.first() else {
        return;
    };
    let mut names: Vec<String> = names_field
        .split('|')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    // BSD convention: the last name may be a description with blanks.
    if names.len() > 1
        && names
            .last()
            .is_some_and(|n| n.contains(char::is_whitespace))
    {
        names.pop();
    }
    if names.is_empty() || names.iter().any(|n| n.contains(char::is_whitespace)) {
        warnings.push(format!("line {line}: entry without a usable name"));
        return;
    }
    let mut entry = PrintcapEntry {
        names,
        remote_host: None,
        remote_queue: None,
        lp: None,
        line,
    };
    for f in &fields[1..] {
        let f = f.trim();
        let (key, value) = match f.split_once('=') {
            Some((k, v)) => (k.trim(), Some(unescape(v))),
            None => (f, None),
        };
        // `rm@` cancels a capability (BSD `tc=` inheritance); treat as unset.
        match (key, value) {
            ("rm", Some(v)) if !v.is_empty() => entry.remote_host = Some(v),
            ("rp", Some(v)) if !v.is_empty() => entry.remote_queue = Some(v),
            ("lp", Some(v)) if !v.is_empty() => entry.lp = Some(v),
            _ => {}
        }
    }
    entries.push(entry);
}

/// Splits an entry at `:`, keeping `\:` and `\072` inside values (they are
/// decoded later).
fn split_fields(text: &str) -> Vec<&str> {
    let mut fields = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b':' => {
                fields.push(&text[start..i]);
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    fields.push(&text[start..]);
    let names = fields[0];
    let mut out = vec![names];
    out.extend(fields[1..].iter().copied().filter(|f| !f.trim().is_empty()));
    out
}

/// Decodes printcap escapes: `\NNN` octal, `\\`, `\:`, `\^`, `\n`, `\t`,
/// `\r`, `\E`.
fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(d @ '0'..='7') => {
                let mut n = d.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(x) => {
                            n = n * 8 + x;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
            }
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('E' | 'e') => out.push('\u{1b}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# A BSD printcap
lp|laser|Office laser printer:\\
\t:rm=printhost:rp=raw:\\
\t:sd=/var/spool/lpd/lp:

# IPv6 host, escaped colons
v6:rm=\\072\\072ffff\\072127.0.0.1:rp=q6:

local|ps:lp=/dev/lp0:sd=/var/spool/lpd/local:
lprng
    :lp=queue@otherhost%5515
    :sd=/var/spool/lprng
noremote:rm=printhost:
";

    #[test]
    fn parses_bsd_and_lprng_entries() {
        let (entries, warnings) = parse(SAMPLE);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(entries.len(), 5);
        let lp = &entries[0];
        assert_eq!(lp.names, vec!["lp", "laser"]);
        assert_eq!(lp.remote_host.as_deref(), Some("printhost"));
        assert_eq!(lp.remote_queue.as_deref(), Some("raw"));
        assert_eq!(lp.line, 2);
        assert_eq!(
            lp.destination().unwrap(),
            ("raw".into(), Some(HostSpec::parse("printhost").unwrap()))
        );
        let v6 = &entries[1];
        assert_eq!(v6.remote_host.as_deref(), Some("::ffff:127.0.0.1"));
        assert_eq!(
            v6.destination().unwrap().1.unwrap().host,
            "::ffff:127.0.0.1"
        );
        let local = &entries[2];
        assert_eq!(local.names, vec!["local", "ps"]);
        assert_eq!(local.destination().unwrap(), ("local".into(), None));
        let lprng = &entries[3];
        assert_eq!(lprng.lp.as_deref(), Some("queue@otherhost%5515"));
        let (q, h) = lprng.destination().unwrap();
        assert_eq!(q, "queue");
        assert_eq!(h, Some(HostSpec::parse("otherhost:5515").unwrap()));
        let nr = &entries[4];
        assert_eq!(nr.destination().unwrap().0, "lp", "rp defaults to lp");
    }

    #[test]
    fn escapes_and_empty_fields_are_handled() {
        assert_eq!(unescape("a\\072b\\\\c\\:d"), "a:b\\c:d");
        let (entries, _) = parse("p::rm=h\\:x::\n");
        assert_eq!(entries[0].remote_host.as_deref(), Some("h:x"));
    }

    #[test]
    fn malformed_entries_become_warnings() {
        let (entries, warnings) = parse("  :rm=orphan:\nbad name:rm=h:\nok:rm=h:\n");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].names, vec!["ok"]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("line 1:"));
        assert!(warnings[1].starts_with("line 2:"));
        let e = PrintcapEntry {
            names: vec!["x".into()],
            remote_host: Some("h:0".into()),
            remote_queue: None,
            lp: None,
            line: 1,
        };
        assert!(e.destination().unwrap_err().contains("rm=h:0"));
    }
}
