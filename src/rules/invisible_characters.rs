use unicode_script::Script;

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::chars::{code_point, is_emoji_like, is_rtl, non_ascii, script};
use crate::text::cp1252::is_inside_mojibake;

declare_rule! {
    /// ## What it finds
    ///
    /// Invisible characters that do nothing in the text where they stand: zero-width space
    /// (U+200B), zero-width non-joiner and joiner (U+200C, U+200D) between Latin letters, word
    /// joiner (U+2060), a byte-order mark (U+FEFF) anywhere but at the very start, soft hyphens
    /// (U+00AD), the invisible math operators (U+2061-U+2064), deprecated format characters
    /// (U+206A-U+206F), interlinear annotation marks (U+FFF9-U+FFFB), Hangul fillers and the
    /// Mongolian vowel separator outside their scripts, stray tag characters, and bidirectional
    /// controls: embeddings and isolates (U+202A-U+202C, U+2066-U+2069) and direction marks
    /// (U+200E, U+200F, U+061C) in documents without right-to-left text, and overrides
    /// (U+202D, U+202E) everywhere. A run of adjacent invisible characters is one finding.
    ///
    /// Not reported where the character has a job: ZWJ inside emoji sequences (👩 U+200D 💻),
    /// ZWNJ and ZWJ next to letters of Arabic, Indic and other scripts that shape by joining,
    /// ZWSP in Thai, Khmer, Lao, Myanmar, Tibetan, Chinese and Japanese text (word-break
    /// hints), tag characters in flag sequences, and bidi embeddings, isolates and marks in a
    /// document that holds right-to-left text (Hebrew, Arabic and the other RTL scripts)
    /// anywhere.
    ///
    /// ## Why it matters
    ///
    /// Invisible characters come from HTML (`&shy;`, `&#8203;`, `&zwnj;`), word processors and
    /// concatenated files (a BOM in the middle). They split words for search and tokenizers
    /// ("recom[U+00AD]mend" is not "recommend"), break deduplication, and bidi overrides can make
    /// the displayed text differ from the stored text. Removing them is safe except for bidi
    /// controls, whose fix is marked unsafe.
    ///
    /// ## Examples
    ///
    /// Flagged (the characters are invisible; their code points are in brackets):
    ///
    /// ```text
    /// The [U+200B] talks ended.
    /// recom[U+00AD]mend
    /// [U+202E]txt.exe
    /// ```
    ///
    /// Not flagged: a BOM as the first character, the family emoji (👨, 👩 and 👧 joined by
    /// U+200D), Persian "می" U+200C "خواهم", Thai with U+200B between words, and U+200F in a
    /// document with Hebrew text.
    ///
    /// ## Known false positives
    ///
    /// Deliberate typography: ZWNJ to suppress a ligature in German ("Auf" U+200C "lage"),
    /// soft hyphens kept on purpose for hyphenation, and ZWSP used as a line-break hint in long
    /// URLs or compounds. A stray direction mark in a document that also quotes Hebrew or Arabic is
    /// missed.
    pub struct InvisibleCharacters {
        code: "MT302",
        name: "invisible-characters",
        category: Encoding,
        severity: Warning,
        summary: "Zero-width, soft-hyphen, stray BOM and bidirectional control characters.",
        languages: [],
        needs_non_ascii: true,
    }
}

/// What an invisible character is, for the decision and the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    ZeroWidthSpace,
    Joiner,
    WordJoiner,
    Bom,
    SoftHyphen,
    /// Embeddings, pop and isolates: legitimate on lines with right-to-left text.
    BidiControl,
    /// LRO and RLO: they reorder visible characters; always suspicious.
    BidiOverride,
    /// LRM, RLM, ALM.
    DirectionMark,
    Format,
    HangulFiller,
    MongolianSeparator,
    Tag,
}

