//! The pattern stream: a document as a sequence of symbols in which each function word is
//! itself and every other word is reduced to its shape or suffix class, numbers to one symbol
//! and punctuation to its kind (any quote glyph is one symbol, any dash another, so typesetting
//! conventions do not separate texts). The 1-, 2- and 3-grams of symbols within a sentence are
//! the patterns: "the W of", "ING the", "<s> CAP ,", "TION of the".
//!
//! A pattern is a [`Key`]: up to three symbol ids packed in ten bits each (plus one, so that 0
//! means none), which [`name`] turns back into text for model files and explanations.

use crate::style::classes::{suffix_class, ACR, CAP, CONTR, OTHER_PUNCT, OTHER_SCRIPT, POSS, W};
pub use crate::style::classes::{
    CLASSES, CLASS_BASE, CLOSE, COLON, COMMA, DASH, EXCLAMATION, NUMBER, OPEN, PERIOD, QUESTION,
    QUOTE, SEMICOLON, START, SYMBOL,
};
use crate::style::lexicon::{Lexicon, NOT_FUNCTION};

/// A pattern: symbol ids + 1 in bits 0-9, 10-19, 20-29 (first symbol lowest).
pub type Key = u32;

/// The symbol of a word token `w` whose [`Lexicon`] entry function id is `function` and whose
/// lowercase suffix class, when the lexicon lists the word, is `class` (computed otherwise).
pub fn word_symbol(w: &str, function: u16, class: Option<u16>) -> u16 {
    let b = w.as_bytes();
    let Some(&first) = b.first() else {
        return W;
    };
    // A lowercase first letter rules out an acronym and a capital without looking further.
    if first.is_ascii_lowercase() && b.is_ascii() {
        if function != NOT_FUNCTION {
            return function;
        }
        if b.iter().all(u8::is_ascii_alphanumeric) {
            return class.unwrap_or_else(|| suffix_class(b));
        }
    }
    if b.len() >= 2
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return ACR;
    }
    if function != NOT_FUNCTION {
        return function;
    }
    if w.contains(['\'', '\u{2019}']) {
        let lower = w.to_ascii_lowercase();
        return if lower.ends_with("'s") || lower.ends_with("\u{2019}s") {
            POSS
        } else {
            CONTR
        };
    }
    if !b.iter().all(u8::is_ascii_alphanumeric) {
        return if w.chars().all(|c| c.is_alphabetic() && (c as u32) < 0x250) {
            if w.chars().next().is_some_and(char::is_uppercase) {
                CAP
            } else {
                W
            }
        } else {
            OTHER_SCRIPT
        };
    }
    if first.is_ascii_uppercase() {
        return CAP;
    }
    class.unwrap_or_else(|| suffix_class(b))
}

/// The symbol of a punctuation token.
#[inline]
pub fn punct_symbol(p: &str) -> u16 {
    if let [b] = p.as_bytes() {
        match b {
            b',' => return COMMA,
            b'.' => return PERIOD,
            b';' => return SEMICOLON,
            b':' => return COLON,
            b'?' => return QUESTION,
            b'!' => return EXCLAMATION,
            b'(' | b'[' => return OPEN,
            b')' | b']' => return CLOSE,
            b'-' => return DASH,
            _ => {}
        }
    }
    match p {
        _ if p.chars().all(crate::text::chars::is_quote_mark) => QUOTE,
        "\u{2010}" | "\u{2011}" | "\u{2012}" | "\u{2013}" | "\u{2014}" | "\u{2015}"
        | "\u{2212}" => DASH,
        _ => OTHER_PUNCT,
    }
}

/// What receives the patterns of a document, one occurrence at a time: any `FnMut(Key)`, or
/// a type whose `add` the compiler can inline into the token loop (the scorer's).
pub trait Sink {
    fn add(&mut self, key: Key);
}

impl<F: FnMut(Key)> Sink for F {
    #[inline(always)]
    fn add(&mut self, key: Key) {
        self(key)
    }
}

/// The n-grams of a symbol stream, sentence by sentence.
#[derive(Debug, Default)]
pub struct Grams {
    prev1: u32,
    prev2: u32,
    /// Symbols pushed (sentence starts not counted).
    pub tokens: usize,
}

impl Grams {
    /// Starts a sentence: the next symbol's bigram is `<s> x`.
    #[inline]
    pub fn start_sentence(&mut self) {
        self.prev2 = 0;
        self.prev1 = u32::from(START) + 1;
    }

