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

/// Runs the binary with a deadline: `None` when it had to be killed.
fn run_within(args: &[&str], secs: u64) -> Option<std::process::Output> {
    use std::process::Stdio;
    let mut child = mtlint()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

fn checked_paths(o: &std::process::Output) -> Vec<String> {
    stdout_lines(o)
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

const PROSE: &str = "The minister spoke in Paris on Friday and said the talks would go on.\n";

#[cfg(unix)]
#[test]
fn symlink_loops_in_a_walk_end_quickly_and_check_each_file_once() {
    use std::os::unix::fs::symlink;
    let dir = scratch("walk-loop");
    let root = dir.join("docs");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    write(&root, "a.txt", PROSE.as_bytes());
    write(&root.join("sub"), "b.txt", PROSE.as_bytes());
    // A loop back to the root, and many ways down to the same directory: without care the
    // walk goes round forever, or takes 2^n paths to the same files.
    symlink(&root, root.join("sub").join("up")).unwrap();
    symlink("..", root.join("sub").join("parent")).unwrap();
    let mut level = root.clone();
    for i in 0..20 {
        let next = level.join(format!("d{i}"));
        std::fs::create_dir(&next).unwrap();
        symlink(&next, level.join(format!("x{i}"))).unwrap();
        symlink(&next, level.join(format!("y{i}"))).unwrap();
        level = next;
    }
    write(&level, "deep.txt", PROSE.as_bytes());
    let started = std::time::Instant::now();
    let o = run_within(&["check", "--format", "json", path(&root)], 20).expect("the walk ends");
    assert!(started.elapsed().as_secs() < 10);
    let mut names: Vec<String> = checked_paths(&o)
        .iter()
        .map(|p| {
            Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, ["a.txt", "b.txt", "deep.txt"], "each file once");
    assert!(stderr(&o).contains("loop"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_walk_is_skipped_with_a_note_and_read_when_named() {
    use std::io::Write;
    let dir = scratch("walk-fifo");
    write(&dir, "a.txt", PROSE.as_bytes());
    let fifo = dir.join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: no mkfifo");
        return;
    }
    let o = run_within(&["check", "--format", "json", path(&dir)], 20)
        .expect("the walk does not wait on the FIFO");
    assert_eq!(checked_paths(&o).len(), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("pipe.txt") && err.contains("not a regular file"),
        "{err}"
    );
    // Named on the command line, a FIFO is read.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            f.write_all(PROSE.as_bytes()).unwrap();
        })
    };
    let o = run_within(&["check", "--format", "json", path(&fifo)], 20).expect("read to its end");
    writer.join().unwrap();
    assert_eq!(checked_paths(&o), [path(&fifo)], "{}", stderr(&o));
}

#[test]
fn walks_check_prose_files_that_git_would_keep() {
    let dir = scratch("walk-prose");
    std::fs::create_dir_all(dir.join("target/debug")).unwrap();
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    std::fs::create_dir_all(dir.join(".github")).unwrap();
    write(&dir, ".gitignore", b"target/\n*.log.txt\n");
    write(&dir, ".ignore", b"drafts/\n");
    for name in [
        "a.txt",
        "b.md",
        "c.markdown",
        "d.html",
        "e.htm",
        "notes.txt.gz",
        "main.rs",
        "Cargo.lock",
        "expected.json",
        "run.log.txt",
        ".hidden.txt",
        "README",
    ] {
        write(&dir, name, PROSE.as_bytes());
    }
    std::fs::write(dir.join("notes.txt.gz"), gzip(PROSE)).unwrap();
    write(&dir.join("target/debug"), "out.txt", PROSE.as_bytes());
    write(&dir.join("drafts"), "draft.md", PROSE.as_bytes());
    write(&dir.join(".github"), "PULL_REQUEST.md", PROSE.as_bytes());
    let names = |o: &std::process::Output| -> Vec<String> {
        let mut v: Vec<String> = checked_paths(o)
            .iter()
            .map(|p| {
                Path::new(p)
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        v.sort();
        v
    };
    let o = run(&["check", "--format", "json", "--no-config", path(&dir)]);
    assert_eq!(
        names(&o),
        [
            "a.txt",
            "b.md",
            "c.markdown",
            "d.html",
            "e.htm",
            "notes.txt.gz"
        ],
        "{}",
        stderr(&o)
    );
    // Files named on the command line are checked whatever their type, ignored or hidden.
    let rs = dir.join("main.rs");
    let hidden = dir.join(".hidden.txt");
    let o = run(&[
        "check",
        "--format",
        "json",
        "--no-config",
        path(&rs),
        path(&hidden),
    ]);
    assert_eq!(names(&o), [".hidden.txt", "main.rs"]);
    // mtlint.toml says which extensions a walk checks.
    write(&dir, "mtlint.toml", b"extensions = [\"rs\", \".TXT\"]\n");
    let o = run(&["check", "--format", "json", path(&dir)]);
    assert_eq!(
        names(&o),
        ["a.txt", "main.rs", "notes.txt.gz"],
        "{}",
        stderr(&o)
    );
    // --include globs choose the files instead.
    let o = run(&[
        "check",
        "--format",
        "json",
        "--no-config",
        "--include",
        "*.lock",
        path(&dir),
    ]);
    assert_eq!(names(&o), ["Cargo.lock"], "{}", stderr(&o));
}

#[test]
fn score_walks_read_records_and_prose_only() {
    let dir = scratch("walk-score");
    write(&dir, "a.jsonl", records(3).as_bytes());
    write(&dir, "b.txt", PROSE.as_bytes());
    write(&dir, "c.jsonl.gz", &gzip(&records(2)));
    write(&dir, "Cargo.lock", PROSE.as_bytes());
    write(&dir, "stats.json", b"{}");
    write(&dir, ".gitignore", b"ignored.jsonl\n");
    write(&dir, "ignored.jsonl", records(7).as_bytes());
    let o = run(&["score", "--quiet", path(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout_lines(&o).len(),
        3 + 1 + 2,
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn a_record_over_max_record_bytes_is_an_error_record_and_the_run_goes_on() {
    let dir = scratch("too-large");
    let big = "word ".repeat(400_000); // 2 MB
    let mut input = records(2);
    input.push_str(&format!("{{\"id\":\"big\",\"text\":\"{big}\"}}\n"));
    input.push_str(&records(3).replace("\"r", "\"s"));
    let f = write(&dir, "c.jsonl", input.as_bytes());
    let o = run(&["score", "--quiet", "--max-record-bytes", "1MiB", &f]);
    assert_eq!(o.status.code(), Some(1), "an error record: {}", stderr(&o));
    let recs = stdout_lines(&o);
    let lines: Vec<u64> = recs.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [1, 2, 3, 4, 5, 6], "one record per line, in order");
    let error = recs[2]["error"].as_str().unwrap();
    assert!(
        error.starts_with("record too large") && error.contains("2000022 bytes"),
        "{error}"
    );
    assert!(recs
        .iter()
        .enumerate()
        .all(|(i, r)| i == 2 || r["mt"].is_number()));
    // A text file over the limit, in a walk: also an error record.
    write(&dir, "big.txt", big.as_bytes());
    write(&dir, "small.txt", PROSE.as_bytes());
    std::fs::remove_file(&f).unwrap();
    let o = run(&["score", "--quiet", "--max-record-bytes", "1MB", path(&dir)]);
    let recs = stdout_lines(&o);
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["error"]
        .as_str()
        .unwrap()
        .starts_with("record too large"));
    assert!(recs[1]["mt"].is_number());
    // The default is 64 MiB, and a bad size is a usage error.
    let o = run(&["score", "--quiet", "--max-record-bytes", "lots", path(&dir)]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_refuses_a_file_over_max_file_bytes_and_checks_the_rest() {
    let dir = scratch("check-too-large");
    write(&dir, "big.txt", "word ".repeat(300_000).as_bytes());
    write(&dir, "small.txt", PROSE.as_bytes());
    let o = run(&[
        "check",
        "--format",
        "json",
        "--max-file-bytes",
        "1MiB",
        path(&dir),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(checked_paths(&o).len(), 1);
    let err = stderr(&o);
    assert!(
        err.contains("big.txt") && err.contains("too large") && err.contains("1500000 bytes"),
        "{err}"
    );
}

/// Markdown with a suppression comment on every other paragraph.
fn suppressed_markdown(n: usize) -> String {
    (0..n)
        .map(|i| match i % 3 {
            0 => "The minister said thatIf talks fail. <!-- mtlint-disable-line MT101 -->\n\n",
            1 => {
                "<!-- mtlint-disable-next-line run-together-words -->\nHe said thatIf it rains.\n\n"
            }
            _ => "Plain words in a paragraph here.\n\n",
        })
        .collect()
}

#[test]
fn four_times_the_suppressed_text_takes_about_four_times_as_long() {
    let dir = scratch("suppress-linear");
    let small = write(&dir, "small.md", suppressed_markdown(6_000).as_bytes());
    let large = write(&dir, "large.md", suppressed_markdown(24_000).as_bytes());
    let time = |f: &str| {
        (0..2)
            .map(|_| {
                let started = std::time::Instant::now();
                let o = run(&["check", "--quiet", "--no-config", f]);
                assert!(String::from_utf8_lossy(&o.stdout).contains(" 0 findings"));
                started.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min)
    };
    let (t1, t4) = (time(&small), time(&large));
    assert!(
        t4 / t1 < 8.0,
        "4x the text took {:.1}x the time ({t1:.2} s -> {t4:.2} s)",
        t4 / t1
    );
}

/// Runs the binary with its standard error on a full device (`/dev/full`).
#[cfg(target_os = "linux")]
fn run_with_full_stderr(args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    mtlint()
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(full)
        .output()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn output_errors_name_the_file() {
    let dir = scratch("out-full");
    let f = write(&dir, "c.jsonl", records(3).as_bytes());
    let o = run(&["score", "--quiet", &f, "-o", "/dev/full"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("/dev/full") && err.contains("No space left"),
        "{err}"
    );
    // Standard output on a full device.
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        vec!["score", "--quiet", f.as_str()],
        vec!["check", "--no-config", f.as_str()],
        vec!["explain", "MT101"],
    ] {
        let o = mtlint().args(&args).stdout(full()).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains("<stdout>") && err.contains("No space left"),
            "{args:?}: {err}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stderr_does_not_abort_the_run() {
    let dir = scratch("err-full");
    let f = write(&dir, "c.jsonl", records(3).as_bytes());
    let empty = write(&dir, "empty.txt", b"");
    // The summary of score, a note of check, the error of explain: unwritable, and dropped.
    let o = run_with_full_stderr(&["score", &f]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(ids(&o.stdout).len(), 3);
    let o = run_with_full_stderr(&["check", "--no-config", &empty]);
    assert_eq!(o.status.code(), Some(0));
    let o = run_with_full_stderr(&["explain", "NO-SUCH-RULE"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run_with_full_stderr(&["eval", path(&dir.join("missing.jsonl"))]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn explain_rules_and_packs_end_cleanly_on_a_closed_stdout() {
    use std::process::Stdio;
    let dir = scratch("closed-stdout");
    let labeled: String = (0..200)
        .map(|i| {
            format!(
                "{{\"text\":\"In the new era we must vigorously promote development {i}.\",\"label\":\"{}\"}}\n",
                if i % 2 == 0 { "mt" } else { "human" }
            )
        })
        .collect();
    let f = write(&dir, "labeled.jsonl", labeled.as_bytes());
    for args in [
        vec!["explain", "MT101"],
        vec!["rules"],
        vec!["packs", f.as_str()],
    ] {
        let mut child = mtlint()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away before anything is written
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(
            !stderr(&o).contains("internal error"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn check_never_writes_a_baseline_over_a_document_and_fixes_in_place_safely() {
    let dir = scratch("check-outputs");
    let doc = write(
        &dir,
        "a.txt",
        b"He said thatIf no progress is made, talks end.\n",
    );
    let o = run(&["check", "--no-config", "--write-baseline", &doc, &doc]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("same file"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&doc).unwrap(),
        "He said thatIf no progress is made, talks end.\n"
    );
    // --fix replaces the file whole, keeping its permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&doc, std::fs::Permissions::from_mode(0o640)).unwrap();
        let o = run(&["check", "--no-config", "--fix", &doc]);
        assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(!std::fs::read_to_string(&doc).unwrap().contains("thatIf"));
        let mode = std::fs::metadata(&doc).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

/// Item 8: records in, records out, exactly. A byte order mark, an id beyond 64 bits, `1e400`,
/// a lone surrogate escape and numbers such as `1e2` neither fail a record nor come out
/// rewritten; `--annotate` keeps the record's own bytes and appends the `mtlint` object.
#[test]
fn records_come_out_as_they_went_in() {
    let dir = scratch("exact-records");
    let lines = [
        r#"{"id": 123456789012345678901234567890, "text": "The minister spoke in Paris on Friday.", "x": 1e400, "y": 1e2}"#,
        r#"{"id":"a\ud800b","text":"A lone \udc00 surrogate in the text, and more words.","z":[1.0,2,-0]}"#,
        r#"{"meta":{"id":18446744073709551617},"text":"Nested ids come out as written.","mtlint":{"old":1},"k":"v"}"#,
        r#"{ }"#,
    ];
    let mut input = b"\xEF\xBB\xBF".to_vec();
    for l in lines {
        input.extend_from_slice(l.as_bytes());
        input.push(b'\n');
    }
    let f = write(&dir, "in.jsonl", &input);
    // Plain records: the ids exactly as written, no record an error but the one without text.
    let o = run(&["score", "--quiet", f.as_str()]);
    let out = String::from_utf8(o.stdout).unwrap();
    let out: Vec<&str> = out.lines().collect();
    assert_eq!(out.len(), 4, "{out:?}");
    assert!(
        out[0].starts_with(r#"{"id":123456789012345678901234567890,"line":1,"mt":"#),
        "{}",
        out[0]
    );
    assert!(
        out[1].starts_with(r#"{"id":"a\ud800b","line":2,"mt":"#),
        "{}",
        out[1]
    );
    assert!(!out[1].contains("error\""), "{}", out[1]);
    let o = run(&["score", "--quiet", "--id-field", "meta.id", f.as_str()]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.lines()
            .nth(2)
            .unwrap()
            .starts_with(r#"{"id":18446744073709551617,"line":3,"mt":"#),
        "{out}"
    );
    // --annotate: each input line (without the byte order mark) is a prefix of its output line,
    // up to the closing brace, or the old `mtlint` value is replaced in place.
    let o = run(&["score", "--quiet", "--annotate", f.as_str()]);
    let out = String::from_utf8(o.stdout).unwrap();
    let out: Vec<&str> = out.lines().collect();
    assert_eq!(out.len(), 4);
    for (i, (inp, got)) in lines.iter().zip(&out).enumerate() {
        if i == 2 {
            let (head, tail) = inp.split_once(r#"{"old":1}"#).unwrap();
            assert!(
                got.starts_with(&format!(r#"{head}{{"id":null,"line":3,"mt":"#)),
                "{got}"
            );
            assert!(got.ends_with(tail), "{got}");
            assert_eq!(got.matches("\"mtlint\"").count(), 1, "{got}");
        } else if i == 3 {
            assert_eq!(*got, r#"{ "mtlint":{"error":"missing field `text`"}}"#);
        } else {
            let body = inp.strip_suffix('}').unwrap();
            assert!(got.starts_with(&format!("{body},\"mtlint\":{{")), "{got}");
            assert!(!got.contains("\"error\""), "{got}");
        }
    }
    // The CSV id column holds the id as written too.
    let o = run(&["score", "--quiet", "--format", "csv", f.as_str()]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("123456789012345678901234567890,1,"),
        "{out}"
    );
}

/// Item 9: a first SIGINT or SIGTERM while `score` reads a slow standard input: every record
/// read is scored and written, the outputs (kept, dropped, stats) are put in place, the message
/// gives the count and the `--skip` that resumes, and the exit code is 128 + the signal.
#[test]
fn a_signal_writes_what_was_read_and_puts_the_outputs_in_place() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = scratch("signals");
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let out = dir.join(format!("kept-{signal}.jsonl"));
        let dropped = dir.join(format!("dropped-{signal}.jsonl"));
        let stats = dir.join(format!("stats-{signal}.json"));
        std::fs::write(&out, "previous run\n").unwrap();
        let mut child = mtlint()
            .args(["score", "-", "-o", path(&out), "--keep-below", "0.05"])
            .args(["--drop-to", path(&dropped), "--stats", path(&stats)])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The input stays open: the reader is blocked when the signal comes.
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(records(50).as_bytes()).unwrap();
        stdin.flush().unwrap();
        // Time for the binary to start, install its handlers and read the records; a loaded
        // machine (a debug binary, other builds) has missed 1.5 s.
        std::thread::sleep(std::time::Duration::from_millis(3000));
        let kill = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let started = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            assert!(
                started.elapsed().as_secs() < 30,
                "SIG{signal}: still running"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let o = child.wait_with_output().unwrap();
        drop(stdin);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(code), "SIG{signal}: {err}");
        assert!(
            err.contains(&format!("interrupted by SIG{signal}")),
            "{err}"
        );
        assert!(err.contains("--skip 50"), "{err}");
        let mut got = ids(&std::fs::read(&out).unwrap());
        got.extend(ids(&std::fs::read(&dropped).unwrap()));
        got.sort_by_key(|id| id[1..].parse::<usize>().unwrap());
        let want: Vec<String> = (1..=50).map(|i| format!("r{i}")).collect();
        assert_eq!(got, want, "SIG{signal}: every record read is written once");
        let s: Value = serde_json::from_slice(&std::fs::read(&stats).unwrap()).unwrap();
        assert_eq!(s["interrupted"]["records_read"], 50);
        assert_eq!(s["records"], 50);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.starts_with('.')),
            "no temporary file left: {names:?}"
        );
    }
}
