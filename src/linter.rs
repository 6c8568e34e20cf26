//! The [`Linter`]: a configured set of rules and weights, and the run over one document that
//! turns it into a [`Report`].
//!
//! A run: the language (detected, or set), every selected rule that applies to it (a rule that
//! needs a non-ASCII character is not run on ASCII text), severity overrides, allowlists and
//! suppression comments, then the document-level [`analyses`](crate::analysis) and the score.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::allow::Allowlist;
use crate::analysis::{Analyses, ANALYSES};
use crate::calques::SourceHint;
use crate::document::{Document, TooLarge};
use crate::finding::Finding;
use crate::rule::{Context, Rule, Severity};
use crate::score::{self, Score, ScoreInput, StyleInput, Weights};
use crate::style::pattern::Key;
use crate::text::lang::{LangInfo, Method};
use crate::{rules, suppress};

/// A configured set of rules and weights. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Linter {
    rules: Vec<&'static dyn Rule>,
    weights: Arc<Weights>,
    /// How many reasons each score gives (0: none).
    reasons: usize,
    /// Whether reports carry every style pattern's count (training).
    all_patterns: bool,
    language: Option<LangInfo>,
    /// Severity overrides by rule code.
    severities: BTreeMap<&'static str, Severity>,
    /// Rule options by rule code (see [`RuleMeta::options`](crate::RuleMeta::options)).
    options: BTreeMap<&'static str, toml::Table>,
    allow: Option<Arc<Allowlist>>,
    suppressions: bool,
}

/// The result of checking one document.
#[derive(Debug, Clone)]
pub struct Report {
    pub language: LangInfo,
    pub words: usize,
    /// Sorted by position, then rule code.
    pub findings: Vec<Finding>,
    pub score: Score,
    /// Codes of the rules that ran.
    pub rules_run: Vec<&'static str>,
    /// Codes of selected rules that did not run because they do not support the language.
    pub rules_skipped: Vec<&'static str>,
    /// The source language the document's calques point to, with the evidence.
    pub source_hint: Option<SourceHint>,
    /// The document's style measurements and their share of the score (English documents
    /// only; see [`crate::style`]).
    pub style: Option<StyleInput>,
    /// Every style pattern's count, sorted by key (only from a linter
    /// [`with_all_patterns`](Linter::with_all_patterns), for training).
    pub all_patterns: Option<Vec<(Key, u32)>>,
    /// Problems with the document's suppression comments (unused, unknown rules).
    pub suppression_warnings: Vec<suppress::Warning>,
    /// Findings removed because a baseline records them (see
    /// [`Baseline::apply`](crate::baseline::Baseline::apply)).
    pub baselined: usize,
}

impl Default for Linter {
    fn default() -> Self {
        Self::new()
    }
}

impl Linter {
    /// Every rule in the registry, with the default weights.
    pub fn new() -> Self {
        Linter {
            rules: rules::RULES.to_vec(),
            weights: Weights::default_arc(),
            reasons: 0,
            all_patterns: false,
            language: None,
            severities: BTreeMap::new(),
            options: BTreeMap::new(),
            allow: None,
            suppressions: true,
        }
    }

    /// Runs exactly the rules with these codes (in registry order); unknown codes are ignored.
    pub fn with_rule_codes(mut self, codes: &[&str]) -> Self {
        self.rules = rules::RULES
            .iter()
            .copied()
            .filter(|r| codes.contains(&r.meta().code))
            .collect();
        self
    }

    /// Reports the findings of rule `code` with this severity.
    pub fn with_severity(mut self, code: &'static str, severity: Severity) -> Self {
        self.severities.insert(code, severity);
        self
    }

    /// Sets the options of rule `code`; the values are read with [`Context::option`]. The
    /// configuration checks names and types (see [`crate::config`]).
    pub fn with_options(mut self, code: &'static str, options: toml::Table) -> Self {
        self.options.insert(code, options);
        self
    }

    /// Drops findings inside allowed names and terms.
    pub fn with_allowlist(mut self, allow: Allowlist) -> Self {
        self.allow = (!allow.is_empty()).then(|| Arc::new(allow));
        self
    }

    /// Whether the document's `mtlint-disable` comments apply (on by default).
    pub fn with_suppressions(mut self, on: bool) -> Self {
        self.suppressions = on;
        self
    }

    /// Keeps only the rules named (by code, name or category). Errors on an unknown name.
    pub fn select<S: AsRef<str>>(mut self, keys: &[S]) -> Result<Self, String> {
        if keys.is_empty() {
            return Ok(self);
        }
        let chosen = rules::resolve(keys)?;
        self.rules.retain(|r| chosen.contains(&r.meta().code));
        Ok(self)
    }

