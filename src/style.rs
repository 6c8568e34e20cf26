//! Style measurements: document-level evidence, measurements of a whole English text that are
//! not tied to one span.
//!
//! Rules find artifacts at a place ("thatIf"); modern machine translation rarely leaves those.
//! What it does leave is a profile: a translation made sentence by sentence, close to the source's
//! structure, uses fewer of the idioms a native writer reaches for (gerunds and participle
//! clauses, phrasal verbs) and more of the words that map one-to-one onto source words ("also",
//! "only", the definite article). Each feature here is one such measurement, computed in one pass
//! over the document's tokens. The score (see [`crate::score`]) turns each into a standardized
//! term `weight · clamp((value − center) / scale, ±3) · reliability`, with the center, scale and
//! weight fitted by `mtlint train` and the reliability growing with the text's length, so that
//! a short text's profile counts for little.
//!
//! Features are measured on English text only: the other languages have no fitted profile.

use std::hash::Hasher as _;

use serde::Serialize;

use crate::document::Document;
use crate::text::hash::{head_of, FnvHasher};
use crate::text::tokenize::TokenKind;

/// What one feature measures; its `key` names it in weights files and output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FeatureMeta {
    pub key: &'static str,
    /// A short phrase for output ("-ing forms per 100 words").
    pub unit: &'static str,
    /// What it measures, why it is evidence, and where it misleads.
    pub doc: &'static str,
}

/// Every feature, in the order of [`Measurements::values`].
pub const FEATURES: &[FeatureMeta] = &[
    FeatureMeta {
        key: "ing-forms",
        unit: "-ing forms per 100 words",
        doc: "Words ending in -ing (gerunds and participles: \"after leaving\", \"citing \
              sources\"), excluding nouns such as \"thing\", \"morning\" and \"during\". Native \
              writers and human translators fold clauses into participle phrases; a translation \
              that keeps the source's finite clauses has fewer. On the development data the rate \
              is lower in machine translation from German and from Chinese alike. Misleads on \
              genres with few verbs (lists, tables, headlines).",
    },
    FeatureMeta {
        key: "phrasal-particles",
        unit: "particles (up, out, off, down, back, away, over) per 100 words",
        doc: "The adverb particles of phrasal verbs (\"set up\", \"ruled out\", \"backed \
              down\"). Phrasal verbs are idiomatic English with no one-word counterpart in most \
              source languages, so a literal translation picks a Latinate verb instead \
              (\"established\", \"excluded\"). Lower in machine translation from German and \
              Chinese on the development data. Misleads on formal or technical registers, which \
              avoid phrasal verbs whoever wrote them.",
    },
    FeatureMeta {
        key: "stock-adverbs",
        unit: "\"also\" and \"only\" per 100 words",
        doc: "\"also\" and \"only\", which map one-to-one onto frequent source-language \
              particles (German \"auch\", \"nur\"; Chinese 也, 只) and are carried over where a \
              native writer would restructure or drop them. Higher in machine translation on the \
              development data. Weak on its own.",
    },
    FeatureMeta {
        key: "definite-articles",
        unit: "\"the\" per 100 words",
        doc: "The definite article's share of words. Translation from languages without \
              articles (Chinese, Russian) and literal translation from German both over-use it \
              (\"the Turkish President\", \"the society\"). Weak on its own, and it varies with \
              topic.",
    },
    FeatureMeta {
        key: "lexical-diversity",
        unit: "distinct words per 100 (in 50-word windows)",
        doc: "The share of distinct words in consecutive 50-word windows (a length-independent \
              type-token ratio). Machine translation tends to a smaller, more frequent \
              vocabulary (\"loss of lexical richness\"). Weak on news and varies with topic.",
    },
    FeatureMeta {
        key: "sentence-length-variation",
        unit: "coefficient of variation of sentence length, percent",
        doc: "How much sentence lengths vary (standard deviation over mean, in words). A \
              translation keeps the source's sentence boundaries; human writers and translators \
              split and merge sentences more freely. Needs at least five sentences; weak on \
              its own.",
    },
];

/// The number of features.
pub const COUNT: usize = 6;

const ING: usize = 0;
const PARTICLES: usize = 1;
const ADVERBS: usize = 2;
const THE: usize = 3;
const DIVERSITY: usize = 4;
const SENTENCES: usize = 5;
/// The slot of `measure`'s counts for words that add to none of them.
const OTHER: usize = 4;

/// Index of a feature by key.
pub fn index(key: &str) -> Option<usize> {
    FEATURES.iter().position(|f| f.key == key)
}

/// One document's feature values; `None` where the document is too short to measure one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measurements {
    /// In the order of [`FEATURES`].
    pub values: [Option<f64>; COUNT],
    /// Words measured.
    pub words: usize,
}

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

