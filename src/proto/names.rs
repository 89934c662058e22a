//! Validated names and operands (RFC 1179 §2, §3.1, §6.2, §6.3, §7).
//!
//! Each type checks its value once, when it is made; after that encoding it
//! cannot fail and cannot break the framing of a message (no white space in
//! operands that are separated by white space, no LF, no NUL).
//!
//! RFC 1179 gives field limits that real implementations do not keep (host
//! names of 31 octets, user names of 31 octets). The hard limits here are the
//! ones that keep a message well formed and a server safe; the RFC limits are
//! exported as constants so that a client can truncate free text to them
//! (see [`Text::truncated`]).

use super::error::{Error, Result};
use std::fmt;

/// RFC 1179 §3.1 white space: SP, HT, VT, FF.
pub fn is_rfc_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c)
}

/// Longest queue, user or host name accepted (bytes).
pub const MAX_NAME: usize = 255;
/// Longest control or data file name accepted (bytes), as `NAME_MAX`.
pub const MAX_FILE_NAME: usize = 255;
/// Longest free-text operand of a control-file line (bytes).
pub const MAX_TEXT: usize = 4095;

/// RFC 1179 §7.1: class for banner page, 31 or fewer octets.
pub const RFC_MAX_CLASS: usize = 31;
/// RFC 1179 §7.2: host name, 31 or fewer octets.
pub const RFC_MAX_HOST: usize = 31;
/// RFC 1179 §7.4: job name, 99 or fewer octets.
pub const RFC_MAX_JOB_NAME: usize = 99;
/// RFC 1179 §7.7: name of source file, 131 or fewer octets.
pub const RFC_MAX_SOURCE_NAME: usize = 131;
/// RFC 1179 §7.8: user identification, 31 or fewer octets.
pub const RFC_MAX_USER: usize = 31;
/// RFC 1179 §7.10: title, 79 or fewer octets.
pub const RFC_MAX_TITLE: usize = 79;

/// Checks an operand that is delimited by white space: non-empty, at most
/// `max` bytes, UTF-8, no white space or control characters.
fn check_token(what: &'static str, bytes: &[u8], max: usize) -> Result<String> {
    if bytes.is_empty() {
        return Err(Error::EmptyOperand(what));
    }
    if bytes.len() > max {
        return Err(Error::TooLong {
            what,
            len: bytes.len(),
            max,
        });
    }
    if let Some(pos) = bytes.iter().position(|&b| b <= b' ' || b == 0x7f) {
        return Err(Error::ForbiddenByte {
            what,
            byte: bytes[pos],
            pos,
        });
    }
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|_| Error::NotUtf8(what))
}

