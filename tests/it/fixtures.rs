//! Per-rule fixtures: `tests/fixtures/<rule-name>/flag.txt` and `pass.txt`.
//!
//! Each non-blank line not starting with `#` is one document; `\n` in a line stands for a line
//! break. In `flag.txt` the spans the rule must report are marked `{{...}}`, and the rule's
//! findings must be exactly those spans. In `pass.txt` the rule must report nothing.

use std::path::{Path, PathBuf};

use mtlint::rules::RULES;
use mtlint::{Linter, Span};

struct Case {
    line: usize,
    text: String,
    expected: Vec<Span>,
}

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Parses one fixture file into cases, removing the `{{ }}` marks and recording their spans.
fn cases(path: &Path) -> Vec<Case> {
    let content = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = Vec::new();
    for (n, raw) in content.lines().enumerate() {
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let raw = raw.replace("\\n", "\n");
        let mut text = String::new();
        let mut expected = Vec::new();
        let mut rest = raw.as_str();
        while let Some(open) = rest.find("{{") {
            text.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let close = after
                .find("}}")
                .unwrap_or_else(|| panic!("{}:{}: unclosed {{{{", path.display(), n + 1));
            let start = text.len();
            text.push_str(&after[..close]);
            expected.push(Span::new(start, text.len()));
            rest = &after[close + 2..];
        }
        text.push_str(rest);
        out.push(Case {
            line: n + 1,
            text,
            expected,
        });
    }
    out
}

fn findings(code: &str, text: &str) -> Vec<(Span, String)> {
    let linter = Linter::new().select(&[code]).unwrap().with_language("en");
    linter
        .check(text)
        .unwrap()
        .findings
        .into_iter()
        .map(|f| (f.span, f.message.into_owned()))
        .collect()
}

#[test]
fn every_rule_flags_its_flag_cases_exactly() {
    let mut failures = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        let path = fixture_dir(meta.name).join("flag.txt");
        let cases = cases(&path);
        assert!(
            cases.len() >= 5,
            "{}: at least 5 flag cases expected, found {}",
            path.display(),
            cases.len()
        );
        for case in cases {
            assert!(
                !case.expected.is_empty(),
                "{}:{}: a flag case needs a {{{{...}}}} mark",
                path.display(),
                case.line
            );
            let mut got: Vec<Span> = findings(meta.code, &case.text)
                .into_iter()
                .map(|f| f.0)
                .collect();
            got.sort();
            got.dedup();
            let mut want = case.expected.clone();
            want.sort();
            if got != want {
                failures.push(format!(
                    "{}:{}: {:?}\n    expected {:?}\n    got      {:?}",
                    path.display(),
                    case.line,
                    case.text,
                    want.iter().map(|s| s.slice(&case.text)).collect::<Vec<_>>(),
                    got.iter().map(|s| s.slice(&case.text)).collect::<Vec<_>>(),
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn no_rule_flags_its_pass_cases() {
    let mut failures = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        let path = fixture_dir(meta.name).join("pass.txt");
        let cases = cases(&path);
        assert!(
            cases.len() >= 5,
            "{}: at least 5 pass cases expected, found {}",
            path.display(),
            cases.len()
        );
        for case in cases {
            let got = findings(meta.code, &case.text);
            if !got.is_empty() {
                failures.push(format!(
                    "{}:{}: {:?}\n    unexpected {:?}",
                    path.display(),
                    case.line,
                    case.text,
                    got.iter()
                        .map(|(s, m)| format!("{:?}: {m}", s.slice(&case.text)))
                        .collect::<Vec<_>>(),
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
