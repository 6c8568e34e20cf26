//! SARIF 2.1.0, the format GitHub code scanning and many editors import.
//!
//! One log for the whole run: the rules of the linter go into `tool.driver.rules` (with their
//! documentation as help text), every finding of every document into `results`, pointing at its
//! rule by id and by index. Columns count Unicode scalar values (the run says
//! `columnKind: unicodeCodePoints`), like every other human-facing mtlint format.

use std::hash::Hasher as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::located::Located;
use crate::config::Failure;
use crate::finding::Finding;
use crate::rule::RuleMeta;
use crate::rule::Severity;
use crate::text::hash::FnvHasher;
use crate::Report;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const VERSION: &str = "2.1.0";

/// The id of the document-level result of a document that fails the check (its `mt` score,
/// its findings' severity or its artifacts), described in `tool.driver.rules` when used.
pub const FAILURE_ID: &str = "document-fails";

/// A SARIF log being filled document by document.
#[derive(Debug)]
pub struct Log {
    rules: Vec<&'static RuleMeta>,
    results: Vec<Value>,
    /// Whether a document failed (the run then describes [`FAILURE_ID`]).
    failed: bool,
    /// The working directory, which paths are made relative to.
    base: Option<PathBuf>,
}

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The text of one `## ` section of a rule's documentation.
fn section<'d>(docs: &'d str, heading: &str) -> Option<&'d str> {
    let at = docs.find(heading)? + heading.len();
    let rest = &docs[at..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(rest[..end].trim())
}

fn rule_descriptor(m: &RuleMeta) -> Value {
    let docs = m.docs_for_users();
    let full = section(&docs, "## What it finds").unwrap_or(m.summary);
    json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": { "text": m.summary },
        "fullDescription": { "text": full },
        "help": { "text": docs, "markdown": docs },
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": { "category": m.category.as_str() },
    })
}

/// The descriptor of [`FAILURE_ID`].
fn failure_descriptor() -> Value {
    let text = "The document fails the check: its `mt` score is at or above fail-at, or it has \
        findings at or above fail-on, or artifacts of a fail-on-artifacts category.";
    json!({
        "id": FAILURE_ID,
        "name": FAILURE_ID,
        "shortDescription": { "text": "The document fails the check" },
        "fullDescription": { "text": text },
        "defaultConfiguration": { "level": "error" },
    })
}

/// A path as a URI reference: relative to `base` (the working directory) when it can be, with
/// forward slashes and reserved characters percent-encoded; other absolute paths as `file://`.
pub fn uri(path: &str, base: Option<&Path>) -> String {
    let p = Path::new(path);
    if p.is_absolute() {
        if let Some(rel) = base.and_then(|b| p.strip_prefix(b).ok()) {
            return encode(&rel.to_string_lossy(), false);
        }
        let abs = encode(path, true);
        let slash = if abs.starts_with('/') { "" } else { "/" };
        return format!("file://{slash}{abs}");
    }
    encode(path.strip_prefix("./").unwrap_or(path), false)
}

fn encode(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'\\' => out.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b':' if keep_colon => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// FNV-1a: a stable hash (the standard library's may change between releases).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h = FnvHasher::default();
    for p in parts {
        h.write(p.as_bytes());
        h.write(&[0]);
    }
    h.finish()
}

impl Log {
    /// A log for a run of these rules (in registry order: their index is their position).
    pub fn new(rules: Vec<&'static RuleMeta>) -> Self {
        Log {
            rules,
            results: Vec::new(),
            failed: false,
            base: std::env::current_dir().ok(),
        }
    }

    fn rule_index(&mut self, m: &'static RuleMeta) -> usize {
        match self.rules.iter().position(|r| r.code == m.code) {
            Some(i) => i,
            None => {
                self.rules.push(m);
                self.rules.len() - 1
            }
        }
    }

    /// Adds the findings of one document, and a document-level result when it fails.
    pub fn add(&mut self, loc: &Located<'_>, report: &Report, failure: Option<&Failure>) {
        let uri = uri(loc.name, self.base.as_deref());
        for f in &report.findings {
            let result = self.result(loc, &uri, f);
            self.results.push(result);
        }
        if let Some(failure) = failure {
            self.failed = true;
            let message = format!("{} fails the check: {}", loc.name, failure.describe());
            self.results.push(json!({
                "ruleId": FAILURE_ID,
                "level": "error",
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": { "startLine": 1, "startColumn": 1 },
                    },
                }],
                "partialFingerprints": {
                    "mtlintFindingHash/v1": format!("{:016x}", fnv1a(&[FAILURE_ID, &uri])),
                },
                "properties": { "failure": failure },
            }));
        }
    }

    fn result(&mut self, loc: &Located<'_>, uri: &str, f: &Finding) -> Value {
        let text = loc.text();
        let (p, q) = loc.positions(f.span);
        let (start, end) = loc.original_range(f.span);
        let line = loc.lines.line_span(p.line - 1, text).slice(text).trim();
        let fingerprint = fnv1a(&[f.rule.code, f.span.slice(text), line]);
        let mut result = json!({
            "ruleId": f.rule.code,
            "ruleIndex": self.rule_index(f.rule),
            "level": level(f.rule.severity),
            "message": { "text": f.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": {
                        "startLine": p.line,
                        "startColumn": p.column,
                        "endLine": q.line,
                        "endColumn": q.column,
                        "byteOffset": start,
                        "byteLength": end - start,
                        "snippet": { "text": f.span.slice(text) },
                    },
                },
            }],
            "partialFingerprints": { "mtlintFindingHash/v1": format!("{fingerprint:016x}") },
            "properties": { "confidence": f.confidence },
        });
        if let Some(fix) = &f.fix {
            result["fixes"] = json!([{
                "description": { "text": format!("{:?} fix", fix.applicability).to_lowercase() },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri },
                    "replacements": [{
                        "deletedRegion": { "byteOffset": start, "byteLength": end - start },
                        "insertedContent": { "text": fix.replacement },
                    }],
                }],
            }]);
        }
        result
    }

    /// The finished log.
    pub fn finish(self) -> Value {
        json!({
            "$schema": SCHEMA,
            "version": VERSION,
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "mtlint",
                        "version": env!("CARGO_PKG_VERSION"),
                        "semanticVersion": env!("CARGO_PKG_VERSION"),
                        "rules": self.rules.iter().map(|m| rule_descriptor(m))
                            .chain(self.failed.then(failure_descriptor))
                            .collect::<Vec<_>>(),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": self.results,
            }],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("./docs/a b.md", None), "docs/a%20b.md");
        assert_eq!(uri("dir\\x#1.txt", None), "dir/x%231.txt");
        assert_eq!(uri("café.txt", None), "caf%C3%A9.txt");
        let base = Path::new("/work/repo");
        assert_eq!(uri("/work/repo/docs/a.md", Some(base)), "docs/a.md");
        assert_eq!(uri("/tmp/a:b.md", Some(base)), "file:///tmp/a:b.md");
    }

    #[test]
    fn sections_are_cut_at_the_next_heading() {
        let docs = "## What it finds\n\nGlue.\n\n## Why it matters\n\nBad.\n";
        assert_eq!(section(docs, "## What it finds"), Some("Glue."));
        assert_eq!(section(docs, "## Why it matters"), Some("Bad."));
    }
}
