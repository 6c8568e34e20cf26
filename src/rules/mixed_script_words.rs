use std::sync::OnceLock;

use unicode_script::Script;
use unicode_security::{skeleton, MixedScript};

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::chars::{char_before, code_point, non_ascii, script};

declare_rule! {
    /// ## What it finds
    ///
    /// Words that mix Latin letters with Cyrillic or Greek look-alikes: "Рaris" with a Cyrillic
    /// "Р" (U+0420), "Kyіv" with a Cyrillic "і" (U+0456), "Ηello" with a Greek "Η". The word
    /// must fail the UTS #39 single-script test (`unicode-security`); the letters of the
    /// minority script are then reported, with the look-alike of the word's own script as a
    /// safe fix where the UTS #39 confusable skeleton maps one to the other.
    ///
    /// In a Latin word every Cyrillic letter is reported (with a fix when it has a Latin
    /// look-alike); Greek letters only when they are indistinguishable from Latin ones (the
    /// capitals Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ and "ο"), because lowercase Greek next to Latin is
    /// ordinary scientific notation ("TNFα", "NF-κB", "Gαq"). In a mostly Cyrillic or Greek
    /// word, Latin letters that look like letters of that script are reported ("Kиев").
    ///
    /// ## Why it matters
    ///
    /// A word with a look-alike letter reads correctly but is a different string: it does not
    /// match in search, breaks named-entity consistency ("Kyiv" and "Kyіv" are two names to a
    /// machine) and splits into odd subwords in tokenizers. It comes from keyboard layout
    /// switching, OCR, copy-paste from transliterated sources, and deliberate obfuscation.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// The talks in Рaris ended.     (Cyrillic Р)
    /// Officials in Kyіv said        (Cyrillic і)
    /// ```
    ///
    /// Not flagged: words entirely in Cyrillic or Greek ("Киев", "Αθήνα"), Latin words with
    /// diacritics ("Zürich"), Latin next to CJK ("iPhone用"), Greek letters in notation ("TNFα",
    /// "β-blocker", "2π"), and separate words in different scripts ("Kyiv (Київ)").
    ///
    /// ## Known false positives
    ///
    /// Brand names that mix scripts on purpose, a one-letter Cyrillic ending glued to a Latin
    /// name, and Chechen or Avar text that writes the palochka (Ӏ) as a Latin "I" (reported
    /// without a fix, since "I" has two Cyrillic look-alikes). A run of two or more foreign
    /// letters that are not all look-alikes is taken for a glued word or an inflection
    /// ("Dvorak'ка", "URLдан") and not reported.
    pub struct MixedScriptWords {
        code: "MT305",
        name: "mixed-script-words",
        category: Encoding,
        severity: Warning,
        summary: "Words mixing Latin with Cyrillic or Greek look-alike letters.",
        languages: [],
        needs_non_ascii: true,
    }
}

/// True for code points in the Greek and Cyrillic blocks (a cheap pre-filter).
#[inline]
fn in_greek_or_cyrillic_blocks(c: char) -> bool {
    matches!(c as u32,
        0x370..=0x52f | 0x1c80..=0x1c8f | 0x1d26..=0x1d2a | 0x1f00..=0x1fff | 0x2de0..=0x2dff
        | 0xa640..=0xa69f)
}

/// The look-alike tables, from the UTS #39 skeletons.
#[derive(Debug)]
struct LookAlikes {
    /// Cyrillic or Greek letter to the Latin letter with the same skeleton, sorted.
    to_latin: Vec<(char, char)>,
    /// Latin letter to its Cyrillic look-alike, sorted.
    latin_to_cyrillic: Vec<(char, char)>,
    /// Latin letter to its Greek look-alike, sorted.
    latin_to_greek: Vec<(char, char)>,
}

/// Latin letters whose Cyrillic skeleton twin is a true look-alike in ordinary fonts.
const CYRILLIC_TWINS: &str = "aeopcyxijshABEKMHOPCTXIJS";
/// Latin letters whose Greek skeleton twin is a true look-alike in ordinary fonts.
const GREEK_TWINS: &str = "oABEZHIKMNOPTYX";

