use std::iter;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc, is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::chars::{code_point, non_ascii};

declare_rule! {
    /// ## What it finds
    ///
    /// Text that is not in Unicode Normalization Form C: a letter written as a base letter plus
    /// a combining mark ("e" + U+0301 COMBINING ACUTE ACCENT) where a precomposed letter ("é")
    /// exists, combining marks in non-canonical order, and characters that NFC replaces (U+212B
    /// ANGSTROM SIGN becomes "Å", U+037E GREEK QUESTION MARK becomes ";"). Each word holding
    /// such a sequence is reported once, with its NFC form as a safe fix.
    ///
    /// A fully decomposed (NFD) document would otherwise give one finding per accented word, so
    /// the rule reports the first 20 words one by one and then a single summarising finding
    /// that covers all the remaining ones (its fix normalizes that whole stretch).
    ///
    /// ## Why it matters
    ///
    /// Decomposed text looks the same as composed text but is not equal to it byte for byte:
    /// search, deduplication, spell checking and tokenizers treat "café" (NFD) and "café" (NFC)
    /// as different words. NFD text is typical of macOS file names, some PDF extractors and
    /// text that went through a pipeline step that normalized it on purpose; in a corpus it
    /// marks a document that took a different path from the rest.
    ///
    /// ## Examples
    ///
    /// Flagged (the accents below are combining marks):
    ///
    /// ```text
    /// The café in Zürich reopened.
    /// Measured in Å (U+212B ANGSTROM SIGN).
    /// ```
    ///
    /// Not flagged: the same words with precomposed letters, combining marks that have no
    /// precomposed form ("x̄"), and combining marks in text where NFC keeps them (Vietnamese
    /// with stacked marks written in canonical order).
    ///
    /// ## Known false positives
    ///
    /// Text that must keep a compatibility character on purpose (U+212B in a table that
    /// distinguishes it from "Å") and CJK compatibility ideographs, which NFC replaces by their
    /// unified forms. The finding is Info: non-NFC text is damage to the encoding, not to the
    /// language.
    pub struct NonNfcText {
        code: "MT301",
        name: "non-nfc-text",
        category: Encoding,
        severity: Info,
        summary: "Text not in Unicode NFC (decomposed accents, non-canonical mark order).",
        languages: [],
        needs_non_ascii: true,
    }
}

/// Words reported one by one before the rest is summarised in one finding.
pub const MAX_FINDINGS: usize = 20;

/// A character that starts an independent normalization unit: a starter that never composes
/// with what precedes it (canonical combining class 0 and NFC quick check Yes).
#[inline]
fn is_boundary(c: char) -> bool {
    c.is_ascii()
        || (canonical_combining_class(c) == 0 && is_nfc_quick(iter::once(c)) == IsNormalized::Yes)
}

/// True when the text might not be NFC: the quick check over its non-ASCII characters (a run
/// of ASCII resets the mark order, as an ASCII starter would).
fn maybe_not_nfc(text: &str) -> bool {
    let mut last_end = 0;
    let mut last_cc = 0u8;
    for (at, c) in non_ascii(text) {
        if at != last_end {
            last_cc = 0;
        }
        let cc = canonical_combining_class(c);
        if (cc != 0 && last_cc > cc) || is_nfc_quick(iter::once(c)) != IsNormalized::Yes {
            return true;
        }
        last_cc = cc;
        last_end = at + c.len_utf8();
    }
    false
}

/// The byte ranges of the normalization units that are not NFC. A unit is a boundary
/// character and the non-boundary characters after it; units normalize independently.
fn bad_units(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut unit_start = 0;
    let mut dirty = false;
    let check = |start: usize, end: usize, out: &mut Vec<Span>| {
        if !is_nfc(&text[start..end]) {
            out.push(Span::new(start, end));
        }
    };
    for (at, c) in text.char_indices() {
        if is_boundary(c) {
            if dirty {
                check(unit_start, at, &mut out);
            }
            unit_start = at;
            dirty = false;
        } else {
            dirty = true;
        }
    }
    if dirty {
        check(unit_start, text.len(), &mut out);
    }
    out
}