macro_rules! string_newtype_common {
    ($t:ident) => {
        impl $t {
            /// The name as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// The name as it goes on the wire.
            pub fn as_bytes(&self) -> &[u8] {
                self.0.as_bytes()
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl std::str::FromStr for $t {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Self::new(s)
            }
        }
        impl TryFrom<&str> for $t {
            type Error = Error;
            fn try_from(s: &str) -> Result<Self> {
                Self::new(s)
            }
        }
        impl TryFrom<String> for $t {
            type Error = Error;
            fn try_from(s: String) -> Result<Self> {
                Self::new(&s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A printer queue name (RFC 1179 §3.1).
///
/// Non-empty, at most [`MAX_NAME`] bytes of UTF-8 with no white space or
/// control characters, no `/` and not starting with `.` (a server uses the
/// name as a directory).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Queue(String);

impl Queue {
    /// Validates a queue name.
    pub fn new(name: impl AsRef<[u8]>) -> Result<Self> {
        let bytes = name.as_ref();
        let s = check_token("queue name", bytes, MAX_NAME)?;
        if let Some(pos) = bytes.iter().position(|&b| b == b'/') {
            return Err(Error::ForbiddenByte {
                what: "queue name",
                byte: b'/',
                pos,
            });
        }
        if bytes[0] == b'.' {
            return Err(Error::ForbiddenByte {
                what: "queue name",
                byte: b'.',
                pos: 0,
            });
        }
        Ok(Queue(s))
    }
}
string_newtype_common!(Queue);

/// A user name (RFC 1179 §2, §5.5, §7.8): the agent of a remove request,
/// the `P` line of a control file, or an entry of a job list.
///
/// Non-empty, at most [`MAX_NAME`] bytes, no white space or control
/// characters, and not starting with a digit (§2: so that lists of users
/// and job numbers can be told apart).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserName(String);

impl UserName {
    /// Validates a user name.
    pub fn new(name: impl AsRef<[u8]>) -> Result<Self> {
        let bytes = name.as_ref();
        let s = check_token("user name", bytes, MAX_NAME)?;
        if bytes[0].is_ascii_digit() {
            return Err(Error::UserStartsWithDigit(s));
        }
        Ok(UserName(s))
    }
}
string_newtype_common!(UserName);

/// A host name (RFC 1179 §7.2 `H` line, and the tail of file names).
///
/// Non-empty, at most [`MAX_NAME`] bytes, no white space, control
/// characters or `/`. RFC 1179 says 31 octets; real clients send fully
/// qualified names, so the limit here is the DNS one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HostName(String);

impl HostName {
    /// Validates a host name.
    pub fn new(name: impl AsRef<[u8]>) -> Result<Self> {
        let bytes = name.as_ref();
        let s = check_token("host name", bytes, MAX_NAME)?;
        if let Some(pos) = bytes.iter().position(|&b| b == b'/') {
            return Err(Error::ForbiddenByte {
                what: "host name",
                byte: b'/',
                pos,
            });
        }
        Ok(HostName(s))
    }

    /// `localhost`, valid by construction: the fallback when a machine has
    /// no usable name.
    pub fn localhost() -> Self {
        HostName("localhost".to_owned())
    }
}
string_newtype_common!(HostName);

/// A job number, 0 to 999 inclusive (RFC 1179 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobNumber(u16);

impl JobNumber {
    /// The largest job number RFC 1179 allows.
    pub const MAX: u16 = 999;

    /// Validates a job number.
    pub fn new(n: u32) -> Result<Self> {
        if n > u32::from(Self::MAX) {
            return Err(Error::JobNumberRange(u64::from(n)));
        }
        Ok(JobNumber(n as u16))
    }

    /// Parses a decimal job number; at most 3 digits are meaningful.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let n = parse_decimal("job number", bytes)?;
        if n > u64::from(Self::MAX) {
            return Err(Error::JobNumberRange(n));
        }
        Ok(JobNumber(n as u16))
    }

    /// The job number `n` modulo 1000: how a client maps a larger counter
    /// or a hash onto the RFC range.
    pub fn wrapping(n: u64) -> Self {
        JobNumber((n % 1000) as u16)
    }

    /// The number.
    pub fn get(self) -> u16 {
        self.0
    }

    /// The number after this one, wrapping from 999 to 0.
    pub fn next(self) -> Self {
        JobNumber((self.0 + 1) % (Self::MAX + 1))
    }
}

impl fmt::Display for JobNumber {
    /// Formats the number without padding; file names use `{:03}` on
    /// [`JobNumber::get`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl serde::Serialize for JobNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_u16(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for JobNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let n = u32::deserialize(d)?;
        JobNumber::new(n).map_err(serde::de::Error::custom)
    }
}

/// Parses an all-digits decimal operand into a `u64`.
pub fn parse_decimal(what: &'static str, bytes: &[u8]) -> Result<u64> {
    let bad = || Error::BadNumber {
        what,
        value: String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).into_owned(),
    };
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    let mut n: u64 = 0;
    for &b in bytes {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(b - b'0')))
            .ok_or_else(bad)?;
    }
    Ok(n)
}

/// One entry of the list operand of commands 03, 04 and 05: a job number or
/// a user name (RFC 1179 §5.3–§5.5). User names cannot start with a digit,
/// so the two are told apart by the first byte.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JobSelector {
    /// A job number.
    Job(JobNumber),
    /// A user name.
    User(UserName),
}

