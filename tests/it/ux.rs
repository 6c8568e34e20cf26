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

#[test]
fn fix_stdin_prints_the_fixed_text_and_each_fix_reads_right() {
    // (input, fixed with --fix, fixed with --fix --unsafe-fixes)
    let cases = [
        (
            "He warned thatIf talks fail.\n",
            "He warned that if talks fail.\n",
            "He warned that if talks fail.\n",
        ),
        (
            "He saidThe talks fail.\n",
            "He said the talks fail.\n",
            "He said the talks fail.\n",
        ),
        (
            "He saidThe Hague agreed.\n",
            "He said The Hague agreed.\n",
            "He said The Hague agreed.\n",
        ),
        (
            "They came to Paris.It is late.\n",
            "They came to Paris. It is late.\n",
            "They came to Paris. It is late.\n",
        ),
        (
            "The talks were a very excellent result.\n",
            "The talks were a very excellent result.\n",
            "The talks were an excellent result.\n",
        ),
        (
            "The talks ended.\n\nAdvertisement\n\nThe minister left.\n",
            "The talks ended.\n\nAdvertisement\n\nThe minister left.\n",
            "The talks ended.\n\nThe minister left.\n",
        ),
        (
            "Listen to this article\nThe talks ended.\n",
            "Listen to this article\nThe talks ended.\n",
            "The talks ended.\n",
        ),
        (
            "The talks ended.\nRead more: Talks resume in Geneva\n",
            "The talks ended.\nRead more: Talks resume in Geneva\n",
            "The talks ended.\nTalks resume in Geneva\n",
        ),
    ];
    for (input, safe, unsafe_) in cases {
        let o = run_stdin(&["check", "--fix", "-"], input.as_bytes());
        assert_eq!(stdout(&o), safe, "{input:?}: {}", stderr(&o));
        let o = run_stdin(&["check", "--fix", "--unsafe-fixes", "-"], input.as_bytes());
        assert_eq!(stdout(&o), unsafe_, "{input:?}: {}", stderr(&o));
        // The report goes to standard error.
        assert!(stderr(&o).contains("<stdin>: mt "), "{}", stderr(&o));
    }
    // Not valid UTF-8: passed through unchanged.
    let bad = b"He warned thatIf talks fail \xff.\n";
    let o = run_stdin(&["check", "--fix", "-"], bad);
    assert_eq!(o.stdout, bad);
    assert!(stderr(&o).contains("not fixed"), "{}", stderr(&o));
    // Standard input with other paths is refused.
    let dir = scratch("ux-fix-stdin");
    let f = write(&dir, "a.txt", b"He warned thatIf talks fail.\n");
    let o = run_stdin(&["check", "--fix", "-", &f], b"x");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`--fix -`"), "{}", stderr(&o));
}

fn jsonl_records(texts: &[&str]) -> String {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{}\n", serde_json::json!({"id": i, "text": t})))
        .collect()
}

