//! GitHub Actions workflow commands: one `::warning file=…,line=…::message` line per finding,
//! which the Actions runner turns into annotations on the pull request.
//!
//! Values are escaped as the runner expects: `%`, `\r` and `\n` everywhere, and also `:` and `,`
//! inside properties. Columns count characters.

use super::located::Located;
use crate::config::Failure;
use crate::finding::Finding;
use crate::rule::Severity;
use crate::span::Span;
use crate::suppress::Warning;

/// The workflow command of a severity.
pub fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a message (the part after `::`).
pub fn escape_data(s: &str) -> String {
    escape(s, false)
}

/// Escapes a property value (`file=`, `title=`).
pub fn escape_property(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

/// The workflow command line of one finding.
pub fn finding(loc: &Located<'_>, f: &Finding) -> String {
    line(
        loc,
        f.span,
        f.severity,
        &format!("{} {}", f.rule.code, f.rule.name),
        &f.message,
    )
}

/// The workflow command line of a suppression warning.
pub fn warning(loc: &Located<'_>, w: &Warning) -> String {
    line(
        loc,
        w.span,
        Severity::Warning,
        &format!("mtlint {}", w.kind),
        &w.message,
    )
}

/// A file-level `::error` annotation (no line) for a document that fails the check.
pub fn failure(loc: &Located<'_>, f: &Failure) -> String {
    format!(
        "::error file={},title={}::{}",
        escape_property(loc.name),
        escape_property("mtlint document-fails"),
        escape_data(&format!("{} fails the check: {}", loc.name, f.describe())),
    )
}

fn line(loc: &Located<'_>, span: Span, severity: Severity, title: &str, message: &str) -> String {
    let (p, q) = loc.positions(span);
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        command(severity),
        escape_property(loc.name),
        p.line,
        p.column,
        q.line,
        q.column,
        escape_property(title),
        escape_data(message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