impl JobSelector {
    /// Decodes one list entry.
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        match bytes.first() {
            Some(b) if b.is_ascii_digit() => JobNumber::parse(bytes).map(JobSelector::Job),
            _ => UserName::new(bytes).map(JobSelector::User),
        }
    }

    /// Appends the entry as it goes on the wire.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            JobSelector::Job(n) => out.extend_from_slice(n.to_string().as_bytes()),
            JobSelector::User(u) => out.extend_from_slice(u.as_bytes()),
        }
    }
}

impl fmt::Display for JobSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobSelector::Job(n) => n.fmt(f),
            JobSelector::User(u) => u.fmt(f),
        }
    }
}

impl std::str::FromStr for JobSelector {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::decode(s.as_bytes())
    }
}

/// Free text of a control-file line (`J`, `C`, `T`, `N`, `L`, `M`, …).
///
/// Kept as bytes, so that text in any encoding survives a round trip. At
/// most [`MAX_TEXT`] bytes, no LF and no NUL; may be empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Text(Vec<u8>);

impl Text {
    /// Validates free text.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Self> {
        let bytes = bytes.into();
        if bytes.len() > MAX_TEXT {
            return Err(Error::TooLong {
                what: "control file operand",
                len: bytes.len(),
                max: MAX_TEXT,
            });
        }
        if let Some(pos) = bytes.iter().position(|&b| b == b'\n' || b == 0) {
            return Err(Error::ForbiddenByte {
                what: "control file operand",
                byte: bytes[pos],
                pos,
            });
        }
        Ok(Text(bytes))
    }

    /// Makes text from a string cut to at most `max` bytes at a character
    /// boundary, with LF, CR, NUL and other control characters replaced by
    /// spaces: how a client fits user input into an RFC 1179 field.
    pub fn truncated(s: &str, max: usize) -> Self {
        let mut out = String::with_capacity(s.len().min(max));
        for c in s.chars() {
            let c = if c.is_control() { ' ' } else { c };
            if out.len() + c.len_utf8() > max.min(MAX_TEXT) {
                break;
            }
            out.push(c);
        }
        Text(out.into_bytes())
    }

    /// The text as bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text as UTF-8, if it is.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The text, with invalid UTF-8 replaced.
    pub fn to_string_lossy(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.0))
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

/// Which of the two kinds of spool file a [`FileName`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `cf…`: a control file.
    Control,
    /// `df…`: a data file.
    Data,
}

impl FileKind {
    fn prefix(self) -> &'static [u8; 2] {
        match self {
            FileKind::Control => b"cf",
            FileKind::Data => b"df",
        }
    }
    fn what(self) -> &'static str {
        match self {
            FileKind::Control => "control file name",
            FileKind::Data => "data file name",
        }
    }
}

/// A control or data file name (RFC 1179 §6.2, §6.3): `cf` or `df`, a
/// letter, a three-digit job number and the name of the host that made it,
/// e.g. `cfA123printhost`, `dfB123printhost`.
///
/// The letter is `A`–`Z` or `a`–`z` (BSD and LPRng use the letter of a data
/// file to number several files of a job). The host part may be empty and may
/// hold any printable bytes except white space and `/`, so a name can never
/// leave the spool directory it is stored in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileName(String);

impl FileName {
    /// Validates a file name of the given kind.
    pub fn new(kind: FileKind, name: impl AsRef<[u8]>) -> Result<Self> {
        let bytes = name.as_ref();
        let what = kind.what();
        let s = check_token(what, bytes, MAX_FILE_NAME)?;
        let bad = |why| Error::BadFileName {
            what,
            name: s.clone(),
            why,
        };
        if bytes.len() < 6 || &bytes[..2] != kind.prefix() {
            return Err(bad(if kind == FileKind::Control {
                "it must start with \"cf\", a letter and a three-digit job number"
            } else {
                "it must start with \"df\", a letter and a three-digit job number"
            }));
        }
        if !bytes[2].is_ascii_alphabetic() {
            return Err(bad("the third character must be a letter A-Z or a-z"));
        }
        if !bytes[3..6].iter().all(u8::is_ascii_digit) {
            return Err(bad("characters 4 to 6 must be a three-digit job number"));
        }
        if bytes.contains(&b'/') {
            return Err(bad("it contains a path separator '/'"));
        }
        Ok(FileName(s))
    }

