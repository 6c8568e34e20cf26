use crate::calques;
use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;

declare_rule! {
    /// ## What it finds
    ///
    /// Phrases translated word for word from another language that a native writer would not
    /// use: "the Russian-Ukrainian conflict" (Chinese 俄乌冲突), "since three years" (German
    /// *seit drei Jahren*), "in the frame of" (French *dans le cadre de*), "in the nearest
    /// future" (Russian *в ближайшем будущем*), "informations", "the police was called". Each
    /// finding names the language the phrase suggests and the idiomatic replacement.
    ///
    /// The phrases are data: one pack per suspected source language in `src/data/calques/`
    /// (Chinese, Russian/Ukrainian, German, French, Spanish, Japanese) plus generic translation
    /// tells. Every entry carries examples that must be flagged, counter-examples that must
    /// not, and its measured hits on human-written and machine-translated English; the full
    /// list is in `docs/calques.md`. When a document's calques point to one language, the
    /// report carries a source-language hint.
    ///
    /// ## Why it matters
    ///
    /// Calques survive fluent machine translation and light post-editing: the words are English,
    /// the grammar is correct, only the choice is foreign. They are strong evidence that a text
    /// was translated, and they tell which language it came from, which prose linters cannot do
    /// without being told the writer's mother tongue.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// The Russian-Ukrainian conflict has lasted three years.   → war in Ukraine (Chinese)
    /// He has lived in Berlin since three years.                 → for three years (German)
    /// The visit takes place in the frame of the partnership.    → as part of (French)
    /// The decision will be made in the nearest future.          → in the near future (Russian)
    /// ```
    ///
    /// Not flagged: "the Russia-Ukraine war", "since 2019", "for the most part of the year",
    /// "the police were called", "the top 1% of earners".
    ///
    /// ## Known false positives
    ///
    /// Entries are kept only when rare in English written by people, but some remain correct
    /// English in a narrow sense: British "take a decision", "the actual government" meaning
    /// the real one, quoted Chinese slogans ("high-quality development"), and writers whose
    /// English is a second language. Low-weight entries count for less in the score.
    pub struct Calque {
        code: "MT601",
        name: "calque",
        category: Translation,
        severity: Warning,
        summary: "A phrase translated word for word from another language.",
        languages: ["en"],
    }
}

impl Check for Calque {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let m = calques::matcher();
        for hit in m.find_in(doc) {
            let (pack, entry) = m.entry(hit.entry);
            let langs = pack.entry_languages(entry);
            let origin = if langs.is_empty() {
                "a translation".to_string()
            } else {
                let names: Vec<&str> = langs.iter().map(|l| calques::language_name(l)).collect();
                let mut uniq: Vec<&str> = Vec::new();
                for n in names {
                    if !uniq.contains(&n) {
                        uniq.push(n);
                    }
                }
                uniq.truncate(3);
                uniq.join("/")
            };
            let replacement = m.replacement(text, &hit);
            let shown = if replacement.is_empty() {
                "drop it".to_string()
            } else {
                format!("English says \"{replacement}\"")
            };
            let message = format!("calque from {origin} ({}): {shown}", entry.source);
            // A fix that rewrites the article too covers it.
            let (start, fixed) = with_article(text, hit.start, hit.end, &replacement)
                .unwrap_or((hit.start, replacement));
            cx.report(Span::new(start, hit.end), message)
                .confidence(entry.weight)
                .fix(fixed, Applicability::Unsafe);
        }
    }
}

