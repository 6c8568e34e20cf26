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

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::allow::Allowlist;
use crate::rule::Severity;
use crate::score::{Verdict, Weights};
use crate::{rules, Linter, Report};

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

const GENERIC_HINT: &str = "fix the file (`mtlint init --force` writes a commented default), or \
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

/// When `mtlint check` exits 1 for a document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FailPolicy {
    /// A score at or above this fails.
    pub score: f64,
    /// A finding at or above this severity fails; `None`: findings alone never fail.
    pub severity: Option<Severity>,
}

impl FailPolicy {
    /// True when the report fails: a score at or above the threshold, or a finding (or a
    /// suppression warning, which counts as a warning) at or above the severity. With `new_only` (a baseline in use, its findings already
    /// removed from the report), a score over the threshold fails only with new findings.
    pub fn fails(&self, report: &Report, new_only: bool) -> bool {
        let by_score =
            report.score.score >= self.score && !(new_only && report.findings.is_empty());
        // Warnings about suppression comments count as warnings.
        let by_severity = self.severity.is_some_and(|s| {
            report.findings.iter().any(|f| f.severity >= s)
                || (s <= Severity::Warning && !report.suppression_warnings.is_empty())
        });
        by_score || by_severity
    }
}

// ---- The file as written -------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileToml {
    #[serde(default)]
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    fail_at: Option<Spanned<toml::Value>>,
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<RuleToml>>,
    #[serde(default)]
    allow: AllowToml,
    #[serde(default)]
    overrides: Vec<Spanned<OverrideToml>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowToml {
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    terms: Vec<String>,
}

/// `[rules.<code or name>]`: `severity` and the rule's options (checked against the rule's
/// declared options after parsing, since serde cannot deny unknown keys of a flattened table).
#[derive(Debug, Deserialize)]
struct RuleToml {
    severity: Option<Severity>,
    #[serde(flatten)]
    options: toml::Table,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideToml {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<RuleToml>>,
    #[serde(default)]
    allow: AllowToml,
}

// ---- Resolved settings ---------------------------------------------------------------------

/// Rule settings at one level: a configuration file, one of its overrides, the command line.
#[derive(Debug, Clone, Default)]
pub struct Layer {
    /// When set, exactly these rules (codes).
    pub select: Option<Vec<&'static str>>,
    pub ignore: Vec<&'static str>,
    pub severities: Vec<(&'static str, Severity)>,
    pub options: Vec<(&'static str, toml::Table)>,
    pub allow_names: Vec<String>,
    pub allow_terms: Vec<String>,
}

impl Layer {
    /// A layer from `--select` and `--ignore` style lists (codes, names or categories).
    pub fn from_lists<S: AsRef<str>>(select: &[S], ignore: &[S]) -> Result<Layer, String> {
        Ok(Layer {
            select: if select.is_empty() {
                None
            } else {
                Some(rules::resolve(select)?)
            },
            ignore: rules::resolve(ignore)?,
            ..Layer::default()
        })
    }
}

/// Settings accumulated over layers, ready to configure a [`Linter`].
#[derive(Debug, Clone)]
struct Settings {
    rules: Vec<&'static str>,
    severities: BTreeMap<&'static str, Severity>,
    options: BTreeMap<&'static str, toml::Table>,
    allow_names: Vec<String>,
    allow_terms: Vec<String>,
}

impl Settings {
    fn all() -> Self {
        Settings {
            rules: rules::metas().map(|m| m.code).collect(),
            severities: BTreeMap::new(),
            options: BTreeMap::new(),
            allow_names: Vec::new(),
            allow_terms: Vec::new(),
        }
    }

    fn apply(&mut self, layer: &Layer) {
        if let Some(select) = &layer.select {
            self.rules = select.clone();
        }
        self.rules.retain(|c| !layer.ignore.contains(c));
        self.severities.extend(layer.severities.iter().copied());
        for (code, table) in &layer.options {
            let entry = self.options.entry(code).or_default();
            entry.extend(table.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        self.allow_names.extend(layer.allow_names.iter().cloned());
        self.allow_terms.extend(layer.allow_terms.iter().cloned());
    }

    fn configure(self, base: Linter) -> Result<Linter, String> {
        let mut linter = base
            .with_rule_codes(&self.rules)
            .with_allowlist(Allowlist::new(&self.allow_names, &self.allow_terms)?);
        for (code, s) in self.severities {
            linter = linter.with_severity(code, s);
        }
        for (code, t) in self.options {
            linter = linter.with_options(code, t);
        }
        Ok(linter)
    }
}

/// A loaded, checked configuration file.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// The directory globs are relative to.
    root: PathBuf,
    base: Layer,
    overrides: Vec<(GlobSet, Layer)>,
    exclude: Option<GlobSet>,
    pub fail_at: Option<FailAt>,
    pub fail_on: Option<FailOn>,
}

/// Turns byte offsets into line and column and builds errors, for one file being parsed.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    fn error(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        hint: &str,
    ) -> ConfigError {
        let position = span.map(|r| {
            let before = &self.text[..r.start.min(self.text.len())];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, col)
        });
        ConfigError {
            path: self.path.to_path_buf(),
            position,
            message: message.into(),
            hint: hint.to_string(),
        }
    }

