//! Baselines: the findings a project has accepted, so that only new ones are reported.
//!
//! `mtlint check --write-baseline FILE` records every finding as its file, rule code, flagged
//! text and a hash of the content of the lines it is on (whitespace collapsed). Line numbers
//! are not recorded, so a finding stays baselined when lines are added or removed above it; it
//! comes back when its own line changes. A file with the same finding several times records a
//! count, and each recorded occurrence absorbs one finding.
//!
//! File paths are stored relative to the baseline file's directory, with `/` separators, so
//! that the baseline works from any working directory and on any platform.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher as _;
use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

use crate::document::LineIndex;
use crate::finding::Finding;
use crate::text::hash::FnvHasher;
use crate::Report;

/// The format version written in the file.
const VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    version: u32,
    /// File → its recorded findings, sorted.
    files: BTreeMap<String, Vec<Entry>>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub code: String,
    /// The flagged text.
    pub text: String,
    /// FNV-1a hash (hex) of the lines the finding is on, whitespace collapsed.
    pub context: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// 64-bit FNV-1a over the words of `s` joined by single spaces.
fn context_hash(s: &str) -> String {
    let mut h = FnvHasher::default();
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            h.write(b" ");
        }
        h.write(word.as_bytes());
    }
    format!("{:016x}", h.finish())
}

/// The identity of a finding in a baseline: code, text and the hash of its lines.
fn key(text: &str, lines: &LineIndex, f: &Finding) -> (String, String, String) {
    let first = lines.line_of(f.span.start);
    let last = lines.line_of(f.span.end.saturating_sub(1).max(f.span.start));
    let from = lines.line_start(first) as usize;
    let to = lines.line_span(last, text).end as usize;
    (
        f.rule.code.to_string(),
        f.span.slice(text).to_string(),
        context_hash(text.get(from..to.max(from)).unwrap_or("")),
    )
}

impl Baseline {
    pub fn new() -> Self {
        Baseline {
            version: VERSION,
            files: BTreeMap::new(),
        }
    }

    /// Parses a baseline file's contents.
    pub fn from_json(s: &str) -> Result<Self, String> {
        let b: Baseline = serde_json::from_str(s).map_err(|e| format!("not a baseline: {e}"))?;
        if b.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (this mtlint writes version {VERSION})",
                b.version
            ));
        }
        Ok(b)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a baseline serializes") + "\n"
    }

    /// The number of findings recorded.
    pub fn len(&self) -> usize {
        self.files.values().flatten().map(|e| e.count).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records the findings of one file (`file` as given by [`file_key`]).
    pub fn add(&mut self, file: &str, text: &str, findings: &[Finding]) {
        if findings.is_empty() {
            return;
        }
        let lines = LineIndex::new(text);
        let mut counts: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for f in findings {
            *counts.entry(key(text, &lines, f)).or_default() += 1;
        }
        let entries = self.files.entry(file.to_string()).or_default();
        for ((code, text, context), count) in counts {
            match entries
                .iter_mut()
                .find(|e| e.code == code && e.text == text && e.context == context)
            {
                Some(e) => e.count += count,
                None => entries.push(Entry {
                    code,
                    text,
                    context,
                    count,
                }),
            }
        }
        entries.sort();
    }

    /// Removes the findings of `file` that the baseline records; returns how many it removed.
    pub fn filter(&self, file: &str, text: &str, findings: &mut Vec<Finding>) -> usize {
        let Some(entries) = self.files.get(file) else {
            return 0;
        };
        let mut left: HashMap<(String, String, String), usize> = entries
            .iter()
            .map(|e| ((e.code.clone(), e.text.clone(), e.context.clone()), e.count))
            .collect();
        let lines = LineIndex::new(text);
        let before = findings.len();
        findings.retain(|f| match left.get_mut(&key(text, &lines, f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        });
        before - findings.len()
    }
}

impl Baseline {
    /// Removes the findings the baseline records from a report of `file` and counts them in
    /// [`Report::baselined`]. The score is left as it was.
    pub fn apply(&self, file: &str, text: &str, report: &mut Report) {
        report.baselined += self.filter(file, text, &mut report.findings);
    }
}

/// How a checked file is named in a baseline stored at `baseline`: relative to the baseline's
/// directory when it is below it, else as given; `/`-separated.
pub fn file_key(baseline: &Path, file: &Path) -> String {
    let abs = |p: &Path| std::fs::canonicalize(p).or_else(|_| std::path::absolute(p));
    let dir = baseline.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = abs(dir.unwrap_or(Path::new(".")));
    let rel = match (dir, abs(file)) {
        (Ok(d), Ok(f)) => f.strip_prefix(&d).map(Path::to_path_buf).ok(),
        _ => None,
    };
    let path = rel.as_deref().unwrap_or(file);
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RunTogetherWords;
    use crate::span::Span;

    fn findings(text: &str, needle: &str) -> Vec<Finding> {
        text.match_indices(needle)
            .map(|(i, _)| Finding::new(RunTogetherWords::META, Span::new(i, i + needle.len()), "x"))
            .collect()
    }

    #[test]
    fn moved_lines_stay_baselined_new_findings_do_not() {
        let old = "He said thatIf talks end.\nAnother line.\n";
        let mut b = Baseline::new();
        b.add("a.txt", old, &findings(old, "thatIf"));
        let b = Baseline::from_json(&b.to_json()).unwrap();
        assert_eq!(b.len(), 1);

        let new = "New first line.\n\n  He said   thatIf talks end.\nShe said thatIf again.\n";
        let mut fs = findings(new, "thatIf");
        assert_eq!(b.filter("a.txt", new, &mut fs), 1);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].span.start as usize, new.rfind("thatIf").unwrap());
        // Another file is not affected.
        let mut fs = findings(old, "thatIf");
        assert_eq!(b.filter("b.txt", old, &mut fs), 0);
    }

    #[test]
    fn repeated_findings_are_counted() {
        let old = "thatIf thatIf\n";
        let mut b = Baseline::new();
        b.add("a.txt", old, &findings(old, "thatIf"));
        assert!(b.to_json().contains("\"count\": 2"));
        let new = "thatIf thatIf thatIf\n";
        let mut fs = findings(new, "thatIf");
        // The old line changed: none of these is baselined.
        assert_eq!(b.filter("a.txt", new, &mut fs), 0);
        let new = "x\nthatIf thatIf\nthatIf thatIf\n";
        let mut fs = findings(new, "thatIf");
        assert_eq!(b.filter("a.txt", new, &mut fs), 2);
        assert_eq!(fs.len(), 2);
    }

    #[test]
    fn bad_files_and_versions() {
        assert!(Baseline::from_json("[]").is_err());
        assert!(Baseline::from_json(r#"{"version": 9, "files": {}}"#)
            .unwrap_err()
            .contains("version 9"));
    }

    #[test]
    fn file_keys_are_relative_to_the_baseline() {
        let dir = std::env::temp_dir();
        let base = dir.join("mtlint-baseline.json");
        assert_eq!(file_key(&base, &dir.join("docs").join("a.md")), "docs/a.md");
        assert_eq!(
            file_key(Path::new("b.json"), Path::new("./x/y.txt")),
            "x/y.txt"
        );
    }
}
