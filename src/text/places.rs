//! A small gazetteer of countries and major cities (`src/data/places.tsv`), looked up at a token.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::data::{data_file, DataError, DataFile};
use crate::text::tokenize::Token;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    City,
}

#[derive(Debug)]
pub struct Place {
    pub kind: PlaceKind,
    pub name: &'static str,
    /// The adjective of a country ("Russian"); empty for cities.
    pub adjective: &'static str,
    /// Not checked by rule MT602 (a person's name or a team more often than a place).
    pub no_at: bool,
}

#[derive(Debug)]
pub struct Places {
    pub places: Vec<Place>,
    /// First word of a name -> places starting with it, longest name first.
    by_first: HashMap<&'static str, Vec<usize>>,
    adjectives: std::collections::HashSet<&'static str>,
}

const DATA: DataFile = data_file!("places.tsv");

fn parse(file: DataFile) -> Result<Vec<Place>, DataError> {
    let mut out = Vec::new();
    for row in file.rows() {
        let cols: Vec<&'static str> = row.columns().collect();
        let kind = match cols[0] {
            "country" => PlaceKind::Country,
            "city" => PlaceKind::City,
            k => return Err(row.error(format!("unknown kind `{k}`"))),
        };
        let name = *cols.get(1).ok_or_else(|| row.error("no name"))?;
        out.push(Place {
            kind,
            name,
            adjective: cols.get(2).copied().unwrap_or(""),
            no_at: cols.get(3).is_some_and(|f| f.contains("noat")),
        });
    }
    Ok(out)
}

/// The compiled-in gazetteer.
pub fn places() -> &'static Places {
    static P: OnceLock<Places> = OnceLock::new();
    P.get_or_init(|| {
        let places = parse(DATA).expect("places.tsv parses (tested)");
        let mut by_first: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            let first = p.name.split([' ', '.']).next().unwrap_or(p.name);
            by_first.entry(first).or_default().push(i);
        }
        for v in by_first.values_mut() {
            v.sort_by_key(|&i| std::cmp::Reverse(places[i].name.len()));
        }
        let adjectives = places
            .iter()
            .filter(|p| p.kind == PlaceKind::Country && !p.adjective.is_empty())
            .map(|p| p.adjective)
            .collect();
        Places {
            places,
            by_first,
            adjectives,
        }
    })
}

impl Places {
    /// The longest place name starting at token `i`: the place and the index of the token after
    /// it. Names match case-sensitively and must end at a token boundary.
    pub fn at(&self, tokens: &[Token], i: usize, text: &str) -> Option<(&Place, usize)> {
        let tok = tokens.get(i)?;
        let candidates = self.by_first.get(tok.text(text))?;
        let start = tok.span.start as usize;
        for &pi in candidates {
            let place = &self.places[pi];
            let end = start + place.name.len();
            if !text[start..].starts_with(place.name) {
                continue;
            }
            // The token that starts at or after `end`; the name must end exactly on a token.
            let mut j = i;
            while j < tokens.len() && (tokens[j].span.end as usize) <= end {
                j += 1;
            }
            if j > i && tokens[j - 1].span.end as usize == end {
                return Some((place, j));
            }
        }
        None
    }

    /// The country whose name or adjective is `word`.
    pub fn country_by_adjective(&self, word: &str) -> Option<&Place> {
        self.places
            .iter()
            .find(|p| p.kind == PlaceKind::Country && p.adjective == word)
    }

    /// True when `word` is a country's adjective ("German", "Swiss").
    pub fn is_adjective(&self, word: &str) -> bool {
        self.adjectives.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    #[test]
    fn finds_longest_names() {
        let text = "at New York and at St. Petersburg, at Newark";
        let toks = tokenize(text);
        let p = places();
        let (place, next) = p.at(&toks, 1, text).unwrap();
        assert_eq!(place.name, "New York");
        assert_eq!(toks[next].text(text), "and");
        let (place, _) = p.at(&toks, 5, text).unwrap();
        assert_eq!(place.name, "St. Petersburg");
        assert!(p.at(&toks, 10, text).is_none());
        assert!(p.places.len() > 300);
        assert!(p.is_adjective("Swiss"));
    }
}
