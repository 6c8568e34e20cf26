use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::text::quotes::{Flank, Kind, Mark, Role, Style};

declare_rule! {
    /// ## What it finds
    ///
    /// A document that uses both straight and curly quotes of one kind: straight `"..."` next to
    /// curly `“...”`, or straight apostrophes and single quotes (`Rubio's`, `'move on'`) next to
    /// curly ones (`Rubio’s`, `‘move on’`). It is one finding per kind (double quotes;
    /// apostrophes and single quotes), placed on the first mark of the less used style, with the
    /// counts of both styles in the message and a few marks of the usual style as related spans.
    /// Its fix turns that mark into the usual style where that is unambiguous (`’` → `'`;
    /// `'` inside or at the end of a word → `’`; `"` before a word → `“`, after one → `”`).
    ///
    /// Not counted: quotes inside URLs and code spans, primes in measurements (`5'10"`), the
    /// look-alike characters (`″`, `′`: see `lookalike-quotes`), backtick quotes, and marks that
    /// `quote-mismatch` reports. A document with one style of each kind is clean, including the
    /// common house style of curly apostrophes with straight double quotes.
    ///
    /// ## Why it matters
    ///
    /// Publishers pick one style and their tools keep to it. A mix shows text assembled from
    /// several sources: quotes pasted from a wire story into a page typed elsewhere, or a machine
    /// translation whose segments came back with different quote handling.
    ///
    /// ## Examples
    ///
    /// Flagged (one finding for the double quotes, one for the apostrophes):
    ///
    /// ```text
    /// Trump promised to "end the conflict in one day." Rubio's remarks came as
    /// Zelensky said it “can be signed online.” Rubio’s warning followed.
    /// ```
    ///
    /// Not flagged: `Rubio’s “move on” remark` (all curly), `Rubio's "move on" remark` (all
    /// straight), `the author’s book, "Why the French Don’t Like Headscarves"` (curly
    /// apostrophes, straight double quotes), `He is 5'10" and “tall”`.
    ///
    /// ## Known false positives
    ///
    /// Human writers mix styles too, most often by pasting a quotation from elsewhere; a
    /// single odd mark gets a lower confidence. A scraped page whose headline and body come
    /// from different systems is flagged although the article itself is consistent.
    pub struct MixedQuoteStyles {
        code: "MT201",
        name: "mixed-quote-styles",
        category: Typography,
        severity: Info,
        summary: "Straight and curly quotes or apostrophes mixed in one document.",
        languages: [],
        needs_non_ascii: true,
    }
}

/// How many marks of the usual style are attached as related spans.
const RELATED: usize = 3;

/// Counted marks: straight or curly, not primes, not already a quote mismatch.
fn counted(m: &Mark, kind: Kind) -> bool {
    m.kind == kind
        && matches!(m.style, Style::Straight | Style::Curly)
        && m.role != Role::Measure
        && !m.in_mismatch
}

/// The minority mark in the majority style, when that is unambiguous.
fn convert(m: &Mark, to: Style) -> Option<&'static str> {
    match (m.kind, to) {
        (Kind::Double, Style::Straight) => Some("\""),
        (Kind::Single, Style::Straight) => Some("'"),
        (Kind::Double, _) => match m.flank {
            Flank::Left => Some("“"),
            Flank::Right => Some("”"),
            _ => None,
        },
        (Kind::Single, _) => match (m.role, m.flank) {
            // Inside a word, an elision, or after a word: always `’`.
            (Role::Apostrophe, _) | (_, Flank::Right) => Some("’"),
            _ => None,
        },
    }
}

impl Check for MixedQuoteStyles {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        // Curly quotes are not ASCII (the rule needs a non-ASCII character): an ASCII text has
        // one style, and so has a text without straight marks.
        if memchr::memchr2(b'"', b'\'', text.as_bytes()).is_none() {
            return;
        }
        let q = doc.quotes();
        for kind in [Kind::Double, Kind::Single] {
            let (mut straight, mut curly) = (0usize, 0usize);
            for m in q.marks.iter().filter(|m| counted(m, kind)) {
                if m.style == Style::Straight {
                    straight += 1;
                } else {
                    curly += 1;
                }
            }
            if straight == 0 || curly == 0 {
                continue;
            }
            // On a tie the curly (typeset) style counts as the usual one.
            let (minority, majority, few) = if straight > curly {
                (Style::Curly, Style::Straight, curly)
            } else {
                (Style::Straight, Style::Curly, straight)
            };
            let Some(first) = q
                .marks
                .iter()
                .find(|m| counted(m, kind) && m.style == minority)
            else {
                continue;
            };
            let noun = match kind {
                Kind::Double => "double quotes",
                Kind::Single => "apostrophes and single quotes",
            };
            let message = format!(
                "mixed quote styles: {straight} straight and {curly} curly {noun}; this {} `{}` is in the less used style",
                if minority == Style::Straight { "straight" } else { "curly" },
                first.ch
            );
            let confidence = match few {
                1 => 0.5,
                2 | 3 => 0.75,
                _ => 1.0,
            };
            let finding = cx.report(first.span(), message).confidence(confidence);
            for m in q
                .marks
                .iter()
                .filter(|m| counted(m, kind) && m.style == majority)
                .take(RELATED)
            {
                finding.related(m.span());
            }
            if let Some(fix) = convert(first, majority) {
                finding.fix(fix, Applicability::Safe);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Applicability;

    fn findings(text: &str) -> Vec<crate::Finding> {
        crate::testing::findings("mixed-quote-styles", text)
    }

    #[test]
    fn counts_related_spans_and_fix() {
        let text = "“One,” he said. “Two,” she said. “Three.” Then \"four\" came.";
        let f = findings(text);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .contains("2 straight and 6 curly double quotes"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].related.len(), 3);
        assert_eq!(f[0].related[0].slice(text), "“");
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(
            (fix.replacement.as_str(), fix.applicability),
            ("“", Applicability::Safe)
        );
        assert_eq!(f[0].confidence, 0.75);
    }

    #[test]
    fn fixes_only_unambiguous_marks() {
        // A curly minority always becomes straight.
        let f = findings("It's Rubio's and Vance's view; Trump’s too.");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "'");
        // An apostrophe inside a word becomes `’`.
        let f = findings("Rubio’s aides said it’s over and they’re leaving; Vance's team agreed.");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "’");
        // A straight single opener could be `‘` or an elision `’`: no fix.
        let f = findings("Rubio’s aides said it’s over and they’re leaving; 'fine'.");
        assert!(f[0].fix.is_none());
    }
}