fn look_alikes() -> &'static LookAlikes {
    static TABLES: OnceLock<LookAlikes> = OnceLock::new();
    TABLES.get_or_init(|| {
        let latin: Vec<(char, String)> = ('A'..='Z')
            .chain('a'..='z')
            .map(|c| (c, skeleton(c.encode_utf8(&mut [0; 4])).collect()))
            .collect();
        let mut to_latin = Vec::new();
        for cp in (0x370u32..=0x52f)
            .chain(0x1c80..=0x1c8f)
            .chain(0xa640..=0xa69f)
        {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if !c.is_alphabetic() {
                continue;
            }
            let sk: String = skeleton(c.encode_utf8(&mut [0; 4])).collect();
            let candidates: Vec<char> = latin
                .iter()
                .filter(|(_, s)| *s == sk)
                .map(|(l, _)| *l)
                .collect();
            let same_case = candidates
                .iter()
                .copied()
                .find(|l| l.is_uppercase() == c.is_uppercase());
            if let Some(l) = same_case.or(candidates.first().copied()) {
                to_latin.push((c, l));
            }
        }
        to_latin.sort_unstable();
        // Latin letter to its twin; a letter with two twins (I: І and Ӏ) maps to NO_TWIN.
        let twins = |s: Script, allowed: &str| {
            let mut v: Vec<(char, char)> = to_latin
                .iter()
                .filter(|&&(c, l)| {
                    script(c) == s
                        && is_common_letter(c)
                        && (s != Script::Greek || c.is_uppercase() || c == 'ο')
                        && allowed.contains(l)
                        && c.is_uppercase() == l.is_uppercase()
                })
                .map(|&(c, l)| (l, c))
                .collect();
            v.sort_unstable();
            let mut out: Vec<(char, char)> = Vec::with_capacity(v.len());
            for (l, c) in v {
                match out.last_mut() {
                    Some(last) if last.0 == l => last.1 = NO_TWIN,
                    _ => out.push((l, c)),
                }
            }
            out
        };
        LookAlikes {
            latin_to_cyrillic: twins(Script::Cyrillic, CYRILLIC_TWINS),
            latin_to_greek: twins(Script::Greek, GREEK_TWINS),
            to_latin,
        }
    })
}

/// Letters a Latin letter is taken to stand for in a Cyrillic or Greek word: the basic
/// Cyrillic and Greek alphabets, and the palochka (Ӏ ӏ), which is often typed as Latin "I".
fn is_common_letter(c: char) -> bool {
    matches!(c as u32, 0x391..=0x3c9 | 0x400..=0x45f | 0x4c0 | 0x4cf)
}

/// Marks a Latin letter with more than one look-alike in the other script: reported, no fix.
const NO_TWIN: char = '\0';

fn lookup(table: &[(char, char)], c: char) -> Option<char> {
    table
        .binary_search_by_key(&c, |p| p.0)
        .ok()
        .map(|i| table[i].1)
}

/// Greek letters reported in a Latin word: those that look exactly like a Latin letter.
fn is_greek_twin(c: char, latin: char) -> bool {
    GREEK_TWINS.contains(latin) && (c.is_uppercase() || c == 'ο')
}

fn script_name(s: Script) -> &'static str {
    match s {
        Script::Latin => "Latin",
        Script::Cyrillic => "Cyrillic",
        Script::Greek => "Greek",
        _ => "other",
    }
}

/// A foreign letter in a word: its span, the letter, and its look-alike in the host script.
struct Foreign {
    at: usize,
    c: char,
    twin: Option<char>,
}

fn check_word(text: &str, word: Span, cx: &mut Context<'_>) {
    let w = word.slice(text);
    if w.is_single_script() {
        return;
    }
    let (mut latin, mut cyrillic, mut greek) = (0usize, 0usize, 0usize);
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        match script(c) {
            Script::Latin => latin += 1,
            Script::Cyrillic => cyrillic += 1,
            Script::Greek => greek += 1,
            _ => {}
        }
    }
    if latin == 0 || cyrillic + greek == 0 {
        return;
    }
    let tables = look_alikes();
    let host = if latin >= cyrillic + greek {
        Script::Latin
    } else if cyrillic >= greek {
        Script::Cyrillic
    } else {
        Script::Greek
    };
    let mut foreign: Vec<Foreign> = Vec::new();
    for (i, c) in w.char_indices() {
        if !c.is_alphabetic() {
            continue;
        }
        let s = script(c);
        let item = match (host, s) {
            (Script::Latin, Script::Cyrillic) => Some(lookup(&tables.to_latin, c)),
            (Script::Latin, Script::Greek) => match lookup(&tables.to_latin, c) {
                Some(l) if is_greek_twin(c, l) => Some(Some(l)),
                _ => None,
            },
            (Script::Cyrillic, Script::Latin) => {
                lookup(&tables.latin_to_cyrillic, c).map(|t| Some(t).filter(|&t| t != NO_TWIN))
            }
            (Script::Greek, Script::Latin) => {
                lookup(&tables.latin_to_greek, c).map(|t| Some(t).filter(|&t| t != NO_TWIN))
            }
            _ => None,
        };
        if let Some(twin) = item {
            foreign.push(Foreign {
                at: word.start as usize + i,
                c,
                twin,
            });
        }
    }
    // One finding per run of adjacent foreign letters.
    let mut i = 0;
    while i < foreign.len() {
        let mut j = i + 1;
        while j < foreign.len() && foreign[j].at == foreign[j - 1].at + foreign[j - 1].c.len_utf8()
        {
            j += 1;
        }
        let run = &foreign[i..j];
        i = j;
        if run.len() > 1 && run.iter().any(|f| f.twin.is_none()) {
            // Several letters, not all look-alikes: a word of the other script glued on
            // ("Dvorak'ка", "URLдан"), not a disguised letter.
            continue;
        }
        if matches!(char_before(text, run[0].at), Some('\'' | '’')) {
            // An inflection after an apostrophe ("Modalias'ы").
            continue;
        }
        let start = run[0].at;
        let end = run[run.len() - 1].at + run[run.len() - 1].c.len_utf8();
        let letters = &text[start..end];
        let from = script_name(script(run[0].c));
        let codes: Vec<String> = run.iter().map(|f| code_point(f.c)).collect();
        let twin: Option<String> = run.iter().map(|f| f.twin).collect();
        let mut message = format!(
            "{from} '{letters}' ({}) in a {} word '{w}'",
            codes.join(" "),
            script_name(host)
        );
        if let Some(t) = &twin {
            message.push_str(&format!(
                "; {} like {} '{t}'",
                if run.len() == 1 {
                    "it looks"
                } else {
                    "they look"
                },
                script_name(host)
            ));
        }
        let finding = cx.report(Span::new(start, end), message);
        if let Some(t) = twin {
            finding.fix(t, Applicability::Safe);
        }
    }
}

