//! The `mtlint` command line: a thin layer over the library. Argument parsing, file walking and
//! exit codes live here; checking, scoring and printing live in the library.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use mtlint::batch::{self, Fields, Job};
use mtlint::input::{decode, SourceText};
use mtlint::report::{human, json, Located};
use mtlint::sources::{self, Filter};
use mtlint::{rules, Linter, Weights};

/// Finds machine-translation and scraping artifacts in text, explains each one, and scores
/// every document.
#[derive(Parser, Debug)]
#[command(name = "mtlint", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check documents and print diagnostics (exit 1 when a document scores at or above --fail-at).
    Check(CheckArgs),
    /// Score documents or JSON Lines records, one output record per input record.
    Score(ScoreArgs),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Measure the calque packs on labeled JSON Lines (fields `text` and `origin` or `label`):
    /// each entry's hits on human and on machine-translated text, as TSV.
    Packs {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print a rule's documentation.
    Explain {
        /// A rule code (MT101) or name (run-together-words).
        rule: String,
    },
}

#[derive(Args, Debug)]
struct RuleArgs {
    /// Only these rules (codes, names or categories; comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rules (codes, names or categories).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// A scoring weights file (TOML, the shape of src/data/weights.toml).
    #[arg(long, value_name = "FILE")]
    weights: Option<PathBuf>,
    /// Treat every document as this language (ISO 639-1, e.g. `en`) instead of detecting it.
    #[arg(long, value_name = "CODE")]
    language: Option<String>,
}

#[derive(Args, Debug)]
struct WalkArgs {
    /// In directories, check only files matching these globs (e.g. `*.txt`).
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// In directories, skip files and directories matching these globs (e.g. `**/drafts/**`).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
}

impl WalkArgs {
    fn expand(&self, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Fatal> {
        let filter = Filter::new(&self.include, &self.exclude)?;
        Ok(sources::expand(paths, &filter)?)
    }
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(required_unless_present = "example")]
    paths: Vec<PathBuf>,
    /// Check the built-in example document (a short text with typical artifacts).
    #[arg(long, conflicts_with = "paths")]
    example: bool,
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Exit 1 when a document's score is at or above this (default: the likely-mt threshold).
    #[arg(long, value_name = "SCORE")]
    fail_at: Option<f64>,
    /// Print only the summary line of each document.
    #[arg(long, short)]
    quiet: bool,
    /// When to color human output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    #[command(flatten)]
    walk: WalkArgs,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Args, Debug)]
