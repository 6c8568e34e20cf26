//! Helpers for the rules' unit tests.

use crate::{Finding, Linter};

/// The findings of one rule (code or name) on `text`, with language detection as in use.
pub fn findings(rule: &str, text: &str) -> Vec<Finding> {
    Linter::new()
        .select(&[rule])
        .expect("a known rule")
        .check(text)
        .expect("a small text")
        .findings
}

/// The flagged text of each finding.
pub fn texts<'t>(rule: &str, text: &'t str) -> Vec<&'t str> {
    findings(rule, text)
        .into_iter()
        .map(|f| &text[f.span.range()])
        .collect()
}

/// The flagged text and the fix's replacement of each finding.
pub fn spans_and_fixes(rule: &str, text: &str) -> Vec<(String, Option<String>)> {
    findings(rule, text)
        .into_iter()
        .map(|f| (f.span.slice(text).to_string(), f.fix.map(|x| x.replacement)))
        .collect()
}
