//! `mtlint check`: documents in, diagnostics out, and an exit code for CI.
//!
//! Each path is resolved to its configuration (the nearest `mtlint.toml`), read, decoded,
//! checked (or fixed, with `--fix` and `--diff`) and printed, one document at a time; a
//! [`Run`] holds what the documents share and counts what decides the exit code.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mtlint::baseline::{self, Baseline};
use mtlint::config::{self, CliSettings, FileSettings, Layer, Resolver};
use mtlint::decode::{self, decode, SourceText};
use mtlint::report::{human, Located, Printer};
use mtlint::walk;
use mtlint::{fix, markup, rules, Applicability, Linter, Report};

use super::args::{paths_or_stdin, CheckArgs, CheckFormat, ColorWhen};
use super::output::{self, Output};
use super::{base_linter, display_name, Fatal};

/// The document `mtlint check --example` checks.
const EXAMPLE: &str = include_str!("../../corpora/examples/sample.txt");
const EXAMPLE_NAME: &str = "<example>";

pub fn check(args: CheckArgs) -> Result<ExitCode, Fatal> {
    let source = args.config.source();
    let cli = CliSettings {
        layer: Layer::from_lists(&args.rules.select, &args.rules.ignore)?,
        fail_at: args.fail_at,
        fail_on: args.fail_on,
        fail_on_artifacts: args.fail_on_artifacts,
    };
    let mut resolver = Resolver::new(source, base_linter(&args.rules)?.with_reasons(5), cli)?;
    let baseline = args.baseline.as_deref().map(read_baseline).transpose()?;
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    // Source lines are trimmed to the terminal's width (100 columns when not a terminal).
    let width = match terminal_size::terminal_size() {
        Some((terminal_size::Width(w), _))
            if args.output.is_none() && io::stdout().is_terminal() =>
        {
            usize::from(w).clamp(40, 400)
        }
        _ => 100,
    };
    let style = human::Style { color, width };
    if args.statistics
        && !matches!(
            args.format,
            CheckFormat::Human | CheckFormat::Compact | CheckFormat::Json
        )
    {
        return Err(Fatal::new(
            "--statistics prints a table (--format human or compact) or JSON (--format json)",
        ));
    }
    let printer = Printer::new(
        args.format.into(),
        style,
        args.quiet,
        rules::RULES.iter().map(|r| r.meta()),
    );
    let paths = if args.example {
        Vec::new()
    } else {
        paths_or_stdin(&args.paths)?
    };
    // `--fix -` writes the fixed text to standard output, and the report to standard error.
    let fix_stdin = args.fix && paths.iter().any(|p| p.as_os_str() == walk::STDIN);
    if fix_stdin && paths.len() > 1 {
        return Err(Fatal::new(
            "`--fix -` writes the fixed standard input to standard output, so it takes no \
             other path\n  hint: fix the files in a separate run",
        ));
    }
    let mut outputs = Vec::new();
    outputs.extend(args.output.as_deref().map(|p| ("-o", Some(p))));
    outputs.extend(
        args.write_baseline
            .as_deref()
            .map(|p| ("--write-baseline", Some(p))),
    );
    let expanded = if args.example {
        walk::Expanded {
            files: vec![walk::Entry {
                path: PathBuf::from(EXAMPLE_NAME),
                walked: false,
            }],
            ..Default::default()
        }
    } else {
        // Which extensions a walk keeps depends on each file's configuration: decided below.
        args.walk.expand(&paths, None)?
    };
    if !outputs.is_empty() {
        let checked: Vec<PathBuf> = expanded.files.iter().map(|e| e.path.clone()).collect();
        output::check_distinct(&checked, &outputs)?;
    }
    // Write errors name the output (`<stdout>: cannot write: ...`).
    let mut out = if fix_stdin && args.output.is_none() {
        Output::stderr()
    } else {
        Output::create(args.output.as_deref())?
    };
    for note in &expanded.notes {
        eprintln!("mtlint: note: {note}");
    }
    for e in &expanded.errors {
        eprintln!("mtlint: error: {e}");
    }
    let mut run = Run {
        args: &args,
        out: &mut out,
        printer,
        recorded: args.write_baseline.as_ref().map(|_| Baseline::new()),
        baseline,
        counts: Counts {
            errors: expanded.errors.len(),
            ..Counts::default()
        },
    };
    for walk::Entry { path, walked } in expanded.files {
        // Configuration files met in a directory walk are not documents.
        if walked && path.file_name() == Some(config::FILE_NAME.as_ref()) {
            continue;
        }
        let Some(settings) = resolver.resolve(&path)? else {
            continue; // excluded by the configuration
        };
        // A walk checks the files with the configured extensions, or those --include chooses.
        if !walked
            || !args.walk.include.is_empty()
            || walk::has_extension(&path, &settings.extensions)
        {
            run.document(&path, &settings)?;
        }
    }
    let code = run.finish()?;
    // The report file is put in place only when the run got to its end.
    out.finish()?;
    Ok(code)
}

