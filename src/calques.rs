//! Calque phrase packs: the data behind rule `MT601 calque`, its matcher, its measurement on
//! labeled corpora, its generated documentation, and the source-language hint.
//!
//! A pack is a TOML file in `src/data/calques/`, one per suspected source language plus
//! `generic.toml` for translation tells that point to no single language. Each `[[entry]]` holds
//! a pattern, the idiomatic replacement, the source-language form it copies, a category, a
//! weight, example sentences that must be flagged and counter-examples that must not, and the
//! measured hit counts on human and machine-translated English (`seen`). The pattern syntax is
//! described in `src/data/calques/README.md`.
//!
//! All packs are compiled once into one Aho-Corasick automaton over the literal prefix of every
//! pattern variant (alternatives and optional words are expanded at compile time); a hit is then
//! verified in place (case, number slots, the literal rest, word boundaries, `unless_*` words).
//! The cost of a scan therefore does not grow with the number of entries.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::ControlFlow;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::finding::Finding;
use crate::text::data::{data_file, DataFile};
use crate::text::hash::FnvMap;
use crate::text::wordset::{bit_of, filter_bit, WordFilter, FILTER_BITS};

/// The pack files, compiled in: (file stem, contents).
pub const PACK_SOURCES: &[(&str, &str)] = &[
    ("generic", include_str!("data/calques/generic.toml")),
    ("zh", include_str!("data/calques/zh.toml")),
    ("ru", include_str!("data/calques/ru.toml")),
    ("de", include_str!("data/calques/de.toml")),
    ("fr", include_str!("data/calques/fr.toml")),
    ("es", include_str!("data/calques/es.toml")),
    ("ja", include_str!("data/calques/ja.toml")),
];

/// Measured counts that belong to no entry: the corpus and the pattern rules MT602-MT604.
pub const MEASURED_SOURCE: &str = include_str!("data/calques/measured.toml");

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

/// A part of a compiled pattern after its literal prefix.
#[derive(Clone, Debug)]
enum Elem {
    Lit(String),
    Num,
}

/// One expansion of a pattern: literals and slots, one literal of which (the anchor) is what the
/// automaton searches for; the rest is verified around it.
#[derive(Clone, Debug)]
struct Variant {
    entry: u32,
    elems: Vec<Elem>,
    anchor: usize,
    /// For each group of the pattern, in order: the chosen alternative (None: optional, absent).
    choices: Vec<Option<u8>>,
    /// The pattern starts with a lowercase letter (a capital in the text is a sentence start).
    lower_start: bool,
}

/// Frequent English words, most frequent first, one per line.
const COMMON_WORDS: DataFile = data_file!("calques/anchor_words.txt");

/// How good a word is as an anchor: words not in the frequency list are best (longer ones
/// first), then listed words from the rarest to the most frequent.
fn anchor_score(word: &str) -> usize {
    static RANKS: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    let ranks = RANKS.get_or_init(|| {
        COMMON_WORDS
            .rows()
            .enumerate()
            .map(|(i, r)| (r.text.trim(), i))
            .collect()
    });
    let lower = word.to_ascii_lowercase();
    match ranks.get(lower.trim_matches(|c: char| !c.is_alphanumeric())) {
        Some(&rank) => (rank + 1) * 1000 + word.len(),
        None => 1_000_000 + word.len(),
    }
}

/// Splits a concrete form into elements and picks the anchor: the longest word that is not a
/// common one, made a literal of its own. Anchoring on one word keeps the automaton small enough
/// to stay in cache; the words around it are checked in place.
fn elements(form: &str) -> (Vec<Elem>, usize) {
    let mut elems = Vec::new();
    for (i, lit) in form.split(SLOT).enumerate() {
        if i > 0 {
            elems.push(Elem::Num);
        }
        if !lit.is_empty() {
            elems.push(Elem::Lit(lit.to_string()));
        }
    }
    // The best word over all literals: (element, byte offset, length, score).
    let mut best: Option<(usize, usize, usize, usize)> = None;
    for (i, e) in elems.iter().enumerate() {
        let Elem::Lit(l) = e else { continue };
        let mut offset = 0;
        for w in l.split(' ') {
            let score = anchor_score(w);
            if !w.is_empty() && best.is_none_or(|b| score > b.3) {
                best = Some((i, offset, w.len(), score));
            }
            offset += w.len() + 1;
        }
    }
    let Some((i, mut off, mut len, score)) = best else {
        return (elems, 0);
    };
    // A frequent word ("side", "line") takes its better neighbour along ("one side").
    if score < 1_000_000 {
        if let Elem::Lit(l) = &elems[i] {
            let prev = l[..off].trim_end_matches(' ');
            let prev = prev.rsplit(' ').next().filter(|w| !w.is_empty() && off > 0);
            let next = l[off + len..]
                .strip_prefix(' ')
                .and_then(|r| r.split(' ').next());
            let next = next.filter(|w| !w.is_empty());
            match (prev, next) {
                (Some(p), Some(n)) if anchor_score(p) >= anchor_score(n) => {
                    off -= p.len() + 1;
                    len += p.len() + 1;
                }
                (Some(p), None) => {
                    off -= p.len() + 1;
                    len += p.len() + 1;
                }
                (_, Some(n)) => len += n.len() + 1,
                _ => {}
            }
        }
    }
    if len < 2 {
        // A one-character word ("%"): anchor on its whole literal instead.
        if let Elem::Lit(l) = &elems[i] {
            (off, len) = (0, l.len());
        }
    }
    let Elem::Lit(l) = elems[i].clone() else {
        return (elems, 0);
    };
    let mut parts = Vec::new();
    let mut anchor = i;
    if off > 0 {
        parts.push(Elem::Lit(l[..off].to_string()));
        anchor += 1;
    }
    parts.push(Elem::Lit(l[off..off + len].to_string()));
    if off + len < l.len() {
        parts.push(Elem::Lit(l[off + len..].to_string()));
    }
    elems.splice(i..=i, parts);
    (elems, anchor)
}

/// A verified match of one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Global entry id; see [`Matcher::entry`].
    pub entry: u32,
    variant: u32,
    slots: [(u32, u32); 2],
}

/// An anchor id and the offset of its looked-up word in it.
type AnchorAt = (u32, u32);
/// A looked-up word, lowercase, and the anchors it is a word of.
type AnchorWord = (Box<[u8]>, Vec<AnchorAt>);