const WINDOW: usize = 50;
const MIN_SENTENCES: usize = 5;

/// The short words counted, by their [`head_of`], with the count each adds to.
const SHORT_WORDS: [(u64, usize); 10] = [
    (head_of("up"), PARTICLES),
    (head_of("out"), PARTICLES),
    (head_of("off"), PARTICLES),
    (head_of("down"), PARTICLES),
    (head_of("back"), PARTICLES),
    (head_of("away"), PARTICLES),
    (head_of("over"), PARTICLES),
    (head_of("also"), ADVERBS),
    (head_of("only"), ADVERBS),
    (head_of("the"), THE),
];

/// The count a lowercased word adds to ([`OTHER`] for none), by its head. Without branches:
/// this runs on every word, and which words are counted is not predictable. A longer word's
/// head has more bytes than any short word's, so it never matches.
#[inline]
fn short_word_class(head: u64) -> usize {
    SHORT_WORDS
        .iter()
        .fold(OTHER, |c, &(w, i)| if head == w { i } else { c })
}

/// True when the word `text[start..end]`, of ASCII letters and digits, ends in "-ing" (any case)
/// and is long enough to be an -ing form; [`is_ing_form`] decides. Both tests are computed and
/// combined without a branch: whether a word is long enough is not predictable.
#[inline]
fn ends_in_ing(text: &[u8], start: usize, end: usize) -> bool {
    let Some(tail) = end.checked_sub(3).and_then(|a| text.get(a..end)) else {
        return false;
    };
    let tail = u32::from_le_bytes([tail[0], tail[1], tail[2], 0]) | 0x0020_2020;
    (end - start >= 5) & (tail == u32::from_le_bytes(*b"ing\0"))
}

