//! Reading one configuration file: the TOML as written (unknown keys denied), checked against
//! the rule registry, into a [`Config`] of [`Layer`]s with the line and column of every error.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use super::layer::Layer;
use super::{ConfigError, FailAt, FailOn, FailOnArtifacts, FILE_NAME, GENERIC_HINT};
use crate::rule::Severity;
use crate::rules;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileToml {
    #[serde(default)]
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    extensions: Option<Vec<Spanned<String>>>,
    fail_at: Option<Spanned<toml::Value>>,
    fail_on: Option<Spanned<String>>,
    fail_on_artifacts: Option<Spanned<Vec<String>>>,
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

/// A loaded, checked configuration file.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// The directory globs are relative to.
    root: PathBuf,
    pub(super) base: Layer,
    pub(super) overrides: Vec<(GlobSet, Layer)>,
    exclude: Option<GlobSet>,
    /// `extensions`: the files a directory walk checks (normalized: `md`, not `.MD`).
    pub extensions: Option<Vec<String>>,
    pub fail_at: Option<FailAt>,
    pub fail_on: Option<FailOn>,
    pub fail_on_artifacts: Option<FailOnArtifacts>,
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

    /// Where `key = ` is written inside `within` (a table's span): the key's own line, for an
    /// error about it; the table's span when it cannot be found.
    fn key_span(&self, within: Range<usize>, key: &str) -> Range<usize> {
        // The span of a `[table]` may cover only its header: its keys run to the next header.
        let end = within.end.min(self.text.len());
        let end = self.text[end..]
            .find("\n[")
            .map_or(self.text.len(), |i| end + i);
        let region = self.text.get(within.start..end).unwrap_or_default();
        let mut at = 0;
        for line in region.split_inclusive('\n') {
            let t = line.trim_start();
            let rest = t
                .strip_prefix(key)
                .or_else(|| t.strip_prefix(&format!("\"{key}\"")));
            if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
                let start = within.start + at + (line.len() - t.len());
                return start..start + key.len();
            }
            if let Some(i) = line.find('{') {
                // An inline table: `run-together-words = { severty = "error" }`.
                let inner = &line[i..];
                let found = inner
                    .find(&format!("{key} ="))
                    .or_else(|| inner.find(&format!("{key}=")));
                if let Some(j) = found {
                    let start = within.start + at + i + j;
                    return start..start + key.len();
                }
            }
            at += line.len();
        }
        within
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
                    let mut candidates = vec!["severity"];
                    candidates.extend(&known);
                    return Err(self.error(
                        span.clone().map(|r| self.key_span(r, name)),
                        format!("[rules.{key}]: unknown key `{name}`"),
                        &format!(
                            "{}{} {} takes `severity`{}",
                            did_you_mean(name, &candidates)
                                .map_or(String::new(), |c| format!("did you mean `{c}`? ")),
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

/// The candidate closest to `word` when it is close enough to be a misspelling: at most one
/// edit in four letters (and at least one).
pub(crate) fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let word: Vec<char> = word.to_lowercase().chars().collect();
    let limit = (word.len() / 4).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(&word, &c.chars().collect::<Vec<_>>()), *c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the closest expected field.
fn unknown_field_suggestion(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    did_you_mean(field, &expected)
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
        let file: FileToml = toml::from_str(text).map_err(|e| {
            let message = e.message().trim();
            let hint = unknown_field_suggestion(message).map_or(GENERIC_HINT.to_string(), |c| {
                format!("did you mean `{c}`? Or {GENERIC_HINT}")
            });
            src.error(e.span(), message, &hint)
        })?;
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
        let fail_on_artifacts = file
            .fail_on_artifacts
            .as_ref()
            .map(|v| {
                FailOnArtifacts::parse(&v.get_ref().join(",")).map_err(|e| {
                    src.error(
                        Some(v.span()),
                        e,
                        "for example `fail-on-artifacts = [\"debris\", \"encoding\"]`",
                    )
                })
            })
            .transpose()?;
        let extensions = file
            .extensions
            .as_ref()
            .map(|exts| {
                exts.iter()
                    .map(|e| {
                        let ext = crate::walk::normalize_extension(e.get_ref());
                        if ext.is_empty() || ext.contains(['/', '\\', '*']) {
                            Err(src.error(
                                Some(e.span()),
                                format!("`{}` is not a file extension", e.get_ref()),
                                "for example `extensions = [\"txt\", \"md\", \"rst\"]`",
                            ))
                        } else {
                            Ok(ext)
                        }
                    })
                    .collect::<Result<Vec<_>, _>>()
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
            extensions,
            fail_at,
            fail_on,
            fail_on_artifacts,
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
    pub(super) fn overrides_for(&self, file: &Path) -> Vec<usize> {
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
pub(super) fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::testing::parse;
    use crate::score::Verdict;

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
    fn extensions_are_normalized_and_checked() {
        let c = parse("extensions = [\".TXT\", \"rst\"]").unwrap();
        assert_eq!(
            c.extensions.as_deref(),
            Some(&["txt".to_string(), "rst".into()][..])
        );
        assert!(parse("").unwrap().extensions.is_none());
        let e = parse("extensions = [\"*.md\"]").unwrap_err();
        assert_eq!(e.position, Some((1, 15)), "{e}");
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
