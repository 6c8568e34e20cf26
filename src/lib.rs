//! mtlint finds machine-translation and scraping artifacts in text, explains each one as a span,
//! and answers two questions about every document: `mt`, the probability that it was
//! machine-translated, and its artifacts (scrape debris, encoding damage, glued words,
//! typography), which are counted and flagged but do not move `mt`.
//!
//! ```
//! let linter = mtlint::Linter::new();
//! let report = linter.check("He said thatIf no progress is made, talks end.").unwrap();
//! assert!(report.findings.iter().any(|f| f.rule.name == "run-together-words"));
//! // A glued word is an artifact: flagged, not evidence of translation; and nine words are too
//! // few for a verdict.
//! assert_eq!(report.score.artifacts.flags(), ["damaged-text"]);
//! assert_eq!(report.score.verdict, mtlint::Verdict::TooShort);
//! assert!(report.score.mt.is_some_and(|mt| mt > 0.0 && mt < 1.0));
//! ```
//!
//! # How a document goes through
//!
//! 1. A [`Document`] is built once per text ([`document`]): tokens, sentences and line starts
//!    at once; the language, the quote marks, the code ranges and the word hashes lazily, the
//!    first time a rule asks, and then shared.
//! 2. The [`Linter`] ([`linter`]) runs each selected rule of the one registry,
//!    [`rules::RULES`], that applies to the document's language (a rule that needs a non-ASCII
//!    character is not run on ASCII text). A rule reports [`Finding`]s with byte [`Span`]s
//!    through a [`Context`], which fills in its code and severity.
//! 3. Severity overrides, allowlists ([`allow`]) and suppression comments ([`suppress`]) apply;
//!    then the document-level analyses of [`analysis::ANALYSES`] run over the final findings
//!    (the [`style`] measurements, the [`calques`] source-language hint).
//! 4. [`score::score`], the only place findings become a score, turns the translation findings
//!    and the style measurements into `mt` and the other findings into artifact counts: a
//!    [`Score`] with every contribution shown and the largest in words.
//! 5. The printers of [`report`] turn the [`Report`] into text; rules never format output.
//!
//! # Where things live
//!
//! - The rule API: [`rule`] ([`RuleMeta`], [`Category`] and [`Severity`] in [`rule::meta`],
//!   which depends on nothing; the [`Rule`] and [`Check`] traits; [`declare_rule!`]) and
//!   [`finding`].
//! - The rules: [`rules`], one file each. A rule depends only on the rule API, [`text`] and
//!   [`calques`]; what two rules share lives in [`text`], never in one of them.
//! - [`text`]: the shared analysis, each helper defined once: tokens, sentences, language, quote
//!   marks, code ranges, character classes, eight-bytes-at-a-time scanning, word hashes and
//!   sets, the word lists and data several rules read, and [`text::data`], the one reader of the
//!   data files of `src/data/` (a malformed row is an error that names the file and line).
//! - Around the linter: [`config`] (`mtlint.toml`), [`baseline`], [`markup`] (the prose of
//!   Markdown and HTML, spans mapped back), [`fix`], [`walk`] and [`decode`] (which files, and
//!   their bytes as text), [`encode`] (compressed outputs), [`batch`] (the pipeline behind `mtlint score`), [`eval`] and
//!   [`train`] (measuring and fitting the score), [`docs`] (the generated documentation).
//!
//! The `mtlint` binary (`src/main.rs`, `src/cli/`) is a thin layer over this library.
//!
//! # Design rules
//!
//! - Spans are byte offsets ([`Span`], `u32`), end-exclusive; lines and columns exist only in
//!   the printers.
//! - Rules hold no per-document state; options come from the configuration through the
//!   [`Context`]. Adding a rule touches two places: its file and one line in
//!   [`rules::RULES`] (plus its fixtures).
//! - No module imports a module that imports it, no rule imports another rule, and no source
//!   file passes 1,000 lines: `tests/it/layout.rs` checks all three.
//! - Behaviour is pinned by fixtures (`tests/fixtures/<rule>/`: spans, fixes and messages), by
//!   the seed articles' annotation, and by the generated docs being current.

pub mod allow;
pub mod analysis;
pub mod baseline;
pub mod batch;
pub mod calques;
pub mod config;
pub mod decode;
pub mod docs;
pub mod document;
pub mod encode;
pub mod eval;
pub mod finding;
pub mod fix;
pub mod linter;
#[cfg(feature = "editors")]
pub mod lsp;
pub mod markup;
pub mod position;
pub mod record;
pub mod report;
pub mod rule;
pub mod rules;
pub mod score;
#[cfg(feature = "editors")]
pub mod serve;
pub mod span;
pub mod style;
pub mod suppress;
pub mod text;
pub mod train;
pub mod walk;

#[doc(hidden)]
pub mod fuzzing;

pub use allow::Allowlist;
pub use document::{Document, TooLarge};
pub use finding::{Applicability, Finding, Fix};
pub use linter::{Linter, Report};
pub use rule::{Category, Check, Context, Rule, RuleMeta, Severity};
pub use score::{Score, Verdict, Weights};
pub use span::Span;
pub use text::lang::LangInfo;

#[cfg(test)]
pub(crate) mod testing;
