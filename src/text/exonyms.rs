//! Place names in older or source-language forms (`src/data/exonyms.en.tsv`): each old form
//! ("Kiev", "Moskau") with its modern English forms, and fixed phrases in which the old form is
//! right ("Chicken Kiev"). Rule `legacy-transliteration` reports the old forms;
//! `name-variants` leaves every form of the data to it.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::text::data::{data_file, DataError, DataFile};
use crate::text::wordset::{PhraseHeads, WordSet};

/// What an old form is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An older English exonym ("Kiev").
    Legacy,
    /// A source-language form left in ("Moskau").
    Source,
}

/// An old form of a place and its modern forms.
#[derive(Debug)]
pub struct Pair {
    pub kind: Kind,
    pub form: &'static str,
    /// Modern forms, the first one suggested.
    pub modern: Vec<&'static str>,
    pub note: &'static str,
    /// Index of the pair's place (pairs with the same first modern form share it).
    pub place: usize,
}

/// What a pattern of [`Exonyms::matcher`] is.
#[derive(Clone, Copy, Debug)]
pub enum Pattern {
    /// A legacy or source form: index into `pairs`.
    Old(usize),
    /// A modern form of a place.
    Modern(usize),
    /// A fixed phrase in which the older form is right.
    Except,
}

/// The compiled data.
#[derive(Debug)]
pub struct Exonyms {
    pub pairs: Vec<Pair>,
    /// Every legacy, source-language and modern form.
    words: WordSet,
    /// The old forms' leading words: a document without them has nothing to report.
    pub old_heads: PhraseHeads,
    /// The number of places (modern names).
    pub places: usize,
    /// What each pattern of `matcher` is.
    pub patterns: Vec<Pattern>,
    /// Every old form, modern form and exception, ASCII case ignored, leftmost-longest.
    pub matcher: AhoCorasick,
}

const DATA: DataFile = data_file!("exonyms.en.tsv");

fn parse(file: DataFile) -> Result<(Vec<Pair>, Vec<&'static str>), DataError> {
    let mut pairs: Vec<Pair> = Vec::new();
    let mut except = Vec::new();
    let mut places: Vec<&'static str> = Vec::new();
    for row in file.rows() {
        let cols: Vec<&'static str> = row.columns().collect();
        let err = |what: &str| row.error(what);
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

/// The compiled-in data, compiled once.
pub fn exonyms() -> &'static Exonyms {
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
    /// (any ASCII case). `name-variants` leaves these words to `legacy-transliteration`.
    pub fn contains_word(&self, word: &str) -> bool {
        self.words.contains(word)
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
