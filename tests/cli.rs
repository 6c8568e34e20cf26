//! The real binary: exit codes, output formats and bad input.

mod common;

use common::*;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

const DEBRIS: &str =
    "Listen to this article\nThe minister spoke in Paris on Friday and said talks would go on.\n";

#[test]
fn check_exit_codes_follow_fail_at() {
    let dir = scratch("exit");
    let f = write(&dir, "a.txt", DEBRIS.as_bytes());
    assert_eq!(run(&["check", "--fail-at", "0", &f]).status.code(), Some(1));
    assert_eq!(run(&["check", "--fail-at", "1", &f]).status.code(), Some(0));
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
    assert!(out.contains("score 0."), "{out}");
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
    assert!(d["score"].as_f64().unwrap() > 0.0);
    assert!(["clean", "suspect", "likely-mt"].contains(&d["verdict"].as_str().unwrap()));
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
    assert!(recs[0]["score"].is_number() && recs[0]["counts"]["MT401"] == 1);
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
        recs[6]["score"].is_number(),
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
    assert!(recs[8]["score"].is_number());
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

#[test]
fn score_annotate_passes_records_through() {
    let mut input = jsonl(&[("a", DEBRIS), ("b", PLAIN)]);
    input.push_str("{broken\n");
    let o = run_stdin(&["score", "--quiet", "--annotate", "-"], input.as_bytes());
    let recs = stdout_lines(&o);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["id"], "a");
    assert_eq!(recs[0]["extra"][0], 1, "input fields are kept");
    assert!(recs[0]["mtlint"]["score"].is_number());
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
    assert_eq!(rows[0], "id,line,score,verdict,language,words,error,counts");
    assert!(rows[1].starts_with("\"a,1\",1,0."), "{}", rows[1]);
    assert!(rows[1].ends_with(",MT401:1"), "{}", rows[1]);
    assert_eq!(rows.len(), 3);
    let o = run_stdin(
        &["score", "--quiet", "--format", "tsv", "-"],
        input.as_bytes(),
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().nth(1).unwrap().split('\t').count(), 8);
}

#[test]
fn score_keep_below_splits_without_losing_records() {
    let dir = scratch("split");
    let mut input = jsonl(&[("debris", DEBRIS), ("plain", PLAIN)]);
    input.push_str("not json\n");
    let f = write(&dir, "in.jsonl", input.as_bytes());
    let kept = dir.join("kept.jsonl");
    let dropped = dir.join("dropped.jsonl");
    // The plain record scores the bias alone; the debris record more.
    let plain_score = mtlint::Linter::new().check(PLAIN).unwrap().score.score;
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
        vec![Value::from("debris"), Value::Null],
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
