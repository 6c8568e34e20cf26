//! rustc-style diagnostics for people: the source line, a caret under the span, the rule code,
//! the message and the suggested fix; then one summary line per document with its score and the
//! rules that contributed to it.

use std::fmt::Write as _;

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};

use super::located::{ellipsize, Located};
use crate::config::Failure;
use crate::finding::Finding;
use crate::rule::Severity;
use crate::span::Span;
use crate::suppress::Warning;
use crate::Report;

/// How findings are rendered.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Terminal width used to trim long source lines around the span.
    pub width: usize,
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// The source lines holding `span`, with the span marked, and the byte offset and length of
/// those lines in the text.
fn source_snippet<'a>(
    loc: &Located<'a>,
    span: Span,
) -> (Snippet<'a, Annotation<'a>>, usize, usize) {
    let text = loc.text();
    let first = loc.lines.line_of(span.start);
    let last = loc
        .lines
        .line_of(span.end.saturating_sub(1).max(span.start));
    let from = loc.lines.line_start(first) as usize;
    let to = loc.lines.line_span(last, text).end as usize;
    let source = &text[from..to.max(from)];
    let local = (span.start as usize - from)..(span.end as usize - from).min(source.len());
    let snippet = Snippet::source(source)
        .line_start(first + 1)
        .path(loc.name)
        .annotation(AnnotationKind::Primary.span(local));
    (snippet, from, source.len())
}

fn render(group: Group<'_>, style: Style) -> String {
    let report: [Group<'_>; 1] = [group];
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(style.width);
    renderer.render(&report)
}

/// Renders one finding with its source lines.
pub fn finding(loc: &Located<'_>, f: &Finding, style: Style) -> String {
    let (mut snippet, from, len) = source_snippet(loc, f.span);
    for r in f.related.iter().take(3) {
        let (a, b) = (r.start as usize, r.end as usize);
        if a >= from && b <= from + len {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(a - from..b - from)
                    .label("related"),
            );
        }
    }
    let mut group = level(f.severity)
        .primary_title(f.message.as_ref())
        .id(f.rule.code)
        .element(snippet);
    let help;
    if let Some(fix) = &f.fix {
        help = if fix.replacement.is_empty() {
            "remove it".to_string()
        } else {
            format!("replace with `{}`", ellipsize(&fix.replacement, 80))
        };
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let rule_note = format!(
        "{} ({}); `mtlint explain {}`",
        f.rule.name,
        f.rule.category.as_str(),
        f.rule.code
    );
    group = group.element(Level::NOTE.message(rule_note.as_str()));
    render(group, style)
}

/// Renders a warning about a suppression comment with its source line.
pub fn suppression_warning(loc: &Located<'_>, w: &Warning, style: Style) -> String {
    let (snippet, _, _) = source_snippet(loc, w.span);
    render(
        Level::WARNING
            .primary_title(w.message.as_str())
            .id(w.kind)
            .element(snippet),
        style,
    )
}

/// The one-line summary of a document.
pub fn summary(loc: &Located<'_>, report: &Report, failure: Option<&Failure>) -> String {
    let s = &report.score;
    let mt = match s.mt {
        Some(mt) => format!("mt {mt:.2} ({})", s.verdict.as_str()),
        None => format!("mt - ({}: no model for this language)", s.verdict.as_str()),
    };
    // With a baseline, the findings shown are the new ones; `mt` still counts them all.
    let findings = if report.baselined > 0 {
        format!(
            "{} ({} in the baseline, counted in mt)",
            crate::score::plural(report.findings.len(), "new finding"),
            report.baselined
        )
    } else {
        crate::score::plural(report.findings.len(), "finding")
    };
    let mut out = format!(
        "{}: {mt}, {}, language {}, {findings}",
        loc.name,
        crate::score::plural(report.words, "word"),
        report.language.code,
    );
    let flags = s.artifacts.flags();
    if !flags.is_empty() {
        let counts: Vec<String> = [
            ("scraped", s.artifacts.debris),
            ("encoding", s.artifacts.encoding),
            ("damaged-text", s.artifacts.artifact),
            ("typography", s.artifacts.typography),
        ]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(f, n)| format!("{f} ({n})"))
        .collect();
        let _ = write!(out, "; artifacts: {}", counts.join(", "));
    }
    if let Some(h) = &report.source_hint {
        let _ = write!(
            out,
            "; calques point to {} ({}) as the source language",
            h.name, h.language
        );
    }
    if loc.source.invalid_sequences > 0 {
        let _ = write!(
            out,
            "; not valid UTF-8: {} invalid sequence{} replaced by U+FFFD",
            loc.source.invalid_sequences,
            if loc.source.invalid_sequences == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    if !report.suppression_warnings.is_empty() {
        let n = report.suppression_warnings.len();
        let _ = write!(
            out,
            "; {n} suppression warning{}",
            if n == 1 { "" } else { "s" }
        );
    }
    if !report.rules_skipped.is_empty() {
        let _ = write!(
            out,
            "; {} rule{} skipped for language {}",
            report.rules_skipped.len(),
            if report.rules_skipped.len() == 1 {
                ""
            } else {
                "s"
            },
            report.language.code
        );
    }
    if let Some(f) = failure {
        let _ = write!(out, "\n  fails the check: {}", f.describe());
    }
    for r in &s.reasons {
        let _ = write!(out, "\n  {} {} mt: {}", r.strength, r.effect, r.text);
    }
    out
}
