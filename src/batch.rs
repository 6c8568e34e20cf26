//! Batch scoring: records in, one output line per record out, in input order, in parallel.
//!
//! The input is a sequence of [`Job`]s (a JSON Lines record or a whole text file). A reader
//! thread groups jobs into chunks of bounded size and sends them over a bounded channel; each
//! chunk is scored in parallel with rayon and written in order. Memory is bounded by
//! `chunk bytes × channel depth`, whatever the input size. A record that cannot be scored yields
//! an error record; nothing is skipped.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;
use serde_json::Value;

use crate::input::{decode, SourceText};
use crate::report::json::{record_out, ErrorOut};
use crate::report::Located;
use crate::score::Verdict;
use crate::Linter;

/// One unit of input.
#[derive(Debug)]
pub enum Job {
    /// A line of a JSON Lines input: where it came from, its one-based line number, its bytes.
    Line {
        source: std::sync::Arc<str>,
        line: usize,
        bytes: Vec<u8>,
    },
    /// A whole text file, read by the worker.
    File(PathBuf),
}

impl Job {
    fn size_hint(&self) -> usize {
        match self {
            Job::Line { bytes, .. } => bytes.len(),
            Job::File(_) => 64 * 1024,
        }
    }
}

/// Where the text and id are found in a JSON record. Dotted paths reach into nested objects.
#[derive(Debug, Clone)]
pub struct Fields {
    pub text: String,
    pub id: String,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub fields: Fields,
    pub findings: bool,
    /// Upper bound on the bytes of records held in one chunk.
    pub chunk_bytes: usize,
}

/// What happened to one record.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub json: String,
    pub bytes: usize,
    pub result: Result<(f64, Verdict, Vec<&'static str>), ()>,
}

/// Totals for the summary.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub records: usize,
    pub errors: usize,
    pub bytes: usize,
    pub verdicts: BTreeMap<&'static str, usize>,
    /// Ten bins over [0, 1].
    pub histogram: [usize; 10],
    /// Documents with at least one finding of each rule.
    pub rules: BTreeMap<&'static str, usize>,
}

impl Summary {
    pub fn add(&mut self, o: &Outcome) {
        self.records += 1;
        self.bytes += o.bytes;
        match &o.result {
            Err(()) => self.errors += 1,
            Ok((score, verdict, codes)) => {
                *self.verdicts.entry(verdict.as_str()).or_insert(0) += 1;
                self.histogram[((score * 10.0) as usize).min(9)] += 1;
                for c in codes {
                    *self.rules.entry(c).or_insert(0) += 1;
                }
            }
        }
    }
}

/// Follows a dotted path (`meta.id`) into a JSON value.
pub fn get_path<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, key| v.get(key))
}

fn error_json(id: &Value, line: Option<usize>, error: &str) -> String {
    serde_json::to_string(&ErrorOut { id, line, error })
        .unwrap_or_else(|_| format!("{{\"error\":{}}}", Value::String(error.to_string())))
}

fn score_source(
    linter: &Linter,
    id: &Value,
    line: Option<usize>,
    source: &SourceText,
    bytes: usize,
    with_findings: bool,
) -> Outcome {
    if source.text.trim().is_empty() {
        return Outcome {
            json: error_json(id, line, "empty text"),
            bytes,
            result: Err(()),
        };
    }
    match linter.check(&source.text) {
        Err(e) => Outcome {
            json: error_json(id, line, &e.to_string()),
            bytes,
            result: Err(()),
        },
        Ok(report) => {
            let name = match id {
                Value::String(s) => s.as_str(),
                _ => "",
            };
            let loc = Located::new(name, source);
            let rec = record_out(id, line, &loc, &report, with_findings);
            let mut codes: Vec<&'static str> = rec.counts.keys().copied().collect();
            codes.dedup();
            Outcome {
                json: serde_json::to_string(&rec)
                    .unwrap_or_else(|e| error_json(id, line, &e.to_string())),
                bytes,
                result: Ok((report.score.score, report.score.verdict, codes)),
            }
        }
    }
}

