//! Control files (RFC 1179 §7) and the job description that builds them.
//!
//! A control file is a sequence of lines; each line is one printable ASCII
//! command character, its operand, and LF:
//!
//! ```text
//! +---+---------+----+
//! | X | operand | LF |
//! +---+---------+----+
//! ```
//!
//! Upper-case letters describe the job (`H` host, `P` user, `J` job name, …),
//! lower-case letters print a data file in a format (`f` formatted text,
//! `l` leaving control characters, `o` PostScript, …).
//!
//! Decoding is strict for the lines that name files or numbers (so a
//! server never follows a hostile `U../../etc/passwd`), and keeps every line
//! it does not know verbatim, so decode→encode gives back the same bytes.

use super::error::{Error, Result};
use super::names::{
    FileKind, FileName, HostName, JobNumber, Text, UserName, is_rfc_space, parse_decimal,
};
use std::fmt;

/// A print format: the lower-case command letter of a print line (§7.17–§7.28).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PrintFormat(u8);

impl PrintFormat {
    /// `c` plot CIF file (§7.17).
    pub const CIF: PrintFormat = PrintFormat(b'c');
    /// `d` print DVI file (§7.18).
    pub const DVI: PrintFormat = PrintFormat(b'd');
    /// `f` print formatted file (§7.19): plain text, the default.
    pub const FORMATTED: PrintFormat = PrintFormat(b'f');
    /// `g` plot file (§7.20).
    pub const PLOT: PrintFormat = PrintFormat(b'g');
    /// `k` reserved for Kerberized clients and servers.
    pub const KERBEROS: PrintFormat = PrintFormat(b'k');
    /// `l` print file leaving control characters (§7.21): raw.
    pub const LITERAL: PrintFormat = PrintFormat(b'l');
    /// `n` print ditroff output file (§7.22).
    pub const DITROFF: PrintFormat = PrintFormat(b'n');
    /// `o` print PostScript output file (§7.23).
    pub const POSTSCRIPT: PrintFormat = PrintFormat(b'o');
    /// `p` print file with `pr` format (§7.24).
    pub const PR: PrintFormat = PrintFormat(b'p');
    /// `r` file to print with FORTRAN carriage control (§7.25).
    pub const FORTRAN: PrintFormat = PrintFormat(b'r');
    /// `t` print troff output file (§7.26).
    pub const TROFF: PrintFormat = PrintFormat(b't');
    /// `v` print raster file (§7.27).
    pub const RASTER: PrintFormat = PrintFormat(b'v');
    /// `z` reserved for Palladium.
    pub const PALLADIUM: PrintFormat = PrintFormat(b'z');

    /// Every format letter RFC 1179 defines or reserves.
    pub const LETTERS: &'static [u8] = b"cdfgklnoprtvz";

    /// The format of a print-line letter, if it is one.
    pub fn from_letter(b: u8) -> Option<Self> {
        Self::LETTERS.contains(&b).then_some(PrintFormat(b))
    }

    /// The letter.
    pub fn letter(self) -> u8 {
        self.0
    }

    /// A short human name ("text", "postscript", …).
    pub fn name(self) -> &'static str {
        match self.0 {
            b'c' => "cif",
            b'd' => "dvi",
            b'f' => "text",
            b'g' => "plot",
            b'k' => "kerberos",
            b'l' => "raw",
            b'n' => "ditroff",
            b'o' => "postscript",
            b'p' => "pr",
            b'r' => "fortran",
            b't' => "troff",
            b'v' => "raster",
            _ => "palladium",
        }
    }
}

impl Default for PrintFormat {
    fn default() -> Self {
        PrintFormat::FORMATTED
    }
}

