use std::collections::HashMap;
use std::sync::OnceLock;

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::data::{data_file, DataError, DataFile};
use crate::text::hash::{head_of, FnvSet};
use crate::text::places::places;
use crate::text::tokenize::{Token, TokenKind};

declare_rule! {
    /// ## What it finds
    ///
    /// "the" before a bare person's name that is the subject of a verb of saying: "the Rubio
    /// said", "The Lavrov stressed", "the Prime Minister Kishida said". The name must be a
    /// person's in the same document: it appears elsewhere after a title or honorific ("Mr.
    /// Rubio", "Secretary Rubio"), after a first name ("Marco Rubio"), or bare before a verb
    /// ("Rubio said").
    ///
    /// ## Why it matters
    ///
    /// Russian, Chinese, Japanese and the other languages without articles leave the choice of
    /// "the" to the translator; machine translation and learners then put it where English has
    /// none. English uses no article before a person's name (or before a title with a name).
    ///
    /// ## Examples
    ///
    /// Flagged (when "Marco Rubio" or "Mr. Rubio" is also in the text):
    ///
    /// ```text
    /// After the meeting, the Rubio said that talks would go on.
    /// The President Trump told reporters ...
    /// ```
    ///
    /// Not flagged: "the Clintons said", "the Rubio campaign said", "the Trump administration
    /// said", "the Kremlin said", "the Netherlands said", "The Hague", "the Times reported", "the
    /// German said" (a nationality), "the President said".
    ///
    /// ## Known false positives
    ///
    /// A name that is also an institution or a newspaper not in the rule's list, when the same
    /// word appears after another capitalized word elsewhere in the text ("the Herald said"
    /// next to "Miami Herald" is listed; rarer titles may not be).
    pub struct ArticleBeforeName {
        code: "MT604",
        name: "article-before-name",
        category: Translation,
        severity: Warning,
        summary: "\"the\" before a person's name (\"the Rubio said\"), typical of translation from languages without articles.",
        languages: ["en"],
    }
}

const DATA: DataFile = data_file!("article_before_name.tsv");

/// The word lists of `src/data/article_before_name.tsv`: case-sensitive word sets, looked up on
/// the words after every "the" (FNV: SipHash was a visible part of the rule's time).
#[derive(Debug)]
struct Lists {
    /// Verbs of saying that follow a name in news.
    verbs: FnvSet<&'static str>,
    /// Titles and honorifics before a name.
    titles: FnvSet<&'static str>,
    /// Capitalized words after "the" that are not people.
    not_people: FnvSet<&'static str>,
    /// Nationality nouns that take "the" ("Spaniard").
    nationalities: FnvSet<&'static str>,
}

fn parse(file: DataFile) -> Result<Lists, DataError> {
    let [verbs, titles, not_people, nationalities] =
        file.word_lists(["verb", "title", "not-person", "nationality"])?;
    let set = |words: Vec<&'static str>| words.into_iter().collect();
    Ok(Lists {
        verbs: set(verbs),
        titles: set(titles),
        not_people: set(not_people),
        nationalities: set(nationalities),
    })
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        parse(DATA).expect("src/data/article_before_name.tsv is well-formed (tested)")
    })
}

fn is_title(w: &str) -> bool {
    lists().titles.contains(w)
}

fn is_verb(w: &str) -> bool {
    lists().verbs.contains(w)
}

fn is_name_like(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars().skip(1).any(char::is_lowercase)
        && !w.contains(['\'', '’'])
        && !is_title(w)
        && !lists().not_people.contains(w)
        && !places().is_adjective(w)
        && !nationality_noun(w)
}

/// "Frenchman", "Spaniard", "Briton" and the like: nationality nouns that take "the".
fn nationality_noun(w: &str) -> bool {
    w.ends_with("man") || w.ends_with("woman") || lists().nationalities.contains(w)
}

fn is_word(tok: Option<&Token>) -> bool {
    tok.is_some_and(|t| t.kind == TokenKind::Word)
}

/// True when the word at `k` is used as a person's name: after a title or honorific, after a
/// first name (not itself after "the"), or alone before a verb of saying.
fn attests_person(tokens: &[Token], text: &str, k: usize) -> bool {
    {
        // Previous word, skipping the period of "Mr." / "Dr.".
        let mut p = k.checked_sub(1);
        if let Some(pi) = p {
            if tokens[pi].kind == TokenKind::Punct && tokens[pi].text(text) == "." {
                p = pi.checked_sub(1);
            }
        }
        let prev = p.map(|pi| tokens[pi]);
        let prev_text = prev.map_or("", |t| t.text(text));
        if is_word(prev.as_ref()) && is_title(prev_text) {
            // "Secretary Rubio", "Mr. Rubio" — but not a title phrase after an article ("the
            // Deputy Commandant").
            let mut b = p.unwrap_or(0);
            while b > 0 && (is_title(tokens[b - 1].text(text)) || tokens[b - 1].text(text) == ".") {
                b -= 1;
            }
            let article = b.checked_sub(1).is_some_and(|a| {
                matches!(
                    tokens[a].text(text),
                    "the" | "The" | "a" | "A" | "an" | "An"
                )
            });
            if !article {
                return true;
            }
        }
        let before_prev = p
            .and_then(|pi| pi.checked_sub(1))
            .map_or("", |bi| tokens[bi].text(text));
        if is_word(prev.as_ref())
            && prev_text.chars().next().is_some_and(char::is_uppercase)
            && is_name_like(prev_text)
            && !matches!(before_prev, "the" | "The")
        {
            return true;
        }
        let next = tokens.get(k + 1).map_or("", |t| t.text(text));
        if is_verb(next) && !matches!(prev_text, "the" | "The") {
            return true;
        }
    }
    false
}

