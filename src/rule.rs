//! The rule interface.
//!
//! A rule is a unit struct declared with [`declare_rule!`](crate::declare_rule), whose doc comment
//! becomes its documentation (shown by `mtlint explain` and in `docs/rules.md`). It implements
//! [`Rule::check`], reading the shared [`Document`] and reporting through the [`Context`], which
//! fills in the rule's code, category and severity. Rules keep no per-document state.

use std::borrow::Cow;

use crate::document::Document;
use crate::finding::{Category, Finding, Severity};
use crate::span::Span;

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
    /// The options the rule reads (set per rule in `mtlint.toml`).
    pub options: &'static [RuleOption],
}

/// A rule option: a whole number (a minimum length, a count) with its default. Rules read
/// options through [`Context::option`]; the configuration checks names and values.
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

    /// True when the rule runs on a document in `lang`. A language not reliably detected counts
    /// as English, the language every rule supports.
    pub fn applies_to(&self, lang: &str, reliable: bool) -> bool {
        self.languages.is_empty() || !reliable || self.languages.contains(&lang)
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

pub trait Rule: Send + Sync + 'static {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>);
}

impl std::fmt::Debug for dyn Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.meta().code)
    }
}

/// Where a rule reports. Holds the rule being run, its options and the findings collected so
/// far.
#[derive(Debug)]
pub struct Context<'a> {
    rule: &'static RuleMeta,
    findings: &'a mut Vec<Finding>,
    options: Option<&'a toml::Table>,
}

impl<'a> Context<'a> {
    /// A context with every option at its default.
    pub fn new(rule: &'static RuleMeta, findings: &'a mut Vec<Finding>) -> Self {
        Context {
            rule,
            findings,
            options: None,
        }
    }

    /// Sets the rule's options (the configuration's table for this rule, already checked).
    pub fn with_options(mut self, options: Option<&'a toml::Table>) -> Self {
        self.options = options;
        self
    }

    /// The value of one of the rule's declared options: the configured value, else the
    /// declared default (0 for an undeclared name, which is a bug in the rule).
    pub fn option(&self, name: &str) -> u64 {
        let configured = self
            .options
            .and_then(|t| t.get(name))
            .and_then(|v| v.as_integer())
            .and_then(|i| u64::try_from(i).ok());
        configured.unwrap_or_else(|| {
            debug_assert!(
                self.rule.option(name).is_some(),
                "{} reads undeclared option `{name}`",
                self.rule.code
            );
            self.rule.option(name).map_or(0, |o| o.default)
        })
    }

    /// Reports a finding of the current rule; returns it for adding a fix, a confidence or
    /// related spans.
    pub fn report(&mut self, span: Span, message: impl Into<Cow<'static, str>>) -> &mut Finding {
        self.findings.push(Finding::new(self.rule, span, message));
        self.findings.last_mut().expect("just pushed")
    }
}

/// Declares a rule: a unit struct and its [`RuleMeta`] (as `Name::META`), with the doc comment as
/// the rule's documentation.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it finds
///     /// ...
///     pub struct RunTogetherWords {
///         code: "MT101",
///         name: "run-together-words",
///         category: Artifact,
///         severity: Warning,
///         summary: "Words glued together without a space.",
///         languages: [],
///         // optional: options the rule reads with `cx.option("min-words")`
///         options: [("min-words", 3, "Sentences with fewer words are not checked.")],
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $rname:literal,
            category: $cat:ident,
            severity: $sev:ident,
            summary: $summary:literal,
            languages: [$($lang:literal),* $(,)?] $(,)?
            $(options: [$(($oname:literal, $odefault:literal, $osummary:literal $(,)?)),* $(,)?] $(,)?)?
        }
    ) => {
        #[doc = concat!("`", $code, "` `", $rname, "`: ", $summary)]
        ///
        /// See [`Self::META`] for the full documentation.
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            pub const META: &'static $crate::rule::RuleMeta = &$crate::rule::RuleMeta {
                code: $code,
                name: $rname,
                category: $crate::finding::Category::$cat,
                severity: $crate::finding::Severity::$sev,
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
                languages: &[$($lang),*],
                options: &[$($($crate::rule::RuleOption {
                    name: $oname,
                    default: $odefault,
                    summary: $osummary,
                }),*)?],
            };
        }
    };
}
