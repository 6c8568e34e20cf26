//! The real binary: exit codes, output formats and bad input.

use crate::common::*;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

const DEBRIS: &str =
    "Listen to this article\nThe minister spoke in Paris on Friday and said talks would go on.\n";

/// English long enough (over the model's 40 words) for `mt` to give a verdict.
const LONG: &str = "Listen to this article\nThe minister spoke in Paris on Friday and said that \
    the talks would go on next week. Officials from both sides met for three hours at the \
    foreign ministry, and a spokesman later told reporters that the meeting had been useful, \
    although no agreement was reached on the main questions.\n";

#[test]
fn check_exit_codes_follow_fail_at() {
    let dir = scratch("exit");
    let f = write(&dir, "a.txt", LONG.as_bytes());
    assert_eq!(run(&["check", "--fail-at", "0", &f]).status.code(), Some(1));
    assert_eq!(
        run(&["check", "--fail-at", "1.0", "--fail-on", "never", &f])
            .status
            .code(),
        Some(0)
    );
    // Without an answer (too short, or a language without a model), `mt` never fails.
    let short = write(&dir, "short.txt", b"The minister spoke on Friday.\n");
    assert_eq!(
        run(&["check", "--fail-at", "0", &short]).status.code(),
        Some(0)
    );
    let german = write(
        &dir,
        "de.txt",
        "Der Minister sprach am Freitag in Paris und sagte, die Gespräche würden in der nächsten \
         Woche weitergehen. Beamte beider Seiten trafen sich drei Stunden lang im Außenministerium."
            .as_bytes(),
    );
    let o = run(&["check", "--fail-at", "0", "--format", "json", &german]);
    assert_eq!(o.status.code(), Some(0));
    let d = &stdout_lines(&o)[0];
    assert_eq!(d["mt"], Value::Null);
    assert_eq!(d["verdict"], "unsupported");
    let bad = run(&["check", "--fail-at", "7", &f]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--fail-at"));
}

#[test]
fn check_human_output_shows_the_line_the_caret_and_the_code() {
    let dir = scratch("human");
    let f = write(&dir, "a.txt", DEBRIS.as_bytes());
    let o = run(&["check", "--color", "never", &f]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("warning[MT401]"), "{out}");
    assert!(out.contains("a.txt:1:1"), "{out}");
    assert!(out.contains("^^^^^^^^^^^^^^^^^^^^^^"), "{out}");
    assert!(out.contains(": mt 0."), "{out}");
    assert!(out.contains("artifacts: scraped (1)"), "{out}");
    assert!(!out.contains('\u{1b}'), "no color codes with --color never");
}

#[test]
fn check_compact_format() {
    let dir = scratch("compact");
    let f = write(&dir, "a.txt", DEBRIS.as_bytes());
    let out = String::from_utf8(run(&["check", "--format", "compact", &f]).stdout).unwrap();
    assert_eq!(out.lines().next().unwrap(), format!("{f}:1:1: MT401 scraped page furniture (audio player label), not article text [scrape-debris]"));
}

#[test]
fn check_json_offsets_are_bytes_into_the_file() {
    let dir = scratch("json");
    // A multi-byte character before the finding makes bytes and characters differ.
    let text = "Zürich café — notes\nListen to this article\n";
    let f = write(&dir, "a.txt", text.as_bytes());
    let o = run(&["check", "--format", "json", &f]);
    let docs = stdout_lines(&o);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d["path"], f.as_str());
    assert!(d["mt"].as_f64().unwrap() > 0.0);
    assert_eq!(d["verdict"], "too-short");
    assert_eq!(d["flags"][0], "scraped");
    assert_eq!(d["artifacts"]["debris"], 1);
    let finding = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "MT401")
        .unwrap();
    let (s, e) = (
        finding["start"].as_u64().unwrap() as usize,
        finding["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text.as_bytes()[s..e], b"Listen to this article");
    assert_eq!(finding["line"], 2);
    assert_eq!(finding["column"], 1);
    for key in [
        "rule",
        "category",
        "severity",
        "text",
        "message",
        "suggestion",
    ] {
        assert!(finding.get(key).is_some(), "finding lacks {key}");
    }
}

#[test]
fn invalid_utf8_is_scored_lossily_and_said() {
    let dir = scratch("utf8");
    let mut bytes = b"Caf\xe9 ol\xe9 \xff\xfe\n".to_vec();
    bytes.extend_from_slice(b"Listen to this article\n");
    let f = write(&dir, "latin1.txt", &bytes);
    let o = run(&["check", "--format", "json", &f]);
    assert_ne!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let d = &stdout_lines(&o)[0];
    assert_eq!(d["encoding_errors"], 4, "é, é, and two bad bytes");
    let finding = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "MT401")
        .unwrap();
    let s = finding["start"].as_u64().unwrap() as usize;
    assert_eq!(
        &bytes[s..s + 6],
        b"Listen",
        "offsets refer to the original bytes"
    );
    let human = String::from_utf8(run(&["check", "--color", "never", &f]).stdout).unwrap();
    assert!(
        human.contains("not valid UTF-8: 4 invalid sequences"),
        "{human}"
    );
}

