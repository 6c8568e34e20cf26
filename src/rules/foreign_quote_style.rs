use std::collections::BTreeSet;

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::chars::{char_at, char_before, is_cjk_letter_or_fullwidth, script};
use crate::text::tokenize::Token;
use crate::text::words;

declare_rule! {
    /// ## What it finds
    ///
    /// Quotations in English prose set with another language's quotation marks:
    ///
    /// - German, Czech and Slovak low-high quotes `„…“` and `‚…‘`; Polish, Romanian and
    ///   Hungarian `„…”`; a German opener with a straight closer `„…"`;
    /// - French, Russian, Italian and Spanish guillemets `«…»` and `‹…›`, also with French inner
    ///   spaces (`« … »`);
    /// - German and Danish reversed guillemets `»…«` and `›…‹`;
    /// - Japanese and Chinese corner brackets `「…」` and `『…』`.
    ///
    /// One finding per quotation: the span is the opening mark, the related span the closing
    /// mark, and the message names the probable source convention. The fix replaces the
    /// opener with `“` (or `‘`) and is unsafe: the closer needs `”` (or `’`) as well, and
    /// house styles differ. An opening `„` with no closer in its line is reported alone, at
    /// lower confidence; other unpaired marks are not reported.
    ///
    /// Left alone: quotations inside a sentence in another language, or whose content is
    /// (an untranslated German sentence with `„…“`: `untranslated-fragment` reports those),
    /// quotations of non-Latin text (`«Правда»`, `「東京物語」`) and marks next to Chinese or
    /// Japanese characters, `»` as a breadcrumb or menu separator (`Home » News`, spaces on
    /// both sides), pagination lines (`« Previous | Next »`), the ASCII `<<` `>>` and the
    /// math `≪ ≫`, and URLs and code spans.
    ///
    /// ## Why it matters
    ///
    /// English uses `“…”` (or straight quotes). Quotation marks of another typography are
    /// carried over when a translator or a translation tool keeps the source's punctuation,
    /// which makes them a direct trace of the source language, and they confuse tools that
    /// look for quotations in English text.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// The chancellor called the plan „a historic step“ on Monday.
    /// The so-called «yellow vests» protested again.
    /// He called it »a disaster« in an interview.
    /// The film 「Tokyo Story」 was shown again.
    /// ```
    ///
    /// Not flagged: `Die Zeitung schrieb: „Das ist ein guter Tag.“` (a German sentence),
    /// `the newspaper «Правда»`, `Home » News » World`, `x ≪ y`, `a << b`.
    ///
    /// ## Known false positives
    ///
    /// A short quotation of foreign words in an English sentence (`the slogan „Wir schaffen
    /// das“`) is reported when the function-word test cannot tell the quoted words apart from
    /// English; quoting the original with its own marks is sometimes deliberate.
    ///
    /// Measured (documents with at least one finding): de-en-htmt train: 0 of 389 native
    /// English documents, 0 of 366 human translations of German, 1 of 733 MT of original German
    /// (a `›…‹` pair), 0 of 784 MT of translated German; zh-en TED: 0 of 10 human and 0 of 65 MT
    /// documents. These corpora were normalized to English quotes before release, so the
    /// measurement says little about recall.
    pub struct ForeignQuoteStyle {
        code: "MT204",
        name: "foreign-quote-style",
        category: Typography,
        severity: Warning,
        summary: "Quotation marks of another language's typography („…“, «…», »…«, 「…」) in English text.",
        languages: ["en"],
        needs_non_ascii: true,
    }
}

/// A closing mark is looked for at most this far (bytes) after its opener, in the same line.
const MAX_QUOTE_BYTES: usize = 2000;

/// The closers an opener takes (in order of preference), the source convention of each, and
/// whether the opener must be followed by text (not a space).
fn closers(open: char) -> Option<(&'static [char], bool)> {
    Some(match open {
        '„' => (&['“', '”', '"'], true),
        '‚' => (&['‘', '’', '\''], true),
        '«' => (&['»'], false),
        '‹' => (&['›'], false),
        '»' => (&['«'], true),
        '›' => (&['‹'], true),
        '「' => (&['」'], false),
        '『' => (&['』'], false),
        _ => return None,
    })
}

