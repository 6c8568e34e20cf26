//! Hand-computed values of every feature on small texts, and the pattern stream.

use super::*;

fn measured(text: &str) -> Measurements {
    let doc = Document::new(text).unwrap();
    measure(&doc, |_| {})
}

fn value(text: &str, key: &str) -> Option<f64> {
    measured(text).values[index(key).unwrap()]
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn registry_is_consistent() {
    assert_eq!(FEATURES.len(), COUNT);
    let keys: std::collections::HashSet<&str> = FEATURES.iter().map(|f| f.key).collect();
    assert_eq!(keys.len(), COUNT, "feature keys are unique");
    assert_eq!(index("ing-forms"), Some(F::ING as usize));
    assert_eq!(index("contractions"), Some(F::CONTRACTIONS as usize));
    assert_eq!(index("nope"), None);
}

#[test]
fn punctuation_and_sentence_shape_by_hand() {
    // 8 words (Yes no maybe so Wow ok hi done); three sentences: "Yes, no; maybe: so?" (4
    // words), "Wow!" (1), "(ok) “hi” — done." (3).
    let t = "Yes, no; maybe: so? Wow! (ok) \u{201c}hi\u{201d} \u{2014} done.";
    let m = measured(t);
    assert_eq!(m.words, 8);
    for (key, n) in [
        ("commas", 1.0),
        ("semicolons", 1.0),
        ("colons", 1.0),
        ("question-marks", 1.0),
        ("exclamation-marks", 1.0),
        ("parentheses", 2.0),
        ("quotation-marks", 2.0),
        ("dashes", 1.0),
        ("full-stops", 1.0),
    ] {
        assert!(
            close(value(t, key), 100.0 * n / 8.0),
            "{key}: {:?}",
            value(t, key)
        );
    }
    assert!(close(value(t, "sentence-length"), 8.0 / 3.0));
    assert!(close(value(t, "short-sentences"), 100.0));
    assert!(close(value(t, "long-sentences"), 0.0));
    assert!(close(value(t, "commas-per-sentence"), 1.0 / 3.0));
    // Fewer than five sentences: no spread.
    assert_eq!(value(t, "sentence-length-spread"), None);
    // Straight quotes count the same as curly ones.
    let straight = "Yes, no; maybe: so? Wow! (ok) \"hi\" \u{2014} done.";
    assert_eq!(
        value(straight, "quotation-marks"),
        value(t, "quotation-marks")
    );
}

#[test]
fn sentence_spread_by_hand() {
    // Lengths 2, 2, 4, 4, 8: mean 4, variance (4+4+0+0+16)/5 = 4.8; four of five under 8 words.
    let t = "Go now. Be here. We saw the sea. It is so big. He ran up to us and sat down.";
    assert!(close(value(t, "sentence-length-spread"), 4.8f64.sqrt()));
    assert!(close(
        value(t, "sentence-length-variation"),
        100.0 * 4.8f64.sqrt() / 4.0
    ));
    assert!(close(value(t, "short-sentences"), 80.0));
    // "up" and "down" are phrasal particles: 2 of 20 words.
    assert!(close(value(t, "phrasal-particles"), 10.0));
}

#[test]
fn word_frequency_by_hand() {
    // the 7.7 (7.73 to a tenth), house 5.7, zzqx unlisted (2.5).
    let t = "the house zzqx";
    assert!(close(value(t, "word-frequency"), (7.7 + 5.7 + 2.5) / 3.0));
    assert!(close(value(t, "very-frequent-words"), 100.0 / 3.0));
    assert!(close(value(t, "frequent-words"), 100.0 / 3.0));
    assert!(close(value(t, "common-words"), 0.0));
    assert!(close(value(t, "rare-words"), 100.0 / 3.0));
    // cat 4.8, sat 4.6 (common), dog 5.1 (frequent).
    assert!(close(value("cat sat dog", "common-words"), 200.0 / 3.0));
}

#[test]
fn repetition_by_hand() {
    // Content words cat dog cat dog cat: the last three repeat (60%). Word pairs (cat dog),
    // (dog cat), (cat dog), (dog cat): the last two repeat (50%).
    let t = "cat dog cat dog cat";
    assert!(close(value(t, "repeated-content-words"), 60.0));
    assert!(close(value(t, "repeated-bigrams"), 50.0));
    // Function words are not content words: "the" repeated does not count.
    assert!(close(
        value("the cat the dog", "repeated-content-words"),
        0.0
    ));
}

#[test]
fn contractions_and_stock_words_by_hand() {
    // 5 words, two with an inner apostrophe (typographic or straight).
    let t = "I don\u{2019}t know Putin's plan";
    assert!(close(value(t, "contractions"), 40.0));
    // 10 words: -ing forms "leaving", "citing" (not "morning", "thing"); "also"; two "the".
    let t = "The morning thing: after leaving, citing up the also blah.";
    assert!(close(value(t, "ing-forms"), 20.0));
    assert!(close(value(t, "stock-adverbs"), 10.0));
    assert!(close(value(t, "definite-articles"), 20.0));
}

#[test]
fn diversity_over_windows() {
    // 149 words: the first 50-word window has 50 distinct words, the second 1 ("Same" and
    // "same" are one word); the last 49 words are a partial window and do not count.
    let distinct: Vec<String> = (0..50).map(|i| format!("w{i}x")).collect();
    let text = format!("{} {}", distinct.join(" "), vec!["Same"; 50].join(" same "));
    let m = measured(&text);
    assert_eq!(m.words, 149);
    assert!(close(
        value(&text, "lexical-diversity"),
        100.0 * 51.0 / 100.0
    ));
}

#[test]
fn patterns_of_a_sentence() {
    // "The cat sat on 3.5 mats." → the W W on # S . (3.5 is one number).
    let doc = Document::new("The cat sat on 3.5 mats.").unwrap();
    let lex = lexicon();
    let mut names = Vec::new();
    let m = measure(&doc, |k| names.push(pattern::name(k, lex)));
    assert_eq!(m.symbols, 7);
    // 7 unigrams, 7 bigrams (the first from the sentence start), 6 trigrams.
    assert_eq!(names.len(), 20);
    for want in [
        "<s> the", "the W", "the W W", "W on #", "on # S", "# S .", "S .",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    assert!(!names
        .iter()
        .any(|n| n.contains("cat") || n.contains("mats")));
}

#[test]
fn empty_and_odd_text() {
    assert_eq!(measured("").values, [None; COUNT]);
    let m = measured("… 123 !!");
    assert_eq!(m.words, 0);
    assert_eq!(m.values[F::ZIPF as usize], None);
}
