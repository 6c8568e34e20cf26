//! Batch scoring: records in, one output record per input record out, in input order, in
//! parallel.
//!
//! The input is a sequence of [`Job`]s (a JSON Lines record, a Parquet row or a whole text
//! file). A reader thread groups jobs into chunks of bounded size and sends them over a bounded
//! channel; chunks are scored in parallel with rayon, two at a time, and written in order.
//! Memory is bounded by `chunk bytes × (channel depth + 3)` (the chunks in the channel, the one
//! being read, the two being scored), whatever the input size. A record that cannot be scored
//! yields an error record; nothing is skipped. When the input itself fails (a truncated or
//! corrupt file, a read error), every record read before the failure is still scored and
//! written, in order, and the run ends with [`Summary::stopped`] saying where, so that a rerun
//! with [`Options::skip`] resumes after the records already written.

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::decode::{decode, SourceText};
pub use crate::record::get_path;
use crate::record::{from_line, from_value, json_string_lossy, null_raw, string_raw, Record};
use crate::report::json::{dolma_line, record_out, round4, ErrorOut, RecordOut};
use crate::report::Located;
use crate::score::Verdict;
use crate::Linter;

/// One unit of input.
#[derive(Debug)]
pub enum Job {
    /// A line of a JSON Lines input: its one-based line number and its bytes.
    Line {
        source: Arc<str>,
        line: usize,
        bytes: Vec<u8>,
    },
    /// A whole text file, read (and decompressed) by the worker.
    File(PathBuf),
    /// A record already parsed (a Parquet row): its one-based row number and its size.
    Record {
        row: usize,
        record: Value,
        bytes: usize,
    },
    /// A line of a JSON Lines input longer than the limit: its number and length, the bytes
    /// themselves skipped unread.
    Oversized { line: usize, bytes: u64 },
}

impl Job {
    fn size_hint(&self) -> usize {
        match self {
            Job::Line { bytes, .. } => bytes.len(),
            Job::File(_) => 64 * 1024,
            Job::Record { bytes, .. } => *bytes,
            Job::Oversized { .. } => 0,
        }
    }
}

/// Where the text and id are found in a JSON record. Dotted paths reach into nested objects.
#[derive(Debug, Clone)]
pub struct Fields {
    pub text: String,
    pub id: String,
}

/// The shape of output records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `{"id", "line", "score", ...}` per record.
    Jsonl,
    /// The input record with an added `"mtlint"` object.
    Annotate,
    /// Comma- or tab-separated rows with a header: id, line, score, verdict, language, words,
    /// error, counts.
    Csv,
    Tsv,
    /// Dolma attribute lines: `{"id", "attributes": {"mtlint__v1__score": [[0, n, mt]],
    /// "mtlint__v1__MT101": [[start, end, 1.0]], ...}}`, character offsets.
    Dolma,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub fields: Fields,
    pub findings: bool,
    pub format: Format,
    /// Records whose `mt` is at or above this (and error records, and records in a language
    /// without a model, whose `mt` is null) go to the drop output.
    pub keep_below: Option<f64>,
    /// Keep only records whose index `k` (over all inputs, from 0) has `k % n == i`.
    pub shard: Option<(usize, usize)>,
    /// Leave out the first records (over all inputs): a rerun resumes after them.
    pub skip: usize,
    /// Upper bound on the bytes of records held in one chunk.
    pub chunk_bytes: usize,
    /// A record (a line, a text file, a row) larger than this is not scored but becomes an
    /// error record, and is not read into memory when that can be avoided.
    pub max_record_bytes: u64,
    /// How texts are marked up; `None` reads files by their extension and records as text.
    pub markup: Option<crate::markup::Kind>,
    /// Set (to a signal number) to stop the run: the chunks being scored are written, the
    /// records read but not yet scored are not, and [`Summary::interrupted`] says where the
    /// output ends. The reader is not waited for (it may be blocked reading a slow input).
    pub interrupt: Option<Arc<AtomicUsize>>,
}

/// What happened to one record.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The output line, without its newline.
    pub line: String,
    pub bytes: usize,
    /// `mt` (`None`: unsupported language), verdict, the rule codes with findings and the
    /// artifact flags; `Err` for an error record.
    pub result: Result<Scored, ()>,
    /// Goes to the drop output (with `keep_below`).
    pub dropped: bool,
}

