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
use crate::score::{StyleInput, Weights};
use crate::style::{self, pattern::Key};

/// What the analyses found in one document.
#[derive(Debug, Clone, Default)]
pub struct Analyses {
    /// The style measurements ([`style::measure`]) and the patterns' share of the score, for
    /// documents the model applies to.
    pub style: Option<StyleInput>,
    /// Every pattern's count, when [`Settings::all_patterns`] asks for them.
    pub all_patterns: Option<Vec<(Key, u32)>>,
    /// The source language the calque findings point to ([`calques::source_hint`]).
    pub source_hint: Option<SourceHint>,
}

/// What the analyses may read besides the document.
#[derive(Debug)]
pub struct Settings<'a> {
    pub model: &'a Weights,
    /// Keep each model pattern's count (for explanations).
    pub reasons: bool,
    /// Keep every pattern's count (for training).
    pub all_patterns: bool,
}

/// A document-level analysis.
#[derive(Debug)]
pub struct Analysis {
    /// kebab-case.
    pub name: &'static str,
    /// One line: what it computes.
    pub summary: &'static str,
    /// Computes it from the document (its language already set) and its final findings.
    pub run: fn(&Document<'_>, &[Finding], &Settings<'_>, &mut Analyses),
}

/// Every document-level analysis, in the order they run.
pub static ANALYSES: &[Analysis] = &[
    Analysis {
        name: "style",
        summary: "The style measurements of an English document and the patterns' share of `mt`.",
        run: measure_style,
    },
    Analysis {
        name: "source-hint",
        summary: "The source language the document's calques point to.",
        run: |doc, findings, _, out| {
            out.source_hint = calques::source_hint(doc.text(), findings, Calque::META.code);
        },
    },
];

fn measure_style(doc: &Document<'_>, _: &[Finding], settings: &Settings<'_>, out: &mut Analyses) {
    let model = settings.model;
    if !model.applies(doc.language()) {
        return;
    }
    let mut sink = ScoreSink {
        model,
        sum: 0.0,
        reasons: settings.reasons,
        counts: Vec::new(),
        all_patterns: settings.all_patterns,
        all: Default::default(),
    };
    let measurements = style::measure(doc, &mut sink);
    let ScoreSink {
        sum: pattern_sum,
        counts: pattern_counts,
        all,
        ..
    } = sink;
    if settings.all_patterns {
        let mut v: Vec<(Key, u32)> = all.into_iter().collect();
        v.sort_unstable();
        out.all_patterns = Some(v);
    }
    out.style = Some(StyleInput {
        measurements,
        pattern_sum,
        pattern_counts,
    });
}

/// What the style pass reports each pattern occurrence to: the model's terms summed (in `f32`,
/// the precision of the terms; a document's sum is taken to `f64` once), and the counts an
/// explanation or training needs.
struct ScoreSink<'a> {
    model: &'a Weights,
    sum: f64,
    reasons: bool,
    counts: Vec<(u32, u32)>,
    all_patterns: bool,
    all: crate::text::hash::FnvMap<Key, u32>,
}

impl style::pattern::Sink for &mut ScoreSink<'_> {
    #[inline(always)]
    fn add(&mut self, key: Key) {
        self.sum += f64::from(self.model.pattern_sum_term(key));
        if self.reasons {
            if let Some((i, _)) = self.model.pattern_term(key) {
                self.counts.push((i, 1));
            }
        }
        if self.all_patterns {
            *self.all.entry(key).or_insert(0) += 1;
        }
    }
}
