//! `mtlint score`: documents or records in, one scored record per input record out, in input
//! order, on all cores. The inputs become [`Job`]s here; scoring and writing is
//! [`batch::run`]'s.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use mtlint::batch::{self, Fields, Job};
use mtlint::decode;
use mtlint::walk::{self, STDIN};

use super::args::{InputKind, ScoreArgs, ScoreFormat};
use super::output::{self, Output};
use super::{build_linter, display_name, set_threads, Fatal};

/// How to read `path`: `Auto` resolved by the extension.
fn input_kind(path: &Path, kind: InputKind) -> InputKind {
    if kind != InputKind::Auto {
        return kind;
    }
    if path.as_os_str() == STDIN {
        return InputKind::Jsonl;
    }
    match decode::content_extension(path).as_deref() {
        Some("jsonl" | "ndjson") => InputKind::Jsonl,
        Some("parquet") => InputKind::Parquet,
        _ => InputKind::Text,
    }
}

/// The rows of a Parquet file as jobs.
#[cfg(feature = "parquet")]
fn parquet_jobs(
    path: &Path,
    name: Arc<str>,
) -> io::Result<Box<dyn Iterator<Item = io::Result<Job>> + Send>> {
    let file = std::fs::File::open(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{name}: cannot open: {e}")))?;
    Ok(Box::new(batch::parquet_rows(name, file)?))
}

#[cfg(not(feature = "parquet"))]
fn parquet_jobs(
    _: &Path,
    name: Arc<str>,
) -> io::Result<Box<dyn Iterator<Item = io::Result<Job>> + Send>> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        format!(
            "{name}: this mtlint was built without Parquet support; \
             build it with `cargo build --release --features parquet`"
        ),
    ))
}

