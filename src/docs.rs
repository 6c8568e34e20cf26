//! Generated documentation: `docs/rules.md` is built from the registry by [`rules_markdown`],
//! `docs/calques.md` from the calque packs by [`packs_markdown`], and a test fails when a
//! committed file is stale (`UPDATE_DOCS=1 cargo test` rewrites them).

use std::fmt::Write as _;

use crate::calques::{matcher, measured, MEASURED_RULES};
use crate::rules;

/// The Markdown reference of every rule, in registry order.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# mtlint rules\n\n<!-- Generated from the rule registry by `mtlint rules --format markdown`; do not edit. -->\n\n",
    );
    out.push_str(
        "| code | name | category | severity | languages | summary |\n|---|---|---|---|---|---|\n",
    );
    for m in rules::metas() {
        let langs = if m.languages.is_empty() {
            "any".to_string()
        } else {
            m.languages.join(", ")
        };
        let _ = writeln!(
            out,
            "| {} | [{}](#{}-{}) | {} | {} | {} | {} |",
            m.code,
            m.name,
            m.code.to_ascii_lowercase(),
            m.name,
            m.category.as_str(),
            m.severity.as_str(),
            langs,
            m.summary
        );
    }
    for m in rules::metas() {
        let _ = write!(out, "\n## {} {}\n\n{}\n\n", m.code, m.name, m.summary);
        // Demote the rule's own headings one level under the rule's heading.
        for line in m.docs_text().lines() {
            if line.starts_with('#') {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn seen_cell(seen: Option<[u32; 2]>, i: usize) -> String {
    seen.map_or("–".to_string(), |s| s[i].to_string())
}

/// `docs/calques.md`: every pack and entry with its measured counts, generated from the data.
pub fn packs_markdown() -> String {
    let m = matcher();
    let measured = measured();
    let mut out = String::new();
    out.push_str(
        "# Calque packs\n\n\
         <!-- Generated from src/data/calques/ by `mtlint::docs::packs_markdown`; do not edit.\n\
         Regenerate with `UPDATE_DOCS=1 cargo test --test it calques_docs`. -->\n\n\
         Rule `MT601 calque` flags phrases translated word for word from another language. The \
         phrases are data: one pack per suspected source language, plus generic translation \
         tells that point to no single language. Each entry is kept only if it is rare in \
         English written or translated by people; its measured hits are listed below.\n\n",
    );
    let _ = writeln!(
        out,
        "Counts are hits on {} ({} human-written documents, {} words; {} machine-translated \
         documents, {} words). *Human* = original English and human translations: every hit \
         there is a false positive. *MT* = machine translations of the same texts. Entries for \
         languages other than the corpus's source language are expected to have few MT hits; \
         their human count is the measure of their precision.\n",
        if measured.corpus.is_empty() {
            "no corpus yet"
        } else {
            measured.corpus.as_str()
        },
        measured.human_docs,
        measured.human_words,
        measured.mt_docs,
        measured.mt_words
    );
    out.push_str("## Summary\n\n| pack | language | entries | hits on human English | hits on MT |\n|---|---|---:|---:|---:|\n");
    let (mut te, mut th, mut tm) = (0, 0, 0);
    for pack in &m.packs {
        let h: u32 = pack
            .entries
            .iter()
            .filter_map(|e| e.seen)
            .map(|s| s[0])
            .sum();
        let t: u32 = pack
            .entries
            .iter()
            .filter_map(|e| e.seen)
            .map(|s| s[1])
            .sum();
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} | {} |",
            pack.file,
            pack.file,
            pack.name,
            pack.entries.len(),
            h,
            t
        );
        te += pack.entries.len();
        th += h;
        tm += t;
    }
    let _ = writeln!(out, "| **all** | | **{te}** | **{th}** | **{tm}** |\n");
    out.push_str(
        "The pattern rules, measured on the same corpus (findings):\n\n\
         | rule | hits on human English | hits on MT |\n|---|---:|---:|\n",
    );
    for code in MEASURED_RULES {
        let name = crate::rules::find(code).map_or("", |r| r.meta().name);
        let s = measured.rules.get(*code).copied();
        let _ = writeln!(
            out,
            "| `{code}` {name} | {} | {} |",
            seen_cell(s, 0),
            seen_cell(s, 1)
        );
    }
    out.push_str(
        "\nPattern syntax: words match with word boundaries and any case, except that capitals \
         in the pattern must be capitals in the text; `(a|b)` is a choice, `[a|b]` an optional \
         choice, `<num>` a number in digits or words. See `src/data/calques/README.md`, which \
         also lists the candidates that were measured and left out.\n",
    );
    for pack in &m.packs {
        let _ = write!(
            out,
            "\n## {}\n\n{} — `src/data/calques/{}.toml`, {} entries.\n\n{}\n\n",
            pack.file,
            pack.name,
            pack.file,
            pack.entries.len(),
            pack.about.trim()
        );
        out.push_str("| pattern | replacement | source | category | weight | human | MT |\n|---|---|---|---|---:|---:|---:|\n");
        for e in &pack.entries {
            let langs = pack.entry_languages(e);
            let source = if langs.len() > 1 || (pack.language == "generic" && !langs.is_empty()) {
                format!("{} ({})", md_escape(&e.source), langs.join(", "))
            } else {
                md_escape(&e.source)
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md_escape(&e.pattern),
                md_escape(&e.replacement),
                source,
                e.category,
                e.weight,
                seen_cell(e.seen, 0),
                seen_cell(e.seen, 1)
            );
        }
    }
    out
}
