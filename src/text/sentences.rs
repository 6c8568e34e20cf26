//! Sentence segmentation over tokens.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it) when the
//! next token is separated by whitespace and could start a sentence, and at every line break.
//! Abbreviations ("Mr.", "U.S.", initials) do not end a sentence unless a line break follows.
//! This is a heuristic tuned for news prose, not a full segmenter; rules that need certainty
//! about sentence ends check the local context themselves.

use crate::span::Span;
use crate::text::chars::is_closer_any_style;
use crate::text::tokenize::{Token, TokenKind};

/// A sentence: its byte span and the range of its tokens in [`Document::tokens`](crate::Document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: std::ops::Range<usize>,
}

/// Words after which a period does not end the sentence (compared case-sensitively). A match
/// rather than a list: each arm compares a known length, without a call per word.
fn is_listed_abbreviation(w: &str) -> bool {
    matches!(
        w,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "St"
            | "Sr"
            | "Jr"
            | "Gen"
            | "Col"
            | "Lt"
            | "Sgt"
            | "Capt"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Rev"
            | "Hon"
            | "No"
            | "Nos"
            | "vs"
            | "etc"
            | "e.g"
            | "i.e"
            | "cf"
            | "al"
            | "approx"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Inc"
            | "Ltd"
            | "Co"
            | "Corp"
            | "Mt"
            | "Ft"
            | "Ave"
            | "Blvd"
            | "Dept"
            | "Univ"
            | "Fig"
            | "Vol"
            | "pp"
            | "ca"
    )
}

fn is_terminal(s: &str) -> bool {
    match s.as_bytes() {
        // Most punctuation is one ASCII byte: decided without comparing strings.
        [b] => matches!(b, b'.' | b'!' | b'?'),
        _ => matches!(s, "…" | "。" | "！" | "？"),
    }
}

/// True when the word before a period is an abbreviation or an initial ("U" in "U.S.", "J" in
/// "J. D.").
fn is_abbreviation(tokens: &[Token], dot: usize, text: &str) -> bool {
    if dot == 0 {
        return false;
    }
    let prev = tokens[dot - 1];
    if prev.kind != TokenKind::Word || tokens[dot].span.start != prev.span.end {
        return false;
    }
    let w = prev.text(text);
    if is_listed_abbreviation(w) {
        return true;
    }
    // A single letter: an initial or part of a dotted abbreviation (U.S., Ph.D.).
    let mut chars = w.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// Splits the tokens into sentences.
pub fn split(tokens: &[Token], text: &str) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(tokens.len() / 20 + 1);
    let mut start = 0usize;
    let mut i = 0usize;
    let push = |out: &mut Vec<Sentence>, from: usize, to: usize| {
        if from < to {
            out.push(Sentence {
                span: Span {
                    start: tokens[from].span.start,
                    end: tokens[to - 1].span.end,
                },
                tokens: from..to,
            });
        }
    };
    while i < tokens.len() {
        let t = tokens[i];
        if i > start && t.line_start {
            push(&mut out, start, i);
            start = i;
        }
        if t.kind == TokenKind::Punct && is_terminal(t.text(text)) {
            let mut end = i + 1;
            // Runs of terminal punctuation ("?!", "...") and closing quotes stay with the sentence.
            while end < tokens.len()
                && !tokens[end].space_before
                && tokens[end].kind == TokenKind::Punct
                && (is_terminal(tokens[end].text(text))
                    || is_closer_any_style(tokens[end].text(text)))
            {
                end += 1;
            }
            let boundary = match tokens.get(end) {
                None => true,
                Some(next) if next.line_start => true,
                Some(next) if !next.space_before => false,
                Some(next) => {
                    let starts_upper =
                        next.text(text).chars().next().is_some_and(|c| {
                            c.is_uppercase() || c.is_numeric() || !c.is_alphabetic()
                        });
                    starts_upper && !(t.text(text) == "." && is_abbreviation(tokens, i, text))
                }
            };
            if boundary {
                push(&mut out, start, end);
                start = end;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push(&mut out, start, tokens.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    fn sentences(text: &str) -> Vec<&str> {
        let toks = tokenize(text);
        split(&toks, text)
            .into_iter()
            .map(|s| s.span.slice(text))
            .collect()
    }

    #[test]
    fn splits_on_terminal_punctuation_and_lines() {
        assert_eq!(
            sentences("He left. She stayed!\nA headline\n“Go.” Then"),
            vec!["He left.", "She stayed!", "A headline", "“Go.”", "Then"]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            sentences("Mr. Rubio met U.S. officials and J. D. Vance. Then he left."),
            vec![
                "Mr. Rubio met U.S. officials and J. D. Vance.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn lowercase_continuation_and_glued_text_do_not_split() {
        assert_eq!(
            sentences("It cost 3.5 m. in total"),
            vec!["It cost 3.5 m. in total"]
        );
        assert_eq!(
            sentences("came to Paris.It is"),
            vec!["came to Paris.It is"]
        );
    }
}
