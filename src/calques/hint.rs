//! The source language a document's calques point to: the language whose pack entries carry
//! most of the document's language-specific calque evidence.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::matcher::matcher;
use super::pack::language_name;
use crate::finding::Finding;

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
