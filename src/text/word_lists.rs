//! Word lists per language, from `src/data/lang/`: function words (`<code>.txt`, shared with
//! the document-language pre-check in [`lang`](crate::text::lang)) and words that introduce a
//! cited title (`<code>.titles.txt`). Adding a language is adding its files and a line in
//! [`FUNCTION_WORDS`] or [`TITLE_CUES`].
//!
//! A [`WordSet`] is a small open-addressing table keyed by the [`fold`] hash of the word (eight
//! bytes at a time, ASCII case ignored), so a lookup neither allocates nor lowercases: rules
//! call it on every word of a sentence, with the hash computed once per token
//! ([`Document::folds`](crate::Document::folds)). Lowercasing is ASCII only; a capitalized
//! non-ASCII first letter ("Über") misses.

use std::sync::OnceLock;

use crate::document::Document;
use crate::text::tokenize::{Token, TokenKind};

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

/// A word folded to lowercase for counting and comparing: its [`hash`](Folded::hash) and its
/// first eight bytes as a number ([`head`](Folded::head), zero-padded), so that a word of up to
/// eight letters can be compared with a constant ([`head_of`]) without touching its bytes again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folded {
    pub hash: u64,
    pub head: u64,
}

/// The [`Folded::head`] of a lowercase word of up to eight bytes, for constants to compare with.
pub const fn head_of(word: &str) -> u64 {
    let b = word.as_bytes();
    assert!(b.len() <= 8, "a head holds eight bytes");
    let mut v = 0u64;
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        v = v << 8 | b[i] as u64;
    }
    v
}

/// The `n` (1 to 8) bytes of `text` from `at`, as a little-endian number with the 0x20 bit set
/// on each (lowercase for ASCII letters), zero above them. Reads eight bytes at once when the
/// text is long enough.
#[inline]
fn chunk(text: &[u8], at: usize, n: usize) -> u64 {
    const CASE: u64 = 0x2020_2020_2020_2020;
    let v = match text.get(at..at + 8) {
        Some(c) => u64::from_le_bytes(c.try_into().expect("eight bytes")),
        None => tail_bytes(text, at, n),
    };
    (v | CASE) & (u64::MAX >> (8 * (8 - n)))
}

/// [`chunk`]'s bytes near the end of the text, read one at a time (out of line: rare).
#[cold]
#[inline(never)]
fn tail_bytes(text: &[u8], at: usize, n: usize) -> u64 {
    text[at..at + n]
        .iter()
        .rev()
        .fold(0, |v, &b| v << 8 | u64::from(b))
}

/// Folds `text[range]` eight bytes at a time: one multiply for most words where FNV-1a needs
/// one per byte. Setting the 0x20 bit lowercases an ASCII letter, so words equal up to ASCII
/// case always fold alike (what [`WordSet`] relies on; it confirms a match by comparing). Only
/// on ASCII letters and digits does it keep different words apart exactly (on other bytes it
/// folds some pairs together, '@' with '`'), up to hash collisions. A chunk is read from `text`
/// past the range's end when the text is long enough, and masked.
#[inline]
pub fn fold(text: &[u8], range: std::ops::Range<usize>) -> Folded {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut at, end) = (range.start, range.end);
    let mut h = ((end - at) as u64).wrapping_mul(K);
    let mut head = 0;
    while at < end {
        let n = (end - at).min(8);
        let v = chunk(text, at, n);
        if head == 0 {
            head = v;
        }
        h = (h ^ v).wrapping_mul(K).rotate_left(31);
        at += n;
    }
    Folded {
        hash: h ^ (h >> 29),
        head,
    }
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

/// A `HashSet` with [`FnvHasher`].
pub type FnvSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FnvHasher>>;

/// Bits of a [`WordFilter`] (a power of two).
pub const FILTER_BITS: u32 = 16;

/// A bitset over [`filter_bit`]s: most words not in a list are rejected by one probe of it,
/// before any hashing of the whole word or any table lookup.
#[derive(Debug, Clone)]
pub struct WordFilter(Vec<u64>);

/// The filter bit of a word: the top bits of its [`fold`] hash, so the same for any ASCII case.
#[inline]
pub fn filter_bit(word: &[u8]) -> usize {
    bit_of(fold(word, 0..word.len()).hash)
}

