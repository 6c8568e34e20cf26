//! The pattern syntax of the packs (`src/data/calques/README.md`): a pattern is expanded into
//! its concrete forms (groups of alternatives, optional groups, `<num>` slots), each form split
//! into literals and slots around an anchor (its rarest word, what the matcher searches for),
//! and a replacement is rendered with the alternatives and numbers a match chose.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::pack::{Entry, CATEGORIES};
use crate::text::data::{data_file, DataFile};

/// A part of a compiled pattern after its literal prefix.
#[derive(Clone, Debug)]
pub(super) enum Elem {
    Lit(String),
    Num,
}

/// Frequent English words, most frequent first, one per line.
const COMMON_WORDS: DataFile = data_file!("calques/anchor_words.txt");

/// How good a word is as an anchor: words not in the frequency list are best (longer ones
/// first), then listed words from the rarest to the most frequent.
pub(super) fn anchor_score(word: &str) -> usize {
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
pub(super) fn elements(form: &str) -> (Vec<Elem>, usize) {
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

/// The private character standing for a `<num>` slot while a pattern is expanded.
pub(super) const SLOT: char = '\u{1}';

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
pub(super) type Form = (String, Vec<Option<u8>>);

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
pub(super) fn render(
    replacement: &str,
    pattern: &str,
    choices: &[Option<u8>],
    nums: &[&str],
) -> String {
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
pub(super) fn validate(entry: &Entry) -> Result<Vec<Form>, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
