//! Text analysis shared by all rules: tokens, sentences, language identification and word lists.

pub mod lang;
pub mod places;
pub mod sentences;
pub mod tokenize;
pub mod words;
