//! `mtlint score --format dolma`: Dolma attribute lines, one per input line, in order, with
//! character offsets.

use crate::common::*;

#[test]
fn dolma_attributes_have_character_offsets_and_one_line_per_input_line() {
    // Multi-byte characters before the glued word: byte and character offsets differ.
    let text = "Zürich — café “x”: he said thatIf no progress is made, the talks would end.";
    let start = text.find("thatIf").unwrap();
    let chars = text[..start].chars().count();
    let input = [
        serde_json::json!({"id": "a", "text": text}).to_string(),
        r#"{"id": 7, "text": ""}"#.to_string(),
        r#"{"id": "c", "text": "Plain words here, nothing glued at all in this line."}"#
            .to_string(),
    ]
    .join("\n");
    let o = run_stdin(
        &["score", "--quiet", "--jobs", "2", "--format", "dolma", "-"],
        input.as_bytes(),
    );
    let lines = stdout_lines(&o);
    assert_eq!(lines.len(), 3, "{}", String::from_utf8_lossy(&o.stderr));
    let ids: Vec<_> = lines.iter().map(|l| l["id"].clone()).collect();
    assert_eq!(ids, [serde_json::json!("a"), 7.into(), "c".into()]);

    let a = &lines[0]["attributes"];
    let score = &a["mtlint__v1__score"][0];
    assert_eq!(score[0], 0);
    assert_eq!(score[1], text.chars().count());
    assert!(score[2].as_f64().is_some_and(|m| (0.0..=1.0).contains(&m)));
    assert_eq!(
        a["mtlint__v1__MT101"],
        serde_json::json!([[chars, chars + "thatIf".len(), 1.0]])
    );
    // The record that could not be scored keeps its line, without attributes.
    assert_eq!(lines[1]["attributes"], serde_json::json!({}));
    assert!(lines[2]["attributes"]["mtlint__v1__score"].is_array());
    assert!(lines[2]["attributes"].get("mtlint__v1__MT101").is_none());
}
