//! Scoring: the one place where findings become a document score.
//!
//! The score is a logistic function of per-rule evidence rates, so that each rule's contribution
//! is an additive term in log-odds that can be shown next to the score, and so that weights can
//! later be fitted by logistic regression without changing the model's shape:
//!
//! ```text
//! rate_r = (Σ confidence of rule r's findings) · 1000 / max(words, length_floor_words)
//! logit  = bias + Σ_r weight_r · ln(1 + rate_r)
//! score  = σ(logit)
//! ```
//!
//! The rate makes the score independent of length (ten glued words in a book are less telling
//! than ten in a paragraph); the floor keeps one finding in a three-word text from dominating;
//! the logarithm gives diminishing returns for the same rule firing again and again.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::rule::{Category, RuleMeta};
use crate::style::{self, Measurements};

/// The default weights, compiled in from `src/data/weights.toml` (fitted by `mtlint train`).
pub const DEFAULT_WEIGHTS_TOML: &str = include_str!("data/weights.toml");

/// The hand-set weights that `mtlint train` starts from and regularizes toward, compiled in
/// from `src/data/prior-weights.toml`.
pub const PRIOR_WEIGHTS_TOML: &str = include_str!("data/prior-weights.toml");

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub bias: f64,
    pub length_floor_words: usize,
    pub thresholds: Thresholds,
    pub categories: CategoryWeights,
    /// Per-rule weights by code, overriding the category weight.
    #[serde(default)]
    pub rules: BTreeMap<String, f64>,
    /// Document-level features by key (see [`crate::style`]); a feature not listed does not
    /// count.
    #[serde(default)]
    pub features: BTreeMap<String, FeatureWeight>,
}

/// How one document-level feature enters the score:
/// `weight · clamp((value − center) / scale, −Z_LIMIT, Z_LIMIT) · reliability`.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FeatureWeight {
    pub weight: f64,
    pub center: f64,
    pub scale: f64,
}

/// Standardized feature values are clipped to this many scales from the center.
pub const Z_LIMIT: f64 = 3.0;

/// A feature's term counts fully from this many words on, proportionally below.
pub const FEATURE_FULL_WORDS: f64 = 200.0;

/// The standardized, clipped, length-weighted value of a feature: the quantity its weight
/// multiplies.
pub fn feature_input(value: f64, fw: &FeatureWeight, words: usize) -> f64 {
    let z = ((value - fw.center) / fw.scale).clamp(-Z_LIMIT, Z_LIMIT);
    z * (words as f64 / FEATURE_FULL_WORDS).min(1.0)
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub suspect: f64,
    pub likely_mt: f64,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CategoryWeights {
    pub translation: f64,
    pub artifact: f64,
    pub typography: f64,
    pub encoding: f64,
    pub debris: f64,
}

impl CategoryWeights {
    pub fn get(&self, c: Category) -> f64 {
        match c {
            Category::Translation => self.translation,
            Category::Artifact => self.artifact,
            Category::Typography => self.typography,
            Category::Encoding => self.encoding,
            Category::Debris => self.debris,
        }
    }
}

impl Weights {
    /// Parses a weights file; errors name the problem (unknown keys included).
    pub fn from_toml(s: &str) -> Result<Self, String> {
        let w: Weights = toml::from_str(s).map_err(|e| e.to_string())?;
        if !(0.0..=1.0).contains(&w.thresholds.suspect)
            || !(0.0..=1.0).contains(&w.thresholds.likely_mt)
            || w.thresholds.suspect > w.thresholds.likely_mt
        {
            return Err("thresholds must satisfy 0 <= suspect <= likely_mt <= 1".into());
        }
        if let Some(code) = w.rules.keys().find(|c| crate::rules::find(c).is_none()) {
            return Err(format!("[rules] names an unknown rule `{code}`"));
        }
        if let Some(key) = w.features.keys().find(|k| style::index(k).is_none()) {
            let known: Vec<&str> = style::FEATURES.iter().map(|f| f.key).collect();
            return Err(format!(
                "[features] names an unknown feature `{key}` (known: {})",
                known.join(", ")
            ));
        }
        if let Some((key, _)) = w
            .features
            .iter()
            .find(|(_, f)| !(f.scale > 0.0 && f.scale.is_finite() && f.weight.is_finite()))
        {
            return Err(format!(
                "[features.{key}] needs a finite weight and a positive scale"
            ));
        }
        Ok(w)
    }

    /// The compiled-in default weights.
    pub fn default_ref() -> &'static Weights {
        static W: OnceLock<Weights> = OnceLock::new();
        W.get_or_init(|| Weights::from_toml(DEFAULT_WEIGHTS_TOML).expect("default weights parse"))
    }

    /// A feature's term in the log-odds for `value` in a text of `words` words, when the weights
    /// list the feature.
    pub fn feature_term(
        &self,
        key: &str,
        value: f64,
        words: usize,
    ) -> Option<(f64, &FeatureWeight)> {
        let fw = self.features.get(key)?;
        Some((fw.weight * feature_input(value, fw, words), fw))
    }

    /// The compiled-in training prior.
    pub fn prior() -> Weights {
        Weights::from_toml(PRIOR_WEIGHTS_TOML).expect("prior weights parse")
    }

    pub fn rule_weight(&self, rule: &RuleMeta) -> f64 {
        self.rules
            .get(rule.code)
            .copied()
            .unwrap_or_else(|| self.categories.get(rule.category))
    }

    pub fn verdict(&self, score: f64) -> Verdict {
        if score >= self.thresholds.likely_mt {
            Verdict::LikelyMt
        } else if score >= self.thresholds.suspect {
            Verdict::Suspect
        } else {
            Verdict::Clean
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Clean,
    Suspect,
    LikelyMt,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Clean => "clean",
            Verdict::Suspect => "suspect",
            Verdict::LikelyMt => "likely-mt",
        }
    }
}

