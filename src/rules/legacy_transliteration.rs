use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::exonyms::{exonyms, Kind, Pattern};

declare_rule! {
    /// ## What it finds
    ///
    /// Place names in an older or source-language form that English news no longer uses:
    /// Russian-based spellings of Ukrainian cities ("Kiev", "Kharkov", "Odessa", "Lugansk"),
    /// older romanizations and colonial names ("Peking", "Bombay", "Rangoon"), and forms of the
    /// source language that a translation left in ("Moskau", "Warschau", "Kiew").
    ///
    /// When the same text also uses the modern form ("Kiev" and "Kyiv"), every legacy
    /// occurrence is reported with full confidence and the modern occurrences as related spans.
    /// A legacy form alone is reported with low confidence (an older English exonym is also a
    /// house-style choice, and correct in historical text); a source-language form alone with
    /// medium confidence. The pairs, and fixed phrases in which the older form is right
    /// ("Chicken Kiev", "Odessa, Texas", "Peking duck", "Bombay Stock Exchange"), are data in
    /// `src/data/exonyms.en.tsv`.
    ///
    /// ## Why it matters
    ///
    /// Translation engines and the sources they learned from carry the spelling of the source
    /// language or of an older era: a Russian or Chinese original gives "Kiev" and "Kharkov"
    /// where English-language media write "Kyiv" and "Kharkiv" since 2019, and a German original
    /// can leave "Moskau". Mixing both forms in one text is a strong sign that parts of it were
    /// translated separately or by a different hand.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// Washington and Kyiv agreed on a deal ... concerns in Kiev that it could hinder ...
    /// Russia hit Kharkov early on Friday.            (weak: legacy form alone)
    /// The talks in Moskau ended without a result.     (source-language form)
    /// ```
    ///
    /// Not flagged: "Kyiv", "Kievan Rus", "Chicken Kiev", "Odessa, Texas", "Peking duck",
    /// "Peking University", "Bombay Sapphire".
    ///
    /// ## Known false positives
    ///
    /// Historical text, where "Kiev" or "Bombay" is the right name for the time; quotations and
    /// titles that keep the older form; fixed names not yet in the exception list (a club, a
    /// company, a ship); and people whose surname is a legacy form ("Lvov", "Nikolaev").
    pub struct LegacyTransliteration {
        code: "MT502",
        name: "legacy-transliteration",
        category: Translation,
        severity: Warning,
        summary: "An older or source-language spelling of a place name (Kiev for Kyiv).",
        languages: ["en"],
    }
}

/// True when the match `[start, end)` is a whole word (or words) of `text`.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// At most this many related spans per finding.
const MAX_RELATED: usize = 5;

impl Check for LegacyTransliteration {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let ex = exonyms();
        // Old forms match as whole capitalized words only: without their leading words,
        // nothing to report.
        if !ex
            .old_heads
            .may_occur(text, doc.tokens(), doc.folds(), |a| {
                text[a..].starts_with(char::is_uppercase)
            })
        {
            return;
        }
        // (span, pair) of every old form; spans of every modern form, per place.
        let mut old: Vec<(Span, usize)> = Vec::new();
        let mut modern: Vec<Vec<Span>> = Vec::new();
        for m in ex.matcher.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if !whole_word(text, start, end) || !text[start..].starts_with(char::is_uppercase) {
                continue;
            }
            match ex.patterns[m.pattern().as_usize()] {
                Pattern::Old(i) => old.push((Span::new(start, end), i)),
                Pattern::Modern(place) => {
                    if modern.is_empty() {
                        modern.resize(ex.places, Vec::new());
                    }
                    modern[place].push(Span::new(start, end));
                }
                Pattern::Except => {}
            }
        }
        for (span, i) in old {
            let pair = &ex.pairs[i];
            let found = doc.slice(span);
            let suggested = pair.modern[0];
            let mixed = modern.get(pair.place).filter(|v| !v.is_empty());
            let finding = match (mixed, pair.kind) {
                (Some(_), _) => cx
                    .report(
                        span,
                        format!(
                            "`{found}` ({}) in a text that also writes `{suggested}`",
                            pair.note
                        ),
                    )
                    .confidence(1.0),
                (None, Kind::Legacy) => cx
                    .report(
                        span,
                        format!(
                            "`{found}`: older spelling ({}); English news writes `{suggested}` \
                             (info: a style choice on its own)",
                            pair.note
                        ),
                    )
                    .confidence(0.3),
                (None, Kind::Source) => cx
                    .report(
                        span,
                        format!(
                            "`{found}`: {} of `{suggested}` left in the English text",
                            pair.note
                        ),
                    )
                    .confidence(0.7),
            };
            let applicability = if mixed.is_some() {
                Applicability::Unsafe
            } else {
                Applicability::DisplayOnly
            };
            finding.fix(suggested, applicability);
            for &r in mixed.into_iter().flatten().take(MAX_RELATED) {
                finding.related(r);
            }
        }
    }
}
