//! Sets of words with fast case-insensitive lookups.
//!
//! A [`WordSet`] is a small open-addressing table keyed by the [`fold`] hash of the word (eight
//! bytes at a time, ASCII case ignored), so a lookup neither allocates nor lowercases: rules
//! call it on every word of a sentence, with the hash computed once per token
//! ([`Document::folds`](crate::Document::folds)). Lowercasing is ASCII only; a capitalized
//! non-ASCII first letter ("Über") misses. A [`WordFilter`] is the bitset in front of it, and
//! [`PhraseHeads`] the leading words of a phrase list, to skip documents that cannot hold any.

use crate::text::hash::{fold, Folded};
use crate::text::swar;
use crate::text::tokenize::{Token, TokenKind};

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
    /// The [`swar::lowered`] words of the words of ASCII letters and digits of up to eight bytes, in an
    /// open-addressing table (zero is an empty slot), for [`WordSet::contains_token`].
    short: Vec<u64>,
}

/// The slot of a [`swar::lowered`] word in [`WordSet::short`] of `mask + 1` slots.
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
                    let c = swar::lowered(w.as_bytes(), 0, w.len());
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
    /// of up to eight bytes is looked up by its [`swar::lowered`] word alone, one multiply and a probe: the
    /// 0x20 bit folds ASCII case and keeps letters and digits apart, so two such words have
    /// the same chunk exactly when they are equal in any ASCII case, and a word of the set
    /// can equal such a token only if it is one of them too (in its table of short words).
    #[inline(always)]
    pub fn contains_token(&self, text: &str, t: &Token) -> bool {
        let range = t.span.range();
        if range.len() > self.max_len {
            return false;
        }
        if !t.ascii || !(1..=8).contains(&range.len()) {
            return self.contains_other(&text[range]);
        }
        let c = swar::lowered(text.as_bytes(), range.start, range.len());
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

    /// False when no phrase can occur in the text at an offset `starts` accepts, given the
    /// text's tokens and their [`fold`]s ([`Document::folds`](crate::Document::folds)).
    pub fn may_occur(
        &self,
        text: &str,
        tokens: &[Token],
        folds: &[Folded],
        starts: impl Fn(usize) -> bool,
    ) -> bool {
        if self.always {
            return true;
        }
        let bytes = text.as_bytes();
        let hit = |a: usize, b: usize, hash: u64| {
            self.heads.contains_hashed(hash, &bytes[a..b]) && starts(a)
        };
        tokens.iter().zip(folds).any(|(t, f)| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn may_occur(heads: &PhraseHeads, text: &str, starts: impl Fn(usize) -> bool) -> bool {
        let doc = Document::new(text).unwrap();
        heads.may_occur(text, doc.tokens(), doc.folds(), starts)
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
            assert!(may_occur(&heads, text, upper(text)), "{text}");
        }
        for text in [
            "Kievan Rus",
            "the kiev",
            "Alma",
            "Munchen",
            "Krivoyx Rog",
            "",
        ] {
            let expected = text == "Alma"; // the head alone is enough to look closer
            assert_eq!(may_occur(&heads, text, upper(text)), expected, "{text}");
        }
        let always = PhraseHeads::new(["„Kiev"]);
        assert!(may_occur(&always, "nothing", |_| true));
    }
}
