//! `mtlint init`: the commented default configuration.

use std::fmt::Write as _;

use crate::rules;

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

# The files checked when a directory is walked, by extension (files named on the command line
# are always checked). Walks also skip hidden files and what .gitignore and .ignore exclude.
# extensions = ["txt", "md", "markdown", "html", "htm"]

# `mtlint check` exits 1 when a document's `mt` reaches `fail-at` ("suspect", "likely-mt" or a
# number between 0 and 1), when it has artifacts of a category in `fail-on-artifacts`
# ("debris", "encoding", "artifact", "typography"; none by default), or when a finding has at
# least the severity `fail-on` ("info", "warning", "error" or "never").
# fail-at = "likely-mt"
# fail-on-artifacts = ["debris", "encoding"]
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
    use crate::config::testing::{parse, settings};

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
}
