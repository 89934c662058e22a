//! Who may do what: per-operation network rules and the reserved-port rule.
//!
//! A rule list is checked in order and the first entry that contains the
//! peer decides: `"10.0.0.0/8"` allows, `"!10.0.5.0/24"` denies; a peer no
//! entry contains is denied. Addresses are never looked up in DNS; an
//! IPv4-mapped IPv6 peer (`::ffff:10.1.2.3`, from a dual-stack listener) is
//! matched as the IPv4 address.
//!
//! CIDR parsing and containment use the `ipnet` crate (widely used, no
//! dependencies of its own) rather than a hand-written matcher: prefix
//! normalisation and the IPv6 edge cases are exactly what a home-grown
//! matcher gets wrong.

use ipnet::IpNet;
use serde::Deserialize;
use std::fmt;
use std::net::{IpAddr, SocketAddr};

/// What a request wants to do, for the access rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `01` print waiting jobs and `02` receive a job.
    Submit,
    /// `03`/`04` queue state.
    Status,
    /// `05` remove jobs (a user's own; admins any).
    Remove,
    /// `06` control operations, and removing other users' jobs.
    Admin,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Operation::Submit => "submit",
            Operation::Status => "status",
            Operation::Remove => "remove",
            Operation::Admin => "admin",
        })
    }
}

/// One rule: a network, allowing or (with `!`) denying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetRule {
    /// Deny instead of allow.
    pub deny: bool,
    /// The network; `None` is "any" (both families).
    pub net: Option<IpNet>,
}

impl std::str::FromStr for NetRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (deny, rest) = match s.trim().strip_prefix('!') {
            Some(r) => (true, r.trim()),
            None => (false, s.trim()),
        };
        let net = if rest == "any" || rest == "*" {
            None
        } else if let Ok(n) = rest.parse::<IpNet>() {
            Some(n.trunc())
        } else if let Ok(ip) = rest.parse::<IpAddr>() {
            Some(IpNet::from(ip))
        } else {
            return Err(format!(
                "{s:?} is not a network (use 192.0.2.0/24, 2001:db8::/32, an address, \"any\", or prefix \"!\" to deny)"
            ));
        };
        Ok(NetRule { deny, net })
    }
}

impl NetRule {
    fn matches(&self, ip: IpAddr) -> bool {
        self.net.is_none_or(|n| n.contains(&ip))
    }
}

impl<'de> Deserialize<'de> for NetRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// An ordered rule list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(transparent)]
pub struct RuleList(pub Vec<NetRule>);

impl RuleList {
    /// Every address.
    pub fn any() -> Self {
        RuleList(vec![NetRule {
            deny: false,
            net: None,
        }])
    }

    /// Loopback only (127.0.0.0/8 and ::1).
    pub fn loopback() -> Self {
        RuleList(
            ["127.0.0.0/8", "::1/128"]
                .iter()
                .filter_map(|s| s.parse().ok())
                .collect(),
        )
    }

    /// True when the first rule containing `ip` allows.
    pub fn allows(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0
            .iter()
            .find(|r| r.matches(ip))
            .is_some_and(|r| !r.deny)
    }
}

/// Which source ports count as reserved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReservedPort {
    /// Any source port (the default; RFC 1179's rule is from a time when a
    /// low port proved root on a trusted host).
    #[default]
    None,
    /// 721–731, as RFC 1179 §3.1 says.
    Rfc,
    /// Any port below 1024 (what BSD lpd and LPRng check).
    Privileged,
}

impl ReservedPort {
    /// True when `port` satisfies the rule.
    pub fn allows(self, port: u16) -> bool {
        match self {
            ReservedPort::None => true,
            ReservedPort::Rfc => (721..=731).contains(&port),
            ReservedPort::Privileged => port < 1024,
        }
    }
}

/// `[access]` or `[queue.NAME.access]` as written: every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccessConfig {
    /// Who may submit jobs (`02`) and kick the queue (`01`). Default: any.
    pub submit: Option<RuleList>,
    /// Who may ask for the queue state (`03`/`04`). Default: any.
    pub status: Option<RuleList>,
    /// Who may ask to remove their own jobs (`05`). Default: any.
    pub remove: Option<RuleList>,
    /// Administrators: who may use `06` control operations and remove any
    /// job. Default: loopback.
    pub admin: Option<RuleList>,
    /// Require a reserved source port for everything but status.
    pub reserved_port: Option<ReservedPort>,
}

/// The effective rules of one queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRules {
    /// See [`AccessConfig::submit`].
    pub submit: RuleList,
    /// See [`AccessConfig::status`].
    pub status: RuleList,
    /// See [`AccessConfig::remove`].
    pub remove: RuleList,
    /// See [`AccessConfig::admin`].
    pub admin: RuleList,
    /// See [`AccessConfig::reserved_port`].
    pub reserved_port: ReservedPort,
}