    /// The conventional control file name `cfA{job:03}{host}`.
    pub fn control(job: JobNumber, host: &HostName) -> Self {
        Self::build(FileKind::Control, b'A', job, host)
    }

    /// The conventional name of the `index`th (0-based) data file of a job:
    /// `dfA…` to `dfZ…`, then `dfa…` to `dfz…` ([`DATA_FILE_LETTERS`]).
    pub fn data(index: usize, job: JobNumber, host: &HostName) -> Result<Self> {
        let letter = *DATA_FILE_LETTERS.get(index).ok_or(Error::TooManyFiles {
            count: index + 1,
            max: DATA_FILE_LETTERS.len(),
        })?;
        Ok(Self::build(FileKind::Data, letter, job, host))
    }

    /// Prefix, letter, `{job:03}`, host; a host too long for
    /// [`MAX_FILE_NAME`] is cut at a character boundary. Valid by
    /// construction: the letter comes from [`DATA_FILE_LETTERS`] and the host
    /// is a validated [`HostName`] (no space, control or `/`).
    fn build(kind: FileKind, letter: u8, job: JobNumber, host: &HostName) -> Self {
        let host = host.as_str();
        let mut cut = host.len().min(MAX_FILE_NAME - 6);
        while !host.is_char_boundary(cut) {
            cut -= 1;
        }
        let prefix = match kind {
            FileKind::Control => "cf",
            FileKind::Data => "df",
        };
        FileName(format!(
            "{prefix}{}{:03}{}",
            letter as char,
            job.get(),
            &host[..cut]
        ))
    }

    /// Which kind of file this names.
    pub fn kind(&self) -> FileKind {
        if self.0.as_bytes()[0] == b'c' {
            FileKind::Control
        } else {
            FileKind::Data
        }
    }

    /// The letter after the prefix.
    pub fn letter(&self) -> u8 {
        self.0.as_bytes()[2]
    }

    /// The job number embedded in the name.
    pub fn job_number(&self) -> JobNumber {
        let d = &self.0.as_bytes()[3..6];
        JobNumber(
            u16::from(d[0] - b'0') * 100 + u16::from(d[1] - b'0') * 10 + u16::from(d[2] - b'0'),
        )
    }

