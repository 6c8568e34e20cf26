//! Style measurements: what a whole English text looks like, measured in one pass over its
//! tokens, for the `mt` score.
//!
//! Rules find artifacts at a place ("thatIf"); fluent machine translation rarely leaves those.
//! What it does leave is a profile. A translation made sentence by sentence keeps the source's
//! sentence boundaries and clause order, picks the most frequent equivalent of each word, and
//! uses fewer of the constructions a native writer reaches for (participle clauses, phrasal
//! verbs, contractions). Two kinds of measurement capture it:
//!
//! - **Features** ([`FEATURES`]): dense values such as punctuation per 100 words, sentence
//!   length and its spread, lexical diversity, the word-frequency profile against a general
//!   English list, and repetition. Quote and dash *glyphs* are deliberately not told apart:
//!   which glyph a text uses says how it was typeset, not whether it was translated.
//! - **Patterns** ([`pattern`]): 1-3-grams over a stream in which function words are
//!   themselves and content words are reduced to a shape or suffix class ("the W of",
//!   "ING the"), so that the patterns describe syntax and not topic, names or numbers.
//!
//! The score ([`crate::score`]) turns each feature into `weight · clamp(z, ±4)` and each
//! pattern's rate per 1000 stream symbols into `weight · z`, with centers, scales and weights
//! fitted by `mtlint train`, and shrinks the sum for short texts. Measured on English only.

pub mod classes;
pub mod lexicon;
pub mod pattern;
pub mod table;

use serde::Serialize;

use crate::document::Document;
use crate::text::tokenize::TokenKind;
use lexicon::{lexicon, marks, marks_of, NOT_FUNCTION};
use pattern::Grams;

/// What one feature measures; its `key` names it in model files and output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FeatureMeta {
    pub key: &'static str,
    /// A short phrase for output ("-ing forms per 100 words").
    pub unit: &'static str,
    /// What it measures and why it can be evidence.
    pub doc: &'static str,
}

macro_rules! features {
    ($($id:ident = $key:literal, $unit:literal, $doc:literal;)*) => {
        /// Every feature, in the order of [`Measurements::values`].
        pub const FEATURES: &[FeatureMeta] = &[$(FeatureMeta { key: $key, unit: $unit, doc: $doc }),*];
        #[allow(non_camel_case_types, clippy::upper_case_acronyms, clippy::enum_variant_names)]
        #[derive(Clone, Copy)]
        #[repr(usize)]
        enum F { $($id),* }
        /// The number of features.
        pub const COUNT: usize = FEATURES.len();
    };
}

