//! The style measurements' word tables: the function words that keep their own symbol in the
//! pattern stream (`src/data/style/function-words.txt`) and a general English word-frequency
//! list (`src/data/style/wordfreq-en.tsv`, from the wordfreq package; see the README there),
//! merged into one table keyed by a word's [`fold`] hash, so that a word costs one lookup.
//!
//! The style pass looks up every word of every English document, so the table is laid out for
//! the cache: each entry is packed with a 32-bit check of its hash into eight bytes, and the
//! 4,096 most frequent words (which make most running text) sit in a small table of their own
//! that stays in cache, apart from the long tail.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::style::classes;
use crate::text::data::{data_file, DataError, DataFile, Row};
use crate::text::hash::fold;

const FUNCTION_WORDS: DataFile = data_file!("style/function-words.txt");
const WORD_FREQUENCIES: DataFile = data_file!("style/wordfreq-en.tsv");

/// What the tables say of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entry {
    /// The function word's id (its index in the file), or [`NOT_FUNCTION`].
    pub function: u16,
    /// Zipf frequency × 10, rounded (0 when the frequency list does not have the word).
    pub zipf10: u8,
    /// The suffix class of the word (its lowercase form).
    pub class: u16,
    /// What the word is, as [`marks`] bits.
    pub marks: u8,
}

/// The bits of [`Entry::marks`]: properties of a word that the style pass counts.
pub mod marks {
    /// An -ing form ([`is_ing_form`](super::is_ing_form)).
    pub const ING: u8 = 1;
    /// A phrasal particle ([`PARTICLES`](super::PARTICLES)).
    pub const PARTICLE: u8 = 2;
    /// "also" or "only".
    pub const ADVERB: u8 = 4;
    /// "the".
    pub const THE: u8 = 8;
    /// Only ASCII letters and digits.
    pub const PLAIN: u8 = 16;
}

/// The [`Entry::function`] of a word that is not a function word.
pub const NOT_FUNCTION: u16 = u16::MAX;

/// The adverb particles of phrasal verbs.
pub const PARTICLES: [&str; 7] = ["up", "out", "off", "down", "back", "away", "over"];

/// Nouns and prepositions ending in "-ing" that are not verb forms.
const NOT_ING_FORMS: &[&str] = &[
    "anything",
    "bring",
    "building",
    "buildings",
    "ceiling",
    "during",
    "evening",
    "everything",
    "king",
    "morning",
    "nothing",
    "something",
    "spring",
    "string",
    "thing",
    "wedding",
];

/// Whether `word` (any case) is an -ing form: at least five letters, a vowel before the "ing",
/// and not one of the nouns and prepositions in "-ing".
pub fn is_ing_form(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 5
        && b[b.len() - 3..].eq_ignore_ascii_case(b"ing")
        && b[..b.len() - 3].iter().any(|c| b"aeiouyAEIOUY".contains(c))
        && !NOT_ING_FORMS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The [`marks`] of a word, from its text (any case).
pub fn marks_of(word: &str) -> u8 {
    let lower = word.to_ascii_lowercase();
    let mut m = 0;
    if is_ing_form(word) {
        m |= marks::ING;
    }
    if PARTICLES.contains(&lower.as_str()) {
        m |= marks::PARTICLE;
    }
    if lower == "also" || lower == "only" {
        m |= marks::ADVERB;
    }
    if lower == "the" {
        m |= marks::THE;
    }
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        m |= marks::PLAIN;
    }
    m
}

/// The merged tables.
#[derive(Debug)]
pub struct Lexicon {
    /// The most frequent words (and every function word).
    hot: Packed,
    /// The rest.
    cold: Packed,
    /// The function words by id.
    pub function_words: Vec<&'static str>,
}

/// How many words the small table of frequent words holds (function words included).
const HOT: usize = 4096;

/// The key of a word (any case; a typographic apostrophe counts as `'`).
pub fn key(word: &str) -> u64 {
    if word.contains('\u{2019}') {
        let w = word.replace('\u{2019}', "'");
        fold(w.as_bytes(), 0..w.len()).hash
    } else {
        fold(word.as_bytes(), 0..word.len()).hash
    }
}

