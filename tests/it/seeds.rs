//! The seed articles against their hand annotation, `corpora/seeds/expected.json`:
//! every `flag` snippet is covered by a finding of a fitting rule, no finding touches a `keep`
//! snippet, and the document scores come in the `rank` order.
//!
//! Kinds whose rules are not written yet are listed in `EXPECTED_TO_FAIL`: their cases are run,
//! their failures are printed as `XFAIL` (run with `--nocapture` to see them), and a case that
//! starts passing fails the test until its mark is removed.

use std::collections::HashMap;
use std::path::Path;

use mtlint::{Linter, Report, Span};
use serde_json::Value;

/// Annotation kinds that later work implements.
const EXPECTED_TO_FAIL: &[&str] = &[];

/// The rules whose findings may cover a snippet of each kind.
fn fitting_rules(kind: &str) -> &'static [&'static str] {
    match kind {
        "scrape-boilerplate" | "scrape-metadata" => &["scrape-debris"],
        "quote-mismatch" => &["quote-mismatch"],
        "unicode-quote-lookalike" => &["lookalike-quotes"],
        "run-together" => &["run-together-words"],
        "truncated-sentence" => &["truncated-sentence"],
        "name-inconsistency" => &["name-variants", "legacy-transliteration"],
        "mangled-name" => &["name-variants"],
        "calque" => &["calque", "at-city", "inverted-title", "article-before-name"],
        other => panic!("expected.json uses an unknown kind `{other}`: map it here"),
    }
}

struct Seed {
    name: String,
    text: String,
    report: Report,
    annotation: Value,
}

fn seeds() -> (Vec<Seed>, Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/seeds");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let linter = Linter::new();
    let mut out = Vec::new();
    for (name, annotation) in expected["documents"].as_object().unwrap() {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let report = linter.check(&text).unwrap();
        out.push(Seed {
            name: name.clone(),
            text,
            report,
            annotation: annotation.clone(),
        });
    }
    (out, expected)
}

/// The span of the n-th (zero-based) occurrence of `snippet`.
fn locate(text: &str, snippet: &str, occurrence: usize) -> Span {
    let start = text
        .match_indices(snippet)
        .nth(occurrence)
        .unwrap_or_else(|| panic!("snippet {snippet:?} (occurrence {occurrence}) not in the text"))
        .0;
    Span::new(start, start + snippet.len())
}

#[test]
fn flagged_snippets_are_covered_by_a_fitting_rule() {
    let (seeds, _) = seeds();
    let mut failures = Vec::new();
    let mut xfails = Vec::new();
    let mut xpasses = Vec::new();
    for seed in &seeds {
        for flag in seed.annotation["flag"].as_array().unwrap() {
            let snippet = flag["snippet"].as_str().unwrap();
            let kind = flag["kind"].as_str().unwrap();
            let occurrence = flag["occurrence"].as_u64().unwrap_or(0) as usize;
            let span = locate(&seed.text, snippet, occurrence);
            let fitting = fitting_rules(kind);
            let covered = seed
                .report
                .findings
                .iter()
                .any(|f| fitting.contains(&f.rule.name) && f.span.overlaps(span));
            let line = format!("{}: {kind} {snippet:?} (rules {fitting:?})", seed.name);
            match (covered, EXPECTED_TO_FAIL.contains(&kind)) {
                (true, false) => {}
                (false, false) => failures.push(line),
                (false, true) => xfails.push(line),
                (true, true) => xpasses.push(line),
            }
        }
    }
    for x in &xfails {
        println!("XFAIL (expected to fail until its rule exists) {x}");
    }
    assert!(failures.is_empty(), "not covered:\n{}", failures.join("\n"));
    assert!(
        xpasses.is_empty(),
        "now passing, remove the kind from EXPECTED_TO_FAIL:\n{}",
        xpasses.join("\n")
    );
}

#[test]
fn kept_snippets_are_not_touched() {
    let (seeds, _) = seeds();
    let mut failures = Vec::new();
    for seed in &seeds {
        for keep in seed.annotation["keep"].as_array().unwrap() {
            let snippet = keep.as_str().unwrap();
            let span = locate(&seed.text, snippet, 0);
            for f in seed
                .report
                .findings
                .iter()
                .filter(|f| f.span.overlaps(span))
            {
                failures.push(format!(
                    "{}: {snippet:?} touched by {} {} ({:?}: {})",
                    seed.name,
                    f.rule.code,
                    f.rule.name,
                    f.span.slice(&seed.text),
                    f.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The annotation's `also` note on mixed quote styles asks for a document-level finding.
#[test]
fn documents_noted_for_mixed_quotes_get_a_typography_finding() {
    let (seeds, _) = seeds();
    for seed in &seeds {
        let Some(also) = seed.annotation["also"].as_str() else {
            continue;
        };
        if also.contains("quotes") {
            assert!(
                seed.report
                    .findings
                    .iter()
                    .any(|f| f.rule.name == "mixed-quote-styles"),
                "{}: expected a mixed-quote-styles finding ({also})",
                seed.name
            );
        }
    }
}

#[test]
fn machine_translation_is_likely_mt_and_human_writing_is_not() {
    // The first rank group of expected.json is the machine-translated seed: it must get the
    // highest `mt` and the verdict likely-mt. Every seed whose annotated origin says a human
    // wrote it must not be likely-mt, whatever its scrape damage (reported as artifacts).
    let (seeds, expected) = seeds();
    let mt: HashMap<&str, f64> = seeds
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.report.score.mt.expect("English seeds get an mt"),
            )
        })
        .collect();
    let table: Vec<String> = seeds
        .iter()
        .map(|s| {
            format!(
                "{} mt {:.3} {:?}",
                s.name,
                mt[s.name.as_str()],
                s.report.score.verdict
            )
        })
        .collect();
    let top: Vec<&str> = expected["rank"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    for s in &seeds {
        let name = s.name.as_str();
        if top.contains(&name) {
            assert_eq!(
                s.report.score.verdict,
                mtlint::Verdict::LikelyMt,
                "{}",
                table.join("\n")
            );
            for (other, v) in &mt {
                assert!(top.contains(other) || mt[name] > *v, "{}", table.join("\n"));
            }
        }
        let origin = expected["documents"][name]["origin"].as_str().unwrap();
        if origin.contains("human") {
            assert_ne!(
                s.report.score.verdict,
                mtlint::Verdict::LikelyMt,
                "{}",
                table.join("\n")
            );
        }
    }
    // The scraped human article is flagged as scraped, not as translated.
    assert!(seeds
        .iter()
        .any(|s| s.report.score.artifacts.flags().contains(&"scraped")
            && s.report.score.verdict != mtlint::Verdict::LikelyMt));
}
