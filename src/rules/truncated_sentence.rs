use std::sync::OnceLock;

use crate::declare_rule;
use crate::document::Document;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::chars::is_closer;
use crate::text::data::{data_file, DataError, DataFile};
use crate::text::hash::FnvMap;
use crate::text::tokenize::{seek, Token, TokenKind};

declare_rule! {
    /// ## What it finds
    ///
    /// A sentence cut off before its end: a period right after a word that cannot end an
    /// English sentence, in two shapes:
    ///
    /// - an article, possessive determiner, coordinating conjunction, subordinator or a
    ///   preposition English does not strand ("to bring this war to an.", "talks with the.",
    ///   "despite.");
    /// - an article (for some adjectives also "the" or a possessive) and an adjective with no
    ///   noun after it ("we've dedicated a tremendous.", "the relationship and its
    ///   significant.").
    ///
    /// The words are data, in `src/data/truncation.tsv`, each with a confidence and the words
    /// before it that make the ending legitimate ("anything but.", "as if.", "for a while.").
    ///
    /// ## Why it matters
    ///
    /// Segment-level MT and careless scraping cut sentences: a quote limited by a character
    /// count, a sentence split across two markup elements of which one was lost. Human
    /// writers and editors do not leave "an." at the end of a sentence.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// Trump has done more than Biden ever did to bring this war to an. So we've dedicated a tremendous.
    /// The minister said the talks would continue during.
    /// ```
    ///
    /// Not flagged: stranded prepositions and particles ("What are you looking at.", "the issue
    /// they talked about.", "He gave up.", "The lights were off."), nouns after an article
    /// ("a lot.", "the end.", "a while."), abbreviations ("No.", "St.", "etc."), capitalized
    /// letters ("Plan A.", "Type O."), ellipses ("and..."), a word quoted on its own ("the
    /// word \"the.\"") and fragments of fewer than three words
    /// (the option `min-words`).
    ///
    /// ## Known false positives
    ///
    /// A lowercase letter used as a label ("answer a."), poetry and quoted speech that trail
    /// off with a period. The rule is tuned for precision: on the 2,915 news documents of
    /// de-en-htmt (native, human-translated and machine-translated) it reports nothing.
    /// Prepositions that English can strand ("of", "to", "from") are not checked, so cuts
    /// after them ("at the end of.") are missed.
    pub struct TruncatedSentence {
        code: "MT102",
        name: "truncated-sentence",
        category: Artifact,
        severity: Warning,
        summary: "A sentence that stops before its end (\"to an.\", \"a tremendous.\").",
        languages: ["en"],
        options: [(
            "min-words",
            3,
            "Sentences with fewer words than this (counting the last one) are not checked.",
        )],
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Final,
    Adjective,
}

#[derive(Debug)]
struct Entry {
    kind: Kind,
    confidence: f32,
    /// For finals: words before that make the ending legitimate. For adjectives: the
    /// determiners checked ("a", "the", "poss").
    context: Vec<&'static str>,
}

const DATA: DataFile = data_file!("truncation.tsv");

const POSSESSIVES: &[&str] = &["my", "your", "his", "its", "our", "their"];

fn parse(file: DataFile) -> Result<FnvMap<&'static str, Entry>, DataError> {
    let mut out = FnvMap::default();
    for row in file.rows() {
        let cols: Vec<&'static str> = row.columns().collect();
        let err = |m: &str| row.error(m);
        if cols.len() < 3 {
            return Err(err("expected kind<TAB>word<TAB>confidence<TAB>context"));
        }
        let kind = match cols[0] {
            "final" => Kind::Final,
            "adj" => Kind::Adjective,
            other => return Err(err(&format!("unknown kind `{other}`"))),
        };
        let confidence: f32 = cols[2].parse().map_err(|_| err("bad confidence"))?;
        let context = cols
            .get(3)
            .map(|c| c.split(',').filter(|w| !w.is_empty()).collect())
            .unwrap_or_default();
        if out
            .insert(
                cols[1],
                Entry {
                    kind,
                    confidence,
                    context,
                },
            )
            .is_some()
        {
            return Err(err(&format!("duplicate word `{}`", cols[1])));
        }
    }
    Ok(out)
}

fn table() -> &'static FnvMap<&'static str, Entry> {
    static TABLE: OnceLock<FnvMap<&'static str, Entry>> = OnceLock::new();
    TABLE.get_or_init(|| parse(DATA).expect("src/data/truncation.tsv is well-formed (tested)"))
}

