//! Measuring a rule set and its model against labeled documents: the metrics behind
//! `mtlint eval`, and the per-document samples that `mtlint train` fits the model on.
//!
//! [`packs`] measures the calque packs and the pattern rules MT602-MT604 the same way, entry by
//! entry.
//!
//! A [`Sample`] keeps both the document's answers under the linter's model (`mt`, verdict) and
//! what the score is made of (each translation rule's input `ln(1 + rate)`, each feature's
//! value and, from a linter [`with_all_patterns`](crate::Linter::with_all_patterns), every
//! style pattern's count), so that training can fit a model on the same samples.

pub mod packs;

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::batch::get_path;

use crate::rules;
use crate::score::Verdict;
use crate::style::{self, pattern::Key, COUNT};
use crate::{Linter, Report};

/// Where the label and the other fields are in a labeled JSON Lines record (dotted paths).
#[derive(Debug, Clone)]
pub struct LabeledFields {
    pub text: String,
    pub label: String,
    /// The label value of positive (machine-translated) documents.
    pub positive: String,
    pub pair: Option<String>,
    /// A field to break the results down by (e.g. `lp`, `system`, `domain`).
    pub by: Option<String>,
    /// A field naming each native document's register (e.g. `domain`).
    pub register: Option<String>,
    /// Only records whose field (dotted path) has this value.
    pub only: Option<(String, String)>,
}

impl Default for LabeledFields {
    fn default() -> Self {
        LabeledFields {
            text: "text".into(),
            label: "label".into(),
            positive: "mt".into(),
            pair: Some("pair".into()),
            by: None,
            register: None,
            only: None,
        }
    }
}

/// The samples read from labeled files, and the records that could not be used.
#[derive(Debug, Default)]
pub struct Labeled {
    pub samples: Vec<Sample>,
    /// `file:line: reason` for each skipped record.
    pub skipped: Vec<String>,
    /// Records left out by [`LabeledFields::only`].
    pub filtered: usize,
    /// The distinct label values seen.
    pub labels: std::collections::BTreeSet<String>,
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

struct Pending {
    text: String,
    label: String,
    positive: bool,
    pair: Option<String>,
    group: Option<String>,
    register: Option<String>,
}

fn parse_labeled(line: &str, fields: &LabeledFields) -> Result<Option<Pending>, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let field = |name: &Option<String>| {
        name.as_ref()
            .and_then(|f| get_path(&v, f))
            .and_then(scalar_text)
    };
    if let Some((f, want)) = &fields.only {
        if get_path(&v, f).and_then(scalar_text).as_deref() != Some(want.as_str()) {
            return Ok(None);
        }
    }
    let text = match get_path(&v, &fields.text) {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(format!("field `{}` is not a string", fields.text)),
        None => return Err(format!("missing field `{}`", fields.text)),
    };
    let label = get_path(&v, &fields.label)
        .and_then(scalar_text)
        .ok_or_else(|| format!("missing or non-scalar label field `{}`", fields.label))?;
    Ok(Some(Pending {
        text,
        positive: label == fields.positive,
        label,
        pair: field(&fields.pair),
        group: field(&fields.by),
        register: field(&fields.register),
    }))
}

/// Reads labeled JSON Lines files (plain, gzip or zstd) and checks every record, in parallel
/// chunks so that memory holds one chunk of texts at a time. Records without a usable text or
/// label are listed in [`Labeled::skipped`], never silently dropped.
pub fn read_labeled(
    linter: &Linter,
    paths: &[&Path],
    fields: &LabeledFields,
) -> Result<Labeled, String> {
    const CHUNK: usize = 256;
    let mut out = Labeled::default();
    for path in paths {
        let name = path.display();
        let reader = crate::decode::open(path).map_err(|e| format!("{name}: {e}"))?;
        let mut lines = reader.split(b'\n').enumerate().peekable();
        while lines.peek().is_some() {
            let mut chunk = Vec::with_capacity(CHUNK);
            for (i, line) in lines.by_ref().take(CHUNK) {
                let line = line.map_err(|e| format!("{name}:{}: {e}", i + 1))?;
                chunk.push((i + 1, String::from_utf8_lossy(&line).into_owned()));
            }
            let scored: Vec<Result<Option<(String, Sample)>, String>> = chunk
                .par_iter()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(n, l)| {
                    let Some(p) =
                        parse_labeled(l, fields).map_err(|e| format!("{name}:{n}: {e}"))?
                    else {
                        return Ok(None);
                    };
                    let report = linter
                        .check(&p.text)
                        .map_err(|e| format!("{name}:{n}: {e}"))?;
                    let mut s = Sample::from_report(&report, p.positive, p.pair, p.group);
                    s.register = p.register;
                    Ok(Some((p.label, s)))
                })
                .collect();
            for r in scored {
                match r {
                    Ok(Some((label, s))) => {
                        out.labels.insert(label);
                        out.samples.push(s);
                    }
                    Ok(None) => out.filtered += 1,
                    Err(e) => out.skipped.push(e),
                }
            }
        }
    }
    Ok(out)
}

