//! `mtlint eval` and `mtlint train` on a small labeled fixture whose metrics are worked out by
//! hand (tests/data/eval).
//!
//! With `--select MT601` and tests/data/eval/mt601-only.toml only MT601 counts (weight 1, no
//! style), so a document's `mt` depends only on whether the calque "very excellent" (confidence
//! 0.8) occurs in it (repeats count once): with it s1 = σ(−2 + ln(1 + 800/300)) ≈ 0.33,
//! without it s0 = σ(−2) ≈ 0.12. Positives score (s1, s1, s0), negatives (s0, s1, s0):
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
const WEIGHTS: &str = "tests/data/eval/mt601-only.toml";

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

fn eval_json(extra: &[&str]) -> Value {
    let mut args = vec![
        "eval",
        DATA,
        "--select",
        "MT601",
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
    assert_eq!(rules[0]["code"], "MT601");
    assert!(close(&rules[0]["hit_rate_positive"], 2.0 / 3.0));
    assert!(close(&rules[0]["hit_rate_negative"], 1.0 / 3.0));
}

#[test]
fn eval_reports_skipped_records_and_prints_tables() {
    let o = run(&[
        "eval",
        DATA,
        "--select",
        "MT601",
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
    assert!(out.contains("MT601  calque"), "{out}");
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
fn eval_refuses_a_positive_label_that_matches_nothing() {
    let o = run(&["eval", DATA, "--positive", "MT", "--language", "en"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no record has the positive label `MT`"),
        "{err}"
    );
    assert!(err.contains("`human`, `mt`"), "{err}");
}

#[test]
fn eval_breaks_down_by_length_band_and_leaves_out_unsupported_documents() {
    let dir = scratch("eval-bands");
    let f = write(
        &dir,
        "l.jsonl",
        b"{\"label\": \"mt\", \"text\": \"The results were very excellent today.\"}\n\
          {\"label\": \"human\", \"text\": \"Das Ergebnis war heute sehr gut, sagte der Minister in Berlin.\"}\n",
    );
    let o = run(&["eval", &f, "--format", "json", "--model", WEIGHTS]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let e: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(e["unsupported"], 1);
    assert_eq!(e["bands"][0]["group"], "<30");
    assert_eq!(e["bands"][0]["documents"], 2);
}

#[test]
fn train_writes_a_model_that_loads() {
    let dir = scratch("train");
    let out = dir.join("m.toml");
    let out_s = out.to_string_lossy().into_owned();
    let o = run(&[
        "train",
        "--manifest",
        "tests/data/eval/manifest.toml",
        "--data",
        "tests/data/eval",
        "--lolo",
        "-o",
        &out_s,
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("2 records skipped"), "{err}");
    assert!(err.contains("leave-one-group-out"), "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# mtlint's model for `mt`, written by `mtlint train`"));
    assert!(
        text.contains("trained on 6 documents (3 positive)"),
        "{text}"
    );
    // The file is a valid model, and the calque rule's weight is not negative.
    let e = eval_json(&["--model", &out_s]);
    assert_eq!(e["documents"], 6);
    let w: toml::Value = toml::from_str(&text).unwrap();
    assert!(w["rules"]["MT601"].as_float().unwrap() >= 0.0);
    assert!(!w["rules"].as_table().unwrap().contains_key("MT101"));
}

#[test]
fn train_refuses_one_class_and_bad_options() {
    let dir = scratch("train-bad");
    write(
        &dir,
        "mt.jsonl",
        b"{\"label\": \"mt\", \"lp\": \"x\", \"text\": \"The results were very excellent.\"}\n",
    );
    let manifest = write(
        &dir,
        "m.toml",
        b"l2 = 0.1\nmin-df = 0.0\nfolds = 2\nlikely-fpr = 0.01\nsuspect-fpr = 0.05\n\
          min-words = 0\nfull-words = 1\nlength-floor-words = 300\n\
          [[source]]\nname = \"a\"\nfiles = [\"mt.jsonl\"]\ngroup-field = \"lp\"\n",
    );
    let out = dir.join("w.toml");
    let data = dir.to_string_lossy().into_owned();
    let o = run(&[
        "train",
        "--manifest",
        &manifest,
        "--data",
        &data,
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("both classes"));
    assert!(!out.exists());
    let o = run(&[
        "train",
        "--manifest",
        &manifest,
        "--data",
        &data,
        "-o",
        "x.toml",
        "--l2",
        "-1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "train",
        "--manifest",
        &manifest,
        "--data",
        "/nonexistent",
        "-o",
        "x.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("mt.jsonl: not found"));
}

/// The shipped model is exactly what `mtlint train` writes from the built-in manifest (when
/// the development data is present): nothing in src/data/model.toml is edited by hand.
#[test]
fn the_default_model_is_reproducible_from_the_training_data() {
    let data = std::path::Path::new("../shared/data");
    if !data.join("wmt21-xx-en").exists() {
        eprintln!("skipped: {} not found", data.display());
        return;
    }
    let dir = scratch("train-default");
    let out = dir.join("model.toml");
    let o = run(&[
        "train",
        "--data",
        &data.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let fitted = std::fs::read_to_string(&out).unwrap();
    let shipped = std::fs::read_to_string("src/data/model.toml").unwrap();
    assert!(
        fitted == shipped,
        "src/data/model.toml is stale: run `mtlint train --data ../shared/data -o src/data/model.toml`"
    );
}
