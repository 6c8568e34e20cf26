//! Printers: turning [`Report`](crate::Report)s into text for people and machines.
//!
//! Rules produce findings with byte spans; only this module converts them into lines, columns
//! (in characters for people) and offsets into the original input bytes.

pub mod compact;
pub mod evaluation;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};

use crate::decode::SourceText;
use crate::document::{LineIndex, Position};
use crate::rule::RuleMeta;
use crate::span::Span;
use crate::Report;

/// A checked text with what is needed to locate spans: the decoded source and its line index.
#[derive(Debug)]
pub struct Located<'a> {
    /// Path or id shown to the user.
    pub name: &'a str,
    pub source: &'a SourceText,
    pub lines: LineIndex,
}

impl<'a> Located<'a> {
    pub fn new(name: &'a str, source: &'a SourceText) -> Self {
        Located {
            name,
            source,
            lines: LineIndex::new(&source.text),
        }
    }

    pub fn text(&self) -> &'a str {
        &self.source.text
    }

    /// Where a span starts and ends, as one-based lines and character columns (the end column is
    /// the column just after the span).
    pub fn positions(&self, span: Span) -> (Position, Position) {
        let text = self.text();
        (
            self.lines.position(span.start, text),
            self.lines.position(span.end, text),
        )
    }

    /// Byte offsets of a span in the original input.
    pub fn original_range(&self, span: Span) -> (usize, usize) {
        (
            self.source.original_offset(span.start as usize),
            self.source.original_offset(span.end as usize),
        )
    }
}

/// Shortens `s` to at most `max` characters, marking the cut with `…`.
pub fn ellipsize(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => s.into(),
        Some((i, _)) => format!("{}…", &s[..i]).into(),
    }
}

/// The output formats of `mtlint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Compact,
    Json,
    Sarif,
    Github,
}

/// Prints the reports of a run in one format, document by document. Formats that are one
/// document for the whole run (SARIF) are written by [`Printer::finish`].
#[derive(Debug)]
pub struct Printer {
    format: Format,
    style: human::Style,
    /// Only the summary line of each document (human) or nothing (compact, github).
    quiet: bool,
    sarif: Option<sarif::Log>,
}

impl Printer {
    /// A printer for a run of `rules`.
    pub fn new(
        format: Format,
        style: human::Style,
        quiet: bool,
        rules: impl IntoIterator<Item = &'static RuleMeta>,
    ) -> Self {
        Printer {
            format,
            style,
            quiet,
            sarif: (format == Format::Sarif).then(|| sarif::Log::new(rules.into_iter().collect())),
        }
    }

    pub fn document(
        &mut self,
        out: &mut dyn Write,
        loc: &Located<'_>,
        report: &Report,
    ) -> io::Result<()> {
        match self.format {
            Format::Json => {
                serde_json::to_writer(&mut *out, &json::document_out(loc, report))?;
                writeln!(out)?;
            }
            Format::Sarif => {
                if let Some(log) = &mut self.sarif {
                    log.add(loc, report);
                }
            }
            Format::Compact | Format::Github if self.quiet => {}
            Format::Compact => {
                for f in &report.findings {
                    writeln!(out, "{}", compact::finding(loc, f))?;
                }
                for w in &report.suppression_warnings {
                    writeln!(out, "{}", compact::warning(loc, w))?;
                }
            }
            Format::Github => {
                for f in &report.findings {
                    writeln!(out, "{}", github::finding(loc, f))?;
                }
                for w in &report.suppression_warnings {
                    writeln!(out, "{}", github::warning(loc, w))?;
                }
            }
            Format::Human => {
                if !self.quiet {
                    for f in &report.findings {
                        writeln!(out, "{}\n", human::finding(loc, f, self.style))?;
                    }
                    for w in &report.suppression_warnings {
                        writeln!(out, "{}\n", human::suppression_warning(loc, w, self.style))?;
                    }
                }
                writeln!(out, "{}", human::summary(loc, report))?;
            }
        }
        Ok(())
    }

    /// Ends the run: writes what is written once (the SARIF log).
    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(log) = self.sarif {
            serde_json::to_writer_pretty(&mut *out, &log.finish())?;
            writeln!(out)?;
        }
        Ok(())
    }
}