fn eq_any(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

fn is_ing_form(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 5
        && b[b.len() - 3..].eq_ignore_ascii_case(b"ing")
        && b[..b.len() - 3].iter().any(|c| b"aeiouyAEIOUY".contains(c))
        && !eq_any(word, NOT_ING_FORMS)
}

/// A case-insensitive hash of a word that is not all ASCII letters and digits: FNV-1a over its
/// lowercased characters. ([`fold`](crate::text::hash::fold) hashes the others; the two
/// never meet, as a word is one kind or the other.)
fn general_hash(word: &str) -> u64 {
    let mut h = FnvHasher::default();
    for c in word.chars().flat_map(char::to_lowercase) {
        h.write(c.encode_utf8(&mut [0u8; 4]).as_bytes());
    }
    h.finish()
}

/// Counts distinct words per window with a small table cleared at each window.
struct Diversity {
    table: [u64; 128],
    in_window: usize,
    distinct: usize,
    windows: usize,
    distinct_total: usize,
}

impl Diversity {
    fn new() -> Self {
        Diversity {
            table: [0; 128],
            in_window: 0,
            distinct: 0,
            windows: 0,
            distinct_total: 0,
        }
    }

    fn add(&mut self, h: u64) {
        // 0 marks an empty slot; the top bits pick the slot.
        let h = h | 1;
        let mut i = (h >> 57) as usize;
        // A free slot or the word's own ends the probe (nearly always the first); whether the
        // word is new is added, not branched on, as it is unpredictable.
        loop {
            let slot = self.table[i];
            // `slot == 0 || slot == h` as one test, so one branch (taken nearly always) instead
            // of two unpredictable ones: a filled slot is odd like `h`, and an odd number times
            // `slot ^ h` is zero (mod 2^64) only when `slot ^ h` is.
            if slot.wrapping_mul(slot ^ h) == 0 {
                self.distinct += usize::from(slot == 0);
                self.table[i] = h;
                break;
            }
            i = (i + 1) & 127;
        }
        self.in_window += 1;
        if self.in_window == WINDOW {
            self.windows += 1;
            self.distinct_total += self.distinct;
            self.table = [0; 128];
            self.in_window = 0;
            self.distinct = 0;
        }
    }

    fn value(&self) -> Option<f64> {
        if self.windows == 0 {
            return None;
        }
        Some(100.0 * self.distinct_total as f64 / (self.windows * WINDOW) as f64)
    }
}

/// Measures every feature in one pass over the document's tokens.
pub fn measure(doc: &Document<'_>) -> Measurements {
    let text = doc.text();
    let tokens = doc.tokens();
    let mut words = 0usize;
    let mut counts = [0usize; OTHER + 1];
    let mut diversity = Diversity::new();
    let mut lengths = Lengths::default();
    // Sentences end at increasing token indices; the words since the last end are the length.
    let mut ends = doc.sentences().iter().map(|s| s.tokens.end);
    let mut next_end = ends.next();
    let mut in_sentence = 0usize;
    for (i, (t, folded)) in tokens.iter().zip(doc.folds()).enumerate() {
        if t.kind == TokenKind::Word {
            words += 1;
            in_sentence += 1;
            if t.ascii {
                diversity.add(folded.hash);
                counts[short_word_class(folded.head)] += 1;
                if ends_in_ing(text.as_bytes(), t.span.start as usize, t.span.end as usize) {
                    counts[ING] += usize::from(is_ing_form(t.text(text)));
                }
            } else {
                let w = t.text(text);
                diversity.add(general_hash(w));
                if w.len() >= 5 {
                    counts[ING] += usize::from(is_ing_form(w));
                }
            }
        }
        if next_end == Some(i + 1) {
            lengths.add(std::mem::take(&mut in_sentence));
            next_end = ends.next();
        }
    }
    let mut values = [None; COUNT];
    if words > 0 {
        for i in [ING, PARTICLES, ADVERBS, THE] {
            values[i] = Some(100.0 * counts[i] as f64 / words as f64);
        }
    }
    values[DIVERSITY] = diversity.value();
    values[SENTENCES] = lengths.variation();
    Measurements { values, words }
}

/// Sentence lengths in words, for their coefficient of variation.
#[derive(Default)]
struct Lengths {
    n: usize,
    sum: f64,
    sum_sq: f64,
}

impl Lengths {
    /// Adds a sentence's length; sentences without words do not count.
    fn add(&mut self, len: usize) {
        if len > 0 {
            self.n += 1;
            self.sum += len as f64;
            self.sum_sq += (len * len) as f64;
        }
    }

    /// The coefficient of variation in percent, from [`MIN_SENTENCES`] sentences on.
    fn variation(&self) -> Option<f64> {
        if self.n < MIN_SENTENCES {
            return None;
        }
        let mean = self.sum / self.n as f64;
        let var = (self.sum_sq / self.n as f64 - mean * mean).max(0.0);
        Some(100.0 * var.sqrt() / mean)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> [Option<f64>; COUNT] {
        measure(&Document::new(text).unwrap()).values
    }

    #[test]
    fn registry_matches_indices() {
        assert_eq!(FEATURES.len(), COUNT);
        assert_eq!(index("ing-forms"), Some(ING));
        assert_eq!(index("sentence-length-variation"), Some(SENTENCES));
        assert_eq!(index("nope"), None);
    }

    #[test]
    fn counts_by_hand() {
        // 10 words: "leaving" and "citing" are -ing forms, "morning" and "thing" are not;
        // "up" is a particle; "also" a stock adverb; "The" and "the" articles.
        let v = values("The morning thing: after leaving, citing up the also blah.");
        assert_eq!(v[ING], Some(20.0));
        assert_eq!(v[PARTICLES], Some(10.0));
        assert_eq!(v[ADVERBS], Some(10.0));
        assert_eq!(v[THE], Some(20.0));
        // Fewer than 50 words: no diversity window; one sentence: no variation.
        assert_eq!(v[DIVERSITY], None);
        assert_eq!(v[SENTENCES], None);
    }

    #[test]
    fn diversity_over_windows() {
        // 100 words: the first window has 50 distinct words, the second 1.
        let distinct: Vec<String> = (0..50).map(|i| format!("w{i}x")).collect();
        let text = format!("{} {}", distinct.join(" "), vec!["Same"; 50].join(" same "));
        let d = Document::new(&text).unwrap();
        let m = measure(&d);
        assert_eq!(m.words, 149);
        // Two full windows: 50 distinct, then "Same"/"same" as one word (1 distinct);
        // the last 49 words are a partial window and do not count.
        assert_eq!(m.values[DIVERSITY], Some(100.0 * 51.0 / 100.0));
    }

    #[test]
    fn sentence_variation_by_hand() {
        // Lengths 2, 2, 4, 4, 8: mean 4, variance (4+4+0+0+16)/5 = 4.8.
        let text = "Go now. Be here. We saw the sea. It is so big. He ran up to us and sat down.";
        let v = values(text)[SENTENCES].unwrap();
        assert!((v - 100.0 * 4.8f64.sqrt() / 4.0).abs() < 1e-9, "{v}");
        assert_eq!(
            values("One now. Two now. Three now. Four now.")[SENTENCES],
            None
        );
    }

    #[test]
    fn empty_and_odd_text() {
        assert_eq!(values(""), [None; COUNT]);
        assert_eq!(values("… 123 !!"), [None; COUNT]);
        let v = values("Ünïcödé wörds ônly");
        assert_eq!(v[ING], Some(0.0));
    }
}
