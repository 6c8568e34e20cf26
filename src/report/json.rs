//! JSON shapes of documents, findings and batch records. Field names are part of mtlint's
//! interface: add fields, never rename them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::located::Located;
use crate::config::Failure;
use crate::finding::Finding;
use crate::rule::{Category, Severity};
use crate::score::{Contribution, Verdict};
use crate::suppress::Warning;
use crate::Report;

#[derive(Debug, Serialize)]
pub struct RelatedOut<'a> {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub text: &'a str,
}

#[derive(Debug, Serialize)]
pub struct FindingOut<'a> {
    pub code: &'static str,
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// Byte offsets into the original input (file or record text).
    pub start: usize,
    pub end: usize,
    /// One-based line and one-based column in characters.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub text: &'a str,
    pub message: &'a str,
    pub suggestion: Option<&'a str>,
    pub fix_applicability: Option<crate::finding::Applicability>,
    pub confidence: f32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedOut<'a>>,
}

pub fn finding_out<'a>(loc: &Located<'a>, f: &'a Finding) -> FindingOut<'a> {
    let text = loc.text();
    let (start, end) = loc.original_range(f.span);
    let p = loc.lines.position(f.span.start, text);
    let q = loc.lines.position(f.span.end, text);
    FindingOut {
        code: f.rule.code,
        rule: f.rule.name,
        category: f.rule.category,
        severity: f.severity,
        start,
        end,
        line: p.line,
        column: p.column,
        end_line: q.line,
        end_column: q.column,
        text: f.span.slice(text),
        message: &f.message,
        suggestion: f.fix.as_ref().map(|x| x.replacement.as_str()),
        fix_applicability: f.fix.as_ref().map(|x| x.applicability),
        confidence: f.confidence,
        related: f
            .related
            .iter()
            .map(|&s| {
                let (start, end) = loc.original_range(s);
                let p = loc.lines.position(s.start, text);
                RelatedOut {
                    start,
                    end,
                    line: p.line,
                    column: p.column,
                    text: s.slice(text),
                }
            })
            .collect(),
    }
}

/// `mtlint check --format json`: one object per document.
#[derive(Debug, Serialize)]
pub struct DocumentOut<'a> {
    pub path: &'a str,
    /// Whether the document fails the check (what the exit code counts).
    pub failed: bool,
    /// Why it fails: `mt` at or above `fail-at`, findings at or above `fail-on`, artifacts of
    /// `fail-on-artifacts` categories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<&'a Failure>,
    #[serde(flatten)]
    pub answers: AnswersOut,
    /// The largest contributions to `mt`, in words.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub reasons: &'a [crate::score::Reason],
    pub language: &'static str,
    /// The source language the document's calques point to, with the evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_hint: Option<&'a crate::calques::SourceHint>,
    pub words: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub encoding_errors: usize,
    pub findings: Vec<FindingOut<'a>>,
    pub contributions: &'a [Contribution],
    /// Style features and their share of `mt` (documents the model applies to).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub features: &'a [crate::score::FeatureContribution],
    /// Style patterns and their share of `mt` (the largest, with reasons asked for).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub patterns: &'a [crate::score::PatternContribution],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub rules_skipped: &'a [&'static str],
    /// Problems with suppression comments (unused, unknown rules).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppression_warnings: Vec<WarningOut<'a>>,
    /// Findings left out because the baseline records them.
    #[serde(skip_serializing_if = "is_zero")]
    pub baselined: usize,
}

#[derive(Debug, Serialize)]
pub struct WarningOut<'a> {
    pub kind: &'static str,
    pub message: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

pub fn warning_out<'a>(loc: &Located<'a>, w: &'a Warning) -> WarningOut<'a> {
    let (start, end) = loc.original_range(w.span);
    let p = loc.lines.position(w.span.start, loc.text());
    WarningOut {
        kind: w.kind,
        message: &w.message,
        start,
        end,
        line: p.line,
        column: p.column,
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

pub fn document_out<'a>(
    loc: &Located<'a>,
    report: &'a Report,
    failure: Option<&'a Failure>,
) -> DocumentOut<'a> {
    DocumentOut {
        path: loc.name,
        failed: failure.is_some(),
        failure,
        answers: answers_out(&report.score),
        reasons: &report.score.reasons,
        language: report.language.code,
        source_hint: report.source_hint.as_ref(),
        words: report.words,
        encoding_errors: loc.source.invalid_sequences,
        findings: report
            .findings
            .iter()
            .map(|f| finding_out(loc, f))
            .collect(),
        contributions: &report.score.contributions,
        features: &report.score.features,
        patterns: &report.score.patterns,
        rules_skipped: &report.rules_skipped,
        suppression_warnings: report
            .suppression_warnings
            .iter()
            .map(|w| warning_out(loc, w))
            .collect(),
        baselined: report.baselined,
    }
}

