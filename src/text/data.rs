//! The data files of `src/data/`, compiled in and read one way.
//!
//! A data file is UTF-8 text, one entry per line; blank lines and lines whose first non-blank
//! character is `#` are comments. A word list holds whitespace-separated words
//! ([`DataFile::words`]); a table holds tab-separated columns, the first usually a kind
//! ([`Row::columns`]). Each module that owns a file parses its rows into its own types and
//! reports a malformed row with [`Row::error`], so that every error reads
//! `src/data/<file>:<line>: <what is wrong>`. The files are parsed once, on first use, and a
//! test of each owner parses its file, so a malformed file fails the tests rather than a run.

use std::fmt;

/// A file of `src/data/`, compiled in (with the crate-internal `data_file!("<path>")`).
#[derive(Debug, Clone, Copy)]
pub struct DataFile {
    /// The path relative to `src/data/`.
    pub name: &'static str,
    pub text: &'static str,
}

/// The [`DataFile`] of a path relative to `src/data/`: `data_file!("places.tsv")`.
macro_rules! data_file {
    ($name:literal) => {
        $crate::text::data::DataFile {
            name: $name,
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/data/", $name)),
        }
    };
}
pub(crate) use data_file;

/// One entry of a data file: a line that is neither blank nor a comment.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub file: &'static str,
    /// One-based line number in the file.
    pub line: usize,
    /// The line as written.
    pub text: &'static str,
}

/// A malformed row: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "src/data/{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for DataError {}

impl DataFile {
    /// The entries, in order, with their line numbers.
    pub fn rows(self) -> impl Iterator<Item = Row> {
        self.text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(move |(i, text)| Row {
                file: self.name,
                line: i + 1,
                text,
            })
    }

    /// The whitespace-separated words of every entry, in order: a word list.
    pub fn words(self) -> impl Iterator<Item = &'static str> {
        self.rows().flat_map(|r| r.text.split_whitespace())
    }

    /// Named word lists: rows `kind<TAB>words` (space-separated), the words of each of the
    /// `kinds` collected in file order, in the order of `kinds`.
    pub fn word_lists<const N: usize>(
        self,
        kinds: [&str; N],
    ) -> Result<[Vec<&'static str>; N], DataError> {
        let mut lists = [const { Vec::new() }; N];
        for row in self.rows() {
            let (kind, words) = row
                .text
                .split_once('\t')
                .ok_or_else(|| row.error("expected kind<TAB>words"))?;
            let k = kinds
                .iter()
                .position(|&k| k == kind)
                .ok_or_else(|| row.error(format!("unknown kind `{kind}`")))?;
            lists[k].extend(words.split_whitespace());
        }
        Ok(lists)
    }
}

impl Row {
    /// The tab-separated columns, as written.
    pub fn columns(self) -> std::str::Split<'static, char> {
        self.text.split('\t')
    }

    /// The column `i` (from 0), or an error saying what the row should hold.
    pub fn column(self, i: usize, layout: &str) -> Result<&'static str, DataError> {
        self.columns()
            .nth(i)
            .ok_or_else(|| self.error(format!("expected {layout}")))
    }

    /// An error about this row.
    pub fn error(self, message: impl Into<String>) -> DataError {
        DataError {
            file: self.file,
            line: self.line,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: DataFile = DataFile {
        name: "test.tsv",
        text: "# a comment\n\nkind\tone\ttwo\n  # indented comment\nword list  here\n\t\n",
    };

    #[test]
    fn rows_skip_blank_lines_and_comments() {
        let rows: Vec<(usize, &str)> = FILE.rows().map(|r| (r.line, r.text)).collect();
        assert_eq!(rows, [(3, "kind\tone\ttwo"), (5, "word list  here")]);
        let words: Vec<&str> = FILE.words().collect();
        assert_eq!(words, ["kind", "one", "two", "word", "list", "here"]);
    }

    #[test]
    fn word_lists_by_kind() {
        let file = DataFile {
            name: "lists.tsv",
            text: "b\tx y\na\tz\nb\tw\n",
        };
        assert_eq!(
            file.word_lists(["a", "b"]).unwrap(),
            [vec!["z"], vec!["x", "y", "w"]]
        );
        let e = file.word_lists(["a"]).unwrap_err();
        assert_eq!(e.to_string(), "src/data/lists.tsv:1: unknown kind `b`");
        assert!(FILE.word_lists(["kind"]).is_err(), "a row without a tab");
    }

    #[test]
    fn columns_and_errors_name_the_file_and_line() {
        let row = FILE.rows().next().unwrap();
        assert_eq!(row.columns().collect::<Vec<_>>(), ["kind", "one", "two"]);
        assert_eq!(row.column(2, "three columns"), Ok("two"));
        let e = row.column(3, "kind<TAB>a<TAB>b<TAB>c").unwrap_err();
        assert_eq!(
            e.to_string(),
            "src/data/test.tsv:3: expected kind<TAB>a<TAB>b<TAB>c"
        );
    }

    #[test]
    fn compiled_in_files_are_found() {
        let places = data_file!("places.tsv");
        assert_eq!(places.name, "places.tsv");
        assert!(places.rows().count() > 300);
    }
}
