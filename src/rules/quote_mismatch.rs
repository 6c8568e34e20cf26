use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::text::quotes::{self, Kind, MismatchKind};

declare_rule! {
    /// ## What it finds
    ///
    /// Quotations whose closing mark does not match the opening one:
    ///
    /// - a curly opener closed by a straight mark or the reverse (`“...\"`, `‘...'`, `"...”`);
    /// - a single quote closing a double one or the reverse, after the quotation's last
    ///   punctuation (`“We are done,' he said`, `‘...done," he said`);
    /// - two closers of different styles side by side (`“We have a deal,’'`, `”"`).
    ///
    /// The span is the offending closer; the message names the opener, which is a related span,
    /// and the fix is the closer that matches it.
    ///
    /// Openers and closers are told apart by what stands around them, and apostrophes are not
    /// quotes: inside words (`don't`, `Rubio’s`), elisions (`'90s`, `'em`, `'til`,
    /// `rock 'n' roll`) and possessives (`dogs'`, `the players’ union` inside a quotation).
    /// A quotation left open at the end of a paragraph is the convention for quotations that run
    /// over several paragraphs and is not reported; nor is an opener without any closer.
    ///
    /// ## Why it matters
    ///
    /// Typing and typesetting tools close a quotation with the mark that matches its opener.
    /// A mismatch is left by editing text from two sources, by translation engines that rebuild
    /// the quote marks of each segment separately, and by converting only some quotes of a text.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// Trump said Thursday, “We have a minerals deal,’' and Ukraine's minister said...
    /// he's going to say, ‘We’re done.'”
    /// the steeply rising "Geroltzhäuser Weg”.
    /// ```
    ///
    /// Not flagged: `“Fine,” he said.`, `‘The players’ union is strong,’ she said.`,
    /// `“the ’90s were different,” he said.`, `` `Wiesn' `` (backtick quoting), and a quotation
    /// running over two paragraphs (`“First part.` / `“Second part.”`).
    ///
    /// ## Known false positives
    ///
    /// An apostrophe after punctuation inside a quotation (`“the U.S.’ role”`) can be read as a
    /// single closer; a possessive of a plural before a non-lowercase word inside a single
    /// quotation can close it early.
    pub struct QuoteMismatch {
        code: "MT202",
        name: "quote-mismatch",
        category: Typography,
        severity: Warning,
        summary: "A quotation closed with a mark that does not match its opener.",
        languages: [],
        needs_non_ascii: true,
    }
}

/// "straight `'`" or "curly `“`".
fn describe(marks: &str) -> String {
    let style = match marks.chars().next() {
        Some('"' | '\'') => "straight",
        Some('`') => "backtick",
        _ => "curly",
    };
    format!("{style} `{marks}`")
}

impl Check for QuoteMismatch {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        // Straight against curly needs a curly mark (ASCII quoting is one style: the rule needs
        // a non-ASCII character).
        let text = doc.text();
        let q = doc.quotes();
        for m in &q.mismatches {
            let closer = &text[m.span.range()];
            let message = match (m.kind, m.opener) {
                (MismatchKind::Style, Some((_, o))) => format!(
                    "{} closes a quotation opened with {}",
                    describe(closer),
                    describe(o.encode_utf8(&mut [0; 4]))
                ),
                (MismatchKind::Kind, Some((_, o))) => {
                    let single = closer
                        .chars()
                        .next()
                        .and_then(quotes::classify)
                        .is_some_and(|(k, _)| k == Kind::Single);
                    let (this, that) = if single {
                        ("single", "double")
                    } else {
                        ("double", "single")
                    };
                    format!(
                        "{this} quote `{closer}` closes a quotation opened with {that} quote `{o}`"
                    )
                }
                (MismatchKind::MixedClosers, Some((_, o))) => format!(
                    "`{closer}` (a curly and a straight mark) closes a quotation opened with {}",
                    describe(o.encode_utf8(&mut [0; 4]))
                ),
                (_, None) => {
                    let before = text[..m.span.start as usize]
                        .chars()
                        .next_back()
                        .unwrap_or(' ');
                    format!(
                        "stray {} right after the closing {}",
                        describe(closer),
                        describe(before.encode_utf8(&mut [0; 4]))
                    )
                }
            };
            let (confidence, applicability) = match m.kind {
                MismatchKind::Style => (1.0, Applicability::Safe),
                MismatchKind::MixedClosers => (1.0, Applicability::Unsafe),
                MismatchKind::Kind => (0.7, Applicability::Unsafe),
            };
            let finding = cx.report(m.span, message).confidence(confidence);
            if let Some((span, _)) = m.opener {
                finding.related(span);
            }
            if let Some(fix) = m.fix {
                finding.fix(fix, applicability);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Applicability;

    fn findings(text: &str) -> Vec<crate::Finding> {
        crate::testing::findings("quote-mismatch", text)
    }

    #[test]
    fn names_the_opener_and_fixes_the_closer() {
        let text = "He will say, ‘We’re done.'”";
        let f = findings(text);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "straight `'` closes a quotation opened with curly `‘`"
        );
        assert_eq!(f[0].related[0].slice(text), "‘");
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(
            (fix.replacement.as_str(), fix.applicability),
            ("’", Applicability::Safe)
        );
    }

    #[test]
    fn composite_closer_becomes_the_double_closer() {
        let text = "Trump said, “We have a minerals deal,’' and left.";
        let f = findings(text);
        assert_eq!(f[0].span.slice(text), "’'");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "”");
    }

    #[test]
    fn stray_closer_is_removed() {
        let f = findings("“It is done.”\" he said.");
        assert!(
            f[0].message.starts_with("stray straight"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "");
    }
}
