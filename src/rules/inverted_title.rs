use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::data::{data_file, DataError, DataFile};
use crate::text::places::{places, PlaceKind};
use crate::text::tokenize::{Token, TokenKind};
use crate::text::wordset::WordSet;
use std::sync::OnceLock;

declare_rule! {
    /// ## What it finds
    ///
    /// Titles in the order of another language:
    ///
    /// - "State Secretary" for the US Secretary of State ("U.S. State Secretary Rubio", "State
    ///   Secretary tells reporters"), from Russian *госсекретарь* and similar compounds;
    /// - "<title> of <country> <name>": "Foreign Minister of Russia Sergey Lavrov", "President of
    ///   France Emmanuel Macron", where English puts the country first: "Russian Foreign Minister
    ///   Sergey Lavrov".
    ///
    /// ## Why it matters
    ///
    /// Russian *министр иностранных дел России Сергей Лавров* and Chinese 俄罗斯外长拉夫罗夫 keep
    /// the title and its country in the source order; translated word for word they give the
    /// inverted English title. English news puts the country adjective first, or sets the name
    /// off with a comma ("the foreign minister of Russia, Sergey Lavrov").
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// 'We are now reaching a point,' State Secretary tells reporters.
    /// U.S. State Secretary Marco Rubio said ...
    /// Foreign Minister of Russia Sergey Lavrov said ...
    /// ```
    ///
    /// Not flagged: "Secretary of State Marco Rubio", "Parliamentary State Secretary", "German
    /// State Secretary Jörg Kukies", "State Secretary Rainer Baake" (a German title with a name),
    /// "the State Secretary for Health", "the foreign minister of Russia, Sergey Lavrov".
    ///
    /// ## Known false positives
    ///
    /// "State Secretary" is a real title in Germany, the Netherlands, the Nordic countries and
    /// the EU; the rule flags it without a name after it only at low confidence, and with a US
    /// qualifier at high confidence. Official styles sometimes write "President of the United
    /// States Donald J. Trump" without a comma.
    pub struct InvertedTitle {
        code: "MT603",
        name: "inverted-title",
        category: Translation,
        severity: Warning,
        summary: "A title in the word order of another language (\"State Secretary\", \"Foreign Minister of Russia Lavrov\").",
        languages: ["en"],
    }
}

const DATA: DataFile = data_file!("inverted_title.tsv");

/// The data of `src/data/inverted_title.tsv`.
#[derive(Debug, Default)]
struct Lists {
    /// Titles that precede "of <country>", in the order they are tried, with the English
    /// title for the fix.
    titles: Vec<(&'static str, &'static str)>,
    /// Capitalized words that cannot be a person's name after the country.
    not_a_name: Vec<&'static str>,
    /// Words before "State Secretary" that make it a legitimate (non-US) title.
    state_secretary_ok: Vec<&'static str>,
}

fn parse(file: DataFile) -> Result<Lists, DataError> {
    let mut lists = Lists::default();
    for row in file.rows() {
        let (kind, rest) = row
            .text
            .split_once('\t')
            .ok_or_else(|| row.error("expected kind<TAB>..."))?;
        match kind {
            "title" => {
                let (title, english) = rest
                    .split_once('\t')
                    .ok_or_else(|| row.error("expected title<TAB>title<TAB>English title"))?;
                lists.titles.push((title, english));
            }
            "not-a-name" => lists.not_a_name.extend(rest.split_whitespace()),
            "state-secretary-ok" => lists.state_secretary_ok.extend(rest.split_whitespace()),
            other => return Err(row.error(format!("unknown kind `{other}`"))),
        }
    }
    Ok(lists)
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| parse(DATA).expect("src/data/inverted_title.tsv is well-formed (tested)"))
}

fn word_is(tok: Option<&Token>, text: &str, w: &str) -> bool {
    tok.is_some_and(|t| t.kind == TokenKind::Word && t.text(text) == w)
}

/// Matches `words` (space-separated) on consecutive tokens from `i`; returns the next index.
fn match_words(tokens: &[Token], i: usize, text: &str, words: &str) -> Option<usize> {
    let mut j = i;
    for w in words.split(' ') {
        let t = tokens.get(j)?;
        if t.kind != TokenKind::Word || t.text(text) != w || (j > i && !t.space_before) {
            return None;
        }
        j += 1;
    }
    Some(j)
}

fn is_name_like(tok: &Token, text: &str) -> bool {
    let w = tok.text(text);
    tok.kind == TokenKind::Word
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().skip(1).any(char::is_lowercase)
        && !lists().not_a_name.contains(&w)
        && !crate::text::words::DAYS_MONTHS.contains(&w)
}

/// The first words of the titles and "State", in any case: the words the rule looks at.
fn heads() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| {
        let titles = lists()
            .titles
            .iter()
            .filter_map(|(t, _)| t.split(' ').next());
        let words: Vec<&'static str> = titles.chain(["State"]).collect();
        WordSet::new(&words)
    })
}

/// True when the text right before `start` is a US qualifier ("U.S.", "US", "American").
fn us_before(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    ["U.S.", "US", "American", "America's", "America’s", "USA"]
        .iter()
        .any(|q| {
            before.ends_with(q)
                && !before[..before.len() - q.len()]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        })
}

