//! Which configuration applies to each checked file: the nearest `mtlint.toml` (or the one
//! given, or none), its overrides that match the file, and the command line; the configured
//! linter of each combination is built once and cached.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::file::absolute;
use super::layer::{Layer, Settings};
use super::{Config, ConfigError, FailAt, FailOn, FailOnArtifacts, FailPolicy, GENERIC_HINT};
use crate::linter::Linter;
use crate::rule::Severity;
use crate::score::Verdict;

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
    pub fail_on_artifacts: Option<FailOnArtifacts>,
}

/// How to check one file.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub linter: Arc<Linter>,
    pub fail: FailPolicy,
    /// The configuration file used, if any.
    pub config: Option<PathBuf>,
    /// The extensions of the files a directory walk checks (`extensions`, or
    /// [`PROSE_EXTENSIONS`](crate::walk::PROSE_EXTENSIONS)).
    pub extensions: Arc<[String]>,
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
                at: fail_at,
                severity: fail_on.0,
                artifacts: self
                    .cli
                    .fail_on_artifacts
                    .or(config.as_ref().and_then(|c| c.fail_on_artifacts))
                    .unwrap_or_default(),
            },
            linter: Arc::new(linter),
            extensions: match config.as_ref().and_then(|c| c.extensions.as_ref()) {
                Some(exts) => exts.iter().cloned().collect(),
                None => crate::walk::PROSE_EXTENSIONS
                    .iter()
                    .map(|e| e.to_string())
                    .collect(),
            },
            config: config.map(|c| c.path.clone()),
        };
        self.cache.insert(key, out.clone());
        Ok(Some(out))
    }
}
