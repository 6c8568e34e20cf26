//! The style measurements' word tables: the function words that keep their own symbol in the
//! pattern stream (`src/data/style/function-words.txt`) and a general English word-frequency
//! list (`src/data/style/wordfreq-en.tsv`, from the wordfreq package; see the README there),
//! merged into one table keyed by a word's [`fold`] hash, so that a word costs one lookup.

use std::sync::OnceLock;

use crate::style::classes;
use crate::style::table::Map;
use crate::text::data::{data_file, DataError, DataFile};
use crate::text::hash::fold;

const FUNCTION_WORDS: DataFile = data_file!("style/function-words.txt");
const WORD_FREQUENCIES: DataFile = data_file!("style/wordfreq-en.tsv");

/// What the tables say of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entry {
    /// The function word's id (its index in the file), or [`NOT_FUNCTION`].
    pub function: u16,
    /// The Zipf frequency × 10 (0 when the word is not in the frequency list).
    pub zipf10: u8,
    /// The word's suffix class in the pattern stream (see [`classes::suffix_class`]), computed
    /// once here for the listed words.
    pub class: u16,
}

/// [`Entry::function`] of a word that is not a function word.
pub const NOT_FUNCTION: u16 = u16::MAX;

#[derive(Debug)]
pub struct Lexicon {
    pub table: Map<Entry>,
    /// The function words, by id.
    pub function_words: Vec<&'static str>,
}

/// The case-insensitive key of a word as the tables store it: [`fold`] of its bytes, with a
/// typographic apostrophe read as `'`.
pub fn key(word: &str) -> u64 {
    if word.contains('\u{2019}') {
        let w = word.replace('\u{2019}', "'");
        fold(w.as_bytes(), 0..w.len()).hash
    } else {
        fold(word.as_bytes(), 0..word.len()).hash
    }
}

fn build() -> Result<Lexicon, DataError> {
    let mut table: Map<Entry> = Map::with_capacity(32_768);
    let mut function_words = Vec::new();
    for row in FUNCTION_WORDS.rows() {
        let w = row.text.trim();
        if w.bytes().any(|b| b.is_ascii_uppercase() || b == b' ') {
            return Err(row.error("expected one lowercase word"));
        }
        let id = u16::try_from(function_words.len())
            .ok()
            .filter(|&id| id < classes::CLASS_BASE)
            .ok_or_else(|| row.error("too many function words: the classes' ids start at 256"))?;
        if table
            .insert(
                key(w),
                Entry {
                    function: id,
                    zipf10: 0,
                    class: classes::suffix_class(w.as_bytes()),
                },
            )
            .is_some()
        {
            return Err(row.error(format!("`{w}` is listed twice")));
        }
        function_words.push(w);
    }
    for row in WORD_FREQUENCIES.rows() {
        let word = row.column(0, "word<TAB>zipf")?;
        let zipf: f64 = row
            .column(1, "word<TAB>zipf")?
            .parse()
            .map_err(|_| row.error("the Zipf frequency is not a number"))?;
        if !(0.0..=9.0).contains(&zipf) {
            return Err(row.error("a Zipf frequency lies between 0 and 9"));
        }
        let z = (zipf * 10.0).round() as u8;
        match table.get_mut(key(word)) {
            Some(e) => e.zipf10 = e.zipf10.max(z),
            None => {
                table.insert(
                    key(word),
                    Entry {
                        function: NOT_FUNCTION,
                        zipf10: z,
                        class: classes::suffix_class(word.as_bytes()),
                    },
                );
            }
        }
    }
    Ok(Lexicon {
        table,
        function_words,
    })
}

/// The tables, parsed on first use.
pub fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| build().unwrap_or_else(|e| panic!("{e}")))
}

impl Lexicon {
    #[inline]
    pub fn get(&self, key: u64) -> Option<Entry> {
        self.table.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_and_merge() {
        let l = build().unwrap();
        assert_eq!(l.function_words[0], "the");
        let the = l.get(key("The")).unwrap();
        assert_eq!(the.function, 0);
        assert_eq!(the.zipf10, 77);
        let house = l.get(key("house")).unwrap();
        assert_eq!(house.function, NOT_FUNCTION);
        assert!(house.zipf10 > 50);
        assert_eq!(l.get(key("don’t")), l.get(key("don't")));
        assert!(l.get(key("zzxqv")).is_none());
    }
}
