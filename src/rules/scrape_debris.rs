use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::debris::{self, Kind};

declare_rule! {
    /// ## What it finds
    ///
    /// Page furniture and metadata that a scraper left inside the article text: audio-player and
    /// comment-widget labels on a line of their own ("Listen to this article", "Loading audio...",
    /// "No comments yet"), links to other articles ("Read more: ..."), photo credits at a line
    /// start or glued to the end of a sentence ("Photo Credit: Getty Images",
    /// "agreed.Picture: Alamy"), and metadata keys with a date ("date 2025-04-18").
    ///
    /// The phrases are data, in `src/data/debris.tsv`, each with its kind (whole line, link
    /// prefix, credit, metadata) and a note.
    ///
    /// ## Why it matters
    ///
    /// Debris is not a translation artifact, but it marks text that went through a scraper
    /// without cleaning, and it pollutes corpora built from the web. It is its own category
    /// (`debris`) so that scoring can weigh it apart from translation evidence.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// Listen to this article
    /// Read more: Zelenskyy accuses US envoy of 'spreading Russian narratives'
    /// The US will 'move on' if a deal can't be agreed.Picture: Alamy
    ///  date 2025-04-18 The talks ended on Friday.
    /// ```
    ///
    /// Not flagged: the same words inside a sentence ("He asked readers to listen to this
    /// article's author"), "Comments from officials were mixed".
    ///
    /// ## Known false positives
    ///
    /// A heading that happens to be "Comments" or "Related articles" in a real document, and a
    /// caption label ("Photo: ...") that an editor kept on purpose.
    pub struct ScrapeDebris {
        code: "MT401",
        name: "scrape-debris",
        category: Debris,
        severity: Warning,
        summary: "Page furniture or metadata left in the text by a scraper.",
        languages: ["en"],
    }
}

/// The phrases compiled into one anchored automaton, in the order of [`debris::entries`].
fn matcher() -> &'static AhoCorasick {
    static MATCHER: OnceLock<AhoCorasick> = OnceLock::new();
    MATCHER.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(debris::entries().iter().map(|e| e.phrase.as_str()))
            .expect("debris phrases compile")
    })
}

/// How far past a phrase the rule looks for the end of its line. Furniture lines are short;
/// the bound keeps the rule linear on texts with very long lines.
const LOOKAHEAD: usize = 200;

/// Leading spaces and tabs of a line are ignored when asking "does it start the line?".
/// Scans back only over spaces and tabs, so the cost does not depend on the line's length.
fn starts_line(text: &str, at: usize) -> bool {
    let before = &text.as_bytes()[..at];
    let blank = before
        .iter()
        .rev()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    blank == before.len() || before[before.len() - blank - 1] == b'\n'
}

/// The end of the line holding `at`, or `at + LOOKAHEAD` (on a character boundary) if sooner.
fn line_end(text: &str, at: usize) -> usize {
    let mut limit = (at + LOOKAHEAD).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    memchr::memchr(b'\n', &text.as_bytes()[at..limit]).map_or(limit, |i| at + i)
}

/// What follows a whole-line phrase may only be punctuation and whitespace.
fn rest_is_blank(rest: &str) -> bool {
    rest.chars()
        .all(|c| c.is_whitespace() || matches!(c, '.' | '…' | ':' | '!' | '|' | '»' | '›'))
}

/// A credit glued to a sentence: right after `.`, `!`, `?` or a closing quote, with no space.
fn glued_after_sentence(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | ')'))
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A piece of a date: starts with a digit, or is a month name ("April", "Apr.").
fn is_date_piece(piece: &str) -> bool {
    let word = piece.trim_end_matches(['.', ',']);
    word.starts_with(|c: char| c.is_ascii_digit())
        || (word.len() >= 3
            && word.len() <= 9
            && word.chars().all(|c| c.is_ascii_alphabetic())
            && MONTHS.iter().any(|m| word[..3].eq_ignore_ascii_case(m)))
}

/// A date-like start: a digit, or a month name.
fn starts_with_date(rest: &str) -> bool {
    rest.trim_start_matches([':', ' ', '\t'])
        .split_whitespace()
        .next()
        .is_some_and(is_date_piece)
}

/// The length of the date value after a metadata key: its separators and date pieces.
fn date_value_len(rest: &str) -> usize {
    let mut len = rest.len() - rest.trim_start_matches([':', ' ', '\t']).len();
    for piece in rest[len..].split_inclusive(char::is_whitespace) {
        if !is_date_piece(piece.trim_end()) {
            break;
        }
        len += piece.len();
    }
    len - (rest[..len].len() - rest[..len].trim_end().len())
}

impl Check for ScrapeDebris {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let (entries, matcher) = (debris::entries(), matcher());
        let tokens = doc.tokens();
        // Every kind of furniture starts a line, or (a credit) is glued to the end of a
        // sentence; either way a token starts there. Phrases are looked up, anchored, at those
        // tokens only, not searched for in the whole text.
        for (i, t) in tokens.iter().enumerate() {
            // (The marks a credit is glued to are punctuation tokens of their own.)
            let glued = !t.space_before
                && i > 0
                && tokens[i - 1].is_punct()
                && glued_after_sentence(text, t.span.start as usize);
            if !(t.line_start || glued) {
                continue;
            }
            let start = t.span.start as usize;
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            let Some(m) = matcher.find(input) else {
                continue;
            };
            let entry = &entries[m.pattern().as_usize()];
            let end = m.end();
            // Word boundary after the phrase (phrases ending in punctuation carry their own).
            let boundary_after = text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
                || !entry.phrase.ends_with(|c: char| c.is_alphanumeric());
            if !boundary_after {
                continue;
            }
            let eol = line_end(text, end);
            let span = match entry.kind {
                Kind::Line if starts_line(text, start) && rest_is_blank(&text[end..eol]) => {
                    Span::new(start, end)
                }
                Kind::Link if starts_line(text, start) && text[end..eol].trim().len() > 1 => {
                    Span::new(start, end)
                }
                Kind::Credit
                    if (starts_line(text, start) || glued)
                        && text[end..eol].trim_start().starts_with(char::is_uppercase) =>
                {
                    Span::new(start, eol).trim_end_in(text)
                }
                Kind::Meta if starts_line(text, start) && starts_with_date(&text[end..eol]) => {
                    Span::new(start, end + date_value_len(&text[end..eol]))
                }
                _ => continue,
            };
            cx.report(
                span,
                format!("scraped page furniture ({}), not article text", entry.note),
            )
            .fix("", Applicability::Unsafe);
        }
    }
}