fn build() -> Result<Lexicon, DataError> {
    // Full hash → (entry, the word, its first row), merged first; packed once complete.
    let mut words: HashMap<u64, (Entry, &'static str, Row)> = HashMap::with_capacity(32_768);
    let mut function_words = Vec::new();
    for row in FUNCTION_WORDS.rows() {
        let w = row.text.trim();
        if w.bytes().any(|b| b.is_ascii_uppercase() || b == b' ') {
            return Err(row.error("expected one lowercase word"));
        }
        let id = u16::try_from(function_words.len())
            .ok()
            .filter(|&id| id < classes::CLASS_BASE)
            .ok_or_else(|| row.error("too many function words: the classes' ids start at 256"))?;
        let entry = Entry {
            function: id,
            zipf10: 0,
            class: classes::suffix_class(w.as_bytes()),
            marks: marks_of(w),
        };
        if words.insert(key(w), (entry, w, row)).is_some() {
            return Err(row.error(format!("`{w}` is listed twice")));
        }
        function_words.push(w);
    }
    for row in WORD_FREQUENCIES.rows() {
        let word = row.column(0, "word<TAB>zipf")?;
        let zipf: f64 = row
            .column(1, "word<TAB>zipf")?
            .parse()
            .map_err(|_| row.error("the Zipf frequency is not a number"))?;
        if !(0.0..=9.0).contains(&zipf) {
            return Err(row.error("a Zipf frequency lies between 0 and 9"));
        }
        let z = (zipf * 10.0).round() as u8;
        let e = words.entry(key(word)).or_insert((
            Entry {
                function: NOT_FUNCTION,
                zipf10: 0,
                class: classes::suffix_class(word.as_bytes()),
                marks: marks_of(word),
            },
            word,
            row,
        ));
        e.0.zipf10 = e.0.zipf10.max(z);
    }
    // Function words first, then by frequency; ties by word, so the split is reproducible.
    let mut all: Vec<(u64, Entry, &str, Row)> = words
        .into_iter()
        .map(|(h, (e, w, r))| (h, e, w, r))
        .collect();
    all.sort_by(|a, b| {
        (
            a.1.function == NOT_FUNCTION,
            std::cmp::Reverse(a.1.zipf10),
            a.2,
        )
            .cmp(&(
                b.1.function == NOT_FUNCTION,
                std::cmp::Reverse(b.1.zipf10),
                b.2,
            ))
    });
    let split = HOT.min(all.len());
    let pack = |part: &[(u64, Entry, &str, Row)]| {
        let mut p = Packed::with_capacity(part.len());
        for &(hash, entry, word, row) in part {
            if !p.insert(hash, entry) {
                return Err(row.error(format!(
                    "`{word}` has the table check of another word (change the check's hash bits)"
                )));
            }
        }
        Ok(p)
    };
    Ok(Lexicon {
        hot: pack(&all[..split])?,
        cold: pack(&all[split..])?,
        function_words,
    })
}

/// The tables, built on first use.
pub fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| build().unwrap_or_else(|e| panic!("{e}")))
}

impl Lexicon {
    /// The entry of the word with [`key`] (or [`fold`] hash) `hash`.
    #[inline]
    pub fn get(&self, hash: u64) -> Option<Entry> {
        self.hot.get(hash).or_else(|| self.cold.get(hash))
    }
}

/// An open-addressing table of entries, each packed with a 32-bit check of its hash into one
/// `u64`: the check in the high half, the entry in the low half (bit 31 set, so that 0 is an
/// empty slot). The slot comes from the hash's high bits, the check from its low bits.
#[derive(Debug)]
struct Packed {
    slots: Vec<u64>,
    shift: u32,
}

const OCCUPIED: u32 = 1 << 31;

impl Packed {
    /// A table for `n` entries at most three quarters full (a probe stays within a cache line
    /// or two).
    fn with_capacity(n: usize) -> Self {
        let size = (n * 4 / 3 + 1).next_power_of_two().max(16);
        Packed {
            slots: vec![0; size],
            shift: 64 - size.trailing_zeros(),
        }
    }