/// For each candidate name, the positions where the document uses it as a person's name (see
/// [`attests_person`]); one pass over the tokens.
fn attestations<'t>(
    tokens: &[Token],
    text: &'t str,
    names: &[&'t str],
) -> HashMap<&'t str, Vec<usize>> {
    let mut out: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        // A handful of names: compared directly (lengths first) rather than hashed.
        let w = t.text(text);
        if names.contains(&w) && attests_person(tokens, text, k) {
            out.entry(w).or_default().push(k);
        }
    }
    out
}

impl Check for ArticleBeforeName {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let tokens = doc.tokens();
        // (article, name) token indices that pass every local test.
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for i in doc.tokens_with_head(head_of("the")) {
            let tok = tokens[i];
            if tok.kind != TokenKind::Word {
                continue;
            }
            let the = tok.text(text);
            if the != "the" && the != "The" {
                continue;
            }
            // Titles between the article and the name ("the Prime Minister Kishida").
            let mut j = i + 1;
            let capitalized = |t: &Token| {
                t.kind == TokenKind::Word && t.text(text).starts_with(|c: char| c.is_uppercase())
            };
            while j < tokens.len() && capitalized(&tokens[j]) && is_title(tokens[j].text(text)) {
                j += 1;
            }
            let Some(name) = tokens.get(j) else {
                continue;
            };
            if !capitalized(name) || !name.space_before {
                continue;
            }
            // Cheap filter first: a verb of saying right after the name.
            let Some(verb) = tokens.get(j + 1) else {
                continue;
            };
            if verb.kind != TokenKind::Word || !verb.space_before || !is_verb(verb.text(text)) {
                continue;
            }
            let name_text = name.text(text);
            if !is_name_like(name_text) || places().at(tokens, j, text).is_some() {
                continue;
            }
            // A plural ("the Clintons", "the Conservatives", "the Spurs") is a group.
            if name_text.ends_with('s') {
                continue;
            }
            candidates.push((i, j));
        }
        if candidates.is_empty() {
            return;
        }
        let mut names: Vec<&str> = candidates
            .iter()
            .map(|&(_, j)| tokens[j].text(text))
            .collect();
        names.sort_unstable();
        names.dedup();
        let attested = attestations(tokens, text, &names);
        for (i, j) in candidates {
            let (tok, name) = (tokens[i], tokens[j]);
            let the = tok.text(text);
            let elsewhere = attested
                .get(name.text(text))
                .is_some_and(|ks| ks.iter().any(|&k| k != j));
            if !elsewhere {
                continue;
            }
            let span = Span::new(tok.span.start as usize, name.span.end as usize);
            let rest = &text[tokens[i + 1].span.start as usize..name.span.end as usize];
            let fix = if the == "The" {
                let mut c = rest.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            } else {
                rest.to_string()
            };
            cx.report(
                span,
                format!(
                    "\"{}\": English puts no article before a person's name (typical of \
                     translation from Russian, Chinese or Japanese, which have no articles)",
                    span.slice(text)
                ),
            )
            .confidence(0.7)
            .fix(fix, Applicability::Unsafe);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{findings, spans_and_fixes};

    fn found(text: &str) -> Vec<(String, Option<String>)> {
        spans_and_fixes("MT604", text)
    }

    #[test]
    fn only_names_attested_as_a_person_elsewhere() {
        let pair = |a: &str, b: &str| vec![(a.to_string(), Some(b.to_string()))];
        // Attested by a first name, a title, or the bare name before a verb.
        assert_eq!(
            found("Marco Rubio arrived. Then the Rubio said it was done."),
            pair("the Rubio", "Rubio")
        );
        assert_eq!(
            found("Mr. Lavrov met them. The Lavrov stressed peace."),
            pair("The Lavrov", "Lavrov")
        );
        assert_eq!(
            found("Kishida said so. Later the Kishida told reporters."),
            pair("the Kishida", "Kishida")
        );
        // Titles in between stay, with the sentence capital.
        assert_eq!(
            found("President Trump spoke. The President Trump told reporters."),
            pair("The President Trump", "President Trump")
        );
        // Not attested elsewhere: nothing.
        assert!(found("After the talks, the Rubio said it was done.").is_empty());
        let f = findings("MT604", "Marco Rubio came. The Rubio said so.");
        assert_eq!(f[0].confidence, 0.7);
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
    }

    #[test]
    fn groups_institutions_places_and_nationalities_are_left_alone() {
        for text in [
            "Bill Clinton came. The Clintons said they were pleased.",
            "Putin spoke. The Kremlin said the talks went well.",
            "Mark Rutte said so. The Netherlands said it agreed.",
            "Anna German said so. The German said he agreed.",
            "John Frenchman spoke. The Frenchman said he agreed.",
            "Ana Spaniard spoke. The Spaniard said she agreed.",
            "Marco Rubio came. The Rubio campaign said so.",
            "The President said so. The President told reporters.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn data_file_parses() {
        let lists = parse(DATA).unwrap();
        assert!(lists.verbs.contains("said") && lists.titles.contains("Mr"));
        assert!(lists.not_people.contains("Kremlin") && lists.nationalities.contains("Briton"));
        assert!(!lists.verbs.contains("Said"), "case-sensitive");
    }
}
