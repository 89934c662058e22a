//! The TOML file format: the raw tables as serde reads them, validation
//! of each value (with the span kept for messages), and locating an error
//! at file, line, column and dotted key.

use super::{ConfigError, JobDefaults, PrinterEntry, Settings};
use crate::client::SendOrder;
use crate::net::ReservedPort;
use crate::proto::{PrintFormat, Queue};
use crate::target::{HostSpec, Target};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::time::Duration;
use toml::Spanned;

/// One parsed file.
pub(super) struct ParsedFile {
    pub(super) default: Option<String>,
    pub(super) defaults: Settings,
    pub(super) printers: BTreeMap<String, PrinterEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    default: Option<Spanned<String>>,
    defaults: Option<RawEntry>,
    #[serde(default)]
    printers: BTreeMap<Spanned<PrinterName>, RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    host: Option<Spanned<HostField>>,
    port: Option<Port>,
    queue: Option<Spanned<Queue>>,
    #[serde(default)]
    aliases: Option<Spanned<Vec<Spanned<PrinterName>>>>,
    description: Option<Spanned<String>>,
    reserved_port: Option<ReservedPort>,
    connect_timeout: Option<Seconds>,
    timeout: Option<Seconds>,
    order: Option<SendOrder>,
    streaming: Option<bool>,
    copies: Option<Copies>,
    format: Option<FormatName>,
    class: Option<LineText>,
    banner: Option<bool>,
    options: Option<LineText>,
    mail: Option<bool>,
}

impl RawEntry {
    fn settings(&self) -> Settings {
        Settings {
            host: self.host.as_ref().map(|h| h.get_ref().0.clone()),
            port: self.port.map(|p| p.0),
            reserved_port: self.reserved_port,
            connect_timeout: self.connect_timeout.map(|s| s.0),
            timeout: self.timeout.map(|s| s.0),
            order: self.order,
            streaming: self.streaming,
            job: JobDefaults {
                copies: self.copies.map(|c| c.0),
                format: self.format.map(|f| f.0),
                class: self.class.clone().map(|t| t.0),
                banner: self.banner,
                options: self.options.clone().map(|t| t.0),
                mail: self.mail,
            },
        }
    }
}

pub(super) fn parse_file(text: &str, path: &Path) -> Result<ParsedFile, ConfigError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        located(text, path, span, e.message().to_owned())
    })?;
    let at = |span: std::ops::Range<usize>, msg: String| located(text, path, span, msg);
    if let Some(d) = &raw.defaults {
        for (span, key) in [
            (d.queue.as_ref().map(Spanned::span), "queue"),
            (d.aliases.as_ref().map(Spanned::span), "aliases"),
            (d.description.as_ref().map(Spanned::span), "description"),
        ] {
            if let Some(span) = span {
                return Err(at(
                    span,
                    format!("`{key}` belongs in a [printers.NAME] table, not in [defaults]"),
                ));
            }
        }
    }
    if let Some(d) = &raw.default {
        Target::parse(d.get_ref()).map_err(|e| at(d.span(), e.to_string()))?;
    }
    let mut printers = BTreeMap::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for name in raw.printers.keys() {
        seen.insert(name.get_ref().0.clone(), name.get_ref().0.clone());
    }
    for (name, entry) in &raw.printers {
        let name_s = name.get_ref().0.clone();
        let mut aliases = Vec::new();
        if let Some(list) = &entry.aliases {
            for a in list.get_ref() {
                let a_s = a.get_ref().0.clone();
                if let Some(owner) = seen.get(&a_s) {
                    let what = if *owner == a_s {
                        "is already the name of a printer".to_string()
                    } else {
                        format!("is already an alias of printer {owner}")
                    };
                    return Err(at(a.span(), format!("alias {a_s:?} {what}")));
                }
                seen.insert(a_s.clone(), name_s.clone());
                aliases.push(a_s);
            }
        }
        printers.insert(
            name_s.clone(),
            PrinterEntry {
                name: name_s,
                queue: entry.queue.as_ref().map(|q| q.get_ref().clone()),
                aliases,
                description: entry.description.as_ref().map(|d| d.get_ref().clone()),
                settings: entry.settings(),
                file: path.to_path_buf(),
            },
        );
    }
    Ok(ParsedFile {
        default: raw.default.map(Spanned::into_inner),
        defaults: raw
            .defaults
            .as_ref()
            .map(RawEntry::settings)
            .unwrap_or_default(),
        printers,
    })
}

