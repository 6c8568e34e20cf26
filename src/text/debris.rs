//! Page furniture: the phrases scrapers leave in article text (`src/data/debris.tsv`), each
//! with its kind and a note. Rule `scrape-debris` reports them; `run-together-words` asks
//! whether a capitalized word glued after a sentence is a photo-credit label.

use std::sync::OnceLock;

use crate::text::data::{data_file, DataError, DataFile};

const DATA: DataFile = data_file!("debris.tsv");

/// Where a phrase counts as furniture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The whole line.
    Line,
    /// A line start, followed by a link title.
    Link,
    /// A photo credit: at a line start, or glued to the end of a sentence.
    Credit,
    /// A metadata key at a line start, followed by a date.
    Meta,
}

/// One phrase of the data.
#[derive(Debug)]
pub struct Entry {
    pub kind: Kind,
    /// Lowercase; matched ignoring ASCII case.
    pub phrase: String,
    /// What the furniture is, for the message.
    pub note: String,
}

fn parse(file: DataFile) -> Result<Vec<Entry>, DataError> {
    let mut out = Vec::new();
    for row in file.rows() {
        let mut cols = row.columns();
        let (Some(kind), Some(phrase)) = (cols.next(), cols.next()) else {
            return Err(row.error("expected kind<TAB>phrase<TAB>note"));
        };
        let kind = match kind {
            "line" => Kind::Line,
            "link" => Kind::Link,
            "credit" => Kind::Credit,
            "meta" => Kind::Meta,
            other => return Err(row.error(format!("unknown kind `{other}`"))),
        };
        out.push(Entry {
            kind,
            phrase: phrase.to_string(),
            note: cols.next().unwrap_or("page furniture").to_string(),
        });
    }
    Ok(out)
}

/// The phrases, in the order of the file.
pub fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| parse(DATA).expect("src/data/debris.tsv is well-formed (tested)"))
}

/// True when `word:` opens a photo credit in the data ("Picture", "Photo", "Credit"), any
/// case: caption debris rather than prose.
pub fn is_credit_label(word: &str) -> bool {
    entries().iter().any(|e| {
        e.kind == Kind::Credit
            && e.phrase.len() == word.len() + 1
            && e.phrase.ends_with(':')
            && e.phrase[..word.len()].eq_ignore_ascii_case(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_labels() {
        assert!(is_credit_label("Picture") && is_credit_label("photo"));
        assert!(!is_credit_label("Paris") && !is_credit_label("Photographer"));
    }

    #[test]
    fn data_file_parses() {
        let entries = parse(DATA).unwrap();
        assert!(entries.len() > 50);
        assert!(entries.iter().all(|e| e.phrase == e.phrase.to_lowercase()));
    }
}