/// What the summary needs of a scored record.
#[derive(Debug, Clone)]
pub struct Scored {
    pub mt: Option<f64>,
    pub verdict: Verdict,
    pub codes: Vec<&'static str>,
    pub flags: Vec<&'static str>,
}

/// Totals for the summary.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    pub records: usize,
    pub errors: usize,
    pub dropped: usize,
    pub bytes: usize,
    pub seconds: f64,
    pub mb_per_s: f64,
    pub verdicts: BTreeMap<&'static str, usize>,
    /// Ten bins of width 0.1 of `mt` over [0, 1] (unsupported documents not counted).
    pub histogram: [usize; 10],
    /// Documents per artifact flag (`scraped`, `encoding`, `damaged-text`, `typography`).
    pub flags: BTreeMap<&'static str, usize>,
    /// How many documents have at least one finding of each rule.
    pub rules: BTreeMap<&'static str, usize>,
    /// Set when an input failed: the run stopped there, after writing every record before it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
    /// Set when [`Options::interrupt`] stopped the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<Interrupted>,
}

/// Where a run stopped on [`Options::interrupt`].
#[derive(Debug, Clone, Serialize)]
pub struct Interrupted {
    /// The signal number that was set.
    pub signal: usize,
    /// The input records (over all inputs, skipped ones and other shards' included) up to
    /// where the output ends: `--skip` with this number resumes after them.
    pub records_read: usize,
}

/// Where a run stopped on an input error.
#[derive(Debug, Clone, Serialize)]
pub struct Stopped {
    /// What failed (it names the input and the line).
    pub error: String,
    /// The input records (over all inputs, skipped ones included) read before the error, all
    /// written: `--skip` with this number resumes after them.
    pub records_read: usize,
}

impl Summary {
    pub fn add(&mut self, o: &Outcome) {
        self.records += 1;
        self.bytes += o.bytes;
        self.dropped += usize::from(o.dropped);
        match &o.result {
            Err(()) => self.errors += 1,
            Ok(r) => {
                *self.verdicts.entry(r.verdict.as_str()).or_insert(0) += 1;
                if let Some(mt) = r.mt {
                    self.histogram[((mt * 10.0) as usize).min(9)] += 1;
                }
                for c in &r.codes {
                    *self.rules.entry(c).or_insert(0) += 1;
                }
                for f in &r.flags {
                    *self.flags.entry(f).or_insert(0) += 1;
                }
            }
        }
    }

    /// Rules by the number of documents they fired on, most first.
    pub fn top_rules(&self) -> Vec<(&'static str, usize)> {
        let mut top: Vec<_> = self.rules.iter().map(|(k, v)| (*k, *v)).collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        top
    }
}

/// A record read from the input, before scoring.
struct Parsed {
    /// The id as it was written in the input (`null` when missing).
    id: Box<RawValue>,
    line: Option<usize>,
    /// The input object as JSON text, for `--annotate`: the line itself (JSON Lines) or the
    /// row serialized (Parquet), with the byte range of a top-level `mtlint` value already in
    /// it, which the new one replaces.
    record: Option<(String, Option<std::ops::Range<usize>>)>,
    /// The raw line when it is not a JSON object, for `--annotate`.
    raw: Option<String>,
    bytes: usize,
    text: Result<SourceText, String>,
}

impl Parsed {
    fn fill(mut self, r: Record) -> Parsed {
        self.id = r.id;
        self.text = r.text;
        self.record = r.json;
        self.raw = r.raw;
        self
    }
}

/// The error of a record over the limit of `max` bytes (`bytes`: its size, when known).
pub fn too_large(bytes: Option<u64>, max: u64) -> String {
    match bytes {
        Some(n) => format!(
            "record too large: {n} bytes, over the limit of {max} bytes (--max-record-bytes)"
        ),
        None => format!("record too large: over the limit of {max} bytes (--max-record-bytes)"),
    }
}

