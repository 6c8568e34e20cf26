use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::chars::{char_at, char_before, is_cjk};

declare_rule! {
    /// ## What it finds
    ///
    /// Chinese and Japanese full-width punctuation in English text: `，。：；！？（）、【】～`,
    /// the other full-width forms of ASCII (U+FF01-U+FF5E: `Ａ`-`Ｚ`, `０`-`９`, `％`, `＆`...)
    /// and the ideographic space (U+3000). A run of adjacent full-width characters is one
    /// finding; the fix is the ASCII equivalent (`，` → `,`, `。` → `.`, `、` → `,`,
    /// `【】` → `[]`, `ＡＢＣ` → `ABC`, U+3000 → a space), with a space added after a closing
    /// mark that touches the next word (`word，next` → `word, next`; not before digits, nor after
    /// the full-width full stop `．` of decimals and domain names) and before an opening
    /// bracket that touches the word before. The fix is safe except for `～`, which English
    /// writes as a dash in ranges.
    ///
    /// Left alone: full-width characters next to Chinese, Japanese or Korean characters on
    /// either side (a quoted Chinese sentence, `中文，` : `untranslated-fragment` reports the
    /// fragment itself), the Japanese wave dash `〜` (U+301C) in names, and the full-width
    /// quote marks `＂ ＇`, which `lookalike-quotes` reports.
    ///
    /// ## Why it matters
    ///
    /// Chinese and Japanese input methods type full-width punctuation; a translator or a
    /// translation tool working from such a source carries it into English, where it is
    /// wider than the text around it, lacks the following space, and is not read as
    /// punctuation by tokenizers, search and sentence splitters. It is a clear trace of a
    /// CJK source (or of post-editing in a CJK environment).
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// The meeting ended，and the delegates left。
    /// The price rose by ５０％ in one year.
    /// Note：the offer ends on Friday！
    /// ```
    ///
    /// Not flagged: `他说：“我们明天见。”` inside English text, `Lee Jae-myung（이재명）`,
    /// the name `Mika〜` with a wave dash.
    ///
    /// ## Known false positives
    ///
    /// Decorative full-width Latin (`ＡＥＳＴＨＥＴＩＣ`) and kaomoji (`(＾▽＾)`) in informal
    /// English, which are intended. On the development data it never fires: de-en-htmt
    /// train: 0 of 389 native English documents, 0 of 366 human translations, 0 of 1,517 MT
    /// documents; zh-en TED: 0 of 10 human and 0 of 65 MT documents (those texts were
    /// normalized and hold no full-width characters at all).
    pub struct FullwidthPunctuation {
        code: "MT207",
        name: "fullwidth-punctuation",
        category: Typography,
        severity: Warning,
        summary: "Chinese/Japanese full-width punctuation, letters or digits in English text.",
        languages: ["en"],
        needs_non_ascii: true,
    }
}

/// The ASCII equivalent of a flagged full-width character.
#[inline]
fn ascii_for(c: char) -> Option<char> {
    match c {
        '\u{3000}' => Some(' '),
        '、' => Some(','),
        '。' => Some('.'),
        '【' => Some('['),
        '】' => Some(']'),
        // `＂` and `＇` are look-alike quotes (MT203).
        '＂' | '＇' => None,
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
        _ => None,
    }
}

/// The character next to a run, looking past one ASCII space.
fn neighbour(text: &str, at: usize, before: bool) -> Option<char> {
    let c = if before {
        char_before(text, at)
    } else {
        char_at(text, at)
    };
    if c != Some(' ') {
        return c;
    }
    if before {
        char_before(text, at - 1)
    } else {
        char_at(text, at + 1)
    }
}

impl Check for FullwidthPunctuation {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let bytes = text.as_bytes();
        // Every flagged character is U+3000-U+3011 (lead byte E3) or U+FF01-U+FF5E (EF).
        let mut from = 0;
        for p in memchr::memchr2_iter(0xe3, 0xef, bytes) {
            if p < from {
                continue;
            }
            let Some(c) = char_at(text, p) else { continue };
            if ascii_for(c).is_none() {
                continue;
            }
            // The run of flagged characters from here.
            let mut end = p;
            let mut mapped = String::new();
            let mut letters = true;
            let mut unsafe_fix = false;
            while let Some(c) = char_at(text, end) {
                let Some(a) = ascii_for(c) else { break };
                mapped.push(a);
                letters &= a.is_ascii_alphanumeric();
                unsafe_fix |= c == '～';
                end += c.len_utf8();
            }
            from = end;
            let before = neighbour(text, p, true);
            let after = neighbour(text, end, false);
            if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) {
                continue;
            }
            let run = &text[p..end];
            let touches_before = char_before(text, p).is_some_and(char::is_alphanumeric);
            // A space after a closing mark before a word, not before digits (`10：30`,
            // `1，000`) nor after the full-width full stop `．` of decimals and domain names.
            let touches_after =
                char_at(text, end).is_some_and(char::is_alphabetic) && !run.ends_with('．');
            let mut fix = String::with_capacity(mapped.len() + 2);
            if mapped.starts_with(['(', '[']) && touches_before {
                fix.push(' ');
            }
            if mapped.trim().is_empty() {
                // Ideographic spaces: one space, none next to another space.
                let spaced = char_before(text, p).is_none_or(char::is_whitespace)
                    || char_at(text, end).is_none_or(char::is_whitespace);
                if !spaced {
                    fix.push(' ');
                }
            } else {
                fix.push_str(&mapped);
            }
            if mapped.ends_with([',', '.', ':', ';', '!', '?', ')', ']']) && touches_after {
                fix.push(' ');
            }
            let what = if letters {
                "full-width letters or digits"
            } else if run.chars().count() == 1 {
                "full-width punctuation"
            } else {
                "full-width characters"
            };
            let shown = if mapped.trim().is_empty() {
                "a space".to_string()
            } else {
                format!("`{}`", fix.trim())
            };
            let code = if run.chars().count() == 1 {
                format!(" (U+{:04X})", c as u32)
            } else {
                String::new()
            };
            cx.report(
                Span::new(p, end),
                format!(
                    "{what} `{run}`{code} in English text, typed in Chinese or Japanese; use {shown}"
                ),
            )
            .confidence(if letters { 0.5 } else { 0.8 })
            .fix(
                fix,
                if unsafe_fix {
                    Applicability::Unsafe
                } else {
                    Applicability::Safe
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::spans_and_fixes;

    fn fixes(text: &str) -> Vec<(String, String)> {
        spans_and_fixes("MT207", text)
            .into_iter()
            .map(|(s, f)| (s, f.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn maps_to_ascii_with_spacing() {
        let p = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            fixes("It ended，and they left。Then（briefly）they met"),
            [p("，", ", "), p("。", ". "), p("（", " ("), p("）", ") ")]
        );
        assert_eq!(fixes("up ５０％ now"), [p("５０％", "50%")]);
        assert_eq!(
            fixes("see example．com at 10：30"),
            [p("．", "."), p("：", ":")]
        );
        assert_eq!(fixes("a\u{3000}b"), [p("\u{3000}", " ")]);
        assert!(fixes("他说，我们走。 and 中文 ， ok").is_empty());
    }

    #[test]
    fn never_panics_on_edges() {
        for t in [
            "",
            "，",
            " ，",
            "， ",
            "\u{3000}",
            "～",
            "\u{ff5e}\u{ff5f}",
            "a\u{ef}",
        ] {
            let _ = fixes(t);
        }
    }
}
