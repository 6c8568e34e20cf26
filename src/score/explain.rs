//! What `mt` is made of: each translation rule's, feature's and pattern's share of the
//! log-odds, and the largest of them in words (what a reader sees under a document's score).

use serde::Serialize;

use crate::rule::Category;

/// One translation rule's share of `mt`.
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

/// One dense feature's share of `mt`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeatureContribution {
    pub feature: &'static str,
    pub unit: &'static str,
    pub value: f64,
    /// The value the model treats as neutral (the mean of its training documents).
    pub center: f64,
    pub weight: f64,
    /// The term added to the log-odds (after the reliability).
    pub logit: f64,
}

/// One pattern's share of `mt` (reported only when reasons are asked for).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PatternContribution {
    pub pattern: String,
    pub count: u32,
    /// Occurrences per 1000 stream symbols.
    pub rate: f64,
    pub center: f64,
    pub logit: f64,
}

/// One reason, largest first in [`Score::reasons`](super::Score::reasons).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// What was seen, e.g. `"few -ing forms per 100 words: 0.9 (typical 2.4)"`.
    pub text: String,
    /// `"raises"` or `"lowers"` the probability of machine translation.
    pub effect: &'static str,
    /// `"slightly"`, `"clearly"` or `"strongly"`, from the size of the term.
    pub strength: &'static str,
    /// The term in log-odds, for those who want the number.
    pub logit: f64,
}

fn strength(logit: f64) -> &'static str {
    match logit.abs() {
        x if x >= 1.0 => "strongly",
        x if x >= 0.3 => "clearly",
        _ => "slightly",
    }
}

fn reason(text: String, logit: f64) -> Reason {
    Reason {
        text,
        effect: if logit >= 0.0 { "raises" } else { "lowers" },
        strength: strength(logit),
        logit,
    }
}

/// `1 word`, `2 words`: a count with its noun (the summaries' wording too).
pub fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Up to `n` reasons, largest absolute term first; `style` is the score's reliability and the
/// style's share of the log-odds.
pub fn reasons(
    contributions: &[Contribution],
    features: &[FeatureContribution],
    patterns: &[PatternContribution],
    style: (f64, f64),
    n: usize,
) -> Vec<Reason> {
    let (reliability, style_logit) = style;
    let mut all: Vec<Reason> = Vec::new();
    for c in contributions.iter().filter(|c| c.logit != 0.0) {
        all.push(reason(
            format!("{} ({}): {}", c.rule, c.code, plural(c.count, "finding")),
            c.logit,
        ));
    }
    for f in features {
        // Counts read "more/fewer commas per 100 words"; shares and measures "high/low".
        let counted = f.unit.contains(" per 100 words") || f.unit.ends_with("per sentence");
        let more = match (counted, f.value >= f.center) {
            (true, true) => "more",
            (true, false) => "fewer",
            (false, true) => "high",
            (false, false) => "low",
        };
        all.push(reason(
            format!(
                "{more} {}: {:.1} (typical {:.1})",
                f.unit, f.value, f.center
            ),
            f.logit,
        ));
    }
    for p in patterns {
        let how = if p.rate >= p.center {
            "often"
        } else {
            "rarely"
        };
        all.push(reason(
            format!(
                "the pattern \"{}\" used {how}: {:.1} per 1000 symbols (typical {:.1})",
                p.pattern, p.rate, p.center
            ),
            p.logit,
        ));
    }
    if reliability < 1.0 && style_logit != 0.0 {
        all.push(reason(
            format!("short text: its style counts {:.0}%", 100.0 * reliability),
            0.0,
        ));
    }
    all.sort_by(|a, b| b.logit.abs().total_cmp(&a.logit.abs()));
    all.retain(|r| r.logit != 0.0 || r.text.starts_with("short text"));
    all.truncate(n);
    all
}