/// `keep_record`: the parsed record is kept for the output (`--annotate`); otherwise its text
/// is moved out of it rather than copied. An already parsed record is taken out of the job.
/// Records over `max` bytes become errors.
fn parse_job(job: &mut Job, fields: &Fields, keep_record: bool, max: u64) -> Parsed {
    match job {
        Job::File(path) => {
            let id = string_raw(&path.display().to_string());
            let (bytes, text) = match crate::decode::read_max(path, max) {
                Err(e) if e.kind() == io::ErrorKind::FileTooLarge => {
                    (0, Err(too_large(crate::decode::size_of(&e), max)))
                }
                Err(e) => (0, Err(format!("cannot read: {e}"))),
                Ok(b) => (b.len(), decode(b).map_err(|e| e.to_string())),
            };
            Parsed {
                id,
                line: None,
                record: None,
                raw: None,
                bytes,
                text,
            }
        }
        Job::Line { line, bytes, .. } => {
            let mut p = Parsed {
                id: null_raw(),
                line: Some(*line),
                record: None,
                raw: None,
                bytes: bytes.len(),
                text: Err(String::new()),
            };
            let trimmed = bytes.trim_ascii();
            if trimmed.is_empty() {
                p.text = Err("empty line".into());
                return p;
            }
            // A line of invalid UTF-8 is read from a lossy copy (its record cannot come out as
            // it went in: the output is UTF-8).
            let lossy_copy;
            let (line, lossy) = match std::str::from_utf8(trimmed) {
                Ok(s) => (s, false),
                Err(_) => {
                    lossy_copy = String::from_utf8_lossy(trimmed).into_owned();
                    (lossy_copy.as_str(), true)
                }
            };
            p.fill(from_line(
                line,
                &fields.text,
                &fields.id,
                lossy,
                keep_record,
            ))
        }
        Job::Record { row, record, bytes } => {
            let p = Parsed {
                id: null_raw(),
                line: Some(*row),
                record: None,
                raw: None,
                bytes: *bytes,
                text: Err(String::new()),
            };
            if *bytes as u64 > max {
                return Parsed {
                    text: Err(too_large(Some(*bytes as u64), max)),
                    ..p
                };
            }
            p.fill(from_value(
                std::mem::take(record),
                &fields.text,
                &fields.id,
                keep_record,
            ))
        }
        Job::Oversized { line, bytes } => Parsed {
            id: null_raw(),
            line: Some(*line),
            record: None,
            raw: None,
            bytes: 0,
            text: Err(too_large(Some(*bytes), max)),
        },
    }
}

fn csv_field(s: &str, sep: char) -> String {
    if sep == '\t' {
        s.replace(['\t', '\n', '\r'], " ")
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The header row of `--format csv` / `tsv`.
pub fn csv_header(format: Format) -> Option<String> {
    let sep = match format {
        Format::Csv => ",",
        Format::Tsv => "\t",
        _ => return None,
    };
    Some(
        [
            "id", "line", "mt", "verdict", "language", "words", "error", "counts", "flags",
        ]
        .join(sep),
    )
}

/// The id as text: a string unquoted, `null` empty, anything else as written.
fn id_text(id: &RawValue) -> String {
    match id.get() {
        "null" => String::new(),
        s if s.starts_with('"') => json_string_lossy(s).0,
        s => s.to_string(),
    }
}

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("{{\"error\":\"cannot serialize: {e}\"}}"))
}

