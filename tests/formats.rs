//! Output formats (SARIF, GitHub annotations, columns), Markdown and HTML input, and fixes,
//! through the real binary.

mod common;

use common::*;
use serde_json::Value;

/// A line with multi-byte characters before a glued word: byte and character columns differ.
const MULTIBYTE: &str =
    "Zürich — café “x”: he said thatIf no progress is made.\nListen to this article\n";
/// The character column of `thatIf` in the first line of [`MULTIBYTE`].
const GLUED_COLUMN: usize = 28;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn sarif_has_the_required_fields_and_consistent_rule_indices() {
    let dir = scratch("sarif");
    let a = write(&dir, "a.txt", MULTIBYTE.as_bytes());
    let b = write(&dir, "b.txt", b"Listen to this article\nThe talks go on.\n");
    let o = run(&["check", "--format", "sarif", &a, &b]);
    let log: Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "mtlint");
    assert!(driver["version"].is_string());
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() > 10);
    for r in rules {
        assert!(r["id"].as_str().unwrap().starts_with("MT"));
        assert!(r["name"].is_string(), "rule lacks a name: {r}");
        for key in ["shortDescription", "fullDescription"] {
            assert!(!r[key]["text"].as_str().unwrap().is_empty(), "{key}: {r}");
        }
        assert!(r["help"]["text"].is_string() && r["help"]["markdown"].is_string());
        assert!(["error", "warning", "note"]
            .contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 3, "{results:?}");
    for res in results {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[i]["id"], res["ruleId"],
            "ruleIndex points at the rule"
        );
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().unwrap()));
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.ends_with("a.txt") || uri.ends_with("b.txt"));
        let region = &loc["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key}");
        }
        assert!(res["partialFingerprints"].as_object().unwrap().len() == 1);
    }
    let glued = results.iter().find(|r| r["ruleId"] == "MT101").unwrap();
    let region = &glued["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 1);
    assert_eq!(region["startColumn"], GLUED_COLUMN);
    assert_eq!(region["endColumn"], GLUED_COLUMN + "thatIf".len());
}

#[test]
fn sarif_paths_are_relative_to_the_working_directory() {
    let dir = scratch("sarif-rel");
    write(&dir, "my notes.txt", b"Listen to this article\n");
    let o = mtlint()
        .current_dir(&dir)
        .args(["check", "--format", "sarif", "my notes.txt"])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    let res = &log["runs"][0]["results"][0];
    assert_eq!(
        res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "my%20notes.txt"
    );
}

#[test]
fn github_annotations_escape_properties_and_data() {
    let dir = scratch("github");
    let f = write(&dir, "a,b:c.txt", MULTIBYTE.as_bytes());
    let out = stdout(&run(&["check", "--format", "github", &f]));
    let escaped = f.replace(':', "%3A").replace(',', "%2C");
    let line = out
        .lines()
        .find(|l| l.contains("MT101"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        line,
        format!(
            "::warning file={escaped},line=1,col={GLUED_COLUMN},endLine=1,endColumn={},title=MT101 run-together-words::words run together: `thatIf` reads as `that If`",
            GLUED_COLUMN + 6
        )
    );
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
}

#[test]
fn columns_count_characters_in_human_compact_and_json() {
    let dir = scratch("columns");
    let f = write(&dir, "a.txt", MULTIBYTE.as_bytes());
    let compact = stdout(&run(&["check", "--format", "compact", &f]));
    assert!(
        compact.contains(&format!("{f}:1:{GLUED_COLUMN}: MT101")),
        "{compact}"
    );
    let human = stdout(&run(&["check", "--color", "never", &f]));
    assert!(human.contains(&format!("{f}:1:{GLUED_COLUMN}")), "{human}");
    let docs = stdout(&run(&["check", "--format", "json", &f]));
    let doc: Value = serde_json::from_str(docs.lines().next().unwrap()).unwrap();
    let glued = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "MT101")
        .unwrap();
    assert_eq!(glued["column"], GLUED_COLUMN);
    let start = glued["start"].as_u64().unwrap() as usize;
    assert_eq!(&MULTIBYTE[start..start + 6], "thatIf");
    assert!(start > GLUED_COLUMN, "byte offset, not characters");
}
