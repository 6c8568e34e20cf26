//! Positions as editors and other tools count them, from the byte offsets that spans are made
//! of, and back: the one converter for the edges that speak another unit (`serve`: UTF-16
//! offsets as LanguageTool counts them; `lsp`: lines and characters in UTF-16 or UTF-8; the
//! Python binding and `score --format dolma`: code points, as Python strings index).
//!
//! Inside mtlint a [`Span`](crate::Span) is a pair of byte offsets; nothing but this module
//! turns one into another unit.

/// What a character offset counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8 (the spans themselves).
    Utf8,
    /// UTF-16 code units: one for a character of the Basic Multilingual Plane, two for the rest
    /// (most emoji). What JavaScript, Java (LanguageTool) and LSP by default count.
    Utf16,
    /// Characters (Unicode scalar values): Python string indices, Dolma's offsets.
    Chars,
}

/// A zero-based line and a character offset within it, counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// A text's line starts, for converting offsets both ways. Lines end at `\n` (a `\r` before it
/// counts as part of its line, as editors count it).
#[derive(Clone, Debug)]
pub struct Positions<'t> {
    text: &'t str,
    /// Byte offset of each line's start; the first is 0.
    lines: Vec<usize>,
}

/// The length of `s` in `encoding` units.
pub fn len_in(s: &str, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        // A character starts at every byte that is not a continuation byte (10xxxxxx).
        Encoding::Chars => s.bytes().filter(|&b| (b as i8) >= -0x40).count(),
    }
}

/// The byte offset, in `s`, of the character boundary at or after `units` units of `encoding`
/// (the end of `s` when `s` is shorter). An offset inside a character moves to its end.
pub fn byte_of(s: &str, units: usize, encoding: Encoding) -> usize {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        if n >= units {
            return i;
        }
        n += match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Chars => 1,
        };
    }
    s.len()
}

/// Byte offset `at` clamped to `s` and moved back to a character boundary.
pub fn floor(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The UTF-16 offset of byte offset `at` in `s` (clamped, moved back to a character boundary).
pub fn utf16_offset(s: &str, at: usize) -> usize {
    len_in(&s[..floor(s, at)], Encoding::Utf16)
}

/// Converts byte offsets to offsets in one [`Encoding`] in one pass when they come in increasing
/// order (findings are sorted by position): for many spans over a long text, without counting
/// from the start each time. Offsets may come in any order; one inside a character moves back to
/// its start, one past the end counts the whole text.
#[derive(Debug, Clone)]
pub struct Counter<'t> {
    text: &'t str,
    encoding: Encoding,
    byte: usize,
    units: usize,
}

impl<'t> Counter<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> Self {
        Counter {
            text,
            encoding,
            byte: 0,
            units: 0,
        }
    }

    /// The offset, in this counter's encoding, of byte offset `at`.
    pub fn at(&mut self, at: usize) -> usize {
        let at = floor(self.text, at);
        if at < self.byte {
            self.byte = 0;
            self.units = 0;
        }
        self.units += len_in(&self.text[self.byte..at], self.encoding);
        self.byte = at;
        self.units
    }

    /// A span's start and end in this counter's encoding.
    pub fn span(&mut self, span: crate::Span) -> (usize, usize) {
        let start = self.at(span.start as usize);
        (start, self.at(span.end as usize))
    }
}

impl<'t> Positions<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut lines = vec![0];
        lines.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Positions { text, lines }
    }

    /// The line and column of byte offset `at` (clamped to the text, moved back to a character
    /// boundary).
    pub fn line_col(&self, at: usize, encoding: Encoding) -> LineCol {
        let at = floor(self.text, at);
        let line = self.lines.partition_point(|&s| s <= at) - 1;
        let start = self.lines[line];
        LineCol {
            line: line as u32,
            col: len_in(&self.text[start..at], encoding) as u32,
        }
    }

    /// The byte offset of a line and column. A line past the end is the end of the text; a
    /// column past the end of its line is the line's end (before its `\n`), as LSP asks.
    pub fn offset(&self, pos: LineCol, encoding: Encoding) -> usize {
        let Some(&start) = self.lines.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .lines
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        start + byte_of(&self.text[start..end], pos.col as usize, encoding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_astral_characters_twice() {
        let s = "a😀b中c";
        // a(1) 😀(4 bytes, 2 units) b(1) 中(3 bytes, 1 unit) c
        assert_eq!(utf16_offset(s, 0), 0);
        assert_eq!(utf16_offset(s, 1), 1);
        assert_eq!(utf16_offset(s, 5), 3);
        assert_eq!(utf16_offset(s, 6), 4);
        assert_eq!(utf16_offset(s, 9), 5);
        assert_eq!(utf16_offset(s, 10), 6);
        // Inside a character and past the end: clamped back.
        assert_eq!(utf16_offset(s, 3), 1);
        assert_eq!(utf16_offset(s, 99), 6);
        assert_eq!(len_in(s, Encoding::Utf16), 6);
        assert_eq!(byte_of(s, 3, Encoding::Utf16), 5);
        assert_eq!(byte_of(s, 2, Encoding::Utf16), 5); // inside the emoji: its end
        assert_eq!(byte_of(s, 9, Encoding::Utf16), s.len());
        let mut c = Counter::new(s, Encoding::Utf16);
        assert_eq!([c.at(1), c.at(6), c.at(10), c.at(5)], [1, 4, 6, 3]);
    }

    #[test]
    fn byte_offsets_become_code_point_indices() {
        // 1, 2, 3 and 4 bytes per character.
        let text = "aé€😀b";
        let mut ix = Counter::new(text, Encoding::Chars);
        for (i, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(ix.at(b), i, "offset {b}");
        }
        assert_eq!(ix.at(text.len()), 5);
        assert_eq!(ix.at(1000), 5);
        // Out of order, then again ascending.
        assert_eq!(ix.at(3), 2);
        assert_eq!(ix.at(10), 4);
        // Inside a character: its start.
        assert_eq!(Counter::new(text, Encoding::Chars).at(2), 1);
        assert_eq!(Counter::new("", Encoding::Chars).at(0), 0);
    }

    #[test]
    fn lines_and_columns_both_ways() {
        let s = "héllo\r\n😀 x\n\nend";
        let p = Positions::new(s);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            for at in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
                let lc = p.line_col(at, enc);
                assert_eq!(p.offset(lc, enc), at, "{at} {enc:?}");
            }
        }
        let x = s.find('x').unwrap();
        assert_eq!(p.line_col(x, Encoding::Utf16), LineCol { line: 1, col: 3 });
        assert_eq!(p.line_col(x, Encoding::Utf8), LineCol { line: 1, col: 5 });
        // Past the end of a line: the line's end; past the last line: the text's end.
        assert_eq!(
            p.offset(LineCol { line: 1, col: 99 }, Encoding::Utf16),
            s.find("\n\n").unwrap()
        );
        assert_eq!(
            p.offset(LineCol { line: 9, col: 0 }, Encoding::Utf16),
            s.len()
        );
    }
}
