//! Windows-1252, and UTF-8 misread as it (mojibake): the byte each character stands for, and
//! the reading of a run of characters back into the UTF-8 sequence it came from. Rule
//! `mojibake` finds and repairs such runs; `invisible-characters` leaves a soft hyphen inside one
//! to it ([`is_inside_mojibake`]).

use crate::text::chars::{char_at, char_before};

/// The byte a character stands for in Windows-1252, with the Latin-1 reading of the five
/// bytes Windows-1252 leaves undefined (their C1 control characters).
pub fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x100 {
        return Some(u as u8);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    })
}

/// The Windows-1252 character for a byte 0x80-0x9F; `None` for the five undefined ones.
pub fn cp1252_char(b: u8) -> Option<char> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => Some(HIGH[(b - 0x80) as usize]).filter(|&c| c != '\0'),
        _ => None,
    }
}

#[inline]
pub fn is_c1(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}')
}

/// Punctuation that follows a word in ordinary prose: after a lead character it is weak
/// evidence, since "CAFÉ’s" and "«AMANHÃ»" are real text.
pub fn is_prose_punct(c: char) -> bool {
    matches!(
        c,
        '’' | '”'
            | '“'
            | '‘'
            | '…'
            | '–'
            | '—'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '„'
            | '‚'
            | '·'
            | '\u{a0}'
    )
}

/// A mis-decoded UTF-8 sequence: a lead character and one to three continuation characters.
#[derive(Clone, Copy, Debug)]
pub struct Seq {
    pub start: usize,
    pub end: usize,
    pub lead: char,
    /// The first continuation character (the only one for two-byte sequences).
    pub cont: char,
    /// Number of bytes of the UTF-8 sequence (2 to 4).
    pub len: usize,
    /// Both continuations of a three-byte sequence are prose punctuation.
    pub prose_conts: bool,
    /// A continuation is a C1 control character (Windows-1252 punctuation read as Latin-1).
    pub has_c1: bool,
    pub decoded: char,
}

/// Reads the sequence starting with `lead` at `at`, if its characters map to a valid UTF-8
/// sequence through Windows-1252.
pub fn read_seq(text: &str, at: usize, lead: char) -> Option<Seq> {
    let lb = cp1252_byte(lead)?;
    let len = match lb {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let mut buf = [lb, 0, 0, 0];
    let mut pos = at + lead.len_utf8();
    let mut first = '\0';
    let mut prose = 0;
    let mut has_c1 = false;
    for slot in buf.iter_mut().take(len).skip(1) {
        let c = char_at(text, pos)?;
        let b = cp1252_byte(c)?;
        if !(0x80..=0xbf).contains(&b) {
            return None;
        }
        if first == '\0' {
            first = c;
        }
        prose += usize::from(is_prose_punct(c));
        has_c1 |= is_c1(c);
        *slot = b;
        pos += c.len_utf8();
    }
    let decoded = std::str::from_utf8(&buf[..len]).ok()?.chars().next()?;
    Some(Seq {
        start: at,
        end: pos,
        lead,
        cont: first,
        len,
        prose_conts: len == 3 && prose == 2,
        has_c1,
        decoded,
    })
}

/// True when the character at `at` is a continuation inside a mis-decoded UTF-8 sequence
/// ("Ã­" for "í", "ä¸­" for "中"), so that other rules can leave it to `mojibake`.
pub fn is_inside_mojibake(text: &str, at: usize) -> bool {
    let mut pos = at;
    for _ in 0..3 {
        let Some(lead) = char_before(text, pos) else {
            return false;
        };
        pos -= lead.len_utf8();
        if ('\u{c2}'..='\u{f4}').contains(&lead) {
            return read_seq(text, pos, lead)
                .is_some_and(|s| s.end > at && plausible(s.decoded, s.has_c1));
        }
        if cp1252_byte(lead).is_none_or(|b| !(0x80..=0xbf).contains(&b)) {
            return false;
        }
    }
    false
}

/// True when the decoded character is one that text plausibly holds. Combining marks count
/// only when a C1 continuation makes the sequence certain ("eÌ\u{81}"), since "ÍŽ" is Czech.
pub fn plausible(decoded: char, has_c1: bool) -> bool {
    let u = decoded as u32;
    match u {
        // From "Â": C1 controls only where they stand for Windows-1252 punctuation (decoded
        // once more later), else no-break space and Latin-1 symbols.
        0x80..=0x9f => cp1252_char(u as u8).is_some(),
        0xa0..=0xff => true,
        0x100..=0x17f => true,
        0x192 | 0x1a0..=0x1b0 | 0x1cd..=0x1dc | 0x218..=0x21b => true,
        0x300..=0x36f => has_c1,
        0x386..=0x3ce | 0x400..=0x4ff | 0x600..=0x6ff => decoded.is_alphabetic(),
        0x5d0..=0x5ea => true,
        0x900..=0xdff | 0xe00..=0xeff | 0x1e00..=0x1eff | 0x2000..=0x2bff => true,
        0x3000..=0x30ff | 0x4e00..=0x9fff | 0xac00..=0xd7a3 => true,
        0xfe00..=0xfe0f | 0xfe30..=0xfe4f | 0xfeff | 0xff00..=0xffef | 0xfffd => true,
        0x1d400..=0x1d7ff | 0x1f000..=0x1faff | 0x20000..=0x2ffff => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_round_trip() {
        for b in 0x80u8..=0x9f {
            if let Some(c) = cp1252_char(b) {
                assert_eq!(cp1252_byte(c), Some(b));
            }
        }
        assert_eq!(cp1252_byte('é'), Some(0xe9));
        assert_eq!(cp1252_byte('\u{9d}'), Some(0x9d));
        assert_eq!(cp1252_byte('ł'), None);
    }

    #[test]
    fn continuation_inside_mojibake() {
        let text = "ä¸\u{ad}æ and Ã\u{ad} and Mé\u{ad}xico";
        let shy: Vec<usize> = text.match_indices('\u{ad}').map(|m| m.0).collect();
        assert!(is_inside_mojibake(text, shy[0]));
        assert!(is_inside_mojibake(text, shy[1]));
        assert!(!is_inside_mojibake(text, shy[2]));
        assert!(!is_inside_mojibake("\u{ad}", 0));
    }
}
