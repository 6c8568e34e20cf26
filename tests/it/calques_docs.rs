//! docs/calques.md is generated from the calque packs; this test fails when it is stale.
//! `UPDATE_DOCS=1 cargo test --test it calques_docs` rewrites it.

use std::path::Path;

#[test]
fn calques_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/calques.md");
    let want = mtlint::docs::packs_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/calques.md is stale: run `UPDATE_DOCS=1 cargo test --test it calques_docs` and commit it"
    );
}

#[test]
fn source_hint_names_the_language_of_the_calques() {
    let text = "The Russian-Ukrainian conflict has lasted three years. The relevant departments \
                said they give full play to the market. It is learned that talks go on.";
    let report = mtlint::Linter::new()
        .with_language("en")
        .check(text)
        .unwrap();
    let hint = report.source_hint.expect("a hint");
    assert_eq!(hint.language, "zh");
    assert!(hint.evidence.len() >= 3);
    let none = mtlint::Linter::new()
        .with_language("en")
        .check("He has lived in Berlin for three years and likes it.")
        .unwrap();
    assert!(none.source_hint.is_none());
}