/// Finds the anchors in a text: every occurrence, ASCII case-insensitive, in the order an
/// overlapping Aho-Corasick search reports them (by end, then longer first), as far as they
/// pass the word-edge test of [`Matcher::find_in`]. Nearly every anchor holds a run of ASCII
/// letters and digits that is then a whole word of the text; the rarest such word of each
/// anchor is looked up among the words of the document's tokens, and the anchor compared
/// around it. The few other anchors ("% of") go through an automaton.
#[derive(Debug)]
struct Anchors {
    /// The anchors, lowercase, by id.
    keys: Vec<String>,
    /// The words looked up, lowercase, each with the anchors it is a word of (id, offset of
    /// the word in the anchor), ordered by [`filter_bit`]; those of bit `b` are
    /// `words[slots[b]..slots[b + 1]]`.
    words: Vec<AnchorWord>,
    slots: Vec<u32>,
    /// The filter of `words`: most words of a text are rejected by one probe of it.
    filter: WordFilter,
    /// The longest word in `words`.
    max_word: usize,
    /// The other anchors, and their ids.
    others: Option<(AhoCorasick, Vec<u32>)>,
}

impl Anchors {
    /// `keys` are lowercase; `edges` says which need a word edge before and after them.
    fn new(keys: Vec<String>, edges: &[(bool, bool)]) -> Result<Anchors, String> {
        let mut by_word: FnvMap<Box<[u8]>, Vec<AnchorAt>> = FnvMap::default();
        let mut max_word = 0;
        let (mut other_keys, mut other_ids) = (Vec::new(), Vec::new());
        for (id, key) in keys.iter().enumerate() {
            // The runs of ASCII letters and digits of the key that are whole words of the text
            // wherever the anchor matches (between other characters, or at an end that needs a
            // word edge); the rarest one is looked up.
            let (left, right) = edges[id];
            let bytes = key.as_bytes();
            let mut best: Option<(usize, usize, usize)> = None;
            let mut i = 0;
            while i < bytes.len() {
                let run = bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                let whole = (i > 0 || left) && (i + run < bytes.len() || right);
                if run > 0 && whole {
                    let score = anchor_score(&key[i..i + run]);
                    if best.is_none_or(|b| score > b.2) {
                        best = Some((i, run, score));
                    }
                }
                i += run.max(1);
            }
            if let Some((offset, len, _)) = best {
                let word = &bytes[offset..offset + len];
                by_word
                    .entry(word.into())
                    .or_default()
                    .push((id as u32, offset as u32));
                max_word = max_word.max(len);
            } else {
                other_keys.push(key.as_str());
                other_ids.push(id as u32);
            }
        }
        let mut words: Vec<AnchorWord> = by_word.into_iter().collect();
        words.sort_by_key(|(w, _)| (filter_bit(w), w.clone()));
        let filter = WordFilter::new(words.iter().map(|(w, _)| &w[..]));
        let mut slots = vec![0u32; (1 << FILTER_BITS) + 1];
        for (w, _) in &words {
            slots[filter_bit(w) + 1] += 1;
        }
        for b in 1..slots.len() {
            slots[b] += slots[b - 1];
        }
        let others = if other_keys.is_empty() {
            None
        } else {
            let ac = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&other_keys)
                .map_err(|e| e.to_string())?;
            Some((ac, other_ids))
        };
        Ok(Anchors {
            keys,
            words,
            slots,
            filter,
            max_word,
            others,
        })
    }

    /// The anchors around the run `bytes[start..end]` that passed the filter, into `out`.
    #[inline(never)]
    fn look_up(
        &self,
        bytes: &[u8],
        start: usize,
        end: usize,
        hash: u64,
        out: &mut Vec<(usize, usize, u32)>,
    ) {
        let word = &bytes[start..end];
        let bit = bit_of(hash);
        let slot = &self.words[self.slots[bit] as usize..self.slots[bit + 1] as usize];
        for (_, ids) in slot.iter().filter(|(w, _)| w.eq_ignore_ascii_case(word)) {
            for &(id, offset) in ids {
                let key = self.keys[id as usize].as_bytes();
                let Some(start) = start.checked_sub(offset as usize) else {
                    continue;
                };
                let end = start + key.len();
                if bytes
                    .get(start..end)
                    .is_some_and(|t| t.eq_ignore_ascii_case(key))
                {
                    out.push((start, end, id));
                }
            }
        }
    }

    /// Every occurrence of an anchor in the document's text: (start, end, id).
    fn find(&self, doc: &Document<'_>) -> Vec<(usize, usize, u32)> {
        let text = doc.text();
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        // The filter test inline, on every run; the rest (about one run in ten) out of line.
        let _ = doc.ascii_runs(|start, end, hash| {
            if end - start <= self.max_word && self.filter.may_contain_hash(hash) {
                self.look_up(bytes, start, end, hash, &mut out);
            }
            ControlFlow::<()>::Continue(())
        });
        if let Some((ac, ids)) = &self.others {
            for m in ac.find_overlapping_iter(text) {
                out.push((m.start(), m.end(), ids[m.pattern().as_usize()]));
            }
        }
        out.sort_unstable_by_key(|&(start, end, _)| (end, start));
        out
    }
}

/// All packs, compiled.
#[derive(Debug)]
pub struct Matcher {
    pub packs: Vec<Pack>,
    /// Global entry id -> (pack index, entry index).
    ids: Vec<(u16, u32)>,
    anchors: Anchors,
    /// Anchor id -> variants sharing that anchor.
    by_prefix: Vec<Vec<u32>>,
    /// Anchor id -> whether every variant needs a word edge right before / after it
    /// (a cheap test that discards hits inside longer words before any variant is checked).
    edges: Vec<(bool, bool)>,
    variants: Vec<Variant>,
}

const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
];

/// The private character standing for a `<num>` slot while a pattern is expanded.
const SLOT: char = '\u{1}';

/// A parsed pattern piece: literal text, a group of alternatives, or a slot.
#[derive(Debug)]
enum Piece {
    Text(String),
    Group { alts: Vec<String>, optional: bool },
}