/// Formats a scored record or an error record.
fn render(p: &Parsed, scored: Result<&RecordOut<'_>, &str>, opts: &Options) -> String {
    match opts.format {
        // Scored records are written by `run_job`, which has the text; an error record is a
        // line without attributes, so that lines stay one per input line.
        Format::Dolma => dolma_line(&p.id, "", None),
        Format::Jsonl => match scored {
            Ok(rec) => to_json(rec),
            Err(error) => to_json(&ErrorOut {
                id: &p.id,
                line: p.line,
                error,
            }),
        },
        Format::Annotate => {
            // The record's own bytes, with the `mtlint` object added before the closing brace
            // (or in place of an `mtlint` value already there).
            let mtlint = match scored {
                Ok(rec) => to_json(rec),
                Err(error) => to_json(&serde_json::json!({ "error": error })),
            };
            match &p.record {
                Some((record, Some(range))) => {
                    format!("{}{mtlint}{}", &record[..range.start], &record[range.end..])
                }
                Some((record, None)) => {
                    let body = record.strip_suffix('}').unwrap_or(record);
                    let empty = body.strip_prefix('{').is_some_and(|b| b.trim().is_empty());
                    let comma = if empty { "" } else { "," };
                    format!("{body}{comma}\"mtlint\":{mtlint}}}")
                }
                None => {
                    let mut m = Map::new();
                    if let Some(line) = p.line {
                        m.insert("line".into(), line.into());
                    } else {
                        m.insert("id".into(), id_text(&p.id).into());
                    }
                    if let Some(raw) = &p.raw {
                        m.insert("raw".into(), Value::String(raw.clone()));
                    }
                    let obj = to_json(&m);
                    let body = obj.strip_suffix('}').unwrap_or(&obj);
                    format!("{body},\"mtlint\":{mtlint}}}")
                }
            }
        }
        Format::Csv | Format::Tsv => {
            let sep = if opts.format == Format::Csv {
                ','
            } else {
                '\t'
            };
            let line = p.line.map(|l| l.to_string()).unwrap_or_default();
            let cols: Vec<String> = match scored {
                Ok(rec) => vec![
                    id_text(&p.id),
                    line,
                    rec.answers.mt.map(|m| m.to_string()).unwrap_or_default(),
                    rec.answers.verdict.as_str().to_string(),
                    rec.language.to_string(),
                    rec.words.to_string(),
                    String::new(),
                    rec.counts
                        .iter()
                        .map(|(k, v)| format!("{k}:{v}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    rec.answers.flags.join(" "),
                ],
                Err(error) => vec![
                    id_text(&p.id),
                    line,
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    error.to_string(),
                    String::new(),
                    String::new(),
                ],
            };
            cols.iter()
                .map(|c| csv_field(c, sep))
                .collect::<Vec<_>>()
                .join(&sep.to_string())
        }
    }
}

/// Scores one job (a parsed record is taken out of it). Never panics on input.
pub fn run_job(linter: &Linter, job: &mut Job, opts: &Options) -> Outcome {
    let kind = opts.markup.unwrap_or(match job {
        Job::File(path) => crate::markup::Kind::from_path(path),
        _ => crate::markup::Kind::Text,
    });
    let p = parse_job(
        job,
        &opts.fields,
        opts.format == Format::Annotate,
        opts.max_record_bytes,
    );
    let error = |msg: &str| Outcome {
        line: render(&p, Err(msg), opts),
        bytes: p.bytes,
        result: Err(()),
        dropped: opts.keep_below.is_some(),
    };
    let source = match &p.text {
        Err(e) => return error(e),
        Ok(s) if s.text.trim().is_empty() => return error("empty text"),
        Ok(s) => s,
    };
    let report = match crate::markup::check(linter, &source.text, kind) {
        Err(e) => return error(&e.to_string()),
        Ok(r) => r,
    };
    let name = id_text(&p.id);
    let loc = Located::new(&name, source);
    let rec = record_out(&p.id, p.line, &loc, &report, opts.findings);
    let codes: Vec<&'static str> = rec.counts.keys().copied().collect();
    let mt = report.score.mt;
    let line = if opts.format == Format::Dolma {
        dolma_line(&p.id, &source.text, Some(&report))
    } else {
        render(&p, Ok(&rec), opts)
    };
    Outcome {
        line,
        bytes: p.bytes,
        result: Ok(Scored {
            mt,
            verdict: report.score.verdict,
            codes,
            flags: report.score.artifacts.flags(),
        }),
        // A document without an answer (unsupported language) is not kept as if checked.
        dropped: opts
            .keep_below
            .is_some_and(|t| mt.is_none_or(|m| round4(m) >= t)),
    }
}

/// One line read by [`read_line`].
enum Line {
    Eof,
    /// The line's bytes, without the newline.
    Bytes(Vec<u8>),
    /// A line longer than the limit, of this many bytes (without the newline), skipped.
    TooLong(u64),
}

/// Reads one line of at most `max` bytes; the bytes of a longer line are consumed but not
/// kept, so memory stays bounded whatever the line's length.
fn read_line<R: BufRead>(reader: &mut R, max: u64) -> io::Result<Line> {
    let mut bytes = Vec::new();
    let mut len = 0u64;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (used, end) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let content = &available[..used - usize::from(end)];
        len += content.len() as u64;
        if len <= max {
            bytes.extend_from_slice(content);
        } else if !bytes.is_empty() {
            bytes = Vec::new();
        }
        reader.consume(used);
        if end {
            break;
        }
    }
    Ok(match (any, len > max) {
        (false, _) => Line::Eof,
        (true, true) => Line::TooLong(len),
        (true, false) => Line::Bytes(bytes),
    })
}

/// Reads a JSON Lines stream into jobs, line by line (as bytes, so invalid UTF-8 is kept). A
/// line longer than `max` bytes becomes a [`Job::Oversized`], without being held in memory.
pub fn lines<R: BufRead>(
    source: Arc<str>,
    mut reader: R,
    max: u64,
) -> impl Iterator<Item = io::Result<Job>> {
    let mut line = 0usize;
    std::iter::from_fn(move || match read_line(&mut reader, max) {
        Ok(Line::Eof) => None,
        Ok(Line::Bytes(mut bytes)) => {
            line += 1;
            // A UTF-8 byte order mark at the start of the file is not part of the first record.
            if line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
                bytes.drain(..3);
            }
            Some(Ok(Job::Line {
                source: source.clone(),
                line,
                bytes,
            }))
        }
        Ok(Line::TooLong(bytes)) => {
            line += 1;
            Some(Ok(Job::Oversized { line, bytes }))
        }
        Err(e) => Some(Err(io::Error::new(
            e.kind(),
            format!("{source}: line {}: {e}", line + 1),
        ))),
    })
}