    /// Adds a symbol and reports its unigram, bigram and trigram keys.
    #[inline(always)]
    pub fn push<P: Sink + ?Sized>(&mut self, symbol: u16, sink: &mut P) {
        let s = u32::from(symbol) + 1;
        self.tokens += 1;
        sink.add(s);
        if self.prev1 != 0 {
            sink.add(self.prev1 | s << 10);
            if self.prev2 != 0 {
                sink.add(self.prev2 | self.prev1 << 10 | s << 20);
            }
        }
        self.prev2 = self.prev1;
        self.prev1 = s;
    }
}

/// The symbols of a key, first to last.
pub fn symbols(key: Key) -> impl Iterator<Item = u16> {
    [key & 1023, key >> 10 & 1023, key >> 20 & 1023]
        .into_iter()
        .filter(|&s| s != 0)
        .map(|s| (s - 1) as u16)
}

/// A pattern's text: its symbols separated by spaces ("the W of").
pub fn name(key: Key, lexicon: &Lexicon) -> String {
    symbols(key)
        .map(|s| symbol_name(s, lexicon))
        .collect::<Vec<_>>()
        .join(" ")
}

fn symbol_name(s: u16, lexicon: &Lexicon) -> &'static str {
    if s >= CLASS_BASE {
        CLASSES
            .get(usize::from(s - CLASS_BASE))
            .copied()
            .unwrap_or("?")
    } else {
        lexicon
            .function_words
            .get(usize::from(s))
            .copied()
            .unwrap_or("?")
    }
}

/// The key of a pattern's text, the inverse of [`name`]; `None` for an unknown symbol or more
/// than three.
pub fn parse(text: &str, lexicon: &Lexicon) -> Option<Key> {
    let mut key = 0u32;
    let mut n = 0;
    for part in text.split(' ') {
        if n == 3 {
            return None;
        }
        let id = match CLASSES.iter().position(|&c| c == part) {
            Some(i) => CLASS_BASE + i as u16,
            None => lexicon.function_words.iter().position(|&w| w == part)? as u16,
        };
        key |= (u32::from(id) + 1) << (10 * n);
        n += 1;
    }
    (n > 0).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::lexicon::{key, lexicon};

    fn sym(w: &str) -> &'static str {
        let l = lexicon();
        let f = l.get(key(w)).map_or(NOT_FUNCTION, |e| e.function);
        let s = word_symbol(w, f, None);
        symbol_name(s, l)
    }

    #[test]
    fn classes_of_words() {
        for (w, c) in [
            ("the", "the"),
            ("The", "the"),
            ("NATO", "ACR"),
            ("US", "ACR"),
            ("Paris", "CAP"),
            ("quickly", "LY"),
            ("meetings", "ING"),
            ("walked", "ED"),
            ("nations", "TION"),
            ("government", "MENT"),
            ("ability", "ITY"),
            ("famous", "OUS"),
            ("available", "ABLE"),
            ("national", "AL"),
            ("workers", "ER"),
            ("cats", "S"),
            ("glass", "W"),
            ("cat", "W"),
            ("isn't", "CONTR"),
            ("Putin's", "POSS"),
            ("Москва", "X"),
        ] {
            assert_eq!(sym(w), c, "{w}");
        }
        assert_eq!(symbol_name(punct_symbol("\u{201c}"), lexicon()), "Q");
        assert_eq!(symbol_name(punct_symbol("\""), lexicon()), "Q");
        assert_eq!(symbol_name(punct_symbol("\u{2014}"), lexicon()), "D");
        assert_eq!(symbol_name(punct_symbol(","), lexicon()), ",");
    }

    #[test]
    fn grams_and_names_round_trip() {
        let l = lexicon();
        let mut g = Grams::default();
        let mut keys = Vec::new();
        g.start_sentence();
        for s in [0u16, W, 60] {
            g.push(s, &mut |k| keys.push(k));
        }
        let names: Vec<String> = keys.iter().map(|&k| name(k, l)).collect();
        let of = l.function_words[60];
        assert_eq!(
            names,
            [
                "the".to_string(),
                "<s> the".into(),
                "W".into(),
                "the W".into(),
                "<s> the W".into(),
                of.into(),
                format!("W {of}"),
                format!("the W {of}"),
            ]
        );
        for (k, n) in keys.iter().zip(&names) {
            assert_eq!(parse(n, l), Some(*k));
        }
        assert_eq!(g.tokens, 3);
        assert_eq!(parse("nope", l), None);
    }
}