/// `mtlint score`: one compact record per input record.
#[derive(Debug, Serialize)]
pub struct RecordOut<'a> {
    pub id: &'a serde_json::value::RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(flatten)]
    pub answers: AnswersOut,
    pub language: &'static str,
    /// The source-language code the calques point to (`"zh"`), when they point to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_hint: Option<&'a str>,
    pub words: usize,
    pub counts: BTreeMap<&'static str, usize>,
    #[serde(skip_serializing_if = "is_zero")]
    pub encoding_errors: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<FindingOut<'a>>>,
}

pub fn record_out<'a>(
    id: &'a serde_json::value::RawValue,
    line: Option<usize>,
    loc: &Located<'a>,
    report: &'a Report,
    with_findings: bool,
) -> RecordOut<'a> {
    let mut counts = BTreeMap::new();
    for f in &report.findings {
        *counts.entry(f.rule.code).or_insert(0) += 1;
    }
    RecordOut {
        id,
        line,
        answers: answers_out(&report.score),
        language: report.language.code,
        source_hint: report.source_hint.as_ref().map(|h| h.language.as_str()),
        words: report.words,
        counts,
        encoding_errors: loc.source.invalid_sequences,
        findings: with_findings.then(|| {
            report
                .findings
                .iter()
                .map(|f| finding_out(loc, f))
                .collect()
        }),
    }
}

/// The two answers of every report: `mt` and its verdict, and the artifact evidence.
#[derive(Debug, Serialize)]
pub struct AnswersOut {
    /// The probability of machine translation, four decimals; null for a language without a
    /// model.
    pub mt: Option<f64>,
    pub verdict: Verdict,
    /// Findings per artifact category (these do not move `mt`).
    pub artifacts: crate::score::Artifacts,
    /// `scraped`, `encoding`, `damaged-text`, `typography`: the artifact categories present.
    pub flags: Vec<&'static str>,
}

pub fn answers_out(s: &crate::score::Score) -> AnswersOut {
    AnswersOut {
        mt: s.mt.map(round4),
        verdict: s.verdict,
        artifacts: s.artifacts,
        flags: s.artifacts.flags(),
    }
}

/// A record that could not be scored.
#[derive(Debug, Serialize)]
pub struct ErrorOut<'a> {
    pub id: &'a serde_json::value::RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub error: &'a str,
}

/// Scores are printed with four decimals: enough to rank, stable across platforms.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `mtlint score --format dolma`: one Dolma attribute line, `{"id", "attributes"}`, with
/// `mtlint__v1__score` (`[[0, characters, mt]]`, none without `mt`) and one
/// `mtlint__v1__<CODE>` per rule with findings (`[[start, end, 1.0], ...]`). Offsets are
/// character (code point) offsets into the text, as Dolma's taggers write them. `report` is
/// `None` for a record that could not be scored: no attributes.
pub fn dolma_line(id: &serde_json::value::RawValue, text: &str, report: Option<&Report>) -> String {
    let mut attributes = serde_json::Map::new();
    if let Some(report) = report {
        let mut ix = crate::position::Counter::new(text, crate::position::Encoding::Chars);
        if let Some(mt) = report.score.mt {
            let end = ix.at(text.len());
            attributes.insert(
                "mtlint__v1__score".into(),
                serde_json::json!([[0, end, round4(mt)]]),
            );
        }
        let mut by_code: BTreeMap<&str, Vec<serde_json::Value>> = BTreeMap::new();
        for f in &report.findings {
            let (start, end) = ix.span(f.span);
            by_code
                .entry(f.rule.code)
                .or_default()
                .push(serde_json::json!([start, end, 1.0]));
        }
        for (code, spans) in by_code {
            attributes.insert(format!("mtlint__v1__{code}"), spans.into());
        }
    }
    #[derive(Serialize)]
    struct Line<'a> {
        id: &'a serde_json::value::RawValue,
        attributes: serde_json::Map<String, serde_json::Value>,
    }
    serde_json::to_string(&Line { id, attributes })
        .unwrap_or_else(|e| format!("{{\"error\":\"cannot serialize: {e}\"}}"))
}