/// A spaced lowercase word token at `i`, as text.
fn word_at<'t>(tokens: &[Token], i: usize, text: &'t str) -> Option<&'t str> {
    let t = tokens.get(i)?;
    (t.kind == TokenKind::Word && t.space_before).then(|| t.text(text))
}

/// True when the period at `dot` ends the text there: whitespace, the end, or closing quotes
/// and then whitespace, and what follows does not continue in lowercase (unless a quote closed:
/// "... a significant.” the minister said").
fn ends_here(tokens: &[Token], dot: usize, text: &str) -> bool {
    let mut j = dot + 1;
    while j < tokens.len() && !tokens[j].space_before {
        if !is_closer(tokens[j].text(text)) {
            return false;
        }
        j += 1;
    }
    match tokens.get(j) {
        None => true,
        Some(t) if t.line_start || j > dot + 1 => true,
        // A spaced dotted abbreviation: "a. D.", "a. m.".
        Some(t)
            if t.kind == TokenKind::Word
                && t.text(text).chars().nth(1).is_none()
                && tokens
                    .get(j + 1)
                    .is_some_and(|d| !d.space_before && d.text(text) == ".") =>
        {
            false
        }
        Some(t) => !t.text(text).starts_with(char::is_lowercase),
    }
}

impl Check for TruncatedSentence {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let tokens = doc.tokens();
        let table = table();
        let sentences = doc.sentences();
        let bytes = text.as_bytes();
        let min_words = cx.option("min-words") as usize;
        // Only periods right after a lowercase letter can close a cut sentence.
        let mut k = 0;
        for p in memchr::memchr_iter(b'.', bytes) {
            if p == 0 || !bytes[p - 1].is_ascii_lowercase() {
                continue;
            }
            k = seek(tokens, k, p);
            let Some(&tok) = tokens.get(k) else { continue };
            if k == 0 || tok.span.start as usize != p {
                continue;
            }
            let w = k - 1;
            let Some(word) = word_at(tokens, w, text) else {
                continue;
            };
            if !word.starts_with(|c: char| c.is_ascii_lowercase()) {
                continue;
            }
            let Some(entry) = table.get(word) else {
                continue;
            };
            if !ends_here(tokens, k, text) {
                continue;
            }
            // At least `min-words` (3) words in the sentence, counting this one: "Then the."
            // is a fragment, not a cut sentence.
            let Some(sentence) = sentences.get(sentences.partition_point(|s| s.tokens.end <= k))
            else {
                continue;
            };
            let first = sentence.tokens.start;
            if tokens[first..k].iter().filter(|t| t.is_word()).count() < min_words {
                continue;
            }
            let before = if w > first {
                word_at(tokens, w - 1, text)
            } else {
                None
            };
            let dot_end = tok.span.end as usize;
            match entry.kind {
                Kind::Final => {
                    if before
                        .is_some_and(|b| entry.context.iter().any(|c| c.eq_ignore_ascii_case(b)))
                    {
                        continue;
                    }
                    cx.report(
                        Span::new(tokens[w].span.start as usize, dot_end),
                        format!("the sentence ends in `{word}`: it looks cut off"),
                    )
                    .confidence(entry.confidence);
                }
                Kind::Adjective => {
                    let Some(det) = before else { continue };
                    let det_lower = det.to_ascii_lowercase();
                    let allowed = entry.context.iter().any(|c| match *c {
                        "a" => det_lower == "a" || det_lower == "an",
                        "poss" => POSSESSIVES.contains(&det_lower.as_str()),
                        other => det_lower == other,
                    });
                    if !allowed {
                        continue;
                    }
                    cx.report(
                        Span::new(tokens[w - 1].span.start as usize, dot_end),
                        format!(
                            "the sentence ends in `{det} {word}`, an adjective without its \
                                 noun: it looks cut off"
                        ),
                    )
                    .confidence(entry.confidence);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_parses() {
        let t = parse(DATA).unwrap();
        assert!(t.len() > 40);
        assert!(t.keys().all(|w| *w == w.to_lowercase()));
        assert!(t
            .values()
            .all(|e| e.confidence > 0.0 && e.confidence <= 1.0));
        assert!(t
            .values()
            .filter(|e| e.kind == Kind::Adjective)
            .all(|e| !e.context.is_empty()));
    }
}
