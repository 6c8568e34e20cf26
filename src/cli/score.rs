//! `mtlint score`: documents or records in, one scored record per input record out, in input
//! order, on all cores. The inputs become [`Job`]s here; scoring and writing is
//! [`batch::run`]'s.

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use mtlint::batch::{self, Fields, Job};
use mtlint::config::{CliSettings, Layer, Resolver};
use mtlint::decode;
use mtlint::walk::{self, STDIN};
use mtlint::Linter;

use super::args::{paths_or_stdin, InputKind, ScoreArgs, ScoreFormat};
use super::output::{self, Output};
use super::{base_linter, display_name, set_threads, Fatal};

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
        Some("json") => InputKind::Json,
        Some("parquet") => InputKind::Parquet,
        _ => InputKind::Text,
    }
}

/// The records of a `.json` file, told apart by content: JSON Lines (the first line is a whole
/// JSON value) are read line by line; an array is read whole (at most `max` bytes), one record
/// per element; one object (spread over lines) is one record; anything else is one text
/// document, with a note.
fn json_jobs(
    path: &Path,
    name: Arc<str>,
    max: u64,
) -> io::Result<Box<dyn Iterator<Item = io::Result<Job>> + Send>> {
    let cannot = |e: io::Error| io::Error::new(e.kind(), format!("{name}: cannot read: {e}"));
    let mut reader = decode::open(path).map_err(cannot)?;
    let mut first = Vec::new();
    reader.read_until(b'\n', &mut first).map_err(cannot)?;
    let start = first
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&first)
        .trim_ascii_start();
    let one_line = serde_json::from_slice::<serde::de::IgnoredAny>(start).is_ok();
    match start.first() {
        Some(b'{') if one_line => {
            let reader = io::BufReader::new(io::Cursor::new(first).chain(reader));
            return Ok(Box::new(batch::lines(name, reader, max)));
        }
        Some(b'[' | b'{') => {}
        _ => {
            eprintln!("mtlint: note: {name}: not JSON records, scored as one text document");
            return Ok(Box::new(std::iter::once(Ok(Job::File(path.to_path_buf())))));
        }
    }
    let mut bytes = first;
    reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "{name}: a JSON document over --max-record-bytes ({max} bytes) is not read \
                 whole\n  hint: convert it to JSON Lines (`jq -c '.[]' {name}`)"
            ),
        ));
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let value: serde_json::Value = serde_json::from_slice(text).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{name}: not valid JSON: {e}"),
        )
    })?;
    let records = match value {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    Ok(Box::new(records.into_iter().enumerate().map(
        |(i, record)| {
            Ok(Job::Record {
                row: i + 1,
                bytes: record.to_string().len(),
                record,
            })
        },
    )))
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

/// Options that would do nothing together are refused.
fn check_combinations(args: &ScoreArgs) -> Result<(), Fatal> {
    if args.findings && !args.annotate && args.format != ScoreFormat::Jsonl {
        return Err(Fatal::new(
            "--findings adds every finding's span to JSON records; CSV and TSV rows have no \
             place for them\n  hint: use --format jsonl (the default) or --annotate, or leave \
             out --findings (the rows count findings per rule)",
        ));
    }
    Ok(())
}

/// The configured linter every input shares: the `mtlint.toml` found above the inputs (or
/// `--config`), with the command line's rules on top, as `check` resolves it. Inputs the
/// configuration excludes are left out; inputs under different configurations are refused,
/// since one run scores with one linter.
fn configured(args: &ScoreArgs, paths: Vec<PathBuf>) -> Result<(Arc<Linter>, Vec<PathBuf>), Fatal> {
    let cli = CliSettings {
        layer: Layer::from_lists(&args.rules.select, &args.rules.ignore)?,
        ..CliSettings::default()
    };
    let mut resolver = Resolver::new(args.config.source(), base_linter(&args.rules)?, cli)?;
    let mut chosen: Option<(Arc<Linter>, Option<PathBuf>, PathBuf)> = None;
    let mut kept = Vec::with_capacity(paths.len());
    for p in paths {
        let Some(settings) = resolver.resolve(&p)? else {
            eprintln!(
                "mtlint: note: {}: excluded by the configuration",
                display_name(&p)
            );
            continue;
        };
        match &chosen {
            Some((linter, config, first)) if !Arc::ptr_eq(linter, &settings.linter) => {
                let named = |c: &Option<PathBuf>| {
                    c.as_ref()
                        .map_or("no configuration".into(), |c| c.display().to_string())
                };
                return Err(Fatal::new(format!(
                    "{} and {} are under different configurations ({} and {}), and one run \
                     scores with one\n  hint: score them in separate runs, or give one \
                     file with --config",
                    display_name(first),
                    display_name(&p),
                    named(config),
                    named(&settings.config),
                )));
            }
            Some(_) => {}
            None => chosen = Some((settings.linter, settings.config, p.clone())),
        }
        kept.push(p);
    }
    let linter = match chosen {
        Some((linter, _, _)) => linter,
        None => resolver
            .resolve(Path::new(STDIN))?
            .map_or_else(|| Arc::new(Linter::new()), |s| s.linter),
    };
    Ok((linter, kept))
}

pub fn score(args: ScoreArgs) -> Result<ExitCode, Fatal> {
    check_combinations(&args)?;
    if let Some(n) = args.jobs {
        set_threads(n)?;
    }
    // A walk reads records and prose: JSON Lines and Parquet files, and text files.
    let mut extensions = vec!["jsonl", "ndjson", "parquet"];
    extensions.extend(walk::PROSE_EXTENSIONS);
    let expanded = args
        .walk
        .expand(&paths_or_stdin(&args.paths)?, Some(&extensions))?;
    if let Some(e) = expanded.errors.first() {
        return Err(Fatal::new(e.clone()));
    }
    for note in &expanded.notes {
        eprintln!("mtlint: note: {note}");
    }
    let paths: Vec<_> = expanded.files.into_iter().map(|e| e.path).collect();
    let (linter, paths) = configured(&args, paths)?;
    // `FailAt::parse` has checked the range; a verdict name means its threshold.
    let keep_below = args.keep_below.map(|k| k.threshold(linter.weights()));
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
            if kind == InputKind::Json {
                return json_jobs(&p, name, max_record_bytes)
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
            "{spinner} {elapsed_precise} {wide_bar} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta} {msg}"
        } else {
            "{spinner} {elapsed_precise} {decimal_bytes} {decimal_bytes_per_sec} {msg}"
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
    // --keep-below without --drop-to: the records not kept are left out.
    let mut discard = io::sink();
    let drop_out: Option<&mut dyn Write> = match (&mut drop_file, keep_below) {
        (Some(f), _) => Some(f),
        (None, Some(_)) => Some(&mut discard),
        (None, None) => None,
    };
    let mut records = 0usize;
    let summary = batch::run(&linter, jobs, &opts, &mut sink, drop_out, |outcomes| {
        records += outcomes.len();
        bar.inc(outcomes.iter().map(|o| o.bytes as u64).sum());
        bar.set_message(format!("{records} records"));
    })?;
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
