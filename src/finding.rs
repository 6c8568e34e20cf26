//! Findings: what a rule reports. A finding is data (a span, a message, an optional fix); how it
//! is shown is the printers' business (`report/`).

use std::borrow::Cow;

use serde::Serialize;

use crate::rule::meta::{RuleMeta, Severity};
use crate::span::Span;

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
