//! Fitting the score's weights on labeled documents (`mtlint train`).
//!
//! The model is the score's own shape (see [`crate::score`]): logistic regression on each
//! rule's `ln(1 + rate)` and each feature's standardized value. It is fitted by minimizing the
//! class-balanced log-loss plus a Gaussian prior on the weights:
//!
//! ```text
//! loss = Σ_i c_i · logloss(y_i, σ(b + w·x_i)) / Σ_i c_i  +  (λ/2) · Σ_j (w_j − μ_j)²
//! ```
//!
//! where `c_i` weighs each class to half the total (so the score is a probability under even
//! odds), `μ_j` is the prior weights' value for a rule (the hand-set default) and 0 for a
//! feature. A rule that rarely fires in the training data keeps its prior weight instead of
//! being fitted to a handful of documents, and rule weights are kept at zero or above: an
//! artifact can only add evidence of machine translation, never subtract it, whatever one
//! corpus says. Optimization is projected gradient descent with Nesterov momentum (FISTA) to a
//! tight tolerance; the problem is convex, so the result does not depend on the start.
//!
//! Feature centers are the mean value on the negative (human) documents and scales the standard
//! deviation over all documents, so a weight reads as "log-odds per standard deviation away
//! from the human profile". Thresholds are set from the fitted scores of the negative training
//! documents: `likely_mt` so that at most `likely_fpr` of them reach it, `suspect` for
//! `suspect_fpr`.

use std::collections::BTreeMap;

use crate::eval::Sample;
use crate::rules;
use crate::score::{self, FeatureWeight, Thresholds, Weights};
use crate::style::{self, COUNT};

#[derive(Debug, Clone)]
pub struct Options {
    /// Strength of the prior (λ).
    pub l2: f64,
    pub likely_fpr: f64,
    pub suspect_fpr: f64,
    pub max_iterations: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            l2: 0.02,
            likely_fpr: 0.01,
            suspect_fpr: 0.05,
            max_iterations: 20_000,
        }
    }
}

/// What a fit did, for the training report and the weights file's header.
#[derive(Debug, Clone)]
pub struct Fit {
    pub weights: Weights,
    pub iterations: usize,
    pub converged: bool,
    pub loss: f64,
    pub positives: usize,
    pub negatives: usize,
}

