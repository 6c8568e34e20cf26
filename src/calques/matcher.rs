//! The compiled packs: every pattern variant of every entry, searched for by its anchor and
//! verified in place (case, number slots, the literal rest, word boundaries, `unless_*`
//! words), so that the cost of a scan does not grow with the number of entries.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::pack::{parse_pack, Entry, Pack, PACK_SOURCES};
use super::pattern::{anchor_score, elements, render, validate, Elem};
use crate::document::Document;
use crate::text::hash::FnvMap;
use crate::text::wordset::{bit_of, filter_bit, WordFilter, FILTER_BITS};

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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn packs_parse_and_compile() {
        let m = matcher();
        assert!(m.len() >= 150, "only {} entries", m.len());
        let _ = super::super::measured();
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
}
