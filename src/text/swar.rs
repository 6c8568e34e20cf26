//! Eight bytes at a time: the word-sized tricks ("SIMD within a register") that the scanners
//! use to pass over plain ASCII without a branch per byte. Each trick is defined here once, with
//! a test against its byte-by-byte definition.
//!
//! A word is eight bytes of text read as a little-endian `u64` ([`load`]), so byte `k` of the
//! text is bits `8k..8k + 8` and the first byte that matches is the lowest set mark
//! (`trailing_zeros() / 8`).

/// `0x01` in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte: set in a word's byte exactly when the byte is not ASCII.
pub const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte.
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
/// The 0x20 bit of every byte: set, it lowercases an ASCII letter.
const CASE: u64 = 0x2020_2020_2020_2020;

/// The eight bytes at `bytes[at..]` as a word, if there are eight.
#[inline]
pub fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(chunk.try_into().expect("eight bytes")))
}

/// True when some byte of `x` equals `b` (the classic zero-byte test on `x ^ b…b`).
#[inline]
pub fn has_byte(x: u64, b: u8) -> bool {
    let y = x ^ (ONES * b as u64);
    y.wrapping_sub(ONES) & !y & HIGH != 0
}

/// The high bit of each byte of `x` that is an ASCII capital `A`-`Z`, tested on the low seven
/// bits so that no carry crosses bytes. A non-ASCII byte whose low seven bits are a capital is
/// marked too; callers that care mark every non-ASCII byte anyway (`x & HIGH`).
#[inline]
pub fn capital_bits(x: u64) -> u64 {
    let low = x & LOW7;
    // A byte is >= 'A' when adding 0x3f carries into its high bit, and <= 'Z' when adding 0x25
    // does not.
    low.wrapping_add(0x3f3f_3f3f_3f3f_3f3f) & !low.wrapping_add(0x2525_2525_2525_2525) & HIGH
}

/// The offset of the first non-ASCII byte at or after `from`, if any: eight bytes are tested at
/// once, the rest one at a time.
#[inline]
pub fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut chunks = bytes.get(i..)?.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let high = u64::from_le_bytes(word) & HIGH;
        if high != 0 {
            return Some(i + high.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b >= 0x80)
        .map(|p| i + p)
}

/// The `n` (1 to 8) bytes of `text` from `at` as a word with the 0x20 bit set on each
/// (lowercase for ASCII letters), zero above them: what [`fold`](crate::text::hash::fold)
/// hashes and [`WordSet`](crate::text::wordset::WordSet) compares. Reads eight bytes at once
/// when the text is long enough.
#[inline]
pub fn lowered(text: &[u8], at: usize, n: usize) -> u64 {
    let v = match text.get(at..at + 8) {
        Some(c) => u64::from_le_bytes(c.try_into().expect("eight bytes")),
        None => tail_bytes(text, at, n),
    };
    (v | CASE) & (u64::MAX >> (8 * (8 - n)))
}

/// [`lowered`]'s bytes near the end of the text, read one at a time (out of line: rare).
#[cold]
#[inline(never)]
fn tail_bytes(text: &[u8], at: usize, n: usize) -> u64 {
    text[at..at + n]
        .iter()
        .rev()
        .fold(0, |v, &b| v << 8 | u64::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value at every position of a word, next to a few others.
    fn words() -> Vec<[u8; 8]> {
        let mut out = Vec::new();
        for b in 0..=255u8 {
            for k in 0..8 {
                let mut w = *b"aZ\n`'0\x80z";
                w[k] = b;
                out.push(w);
            }
        }
        out
    }

    #[test]
    fn load_reads_eight_bytes_little_endian() {
        let bytes = b"0123456789";
        assert_eq!(load(bytes, 2), Some(u64::from_le_bytes(*b"23456789")));
        assert_eq!(load(bytes, 3), None);
        assert_eq!(load(bytes, usize::MAX), None);
    }

    #[test]
    fn has_byte_matches_a_byte_search() {
        for w in words() {
            for b in [0u8, b'"', b'\'', b'`', b'\n', b'Z', 0x80, 0xff] {
                assert_eq!(
                    has_byte(u64::from_le_bytes(w), b),
                    w.contains(&b),
                    "{w:?} {b}"
                );
            }
        }
    }

    #[test]
    fn capital_bits_mark_capitals_by_their_low_seven_bits() {
        for w in words() {
            let want = w.iter().enumerate().fold(0u64, |m, (k, &b)| {
                m | u64::from((b & 0x7f).is_ascii_uppercase()) << (8 * k + 7)
            });
            assert_eq!(capital_bits(u64::from_le_bytes(w)), want, "{w:?}");
        }
    }

    #[test]
    fn next_non_ascii_matches_a_byte_search() {
        for pad in 0..20 {
            let text = format!("{}é{}ß", "a".repeat(pad), "b".repeat(pad));
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() + 1 {
                let want = bytes
                    .get(from..)
                    .and_then(|r| r.iter().position(|&b| b >= 0x80).map(|p| from + p));
                assert_eq!(next_non_ascii(bytes, from), want, "{text:?} from {from}");
            }
        }
    }

    #[test]
    fn lowered_sets_the_case_bit_and_masks_the_rest() {
        let text = b"Paris, ZURICH and x";
        for at in 0..text.len() {
            for n in 1..=8.min(text.len() - at) {
                let want = text[at..at + n]
                    .iter()
                    .rev()
                    .fold(0u64, |v, &b| v << 8 | u64::from(b | 0x20));
                assert_eq!(lowered(text, at, n), want, "{at} {n}");
            }
        }
    }
}
