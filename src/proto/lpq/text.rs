//! Small text helpers shared by the listing parsers.

/// A white-space separated word of a line and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Word<'a> {
    pub(super) text: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// The words of a line, with their byte positions.
pub(super) fn words(line: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Word {
                    text: &line[s..i],
                    start: s,
                    end: i,
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: &line[s..],
            start: s,
            end: line.len(),
        });
    }
    out
}

/// True for a non-empty all-ASCII-digit word.
pub(super) fn is_number(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// A decimal number that fits, else `None`.
pub(super) fn number<T: std::str::FromStr>(w: &str) -> Option<T> {
    if is_number(w) { w.parse().ok() } else { None }
}

/// The text between two positions of a line, trimmed.
pub(super) fn between(line: &str, from: usize, to: usize) -> &str {
    line.get(from..to).unwrap_or("").trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_carry_their_positions() {
        let w = words("  ab\tc  déf ");
        let t: Vec<_> = w.iter().map(|w| (w.text, w.start, w.end)).collect();
        assert_eq!(t, [("ab", 2, 4), ("c", 5, 6), ("déf", 8, 12)]);
        assert!(words("   ").is_empty());
    }

    #[test]
    fn numbers_are_plain_decimal_and_must_fit() {
        assert_eq!(number::<u32>("0042"), Some(42));
        assert_eq!(number::<u32>("99999999999"), None);
        assert_eq!(number::<u32>("+1"), None);
        assert_eq!(number::<u32>(""), None);
        assert_eq!(between("abc", 2, 9), "");
    }
}
