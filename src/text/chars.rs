//! Characters: the classes the rules share (CJK, right-to-left, emoji, apostrophes, closing
//! marks), scripts, the characters around an offset, code point labels, and the non-ASCII
//! characters of a text found fast.
//!
//! The encoding rules look only at non-ASCII characters, so each starts from [`non_ascii`], which
//! skips runs of ASCII eight bytes at a time ([`swar::next_non_ascii`]).
//!
//! Some classes come in variants that differ at their edges: each variant is named for what it
//! includes, and the rules that use it are the reason it exists. Merging two would change what
//! those rules report.

use unicode_script::{Script, UnicodeScript};

use crate::text::swar;

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
        let at = swar::next_non_ascii(self.text.as_bytes(), self.pos)?;
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

/// An apostrophe: `'` or `’`.
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// A quotation mark of any typography: straight, curly, low-9, guillemets, primes used as
/// quotes, corner brackets. The style measurements count quoting without telling the glyphs
/// apart (which glyph a text uses says how it was typeset, not who wrote it).
#[inline]
pub fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{2018}'
            ..='\u{201f}' | '«' | '»' | '‹' | '›' | '″' | '′' | '「' | '」' | '『' | '』' | '＂'
    )
}

/// A closing quote or bracket of English text, as a token: `"` `'` `”` `’` `»` `)` `]`. What
/// may follow a sentence's last word before its end is taken (`run-together-words`,
/// `truncated-sentence`).
#[inline]
pub fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "'" | "”" | "’" | "»" | ")" | "]")
}

/// [`is_closer`], and the closers of other typographies: `«` (German reversed guillemets),
/// `″` (a look-alike quote) and the corner brackets `」` `』`. What the sentence splitter keeps
/// with the sentence it closes, whatever the text's language.
#[inline]
pub fn is_closer_any_style(s: &str) -> bool {
    is_closer(s) || matches!(s, "«" | "″" | "」" | "』")
}

/// Chinese, Japanese and Korean characters, in the widest sense: Hangul Jamo, CJK radicals,
/// the CJK symbols and punctuation (U+3000-U+303F), kana, Bopomofo, Han (with the
/// supplementary planes), Hangul syllables and Jamo extensions, compatibility ideographs and
/// forms, and full-width forms. Text around full-width punctuation that is at home there
/// (`fullwidth-punctuation`).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11ff | 0x2e80..=0x2fdf | 0x3000..=0x31ff | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff | 0xa960..=0xa97f | 0xac00..=0xd7ff | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f | 0xff00..=0xffef | 0x20000..=0x3134f)
}

/// [`is_cjk`] without the CJK symbols and punctuation (U+3000-U+303F, where the corner
/// brackets `「」` are), Hangul Jamo Extended-A and the CJK compatibility forms: the letters
/// (and full-width forms) whose nearness makes a quotation mark CJK typography rather than a
/// foreign one in English text (`foreign-quote-style`, which reports corner brackets itself).
pub fn is_cjk_letter_or_fullwidth(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11ff | 0x2e80..=0x2fdf | 0x3040..=0x31ff | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff | 0xac00..=0xd7ff | 0xf900..=0xfaff | 0xff00..=0xffef
        | 0x20000..=0x3134f)
}

/// The common CJK blocks of the Basic Multilingual Plane only: symbols, punctuation and kana
/// (U+3000-U+30FF), Han, Hangul syllables, compatibility ideographs and full-width forms.
/// Where a look-alike quote (`〃`, `＂`) is at home (`lookalike-quotes`).
pub fn is_cjk_common(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
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
        assert_eq!(swar::next_non_ascii(b"abc", 10), None);
    }

    #[test]
    fn closers_and_apostrophes() {
        for s in ["\"", "'", "”", "’", "»", ")", "]"] {
            assert!(is_closer(s) && is_closer_any_style(s), "{s}");
        }
        for s in ["«", "″", "」", "』"] {
            assert!(!is_closer(s) && is_closer_any_style(s), "{s}");
        }
        assert!(!is_closer_any_style("(") && !is_closer_any_style("“"));
        assert!(is_apostrophe('\'') && is_apostrophe('’') && !is_apostrophe('‘'));
    }

    /// The three CJK classes nest, and differ where their documentation says.
    #[test]
    fn cjk_variants_nest() {
        for c in (0..=0x3134f).filter_map(char::from_u32) {
            let (wide, letter, common) =
                (is_cjk(c), is_cjk_letter_or_fullwidth(c), is_cjk_common(c));
            assert!(!letter || wide, "{c:?}");
            assert!(!common || wide, "{c:?}");
            let u = c as u32;
            let punct = (0x3000..=0x303f).contains(&u);
            let jamo_a_or_forms = (0xa960..=0xa97f).contains(&u) || (0xfe30..=0xfe4f).contains(&u);
            assert_eq!(wide && !letter, punct || jamo_a_or_forms, "{c:?}");
        }
        assert!(is_cjk('「') && !is_cjk_letter_or_fullwidth('「') && is_cjk_common('「'));
        assert!(is_cjk('中') && is_cjk_letter_or_fullwidth('中') && is_cjk_common('中'));
        assert!(is_cjk('ㄅ') && is_cjk_letter_or_fullwidth('ㄅ') && !is_cjk_common('ㄅ'));
        assert!(!is_cjk('a') && !is_cjk_letter_or_fullwidth('é') && !is_cjk_common('—'));
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
