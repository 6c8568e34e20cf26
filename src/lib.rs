//! mtlint finds machine-translation and scraping artifacts in text, explains each one as a span,
//! and scores every document.
//!
//! ```
//! let linter = mtlint::Linter::new();
//! let report = linter.check("He said thatIf no progress is made, talks end.").unwrap();
//! assert!(report.findings.iter().any(|f| f.rule.name == "run-together-words"));
//! assert!(report.score.score > 0.0 && report.score.score < 1.0);
//! ```
//!
//! The pieces: a [`Document`] (tokens, sentences, lines, language; built once), the rules in the
//! one registry [`rules::RULES`], each reporting [`Finding`]s with byte [`Span`]s, and
//! [`score::score`], the only place findings become a score. Printing lives in the binary's
//! `report` module; rules never format output.

pub mod allow;
pub mod analysis;
pub mod baseline;
pub mod batch;
pub mod calques;
pub mod config;
pub mod decode;
pub mod docs;
pub mod document;
pub mod eval;
pub mod finding;
pub mod fix;
pub mod linter;
pub mod markup;
pub mod report;
pub mod rule;
pub mod rules;
pub mod score;
pub mod span;
pub mod style;
pub mod suppress;
pub mod text;
pub mod train;
pub mod walk;

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