/// The span to report for a bad unit: the unit without a leading space (only its first
/// character can be a starter), widened to the words it touches.
fn report_span(doc: &Document<'_>, unit: Span) -> Span {
    let text = doc.text();
    let mut span = unit;
    if let Some(first) = text[unit.range()].chars().next() {
        if first.is_whitespace() && is_boundary(first) {
            span.start += first.len_utf8() as u32;
        }
    }
    let end = span.end.max(span.start + 1) as usize;
    for t in doc.tokens_in(span.start as usize, end) {
        if t.is_word() {
            span = span.cover(t.span);
        }
    }
    span
}

/// The code points of the characters that make a span non-NFC (its non-boundary ones), at
/// most three.
fn describe(s: &str) -> String {
    let mut parts: Vec<String> = s
        .chars()
        .filter(|&c| !is_boundary(c))
        .take(4)
        .map(code_point)
        .collect();
    if parts.len() > 3 {
        parts.truncate(3);
        parts.push("…".into());
    }
    parts.join(" ")
}

impl Check for NonNfcText {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        if !maybe_not_nfc(text) {
            return;
        }
        let mut spans: Vec<Span> = Vec::new();
        for unit in bad_units(text) {
            let span = report_span(doc, unit);
            match spans.last_mut() {
                Some(last) if last.end >= span.start => *last = last.cover(span),
                _ => spans.push(span),
            }
        }
        for &span in spans.iter().take(MAX_FINDINGS) {
            let s = doc.slice(span);
            let nfc: String = s.nfc().collect();
            cx.report(
                span,
                format!(
                    "not in Unicode NFC ({}); the NFC form is '{nfc}'",
                    describe(s)
                ),
            )
            .fix(nfc, Applicability::Safe);
        }
        if spans.len() > MAX_FINDINGS {
            let rest = &spans[MAX_FINDINGS..];
            let span = rest[0].cover(rest[rest.len() - 1]);
            let nfc: String = doc.slice(span).nfc().collect();
            cx.report(
                span,
                format!(
                    "{} more words not in Unicode NFC after the first {MAX_FINDINGS}; the text \
                     looks decomposed (NFD) throughout",
                    rest.len()
                ),
            )
            .fix(nfc, Applicability::Safe);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(String, Option<String>)> {
        crate::testing::spans_and_fixes("MT301", text)
    }

    #[test]
    fn decomposed_word_is_reported_with_its_nfc_form() {
        let got = spans("The cafe\u{301} opened.");
        assert_eq!(
            got,
            vec![("cafe\u{301}".to_string(), Some("café".to_string()))]
        );
    }

    #[test]
    fn mark_order_and_singletons() {
        // q + dot below (220) + dot above (230) is canonical; reversed it is not.
        assert!(spans("q\u{323}\u{307}").is_empty());
        assert_eq!(spans("q\u{307}\u{323}").len(), 1);
        assert_eq!(
            spans("5 \u{212b} wide"),
            vec![("\u{212b}".to_string(), Some("Å".to_string()))]
        );
    }

    #[test]
    fn many_words_are_capped_with_a_summary() {
        let text = "cafe\u{301} ".repeat(30);
        let got = spans(&text);
        assert_eq!(got.len(), MAX_FINDINGS + 1);
        let (last, fix) = &got[MAX_FINDINGS];
        assert_eq!(last.matches("cafe\u{301}").count(), 10);
        assert_eq!(fix.as_deref().unwrap().matches("café").count(), 10);
    }

    #[test]
    fn edge_inputs() {
        assert!(spans("").is_empty());
        assert_eq!(spans("\u{301}").len(), 0);
        assert_eq!(spans("x\u{301}\u{301}\u{301}").len(), 0);
        assert_eq!(spans("=\u{338}").len(), 1);
    }
}
