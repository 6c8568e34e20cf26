//! The `mtlint` command line: a thin layer over the library. Argument parsing, file walking and
//! exit codes live here; checking, scoring and printing live in the library.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use mtlint::baseline::{self, Baseline};
use mtlint::batch::{self, Fields, Job};
use mtlint::config::{self, CliSettings, ConfigSource, FailAt, FailOn, Layer, Resolver};
use mtlint::input::{decode, SourceText};
use mtlint::report::{self, human, Located, Printer};
use mtlint::sources::{self, Filter};
use mtlint::{fix, markup, rules, Linter, Report, Weights};

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
    /// Check documents and print diagnostics (exit 1 when a document scores at or above --fail-at
    /// or has a finding at or above --fail-on).
    Check(CheckArgs),
    /// Write a commented default configuration file.
    Init {
        /// Where to write it.
        #[arg(default_value = config::FILE_NAME)]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
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
    /// Measure the score on labeled JSON Lines: ROC-AUC, average precision, precision and recall
    /// at the thresholds, the paired win rate, and per-rule and per-feature tables.
    Eval(EvalArgs),
    /// Fit the score's weights on labeled JSON Lines and write a weights file for --weights.
    Train(TrainArgs),
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
struct LabeledArgs {
    /// Labeled JSON Lines files (plain, gzip or zstd).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The field holding the text (a dotted path for nested fields).
    #[arg(long, default_value = "text")]
    text_field: String,
    /// The field holding the label.
    #[arg(long, default_value = "label")]
    label_field: String,
    /// The label value of machine-translated (positive) documents; any other value is negative.
    #[arg(long, default_value = "mt")]
    positive: String,
    /// The field grouping versions of the same source document (for the paired win rate).
    #[arg(long, default_value = "pair")]
    pair_field: String,
    /// Number of threads (default: all cores).
    #[arg(long, short)]
    jobs: Option<usize>,
    #[command(flatten)]
    rules: RuleArgs,
}

impl LabeledArgs {
    /// The linter these arguments select, and the labeled samples it scored.
    fn read(&self, by: Option<&str>) -> Result<(Linter, mtlint::eval::Labeled), Fatal> {
        if let Some(n) = self.jobs {
            set_threads(n)?;
        }
        let linter = build_linter(&self.rules)?;
        let fields = mtlint::eval::LabeledFields {
            text: self.text_field.clone(),
            label: self.label_field.clone(),
            positive: self.positive.clone(),
            pair: Some(self.pair_field.clone()),
            by: by.map(str::to_string),
        };
        let paths: Vec<&Path> = self.files.iter().map(PathBuf::as_path).collect();
        let labeled = mtlint::eval::read_labeled(&linter, &paths, &fields)?;
        if !labeled.skipped.is_empty() {
            eprintln!(
                "mtlint: warning: {} records skipped (no usable text or label):",
                labeled.skipped.len()
            );
            for e in labeled.skipped.iter().take(5) {
                eprintln!("  {e}");
            }
        }
        if labeled.samples.is_empty() {
            return Err(Fatal(format!(
                "no labeled records in {}: each line needs a string `{}` and a `{}`",
                self.files
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                self.text_field,
                self.label_field
            )));
        }
        Ok((linter, labeled))
    }
}

#[derive(Args, Debug)]
struct EvalArgs {
    #[command(flatten)]
    data: LabeledArgs,
    /// Break the results down by this field (e.g. `engine` or `origin`).
    #[arg(long, value_name = "FIELD")]
    by: Option<String>,
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    format: EvalFormat,
}

#[derive(Args, Debug)]
struct TrainArgs {
    #[command(flatten)]
    data: LabeledArgs,
    /// Where to write the weights file.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
    /// The weights to start from and pull rule weights toward (default: the built-in hand-set
    /// prior, src/data/prior-weights.toml).
    #[arg(long, value_name = "FILE")]
    prior: Option<PathBuf>,
    /// Strength of the pull toward the prior.
    #[arg(long, default_value_t = 0.02)]
    l2: f64,
    /// The largest share of training negatives allowed at or above the likely-mt threshold.
    #[arg(long, default_value_t = 0.01)]
    likely_fpr: f64,
    /// The largest share of training negatives allowed at or above the suspect threshold.
    #[arg(long, default_value_t = 0.05)]
    suspect_fpr: f64,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum EvalFormat {
    Text,
    Json,
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
#[command(group(clap::ArgGroup::new("fix_mode").args(["fix", "diff"]).multiple(true)))]
struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(required_unless_present = "example")]
    paths: Vec<PathBuf>,
    /// Check the built-in example document (a short text with typical artifacts).
    #[arg(long, conflicts_with = "paths")]
    example: bool,
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Exit 1 when a document's score is at or above this: `suspect`, `likely-mt` (the default)
    /// or a number between 0 and 1.
    #[arg(long, value_name = "SCORE", value_parser = FailAt::parse)]
    fail_at: Option<FailAt>,
    /// Exit 1 when a finding has at least this severity: info, warning, error (the default) or
    /// never.
    #[arg(long, value_name = "SEVERITY", value_parser = FailOn::parse)]
    fail_on: Option<FailOn>,
    /// Exit 0 even when documents fail (errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Use this configuration file for every document instead of the nearest mtlint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    no_config: bool,
    /// Report only findings that this baseline file does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every finding in this baseline file (and exit 0 unless there are errors).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Print only the summary line of each document.
    #[arg(long, short)]
    quiet: bool,
    /// When to color human output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Apply the safe fixes of the findings to the files, then report what remains.
    #[arg(long)]
    fix: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 when there are any).
    #[arg(long)]
    diff: bool,
    /// With --fix or --diff, also apply fixes that a person should review.
    #[arg(long, requires = "fix_mode")]
    unsafe_fixes: bool,
    /// How inputs are marked up: `auto` reads `.md`/`.markdown` as Markdown, `.html`/`.htm` as
    /// HTML (checking only their prose) and everything else as plain text.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
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
    /// How texts are marked up: `auto` reads `.md` and `.html` files as Markdown and HTML (only
    /// their prose is scored) and records as plain text; `markdown` or `html` reads every text
    /// so.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    markup: InputFormat,
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
    /// SARIF 2.1.0 (GitHub code scanning), one log for the run.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
}