/// Reads a Parquet file into jobs, one per row, a row group at a time (so memory is bounded by
/// the largest row group). Columns become fields named as in the schema; struct columns become
/// nested objects (reached with dotted paths), and a null value a JSON `null`.
#[cfg(feature = "parquet")]
pub fn parquet_rows(
    source: Arc<str>,
    file: std::fs::File,
) -> io::Result<impl Iterator<Item = io::Result<Job>>> {
    use parquet::file::reader::SerializedFileReader;
    let error = move |e: parquet::errors::ParquetError| {
        io::Error::new(io::ErrorKind::InvalidData, format!("{source}: {e}"))
    };
    let rows = SerializedFileReader::new(file)
        .map_err(error.clone())?
        .into_iter();
    Ok(rows.enumerate().map(move |(k, row)| {
        let record = row.map_err(error.clone())?.to_json_value();
        Ok(Job::Record {
            row: k + 1,
            bytes: json_size(&record),
            record,
        })
    }))
}

/// About the bytes of a record: the lengths of its strings.
#[cfg(feature = "parquet")]
fn json_size(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Array(a) => a.iter().map(json_size).sum(),
        Value::Object(m) => m.iter().map(|(k, v)| k.len() + json_size(v)).sum(),
        _ => 8,
    }
}

/// What the reader hands over: sealed chunks, each with the index (over all input records) of
/// the record after its last, the chunk being filled, and how the input ended.
#[derive(Default)]
struct Pending {
    chunks: VecDeque<(Vec<Job>, usize)>,
    partial: Vec<Job>,
    size: usize,
    next: usize,
    error: Option<(io::Error, usize)>,
    done: bool,
    /// Set on an interruption: the reader stops.
    closed: bool,
}

impl Pending {
    /// Moves the chunk being filled to the sealed ones.
    fn seal(&mut self) {
        if !self.partial.is_empty() {
            self.chunks
                .push_back((std::mem::take(&mut self.partial), self.next));
            self.size = 0;
        }
    }
}