impl Default for AccessRules {
    fn default() -> Self {
        AccessRules::merge(&AccessConfig::default(), &AccessConfig::default())
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    /// The peer's network is not allowed for the operation.
    Network,
    /// The source port is not reserved.
    Port(ReservedPort),
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Denied::Network => f.write_str("the address is not allowed by the access rules"),
            Denied::Port(ReservedPort::Rfc) => {
                f.write_str("a reserved source port (721-731) is required")
            }
            Denied::Port(_) => f.write_str("a privileged source port (below 1024) is required"),
        }
    }
}

impl AccessRules {
    /// The queue's own settings, each falling back to the global ones.
    pub fn merge(queue: &AccessConfig, global: &AccessConfig) -> Self {
        let pick = |q: &Option<RuleList>, g: &Option<RuleList>, d: fn() -> RuleList| {
            q.clone().or_else(|| g.clone()).unwrap_or_else(d)
        };
        AccessRules {
            submit: pick(&queue.submit, &global.submit, RuleList::any),
            status: pick(&queue.status, &global.status, RuleList::any),
            remove: pick(&queue.remove, &global.remove, RuleList::any),
            admin: pick(&queue.admin, &global.admin, RuleList::loopback),
            reserved_port: queue
                .reserved_port
                .or(global.reserved_port)
                .unwrap_or_default(),
        }
    }

    /// Checks one request from `peer`.
    pub fn check(&self, op: Operation, peer: SocketAddr) -> Result<(), Denied> {
        let list = match op {
            Operation::Submit => &self.submit,
            Operation::Status => &self.status,
            Operation::Remove => &self.remove,
            Operation::Admin => &self.admin,
        };
        if !list.allows(peer.ip()) {
            return Err(Denied::Network);
        }
        if op != Operation::Status && !self.reserved_port.allows(peer.port()) {
            return Err(Denied::Port(self.reserved_port));
        }
        Ok(())
    }

    /// True when `peer` is an administrator (network only; the port rule is
    /// checked by [`AccessRules::check`]).
    pub fn is_admin(&self, peer: IpAddr) -> bool {
        self.admin.allows(peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &[&str]) -> RuleList {
        RuleList(v.iter().map(|s| s.parse().unwrap()).collect())
    }
    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn first_matching_rule_decides_and_no_match_denies() {
        let l = list(&["!10.0.5.0/24", "10.0.0.0/8", "2001:db8::/32"]);
        assert!(l.allows(ip("10.1.2.3")));
        assert!(!l.allows(ip("10.0.5.7")));
        assert!(!l.allows(ip("192.0.2.1")));
        assert!(l.allows(ip("2001:db8::1")));
        assert!(!l.allows(ip("2001:db9::1")));
    }

    #[test]
    fn mapped_ipv4_matches_ipv4_rules_and_any_matches_both() {
        let l = list(&["127.0.0.1"]);
        assert!(l.allows(ip("::ffff:127.0.0.1")));
        let any = list(&["any"]);
        assert!(any.allows(ip("192.0.2.1")));
        assert!(any.allows(ip("::1")));
        let not_any = list(&["!*"]);
        assert!(!not_any.allows(ip("192.0.2.1")));
    }

    #[test]
    fn host_bits_are_ignored_and_bad_networks_refused() {
        assert!(list(&["10.1.2.3/8"]).allows(ip("10.200.0.1")));
        assert!("10.0.0.0/33".parse::<NetRule>().is_err());
        assert!("printhost".parse::<NetRule>().is_err());
    }

    #[test]
    fn reserved_port_rules() {
        assert!(ReservedPort::Rfc.allows(721));
        assert!(ReservedPort::Rfc.allows(731));
        assert!(!ReservedPort::Rfc.allows(1023));
        assert!(ReservedPort::Privileged.allows(1023));
        assert!(!ReservedPort::Privileged.allows(1024));
        assert!(ReservedPort::None.allows(40000));
    }

    #[test]
    fn queue_settings_fall_back_to_global_then_defaults() {
        let global = AccessConfig {
            submit: Some(list(&["10.0.0.0/8"])),
            reserved_port: Some(ReservedPort::Privileged),
            ..Default::default()
        };
        let queue = AccessConfig {
            status: Some(list(&["!any"])),
            ..Default::default()
        };
        let r = AccessRules::merge(&queue, &global);
        let peer: SocketAddr = "10.0.0.1:800".parse().unwrap();
        assert_eq!(r.check(Operation::Submit, peer), Ok(()));
        assert_eq!(r.check(Operation::Status, peer), Err(Denied::Network));
        assert_eq!(
            r.check(Operation::Submit, "10.0.0.1:40000".parse().unwrap()),
            Err(Denied::Port(ReservedPort::Privileged))
        );
        assert!(r.is_admin(ip("127.0.0.1")));
        assert!(!r.is_admin(ip("10.0.0.1")));
    }
}
