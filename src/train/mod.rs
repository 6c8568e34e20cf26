//! Fitting the `mt` model on labeled documents (`mtlint train`).
//!
//! The model is the score's own shape (see [`crate::score`]): logistic regression on
//!
//! - each dense style feature, standardized and clipped: `clamp((v − center) / scale, ±4)`;
//! - each style pattern that occurs in at least `min-df` of the documents, as its rate per 1000
//!   stream symbols, standardized: `(rate − center) / scale`;
//! - each translation rule's `ln(1 + rate)`, kept at zero or above, regularized toward its
//!   prior weight, and held at zero when its findings are more frequent on the human documents
//!   than on the machine-translated ones (wrong-way evidence must not push `mt` up).
//!
//! Centers are the (weighted) mean of the human documents, so that a value's "typical" in an
//! explanation is human writing's and the style of a short text, shrunk by its reliability,
//! shrinks toward human writing (the cautious side); scales are the standard deviation over
//! all documents. Patterns are chosen by document frequency, labels unseen. The loss is the weighted log-loss plus `(λ/2)·Σ(w − μ)²`; each (source, group,
//! label) cell of the data gets an equal share of its source's weight and each class half of
//! the total, so that a language pair with many systems does not outweigh one with few, and the
//! fitted score is a probability under even odds. It is minimized with L-BFGS
//! ([`lbfgs`]), deterministically.
//!
//! Calibration and thresholds come from held-out predictions: a cross-validation grouped by
//! pair (no source document in two folds) gives every document a score from a model that did
//! not see it; a Platt fit on those scores (taken as scoring takes them, with the reliability
//! of short texts) maps the final model's log-odds to a probability; and `likely-mt` (`suspect`)
//! is set so that at most `likely-fpr` (`suspect-fpr`) of every native-English register's
//! held-out documents reach it.
//!
//! [`leave_one_group_out`] measures what matters for unseen source languages: train on all but
//! one language pair, score that pair.

pub mod lbfgs;
pub mod manifest;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher as _;

use rayon::prelude::*;

use crate::eval::{self, Sample};
use crate::rule::Category;
use crate::rules;
use crate::score::{self, FeatureWeight, PatternWeight, Thresholds, Weights};
use crate::style::{self, pattern::Key, COUNT};
pub use manifest::{Manifest, Source};

/// The manifest the shipped model was trained from (`src/data/training.toml`).
pub const DEFAULT_MANIFEST: &str = include_str!("../data/training.toml");

/// The model's fixed settings from the manifest, on the default model's other values.
fn base_model(m: &Manifest) -> Weights {
    let mut base = Weights::default_ref().clone();
    base.min_words = m.min_words;
    base.full_words = m.full_words;
    base.length_floor_words = m.length_floor_words;
    base
}

/// The design matrix of `samples` under the manifest's settings.
pub fn design(samples: &[TrainSample], m: &Manifest) -> Design {
    let all: Vec<usize> = (0..samples.len()).collect();
    let weights = row_weights(samples, &all, &m.sources);
    Design::new(samples, m.min_df, &base_model(m), &weights)
}

/// A labeled document with where it came from.
#[derive(Debug, Clone)]
pub struct TrainSample {
    pub sample: Sample,
    /// Index of its [`Source`] in the manifest.
    pub source: usize,
    pub group: String,
    /// Native English (a negative that counts for the thresholds).
    pub native: bool,
    /// The native register it counts for.
    pub register: Option<String>,
}

/// The translation rules, in registry order: the rule columns.
fn translation_rules() -> Vec<&'static str> {
    rules::RULES
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.category == Category::Translation)
        .map(|m| m.code)
        .collect()
}

/// The training data as a matrix: dense columns (features, then rules) and sparse pattern
/// columns (rate / scale, uncentered: the centering is a constant that the bias absorbs).
#[derive(Debug)]
pub struct Design {
    pub n: usize,
    pub features: Vec<FeatureWeight>,
    pub rules: Vec<&'static str>,
    pub patterns: Vec<PatternWeight>,
    dense_width: usize,
    dense: Vec<f64>,
    offsets: Vec<usize>,
    columns: Vec<u32>,
    values: Vec<f64>,
    pub y: Vec<f64>,
    pub reliability: Vec<f64>,
    /// Σ over patterns of center / scale, per pattern (the centering terms).
    center_over_scale: Vec<f64>,
}

