//! The calque packs and the pattern rules MT602-MT604 measured on labeled corpora: each entry's
//! hits on human-written and on machine-translated English (`mtlint packs`, and
//! `examples/pack_stats.rs`, which writes the counts into the pack files).

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::calques::{matcher, measured, MEASURED_RULES, PACK_SOURCES};
use crate::linter::Linter;

/// Which side of the precision measurement a document is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// Written or translated by people: the false-positive side.
    Human,
    /// Machine translation.
    Mt,
}

/// Maps a corpus record's `origin` (or `label`) to a group: `original_english`,
/// `human_translation_of_*`, `human` and `native` are human; anything starting with `mt` is MT.
pub fn origin_group(origin: &str) -> Option<Group> {
    match origin {
        "original_english" | "human" | "native" => Some(Group::Human),
        o if o.starts_with("human_translation") => Some(Group::Human),
        o if o.starts_with("mt") => Some(Group::Mt),
        _ => None,
    }
}

/// Reads a JSON-lines corpus (fields `text` and `origin` or `label`) into (group, text) records;
/// records of no known group are skipped.
pub fn jsonl_records(jsonl: &str) -> Vec<(Group, String)> {
    #[derive(Deserialize)]
    struct Rec {
        text: String,
        #[serde(default)]
        origin: Option<String>,
        #[serde(default)]
        label: Option<String>,
    }
    jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<Rec>(l).ok())
        .filter_map(|r| {
            let g = origin_group(r.origin.as_deref().or(r.label.as_deref())?)?;
            Some((g, r.text))
        })
        .collect()
}

/// One row of the measurement: a pack entry or a pattern rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryStats {
    /// The pack's file stem (`zh`, `generic`, ...), or `rule` for MT602-MT604.
    pub pack: String,
    /// The entry's pattern, or the rule's code and name.
    pub pattern: String,
    /// Hits on human-written English.
    pub human: u32,
    /// Hits on machine translation.
    pub mt: u32,
    /// The counts stored in the data files, for comparison.
    pub stored: Option<[u32; 2]>,
}

/// The measurement over a corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PackTable {
    pub rows: Vec<EntryStats>,
    pub human_docs: usize,
    pub human_words: usize,
    pub mt_docs: usize,
    pub mt_words: usize,
}

/// Counts each pack entry's hits, and each of the rules MT602-MT604's findings, on human and
/// machine-translated documents.
pub fn pack_table<G, T>(records: impl IntoIterator<Item = (G, T)>) -> PackTable
where
    G: Into<Option<Group>>,
    T: AsRef<str> + Send + Sync,
{
    use rayon::prelude::*;
    let m = matcher();
    let records: Vec<(Group, T)> = records
        .into_iter()
        .filter_map(|(g, t)| g.into().map(|g| (g, t)))
        .collect();
    let linter = Linter::new()
        .select(MEASURED_RULES)
        .expect("measured rules exist")
        .with_language("en");
    let n_rows = m.len() + MEASURED_RULES.len();
    let per_doc = |(g, t): &(Group, T)| -> (Group, usize, Vec<u32>) {
        let text = t.as_ref();
        let mut counts = vec![0u32; n_rows];
        for hit in m.find_all(text) {
            counts[hit.entry as usize] += 1;
        }
        let mut words = 0;
        if let Ok(report) = linter.check(text) {
            words = report.words;
            for f in &report.findings {
                if let Some(i) = MEASURED_RULES.iter().position(|c| *c == f.rule.code) {
                    counts[m.len() + i] += 1;
                }
            }
        }
        (*g, words, counts)
    };
    let results: Vec<(Group, usize, Vec<u32>)> = records.par_iter().map(per_doc).collect();
    let mut table = PackTable::default();
    let mut human = vec![0u32; n_rows];
    let mut mt = vec![0u32; n_rows];
    for (g, words, counts) in results {
        let (acc, docs, w) = match g {
            Group::Human => (&mut human, &mut table.human_docs, &mut table.human_words),
            Group::Mt => (&mut mt, &mut table.mt_docs, &mut table.mt_words),
        };
        *docs += 1;
        *w += words;
        acc.iter_mut().zip(counts).for_each(|(a, c)| *a += c);
    }
    let measured = measured();
    for id in m.ids() {
        let (pack, entry) = m.entry(id);
        table.rows.push(EntryStats {
            pack: pack.file.to_string(),
            pattern: entry.pattern.clone(),
            human: human[id as usize],
            mt: mt[id as usize],
            stored: entry.seen,
        });
    }
    for (i, code) in MEASURED_RULES.iter().enumerate() {
        let name = crate::rules::find(code).map_or("", |r| r.meta().name);
        table.rows.push(EntryStats {
            pack: "rule".into(),
            pattern: format!("{code} {name}"),
            human: human[m.len() + i],
            mt: mt[m.len() + i],
            stored: measured.rules.get(*code).copied(),
        });
    }
    table
}