    /// Drops the rules named (by code, name or category). Errors on an unknown name.
    pub fn ignore<S: AsRef<str>>(mut self, keys: &[S]) -> Result<Self, String> {
        let dropped = rules::resolve(keys)?;
        self.rules.retain(|r| !dropped.contains(&r.meta().code));
        Ok(self)
    }

    pub fn with_weights(mut self, weights: Weights) -> Self {
        self.weights = Arc::new(weights);
        self
    }

    /// Gives each score up to `n` reasons in words, and its pattern breakdown.
    pub fn with_reasons(mut self, n: usize) -> Self {
        self.reasons = n;
        self
    }

    /// Keeps every style pattern's count in the report (what `mtlint train` fits on).
    pub fn with_all_patterns(mut self, on: bool) -> Self {
        self.all_patterns = on;
        self
    }

    /// Treats every document as being in `code` (ISO 639-1) instead of detecting it.
    pub fn with_language(mut self, code: &'static str) -> Self {
        self.language = Some(LangInfo {
            code,
            confidence: 1.0,
            reliable: true,
            method: Method::None,
        });
        self
    }

    pub fn rules(&self) -> &[&'static dyn Rule] {
        &self.rules
    }

    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// Scores a report again from its findings (after they changed, e.g. by suppression
    /// comments applied to markup); `text` is the text the findings' spans point into.
    pub fn score(&self, report: &Report, text: &str) -> Score {
        self.score_findings(
            &report.findings,
            text,
            report.words,
            &report.language,
            report.style.as_ref(),
        )
    }

    /// The score of findings in `text` under this linter's model and reasons.
    fn score_findings(
        &self,
        findings: &[Finding],
        text: &str,
        words: usize,
        language: &LangInfo,
        style: Option<&StyleInput>,
    ) -> Score {
        score::score(
            findings,
            &ScoreInput {
                text,
                words,
                language,
                style,
                reasons: self.reasons,
            },
            &self.weights,
        )
    }

    /// Checks a text. Fails only for texts of 4 GiB or more.
    pub fn check(&self, text: &str) -> Result<Report, TooLarge> {
        Ok(self.check_document(&Document::new(text)?))
    }

    /// Runs the rules over a document and scores it.
    pub fn check_document(&self, doc: &Document<'_>) -> Report {
        self.run(doc, self.suppressions)
    }

    /// Like [`Linter::check`], but leaves suppression comments to the caller: for text
    /// extracted from markup, whose comments are only in the original (see [`markup::check`](crate::markup::check)).
    pub fn check_unsuppressed(&self, text: &str) -> Result<Report, TooLarge> {
        Ok(self.run(&Document::new(text)?, false))
    }

    /// Whether suppression comments are honoured.
    pub fn suppressions(&self) -> bool {
        self.suppressions
    }

    fn run(&self, doc: &Document<'_>, suppressions: bool) -> Report {
        if let Some(lang) = self.language {
            doc.set_language(lang);
        }
        let language = *doc.language();
        let mut findings = Vec::new();
        let mut rules_run = Vec::with_capacity(self.rules.len());
        let mut rules_skipped = Vec::new();
        for rule in &self.rules {
            let meta = rule.meta();
            if !meta.applies_to(language.code, language.reliable) {
                rules_skipped.push(meta.code);
                continue;
            }
            if !meta.skips(doc) {
                let options = self.options.get(meta.code);
                rule.check(
                    doc,
                    &mut Context::new(meta, &mut findings).with_options(options),
                );
            }
            rules_run.push(meta.code);
        }
        if !self.severities.is_empty() {
            for f in &mut findings {
                if let Some(&s) = self.severities.get(f.rule.code) {
                    f.severity = s;
                }
            }
        }
        if let Some(allow) = &self.allow {
            allow.retain(doc.text(), &mut findings);
        }
        let suppression_warnings = if suppressions {
            suppress::apply(doc, &mut findings, &rules_run)
        } else {
            Vec::new()
        };
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule.code).cmp(&(b.span.start, b.span.end, b.rule.code))
        });
        let words = doc.word_count();
        let mut found = Analyses::default();
        let settings = crate::analysis::Settings {
            model: &self.weights,
            reasons: self.reasons > 0,
            all_patterns: self.all_patterns,
        };
        for analysis in ANALYSES {
            (analysis.run)(doc, &findings, &settings, &mut found);
        }
        let Analyses {
            style,
            all_patterns,
            source_hint,
        } = found;
        let score = self.score_findings(&findings, doc.text(), words, &language, style.as_ref());
        Report {
            language,
            words,
            findings,
            score,
            rules_run,
            rules_skipped,
            source_hint,
            style,
            all_patterns,
            suppression_warnings,
            baselined: 0,
        }
    }
}
