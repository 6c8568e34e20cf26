//! Text analysis shared by all rules: tokens, sentences, language identification, word lists
//! and character-level unicode helpers.

pub mod chars;
pub mod code;
pub mod cp1252;
pub mod data;
pub mod debris;
pub mod exonyms;
pub mod hash;
pub mod lang;
pub mod places;
pub mod quotes;
pub mod sentences;
pub mod swar;
pub mod tokenize;
pub mod words;
pub mod wordset;