#[test]
fn score_agrees_with_check_on_names_config_and_useless_combinations() {
    let dir = scratch("ux-score");
    let glued = "The minister said thatIf talks fail, the deal is off, and officials agreed.";
    let data = jsonl_records(&[LONG, glued]);
    let input = write(&dir, "in.jsonl", data.as_bytes());
    // --keep-below takes a verdict and works without --drop-to: the rest is left out.
    let o = run(&["score", "--quiet", "--keep-below", "likely-mt", &input]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["score", "--quiet", "--keep-below", "0", &input]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "everything is at or above 0: nothing kept");
    // --drop-to alone does nothing: refused.
    let dropped = dir.join("d.jsonl");
    let o = run(&["score", "--drop-to", dropped.to_str().unwrap(), &input]);
    assert_eq!(o.status.code(), Some(2));
    // --findings with CSV or TSV: refused, naming the way out.
    for format in ["csv", "tsv"] {
        let o = run(&["score", "--findings", "--format", format, &input]);
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert!(stderr(&o).contains("--findings"), "{}", stderr(&o));
    }
    // The nearest mtlint.toml applies, as in check; --config and --no-config too.
    let codes = |o: &std::process::Output| -> Vec<String> {
        stdout_lines(o)
            .iter()
            .flat_map(|r| {
                r["counts"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let o = run(&["score", "--quiet", &input]);
    assert!(codes(&o).contains(&"MT101".to_string()), "{}", stdout(&o));
    write(&dir, "mtlint.toml", b"ignore = [\"MT101\"]\n");
    let o = run(&["score", "--quiet", &input]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!codes(&o).contains(&"MT101".to_string()), "{}", stdout(&o));
    let o = run(&["score", "--quiet", "--no-config", &input]);
    assert!(codes(&o).contains(&"MT101".to_string()), "{}", stdout(&o));
    let other = scratch("ux-score-other");
    let cfg = write(&other, "strict.toml", b"select = [\"MT101\"]\n");
    let o = run(&["score", "--quiet", "--no-config", "--config", &cfg, &input]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "--config and --no-config conflict"
    );
    let o = run(&["score", "--quiet", "--config", &cfg, &input]);
    assert_eq!(codes(&o), ["MT101"], "{}", stdout(&o));
    // Inputs under two configurations: refused, naming both.
    let elsewhere = write(&other, "in.jsonl", data.as_bytes());
    let o = run(&["score", "--quiet", &input, &elsewhere]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("different configurations"),
        "{}",
        stderr(&o)
    );
    // A bad configuration is an error naming the file, as in check.
    write(&dir, "mtlint.toml", b"ignroe = [\"MT101\"]\n");
    let o = run(&["score", "--quiet", &input]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("mtlint.toml"), "{}", stderr(&o));
}

/// The bytes of a file, decompressed as mtlint reads inputs (gzip and zstd by magic bytes).
fn decompressed(path: &std::path::Path) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    mtlint::decode::open(path)
        .unwrap()
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn outputs_are_compressed_by_their_extension() {
    let dir = scratch("ux-compress");
    let input = write(
        &dir,
        "in.jsonl",
        jsonl_records(&[LONG, "Short one."]).as_bytes(),
    );
    let plain = run(&["score", "--quiet", &input]);
    assert_eq!(plain.status.code(), Some(0));
    for (name, magic) in [
        ("out.jsonl.gz", &b"\x1f\x8b"[..]),
        ("out.jsonl.zst", &b"\x28\xb5\x2f\xfd"[..]),
    ] {
        let out = dir.join(name);
        let dropped = dir.join(format!("dropped-{name}"));
        let o = run(&[
            "score",
            "--quiet",
            "--keep-below",
            "1",
            &input,
            "-o",
            out.to_str().unwrap(),
            "--drop-to",
            dropped.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(magic), "{name}: {:?}", &bytes[..8]);
        assert_eq!(decompressed(&out), plain.stdout, "{name}");
        // The drop file: no record is at or above 1, so it is empty, but valid.
        assert!(
            std::fs::read(&dropped).unwrap().starts_with(magic),
            "{name}"
        );
        assert_eq!(decompressed(&dropped), b"", "{name}");
    }
    // No leftover temporary files: written beside the target and renamed.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn json_files_are_read_as_records_by_content() {
    let dir = scratch("ux-json");
    let texts = [
        LONG,
        "The minister said thatIf talks fail, the deal is off.",
    ];
    let lines = jsonl_records(&texts);
    let expected = stdout_lines(&run(&[
        "score",
        "--quiet",
        &write(&dir, "a.jsonl", lines.as_bytes()),
    ]));
    let array = serde_json::to_string_pretty(&serde_json::json!([
        {"id": 0, "text": texts[0]},
        {"id": 1, "text": texts[1]},
    ]))
    .unwrap();
    let mt = |records: &[Value]| -> Vec<(Value, Value)> {
        records
            .iter()
            .map(|r| (r["id"].clone(), r["mt"].clone()))
            .collect()
    };
    for (name, content) in [("lines.json", lines.clone()), ("array.json", array)] {
        let o = run(&["score", "--quiet", &write(&dir, name, content.as_bytes())]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert_eq!(mt(&stdout_lines(&o)), mt(&expected), "{name}");
    }
    // One object spread over lines: one record.
    let one = serde_json::to_string_pretty(&serde_json::json!({"id": 7, "text": LONG})).unwrap();
    let o = run(&["score", "--quiet", &write(&dir, "one.json", one.as_bytes())]);
    let records = stdout_lines(&o);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["id"], 7);
    assert_eq!(records[0]["mt"], expected[0]["mt"]);
    // Not JSON at all: one text document, with a note.
    let o = run(&[
        "score",
        "--quiet",
        &write(&dir, "prose.json", LONG.as_bytes()),
    ]);
    assert_eq!(stdout_lines(&o).len(), 1);
    assert!(stderr(&o).contains("not JSON records"), "{}", stderr(&o));
    // Broken JSON: an error naming the file.
    let o = run(&[
        "score",
        "--quiet",
        &write(&dir, "bad.json", b"[{\"text\": 1,"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.json: not valid JSON"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn suppression_comments_in_fenced_code_are_not_live() {
    let dir = scratch("ux-fence");
    let doc = "# Suppressing\n\nWrite this:\n\n```markdown\n<!-- mtlint-disable MT101 -->\n```\n\n\
               The minister said thatIf talks fail, the deal is off.\n";
    let f = write(&dir, "a.md", doc.as_bytes());
    let o = run(&["check", "--format", "json", &f]);
    let d = &stdout_lines(&o)[0];
    let codes: Vec<&str> = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"MT101"), "{codes:?}");
    assert!(d.get("suppression_warnings").is_none(), "{d}");
    // Outside the fence, the same comment works.
    let live = doc.replace("```markdown\n", "").replace("```\n", "");
    let f = write(&dir, "b.md", live.as_bytes());
    let o = run(&["check", "--format", "json", &f]);
    assert!(stdout_lines(&o)[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["code"] != "MT101"));
}

#[test]
fn smaller_things_a_new_user_meets() {
    let dir = scratch("ux-small");
    // Unknown configuration keys: a suggestion, and the key's own line.
    let cfg = write(&dir, "mtlint.toml", b"selct = [\"MT101\"]\n");
    let f = write(&dir, "a.txt", LONG.as_bytes());
    let o = run(&["check", "--config", &cfg, &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `select`?"),
        "{}",
        stderr(&o)
    );
    write(
        &dir,
        "mtlint.toml",
        b"# rules\n[rules.run-together-words]\nseverty = \"error\"\n",
    );
    let o = run(&["check", "--config", &cfg, &f]);
    assert!(
        stderr(&o).contains("mtlint.toml:3:1: [rules.run-together-words]: unknown key `severty`"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("did you mean `severity`?"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_file(&cfg).unwrap();

    // With a baseline, the summary says the findings shown are the new ones.
    let glued = write(
        &dir,
        "g.txt",
        format!("{LONG}He said thatIf so, and Paris.It was late.\n").as_bytes(),
    );
    let base = dir.join("base.json");
    let base = base.to_str().unwrap();
    assert_eq!(
        run(&["check", "--write-baseline", base, &glued])
            .status
            .code(),
        Some(0)
    );
    let o = run(&["check", "--baseline", base, &glued]);
    assert!(
        stdout(&o).contains("0 new findings (2 in the baseline, counted in mt)"),
        "{}",
        stdout(&o)
    );

    // Piped standard input is read without `-`, by check and by score.
    let o = run_stdin(&["check", "--format", "compact"], b"He said thatIf so.\n");
    assert!(
        stdout(&o).starts_with("<stdin>:1:9: MT101"),
        "{}",
        stdout(&o)
    );
    let o = run_stdin(&["score", "--quiet"], jsonl_records(&[LONG]).as_bytes());
    assert_eq!(stdout_lines(&o).len(), 1, "{}", stderr(&o));

    // `explain` names built-in data, not paths of the source tree.
    let o = run(&["explain", "MT101"]);
    let text = stdout(&o);
    assert!(!text.contains("`src/data/"), "{text}");
    assert!(text.contains("`common_words.txt`"), "{text}");
    let o = run(&["train", "--help"]);
    assert!(!stdout(&o).contains("src/data/"), "{}", stdout(&o));

    // The package keeps what the binary compiles in (`check --example`).
    let manifest: toml::Table = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"),
    )
    .unwrap()
    .parse()
    .unwrap();
    for e in manifest["package"]["exclude"].as_array().unwrap() {
        let prefix = e.as_str().unwrap().trim_end_matches('*');
        assert!(
            !"corpora/examples/sample.txt".starts_with(prefix),
            "Cargo.toml excludes {prefix}, which src/cli/check.rs compiles in"
        );
    }
    assert_eq!(
        run(&["check", "--example", "--exit-zero"]).status.code(),
        Some(0)
    );
}

#[test]
fn what_users_of_other_linters_expect() {
    let dir = scratch("ux-linters");
    let f = write(
        &dir,
        "a.txt",
        b"Listen to this article\nHe said thatIf so, and Paris.It was late.\n",
    );
    // Completions and manual pages.
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        assert!(stdout(&o).contains("mtlint"), "{shell}");
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
    let o = run(&["man"]);
    assert!(stdout(&o).contains(".TH mtlint 1"), "{}", stdout(&o));
    let o = run(&["man", "check"]);
    assert!(stdout(&o).contains(".TH mtlint-check 1"), "{}", stdout(&o));
    assert!(stdout(&o).contains("statistics"), "{}", stdout(&o));
    assert_eq!(run(&["man", "nope"]).status.code(), Some(2));

    // --output-format is --format; -o writes the report to a file (compressed by name).
    let o = run(&["check", "--output-format", "compact", &f]);
    let compact = stdout(&o);
    assert!(compact.contains(": MT101 "), "{compact}");
    let report = dir.join("report.txt");
    let o = run(&[
        "check",
        "--format",
        "compact",
        "-o",
        report.to_str().unwrap(),
        &f,
    ]);
    assert_eq!(o.stdout, b"");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), compact);
    // The report file cannot be a checked file.
    let o = run(&["check", "-o", &f, &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("same file"), "{}", stderr(&o));

    // The summary says how many findings --fix would fix.
    let o = run(&["check", &f]);
    assert!(
        stdout(&o).contains("2 fixable with --fix (1 more with --unsafe-fixes)"),
        "{}",
        stdout(&o)
    );

    // --statistics: per rule over all documents, instead of the findings.
    let g = write(&dir, "b.txt", b"She said thatIf so.\n");
    let o = run(&["check", "--statistics", &f, &g]);
    let out = stdout(&o);
    assert!(!out.contains("-->"), "no findings shown: {out}");
    let first = out.lines().next().unwrap();
    assert!(
        first.split_whitespace().collect::<Vec<_>>()[..3] == ["3", "MT101", "run-together-words"],
        "{out}"
    );
    assert!(first.ends_with("[3 fixable]"), "{out}");
    let o = run(&["check", "--statistics", "--format", "json", &f, &g]);
    let rows = stdout_lines(&o);
    assert_eq!(rows[0]["code"], "MT101");
    assert_eq!(rows[0]["findings"], 3);
    assert_eq!(rows[0]["fixable"], 3);
    assert_eq!(
        run(&["check", "--statistics", "--format", "sarif", &f])
            .status
            .code(),
        Some(2)
    );

    // --exit-non-zero-on-fix: exit 1 when --fix changed a file.
    let o = run(&[
        "check",
        "--fix",
        "--exit-non-zero-on-fix",
        "--fail-on",
        "never",
        &g,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&g).unwrap(),
        "She said that if so.\n"
    );
    let o = run(&[
        "check",
        "--fix",
        "--exit-non-zero-on-fix",
        "--fail-on",
        "never",
        &g,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "nothing left to fix: {}",
        stderr(&o)
    );
    assert_eq!(
        run(&["check", "--exit-non-zero-on-fix", &g]).status.code(),
        Some(2),
        "needs --fix"
    );
}