/// The source convention a pair stands for.
fn convention(open: char, close: Option<char>) -> &'static str {
    match (open, close) {
        ('„', Some('“')) => "German, Czech or Slovak low-high quotes „…“",
        ('„', Some('”')) => "Polish, Romanian or Hungarian low-high quotes „…”",
        ('„', _) => "a German-style low opening quote „",
        ('‚', Some('‘')) => "German single low-high quotes ‚…‘",
        ('‚', _) => "Polish or Dutch single low-high quotes ‚…’",
        ('«', _) => "French, Russian or other European guillemets «…»",
        ('‹', _) => "French or Swiss single guillemets ‹…›",
        ('»', _) => "German or Danish reversed guillemets »…«",
        ('›', _) => "German single reversed guillemets ›…‹",
        ('「', _) => "Japanese or Chinese corner brackets 「…」",
        _ => "Japanese or Chinese double corner brackets 『…』",
    }
}

fn is_single(open: char) -> bool {
    matches!(open, '‚' | '‹' | '›')
}

/// Before an opener: start of text, a space, an opening bracket, a dash or a colon.
fn may_open_after(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | ':' | '/'))
}

/// The closer of `open` starting at `from`: the first of its closers before a line break,
/// another `open`, or the length limit. A single `’` or `'` must not be an apostrophe inside a
/// word (`don’t`).
fn find_closer(text: &str, from: usize, open: char, wanted: &[char]) -> Option<(usize, char)> {
    let end = (from + MAX_QUOTE_BYTES).min(text.len());
    for (i, c) in text[from..].char_indices() {
        let at = from + i;
        if at >= end || c == '\n' || c == open {
            break;
        }
        if wanted.contains(&c) {
            let apostrophe = matches!(c, '’' | '\'')
                && char_at(text, at + c.len_utf8()).is_some_and(char::is_alphanumeric);
            if !apostrophe {
                return Some((at, c));
            }
        }
    }
    None
}

/// True when the words of `tokens` read as another language than English: few English
/// function words and at least two of one other language.
fn is_foreign(tokens: &[Token], text: &str) -> bool {
    let sets = words::all_function_words();
    let mut words = 0usize;
    let mut counts = [0usize; 16];
    for t in tokens.iter().filter(|t| t.is_word()) {
        words += 1;
        let w = t.text(text);
        for (k, (_, set)) in sets.iter().enumerate().take(counts.len()) {
            if set.contains(w) {
                counts[k] += 1;
            }
        }
    }
    let en = sets
        .iter()
        .position(|(c, _)| *c == "en")
        .map_or(0, |k| counts[k]);
    let other = sets
        .iter()
        .enumerate()
        .take(counts.len())
        .filter(|(_, (c, _))| *c != "en")
        .map(|(k, _)| counts[k])
        .max()
        .unwrap_or(0);
    words >= 3 && en * 100 < words * 15 && other >= 2
}

