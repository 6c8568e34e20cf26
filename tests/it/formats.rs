//! Output formats (SARIF, GitHub annotations, columns), Markdown and HTML input, and fixes,
//! through the real binary.

use crate::common::*;
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
    // No published documentation to point at: no informationUri.
    assert!(driver.get("informationUri").is_none());
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
            "::warning file={escaped},line=1,col={GLUED_COLUMN},endLine=1,endColumn={},title=MT101 run-together-words::words run together: `thatIf` reads as `that if`",
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

/// The compact lines of `check` on a file.
fn compact(path: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["check", "--format", "compact"];
    args.extend_from_slice(extra);
    args.push(path);
    stdout(&run(&args)).lines().map(str::to_string).collect()
}

#[test]
fn markdown_checks_prose_only_at_the_original_position() {
    let dir = scratch("markdown");
    let md = "---\ntitle: thatIf in front matter\n---\n# Heading with `thatIf` code\n\nSee [the thatIf docs](https://example.com/thatIf), <https://thatIf.example.com>,\nhttps://example.com/saidKyiv and <!-- thatIf --> <span class=\"thatIf\">x</span>.\nZürich — he said thatIf no progress is made, talks end.\n\n```\nthatIf = 1\n```\n\n    saidKyiv = 2\n\n| a | b |\n|---|---|\n| x | y |\n";
    let f = write(&dir, "notes.md", md.as_bytes());
    let lines = compact(&f, &["--select", "MT101"]);
    // The link text is prose; the code, URLs, link target, HTML and front matter are not.
    assert_eq!(
        lines,
        vec![
            format!("{f}:6:10: MT101 words run together: `thatIf` reads as `that if` [run-together-words]"),
            format!("{f}:8:18: MT101 words run together: `thatIf` reads as `that if` [run-together-words]"),
        ]
    );
    // As plain text the same file has many more.
    assert!(compact(&f, &["--select", "MT101", "--input-format", "text"]).len() > 2);
}

