//! Printer targets as users write them (`-P`, `PRINTER`, `LPDEST`, `-H`)
//! and the resolved [`Endpoint`] every client operation talks to.
//!
//! ## Syntax
//!
//! | written | queue | host | port |
//! |---|---|---|---|
//! | `lp` | `lp` | (from configuration) | (from configuration) |
//! | `lp@printhost` | `lp` | `printhost` | 515 |
//! | `lp@printhost:5515` | `lp` | `printhost` | 5515 |
//! | `lp@printhost%5515` | `lp` | `printhost` | 5515 (LPRng) |
//! | `lp@[::1]` | `lp` | `::1` | 515 |
//! | `lp@[::1]:5515` or `lp@[::1]%5515` | `lp` | `::1` | 5515 |
//! | `lp@::1` | `lp` | `::1` | 515 |
//! | `lp@fe80::1%5515` | `lp` | `fe80::1` | 5515 |
//! | `lp@[fe80::1%eth0]:515` | `lp` | `fe80::1%eth0` | 515 |
//!
//! Decisions for the ambiguous cases:
//! - The host part starts after the **last** `@` (a host never holds `@`).
//! - A host part with two or more `:` and no brackets is an IPv6 address
//!   and `:` does not introduce a port there; a trailing `%digits` is a port
//!   (as LPRng writes it). A scoped address with a zone (`fe80::1%eth0`)
//!   must be bracketed.
//! - A port is decimal 1–65535; service names are not looked up.
//!
//! `-H host[:port]` ([`HostSpec`]) accepts the same host forms.

use crate::net::{DEFAULT_PORT, HostPort};
use crate::proto::Queue;
use std::fmt;
use thiserror::Error;

/// A printer target as written: a queue (or configured printer name),
/// optionally with host and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The queue, or the name of a configured printer when no host is given.
    pub queue: Queue,
    /// The host, if given.
    pub host: Option<HostSpec>,
}

/// A host and an optional port: the part after `@`, or the operand of `-H`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HostSpec {
    /// Host name or address (IPv6 without brackets).
    pub host: String,
    /// The port, if given.
    pub port: Option<u16>,
}

/// What is wrong with a target or host as written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TargetError {
    /// Nothing was given.
    #[error("the printer name is empty")]
    Empty,
    /// The queue part is not a valid queue name.
    #[error("invalid printer {input:?}: {source}")]
    Queue {
        /// The target as written.
        input: String,
        /// Why the queue is refused.
        #[source]
        source: crate::proto::Error,
    },
    /// The host part is missing or malformed.
    #[error("invalid host in {input:?}: {why}")]
    Host {
        /// The target or host as written.
        input: String,
        /// What is wrong.
        why: &'static str,
    },
    /// The port is not a number from 1 to 65535.
    #[error("invalid port {port:?} in {input:?}: expected a number from 1 to 65535")]
    Port {
        /// The target or host as written.
        input: String,
        /// The port as written.
        port: String,
    },
}

impl Target {
    /// Parses `queue`, `queue@host`, `queue@host:port`, `queue@host%port`,
    /// `queue@[v6]:port`, `queue@v6` (see the module docs).
    pub fn parse(input: &str) -> Result<Self, TargetError> {
        if input.is_empty() {
            return Err(TargetError::Empty);
        }
        let (queue, host) = match input.rfind('@') {
            Some(i) => (&input[..i], Some(&input[i + 1..])),
            None => (input, None),
        };
        let queue = Queue::new(queue).map_err(|source| TargetError::Queue {
            input: input.to_owned(),
            source,
        })?;
        let host = host.map(|h| HostSpec::parse_in(h, input)).transpose()?;
        Ok(Target { queue, host })
    }
}

impl std::str::FromStr for Target {
    type Err = TargetError;
    fn from_str(s: &str) -> Result<Self, TargetError> {
        Target::parse(s)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.queue)?;
        if let Some(h) = &self.host {
            write!(f, "@{h}")?;
        }
        Ok(())
    }
}

