//! Calque phrase packs: the data behind rule `MT601 calque` ([`pack`]), the pattern syntax
//! ([`pattern`]), the matcher ([`mod@matcher`]) and the source-language hint ([`hint`]). The packs'
//! measurement on labeled corpora is [`eval::packs`](crate::eval::packs), and their generated
//! documentation ([`docs::packs_markdown`](crate::docs::packs_markdown)) `docs/calques.md`.
//!
//! A pack is a TOML file in `src/data/calques/`, one per suspected source language plus
//! `generic.toml` for translation tells that point to no single language. Each `[[entry]]` holds
//! a pattern, the idiomatic replacement, the source-language form it copies, a category, a
//! weight, example sentences that must be flagged and counter-examples that must not, and the
//! measured hit counts on human and machine-translated English (`seen`). The pattern syntax is
//! described in `src/data/calques/README.md`.
//!
//! All packs are compiled once into one search over the anchor of every pattern variant (its
//! rarest word; alternatives and optional words are expanded at compile time); a hit is then
//! verified in place (case, number slots, the literal rest, word boundaries, `unless_*` words).
//! The cost of a scan therefore does not grow with the number of entries.

pub mod hint;
pub mod matcher;
pub mod pack;
pub mod pattern;

pub use hint::{source_hint, HintEvidence, SourceHint};
pub use matcher::{matcher, Hit, Matcher};
pub use pack::{
    language_name, measured, parse_pack, Entry, Measured, Pack, CATEGORIES, MEASURED_RULES,
    MEASURED_SOURCE, PACK_SOURCES,
};