/// Fits weights on `samples`, starting from (and regularized toward) `prior`.
pub fn fit(samples: &[Sample], prior: &Weights, opts: &Options) -> Result<Fit, String> {
    let positives = samples.iter().filter(|s| s.positive).count();
    let negatives = samples.len() - positives;
    if positives == 0 || negatives == 0 {
        return Err(format!(
            "training needs both classes: {positives} positive and {negatives} negative documents"
        ));
    }
    let codes: Vec<&'static str> = rules::RULES.iter().map(|r| r.meta().code).collect();
    let nr = codes.len();

    // Feature standardization from the data.
    let mut feature_weights = BTreeMap::new();
    for (j, meta) in style::FEATURES.iter().enumerate() {
        let vals: Vec<(f64, bool)> = samples
            .iter()
            .filter_map(|s| Some((s.measurements?.values[j]?, s.positive)))
            .collect();
        let neg: Vec<f64> = vals.iter().filter(|v| !v.1).map(|v| v.0).collect();
        if neg.len() < 2 || vals.len() < 10 {
            continue;
        }
        let center = neg.iter().sum::<f64>() / neg.len() as f64;
        let all_mean = vals.iter().map(|v| v.0).sum::<f64>() / vals.len() as f64;
        let var = vals.iter().map(|v| (v.0 - all_mean).powi(2)).sum::<f64>() / vals.len() as f64;
        if var <= 1e-12 {
            continue;
        }
        feature_weights.insert(
            meta.key.to_string(),
            FeatureWeight {
                weight: 0.0,
                center,
                scale: var.sqrt(),
            },
        );
    }
    let feature_keys: Vec<Option<&FeatureWeight>> = style::FEATURES
        .iter()
        .map(|m| feature_weights.get(m.key))
        .collect();

    // Design matrix: rule inputs, then feature inputs.
    let dim = nr + COUNT;
    let rows: Vec<Vec<f64>> = samples
        .iter()
        .map(|s| {
            let mut x = vec![0.0; dim];
            for (k, code) in codes.iter().enumerate() {
                x[k] = s.rule_inputs.get(code).copied().unwrap_or(0.0);
            }
            if let Some(m) = &s.measurements {
                for j in 0..COUNT {
                    if let (Some(v), Some(fw)) = (m.values[j], feature_keys[j]) {
                        x[nr + j] = score::feature_input(v, fw, m.words);
                    }
                }
            }
            x
        })
        .collect();
    let y: Vec<f64> = samples
        .iter()
        .map(|s| f64::from(u8::from(s.positive)))
        .collect();
    let class_weight = |pos: bool| {
        0.5 / if pos {
            positives as f64
        } else {
            negatives as f64
        }
    };
    let c: Vec<f64> = samples.iter().map(|s| class_weight(s.positive)).collect();
    let mut mu = vec![0.0; dim];
    for (k, code) in codes.iter().enumerate() {
        mu[k] = rules::find(code).map_or(0.0, |r| prior.rule_weight(r.meta()));
    }
    let lower: Vec<f64> = (0..dim)
        .map(|k| if k < nr { 0.0 } else { f64::NEG_INFINITY })
        .collect();

    // Lipschitz constant of the gradient: 1/4 · max_i ‖(1, x_i)‖² (the weights c sum to 1) + λ.
    let max_norm = rows
        .iter()
        .map(|x| 1.0 + x.iter().map(|v| v * v).sum::<f64>())
        .fold(0.0, f64::max);
    let step = 1.0 / (0.25 * max_norm + opts.l2);

    let loss_grad = |theta: &[f64], grad: &mut [f64]| -> f64 {
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut loss = 0.0;
        for ((x, &yi), &ci) in rows.iter().zip(&y).zip(&c) {
            let z = theta[0] + x.iter().zip(&theta[1..]).map(|(a, b)| a * b).sum::<f64>();
            let p = score::sigmoid(z);
            // Stable log-loss: ln(1 + e^z) − y·z.
            loss += ci * (z.max(0.0) + (-z.abs()).exp().ln_1p() - yi * z);
            let r = ci * (p - yi);
            grad[0] += r;
            for (g, xv) in grad[1..].iter_mut().zip(x) {
                *g += r * xv;
            }
        }
        for k in 0..dim {
            let d = theta[1 + k] - mu[k];
            loss += 0.5 * opts.l2 * d * d;
            grad[1 + k] += opts.l2 * d;
        }
        loss
    };
    let project = |theta: &mut [f64]| {
        for k in 0..dim {
            theta[1 + k] = theta[1 + k].max(lower[k]);
        }
    };

    let mut theta = vec![0.0; dim + 1];
    theta[0] = prior.bias;
    theta[1..].copy_from_slice(&mu);
    project(&mut theta);
    let mut momentum = theta.clone();
    let mut grad = vec![0.0; dim + 1];
    let mut t = 1.0f64;
    let mut iterations = 0;
    let mut converged = false;
    let mut loss = f64::INFINITY;
    while iterations < opts.max_iterations {
        iterations += 1;
        loss = loss_grad(&momentum, &mut grad);
        let mut next: Vec<f64> = momentum
            .iter()
            .zip(&grad)
            .map(|(m, g)| m - step * g)
            .collect();
        project(&mut next);
        let t_next = (1.0 + (1.0 + 4.0 * t * t).sqrt()) / 2.0;
        let change = next
            .iter()
            .zip(&theta)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        momentum = next
            .iter()
            .zip(&theta)
            .map(|(n, o)| n + (t - 1.0) / t_next * (n - o))
            .collect();
        theta = next;
        t = t_next;
        if change < 1e-9 {
            converged = true;
            break;
        }
    }

    let mut weights = prior.clone();
    weights.bias = theta[0];
    weights.rules = codes
        .iter()
        .enumerate()
        .map(|(k, code)| (code.to_string(), round(theta[1 + k])))
        .collect();
    for (j, meta) in style::FEATURES.iter().enumerate() {
        if let Some(fw) = feature_weights.get_mut(meta.key) {
            fw.weight = round(theta[1 + nr + j]);
            fw.center = round(fw.center);
            fw.scale = round(fw.scale);
        }
    }
    weights.features = feature_weights;
    weights.bias = round(weights.bias);

    // Thresholds from the negatives' fitted scores.
    let mut neg_scores: Vec<f64> = samples
        .iter()
        .filter(|s| !s.positive)
        .map(|s| s.score(&weights))
        .collect();
    neg_scores.sort_by(|a, b| b.total_cmp(a));
    let likely_mt = threshold_for(&neg_scores, opts.likely_fpr);
    let suspect = threshold_for(&neg_scores, opts.suspect_fpr).min(likely_mt);
    weights.thresholds = Thresholds { suspect, likely_mt };
    Ok(Fit {
        weights,
        iterations,
        converged,
        loss,
        positives,
        negatives,
    })
}

