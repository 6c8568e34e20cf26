//! Hand-computed scores under a small model.

use super::*;
use crate::document::Document;
use crate::rules::{Calque, ScrapeDebris};
use crate::span::Span;
use crate::text::lang::Method;

const MODEL: &str = "
bias = -1.0
length-floor-words = 300
min-words = 4
full-words = 20

[thresholds]
suspect = 0.5
likely-mt = 0.9

[rules]
MT601 = 2.0

[features.commas]
weight = 0.5
center = 10.0
scale = 5.0

[patterns]
table = '''
the W\t50\t25\t1.0
'''
";

fn english() -> LangInfo {
    LangInfo {
        code: "en",
        confidence: 1.0,
        reliable: true,
        method: Method::None,
    }
}

fn style_of(text: &str, model: &Weights) -> StyleInput {
    let doc = Document::new(text).unwrap();
    let mut pattern_sum = 0.0;
    let mut pattern_counts = Vec::new();
    let measurements = style::measure(&doc, |k| {
        if let Some((i, t)) = model.pattern_term(k) {
            pattern_sum += t;
            pattern_counts.push((i, 1));
        }
    });
    StyleInput {
        measurements,
        pattern_sum,
        pattern_counts,
    }
}

#[test]
fn hand_computed_mt() {
    let model = Weights::from_toml(MODEL).unwrap();
    // 10 words, 2 commas (20 per 100 words).
    let text = "The cat, the dog, and the bird sat. Very excellent.";
    let style = style_of(text, &model);
    let m = style.measurements;
    assert_eq!(m.words, 10);
    // Symbols: the W , the W , and the W W . very W . = 14.
    assert_eq!(m.symbols, 14);
    let calque = Finding::new(Calque::META, Span::new(36, 50), "calque");
    let debris = Finding::new(ScrapeDebris::META, Span::new(0, 3), "debris");
    let lang = english();
    let s = score(
        &[calque, debris],
        &ScoreInput {
            text,
            words: 10,
            language: &lang,
            style: Some(&style),
            reasons: 3,
        },
        &model,
    );
    // Rule: evidence 1 over the 300-word floor: rate 1000/300.
    let rule = 2.0 * (1.0f64 + 1000.0 / 300.0).ln();
    // Feature: commas 20 per 100 words, z = (20 − 10)/5 = 2, times the reliability 10/20.
    let reliability = 0.5;
    let feature = 0.5 * 2.0;
    // Pattern "the W" three times in 14 symbols: 3000/14 per 1000, z = (214.3 − 50)/25 = 6.6
    // (not clipped: patterns are linear).
    let pattern = 1.0 * (3000.0 / 14.0 - 50.0) / 25.0;
    let logit = -1.0 + rule + reliability * (feature + pattern);
    // Pattern terms are kept in f32 for speed: agreement to 1e-5.
    assert!((s.logit - logit).abs() < 1e-5, "{} vs {logit}", s.logit);
    assert!((s.mt.unwrap() - sigmoid(logit)).abs() < 1e-6);
    assert_eq!(s.verdict, Verdict::LikelyMt);
    // The debris finding is an artifact: counted and flagged, not in `mt`.
    assert_eq!(s.artifacts.debris, 1);
    assert_eq!(s.artifacts.flags(), vec!["scraped"]);
    assert_eq!(s.contributions.len(), 1);
    assert_eq!(s.reasons.len(), 3);
    // Largest first: the pattern (+3.29), the calque (+2.93), the commas (+0.5).
    assert!(
        s.reasons[0].text.contains("\"the W\" used often"),
        "{:?}",
        s.reasons
    );
    assert!(s.reasons[1].text.contains("MT601"), "{:?}", s.reasons);
    assert_eq!(
        s.reasons[2].text,
        "more commas per 100 words: 20.0 (typical 10.0)"
    );
    assert_eq!(
        (s.reasons[2].effect, s.reasons[2].strength),
        ("raises", "clearly")
    );
    assert!(s
        .patterns
        .iter()
        .any(|p| p.pattern == "the W" && p.count == 3));
}

#[test]
fn artifacts_alone_do_not_move_mt() {
    let model = Weights::from_toml(MODEL).unwrap();
    let text = "Read more: the page of the site had some words on it here.";
    let lang = english();
    let input = ScoreInput {
        text,
        words: 13,
        language: &lang,
        style: None,
        reasons: 0,
    };
    let debris = Finding::new(ScrapeDebris::META, Span::new(0, 10), "debris");
    let with = score(&[debris], &input, &model);
    let without = score(&[], &input, &model);
    assert_eq!(with.mt, without.mt);
    assert_eq!(with.verdict, Verdict::Clean);
    assert_eq!(with.artifacts.flags(), vec!["scraped"]);
}

#[test]
fn unsupported_and_too_short() {
    let model = Weights::from_toml(MODEL).unwrap();
    let german = LangInfo {
        code: "de",
        ..english()
    };
    let input = |language, words| ScoreInput {
        text: "Das ist ein Haus.",
        words,
        language,
        style: None,
        reasons: 0,
    };
    let s = score(&[], &input(&german, 100), &model);
    assert_eq!((s.mt, s.verdict), (None, Verdict::Unsupported));
    let lang = english();
    let s = score(&[], &input(&lang, 3), &model);
    assert_eq!(s.verdict, Verdict::TooShort);
    assert!((s.mt.unwrap() - sigmoid(-1.0)).abs() < 1e-12);
}

#[test]
fn model_files_are_checked() {
    let bad = MODEL.replace("MT601 = 2.0", "MT101 = 2.0");
    assert!(Weights::from_toml(&bad)
        .unwrap_err()
        .contains("not a translation rule"));
    let bad = MODEL.replace("the W\\t", "the ZZZ\\t");
    let bad = bad.replace("the W\t", "the ZZZ\t");
    assert!(Weights::from_toml(&bad)
        .unwrap_err()
        .contains("unknown pattern"));
    let bad = MODEL.replace("likely-mt = 0.9", "likely-mt = 0.4");
    assert!(Weights::from_toml(&bad).is_err());
    // The shipped model parses, and its file round-trips through the writer.
    let m = Weights::default_ref();
    let again = Weights::from_toml(&crate::train::to_toml(m, "test")).unwrap();
    assert_eq!(&again, m);
}