impl PackTable {
    /// A tab-separated table: pack, human hits, MT hits, stored counts, pattern; then totals.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from("pack\thuman\tmt\tstored\tpattern\n");
        for r in &self.rows {
            let stored = r
                .stored
                .map_or("-".to_string(), |s| format!("{}/{}", s[0], s[1]));
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                r.pack, r.human, r.mt, stored, r.pattern
            );
        }
        let (h, m) = self.totals();
        let _ = writeln!(
            out,
            "# {} entries; human: {} hits in {} documents ({} words); MT: {} hits in {} documents ({} words)",
            self.rows.iter().filter(|r| r.pack != "rule").count(),
            h,
            self.human_docs,
            self.human_words,
            m,
            self.mt_docs,
            self.mt_words
        );
        out
    }

    /// Total hits of the pack entries (rules excluded): (human, MT).
    pub fn totals(&self) -> (u32, u32) {
        self.rows
            .iter()
            .filter(|r| r.pack != "rule")
            .fold((0, 0), |(h, m), r| (h + r.human, m + r.mt))
    }

    /// The data files with the `seen` counts of this table written in: (path relative to the
    /// crate root, new contents). Entries are matched by position within each pack.
    pub fn updated_files(&self, corpus: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (file, source) in PACK_SOURCES {
            let rows: Vec<&EntryStats> = self.rows.iter().filter(|r| r.pack == *file).collect();
            out.push((
                format!("src/data/calques/{file}.toml"),
                write_seen(source, &rows),
            ));
        }
        let mut measured = String::from(
            "# Written by `cargo run --release --example pack_stats -- --write <corpus.jsonl>...`;\n\
             # read by docs/calques.md. Counts of findings: [human-written, machine-translated].\n",
        );
        let _ = writeln!(measured, "corpus = {:?}", corpus);
        let _ = writeln!(measured, "human_docs = {}", self.human_docs);
        let _ = writeln!(measured, "human_words = {}", self.human_words);
        let _ = writeln!(measured, "mt_docs = {}", self.mt_docs);
        let _ = writeln!(measured, "mt_words = {}", self.mt_words);
        measured.push_str("\n[rules]\n");
        for r in self.rows.iter().filter(|r| r.pack == "rule") {
            let code = r.pattern.split(' ').next().unwrap_or("");
            let _ = writeln!(measured, "{code} = [{}, {}]", r.human, r.mt);
        }
        out.push(("src/data/calques/measured.toml".into(), measured));
        out
    }
}

/// Rewrites the `seen = [..]` line of each `[[entry]]` (adding it after `pattern` if missing).
fn write_seen(source: &str, rows: &[&EntryStats]) -> String {
    let mut out = String::with_capacity(source.len() + rows.len() * 16);
    let mut entry: Option<usize> = None;
    let mut written = false;
    let lines: Vec<&str> = source.lines().collect();
    for line in lines {
        let t = line.trim_start();
        if t.starts_with("[[entry]]") {
            entry = Some(entry.map_or(0, |e| e + 1));
            written = false;
        }
        if t.starts_with("seen =") || t.starts_with("seen=") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if let (Some(e), false) = (entry, written) {
            if t.starts_with("pattern =") {
                if let Some(r) = rows.get(e) {
                    let _ = writeln!(out, "seen = [{}, {}]", r.human, r.mt);
                }
                written = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_lines_are_rewritten() {
        let src = "language = \"x\"\n\n[[entry]]\npattern = \"a b\"\nseen = [1, 2]\n\n[[entry]]\npattern = \"c d\"\n";
        let rows = [
            EntryStats {
                pack: "x".into(),
                pattern: "a b".into(),
                human: 5,
                mt: 6,
                stored: None,
            },
            EntryStats {
                pack: "x".into(),
                pattern: "c d".into(),
                human: 0,
                mt: 7,
                stored: None,
            },
        ];
        let out = write_seen(src, &rows.iter().collect::<Vec<_>>());
        assert_eq!(
            out,
            "language = \"x\"\n\n[[entry]]\npattern = \"a b\"\nseen = [5, 6]\n\n[[entry]]\npattern = \"c d\"\nseen = [0, 7]\n"
        );
    }
}