/// What a run has counted so far.
#[derive(Debug, Default)]
struct Counts {
    /// Documents checked and printed.
    checked: usize,
    /// Documents that fail (`--fail-at`, `--fail-on`).
    failed: usize,
    /// Documents that could not be read or checked.
    errors: usize,
    /// Documents that `--fix` changed or `--diff` would change.
    changed: usize,
    /// Per rule code: the rule's name, its findings, and how many carry a safe and an unsafe
    /// fix.
    rules: std::collections::BTreeMap<&'static str, RuleCount>,
}

/// One rule's findings over a run (`--statistics`, and the fixable count of the summary).
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
struct RuleCount {
    code: &'static str,
    name: &'static str,
    findings: usize,
    fixable: usize,
    unsafe_fixable: usize,
}

impl Counts {
    fn add(&mut self, report: &Report) {
        for f in &report.findings {
            let c = self.rules.entry(f.rule.code).or_insert(RuleCount {
                code: f.rule.code,
                name: f.rule.name,
                ..RuleCount::default()
            });
            c.findings += 1;
            match f.fix.as_ref().map(|x| x.applicability) {
                Some(Applicability::Safe) => c.fixable += 1,
                Some(Applicability::Unsafe) => c.unsafe_fixable += 1,
                _ => {}
            }
        }
    }
}

/// One `mtlint check` run: the options, the output, the baselines and the counts.
struct Run<'a> {
    args: &'a CheckArgs,
    out: &'a mut Output,
    printer: Printer,
    /// `--baseline`: findings it records are not reported.
    baseline: Option<Baseline>,
    /// `--write-baseline`: every finding, to be written at the end.
    recorded: Option<Baseline>,
    counts: Counts,
}

/// One document to check: where it is, its name for messages, and its text.
struct Input<'p> {
    path: &'p Path,
    name: String,
    source: SourceText,
    kind: markup::Kind,
    /// The bytes read, kept only for `--fix -`.
    original: Option<Vec<u8>>,
}