/// When the replacement starts with another sound than the phrase it replaces and `a` or
/// `an` comes right before the phrase, the article must change too ("a very excellent
/// result" becomes "an excellent result", not "a excellent result"): the start of the article
/// and the replacement with the agreeing article, or `None` when the article stays.
fn with_article(
    text: &str,
    start: usize,
    end: usize,
    replacement: &str,
) -> Option<(usize, String)> {
    let before = text[..start].strip_suffix(' ')?;
    let word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let article = &before[word_start..];
    if !matches!(article, "a" | "an" | "A" | "An") {
        return None;
    }
    // The word the article ends up before: the replacement's, or the one after a dropped phrase.
    let next = if replacement.trim().is_empty() {
        text[end..].trim_start()
    } else {
        replacement
    };
    let vowel = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'))
    };
    let (was, now) = (vowel(&text[start..]), vowel(next));
    if was == now || !next.starts_with(char::is_alphabetic) {
        return None;
    }
    let agreeing = match (now, article.starts_with('A')) {
        (true, true) => "An",
        (true, false) => "an",
        (false, true) => "A",
        (false, false) => "a",
    };
    let fixed = if replacement.is_empty() {
        agreeing.to_string()
    } else {
        format!("{agreeing} {replacement}")
    };
    Some((word_start, fixed))
}

#[cfg(test)]
mod tests {
    use crate::calques;
    use crate::finding::Applicability;
    use crate::testing::findings;

    /// (flagged text, message, fix) of each finding.
    fn found(text: &str) -> Vec<(String, String, String)> {
        findings("MT601", text)
            .into_iter()
            .map(|f| {
                let fix = f.fix.expect("every calque has a fix");
                assert_eq!(fix.applicability, Applicability::Unsafe);
                (
                    f.span.slice(text).to_string(),
                    f.message.into_owned(),
                    fix.replacement,
                )
            })
            .collect()
    }

    #[test]
    fn the_message_names_the_source_languages() {
        // One language; several (the entry's own list); none (a generic tell).
        let [(_, one, _)] = &found("It ended, the Russian-Ukrainian conflict said.")[..] else {
            panic!("one finding")
        };
        assert!(one.starts_with("calque from Chinese (俄乌冲突"), "{one}");
        let [(_, several, _)] = &found("He has lived here since three years now.")[..] else {
            panic!("one finding")
        };
        assert!(
            several.starts_with("calque from German/French ("),
            "{several}"
        );
        let [(_, generic, fix)] = &found("There were no further informations today.")[..] else {
            panic!("one finding")
        };
        assert!(
            generic.starts_with("calque from a translation ("),
            "{generic}"
        );
        assert!(
            generic.ends_with("English says \"information\""),
            "{generic}"
        );
        assert_eq!(fix, "information");
    }

    #[test]
    fn the_fix_makes_the_article_agree() {
        let text = "It was a very excellent result. An very excellent one.";
        let got = found(text);
        let pairs: Vec<(&str, &str)> = got
            .iter()
            .map(|(t, _, f)| (t.as_str(), f.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("a very excellent", "an excellent"),
                ("An very excellent", "An excellent")
            ]
        );
        // An article that already agrees, or none, is left alone.
        let got = found("It was very excellent. The very perfect plan.");
        assert!(
            got.iter()
                .all(|(t, _, f)| t.starts_with("very") && !f.contains(' ')),
            "{got:?}"
        );
    }

    #[test]
    fn the_fix_keeps_a_sentence_capital_and_the_confidence_is_the_entry_weight() {
        let text = "It is learned that the plant reopens. The police was called.";
        let got = found(text);
        let fixes: Vec<&str> = got.iter().map(|(_, _, f)| f.as_str()).collect();
        assert_eq!(fixes, ["Reportedly,", "The police were called"]);
        let m = calques::matcher();
        for (f, hit) in findings("MT601", text).iter().zip(m.find_all(text)) {
            assert_eq!(f.confidence, m.entry(hit.entry).1.weight.clamp(0.01, 1.0));
        }
    }

    #[test]
    fn counter_examples_and_other_languages_are_left_alone() {
        assert!(found("They took a photo of the gate.").is_empty());
        // The rule is for English text only.
        let german = "Die Regierung sagte am Freitag, dass die Gespräche mit der Ukraine in der \
                      nächsten Woche fortgesetzt werden, seit drei Jahren.";
        assert!(found(german).is_empty());
    }
}
