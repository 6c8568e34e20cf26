//! Applying the fixes findings carry.
//!
//! [`fix`] checks a text, applies the applicable fixes that do not overlap (one pass builds the
//! new text from the edits in order), and checks again, until no fix applies or after
//! [`MAX_PASSES`] passes: a fix can reveal another one (a look-alike quote replaced, the
//! mismatch it hid shows up), and a fix that another fix undoes must not loop forever. In
//! Markdown and HTML the fixes are those [`markup::check`] kept, the ones whose span maps
//! exactly onto the original bytes.

use crate::finding::{Applicability, Finding};
use crate::markup::{self, Kind};
use crate::span::Span;
use crate::{Linter, Report, TooLarge};

/// The most check-and-fix passes over one text.
pub const MAX_PASSES: usize = 10;

/// One replacement in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit<'a> {
    pub span: Span,
    pub replacement: &'a str,
}

/// Whether a fix of this applicability is applied.
pub fn applies(a: Applicability, unsafe_fixes: bool) -> bool {
    match a {
        Applicability::Safe => true,
        Applicability::Unsafe => unsafe_fixes,
        Applicability::DisplayOnly => false,
    }
}

/// The edits of the findings' applicable fixes that change `text`, in order, without overlaps:
/// of two fixes touching the same bytes (or inserting at the same place) the first is taken.
pub fn edits<'f>(text: &str, findings: &'f [Finding], unsafe_fixes: bool) -> Vec<Edit<'f>> {
    let mut all: Vec<Edit<'f>> = findings
        .iter()
        .filter_map(|f| {
            let fix = f.fix.as_ref()?;
            let changes = text.get(f.span.range()) != Some(fix.replacement.as_str());
            (applies(fix.applicability, unsafe_fixes) && changes).then(|| Edit {
                span: if fix.replacement.is_empty() {
                    tidy_deletion(text, f.span)
                } else {
                    f.span
                },
                replacement: &fix.replacement,
            })
        })
        .collect();
    all.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out: Vec<Edit<'f>> = Vec::with_capacity(all.len());
    for e in all {
        let free = match out.last() {
            None => true,
            Some(last) => {
                e.span.start >= last.span.end
                    && !(e.span.start == last.span.start
                        && (e.span.is_empty() || last.span.is_empty()))
            }
        };
        if free
            && text.is_char_boundary(e.span.start as usize)
            && text.is_char_boundary(e.span.end as usize)
        {
            out.push(e);
        }
    }
    out
}

