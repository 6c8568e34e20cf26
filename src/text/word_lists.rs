//! Word lists per language, from `src/data/lang/`: function words (`<code>.txt`, shared with
//! the document-language pre-check in [`lang`](crate::text::lang)) and words that introduce a
//! cited title (`<code>.titles.txt`). Adding a language is adding its files and a line in
//! [`FUNCTION_WORDS`] or [`TITLE_CUES`].
//!
//! A [`WordSet`] is a small open-addressing table keyed by an FNV hash of the ASCII-lowercased
//! word, so a lookup neither allocates nor lowercases: rules call it on every word of a
//! sentence. Lowercasing is ASCII only; a capitalized non-ASCII first letter ("Über") misses.

use std::sync::OnceLock;

/// Function words per language (ISO 639-1 code, file), one or more words per line.
pub const FUNCTION_WORDS: &[(&str, &str)] = &[
    ("en", include_str!("../data/lang/en.txt")),
    ("de", include_str!("../data/lang/de.txt")),
    ("fr", include_str!("../data/lang/fr.txt")),
    ("es", include_str!("../data/lang/es.txt")),
    ("it", include_str!("../data/lang/it.txt")),
    ("pt", include_str!("../data/lang/pt.txt")),
    ("nl", include_str!("../data/lang/nl.txt")),
    ("pl", include_str!("../data/lang/pl.txt")),
];

/// Words that introduce a cited title, per language.
pub const TITLE_CUES: &[(&str, &str)] = &[("en", include_str!("../data/lang/en.titles.txt"))];

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

fn hash(word: &str) -> usize {
    let mut h = FNV_OFFSET;
    for b in word.bytes() {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(FNV_PRIME);
    }
    h as usize
}

/// FNV-1a, for hash maps keyed by short words in a rule's hot loop (the default SipHash is
/// several times slower on them; the keys come from one document, so flooding is no concern).
#[derive(Clone, Copy, Debug)]
pub struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(FNV_OFFSET)
    }
}

impl std::hash::Hasher for FnvHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FnvHasher`].
pub type FnvMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FnvHasher>>;

/// A set of lowercase words with a case-insensitive (ASCII) lookup.
#[derive(Debug)]
pub struct WordSet {
    slots: Vec<&'static str>,
    mask: usize,
    max_len: usize,
}

impl WordSet {
    pub fn new(words: &[&'static str]) -> Self {
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut set = WordSet {
            slots: vec![""; size],
            mask: size - 1,
            max_len: 0,
        };
        for &w in words {
            if !w.is_empty() && !set.contains(w) {
                let mut i = hash(w) & set.mask;
                while !set.slots[i].is_empty() {
                    i = (i + 1) & set.mask;
                }
                set.slots[i] = w;
                set.max_len = set.max_len.max(w.len());
            }
        }
        set
    }

    /// True when `word` (any ASCII case) is in the set.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        if word.len() > self.max_len {
            return false;
        }
        let mut i = hash(word) & self.mask;
        loop {
            let slot = self.slots[i];
            if slot.is_empty() {
                return false;
            }
            if slot.eq_ignore_ascii_case(word) {
                return true;
            }
            i = (i + 1) & self.mask;
        }
    }
}

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

/// The words of a list file: whitespace-separated, `#` starts a comment line.
pub fn words(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
}

fn build(files: &[(&'static str, &'static str)]) -> Vec<(&'static str, WordSet)> {
    files
        .iter()
        .map(|&(code, data)| (code, WordSet::new(&words(data).collect::<Vec<_>>())))
        .collect()
}

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
        for &(code, data) in FUNCTION_WORDS.iter().chain(TITLE_CUES) {
            assert!(
                words(data).all(|w| w == w.to_lowercase()),
                "{code}: lowercase only"
            );
        }
        assert!(title_cues("en").unwrap().contains("titled"));
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