/// One labeled document, reduced to its answers and the model's inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub positive: bool,
    /// Documents with the same pair translate the same source.
    pub pair: Option<String>,
    /// The value of the `--by` field, for the per-group table.
    pub group: Option<String>,
    /// The register of a native document (the `--register-field` value).
    pub register: Option<String>,
    pub words: usize,
    /// `mt` under the linter's model (`None`: unsupported language).
    pub mt: Option<f64>,
    pub verdict: Verdict,
    /// Translation rule code → `ln(1 + rate)`, for the rules that fired.
    pub rule_inputs: BTreeMap<&'static str, f64>,
    /// Translation rule code → its term in the log-odds under the linter's model.
    pub rule_terms: BTreeMap<&'static str, f64>,
    /// The style feature values (documents the model applies to).
    pub features: Option<[Option<f64>; COUNT]>,
    /// Each feature's term in the log-odds under the linter's model.
    pub feature_terms: [f64; COUNT],
    /// Symbols in the pattern stream.
    pub symbols: usize,
    /// Every pattern's count, sorted by key (from a linter with all patterns).
    pub patterns: Vec<(Key, u32)>,
}

impl Sample {
    pub fn from_report(
        report: &Report,
        positive: bool,
        pair: Option<String>,
        group: Option<String>,
    ) -> Self {
        let mut feature_terms = [0.0; COUNT];
        for f in &report.score.features {
            if let Some(i) = style::index(f.feature) {
                feature_terms[i] = f.logit;
            }
        }
        Sample {
            positive,
            pair,
            group,
            register: None,
            words: report.words,
            mt: report.score.mt,
            verdict: report.score.verdict,
            rule_inputs: report
                .score
                .contributions
                .iter()
                .map(|c| (c.code, c.rate.ln_1p()))
                .collect(),
            rule_terms: report
                .score
                .contributions
                .iter()
                .map(|c| (c.code, c.logit))
                .collect(),
            features: report.style.as_ref().map(|s| s.measurements.values),
            feature_terms,
            symbols: report.style.as_ref().map_or(0, |s| s.measurements.symbols),
            patterns: report.all_patterns.clone().unwrap_or_default(),
        }
    }

    /// The length band of the document: `<30`, `30-100`, `100-250` or `250+` words.
    pub fn band(&self) -> &'static str {
        band(self.words)
    }
}

/// The length bands results are broken down by.
pub const BANDS: [&str; 4] = ["<30", "30-100", "100-250", "250+"];

pub fn band(words: usize) -> &'static str {
    match words {
        0..=29 => BANDS[0],
        30..=99 => BANDS[1],
        100..=249 => BANDS[2],
        _ => BANDS[3],
    }
}

/// ROC-AUC: the probability that a random positive scores above a random negative, ties
/// counting one half (the Mann-Whitney statistic). `None` without both classes.
pub fn roc_auc(scored: &[(f64, bool)]) -> Option<f64> {
    let pos = scored.iter().filter(|s| s.1).count();
    let neg = scored.len() - pos;
    if pos == 0 || neg == 0 {
        return None;
    }
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Sum of the positives' ranks, ties given their average rank (1-based).
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        let avg_rank = (i + 1 + j) as f64 / 2.0;
        rank_sum += avg_rank * sorted[i..j].iter().filter(|s| s.1).count() as f64;
        i = j;
    }
    let u = rank_sum - (pos * (pos + 1)) as f64 / 2.0;
    Some(u / (pos * neg) as f64)
}

/// Average precision: the mean of the precision at each threshold, weighted by the recall it
/// adds (tied scores form one threshold). `None` without positives.
pub fn average_precision(scored: &[(f64, bool)]) -> Option<f64> {
    let pos = scored.iter().filter(|s| s.1).count();
    if pos == 0 {
        return None;
    }
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut tp, mut seen, mut ap) = (0usize, 0usize, 0.0);
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        let mut new_tp = 0;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            new_tp += usize::from(sorted[j].1);
            j += 1;
        }
        tp += new_tp;
        seen = j;
        ap += (new_tp as f64 / pos as f64) * (tp as f64 / seen as f64);
        i = j;
    }
    debug_assert_eq!(seen, sorted.len());
    Some(ap)
}

