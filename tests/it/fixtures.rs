//! Per-rule fixtures: `tests/fixtures/<rule-name>/flag.txt` and `pass.txt`.
//!
//! Each non-blank line that starts with neither `#` nor two spaces is one document; `\n` in it
//! stands for a line break. In `flag.txt` the findings the rule must report are marked in the
//! document: `{{span}}` for a finding without a fix, `{{span=>fix}}` for one with a safe fix,
//! `{{span=>fix|unsafe}}` and `{{span=>fix|display-only}}` for the other applicabilities. The
//! lines right after a document that start with `  = ` are the messages of its findings, in
//! order. The rule's findings must be exactly these: spans, fixes and messages. In `pass.txt`
//! the rule must report nothing.
//!
//! `UPDATE_FIXTURES=1 cargo test --test it fixtures` rewrites the fixes and messages of every
//! `flag.txt` from what the rules report now (the spans must match already); review the diff.

use std::path::{Path, PathBuf};

use mtlint::rules::RULES;
use mtlint::{Applicability, Finding, Linter, Span};

/// A finding as a fixture states it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Pinned {
    span: Span,
    /// The replacement and its applicability (`safe`, `unsafe`, `display-only`).
    fix: Option<(String, String)>,
    message: String,
}

struct Case {
    line: usize,
    text: String,
    expected: Vec<Pinned>,
}

const MESSAGE: &str = "  = ";

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn applicability(a: Applicability) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .expect("an applicability serializes to its name")
}

/// The fix of a mark, after its `=>`: the replacement, then `|unsafe` or `|display-only`.
fn parse_fix(spec: &str) -> (String, String) {
    for a in ["unsafe", "display-only"] {
        if let Some(r) = spec.strip_suffix(&format!("|{a}")) {
            return (r.to_string(), a.to_string());
        }
    }
    (spec.to_string(), "safe".to_string())
}

/// Parses one fixture file into cases, removing the `{{ }}` marks and recording what they pin.
fn cases(path: &Path) -> Vec<Case> {
    let content = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out: Vec<Case> = Vec::new();
    let mut messages = 0;
    for (n, raw) in content.lines().enumerate() {
        let at = format!("{}:{}", path.display(), n + 1);
        if let Some(message) = raw.strip_prefix(MESSAGE) {
            let case = out
                .last_mut()
                .unwrap_or_else(|| panic!("{at}: a message before any document"));
            let pinned = case
                .expected
                .get_mut(messages)
                .unwrap_or_else(|| panic!("{at}: more messages than marks"));
            pinned.message = message.replace("\\n", "\n");
            messages += 1;
            continue;
        }
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
                .unwrap_or_else(|| panic!("{at}: unclosed {{{{"));
            let (span_text, fix) = match after[..close].split_once("=>") {
                Some((s, f)) => (s, Some(parse_fix(f))),
                None => (&after[..close], None),
            };
            let start = text.len();
            text.push_str(span_text);
            expected.push(Pinned {
                span: Span::new(start, text.len()),
                fix,
                message: String::new(),
            });
            rest = &after[close + 2..];
        }
        text.push_str(rest);
        messages = 0;
        out.push(Case {
            line: n + 1,
            text,
            expected,
        });
    }
    out
}

fn findings(code: &str, text: &str) -> Vec<Finding> {
    let linter = Linter::new().select(&[code]).unwrap().with_language("en");
    linter.check(text).unwrap().findings
}

fn pinned(findings: &[Finding]) -> Vec<Pinned> {
    let mut out: Vec<Pinned> = findings
        .iter()
        .map(|f| Pinned {
            span: f.span,
            fix: f
                .fix
                .as_ref()
                .map(|x| (x.replacement.clone(), applicability(x.applicability))),
            message: f.message.to_string(),
        })
        .collect();
    out.sort();
    out
}

/// A document line with the findings marked, and its message lines.
fn render(text: &str, findings: &[Pinned]) -> String {
    let escape = |s: &str| s.replace('\n', "\\n");
    let mut line = String::new();
    let mut at = 0;
    for f in findings {
        let (start, end) = (f.span.start as usize, f.span.end as usize);
        assert!(
            start >= at,
            "overlapping findings cannot be marked: {text:?}"
        );
        line.push_str(&escape(&text[at..start]));
        line.push_str("{{");
        line.push_str(&escape(&text[start..end]));
        if let Some((replacement, applicability)) = &f.fix {
            line.push_str("=>");
            line.push_str(&escape(replacement));
            if applicability != "safe" {
                line.push('|');
                line.push_str(applicability);
            }
        }
        line.push_str("}}");
        at = end;
    }
    line.push_str(&escape(&text[at..]));
    for f in findings {
        line.push('\n');
        line.push_str(MESSAGE);
        line.push_str(&escape(&f.message));
    }
    line
}

/// Rewrites a flag file with the fixes and messages the rule reports now.
fn update(path: &Path, code: &str) {
    let content = std::fs::read_to_string(path).unwrap();
    let mut cases = cases(path).into_iter().peekable();
    let mut out = String::new();
    for (n, raw) in content.lines().enumerate() {
        if raw.starts_with(MESSAGE) {
            continue;
        }
        match cases.next_if(|c| c.line == n + 1) {
            Some(case) => {
                let got = pinned(&findings(code, &case.text));
                let spans = |v: &[Pinned]| v.iter().map(|p| p.span).collect::<Vec<_>>();
                let mut want = case.expected.clone();
                want.sort();
                assert_eq!(
                    spans(&got),
                    spans(&want),
                    "{}:{}: the spans differ; fix the marks first",
                    path.display(),
                    n + 1
                );
                out.push_str(&render(&case.text, &got));
            }
            None => out.push_str(raw),
        }
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

#[test]
fn every_rule_flags_its_flag_cases_exactly() {
    let updating = std::env::var_os("UPDATE_FIXTURES").is_some();
    let mut failures = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        let path = fixture_dir(meta.name).join("flag.txt");
        if updating {
            update(&path, meta.code);
        }
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
            let got = pinned(&findings(meta.code, &case.text));
            let mut want = case.expected.clone();
            want.sort();
            if got != want {
                failures.push(format!(
                    "{}:{}: {:?}\n    expected {}\n    got      {}",
                    path.display(),
                    case.line,
                    case.text,
                    render(&case.text, &want),
                    render(&case.text, &got),
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "\n{}\n(UPDATE_FIXTURES=1 rewrites fixes and messages)",
        failures.join("\n")
    );
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
                        .map(|f| format!("{:?}: {}", f.span.slice(&case.text), f.message))
                        .collect::<Vec<_>>(),
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn marks_round_trip() {
    let text = "He said thatIf and\nthen.";
    let findings = vec![Pinned {
        span: Span::new(8, 14),
        fix: Some(("that If".into(), "unsafe".into())),
        message: "words run together".into(),
    }];
    let line = render(text, &findings);
    assert_eq!(
        line,
        "He said {{thatIf=>that If|unsafe}} and\\nthen.\n  = words run together"
    );
    let dir = std::env::temp_dir().join(format!("mtlint-fixture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("flag.txt");
    std::fs::write(&path, format!("# a comment\n{line}\n")).unwrap();
    let parsed = cases(&path);
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].text, text);
    assert_eq!(parsed[0].expected, findings);
    let _ = std::fs::remove_dir_all(&dir);
}