/// Splits a pattern or replacement into pieces. `<num>` becomes [`SLOT`] inside text.
fn pieces(pattern: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        match c {
            '(' | '[' => {
                let close = if c == '(' { ')' } else { ']' };
                let end = rest
                    .find(close)
                    .ok_or_else(|| format!("unclosed `{c}` in `{pattern}`"))?;
                let inner = &rest[1..end];
                if inner.contains(['(', '[', '<']) {
                    return Err(format!("nested group or slot in `{pattern}`"));
                }
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(Piece::Group {
                    alts: inner.split('|').map(|s| s.trim().to_string()).collect(),
                    optional: c == '[',
                });
                rest = &rest[end + 1..];
            }
            ')' | ']' => return Err(format!("unopened `{c}` in `{pattern}`")),
            '<' => {
                let body = rest
                    .strip_prefix("<num>")
                    .ok_or_else(|| format!("unknown slot in `{pattern}` (only <num> exists)"))?;
                text.push(SLOT);
                rest = body;
            }
            _ => {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

/// A concrete form of a pattern: its text with [`SLOT`]s, and the alternative chosen in each group.
type Form = (String, Vec<Option<u8>>);

/// Every concrete form of a pattern.
fn expand(pattern: &str) -> Result<Vec<Form>, String> {
    let mut forms: Vec<Form> = vec![(String::new(), Vec::new())];
    for piece in pieces(pattern)? {
        match piece {
            Piece::Text(t) => forms.iter_mut().for_each(|f| f.0.push_str(&t)),
            Piece::Group { alts, optional } => {
                let mut next = Vec::with_capacity(forms.len() * (alts.len() + 1));
                for (text, choices) in &forms {
                    if optional {
                        let mut c = choices.clone();
                        c.push(None);
                        next.push((text.clone(), c));
                    }
                    for (i, alt) in alts.iter().enumerate() {
                        let mut c = choices.clone();
                        c.push(Some(i as u8));
                        next.push((format!("{text}{alt}"), c));
                    }
                }
                forms = next;
            }
        }
        if forms.len() > 4096 {
            return Err(format!("`{pattern}` expands to too many forms"));
        }
    }
    // Collapse the double spaces an absent optional group leaves; both apostrophe forms.
    let mut out = Vec::new();
    for (text, choices) in forms {
        let text = text
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if text.contains('\'') {
            out.push((text.replace('\'', "\u{2019}"), choices.clone()));
        }
        out.push((text, choices));
    }
    Ok(out)
}

/// The number of alternatives of each group of a pattern or replacement.
fn group_sizes(pieces: &[Piece]) -> Vec<usize> {
    pieces
        .iter()
        .filter_map(|x| match x {
            Piece::Group { alts, .. } => Some(alts.len()),
            Piece::Text(_) => None,
        })
        .collect()
}

/// Pairs each replacement group with a pattern group: the next one (in order) that has as many
/// alternatives. None when a replacement group has no partner.
fn align(pattern: &[usize], replacement: &[usize]) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(replacement.len());
    let mut from = 0;
    for &n in replacement {
        let k = (from..pattern.len()).find(|&k| pattern[k] == n)?;
        out.push(k);
        from = k + 1;
    }
    Some(out)
}

/// Fills a replacement: each group takes the alternative chosen in its partner group of the
/// pattern (see [`align`]), `<num>` takes the matched numbers in order.
fn render(replacement: &str, pattern: &str, choices: &[Option<u8>], nums: &[&str]) -> String {
    let rep = pieces(replacement).unwrap_or_default();
    let pat = pieces(pattern).unwrap_or_default();
    let partners = align(&group_sizes(&pat), &group_sizes(&rep)).unwrap_or_default();
    let mut out = String::new();
    let mut group = 0;
    let mut num = 0;
    for piece in rep {
        match piece {
            Piece::Text(t) => {
                for c in t.chars() {
                    if c == SLOT {
                        out.push_str(nums.get(num).copied().unwrap_or(""));
                        num += 1;
                    } else {
                        out.push(c);
                    }
                }
            }
            Piece::Group { alts, .. } => {
                let chosen = partners.get(group).and_then(|&k| choices.get(k).copied());
                if let Some(Some(i)) = chosen {
                    out.push_str(alts.get(i as usize).map_or("", |s| s.as_str()));
                }
                group += 1;
            }
        }
    }
    out.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks an entry's fields; returns its expanded forms.
fn validate(entry: &Entry) -> Result<Vec<Form>, String> {
    let p = &entry.pattern;
    if !CATEGORIES.contains(&entry.category.as_str()) {
        return Err(format!("`{p}`: unknown category `{}`", entry.category));
    }
    if !(entry.weight > 0.0 && entry.weight <= 1.0) {
        return Err(format!("`{p}`: weight must be in (0, 1]"));
    }
    if entry.examples.is_empty() {
        return Err(format!("`{p}`: at least one example is needed"));
    }
    if entry.source.trim().is_empty() {
        return Err(format!("`{p}`: `source` is empty"));
    }
    let forms = expand(p)?;
    for (form, _) in &forms {
        let (elems, anchor) = elements(form);
        let ok = matches!(&elems.get(anchor), Some(Elem::Lit(l)) if l.trim().chars().count() >= 2);
        if !ok {
            return Err(format!("`{p}`: needs a literal of at least two characters"));
        }
        if form.matches(SLOT).count() > 2 {
            return Err(format!("`{p}`: at most two <num> slots"));
        }
    }
    let pattern_groups = group_sizes(&pieces(p)?);
    let replacement_groups = group_sizes(&pieces(&entry.replacement)?);
    if align(&pattern_groups, &replacement_groups).is_none() {
        return Err(format!(
            "`{p}`: replacement groups {replacement_groups:?} (alternatives each) do not pair \
             in order with pattern groups {pattern_groups:?}"
        ));
    }
    if entry.replacement.matches("<num>").count() > p.matches("<num>").count() {
        return Err(format!(
            "`{p}`: more <num> in the replacement than in the pattern"
        ));
    }
    Ok(forms)
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

impl Matcher {
    /// Compiles packs. Errors name the pack and the entry.
    pub fn new(packs: Vec<Pack>) -> Result<Matcher, String> {
        let mut ids = Vec::new();
        let mut variants = Vec::new();
        let mut prefix_ids: HashMap<String, usize> = HashMap::new();
        let mut prefixes: Vec<String> = Vec::new();
        let mut by_prefix: Vec<Vec<u32>> = Vec::new();
        let mut edges: Vec<(bool, bool)> = Vec::new();
        for (pi, pack) in packs.iter().enumerate() {
            for (ei, entry) in pack.entries.iter().enumerate() {
                let forms = validate(entry).map_err(|e| format!("{}.toml: {e}", pack.file))?;
                let id = ids.len() as u32;
                ids.push((pi as u16, ei as u32));
                for (form, choices) in forms {
                    let (elems, anchor) = elements(&form);
                    let Elem::Lit(lit) = &elems[anchor] else {
                        unreachable!("validated: the anchor is a literal");
                    };
                    let key = lit.to_ascii_lowercase();
                    let slot = *prefix_ids.entry(key.clone()).or_insert_with(|| {
                        prefixes.push(key);
                        by_prefix.push(Vec::new());
                        edges.push((true, true));
                        prefixes.len() - 1
                    });
                    by_prefix[slot].push(variants.len() as u32);
                    let left = lit.starts_with(|c: char| c.is_ascii_alphanumeric())
                        && (anchor == 0
                            || matches!(&elems[anchor - 1], Elem::Lit(l) if l.ends_with(' ')));
                    let right = lit.ends_with(|c: char| c.is_ascii_alphanumeric())
                        && (anchor + 1 == elems.len()
                            || matches!(&elems[anchor + 1], Elem::Lit(l) if l.starts_with(' ')));
                    edges[slot].0 &= left;
                    edges[slot].1 &= right;
                    variants.push(Variant {
                        entry: id,
                        lower_start: form.chars().next().is_some_and(char::is_lowercase),
                        elems,
                        anchor,
                        choices,
                    });
                }
            }
        }
        let anchors = Anchors::new(prefixes, &edges)?;
        Ok(Matcher {
            packs,
            ids,
            anchors,
            by_prefix,
            edges,
            variants,
        })
    }

    /// The number of entries over all packs.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The pack and entry of a global entry id.
    pub fn entry(&self, id: u32) -> (&Pack, &Entry) {
        let (p, e) = self.ids[id as usize];
        let pack = &self.packs[p as usize];
        (pack, &pack.entries[e as usize])
    }

    /// Global entry ids in pack order.
    pub fn ids(&self) -> impl Iterator<Item = u32> {
        0..self.ids.len() as u32
    }

    /// Every verified, non-overlapping match in `text` (leftmost, then longest).
    /// (Nothing for a text too large to be a [`Document`].)
    pub fn find_all(&self, text: &str) -> Vec<Hit> {
        Document::new(text).map_or_else(|_| Vec::new(), |doc| self.find_in(&doc))
    }

    /// [`Matcher::find_all`] for a document.
    pub fn find_in(&self, doc: &Document<'_>) -> Vec<Hit> {
        let text = doc.text();
        let mut hits: Vec<Hit> = Vec::new();
        let bytes = text.as_bytes();
        for (a, b, anchor) in self.anchors.find(doc) {
            let anchor = anchor as usize;
            let (left, right) = self.edges[anchor];
            if (left && a > 0 && bytes[a - 1].is_ascii_alphanumeric())
                || (right && b < bytes.len() && bytes[b].is_ascii_alphanumeric())
            {
                continue;
            }
            if !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                continue;
            }
            for &vi in &self.by_prefix[anchor] {
                let v = &self.variants[vi as usize];
                let (_, entry) = self.entry(v.entry);
                if let Some(hit) = self.verify(text, a, b, v, vi, entry) {
                    hits.push(hit);
                }
            }
        }
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.entry));
        let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if out.last().is_none_or(|l| h.start >= l.end) {
                out.push(h);
            }
        }
        out
    }

    /// Checks a variant around its anchor found at `a..b`.
    fn verify(
        &self,
        text: &str,
        a: usize,
        b: usize,
        v: &Variant,
        vi: u32,
        entry: &Entry,
    ) -> Option<Hit> {
        let bytes = text.as_bytes();
        let exact = entry.exact_case;
        let Elem::Lit(anchor) = &v.elems[v.anchor] else {
            return None;
        };
        let first = v.anchor == 0 && sentence_start(text, a);
        if !case_ok(anchor, &bytes[a..b], exact, first) {
            return None;
        }
        let mut slots: [(u32, u32); 2] = [(0, 0); 2];
        let mut n_slots = 0;
        // Backward from the anchor.
        let mut start = a;
        for (k, elem) in v.elems[..v.anchor].iter().enumerate().rev() {
            match elem {
                Elem::Lit(lit) => {
                    let s = start.checked_sub(lit.len())?;
                    if !text.is_char_boundary(s)
                        || !lit.as_bytes().eq_ignore_ascii_case(&bytes[s..start])
                    {
                        return None;
                    }
                    if !case_ok(
                        lit,
                        &bytes[s..start],
                        exact,
                        k == 0 && sentence_start(text, s),
                    ) {
                        return None;
                    }
                    start = s;
                }
                Elem::Num => {
                    let s = number_before(text, start)?;
                    slots[1] = slots[0];
                    slots[0] = (s as u32, start as u32);
                    n_slots += 1;
                    start = s;
                }
            }
        }
        // Forward from the anchor.
        let mut end = b;
        for elem in &v.elems[v.anchor + 1..] {
            match elem {
                Elem::Lit(lit) => {
                    let e = end + lit.len();
                    if e > bytes.len() || !lit.as_bytes().eq_ignore_ascii_case(&bytes[end..e]) {
                        return None;
                    }
                    if !case_ok(lit, &bytes[end..e], exact, false) {
                        return None;
                    }
                    end = e;
                }
                Elem::Num => {
                    let e = number_at(text, end)?;
                    if n_slots < 2 {
                        slots[n_slots] = (end as u32, e as u32);
                    }
                    n_slots += 1;
                    end = e;
                }
            }
        }
        if !text.is_char_boundary(end) {
            return None;
        }
        let matched = &text[start..end];
        if starts_alnum(matched) && word_continues_before(text, start) {
            return None;
        }
        if matched
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && word_continues_after(text, end)
        {
            return None;
        }
        if !entry.unless_prev.is_empty() {
            if let Some(w) = word_before(text, start) {
                if entry.unless_prev.iter().any(|u| u.eq_ignore_ascii_case(w)) {
                    return None;
                }
            }
        }
        if !entry.unless_next.is_empty() || !entry.only_next.is_empty() {
            let next = word_after(text, end);
            if next.is_some_and(|w| entry.unless_next.iter().any(|u| u.eq_ignore_ascii_case(w))) {
                return None;
            }
            if !entry.only_next.is_empty()
                && !next.is_some_and(|w| entry.only_next.iter().any(|u| u.eq_ignore_ascii_case(w)))
            {
                return None;
            }
        }
        Some(Hit {
            start,
            end,
            entry: v.entry,
            variant: vi,
            slots,
        })
    }

    /// The replacement for a hit, with the capital of the matched text kept.
    pub fn replacement(&self, text: &str, hit: &Hit) -> String {
        let v = &self.variants[hit.variant as usize];
        let (_, entry) = self.entry(hit.entry);
        let nums: Vec<&str> = hit
            .slots
            .iter()
            .filter(|s| s.1 > s.0)
            .map(|s| &text[s.0 as usize..s.1 as usize])
            .collect();
        let mut out = render(&entry.replacement, &entry.pattern, &v.choices, &nums);
        // A capital the text added (a sentence start) is kept; a capital of the pattern is not.
        let upper = text[hit.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
            && v.lower_start;
        if upper {
            if let Some(first) = out.chars().next() {
                if first.is_lowercase() {
                    out = first.to_uppercase().collect::<String>() + &out[first.len_utf8()..];
                }
            }
        }
        out
    }
}

/// The compiled-in packs, compiled once.
pub fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| {
        let packs = PACK_SOURCES
            .iter()
            .map(|(f, s)| parse_pack(f, s))
            .collect::<Result<Vec<_>, _>>()
            .expect("calque packs parse (tested)");
        Matcher::new(packs).expect("calque packs compile (tested)")
    })
}