    /// The host part of the name (may be empty).
    pub fn host(&self) -> &str {
        &self.0[6..]
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name as it goes on the wire.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for FileName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The letters of data files in a job, in order: `A`–`Z` then `a`–`z`.
pub const DATA_FILE_LETTERS: &[u8; 52] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_refuses_space_slash_dot_and_empty() {
        assert!(Queue::new("lp").is_ok());
        assert!(Queue::new("hp-laser_2.floor3").is_ok());
        assert_eq!(Queue::new(""), Err(Error::EmptyOperand("queue name")));
        assert!(matches!(
            Queue::new("a b"),
            Err(Error::ForbiddenByte { byte: b' ', .. })
        ));
        assert!(matches!(
            Queue::new("a/b"),
            Err(Error::ForbiddenByte { byte: b'/', .. })
        ));
        assert!(matches!(
            Queue::new(".."),
            Err(Error::ForbiddenByte { byte: b'.', .. })
        ));
        assert!(matches!(
            Queue::new("a\tb"),
            Err(Error::ForbiddenByte { byte: b'\t', .. })
        ));
        assert!(matches!(
            Queue::new("q".repeat(256)),
            Err(Error::TooLong {
                len: 256,
                max: 255,
                ..
            })
        ));
        assert_eq!(Queue::new([0xff, 0xfe]), Err(Error::NotUtf8("queue name")));
    }

    #[test]
    fn user_name_may_not_start_with_a_digit() {
        assert!(UserName::new("alice").is_ok());
        assert!(UserName::new("a1").is_ok());
        assert!(matches!(
            UserName::new("1a"),
            Err(Error::UserStartsWithDigit(_))
        ));
        assert!(UserName::new("al ice").is_err());
    }

    #[test]
    fn localhost_is_a_valid_host_name() {
        assert_eq!(HostName::localhost(), HostName::new("localhost").unwrap());
    }

    #[test]
    fn job_number_range_is_0_to_999() {
        assert_eq!(JobNumber::new(0).unwrap().get(), 0);
        assert_eq!(JobNumber::new(999).unwrap().get(), 999);
        assert_eq!(JobNumber::new(1000), Err(Error::JobNumberRange(1000)));
        assert_eq!(JobNumber::parse(b"1000"), Err(Error::JobNumberRange(1000)));
        assert!(matches!(
            JobNumber::parse(b"12a"),
            Err(Error::BadNumber { .. })
        ));
        assert!(matches!(
            JobNumber::parse(b"99999999999999999999999"),
            Err(Error::BadNumber { .. })
        ));
        assert_eq!(JobNumber::new(999).unwrap().next().get(), 0);
        assert_eq!(JobNumber::wrapping(1999).get(), 999);
        assert_eq!(
            JobNumber::wrapping(u64::MAX).get(),
            (u64::MAX % 1000) as u16
        );
    }

    #[test]
    fn file_names_have_the_rfc_shape() {
        let f = FileName::new(FileKind::Control, "cfA123printhost").unwrap();
        assert_eq!(f.kind(), FileKind::Control);
        assert_eq!(f.letter(), b'A');
        assert_eq!(f.job_number().get(), 123);
        assert_eq!(f.host(), "printhost");
        let d = FileName::new(FileKind::Data, "dfz007").unwrap();
        assert_eq!(d.host(), "");
        assert_eq!(d.job_number().get(), 7);
        for bad in [
            "cfA123",
            "dfA12",
            "df1123host",
            "dfA1x3host",
            "dfA123ho/st",
            "dfA123../../etc/passwd",
            "/etc/passwd",
            "..",
            "dfA123 host",
            "dfA123host\0",
        ] {
            assert!(
                FileName::new(FileKind::Data, bad).is_err(),
                "{bad:?} accepted"
            );
        }
        assert!(FileName::new(FileKind::Data, format!("dfA123{}", "h".repeat(250))).is_err());
        let built = FileName::data(
            1,
            JobNumber::new(42).unwrap(),
            &HostName::new("ws").unwrap(),
        )
        .unwrap();
        assert_eq!(built.as_str(), "dfB042ws");
    }

    #[test]
    fn text_refuses_lf_and_nul_and_truncates_at_char_boundary() {
        assert!(Text::new(b"r\xe9sum\xe9".to_vec()).is_ok());
        assert!(Text::new(b"a\nb".to_vec()).is_err());
        assert!(Text::new(b"a\0b".to_vec()).is_err());
        assert!(Text::new(vec![b'x'; MAX_TEXT + 1]).is_err());
        let t = Text::truncated("ab\u{e9}\u{e9}", 4);
        assert_eq!(t.as_str(), Some("ab\u{e9}"));
        assert_eq!(Text::truncated("a\nb", 10).as_str(), Some("a b"));
    }

    #[test]
    fn selector_tells_jobs_from_users() {
        assert_eq!(
            JobSelector::decode(b"12").unwrap(),
            JobSelector::Job(JobNumber::new(12).unwrap())
        );
        assert_eq!(
            JobSelector::decode(b"bob").unwrap(),
            JobSelector::User(UserName::new("bob").unwrap())
        );
        assert!(JobSelector::decode(b"1000").is_err());
        assert!(JobSelector::decode(b"").is_err());
    }
}
