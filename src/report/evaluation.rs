//! The text printer for `mtlint eval`.

use std::fmt::Write;

use crate::eval::{AtThreshold, Evaluation};

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn threshold_line(name: &str, t: &AtThreshold) -> String {
    format!(
        "  at {name} ({:.4}): precision {}, recall {}, F1 {}, false-positive rate {} \
         (TP {} FP {} FN {} TN {})\n",
        t.threshold,
        opt(t.precision),
        opt(t.recall),
        opt(t.f1),
        opt(t.false_positive_rate),
        t.true_positives,
        t.false_positives,
        t.false_negatives,
        t.true_negatives
    )
}

fn group_table(s: &mut String, title: &str, rows: &[crate::eval::GroupRow]) {
    let _ = writeln!(
        s,
        "\n{title}:\n  {:<32} {:>6} {:>6} {:>7} {:>9} {:>9} {:>9}",
        "group", "docs", "pos", "AUC", "AUC-all", "suspect", "likely"
    );
    for g in rows {
        let _ = writeln!(
            s,
            "  {:<32} {:>6} {:>6} {:>7} {:>9} {:>8.1}% {:>8.1}%",
            g.group,
            g.documents,
            g.positives,
            opt(g.roc_auc),
            opt(g.roc_auc_vs_all_negatives),
            100.0 * g.flagged_suspect,
            100.0 * g.flagged_likely_mt
        );
    }
}

/// Each rule's or feature's direction per group: the AUC of its raw input within the group.
fn direction_table<'a>(
    s: &mut String,
    title: &str,
    rows: impl Iterator<Item = (&'a str, &'a [crate::eval::Direction])>,
) {
    let rows: Vec<_> = rows
        .filter(|(_, d)| d.iter().any(|d| d.roc_auc.is_some()))
        .collect();
    let Some((_, first)) = rows.first() else {
        return;
    };
    let _ = write!(s, "\n{title}:\n  {:<27}", "");
    for d in first.iter() {
        let _ = write!(s, " {:>8}", d.group.chars().take(8).collect::<String>());
    }
    s.push('\n');
    for (name, dirs) in &rows {
        let _ = write!(s, "  {name:<27}");
        for d in dirs.iter() {
            let _ = write!(s, " {:>8}", opt(d.roc_auc));
        }
        s.push('\n');
    }
}

/// Renders an evaluation as plain text tables.
pub fn render(e: &Evaluation, by: Option<&str>) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} documents: {} positive, {} negative",
        e.documents, e.positives, e.negatives
    );
    let _ = writeln!(
        s,
        "  ROC-AUC {}   average precision {}",
        opt(e.roc_auc),
        opt(e.average_precision)
    );
    if let Some(w) = e.paired_win_rate {
        let _ = writeln!(
            s,
            "  paired win rate {w:.3} over {} same-source comparisons",
            e.paired_comparisons
        );
    }
    s.push_str(&threshold_line("suspect", &e.suspect));
    s.push_str(&threshold_line("likely-mt", &e.likely_mt));
    if e.unsupported > 0 || e.too_short > 0 {
        let _ = writeln!(
            s,
            "  {} documents in a language without a model (left out), {} too short for a verdict",
            e.unsupported, e.too_short
        );
    }
    if !e.groups.is_empty() {
        group_table(&mut s, &format!("by {}", by.unwrap_or("group")), &e.groups);
    }
    group_table(&mut s, "by length in words", &e.bands);
    s.push_str(
        "  (AUC: within the group; AUC-all: its positives against all negatives; \
         suspect/likely: share with that verdict or worse)\n",
    );
    if !e.rules.is_empty() {
        let _ = writeln!(
            s,
            "\nrules (hit rate on positives / negatives, mean log-odds added, AUC alone):\n  \
             {:<6} {:<28} {:>8} {:>8} {:>8} {:>8} {:>7}",
            "code", "rule", "hit+", "hit-", "logit+", "logit-", "AUC"
        );
        for r in &e.rules {
            let _ = writeln!(
                s,
                "  {:<6} {:<28} {:>7.1}% {:>7.1}% {:>8.3} {:>8.3} {:>7}",
                r.code,
                r.name,
                100.0 * r.hit_rate_positive,
                100.0 * r.hit_rate_negative,
                r.mean_logit_positive,
                r.mean_logit_negative,
                opt(r.roc_auc)
            );
        }
    }
    if e.features.iter().any(|f| f.measured > 0) {
        let _ = writeln!(
            s,
            "\ndocument features (mean on positives / negatives, mean log-odds added, AUC alone):\n  \
             {:<27} {:>6} {:>8} {:>8} {:>8} {:>8} {:>7}",
            "feature", "docs", "mean+", "mean-", "logit+", "logit-", "AUC"
        );
        for f in &e.features {
            let _ = writeln!(
                s,
                "  {:<27} {:>6} {:>8} {:>8} {:>8.3} {:>8.3} {:>7}",
                f.feature,
                f.measured,
                opt(f.mean_positive),
                opt(f.mean_negative),
                f.mean_logit_positive,
                f.mean_logit_negative,
                opt(f.roc_auc)
            );
        }
    }
    if !e.groups.is_empty() {
        direction_table(
            &mut s,
            "direction per group (AUC of the raw input alone; above 0.5: higher on machine translation)",
            e.rules
                .iter()
                .map(|r| (r.code, r.by_group.as_slice()))
                .chain(e.features.iter().map(|f| (f.feature, f.by_group.as_slice()))),
        );
    }
    s
}
