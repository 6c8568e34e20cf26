//! Nothing lost, nothing hangs (issue 15): the real binary against outputs that are inputs,
//! inputs that fail midway, directory walks with loops and FIFOs, huge records, many
//! suppression comments, corrupt compressed files and outputs that cannot be written.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// `n` JSON Lines records with ids `r1`... and a short text each.
fn records(n: usize) -> String {
    (1..=n)
        .map(|i| {
            format!("{{\"id\":\"r{i}\",\"text\":\"The minister spoke in Paris on Friday, record {i}.\"}}\n")
        })
        .collect()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ids(out: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| {
            let v: Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"));
            v["id"].as_str().unwrap_or_default().to_string()
        })
        .collect()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = scratch("out-is-in");
    let input = records(20);
    let f = write(&dir, "c.jsonl", input.as_bytes());
    for flags in [
        vec!["-o", f.as_str()],
        vec!["--keep-below", "0.5", "--drop-to", f.as_str()],
        vec!["--stats", f.as_str()],
    ] {
        let mut args = vec!["score", "--quiet", f.as_str()];
        args.extend(&flags);
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{flags:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.matches("c.jsonl").count() >= 2 && err.contains("same file"),
            "names both paths: {err}"
        );
        assert_eq!(std::fs::read_to_string(&f).unwrap(), input, "input intact");
    }
    // Standard output appended to the input would be read back forever.
    let appended = std::fs::OpenOptions::new().append(true).open(&f).unwrap();
    let o = mtlint()
        .args(["score", "--quiet", f.as_str()])
        .stdout(appended)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("standard output"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), input);
    // The same file under another name (a hard link) is the same file.
    let link = dir.join("link.jsonl");
    std::fs::hard_link(&f, &link).unwrap();
    let o = run(&["score", "--quiet", &f, "-o", path(&link)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("link.jsonl"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), input);
}

