//! The calque packs as data: the TOML files of `src/data/calques/` ([`PACK_SOURCES`]), one per
//! suspected source language plus `generic`, parsed into [`Pack`]s of [`Entry`]s, and the
//! counts measured for the pattern rules next to them ([`Measured`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The pack files, compiled in: (file stem, contents).
pub const PACK_SOURCES: &[(&str, &str)] = &[
    ("generic", include_str!("../data/calques/generic.toml")),
    ("zh", include_str!("../data/calques/zh.toml")),
    ("ru", include_str!("../data/calques/ru.toml")),
    ("de", include_str!("../data/calques/de.toml")),
    ("fr", include_str!("../data/calques/fr.toml")),
    ("es", include_str!("../data/calques/es.toml")),
    ("ja", include_str!("../data/calques/ja.toml")),
];

/// Measured counts that belong to no entry: the corpus and the pattern rules MT602-MT604.
pub const MEASURED_SOURCE: &str = include_str!("../data/calques/measured.toml");

/// The categories an entry may have.
pub const CATEGORIES: &[&str] = &[
    "collocation",
    "false-friend",
    "preposition",
    "officialese",
    "grammar",
    "idiom",
    "loanword",
    "title",
];

/// English names of the language codes packs use.
pub fn language_name(code: &str) -> &'static str {
    match code {
        "zh" => "Chinese",
        "ru" => "Russian",
        "uk" => "Ukrainian",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "it" => "Italian",
        "pt" => "Portuguese",
        "ja" => "Japanese",
        "ko" => "Korean",
        "nl" => "Dutch",
        "pl" => "Polish",
        _ => "another language",
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    language: String,
    name: String,
    about: String,
    #[serde(default, rename = "entry")]
    entries: Vec<Entry>,
}

/// One calque: a pattern and everything needed to explain, fix, test and measure it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The phrase, in the syntax of `src/data/calques/README.md`.
    pub pattern: String,
    /// What English says instead; may use `<num>` and `(a|b)` groups aligned with the pattern's.
    pub replacement: String,
    /// The source-language form that was copied, with a gloss.
    pub source: String,
    /// One of [`CATEGORIES`].
    pub category: String,
    /// In (0, 1]: the finding's confidence.
    pub weight: f32,
    /// Longer explanation for the docs (optional).
    #[serde(default)]
    pub note: String,
    /// Sentences the entry must flag.
    pub examples: Vec<String>,
    /// Sentences no entry may flag.
    #[serde(default)]
    pub counter: Vec<String>,
    /// Source languages when not just the pack's own (ISO 639-1 codes).
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    /// Words (any case) that, right before the match, cancel it.
    #[serde(default)]
    pub unless_prev: Vec<String>,
    /// Words (any case) that, right after the match, cancel it.
    #[serde(default)]
    pub unless_next: Vec<String>,
    /// When not empty, the match counts only if one of these words (any case) follows it.
    #[serde(default)]
    pub only_next: Vec<String>,
    /// Lowercase letters must be lowercase too (a sentence start may still be a capital).
    #[serde(default)]
    pub exact_case: bool,
    /// Measured hits: [human-written English, machine translation].
    #[serde(default)]
    pub seen: Option<[u32; 2]>,
}

/// A pack: one file.
#[derive(Debug)]
pub struct Pack {
    /// File stem, e.g. `zh`, `generic`.
    pub file: &'static str,
    /// The suspected source language (ISO 639-1), or `generic`.
    pub language: String,
    pub name: String,
    pub about: String,
    pub entries: Vec<Entry>,
}

impl Pack {
    /// The source languages an entry of this pack points to (empty for generic tells).
    pub fn entry_languages<'a>(&'a self, entry: &'a Entry) -> Vec<&'a str> {
        match &entry.languages {
            Some(l) => l.iter().map(String::as_str).collect(),
            None if self.language == "generic" => Vec::new(),
            None => vec![self.language.as_str()],
        }
    }
}

/// Parses one pack file.
pub fn parse_pack(file: &'static str, source: &str) -> Result<Pack, String> {
    let pf: PackFile = toml::from_str(source).map_err(|e| format!("{file}.toml: {e}"))?;
    if pf.language != file {
        return Err(format!("{file}.toml: language `{}` differs", pf.language));
    }
    Ok(Pack {
        file,
        language: pf.language,
        name: pf.name,
        about: pf.about,
        entries: pf.entries,
    })
}

/// The pattern rules measured next to the packs.
pub const MEASURED_RULES: &[&str] = &["MT602", "MT603", "MT604"];

/// The contents of `measured.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measured {
    #[serde(default)]
    pub corpus: String,
    #[serde(default)]
    pub human_docs: usize,
    #[serde(default)]
    pub human_words: usize,
    #[serde(default)]
    pub mt_docs: usize,
    #[serde(default)]
    pub mt_words: usize,
    #[serde(default)]
    pub rules: BTreeMap<String, [u32; 2]>,
}

/// The compiled-in `measured.toml`.
pub fn measured() -> Measured {
    toml::from_str(MEASURED_SOURCE).expect("measured.toml parses (tested)")
}