    #[inline(always)]
    fn slot(&self, hash: u64) -> usize {
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The slot where a probe for `hash` stops: the first one that is empty or holds the same
    /// check.
    #[inline(always)]
    fn probe(&self, hash: u64) -> usize {
        let check = hash as u32;
        let mask = self.slots.len() - 1;
        let mut i = self.slot(hash);
        loop {
            let s = self.slots[i];
            if s == 0 || (s >> 32) as u32 == check {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds an entry; false when a slot on its probe path already has the same check (two
    /// different words that a lookup could not tell apart).
    fn insert(&mut self, hash: u64, entry: Entry) -> bool {
        let i = self.probe(hash);
        if self.slots[i] != 0 {
            return false;
        }
        self.slots[i] = u64::from(hash as u32) << 32 | u64::from(pack(entry));
        true
    }

    #[inline(always)]
    fn get(&self, hash: u64) -> Option<Entry> {
        match self.slots[self.probe(hash)] {
            0 => None,
            s => Some(unpack(s as u32)),
        }
    }
}

/// function (9 bits, 511 for none) | class (9 bits) | zipf10 (7 bits) | marks (5 bits), and
/// [`OCCUPIED`].
fn pack(e: Entry) -> u32 {
    let function = if e.function == NOT_FUNCTION {
        511
    } else {
        u32::from(e.function)
    };
    debug_assert!(function < 512 && e.class < 512 && e.zipf10 < 128 && e.marks < 32);
    OCCUPIED
        | function
        | u32::from(e.class) << 9
        | u32::from(e.zipf10) << 18
        | u32::from(e.marks) << 25
}

#[inline(always)]
fn unpack(v: u32) -> Entry {
    let function = (v & 511) as u16;
    Entry {
        function: if function == 511 {
            NOT_FUNCTION
        } else {
            function
        },
        class: (v >> 9 & 511) as u16,
        zipf10: (v >> 18 & 127) as u8,
        marks: (v >> 25 & 31) as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_and_merge() {
        let l = build().unwrap();
        assert_eq!(l.function_words[0], "the");
        let the = l.get(key("The")).unwrap();
        assert_eq!(the.function, 0);
        assert_eq!(the.zipf10, 77);
        assert_eq!(the.marks, marks::THE | marks::PLAIN);
        let house = l.get(key("house")).unwrap();
        assert_eq!(house.function, NOT_FUNCTION);
        assert!(house.zipf10 > 50);
        assert_eq!(l.get(key("don’t")), l.get(key("don't")));
        assert!(l.get(key("zzxqv")).is_none());
        assert_eq!(
            l.get(key("Running")).unwrap().marks,
            marks::ING | marks::PLAIN
        );
        assert_eq!(l.get(key("morning")).unwrap().marks, marks::PLAIN);
        assert_eq!(l.get(key("don't")).unwrap().marks, 0);
    }

    #[test]
    fn the_frequent_words_are_in_the_small_table_and_the_rest_in_the_large() {
        let l = build().unwrap();
        assert!(l.hot.get(key("the")).is_some());
        assert!(l.hot.get(key("house")).is_some());
        // A listed word of Zipf 3 is in the tail.
        let rare = WORD_FREQUENCIES
            .rows()
            .filter_map(|r| {
                let w = r.column(0, "").ok()?;
                let z: f64 = r.column(1, "").ok()?.parse().ok()?;
                (z < 3.1 && l.get(key(w)).is_some_and(|e| e.function == NOT_FUNCTION)).then_some(w)
            })
            .next()
            .unwrap();
        assert!(l.hot.get(key(rare)).is_none());
        assert!(l.cold.get(key(rare)).is_some());
    }

    #[test]
    fn entries_survive_packing() {
        for e in [
            Entry {
                function: NOT_FUNCTION,
                zipf10: 90,
                class: classes::CLASS_BASE + classes::CLASSES.len() as u16 - 1,
                marks: 31,
            },
            Entry {
                function: 255,
                zipf10: 0,
                class: 0,
                marks: 0,
            },
        ] {
            assert_eq!(unpack(pack(e)), e);
        }
    }
}