#[test]
fn two_outputs_that_are_one_file_are_refused() {
    let dir = scratch("out-twice");
    let f = write(&dir, "c.jsonl", records(5).as_bytes());
    let x = dir.join("x.jsonl");
    let o = run(&[
        "score",
        "--quiet",
        &f,
        "-o",
        path(&x),
        "--keep-below",
        "0.5",
        "--drop-to",
        path(&x),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("x.jsonl"), "{}", stderr(&o));
    assert!(!x.exists(), "nothing written");
    // Also when the file exists already, and under a different spelling of the path.
    std::fs::write(&x, "old\n").unwrap();
    let other = format!("{}/./x.jsonl", dir.display());
    let o = run(&[
        "score",
        "--quiet",
        &f,
        "-o",
        path(&x),
        "--keep-below",
        "0.5",
        "--drop-to",
        &other,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&x).unwrap(), "old\n");
    // /dev/null may take both: writing nothing twice loses nothing.
    let o = run(&[
        "score",
        "--quiet",
        &f,
        "-o",
        "/dev/null",
        "--keep-below",
        "0.5",
        "--drop-to",
        "/dev/null",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn an_interrupted_run_leaves_the_previous_output_alone() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = scratch("out-atomic");
    let out = dir.join("scores.jsonl");
    std::fs::write(&out, "previous run\n").unwrap();
    // A run still reading its standard input is killed: the file where the output is
    // expected still holds the previous run, and no temporary file is left behind by a
    // run that ends.
    let mut child = mtlint()
        .args(["score", "--quiet", "-", "-o", path(&out)])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(records(50).as_bytes()).unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous run\n");
    drop(stdin);
    // What a killed run leaves is a hidden temporary file beside the output.
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".scores.jsonl.")
        {
            std::fs::remove_file(p).unwrap();
        }
    }
    let f = write(&dir, "c.jsonl", records(30).as_bytes());
    let o = run(&["score", "--quiet", &f, "-o", path(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(ids(&std::fs::read(&out).unwrap()).len(), 30);
    let o = run(&[
        "score",
        "--quiet",
        &f,
        "-o",
        path(&out),
        "--stats",
        path(&dir.join("stats.json")),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "only finished files: {names:?}"
    );
}

/// Gzip of `text`.
fn gzip(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap()
}

/// The complete lines that a decoder gets out of a damaged stream before its error.
fn decodable_lines(mut reader: impl std::io::Read) -> usize {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    out.iter().filter(|&&b| b == b'\n').count()
}

#[test]
fn a_truncated_gzip_keeps_every_record_before_the_cut() {
    let dir = scratch("gzip-cut");
    let gz = gzip(&records(10_000));
    let cut = &gz[..gz.len() / 2];
    let f = write(&dir, "c.jsonl.gz", cut);
    let expected = decodable_lines(flate2::read::MultiGzDecoder::new(cut));
    assert!(expected > 4096, "the cut leaves {expected} lines");
    let out = dir.join("out.jsonl");
    let o = run(&["score", "--quiet", &f, "-o", path(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let got = ids(&std::fs::read(&out).unwrap());
    let want: Vec<String> = (1..=expected).map(|i| format!("r{i}")).collect();
    assert_eq!(got, want, "every decodable record, in order");
    let err = stderr(&o);
    assert!(err.contains("c.jsonl.gz"), "{err}");
    assert!(err.contains(&format!("line {}", expected + 1)), "{err}");
    assert!(err.contains(&format!("--skip {expected}")), "{err}");
}

#[test]
fn a_failing_second_input_keeps_the_whole_first() {
    let dir = scratch("second-fails");
    let first = write(&dir, "a.jsonl", records(20_000).as_bytes());
    let mut bad = gzip(&records(50));
    let n = bad.len();
    bad[n / 2..].iter_mut().for_each(|b| *b = 0x55);
    let second = write(&dir, "b.jsonl.gz", &bad);
    let o = run(&["score", "--quiet", "--jobs", "2", &first, &second]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let got = ids(&o.stdout);
    assert!(got.len() >= 20_000, "only {} records written", got.len());
    let want: Vec<String> = (1..=20_000).map(|i| format!("r{i}")).collect();
    assert_eq!(got[..20_000], want[..], "the first input whole, in order");
    assert!(stderr(&o).contains("b.jsonl.gz"), "{}", stderr(&o));
}

#[test]
fn skip_resumes_after_the_records_already_written() {
    let dir = scratch("skip");
    let a = write(&dir, "a.jsonl", records(10).as_bytes());
    let b = write(&dir, "b.jsonl", records(5).as_bytes());
    let o = run(&["score", "--quiet", "--skip", "12", &a, &b]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let recs = stdout_lines(&o);
    let got: Vec<(String, u64)> = recs
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![("r3".into(), 3), ("r4".into(), 4), ("r5".into(), 5)],
        "records 13-15 of the run: lines 3-5 of the second file"
    );
}

#[test]
fn a_truncated_or_corrupt_zstd_file_keeps_its_decodable_records() {
    let dir = scratch("zstd-cut");
    let text = records(10_000);
    let zst = ruzstd::encoding::compress_to_vec(
        text.as_bytes(),
        ruzstd::encoding::CompressionLevel::Fastest,
    );
    let cut = write(&dir, "c.jsonl.zst", &zst[..zst.len() / 2]);
    let mut corrupt = zst.clone();
    let n = corrupt.len();
    corrupt[n / 2..n / 2 + 200]
        .iter_mut()
        .for_each(|b| *b ^= 0xa5);
    let corrupt = write(&dir, "d.jsonl.zst", &corrupt);
    for f in [cut, corrupt] {
        let o = run(&["score", "--quiet", &f]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let got = ids(&o.stdout);
        assert!(got.len() > 3_000, "{f}: only {} records", got.len());
        let want: Vec<String> = (1..=got.len()).map(|i| format!("r{i}")).collect();
        assert_eq!(got, want, "{f}: in order, from the first");
        let err = stderr(&o);
        assert!(
            err.contains(&f) && err.contains("zstd data is truncated or corrupt"),
            "{err}"
        );
        assert!(
            !err.contains("Error(") && !err.contains('{'),
            "plain words: {err}"
        );
        assert!(err.contains(&format!("line {}", got.len() + 1)), "{err}");
    }
}