#[test]
fn suppression_comments_work_in_markdown() {
    let dir = scratch("markdown-suppress");
    let md = "# Notes\n\n<!-- mtlint-disable-next-line MT101 -->\nHe said thatIf talks fail, aid stops.\n\nShe said thatIf talks fail, aid stops.\n\n<!-- mtlint-disable-next-line MT102 -->\nA clean line.\n";
    let f = write(&dir, "notes.md", md.as_bytes());
    let lines = compact(&f, &["--select", "MT101,MT102"]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    // The first glued word is suppressed; the second is not.
    assert!(
        lines[0].starts_with(&format!("{f}:6:10: MT101")),
        "{lines:?}"
    );
    // The MT102 suppression suppresses nothing and says so.
    assert!(
        lines[1].contains("warning[unused-suppression]"),
        "{lines:?}"
    );
}

#[test]
fn html_checks_text_content_with_entities_decoded() {
    let dir = scratch("html");
    let html = "<!doctype html>\n<html><head><title>Notes</title>\n<style>.thatIf { color: red }</style>\n<script>var saidKyiv = \"<p>thatIf</p>\";</script></head>\n<body><p>Fish &amp; chips in Zürich &mdash; he said thatIf no progress is made.</p>\n<p>Paris</p><p>It rains.</p></body></html>\n";
    let f = write(&dir, "page.html", html.as_bytes());
    let lines = compact(&f, &["--select", "MT101"]);
    assert_eq!(
        lines,
        vec![format!(
            "{f}:5:53: MT101 words run together: `thatIf` reads as `that if` [run-together-words]"
        )]
    );
    let o = run(&["check", "--format", "json", "--select", "MT101", &f]);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let finding = &doc["findings"][0];
    let (s, e) = (
        finding["start"].as_u64().unwrap() as usize,
        finding["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&html[s..e], "thatIf");
}

const FIXABLE: &str = "Listen to this article\nHe said thatIf no progress is made, talks end.\nThe minister spoke in Paris.It was late.\n";

#[test]
fn fix_writes_safe_fixes_and_converges() {
    let dir = scratch("fix");
    let f = write(&dir, "a.txt", FIXABLE.as_bytes());
    let o = run(&["check", "--fix", "--format", "compact", &f]);
    let fixed = std::fs::read_to_string(&f).unwrap();
    assert!(
        fixed.contains("said that if no") && fixed.contains("Paris. It"),
        "{fixed}"
    );
    assert!(
        fixed.starts_with("Listen to this article\n"),
        "unsafe fix not applied"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 fixes applied"));
    // The remaining findings are reported on the fixed file.
    assert!(
        stdout(&o).contains(&format!("{f}:1:1: MT401")),
        "{}",
        stdout(&o)
    );
    // A second run changes nothing.
    let again = run(&["check", "--fix", &f]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains("applied"));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), fixed);
}

#[test]
fn unsafe_fixes_also_apply_unsafe_ones() {
    let dir = scratch("unsafe");
    let f = write(&dir, "a.txt", FIXABLE.as_bytes());
    run(&["check", "--fix", "--unsafe-fixes", &f]);
    let fixed = std::fs::read_to_string(&f).unwrap();
    assert!(!fixed.contains("Listen to this article"), "{fixed}");
    assert!(fixed.contains("Paris. It"), "{fixed}");
    // --unsafe-fixes alone is a usage error.
    assert_eq!(run(&["check", "--unsafe-fixes", &f]).status.code(), Some(2));
}

#[test]
fn diff_prints_without_writing() {
    let dir = scratch("diff");
    let f = write(&dir, "a.txt", FIXABLE.as_bytes());
    let o = run(&["check", "--diff", &f]);
    assert_eq!(o.status.code(), Some(1), "changes would be made");
    let out = stdout(&o);
    assert!(out.starts_with(&format!("--- {f}\n+++ {f}\n@@")), "{out}");
    assert!(
        out.contains("-He said thatIf no progress is made, talks end.\n"),
        "{out}"
    );
    assert!(
        out.contains("+He said that if no progress is made, talks end.\n"),
        "{out}"
    );
    assert!(
        out.contains("+The minister spoke in Paris. It was late.\n"),
        "{out}"
    );
    assert!(!out.contains("-Listen"), "safe fixes only: {out}");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXABLE);
    let unsafe_diff = stdout(&run(&["check", "--diff", "--unsafe-fixes", &f]));
    assert!(
        unsafe_diff.contains("-Listen to this article\n"),
        "{unsafe_diff}"
    );
    let clean = write(&dir, "b.txt", b"The talks go on.\n");
    let o = run(&["check", "--diff", &clean]);
    assert_eq!((o.status.code(), o.stdout.len()), (Some(0), 0));
}

#[test]
fn fixes_in_markdown_land_on_the_original_bytes() {
    let dir = scratch("fix-md");
    let md = "# Title\n\nSome *emphasis* and `thatIf` code; he said thatIf no progress.\n\n```\nsaid.It\n```\n";
    let f = write(&dir, "a.md", md.as_bytes());
    run(&["check", "--fix", &f]);
    let fixed = std::fs::read_to_string(&f).unwrap();
    assert_eq!(fixed, md.replace("he said thatIf", "he said that if"));
}

#[test]
fn fixed_seeds_are_clean_of_the_fixed_findings() {
    let dir = scratch("seeds");
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/seeds");
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    let d = dir.to_string_lossy().into_owned();
    let first = run(&["check", "--fix", "--format", "json", &d]);
    assert!(String::from_utf8_lossy(&first.stderr).contains("applied"));
    for doc in String::from_utf8(first.stdout).unwrap().lines() {
        let doc: Value = serde_json::from_str(doc).unwrap();
        for f in doc["findings"].as_array().unwrap() {
            assert_ne!(f["fix_applicability"], "safe", "left after --fix: {f}");
        }
    }
    let second = run(&["check", "--diff", &d]);
    assert_eq!(second.status.code(), Some(0));
    assert!(second.stdout.is_empty(), "{}", stdout(&second));
}

#[test]
fn score_reads_markup_by_extension_or_when_told() {
    let dir = scratch("score-markup");
    let md = write(
        &dir,
        "a.md",
        b"# Title\n\nHe said no.\n\n```\nsaid.It thatIf\n```\n",
    );
    let o = run(&["score", "-q", "--findings", &md]);
    let rec: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rec["findings"].as_array().unwrap().len(), 0, "{rec}");
    let jsonl =
        "{\"id\":1,\"text\":\"<p>He said thatIf no &amp; more.</p><style>.thatIf{}</style>\"}\n";
    let o = run_stdin(
        &["score", "-q", "--findings", "--markup", "html", "-"],
        jsonl.as_bytes(),
    );
    let rec: Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = rec["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{rec}");
    assert_eq!(findings[0]["column"], 12);
}
