use std::sync::OnceLock;

use crate::declare_rule;
use crate::document::Document;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::chars::{char_at, char_before, non_ascii};
use crate::text::data::{data_file, DataFile};

declare_rule! {
    /// ## What it finds
    ///
    /// The replacement character U+FFFD (�), which a decoder writes where it met bytes that
    /// were not valid in the encoding it assumed; a run of them is one finding. mtlint's own
    /// input reader does the same for invalid UTF-8, so this also reports damage in the file
    /// being checked. After the first 20 runs, one summarising finding covers the rest.
    ///
    /// Also a question mark inside a capitalised name where a non-ASCII letter was replaced by
    /// "?" on the way through a single-byte encoding ("Zelensk?y", "Gda?sk", "Wroc?aw"): one or
    /// two "?" between a letter and a lowercase letter, in a word that is not part of a URL,
    /// and not a glued question ("Really?yes" is left to the spacing rules).
    ///
    /// ## Why it matters
    ///
    /// A replacement character means information was lost: the original letter cannot be
    /// recovered from the text. It shows that the document was decoded with the wrong
    /// encoding somewhere in its history, and the damaged words (often names) will be wrong in
    /// any translation or search index built from it.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// President Zelensk�y said
    /// The talks in Gda?sk ended.
    /// ```
    ///
    /// Not flagged: a question mark ending a question ("Why? Because."), URLs with a query
    /// string ("page.php?id=5"), and "?" before a capital letter.
    ///
    /// ## Known false positives
    ///
    /// Texts that discuss the replacement character itself, and a question glued to a
    /// lowercase answer after a capitalised word ("Sorry?no") when the answer is not one of
    /// the common words the rule knows.
    pub struct ReplacementCharacter {
        code: "MT304",
        name: "replacement-character",
        category: Encoding,
        severity: Error,
        summary: "U+FFFD replacement characters, or '?' standing for a lost letter.",
        languages: [],
    }
}

/// Runs reported one by one before the rest is summarised in one finding.
pub const MAX_FINDINGS: usize = 20;

/// Common words that can follow a glued question mark ("Really?yes"); a lost letter is not
/// assumed before them.
const GLUED_ANSWERS: DataFile = data_file!("glued_answers.txt");

fn glued_answers() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| GLUED_ANSWERS.words().collect())
}

/// Characters that make a word part of a URL, a path or code.
fn is_technical(c: char) -> bool {
    matches!(
        c,
        '/' | '\\' | '=' | '&' | '@' | ':' | '%' | '_' | '#' | '.' | '?' | '+' | '~' | '<' | '>'
    )
}

/// Finds "?" standing for a lost letter: returns the spans of the "?" runs.
fn lost_letters(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'?', &bytes[from..]).map(|i| from + i) {
        let mut j = i + 1;
        while j < bytes.len() && bytes[j] == b'?' {
            j += 1;
        }
        from = j;
        if j - i > 2 {
            continue;
        }
        if let Some(span) = lost_letter_at(text, i, j) {
            out.push(span);
        }
    }
    out
}

fn lost_letter_at(text: &str, q: usize, q_end: usize) -> Option<Span> {
    let prev = char_before(text, q)?;
    let next = char_at(text, q_end)?;
    if !prev.is_alphabetic() || !next.is_lowercase() {
        return None;
    }
    // The letters on each side, and what stands beyond them.
    let left_len: usize = text[..q]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    let right_len: usize = text[q_end..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    let left = &text[q - left_len..q];
    let right = &text[q_end..q_end + right_len];
    if left.chars().count() < 2
        || right.chars().count() > 12
        || !left.starts_with(char::is_uppercase)
        || !right.chars().all(char::is_lowercase)
    {
        return None;
    }
    if glued_answers().contains(&right) {
        return None;
    }
    let before = char_before(text, q - left_len);
    if before.is_some_and(|c| is_technical(c) || c.is_alphanumeric()) {
        return None;
    }
    let after_at = q_end + right_len;
    match char_at(text, after_at) {
        None => {}
        Some(c) if c.is_whitespace() => {}
        Some('.' | '?' | '!') => {
            // Sentence punctuation, not a domain name or a query string.
            let beyond = char_at(text, after_at + 1);
            if beyond.is_some_and(|c| !c.is_whitespace() && !matches!(c, '"' | '’' | '”' | ')'))
            {
                return None;
            }
        }
        Some(c) if is_technical(c) || c.is_alphanumeric() => return None,
        Some(_) => {}
    }
    Some(Span::new(q, q_end))
}

impl Check for ReplacementCharacter {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let mut runs: Vec<Span> = Vec::new();
        if !text.is_ascii() {
            for (at, c) in non_ascii(text) {
                if c != '\u{fffd}' {
                    continue;
                }
                let end = at + c.len_utf8();
                match runs.last_mut() {
                    Some(last) if last.end as usize == at => last.end = end as u32,
                    _ => runs.push(Span::new(at, end)),
                }
            }
        }
        for &span in runs.iter().take(MAX_FINDINGS) {
            let n = span.len() / '\u{fffd}'.len_utf8();
            let message = if n == 1 {
                "replacement character U+FFFD: a character was lost when the text was decoded \
                 with the wrong encoding"
                    .to_string()
            } else {
                format!(
                    "{n} replacement characters U+FFFD: characters were lost when the text was \
                     decoded with the wrong encoding"
                )
            };
            cx.report(span, message);
        }
        if runs.len() > MAX_FINDINGS {
            let rest = &runs[MAX_FINDINGS..];
            cx.report(
                rest[0].cover(rest[rest.len() - 1]),
                format!(
                    "{} more runs of replacement characters U+FFFD after the first \
                     {MAX_FINDINGS}",
                    rest.len()
                ),
            );
        }
        for span in lost_letters(text) {
            cx.report(
                span,
                "'?' inside a name: a non-ASCII letter was probably lost when the text passed \
                 through a single-byte encoding",
            )
            .confidence(0.6);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lost(text: &str) -> Vec<&str> {
        lost_letters(text)
            .into_iter()
            .map(|s| s.slice(text))
            .collect()
    }

    #[test]
    fn question_marks_for_lost_letters() {
        assert_eq!(lost("President Zelensk?y said"), vec!["?"]);
        assert_eq!(lost("in Gda?sk."), vec!["?"]);
        assert_eq!(lost("Wroc??aw"), vec!["??"]);
        assert!(lost("Why? Because.").is_empty());
        assert!(lost("Really?yes").is_empty());
        assert!(lost("see page.php?id=5").is_empty());
        assert!(lost("example.com/Search?query").is_empty());
        assert!(lost("What?The").is_empty());
        assert!(lost("what?is").is_empty());
        assert!(lost("Gda???sk").is_empty());
        assert!(lost("?").is_empty());
        assert!(lost("a?").is_empty());
    }
}
