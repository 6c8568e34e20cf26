//! `mtlint eval` and `mtlint train` on a small labeled fixture whose metrics are worked out by
//! hand (tests/data/eval).
//!
//! With `--select MT101` and tests/data/eval/mt101-only.toml only MT101 counts (weight 1, no
//! features), so a document's score depends only on whether "thatIf" occurs in it (repeats count
//! once): with it the score is s1 = σ(−2 + ln(1 + 1000/300)) ≈ 0.37, without it s0 = σ(−2) ≈
//! 0.12. Positives score (s1, s1, s0), negatives (s0, s1, s0):
//! - ROC-AUC: of the 9 (positive, negative) comparisons, p1 and p2 each win 2 and tie 1 (2.5
//!   each); p3 ties 2 and loses 1 (1). 6/9 = 2/3.
//! - Average precision: the s1 tie holds 2 positives of 3 documents: 2/3 · 2/3; the s0 tie adds
//!   the last positive at precision 3/6: 1/3 · 1/2. 4/9 + 1/6 = 11/18.
//! - At suspect (0.3): TP 2, FP 1, FN 1, TN 2. At likely-mt (0.5): nothing flagged.
//! - Paired win rate: pair a wins, pairs b and c tie: (1 + 0.5 + 0.5)/3 = 2/3.
//! - By engine: x = {p1, p3} against all negatives: (2.5 + 1)/6 = 7/12; y = {p2}: 2.5/3 = 5/6.

use crate::common::*;
use serde_json::Value;

const DATA: &str = "tests/data/eval/labeled.jsonl";
const WEIGHTS: &str = "tests/data/eval/mt101-only.toml";

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

fn eval_json(extra: &[&str]) -> Value {
    let mut args = vec![
        "eval",
        DATA,
        "--select",
        "MT101",
        "--language",
        "en",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn eval_metrics_match_the_hand_computation() {
    let e = eval_json(&["--weights", WEIGHTS, "--by", "engine"]);
    assert_eq!(e["documents"], 6);
    assert_eq!(e["positives"], 3);
    assert!(close(&e["roc_auc"], 2.0 / 3.0), "{}", e["roc_auc"]);
    assert!(close(&e["average_precision"], 11.0 / 18.0));
    let s = &e["suspect"];
    assert_eq!(
        [
            &s["true_positives"],
            &s["false_positives"],
            &s["false_negatives"],
            &s["true_negatives"]
        ],
        [2, 1, 1, 2]
    );
    assert!(close(&s["precision"], 2.0 / 3.0));
    assert!(close(&s["f1"], 2.0 / 3.0));
    assert_eq!(e["likely_mt"]["true_positives"], 0);
    assert_eq!(e["likely_mt"]["precision"], Value::Null);
    assert!(close(&e["paired_win_rate"], 2.0 / 3.0));
    assert_eq!(e["paired_comparisons"], 3);
    let groups = e["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["group"], "x");
    assert!(close(&groups[0]["roc_auc_vs_all_negatives"], 7.0 / 12.0));
    assert!(close(&groups[1]["roc_auc_vs_all_negatives"], 5.0 / 6.0));
    let rules = e["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0]["code"], "MT101");
    assert!(close(&rules[0]["hit_rate_positive"], 2.0 / 3.0));
    assert!(close(&rules[0]["hit_rate_negative"], 1.0 / 3.0));
}

#[test]
fn eval_reports_skipped_records_and_prints_tables() {
    let o = run(&[
        "eval",
        DATA,
        "--select",
        "MT101",
        "--weights",
        WEIGHTS,
        "--language",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("2 records skipped"), "{err}");
    assert!(
        err.contains("labeled.jsonl:7: missing field `text`"),
        "{err}"
    );
    assert!(err.contains("labeled.jsonl:8: malformed JSON"), "{err}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("ROC-AUC 0.667"), "{out}");
    assert!(out.contains("MT101  run-together-words"), "{out}");
}

#[test]
fn eval_without_usable_records_is_an_error() {
    let dir = scratch("eval-empty");
    let f = write(&dir, "none.jsonl", b"{\"label\": \"mt\"}\n");
    let o = run(&["eval", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no labeled records"));
}

#[test]
fn train_writes_weights_that_load_and_keep_training_negatives_below_likely_mt() {
    let dir = scratch("train");
    let out = dir.join("w.toml");
    let out_s = out.to_string_lossy().into_owned();
    let o = run(&[
        "train",
        DATA,
        "--select",
        "MT101",
        "--prior",
        WEIGHTS,
        "--language",
        "en",
        "-o",
        &out_s,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# mtlint scoring weights, fitted by `mtlint train`"));
    assert!(text.contains("6 documents: 3 positive, 3 negative; 2 skipped"));
    // The file is a valid weights file, and at the fitted likely-mt threshold (1% of 3
    // negatives: none may reach it) no training negative is flagged.
    let e = eval_json(&["--weights", &out_s]);
    assert_eq!(e["likely_mt"]["false_positives"], 0);
    assert!(e["suspect"]["threshold"].as_f64() <= e["likely_mt"]["threshold"].as_f64());
    // Rule weights are never negative.
    let w: toml::Value = toml::from_str(&text).unwrap();
    for (code, v) in w["rules"].as_table().unwrap() {
        assert!(v.as_float().unwrap() >= 0.0, "{code} = {v}");
    }
}

#[test]
fn train_refuses_one_class_and_bad_options() {
    let dir = scratch("train-bad");
    let f = write(
        &dir,
        "mt.jsonl",
        b"{\"label\": \"mt\", \"text\": \"He said thatIf talks fail.\"}\n",
    );
    let out = dir.join("w.toml");
    let o = run(&["train", &f, "-o", &out.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("both classes"));
    assert!(!out.exists());
    let o = run(&["train", &f, "-o", "x.toml", "--likely-fpr", "2"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The shipped default weights are what `mtlint train` fits on de-en-htmt train (when the
/// development data is present): nothing in src/data/weights.toml is edited by hand.
#[test]
fn default_weights_are_reproducible_from_the_training_data() {
    let train = std::path::Path::new("../shared/data/de-en-htmt/train.jsonl");
    if !train.exists() {
        eprintln!("skipped: {} not found", train.display());
        return;
    }
    let dir = scratch("train-default");
    let out = dir.join("weights.toml");
    let o = run(&[
        "train",
        &train.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let body = |s: &str| -> String {
        s.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let fitted = std::fs::read_to_string(&out).unwrap();
    let shipped = std::fs::read_to_string("src/data/weights.toml").unwrap();
    assert_eq!(
        body(&fitted),
        body(&shipped),
        "src/data/weights.toml is stale: run `mtlint train ../shared/data/de-en-htmt/train.jsonl -o src/data/weights.toml`"
    );
}
