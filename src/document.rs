//! The document every rule reads.
//!
//! A [`Document`] is built once per text: it tokenizes, splits sentences and indexes lines in one
//! pass each. What only some rules need (the language, the quote analysis) is computed lazily
//! the first time one asks, and then shared. Rules get `&Document` and never re-tokenize.

use std::ops::ControlFlow;
use std::sync::OnceLock;

use crate::span::Span;
use crate::text::code::CodeRanges;
use crate::text::hash::{fold, Folded};
use crate::text::lang::{self, LangInfo};
use crate::text::quotes::{self, Quotes};
use crate::text::sentences::{self, Sentence};
use crate::text::tokenize::{self, Token, TokenKind};

/// Texts at or above this size are refused: spans are `u32` byte offsets.
pub const MAX_DOCUMENT_BYTES: usize = u32::MAX as usize;

#[derive(Debug)]
pub struct Document<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    lines: LineIndex,
    language: OnceLock<LangInfo>,
    quotes: OnceLock<Quotes>,
    code: OnceLock<CodeRanges>,
    folds: OnceLock<Vec<Folded>>,
    ascii: OnceLock<bool>,
}

/// The error for a text a [`Document`] cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge(pub usize);

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "document of {} bytes is too large (the limit is {} bytes)",
            self.0, MAX_DOCUMENT_BYTES
        )
    }
}

impl std::error::Error for TooLarge {}

impl<'a> Document<'a> {
    pub fn new(text: &'a str) -> Result<Self, TooLarge> {
        if text.len() >= MAX_DOCUMENT_BYTES {
            return Err(TooLarge(text.len()));
        }
        let tokens = tokenize::tokenize(text);
        let sentences = sentences::split(&tokens, text);
        Ok(Document {
            text,
            tokens,
            sentences,
            lines: LineIndex::new(text),
            language: OnceLock::new(),
            quotes: OnceLock::new(),
            code: OnceLock::new(),
            folds: OnceLock::new(),
            ascii: OnceLock::new(),
        })
    }

    #[inline]
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// True when the text is all ASCII (computed on first use): then the rules that need a
    /// non-ASCII character do not run ([`RuleMeta::needs_non_ascii`](crate::RuleMeta)).
    #[inline]
    pub fn is_ascii(&self) -> bool {
        *self.ascii.get_or_init(|| self.text.is_ascii())
    }

