//! Document-level analyses: what is computed over a whole document once its findings are final,
//! next to the rules, which report spans. Each analysis is one entry of [`ANALYSES`] and fills
//! its part of [`Analyses`]; the linter runs them in order after suppression and before the
//! score, which reads the style measurements.
//!
//! Adding one: a field in [`Analyses`] (and in [`Report`](crate::Report), where the printers
//! read it) and an entry in [`ANALYSES`].

use crate::calques::{self, SourceHint};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::Calque;
use crate::style::{self, Measurements};

/// What the analyses found in one document.
#[derive(Debug, Clone, Default)]
pub struct Analyses {
    /// The style measurements ([`style::measure`]), for English documents.
    pub measurements: Option<Measurements>,
    /// The source language the calque findings point to ([`calques::source_hint`]).
    pub source_hint: Option<SourceHint>,
}

/// A document-level analysis.
#[derive(Debug)]
pub struct Analysis {
    /// kebab-case.
    pub name: &'static str,
    /// One line: what it computes.
    pub summary: &'static str,
    /// Computes it from the document (its language already set) and its final findings.
    pub run: fn(&Document<'_>, &[Finding], &mut Analyses),
}

/// Every document-level analysis, in the order they run.
pub static ANALYSES: &[Analysis] = &[
    Analysis {
        name: "style",
        summary: "The style measurements of an English document (features of the score).",
        run: |doc, _, out| {
            out.measurements = (doc.language().code == "en").then(|| style::measure(doc));
        },
    },
    Analysis {
        name: "source-hint",
        summary: "The source language the document's calques point to.",
        run: |doc, findings, out| {
            out.source_hint = calques::source_hint(doc.text(), findings, Calque::META.code);
        },
    },
];