impl Run<'_> {
    /// Reads, checks and prints one document. Problems with the document are reported and
    /// counted; only a failure to write the output stops the run.
    fn document(&mut self, path: &Path, settings: &FileSettings) -> Result<(), Fatal> {
        let name = display_name(path);
        let bytes = match read_input(path, self.args.max_file_bytes) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::FileTooLarge => {
                eprintln!("mtlint: error: {name}: not checked, too large: {e} (--max-file-bytes)");
                self.counts.errors += 1;
                return Ok(());
            }
            Err(e) => {
                eprintln!("mtlint: error: {name}: cannot read: {e}");
                self.counts.errors += 1;
                return Ok(());
            }
        };
        // `--fix -` writes standard input back as it was when it cannot be fixed.
        let original = (self.args.fix && path.as_os_str() == walk::STDIN).then(|| bytes.clone());
        let source: SourceText = match decode(bytes) {
            Ok(s) if s.text.trim().is_empty() => {
                eprintln!("mtlint: note: {name}: empty document, nothing to check");
                return Ok(());
            }
            Ok(s) => s,
            Err(e) => {
                eprintln!("mtlint: note: {name}: skipped, {e}");
                return Ok(());
            }
        };
        let input = Input {
            path,
            kind: self.args.input_format.kind(path),
            name,
            source,
            original,
        };
        let name = input.name.clone();
        let checked = if self.args.fix || self.args.diff {
            self.fix(&settings.linter, input)
        } else {
            markup::check(&settings.linter, &input.source.text, input.kind)
                .map(|report| Some((input.source, report)))
                .map_err(|e| e.to_string())
        };
        let (source, mut report) = match checked {
            Ok(Some(checked)) => checked,
            Ok(None) => return Ok(()),
            Err(e) => {
                eprintln!("mtlint: error: {name}: {e}");
                self.counts.errors += 1;
                return Ok(());
            }
        };
        self.counts.checked += 1;
        if let (Some(rec), Some(p)) = (&mut self.recorded, &self.args.write_baseline) {
            rec.add(&baseline::file_key(p, path), &source.text, &report.findings);
        }
        if let (Some(b), Some(p)) = (&self.baseline, &self.args.baseline) {
            b.apply(&baseline::file_key(p, path), &source.text, &mut report);
        }
        let failure = settings.fail.failure(&report, self.baseline.is_some());
        if failure.is_some() {
            self.counts.failed += 1;
        }
        self.counts.add(&report);
        if self.args.statistics {
            return Ok(());
        }
        let loc = Located::new(&name, &source);
        self.printer
            .document(self.out, &loc, &report, failure.as_ref())?;
        Ok(())
    }

    /// `--fix` and `--diff` for one document. With `--fix` the fixed text is written back and
    /// the report returned is on it; with `--diff` the changes are printed and nothing is
    /// returned.
    fn fix(
        &mut self,
        linter: &Linter,
        input: Input<'_>,
    ) -> Result<Option<(SourceText, Report)>, String> {
        let Input {
            path,
            name,
            source,
            kind,
            original,
        } = input;
        let args = self.args;
        let stdin = path.as_os_str() == walk::STDIN;
        let is_file = !stdin && path.as_os_str() != EXAMPLE_NAME;
        if args.fix && stdin {
            return self
                .fix_stdin(linter, &name, source, kind, original.unwrap_or_default())
                .map(Some);
        }
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
            self.counts.changed += 1;
        }
        if args.diff {
            write!(
                self.out,
                "{}",
                fix::unified_diff(&name, &source.text, &fixed.text)
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
        // Written beside the file and renamed over it: an interrupted fix never leaves half
        // a document.
        let unnamed = |e: String| {
            let named = format!("{}: ", path.display());
            e.strip_prefix(&named).map_or(e.clone(), str::to_string)
        };
        let mut out = Output::create(Some(path)).map_err(|e| unnamed(e.to_string()))?;
        out.write_all(&bytes)
            .and_then(|()| out.finish())
            .map_err(|e| unnamed(e.to_string()))?;
        eprintln!(
            "mtlint: {name}: {} fix{} applied",
            fixed.applied,
            if fixed.applied == 1 { "" } else { "es" }
        );
        let source = decode(bytes).map_err(|e| e.to_string())?;
        Ok(Some((source, fixed.report)))
    }

    /// `--fix -`: the fixed text (the input as it was when it is not valid UTF-8) goes to
    /// standard output, the report on it to standard error.
    fn fix_stdin(
        &mut self,
        linter: &Linter,
        name: &str,
        source: SourceText,
        kind: markup::Kind,
        original: Vec<u8>,
    ) -> Result<(SourceText, Report), String> {
        let write = |bytes: &[u8]| -> Result<(), String> {
            let mut stdout = Output::create(None).map_err(|e| e.to_string())?;
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.finish())
                .map_err(|e| e.to_string())
        };
        if source.is_lossy() {
            eprintln!("mtlint: note: {name}: not fixed, it is not valid UTF-8");
            write(&original)?;
            let report = markup::check(linter, &source.text, kind).map_err(|e| e.to_string())?;
            return Ok((source, report));
        }
        let fixed = fix::fix(linter, &source.text, kind, self.args.unsafe_fixes)
            .map_err(|e| e.to_string())?;
        let bytes = source.encode(&fixed.text).unwrap_or(original);
        write(&bytes)?;
        if fixed.applied > 0 {
            self.counts.changed += 1;
        }
        let source = decode(bytes).map_err(|e| e.to_string())?;
        Ok((source, fixed.report))
    }

    /// Ends the run: the summary line, what a format writes once, the baseline file, and the
    /// exit code.
    fn finish(mut self) -> Result<ExitCode, Fatal> {
        let Counts {
            checked,
            failed,
            errors,
            changed,
            ..
        } = self.counts;
        let args = self.args;
        if args.statistics {
            self.statistics()?;
        }
        if args.format == CheckFormat::Human && checked > 1 {
            writeln!(
                self.out,
                "{checked} documents checked, {failed} failed{}",
                if errors > 0 {
                    format!(", {errors} could not be read")
                } else {
                    String::new()
                }
            )?;
        }
        let rules = self.counts.rules.values();
        let fixable: usize = rules.clone().map(|c| c.fixable).sum();
        let unsafe_fixable: usize = rules.map(|c| c.unsafe_fixable).sum();
        if args.format == CheckFormat::Human
            && !args.fix
            && !args.diff
            && fixable + unsafe_fixable > 0
        {
            let more = if unsafe_fixable > 0 {
                format!(" ({unsafe_fixable} more with --unsafe-fixes)")
            } else {
                String::new()
            };
            writeln!(self.out, "{fixable} fixable with --fix{more}")?;
        }
        self.printer.finish(self.out)?;
        self.out.flush()?;
        if let (Some(path), Some(rec)) = (&args.write_baseline, &self.recorded) {
            let mut out = Output::create(Some(path))?;
            out.write_all(rec.to_json().as_bytes())?;
            out.finish()?;
            eprintln!(
                "mtlint: wrote {} finding{} to {}",
                rec.len(),
                if rec.len() == 1 { "" } else { "s" },
                path.display()
            );
        }
        Ok(if errors > 0 {
            ExitCode::from(2)
        } else if (failed > 0 || ((args.diff || args.exit_non_zero_on_fix) && changed > 0))
            && !args.exit_zero
            && self.recorded.is_none()
        {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}

impl Run<'_> {
    /// `--statistics`: each rule's findings over the run, most first, as a table or as JSON
    /// Lines.
    fn statistics(&mut self) -> io::Result<()> {
        let mut rows: Vec<RuleCount> = self.counts.rules.values().copied().collect();
        rows.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.code.cmp(b.code)));
        for r in &rows {
            if self.args.format == CheckFormat::Json {
                serde_json::to_writer(&mut *self.out, r)?;
                writeln!(self.out)?;
                continue;
            }
            let fixable = match (r.fixable, r.unsafe_fixable) {
                (0, 0) => String::new(),
                (n, 0) => format!("  [{n} fixable]"),
                (0, u) => format!("  [{u} fixable with --unsafe-fixes]"),
                (n, u) => format!("  [{n} fixable, {u} with --unsafe-fixes]"),
            };
            writeln!(
                self.out,
                "{:>6}  {}  {:<26}{fixable}",
                r.findings, r.code, r.name
            )?;
        }
        Ok(())
    }
}

fn read_input(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    if path.as_os_str() == EXAMPLE_NAME {
        Ok(EXAMPLE.as_bytes().to_vec())
    } else {
        decode::read_max(path, max)
    }
}

fn read_baseline(path: &Path) -> Result<Baseline, Fatal> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Fatal::new(format!(
            "{}: cannot read the baseline: {e}\n  hint: create it with --write-baseline {0}",
            path.display()
        ))
    })?;
    Baseline::from_json(&text).map_err(|e| {
        Fatal::new(format!(
            "{}: {e}\n  hint: write a new one with --write-baseline {0}",
            path.display()
        ))
    })
}
