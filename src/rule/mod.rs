//! The rule interface.
//!
//! A rule is a unit struct declared with [`declare_rule!`](crate::declare_rule), whose doc comment
//! becomes its documentation (shown by `mtlint explain` and in `docs/rules.md`) and whose fields
//! become its [`RuleMeta`] ([`meta`]). The macro implements [`Rule`]; the rule implements
//! [`Check::check`], reading the shared [`Document`] and reporting through the [`Context`], which
//! fills in the rule's code, category and severity. Rules keep no per-document state.

pub mod meta;

use std::borrow::Cow;

use crate::document::Document;
use crate::finding::Finding;
use crate::span::Span;

pub use meta::{Category, RuleMeta, RuleOption, Severity, DOC_SECTIONS};

/// The half of a rule that is code: what it looks for in a document.
pub trait Check {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>);
}

/// A rule: its check and its metadata. [`declare_rule!`](crate::declare_rule) implements it
/// from the declaration, so a rule writes only [`Check::check`].
pub trait Rule: Check + Send + Sync + 'static {
    fn meta(&self) -> &'static RuleMeta;
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

/// Declares a rule: a unit struct, its [`RuleMeta`] (as `Name::META`), with the doc comment as
/// the rule's documentation, and its [`Rule`] implementation; the rule then implements
/// [`Check`].
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
///         // optional: the rule finds nothing in ASCII text (see `RuleMeta::needs_non_ascii`)
///         needs_non_ascii: true,
///         // optional: options the rule reads with `cx.option("min-words")`
///         options: [("min-words", 3, "Sentences with fewer words are not checked.")],
///     }
/// }
///
/// impl Check for RunTogetherWords {
///     fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) { ... }
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
            $(needs_non_ascii: $ascii:literal $(,)?)?
            $(options: [$(($oname:literal, $odefault:literal, $osummary:literal $(,)?)),* $(,)?] $(,)?)?
        }
    ) => {
        #[doc = concat!("`", $code, "` `", $rname, "`: ", $summary)]
        ///
        /// See [`Self::META`] for the full documentation.
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            pub const META: &'static $crate::rule::meta::RuleMeta = &$crate::rule::meta::RuleMeta {
                code: $code,
                name: $rname,
                category: $crate::rule::meta::Category::$cat,
                severity: $crate::rule::meta::Severity::$sev,
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
                languages: &[$($lang),*],
                needs_non_ascii: false $(|| $ascii)?,
                options: &[$($($crate::rule::meta::RuleOption {
                    name: $oname,
                    default: $odefault,
                    summary: $osummary,
                }),*)?],
            };
        }

        impl $crate::rule::Rule for $name {
            fn meta(&self) -> &'static $crate::rule::meta::RuleMeta {
                Self::META
            }
        }
    };
}
