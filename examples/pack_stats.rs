//! Measures the calque packs and the rules MT602-MT604 on labeled corpora.
//!
//! ```text
//! cargo run --release --example pack_stats -- [--write] [--contexts human|mt] FILE.jsonl...
//! ```
//!
//! Each file holds one JSON record per line with `text` and `origin` (or `label`):
//! `original_english`, `human_translation_*` and `human` count as human-written, `mt*` as
//! machine translation. Prints one row per entry (human hits, MT hits, stored counts, pattern).
//! `--write` stores the counts in `src/data/calques/*.toml`; `--contexts` prints every hit on
//! one side with its surroundings, for reviewing entries.

use mtlint::calques;
use mtlint::eval::packs::{self, Group};

fn main() {
    let mut write = false;
    let mut contexts: Option<Group> = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--write" => write = true,
            "--contexts" => {
                contexts = match args.next().as_deref() {
                    Some("human") => Some(Group::Human),
                    Some("mt") => Some(Group::Mt),
                    _ => {
                        eprintln!("--contexts takes `human` or `mt`");
                        std::process::exit(2);
                    }
                }
            }
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        eprintln!("usage: pack_stats [--write] [--contexts human|mt] FILE.jsonl...");
        std::process::exit(2);
    }
    let mut records = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        records.extend(packs::jsonl_records(&text));
    }
    if let Some(side) = contexts {
        print_contexts(&records, side);
        return;
    }
    let table = packs::pack_table(records.iter().map(|(g, t)| (*g, t.as_str())));
    print!("{}", table.to_tsv());
    if write {
        let corpus = files
            .iter()
            .map(|f| {
                let p = std::path::Path::new(f);
                let dir = p
                    .parent()
                    .and_then(|d| d.file_name())
                    .map_or(String::new(), |d| d.to_string_lossy().into_owned() + "/");
                dir + &p
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned())
            })
            .collect::<Vec<_>>()
            .join(", ");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (path, contents) in table.updated_files(&corpus) {
            std::fs::write(root.join(&path), contents).unwrap_or_else(|e| panic!("{path}: {e}"));
            eprintln!("wrote {path}");
        }
    }
}

fn context(text: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(70);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 70).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!(
        "{}[{}]{}",
        &text[a..start],
        &text[start..end],
        &text[end..b]
    )
    .replace('\n', " ")
}

fn print_contexts(records: &[(Group, String)], side: Group) {
    let m = calques::matcher();
    let linter = mtlint::Linter::new()
        .select(calques::MEASURED_RULES)
        .unwrap()
        .with_language("en");
    for (g, text) in records.iter().filter(|(g, _)| *g == side) {
        let _ = g;
        for hit in m.find_all(text) {
            let (pack, entry) = m.entry(hit.entry);
            println!(
                "{}\t{}\t{}",
                pack.file,
                entry.pattern,
                context(text, hit.start, hit.end)
            );
        }
        for f in linter.check(text).unwrap().findings {
            println!(
                "rule\t{}\t{}",
                f.rule.code,
                context(text, f.span.start as usize, f.span.end as usize)
            );
        }
    }
}
