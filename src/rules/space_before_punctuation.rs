use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::chars::char_at;
use crate::text::tokenize::{Token, TokenKind};

declare_rule! {
    /// ## What it finds
    ///
    /// A space before `, . ; : ! ?` or a closing `)`, or after an opening `(`, in English
    /// prose. Two habits leave it there:
    ///
    /// - French typography, which sets a (no-break) space before the two-part marks
    ///   `; : ! ?` (`Attention : il faut`), often typed as U+00A0 NO-BREAK SPACE or U+202F
    ///   NARROW NO-BREAK SPACE, which a translation keeps;
    /// - tokenized text that was never detokenized (`the president , who said .`), from
    ///   translation and NLP pipelines that split punctuation off words.
    ///
    /// The span is the whitespace and the mark (or the `(` and the whitespace); the fix removes
    /// the space and is safe.
    ///
    /// This is document-level evidence of a habit: a lone space before a comma, full stop or
    /// bracket is an ordinary typo, frequent in edited native English, so such a space is
    /// reported only when the document has another occurrence. A lone space before `; : ! ?`
    /// is reported at low confidence, and a no-break or narrow no-break space (which nobody
    /// types by accident) always.
    ///
    /// Left alone: ellipses (` ...`, `. . .`), a mark glued to the next word (` .NET`, ` .com`,
    /// ` .38`, ` !important`, `:)`, `;)`, emoji shortcodes ` :smile:`), a mark at the start of a
    /// line (list bullets), times and ratios with digits on both sides (`3 : 1`, `16 : 12`),
    /// a colon between one-letter operands (`x : y`, `A : B`, interview `Q :` labels), a colon
    /// after two or more spaces (aligned `key   : value` listings), tabs (tables), and URLs and
    /// backtick code spans.
    ///
    /// ## Why it matters
    ///
    /// English sets `, . ; : ! ?` right after the word. A space before them in English text is
    /// a mark of a French source kept by the translator or the tool, or of machine-generated
    /// text from a tokenizing pipeline; both are evidence about where the text came from, and
    /// tokenized punctuation also breaks search and n-gram statistics.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// Attention : the offer ends on Friday !
    /// The president , who spoke on Monday , said the talks would continue .
    /// Note[U+00A0]: the museum is closed.
    /// Germany ( and France ) agreed , officials said.
    /// ```
    ///
    /// Not flagged: `He paused ... then left.`, `built on .NET`, `visit example .com`,
    /// `won 3 : 1`, `x : y`, `:) great`, `color: red !important`, `- item` lists, and one
    /// stray `the agency said . The` in a document with no other occurrence.
    ///
    /// ## Known false positives
    ///
    /// Two stray typos in one document are taken for a habit; code outside backticks
    /// (`f( x )`) and plain-text tables with single spaces before colons are reported.
    ///
    /// Measured (documents with at least one finding): de-en-htmt train: native English 0 of
    /// 389 (0.0 %), human translations of German 0 of 366, MT of original German 3 of 733
    /// (0.4 %), MT of translated German 12 of 784 (1.5 %); zh-en TED: human 0 of 10, MT 1 of 65.
    /// Reporting lone spaces before `,` `.` `)` as well would flag 4 of 389 native documents
    /// (1.0 %), 3 of 366 human translations, 16 of 733 and 80 of 784 MT documents, and 3 of 65
    /// TED MT documents: more recall, but over the 1 % budget for native text.
    pub struct SpaceBeforePunctuation {
        code: "MT206",
        name: "space-before-punctuation",
        category: Typography,
        severity: Warning,
        summary: "A space before `, . ; : ! ?` or `)`, or after `(` (French spacing or tokenized text).",
        languages: ["en"],
    }
}

/// One occurrence: its span, the mark, and whether the space is a no-break one.
#[derive(Clone, Copy, Debug)]
struct Hit {
    span: Span,
    mark: u8,
    nbsp: bool,
}

/// The spaces that may separate a word from the mark: space, no-break space, narrow no-break
/// space, thin space. Tabs are left out (tables).
#[inline]
fn is_gap_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// The gap between two tokens, if it is made only of [`is_gap_space`] characters: (ASCII spaces,
/// whether a non-ASCII space is in it).
fn gap(text: &str, from: usize, to: usize) -> Option<(usize, bool)> {
    let g = text.get(from..to)?;
    if g.is_empty() || !g.chars().all(is_gap_space) {
        return None;
    }
    let ascii = g.bytes().filter(|&b| b == b' ').count();
    Some((ascii, ascii != g.len()))
}

/// A token that a mark may follow in running text: a word, a number, a closing quote or bracket.
fn ends_word(t: &Token, text: &str) -> bool {
    match t.kind {
        TokenKind::Word | TokenKind::Number => true,
        TokenKind::Punct => matches!(t.text(text), "\"" | "”" | "’" | ")" | "]"),
        TokenKind::Symbol => false,
    }
}