#[test]
fn binary_empty_and_missing_files() {
    let dir = scratch("bad");
    let bin = write(&dir, "x.bin", b"\x7fELF\x02\x01\x00\x00\x00binary");
    let empty = write(&dir, "empty.txt", b"");
    let o = run(&["check", &bin, &empty]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("x.bin") && err.contains("binary"), "{err}");
    assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");

    let missing = dir.join("nope.txt");
    let o = run(&["check", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("nope.txt") && !err.contains("panicked"),
        "{err}"
    );
}

#[test]
fn check_walks_directories_and_reads_stdin() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    write(&dir, "a.txt", DEBRIS.as_bytes());
    write(&dir.join("sub"), "b.txt", DEBRIS.as_bytes());
    write(&dir, ".hidden.txt", DEBRIS.as_bytes());
    let o = run(&["check", "--format", "json", dir.to_str().unwrap()]);
    let paths: Vec<String> = stdout_lines(&o)
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("a.txt") && paths[1].ends_with("b.txt"));

    let o = run_stdin(&["check", "--format", "json", "-"], DEBRIS.as_bytes());
    assert_eq!(stdout_lines(&o)[0]["path"], "<stdin>");
}

#[test]
fn score_yields_one_record_per_line_in_order_with_error_records() {
    let dir = scratch("score");
    let mut input = Vec::new();
    let good = |id: &str| {
        format!(
            "{{\"id\":\"{id}\",\"text\":{}}}\n",
            serde_json::to_string(DEBRIS).unwrap()
        )
    };
    input.extend(good("r1").as_bytes());
    input.extend(b"{not json\n");
    input.extend(b"{\"id\":\"r3\"}\n");
    input.extend(b"{\"id\":\"r4\",\"text\":42}\n");
    input.extend(b"\n");
    input.extend(b"[1,2]\n");
    input.extend(
        b"{\"id\":\"r7\",\"text\":\"caf\xe9 Listen to this article and more words here\"}\n",
    );
    input.extend(b"{\"id\":\"r8\",\"text\":\"   \"}\n");
    input.extend(b"{\"meta\":{\"key\":\"r9\"},\"body\":{\"text\":\"Nested text is found by dotted paths.\"}}\n");
    input.extend(good("r10").as_bytes());
    let f = write(&dir, "in.jsonl", &input);
    let o = run(&["score", "--quiet", &f]);
    assert_eq!(o.status.code(), Some(1), "errors make exit 1");
    let recs = stdout_lines(&o);
    assert_eq!(recs.len(), 10, "one record per input line");
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["line"], i + 1, "in input order: {r}");
    }
    assert_eq!(recs[0]["id"], "r1");
    assert!(recs[0]["mt"].is_number() && recs[0]["counts"]["MT401"] == 1);
    assert_eq!(recs[0]["flags"][0], "scraped");
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    assert!(recs[2]["error"]
        .as_str()
        .unwrap()
        .contains("missing field `text`"));
    assert!(recs[3]["error"].as_str().unwrap().contains("not a string"));
    assert!(recs[4]["error"].as_str().unwrap().contains("empty line"));
    assert!(recs[5]["error"]
        .as_str()
        .unwrap()
        .contains("not a JSON object"));
    assert_eq!(recs[6]["id"], "r7");
    assert!(
        recs[6]["mt"].is_number(),
        "invalid UTF-8 is scored lossily: {}",
        recs[6]
    );
    assert_eq!(recs[6]["encoding_errors"], 1);
    assert!(recs[7]["error"].as_str().unwrap().contains("empty"));
    assert!(recs[8]["error"].as_str().unwrap().contains("missing field"));
    assert_eq!(recs[9]["id"], "r10");

    let o = run(&[
        "score",
        "--quiet",
        "--id-field",
        "meta.key",
        "--text-field",
        "body.text",
        &f,
    ]);
    let recs = stdout_lines(&o);
    assert_eq!(recs.len(), 10);
    assert_eq!(recs[8]["id"], "r9");
    assert!(recs[8]["mt"].is_number());
}

