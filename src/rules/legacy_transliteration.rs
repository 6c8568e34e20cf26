use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::wordset::{PhraseHeads, WordSet};

declare_rule! {
    /// ## What it finds
    ///
    /// Place names in an older or source-language form that English news no longer uses:
    /// Russian-based spellings of Ukrainian cities ("Kiev", "Kharkov", "Odessa", "Lugansk"),
    /// older romanizations and colonial names ("Peking", "Bombay", "Rangoon"), and forms of the
    /// source language that a translation left in ("Moskau", "Warschau", "Kiew").
    ///
    /// When the same text also uses the modern form ("Kiev" and "Kyiv"), every legacy
    /// occurrence is reported with full confidence and the modern occurrences as related spans.
    /// A legacy form alone is reported with low confidence (an older English exonym is also a
    /// house-style choice, and correct in historical text); a source-language form alone with
    /// medium confidence. The pairs, and fixed phrases in which the older form is right
    /// ("Chicken Kiev", "Odessa, Texas", "Peking duck", "Bombay Stock Exchange"), are data in
    /// `src/data/exonyms.en.tsv`.
    ///
    /// ## Why it matters
    ///
    /// Translation engines and the sources they learned from carry the spelling of the source
    /// language or of an older era: a Russian or Chinese original gives "Kiev" and "Kharkov"
    /// where English-language media write "Kyiv" and "Kharkiv" since 2019, and a German original
    /// can leave "Moskau". Mixing both forms in one text is a strong sign that parts of it were
    /// translated separately or by a different hand.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// Washington and Kyiv agreed on a deal ... concerns in Kiev that it could hinder ...
    /// Russia hit Kharkov early on Friday.            (weak: legacy form alone)
    /// The talks in Moskau ended without a result.     (source-language form)
    /// ```
    ///
    /// Not flagged: "Kyiv", "Kievan Rus", "Chicken Kiev", "Odessa, Texas", "Peking duck",
    /// "Peking University", "Bombay Sapphire".
    ///
    /// ## Known false positives
    ///
    /// Historical text, where "Kiev" or "Bombay" is the right name for the time; quotations and
    /// titles that keep the older form; fixed names not yet in the exception list (a club, a
    /// company, a ship); and people whose surname is a legacy form ("Lvov", "Nikolaev").
    pub struct LegacyTransliteration {
        code: "MT502",
        name: "legacy-transliteration",
        category: Translation,
        severity: Warning,
        summary: "An older or source-language spelling of a place name (Kiev for Kyiv).",
        languages: ["en"],
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Legacy,
    Source,
}

#[derive(Debug)]
pub(crate) struct Pair {
    pub(crate) kind: Kind,
    pub(crate) form: &'static str,
    /// Modern forms, the first one suggested.
    pub(crate) modern: Vec<&'static str>,
    pub(crate) note: &'static str,
    /// Index of the pair's place (pairs with the same first modern form share it).
    place: usize,
}

#[derive(Clone, Copy, Debug)]
enum Pattern {
    /// A legacy or source form: index into `pairs`.
    Old(usize),
    /// A modern form of a place.
    Modern(usize),
    /// A fixed phrase in which the older form is right.
    Except,
}

#[derive(Debug)]
pub(crate) struct Exonyms {
    pub(crate) pairs: Vec<Pair>,
    /// Every legacy, source-language and modern form.
    words: WordSet,
    /// The old forms' leading words: a document without them has nothing to report.
    old_heads: PhraseHeads,
    places: usize,
    patterns: Vec<Pattern>,
    matcher: AhoCorasick,
}

const DATA: &str = include_str!("../data/exonyms.en.tsv");

fn parse(data: &'static str) -> Result<(Vec<Pair>, Vec<&'static str>), String> {
    let mut pairs: Vec<Pair> = Vec::new();
    let mut except = Vec::new();
    let mut places: Vec<&'static str> = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let err = |what: &str| format!("exonyms.en.tsv:{}: {what}", n + 1);
        let kind = match cols[0] {
            "legacy" => Kind::Legacy,
            "source" => Kind::Source,
            "except" => {
                let phrase = cols
                    .get(1)
                    .ok_or_else(|| err("expected except<TAB>phrase"))?;
                except.push(*phrase);
                continue;
            }
            other => return Err(err(&format!("unknown kind `{other}`"))),
        };
        let (Some(form), Some(modern)) = (cols.get(1), cols.get(2)) else {
            return Err(err("expected kind<TAB>form<TAB>modern<TAB>note"));
        };
        let modern: Vec<&'static str> = modern.split('|').collect();
        let place = match places.iter().position(|p| *p == modern[0]) {
            Some(i) => i,
            None => {
                places.push(modern[0]);
                places.len() - 1
            }
        };
        pairs.push(Pair {
            kind,
            form,
            modern,
            note: cols.get(3).copied().unwrap_or("older spelling"),
            place,
        });
    }
    Ok((pairs, except))
}