impl fmt::Display for PrintFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One line of a control file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlLine {
    /// `C` class for banner page (§7.1).
    Class(Text),
    /// `H` host name (§7.2); required.
    Host(HostName),
    /// `I` indent printing by this many columns (§7.3).
    Indent(u32),
    /// `J` job name for banner page (§7.4).
    JobName(Text),
    /// `L` print banner page, with the user name to show (§7.5).
    Banner(Text),
    /// `M` mail when printed, to this user (§7.6).
    Mail(Text),
    /// `N` name of source file (§7.7).
    SourceName(Text),
    /// `P` user identification (§7.8); required.
    User(UserName),
    /// `S` symbolic link data (§7.9).
    Symlink {
        /// Device number.
        device: u64,
        /// Inode number.
        inode: u64,
    },
    /// `T` title for `pr` (§7.10).
    Title(Text),
    /// `U` unlink data file (§7.11).
    Unlink(FileName),
    /// `W` width of output (§7.12).
    Width(u32),
    /// `1`–`4` troff R, I, B, S font file (§7.13–§7.16).
    Font {
        /// 1 to 4.
        slot: u8,
        /// The font file.
        file: Text,
    },
    /// A print line: print a data file in a format (§7.17–§7.28).
    Print {
        /// The format.
        format: PrintFormat,
        /// The data file.
        file: FileName,
    },
    /// `A` job identifier (LPRng).
    Identifier(Text),
    /// `D` date of submission (LPRng).
    Date(Text),
    /// `Q` queue name the job was sent to (LPRng).
    QueueName(Text),
    /// `R` accounting name (LPRng).
    Accounting(Text),
    /// `Z` filter options, comma-separated `key=value` (LPRng, `lpr -Z`).
    Options(Text),
    /// Any other line, kept byte for byte (without its LF).
    Other(Vec<u8>),
}

impl ControlLine {
    /// The command character.
    pub fn code(&self) -> u8 {
        match self {
            ControlLine::Class(_) => b'C',
            ControlLine::Host(_) => b'H',
            ControlLine::Indent(_) => b'I',
            ControlLine::JobName(_) => b'J',
            ControlLine::Banner(_) => b'L',
            ControlLine::Mail(_) => b'M',
            ControlLine::SourceName(_) => b'N',
            ControlLine::User(_) => b'P',
            ControlLine::Symlink { .. } => b'S',
            ControlLine::Title(_) => b'T',
            ControlLine::Unlink(_) => b'U',
            ControlLine::Width(_) => b'W',
            ControlLine::Font { slot, .. } => b'0' + slot,
            ControlLine::Print { format, .. } => format.letter(),
            ControlLine::Identifier(_) => b'A',
            ControlLine::Date(_) => b'D',
            ControlLine::QueueName(_) => b'Q',
            ControlLine::Accounting(_) => b'R',
            ControlLine::Options(_) => b'Z',
            ControlLine::Other(raw) => raw.first().copied().unwrap_or(0),
        }
    }

    /// Appends the line, LF included.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            ControlLine::Other(raw) => out.extend_from_slice(raw),
            _ => {
                out.push(self.code());
                match self {
                    ControlLine::Class(t)
                    | ControlLine::JobName(t)
                    | ControlLine::Banner(t)
                    | ControlLine::Mail(t)
                    | ControlLine::SourceName(t)
                    | ControlLine::Title(t)
                    | ControlLine::Font { file: t, .. }
                    | ControlLine::Identifier(t)
                    | ControlLine::Date(t)
                    | ControlLine::QueueName(t)
                    | ControlLine::Accounting(t)
                    | ControlLine::Options(t) => out.extend_from_slice(t.as_bytes()),
                    ControlLine::Host(h) => out.extend_from_slice(h.as_bytes()),
                    ControlLine::User(u) => out.extend_from_slice(u.as_bytes()),
                    ControlLine::Indent(n) | ControlLine::Width(n) => {
                        out.extend_from_slice(n.to_string().as_bytes())
                    }
                    ControlLine::Symlink { device, inode } => {
                        out.extend_from_slice(format!("{device} {inode}").as_bytes())
                    }
                    ControlLine::Unlink(f) | ControlLine::Print { file: f, .. } => {
                        out.extend_from_slice(f.as_bytes())
                    }
                    ControlLine::Other(_) => {}
                }
            }
        }
        out.push(b'\n');
    }

    /// Decodes one line given without its LF.
    pub fn decode(line: &[u8]) -> Result<Self> {
        let Some((&code, op)) = line.split_first() else {
            return Ok(ControlLine::Other(Vec::new()));
        };
        if line.contains(&0) {
            return Err(Error::ForbiddenByte {
                what: "control file line",
                byte: 0,
                pos: line.iter().position(|&b| b == 0).unwrap_or(0),
            });
        }
        let text = || Text::new(op.to_vec());
        let number = |what| -> Result<u32> {
            let n = parse_decimal(what, op)?;
            u32::try_from(n).map_err(|_| Error::BadNumber {
                what,
                value: n.to_string(),
            })
        };
        Ok(match code {
            b'C' => ControlLine::Class(text()?),
            b'H' => ControlLine::Host(HostName::new(op)?),
            b'I' => ControlLine::Indent(number("indent")?),
            b'J' => ControlLine::JobName(text()?),
            b'L' => ControlLine::Banner(text()?),
            b'M' => ControlLine::Mail(text()?),
            b'N' => ControlLine::SourceName(text()?),
            b'P' => ControlLine::User(UserName::new(op)?),
            b'S' => {
                let mut parts = super::command::Operands::new(op);
                let device = parse_decimal(
                    "device number",
                    parts.next().ok_or(Error::MissingOperand("device number"))?,
                )?;
                let inode = parse_decimal(
                    "inode number",
                    parts.next().ok_or(Error::MissingOperand("inode number"))?,
                )?;
                if let Some(extra) = parts.next() {
                    return Err(Error::UnexpectedOperand(super::command::lossy(extra)));
                }
                if op.first().copied().is_some_and(is_rfc_space) {
                    return Err(Error::UnexpectedOperand("leading white space".into()));
                }
                ControlLine::Symlink { device, inode }
            }
            b'T' => ControlLine::Title(text()?),
            b'U' => ControlLine::Unlink(FileName::new(FileKind::Data, op)?),
            b'W' => ControlLine::Width(number("width")?),
            b'1'..=b'4' => ControlLine::Font {
                slot: code - b'0',
                file: text()?,
            },
            b'A' => ControlLine::Identifier(text()?),
            b'D' => ControlLine::Date(text()?),
            b'Q' => ControlLine::QueueName(text()?),
            b'R' => ControlLine::Accounting(text()?),
            b'Z' => ControlLine::Options(text()?),
            c => match PrintFormat::from_letter(c) {
                Some(format) => ControlLine::Print {
                    format,
                    file: FileName::new(FileKind::Data, op)?,
                },
                None => {
                    // Unknown: keep verbatim, but it must still be a line.
                    Text::new(line.to_vec())?;
                    ControlLine::Other(line.to_vec())
                }
            },
        })
    }
}

