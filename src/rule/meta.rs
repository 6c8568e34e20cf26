//! What a rule is, as data: its [`RuleMeta`] (code, name, category, severity, documentation,
//! languages, options), and the [`Category`] and [`Severity`] that findings carry. Nothing here
//! depends on the rest of the crate: findings, the registry, scoring and the printers all read
//! it.

use serde::{Deserialize, Serialize};

/// Everything known about a rule that is not code.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, `MT` and three digits: the first digit is the family (1 artifacts,
    /// 2 typography, 3 encoding, 4 debris, 5 names and languages, 6 calques).
    pub code: &'static str,
    /// kebab-case name, usable wherever a code is.
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// The doc comment, Markdown with the sections listed in [`DOC_SECTIONS`].
    pub docs: &'static str,
    /// ISO 639-1 codes of the document languages the rule applies to; empty for all.
    pub languages: &'static [&'static str],
    /// The rule can only find something in a text with a non-ASCII character (a curly quote,
    /// an invisible or look-alike character, mojibake): the linter does not run it on ASCII
    /// text, which it tells once per document ([`Document::is_ascii`](crate::Document::is_ascii)).
    pub needs_non_ascii: bool,
    /// The options the rule reads (set per rule in `mtlint.toml`).
    pub options: &'static [RuleOption],
}

/// A rule option: a whole number (a minimum length, a count) with its default. Rules read
/// options through [`Context::option`](crate::rule::Context::option); the configuration checks names and values.
#[derive(Debug)]
pub struct RuleOption {
    /// kebab-case, as written in the configuration.
    pub name: &'static str,
    pub default: u64,
    /// One line: what the option changes.
    pub summary: &'static str,
}

/// The sections every rule's documentation has, in order.
pub const DOC_SECTIONS: &[&str] = &[
    "## What it finds",
    "## Why it matters",
    "## Examples",
    "## Known false positives",
];

impl RuleMeta {
    /// The documentation with the one leading space of each doc-comment line removed.
    pub fn docs_text(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }

    /// The documentation as the binary shows it (`mtlint explain`, SARIF help): the data files
    /// it names are built in, so they are named without their place in the source tree.
    pub fn docs_for_users(&self) -> String {
        let text = self.docs_text();
        if !text.contains("`src/data/") {
            return text;
        }
        text.replace("`src/data/", "`")
            + "\nThe data files named here are built into mtlint (in the directory src/data/ of its source).\n"
    }

    /// True when the rule runs on a document in `lang`. A language not reliably detected counts
    /// as English, the language every rule supports.
    pub fn applies_to(&self, lang: &str, reliable: bool) -> bool {
        self.languages.is_empty() || !reliable || self.languages.contains(&lang)
    }

    /// True when the rule has nothing to look for in the document: it needs a non-ASCII
    /// character and the text has none. (It still counts as run.)
    pub fn skips(&self, doc: &crate::Document<'_>) -> bool {
        self.needs_non_ascii && doc.is_ascii()
    }

    /// True when `key` names this rule: its code or its name, any case.
    pub fn is_named(&self, key: &str) -> bool {
        self.code.eq_ignore_ascii_case(key) || self.name.eq_ignore_ascii_case(key)
    }

    /// The declared option called `name`.
    pub fn option(&self, name: &str) -> Option<&'static RuleOption> {
        self.options.iter().find(|o| o.name == name)
    }
}

/// What kind of evidence a rule gives. Scoring weighs categories differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Marks of translation itself: calques, name variants, untranslated fragments.
    Translation,
    /// Mechanical damage typical of MT and text pipelines: glued words, cut-off sentences.
    Artifact,
    /// Quote and punctuation habits: mixed quote styles, look-alike quote characters.
    Typography,
    /// Encoding damage: mojibake, invisible characters, non-NFC text, mixed scripts.
    Encoding,
    /// Page furniture a scraper left in: bylines, "Listen to this article", photo credits.
    Debris,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Translation,
        Category::Artifact,
        Category::Typography,
        Category::Encoding,
        Category::Debris,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Translation => "translation",
            Category::Artifact => "artifact",
            Category::Typography => "typography",
            Category::Encoding => "encoding",
            Category::Debris => "debris",
        }
    }
}

/// How loudly a finding is shown; scoring does not use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
    }
}