    fn codes(&self, keys: &[Spanned<String>]) -> Result<Vec<&'static str>, ConfigError> {
        let mut out = Vec::new();
        for k in keys {
            out.extend(rules::resolve(&[k.get_ref()]).map_err(|e| {
                self.error(
                    Some(k.span()),
                    e,
                    "`mtlint rules` lists the codes and names",
                )
            })?);
        }
        Ok(out)
    }

    fn globs(&self, patterns: &[Spanned<String>]) -> Result<Option<GlobSet>, ConfigError> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            let glob = Glob::new(p.get_ref()).map_err(|e| {
                self.error(
                    Some(p.span()),
                    format!("bad glob `{}`: {e}", p.get_ref()),
                    "globs look like `docs/**/*.md`",
                )
            })?;
            b.add(glob);
        }
        b.build()
            .map(Some)
            .map_err(|e| self.error(None, e.to_string(), GENERIC_HINT))
    }

    fn layer(
        &self,
        select: &Option<Vec<Spanned<String>>>,
        ignore: &[Spanned<String>],
        rules_tables: &BTreeMap<String, Spanned<RuleToml>>,
        allow: &AllowToml,
    ) -> Result<Layer, ConfigError> {
        let mut layer = Layer {
            select: select.as_deref().map(|s| self.codes(s)).transpose()?,
            ignore: self.codes(ignore)?,
            allow_names: allow.names.clone(),
            allow_terms: allow.terms.clone(),
            ..Layer::default()
        };
        if let Some(e) = allow
            .names
            .iter()
            .chain(&allow.terms)
            .find(|e| e.trim().is_empty())
        {
            return Err(self.error(
                None,
                format!("[allow] has an empty entry `{e}`"),
                "remove it",
            ));
        }
        for (key, table) in rules_tables {
            let span = Some(table.span());
            let rule = rules::find(key).ok_or_else(|| {
                self.error(
                    span.clone(),
                    format!("[rules.{key}]: no rule `{key}`"),
                    "use a rule code or name; `mtlint rules` lists them",
                )
            })?;
            let meta = rule.meta();
            let table = table.get_ref();
            if let Some(s) = table.severity {
                layer.severities.push((meta.code, s));
            }
            for (name, value) in &table.options {
                let known: Vec<&str> = meta.options.iter().map(|o| o.name).collect();
                if meta.option(name).is_none() {
                    return Err(self.error(
                        span,
                        format!("[rules.{key}]: unknown key `{name}`"),
                        &format!(
                            "{} {} takes `severity`{}",
                            meta.code,
                            meta.name,
                            known
                                .iter()
                                .fold(String::new(), |acc, k| acc + ", `" + k + "`")
                        ),
                    ));
                }
                if value.as_integer().is_none_or(|i| i < 0) {
                    return Err(self.error(
                        span,
                        format!(
                            "[rules.{key}]: `{name}` must be a whole number, not {}",
                            describe(value)
                        ),
                        &format!(
                            "for example `{name} = {}`",
                            meta.option(name).map_or(0, |o| o.default)
                        ),
                    ));
                }
            }
            if !table.options.is_empty() {
                layer.options.push((meta.code, table.options.clone()));
            }
        }
        Ok(layer)
    }
}

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            position: None,
            message: format!("cannot read the configuration: {e}"),
            hint: "check the path given with --config".into(),
        })?;
        Config::parse(&text, path)
    }

    /// Parses configuration text; `path` names the file in errors, and its directory is the
    /// root of the globs.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let src = Source { path, text };
        let file: FileToml = toml::from_str(text)
            .map_err(|e| src.error(e.span(), e.message().trim(), GENERIC_HINT))?;
        let base = src.layer(&file.select, &file.ignore, &file.rules, &file.allow)?;
        let mut overrides = Vec::with_capacity(file.overrides.len());
        for o in &file.overrides {
            let span = o.span();
            let o = o.get_ref();
            let globs = src.globs(&o.paths)?.ok_or_else(|| {
                src.error(
                    Some(span),
                    "[[overrides]] needs at least one glob in `paths`",
                    "for example `paths = [\"docs/**\"]`",
                )
            })?;
            overrides.push((globs, src.layer(&o.select, &o.ignore, &o.rules, &o.allow)?));
        }
        let fail_at = file
            .fail_at
            .as_ref()
            .map(|v| {
                let parsed = match v.get_ref() {
                    toml::Value::String(s) => FailAt::parse(s),
                    toml::Value::Float(x) => FailAt::parse(&x.to_string()),
                    toml::Value::Integer(i) => FailAt::parse(&i.to_string()),
                    other => Err(format!(
                        "fail-at must be `suspect`, `likely-mt` or a number between 0 and 1, \
                         not {}",
                        describe(other)
                    )),
                };
                parsed.map_err(|e| {
                    src.error(Some(v.span()), e, "for example `fail-at = \"likely-mt\"`")
                })
            })
            .transpose()?;
        let fail_on = file
            .fail_on
            .as_ref()
            .map(|v| {
                FailOn::parse(v.get_ref())
                    .map_err(|e| src.error(Some(v.span()), e, "for example `fail-on = \"error\"`"))
            })
            .transpose()?;
        let root = path
            .parent()
            .map(absolute)
            .unwrap_or_else(|| absolute(Path::new(".")));
        Ok(Config {
            path: path.to_path_buf(),
            root,
            base,
            overrides,
            exclude: src.globs(&file.exclude)?,
            fail_at,
            fail_on,
        })
    }

    /// The nearest configuration file in `dir` or above it.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        absolute(dir)
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// The file's path relative to the configuration's directory, when it is below it.
    fn relative(&self, file: &Path) -> Option<PathBuf> {
        absolute(file)
            .strip_prefix(&self.root)
            .ok()
            .map(Path::to_path_buf)
    }

    /// True when the file matches an `exclude` glob.
    pub fn is_excluded(&self, file: &Path) -> bool {
        match (&self.exclude, self.relative(file)) {
            (Some(g), Some(rel)) => g.is_match(&rel),
            _ => false,
        }
    }

    /// The indices of the overrides that apply to the file.
    fn overrides_for(&self, file: &Path) -> Vec<usize> {
        let Some(rel) = self.relative(file) else {
            return Vec::new();
        };
        (0..self.overrides.len())
            .filter(|&i| self.overrides[i].0.is_match(&rel))
            .collect()
    }
}