#[derive(Default)]
struct Queue {
    state: Mutex<Pending>,
    /// Signalled when a chunk is sealed or taken, and when the input ends.
    ready: Condvar,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

enum Next {
    Chunk((Vec<Job>, usize)),
    /// Interrupted by this signal: the last chunks, and the records read.
    Last(Vec<(Vec<Job>, usize)>, usize, usize),
    Failed(io::Error, usize),
    End,
}

/// Scores jobs in parallel and writes one line per job, in order, to `out` (or, with
/// `keep_below`, dropped records to `drop`). `progress` is called after each chunk. Returns the
/// summary; an error reading the input stops the run after the records read before it are
/// written ([`Summary::stopped`]), and an error writing the output is returned.
pub fn run<I, W, P>(
    linter: &Linter,
    jobs: I,
    opts: &Options,
    out: &mut W,
    mut drop_out: Option<&mut dyn Write>,
    mut progress: P,
) -> io::Result<Summary>
where
    I: Iterator<Item = io::Result<Job>> + Send + 'static,
    W: Write,
    P: FnMut(&[Outcome]),
{
    const CHUNK_RECORDS: usize = 4096;
    let started = std::time::Instant::now();
    if let Some(h) = csv_header(opts.format) {
        writeln!(out, "{h}")?;
        if let Some(d) = drop_out.as_deref_mut() {
            writeln!(d, "{h}")?;
        }
    }
    let shard = opts.shard;
    let skip = opts.skip;
    let chunk_bytes = opts.chunk_bytes;
    let interrupted = || {
        opts.interrupt
            .as_ref()
            .map_or(0, |f| f.load(Ordering::SeqCst))
    };
    // The reader hands chunks over through a queue it shares with this thread (rather than a
    // channel) so that on an interruption this thread can take the chunk being filled as
    // well, in order, while the reader is blocked reading.
    let queue = Arc::new(Queue::default());
    let reader = {
        let queue = queue.clone();
        std::thread::spawn(move || {
            for (k, job) in jobs.enumerate() {
                let mut q = queue.lock();
                if q.closed {
                    return;
                }
                match job {
                    Err(e) => {
                        // What was read before the error is scored and written first.
                        q.seal();
                        q.error = Some((e, k));
                        q.done = true;
                        queue.ready.notify_all();
                        return;
                    }
                    Ok(_) if k < skip => q.next = k + 1,
                    Ok(_) if shard.is_some_and(|(i, n)| k % n != i) => q.next = k + 1,
                    Ok(job) => {
                        q.size += job.size_hint();
                        q.partial.push(job);
                        q.next = k + 1;
                        if q.size >= chunk_bytes || q.partial.len() >= CHUNK_RECORDS {
                            q.seal();
                            queue.ready.notify_all();
                            // At most two chunks wait, so that memory stays bounded.
                            while q.chunks.len() >= 2 && !q.closed {
                                q = queue
                                    .ready
                                    .wait(q)
                                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                            }
                        }
                    }
                }
            }
            let mut q = queue.lock();
            q.seal();
            q.done = true;
            queue.ready.notify_all();
        })
    };
    let mut summary = Summary::default();
    let mut stopped = None;
    let mut interruption = None;
    // Two chunks are scored at once, so that the workers start on the next chunk while the
    // last records of one finish and while this thread writes it; the output stays in input
    // order since chunks are written in the order they were read.
    let result = rayon::in_place_scope(|scope| -> io::Result<()> {
        let mut pending: VecDeque<(Receiver<Vec<Outcome>>, usize)> = VecDeque::with_capacity(2);
        let mut written_through = skip;
        let mut write = |outcomes: Vec<Outcome>, end: usize| -> io::Result<()> {
            for o in &outcomes {
                let sink: &mut dyn Write = match drop_out.as_deref_mut() {
                    Some(d) if o.dropped => d,
                    _ => &mut *out,
                };
                sink.write_all(o.line.as_bytes())?;
                sink.write_all(b"\n")?;
                summary.add(o);
            }
            written_through = end;
            progress(&outcomes);
            Ok(())
        };
        let received = |r: Receiver<Vec<Outcome>>| {
            r.recv()
                .map_err(|_| io::Error::other("a scoring worker stopped"))
        };
        loop {
            let next = {
                let mut q = queue.lock();
                loop {
                    let signal = interrupted();
                    if signal != 0 {
                        // Everything read so far is scored and written; the reader stops at its
                        // next record.
                        q.closed = true;
                        q.seal();
                        let chunks: Vec<_> = q.chunks.drain(..).collect();
                        let end = q.next.max(skip);
                        queue.ready.notify_all();
                        break Next::Last(chunks, signal, end);
                    }
                    if let Some(c) = q.chunks.pop_front() {
                        queue.ready.notify_all();
                        break Next::Chunk(c);
                    }
                    if let Some((e, k)) = q.error.take() {
                        break Next::Failed(e, k);
                    }
                    if q.done {
                        break Next::End;
                    }
                    if reader.is_finished() {
                        // The reader panicked: what it read is written, then the run stops.
                        q.seal();
                        let next = q.next;
                        q.error = Some((io::Error::other("the input reader stopped"), next));
                        q.done = true;
                        continue;
                    }
                    q = queue
                        .ready
                        .wait_timeout(q, Duration::from_millis(50))
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .0;
                }
            };
            let chunks = match next {
                Next::Chunk(c) => vec![c],
                Next::Last(chunks, signal, end) => {
                    interruption = Some((signal, end));
                    chunks
                }
                Next::Failed(e, records_read) => {
                    stopped = Some(Stopped {
                        error: e.to_string(),
                        records_read,
                    });
                    break;
                }
                Next::End => break,
            };
            for (chunk, end) in chunks {
                let (done, result) = sync_channel(1);
                scope.spawn(move |_| {
                    // Small pieces, so that no worker sits idle while another ends a long run.
                    let mut chunk = chunk;
                    let outcomes: Vec<Outcome> = chunk
                        .par_iter_mut()
                        .with_max_len(4)
                        .map(|j| run_job(linter, j, opts))
                        .collect();
                    drop(chunk); // free the input before the output is written
                    let _ = done.send(outcomes);
                });
                pending.push_back((result, end));
                if pending.len() == 2 {
                    let (r, end) = pending.pop_front().expect("two pending");
                    write(received(r)?, end)?;
                }
            }
            if interruption.is_some() {
                break;
            }
        }
        for (r, end) in pending {
            write(received(r)?, end)?;
        }
        if let Some((signal, end)) = interruption {
            interruption = Some((signal, end.max(written_through)));
        }
        Ok(())
    });
    // However the run ended, a reader waiting for room stops.
    queue.lock().closed = true;
    queue.ready.notify_all();
    result?;
    summary.stopped = stopped;
    summary.interrupted = interruption.map(|(signal, records_read)| Interrupted {
        signal,
        records_read,
    });
    if summary.interrupted.is_none() {
        // The reader has ended (or is about to): nothing is left behind.
        let _ = reader.join();
    }
    out.flush()?;
    if let Some(d) = drop_out {
        d.flush()?;
    }
    summary.seconds = started.elapsed().as_secs_f64();
    summary.mb_per_s = if summary.seconds > 0.0 {
        summary.bytes as f64 / 1e6 / summary.seconds
    } else {
        0.0
    };
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Many small chunks, scored two at a time on two threads, records of very different
    /// lengths among them: every record comes out exactly once, in input order, and the kept
    /// and dropped outputs together hold them all.
    #[test]
    fn many_chunks_on_two_threads_come_out_once_in_order() {
        let mut input = String::new();
        for i in 0..600 {
            if i % 7 == 3 {
                input.push_str("{not json\n");
                continue;
            }
            let sentences = if i % 50 == 0 { 400 } else { 2 };
            let text = "The minister said the talks in Kyiv went well. ".repeat(sentences);
            let record = serde_json::json!({ "id": i, "text": text });
            input.push_str(&format!("{record}\n"));
        }
        let opts = Options {
            fields: Fields {
                text: "text".into(),
                id: "id".into(),
            },
            findings: false,
            format: Format::Jsonl,
            // No score reaches 2: only error records are dropped.
            keep_below: Some(2.0),
            shard: None,
            skip: 0,
            chunk_bytes: 2048,
            max_record_bytes: u64::MAX,
            markup: None,
            interrupt: None,
        };
        let linter = Linter::new();
        let (mut kept, mut dropped) = (Vec::new(), Vec::new());
        let mut chunks = 0;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a pool");
        let summary = pool
            .install(|| {
                let jobs = lines(
                    Arc::from("test"),
                    std::io::Cursor::new(input.clone().into_bytes()),
                    u64::MAX,
                );
                run(&linter, jobs, &opts, &mut kept, Some(&mut dropped), |_| {
                    chunks += 1
                })
            })
            .expect("in-memory output");
        assert!(chunks > 20, "only {chunks} chunks");
        assert_eq!(summary.records, 600);
        let line_numbers = |out: &[u8]| -> Vec<u64> {
            std::str::from_utf8(out)
                .expect("UTF-8 output")
                .lines()
                .map(|l| {
                    let v: Value = serde_json::from_str(l).expect("a JSON record");
                    v["line"].as_u64().expect("a line number")
                })
                .collect()
        };
        let (kept, dropped) = (line_numbers(&kept), line_numbers(&dropped));
        let expected_dropped: Vec<u64> = (1..=600).filter(|n| (n - 1) % 7 == 3).collect();
        let expected_kept: Vec<u64> = (1..=600).filter(|n| (n - 1) % 7 != 3).collect();
        assert_eq!(dropped, expected_dropped);
        assert_eq!(kept, expected_kept);
    }
}