/// Counts and rates at one threshold (a document is flagged when its score is at or above it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AtThreshold {
    pub threshold: f64,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub true_negatives: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub false_positive_rate: Option<f64>,
}

pub fn at_threshold(scored: &[(f64, bool)], threshold: f64) -> AtThreshold {
    let (mut tp, mut fp, mut fne, mut tn) = (0, 0, 0, 0);
    for &(s, p) in scored {
        match (s >= threshold, p) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fne += 1,
            (false, false) => tn += 1,
        }
    }
    let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fne);
    let f1 = match (precision, recall) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    };
    AtThreshold {
        threshold,
        true_positives: tp,
        false_positives: fp,
        false_negatives: fne,
        true_negatives: tn,
        precision,
        recall,
        f1,
        false_positive_rate: ratio(fp, fp + tn),
    }
}

/// Within each pair, every (positive, negative) combination: the share where the positive
/// scores higher, ties counting one half. Returns the rate and the number of comparisons.
pub fn paired_win_rate(scored: &[(f64, bool)], pairs: &[Option<&str>]) -> Option<(f64, usize)> {
    let mut groups: BTreeMap<&str, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for (&(s, p), pair) in scored.iter().zip(pairs) {
        if let Some(pair) = pair {
            let g = groups.entry(pair).or_default();
            if p {
                g.0.push(s);
            } else {
                g.1.push(s);
            }
        }
    }
    let (mut wins, mut n) = (0.0, 0usize);
    for (pos, neg) in groups.values() {
        for &a in pos {
            for &b in neg {
                wins += if a > b {
                    1.0
                } else if a == b {
                    0.5
                } else {
                    0.0
                };
                n += 1;
            }
        }
    }
    (n > 0).then(|| (wins / n as f64, n))
}

/// The whole evaluation, as printed by `mtlint eval` (and as its JSON).
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub documents: usize,
    pub positives: usize,
    pub negatives: usize,
    /// Documents in a language without a model (`mt` null): left out of the metrics.
    pub unsupported: usize,
    /// Documents with the verdict `too-short` (kept in the metrics with their `mt`).
    pub too_short: usize,
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
    pub suspect: AtThreshold,
    pub likely_mt: AtThreshold,
    pub paired_win_rate: Option<f64>,
    pub paired_comparisons: usize,
    /// One row per value of the `--by` field.
    pub groups: Vec<GroupRow>,
    /// One row per length band.
    pub bands: Vec<GroupRow>,
    pub rules: Vec<RuleRow>,
    pub features: Vec<FeatureRow>,
}

/// A group of documents: the AUC within it (when it has both classes), its positives against
/// every negative, and the share of it flagged.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub group: String,
    pub documents: usize,
    pub positives: usize,
    /// Within the group (both classes needed).
    pub roc_auc: Option<f64>,
    /// This group's positives against every negative (when the group has positives).
    pub roc_auc_vs_all_negatives: Option<f64>,
    /// Share of the group flagged `suspect` or worse, and `likely-mt`, by verdict.
    pub flagged_suspect: f64,
    pub flagged_likely_mt: f64,
}