impl InvertedTitle {
    fn state_secretary(&self, tokens: &[Token], i: usize, text: &str, cx: &mut Context<'_>) {
        if !word_is(tokens.get(i), text, "State")
            || !word_is(tokens.get(i + 1), text, "Secretary")
            || !tokens[i + 1].space_before
        {
            return;
        }
        let start = tokens[i].span.start as usize;
        let end = tokens[i + 1].span.end as usize;
        let confidence = if us_before(text, start) {
            0.9
        } else {
            if let Some(prev) = i.checked_sub(1).map(|p| tokens[p]) {
                let w = prev.text(text);
                let capitalized = w.chars().next().is_some_and(char::is_uppercase);
                if prev.kind == TokenKind::Word
                    && (lists()
                        .state_secretary_ok
                        .iter()
                        .any(|o| o.eq_ignore_ascii_case(w))
                        || (capitalized && w != "The"))
                {
                    return;
                }
            }
            // A name or a portfolio after it: a real (German, Dutch, EU) title.
            match tokens.get(i + 2) {
                Some(next) if next.kind == TokenKind::Word => {
                    let w = next.text(text);
                    if w.chars().next().is_some_and(char::is_uppercase)
                        || matches!(w, "for" | "of" | "in" | "at" | "to" | "and")
                    {
                        return;
                    }
                }
                Some(next) if next.kind == TokenKind::Punct && next.text(text) == "-" => return,
                _ => {}
            }
            0.5
        };
        cx.report(
            Span::new(start, end),
            "\"State Secretary\": the US title is \"Secretary of State\" (a calque of Russian \
             госсекретарь or German Staatssekretär)",
        )
        .confidence(confidence)
        .fix("Secretary of State", Applicability::Unsafe);
    }

    fn title_of_country(&self, tokens: &[Token], i: usize, text: &str, cx: &mut Context<'_>) {
        let Some(&(title, english)) = lists()
            .titles
            .iter()
            .find(|(t, _)| match_words(tokens, i, text, t).is_some())
        else {
            return;
        };
        if i > 0 && ["Vice", "Deputy", "First", "Acting"].contains(&tokens[i - 1].text(text)) {
            return;
        }
        let j = match_words(tokens, i, text, title).unwrap_or(i);
        if !word_is(tokens.get(j), text, "of") {
            return;
        }
        let Some((place, k)) = places().at(tokens, j + 1, text) else {
            return;
        };
        if place.kind != PlaceKind::Country || place.adjective.is_empty() {
            return;
        }
        // The name follows directly, without a comma, and is not a possessive or a title.
        let Some(name) = tokens.get(k) else {
            return;
        };
        if !name.space_before || !is_name_like(name, text) || name.text(text).contains(['\'', '’'])
        {
            return;
        }
        if places().at(tokens, k, text).is_some() {
            return;
        }
        let span = Span::new(
            tokens[i].span.start as usize,
            tokens[k - 1].span.end as usize,
        );
        let fix = format!("{} {english}", place.adjective);
        cx.report(
            span,
            format!(
                "\"{}\" before a name follows Russian or Chinese word order; English puts the \
                 country first: \"{fix}\"",
                span.slice(text)
            ),
        )
        .confidence(0.7)
        .fix(fix, Applicability::Unsafe);
    }
}

impl Check for InvertedTitle {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let tokens = doc.tokens();
        let bytes = text.as_bytes();
        let heads = heads();
        for ((i, tok), folded) in tokens.iter().enumerate().zip(doc.folds()) {
            // Every title looked for starts with an ASCII capital and one of the head words;
            // most words leave at the head set's filter, with no string compared.
            if !heads.contains_hashed(folded.hash, &bytes[tok.span.range()])
                || tok.kind != TokenKind::Word
                || !bytes[tok.span.start as usize].is_ascii_uppercase()
            {
                continue;
            }
            if tok.text(text) == "State" {
                self.state_secretary(tokens, i, text, cx);
            }
            self.title_of_country(tokens, i, text, cx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings;

    /// (flagged text, fix, confidence) of each finding.
    fn found(text: &str) -> Vec<(String, String, f32)> {
        findings("MT603", text)
            .into_iter()
            .map(|f| {
                let fix = f.fix.expect("a fix");
                assert_eq!(fix.applicability, Applicability::Unsafe);
                (
                    f.span.slice(text).to_string(),
                    fix.replacement,
                    f.confidence,
                )
            })
            .collect()
    }

    #[test]
    fn state_secretary_is_more_certain_after_a_us_qualifier() {
        let fix = "Secretary of State".to_string();
        assert_eq!(
            found("U.S. State Secretary Marco Rubio spoke."),
            [("State Secretary".to_string(), fix.clone(), 0.9)]
        );
        assert_eq!(
            found("The State Secretary will travel to Riyadh."),
            [("State Secretary".to_string(), fix, 0.5)]
        );
        for text in [
            "The Parliamentary State Secretary resigned.",
            "The State Secretary for Health resigned.",
            "The State Secretary Schmidt resigned.",
            "Germany's State Secretary-designate spoke.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn title_of_country_before_a_name_puts_the_country_first() {
        assert_eq!(
            found("Foreign Minister of Russia Sergey Lavrov spoke."),
            [(
                "Foreign Minister of Russia".to_string(),
                "Russian Foreign Minister".to_string(),
                0.7
            )]
        );
        assert_eq!(
            found("He met Minister of Foreign Affairs of China Wang Yi."),
            [(
                "Minister of Foreign Affairs of China".to_string(),
                "Chinese Foreign Minister".to_string(),
                0.7
            )]
        );
        for text in [
            "Deputy Foreign Minister of Russia Sergey Ryabkov spoke.",
            "President of France, Emmanuel Macron, spoke.",
            "Foreign Minister of Russia said so.",
            "President of Paris Saint-Germain Nasser spoke.",
            "President of France The Hague ruled.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn data_file_parses() {
        let lists = parse(DATA).unwrap();
        assert_eq!(
            lists.titles.first(),
            Some(&("Minister of Foreign Affairs", "Foreign Minister"))
        );
        assert!(lists.titles.len() >= 18);
        assert!(lists.not_a_name.contains(&"The") && lists.state_secretary_ok.contains(&"junior"));
    }
}