/// A TOML value for an error message.
fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(x) => x.to_string(),
        toml::Value::String(s) => format!("the string {s:?}"),
        other => format!("a {}", other.type_str()),
    }
}

/// The path made absolute and, when it exists, canonical (so that `..` and symlinks do not
/// defeat the globs).
fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

// ---- Per-file resolution -------------------------------------------------------------------

/// Where configuration comes from.
#[derive(Debug, Clone)]
pub enum ConfigSource {
    /// The nearest `mtlint.toml` above each file.
    Discover,
    /// One file for every checked file (`--config`).
    File(PathBuf),
    /// No configuration (`--no-config`).
    None,
}

/// What the command line sets; it wins over every configuration file.
#[derive(Debug, Clone, Default)]
pub struct CliSettings {
    pub layer: Layer,
    pub fail_at: Option<FailAt>,
    pub fail_on: Option<FailOn>,
}

/// How to check one file.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub linter: Arc<Linter>,
    pub fail: FailPolicy,
    /// The configuration file used, if any.
    pub config: Option<PathBuf>,
}

/// Finds and caches the configuration and the configured linter for each checked file.
#[derive(Debug)]
pub struct Resolver {
    source: ConfigSource,
    base: Linter,
    cli: CliSettings,
    configs: Vec<Arc<Config>>,
    /// Directory → index into `configs` of the configuration found from there.
    dirs: HashMap<PathBuf, Option<usize>>,
    /// (configuration, matching overrides) → settings.
    cache: HashMap<(Option<usize>, Vec<usize>), FileSettings>,
}

impl Resolver {
    /// `base` carries what is not per file (weights, language). A `--config` file is read now.
    pub fn new(source: ConfigSource, base: Linter, cli: CliSettings) -> Result<Self, ConfigError> {
        let mut r = Resolver {
            source,
            base,
            cli,
            configs: Vec::new(),
            dirs: HashMap::new(),
            cache: HashMap::new(),
        };
        if let ConfigSource::File(p) = &r.source {
            r.configs.push(Arc::new(Config::load(p)?));
        }
        Ok(r)
    }