/// Scores one job. Never panics on input.
pub fn run_job(linter: &Linter, job: &Job, opts: &Options) -> Outcome {
    match job {
        Job::File(path) => {
            let id = Value::String(path.display().to_string());
            match std::fs::read(path) {
                Err(e) => Outcome {
                    json: error_json(&id, None, &format!("cannot read: {e}")),
                    bytes: 0,
                    result: Err(()),
                },
                Ok(bytes) => {
                    let n = bytes.len();
                    match decode(bytes) {
                        Err(e) => Outcome {
                            json: error_json(&id, None, &e.to_string()),
                            bytes: n,
                            result: Err(()),
                        },
                        Ok(source) => score_source(linter, &id, None, &source, n, opts.findings),
                    }
                }
            }
        }
        Job::Line { line, bytes, .. } => {
            let line = Some(*line);
            let n = bytes.len();
            let null = Value::Null;
            let err = |msg: String| Outcome {
                json: error_json(&null, line, &msg),
                bytes: n,
                result: Err(()),
            };
            let trimmed = bytes.trim_ascii();
            if trimmed.is_empty() {
                return err("empty line".into());
            }
            let record: Value = match serde_json::from_slice(trimmed) {
                Ok(v) => v,
                Err(e) if e.is_syntax() || e.is_eof() => {
                    // Invalid UTF-8 inside strings is a syntax error for serde_json: retry lossily.
                    match std::str::from_utf8(trimmed) {
                        Ok(_) => return err(format!("malformed JSON: {e}")),
                        Err(_) => match serde_json::from_str(&String::from_utf8_lossy(trimmed)) {
                            Ok(v) => v,
                            Err(e) => return err(format!("malformed JSON: {e}")),
                        },
                    }
                }
                Err(e) => return err(format!("malformed JSON: {e}")),
            };
            if !record.is_object() {
                return err("record is not a JSON object".into());
            }
            let id = get_path(&record, &opts.fields.id)
                .cloned()
                .unwrap_or(Value::Null);
            let text = match get_path(&record, &opts.fields.text) {
                None => {
                    return Outcome {
                        json: error_json(
                            &id,
                            line,
                            &format!("missing field `{}`", opts.fields.text),
                        ),
                        bytes: n,
                        result: Err(()),
                    }
                }
                Some(Value::String(s)) => s.clone(),
                Some(other) => {
                    let kind = match other {
                        Value::Null => "null",
                        Value::Bool(_) => "a boolean",
                        Value::Number(_) => "a number",
                        Value::Array(_) => "an array",
                        Value::Object(_) => "an object",
                        Value::String(_) => "a string",
                    };
                    return Outcome {
                        json: error_json(
                            &id,
                            line,
                            &format!("field `{}` is {kind}, not a string", opts.fields.text),
                        ),
                        bytes: n,
                        result: Err(()),
                    };
                }
            };
            let lossy = std::str::from_utf8(trimmed).is_err();
            let mut source = SourceText::from_string(text);
            if lossy {
                source.invalid_sequences = source.text.matches('\u{fffd}').count();
            }
            score_source(linter, &id, line, &source, n, opts.findings)
        }
    }
}

/// Reads a JSON Lines stream into jobs, line by line (bytes, so invalid UTF-8 is kept).
pub fn lines<R: BufRead>(
    source: std::sync::Arc<str>,
    mut reader: R,
) -> impl Iterator<Item = io::Result<Job>> {
    let mut line = 0usize;
    std::iter::from_fn(move || {
        let mut bytes = Vec::new();
        match reader.read_until(b'\n', &mut bytes) {
            Ok(0) => None,
            Ok(_) => {
                line += 1;
                if bytes.last() == Some(&b'\n') {
                    bytes.pop();
                }
                Some(Ok(Job::Line {
                    source: source.clone(),
                    line,
                    bytes,
                }))
            }
            Err(e) => Some(Err(e)),
        }
    })
}

/// Scores jobs in parallel and writes one line per job to `out`, in order. `progress` is called
/// after each chunk with the outcomes written. Returns the summary; an I/O error on reading the
/// input or writing the output stops the run.
pub fn run<I, W, P>(
    linter: &Linter,
    jobs: I,
    opts: &Options,
    out: &mut W,
    mut progress: P,
) -> io::Result<Summary>
where
    I: Iterator<Item = io::Result<Job>> + Send,
    W: Write,
    P: FnMut(&[Outcome]),
{
    let mut summary = Summary::default();
    let chunk_records = 4096;
    std::thread::scope(|scope| -> io::Result<Summary> {
        let (tx, rx) = sync_channel::<io::Result<Vec<Job>>>(2);
        let chunk_bytes = opts.chunk_bytes;
        scope.spawn(move || {
            let mut chunk = Vec::new();
            let mut size = 0;
            for job in jobs {
                match job {
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                    Ok(job) => {
                        size += job.size_hint();
                        chunk.push(job);
                        if size >= chunk_bytes || chunk.len() >= chunk_records {
                            if tx.send(Ok(std::mem::take(&mut chunk))).is_err() {
                                return;
                            }
                            size = 0;
                        }
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = tx.send(Ok(chunk));
            }
        });
        for chunk in rx {
            let chunk = chunk?;
            let outcomes: Vec<Outcome> =
                chunk.par_iter().map(|j| run_job(linter, j, opts)).collect();
            for o in &outcomes {
                out.write_all(o.json.as_bytes())?;
                out.write_all(b"\n")?;
                summary.add(o);
            }
            progress(&outcomes);
        }
        out.flush()?;
        Ok(std::mem::take(&mut summary))
    })
}
