//! Word lists: the function words of each language and the words that introduce a cited
//! title, from `src/data/lang/` (function words `<code>.txt`, shared with the document-language
//! pre-check in [`lang`](crate::text::lang); title cues `<code>.titles.txt`), and small closed
//! word classes of English used by several rules. Adding a language is adding its files and a
//! line in [`FUNCTION_WORDS`] or [`TITLE_CUES`].

use std::sync::OnceLock;

use crate::text::data::{data_file, DataFile};
use crate::text::wordset::WordSet;

/// Function words per language (ISO 639-1 code, file), one or more words per line.
pub const FUNCTION_WORDS: &[(&str, DataFile)] = &[
    ("en", data_file!("lang/en.txt")),
    ("de", data_file!("lang/de.txt")),
    ("fr", data_file!("lang/fr.txt")),
    ("es", data_file!("lang/es.txt")),
    ("it", data_file!("lang/it.txt")),
    ("pt", data_file!("lang/pt.txt")),
    ("nl", data_file!("lang/nl.txt")),
    ("pl", data_file!("lang/pl.txt")),
];

/// Words that introduce a cited title, per language.
pub const TITLE_CUES: &[(&str, DataFile)] = &[("en", data_file!("lang/en.titles.txt"))];

/// Every language with function words, in the order of [`FUNCTION_WORDS`].
pub fn all_function_words() -> &'static [(&'static str, WordSet)] {
    static SETS: OnceLock<Vec<(&'static str, WordSet)>> = OnceLock::new();
    SETS.get_or_init(|| build(FUNCTION_WORDS))
}

/// The function words of the language `code` (ISO 639-1), if the data has them.
pub fn function_words(code: &str) -> Option<&'static WordSet> {
    all_function_words()
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, s)| s)
}

/// Words of the language `code` that introduce a cited title ("the film", "titled").
pub fn title_cues(code: &str) -> Option<&'static WordSet> {
    static SETS: OnceLock<Vec<(&'static str, WordSet)>> = OnceLock::new();
    SETS.get_or_init(|| build(TITLE_CUES))
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, s)| s)
}

fn build(files: &[(&'static str, DataFile)]) -> Vec<(&'static str, WordSet)> {
    files
        .iter()
        .map(|&(code, file)| (code, WordSet::new(&file.words().collect::<Vec<_>>())))
        .collect()
}

/// Articles, determiners, prepositions, conjunctions and possessives: words that cannot end an
/// English sentence. Lowercase.
pub const NON_FINAL_WORDS: &[&str] = &[
    // articles and determiners
    "a",
    "an",
    "the",
    "this",
    "these",
    "those",
    "every",
    "each",
    "either",
    "neither",
    "another",
    "such",
    "my",
    "your",
    "his",
    "its",
    "our",
    "their",
    "whose",
    // prepositions
    "about",
    "above",
    "across",
    "after",
    "against",
    "along",
    "among",
    "amid",
    "around",
    "at",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "by",
    "despite",
    "during",
    "except",
    "for",
    "from",
    "into",
    "like",
    "near",
    "of",
    "onto",
    "over",
    "per",
    "since",
    "than",
    "through",
    "throughout",
    "to",
    "toward",
    "towards",
    "under",
    "unlike",
    "until",
    "upon",
    "via",
    "with",
    "within",
    "without",
    // conjunctions
    "and",
    "but",
    "or",
    "nor",
    "because",
    "although",
    "though",
    "unless",
    "whereas",
    "while",
    "if",
    "whether",
    "that",
];

/// True when `word` (any case) is in [`NON_FINAL_WORDS`].
pub fn is_non_final(word: &str) -> bool {
    word.len() <= 10 && NON_FINAL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// English names of weekdays and months, capitalized.
pub const DAYS_MONTHS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_parses_and_looks_up_any_ascii_case() {
        let en = function_words("en").unwrap();
        assert!(en.contains("the") && en.contains("The") && en.contains("THE"));
        assert!(!en.contains("zelensky") && !en.contains(""));
        let de = function_words("de").unwrap();
        assert!(de.contains("und") && de.contains("für") && !de.contains("die"));
        assert!(all_function_words().len() >= 8);
        for &(code, file) in FUNCTION_WORDS.iter().chain(TITLE_CUES) {
            assert!(
                file.words().all(|w| w == w.to_lowercase()),
                "{code}: lowercase only"
            );
        }
        assert!(title_cues("en").unwrap().contains("titled"));
    }

    #[test]
    fn token_lookup_agrees_with_word_lookup() {
        use crate::text::tokenize::tokenize;
        let text = "The und THE Und für Für 2025 a1 der-Staat ist nicht an \
                    Schwierigkeiten because although theirs de la cette qu'il l'État \
                    thE WIR-wir x y";
        for (code, set) in all_function_words().iter().chain(build(TITLE_CUES).iter()) {
            for t in tokenize(text) {
                let w = t.text(text);
                assert_eq!(set.contains_token(text, &t), set.contains(w), "{code}: {w}");
            }
        }
    }

    #[test]
    fn foreign_lists_avoid_common_english_words() {
        let en_common = [
            "die", "was", "will", "on", "son", "plus", "is", "de", "van", "von", "come", "era",
            "con", "sin", "door", "met", "hat", "do", "to", "in", "a", "an", "the", "as", "so",
        ];
        for (code, set) in all_function_words().iter().filter(|(c, _)| *c != "en") {
            for w in en_common {
                assert!(!set.contains(w), "{code} has `{w}`");
            }
        }
    }
}