    /// The configuration that applies to `file` (`-` and other non-files: from the current
    /// directory).
    fn config_index(&mut self, file: &Path) -> Result<Option<usize>, ConfigError> {
        match self.source {
            ConfigSource::None => return Ok(None),
            ConfigSource::File(_) => return Ok(Some(0)),
            ConfigSource::Discover => {}
        }
        let dir = match file.parent() {
            Some(d) if file.is_file() && !d.as_os_str().is_empty() => absolute(d),
            _ => absolute(Path::new(".")),
        };
        if let Some(&i) = self.dirs.get(&dir) {
            return Ok(i);
        }
        let found = match Config::discover(&dir) {
            None => None,
            Some(path) => match self.configs.iter().position(|c| c.path == path) {
                Some(i) => Some(i),
                None => {
                    self.configs.push(Arc::new(Config::load(&path)?));
                    Some(self.configs.len() - 1)
                }
            },
        };
        self.dirs.insert(dir, found);
        Ok(found)
    }

    /// How to check `file`; `None` when the configuration excludes it.
    pub fn resolve(&mut self, file: &Path) -> Result<Option<FileSettings>, ConfigError> {
        let index = self.config_index(file)?;
        let config = index.map(|i| Arc::clone(&self.configs[i]));
        if config.as_ref().is_some_and(|c| c.is_excluded(file)) {
            return Ok(None);
        }
        let matched = config
            .as_ref()
            .map_or_else(Vec::new, |c| c.overrides_for(file));
        let key = (index, matched);
        if let Some(s) = self.cache.get(&key) {
            return Ok(Some(s.clone()));
        }
        let mut settings = Settings::all();
        if let Some(c) = &config {
            settings.apply(&c.base);
            for &i in &key.1 {
                settings.apply(&c.overrides[i].1);
            }
        }
        settings.apply(&self.cli.layer);
        let linter = settings
            .configure(self.base.clone())
            .map_err(|e| ConfigError {
                path: config
                    .as_ref()
                    .map_or_else(PathBuf::new, |c| c.path.clone()),
                position: None,
                message: e,
                hint: GENERIC_HINT.into(),
            })?;
        let fail_at = self
            .cli
            .fail_at
            .or(config.as_ref().and_then(|c| c.fail_at))
            .unwrap_or(FailAt::Verdict(Verdict::LikelyMt));
        let fail_on = self
            .cli
            .fail_on
            .or(config.as_ref().and_then(|c| c.fail_on))
            .unwrap_or(FailOn(Some(Severity::Error)));
        let out = FileSettings {
            fail: FailPolicy {
                score: fail_at.threshold(linter.weights()),
                severity: fail_on.0,
            },
            linter: Arc::new(linter),
            config: config.map(|c| c.path.clone()),
        };
        self.cache.insert(key, out.clone());
        Ok(Some(out))
    }
}

// ---- mtlint init ---------------------------------------------------------------------------

