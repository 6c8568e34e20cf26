//! The registry's invariants, and the generated rule reference in docs/rules.md.

use std::collections::HashSet;
use std::path::Path;

use mtlint::rule::DOC_SECTIONS;
use mtlint::rules::{self, RULES};

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    let mut last = "";
    for m in rules::metas() {
        assert!(codes.insert(m.code), "duplicate code {}", m.code);
        assert!(names.insert(m.name), "duplicate name {}", m.name);
        assert!(
            m.code.len() == 5
                && m.code.starts_with("MT")
                && m.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "code `{}` is not MT + three digits",
            m.code
        );
        assert!(
            m.code > last,
            "RULES must be ordered by code: {} after {last}",
            m.code
        );
        last = m.code;
        assert!(
            !m.name.is_empty()
                && m.name.split('-').all(|p| !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "name `{}` is not kebab-case",
            m.name
        );
        assert!(
            m.summary.ends_with('.'),
            "{}: summary should be a sentence",
            m.code
        );
        assert!(rules::find(m.code).is_some() && rules::find(m.name).is_some());
    }
}

#[test]
fn every_rule_documents_every_section_in_order() {
    for m in rules::metas() {
        let docs = m.docs_text();
        let mut at = 0;
        for section in DOC_SECTIONS {
            let found = docs[at..].find(section).unwrap_or_else(|| {
                panic!("{} {}: docs lack `{section}` (in order)", m.code, m.name)
            });
            at += found + section.len();
            let body_end = docs[at..].find("\n## ").map_or(docs.len(), |i| at + i);
            assert!(
                docs[at..body_end].trim().len() >= 20,
                "{} {}: section `{section}` is nearly empty",
                m.code,
                m.name
            );
        }
    }
}

#[test]
fn every_rule_has_fixtures_and_every_fixture_a_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for rule in RULES {
        let m = rule.meta();
        for f in ["flag.txt", "pass.txt"] {
            assert!(
                dir.join(m.name).join(f).is_file(),
                "missing tests/fixtures/{}/{f}",
                m.name
            );
        }
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            rules::find(&name).is_some(),
            "tests/fixtures/{name} names no rule"
        );
    }
}

#[test]
fn docs_rules_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let fresh = mtlint::docs::rules_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test it registry` and commit it"
    );
}

#[test]
fn selecting_by_category_and_unknown_names() {
    let linter = mtlint::Linter::new().select(&["debris"]).unwrap();
    assert!(linter
        .rules()
        .iter()
        .all(|r| r.meta().category == mtlint::Category::Debris));
    let err = mtlint::Linter::new().select(&["no-such-rule"]).unwrap_err();
    assert!(err.contains("no-such-rule"), "{err}");
}

#[test]
fn default_weights_parse_and_reject_unknown_keys() {
    let w = mtlint::Weights::default_ref();
    assert!(w.thresholds.suspect < w.thresholds.likely_mt);
    let bad = mtlint::score::DEFAULT_MODEL_TOML.replace("bias =", "bias_typo = 1.0\nbias =");
    let err = mtlint::Weights::from_toml(&bad).unwrap_err();
    assert!(err.contains("bias_typo"), "{err}");
    let bad_rule = mtlint::score::DEFAULT_MODEL_TOML.replace("[rules]\n", "[rules]\nMT999 = 1.0\n");
    assert!(mtlint::Weights::from_toml(&bad_rule)
        .unwrap_err()
        .contains("MT999"));
}
