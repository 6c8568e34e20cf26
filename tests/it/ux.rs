//! What a new user meets (issue 16), through the real binary: why a document fails in every
//! format, what `--fix` writes, compressed and JSON outputs and inputs, `score` agreeing with
//! `check`, and the conveniences of other linters.

use crate::common::*;
use serde_json::Value;

/// English long enough (over the model's 40 words) for `mt` to give a verdict, with no finding
/// at error severity.
const LONG: &str = "The minister spoke in Paris on Friday and said that the talks would go on \
    next week. Officials from both sides met for three hours at the foreign ministry, and a \
    spokesman later told reporters that the meeting had been useful, although no agreement was \
    reached on the main questions.\n";

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn every_format_says_why_a_document_fails_on_its_score() {
    let dir = scratch("ux-failure");
    let f = write(&dir, "a.txt", LONG.as_bytes());
    let fail = ["check", "--fail-at", "0", "--fail-on", "never"];
    let with = |format: &str| {
        let mut args = fail.to_vec();
        args.extend(["--format", format, f.as_str()]);
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        stdout(&o)
    };
    let human = with("human");
    assert!(
        human.contains("fails the check: mt ") && human.contains("at or above fail-at 0"),
        "{human}"
    );
    let compact = with("compact");
    assert!(
        compact
            .lines()
            .any(|l| l.starts_with(&format!("{f}: failed: mt ")) && l.contains("fail-at 0")),
        "{compact}"
    );
    let github = with("github");
    let line = github
        .lines()
        .find(|l| l.starts_with("::error file="))
        .unwrap_or_else(|| panic!("no file-level annotation: {github}"));
    assert!(!line.contains(",line="), "{line}");
    assert!(line.contains("fails the check: mt "), "{line}");
    let json: Value = serde_json::from_str(with("json").trim()).unwrap();
    assert_eq!(json["failed"], true);
    assert_eq!(json["failure"]["score"]["threshold"], 0.0);
    assert_eq!(json["failure"]["score"]["mt"], json["mt"]);
    let sarif: Value = serde_json::from_str(&with("sarif")).unwrap();
    let run0 = &sarif["runs"][0];
    let result = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "document-fails")
        .expect("a document-level result");
    assert_eq!(result["level"], "error");
    assert!(result["message"]["text"]
        .as_str()
        .unwrap()
        .contains("at or above fail-at 0"));
    assert!(run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "document-fails"));

    // A passing document says so in JSON and gets no failure line anywhere.
    let pass = ["check", "--fail-at", "1", "--fail-on", "never"];
    let o = run(&[&pass[..], &["--format", "json", &f]].concat());
    assert_eq!(o.status.code(), Some(0));
    let json: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(json["failed"], false);
    assert!(json.get("failure").is_none());
    let o = run(&[&pass[..], &["--format", "compact", &f]].concat());
    assert!(!stdout(&o).contains("failed"), "{}", stdout(&o));
    // The named verdict is given with its threshold; findings and artifacts are named too.
    let o = run(&[
        "check",
        "--format",
        "compact",
        "--fail-at",
        "suspect",
        "--fail-on",
        "info",
        "--fail-on-artifacts",
        "debris",
        &write(
            &dir,
            "b.txt",
            format!("Listen to this article\n{LONG}").as_bytes(),
        ),
    ]);
    let out = stdout(&o);
    assert!(out.contains("at or above fail-on info"), "{out}");
    assert!(
        out.contains("fail-on-artifacts categories: debris"),
        "{out}"
    );
}