/// The commented configuration `mtlint init` writes: every setting, at its default, commented
/// out, with the options of every rule that has some.
pub fn default_config() -> String {
    let mut out = String::from(
        r#"# mtlint configuration. mtlint uses the nearest mtlint.toml at or above each checked file;
# command-line flags win over it. `mtlint rules` lists the rules, `mtlint explain CODE` explains one.

# Rules to run, by code (MT101), name (run-together-words) or category (translation, artifact,
# typography, encoding, debris). `select` replaces the set (default: every rule), `ignore`
# removes from it.
# select = ["translation", "artifact"]
# ignore = ["mixed-quote-styles"]

# Files not to check, as globs relative to this file's directory.
# exclude = ["vendor/**", "**/drafts/**"]

# `mtlint check` exits 1 when a document's score reaches `fail-at` ("suspect", "likely-mt" or a
# number between 0 and 1), or when a finding has at least the severity `fail-on` ("info",
# "warning", "error" or "never").
# fail-at = "likely-mt"
# fail-on = "error"

# Per rule (by code or name): the severity ("info", "warning", "error") and the rule's options.
# [rules.MT201]
# severity = "warning"
"#,
    );
    for m in rules::metas().filter(|m| !m.options.is_empty()) {
        let _ = writeln!(out, "# [rules.{}]", m.name);
        for o in m.options {
            let _ = writeln!(out, "# {} = {}  # {}", o.name, o.default, o.summary);
        }
    }
    out.push_str(
        r#"
# Names and terms that are correct as written: findings on them are not reported. Names match
# case-sensitively, terms ignoring case; both as whole words.
[allow]
names = []
terms = []

# Settings for some paths only: `paths` globs relative to this file's directory, and any of
# `select`, `ignore`, `[overrides.rules.<rule>]` and `[overrides.allow]`.
# [[overrides]]
# paths = ["docs/translations/**"]
# ignore = ["translation"]
"#,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/project/mtlint.toml"))
    }

    fn settings(config: &Config, file: &str) -> Settings {
        let mut s = Settings::all();
        s.apply(&config.base);
        for i in config.overrides_for(Path::new(file)) {
            s.apply(&config.overrides[i].1);
        }
        s
    }

    #[test]
    fn the_default_config_parses_and_changes_nothing() {
        let c = parse(&default_config()).unwrap();
        assert_eq!(
            settings(&c, "/project/a.txt").rules.len(),
            rules::RULES.len()
        );
        assert!(c.fail_at.is_none() && c.fail_on.is_none());
        for m in rules::metas() {
            for o in m.options {
                assert!(default_config().contains(&format!("# {} = {}", o.name, o.default)));
            }
        }
    }

    #[test]
    fn unknown_keys_name_the_key_the_file_and_the_line() {
        let e = parse("select = [\"MT101\"]\nfail_at = 0.5\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("/project/mtlint.toml:2:1"), "{msg}");
        assert!(msg.contains("fail_at"), "{msg}");
        let e = parse("[rules.MT102]\nmin-wrods = 2\n").unwrap_err();
        assert!(e.message.contains("min-wrods"), "{e}");
        assert!(e.hint.contains("min-words"), "{e}");
        let e = parse("[rules.MT999]\nseverity = \"error\"\n").unwrap_err();
        assert!(e.message.contains("MT999"), "{e}");
        let e = parse("ignore = [\"debris\", \"nope\"]").unwrap_err();
        assert_eq!(e.position, Some((1, 21)));
        let e = parse("[rules.MT201]\nseverity = \"loud\"\n").unwrap_err();
        assert!(e.position.is_some() && e.message.contains("loud"), "{e}");
    }

    #[test]
    fn layers_select_ignore_and_overrides() {
        let c = parse(
            r#"
select = ["artifact", "debris"]
ignore = ["MT102"]
[rules.scrape-debris]
severity = "error"
[[overrides]]
paths = ["docs/**"]
ignore = ["debris"]
[overrides.rules.truncated-sentence]
min-words = 5
"#,
        )
        .unwrap();
        let top = settings(&c, "/project/a.txt");
        assert_eq!(top.rules, vec!["MT101", "MT401"]);
        assert_eq!(top.severities.get("MT401"), Some(&Severity::Error));
        let docs = settings(&c, "/project/docs/x/a.txt");
        assert_eq!(docs.rules, vec!["MT101"]);
        assert_eq!(docs.options["MT102"]["min-words"].as_integer(), Some(5));
        let mut cli = docs.clone();
        cli.apply(&Layer::from_lists(&["MT102"], &[]).unwrap());
        assert_eq!(cli.rules, vec!["MT102"], "the command line's select wins");
    }

    #[test]
    fn fail_levels() {
        let c = parse("fail-at = \"suspect\"\nfail-on = \"never\"").unwrap();
        assert_eq!(c.fail_at, Some(FailAt::Verdict(Verdict::Suspect)));
        assert_eq!(c.fail_on, Some(FailOn(None)));
        assert_eq!(
            parse("fail-at = 0.5").unwrap().fail_at,
            Some(FailAt::Score(0.5))
        );
        assert_eq!(
            parse("fail-at = 1").unwrap().fail_at,
            Some(FailAt::Score(1.0))
        );
        assert!(parse("fail-at = 2")
            .unwrap_err()
            .message
            .contains("between 0 and 1"));
        assert!(FailAt::parse("likely").is_err());
    }

    #[test]
    fn exclude_globs_are_relative_to_the_config() {
        let c = parse("exclude = [\"vendor/**\", \"*.log\"]").unwrap();
        assert!(c.is_excluded(Path::new("/project/vendor/a/b.txt")));
        assert!(c.is_excluded(Path::new("/project/x/y.log")));
        assert!(!c.is_excluded(Path::new("/project/docs/vendor.txt")));
        assert!(!c.is_excluded(Path::new("/elsewhere/vendor/a.txt")));
    }

    #[test]
    fn options_must_be_whole_numbers() {
        let e = parse("[rules.MT102]\nmin-words = \"3\"").unwrap_err();
        assert!(e.message.contains("whole number"), "{e}");
        let e = parse("[rules.MT101]\nmin-words = 3").unwrap_err();
        assert!(e.hint.contains("takes `severity`"), "{e}");
    }
}
