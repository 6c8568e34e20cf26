//! Character-level helpers for the encoding rules: skipping ASCII fast, the characters around an
//! offset, scripts, and code point labels.
//!
//! The encoding rules look only at non-ASCII characters, so each starts from [`non_ascii`], which
//! skips runs of ASCII eight bytes at a time. On ASCII-only text a rule costs one `is_ascii` pass.

use unicode_script::{Script, UnicodeScript};

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Byte offset of the first non-ASCII byte at or after `from`, if any.
#[inline]
pub fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut chunks = bytes.get(i..)?.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let high = u64::from_le_bytes(word) & HIGH_BITS;
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

/// The non-ASCII characters of a text with their byte offsets, skipping ASCII quickly.
#[derive(Debug, Clone)]
pub struct NonAscii<'a> {
    text: &'a str,
    pos: usize,
}

/// Iterates over the non-ASCII characters of `text` as `(byte offset, char)`.
pub fn non_ascii(text: &str) -> NonAscii<'_> {
    NonAscii { text, pos: 0 }
}

impl Iterator for NonAscii<'_> {
    type Item = (usize, char);

    #[inline]
    fn next(&mut self) -> Option<(usize, char)> {
        // `pos` is always a char boundary, so the first non-ASCII byte after it starts a char.
        let at = next_non_ascii(self.text.as_bytes(), self.pos)?;
        let c = self.text[at..].chars().next()?;
        self.pos = at + c.len_utf8();
        Some((at, c))
    }
}

/// The character ending at byte `at` (a char boundary), if any.
#[inline]
pub fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

/// The character starting at byte `at` (a char boundary), if any.
#[inline]
pub fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// `U+200B` for a character.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The script of a character (`Common` for punctuation and digits, `Inherited` for most
/// combining marks).
#[inline]
pub fn script(c: char) -> Script {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            Script::Latin
        } else {
            Script::Common
        };
    }
    c.script()
}

/// True for characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and the
/// other scripts of the RTL blocks), where bidirectional controls are legitimate.
pub fn is_rtl(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08ff | 0xfb1d..=0xfdff | 0xfe70..=0xfefe | 0x10800..=0x10fff | 0x1e800..=0x1efff)
}

/// True for characters that take part in emoji sequences: pictographs, the emoji variation
/// selector, skin-tone modifiers, the keycap mark and regional indicators.
pub fn is_emoji_like(c: char) -> bool {
    matches!(c as u32,
        0xa9 | 0xae | 0x203c | 0x2049 | 0x20e3 | 0x2122 | 0x2139 | 0x2194..=0x21aa
        | 0x231a..=0x23ff | 0x24c2 | 0x25aa..=0x25fe | 0x2600..=0x27bf | 0x2934 | 0x2935
        | 0x2b05..=0x2b55 | 0x3030 | 0x303d | 0x3297 | 0x3299 | 0xfe0f
        | 0x1f000..=0x1faff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_non_ascii_at_every_alignment() {
        for pad in 0..20 {
            let text = format!("{}é{}ß", "a".repeat(pad), "b".repeat(pad));
            let got: Vec<(usize, char)> = non_ascii(&text).collect();
            assert_eq!(got, vec![(pad, 'é'), (2 * pad + 2, 'ß')]);
        }
        assert_eq!(non_ascii("").count(), 0);
        assert_eq!(
            non_ascii("plain ascii text, long enough to span chunks").count(),
            0
        );
        assert_eq!(next_non_ascii(b"abc", 10), None);
    }

    #[test]
    fn scripts_and_neighbours() {
        assert_eq!(script('a'), Script::Latin);
        assert_eq!(script('é'), Script::Latin);
        assert_eq!(script('Р'), Script::Cyrillic);
        assert_eq!(script('α'), Script::Greek);
        assert_eq!(script('1'), Script::Common);
        assert_eq!(char_before("aé", 3), Some('é'));
        assert_eq!(char_before("aé", 0), None);
        assert_eq!(char_at("aé", 1), Some('é'));
        assert_eq!(code_point('\u{200b}'), "U+200B");
        assert!(is_rtl('ש') && is_rtl('ب') && !is_rtl('a'));
        assert!(is_emoji_like('😀') && is_emoji_like('\u{fe0f}') && !is_emoji_like('a'));
    }
}
