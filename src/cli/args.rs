//! The command line's arguments (clap derive): the commands, their options, and the value
//! types of the options. Turning them into library settings is left to the commands.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use mtlint::config::{self, FailAt, FailOn, FailOnArtifacts};
use mtlint::walk::{self, Filter};
use mtlint::{markup, report};

use super::Fatal;

/// Finds machine-translation and scraping artifacts in text, explains each one, and scores
/// every document.
#[derive(Parser, Debug)]
#[command(name = "mtlint", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
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
    /// Measure `mt` on labeled JSON Lines: ROC-AUC, average precision, precision and recall at
    /// the thresholds, the paired win rate, rows per group (--by) and per length band, and each
    /// rule's and feature's direction.
    Eval(EvalArgs),
    /// Fit the `mt` model on the labeled data a manifest lists (default: the one the shipped
    /// model was trained from) and write a model file for --model.
    Train(TrainArgs),
    /// Print a rule's documentation.
    Explain {
        /// A rule code (MT101) or name (run-together-words).
        rule: String,
    },
    /// Serve LanguageTool's HTTP API (/v2/check, /v2/languages) and a page for checking text in
    /// a browser.
    Serve(super::serve::ServeArgs),
    /// Run the language server (LSP) over standard input and output.
    Lsp(super::lsp::LspArgs),
    /// Print a shell completion script, e.g.
    /// `mtlint completions bash > ~/.local/share/bash-completion/completions/mtlint`.
    Completions {
        /// The shell: bash, elvish, fish, powershell or zsh.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `mtlint man > mtlint.1`, or a command's
    /// (`mtlint man check > mtlint-check.1`).
    Man {
        /// A command (check, score, ...); none: mtlint's page.
        command: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct RuleArgs {
    /// Only these rules (codes, names or categories; comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (codes, names or categories).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// A model file for `mt` (TOML, as `mtlint train` writes; default: the built-in model).
    #[arg(long, visible_alias = "weights", value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Treat every document as this language (ISO 639-1, e.g. `en`) instead of detecting it.
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
}

#[derive(Args, Debug)]
pub struct LabeledArgs {
    /// Labeled JSON Lines files (plain, gzip or zstd).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The field holding the text (a dotted path for nested fields).
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// The field holding the label.
    #[arg(long, default_value = "label")]
    pub label_field: String,
    /// The label value of machine-translated (positive) documents; any other value is negative.
    #[arg(long, default_value = "mt")]
    pub positive: String,
    /// The field grouping versions of the same source document (for the paired win rate).
    #[arg(long, default_value = "pair")]
    pub pair_field: String,
    /// Number of threads (default: all cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(flatten)]
    pub data: LabeledArgs,
    /// Break the results down by this field (e.g. `lp`, `system`, `engine`, `domain`).
    #[arg(long, value_name = "FIELD")]
    pub by: Option<String>,
    /// Only records whose field has this value (`FIELD=VALUE`, e.g. `split=test`).
    #[arg(long, value_name = "FIELD=VALUE")]
    pub only: Option<String>,
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// The training manifest (default: the built-in one the shipped model was trained from).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// The directory the manifest's file paths are relative to.
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    pub data: PathBuf,
    /// Where to write the model file.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// The prior rule weights (TOML with a [rules] table; default: the built-in prior).
    #[arg(long, value_name = "FILE")]
    pub prior: Option<PathBuf>,
    /// Regularization strengths to compare by leave-one-group-out AUC (comma-separated); the
    /// best is used. Default: the manifest's.
    #[arg(long, value_delimiter = ',', value_name = "L2")]
    pub l2: Vec<f64>,
    /// Also report leave-one-group-out AUC (per held-out group and length band).
    #[arg(long)]
    pub lolo: bool,
    /// Write the training report here as well as to stderr.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Number of threads (default: all cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
}

/// Which configuration applies: the nearest `mtlint.toml` above each input, one file, or none.
#[derive(Args, Debug)]
pub struct ConfigArgs {
    /// Use this configuration file for every input instead of the nearest mtlint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub no_config: bool,
}

impl ConfigArgs {
    pub fn source(&self) -> config::ConfigSource {
        match (&self.config, self.no_config) {
            (_, true) => config::ConfigSource::None,
            (Some(p), false) => config::ConfigSource::File(p.clone()),
            (None, false) => config::ConfigSource::Discover,
        }
    }
}

#[derive(Args, Debug)]
pub struct WalkArgs {
    /// In directories, check only files matching these globs (e.g. `*.txt`) instead of the files
    /// with a known extension.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// In directories, skip files and directories matching these globs (e.g. `**/drafts/**`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
}

/// The paths named, or `-` when none is and standard input is piped: a command with nothing
/// to read is an error.
pub fn paths_or_stdin(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Fatal> {
    if !paths.is_empty() {
        return Ok(paths.to_vec());
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(Fatal::new(
            "nothing to read: name files or directories, or pipe text to standard input\n  \
             hint: `-` reads standard input; `mtlint check --example` checks a built-in example",
        ));
    }
    Ok(vec![PathBuf::from(walk::STDIN)])
}

impl WalkArgs {
    /// The files of `paths`, directories walked; with `extensions`, a walk keeps only files
    /// with one of them (unless --include globs choose).
    pub fn expand(
        &self,
        paths: &[PathBuf],
        extensions: Option<&[&str]>,
    ) -> Result<walk::Expanded, Fatal> {
        let mut filter = Filter::new(&self.include, &self.exclude)?;
        if let Some(exts) = extensions {
            filter = filter.with_extensions(exts);
        }
        Ok(walk::expand(paths, &filter))
    }
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("fix_mode").args(["fix", "diff"]).multiple(true)))]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input (also read when nothing is
    /// named and standard input is not a terminal).
    pub paths: Vec<PathBuf>,
    /// Check the built-in example document (a short text with typical artifacts).
    #[arg(long, conflicts_with = "paths")]
    pub example: bool,
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Write the report here instead of standard output (`.gz`, `.zst`: compressed).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print how many findings each rule has over all documents (and how many `--fix` would
    /// fix) instead of the findings: a table, or one JSON object per rule with --format json.
    #[arg(long)]
    pub statistics: bool,
    /// Exit 1 when a document's `mt` is at or above this: `suspect`, `likely-mt` (the default)
    /// or a number between 0 and 1. Documents without an answer (too short, unsupported
    /// language) never fail on `mt`.
    #[arg(long, value_name = "SCORE", value_parser = FailAt::parse)]
    pub fail_at: Option<FailAt>,
    /// Exit 1 when a finding has at least this severity: info, warning, error (the default) or
    /// never.
    #[arg(long, value_name = "SEVERITY", value_parser = FailOn::parse)]
    pub fail_on: Option<FailOn>,
    /// Exit 1 when a document has artifacts of these categories (comma-separated: debris,
    /// encoding, artifact, typography, all, none; default none: artifacts are reported and
    /// `mt` decides).
    #[arg(long, value_name = "CATEGORIES", value_parser = FailOnArtifacts::parse)]
    pub fail_on_artifacts: Option<FailOnArtifacts>,
    /// Exit 0 even when documents fail (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Report only findings that this baseline file does not record.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every finding in this baseline file (and exit 0 unless there are errors).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print only the summary line of each document.
    #[arg(long, short)]
    pub quiet: bool,
    /// When to color human output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Apply the safe fixes of the findings to the files, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 when there are any).
    #[arg(long)]
    pub diff: bool,
    /// With --fix, exit 1 when a file was changed (even if nothing is left to report).
    #[arg(long, requires = "fix")]
    pub exit_non_zero_on_fix: bool,
    /// With --fix or --diff, also apply fixes that a person should review.
    #[arg(long, requires = "fix_mode")]
    pub unsafe_fixes: bool,
    /// How inputs are marked up: `auto` reads `.md`/`.markdown` as Markdown, `.html`/`.htm` as
    /// HTML (checking only their prose) and everything else as plain text.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
    /// A file larger than this (after decompression) is not checked but reported as an error:
    /// checking takes about 8 to 20 times the document's size in memory. Bytes, or with a unit:
    /// 64MiB, 500MB, 1GiB.
    #[arg(long, value_name = "BYTES", default_value = "64MiB", value_parser = parse_bytes)]
    pub max_file_bytes: u64,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub struct ScoreArgs {
    /// Text files, directories, JSON Lines files (optionally .gz or .zst) or Parquet files;
    /// `-` reads standard input (also read when nothing is named and standard input is not a
    /// terminal).
    pub paths: Vec<PathBuf>,
    /// How to read inputs: `auto` takes `.jsonl`/`.ndjson` files (also compressed) and standard
    /// input as JSON Lines, `.json` files as JSON Lines, an array of records or one record (by
    /// content), `.parquet` files as Parquet, other files as one text document each.
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input: InputKind,
    /// How texts are marked up: `auto` reads `.md` and `.html` files as Markdown and HTML (only
    /// their prose is scored) and records as plain text; `markdown` or `html` reads every text
    /// so.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub markup: InputFormat,
    /// Field holding the text in JSON records and Parquet rows (dotted path for nested fields).
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// Field holding the record id (dotted path for nested fields).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// Output records: compact JSON Lines, or CSV/TSV rows for spreadsheets.
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = ScoreFormat::Jsonl)]
    pub format: ScoreFormat,
    /// Pass every input record through, byte for byte, with an `mtlint` object added before its
    /// closing brace.
    #[arg(long, conflicts_with = "format")]
    pub annotate: bool,
    /// Include every finding with its span in the output records (JSON Lines and --annotate;
    /// CSV and TSV rows have no place for them).
    #[arg(long)]
    pub findings: bool,
    /// Write records here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep records whose `mt` is below this (`suspect`, `likely-mt` or a number from 0 to 1)
    /// in the output; the rest, with error records and records in a language without a model
    /// (`mt` null), go to --drop-to, or are left out without it.
    #[arg(long, value_name = "MT", value_parser = FailAt::parse)]
    pub keep_below: Option<FailAt>,
    /// Where --keep-below sends the records it does not keep.
    #[arg(long, value_name = "FILE", requires = "keep_below")]
    pub drop_to: Option<PathBuf>,
    /// Score only shard I of N (records whose index modulo N is I), e.g. `--shard 0/4`.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// A record larger than this (a JSON Lines line, a text file after decompression, a Parquet
    /// row) is not scored but becomes an error record `record too large`, and the run goes on;
    /// a line over the limit is skipped unread. Bytes, or with a unit: 64MiB, 500MB, 1GiB.
    /// Memory is about 9 to 20 times the size of each record being scored (two large ones at most).
    #[arg(long, value_name = "BYTES", default_value = "64MiB", value_parser = parse_bytes)]
    pub max_record_bytes: u64,
    /// Leave out the first N input records (counted over all inputs, in order, before
    /// --shard): after an input error, rerunning with the number the error gives resumes after
    /// the records already written.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub skip: usize,
    /// Write the run's summary as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub stats: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// A size in bytes: a number, optionally with a unit (`k`, `KB`, `KiB`, `M`, `MB`, `MiB`, `G`,
/// `GB`, `GiB`; a bare letter counts in powers of 1024).
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (num, unit) = (&t[..split], t[split..].trim());
    let unit_size: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "kb" => 1000,
        "m" | "mib" => 1 << 20,
        "mb" => 1_000_000,
        "g" | "gib" => 1 << 30,
        "gb" => 1_000_000_000,
        _ => {
            return Err(format!(
                "unknown unit `{unit}` in `{s}`; use e.g. 64MiB or 500MB"
            ))
        }
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("expected a size like 64MiB, not `{s}`"))?;
    let bytes = n * unit_size as f64;
    if !(bytes >= 1.0 && bytes < u64::MAX as f64) {
        return Err(format!("a size must be at least 1 byte, not `{s}`"));
    }
    Ok(bytes as u64)
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
pub enum ScoreFormat {
    Jsonl,
    Csv,
    Tsv,
    /// Dolma attribute lines (`mtlint__v1__score`, `mtlint__v1__<CODE>`), character offsets.
    Dolma,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
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
pub enum InputFormat {
    Auto,
    Text,
    Markdown,
    Html,
}

impl InputFormat {
    /// The markup every input is read as; `None` for `auto`.
    pub fn forced(self) -> Option<markup::Kind> {
        match self {
            InputFormat::Auto => None,
            InputFormat::Text => Some(markup::Kind::Text),
            InputFormat::Markdown => Some(markup::Kind::Markdown),
            InputFormat::Html => Some(markup::Kind::Html),
        }
    }

    pub fn kind(self, path: &Path) -> markup::Kind {
        self.forced()
            .unwrap_or_else(|| markup::Kind::from_path(path))
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Auto,
    Text,
    Jsonl,
    /// A JSON file: JSON Lines, an array of records, or one record (told apart by content).
    Json,
    /// Parquet files, one record per row (needs a build with the `parquet` feature).
    Parquet,
}