impl HostSpec {
    /// Parses `host`, `host:port`, `host%port`, `[v6]`, `[v6]:port`, `v6`,
    /// `v6%port`.
    pub fn parse(input: &str) -> Result<Self, TargetError> {
        Self::parse_in(input, input)
    }

    fn parse_in(s: &str, input: &str) -> Result<Self, TargetError> {
        let host_err = |why| TargetError::Host {
            input: input.to_owned(),
            why,
        };
        let port = |p: &str| -> Result<u16, TargetError> {
            let bad = || TargetError::Port {
                input: input.to_owned(),
                port: p.to_owned(),
            };
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 5 {
                return Err(bad());
            }
            match p.parse::<u16>() {
                Ok(0) | Err(_) => Err(bad()),
                Ok(n) => Ok(n),
            }
        };
        let (host, port) = if let Some(rest) = s.strip_prefix('[') {
            let end = rest
                .find(']')
                .ok_or_else(|| host_err("'[' without a closing ']'"))?;
            let host = &rest[..end];
            let after = &rest[end + 1..];
            let p = match after.as_bytes().first() {
                None => None,
                Some(b':' | b'%') => Some(port(&after[1..])?),
                Some(_) => return Err(host_err("unexpected text after ']'")),
            };
            if !host.contains(':') {
                return Err(host_err("brackets are only for IPv6 addresses"));
            }
            (host, p)
        } else if s.matches(':').count() >= 2 {
            match s.rfind('%') {
                Some(i) if s[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
                    (&s[..i], Some(port(&s[i + 1..])?))
                }
                Some(_) => {
                    return Err(host_err(
                        "an IPv6 address with a zone must be bracketed: [fe80::1%eth0]:515",
                    ));
                }
                None => (s, None),
            }
        } else if let Some(i) = s.find([':', '%']) {
            (&s[..i], Some(port(&s[i + 1..])?))
        } else {
            (s, None)
        };
        if host.is_empty() {
            return Err(host_err("the host name is empty"));
        }
        if host
            .bytes()
            .any(|b| b <= b' ' || b == 0x7f || b == b'/' || b == b'@' || b == b'[' || b == b']')
        {
            return Err(host_err(
                "the host name contains white space, a control character or one of / @ [ ]",
            ));
        }
        Ok(HostSpec {
            host: host.to_owned(),
            port,
        })
    }
}

impl std::str::FromStr for HostSpec {
    type Err = TargetError;
    fn from_str(s: &str) -> Result<Self, TargetError> {
        HostSpec::parse(s)
    }
}

impl fmt::Display for HostSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(p) => HostPort(&self.host, p).fmt(f),
            None if self.host.contains(':') => write!(f, "[{}]", self.host),
            None => f.write_str(&self.host),
        }
    }
}

/// Where a client operation goes: queue, host, port. Its display form
/// `queue@host:port` (`queue@[::1]:515` for IPv6) appears in every error
/// message of the client.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// The queue on the server.
    pub queue: Queue,
    /// Host name or address (IPv6 without brackets).
    pub host: String,
    /// TCP port.
    pub port: u16,
}

impl Endpoint {
    /// An endpoint.
    pub fn new(queue: Queue, host: impl Into<String>, port: u16) -> Self {
        Endpoint {
            queue,
            host: host.into(),
            port,
        }
    }

    /// `host:port` (bracketed for IPv6): the server part of the display form.
    pub fn server(&self) -> String {
        HostPort(&self.host, self.port).to_string()
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.queue, HostPort(&self.host, self.port))
    }
}

impl serde::Serialize for Endpoint {
    /// Serialized as its display form.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Default for HostSpec {
    /// `localhost`, default port.
    fn default() -> Self {
        HostSpec {
            host: crate::config::FALLBACK_HOST.into(),
            port: None,
        }
    }
}

