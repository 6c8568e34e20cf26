//! The settings of one level (a configuration file's top level, one of its overrides, the
//! command line) and their accumulation, level after level, into a configured [`Linter`].

use std::collections::BTreeMap;

use crate::allow::Allowlist;
use crate::linter::Linter;
use crate::rule::Severity;
use crate::rules;

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
pub(crate) struct Settings {
    pub(crate) rules: Vec<&'static str>,
    severities: BTreeMap<&'static str, Severity>,
    options: BTreeMap<&'static str, toml::Table>,
    allow_names: Vec<String>,
    allow_terms: Vec<String>,
}

impl Settings {
    pub(crate) fn all() -> Self {
        Settings {
            rules: rules::metas().map(|m| m.code).collect(),
            severities: BTreeMap::new(),
            options: BTreeMap::new(),
            allow_names: Vec::new(),
            allow_terms: Vec::new(),
        }
    }

    pub(crate) fn apply(&mut self, layer: &Layer) {
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

    pub(crate) fn configure(self, base: Linter) -> Result<Linter, String> {
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
#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::testing::{parse, settings};

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
}