struct ScoreArgs {
    /// Text files, directories, JSON Lines files (optionally .gz or .zst) or Parquet files;
    /// `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// How to read inputs: `auto` takes `.jsonl`/`.ndjson` files (also compressed) and standard
    /// input as JSON Lines, `.parquet` files as Parquet, other files as one text document each.
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    input: InputKind,
    /// Field holding the text in JSON records and Parquet rows (dotted path for nested fields).
    #[arg(long, default_value = "text")]
    text_field: String,
    /// Field holding the record id (dotted path for nested fields).
    #[arg(long, default_value = "id")]
    id_field: String,
    /// Output records: compact JSON Lines, or CSV/TSV rows for spreadsheets.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Jsonl)]
    format: ScoreFormat,
    /// Pass every input record through with an added `mtlint` object.
    #[arg(long, conflicts_with = "format")]
    annotate: bool,
    /// Include every finding with its span in the output records.
    #[arg(long)]
    findings: bool,
    /// Write records here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Keep records scoring below this in the output; the rest (and error records) go to
    /// --drop-to.
    #[arg(long, value_name = "SCORE", requires = "drop_to")]
    keep_below: Option<f64>,
    /// Where --keep-below sends the records it does not keep.
    #[arg(long, value_name = "FILE", requires = "keep_below")]
    drop_to: Option<PathBuf>,
    /// Score only shard I of N (records whose index modulo N is I), e.g. `--shard 0/4`.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Write the run's summary as JSON to this file.
    #[arg(long, value_name = "FILE")]
    stats: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// No progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    walk: WalkArgs,
    #[command(flatten)]
    rules: RuleArgs,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s.split_once('/').ok_or("expected I/N, e.g. 0/4")?;
    let (i, n): (usize, usize) = (
        i.trim()
            .parse()
            .map_err(|_| format!("bad shard index `{i}`"))?,
        n.trim()
            .parse()
            .map_err(|_| format!("bad shard count `{n}`"))?,
    );
    if n == 0 || i >= n {
        return Err(format!("shard {i}/{n}: need 0 <= I < N"));
    }
    Ok((i, n))
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ScoreFormat {
    Jsonl,
    Csv,
    Tsv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum CheckFormat {
    /// rustc-style diagnostics with source lines.
    Human,
    /// `path:line:col: CODE message`, one finding per line.
    Compact,
    /// JSON Lines, one object per document.
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum InputKind {
    Auto,
    Text,
    Jsonl,
    /// Parquet files, one record per row (needs a build with the `parquet` feature).
    Parquet,
}

/// An error for the user: what went wrong, and where.
struct Fatal(String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Score(args) => score(args),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
        Command::Packs { files } => packs(&files),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(msg)) if msg.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(Fatal(msg)) => {
            eprintln!("mtlint: error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn build_linter(args: &RuleArgs) -> Result<Linter, Fatal> {
    let mut linter = Linter::new().select(&args.select)?.ignore(&args.ignore)?;
    if let Some(path) = &args.weights {
        let s = std::fs::read_to_string(path)
            .map_err(|e| Fatal(format!("{}: cannot read weights: {e}", path.display())))?;
        let w = Weights::from_toml(&s).map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
        linter = linter.with_weights(w);
    }
    if let Some(code) = &args.language {
        let code = code.trim().to_ascii_lowercase();
        if code.len() < 2 || code.len() > 3 || !code.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(Fatal(format!(
                "--language expects an ISO 639-1 code like `en`, not `{code}`"
            )));
        }
        linter = linter.with_language(Box::leak(code.into_boxed_str()));
    }
    Ok(linter)
}

/// The document `mtlint check --example` checks.
const EXAMPLE: &str = include_str!("../corpora/examples/sample.txt");
const EXAMPLE_NAME: &str = "<example>";

fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    if path.as_os_str() == EXAMPLE_NAME {
        Ok(EXAMPLE.as_bytes().to_vec())
    } else {
        sources::read_all(path)
    }
}

fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

fn check(args: CheckArgs) -> Result<ExitCode, Fatal> {
    let linter = build_linter(&args.rules)?;
    let fail_at = args
        .fail_at
        .unwrap_or(linter.weights().thresholds.likely_mt);
    if !(0.0..=1.0).contains(&fail_at) {
        return Err(Fatal(format!(
            "--fail-at must be between 0 and 1, not {fail_at}"
        )));
    }
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let style = human::Style { color, width: 100 };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let (mut failed, mut errors, mut checked) = (0usize, 0usize, 0usize);
    let paths = if args.example {
        vec![PathBuf::from(EXAMPLE_NAME)]
    } else {
        args.walk.expand(&args.paths)?
    };
    for path in paths {
        let name = display_name(&path);
        let bytes = match read_input(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("mtlint: error: {name}: cannot read: {e}");
                errors += 1;
                continue;
            }
        };
        let source: SourceText = match decode(bytes) {
            Ok(s) if s.text.trim().is_empty() => {
                eprintln!("mtlint: note: {name}: empty document, nothing to check");
                continue;
            }
            Ok(s) => s,
            Err(e) => {
                eprintln!("mtlint: note: {name}: skipped, {e}");
                continue;
            }
        };
        let report = match linter.check(&source.text) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("mtlint: error: {name}: {e}");
                errors += 1;
                continue;
            }
        };
        checked += 1;
        if report.score.score >= fail_at {
            failed += 1;
        }
        let loc = Located::new(&name, &source);
        match args.format {
            CheckFormat::Json => {
                serde_json::to_writer(&mut out, &json::document_out(&loc, &report))?;
                writeln!(out)?;
            }
            CheckFormat::Compact => {
                if !args.quiet {
                    for f in &report.findings {
                        writeln!(out, "{}", human::compact(&loc, f))?;
                    }
                }
            }
            CheckFormat::Human => {
                if !args.quiet {
                    for f in &report.findings {
                        writeln!(out, "{}\n", human::finding(&loc, f, style))?;
                    }
                }
                writeln!(out, "{}", human::summary(&loc, &report))?;
            }
        }
    }
    if args.format == CheckFormat::Human && checked > 1 {
        writeln!(
            out,
            "{checked} documents checked, {failed} at or above {fail_at:.2}{}",
            if errors > 0 {
                format!(", {errors} could not be read")
            } else {
                String::new()
            }
        )?;
    }
    out.flush()?;
    Ok(if errors > 0 {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How to read `path`: `Auto` resolved by the extension.
fn input_kind(path: &Path, kind: InputKind) -> InputKind {
    if kind != InputKind::Auto {
        return kind;
    }
    if path.as_os_str() == sources::STDIN {
        return InputKind::Jsonl;
    }
    match sources::content_extension(path).as_deref() {
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

fn create(path: &Path) -> Result<io::BufWriter<std::fs::File>, Fatal> {
    let f = std::fs::File::create(path)
        .map_err(|e| Fatal(format!("{}: cannot create: {e}", path.display())))?;
    Ok(io::BufWriter::with_capacity(1 << 20, f))
}

fn score(args: ScoreArgs) -> Result<ExitCode, Fatal> {
    let linter = build_linter(&args.rules)?;
    if let Some(n) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| Fatal(format!("cannot start {n} threads: {e}")))?;
    }
    if let Some(t) = args.keep_below {
        if !(0.0..=1.0).contains(&t) {
            return Err(Fatal(format!(
                "--keep-below must be between 0 and 1, not {t}"
            )));
        }
    }
    let paths = args.walk.expand(&args.paths)?;
    // Look at every input up front, so that a missing file is reported before any output.
    let mut total_bytes = Some(0u64);
    for p in &paths {
        if p.as_os_str() == sources::STDIN
            || sources::has_compression_extension(p)
            || input_kind(p, args.input) == InputKind::Parquet
        {
            total_bytes = None;
        } else {
            let meta = std::fs::metadata(p)
                .map_err(|e| Fatal(format!("{}: cannot open: {e}", p.display())))?;
            total_bytes = total_bytes.map(|t| t + meta.len());
        }
    }
    let input = args.input;
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
            match sources::open(&p) {
                Ok(reader) => Box::new(batch::lines(name, reader)),
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
        },
        keep_below: args.keep_below,
        shard: args.shard,
        chunk_bytes: 8 << 20,
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
    let mut sink: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(create(p)?),
        None => Box::new(io::BufWriter::with_capacity(1 << 20, io::stdout().lock())),
    };
    let mut drop_file = args.drop_to.as_deref().map(create).transpose()?;
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
    if let Some(p) = &args.stats {
        let mut f = create(p)?;
        serde_json::to_writer_pretty(&mut f, &summary)?;
        writeln!(f)?;
        f.flush()?;
    }
    if !args.quiet {
        eprintln!("{}", summary_text(&summary, args.keep_below.is_some()));
    }
    Ok(if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
    let verdicts: Vec<String> = s.verdicts.iter().map(|(k, v)| format!("{k} {v}")).collect();
    out.push_str(&format!(
        "\n  verdicts: {}",
        if verdicts.is_empty() {
            "none".into()
        } else {
            verdicts.join(", ")
        }
    ));
    let max = s.histogram.iter().copied().max().unwrap_or(0).max(1);
    out.push_str("\n  scores:");
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

fn list_rules(format: RulesFormat) -> Result<ExitCode, Fatal> {
    let mut out = io::stdout().lock();
    match format {
        RulesFormat::Text => {
            for m in rules::metas() {
                let langs = if m.languages.is_empty() {
                    "any".to_string()
                } else {
                    m.languages.join(",")
                };
                writeln!(
                    out,
                    "{}  {:<28} {:<12} {:<8} {:<6} {}",
                    m.code,
                    m.name,
                    m.category.as_str(),
                    m.severity.as_str(),
                    langs,
                    m.summary
                )?;
            }
        }
        RulesFormat::Json => {
            for m in rules::metas() {
                serde_json::to_writer(
                    &mut out,
                    &serde_json::json!({
                        "code": m.code, "name": m.name, "category": m.category,
                        "severity": m.severity, "languages": m.languages, "summary": m.summary,
                    }),
                )?;
                writeln!(out)?;
            }
        }
        RulesFormat::Markdown => write!(out, "{}", mtlint::docs::rules_markdown())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn packs(files: &[PathBuf]) -> Result<ExitCode, Fatal> {
    let mut records = Vec::new();
    for f in files {
        let bytes = sources::read_all(f)
            .map_err(|e| Fatal(format!("{}: cannot read: {e}", f.display())))?;
        records.extend(mtlint::calques::jsonl_records(&String::from_utf8_lossy(
            &bytes,
        )));
    }
    if records.is_empty() {
        return Err(Fatal(
            "no records with `text` and a known `origin` or `label` (human or mt)".into(),
        ));
    }
    let table = mtlint::calques::pack_table(records.iter().map(|(g, t)| (*g, t.as_str())));
    print!("{}", table.to_tsv());
    Ok(ExitCode::SUCCESS)
}

fn explain(key: &str) -> Result<ExitCode, Fatal> {
    match rules::find(key) {
        Some(rule) => {
            let m = rule.meta();
            println!("{} {}: {}\n", m.code, m.name, m.summary);
            println!(
                "category: {}, default severity: {}, languages: {}\n",
                m.category.as_str(),
                m.severity.as_str(),
                if m.languages.is_empty() {
                    "any".to_string()
                } else {
                    m.languages.join(", ")
                }
            );
            print!("{}", m.docs_text());
            Ok(ExitCode::SUCCESS)
        }
        None => Err(Fatal(format!("no rule `{key}`; `mtlint rules` lists them"))),
    }
}
