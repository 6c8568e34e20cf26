//! Allowlists: names and terms that are correct as written.
//!
//! A project that writes "Peking University" or quotes "Weltanschauung" on purpose lists them
//! in `mtlint.toml` (`[allow] names = [...]`, `terms = [...]`). A finding is dropped when its
//! text, without surrounding punctuation, lies inside an occurrence of an allowed entry in the
//! document, whatever the rule: a name-variant, a legacy transliteration, an untranslated
//! fragment or a calque that the project wants is not reported. Names match case-sensitively,
//! terms ignoring ASCII case; both match whole words only.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::finding::Finding;
use crate::span::Span;

#[derive(Debug, Clone)]
pub struct Allowlist {
    names: Option<AhoCorasick>,
    terms: Option<AhoCorasick>,
}

fn automaton(entries: &[String], ignore_case: bool) -> Result<Option<AhoCorasick>, String> {
    let entries: Vec<&str> = entries.iter().map(|e| e.trim()).collect();
    if entries.is_empty() {
        return Ok(None);
    }
    if entries.iter().any(|e| e.is_empty()) {
        return Err("an allowlist entry is empty".into());
    }
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(ignore_case)
        .build(&entries)
        .map(Some)
        .map_err(|e| format!("cannot build the allowlist: {e}"))
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

impl Allowlist {
    /// `names` match case-sensitively, `terms` ignoring ASCII case. Empty entries are errors.
    pub fn new(names: &[String], terms: &[String]) -> Result<Self, String> {
        Ok(Allowlist {
            names: automaton(names, false)?,
            terms: automaton(terms, true)?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_none() && self.terms.is_none()
    }

    /// The spans of whole-word occurrences of allowed entries in `text`.
    pub fn occurrences(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        for ac in [&self.names, &self.terms].into_iter().flatten() {
            for m in ac.find_overlapping_iter(text) {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                if !is_word_char(before) && !is_word_char(after) {
                    out.push(Span::new(m.start(), m.end()));
                }
            }
        }
        out
    }

    /// Drops the findings whose text (without surrounding punctuation and spaces) lies inside
    /// an allowed occurrence.
    pub fn retain(&self, text: &str, findings: &mut Vec<Finding>) {
        if findings.is_empty() || self.is_empty() {
            return;
        }
        let allowed = self.occurrences(text);
        if allowed.is_empty() {
            return;
        }
        findings.retain(|f| {
            let core = core_span(f.span, text);
            !allowed
                .iter()
                .any(|a| a.start <= core.start && core.end <= a.end)
        });
    }
}

/// The span without leading and trailing characters that are not letters or digits (all of it
/// when it has none).
fn core_span(span: Span, text: &str) -> Span {
    let s = span.slice(text);
    let trimmed = s.trim_start_matches(|c: char| !c.is_alphanumeric());
    if trimmed.is_empty() {
        return span;
    }
    let start = span.start as usize + (s.len() - trimmed.len());
    let end = start
        + trimmed
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .len();
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ScrapeDebris;

    fn finding(text: &str, needle: &str) -> Finding {
        let start = text.find(needle).unwrap();
        Finding::new(
            ScrapeDebris::META,
            Span::new(start, start + needle.len()),
            "test",
        )
    }

    fn kept(allow: &Allowlist, text: &str, needles: &[&str]) -> Vec<String> {
        let mut fs: Vec<Finding> = needles.iter().map(|n| finding(text, n)).collect();
        allow.retain(text, &mut fs);
        fs.iter().map(|f| f.span.slice(text).to_string()).collect()
    }

    #[test]
    fn names_are_case_sensitive_terms_are_not() {
        let allow =
            Allowlist::new(&["Peking University".into()], &["raison d'être".into()]).unwrap();
        let text = "At Peking University, a RAISON D'ÊTRE. peking university too.";
        // "Peking" inside the allowed name is dropped; the lowercase one is kept.
        assert_eq!(
            kept(&allow, text, &["Peking", "peking"]),
            vec!["peking".to_string()]
        );
        // ASCII case is ignored for terms (the Ê must match as written).
        let text = "a Raison d'être here";
        assert!(kept(&allow, text, &["Raison d'être"]).is_empty());
    }

    #[test]
    fn whole_words_only_and_punctuation_around_the_finding() {
        let allow = Allowlist::new(&["Kyiv".into()], &[]).unwrap();
        let text = "In Kyivska Street; \"Kyiv\" said.";
        assert_eq!(
            kept(&allow, text, &["Kyivska", "\"Kyiv\""]),
            vec!["Kyivska".to_string()]
        );
    }

    #[test]
    fn empty_entries_are_errors() {
        assert!(Allowlist::new(&[" ".into()], &[]).is_err());
        assert!(Allowlist::new(&[], &[]).unwrap().is_empty());
    }
}