/// A whole control file: its lines in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ControlFile {
    /// The lines, in the order they appear.
    pub lines: Vec<ControlLine>,
}

/// One data file of a job as the control file describes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct JobFile {
    /// The data file name (`dfA…`).
    pub name: FileName,
    /// Its format (the letter of the first print line naming it).
    #[serde(serialize_with = "ser_format")]
    pub format: PrintFormat,
    /// How many print lines name it (BSD `lpr -#` repeats the line).
    pub copies: u32,
    /// The `N` line that follows it, if any.
    pub source_name: Option<String>,
}

fn ser_format<S: serde::Serializer>(f: &PrintFormat, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(f.name())
}

impl ControlFile {
    /// Decodes a control file. Every line must end with LF.
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut lines = Vec::new();
        let mut rest = bytes;
        let mut n = 0;
        while !rest.is_empty() {
            n += 1;
            let wrap = |e: Error| Error::ControlLine {
                line: n,
                source: Box::new(e),
            };
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .ok_or_else(|| wrap(Error::MissingLf))?;
            lines.push(ControlLine::decode(&rest[..end]).map_err(wrap)?);
            rest = &rest[end + 1..];
        }
        Ok(ControlFile { lines })
    }

    /// Appends the control file.
    pub fn encode(&self, out: &mut Vec<u8>) {
        for l in &self.lines {
            l.encode(out);
        }
    }

    /// The control file as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }

    fn find<'a, T>(&'a self, f: impl Fn(&'a ControlLine) -> Option<T>) -> Option<T> {
        self.lines.iter().find_map(f)
    }

    /// The `H` host.
    pub fn host(&self) -> Option<&HostName> {
        self.find(|l| match l {
            ControlLine::Host(h) => Some(h),
            _ => None,
        })
    }

    /// The `P` user.
    pub fn user(&self) -> Option<&UserName> {
        self.find(|l| match l {
            ControlLine::User(u) => Some(u),
            _ => None,
        })
    }

    /// The `J` job name.
    pub fn job_name(&self) -> Option<&Text> {
        self.find(|l| match l {
            ControlLine::JobName(t) => Some(t),
            _ => None,
        })
    }

    /// The `C` class.
    pub fn class(&self) -> Option<&Text> {
        self.find(|l| match l {
            ControlLine::Class(t) => Some(t),
            _ => None,
        })
    }

    /// The `T` title.
    pub fn title(&self) -> Option<&Text> {
        self.find(|l| match l {
            ControlLine::Title(t) => Some(t),
            _ => None,
        })
    }

    /// The `M` mail recipient.
    pub fn mail(&self) -> Option<&Text> {
        self.find(|l| match l {
            ControlLine::Mail(t) => Some(t),
            _ => None,
        })
    }

    /// The `Z` options.
    pub fn options(&self) -> Option<&Text> {
        self.find(|l| match l {
            ControlLine::Options(t) => Some(t),
            _ => None,
        })
    }

    /// The data files the print lines name, in order of first mention, with
    /// their copy counts and source names.
    ///
    /// ## Interoperability
    /// BSD lpr, rlpr and CUPS write a file's `N` line *after* its print
    /// lines (`fdfA…`, `UdfA…`, `Nreport.txt`); LPRng writes it *before*
    /// each print line (`Nreport.txt`, `fdfA…`, repeated per copy). The
    /// order of the first `N` and the first print line tells which
    /// convention a control file follows (see the captures in
    /// `tests/fixtures/wire` and `tests/it/peer_captures.rs`).
    pub fn files(&self) -> Vec<JobFile> {
        let first_name = self
            .lines
            .iter()
            .position(|l| matches!(l, ControlLine::SourceName(_)));
        let first_print = self
            .lines
            .iter()
            .position(|l| matches!(l, ControlLine::Print { .. }));
        let name_precedes = matches!((first_name, first_print), (Some(n), Some(p)) if n < p);
        let mut files: Vec<JobFile> = Vec::new();
        let mut last: Option<usize> = None;
        let mut pending: Option<String> = None;
        for l in &self.lines {
            match l {
                ControlLine::Print { format, file } => {
                    let i = match files.iter().position(|f| &f.name == file) {
                        Some(i) => {
                            files[i].copies = files[i].copies.saturating_add(1);
                            i
                        }
                        None => {
                            files.push(JobFile {
                                name: file.clone(),
                                format: *format,
                                copies: 1,
                                source_name: None,
                            });
                            files.len() - 1
                        }
                    };
                    if let Some(name) = pending.take() {
                        files[i].source_name.get_or_insert(name);
                    }
                    last = Some(i);
                }
                ControlLine::SourceName(t) if name_precedes => {
                    pending = Some(t.to_string_lossy());
                }
                ControlLine::SourceName(t) => {
                    if let Some(i) = last {
                        if files[i].source_name.is_none() {
                            files[i].source_name = Some(t.to_string_lossy());
                        }
                    }
                }
                _ => {}
            }
        }
        files
    }

    /// Every file name the control file mentions (print and unlink lines).
    pub fn referenced_files(&self) -> impl Iterator<Item = &FileName> {
        self.lines.iter().filter_map(|l| match l {
            ControlLine::Print { file, .. } | ControlLine::Unlink(file) => Some(file),
            _ => None,
        })
    }
}