#[test]
fn score_findings_stdin_text_files_and_output_file() {
    let dir = scratch("score2");
    let line = format!(
        "{{\"id\":1,\"text\":{}}}\n",
        serde_json::to_string(DEBRIS).unwrap()
    );
    let o = run_stdin(&["score", "--findings", "--quiet", "-"], line.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let r = &stdout_lines(&o)[0];
    assert_eq!(r["id"], 1);
    assert_eq!(r["findings"][0]["code"], "MT401");

    let a = write(&dir, "a.txt", DEBRIS.as_bytes());
    let out = dir.join("out.jsonl");
    let o = run(&["score", "--quiet", "-o", out.to_str().unwrap(), &a]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    let r: Value = serde_json::from_str(written.lines().next().unwrap()).unwrap();
    assert_eq!(r["id"], a.as_str());
}

#[test]
fn score_many_records_stay_in_order_across_threads() {
    let mut input = String::new();
    for i in 0..3000 {
        let text = if i % 3 == 0 {
            DEBRIS
        } else {
            "A plain sentence about the weather in the city today."
        };
        input.push_str(&format!(
            "{{\"id\":{i},\"text\":{}}}\n",
            serde_json::to_string(text).unwrap()
        ));
    }
    let o = run_stdin(&["score", "--quiet", "--jobs", "2", "-"], input.as_bytes());
    let recs = stdout_lines(&o);
    assert_eq!(recs.len(), 3000);
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["id"], i);
        assert_eq!(r["counts"].get("MT401").is_some(), i % 3 == 0);
    }
}

