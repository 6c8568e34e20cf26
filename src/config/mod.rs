//! `mtlint.toml`: which rules run where, how loud they are, what counts as failure.
//!
//! A configuration file is found by walking up from each checked file's directory (or given
//! with `--config`). Its settings come in layers, applied in order to the full rule set: the
//! file's top level, then each `[[overrides]]` whose `paths` globs match the file, then the
//! command line. In each layer `select` replaces the set of rules and `ignore` removes from it;
//! severities, options and allowlist entries accumulate, later layers winning. Globs
//! (`exclude`, `overrides.paths`) are relative to the configuration file's directory.
//!
//! Parsing is strict: an unknown key is an error naming the key, the file and the line, so that
//! a misspelt setting never silently does nothing. [`default_config`] is the commented file
//! that `mtlint init` writes.
//!
//! The pieces: [`file`](mod@file) (reading and checking one file), [`layer`] (the settings of one level,
//! and their accumulation into a configured linter), [`resolve`] (which file and overrides
//! apply to each checked file, cached), [`init`] (the default file). What counts as failure is
//! here.

pub mod file;
pub mod init;
pub mod layer;
pub mod resolve;

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::linter::Report;
use crate::rule::Severity;
use crate::score::{Verdict, Weights};

pub use file::Config;
pub use init::default_config;
pub use layer::Layer;
pub use resolve::{CliSettings, ConfigSource, FileSettings, Resolver};

/// The name of the configuration file looked for in each directory.
pub const FILE_NAME: &str = "mtlint.toml";

/// A configuration error: the file, the line and column when known, what is wrong, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// One-based line and column.
    pub position: Option<(usize, usize)>,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}\n  hint: {}", self.message, self.hint)
    }
}

impl std::error::Error for ConfigError {}

pub(crate) const GENERIC_HINT: &str =
    "fix the file (`mtlint init --force` writes a commented default), or \
    run with --no-config to ignore configuration files";

/// When a document's score fails the check: at a verdict's threshold or at a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FailAt {
    Verdict(Verdict),
    Score(f64),
}

impl FailAt {
    /// `suspect`, `likely-mt`, or a number in [0, 1].
    pub fn parse(s: &str) -> Result<FailAt, String> {
        let s = s.trim();
        match s {
            "suspect" => Ok(FailAt::Verdict(Verdict::Suspect)),
            "likely-mt" => Ok(FailAt::Verdict(Verdict::LikelyMt)),
            _ => match s.parse::<f64>() {
                Ok(x) if (0.0..=1.0).contains(&x) => Ok(FailAt::Score(x)),
                Ok(x) => Err(format!("fail-at must be between 0 and 1, not {x}")),
                Err(_) => Err(format!(
                    "fail-at must be `suspect`, `likely-mt` or a number between 0 and 1, not `{s}`"
                )),
            },
        }
    }

    /// The score at or above which a document fails.
    pub fn threshold(self, weights: &Weights) -> f64 {
        match self {
            FailAt::Score(x) => x,
            FailAt::Verdict(Verdict::Suspect) => weights.thresholds.suspect,
            FailAt::Verdict(Verdict::LikelyMt) => weights.thresholds.likely_mt,
            FailAt::Verdict(Verdict::Clean) => 0.0,
            // Not accepted by `parse`: no threshold of `mt` means these.
            FailAt::Verdict(Verdict::TooShort | Verdict::Unsupported) => f64::INFINITY,
        }
    }
}

/// `fail-on`: the least severity of a finding that fails the check; `FailOn(None)` is `never`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailOn(pub Option<Severity>);

impl FailOn {
    /// `info`, `warning`, `error` or `never`.
    pub fn parse(s: &str) -> Result<FailOn, String> {
        if s.trim().eq_ignore_ascii_case("never") {
            return Ok(FailOn(None));
        }
        Severity::parse(s).map(|s| FailOn(Some(s))).ok_or_else(|| {
            format!(
                "fail-on must be `info`, `warning`, `error` or `never`, not `{}`",
                s.trim()
            )
        })
    }
}

/// `fail-on-artifacts`: the artifact categories whose findings fail a document by themselves
/// (none by default: artifacts are reported, `mt` decides).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FailOnArtifacts {
    pub artifact: bool,
    pub typography: bool,
    pub encoding: bool,
    pub debris: bool,
}

impl FailOnArtifacts {
    /// A comma-separated list of `artifact`, `typography`, `encoding`, `debris` (or `all`,
    /// `none`).
    pub fn parse(s: &str) -> Result<FailOnArtifacts, String> {
        let mut out = FailOnArtifacts::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "artifact" => out.artifact = true,
                "typography" => out.typography = true,
                "encoding" => out.encoding = true,
                "debris" => out.debris = true,
                "all" => {
                    out = FailOnArtifacts {
                        artifact: true,
                        typography: true,
                        encoding: true,
                        debris: true,
                    }
                }
                "none" => out = FailOnArtifacts::default(),
                other => {
                    return Err(format!(
                        "fail-on-artifacts takes `debris`, `encoding`, `artifact`, `typography`, \
                         `all` or `none`, not `{other}`"
                    ))
                }
            }
        }
        Ok(out)
    }

    /// True when the report has findings of a listed category.
    pub fn fails(&self, a: &crate::score::Artifacts) -> bool {
        !self.failing(a).is_empty()
    }

    /// The listed categories the report has findings of.
    pub fn failing(&self, a: &crate::score::Artifacts) -> Vec<&'static str> {
        [
            (self.debris, a.debris, "debris"),
            (self.encoding, a.encoding, "encoding"),
            (self.artifact, a.artifact, "artifact"),
            (self.typography, a.typography, "typography"),
        ]
        .into_iter()
        .filter(|&(on, n, _)| on && n > 0)
        .map(|(_, _, name)| name)
        .collect()
    }
}