impl Check for MixedScriptWords {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        // Each word is checked once: the scan skips to the end of the token it looked at.
        let mut skip_until = 0;
        for (at, c) in non_ascii(text) {
            if at < skip_until || !in_greek_or_cyrillic_blocks(c) {
                continue;
            }
            let Some(tok) = doc.token_at(at) else {
                continue;
            };
            skip_until = tok.span.end as usize;
            if !tok.is_word() {
                continue;
            }
            // Format directives ("%sИзградена") and escapes glue a Latin letter to a word.
            if matches!(char_before(text, tok.span.start as usize), Some('%' | '\\')) {
                continue;
            }
            check_word(text, tok.span, cx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Option<String>)> {
        crate::testing::spans_and_fixes("MT305", text)
    }

    #[test]
    fn tables_map_the_usual_look_alikes() {
        let t = look_alikes();
        assert_eq!(lookup(&t.to_latin, 'Р'), Some('P'));
        assert_eq!(lookup(&t.to_latin, 'і'), Some('i'));
        assert_eq!(lookup(&t.to_latin, 'І'), Some('I'));
        assert_eq!(lookup(&t.to_latin, 'а'), Some('a'));
        assert_eq!(lookup(&t.to_latin, 'Η'), Some('H'));
        assert_eq!(lookup(&t.latin_to_cyrillic, 'e'), Some('е'));
        assert_eq!(lookup(&t.latin_to_cyrillic, 'K'), Some('К'));
        assert_eq!(lookup(&t.latin_to_cyrillic, 'r'), None);
        assert_eq!(lookup(&t.latin_to_cyrillic, 'I'), Some(NO_TWIN));
        assert_eq!(lookup(&t.latin_to_greek, 'A'), Some('Α'));
        assert_eq!(lookup(&t.latin_to_greek, 'o'), Some('ο'));
        assert_eq!(lookup(&t.latin_to_greek, 'a'), None);
    }

    #[test]
    fn reports_foreign_letters_with_fixes() {
        assert_eq!(found("Рaris"), vec![("Р".into(), Some("P".into()))]);
        assert_eq!(found("Kyіv"), vec![("і".into(), Some("i".into()))]);
        assert_eq!(found("Ηello"), vec![("Η".into(), Some("H".into()))]);
        assert_eq!(found("Kиев"), vec![("K".into(), Some("К".into()))]);
        assert_eq!(found("Zelenskyй"), vec![("й".into(), None)]);
        assert_eq!(
            found("сomрany"),
            vec![
                ("с".into(), Some("c".into())),
                ("р".into(), Some("p".into()))
            ]
        );
    }

    #[test]
    fn leaves_single_script_and_notation_alone() {
        for text in [
            "Киев",
            "Αθήνα",
            "Zürich",
            "iPhone用",
            "TNFα",
            "NF-κB",
            "Gαq",
            "2πr",
            "μm",
            "β-blocker",
            "Kyiv (Київ)",
            "ΑΒΓ",
            "",
            "Dvorak'ка",
            "URLдан",
            "%sИзградена",
            "Googleом",
            "Modalias'ы",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
