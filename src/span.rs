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
