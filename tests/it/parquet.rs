//! `mtlint score` on Parquet input (`--input parquet`, feature `parquet`).

use std::process::{Command, Output};

fn score(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .arg("score")
        .args(args)
        .output()
        .expect("binary runs")
}

#[cfg(not(feature = "parquet"))]
#[test]
fn without_the_feature_parquet_input_is_a_clear_error() {
    let o = score(&["--quiet", "--input", "parquet", "Cargo.toml"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--features parquet"), "{err}");
}

#[cfg(feature = "parquet")]
mod with_feature {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use parquet::data_type::{ByteArray, ByteArrayType};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    use serde_json::Value;

    use super::*;

    const SCHEMA: &str = "message doc {
        REQUIRED BYTE_ARRAY id (UTF8);
        OPTIONAL BYTE_ARRAY text (UTF8);
        OPTIONAL group meta {
            OPTIONAL BYTE_ARRAY body (UTF8);
        }
    }";

    /// One row group: (values, definition levels) for `id`, `text` and `meta.body`.
    type Group<'a> = [(&'a [&'a str], Option<&'a [i16]>); 3];

    fn write_parquet(path: &Path, groups: &[Group<'_>]) {
        let schema = Arc::new(parse_message_type(SCHEMA).unwrap());
        let props = Arc::new(WriterProperties::builder().build());
        let file = std::fs::File::create(path).unwrap();
        let mut writer = SerializedFileWriter::new(file, schema, props).unwrap();
        for group in groups {
            let mut rg = writer.next_row_group().unwrap();
            for (values, defs) in group {
                let mut col = rg.next_column().unwrap().expect("a column per field");
                let values: Vec<ByteArray> = values.iter().map(|v| (*v).into()).collect();
                col.typed::<ByteArrayType>()
                    .write_batch(&values, *defs, None)
                    .unwrap();
                col.close().unwrap();
            }
            rg.close().unwrap();
        }
        writer.close().unwrap();
    }

    /// A sample file, one per test (tests run in parallel).
    fn sample(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mtlint-parquet-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{test}.parquet"));
        // Two row groups: rows a, b (b without text), then row c (without meta).
        write_parquet(
            &path,
            &[
                [
                    (&["a", "b"], None),
                    (
                        &["He said thatIf no progress is made, talks end."],
                        Some(&[1, 0]),
                    ),
                    (&["Kiev is the capital.", "x"], Some(&[2, 2])),
                ],
                [
                    (&["c"], None),
                    (&["The talks ended on Monday."], Some(&[1])),
                    (&[], Some(&[0])),
                ],
            ],
        );
        path
    }

    /// The output records (the exit status is 1: each sample run has an error record).
    fn records(o: &Output) -> Vec<Value> {
        assert_eq!(o.status.code(), Some(1), "{o:?}");
        String::from_utf8(o.stdout.clone())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn every_row_is_one_record_in_order() {
        let path = sample("order");
        let path = path.to_str().unwrap();
        // `auto` recognizes the extension; `--input parquet` says it outright.
        for input in ["auto", "parquet"] {
            let out = records(&score(&["--quiet", "--input", input, path]));
            let ids: Vec<&str> = out.iter().map(|r| r["id"].as_str().unwrap()).collect();
            assert_eq!(ids, ["a", "b", "c"]);
            let rows: Vec<u64> = out.iter().map(|r| r["line"].as_u64().unwrap()).collect();
            assert_eq!(rows, [1, 2, 3]);
            assert_eq!(out[0]["counts"]["MT101"], 1, "{}", out[0]);
            assert!(
                out[1]["error"].as_str().unwrap().contains("null"),
                "{}",
                out[1]
            );
            assert!(out[2]["mt"].is_number(), "{}", out[2]);
        }
    }

    #[test]
    fn dotted_paths_reach_into_struct_columns() {
        let path = sample("dotted");
        let out = records(&score(&[
            "--quiet",
            "--text-field",
            "meta.body",
            path.to_str().unwrap(),
        ]));
        assert_eq!(out.len(), 3);
        assert_eq!(out[0]["counts"]["MT502"], 1, "{}", out[0]);
        assert!(out[1]["mt"].is_number(), "{}", out[1]);
        assert!(
            out[2]["error"].as_str().unwrap().contains("missing field"),
            "{}",
            out[2]
        );
    }

    #[test]
    fn a_file_that_is_not_parquet_is_an_error() {
        let o = score(&["--quiet", "--input", "parquet", "Cargo.toml"]);
        assert!(!o.status.success());
        assert!(String::from_utf8_lossy(&o.stderr).contains("Cargo.toml"));
    }
}