/// One rule's share of a score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contribution {
    pub code: &'static str,
    pub rule: &'static str,
    pub category: Category,
    pub count: usize,
    /// Sum of the findings' confidences, repeats of the same text counted once.
    pub evidence: f64,
    /// Evidence per 1000 words (with the length floor).
    pub rate: f64,
    pub weight: f64,
    /// The term added to the log-odds: `weight · ln(1 + rate)`.
    pub logit: f64,
}

/// One document-level feature's share of a score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeatureContribution {
    pub feature: &'static str,
    pub unit: &'static str,
    /// The document's value.
    pub value: f64,
    /// The value the weights treat as neutral (the mean of the human texts they were fitted on).
    pub center: f64,
    pub weight: f64,
    /// The term added to the log-odds.
    pub logit: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// In [0, 1]; higher means more likely machine-translated (or damaged by a pipeline).
    pub score: f64,
    pub verdict: Verdict,
    pub logit: f64,
    /// Per rule, largest contribution first.
    pub contributions: Vec<Contribution>,
    /// Per document-level feature, largest absolute contribution first.
    pub features: Vec<FeatureContribution>,
}

/// Scores a document's findings and, when given, its document-level feature values. `text` is
/// the document the findings were found in, `words` its word count.
///
/// Repeats are one piece of evidence: findings of one rule over the same text (ignoring case),
/// such as every "Kiev" in an article, count once, with the highest confidence among them.
pub fn score(
    findings: &[Finding],
    text: &str,
    words: usize,
    measurements: Option<&Measurements>,
    weights: &Weights,
) -> Score {
    let mut distinct: BTreeMap<(&'static str, String), f32> = BTreeMap::new();
    let mut per_rule: BTreeMap<&'static str, (&'static RuleMeta, usize, f64)> = BTreeMap::new();
    for f in findings {
        per_rule.entry(f.rule.code).or_insert((f.rule, 0, 0.0)).1 += 1;
        let key = (
            f.rule.code,
            text.get(f.span.range()).unwrap_or("").to_lowercase(),
        );
        let c = distinct.entry(key).or_insert(0.0);
        *c = c.max(f.confidence);
    }
    for ((code, _), c) in distinct {
        if let Some(e) = per_rule.get_mut(code) {
            e.2 += f64::from(c);
        }
    }
    let scale = 1000.0 / words.max(weights.length_floor_words).max(1) as f64;
    let mut contributions: Vec<Contribution> = per_rule
        .into_values()
        .map(|(meta, count, evidence)| {
            let weight = weights.rule_weight(meta);
            let rate = evidence * scale;
            Contribution {
                code: meta.code,
                rule: meta.name,
                category: meta.category,
                count,
                evidence,
                rate,
                weight,
                logit: weight * rate.ln_1p(),
            }
        })
        .collect();
    contributions.sort_by(|a, b| b.logit.total_cmp(&a.logit).then(a.code.cmp(b.code)));
    let mut feature_terms = Vec::new();
    if let Some(m) = measurements {
        for (meta, value) in style::FEATURES.iter().zip(m.values) {
            let Some((value, (logit, fw))) =
                value.and_then(|v| Some((v, weights.feature_term(meta.key, v, m.words)?)))
            else {
                continue;
            };
            feature_terms.push(FeatureContribution {
                feature: meta.key,
                unit: meta.unit,
                value,
                center: fw.center,
                weight: fw.weight,
                logit,
            });
        }
    }
    feature_terms.sort_by(|a, b| b.logit.abs().total_cmp(&a.logit.abs()));
    let logit = weights.bias
        + contributions.iter().map(|c| c.logit).sum::<f64>()
        + feature_terms.iter().map(|c| c.logit).sum::<f64>();
    let score = sigmoid(logit);
    Score {
        score,
        verdict: weights.verdict(score),
        logit,
        contributions,
        features: feature_terms,
    }
}

/// The logistic function.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ScrapeDebris;
    use crate::span::Span;

    #[test]
    fn hand_computed_score() {
        let text = "Kiev and kiev and Read more:";
        let meta = ScrapeDebris::META;
        let mut a = Finding::new(meta, Span::new(0, 4), "a");
        a.confidence(0.5);
        let b = Finding::new(meta, Span::new(9, 13), "b"); // "kiev": a repeat, confidence 1
        let mut c = Finding::new(meta, Span::new(18, 28), "c");
        c.confidence(0.25);
        let w = Weights::default_ref();
        let s = score(&[a, b, c], text, 150, None, w);
        let contribution = &s.contributions[0];
        assert_eq!(contribution.count, 3);
        // Distinct texts: "kiev" (max confidence 1.0) and "read more:" (0.25).
        assert!((contribution.evidence - 1.25).abs() < 1e-9);
        let rate = 1.25 * 1000.0 / w.length_floor_words as f64; // 150 words < the floor
        let logit = w.bias + w.rule_weight(meta) * (1.0 + rate).ln();
        assert!((s.logit - logit).abs() < 1e-9);
        assert!((s.score - 1.0 / (1.0 + (-logit).exp())).abs() < 1e-12);
    }

    #[test]
    fn no_findings_scores_the_bias() {
        let w = Weights::default_ref();
        let s = score(&[], "", 0, None, w);
        assert!((s.score - 1.0 / (1.0 + (-w.bias).exp())).abs() < 1e-12);
        assert_eq!(s.verdict, Verdict::Clean);
    }
}
