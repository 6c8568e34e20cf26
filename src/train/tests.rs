//! Training on synthetic samples: directions, held rules, calibration and thresholds.

use super::*;
use crate::score::Verdict;

fn sample(positive: bool, commas: f64, mt601: f64, group: &str, pair: usize) -> TrainSample {
    let mut features = [None; COUNT];
    features[style::index("commas").unwrap()] = Some(commas);
    let mut rule_inputs = BTreeMap::new();
    if mt601 > 0.0 {
        rule_inputs.insert("MT601", mt601);
    }
    TrainSample {
        sample: Sample {
            positive,
            pair: Some(pair.to_string()),
            group: Some(group.into()),
            register: None,
            words: 400,
            mt: None,
            verdict: Verdict::Clean,
            rule_inputs,
            rule_terms: BTreeMap::new(),
            features: Some(features),
            feature_terms: [0.0; COUNT],
            symbols: 500,
            // Pattern 1 ("the") on every document, more often on positives.
            patterns: vec![(1, if positive { 40 } else { 25 })],
        },
        source: 0,
        group: group.into(),
        native: !positive && pair % 2 == 0,
        register: (!positive && pair % 2 == 0).then(|| "news".to_string()),
    }
}

fn manifest() -> Manifest {
    Manifest::from_toml(
        r#"
l2 = 0.01
min-df = 0.0
folds = 3
likely-fpr = 0.0
suspect-fpr = 0.0
min-words = 10
full-words = 100
length-floor-words = 300
[[source]]
name = "s"
files = ["x.jsonl"]
group-field = "lp"
holdout = true
"#,
    )
    .unwrap()
}

/// Positives have fewer commas and sometimes a calque; noise keeps the classes overlapping.
fn data() -> Vec<TrainSample> {
    let mut v = Vec::new();
    for i in 0..120 {
        let f = (i % 20) as f64 / 4.0;
        let g = if i % 2 == 0 { "aa" } else { "bb" };
        v.push(sample(
            true,
            4.0 + f,
            if i % 5 == 0 { 1.0 } else { 0.0 },
            g,
            i,
        ));
        v.push(sample(false, 6.0 + f, 0.0, g, i));
    }
    v
}

fn prior() -> BTreeMap<String, f64> {
    Weights::prior()
}

fn opts() -> Options {
    Options {
        l2: 0.01,
        max_iterations: 500,
    }
}

#[test]
fn learns_directions_and_writes_a_model_that_scores_alike() {
    let m = manifest();
    let t = train(&data(), &m, &prior(), &opts()).unwrap();
    assert!(t.outcome.converged, "{:?}", t.outcome);
    assert!(t.model.features["commas"].weight < 0.0);
    assert!(t.model.rules["MT601"] > 0.0);
    let p = t.model.pattern_weights();
    assert_eq!(p.len(), 1);
    assert!(p[0].weight > 0.0);
    // Center: the human documents' rate, 25 per 500 symbols = 50 per 1000.
    assert!((p[0].center - 50.0).abs() < 1e-9);
    // The feature's center: the human documents' mean commas, 6 + mean(f) = 6 + 2.375.
    assert!((t.model.features["commas"].center - 8.375).abs() < 1e-9);
    // Likely-fpr 0: no held-out native document reaches likely-mt.
    assert!(t.registers.iter().all(|r| r.2 == 0.0), "{:?}", t.registers);
    assert!(t.model.thresholds.suspect <= t.model.thresholds.likely_mt);
    assert!(t.model.thresholds.suspect >= 0.5);
    // The file round-trips.
    let text = to_toml(&t.model, "test");
    assert_eq!(Weights::from_toml(&text).unwrap(), t.model);
}

#[test]
fn wrong_way_rules_are_held_at_zero() {
    let mut v = data();
    for s in v.iter_mut().filter(|s| !s.sample.positive).take(40) {
        s.sample.rule_inputs.insert("MT601", 2.0);
    }
    let d = design(&v, &manifest());
    let rows: Vec<usize> = (0..v.len()).collect();
    let f = fit_rows(&d, &v, &manifest().sources, &rows, &prior(), &opts());
    assert!(f.held.contains(&"MT601"));
    let k = d.rules.iter().position(|&c| c == "MT601").unwrap();
    assert_eq!(f.theta[1 + COUNT + k], 0.0);
}

#[test]
fn one_class_is_an_error() {
    let v: Vec<TrainSample> = data().into_iter().filter(|s| s.sample.positive).collect();
    assert!(train(&v, &manifest(), &prior(), &opts()).is_err());
}

#[test]
fn leave_one_group_out_scores_every_group() {
    let v = data();
    let d = design(&v, &manifest());
    let (held, predictions) = leave_one_group_out(&d, &v, &manifest(), &prior(), &opts());
    assert_eq!(held.len(), 2);
    assert_eq!(predictions.len(), v.len());
    assert!(held.iter().all(|h| h.roc_auc.unwrap() > 0.7), "{held:?}");
}

#[test]
fn thresholds_and_platt_by_hand() {
    let neg = [0.9, 0.8, 0.5, 0.2];
    // 25% of 4 = 1 may reach it: just above the second-highest, 0.8.
    assert_eq!(threshold_for(&neg, 0.25), 0.8001);
    assert_eq!(threshold_for(&neg, 0.0), 0.9001);
    assert_eq!(threshold_for(&neg, 1.0), 0.0);
    // Log-odds already calibrated (labels drawn at σ(z)): Platt keeps a ≈ 1, b ≈ 0. Exact
    // frequencies: at z = ±ln 3 the label is positive 3 times in 4.
    let l3 = 3f64.ln();
    let z = [l3, l3, l3, l3, -l3, -l3, -l3, -l3];
    let y = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0];
    let (a, b) = platt(&z, &y, &[0.125; 8]);
    assert!((a - 1.0).abs() < 1e-4 && b.abs() < 1e-4, "{a} {b}");
}

#[test]
fn manifests_are_checked() {
    let ok = "l2 = 0.1\nmin-df = 0.0\nfolds = 3\nlikely-fpr = 0.01\nsuspect-fpr = 0.05\n\
              min-words = 1\nfull-words = 1\nlength-floor-words = 1\n";
    let src = "[[source]]\nname = \"a\"\nfiles = [\"x\"]\ngroup = \"g\"\n";
    assert!(Manifest::from_toml(&format!("{ok}{src}")).is_ok());
    assert!(Manifest::from_toml(ok)
        .unwrap_err()
        .contains("no [[source]]"));
    let both = src.replace("group = \"g\"", "group = \"g\"\ngroup-field = \"lp\"");
    assert!(Manifest::from_toml(&format!("{ok}{both}")).is_err());
    assert!(Manifest::from_toml(&format!("{ok}{src}{src}"))
        .unwrap_err()
        .contains("twice"));
    // The built-in manifest parses.
    Manifest::from_toml(DEFAULT_MANIFEST).unwrap();
}