/// The lowest threshold (rounded up to 4 decimals) that at most `fpr` of the negatives reach,
/// given their scores sorted from highest.
fn threshold_for(neg_desc: &[f64], fpr: f64) -> f64 {
    let allowed = (fpr * neg_desc.len() as f64).floor() as usize;
    match neg_desc.get(allowed) {
        // Just above the first negative that must stay below.
        Some(&s) => (((s * 1e4).floor() + 1.0) / 1e4).min(1.0),
        None => 0.0,
    }
}

fn round(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// The weights file `mtlint train` writes: a header saying how it was made, then the TOML.
pub fn to_toml(fit: &Fit, header: &str) -> Result<String, String> {
    let body = toml::to_string(&fit.weights).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Measurements;

    fn sample(positive: bool, mt101: f64, ing: f64) -> Sample {
        let mut rule_inputs = BTreeMap::new();
        if mt101 > 0.0 {
            rule_inputs.insert("MT101", mt101);
        }
        let mut values = [None; COUNT];
        values[0] = Some(ing);
        Sample {
            positive,
            pair: None,
            group: None,
            words: 400,
            rule_inputs,
            measurements: Some(Measurements { values, words: 400 }),
        }
    }

    fn data() -> Vec<Sample> {
        let mut v = Vec::new();
        for i in 0..40 {
            let f = i as f64 / 40.0;
            // Positives have fewer -ing forms and sometimes glued words.
            v.push(sample(true, if i % 4 == 0 { 1.0 } else { 0.0 }, 2.0 + f));
            v.push(sample(false, 0.0, 2.6 + f));
        }
        v
    }

    #[test]
    fn fit_learns_the_direction_and_converges() {
        let prior = Weights::default_ref();
        let fit = fit(&data(), prior, &Options::default()).unwrap();
        assert!(fit.converged, "{} iterations", fit.iterations);
        let w = &fit.weights;
        let ing = w.features["ing-forms"];
        assert!(ing.weight < 0.0, "{ing:?}");
        // Center: the negatives' mean, 2.6 + mean(i/40) = 2.6 + 0.4875.
        assert!((ing.center - 3.0875).abs() < 1e-3);
        assert!(w.rules["MT101"] > 0.0);
        // A rule that never fires keeps its prior weight.
        let prior_mt303 = prior.rule_weight(crate::rules::find("MT303").unwrap().meta());
        assert!((w.rules["MT303"] - prior_mt303).abs() < 1e-3);
        // At most 1% of 40 negatives (0 documents) reach likely-mt.
        let neg_over = data()
            .iter()
            .filter(|s| !s.positive && s.score(w) >= w.thresholds.likely_mt)
            .count();
        assert_eq!(neg_over, 0);
        assert!(w.thresholds.suspect <= w.thresholds.likely_mt);
        // The file round-trips.
        let text = to_toml(&fit, "test").unwrap();
        assert_eq!(Weights::from_toml(&text).unwrap(), fit.weights);
    }

    #[test]
    fn rule_weights_stay_non_negative() {
        // Glued words only on negatives: the fit would like a negative weight.
        let mut v = data();
        for s in v.iter_mut().filter(|s| !s.positive).take(20) {
            s.rule_inputs.insert("MT101", 2.0);
        }
        let fit = fit(&v, Weights::default_ref(), &Options::default()).unwrap();
        assert_eq!(fit.weights.rules["MT101"], 0.0);
    }

    #[test]
    fn one_class_is_an_error() {
        let v: Vec<Sample> = data().into_iter().filter(|s| s.positive).collect();
        assert!(fit(&v, Weights::default_ref(), &Options::default()).is_err());
    }

    #[test]
    fn thresholds_by_hand() {
        let neg = [0.9, 0.8, 0.5, 0.2];
        // 25% of 4 = 1 may reach it: just above the second-highest, 0.8.
        assert_eq!(threshold_for(&neg, 0.25), 0.8001);
        assert_eq!(threshold_for(&neg, 0.0), 0.9001);
        assert_eq!(threshold_for(&neg, 1.0), 0.0);
    }
}