impl From<CheckFormat> for report::Format {
    fn from(f: CheckFormat) -> Self {
        match f {
            CheckFormat::Human => report::Format::Human,
            CheckFormat::Compact => report::Format::Compact,
            CheckFormat::Json => report::Format::Json,
            CheckFormat::Sarif => report::Format::Sarif,
            CheckFormat::Github => report::Format::Github,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum InputFormat {
    Auto,
    Text,
    Markdown,
    Html,
}

impl InputFormat {
    /// The markup every input is read as; `None` for `auto`.
    fn forced(self) -> Option<markup::Kind> {
        match self {
            InputFormat::Auto => None,
            InputFormat::Text => Some(markup::Kind::Text),
            InputFormat::Markdown => Some(markup::Kind::Markdown),
            InputFormat::Html => Some(markup::Kind::Html),
        }
    }

    fn kind(self, path: &Path) -> markup::Kind {
        self.forced()
            .unwrap_or_else(|| markup::Kind::from_path(path))
    }
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
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "mtlint: internal error: {info}\n  this is a bug in mtlint; please report it with the \
             input that caused it"
        );
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Init { path, force } => init(&path, force),
        Command::Score(args) => score(args),
        Command::Rules { format } => list_rules(format),
        Command::Eval(args) => eval(args),
        Command::Train(args) => train(args),
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

fn read_weights(path: &Path) -> Result<Weights, Fatal> {
    let s = std::fs::read_to_string(path)
        .map_err(|e| Fatal(format!("{}: cannot read weights: {e}", path.display())))?;
    Weights::from_toml(&s).map_err(|e| Fatal(format!("{}: {e}", path.display())))
}

/// The linter for `score`: the command line's rules, weights and language.
fn build_linter(args: &RuleArgs) -> Result<Linter, Fatal> {
    Ok(base_linter(args)?
        .select(&args.select)?
        .ignore(&args.ignore)?)
}

/// Every rule, with the command line's weights and language.
fn base_linter(args: &RuleArgs) -> Result<Linter, Fatal> {
    let mut linter = Linter::new();
    if let Some(path) = &args.weights {
        linter = linter.with_weights(read_weights(path)?);
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

fn init(path: &Path, force: bool) -> Result<ExitCode, Fatal> {
    if path.exists() && !force {
        return Err(Fatal(format!(
            "{}: already exists; use --force to overwrite it",
            path.display()
        )));
    }
    std::fs::write(path, config::default_config())
        .map_err(|e| Fatal(format!("{}: cannot write: {e}", path.display())))?;
    eprintln!("mtlint: wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

fn read_baseline(path: &Path) -> Result<Baseline, Fatal> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Fatal(format!(
            "{}: cannot read the baseline: {e}\n  hint: create it with --write-baseline {0}",
            path.display()
        ))
    })?;
    Baseline::from_json(&text).map_err(|e| {
        Fatal(format!(
            "{}: {e}\n  hint: write a new one with --write-baseline {0}",
            path.display()
        ))
    })
}

fn check(args: CheckArgs) -> Result<ExitCode, Fatal> {
    let source = match (&args.config, args.no_config) {
        (_, true) => ConfigSource::None,
        (Some(p), false) => ConfigSource::File(p.clone()),
        (None, false) => ConfigSource::Discover,
    };
    let cli = CliSettings {
        layer: Layer::from_lists(&args.rules.select, &args.rules.ignore)?,
        fail_at: args.fail_at,
        fail_on: args.fail_on,
    };
    let mut resolver = Resolver::new(source, base_linter(&args.rules)?, cli)?;
    let baseline = args.baseline.as_deref().map(read_baseline).transpose()?;
    let mut recorded = args.write_baseline.as_ref().map(|_| Baseline::new());
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let style = human::Style { color, width: 100 };
    let mut printer = Printer::new(
        args.format.into(),
        style,
        args.quiet,
        rules::RULES.iter().map(|r| r.meta()),
    );
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let (mut failed, mut errors, mut checked, mut changed) = (0usize, 0usize, 0usize, 0usize);
    let paths = if args.example {
        vec![PathBuf::from(EXAMPLE_NAME)]
    } else {
        args.walk.expand(&args.paths)?
    };
    for path in paths {
        // Configuration files met in a directory walk are not documents.
        if path.file_name() == Some(config::FILE_NAME.as_ref()) && !args.paths.contains(&path) {
            continue;
        }
        let Some(settings) = resolver.resolve(&path)? else {
            continue; // excluded by the configuration
        };
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
        let kind = args.input_format.kind(&path);
        let (source, mut report) = match if args.fix || args.diff {
            fix_document(
                &args,
                &settings.linter,
                &path,
                &name,
                source,
                kind,
                &mut out,
                &mut changed,
            )
        } else {
            markup::check(&settings.linter, &source.text, kind)
                .map(|report| Some((source, report)))
                .map_err(|e| e.to_string())
        } {
            Ok(Some((source, report))) => (source, report),
            Ok(None) => continue,
            Err(e) => {
                eprintln!("mtlint: error: {name}: {e}");
                errors += 1;
                continue;
            }
        };
        checked += 1;
        if let (Some(rec), Some(p)) = (&mut recorded, &args.write_baseline) {
            rec.add(
                &baseline::file_key(p, &path),
                &source.text,
                &report.findings,
            );
        }
        if let (Some(b), Some(p)) = (&baseline, &args.baseline) {
            b.apply(&baseline::file_key(p, &path), &source.text, &mut report);
        }
        if settings.fail.fails(&report, baseline.is_some()) {
            failed += 1;
        }
        let loc = Located::new(&name, &source);
        printer.document(&mut out, &loc, &report)?;
    }
    if args.format == CheckFormat::Human && checked > 1 {
        writeln!(
            out,
            "{checked} documents checked, {failed} failed{}",
            if errors > 0 {
                format!(", {errors} could not be read")
            } else {
                String::new()
            }
        )?;
    }
    printer.finish(&mut out)?;
    out.flush()?;
    if let (Some(path), Some(rec)) = (&args.write_baseline, &recorded) {
        std::fs::write(path, rec.to_json()).map_err(|e| {
            Fatal(format!(
                "{}: cannot write the baseline: {e}",
                path.display()
            ))
        })?;
        eprintln!(
            "mtlint: wrote {} finding{} to {}",
            rec.len(),
            if rec.len() == 1 { "" } else { "s" },
            path.display()
        );
    }
    Ok(if errors > 0 {
        ExitCode::from(2)
    } else if (failed > 0 || (args.diff && changed > 0)) && !args.exit_zero && recorded.is_none() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--fix` and `--diff` for one document. With `--fix` the fixed text is written back and the
/// report returned is on it; with `--diff` the changes are printed and nothing is returned.
/// Counts the documents that change in `changed`.
#[allow(clippy::too_many_arguments)]
fn fix_document(
    args: &CheckArgs,
    linter: &Linter,
    path: &Path,
    name: &str,
    source: SourceText,
    kind: markup::Kind,
    out: &mut dyn Write,
    changed: &mut usize,
) -> Result<Option<(SourceText, Report)>, String> {
    let is_file = path.as_os_str() != sources::STDIN && path.as_os_str() != EXAMPLE_NAME;
    if args.fix && (!is_file || source.is_lossy()) {
        let why = if is_file {
            "it is not valid UTF-8"
        } else {
            "it is not a file"
        };
        eprintln!("mtlint: note: {name}: not fixed, {why}");
        let report = markup::check(linter, &source.text, kind).map_err(|e| e.to_string())?;
        return Ok(Some((source, report)));
    }
    let fixed =
        fix::fix(linter, &source.text, kind, args.unsafe_fixes).map_err(|e| e.to_string())?;
    if fixed.applied > 0 {
        *changed += 1;
    }
    if args.diff {
        write!(
            out,
            "{}",
            fix::unified_diff(name, &source.text, &fixed.text)
        )
        .map_err(|e| e.to_string())?;
        return Ok(None);
    }
    if fixed.applied == 0 {
        return Ok(Some((source, fixed.report)));
    }
    let bytes = source
        .encode(&fixed.text)
        .ok_or("not valid UTF-8, not fixed")?;
    std::fs::write(path, &bytes).map_err(|e| format!("cannot write: {e}"))?;
    eprintln!(
        "mtlint: {name}: {} fix{} applied",
        fixed.applied,
        if fixed.applied == 1 { "" } else { "es" }
    );
    let source = decode(bytes).map_err(|e| e.to_string())?;
    Ok(Some((source, fixed.report)))
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

fn set_threads(n: usize) -> Result<(), Fatal> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n.max(1))
        .build_global()
        .map_err(|e| Fatal(format!("cannot start {n} threads: {e}")))
}

fn score(args: ScoreArgs) -> Result<ExitCode, Fatal> {
    let linter = build_linter(&args.rules)?;
    if let Some(n) = args.jobs {
        set_threads(n)?;
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
        markup: args.markup.forced(),
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
            for o in m.options {
                println!(
                    "option `{}` (default {}): {} Set it in mtlint.toml under [rules.{}].\n",
                    o.name, o.default, o.summary, m.name
                );
            }
            print!("{}", m.docs_text());
            Ok(ExitCode::SUCCESS)
        }
        None => Err(Fatal(format!("no rule `{key}`; `mtlint rules` lists them"))),
    }
}

fn eval(args: EvalArgs) -> Result<ExitCode, Fatal> {
    let (linter, labeled) = args.data.read(args.by.as_deref())?;
    let e = mtlint::eval::evaluate(&labeled.samples, linter.weights());
    let mut out = io::stdout().lock();
    match args.format {
        EvalFormat::Text => {
            out.write_all(mtlint::report::evaluation::render(&e, args.by.as_deref()).as_bytes())?
        }
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &e)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn train(args: TrainArgs) -> Result<ExitCode, Fatal> {
    for (name, v) in [
        ("--likely-fpr", args.likely_fpr),
        ("--suspect-fpr", args.suspect_fpr),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(Fatal(format!("{name} must be between 0 and 1, not {v}")));
        }
    }
    if !(args.l2 >= 0.0 && args.l2.is_finite()) {
        return Err(Fatal(format!("--l2 must be 0 or more, not {}", args.l2)));
    }
    let (_, labeled) = args.data.read(None)?;
    let prior = match &args.prior {
        Some(path) => read_weights(path)?,
        None => Weights::prior(),
    };
    let opts = mtlint::train::Options {
        l2: args.l2,
        likely_fpr: args.likely_fpr,
        suspect_fpr: args.suspect_fpr,
        ..Default::default()
    };
    let fit = mtlint::train::fit(&labeled.samples, &prior, &opts)?;
    let e = mtlint::eval::evaluate(&labeled.samples, &fit.weights);
    let files: Vec<String> = args
        .data
        .files
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let header = format!(
        "mtlint scoring weights, fitted by `mtlint train` (see docs/evaluation.md).\n\
         Trained on {} ({} documents: {} positive, {} negative; {} skipped),\n\
         from the prior {} with l2 = {}; thresholds at {}% (likely-mt) and {}% (suspect)\n\
         of the training negatives. Training ROC-AUC {}; {} iterations{}.",
        files.join(", "),
        labeled.samples.len(),
        fit.positives,
        fit.negatives,
        labeled.skipped.len(),
        args.prior.as_ref().map_or_else(
            || "src/data/prior-weights.toml".to_string(),
            |p| p.display().to_string()
        ),
        args.l2,
        100.0 * args.likely_fpr,
        100.0 * args.suspect_fpr,
        e.roc_auc.map_or("-".into(), |a| format!("{a:.3}")),
        fit.iterations,
        if fit.converged {
            ""
        } else {
            " (not converged)"
        },
    );
    let text = mtlint::train::to_toml(&fit, &header)?;
    std::fs::write(&args.output, text).map_err(|e| {
        Fatal(format!(
            "{}: cannot write weights: {e}",
            args.output.display()
        ))
    })?;
    eprintln!(
        "wrote {}: training ROC-AUC {}, thresholds suspect {:.4}, likely-mt {:.4}",
        args.output.display(),
        e.roc_auc.map_or("-".into(), |a| format!("{a:.3}")),
        fit.weights.thresholds.suspect,
        fit.weights.thresholds.likely_mt
    );
    Ok(ExitCode::SUCCESS)
}