/// A rule's or feature's direction in one group: the AUC of its raw input alone, positives
/// against negatives of the group (above 0.5: higher on machine translation).
#[derive(Debug, Clone, Serialize)]
pub struct Direction {
    pub group: String,
    pub roc_auc: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleRow {
    pub code: &'static str,
    pub name: &'static str,
    /// Share of positive (negative) documents where the rule fired.
    pub hit_rate_positive: f64,
    pub hit_rate_negative: f64,
    /// Mean log-odds the rule adds on positive (negative) documents.
    pub mean_logit_positive: f64,
    pub mean_logit_negative: f64,
    /// The rule's input alone as a score.
    pub roc_auc: Option<f64>,
    pub by_group: Vec<Direction>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeatureRow {
    pub feature: &'static str,
    pub unit: &'static str,
    pub measured: usize,
    pub mean_positive: Option<f64>,
    pub mean_negative: Option<f64>,
    /// The raw value alone as a score (below 0.5: lower on positives).
    pub roc_auc: Option<f64>,
    pub mean_logit_positive: f64,
    pub mean_logit_negative: f64,
    pub by_group: Vec<Direction>,
}

fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let (mut s, mut n) = (0.0, 0usize);
    for x in xs {
        s += x;
        n += 1;
    }
    (n > 0).then(|| s / n as f64)
}

fn group_row(group: String, members: &[&Sample], negatives: &[(f64, bool)]) -> GroupRow {
    let scored: Vec<(f64, bool)> = members
        .iter()
        .filter_map(|s| Some((s.mt?, s.positive)))
        .collect();
    let pos: Vec<(f64, bool)> = scored.iter().copied().filter(|s| s.1).collect();
    let n = members.len().max(1) as f64;
    GroupRow {
        group,
        documents: members.len(),
        positives: members.iter().filter(|s| s.positive).count(),
        roc_auc: roc_auc(&scored),
        roc_auc_vs_all_negatives: if pos.is_empty() {
            None
        } else {
            roc_auc(&[pos.as_slice(), negatives].concat())
        },
        flagged_suspect: members
            .iter()
            .filter(|s| s.verdict >= Verdict::Suspect)
            .count() as f64
            / n,
        flagged_likely_mt: members
            .iter()
            .filter(|s| s.verdict == Verdict::LikelyMt)
            .count() as f64
            / n,
    }
}

/// An input's direction in each group of `samples`.
fn directions(samples: &[Sample], input: impl Fn(&Sample) -> Option<f64>) -> Vec<Direction> {
    let mut by: BTreeMap<&str, Vec<(f64, bool)>> = BTreeMap::new();
    for s in samples {
        if let (Some(g), Some(x)) = (&s.group, input(s)) {
            by.entry(g).or_default().push((x, s.positive));
        }
    }
    by.into_iter()
        .map(|(g, v)| Direction {
            group: g.to_string(),
            roc_auc: roc_auc(&v),
        })
        .collect()
}

/// Evaluates samples by their `mt` and verdicts under the linter's model (`thresholds` are
/// that model's).
pub fn evaluate(samples: &[Sample], thresholds: crate::score::Thresholds) -> Evaluation {
    let scored: Vec<(f64, bool)> = samples
        .iter()
        .filter_map(|s| Some((s.mt?, s.positive)))
        .collect();
    let supported: Vec<&Sample> = samples.iter().filter(|s| s.mt.is_some()).collect();
    let positives = samples.iter().filter(|s| s.positive).count();
    let pairs: Vec<Option<&str>> = supported.iter().map(|s| s.pair.as_deref()).collect();
    let paired = paired_win_rate(&scored, &pairs);
    let negatives: Vec<(f64, bool)> = scored.iter().copied().filter(|s| !s.1).collect();

    let mut group_ix: BTreeMap<&str, Vec<&Sample>> = BTreeMap::new();
    let mut band_ix: BTreeMap<usize, Vec<&Sample>> = BTreeMap::new();
    for s in samples {
        if let Some(g) = &s.group {
            group_ix.entry(g).or_default().push(s);
        }
        band_ix
            .entry(BANDS.iter().position(|&b| b == s.band()).unwrap_or(0))
            .or_default()
            .push(s);
    }
    let groups = group_ix
        .into_iter()
        .map(|(g, m)| group_row(g.to_string(), &m, &negatives))
        .collect();
    let bands = band_ix
        .into_iter()
        .map(|(b, m)| group_row(BANDS[b].to_string(), &m, &negatives))
        .collect();

    let mut rules_rows = Vec::new();
    for rule in rules::RULES {
        let code = rule.meta().code;
        let hits: Vec<(f64, bool)> = samples
            .iter()
            .map(|s| (s.rule_inputs.get(code).copied().unwrap_or(0.0), s.positive))
            .collect();
        if hits.iter().all(|h| h.0 == 0.0) {
            continue;
        }
        let term = |want: bool| {
            mean(
                samples
                    .iter()
                    .filter(|s| s.positive == want)
                    .map(|s| s.rule_terms.get(code).copied().unwrap_or(0.0)),
            )
            .unwrap_or(0.0)
        };
        let rate = |want: bool| {
            mean(
                hits.iter()
                    .filter(|h| h.1 == want)
                    .map(|h| f64::from(u8::from(h.0 > 0.0))),
            )
            .unwrap_or(0.0)
        };
        rules_rows.push(RuleRow {
            code,
            name: rule.meta().name,
            hit_rate_positive: rate(true),
            hit_rate_negative: rate(false),
            mean_logit_positive: term(true),
            mean_logit_negative: term(false),
            roc_auc: roc_auc(&hits),
            by_group: directions(samples, |s| {
                Some(s.rule_inputs.get(code).copied().unwrap_or(0.0))
            }),
        });
    }

    let feature_rows = style::FEATURES
        .iter()
        .enumerate()
        .map(|(i, meta)| {
            let values: Vec<(f64, bool)> = samples
                .iter()
                .filter_map(|s| Some((s.features?[i]?, s.positive)))
                .collect();
            let term = |want: bool| {
                mean(
                    samples
                        .iter()
                        .filter(|s| s.positive == want)
                        .map(|s| s.feature_terms[i]),
                )
                .unwrap_or(0.0)
            };
            FeatureRow {
                feature: meta.key,
                unit: meta.unit,
                measured: values.len(),
                mean_positive: mean(values.iter().filter(|v| v.1).map(|v| v.0)),
                mean_negative: mean(values.iter().filter(|v| !v.1).map(|v| v.0)),
                roc_auc: roc_auc(&values),
                mean_logit_positive: term(true),
                mean_logit_negative: term(false),
                by_group: directions(samples, |s| s.features?[i]),
            }
        })
        .collect();

    Evaluation {
        documents: samples.len(),
        positives,
        negatives: samples.len() - positives,
        unsupported: samples.len() - supported.len(),
        too_short: samples
            .iter()
            .filter(|s| s.verdict == Verdict::TooShort)
            .count(),
        roc_auc: roc_auc(&scored),
        average_precision: average_precision(&scored),
        suspect: at_threshold(&scored, thresholds.suspect),
        likely_mt: at_threshold(&scored, thresholds.likely_mt),
        paired_win_rate: paired.map(|p| p.0),
        paired_comparisons: paired.map_or(0, |p| p.1),
        groups,
        bands,
        rules: rules_rows,
        features: feature_rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(pairs: &[(f64, bool)]) -> Vec<(f64, bool)> {
        pairs.to_vec()
    }

    #[test]
    fn auc_by_hand() {
        // Positives 0.9, 0.4; negatives 0.5, 0.1. Pairs (pos > neg): 0.9>0.5, 0.9>0.1, 0.4>0.1;
        // 0.4<0.5. AUC = 3/4.
        let x = s(&[(0.9, true), (0.4, true), (0.5, false), (0.1, false)]);
        assert_eq!(roc_auc(&x), Some(0.75));
        // A tie counts one half: positives 0.5, 0.9; negatives 0.5, 0.1 → (1 + 1 + 0.5 + 1)/4.
        let x = s(&[(0.5, true), (0.9, true), (0.5, false), (0.1, false)]);
        assert_eq!(roc_auc(&x), Some(0.875));
        assert_eq!(roc_auc(&s(&[(0.3, true)])), None);
        // All equal: 0.5.
        assert_eq!(roc_auc(&s(&[(1.0, true), (1.0, false)])), Some(0.5));
    }

    #[test]
    fn average_precision_by_hand() {
        // Ranked: 0.9 P, 0.5 N, 0.4 P, 0.1 N. Precision at each positive: 1/1, 2/3.
        // AP = (1 + 2/3) / 2.
        let x = s(&[(0.9, true), (0.4, true), (0.5, false), (0.1, false)]);
        assert!((average_precision(&x).unwrap() - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
        // A tie at the top between a positive and a negative: one threshold, precision 1/2,
        // recall 1/2; then the second positive at precision 2/3.
        let x = s(&[(0.9, true), (0.9, false), (0.4, true)]);
        assert!((average_precision(&x).unwrap() - (0.25 + 1.0 / 3.0)).abs() < 1e-12);
        assert_eq!(average_precision(&s(&[(0.3, false)])), None);
    }

    #[test]
    fn threshold_counts_by_hand() {
        let x = s(&[(0.9, true), (0.4, true), (0.5, false), (0.1, false)]);
        let t = at_threshold(&x, 0.5);
        assert_eq!(
            (
                t.true_positives,
                t.false_positives,
                t.false_negatives,
                t.true_negatives
            ),
            (1, 1, 1, 1)
        );
        assert_eq!(t.precision, Some(0.5));
        assert_eq!(t.recall, Some(0.5));
        assert_eq!(t.f1, Some(0.5));
        assert_eq!(t.false_positive_rate, Some(0.5));
        let t = at_threshold(&x, 0.95);
        assert_eq!(t.precision, None);
        assert_eq!(t.f1, None);
    }

    #[test]
    fn paired_win_rate_by_hand() {
        // Pair a: positive 0.9 vs negative 0.5 (win), positive 0.4 vs 0.5 (loss).
        // Pair b: positive 0.2 vs negative 0.2 (tie). No pair: ignored.
        let x = s(&[
            (0.9, true),
            (0.4, true),
            (0.5, false),
            (0.2, true),
            (0.2, false),
            (0.99, true),
        ]);
        let pairs = [Some("a"), Some("a"), Some("a"), Some("b"), Some("b"), None];
        assert_eq!(paired_win_rate(&x, &pairs), Some((1.5 / 3.0, 3)));
        assert_eq!(paired_win_rate(&x, &[None; 6]), None);
    }
}
