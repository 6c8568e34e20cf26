//! Generated documentation: `docs/rules.md` is built from the registry by [`rules_markdown`],
//! and a test fails when the committed file is stale (`UPDATE_DOCS=1 cargo test` rewrites it).

use std::fmt::Write as _;

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