fn kind(c: char) -> Option<Kind> {
    Some(match c {
        '\u{200b}' => Kind::ZeroWidthSpace,
        '\u{200c}' | '\u{200d}' => Kind::Joiner,
        '\u{2060}' => Kind::WordJoiner,
        '\u{feff}' => Kind::Bom,
        '\u{ad}' => Kind::SoftHyphen,
        '\u{202a}'..='\u{202c}' | '\u{2066}'..='\u{2069}' => Kind::BidiControl,
        '\u{202d}' | '\u{202e}' => Kind::BidiOverride,
        '\u{200e}' | '\u{200f}' | '\u{61c}' => Kind::DirectionMark,
        '\u{2061}'..='\u{2064}' | '\u{206a}'..='\u{206f}' | '\u{fff9}'..='\u{fffb}' => Kind::Format,
        '\u{3164}' | '\u{ffa0}' => Kind::HangulFiller,
        '\u{180e}' => Kind::MongolianSeparator,
        '\u{e0001}' | '\u{e0020}'..='\u{e007f}' => Kind::Tag,
        _ => return None,
    })
}

fn name(c: char) -> &'static str {
    match c {
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{feff}' => "byte-order mark (zero-width no-break space)",
        '\u{ad}' => "soft hyphen",
        '\u{202a}' => "left-to-right embedding",
        '\u{202b}' => "right-to-left embedding",
        '\u{202c}' => "pop directional formatting",
        '\u{202d}' => "left-to-right override",
        '\u{202e}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{61c}' => "Arabic letter mark",
        '\u{2061}'..='\u{2064}' => "invisible math operator",
        '\u{3164}' | '\u{ffa0}' => "Hangul filler",
        '\u{180e}' => "Mongolian vowel separator",
        '\u{e0000}'..='\u{e007f}' => "tag character",
        _ => "invisible format character",
    }
}

/// Scripts whose letters join or shape (Arabic, Indic and others), where ZWJ and ZWNJ change
/// the rendering.
fn is_joining_context(c: char) -> bool {
    !matches!(
        script(c),
        Script::Latin
            | Script::Greek
            | Script::Cyrillic
            | Script::Common
            | Script::Inherited
            | Script::Unknown
    )
}

/// Scripts written without spaces, where ZWSP marks word boundaries.
fn is_spaceless_script(c: char) -> bool {
    matches!(
        script(c),
        Script::Thai
            | Script::Lao
            | Script::Khmer
            | Script::Myanmar
            | Script::Tibetan
            | Script::New_Tai_Lue
            | Script::Tai_Tham
            | Script::Javanese
            | Script::Balinese
            | Script::Han
            | Script::Hiragana
            | Script::Katakana
    )
}

/// How far to look past other invisible characters for a visible neighbour.
const NEIGHBOUR_REACH: usize = 16;

/// The nearest visible characters before `start` and after `end`, looking past other invisible
/// characters (a bounded distance, so that a long run stays linear).
fn neighbours(text: &str, start: usize, end: usize) -> (Option<char>, Option<char>) {
    let visible = |c: &char| kind(*c).is_none();
    let before = text[..start]
        .chars()
        .rev()
        .take(NEIGHBOUR_REACH)
        .find(visible);
    let after = text[end..].chars().take(NEIGHBOUR_REACH).find(visible);
    (before, after)
}

/// Whether the document holds right-to-left text, computed on first need.
#[derive(Default)]
struct Rtl {
    known: Option<bool>,
}

impl Rtl {
    fn in_document(&mut self, text: &str) -> bool {
        *self
            .known
            .get_or_insert_with(|| non_ascii(text).any(|(_, c)| is_rtl(c)))
    }
}

/// True when the invisible character at `at` has a job where it stands.
fn is_legitimate(text: &str, at: usize, c: char, kind: Kind, rtl: &mut Rtl) -> bool {
    let end = at + c.len_utf8();
    match kind {
        Kind::Bom => at == 0,
        Kind::ZeroWidthSpace => {
            let (b, a) = neighbours(text, at, end);
            b.is_some_and(is_spaceless_script) || a.is_some_and(is_spaceless_script)
        }
        Kind::Joiner => {
            let (b, a) = neighbours(text, at, end);
            let emoji =
                c == '\u{200d}' && (b.is_some_and(is_emoji_like) || a.is_some_and(is_emoji_like));
            emoji || b.is_some_and(is_joining_context) || a.is_some_and(is_joining_context)
        }
        Kind::BidiControl | Kind::DirectionMark => rtl.in_document(text),
        Kind::HangulFiller => {
            let (b, a) = neighbours(text, at, end);
            let hangul = |c: char| script(c) == Script::Hangul;
            b.is_some_and(hangul) || a.is_some_and(hangul)
        }
        Kind::MongolianSeparator => {
            let (b, a) = neighbours(text, at, end);
            let mongolian = |c: char| script(c) == Script::Mongolian;
            b.is_some_and(mongolian) || a.is_some_and(mongolian)
        }
        Kind::Tag => {
            // A flag tag sequence: 🏴 followed by tags and the cancel tag U+E007F.
            let before = text[..at]
                .chars()
                .rev()
                .take(64)
                .find(|&c| !matches!(c, '\u{e0020}'..='\u{e007f}'));
            before == Some('\u{1f3f4}')
        }
        // A soft hyphen inside mojibake ("Ã\u{AD}" for "í") is the mojibake rule's.
        Kind::SoftHyphen => is_inside_mojibake(text, at),
        Kind::WordJoiner | Kind::BidiOverride | Kind::Format => false,
    }
}