fn mean_sd(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = values.clone().count().max(1) as f64;
    let mean = values.clone().sum::<f64>() / n;
    let var = values.map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

impl Design {
    /// `weights` weigh the documents for the centers (see [`row_weights`]).
    pub fn new(samples: &[TrainSample], min_df: f64, model: &Weights, weights: &[f64]) -> Design {
        let n = samples.len();
        // Centers: the weighted mean of the human documents, so that a feature's "typical"
        // value is human writing's and a short text's style shrinks toward it. Scales: the
        // standard deviation over all documents.
        let neg_weight: f64 = samples
            .iter()
            .zip(weights)
            .filter(|(s, _)| !s.sample.positive)
            .map(|(_, w)| w)
            .sum::<f64>()
            .max(f64::MIN_POSITIVE);
        let features: Vec<FeatureWeight> = (0..COUNT)
            .map(|j| {
                let vals = samples
                    .iter()
                    .filter_map(move |s| s.sample.features.and_then(|f| f[j]));
                let (_, sd) = mean_sd(vals);
                let (mut sum, mut total) = (0.0, 0.0);
                for (s, w) in samples.iter().zip(weights) {
                    if let (false, Some(v)) =
                        (s.sample.positive, s.sample.features.and_then(|f| f[j]))
                    {
                        sum += w * v;
                        total += w;
                    }
                }
                FeatureWeight {
                    weight: 0.0,
                    center: round(sum / total.max(f64::MIN_POSITIVE), 4),
                    scale: round(sd, 4).max(1e-4),
                }
            })
            .collect();
        let rules = translation_rules();
        // Patterns: document frequency, then rate statistics over all documents.
        let mut df: BTreeMap<Key, usize> = BTreeMap::new();
        for s in samples {
            for &(k, _) in &s.sample.patterns {
                *df.entry(k).or_insert(0) += 1;
            }
        }
        let min_count = ((min_df * n as f64).ceil() as usize).max(2);
        let keys: Vec<Key> = df
            .into_iter()
            .filter(|&(_, c)| c >= min_count)
            .map(|(k, _)| k)
            .collect();
        let index: BTreeMap<Key, usize> = keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
        let mut sum = vec![0.0; keys.len()];
        let mut sum_sq = vec![0.0; keys.len()];
        let mut human = vec![0.0; keys.len()];
        for (s, w) in samples.iter().zip(weights) {
            let per = 1000.0 / s.sample.symbols.max(1) as f64;
            for &(k, c) in &s.sample.patterns {
                if let Some(&i) = index.get(&k) {
                    let r = f64::from(c) * per;
                    sum[i] += r;
                    sum_sq[i] += r * r;
                    if !s.sample.positive {
                        human[i] += w * r;
                    }
                }
            }
        }
        let patterns: Vec<PatternWeight> = keys
            .iter()
            .enumerate()
            .map(|(i, &key)| {
                let mean = sum[i] / n.max(1) as f64;
                let var = (sum_sq[i] / n.max(1) as f64 - mean * mean).max(0.0);
                PatternWeight {
                    key,
                    center: round(human[i] / neg_weight, 4),
                    scale: round(var.sqrt(), 4).max(1e-4),
                    weight: 0.0,
                }
            })
            .collect();
        let dense_width = COUNT + rules.len();
        let mut dense = vec![0.0; n * dense_width];
        let (mut offsets, mut columns, mut values) = (vec![0], Vec::new(), Vec::new());
        for (i, s) in samples.iter().enumerate() {
            let row = &mut dense[i * dense_width..(i + 1) * dense_width];
            if let Some(f) = &s.sample.features {
                for j in 0..COUNT {
                    if let Some(v) = f[j] {
                        row[j] = score::feature_input(v, &features[j]);
                    }
                }
            }
            for (k, code) in rules.iter().enumerate() {
                row[COUNT + k] = s.sample.rule_inputs.get(code).copied().unwrap_or(0.0);
            }
            let per = 1000.0 / s.sample.symbols.max(1) as f64;
            for &(k, c) in &s.sample.patterns {
                if let Some(&p) = index.get(&k) {
                    columns.push(p as u32);
                    values.push(f64::from(c) * per / patterns[p].scale);
                }
            }
            offsets.push(columns.len());
        }
        Design {
            n,
            y: samples
                .iter()
                .map(|s| f64::from(u8::from(s.sample.positive)))
                .collect(),
            reliability: samples
                .iter()
                .map(|s| model.reliability(s.sample.words))
                .collect(),
            center_over_scale: patterns.iter().map(|p| p.center / p.scale).collect(),
            features,
            rules,
            patterns,
            dense_width,
            dense,
            offsets,
            columns,
            values,
        }
    }

    /// Parameters: bias, dense columns, pattern columns.
    pub fn width(&self) -> usize {
        1 + self.dense_width + self.patterns.len()
    }

    /// The parts of row `i`'s log-odds under `theta`: (rules, features, patterns uncentered).
    fn parts(&self, theta: &[f64], i: usize) -> (f64, f64, f64) {
        let row = &self.dense[i * self.dense_width..(i + 1) * self.dense_width];
        let w = &theta[1..1 + self.dense_width];
        let feat: f64 = row[..COUNT]
            .iter()
            .zip(&w[..COUNT])
            .map(|(a, b)| a * b)
            .sum();
        let rules: f64 = row[COUNT..]
            .iter()
            .zip(&w[COUNT..])
            .map(|(a, b)| a * b)
            .sum();
        let p = &theta[1 + self.dense_width..];
        let mut pat = 0.0;
        for k in self.offsets[i]..self.offsets[i + 1] {
            pat += self.values[k] * p[self.columns[k] as usize];
        }
        (rules, feat, pat)
    }

    /// Row `i`'s log-odds as fitted (no reliability).
    fn fitted_logit(&self, theta: &[f64], i: usize) -> f64 {
        let (r, f, p) = self.parts(theta, i);
        theta[0] + r + f + p
    }

    /// The patterns' centering constant Σ w · center / scale.
    fn centering(&self, theta: &[f64]) -> f64 {
        theta[1 + self.dense_width..]
            .iter()
            .zip(&self.center_over_scale)
            .map(|(w, c)| w * c)
            .sum()
    }

    /// Row `i`'s log-odds as [`score::score`] computes it: the style terms (centered) times
    /// the reliability.
    pub fn scoring_logit(&self, theta: &[f64], centering: f64, i: usize) -> f64 {
        let (r, f, p) = self.parts(theta, i);
        theta[0] + centering + r + self.reliability[i] * (f + p - centering)
    }
}

/// Fitting options.
#[derive(Debug, Clone)]
pub struct Options {
    pub l2: f64,
    pub max_iterations: usize,
}

/// Per-row weights for a fit on `rows`: each (source, group, label) cell an equal share of its
/// source's weight, then each class half of the total.
fn row_weights(samples: &[TrainSample], rows: &[usize], sources: &[Source]) -> Vec<f64> {
    let mut cells: BTreeMap<(usize, &str, bool), usize> = BTreeMap::new();
    for &i in rows {
        let s = &samples[i];
        *cells
            .entry((s.source, &s.group, s.sample.positive))
            .or_insert(0) += 1;
    }
    let mut cells_per_source: BTreeMap<usize, usize> = BTreeMap::new();
    for &(src, _, _) in cells.keys() {
        *cells_per_source.entry(src).or_insert(0) += 1;
    }
    let mut c: Vec<f64> = rows
        .iter()
        .map(|&i| {
            let s = &samples[i];
            let n = cells[&(s.source, s.group.as_str(), s.sample.positive)] as f64;
            sources[s.source].weight / cells_per_source[&s.source] as f64 / n
        })
        .collect();
    for class in [true, false] {
        let total: f64 = rows
            .iter()
            .zip(&c)
            .filter(|(&i, _)| samples[i].sample.positive == class)
            .map(|(_, w)| w)
            .sum();
        if total > 0.0 {
            for (&i, w) in rows.iter().zip(c.iter_mut()) {
                if samples[i].sample.positive == class {
                    *w *= 0.5 / total;
                }
            }
        }
    }
    c
}

/// A fitted parameter vector and how the fit went.
#[derive(Debug)]
pub struct Fitted {
    pub theta: Vec<f64>,
    pub outcome: lbfgs::Outcome,
    /// Rules held at zero (wrong-way or pushed below zero).
    pub held: Vec<&'static str>,
}

/// Fits on `rows` of the design.
pub fn fit_rows(
    d: &Design,
    samples: &[TrainSample],
    sources: &[Source],
    rows: &[usize],
    prior: &BTreeMap<String, f64>,
    opts: &Options,
) -> Fitted {
    let c = row_weights(samples, rows, sources);
    let dim = d.width();
    let mut mu = vec![0.0; dim];
    let rule_base = 1 + COUNT;
    let mut free = vec![true; dim];
    let mut held = Vec::new();
    for (k, code) in d.rules.iter().enumerate() {
        mu[rule_base + k] = prior.get(*code).copied().unwrap_or(0.0);
        // Wrong-way evidence: a higher mean input on the human documents.
        let (mut pos, mut neg) = (0.0, 0.0);
        for (&i, &w) in rows.iter().zip(&c) {
            let x = d.dense[i * d.dense_width + COUNT + k];
            if samples[i].sample.positive {
                pos += w * x;
            } else {
                neg += w * x;
            }
        }
        if neg > pos {
            free[rule_base + k] = false;
            held.push(*code);
        }
    }
    let mut theta = mu.clone();
    for (k, f) in free.iter().enumerate() {
        if !f {
            theta[k] = 0.0;
        }
    }
    let l2 = opts.l2;
    let loss = |theta: &[f64], grad: &mut [f64]| -> f64 {
        let z: Vec<f64> = rows.par_iter().map(|&i| d.fitted_logit(theta, i)).collect();
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut loss = 0.0;
        let pat_base = 1 + d.dense_width;
        for ((&i, &zi), &ci) in rows.iter().zip(&z).zip(&c) {
            let yi = d.y[i];
            loss += ci * (zi.max(0.0) + (-zi.abs()).exp().ln_1p() - yi * zi);
            let r = ci * (score::sigmoid(zi) - yi);
            grad[0] += r;
            let row = &d.dense[i * d.dense_width..(i + 1) * d.dense_width];
            for (g, x) in grad[1..pat_base].iter_mut().zip(row) {
                *g += r * x;
            }
            for k in d.offsets[i]..d.offsets[i + 1] {
                grad[pat_base + d.columns[k] as usize] += r * d.values[k];
            }
        }
        for k in 1..theta.len() {
            let diff = theta[k] - mu[k];
            loss += 0.5 * l2 * diff * diff;
            grad[k] += l2 * diff;
        }
        loss
    };
    let mut outcome;
    loop {
        outcome = lbfgs::minimize(&mut theta, &free, opts.max_iterations, 1e-7, &loss);
        let negative: Vec<usize> = (0..d.rules.len())
            .filter(|&k| free[rule_base + k] && theta[rule_base + k] < 0.0)
            .collect();
        if negative.is_empty() {
            break;
        }
        for k in negative {
            theta[rule_base + k] = 0.0;
            free[rule_base + k] = false;
            held.push(d.rules[k]);
        }
    }
    held.sort_unstable();
    Fitted {
        theta,
        outcome,
        held,
    }
}

/// Which fold a pair falls in (a hash of the pair's text, so folds do not depend on order).
fn fold_of(s: &TrainSample, index: usize, folds: usize) -> usize {
    let mut h = crate::text::hash::FnvHasher::default();
    match &s.sample.pair {
        Some(p) => {
            h.write(s.group.as_bytes());
            h.write(p.as_bytes());
        }
        None => h.write(&index.to_le_bytes()),
    }
    (h.finish() % folds as u64) as usize
}

/// Held-out predictions for every row from a cross-validation grouped by pair, as scoring
/// computes them (with the reliability).
pub fn cross_validated(
    d: &Design,
    samples: &[TrainSample],
    m: &Manifest,
    prior: &BTreeMap<String, f64>,
    opts: &Options,
) -> Vec<f64> {
    let folds: Vec<usize> = samples
        .iter()
        .enumerate()
        .map(|(i, s)| fold_of(s, i, m.folds))
        .collect();
    let mut out = vec![0.0; samples.len()];
    for f in 0..m.folds {
        let train: Vec<usize> = (0..samples.len()).filter(|&i| folds[i] != f).collect();
        let fitted = fit_rows(d, samples, &m.sources, &train, prior, opts);
        let k = d.centering(&fitted.theta);
        for i in (0..samples.len()).filter(|&i| folds[i] == f) {
            out[i] = d.scoring_logit(&fitted.theta, k, i);
        }
    }
    out
}

/// Platt scaling: `(a, b)` minimizing the weighted log-loss of `σ(a·z + b)` (the weights `c`
/// sum to 1), with a weak pull toward `(1, 0)` so that a few separable held-out scores do not
/// send it to infinity, and `a` kept positive (calibration never inverts the order).
pub fn platt(z: &[f64], y: &[f64], c: &[f64]) -> (f64, f64) {
    const PULL: f64 = 1e-3;
    let mut x = [1.0, 0.0];
    lbfgs::minimize(&mut x, &[true, true], 200, 1e-10, |x, g| {
        g[0] = PULL * (x[0] - 1.0);
        g[1] = PULL * x[1];
        let mut loss = 0.5 * PULL * ((x[0] - 1.0).powi(2) + x[1] * x[1]);
        for ((&zi, &yi), &ci) in z.iter().zip(y).zip(c) {
            let t = x[0] * zi + x[1];
            loss += ci * (t.max(0.0) + (-t.abs()).exp().ln_1p() - yi * t);
            let r = ci * (score::sigmoid(t) - yi);
            g[0] += r * zi;
            g[1] += r;
        }
        loss
    });
    (x[0].max(0.05), x[1])
}

/// The lowest threshold (rounded up to 4 decimals) that at most `fpr` of `scores` reach.
pub fn threshold_for(scores: &[f64], fpr: f64) -> f64 {
    let mut desc = scores.to_vec();
    desc.sort_by(|a, b| b.total_cmp(a));
    let allowed = (fpr * desc.len() as f64).floor() as usize;
    match desc.get(allowed) {
        Some(&s) => (((s * 1e4).floor() + 1.0) / 1e4).min(1.0),
        None => 0.0,
    }
}

/// One held-out group's result.
#[derive(Debug, Clone)]
pub struct HeldOut {
    pub group: String,
    pub documents: usize,
    pub roc_auc: Option<f64>,
}

/// Leave-one-group-out: for each group of the sources marked `holdout`, a model fitted on
/// everything else scores that group. Returns per-group AUCs and the held-out predictions
/// (row, log-odds) for the breakdowns by length.
pub fn leave_one_group_out(
    d: &Design,
    samples: &[TrainSample],
    m: &Manifest,
    prior: &BTreeMap<String, f64>,
    opts: &Options,
) -> (Vec<HeldOut>, Vec<(usize, f64)>) {
    let groups: BTreeSet<(usize, &str)> = samples
        .iter()
        .filter(|s| m.sources[s.source].holdout)
        .map(|s| (s.source, s.group.as_str()))
        .collect();
    let mut results = Vec::new();
    let mut predictions = Vec::new();
    for (src, g) in groups {
        let in_group = |s: &TrainSample| s.source == src && s.group == g;
        let train: Vec<usize> = (0..samples.len())
            .filter(|&i| !in_group(&samples[i]))
            .collect();
        let fitted = fit_rows(d, samples, &m.sources, &train, prior, opts);
        let k = d.centering(&fitted.theta);
        let mut scored = Vec::new();
        for i in (0..samples.len()).filter(|&i| in_group(&samples[i])) {
            let z = d.scoring_logit(&fitted.theta, k, i);
            scored.push((z, samples[i].sample.positive));
            predictions.push((i, z));
        }
        results.push(HeldOut {
            group: g.to_string(),
            documents: scored.len(),
            roc_auc: eval::roc_auc(&scored),
        });
    }
    (results, predictions)
}

/// The result of [`train`].
#[derive(Debug)]
pub struct Trained {
    pub model: Weights,
    pub outcome: lbfgs::Outcome,
    pub held: Vec<&'static str>,
    /// Platt scaling of the raw log-odds.
    pub calibration: (f64, f64),
    /// Per native register: (documents, share at or above likely-mt, at or above suspect),
    /// from held-out predictions.
    pub registers: Vec<(String, usize, f64, f64)>,
    /// AUC of the held-out (cross-validated) predictions over all training documents.
    pub cv_auc: Option<f64>,
}

/// Fits the final model on every document, calibrates it on cross-validated predictions and
/// sets its thresholds.
pub fn train(
    samples: &[TrainSample],
    m: &Manifest,
    prior: &BTreeMap<String, f64>,
    opts: &Options,
) -> Result<Trained, String> {
    let positives = samples.iter().filter(|s| s.sample.positive).count();
    if positives == 0 || positives == samples.len() {
        return Err(format!(
            "training needs both classes: {positives} positive and {} negative documents",
            samples.len() - positives
        ));
    }
    let base = base_model(m);
    let all: Vec<usize> = (0..samples.len()).collect();
    let c = row_weights(samples, &all, &m.sources);
    let d = Design::new(samples, m.min_df, &base, &c);
    let cv = cross_validated(&d, samples, m, prior, opts);
    let (a, b) = platt(&cv, &d.y, &c);
    let fitted = fit_rows(&d, samples, &m.sources, &all, prior, opts);
    let theta = &fitted.theta;

    let mut model = base;
    let k = d.centering(theta);
    model.bias = round(a * (theta[0] + k) + b, 6);
    model.rules = d
        .rules
        .iter()
        .enumerate()
        .map(|(j, code)| (code.to_string(), round(a * theta[1 + COUNT + j], 4)))
        .collect();
    model.features = style::FEATURES
        .iter()
        .enumerate()
        .map(|(j, meta)| {
            let mut fw = d.features[j];
            fw.weight = round(a * theta[1 + j], 4);
            (meta.key.to_string(), fw)
        })
        .filter(|(_, fw)| fw.weight != 0.0)
        .collect();
    let pattern_weights: Vec<PatternWeight> = d
        .patterns
        .iter()
        .enumerate()
        .map(|(j, p)| PatternWeight {
            weight: round(a * theta[1 + d.dense_width + j], 4),
            ..*p
        })
        .filter(|p| p.weight != 0.0)
        .collect();
    model.set_patterns(pattern_weights);

    // Thresholds from the held-out, calibrated predictions of each native register.
    let calibrated: Vec<f64> = cv.iter().map(|z| score::sigmoid(a * z + b)).collect();
    let mut by_register: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (s, &p) in samples.iter().zip(&calibrated) {
        if let (true, Some(r)) = (s.native, &s.register) {
            by_register.entry(r).or_default().push(p);
        }
    }
    if by_register.is_empty() {
        return Err("the manifest marks no native English documents to set thresholds on".into());
    }
    let likely = by_register
        .values()
        .map(|v| threshold_for(v, m.likely_fpr))
        .fold(0.5, f64::max);
    let suspect = by_register
        .values()
        .map(|v| threshold_for(v, m.suspect_fpr))
        .fold(0.5, f64::max)
        .min(likely);
    model.thresholds = Thresholds {
        suspect,
        likely_mt: likely,
    };
    let registers = by_register
        .iter()
        .map(|(r, v)| {
            let share = |t: f64| v.iter().filter(|&&p| p >= t).count() as f64 / v.len() as f64;
            (r.to_string(), v.len(), share(likely), share(suspect))
        })
        .collect();
    let scored: Vec<(f64, bool)> = cv
        .iter()
        .zip(samples)
        .map(|(&z, s)| (z, s.sample.positive))
        .collect();
    Ok(Trained {
        model,
        outcome: fitted.outcome,
        held: fitted.held,
        calibration: (a, b),
        registers,
        cv_auc: eval::roc_auc(&scored),
    })
}

/// The model file: a header saying how it was made, the settings, and the weights, with the
/// pattern table last (one pattern per line).
pub fn to_toml(model: &Weights, header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&format!(
        "bias = {:?}\nlength-floor-words = {}\nmin-words = {}\nfull-words = {}\n\n",
        model.bias, model.length_floor_words, model.min_words, model.full_words
    ));
    out.push_str(&format!(
        "[thresholds]\nsuspect = {:?}\nlikely-mt = {:?}\n\n[rules]\n",
        model.thresholds.suspect, model.thresholds.likely_mt
    ));
    for (code, w) in &model.rules {
        out.push_str(&format!("{code} = {w:?}\n"));
    }
    for (key, fw) in &model.features {
        out.push_str(&format!(
            "\n[features.{key}]\nweight = {:?}\ncenter = {:?}\nscale = {:?}\n",
            fw.weight, fw.center, fw.scale
        ));
    }
    if let Some(p) = &model.patterns {
        out.push_str("\n# pattern<TAB>center<TAB>scale<TAB>weight; rates per 1000 stream symbols\n[patterns]\ntable = '''\n");
        out.push_str(&p.table);
        out.push_str("'''\n");
    }
    out
}

#[cfg(test)]
mod tests;