#[test]
fn rules_and_explain() {
    let out = String::from_utf8(run(&["rules"]).stdout).unwrap();
    for m in mtlint::rules::metas() {
        assert!(out.contains(m.code) && out.contains(m.name));
    }
    let o = run(&["explain", "scrape-debris"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("## Known false positives"));
    let o = run(&["explain", "MT999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("MT999"));
}

#[test]
fn unknown_rule_in_select_is_a_usage_error() {
    let dir = scratch("select");
    let f = write(&dir, "a.txt", DEBRIS.as_bytes());
    let o = run(&["check", "--select", "MT999", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("MT999"));
}

fn jsonl(records: &[(&str, &str)]) -> String {
    records
        .iter()
        .map(|(id, text)| {
            format!(
                "{{\"id\":\"{id}\",\"text\":{},\"extra\":[1]}}\n",
                serde_json::to_string(text).unwrap()
            )
        })
        .collect()
}

const PLAIN: &str = "A plain sentence about the weather in the city today.";

/// Two calques (translation findings): a high `mt` however short.
const CALQUE: &str = "The results were very excellent, and the Russian-Ukrainian conflict went on.";

#[test]
fn score_annotate_passes_records_through() {
    let mut input = jsonl(&[("a", DEBRIS), ("b", PLAIN)]);
    input.push_str("{broken\n");
    let o = run_stdin(&["score", "--quiet", "--annotate", "-"], input.as_bytes());
    let recs = stdout_lines(&o);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["id"], "a");
    assert_eq!(recs[0]["extra"][0], 1, "input fields are kept");
    assert!(recs[0]["mtlint"]["mt"].is_number());
    assert_eq!(recs[0]["mtlint"]["counts"]["MT401"], 1);
    assert_eq!(recs[2]["line"], 3);
    assert_eq!(
        recs[2]["raw"], "{broken",
        "a malformed line is kept as raw text"
    );
    assert!(recs[2]["mtlint"]["error"]
        .as_str()
        .unwrap()
        .contains("malformed"));
}

#[test]
fn score_csv_and_tsv() {
    let input = jsonl(&[("a,1", DEBRIS), ("b", PLAIN)]);
    let o = run_stdin(
        &["score", "--quiet", "--format", "csv", "-"],
        input.as_bytes(),
    );
    let out = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[0],
        "id,line,mt,verdict,language,words,error,counts,flags"
    );
    assert!(rows[1].starts_with("\"a,1\",1,0."), "{}", rows[1]);
    assert!(rows[1].ends_with(",MT401:1,scraped"), "{}", rows[1]);
    assert_eq!(rows.len(), 3);
    let o = run_stdin(
        &["score", "--quiet", "--format", "tsv", "-"],
        input.as_bytes(),
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().nth(1).unwrap().split('\t').count(), 9);
}

#[test]
fn score_keep_below_splits_without_losing_records() {
    let dir = scratch("split");
    let mut input = jsonl(&[("calque", CALQUE), ("plain", PLAIN)]);
    input.push_str("not json\n");
    let f = write(&dir, "in.jsonl", input.as_bytes());
    let kept = dir.join("kept.jsonl");
    let dropped = dir.join("dropped.jsonl");
    // Cut just above the plain record's mt: it is kept, the other scores at or above the cut.
    let plain_score = mtlint::Linter::new()
        .check(PLAIN)
        .unwrap()
        .score
        .mt
        .unwrap();
    let calque_score = mtlint::Linter::new()
        .check(CALQUE)
        .unwrap()
        .score
        .mt
        .unwrap();
    assert!(
        calque_score > plain_score + 0.0001,
        "{calque_score} vs {plain_score}"
    );
    let cut = format!("{:.4}", plain_score + 0.0001);
    let o = run(&[
        "score",
        "--quiet",
        "--keep-below",
        &cut,
        "--drop-to",
        dropped.to_str().unwrap(),
        "-o",
        kept.to_str().unwrap(),
        &f,
    ]);
    assert_eq!(o.status.code(), Some(1), "the malformed line is an error");
    let ids = |p: &Path| -> Vec<Value> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
            .collect()
    };
    assert_eq!(ids(&kept), vec![Value::from("plain")]);
    assert_eq!(
        ids(&dropped),
        vec![Value::from("calque"), Value::Null],
        "errors go to the drop file"
    );
}

#[test]
fn score_shards_partition_the_records() {
    let records: Vec<(String, &str)> = (0..10).map(|i| (format!("r{i}"), PLAIN)).collect();
    let refs: Vec<(&str, &str)> = records.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    let input = jsonl(&refs);
    let mut seen = Vec::new();
    for shard in ["0/3", "1/3", "2/3"] {
        let o = run_stdin(
            &["score", "--quiet", "--shard", shard, "-"],
            input.as_bytes(),
        );
        for r in stdout_lines(&o) {
            seen.push(r["line"].as_u64().unwrap());
        }
    }
    seen.sort();
    assert_eq!(seen, (1..=10).collect::<Vec<u64>>());
    let o = run_stdin(&["score", "--shard", "3/3", "-"], input.as_bytes());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn score_reads_gzip_and_writes_stats() {
    use std::io::Write as _;
    let dir = scratch("gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(jsonl(&[("a", DEBRIS), ("b", PLAIN)]).as_bytes())
        .unwrap();
    let f = write(&dir, "in.jsonl.gz", &enc.finish().unwrap());
    let stats = dir.join("stats.json");
    let o = run(&["score", "--stats", stats.to_str().unwrap(), &f]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout_lines(&o).len(), 2);
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!(s["records"], 2);
    assert_eq!(s["errors"], 0);
    assert_eq!(
        s["histogram"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>(),
        2
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("2 records scored") && err.contains("verdicts:"),
        "{err}"
    );
}

#[test]
fn score_broken_pipe_ends_quietly() {
    let input = jsonl(&vec![("x", PLAIN); 20_000]);
    let mut child = mtlint()
        .args(["score", "--quiet", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    // Read one line, then close the pipe as `| head -1` would.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    let _ = std::io::Read::read(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn include_and_exclude_globs() {
    let dir = scratch("globs");
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    write(&dir, "a.txt", DEBRIS.as_bytes());
    write(&dir, "b.md", DEBRIS.as_bytes());
    write(&dir.join("drafts"), "c.txt", DEBRIS.as_bytes());
    let o = run(&[
        "check",
        "--format",
        "json",
        "--include",
        "*.txt",
        "--exclude",
        "**/drafts",
        dir.to_str().unwrap(),
    ]);
    let paths: Vec<String> = stdout_lines(&o)
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("a.txt"));
}

// ---- Configuration, suppression, baselines ------------------------------------------------

fn run_in(dir: &Path, args: &[&str]) -> Output {
    mtlint()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("binary runs")
}

/// The rule codes reported for each document of a `--format json` run.
fn codes(o: &Output) -> Vec<Vec<String>> {
    stdout_lines(o)
        .iter()
        .map(|d| {
            d["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["code"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const GLUED: &str = "Listen to this article\nThe minister spoke in Paris on Friday and said thatIf talks would go on.\n";

#[test]
fn config_is_found_walking_up_from_the_file() {
    let dir = scratch("cfg-walk");
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    write(&dir, "mtlint.toml", b"ignore = [\"debris\"]\n");
    let f = write(&dir.join("a/b"), "x.txt", GLUED.as_bytes());
    assert_eq!(
        codes(&run(&["check", "--format", "json", &f])),
        vec![vec!["MT101"]]
    );
    assert_eq!(
        codes(&run(&["check", "--format", "json", "--no-config", &f])),
        vec![vec!["MT401", "MT101"]]
    );
    // The command line's --select wins over the file's ignore.
    assert_eq!(
        codes(&run(&[
            "check", "--format", "json", "--select", "MT401", &f
        ])),
        vec![vec!["MT401"]]
    );
    // select by category in the file.
    write(&dir, "mtlint.toml", b"select = [\"debris\"]\n");
    assert_eq!(
        codes(&run(&["check", "--format", "json", &f])),
        vec![vec!["MT401"]]
    );
}

#[test]
fn explicit_config_file() {
    let dir = scratch("cfg-explicit");
    let cfg = write(
        &dir,
        "elsewhere.toml",
        b"select = [\"run-together-words\"]\n",
    );
    let f = write(&dir, "x.txt", GLUED.as_bytes());
    assert_eq!(
        codes(&run(&["check", "--format", "json", "--config", &cfg, &f])),
        vec![vec!["MT101"]]
    );
    let o = run(&[
        "check",
        "--config",
        &dir.join("nope.toml").to_string_lossy(),
        &f,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.toml"), "{}", stderr(&o));
}

#[test]
fn unknown_config_keys_are_errors_naming_key_file_and_line() {
    let dir = scratch("cfg-unknown");
    let cfg = write(&dir, "mtlint.toml", b"ignore = []\nfail_at = 0.5\n");
    let f = write(&dir, "x.txt", GLUED.as_bytes());
    let o = run(&["check", &f]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(&format!("{cfg}:2:1")), "{err}");
    assert!(err.contains("`fail_at`") && err.contains("hint:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    write(&dir, "mtlint.toml", b"[rules.MT102]\nmin-wrods = 2\n");
    let err = stderr(&run(&["check", &f]));
    assert!(
        err.contains("min-wrods") && err.contains("min-words"),
        "{err}"
    );
    // --no-config skips the broken file.
    assert_ne!(run(&["check", "--no-config", &f]).status.code(), Some(2));
}

#[test]
fn severity_override_and_fail_levels() {
    let dir = scratch("cfg-severity");
    write(
        &dir,
        "mtlint.toml",
        b"[rules.scrape-debris]\nseverity = \"error\"\n",
    );
    let f = write(&dir, "x.txt", DEBRIS.as_bytes());
    let o = run(&["check", "--format", "json", &f]);
    let d = &stdout_lines(&o)[0];
    assert_eq!(d["findings"][0]["severity"], "error");
    assert_eq!(
        o.status.code(),
        Some(1),
        "an error finding fails by default"
    );
    assert_eq!(
        run(&["check", "--fail-on", "never", &f]).status.code(),
        Some(0)
    );
    assert_eq!(run(&["check", "--exit-zero", &f]).status.code(), Some(0));
    let human = String::from_utf8(run(&["check", "--color", "never", &f]).stdout).unwrap();
    assert!(human.contains("error[MT401]"), "{human}");
    // Without the override the finding is a warning: it fails only with --fail-on warning.
    assert_eq!(run(&["check", "--no-config", &f]).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--no-config", "--fail-on", "warning", &f])
            .status
            .code(),
        Some(1)
    );
    // fail-at by verdict name, in the file and on the command line (on a text long enough
    // for a verdict).
    let long = write(&dir, "long.txt", LONG.as_bytes());
    write(&dir, "mtlint.toml", b"fail-at = 0.0\nfail-on = \"never\"\n");
    assert_eq!(run(&["check", &long]).status.code(), Some(1));
    assert_eq!(
        run(&["check", "--fail-at", "likely-mt", &long])
            .status
            .code(),
        Some(0)
    );
    let o = run(&["check", "--fail-at", "maybe", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("likely-mt"), "{}", stderr(&o));
}

#[test]
fn rule_options_from_the_config() {
    let dir = scratch("cfg-options");
    let text = "Trump has done more in 80 days than Biden ever did to bring this war to an. So we've dedicated almost everything to it.\n";
    let f = write(&dir, "x.txt", text.as_bytes());
    let args = ["check", "--format", "json", "--select", "MT102", &f];
    assert_eq!(codes(&run(&args)), vec![vec!["MT102"]]);
    write(
        &dir,
        "mtlint.toml",
        b"[rules.truncated-sentence]\nmin-words = 40\n",
    );
    assert_eq!(codes(&run(&args)), vec![Vec::<String>::new()]);
}

#[test]
fn allowlisted_names_and_terms_are_not_reported() {
    let dir = scratch("cfg-allow");
    let docs = [
        ("mt501.txt", "The meeting was between Mr. Trump and President Zelensky. Missiles struck Mr. Zelenskyy's hometown of Kryvyi Rih.", "MT501"),
        ("mt502.txt", "Russia hit Kharkov early on Friday, the mayor said.", "MT502"),
        ("mt503.txt", "The minister spoke to reporters on Friday. Die Verhandlungen werden in der nächsten Woche fortgesetzt. Talks will resume.", "MT503"),
        ("mt601.txt", "The State Department called the talks a \"very excellent\" exchange.", "MT601"),
    ];
    let files: Vec<String> = docs
        .iter()
        .map(|(name, text, _)| write(&dir, name, text.as_bytes()))
        .collect();
    let mut args = vec!["check", "--format", "json", "--language", "en"];
    args.extend(files.iter().map(String::as_str));
    let before = codes(&run(&args));
    for ((_, _, code), found) in docs.iter().zip(&before) {
        assert!(found.iter().any(|c| c == code), "{code} fires: {found:?}");
    }
    write(
        &dir,
        "mtlint.toml",
        "[allow]\nnames = [\"Zelensky\", \"Zelenskyy\", \"Kharkov\"]\nterms = [\"VERY EXCELLENT\", \"Die Verhandlungen werden in der nächsten Woche fortgesetzt\"]\n".as_bytes(),
    );
    let after = codes(&run(&args));
    for ((_, _, code), found) in docs.iter().zip(&after) {
        assert!(
            !found.iter().any(|c| c == code),
            "{code} allowed: {found:?}"
        );
    }
}

#[test]
fn path_overrides_and_exclude_globs() {
    let dir = scratch("cfg-overrides");
    for sub in ["drafts", "vendor", "docs"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        write(&dir.join(sub), "x.txt", GLUED.as_bytes());
    }
    write(
        &dir,
        "mtlint.toml",
        b"exclude = [\"vendor/**\"]\n[[overrides]]\npaths = [\"drafts/**\"]\nignore = [\"MT101\"]\n",
    );
    let o = run(&["check", "--format", "json", dir.to_str().unwrap()]);
    let docs = stdout_lines(&o);
    let by_path: Vec<(String, Vec<String>)> = docs
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .zip(codes(&o))
        .collect();
    assert_eq!(by_path.len(), 2, "vendor is excluded: {by_path:?}");
    assert!(by_path[0].0.ends_with("docs/x.txt") && by_path[0].1 == ["MT401", "MT101"]);
    assert!(by_path[1].0.ends_with("drafts/x.txt") && by_path[1].1 == ["MT401"]);
    // Excluded files named on the command line are skipped too.
    let f = dir.join("vendor/x.txt");
    let o = run(&["check", "--format", "json", f.to_str().unwrap()]);
    assert!(stdout_lines(&o).is_empty());
}

#[test]
fn init_writes_a_config_once() {
    let dir = scratch("init");
    let o = run_in(&dir, &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join("mtlint.toml")).unwrap();
    assert!(
        text.contains("# fail-at") && text.contains("[allow]"),
        "{text}"
    );
    let o = run_in(&dir, &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(run_in(&dir, &["init", "--force"]).status.code(), Some(0));
    // The written file is a valid configuration.
    write(&dir, "x.txt", DEBRIS.as_bytes());
    assert_eq!(run_in(&dir, &["check", "x.txt"]).status.code(), Some(0));
}

#[test]
fn each_suppression_form() {
    let dir = scratch("suppress");
    let line = "The minister said thatIf talks end, they end.";
    let cases = [
        format!("<!-- mtlint-disable-next-line MT101 -->\n{line}\n"),
        format!("{line} <!-- mtlint-disable-line run-together-words -->\n"),
        format!("<!-- mtlint-disable -->\n{line}\n{line}\n<!-- mtlint-enable -->\n"),
        format!("# mtlint-disable-next-line MT101\n{line}\n"),
        format!("{line} // mtlint-disable-line\n"),
    ];
    for (i, text) in cases.iter().enumerate() {
        let f = write(&dir, &format!("{i}.txt"), text.as_bytes());
        let o = run(&["check", "--format", "json", "--select", "MT101", &f]);
        let d = &stdout_lines(&o)[0];
        assert_eq!(d["findings"].as_array().unwrap().len(), 0, "{text}: {d}");
        assert!(d.get("suppression_warnings").is_none(), "{text}: {d}");
    }
    // Lines outside the suppression are still checked.
    let text = format!("<!-- mtlint-disable-next-line MT101 -->\n{line}\n{line}\n");
    let f = write(&dir, "outside.txt", text.as_bytes());
    let o = run(&["check", "--format", "json", "--select", "MT101", &f]);
    assert_eq!(codes(&o), vec![vec!["MT101"]]);
}

#[test]
fn useless_suppressions_and_unknown_rules_are_warned_about() {
    let dir = scratch("suppress-warn");
    let text =
        "<!-- mtlint-disable-next-line MT101 -->\nA clean line.\n# mtlint-disable-line MT998\n";
    let f = write(&dir, "x.txt", text.as_bytes());
    let o = run(&["check", "--format", "json", &f]);
    let w = stdout_lines(&o)[0]["suppression_warnings"].clone();
    let kinds: Vec<&str> = w
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["unused-suppression", "unknown-rule"]);
    assert_eq!(w[0]["line"], 1);
    assert_eq!(w[1]["line"], 3);
    let human = String::from_utf8(run(&["check", "--color", "never", &f]).stdout).unwrap();
    assert!(
        human.contains("warning[unused-suppression]") && human.contains("`MT998`"),
        "{human}"
    );
    assert!(human.contains("2 suppression warnings"), "{human}");
    // They count as warnings for --fail-on.
    assert_eq!(run(&["check", &f]).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--fail-on", "warning", &f]).status.code(),
        Some(1)
    );
}

#[test]
fn baseline_keeps_old_findings_quiet_when_lines_move() {
    let dir = scratch("baseline");
    let f = write(&dir, "x.txt", GLUED.as_bytes());
    let bl = dir.join("baseline.json");
    let bl = bl.to_str().unwrap();
    let o = run(&["check", "--fail-at", "0", "--write-baseline", bl, &f]);
    assert_eq!(o.status.code(), Some(0), "writing a baseline succeeds");
    assert!(stderr(&o).contains("wrote 2 findings"), "{}", stderr(&o));
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(bl).unwrap()).unwrap();
    assert_eq!(saved["files"]["x.txt"].as_array().unwrap().len(), 2);

    let o = run(&["check", "--format", "json", "--baseline", bl, &f]);
    assert_eq!(codes(&o), vec![Vec::<String>::new()]);
    assert_eq!(stdout_lines(&o)[0]["baselined"], 2);
    assert_eq!(o.status.code(), Some(0));

    // Lines inserted above: the old findings stay baselined; a new one is reported.
    let moved = format!("A new first paragraph.\n\nAnd another.\n{GLUED}Officials said afterThe talks nothing changed.\n");
    write(&dir, "x.txt", moved.as_bytes());
    let o = run(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "warning",
        "--baseline",
        bl,
        &f,
    ]);
    let d = &stdout_lines(&o)[0];
    let found = d["findings"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{d}");
    assert_eq!(found[0]["text"], "afterThe");
    assert_eq!(found[0]["line"], 6);
    assert_eq!(o.status.code(), Some(1));

    let o = run(&[
        "check",
        "--baseline",
        &dir.join("missing.json").to_string_lossy(),
        &f,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing.json") && stderr(&o).contains("--write-baseline"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn artifacts_fail_only_when_asked() {
    let dir = scratch("artifacts");
    // Page furniture on an ordinary English paragraph: flagged as scraped, not likely-mt.
    let f = write(&dir, "a.txt", LONG.as_bytes());
    let never = ["check", "--fail-on", "never"];
    assert_eq!(run(&[&never[..], &[&f]].concat()).status.code(), Some(0));
    let o = run(&[&never[..], &["--fail-on-artifacts", "debris", &f]].concat());
    assert_eq!(o.status.code(), Some(1));
    let o = run(&[
        &never[..],
        &["--fail-on-artifacts", "encoding,typography", &f],
    ]
    .concat());
    assert_eq!(o.status.code(), Some(0));
    let o = run(&[&never[..], &["--fail-on-artifacts", "scrape", &f]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("fail-on-artifacts"), "{}", stderr(&o));
    write(
        &dir,
        "mtlint.toml",
        b"fail-on = \"never\"\nfail-on-artifacts = [\"debris\"]\n",
    );
    assert_eq!(run(&["check", &f]).status.code(), Some(1));
}

#[test]
fn keep_below_takes_a_verdict_and_sends_unsupported_documents_to_the_drop_file() {
    let dir = scratch("keep-verdict");
    let german =
        "Der Minister sprach am Freitag in Paris und sagte, die Gespräche würden weitergehen.";
    let f = write(
        &dir,
        "in.jsonl",
        jsonl(&[("en", LONG), ("de", german)]).as_bytes(),
    );
    let kept = dir.join("kept.jsonl");
    let dropped = dir.join("dropped.jsonl");
    let o = run(&[
        "score",
        "--keep-below",
        "likely-mt",
        "--drop-to",
        dropped.to_str().unwrap(),
        "-o",
        kept.to_str().unwrap(),
        &f,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let read = |p: &Path| -> Vec<Value> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let k = read(&kept);
    let d = read(&dropped);
    assert_eq!(k.len(), 1);
    assert_eq!(k[0]["id"], "en");
    assert_eq!(d.len(), 1);
    assert_eq!(
        (&d[0]["id"], &d[0]["mt"], &d[0]["verdict"]),
        (
            &Value::from("de"),
            &Value::Null,
            &Value::from("unsupported")
        )
    );
    assert!(stderr(&o).contains("unsupported 1"), "{}", stderr(&o));
}

#[test]
fn check_explains_mt_in_words() {
    let seed = "corpora/seeds/003_491452057b3ad935.txt";
    let out = String::from_utf8(run(&["check", "--color", "never", seed]).stdout).unwrap();
    assert!(
        out.contains("mt 0.") && out.contains("(likely-mt)"),
        "{out}"
    );
    assert!(out.contains(" raises mt: "), "{out}");
    let o = run(&["check", "--format", "json", seed]);
    let d = &stdout_lines(&o)[0];
    let reasons = d["reasons"].as_array().unwrap();
    assert!(!reasons.is_empty() && reasons.len() <= 5, "{d}");
    for r in reasons {
        assert!(
            ["raises", "lowers"].contains(&r["effect"].as_str().unwrap()),
            "{r}"
        );
        assert!(!r["text"].as_str().unwrap().is_empty());
    }
}
