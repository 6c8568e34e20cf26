//! The commands for measuring and tuning mtlint on labeled data: `mtlint eval` (metrics),
//! `mtlint train` (fitting the score's weights) and `mtlint packs` (the calque packs' hits on
//! human and machine-translated text).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::collections::BTreeMap;

use mtlint::train::{Manifest, TrainSample};
use mtlint::{decode, Linter, Weights};

use super::args::{EvalArgs, EvalFormat, LabeledArgs, TrainArgs};
use super::output::Output;
use super::{build_linter, set_threads, Fatal};

impl LabeledArgs {
    /// The linter these arguments select, and the labeled samples it scored.
    pub fn read(
        &self,
        by: Option<&str>,
        only: Option<&str>,
    ) -> Result<(Linter, mtlint::eval::Labeled), Fatal> {
        if let Some(n) = self.jobs {
            set_threads(n)?;
        }
        let linter = build_linter(&self.rules)?;
        let only = match only {
            None => None,
            Some(o) => {
                let (f, v) = o
                    .split_once('=')
                    .ok_or_else(|| Fatal::new(format!("--only expects FIELD=VALUE, not `{o}`")))?;
                Some((f.to_string(), v.to_string()))
            }
        };
        let fields = mtlint::eval::LabeledFields {
            text: self.text_field.clone(),
            label: self.label_field.clone(),
            positive: self.positive.clone(),
            pair: Some(self.pair_field.clone()),
            by: by.map(str::to_string),
            register: None,
            only,
        };
        let paths: Vec<&Path> = self.files.iter().map(PathBuf::as_path).collect();
        let labeled = mtlint::eval::read_labeled(&linter, &paths, &fields)?;
        warn_skipped(&labeled);
        if labeled.samples.is_empty() {
            return Err(Fatal::new(format!(
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
        check_positive(&labeled, &self.positive)?;
        Ok((linter, labeled))
    }
}

fn warn_skipped(labeled: &mtlint::eval::Labeled) {
    if !labeled.skipped.is_empty() {
        eprintln!(
            "mtlint: warning: {} records skipped (no usable text or label):",
            labeled.skipped.len()
        );
        for e in labeled.skipped.iter().take(5) {
            eprintln!("  {e}");
        }
    }
}

/// A positive label that matches no record, where the records carry several labels, is a
/// mistake (a wrong case, a wrong name), not a data set without positives.
fn check_positive(labeled: &mtlint::eval::Labeled, positive: &str) -> Result<(), Fatal> {
    if labeled.labels.len() > 1 && !labeled.labels.contains(positive) {
        return Err(Fatal::new(format!(
            "no record has the positive label `{positive}`; the labels are {}",
            labeled
                .labels
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

pub fn eval(args: EvalArgs) -> Result<ExitCode, Fatal> {
    let (linter, labeled) = args.data.read(args.by.as_deref(), args.only.as_deref())?;
    let e = mtlint::eval::evaluate(&labeled.samples, linter.weights().thresholds);
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

/// Reads every source of the manifest into training samples.
fn read_sources(m: &Manifest, data: &Path) -> Result<Vec<TrainSample>, Fatal> {
    let linter = Linter::new().with_all_patterns(true);
    let mut out = Vec::new();
    for (k, src) in m.sources.iter().enumerate() {
        let register = src
            .register_field
            .clone()
            .or_else(|| src.native_where.as_ref().map(|w| w[0].clone()));
        let fields = mtlint::eval::LabeledFields {
            text: "text".into(),
            label: src.label_field.clone(),
            positive: src.positive.clone(),
            pair: Some(src.pair_field.clone()),
            by: src.group_field.clone(),
            register,
            only: src.only.clone().map(|[f, v]| (f, v)),
        };
        let paths: Vec<PathBuf> = src.files.iter().map(|f| data.join(f)).collect();
        for p in &paths {
            if !p.is_file() {
                return Err(Fatal::new(format!(
                    "{}: not found (source `{}` of the manifest; --data names the directory its \
                     paths are relative to)",
                    p.display(),
                    src.name
                )));
            }
        }
        let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        let labeled = mtlint::eval::read_labeled(&linter, &refs, &fields)?;
        warn_skipped(&labeled);
        if !src.native {
            check_positive(&labeled, &src.positive)?;
        }
        eprintln!(
            "mtlint: source {}: {} documents ({} positive)",
            src.name,
            labeled.samples.len(),
            labeled.samples.iter().filter(|s| s.positive).count()
        );
        for mut s in labeled.samples {
            let group = s
                .group
                .clone()
                .or_else(|| src.group.clone())
                .unwrap_or_else(|| src.name.clone());
            let (native, register) = if src.native {
                (
                    !s.positive,
                    s.register.take().or_else(|| src.register.clone()),
                )
            } else if let Some([_, want]) = &src.native_where {
                let hit = !s.positive && s.register.as_deref() == Some(want.as_str());
                (hit, hit.then(|| src.register.clone()).flatten())
            } else {
                (false, None)
            };
            s.group = Some(group.clone());
            out.push(TrainSample {
                sample: s,
                source: k,
                group,
                native,
                register,
            });
        }
    }
    Ok(out)
}

fn lolo_report(
    d: &mtlint::train::Design,
    samples: &[TrainSample],
    m: &Manifest,
    prior: &BTreeMap<String, f64>,
    opts: &mtlint::train::Options,
) -> (f64, String) {
    let (held, predictions) = mtlint::train::leave_one_group_out(d, samples, m, prior, opts);
    let mut out = format!("leave-one-group-out, l2 = {}:\n", opts.l2);
    let aucs: Vec<f64> = held.iter().filter_map(|h| h.roc_auc).collect();
    for h in &held {
        out.push_str(&format!(
            "  {:<10} {:>6} documents  AUC {}\n",
            h.group,
            h.documents,
            h.roc_auc.map_or("-".into(), |a| format!("{a:.3}"))
        ));
    }
    let mean = aucs.iter().sum::<f64>() / aucs.len().max(1) as f64;
    out.push_str(&format!(
        "  mean AUC {mean:.3}\n  by length (held-out documents pooled):\n"
    ));
    for band in mtlint::eval::BANDS {
        let scored: Vec<(f64, bool)> = predictions
            .iter()
            .filter(|(i, _)| samples[*i].sample.band() == band)
            .map(|&(i, z)| (z, samples[i].sample.positive))
            .collect();
        out.push_str(&format!(
            "    {band:<8} {:>6} documents  AUC {}\n",
            scored.len(),
            mtlint::eval::roc_auc(&scored).map_or("-".into(), |a| format!("{a:.3}"))
        ));
    }
    (mean, out)
}

pub fn train(args: TrainArgs) -> Result<ExitCode, Fatal> {
    if let Some(n) = args.jobs {
        set_threads(n)?;
    }
    let (manifest_name, manifest_text) = match &args.manifest {
        Some(p) => (
            p.display().to_string(),
            std::fs::read_to_string(p)
                .map_err(|e| Fatal::new(format!("{}: cannot read: {e}", p.display())))?,
        ),
        None => (
            "src/data/training.toml (built in)".to_string(),
            mtlint::train::DEFAULT_MANIFEST.to_string(),
        ),
    };
    let m = Manifest::from_toml(&manifest_text)
        .map_err(|e| Fatal::new(format!("{manifest_name}: {e}")))?;
    let prior: BTreeMap<String, f64> = match &args.prior {
        None => Weights::prior(),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Fatal::new(format!("{}: cannot read: {e}", p.display())))?;
            Weights::prior_from_toml(&text)
                .map_err(|e| Fatal::new(format!("{}: {e}", p.display())))?
        }
    };
    for v in &args.l2 {
        if !(*v > 0.0 && v.is_finite()) {
            return Err(Fatal::new(format!("--l2 must be positive, not {v}")));
        }
    }
    let samples = read_sources(&m, &args.data)?;
    let mut report = String::new();
    let mut l2 = m.l2;
    let candidates = if args.l2.is_empty() {
        vec![m.l2]
    } else {
        args.l2.clone()
    };
    if args.lolo || candidates.len() > 1 {
        let d = mtlint::train::design(&samples, &m);
        let mut best = f64::NEG_INFINITY;
        for &c in &candidates {
            let opts = mtlint::train::Options {
                l2: c,
                max_iterations: 1000,
            };
            let (mean, text) = lolo_report(&d, &samples, &m, &prior, &opts);
            eprint!("{text}");
            report.push_str(&text);
            if mean > best {
                best = mean;
                l2 = c;
            }
        }
    }
    let opts = mtlint::train::Options {
        l2,
        max_iterations: 1000,
    };
    let t = mtlint::train::train(&samples, &m, &prior, &opts)?;
    let positives = samples.iter().filter(|s| s.sample.positive).count();
    let mut registers = String::new();
    for (r, n, likely, suspect) in &t.registers {
        registers.push_str(&format!(
            "\n  {r}: {n} documents, {:.1}% likely-mt, {:.1}% suspect or more",
            100.0 * likely,
            100.0 * suspect
        ));
    }
    let summary =
        format!(
        "trained on {} documents ({} positive) with l2 = {l2}, min-df = {}: {} rule, {} feature \
         and {} pattern weights; {} L-BFGS iterations{}; rules held at zero: {}\n\
         cross-validated AUC (grouped by pair) {}; calibration mt = sigma({:.4} * logit {:+.4})\n\
         thresholds: suspect {}, likely-mt {}\n\
         held-out native English per register:{registers}\n",
        samples.len(),
        positives,
        m.min_df,
        t.model.rules.len(),
        t.model.features.len(),
        t.model.pattern_weights().len(),
        t.outcome.iterations,
        if t.outcome.converged { "" } else { " (not converged)" },
        if t.held.is_empty() {
            "none".to_string()
        } else {
            t.held.join(", ")
        },
        t.cv_auc.map_or("-".into(), |a| format!("{a:.3}")),
        t.calibration.0,
        t.calibration.1,
        t.model.thresholds.suspect,
        t.model.thresholds.likely_mt,
    );
    eprint!("{summary}");
    report.push_str(&summary);
    let header = format!(
        "mtlint's model for `mt`, written by `mtlint train` (see docs/evaluation.md).\n\
         Manifest: {manifest_name}. Reproduce: mtlint train --data <data dir> -o <file>\n\n{summary}"
    );
    let text = mtlint::train::to_toml(&t.model, &header);
    write_whole(&args.output, text.as_bytes())?;
    if let Some(r) = &args.report {
        write_whole(r, report.as_bytes())?;
    }
    eprintln!("wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}

/// Writes a file whole or not at all, as every output is written ([`Output`]).
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), Fatal> {
    let mut out = Output::create(Some(path))?;
    out.write_all(bytes)?;
    Ok(out.finish()?)
}

pub fn packs(files: &[PathBuf]) -> Result<ExitCode, Fatal> {
    let mut records = Vec::new();
    for f in files {
        let bytes = decode::read_all(f)
            .map_err(|e| Fatal::new(format!("{}: cannot read: {e}", f.display())))?;
        records.extend(mtlint::eval::packs::jsonl_records(
            &String::from_utf8_lossy(&bytes),
        ));
    }
    if records.is_empty() {
        return Err(Fatal::new(
            "no records with `text` and a known `origin` or `label` (human or mt)",
        ));
    }
    let table = mtlint::eval::packs::pack_table(records.iter().map(|(g, t)| (*g, t.as_str())));
    write!(io::stdout().lock(), "{}", table.to_tsv())?;
    Ok(ExitCode::SUCCESS)
}
