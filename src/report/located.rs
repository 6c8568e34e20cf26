//! A checked text with what the printers need to place spans: lines, character columns, and
//! offsets into the original bytes.

use crate::decode::SourceText;
use crate::document::{LineIndex, Position};
use crate::span::Span;

/// A checked text with what is needed to locate spans: the decoded source and its line index.
#[derive(Debug)]
pub struct Located<'a> {
    /// Path or id shown to the user.
    pub name: &'a str,
    pub source: &'a SourceText,
    pub lines: LineIndex,
}

impl<'a> Located<'a> {
    pub fn new(name: &'a str, source: &'a SourceText) -> Self {
        Located {
            name,
            source,
            lines: LineIndex::new(&source.text),
        }
    }

    pub fn text(&self) -> &'a str {
        &self.source.text
    }

    /// Where a span starts and ends, as one-based lines and character columns (the end column is
    /// the column just after the span).
    pub fn positions(&self, span: Span) -> (Position, Position) {
        let text = self.text();
        (
            self.lines.position(span.start, text),
            self.lines.position(span.end, text),
        )
    }

    /// Byte offsets of a span in the original input.
    pub fn original_range(&self, span: Span) -> (usize, usize) {
        (
            self.source.original_offset(span.start as usize),
            self.source.original_offset(span.end as usize),
        )
    }
}

/// Shortens `s` to at most `max` characters, marking the cut with `…`.
pub fn ellipsize(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => s.into(),
        Some((i, _)) => format!("{}…", &s[..i]).into(),
    }
}