pub(crate) fn exonyms() -> &'static Exonyms {
    static EXONYMS: OnceLock<Exonyms> = OnceLock::new();
    EXONYMS.get_or_init(|| {
        let (pairs, except) = parse(DATA).expect("src/data/exonyms.en.tsv is well-formed (tested)");
        let mut phrases: Vec<&'static str> = Vec::new();
        let mut patterns = Vec::new();
        for (i, pair) in pairs.iter().enumerate() {
            phrases.push(pair.form);
            patterns.push(Pattern::Old(i));
        }
        let mut seen: Vec<&str> = Vec::new();
        for pair in &pairs {
            for &m in &pair.modern {
                if !seen.contains(&m) {
                    seen.push(m);
                    phrases.push(m);
                    patterns.push(Pattern::Modern(pair.place));
                }
            }
        }
        for &e in &except {
            phrases.push(e);
            patterns.push(Pattern::Except);
        }
        // A DFA: with case-insensitive patterns there is no useful prefilter, and the DFA scans
        // several times faster than the NFA the builder would pick for this many patterns.
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&phrases)
            .expect("exonym phrases compile");
        let places = pairs.iter().map(|p| p.place + 1).max().unwrap_or(0);
        let words: Vec<&'static str> = pairs
            .iter()
            .flat_map(|p| std::iter::once(p.form).chain(p.modern.iter().copied()))
            .collect();
        let words = WordSet::new(&words);
        Exonyms {
            old_heads: PhraseHeads::new(pairs.iter().map(|p| p.form)),
            pairs,
            words,
            places,
            patterns,
            matcher,
        }
    })
}

impl Exonyms {
    /// True when `word` is a legacy, source-language or modern form of a place in the data
    /// (any ASCII case). Other name rules leave these words to this rule.
    pub(crate) fn contains_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}

/// True when the match `[start, end)` is a whole word (or words) of `text`.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// At most this many related spans per finding.
const MAX_RELATED: usize = 5;

impl Check for LegacyTransliteration {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let ex = exonyms();
        // Old forms match as whole capitalized words only: without their leading words,
        // nothing to report.
        if !ex
            .old_heads
            .may_occur(text, doc.tokens(), doc.folds(), |a| {
                text[a..].starts_with(char::is_uppercase)
            })
        {
            return;
        }
        // (span, pair) of every old form; spans of every modern form, per place.
        let mut old: Vec<(Span, usize)> = Vec::new();
        let mut modern: Vec<Vec<Span>> = Vec::new();
        for m in ex.matcher.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if !whole_word(text, start, end) || !text[start..].starts_with(char::is_uppercase) {
                continue;
            }
            match ex.patterns[m.pattern().as_usize()] {
                Pattern::Old(i) => old.push((Span::new(start, end), i)),
                Pattern::Modern(place) => {
                    if modern.is_empty() {
                        modern.resize(ex.places, Vec::new());
                    }
                    modern[place].push(Span::new(start, end));
                }
                Pattern::Except => {}
            }
        }
        for (span, i) in old {
            let pair = &ex.pairs[i];
            let found = doc.slice(span);
            let suggested = pair.modern[0];
            let mixed = modern.get(pair.place).filter(|v| !v.is_empty());
            let finding = match (mixed, pair.kind) {
                (Some(_), _) => cx
                    .report(
                        span,
                        format!(
                            "`{found}` ({}) in a text that also writes `{suggested}`",
                            pair.note
                        ),
                    )
                    .confidence(1.0),
                (None, Kind::Legacy) => cx
                    .report(
                        span,
                        format!(
                            "`{found}`: older spelling ({}); English news writes `{suggested}` \
                             (info: a style choice on its own)",
                            pair.note
                        ),
                    )
                    .confidence(0.3),
                (None, Kind::Source) => cx
                    .report(
                        span,
                        format!(
                            "`{found}`: {} of `{suggested}` left in the English text",
                            pair.note
                        ),
                    )
                    .confidence(0.7),
            };
            let applicability = if mixed.is_some() {
                Applicability::Unsafe
            } else {
                Applicability::DisplayOnly
            };
            finding.fix(suggested, applicability);
            for &r in mixed.into_iter().flatten().take(MAX_RELATED) {
                finding.related(r);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_parses_with_enough_pairs() {
        let (pairs, except) = parse(DATA).unwrap();
        assert!(pairs.len() >= 30, "{} pairs", pairs.len());
        assert!(!except.is_empty());
        for p in &pairs {
            assert!(p.form.starts_with(char::is_uppercase), "{}", p.form);
            assert!(!p.modern.contains(&p.form), "{}", p.form);
        }
        // Every exception holds a legacy or source form.
        for e in &except {
            assert!(
                pairs.iter().any(|p| e.contains(p.form)),
                "exception `{e}` holds no form"
            );
        }
    }

    #[test]
    fn knows_its_words() {
        let ex = exonyms();
        assert!(ex.contains_word("Kiev") && ex.contains_word("Kyiv"));
        assert!(!ex.contains_word("Paris"));
    }
}