impl HostSpec {
    /// The port, or 515.
    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(DEFAULT_PORT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(host: &str, port: Option<u16>) -> Option<HostSpec> {
        Some(HostSpec {
            host: host.into(),
            port,
        })
    }

    #[test]
    fn parses_every_documented_target_form() {
        let table: &[(&str, &str, Option<HostSpec>)] = &[
            ("lp", "lp", None),
            ("lp@printhost", "lp", hs("printhost", None)),
            ("lp@printhost:5515", "lp", hs("printhost", Some(5515))),
            ("lp@printhost%5515", "lp", hs("printhost", Some(5515))),
            ("lp@192.0.2.7:515", "lp", hs("192.0.2.7", Some(515))),
            ("lp@[::1]", "lp", hs("::1", None)),
            ("lp@[::1]:5515", "lp", hs("::1", Some(5515))),
            ("lp@[::1]%5515", "lp", hs("::1", Some(5515))),
            ("lp@::1", "lp", hs("::1", None)),
            ("lp@2001:db8::7", "lp", hs("2001:db8::7", None)),
            ("lp@fe80::1%5515", "lp", hs("fe80::1", Some(5515))),
            ("lp@[fe80::1%eth0]:515", "lp", hs("fe80::1%eth0", Some(515))),
            ("we@ird@host", "we@ird", hs("host", None)),
            ("hp-laser_2", "hp-laser_2", None),
        ];
        for (input, queue, host) in table {
            let t = Target::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(t.queue.as_str(), *queue, "{input}");
            assert_eq!(&t.host, host, "{input}");
        }
    }

    #[test]
    fn refuses_malformed_targets_with_the_input_in_the_message() {
        let table: &[(&str, &str)] = &[
            ("", "empty"),
            ("@host", "queue name must not be empty"),
            ("lp@", "host name is empty"),
            ("lp@:515", "host name is empty"),
            ("lp@host:", "invalid port \"\""),
            ("lp@host:0", "invalid port \"0\""),
            ("lp@host:65536", "invalid port \"65536\""),
            ("lp@host:http", "invalid port \"http\""),
            ("lp@host%5x", "invalid port \"5x\""),
            ("lp@[::1", "closing ']'"),
            ("lp@[::1]x", "after ']'"),
            ("lp@[host]:515", "only for IPv6"),
            ("lp@fe80::1%eth0", "must be bracketed"),
            ("lp@ho st", "white space"),
            ("lp@ho/st", "white space"),
            ("a/b@host", "forbidden byte"),
            ("a b", "forbidden byte"),
        ];
        for (input, want) in table {
            let e = Target::parse(input).expect_err(input).to_string();
            assert!(e.contains(want), "{input:?}: {e}");
            if !input.is_empty() && !input.starts_with('@') {
                assert!(e.contains(&format!("{input:?}")), "{input:?}: {e}");
            }
        }
    }

    #[test]
    fn host_spec_parses_the_h_flag_forms() {
        assert_eq!(
            Some(HostSpec::parse("printhost").unwrap()),
            hs("printhost", None)
        );
        assert_eq!(
            Some(HostSpec::parse("printhost:631").unwrap()),
            hs("printhost", Some(631))
        );
        assert_eq!(
            Some(HostSpec::parse("[::1]:9").unwrap()),
            hs("::1", Some(9))
        );
        assert_eq!(Some(HostSpec::parse("::1").unwrap()), hs("::1", None));
        assert!(HostSpec::parse("").is_err());
        assert_eq!(HostSpec::default().port_or_default(), 515);
    }

    #[test]
    fn display_round_trips_and_brackets_ipv6() {
        for s in ["lp", "lp@h", "lp@h:5", "lp@[::1]", "lp@[::1]:5"] {
            assert_eq!(Target::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Target::parse("lp@h%5").unwrap().to_string(), "lp@h:5");
        assert_eq!(Target::parse("lp@::1").unwrap().to_string(), "lp@[::1]");
        let e = Endpoint::new(Queue::new("lp").unwrap(), "::1", 515);
        assert_eq!(e.to_string(), "lp@[::1]:515");
        assert_eq!(e.server(), "[::1]:515");
        assert_eq!(
            Endpoint::new(Queue::new("lp").unwrap(), "printhost", 515).to_string(),
            "lp@printhost:515"
        );
    }
}