/// A [`ConfigError::Parse`] for the byte range `span` of `text`, with line,
/// column and the dotted key found around it.
fn located(text: &str, path: &Path, span: std::ops::Range<usize>, message: String) -> ConfigError {
    let start = span.start.min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..start].chars().count() + 1;
    ConfigError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        key: key_at(text, span),
        message,
    }
}

/// The dotted key that the byte range `span` belongs to: the table header in
/// force, then the key on the line (the span itself when it covers a key).
fn key_at(text: &str, span: std::ops::Range<usize>) -> Option<String> {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    let header = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(clean_header);
    if line.trim_start().starts_with('[') {
        return Some(clean_header(line.trim()));
    }
    let spanned = text[start..end].trim();
    let after = text[end..line_end].trim_start();
    let key = if after.starts_with('=') && !spanned.is_empty() {
        Some(clean_key(spanned))
    } else {
        let upto = &text[line_start..start];
        upto.rfind('=').map(|eq| {
            let lhs = &upto[..eq];
            let from = lhs.rfind(['{', ',']).map_or(0, |i| i + 1);
            clean_key(lhs[from..].trim())
        })
    };
    match (header, key) {
        (Some(h), Some(k)) if !k.is_empty() => Some(format!("{h}.{k}")),
        (None, Some(k)) if !k.is_empty() => Some(k),
        (h, _) => h,
    }
}

fn clean_header(h: &str) -> String {
    let h = h.trim_start_matches('[').trim_end_matches(']');
    let h = h
        .split('#')
        .next()
        .unwrap_or(h)
        .trim()
        .trim_end_matches(']');
    clean_key(h)
}

fn clean_key(k: &str) -> String {
    k.split('.')
        .map(|p| p.trim().trim_matches('"').trim_matches('\''))
        .collect::<Vec<_>>()
        .join(".")
}

/// A printer name usable with `-P`: a valid queue name without `@`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct PrinterName(String);

impl<'de> Deserialize<'de> for PrinterName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.contains('@') {
            return Err(serde::de::Error::custom(format!(
                "printer name {s:?} must not contain '@' (the host goes in `host`)"
            )));
        }
        Queue::new(&s).map_err(|e| serde::de::Error::custom(format!("printer name {s:?}: {e}")))?;
        Ok(PrinterName(s))
    }
}

/// `host = "name"`, `"name:port"`, `"[v6]:port"`.
#[derive(Debug, Clone)]
struct HostField(HostSpec);

impl<'de> Deserialize<'de> for HostField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        HostSpec::parse(&s)
            .map(HostField)
            .map_err(serde::de::Error::custom)
    }
}

/// A port, 1–65535.
#[derive(Debug, Clone, Copy)]
struct Port(u16);

impl<'de> Deserialize<'de> for Port {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        u16::try_from(n)
            .ok()
            .filter(|&p| p != 0)
            .map(Port)
            .ok_or_else(|| serde::de::Error::custom(format!("port {n} is not in 1-65535")))
    }
}

/// A copy count, 1–999.
#[derive(Debug, Clone, Copy)]
struct Copies(u32);

impl<'de> Deserialize<'de> for Copies {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        u32::try_from(n)
            .ok()
            .filter(|c| (1..=999).contains(c))
            .map(Copies)
            .ok_or_else(|| serde::de::Error::custom(format!("copies {n} is not in 1-999")))
    }
}