/// True at the start of the text, of a line, or after sentence punctuation or an opening quote.
fn sentence_start(text: &str, at: usize) -> bool {
    let head = text[..at].trim_end_matches([' ', '\t']);
    head.chars().next_back().is_none_or(|c| {
        matches!(
            c,
            '.' | '!'
                | '?'
                | ':'
                | '"'
                | '“'
                | '”'
                | '\''
                | '‘'
                | '’'
                | '«'
                | '»'
                | '('
                | '\n'
                | '\r'
                | '—'
                | '–'
        )
    })
}

fn starts_alnum(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

/// Pattern bytes against text bytes of the same length: uppercase pattern letters need an
/// uppercase letter; with `exact`, lowercase ones need lowercase (except, when `first`, the very
/// first letter: a sentence start).
fn case_ok(pattern: &str, text: &[u8], exact: bool, first: bool) -> bool {
    let p = pattern.as_bytes();
    if p.len() != text.len() {
        return false;
    }
    let mut first_letter = first;
    for (a, b) in p.iter().zip(text) {
        if a.is_ascii_uppercase() && a != b {
            return false;
        }
        if exact && a.is_ascii_lowercase() && a != b && !first_letter {
            return false;
        }
        if a.is_ascii_alphabetic() {
            first_letter = false;
        }
    }
    true
}

/// True when a word runs into `at` from the left: a letter or digit, or `-` after one.
fn word_continues_before(text: &str, at: usize) -> bool {
    let mut it = text[..at].chars().rev();
    match it.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('-') => it.next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// True when the word goes on at `at`: a letter or digit, or `-`/an apostrophe before a letter.
fn word_continues_after(text: &str, at: usize) -> bool {
    let mut it = text[at..].chars();
    match it.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('-' | '\'' | '\u{2019}') => it.next().is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// The word right before `at` (spaces skipped), if a word and not punctuation comes first.
fn word_before(text: &str, at: usize) -> Option<&str> {
    let head = text[..at].trim_end();
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '\'' || c == '\u{2019}')
        .last()
        .map(|(i, _)| i)?;
    Some(&head[start..])
}

/// The word right after `at` (spaces skipped), if a word and not punctuation comes first.
fn word_after(text: &str, at: usize) -> Option<&str> {
    let tail = text[at..].trim_start();
    let len = tail
        .char_indices()
        .take_while(|&(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    Some(&tail[..len])
}

/// The start of a number that ends at `at` (see [`number_at`]).
fn number_before(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = at;
    if i > 0 && b[i - 1].is_ascii_digit() {
        while i > 0
            && (b[i - 1].is_ascii_digit()
                || (matches!(b[i - 1], b',' | b'.') && i >= 2 && b[i - 2].is_ascii_digit()))
        {
            i -= 1;
        }
    } else {
        while i > 0 && (b[i - 1].is_ascii_alphabetic() || b[i - 1] == b'-') {
            i -= 1;
        }
    }
    (i < at && number_at(text, i) == Some(at)).then_some(i)
}

/// The end of a number at `at`: digits (with inner `,` or `.`), or number words joined by `-`.
fn number_at(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    if at >= b.len() {
        return None;
    }
    if b[at].is_ascii_digit() {
        let mut i = at;
        while i < b.len()
            && (b[i].is_ascii_digit()
                || (matches!(b[i], b',' | b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        return Some(i);
    }
    let mut i = at;
    while i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'-') {
        i += 1;
    }
    let word = text[at..i].trim_end_matches('-');
    if word.is_empty() {
        return None;
    }
    let ok = word
        .split('-')
        .all(|p| NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(p)));
    ok.then_some(at + word.len())
}

// ---------------------------------------------------------------------------------------------
// Source-language hint

/// The source language a document's calques point to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceHint {
    /// ISO 639-1 code, e.g. `zh`.
    pub language: String,
    /// English name, e.g. `Chinese`.
    pub name: &'static str,
    /// This language's share of the language-specific calque evidence, in (0, 1].
    pub share: f32,
    /// The findings behind the hint, most frequent first.
    pub evidence: Vec<HintEvidence>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HintEvidence {
    /// The rule code, `MT601`.
    pub code: &'static str,
    /// The entry's pattern.
    pub entry: String,
    pub count: u32,
}

/// The least evidence (sum of entry weights) and the least number of findings for a hint.
const HINT_MIN_WEIGHT: f32 = 1.2;
const HINT_MIN_FINDINGS: u32 = 2;
/// The least share of the language-specific evidence the winning language must hold.
const HINT_MIN_SHARE: f32 = 0.65;

/// Guesses the source language from the findings of rule `code` (`MT601`) of a document: a language gets a hint
/// when its calques carry at least two findings, a total weight of 1.2, and 65% of the
/// evidence of all language-specific calques. An entry shared by several languages counts a
/// share for each; generic entries and the pattern rules MT602-MT604 (whose constructions
/// come from many languages) count for none.
pub fn source_hint(text: &str, findings: &[Finding], code: &'static str) -> Option<SourceHint> {
    let spans: HashSet<(u32, u32)> = findings
        .iter()
        .filter(|f| f.rule.code == code)
        .map(|f| (f.span.start, f.span.end))
        .collect();
    if spans.len() < HINT_MIN_FINDINGS as usize {
        return None;
    }
    let m = matcher();
    let mut weight: BTreeMap<&str, f32> = BTreeMap::new();
    let mut count: BTreeMap<&str, u32> = BTreeMap::new();
    let mut per_entry: BTreeMap<u32, u32> = BTreeMap::new();
    for hit in m.find_all(text) {
        if !spans.contains(&(hit.start as u32, hit.end as u32)) {
            continue;
        }
        let (pack, entry) = m.entry(hit.entry);
        if pack.language == "generic" {
            continue;
        }
        let langs = pack.entry_languages(entry);
        for l in &langs {
            *weight.entry(l).or_default() += entry.weight / langs.len() as f32;
            *count.entry(l).or_default() += 1;
        }
        if !langs.is_empty() {
            *per_entry.entry(hit.entry).or_default() += 1;
        }
    }
    let total: f32 = weight.values().sum();
    let (&best, &w) = weight.iter().max_by(|a, b| a.1.total_cmp(b.1))?;
    if w < HINT_MIN_WEIGHT || count[best] < HINT_MIN_FINDINGS || w / total < HINT_MIN_SHARE {
        return None;
    }
    let mut evidence: Vec<HintEvidence> = per_entry
        .into_iter()
        .filter(|(id, _)| {
            let (pack, entry) = m.entry(*id);
            pack.entry_languages(entry).contains(&best)
        })
        .map(|(id, n)| HintEvidence {
            code,
            entry: m.entry(id).1.pattern.clone(),
            count: n,
        })
        .collect();
    evidence.sort_by(|a, b| b.count.cmp(&a.count).then(a.entry.cmp(&b.entry)));
    Some(SourceHint {
        language: best.to_string(),
        name: language_name(best),
        share: w / total,
        evidence,
    })
}

// ---------------------------------------------------------------------------------------------
// Measurement

/// Which side of the precision measurement a document is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// Written or translated by people: the false-positive side.
    Human,
    /// Machine translation.
    Mt,
}

/// Maps a corpus record's `origin` (or `label`) to a group: `original_english`,
/// `human_translation_of_*`, `human` and `native` are human; anything starting with `mt` is MT.
pub fn origin_group(origin: &str) -> Option<Group> {
    match origin {
        "original_english" | "human" | "native" => Some(Group::Human),
        o if o.starts_with("human_translation") => Some(Group::Human),
        o if o.starts_with("mt") => Some(Group::Mt),
        _ => None,
    }
}

/// Reads a JSON-lines corpus (fields `text` and `origin` or `label`) into (group, text) records;
/// records of no known group are skipped.
pub fn jsonl_records(jsonl: &str) -> Vec<(Group, String)> {
    #[derive(Deserialize)]
    struct Rec {
        text: String,
        #[serde(default)]
        origin: Option<String>,
        #[serde(default)]
        label: Option<String>,
    }
    jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<Rec>(l).ok())
        .filter_map(|r| {
            let g = origin_group(r.origin.as_deref().or(r.label.as_deref())?)?;
            Some((g, r.text))
        })
        .collect()
}

/// One row of the measurement: a pack entry or a pattern rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryStats {
    /// The pack's file stem (`zh`, `generic`, ...), or `rule` for MT602-MT604.
    pub pack: String,
    /// The entry's pattern, or the rule's code and name.
    pub pattern: String,
    /// Hits on human-written English.
    pub human: u32,
    /// Hits on machine translation.
    pub mt: u32,
    /// The counts stored in the data files, for comparison.
    pub stored: Option<[u32; 2]>,
}

/// The measurement over a corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PackTable {
    pub rows: Vec<EntryStats>,
    pub human_docs: usize,
    pub human_words: usize,
    pub mt_docs: usize,
    pub mt_words: usize,
}

/// The pattern rules measured next to the packs.
pub const MEASURED_RULES: &[&str] = &["MT602", "MT603", "MT604"];

/// Counts each pack entry's hits, and each of the rules MT602-MT604's findings, on human and
/// machine-translated documents.
pub fn pack_table<G, T>(records: impl IntoIterator<Item = (G, T)>) -> PackTable
where
    G: Into<Option<Group>>,
    T: AsRef<str> + Send + Sync,
{
    use rayon::prelude::*;
    let m = matcher();
    let records: Vec<(Group, T)> = records
        .into_iter()
        .filter_map(|(g, t)| g.into().map(|g| (g, t)))
        .collect();
    let linter = crate::Linter::new()
        .select(MEASURED_RULES)
        .expect("measured rules exist")
        .with_language("en");
    let n_rows = m.len() + MEASURED_RULES.len();
    let per_doc = |(g, t): &(Group, T)| -> (Group, usize, Vec<u32>) {
        let text = t.as_ref();
        let mut counts = vec![0u32; n_rows];
        for hit in m.find_all(text) {
            counts[hit.entry as usize] += 1;
        }
        let mut words = 0;
        if let Ok(report) = linter.check(text) {
            words = report.words;
            for f in &report.findings {
                if let Some(i) = MEASURED_RULES.iter().position(|c| *c == f.rule.code) {
                    counts[m.len() + i] += 1;
                }
            }
        }
        (*g, words, counts)
    };
    let results: Vec<(Group, usize, Vec<u32>)> = records.par_iter().map(per_doc).collect();
    let mut table = PackTable::default();
    let mut human = vec![0u32; n_rows];
    let mut mt = vec![0u32; n_rows];
    for (g, words, counts) in results {
        let (acc, docs, w) = match g {
            Group::Human => (&mut human, &mut table.human_docs, &mut table.human_words),
            Group::Mt => (&mut mt, &mut table.mt_docs, &mut table.mt_words),
        };
        *docs += 1;
        *w += words;
        acc.iter_mut().zip(counts).for_each(|(a, c)| *a += c);
    }
    let measured = measured();
    for id in m.ids() {
        let (pack, entry) = m.entry(id);
        table.rows.push(EntryStats {
            pack: pack.file.to_string(),
            pattern: entry.pattern.clone(),
            human: human[id as usize],
            mt: mt[id as usize],
            stored: entry.seen,
        });
    }
    for (i, code) in MEASURED_RULES.iter().enumerate() {
        let name = crate::rules::find(code).map_or("", |r| r.meta().name);
        table.rows.push(EntryStats {
            pack: "rule".into(),
            pattern: format!("{code} {name}"),
            human: human[m.len() + i],
            mt: mt[m.len() + i],
            stored: measured.rules.get(*code).copied(),
        });
    }
    table
}

impl PackTable {
    /// A tab-separated table: pack, human hits, MT hits, stored counts, pattern; then totals.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from("pack\thuman\tmt\tstored\tpattern\n");
        for r in &self.rows {
            let stored = r
                .stored
                .map_or("-".to_string(), |s| format!("{}/{}", s[0], s[1]));
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                r.pack, r.human, r.mt, stored, r.pattern
            );
        }
        let (h, m) = self.totals();
        let _ = writeln!(
            out,
            "# {} entries; human: {} hits in {} documents ({} words); MT: {} hits in {} documents ({} words)",
            self.rows.iter().filter(|r| r.pack != "rule").count(),
            h,
            self.human_docs,
            self.human_words,
            m,
            self.mt_docs,
            self.mt_words
        );
        out
    }

    /// Total hits of the pack entries (rules excluded): (human, MT).
    pub fn totals(&self) -> (u32, u32) {
        self.rows
            .iter()
            .filter(|r| r.pack != "rule")
            .fold((0, 0), |(h, m), r| (h + r.human, m + r.mt))
    }

    /// The data files with the `seen` counts of this table written in: (path relative to the
    /// crate root, new contents). Entries are matched by position within each pack.
    pub fn updated_files(&self, corpus: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (file, source) in PACK_SOURCES {
            let rows: Vec<&EntryStats> = self.rows.iter().filter(|r| r.pack == *file).collect();
            out.push((
                format!("src/data/calques/{file}.toml"),
                write_seen(source, &rows),
            ));
        }
        let mut measured = String::from(
            "# Written by `cargo run --release --example pack_stats -- --write <corpus.jsonl>...`;\n\
             # read by docs/calques.md. Counts of findings: [human-written, machine-translated].\n",
        );
        let _ = writeln!(measured, "corpus = {:?}", corpus);
        let _ = writeln!(measured, "human_docs = {}", self.human_docs);
        let _ = writeln!(measured, "human_words = {}", self.human_words);
        let _ = writeln!(measured, "mt_docs = {}", self.mt_docs);
        let _ = writeln!(measured, "mt_words = {}", self.mt_words);
        measured.push_str("\n[rules]\n");
        for r in self.rows.iter().filter(|r| r.pack == "rule") {
            let code = r.pattern.split(' ').next().unwrap_or("");
            let _ = writeln!(measured, "{code} = [{}, {}]", r.human, r.mt);
        }
        out.push(("src/data/calques/measured.toml".into(), measured));
        out
    }
}

