//! The tokenizer: one pass over the text, ASCII fast path, no allocation per token.
//!
//! Tokens are words, numbers, single punctuation characters and single symbols. Whitespace is not
//! a token; instead every token records whether whitespace (and whether a line break) came before
//! it, which is what the rules about glued words need. A word may hold inner apostrophes between
//! letters ("we've", "Rubio’s"), so that contractions and possessives stay one word.

use crate::span::Span;
use crate::text::chars::is_apostrophe;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Starts with a letter; letters, digits, combining marks and inner apostrophes.
    Word,
    /// Starts with a digit; digits and letters ("2025", "4th").
    Number,
    /// One punctuation character: `. , ; : ! ? " ' “ ” ‘ ’ - – — ( ) …` and the like.
    Punct,
    /// Any other single non-space character (currency, emoji, math).
    Symbol,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Whitespace (or the start of the text) comes right before this token.
    pub space_before: bool,
    /// A line break is in the whitespace right before this token (or it starts the text).
    pub line_start: bool,
    /// A word or number of ASCII letters and digits only (no apostrophe, no other script).
    pub ascii: bool,
}

impl Token {
    #[inline]
    pub fn text(self, text: &str) -> &str {
        &text[self.span.range()]
    }

    #[inline]
    pub fn is_word(self) -> bool {
        self.kind == TokenKind::Word
    }

    #[inline]
    pub fn is_punct(self) -> bool {
        self.kind == TokenKind::Punct
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Newline,
    Letter,
    Digit,
    Punct,
    Symbol,
}

const fn ascii_class(b: u8) -> Class {
    match b {
        b'\n' => Class::Newline,
        b' ' | b'\t' | b'\r' | 0x0b | 0x0c => Class::Space,
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'!' | b'"' | b'#' | b'%' | b'&' | b'\'' | b'(' | b')' | b'*' | b',' | b'-' | b'.'
        | b'/' | b':' | b';' | b'?' | b'@' | b'[' | b'\\' | b']' | b'_' | b'{' | b'}' => {
            Class::Punct
        }
        0..=0x1f | 0x7f => Class::Space,
        _ => Class::Symbol,
    }
}

static ASCII: [Class; 128] = {
    let mut t = [Class::Space; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = ascii_class(i as u8);
        i += 1;
    }
    t
};

/// ASCII letters and digits, by byte: one load per byte in the word loop.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// The length of the run of ASCII letters and digits at `bytes[i..]`. Eight bytes are classed
/// at a time into a bit mask, whose trailing ones are the run: no branch per byte, so the end of
/// a word costs no mispredicted jump.
#[inline]
fn alnum_run(bytes: &[u8], i: usize) -> usize {
    let mut at = i;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mask = chunk
            .iter()
            .enumerate()
            .fold(0u32, |m, (k, &b)| m | u32::from(ALNUM[b as usize]) << k);
        let run = mask.trailing_ones() as usize;
        at += run;
        if run < 8 {
            return at - i;
        }
    }
    at += bytes[at..]
        .iter()
        .take_while(|&&b| ALNUM[b as usize])
        .count();
    at - i
}

fn char_class(c: char) -> Class {
    if (c as u32) < 128 {
        return ASCII[c as usize];
    }
    match c {
        '\u{2028}' | '\u{2029}' | '\u{85}' => Class::Newline,
        c if c.is_whitespace() => Class::Space,
        c if c.is_alphabetic() => Class::Letter,
        c if c.is_numeric() => Class::Digit,
        // Combining marks continue a word; classed as letters so that NFD text stays one word.
        '\u{300}'..='\u{36f}' => Class::Letter,
        // Zero-width and format characters are invisible: they glue to the surrounding word so
        // that the unicode rule sees them inside it, and they never split a word.
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => Class::Letter,
        c if is_unicode_punct(c) => Class::Punct,
        _ => Class::Symbol,
    }
}

/// General-category punctuation outside ASCII that matters for prose.
fn is_unicode_punct(c: char) -> bool {
    matches!(c,
        '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}'
        | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}'
        | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff1f}' | '\u{ff3b}'..='\u{ff3d}'
        | '\u{ff5b}'..='\u{ff65}'
        | '\u{2e00}'..='\u{2e4f}')
}

/// The index of the first token at or after `from` that ends after byte `offset` (the token
/// holding `offset`, or the next one), or `tokens.len()`. Gallops forward from `from`, so a rule
/// visiting offsets in increasing order (from `memchr` hits, say) pays for the distance between
/// hits rather than a binary search over the whole document each time.
pub fn seek(tokens: &[Token], from: usize, offset: usize) -> usize {
    let ends_before = |t: &Token| (t.span.end as usize) <= offset;
    let mut lo = from.min(tokens.len());
    let mut step = 1;
    while lo + step < tokens.len() && ends_before(&tokens[lo + step]) {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step + 1).min(tokens.len());
    lo + tokens[lo..hi].partition_point(ends_before)
}

/// Reads the character at byte `i` (a char boundary): (class, char, byte length).
#[inline(always)]
fn char_at(text: &str, i: usize) -> (Class, char, usize) {
    let b = text.as_bytes()[i];
    if b < 128 {
        (ASCII[b as usize], b as char, 1)
    } else {
        char_at_slow(text, i)
    }
}

