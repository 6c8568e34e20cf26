//! Findings: what a rule reports. A finding is data (a span, a message, an optional fix); how it
//! is shown is the printers' business (`report/`).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::rule::RuleMeta;
use crate::span::Span;

/// What kind of evidence a rule gives. Scoring weighs categories differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Marks of translation itself: calques, name variants, untranslated fragments.
    Translation,
    /// Mechanical damage typical of MT and text pipelines: glued words, cut-off sentences.
    Artifact,
    /// Quote and punctuation habits: mixed quote styles, look-alike quote characters.
    Typography,
    /// Encoding damage: mojibake, invisible characters, non-NFC text, mixed scripts.
    Encoding,
    /// Page furniture a scraper left in: bylines, "Listen to this article", photo credits.
    Debris,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Translation,
        Category::Artifact,
        Category::Typography,
        Category::Encoding,
        Category::Debris,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Translation => "translation",
            Category::Artifact => "artifact",
            Category::Typography => "typography",
            Category::Encoding => "encoding",
            Category::Debris => "debris",
        }
    }
}

/// How loudly a finding is shown; scoring does not use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Meaning is kept: a missing space, a look-alike quote, NFC.
    Safe,
    /// Probably right, but a person should confirm.
    Unsafe,
    /// A hint only (e.g. the majority spelling of a name).
    DisplayOnly,
}

/// A replacement for the finding's span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub replacement: String,
    pub applicability: Applicability,
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    /// The rule's severity unless the configuration overrides it.
    pub severity: Severity,
    pub span: Span,
    pub message: Cow<'static, str>,
    /// How sure the rule is, in (0, 1]; scales the finding's weight in the score.
    pub confidence: f32,
    pub fix: Option<Fix>,
    /// Other places that explain this finding (e.g. the majority spelling of a name).
    pub related: Vec<Span>,
}

impl Finding {
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<Cow<'static, str>>) -> Self {
        Finding {
            rule,
            severity: rule.severity,
            span,
            message: message.into(),
            confidence: 1.0,
            fix: None,
            related: Vec::new(),
        }
    }

    /// Sets the confidence, clamped to (0, 1].
    pub fn confidence(&mut self, c: f32) -> &mut Self {
        self.confidence = c.clamp(0.01, 1.0);
        self
    }

    pub fn fix(
        &mut self,
        replacement: impl Into<String>,
        applicability: Applicability,
    ) -> &mut Self {
        self.fix = Some(Fix {
            replacement: replacement.into(),
            applicability,
        });
        self
    }

    pub fn related(&mut self, span: Span) -> &mut Self {
        self.related.push(span);
        self
    }
}