/// Rewrites the `seen = [..]` line of each `[[entry]]` (adding it after `pattern` if missing).
fn write_seen(source: &str, rows: &[&EntryStats]) -> String {
    let mut out = String::with_capacity(source.len() + rows.len() * 16);
    let mut entry: Option<usize> = None;
    let mut written = false;
    let lines: Vec<&str> = source.lines().collect();
    for line in lines {
        let t = line.trim_start();
        if t.starts_with("[[entry]]") {
            entry = Some(entry.map_or(0, |e| e + 1));
            written = false;
        }
        if t.starts_with("seen =") || t.starts_with("seen=") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if let (Some(e), false) = (entry, written) {
            if t.starts_with("pattern =") {
                if let Some(r) = rows.get(e) {
                    let _ = writeln!(out, "seen = [{}, {}]", r.human, r.mt);
                }
                written = true;
            }
        }
    }
    out
}

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

// ---------------------------------------------------------------------------------------------
// Documentation

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn seen_cell(seen: Option<[u32; 2]>, i: usize) -> String {
    seen.map_or("–".to_string(), |s| s[i].to_string())
}

/// `docs/calques.md`: every pack and entry with its measured counts, generated from the data.
pub fn packs_markdown() -> String {
    let m = matcher();
    let measured = measured();
    let mut out = String::new();
    out.push_str(
        "# Calque packs\n\n\
         <!-- Generated from src/data/calques/ by `mtlint::calques::packs_markdown`; do not edit.\n\
         Regenerate with `UPDATE_DOCS=1 cargo test --test calques_docs`. -->\n\n\
         Rule `MT601 calque` flags phrases translated word for word from another language. The \
         phrases are data: one pack per suspected source language, plus generic translation \
         tells that point to no single language. Each entry is kept only if it is rare in \
         English written or translated by people; its measured hits are listed below.\n\n",
    );
    let _ = writeln!(
        out,
        "Counts are hits on {} ({} human-written documents, {} words; {} machine-translated \
         documents, {} words). *Human* = original English and human translations: every hit \
         there is a false positive. *MT* = machine translations of the same texts. Entries for \
         languages other than the corpus's source language are expected to have few MT hits; \
         their human count is the measure of their precision.\n",
        if measured.corpus.is_empty() {
            "no corpus yet"
        } else {
            measured.corpus.as_str()
        },
        measured.human_docs,
        measured.human_words,
        measured.mt_docs,
        measured.mt_words
    );
    out.push_str("## Summary\n\n| pack | language | entries | hits on human English | hits on MT |\n|---|---|---:|---:|---:|\n");
    let (mut te, mut th, mut tm) = (0, 0, 0);
    for pack in &m.packs {
        let h: u32 = pack
            .entries
            .iter()
            .filter_map(|e| e.seen)
            .map(|s| s[0])
            .sum();
        let t: u32 = pack
            .entries
            .iter()
            .filter_map(|e| e.seen)
            .map(|s| s[1])
            .sum();
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} | {} |",
            pack.file,
            pack.file,
            pack.name,
            pack.entries.len(),
            h,
            t
        );
        te += pack.entries.len();
        th += h;
        tm += t;
    }
    let _ = writeln!(out, "| **all** | | **{te}** | **{th}** | **{tm}** |\n");
    out.push_str(
        "The pattern rules, measured on the same corpus (findings):\n\n\
         | rule | hits on human English | hits on MT |\n|---|---:|---:|\n",
    );
    for code in MEASURED_RULES {
        let name = crate::rules::find(code).map_or("", |r| r.meta().name);
        let s = measured.rules.get(*code).copied();
        let _ = writeln!(
            out,
            "| `{code}` {name} | {} | {} |",
            seen_cell(s, 0),
            seen_cell(s, 1)
        );
    }
    out.push_str(
        "\nPattern syntax: words match with word boundaries and any case, except that capitals \
         in the pattern must be capitals in the text; `(a|b)` is a choice, `[a|b]` an optional \
         choice, `<num>` a number in digits or words. See `src/data/calques/README.md`, which \
         also lists the candidates that were measured and left out.\n",
    );
    for pack in &m.packs {
        let _ = write!(
            out,
            "\n## {}\n\n{} — `src/data/calques/{}.toml`, {} entries.\n\n{}\n\n",
            pack.file,
            pack.name,
            pack.file,
            pack.entries.len(),
            pack.about.trim()
        );
        out.push_str("| pattern | replacement | source | category | weight | human | MT |\n|---|---|---|---|---:|---:|---:|\n");
        for e in &pack.entries {
            let langs = pack.entry_languages(e);
            let source = if langs.len() > 1 || (pack.language == "generic" && !langs.is_empty()) {
                format!("{} ({})", md_escape(&e.source), langs.join(", "))
            } else {
                md_escape(&e.source)
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md_escape(&e.pattern),
                md_escape(&e.replacement),
                source,
                e.category,
                e.weight,
                seen_cell(e.seen, 0),
                seen_cell(e.seen, 1)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_parse_and_compile() {
        let m = matcher();
        assert!(m.len() >= 150, "only {} entries", m.len());
        let _ = measured();
    }

    #[test]
    fn expansion_and_rendering() {
        let forms = expand("(make|made) [a] photo").unwrap();
        let texts: Vec<&str> = forms.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            texts,
            vec!["make photo", "make a photo", "made photo", "made a photo"]
        );
        assert_eq!(
            render(
                "(take|took) a photo",
                "(make|made) [a] photo",
                &[Some(1), Some(0)],
                &[]
            ),
            "took a photo"
        );
        assert_eq!(
            render(
                "in the coming (days|weeks|months)",
                "(in|during) the nearest (days|weeks|months)",
                &[Some(1), Some(2)],
                &[]
            ),
            "in the coming months"
        );
        assert_eq!(
            render("for <num> years", "since <num> years", &[], &["three"]),
            "for three years"
        );
        assert!(pieces("a (b").is_err());
        assert!(pieces("a <name>").is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(number_at("3 years", 0), Some(1));
        assert_eq!(number_at("1,500 years", 0), Some(5));
        assert_eq!(number_at("twenty-five years", 0), Some(11));
        assert_eq!(number_at("Three years", 0), Some(5));
        assert_eq!(number_at("many years", 0), None);
    }

    fn hits(text: &str) -> Vec<(&str, String)> {
        let m = matcher();
        m.find_all(text)
            .iter()
            .map(|h| (&text[h.start..h.end], m.replacement(text, h)))
            .collect()
    }

    #[test]
    fn every_entry_flags_its_examples_and_no_counter_example() {
        let m = matcher();
        let mut failures = Vec::new();
        for id in m.ids() {
            let (pack, entry) = m.entry(id);
            for ex in &entry.examples {
                if !m.find_all(ex).iter().any(|h| h.entry == id) {
                    failures.push(format!(
                        "{}.toml `{}`: example not flagged: {ex:?} (got {:?})",
                        pack.file,
                        entry.pattern,
                        hits(ex)
                    ));
                }
            }
            for ex in &entry.counter {
                let got = hits(ex);
                if !got.is_empty() {
                    failures.push(format!(
                        "{}.toml `{}`: counter-example flagged: {ex:?}: {got:?}",
                        pack.file, entry.pattern
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    /// The word-lookup anchor search finds what an overlapping automaton over all anchors
    /// finds, in the same order, once the word-edge test of `find_all` is applied.
    #[test]
    fn anchors_match_an_overlapping_automaton() {
        let m = matcher();
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&m.anchors.keys)
            .unwrap();
        let edge_ok = |text: &str, &(a, b, id): &(usize, usize, u32)| {
            let (bytes, (left, right)) = (text.as_bytes(), m.edges[id as usize]);
            !((left && a > 0 && bytes[a - 1].is_ascii_alphanumeric())
                || (right && b < bytes.len() && bytes[b].is_ascii_alphanumeric()))
        };
        let mut texts: Vec<String> = m
            .ids()
            .flat_map(|id| {
                let e = m.entry(id).1;
                e.examples.iter().chain(&e.counter).cloned()
            })
            .collect();
        texts.push(
            "ÉTÉ Since three YEARS, 40 % of d'informations l’informations Zürichsince \
             since\u{200b}years ROW grow row-by-row 5%of"
                .to_string(),
        );
        for text in &texts {
            let want: Vec<(usize, usize, u32)> = ac
                .find_overlapping_iter(text.as_str())
                .map(|x| (x.start(), x.end(), x.pattern().as_u32()))
                .filter(|x| edge_ok(text, x))
                .collect();
            let got: Vec<_> = m
                .anchors
                .find(&Document::new(text).unwrap())
                .into_iter()
                .filter(|x| edge_ok(text, x))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn no_duplicate_patterns() {
        let m = matcher();
        let mut seen = HashSet::new();
        for id in m.ids() {
            let (_, e) = m.entry(id);
            assert!(
                seen.insert(e.pattern.to_lowercase()),
                "duplicate {}",
                e.pattern
            );
        }
    }

    #[test]
    fn boundaries_case_and_replacement_capitals() {
        // Inside a longer word, or continued by a hyphen or possessive: no match.
        assert!(hits("They made a photos-hoot.").is_empty());
        assert_eq!(
            hits("Since three years he works here."),
            vec![("Since three years", "For three years".to_string())]
        );
        // A capital of the pattern is not a sentence start; an absent optional word stays out.
        assert_eq!(
            hits("The Russian-Ukrainian conflict went on."),
            vec![("Russian-Ukrainian conflict", "war in Ukraine".to_string())]
        );
        assert_eq!(
            hits("It was posted to social platform X."),
            vec![("social platform X", "X".to_string())]
        );
    }

    #[test]
    fn seen_lines_are_rewritten() {
        let src = "language = \"x\"\n\n[[entry]]\npattern = \"a b\"\nseen = [1, 2]\n\n[[entry]]\npattern = \"c d\"\n";
        let rows = [
            EntryStats {
                pack: "x".into(),
                pattern: "a b".into(),
                human: 5,
                mt: 6,
                stored: None,
            },
            EntryStats {
                pack: "x".into(),
                pattern: "c d".into(),
                human: 0,
                mt: 7,
                stored: None,
            },
        ];
        let out = write_seen(src, &rows.iter().collect::<Vec<_>>());
        assert_eq!(
            out,
            "language = \"x\"\n\n[[entry]]\npattern = \"a b\"\nseen = [5, 6]\n\n[[entry]]\npattern = \"c d\"\nseen = [0, 7]\n"
        );
    }
}