pub fn score(args: ScoreArgs) -> Result<ExitCode, Fatal> {
    let linter = build_linter(&args.rules)?;
    if let Some(n) = args.jobs {
        set_threads(n)?;
    }
    // `FailAt::parse` has checked the range; a verdict name means its threshold.
    let keep_below = args.keep_below.map(|k| k.threshold(linter.weights()));
    // A walk reads records and prose: JSON Lines and Parquet files, and text files.
    let mut extensions = vec!["jsonl", "ndjson", "parquet"];
    extensions.extend(walk::PROSE_EXTENSIONS);
    let expanded = args.walk.expand(&args.paths, Some(&extensions))?;
    if let Some(e) = expanded.errors.first() {
        return Err(Fatal::new(e.clone()));
    }
    for note in &expanded.notes {
        eprintln!("mtlint: note: {note}");
    }
    let paths: Vec<_> = expanded.files.into_iter().map(|e| e.path).collect();
    let mut outputs = vec![("-o", args.output.as_deref())];
    outputs.extend(args.drop_to.as_deref().map(|p| ("--drop-to", Some(p))));
    outputs.extend(args.stats.as_deref().map(|p| ("--stats", Some(p))));
    output::check_distinct(&paths, &outputs)?;
    // Look at every input up front, so that a missing file is reported before any output.
    let mut total_bytes = Some(0u64);
    for p in &paths {
        if p.as_os_str() == STDIN
            || decode::has_compression_extension(p)
            || input_kind(p, args.input) == InputKind::Parquet
        {
            total_bytes = None;
        } else {
            let meta = std::fs::metadata(p)
                .map_err(|e| Fatal::new(format!("{}: cannot open: {e}", p.display())))?;
            total_bytes = total_bytes.map(|t| t + meta.len());
        }
    }
    let input = args.input;
    let max_record_bytes = args.max_record_bytes;
    let jobs = paths.into_iter().flat_map(
        move |p| -> Box<dyn Iterator<Item = io::Result<Job>> + Send> {
            let kind = input_kind(&p, input);
            if kind == InputKind::Text {
                return Box::new(std::iter::once(Ok(Job::File(p))));
            }
            let name: Arc<str> = display_name(&p).into();
            if kind == InputKind::Parquet {
                return parquet_jobs(&p, name)
                    .unwrap_or_else(|e| Box::new(std::iter::once(Err(e))));
            }
            match decode::open(&p) {
                Ok(reader) => Box::new(batch::lines(name, reader, max_record_bytes)),
                Err(e) => Box::new(std::iter::once(Err(io::Error::new(
                    e.kind(),
                    format!("{name}: cannot open: {e}"),
                )))),
            }
        },
    );
    let opts = batch::Options {
        fields: Fields {
            text: args.text_field.clone(),
            id: args.id_field.clone(),
        },
        findings: args.findings,
        format: match (args.annotate, args.format) {
            (true, _) => batch::Format::Annotate,
            (false, ScoreFormat::Jsonl) => batch::Format::Jsonl,
            (false, ScoreFormat::Csv) => batch::Format::Csv,
            (false, ScoreFormat::Tsv) => batch::Format::Tsv,
            (false, ScoreFormat::Dolma) => batch::Format::Dolma,
        },
        keep_below,
        shard: args.shard,
        skip: args.skip,
        chunk_bytes: 8 << 20,
        max_record_bytes,
        markup: args.markup.forced(),
        interrupt: Some(interrupt_on_signals()),
    };
    let bar = if !args.quiet && io::stderr().is_terminal() {
        let bar = match total_bytes {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::no_length(),
        };
        let template = if total_bytes.is_some() {
            "{spinner} {elapsed_precise} {wide_bar} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}"
        } else {
            "{spinner} {elapsed_precise} {binary_bytes} {binary_bytes_per_sec} {msg}"
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut sink = Output::create(args.output.as_deref())?;
    let mut drop_file = args
        .drop_to
        .as_deref()
        .map(|p| Output::create(Some(p)))
        .transpose()?;
    let mut records = 0usize;
    let summary = batch::run(
        &linter,
        jobs,
        &opts,
        &mut sink,
        drop_file.as_mut().map(|f| f as &mut dyn Write),
        |outcomes| {
            records += outcomes.len();
            bar.inc(outcomes.iter().map(|o| o.bytes as u64).sum());
            bar.set_message(format!("{records} records"));
        },
    )?;
    bar.finish_and_clear();
    sink.finish()?;
    drop_file.map(Output::finish).transpose()?;
    if let Some(p) = &args.stats {
        let mut f = Output::create(Some(p))?;
        serde_json::to_writer_pretty(&mut f, &summary)?;
        writeln!(f)?;
        f.finish()?;
    }
    if !args.quiet {
        eprintln!("{}", summary_text(&summary, args.keep_below.is_some()));
    }
    if let Some(stop) = &summary.interrupted {
        let name = match stop.signal {
            2 => "SIGINT",
            15 => "SIGTERM",
            _ => "a signal",
        };
        eprintln!(
            "mtlint: interrupted by {name}: the run stopped after the first {n} input records, \
             whose {written} output records are written and in place;\n  rerun with \
             `--skip {n}` and the same inputs to resume after them",
            n = stop.records_read,
            written = summary.records,
        );
        return Ok(ExitCode::from((128 + stop.signal).min(255) as u8));
    }
    if let Some(stop) = &summary.stopped {
        let skipped = if args.skip > 0 {
            format!(" (the first {} left out by --skip)", args.skip)
        } else {
            String::new()
        };
        return Err(Fatal::new(format!(
            "{}\n  the run stopped there: the {n} input records before it are written{skipped};\n  \
             once the input is repaired, rerun with `--skip {n}` and the same inputs to resume \
             after them",
            stop.error,
            n = stop.records_read,
        )));
    }
    Ok(if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A flag set to the number of the first SIGINT or SIGTERM received: the run then writes what
/// is scored and ends (exit 128 + the signal). A second signal ends the process at once.
fn interrupt_on_signals() -> Arc<AtomicUsize> {
    let signal = Arc::new(AtomicUsize::new(0));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        use signal_hook::flag;
        let once = Arc::new(std::sync::atomic::AtomicBool::new(false));
        for sig in [SIGINT, SIGTERM] {
            // Registered first, so it sees the flag before the second signal sets it again.
            let registered = flag::register_conditional_default(sig, once.clone())
                .and_then(|_| flag::register(sig, once.clone()))
                .and_then(|_| flag::register_usize(sig, signal.clone(), sig as usize));
            if let Err(e) = registered {
                eprintln!("mtlint: note: cannot handle signal {sig}: {e}");
            }
        }
    }
    signal
}

fn summary_text(s: &batch::Summary, split: bool) -> String {
    let mut out = format!(
        "mtlint: {} records scored, {} errors, {:.1} MB in {:.2} s ({:.1} MB/s)",
        s.records - s.errors,
        s.errors,
        s.bytes as f64 / 1e6,
        s.seconds,
        s.mb_per_s
    );
    if split {
        out.push_str(&format!(
            ", {} kept, {} dropped",
            s.records - s.dropped,
            s.dropped
        ));
    }
    // Most severe first.
    let verdicts: Vec<String> = mtlint::Verdict::BY_SEVERITY
        .iter()
        .filter_map(|v| Some(format!("{} {}", v.as_str(), s.verdicts.get(v.as_str())?)))
        .collect();
    out.push_str(&format!(
        "\n  verdicts: {}",
        if verdicts.is_empty() {
            "none".into()
        } else {
            verdicts.join(", ")
        }
    ));
    if split && s.verdicts.contains_key("unsupported") {
        out.push_str(
            "\n  (unsupported: no model for the language, so no mt; sent to the drop file)",
        );
    }
    let flags: Vec<String> = s.flags.iter().map(|(k, v)| format!("{k} {v}")).collect();
    if !flags.is_empty() {
        out.push_str(&format!("\n  artifacts (documents): {}", flags.join(", ")));
    }
    let max = s.histogram.iter().copied().max().unwrap_or(0).max(1);
    out.push_str("\n  mt:");
    for (i, n) in s.histogram.iter().enumerate() {
        let bar = "#".repeat((n * 30).div_ceil(max));
        out.push_str(&format!(
            "\n    {:.1}-{:.1} {:>8} {bar}",
            i as f64 / 10.0,
            (i + 1) as f64 / 10.0,
            n
        ));
    }
    let top: Vec<String> = s
        .top_rules()
        .iter()
        .take(8)
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    out.push_str(&format!(
        "\n  documents per rule: {}",
        if top.is_empty() {
            "none".into()
        } else {
            top.join(", ")
        }
    ));
    out
}