/// The filter bit of a [`fold`] hash.
#[inline]
pub fn bit_of(hash: u64) -> usize {
    (hash >> (64 - FILTER_BITS)) as usize
}

impl WordFilter {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut bits = vec![0u64; (1 << FILTER_BITS) / 64];
        for w in words.into_iter().filter(|w| !w.is_empty()) {
            let bit = filter_bit(w);
            bits[bit / 64] |= 1 << (bit % 64);
        }
        WordFilter(bits)
    }

    /// False when the word whose [`fold`] hash is `hash` is certainly not one of the words (any
    /// ASCII case).
    #[inline]
    pub fn may_contain_hash(&self, hash: u64) -> bool {
        let bit = bit_of(hash);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// A set of lowercase words with a case-insensitive (ASCII) lookup, keyed by the [`fold`] hash
/// (exact for any bytes: words equal up to ASCII case fold alike, and a match is confirmed).
#[derive(Debug)]
pub struct WordSet {
    slots: Vec<&'static str>,
    mask: usize,
    max_len: usize,
    filter: WordFilter,
    /// The [`chunk`]s of the words of ASCII letters and digits of up to eight bytes, in an
    /// open-addressing table (zero is an empty slot), for [`WordSet::contains_token`].
    short: Vec<u64>,
}

/// The slot of a [`chunk`] in [`WordSet::short`] of `mask + 1` slots.
#[inline]
fn short_slot(chunk: u64, mask: usize) -> usize {
    (chunk.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask
}

impl WordSet {
    pub fn new(words: &[&'static str]) -> Self {
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut set = WordSet {
            slots: vec![""; size],
            mask: size - 1,
            max_len: 0,
            filter: WordFilter::new(words.iter().map(|w| w.as_bytes())),
            short: vec![0; size],
        };
        for &w in words {
            if !w.is_empty() && !set.contains(w) {
                let mut i = fold(w.as_bytes(), 0..w.len()).hash as usize & set.mask;
                while !set.slots[i].is_empty() {
                    i = (i + 1) & set.mask;
                }
                set.slots[i] = w;
                set.max_len = set.max_len.max(w.len());
                if w.len() <= 8 && w.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    let c = chunk(w.as_bytes(), 0, w.len());
                    let mut i = short_slot(c, set.mask);
                    while set.short[i] != 0 {
                        i = (i + 1) & set.mask;
                    }
                    set.short[i] = c;
                }
            }
        }
        set
    }

    /// [`contains`](Self::contains) for the text of a token. An [`ascii`](Token::ascii) token
    /// of up to eight bytes is looked up by its [`chunk`] alone, one multiply and a probe: the
    /// 0x20 bit folds ASCII case and keeps letters and digits apart, so two such words have
    /// the same chunk exactly when they are equal in any ASCII case, and a word of the set
    /// can equal such a token only if it is one of them too (in [`WordSet::short`]).
    #[inline(always)]
    pub fn contains_token(&self, text: &str, t: &Token) -> bool {
        let range = t.span.range();
        if range.len() > self.max_len {
            return false;
        }
        if !t.ascii || !(1..=8).contains(&range.len()) {
            return self.contains_other(&text[range]);
        }
        let c = chunk(text.as_bytes(), range.start, range.len());
        // Mostly one probe: the answer is a comparison, not a branch on it.
        let mut i = short_slot(c, self.mask);
        loop {
            let s = self.short[i];
            if (s == c) | (s == 0) {
                return s == c;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// [`contains`](Self::contains), out of line: the rare path of an inlined lookup.
    #[inline(never)]
    fn contains_other(&self, word: &str) -> bool {
        self.contains(word)
    }

    /// True when `word` (any ASCII case) is in the set.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let word = word.as_bytes();
        word.len() <= self.max_len && self.contains_hashed(fold(word, 0..word.len()).hash, word)
    }

    /// [`WordSet::contains`] for a word whose [`fold`] hash is known (a token's, from
    /// [`Document::folds`](crate::Document::folds)).
    #[inline(always)]
    pub fn contains_hashed(&self, hash: u64, word: &[u8]) -> bool {
        // Most words leave at the filter, inlined; the table is probed out of line.
        !word.is_empty() && self.filter.may_contain_hash(hash) && self.probe(hash, word)
    }

    #[inline(never)]
    fn probe(&self, hash: u64, word: &[u8]) -> bool {
        let mut i = hash as usize & self.mask;
        loop {
            let slot = self.slots[i];
            if slot.is_empty() {
                return false;
            }
            if slot.as_bytes().eq_ignore_ascii_case(word) {
                return true;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// The leading words of a list of phrases, to skip a document that cannot hold any of them.
///
/// For phrases that match as whole words only (no letter or digit right before or after
/// them): such a match starts a maximal run of alphanumeric characters of the text that is
/// exactly the phrase's leading run ("Kiev" of "Kiev's", "Alma" of "Alma-Ata", "München").
/// Those runs are the document's word tokens, split at any character inside them that is not
/// alphanumeric (an apostrophe); each is looked up by its [`fold`] hash. A phrase that starts
/// with another character is always possible.
#[derive(Debug)]
pub struct PhraseHeads {
    heads: WordSet,
    always: bool,
}

impl PhraseHeads {
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Self {
        let mut always = false;
        let mut heads: Vec<&'static str> = Vec::new();
        for p in phrases {
            let head = p.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            if head.is_empty() {
                always = true;
            } else {
                // A small list built once: leaked to share the `'static` WordSet.
                heads.push(Box::leak(head.to_ascii_lowercase().into_boxed_str()));
            }
        }
        PhraseHeads {
            heads: WordSet::new(&heads),
            always,
        }
    }

    /// False when no phrase can occur in the document at an offset `starts` accepts.
    pub fn may_occur(&self, doc: &Document<'_>, starts: impl Fn(usize) -> bool) -> bool {
        if self.always {
            return true;
        }
        let text = doc.text();
        let bytes = text.as_bytes();
        let hit = |a: usize, b: usize, hash: u64| {
            self.heads.contains_hashed(hash, &bytes[a..b]) && starts(a)
        };
        doc.tokens().iter().zip(doc.folds()).any(|(t, f)| {
            if !matches!(t.kind, TokenKind::Word | TokenKind::Number) {
                return false;
            }
            let (start, end) = (t.span.start as usize, t.span.end as usize);
            if t.ascii {
                return hit(start, end, f.hash);
            }
            // The token's alphanumeric runs (it holds an apostrophe, or a character classed
            // with letters that is not one, such as a zero-width space).
            let word = &text[start..end];
            let mut run_start = None;
            for (i, c) in word
                .char_indices()
                .chain(std::iter::once((word.len(), ' ')))
            {
                match (c.is_alphanumeric(), run_start) {
                    (true, None) => run_start = Some(start + i),
                    (false, Some(a)) => {
                        run_start = None;
                        if hit(a, start + i, fold(bytes, a..start + i).hash) {
                            return true;
                        }
                    }
                    _ => {}
                }
            }
            false
        })
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

    #[test]
    fn phrase_heads_find_leading_words_inside_tokens() {
        let heads = PhraseHeads::new(["Kiev", "Alma-Ata", "München", "Krivoy Rog"]);
        let upper = |text: &'static str| move |a: usize| text[a..].starts_with(char::is_uppercase);
        for text in [
            "He flew to Kiev's airport.",
            "In ALMA-ATA today.",
            "Flüge nach München.",
            "l'Odessa or l'Kiev",
            "Near Krivoy Rog.",
        ] {
            let doc = Document::new(text).unwrap();
            assert!(heads.may_occur(&doc, upper(text)), "{text}");
        }
        for text in [
            "Kievan Rus",
            "the kiev",
            "Alma",
            "Munchen",
            "Krivoyx Rog",
            "",
        ] {
            let doc = Document::new(text).unwrap();
            let expected = text == "Alma"; // the head alone is enough to look closer
            assert_eq!(heads.may_occur(&doc, upper(text)), expected, "{text}");
        }
        let always = PhraseHeads::new(["„Kiev"]);
        assert!(always.may_occur(&Document::new("nothing").unwrap(), |_| true));
    }
}
