//! The printer of `mtlint check`: one format for the run, document by document.

use std::io::{self, Write};

use super::located::Located;
use super::{compact, github, human, json, sarif};
use crate::config::Failure;
use crate::linter::Report;
use crate::rule::RuleMeta;

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

    /// Prints one document's report; `failure` says why it fails the check, if it does (every
    /// format says so, also when `quiet`).
    pub fn document(
        &mut self,
        out: &mut dyn Write,
        loc: &Located<'_>,
        report: &Report,
        failure: Option<&Failure>,
    ) -> io::Result<()> {
        match self.format {
            Format::Json => {
                serde_json::to_writer(&mut *out, &json::document_out(loc, report, failure))?;
                writeln!(out)?;
            }
            Format::Sarif => {
                if let Some(log) = &mut self.sarif {
                    log.add(loc, report, failure);
                }
            }
            Format::Compact => {
                if !self.quiet {
                    for f in &report.findings {
                        writeln!(out, "{}", compact::finding(loc, f))?;
                    }
                    for w in &report.suppression_warnings {
                        writeln!(out, "{}", compact::warning(loc, w))?;
                    }
                }
                if let Some(failure) = failure {
                    writeln!(out, "{}", compact::failure(loc, failure))?;
                }
            }
            Format::Github => {
                if !self.quiet {
                    for f in &report.findings {
                        writeln!(out, "{}", github::finding(loc, f))?;
                    }
                    for w in &report.suppression_warnings {
                        writeln!(out, "{}", github::warning(loc, w))?;
                    }
                }
                if let Some(failure) = failure {
                    writeln!(out, "{}", github::failure(loc, failure))?;
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
                writeln!(out, "{}", human::summary(loc, report, failure))?;
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