impl Check for ForeignQuoteStyle {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let bytes = text.as_bytes();
        // Closers already paired, so that `«…»` does not make its `»` a reversed opener.
        let mut used: BTreeSet<usize> = BTreeSet::new();
        let mut last_sentence: Option<(usize, bool)> = None;
        // `„ ‚ ‹ ›` start with E2, `« »` with C2, the corner brackets with E3.
        for p in memchr::memchr3_iter(0xc2, 0xe2, 0xe3, bytes) {
            let Some(open) = char_at(text, p) else {
                continue;
            };
            let Some((wanted, tight)) = closers(open) else {
                continue;
            };
            if used.contains(&p) {
                continue;
            }
            let inner = p + open.len_utf8();
            let before = char_before(text, p);
            let after = char_at(text, inner);
            // The opener must stand before text: `»` between spaces is a separator.
            match after {
                None | Some('\n' | '\r') => continue,
                Some(c) if tight && c.is_whitespace() => continue,
                _ => {}
            }
            if matches!(open, '‚' | '»' | '›') && !may_open_after(before) {
                continue;
            }
            let closer = find_closer(text, inner, open, wanted);
            match closer {
                Some((at, _)) => {
                    used.insert(at);
                }
                None if open != '„' => continue,
                None => {}
            }
            let content_end = closer.map_or_else(
                || {
                    let mut e = (inner + 200).min(text.len());
                    while !text.is_char_boundary(e) {
                        e -= 1;
                    }
                    inner + text[inner..e].find('\n').unwrap_or(e - inner)
                },
                |(at, _)| at,
            );
            let content = &text[inner..content_end];
            let close_end = closer.map_or(content_end, |(at, c)| at + c.len_utf8());
            // Content: some letter or digit, the first letter Latin, no CJK around.
            let Some(first_letter) = content.chars().find(|c| c.is_alphanumeric()) else {
                continue;
            };
            if script(first_letter) != unicode_script::Script::Latin
                && !first_letter.is_ascii_digit()
            {
                continue;
            }
            if before.is_some_and(is_cjk_letter_or_fullwidth)
                || char_at(text, close_end).is_some_and(is_cjk_letter_or_fullwidth)
                || content.chars().any(is_cjk_letter_or_fullwidth)
            {
                continue;
            }
            // Pagination: `« Previous | Next »` alone on a line.
            if matches!(open, '«' | '‹') && content.contains('|') {
                continue;
            }
            // URLs and code.
            if doc.code_ranges().excludes(p) {
                continue;
            }
            // A quotation in, or of, another language.
            let tokens = doc.tokens();
            let sentences = doc.sentences();
            let s = sentences.partition_point(|s| (s.span.end as usize) <= p);
            // One verdict per sentence: a long line full of quotations is read once.
            let in_foreign_sentence = match last_sentence {
                Some((k, v)) if k == s => v,
                _ => {
                    let v = sentences
                        .get(s)
                        .is_some_and(|s| is_foreign(&tokens[s.tokens.clone()], text));
                    last_sentence = Some((s, v));
                    v
                }
            };
            if in_foreign_sentence || is_foreign(doc.tokens_in(inner, content_end), text) {
                continue;
            }
            let close_char = closer.map(|(_, c)| c);
            let (o, c) = if is_single(open) || open == '‚' {
                ("‘", "’")
            } else {
                ("“", "”")
            };
            let message = match close_char {
                Some(_) => format!(
                    "quotation in {} in English text; English uses {o}…{c}",
                    convention(open, close_char)
                ),
                None => format!(
                    "{} in English text (no closing mark in the line); English uses {o}…{c}",
                    convention(open, close_char)
                ),
            };
            let finding = cx
                .report(Span::new(p, inner), message)
                .confidence(if closer.is_some() { 0.8 } else { 0.5 })
                .fix(o, Applicability::Unsafe);
            if let Some((at, ch)) = closer {
                finding.related(Span::new(at, at + ch.len_utf8()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    fn pairs(text: &str) -> Vec<(String, Option<String>)> {
        findings("MT204", text)
            .into_iter()
            .map(|f| {
                (
                    f.span.slice(text).to_string(),
                    f.related.first().map(|r| r.slice(text).to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn pairs_openers_with_closers() {
        let p = |a: &str, b: &str| (a.to_string(), Some(b.to_string()));
        assert_eq!(
            pairs("He called it „a step“ and «a turn» and »a leap« today."),
            [p("„", "“"), p("«", "»"), p("»", "«")]
        );
        assert!(pairs("Home » News » World and more text here.").is_empty());
    }

    #[test]
    fn never_panics_on_edges() {
        for t in [
            "", "„", "«", "»", "‚", "「", "„“", "«»", "»«", "a„", "„\n“", "‚’", "«é»", "„ “",
        ] {
            let _ = pairs(t);
        }
    }
}
