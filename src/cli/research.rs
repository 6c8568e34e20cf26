//! The commands for measuring and tuning mtlint on labeled data: `mtlint eval` (metrics),
//! `mtlint train` (fitting the score's weights) and `mtlint packs` (the calque packs' hits on
//! human and machine-translated text).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mtlint::{decode, Linter, Weights};

use super::args::{EvalArgs, EvalFormat, LabeledArgs, TrainArgs};
use super::{build_linter, read_weights, set_threads, Fatal};

impl LabeledArgs {
    /// The linter these arguments select, and the labeled samples it scored.
    pub fn read(&self, by: Option<&str>) -> Result<(Linter, mtlint::eval::Labeled), Fatal> {
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
        Ok((linter, labeled))
    }
}

pub fn eval(args: EvalArgs) -> Result<ExitCode, Fatal> {
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

pub fn train(args: TrainArgs) -> Result<ExitCode, Fatal> {
    for (name, v) in [
        ("--likely-fpr", args.likely_fpr),
        ("--suspect-fpr", args.suspect_fpr),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(Fatal::new(format!(
                "{name} must be between 0 and 1, not {v}"
            )));
        }
    }
    if !(args.l2 >= 0.0 && args.l2.is_finite()) {
        return Err(Fatal::new(format!(
            "--l2 must be 0 or more, not {}",
            args.l2
        )));
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
        Fatal::new(format!(
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