    #[inline]
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    #[inline]
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    #[inline]
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// The text under a span.
    #[inline]
    pub fn slice(&self, span: Span) -> &'a str {
        &self.text[span.range()]
    }

    /// The number of word tokens (the length measure used by scoring).
    pub fn word_count(&self) -> usize {
        self.tokens.iter().filter(|t| t.is_word()).count()
    }

    /// The document's language, detected on first use.
    pub fn language(&self) -> &LangInfo {
        self.language.get_or_init(|| self.detect_language())
    }

    /// Detects the language (uncached): the function-word pre-check, then the n-gram detectors
    /// if it fails.
    pub fn detect_language(&self) -> LangInfo {
        let words = self.tokens.iter().filter(|t| t.is_word());
        lang::precheck(self.text, words).unwrap_or_else(|| lang::detect_document(self.text))
    }

    /// The quote marks and their pairing ([`quotes::analyze`]), computed on first use.
    pub fn quotes(&self) -> &Quotes {
        self.quotes
            .get_or_init(|| quotes::analyze_outside(self.text, &self.code_ranges().excluded))
    }

    /// The text's URLs and code ([`CodeRanges`]), computed on first use.
    pub fn code_ranges(&self) -> &CodeRanges {
        self.code.get_or_init(|| CodeRanges::new(self.text))
    }

    /// The token whose span holds byte `offset`, if any (none between tokens).
    pub fn token_at(&self, offset: usize) -> Option<&Token> {
        let i = self
            .tokens
            .partition_point(|t| (t.span.end as usize) <= offset);
        self.tokens
            .get(i)
            .filter(|t| (t.span.start as usize) <= offset)
    }

    /// The tokens that overlap the bytes `start..end`, in order. (A rule visiting offsets in
    /// increasing order seeks with [`tokenize::seek`] instead.)
    pub fn tokens_in(&self, start: usize, end: usize) -> &[Token] {
        let a = self
            .tokens
            .partition_point(|t| (t.span.end as usize) <= start);
        let b = self
            .tokens
            .partition_point(|t| (t.span.start as usize) < end);
        &self.tokens[a..b.max(a)]
    }

    /// Each token's [`fold`]: its case-insensitive hash and head, for word-list lookups
    /// ([`WordSet::contains_hashed`](crate::text::wordset::WordSet::contains_hashed)) that
    /// several rules make on the same words. Computed on first use.
    pub fn folds(&self) -> &[Folded] {
        self.folds.get_or_init(|| {
            let bytes = self.text.as_bytes();
            self.tokens
                .iter()
                .map(|t| fold(bytes, t.span.range()))
                .collect()
        })
    }

    /// The indices of the tokens that are `word` in any ASCII case, where `word` is a lowercase
    /// ASCII word of up to eight bytes given as its [`head_of`](crate::text::hash::head_of):
    /// one comparison of [`folds`](Self::folds) per token, so that a rule looking for one short
    /// word ("the", "at") does not test each token's kind, length and text.
    pub fn tokens_with_head(&self, head: u64) -> impl Iterator<Item = usize> + '_ {
        self.folds()
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.head == head)
            .map(|(i, _)| i)
    }

    /// Calls `f` on the maximal runs of ASCII letters and digits of the text, in order, with
    /// their [`fold`] hashes: (start, end, hash), until it breaks. Read off the tokens: an
    /// [`ascii`](Token::ascii) word or number is one run, with the token's hash; other words and
    /// numbers ("Zürich", "d'informations") are scanned for theirs. (A loop rather than an
    /// iterator: rules call it on every word, and the loop compiles to less.)
    pub fn ascii_runs<B>(
        &self,
        mut f: impl FnMut(usize, usize, u64) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        let bytes = self.text.as_bytes();
        for (t, folded) in self.tokens.iter().zip(self.folds()) {
            if !matches!(t.kind, TokenKind::Word | TokenKind::Number) {
                continue;
            }
            let (mut i, end) = (t.span.start as usize, t.span.end as usize);
            if t.ascii {
                f(i, end, folded.hash)?;
                continue;
            }
            while i < end {
                let len = bytes[i..end]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                if len > 0 {
                    f(i, i + len, fold(bytes, i..i + len).hash)?;
                }
                i += len.max(1);
            }
        }
        ControlFlow::Continue(())
    }

    /// Sets the language (for callers that already know it); ignored if already detected.
    pub fn set_language(&self, info: LangInfo) {
        let _ = self.language.set(info);
    }

    /// The span of the line holding `offset`, without its line break.
    pub fn line_span_at(&self, offset: u32) -> Span {
        let line = self.lines.line_of(offset);
        self.lines.line_span(line, self.text)
    }
}

/// Byte offsets of line starts, for turning offsets into line and column in the printers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 60 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        LineIndex { starts }
    }

    /// Zero-based line number holding the byte `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn line_start(&self, line: usize) -> u32 {
        self.starts[line]
    }

    /// The span of zero-based `line`, without its `\n` or `\r\n`.
    pub fn line_span(&self, line: usize, text: &str) -> Span {
        let start = self.starts[line] as usize;
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&s| s as usize - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// One-based line and one-based column in bytes and in characters for a byte offset.
    pub fn position(&self, offset: u32, text: &str) -> Position {
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let offset = (offset as usize).min(text.len());
        let prefix = text.get(start..offset).unwrap_or("");
        Position {
            line: line + 1,
            column_byte: offset - start + 1,
            column: prefix.chars().count() + 1,
        }
    }
}

/// A position for people: one-based line, one-based column in characters and in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub column_byte: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_positions() {
        let text = "ab\r\nçd\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_span(0, text).slice(text), "ab");
        assert_eq!(idx.line_span(1, text).slice(text), "çd");
        assert_eq!(idx.line_span(2, text).slice(text), "");
        let p = idx.position(6, text); // 'd' after 'ç' (2 bytes)
        assert_eq!((p.line, p.column, p.column_byte), (2, 2, 3));
        assert_eq!(idx.position(10, text).line, 4);
    }

    #[test]
    fn empty_document() {
        let doc = Document::new("").unwrap();
        assert!(doc.tokens().is_empty());
        assert!(doc.sentences().is_empty());
        assert_eq!(doc.word_count(), 0);
        assert_eq!(doc.language().code, "und");
    }

    #[test]
    fn ascii_runs_cover_every_ascii_letter_and_digit() {
        let text = "Paris, 4th Zürich d'informations ü é1 v2.0";
        let doc = Document::new(text).unwrap();
        let mut runs: Vec<&str> = Vec::new();
        let _ = doc.ascii_runs(|a, b, h| {
            assert_eq!(h, fold(text.as_bytes(), a..b).hash);
            runs.push(&text[a..b]);
            ControlFlow::<()>::Continue(())
        });
        assert_eq!(
            runs,
            [
                "Paris",
                "4th",
                "Z",
                "rich",
                "d",
                "informations",
                "1",
                "v2",
                "0"
            ]
        );
    }
}