features! {
    ING = "ing-forms", "-ing forms per 100 words",
        "Words in -ing (gerunds and participles), not nouns such as \"thing\" or \"morning\". A translation that keeps the source's finite clauses has fewer participle phrases.";
    PARTICLES = "phrasal-particles", "particles (up, out, off, down, back, away, over) per 100 words",
        "The adverb particles of phrasal verbs, idiomatic English with no one-word counterpart in most source languages.";
    ADVERBS = "stock-adverbs", "\"also\" and \"only\" per 100 words",
        "Adverbs that map one-to-one onto frequent source particles and are carried over where a native writer would restructure.";
    THE = "definite-articles", "\"the\" per 100 words",
        "The definite article's share of words; over-used by translation from languages without articles.";
    DIVERSITY = "lexical-diversity", "distinct words per 100 (in 50-word windows)",
        "A length-independent type/token ratio over consecutive 50-word windows. Machine translation tends to a smaller, more frequent vocabulary.";
    SENT_CV = "sentence-length-variation", "coefficient of variation of sentence length, percent",
        "How much sentence lengths vary. A translation keeps the source's sentence boundaries; writers split and merge sentences freely. From 5 sentences.";
    SENT_MEAN = "sentence-length", "words per sentence",
        "Mean sentence length in words.";
    SENT_SD = "sentence-length-spread", "standard deviation of sentence length, words",
        "The spread of sentence lengths in words. From 5 sentences.";
    LONG = "long-sentences", "percent of sentences over 35 words",
        "Very long sentences, often a source sentence carried over whole.";
    SHORT = "short-sentences", "percent of sentences under 8 words",
        "Very short sentences: fragments, headings and emphatic sentences.";
    COMMAS_PER_SENTENCE = "commas-per-sentence", "commas per sentence",
        "Clause density as punctuated: source punctuation carried over.";
    COMMA = "commas", "commas per 100 words", "Commas.";
    PERIOD = "full-stops", "full stops per 100 words", "Full stops.";
    SEMICOLON = "semicolons", "semicolons per 100 words", "Semicolons.";
    COLON = "colons", "colons per 100 words", "Colons.";
    QUESTION = "question-marks", "question marks per 100 words", "Question marks.";
    EXCLAMATION = "exclamation-marks", "exclamation marks per 100 words", "Exclamation marks.";
    PARENS = "parentheses", "brackets per 100 words", "Round and square brackets.";
    QUOTES = "quotation-marks", "quotation marks of any glyph per 100 words",
        "How much the text quotes; every glyph counts the same, so typesetting style does not.";
    DASHES = "dashes", "dashes of any glyph per 100 words",
        "Hyphen-minus, en and em dashes standing alone between words, counted alike.";
    ZIPF = "word-frequency", "mean Zipf frequency of words",
        "How common the words are in general English (wordfreq; unlisted words count as 2.5). Machine translation picks the most frequent equivalent.";
    ZIPF6 = "very-frequent-words", "percent of words of Zipf 6 or more", "The grammatical core (the, of, is).";
    ZIPF5 = "frequent-words", "percent of words of Zipf 5 to 6", "Frequent words.";
    ZIPF4 = "common-words", "percent of words of Zipf 4 to 5", "Common words.";
    ZIPF3 = "less-common-words", "percent of words of Zipf 3 to 4", "Less common words.";
    RARE = "rare-words", "percent of words under Zipf 3 or unlisted", "Rare words, names and other-language words.";
    REPEATED_WORDS = "repeated-content-words", "percent of content words that repeat an earlier one",
        "Repetition within the document: translation repeats the same equivalent where a writer varies the word.";
    REPEATED_BIGRAMS = "repeated-bigrams", "percent of word pairs that repeat an earlier pair",
        "Repeated two-word sequences within the document.";
    CONTRACTIONS = "contractions", "contractions and possessives with an apostrophe per 100 words",
        "Words with an inner apostrophe (don't, it's, Putin's).";
}

/// Index of a feature by key.
pub fn index(key: &str) -> Option<usize> {
    FEATURES.iter().position(|f| f.key == key)
}

/// One document's feature values; `None` where the document is too short to measure one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Measurements {
    /// In the order of [`FEATURES`].
    pub values: [Option<f64>; COUNT],
    /// Words measured.
    pub words: usize,
    /// Symbols in the pattern stream (the denominator of pattern rates).
    pub symbols: usize,
}

const WINDOW: usize = 50;
const MIN_SENTENCES: usize = 5;

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
        let h = h | 1;
        let mut i = (h >> 57) as usize;
        loop {
            let slot = self.table[i];
            if slot == 0 || slot == h {
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
        (self.windows > 0)
            .then(|| 100.0 * self.distinct_total as f64 / (self.windows * WINDOW) as f64)
    }
}

/// Sentence lengths in words.
#[derive(Default)]
struct Lengths {
    n: usize,
    sum: f64,
    sum_sq: f64,
    long: usize,
    short: usize,
}

impl Lengths {
    fn add(&mut self, len: usize) {
        if len > 0 {
            self.n += 1;
            self.sum += len as f64;
            self.sum_sq += (len * len) as f64;
            self.long += usize::from(len > 35);
            self.short += usize::from(len < 8);
        }
    }

    fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }

    fn sd(&self) -> Option<f64> {
        if self.n < MIN_SENTENCES {
            return None;
        }
        let mean = self.sum / self.n as f64;
        Some((self.sum_sq / self.n as f64 - mean * mean).max(0.0).sqrt())
    }
}

thread_local! {
    /// The repetition sets, reused from document to document on each thread.
    static SEEN: std::cell::RefCell<(table::Set, table::Set)> = Default::default();
}

