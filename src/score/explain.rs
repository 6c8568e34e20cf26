//! The largest contributions to `mt`, in words: what a reader sees under a document's score.

use serde::Serialize;

use super::Score;

/// One reason, largest first in [`Score::reasons`].
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

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Up to `n` reasons, largest absolute term first.
pub fn reasons(s: &Score, n: usize) -> Vec<Reason> {
    let mut all: Vec<Reason> = Vec::new();
    for c in s.contributions.iter().filter(|c| c.logit != 0.0) {
        all.push(reason(
            format!("{} ({}): {}", c.rule, c.code, plural(c.count, "finding")),
            c.logit,
        ));
    }
    for f in &s.features {
        let more = if f.value >= f.center { "more" } else { "fewer" };
        let more = if f.unit.starts_with("percent") || f.unit.starts_with("mean") || f.unit.contains("deviation") || f.unit.contains("coefficient") || f.unit.starts_with("words per") {
            if f.value >= f.center { "high" } else { "low" }
        } else {
            more
        };
        all.push(reason(
            format!("{more} {}: {:.1} (typical {:.1})", f.unit, f.value, f.center),
            f.logit,
        ));
    }
    for p in &s.patterns {
        let how = if p.rate >= p.center { "often" } else { "rarely" };
        all.push(reason(
            format!(
                "the pattern \"{}\" used {how}: {:.1} per 1000 symbols (typical {:.1})",
                p.pattern, p.rate, p.center
            ),
            p.logit,
        ));
    }
    if s.reliability < 1.0 && s.style_logit != 0.0 {
        all.push(reason(
            format!(
                "short text: its style counts {:.0}%",
                100.0 * s.reliability
            ),
            0.0,
        ));
    }
    all.sort_by(|a, b| b.logit.abs().total_cmp(&a.logit.abs()));
    all.retain(|r| r.logit != 0.0 || r.text.starts_with("short text"));
    all.truncate(n);
    all
}