/// When `mtlint check` exits 1 for a document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FailPolicy {
    /// A score at or above this fails.
    pub score: f64,
    /// What `fail-at` said (a verdict's name or a number), for messages.
    pub at: FailAt,
    /// A finding at or above this severity fails; `None`: findings alone never fail.
    pub severity: Option<Severity>,
    /// Artifact categories that fail by themselves.
    pub artifacts: FailOnArtifacts,
}

/// Why a document fails the check: each cause that applies, with the level it reached.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Failure {
    /// `mt` reached `fail-at`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<ScoreFailure>,
    /// Findings (suppression warnings count as warnings) reached `fail-on`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<FindingsFailure>,
    /// The `fail-on-artifacts` categories the document has findings of.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub artifacts: Vec<&'static str>,
}

/// `mt` at or above the `fail-at` threshold.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ScoreFailure {
    /// The document's `mt`, four decimals.
    pub mt: f64,
    /// The threshold (`fail-at`, or the threshold of the verdict it names).
    pub threshold: f64,
    /// The verdict `fail-at` names (`likely-mt`, `suspect`); absent for a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_at: Option<&'static str>,
}

/// Findings at or above the `fail-on` severity.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FindingsFailure {
    pub count: usize,
    pub fail_on: Severity,
}

impl Failure {
    /// The causes in words: `mt 0.98 is at or above fail-at likely-mt (0.90); ...`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.score {
            let at = match s.fail_at {
                Some(name) => format!("{name} ({:.2})", s.threshold),
                None => format!("{}", s.threshold),
            };
            parts.push(format!("mt {:.2} is at or above fail-at {at}", s.mt));
        }
        if let Some(f) = &self.findings {
            parts.push(format!(
                "{} at or above fail-on {}",
                crate::score::plural(f.count, "finding"),
                f.fail_on.as_str()
            ));
        }
        if !self.artifacts.is_empty() {
            parts.push(format!(
                "artifacts of fail-on-artifacts categories: {}",
                self.artifacts.join(", ")
            ));
        }
        parts.join("; ")
    }
}

impl FailPolicy {
    /// True when the report fails (see [`FailPolicy::failure`]).
    pub fn fails(&self, report: &Report, new_only: bool) -> bool {
        self.failure(report, new_only).is_some()
    }

    /// Why the report fails, or `None` when it passes: a score at or above the threshold, a
    /// finding (or a suppression warning, which counts as a warning) at or above the severity,
    /// or findings of a failing artifact category. With `new_only` (a baseline in use, its
    /// findings already removed from the report), a score over the threshold fails only with
    /// new findings.
    pub fn failure(&self, report: &Report, new_only: bool) -> Option<Failure> {
        // A document without an answer (too short, unsupported language) never fails on `mt`.
        let score = report
            .score
            .mt
            .filter(|&mt| {
                report.score.verdict >= Verdict::Clean
                    && mt >= self.score
                    && !(new_only && report.findings.is_empty())
            })
            .map(|mt| ScoreFailure {
                mt: (mt * 10_000.0).round() / 10_000.0,
                threshold: self.score,
                fail_at: match self.at {
                    FailAt::Verdict(v) => Some(v.as_str()),
                    FailAt::Score(_) => None,
                },
            });
        let findings = self.severity.and_then(|s| {
            // Warnings about suppression comments count as warnings.
            let count = report.findings.iter().filter(|f| f.severity >= s).count()
                + if s <= Severity::Warning {
                    report.suppression_warnings.len()
                } else {
                    0
                };
            (count > 0).then_some(FindingsFailure { count, fail_on: s })
        });
        let artifacts = self.artifacts.failing(&report.score.artifacts);
        (score.is_some() || findings.is_some() || !artifacts.is_empty()).then_some(Failure {
            score,
            findings,
            artifacts,
        })
    }
}

/// Helpers for the tests of the configuration modules.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;

    use super::layer::Settings;
    use super::{Config, ConfigError};

    /// Parses a configuration as `/project/mtlint.toml`.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/project/mtlint.toml"))
    }

    /// The settings of a file under the configuration (the command line left out).
    pub fn settings(config: &Config, file: &str) -> Settings {
        let mut s = Settings::all();
        s.apply(&config.base);
        for i in config.overrides_for(Path::new(file)) {
            s.apply(&config.overrides[i].1);
        }
        s
    }
}