impl Check for InvisibleCharacters {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let mut rtl = Rtl::default();
        // The current run: span, its characters (up to a few, for the message), unsafe?
        let mut run: Option<(Span, Vec<char>, bool)> = None;
        let flush = |run: &mut Option<(Span, Vec<char>, bool)>, cx: &mut Context<'_>| {
            if let Some((span, chars, bidi)) = run.take() {
                report(cx, span, &chars, bidi);
            }
        };
        for (at, c) in non_ascii(text) {
            let Some(k) = kind(c) else { continue };
            if is_legitimate(text, at, c, k, &mut rtl) {
                continue;
            }
            let end = at + c.len_utf8();
            let bidi = matches!(k, Kind::BidiControl | Kind::BidiOverride);
            match &mut run {
                Some((span, chars, b)) if span.end as usize == at => {
                    span.end = end as u32;
                    chars.push(c);
                    *b |= bidi;
                }
                _ => {
                    flush(&mut run, cx);
                    run = Some((Span::new(at, end), vec![c], bidi));
                }
            }
        }
        flush(&mut run, cx);
    }
}

fn report(cx: &mut Context<'_>, span: Span, chars: &[char], bidi: bool) {
    let mut distinct: Vec<char> = Vec::new();
    for &c in chars {
        if !distinct.contains(&c) {
            distinct.push(c);
        }
    }
    let described: Vec<String> = distinct
        .iter()
        .take(3)
        .map(|&c| format!("{} ({})", name(c), code_point(c)))
        .collect();
    let mut message = if chars.len() == 1 {
        format!("invisible {}", described[0])
    } else {
        format!(
            "{} invisible characters: {}",
            chars.len(),
            described.join(", ")
        )
    };
    if distinct.len() > 3 {
        message.push_str(", …");
    }
    if chars.iter().any(|&c| matches!(c, '\u{202d}' | '\u{202e}')) {
        message.push_str("; an override reorders the visible text");
    }
    let applicability = if bidi {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    cx.report(span, message).fix("", applicability);
}

#[cfg(test)]
mod tests {

    fn found(text: &str) -> Vec<&str> {
        crate::testing::texts("MT302", text)
    }

    #[test]
    fn contexts() {
        assert_eq!(found("a\u{200b}b"), vec!["\u{200b}"]);
        assert_eq!(
            found("a\u{200b}\u{200b}\u{ad}b"),
            vec!["\u{200b}\u{200b}\u{ad}"]
        );
        assert!(found("\u{feff}Hello").is_empty());
        assert_eq!(found("Hello\u{feff}"), vec!["\u{feff}"]);
        assert!(found("👩\u{200d}💻").is_empty());
        assert!(found("❤\u{fe0f}\u{200d}🔥").is_empty());
        assert!(found("می\u{200c}خواهم").is_empty());
        assert!(found("क्\u{200d}ष").is_empty());
        assert!(found("ภาษา\u{200b}ไทย").is_empty());
        assert_eq!(found("Auf\u{200c}lage"), vec!["\u{200c}"]);
        assert!(found("שלום \u{200f}abc").is_empty());
        assert!(found("שלום\n\u{200f}abc").is_empty());
        assert_eq!(found("abc \u{200f}def"), vec!["\u{200f}"]);
        assert_eq!(found("שלום \u{202e}abc"), vec!["\u{202e}"]);
        assert!(found("🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}").is_empty());
        assert!(found("").is_empty());
        assert_eq!(found("\u{200d}"), vec!["\u{200d}"]);
        assert!(found("Chinese ä¸\u{ad}æ–‡ and Ã\u{ad}").is_empty());
    }
}