/// A print format by name ("text", "raw", …) or letter ("f", "l", …).
#[derive(Debug, Clone, Copy)]
struct FormatName(PrintFormat);

/// Parses a print format name (`text`, `raw`, `postscript`, …) or letter.
pub fn parse_format(s: &str) -> Option<PrintFormat> {
    if let [b] = s.as_bytes() {
        return PrintFormat::from_letter(*b);
    }
    PrintFormat::LETTERS
        .iter()
        .filter_map(|&b| PrintFormat::from_letter(b))
        .find(|f| f.name() == s)
}

impl<'de> Deserialize<'de> for FormatName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_format(&s).map(FormatName).ok_or_else(|| {
            let names: Vec<&str> = PrintFormat::LETTERS
                .iter()
                .filter_map(|&b| PrintFormat::from_letter(b))
                .map(PrintFormat::name)
                .collect();
            serde::de::Error::custom(format!(
                "unknown format {s:?}; expected one of {} or a letter of {}",
                names.join(", "),
                String::from_utf8_lossy(PrintFormat::LETTERS)
            ))
        })
    }
}

/// One line of text: no control characters.
#[derive(Debug, Clone)]
struct LineText(String);

impl<'de> Deserialize<'de> for LineText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.chars().any(char::is_control) {
            return Err(serde::de::Error::custom(
                "must be one line without control characters",
            ));
        }
        Ok(LineText(s))
    }
}

/// A duration: a number of seconds (integer or fractional) or a string
/// such as `"500ms"`, `"30s"`, `"2m"`, `"1h"`, `"1m30s"`.
#[derive(Debug, Clone, Copy)]
struct Seconds(Duration);

/// Parses `"500ms"`, `"30s"`, `"2m"`, `"1h"`, `"1m30s"`, `"45"` (seconds).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let bad = || {
        format!(
            "invalid duration {s:?}; write seconds (30) or a number with a unit: 500ms, 30s, 2m, 1h"
        )
    };
    if s.is_empty() {
        return Err(bad());
    }
    if let Ok(secs) = s.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).map_err(|_| bad());
    }
    let mut total = Duration::ZERO;
    let mut rest = s;
    while !rest.is_empty() {
        let num_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (num, tail) = rest.split_at(num_end);
        let unit_end = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, next) = tail.split_at(unit_end);
        let n: f64 = num.parse().map_err(|_| bad())?;
        let scale = match unit.trim() {
            "ms" => 0.001,
            "s" | "sec" | "secs" => 1.0,
            "m" | "min" | "mins" => 60.0,
            "h" => 3600.0,
            _ => return Err(bad()),
        };
        total += Duration::try_from_secs_f64(n * scale).map_err(|_| bad())?;
        rest = next.trim_start();
    }
    Ok(total)
}

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Seconds;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of seconds or a duration such as \"30s\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Seconds, E> {
                u64::try_from(v)
                    .map(|s| Seconds(Duration::from_secs(s)))
                    .map_err(|_| E::custom("a duration cannot be negative"))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Seconds, E> {
                Ok(Seconds(Duration::from_secs(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Seconds, E> {
                Duration::try_from_secs_f64(v)
                    .map(Seconds)
                    .map_err(|_| E::custom(format!("invalid duration {v}")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Seconds, E> {
                parse_duration(v).map(Seconds).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_accept_numbers_and_units() {
        assert_eq!(parse_duration("30").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("1.5").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("1h").unwrap(), Duration::from_secs(3600));
        assert_eq!(parse_duration("1m 30s").unwrap(), Duration::from_secs(90));
        for bad in ["", "s", "5x", "-1", "1.2.3s", "m5"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn format_names_and_letters() {
        assert_eq!(parse_format("raw"), Some(PrintFormat::LITERAL));
        assert_eq!(parse_format("o"), Some(PrintFormat::POSTSCRIPT));
        assert_eq!(parse_format("text"), Some(PrintFormat::FORMATTED));
        assert_eq!(parse_format("x"), None);
    }
}