/// A data file of a job about to be sent, as the control file names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// The source name for the `N` line (a path or "(stdin)").
    pub source_name: Text,
}

/// Everything a client needs to say about a job; [`JobSpec::control_file`]
/// turns it into a control file in the order BSD lpr writes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSpec {
    /// `H`: the submitting host.
    pub host: HostName,
    /// `P`: the submitting user.
    pub user: UserName,
    /// The job number (names the files).
    pub number: JobNumber,
    /// `J`: job name for the banner.
    pub job_name: Option<Text>,
    /// `C`: class for the banner.
    pub class: Option<Text>,
    /// `L`: print a banner page for this user name (None: no banner).
    pub banner: Option<Text>,
    /// `T`: title for `pr`.
    pub title: Option<Text>,
    /// `I`: indent.
    pub indent: Option<u32>,
    /// `W`: width.
    pub width: Option<u32>,
    /// `M`: mail this user when printed.
    pub mail: Option<Text>,
    /// `1`–`4`: troff fonts, by slot.
    pub fonts: [Option<Text>; 4],
    /// `Z`: filter options.
    pub options: Option<Text>,
    /// The print format of every file.
    pub format: PrintFormat,
    /// Copies: each print line is repeated this many times.
    pub copies: u32,
    /// The data files, in order; at most 52.
    pub files: Vec<SpecFile>,
}

impl JobSpec {
    /// The most data files one job may carry (letters A–Z, a–z).
    pub const MAX_FILES: usize = 52;

    /// A job with default attributes and no files.
    pub fn new(host: HostName, user: UserName, number: JobNumber) -> Self {
        JobSpec {
            host,
            user,
            number,
            job_name: None,
            class: None,
            banner: None,
            title: None,
            indent: None,
            width: None,
            mail: None,
            fonts: [None, None, None, None],
            options: None,
            format: PrintFormat::FORMATTED,
            copies: 1,
            files: Vec::new(),
        }
    }

