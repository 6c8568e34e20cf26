//! The symbol classes of the pattern stream: their ids (after the function words') and names,
//! and the suffix class of a lowercase content word. Depends on nothing, so that the word
//! tables ([`super::lexicon`]) can store each word's class and the stream ([`super::pattern`])
//! can name it.

/// The first id after the function words' (at most 256 of them): the classes.
pub const CLASS_BASE: u16 = 256;

/// The classes, in id order from [`CLASS_BASE`].
pub const CLASSES: &[&str] = &[
    "<s>", "#", "CAP", "ACR", "W", "LY", "ING", "ED", "TION", "MENT", "NESS", "ITY", "OUS", "IVE",
    "ABLE", "AL", "IST", "ISM", "ER", "S", "CONTR", "POSS", "X", ",", ".", ";", ":", "?", "!", "(",
    ")", "Q", "D", "P", "SYM",
];

pub const fn class(name: &str) -> u16 {
    let mut i = 0;
    while i < CLASSES.len() {
        if str_eq(CLASSES[i], name) {
            return CLASS_BASE + i as u16;
        }
        i += 1;
    }
    panic!("unknown class");
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

pub const START: u16 = class("<s>");
pub const NUMBER: u16 = class("#");
pub const CAP: u16 = class("CAP");
pub const ACR: u16 = class("ACR");
pub const W: u16 = class("W");
pub const CONTR: u16 = class("CONTR");
pub const POSS: u16 = class("POSS");
pub const OTHER_SCRIPT: u16 = class("X");
pub const QUOTE: u16 = class("Q");
pub const DASH: u16 = class("D");
pub const OTHER_PUNCT: u16 = class("P");
pub const SYMBOL: u16 = class("SYM");
pub const COMMA: u16 = class(",");
pub const PERIOD: u16 = class(".");
pub const SEMICOLON: u16 = class(";");
pub const COLON: u16 = class(":");
pub const QUESTION: u16 = class("?");
pub const EXCLAMATION: u16 = class("!");
pub const OPEN: u16 = class("(");
pub const CLOSE: u16 = class(")");

/// Suffixes of lowercase content words and their classes, tried in order on the word and, for
/// the noun suffixes, on its singular; `min` is the shortest word the suffix counts on.
const SUFFIXES: &[(&str, &str, usize, bool)] = &[
    // (suffix, class, min word length, also on the singular)
    ("ly", "LY", 5, false),
    ("ing", "ING", 5, true),
    ("ed", "ED", 4, false),
    ("tion", "TION", 6, true),
    ("sion", "TION", 6, true),
    ("ment", "MENT", 6, true),
    ("ness", "NESS", 6, true),
    ("ity", "ITY", 5, true),
    ("ous", "OUS", 5, false),
    ("ive", "IVE", 5, true),
    ("able", "ABLE", 6, false),
    ("ible", "ABLE", 6, false),
    ("al", "AL", 5, true),
    ("ist", "IST", 5, true),
    ("ism", "ISM", 5, true),
    ("er", "ER", 4, true),
    ("or", "ER", 5, true),
];

/// The shape class of a lowercase content word by its suffix (`W` when none applies).
pub fn suffix_class(b: &[u8]) -> u16 {
    let singular =
        (b.len() >= 4 && b.ends_with(b"s") && !b.ends_with(b"ss")).then(|| &b[..b.len() - 1]);
    for (i, &(suffix, _, min, plural)) in SUFFIXES.iter().enumerate() {
        let s = suffix.as_bytes();
        let hit = |w: &[u8]| w.len() >= min && w.ends_with(s);
        if hit(b) || (plural && singular.is_some_and(hit)) {
            return suffix_id(i);
        }
    }
    if singular.is_some() {
        class("S")
    } else {
        W
    }
}

fn suffix_id(i: usize) -> u16 {
    const IDS: [u16; SUFFIXES.len()] = {
        let mut ids = [0; SUFFIXES.len()];
        let mut i = 0;
        while i < SUFFIXES.len() {
            ids[i] = class(SUFFIXES[i].1);
            i += 1;
        }
        ids
    };
    IDS[i]
}