/// Measures every feature in one pass over the document's tokens and reports each pattern
/// occurrence (its [`Key`](pattern::Key)) to `patterns`.
pub fn measure<P: pattern::Sink>(doc: &Document<'_>, mut patterns: P) -> Measurements {
    SEEN.with(|seen| {
        let (content, bigrams) = &mut *seen.borrow_mut();
        let n = doc.tokens().len();
        content.reset(n);
        bigrams.reset(n);
        measure_with(doc, &mut patterns, content, bigrams)
    })
}

fn measure_with(
    doc: &Document<'_>,
    patterns: &mut impl pattern::Sink,
    content_seen: &mut table::Set,
    bigrams_seen: &mut table::Set,
) -> Measurements {
    let lex = lexicon();
    let text = doc.text();
    let tokens = doc.tokens();
    let folds = doc.folds();
    let mut words = 0usize;
    let mut counts = [0usize; COUNT];
    // Zipf × 10, summed as an integer.
    let mut zipf_sum = 0u64;
    let mut diversity = Diversity::new();
    let mut lengths = Lengths::default();
    let mut grams = Grams::default();
    let (mut content_words, mut bigrams) = (0usize, 0usize);
    let mut prev_word: Option<u64> = None;
    for sentence in doc.sentences() {
        grams.start_sentence();
        let mut in_sentence = 0usize;
        let mut commas = 0usize;
        let mut i = sentence.tokens.start;
        while i < sentence.tokens.end {
            let t = &tokens[i];
            let s = t.text(text);
            match t.kind {
                TokenKind::Word => {
                    words += 1;
                    in_sentence += 1;
                    let hash = if t.ascii {
                        folds[i].hash
                    } else {
                        lexicon::key(&s.to_lowercase())
                    };
                    diversity.add(hash);
                    let entry = lex.get(hash);
                    let function = entry.map_or(NOT_FUNCTION, |e| e.function);
                    let zipf10 = entry.map_or(0, |e| e.zipf10);
                    let z = if zipf10 == 0 { 25 } else { zipf10 };
                    zipf_sum += u64::from(z);
                    counts[match z {
                        60.. => F::ZIPF6,
                        50..=59 => F::ZIPF5,
                        40..=49 => F::ZIPF4,
                        30..=39 => F::ZIPF3,
                        _ => F::RARE,
                    } as usize] += 1;
                    // A listed ASCII word is the listed word in another case: its marks
                    // are the entry's. Others (unlisted, or beyond ASCII) are read here.
                    let m = match entry {
                        Some(e) if t.ascii => e.marks,
                        _ => marks_of(s),
                    };
                    counts[F::PARTICLES as usize] += usize::from(m & marks::PARTICLE != 0);
                    counts[F::ADVERBS as usize] += usize::from(m & marks::ADVERB != 0);
                    counts[F::THE as usize] += usize::from(m & marks::THE != 0);
                    counts[F::ING as usize] += usize::from(m & marks::ING != 0);
                    counts[F::CONTRACTIONS as usize] +=
                        usize::from(!t.ascii && s.contains(['\'', '\u{2019}']));
                    if function == NOT_FUNCTION {
                        content_words += 1;
                        counts[F::REPEATED_WORDS as usize] +=
                            usize::from(!content_seen.insert(hash));
                    }
                    if let Some(p) = prev_word {
                        bigrams += 1;
                        let pair = p.rotate_left(17) ^ hash.wrapping_mul(0x9e37_79b9_7f4a_7c15);
                        counts[F::REPEATED_BIGRAMS as usize] +=
                            usize::from(!bigrams_seen.insert(pair));
                    }
                    prev_word = Some(hash);
                    // The common case first: a lowercase ASCII function word or listed plain
                    // word, whose symbol the entry gives (what `word_symbol` would return).
                    let symbol = match entry {
                        Some(e)
                            if t.ascii
                                && s.as_bytes().first().is_some_and(u8::is_ascii_lowercase) =>
                        {
                            if e.function != NOT_FUNCTION {
                                e.function
                            } else if e.marks & marks::PLAIN != 0 {
                                e.class
                            } else {
                                pattern::word_symbol(s, function, Some(e.class))
                            }
                        }
                        _ => pattern::word_symbol(s, function, entry.map(|e| e.class)),
                    };
                    grams.push(symbol, patterns);
                }
                TokenKind::Number => {
                    prev_word = None;
                    // "3.5", "1,000,000": one number.
                    while let (Some(p), Some(n)) = (tokens.get(i + 1), tokens.get(i + 2)) {
                        let sep = p.text(text);
                        if i + 2 < sentence.tokens.end
                            && (sep == "." || sep == ",")
                            && !p.space_before
                            && n.kind == TokenKind::Number
                            && !n.space_before
                        {
                            i += 2;
                        } else {
                            break;
                        }
                    }
                    grams.push(pattern::NUMBER, patterns);
                }
                TokenKind::Punct => {
                    prev_word = None;
                    let symbol = pattern::punct_symbol(s);
                    let feature = match symbol {
                        pattern::COMMA => {
                            commas += 1;
                            Some(F::COMMA)
                        }
                        pattern::PERIOD => Some(F::PERIOD),
                        pattern::SEMICOLON => Some(F::SEMICOLON),
                        pattern::COLON => Some(F::COLON),
                        pattern::QUESTION => Some(F::QUESTION),
                        pattern::EXCLAMATION => Some(F::EXCLAMATION),
                        pattern::OPEN | pattern::CLOSE => Some(F::PARENS),
                        pattern::QUOTE => Some(F::QUOTES),
                        pattern::DASH if t.space_before => Some(F::DASHES),
                        _ => None,
                    };
                    if let Some(f) = feature {
                        counts[f as usize] += 1;
                    }
                    grams.push(symbol, patterns);
                }
                TokenKind::Symbol => {
                    prev_word = None;
                    grams.push(pattern::SYMBOL, patterns);
                }
            }
            i += 1;
        }
        lengths.add(in_sentence);
        counts[F::COMMAS_PER_SENTENCE as usize] += if in_sentence > 0 { commas } else { 0 };
    }
    let mut values = [None; COUNT];
    if words > 0 {
        let per_100 = |n: usize| Some(100.0 * n as f64 / words as f64);
        for f in [
            F::ING,
            F::PARTICLES,
            F::ADVERBS,
            F::THE,
            F::COMMA,
            F::PERIOD,
            F::SEMICOLON,
            F::COLON,
            F::QUESTION,
            F::EXCLAMATION,
            F::PARENS,
            F::QUOTES,
            F::DASHES,
            F::ZIPF6,
            F::ZIPF5,
            F::ZIPF4,
            F::ZIPF3,
            F::RARE,
            F::CONTRACTIONS,
        ] {
            values[f as usize] = per_100(counts[f as usize]);
        }
        values[F::ZIPF as usize] = Some(zipf_sum as f64 / 10.0 / words as f64);
    }
    if content_words > 0 {
        values[F::REPEATED_WORDS as usize] =
            Some(100.0 * counts[F::REPEATED_WORDS as usize] as f64 / content_words as f64);
    }
    if bigrams > 0 {
        values[F::REPEATED_BIGRAMS as usize] =
            Some(100.0 * counts[F::REPEATED_BIGRAMS as usize] as f64 / bigrams as f64);
    }
    values[F::DIVERSITY as usize] = diversity.value();
    values[F::SENT_MEAN as usize] = lengths.mean();
    values[F::SENT_SD as usize] = lengths.sd();
    values[F::SENT_CV as usize] = lengths
        .sd()
        .zip(lengths.mean())
        .map(|(sd, mean)| 100.0 * sd / mean);
    if lengths.n > 0 {
        let n = lengths.n as f64;
        values[F::LONG as usize] = Some(100.0 * lengths.long as f64 / n);
        values[F::SHORT as usize] = Some(100.0 * lengths.short as f64 / n);
        values[F::COMMAS_PER_SENTENCE as usize] =
            Some(counts[F::COMMAS_PER_SENTENCE as usize] as f64 / n);
    }
    Measurements {
        values,
        words,
        symbols: grams.tokens,
    }
}

#[cfg(test)]
mod tests;