#[inline(never)]
fn char_at_slow(text: &str, i: usize) -> (Class, char, usize) {
    let c = text[i..].chars().next().unwrap_or('\u{fffd}');
    (char_class(c), c, c.len_utf8())
}

/// Splits `text` into tokens. Linear time; one allocation (the vector).
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    let mut space_before = true;
    let mut line_start = true;

    let at = |i: usize| char_at(text, i);
    while i < bytes.len() {
        let (class, c, len) = at(i);
        match class {
            Class::Space => {
                space_before = true;
                i += len;
            }
            Class::Newline => {
                space_before = true;
                line_start = true;
                i += len;
            }
            Class::Letter | Class::Digit => {
                let start = i;
                let kind = if class == Class::Letter {
                    TokenKind::Word
                } else {
                    TokenKind::Number
                };
                i += len;
                let mut prev = c;
                let mut ascii = len == 1;
                while i < bytes.len() {
                    // ASCII fast path: a run of ASCII letters and digits.
                    let run = alnum_run(bytes, i);
                    if run > 0 {
                        i += run;
                        prev = bytes[i - 1] as char;
                        if i == bytes.len() {
                            break;
                        }
                    }
                    // Any other ASCII character but an apostrophe ends the word.
                    if bytes[i] < 128 && bytes[i] != b'\'' {
                        break;
                    }
                    // Not an ASCII letter or digit: the token goes on only as a non-ASCII word.
                    let (cl, ch, l) = at(i);
                    match cl {
                        Class::Letter | Class::Digit => {
                            i += l;
                            prev = ch;
                            ascii = false;
                        }
                        Class::Punct if is_apostrophe(ch) && prev.is_alphabetic() => {
                            // An apostrophe stays inside the word only between two letters.
                            let next = i + l;
                            if next < bytes.len() {
                                let (ncl, nch, nl) = at(next);
                                if ncl == Class::Letter && nch.is_alphabetic() {
                                    i = next + nl;
                                    prev = nch;
                                    ascii = false;
                                    continue;
                                }
                            }
                            break;
                        }
                        _ => break,
                    }
                }
                tokens.push(Token {
                    span: Span::new(start, i),
                    kind,
                    space_before,
                    line_start,
                    ascii,
                });
                // Most words are followed by one space: take it here rather than in a round of
                // the outer loop.
                space_before = bytes.get(i) == Some(&b' ');
                i += usize::from(space_before);
                line_start = false;
            }
            Class::Punct | Class::Symbol => {
                tokens.push(Token {
                    span: Span::new(i, i + len),
                    kind: if class == Class::Punct {
                        TokenKind::Punct
                    } else {
                        TokenKind::Symbol
                    },
                    space_before,
                    line_start,
                    ascii: false,
                });
                i += len;
                space_before = bytes.get(i) == Some(&b' ');
                i += usize::from(space_before);
                line_start = false;
            }
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, TokenKind, bool)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.text(text), t.kind, t.space_before))
            .collect()
    }

    #[test]
    fn splits_words_punctuation_and_numbers() {
        use TokenKind::*;
        assert_eq!(
            words("Paris.It is 4th, v2.0"),
            vec![
                ("Paris", Word, true),
                (".", Punct, false),
                ("It", Word, false),
                ("is", Word, true),
                ("4th", Number, true),
                (",", Punct, false),
                ("v2", Word, true),
                (".", Punct, false),
                ("0", Number, false),
            ]
        );
    }

    #[test]
    fn keeps_inner_apostrophes_only_between_letters() {
        let t = "we've Rubio’s 'quoted' rock'n'roll dogs'";
        let w: Vec<_> = words(t).into_iter().map(|x| x.0).collect();
        assert_eq!(
            w,
            vec![
                "we've",
                "Rubio’s",
                "'",
                "quoted",
                "'",
                "rock'n'roll",
                "dogs",
                "'"
            ]
        );
    }

    #[test]
    fn non_ascii_letters_and_line_starts() {
        let text = "Zürich —\nКиев";
        let toks = tokenize(text);
        assert_eq!(toks.len(), 3);
        assert_eq!(toks[0].text(text), "Zürich");
        assert_eq!(toks[1].text(text), "—");
        assert!(!toks[1].line_start);
        assert!(toks[2].line_start && toks[2].space_before);
        assert_eq!(toks[2].text(text), "Киев");
    }

    #[test]
    fn seek_finds_the_token_holding_an_offset() {
        let text = "ab cd. ef gh ij kl mn op qr st";
        let toks = tokenize(text);
        for offset in 0..text.len() {
            let want = toks.partition_point(|t| (t.span.end as usize) <= offset);
            for from in 0..=want {
                assert_eq!(
                    seek(&toks, from, offset),
                    want,
                    "offset {offset} from {from}"
                );
            }
        }
        assert_eq!(seek(&[], 0, 5), 0);
    }

    #[test]
    fn ascii_words() {
        let text = "Paris 4th Zürich we've a-b ü é1";
        let got: Vec<(&str, bool)> = tokenize(text)
            .into_iter()
            .map(|t| (t.text(text), t.ascii))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Paris", true),
                ("4th", true),
                ("Zürich", false),
                ("we've", false),
                ("a", true),
                ("-", false),
                ("b", true),
                ("ü", false),
                ("é1", false),
            ]
        );
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\t ").is_empty());
    }
}
