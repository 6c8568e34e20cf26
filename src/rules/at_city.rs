use std::sync::OnceLock;

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::data::{data_file, DataError, DataFile};
use crate::text::hash::head_of;
use crate::text::places::places;
use crate::text::tokenize::{Token, TokenKind};

declare_rule! {
    /// ## What it finds
    ///
    /// "at" before the name of a city or country where English uses "in": "He spoke at Paris
    /// after the talks", "A new meeting is expected next week at London." The places come from
    /// the gazetteer `src/data/places.tsv` (capitals, major cities, countries).
    ///
    /// ## Why it matters
    ///
    /// French *à Paris*, Italian *a Parigi*, Chinese 在 and Japanese で are rendered "at" by word
    /// for word translation and by spinners; English says "in Paris". Native writers use "at"
    /// with a city name only when the name stands for something else (a team, an event, a
    /// government), and those uses have tell-tale context, which the rule checks.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// He spoke at Paris after landmark talks.
    /// A new meeting is expected next week at London, and ...
    /// ```
    ///
    /// Not flagged: "at London Stadium", "at Paris talks", "at Paris's request", "at London
    /// 2012", "missiles aimed at Moscow", "lashed out at Beijing", "won gold at Tokyo",
    /// "arrived at Heathrow" (not in the gazetteer), "at Davos" (left out on purpose).
    ///
    /// ## Known false positives
    ///
    /// A city standing for a government or a team after a verb the rule does not know ("a
    /// swipe at Washington" is known, "a dig aimed squarely at Berlin" is known, rarer verbs
    /// are not), and old-fashioned English ("the treaty signed at Paris").
    pub struct AtCity {
        code: "MT602",
        name: "at-city",
        category: Translation,
        severity: Warning,
        summary: "\"at\" before a city or country where English uses \"in\".",
        languages: ["en"],
    }
}

const DATA: DataFile = data_file!("at_city.tsv");

/// The word lists of `src/data/at_city.tsv`.
#[derive(Debug)]
struct Lists {
    /// Words that, before "at <place>", make it a complement or a venue ("aimed at Moscow").
    prev_block: Vec<&'static str>,
    /// Lowercase words that may follow the place when "at <place>" is a location.
    next_ok: Vec<&'static str>,
}

fn parse(file: DataFile) -> Result<Lists, DataError> {
    let [prev_block, next_ok] = file.word_lists(["prev-block", "next-ok"])?;
    Ok(Lists {
        prev_block,
        next_ok,
    })
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| parse(DATA).expect("src/data/at_city.tsv is well-formed (tested)"))
}

/// Punctuation after the place that ends the phrase (a closing mark, not a glued `'`, `-`, `/`).
fn ends_phrase(tok: &Token, text: &str) -> bool {
    matches!(
        tok.text(text),
        "," | "." | ";" | ":" | "!" | "?" | ")" | "”" | "\"" | "»" | "–" | "—" | "…"
    )
}

fn next_ok(tokens: &[Token], j: usize, text: &str) -> bool {
    let Some(next) = tokens.get(j) else {
        return true;
    };
    match next.kind {
        TokenKind::Punct => {
            ends_phrase(next, text) && (next.space_before || next.text(text) != "-")
        }
        TokenKind::Word if next.space_before => {
            let w = next.text(text);
            lists().next_ok.contains(&w) || crate::text::words::DAYS_MONTHS.contains(&w)
        }
        _ => false,
    }
}

fn prev_blocked(tokens: &[Token], i: usize, text: &str) -> bool {
    tokens[i.saturating_sub(2)..i]
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .any(|t| {
            let w = t.text(text);
            w.len() <= 14 && lists().prev_block.iter().any(|b| b.eq_ignore_ascii_case(w))
        })
}

impl Check for AtCity {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let tokens = doc.tokens();
        let gazetteer = places();
        for i in doc.tokens_with_head(head_of("at")) {
            let tok = tokens[i];
            if tok.kind != TokenKind::Word {
                continue;
            }
            let at = tok.text(text);
            if at != "at" && at != "At" {
                continue;
            }
            let Some(name) = tokens.get(i + 1) else {
                continue;
            };
            if !name.space_before || name.kind != TokenKind::Word {
                continue;
            }
            let Some((place, j)) = gazetteer.at(tokens, i + 1, text) else {
                continue;
            };
            if place.no_at || !next_ok(tokens, j, text) || prev_blocked(tokens, i, text) {
                continue;
            }
            let span = Span::new(tok.span.start as usize, tokens[j - 1].span.end as usize);
            let prep = if at == "At" { "In" } else { "in" };
            cx.report(
                span,
                format!(
                    "\"{}\": English uses \"in\" with a city or country (a calque of French à, \
                     Italian a, Chinese 在)",
                    span.slice(text)
                ),
            )
            .confidence(0.6)
            .fix(format!("{prep} {}", place.name), Applicability::Unsafe);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{findings, spans_and_fixes};

    fn found(text: &str) -> Vec<(String, Option<String>)> {
        spans_and_fixes("MT602", text)
    }

    fn one(span: &str, fix: &str) -> Vec<(String, Option<String>)> {
        vec![(span.to_string(), Some(fix.to_string()))]
    }

    #[test]
    fn at_before_a_place_becomes_in() {
        assert_eq!(
            found("He spoke at Paris after the talks."),
            one("at Paris", "in Paris")
        );
        assert_eq!(
            found("At Moscow, officials denied it."),
            one("At Moscow", "In Moscow")
        );
        assert_eq!(
            found("They met at New York on Tuesday."),
            one("at New York", "in New York")
        );
        // A weekday or month may follow.
        assert_eq!(
            found("We met at Berlin Monday."),
            one("at Berlin", "in Berlin")
        );
        let f = findings("MT602", "He spoke at Paris.");
        assert_eq!(f[0].confidence, 0.6);
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
        assert!(f[0]
            .message
            .starts_with("\"at Paris\": English uses \"in\""));
    }

    #[test]
    fn complements_venues_and_attributes_are_left_alone() {
        for text in [
            "Missiles were aimed at Moscow on Friday.",
            "It was a dig aimed squarely at Berlin.",
            "She won gold at Tokyo in 2021.",
            "He landed at Paris late.",
            "They met at Paris's request.",
            "He attended at Paris talks.",
            "We met at London 2012.",
            "He played at Chad on Sunday.",
            "They met AT Paris on Monday.",
            "He spoke at Paris-based firms.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn data_file_parses() {
        let lists = parse(DATA).unwrap();
        assert!(lists.prev_block.contains(&"aimed") && lists.prev_block.len() > 200);
        assert!(lists.next_ok.contains(&"on") && lists.next_ok.len() > 80);
        assert!(lists.prev_block.iter().all(|w| w.len() <= 14));
    }
}