/// After the mark: what may follow it for the space before it to be a spacing habit.
fn follows_ok(mark: u8, next: Option<char>) -> bool {
    let Some(n) = next else { return true };
    if n.is_whitespace() {
        return true;
    }
    match mark {
        // `,creates` is the same habit; `,000` and `,,` are something else.
        b',' => n.is_alphabetic() || matches!(n, '"' | '”' | '’'),
        b'.' => matches!(n, '"' | '”' | '’' | ')'),
        // Not `:)` or `;)`.
        b';' | b':' => matches!(n, '"' | '”' | '’'),
        b'!' | b'?' => matches!(n, '"' | '”' | '’' | ')' | '!' | '?'),
        b')' => matches!(n, '.' | ',' | ';' | ':' | '!' | '?' | '"' | '”' | '’'),
        _ => false,
    }
}

/// The candidate occurrences of the document, in order.
fn candidates(text: &str, tokens: &[Token], out: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Punct || t.span.len() != 1 {
            continue;
        }
        let at = t.span.start as usize;
        let mark = bytes[at];
        if mark == b'(' {
            // `( word`: an opening bracket after a space (or at a line start), then a space.
            let Some(next) = tokens.get(i + 1) else {
                continue;
            };
            if !next.space_before
                || next.line_start
                || !matches!(next.kind, TokenKind::Word | TokenKind::Number)
            {
                continue;
            }
            let opens = i == 0 || t.space_before;
            if !opens {
                continue;
            }
            if let Some((ascii, nbsp)) = gap(text, at + 1, next.span.start as usize) {
                // `(  ` with several spaces is layout.
                if ascii <= 1 {
                    out.push(Hit {
                        span: Span::new(at, next.span.start as usize),
                        mark,
                        nbsp,
                    });
                }
            }
            continue;
        }
        if !matches!(mark, b',' | b'.' | b';' | b':' | b'!' | b'?' | b')')
            || !t.space_before
            || t.line_start
            || i == 0
        {
            continue;
        }
        let prev = &tokens[i - 1];
        if !ends_word(prev, text) {
            continue;
        }
        let Some((ascii, nbsp)) = gap(text, prev.span.end as usize, at) else {
            continue;
        };
        let after = char_at(text, at + 1);
        if !follows_ok(mark, after) {
            continue;
        }
        match mark {
            // Spaced ellipsis `. . .`.
            b'.' if text[at + 1..].trim_start_matches(' ').starts_with('.') => continue,
            b':' => {
                if ascii >= 2 {
                    continue;
                }
                let next = tokens.get(i + 1);
                let digits = prev.kind == TokenKind::Number
                    && next.is_some_and(|n| n.kind == TokenKind::Number);
                if digits || prev.span.len() == 1 && prev.kind == TokenKind::Word {
                    continue;
                }
            }
            b')' if prev.text(text) == ")" => continue,
            _ => {}
        }
        // A space doubled before a mark is more often layout than habit, except the French
        // no-break spaces.
        if ascii > 1 {
            continue;
        }
        out.push(Hit {
            span: Span::new(prev.span.end as usize, at + 1),
            mark,
            nbsp,
        });
    }
}

impl Check for SpaceBeforePunctuation {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let mut hits = Vec::new();
        candidates(text, doc.tokens(), &mut hits);
        if hits.is_empty() {
            return;
        }
        let code = doc.code_ranges();
        if !code.excluded.is_empty() {
            hits.retain(|h| !code.excludes(h.span.start as usize));
        }
        let habit = hits.len() >= 2;
        let confidence = match hits.len() {
            0 => return,
            1 => 0.4,
            2 => 0.6,
            _ => 0.8,
        };
        for h in hits {
            let french = matches!(h.mark, b';' | b':' | b'!' | b'?');
            if !(habit || h.nbsp || french) {
                continue;
            }
            let m = h.mark as char;
            let (message, replacement) = if h.mark == b'(' {
                (
                    "space after `(`: tokenized text (English sets no space inside brackets)"
                        .into(),
                    "(".to_string(),
                )
            } else if h.nbsp {
                (
                    format!("no-break space before `{m}`: French typographic spacing; English sets the mark right after the word"),
                    m.to_string(),
                )
            } else if french {
                (
                    format!("space before `{m}`: French spacing (or tokenized text); English sets the mark right after the word"),
                    m.to_string(),
                )
            } else {
                (
                    format!("space before `{m}`: tokenized text that was never detokenized"),
                    m.to_string(),
                )
            };
            let c = if h.nbsp { 0.9 } else { confidence };
            cx.report(h.span, message)
                .confidence(c)
                .fix(replacement, Applicability::Safe);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::spans_and_fixes;

    #[test]
    fn spans_and_fixes_remove_the_space() {
        assert_eq!(
            spans_and_fixes("MT206", "He left , she said ( twice ) ."),
            [
                (" ,".to_string(), Some(",".to_string())),
                ("( ".to_string(), Some("(".to_string())),
                (" )".to_string(), Some(")".to_string())),
                (" .".to_string(), Some(".".to_string())),
            ]
        );
        assert!(spans_and_fixes("MT206", "One stray , comma here.").is_empty());
        assert_eq!(spans_and_fixes("MT206", "Note\u{a0}: closed.").len(), 1);
    }

    #[test]
    fn never_panics_on_edges() {
        for t in [
            "", " ", ",", " ,", "( ", "(", " )", "a ( ", "a :", "1 :", "a\u{a0}", "\u{a0};",
        ] {
            let _ = spans_and_fixes("MT206", t);
        }
    }
}
