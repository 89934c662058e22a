//! Counting pages where the format lets us: PostScript by its DSC
//! `%%Pages:` comment, PCL and plain text by form feeds.
//!
//! The counter is fed the data in chunks ([`PageCounter::feed`]) so a job is
//! never held in memory; [`PageCounter::finish`] gives the count, or `None`
//! when the format does not tell (raster, DVI, PostScript without a page
//! count, …).

use crate::proto::PrintFormat;

/// What kind of data the counter looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// DSC PostScript: the last `%%Pages: N` (not `(atend)`).
    PostScript,
    /// Text or PCL: pages end at form feeds; trailing content is a page.
    FormFeed,
    /// Nothing to count by.
    Unknown,
}

/// A streaming page counter.
#[derive(Debug)]
pub struct PageCounter {
    kind: Option<Kind>,
    format: PrintFormat,
    /// Form feeds seen.
    ff: u64,
    /// Printable content after the last form feed.
    tail: bool,
    /// The current line (PostScript), capped.
    line: Vec<u8>,
    /// The last `%%Pages:` value.
    pages: Option<u64>,
    any: bool,
    /// Inside a PCL escape sequence.
    esc: bool,
    /// The first bytes, kept until there are enough to tell the kind.
    head: Vec<u8>,
}

const MAX_LINE: usize = 256;
/// Bytes looked at to tell PostScript from the rest.
const HEAD: usize = 4;

impl PageCounter {
    /// A counter for data printed with `format`; the data itself decides
    /// between PostScript and form-feed counting (`%!` starts PostScript).
    pub fn new(format: PrintFormat) -> Self {
        PageCounter {
            kind: None,
            format,
            ff: 0,
            tail: false,
            line: Vec::new(),
            pages: None,
            any: false,
            esc: false,
            head: Vec::new(),
        }
    }

    fn decide(&self, first: &[u8]) -> Kind {
        let ps = first.starts_with(b"%!") || first.starts_with(b"\x04%!");
        if ps || self.format == PrintFormat::POSTSCRIPT {
            return if ps { Kind::PostScript } else { Kind::Unknown };
        }
        match self.format.letter() {
            b'f' | b'l' | b'p' | b'r' => Kind::FormFeed,
            _ => Kind::Unknown,
        }
    }

    /// Feeds the next chunk.
    pub fn feed(&mut self, chunk: &[u8]) {
        if chunk.is_empty() {
            return;
        }
        if self.kind.is_none() {
            self.head.extend_from_slice(chunk);
            if self.head.len() >= HEAD {
                self.start();
            }
            return;
        }
        self.count(chunk);
    }

    /// Decides the kind from the first bytes and counts them.
    fn start(&mut self) {
        let head = std::mem::take(&mut self.head);
        self.kind = Some(self.decide(&head));
        self.count(&head);
    }

    fn count(&mut self, chunk: &[u8]) {
        let Some(kind) = self.kind else { return };
        self.any = true;
        match kind {
            Kind::FormFeed => {
                for &b in chunk {
                    if self.esc {
                        // A PCL escape sequence ends with a capital letter.
                        self.esc = !(b'@'..=b'Z').contains(&b);
                    } else if b == 0x1b {
                        self.esc = true;
                    } else if b == 0x0c {
                        self.ff += 1;
                        self.tail = false;
                    } else if b > b' ' && b != 0x7f {
                        self.tail = true;
                    }
                }
            }
            Kind::PostScript => {
                for &b in chunk {
                    if b == b'\n' || b == b'\r' {
                        self.end_line();
                    } else if self.line.len() < MAX_LINE {
                        self.line.push(b);
                    }
                }
            }
            Kind::Unknown => {}
        }
    }

    fn end_line(&mut self) {
        if let Some(rest) = self.line.strip_prefix(b"%%Pages:") {
            let s = String::from_utf8_lossy(rest);
            if let Some(n) = s.split_whitespace().next().and_then(|w| w.parse().ok()) {
                self.pages = Some(n);
            }
        }
        self.line.clear();
    }

    /// The page count, if the format tells it.
    pub fn finish(mut self) -> Option<u64> {
        if self.kind.is_none() && !self.head.is_empty() {
            self.start();
        }
        match self.kind? {
            Kind::PostScript => {
                self.end_line();
                self.pages
            }
            Kind::FormFeed => Some(self.ff + u64::from(self.tail || (self.ff == 0 && self.any))),
            Kind::Unknown => None,
        }
    }
}

/// Counts the pages of a whole buffer.
pub fn count(format: PrintFormat, data: &[u8]) -> Option<u64> {
    let mut c = PageCounter::new(format);
    c.feed(data);
    c.finish()
}

/// Counts the pages of a file, reading it in chunks.
pub fn count_file(format: PrintFormat, path: &std::path::Path) -> Option<u64> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).ok()?;
    let mut c = PageCounter::new(format);
    let mut buf = vec![0u8; 64 << 10];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => c.feed(&buf[..n]),
            Err(_) => return None,
        }
    }
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postscript_uses_the_last_pages_comment() {
        let ps = b"%!PS-Adobe-3.0\n%%Pages: (atend)\n%%Page: 1 1\nshowpage\n%%Trailer\n%%Pages: 3\n%%EOF\n";
        assert_eq!(count(PrintFormat::POSTSCRIPT, ps), Some(3));
        assert_eq!(count(PrintFormat::LITERAL, ps), Some(3));
        assert_eq!(count(PrintFormat::POSTSCRIPT, b"%!PS\nshowpage\n"), None);
        assert_eq!(
            count(PrintFormat::POSTSCRIPT, b"%!PS\r%%Pages: 12\r"),
            Some(12)
        );
    }

    #[test]
    fn text_and_pcl_count_form_feeds_and_a_trailing_page() {
        assert_eq!(count(PrintFormat::FORMATTED, b"one"), Some(1));
        assert_eq!(count(PrintFormat::FORMATTED, b"one\x0ctwo\x0c"), Some(2));
        assert_eq!(
            count(PrintFormat::FORMATTED, b"one\x0ctwo\x0cthree\n"),
            Some(3)
        );
        assert_eq!(count(PrintFormat::FORMATTED, b"one\x0c\n\n"), Some(1));
        assert_eq!(
            count(PrintFormat::LITERAL, b"\x1bEpage\x0cpage\x0c\x1bE"),
            Some(2)
        );
        assert_eq!(count(PrintFormat::FORMATTED, b""), None);
    }

    #[test]
    fn chunking_does_not_change_the_count() {
        let ps = b"%!PS\n%%Pages: 42\n";
        let mut c = PageCounter::new(PrintFormat::POSTSCRIPT);
        for b in ps.chunks(1) {
            c.feed(b);
        }
        assert_eq!(c.finish(), Some(42));
    }

    #[test]
    fn formats_without_pages_say_none() {
        assert_eq!(count(PrintFormat::RASTER, b"\x59\xa6\x6a\x95"), None);
        assert_eq!(count(PrintFormat::DVI, b"\xf7\x02"), None);
    }
}