    /// The control file name, `cfA{number:03}{host}`.
    pub fn control_file_name(&self) -> FileName {
        FileName::control(self.number, &self.host)
    }

    /// The name of the `index`th data file (0-based): `dfA…`, `dfB…`, ….
    pub fn data_file_name(&self, index: usize) -> Result<FileName> {
        FileName::data(index, self.number, &self.host)
    }

    /// The control file for this job.
    pub fn control_file(&self) -> Result<ControlFile> {
        if self.files.len() > Self::MAX_FILES {
            return Err(Error::TooManyFiles {
                count: self.files.len(),
                max: Self::MAX_FILES,
            });
        }
        let mut lines = vec![
            ControlLine::Host(self.host.clone()),
            ControlLine::User(self.user.clone()),
        ];
        let mut push = |cond: Option<ControlLine>| lines.extend(cond);
        push(self.job_name.clone().map(ControlLine::JobName));
        push(self.class.clone().map(ControlLine::Class));
        push(self.banner.clone().map(ControlLine::Banner));
        push(self.title.clone().map(ControlLine::Title));
        push(self.indent.map(ControlLine::Indent));
        push(self.width.map(ControlLine::Width));
        push(self.mail.clone().map(ControlLine::Mail));
        for (i, f) in self.fonts.iter().enumerate() {
            push(f.clone().map(|file| ControlLine::Font {
                slot: i as u8 + 1,
                file,
            }));
        }
        push(self.options.clone().map(ControlLine::Options));
        let names = (0..self.files.len())
            .map(|i| self.data_file_name(i))
            .collect::<Result<Vec<_>>>()?;
        for (f, name) in self.files.iter().zip(&names) {
            for _ in 0..self.copies.max(1) {
                lines.push(ControlLine::Print {
                    format: self.format,
                    file: name.clone(),
                });
            }
            lines.push(ControlLine::SourceName(f.source_name.clone()));
        }
        for name in names {
            lines.push(ControlLine::Unlink(name));
        }
        Ok(ControlFile { lines })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"Hprinthost\nPalice\nJreport.txt\nCA\nLalice\nfdfA123printhost\nfdfA123printhost\nNreport.txt\nUdfA123printhost\n";

    #[test]
    fn decodes_every_rfc_line_and_encodes_it_back() {
        let all: &[u8] = b"Cclass\nHhost\nI8\nJjob\nLuser\nMuser\nNname\nPuser\nS2049 1234\nTtitle\nUdfA001host\nW132\n1R\n2I\n3B\n4S\ncdfA001host\nddfA001host\nfdfA001host\ngdfA001host\nldfA001host\nndfA001host\nodfA001host\npdfA001host\nrdfA001host\ntdfA001host\nvdfA001host\nkdfA001host\nzdfA001host\nAid-7\nD2026-11-22\nQlp\nRacct\nZduplex=on,media=a4\n";
        let cf = ControlFile::decode(all).unwrap();
        assert_eq!(cf.lines.len(), 34);
        assert!(cf.lines.iter().all(|l| !matches!(l, ControlLine::Other(_))));
        assert_eq!(cf.to_bytes(), all);
        assert_eq!(
            cf.lines[8],
            ControlLine::Symlink {
                device: 2049,
                inode: 1234
            }
        );
    }

    #[test]
    fn unknown_lines_survive_byte_for_byte() {
        let raw = b"Hh\nPu\nXwhatever \x01\xff it is\n\nKcopies\n5extra\n";
        let cf = ControlFile::decode(raw).unwrap();
        assert!(matches!(cf.lines[2], ControlLine::Other(_)));
        assert_eq!(cf.to_bytes(), raw);
    }

    #[test]
    fn accessors_summarise_the_job() {
        let cf = ControlFile::decode(SAMPLE).unwrap();
        assert_eq!(cf.host().unwrap().as_str(), "printhost");
        assert_eq!(cf.user().unwrap().as_str(), "alice");
        assert_eq!(cf.job_name().unwrap().as_str(), Some("report.txt"));
        let files = cf.files();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].copies, 2);
        assert_eq!(files[0].source_name.as_deref(), Some("report.txt"));
        assert_eq!(files[0].format, PrintFormat::FORMATTED);
    }

    #[test]
    fn source_names_follow_bsd_order_and_lprng_order() {
        // BSD lpr (captured): print lines, unlink, then N.
        let bsd = b"Hvm\nProot\nfdfA000vm\nUdfA000vm\nNone.txt\nfdfB000vm\nUdfB000vm\nNtwo.txt\n";
        // LPRng lpr -K 2 with two files (captured shape): N before each print line.
        let lprng = b"Hlocalhost\nProot\nNone.txt\nfdfA003localhost\nNone.txt\nfdfA003localhost\nNtwo.txt\nfdfB003localhost\nUdfA003localhost\nUdfB003localhost\n";
        for (raw, copies) in [(&bsd[..], 1), (&lprng[..], 2)] {
            let files = ControlFile::decode(raw).unwrap().files();
            assert_eq!(files.len(), 2, "{raw:?}");
            assert_eq!(files[0].source_name.as_deref(), Some("one.txt"), "{raw:?}");
            assert_eq!(files[0].copies, copies, "{raw:?}");
            assert_eq!(files[1].source_name.as_deref(), Some("two.txt"), "{raw:?}");
            assert_eq!(files[1].copies, 1, "{raw:?}");
        }
    }

    #[test]
    fn decode_refuses_hostile_file_names_and_bad_numbers() {
        for bad in [
            &b"U/etc/passwd\n"[..],
            b"UdfA001../../etc/passwd\n",
            b"fdfA001host/../../x\n",
            b"l../cfA001host\n",
            b"Iabc\n",
            b"W-1\n",
            b"W99999999999\n",
            b"S1\n",
            b"Sx 1\n",
            b"P9lives\n",
            b"H\n",
            b"Jnul\0here\n",
        ] {
            assert!(ControlFile::decode(bad).is_err(), "{bad:?} accepted");
        }
        let long = [b"J".as_slice(), &vec![b'x'; 100_000], b"\n"].concat();
        assert!(matches!(
            ControlFile::decode(&long),
            Err(Error::ControlLine { line: 1, .. })
        ));
    }

    #[test]
    fn missing_final_lf_is_an_error_with_the_line_number() {
        assert_eq!(
            ControlFile::decode(b"Hh\nPu"),
            Err(Error::ControlLine {
                line: 2,
                source: Box::new(Error::MissingLf)
            })
        );
    }

    #[test]
    fn symlink_line_accepts_rfc_white_space() {
        let l = ControlLine::decode(b"S1\t\x0b2").unwrap();
        assert_eq!(
            l,
            ControlLine::Symlink {
                device: 1,
                inode: 2
            }
        );
        let mut out = Vec::new();
        l.encode(&mut out);
        assert_eq!(out, b"S1 2\n");
    }

    #[test]
    fn job_spec_builds_a_bsd_shaped_control_file() {
        let mut spec = JobSpec::new(
            HostName::new("printhost").unwrap(),
            UserName::new("alice").unwrap(),
            JobNumber::new(123).unwrap(),
        );
        spec.job_name = Some(Text::new("report.txt").unwrap());
        spec.class = Some(Text::new("A").unwrap());
        spec.banner = Some(Text::new("alice").unwrap());
        spec.copies = 2;
        spec.files.push(SpecFile {
            source_name: Text::new("report.txt").unwrap(),
        });
        let cf = spec.control_file().unwrap();
        assert_eq!(cf.to_bytes(), SAMPLE);
        assert_eq!(spec.control_file_name().as_str(), "cfA123printhost");
        assert_eq!(spec.data_file_name(1).unwrap().as_str(), "dfB123printhost");
        assert_eq!(spec.data_file_name(26).unwrap().as_str(), "dfa123printhost");
        assert_eq!(spec.data_file_name(51).unwrap().as_str(), "dfz123printhost");
        assert!(matches!(
            spec.data_file_name(52),
            Err(Error::TooManyFiles { .. })
        ));
    }

    #[test]
    fn job_spec_refuses_more_than_52_files() {
        let mut spec = JobSpec::new(
            HostName::new("h").unwrap(),
            UserName::new("u").unwrap(),
            JobNumber::new(1).unwrap(),
        );
        for _ in 0..53 {
            spec.files.push(SpecFile {
                source_name: Text::default(),
            });
        }
        assert_eq!(
            spec.control_file(),
            Err(Error::TooManyFiles { count: 53, max: 52 })
        );
    }

    #[test]
    fn long_host_names_still_make_valid_file_names() {
        let spec = JobSpec::new(
            HostName::new("h".repeat(255)).unwrap(),
            UserName::new("u").unwrap(),
            JobNumber::new(5).unwrap(),
        );
        assert_eq!(spec.control_file_name().as_str().len(), 255);
    }
}
