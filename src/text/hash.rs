//! Hashing words: [`fold`] (a case-insensitive hash of a word, eight bytes at a time, and its
//! first eight bytes as a number for comparing with short constants), and FNV-1a for hash maps
//! keyed by short words ([`FnvMap`], [`FnvSet`]).

use crate::text::swar;

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

/// Folds `text[range]` eight bytes at a time: one multiply for most words where FNV-1a needs
/// one per byte. Setting the 0x20 bit lowercases an ASCII letter, so words equal up to ASCII
/// case always fold alike (what [`WordSet`](crate::text::wordset::WordSet) relies on; it confirms a match by comparing). Only
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
        let v = swar::lowered(text, at, n);
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
