//! Text analysis shared by all rules: tokens, sentences, language identification, word lists
//! and character-level unicode helpers.

pub mod hash;
pub mod lang;
pub mod places;
pub mod quotes;
pub mod sentences;
pub mod tokenize;
pub mod unicode;
pub mod words;
pub mod wordset;