/// What a deletion removes so that no stray space or empty line is left: after a line start or
/// a space, the spaces and tabs that follow; a line left empty, with its line break; and of
/// the blank lines around a removed line, one (the text before and after stays a paragraph
/// apart, not two).
fn tidy_deletion(text: &str, span: Span) -> Span {
    let (mut start, mut end) = (span.start as usize, span.end as usize);
    if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return span;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let after_space = text[..start].ends_with([' ', '\t']);
    if !(after_space || text[line_start..start].trim().is_empty()) {
        return span;
    }
    end = text.len() - text[end..].trim_start_matches([' ', '\t']).len();
    if !text[line_start..start].trim().is_empty() {
        return Span::new(start, end);
    }
    let line_break = |at: usize| -> Option<usize> {
        let rest = &text[at..];
        if rest.starts_with("\r\n") {
            Some(2)
        } else if rest.starts_with('\n') {
            Some(1)
        } else {
            None
        }
    };
    let Some(n) = line_break(end).or((end == text.len()).then_some(0)) else {
        return Span::new(start, end);
    };
    start = line_start;
    end += n;
    // Of a blank line (or the start of the text) before and a blank line (or the end of the
    // text) after, one goes.
    let prev_start = text[..line_start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let blank_before = line_start == 0 || text[prev_start..line_start].trim().is_empty();
    let spaces = text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len();
    match line_break(end + spaces) {
        Some(n) if blank_before => end += spaces + n,
        None if blank_before && end + spaces == text.len() && line_start > 0 => start = prev_start,
        _ => {}
    }
    Span::new(start, end)
}

/// `text` with non-overlapping, ordered edits applied.
pub fn apply(text: &str, edits: &[Edit<'_>]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start as usize]);
        out.push_str(e.replacement);
        at = e.span.end as usize;
    }
    out.push_str(&text[at..]);
    out
}

/// A fixed text.
#[derive(Debug)]
pub struct Fixed {
    pub text: String,
    /// Fixes applied over all passes.
    pub applied: usize,
    /// Check passes run (the last one found nothing more to apply, unless the limit was hit).
    pub passes: usize,
    /// The report on the fixed text.
    pub report: Report,
}

/// Checks `text` and applies its fixes until none applies (at most [`MAX_PASSES`] passes).
pub fn fix(linter: &Linter, text: &str, kind: Kind, unsafe_fixes: bool) -> Result<Fixed, TooLarge> {
    let mut text = text.to_string();
    let mut applied = 0;
    for pass in 1..=MAX_PASSES {
        let report = markup::check(linter, &text, kind)?;
        let edits = edits(&text, &report.findings, unsafe_fixes);
        if edits.is_empty() || pass == MAX_PASSES {
            return Ok(Fixed {
                text,
                applied,
                passes: pass,
                report,
            });
        }
        applied += edits.len();
        text = apply(&text, &edits);
    }
    unreachable!("the last pass returns")
}

/// A unified diff between two versions of the file `name` (empty when they are equal).
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit<'_> {
        Edit {
            span: Span::new(start, end),
            replacement,
        }
    }

    #[test]
    fn deletions_leave_no_stray_space_or_blank_line() {
        let tidy = |text: &str, from: &str, len: usize| {
            let start = text.find(from).unwrap();
            let span = tidy_deletion(text, Span::new(start, start + len));
            apply(text, &[edit(span.start as usize, span.end as usize, "")])
        };
        // A line of its own, between paragraphs: one blank line stays.
        assert_eq!(tidy("One.\n\nAd\n\nTwo.\n", "Ad", 2), "One.\n\nTwo.\n");
        // The first line, and the last.
        assert_eq!(tidy("Ad\nOne.\n", "Ad", 2), "One.\n");
        assert_eq!(tidy("Ad\n\nOne.\n", "Ad", 2), "One.\n");
        assert_eq!(tidy("One.\n\nAd\n", "Ad", 2), "One.\n");
        assert_eq!(
            tidy("One.\r\n\r\nAd\r\n\r\nTwo.", "Ad", 2),
            "One.\r\n\r\nTwo."
        );
        // A label before text on its line: the space after it goes too.
        assert_eq!(tidy("Read more: Talks\n", "Read", 10), "Talks\n");
        assert_eq!(tidy("One. Ad Two.", "Ad", 2), "One. Two.");
        // Glued to a word: only the span.
        assert_eq!(tidy("agreed.Ad x", "Ad", 2), "agreed. x");
    }

    #[test]
    fn apply_in_order() {
        let text = "abcdef";
        assert_eq!(
            apply(text, &[edit(0, 1, "A"), edit(3, 3, "-"), edit(4, 6, "")]),
            "Abc-d"
        );
        assert_eq!(apply(text, &[]), text);
    }

    #[test]
    fn fixes_converge_and_a_second_run_changes_nothing() {
        let linter = Linter::new();
        let text = "He said thatIf no progress is made, talks will end.\nThe minister said so.It was late.\n";
        let once = fix(&linter, text, Kind::Text, false).unwrap();
        assert!(once.applied >= 2, "{once:?}");
        assert!(
            once.text.contains("that if") && once.text.contains("so. It"),
            "{}",
            once.text
        );
        let twice = fix(&linter, &once.text, Kind::Text, false).unwrap();
        assert_eq!(twice.applied, 0);
        assert_eq!(twice.text, once.text);
        assert_eq!(twice.passes, 1);
    }

    #[test]
    fn diff_is_unified() {
        let d = unified_diff("a.txt", "one\ntwo\n", "one\n2\n");
        assert!(d.starts_with("--- a.txt\n+++ a.txt\n@@"), "{d}");
        assert!(d.contains("-two\n+2\n"), "{d}");
        assert_eq!(unified_diff("a.txt", "x", "x"), "");
    }
}
