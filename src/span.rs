//! Byte spans.
//!
//! Every position inside mtlint is a byte offset into the document text, end-exclusive. Lines,
//! columns, character counts and UTF-16 units are computed only by the printers, from a
//! [`LineIndex`](crate::document::LineIndex).

use serde::Serialize;

/// A half-open byte range `[start, end)` into a document's text.
///
/// Offsets are `u32`: a [`Document`](crate::Document) refuses texts of 4 GiB or more.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`; `end` is clamped so that the span is never inverted.
    #[inline]
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(end <= u32::MAX as usize);
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    #[inline]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// True when the two spans share at least one byte (or both are empty at the same place).
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        (self.start < other.end && other.start < self.end)
            || (self.is_empty() && other.is_empty() && self.start == other.start)
    }

    /// The text under the span. Callers pass the document the span came from.
    #[inline]
    pub fn slice(self, text: &str) -> &str {
        &text[self.range()]
    }
}

impl Span {
    /// The span without trailing whitespace of `text`.
    pub fn trim_end_in(self, text: &str) -> Span {
        let s = &text[self.range()];
        Span::new(
            self.start as usize,
            self.start as usize + s.trim_end().len(),
        )
    }
}

/// Converts byte offsets into a text to code point indices: Python `str` indices and Dolma's
/// character offsets. The one converter for every place that hands spans to the outside in
/// characters (the Python binding, `mtlint score --format dolma`).
///
/// Offsets may come in any order; in ascending order (findings are sorted by position) the
/// whole text is scanned at most once. An offset past the end counts every character; an
/// offset inside a character counts that character.
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    bytes: &'a [u8],
    /// The last offset converted and its index.
    byte: usize,
    chars: usize,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        CharIndex {
            bytes: text.as_bytes(),
            byte: 0,
            chars: 0,
        }
    }

    /// The number of characters that start before byte `offset`.
    pub fn chars(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.bytes.len());
        if offset < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        // A character starts at every byte that is not a continuation byte (10xxxxxx).
        self.chars += self.bytes[self.byte..offset]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        self.byte = offset;
        self.chars
    }

    /// The span in characters, `(start, end)`.
    pub fn span(&mut self, span: Span) -> (usize, usize) {
        let start = self.chars(span.start as usize);
        (start, self.chars(span.end as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::{CharIndex, Span};

    #[test]
    fn byte_offsets_become_code_point_indices() {
        // 1, 2, 3 and 4 bytes per character.
        let text = "aé€😀b";
        let mut ix = CharIndex::new(text);
        for (i, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(ix.chars(b), i, "offset {b}");
        }
        assert_eq!(ix.chars(text.len()), 5);
        assert_eq!(ix.chars(1000), 5);
        // Out of order, then again ascending.
        assert_eq!(ix.chars(3), 2);
        assert_eq!(ix.span(Span::new(1, 10)), (1, 4));
        // Inside a character: that character counts.
        assert_eq!(CharIndex::new(text).chars(2), 2);
        assert_eq!(CharIndex::new("").chars(0), 0);
    }
}
