use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::text::chars::is_cjk_common;
use crate::text::quotes::{self, Flank, Kind, Style};

declare_rule! {
    /// ## What it finds
    ///
    /// Characters that look like quotation marks used as quotation marks or apostrophes:
    /// the double prime `″` (U+2033), the reversed double prime `‶`, the modifier letter `ˮ`,
    /// the Hebrew gershayim `״` outside Hebrew words, the fullwidth `＂` and `＇` and the ditto
    /// mark `〃` outside Chinese and Japanese text, the triple prime `‴`; and the prime `′`,
    /// reversed prime `‵` and acute accent `´` as apostrophes (`don′t`, `Rubio´s`) or single
    /// quotes (`′word′`). The fix is the proper quote: `“` or `‘` at the start of a quotation
    /// (after a space or the start of a line), `”` or `’` otherwise.
    ///
    /// Primes after digits are measurements and are left alone (`5′10″`, `12″ pizza`,
    /// `45°30′15″N`), unless a look-alike opened a quotation before them (`″Top 10″`).
    ///
    /// ## Why it matters
    ///
    /// No keyboard or typesetting tool produces a prime as a quotation mark. It comes from
    /// text pipelines: OCR, fonts mapped wrongly, conversions from other scripts' quotation
    /// marks, and some translation and paraphrasing tools. Search, tokenizers and readers do not
    /// treat these characters as quotes.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// ″The UK and France and Germany can help us move the ball on this.″
    /// Trump admits ″violent problems″ in the campaign.
    /// We don′t know.
    /// ```
    ///
    /// Not flagged: `He is 5′10″ tall.`, `at 45°30′15″N`, `a 12″ record`, `f′(x)`,
    /// `צה״ל` in Hebrew, `“quoted”`.
    ///
    /// ## Known false positives
    ///
    /// Mathematics and linguistics use primes after letters (`x′ = 2`, `X″`); a prime after a
    /// letter is flagged only after a look-alike opener, or before a letter, yet a double prime
    /// after a letter at the end of a clause may still be reported.
    pub struct LookalikeQuotes {
        code: "MT203",
        name: "lookalike-quotes",
        category: Typography,
        severity: Warning,
        summary: "A prime, ditto mark or other look-alike character used as a quotation mark.",
        languages: [],
        needs_non_ascii: true,
    }
}

fn name(c: char) -> &'static str {
    match c {
        '″' => "U+2033 DOUBLE PRIME",
        '‶' => "U+2036 REVERSED DOUBLE PRIME",
        'ˮ' => "U+02EE MODIFIER LETTER DOUBLE APOSTROPHE",
        '״' => "U+05F4 HEBREW PUNCTUATION GERSHAYIM",
        '＂' => "U+FF02 FULLWIDTH QUOTATION MARK",
        '〃' => "U+3003 DITTO MARK",
        '‴' => "U+2034 TRIPLE PRIME",
        '′' => "U+2032 PRIME",
        '‵' => "U+2035 REVERSED PRIME",
        '´' => "U+00B4 ACUTE ACCENT",
        '＇' => "U+FF07 FULLWIDTH APOSTROPHE",
        _ => "a look-alike character",
    }
}

/// Hebrew letters, where `״` is the gershayim of abbreviations (`צה״ל`).
fn is_hebrew(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        ('\u{0590}'..='\u{05FF}').contains(&c) || ('\u{FB1D}'..='\u{FB4F}').contains(&c)
    })
}

impl Check for LookalikeQuotes {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        if !quotes::has_lookalike(text) {
            return;
        }
        let q = doc.quotes();
        let mut para = u32::MAX;
        // A look-alike opened a quotation in this paragraph (double, single).
        let (mut dbl_open, mut sgl_open) = (false, false);
        for m in q.marks.iter().filter(|m| m.style == Style::Lookalike) {
            if m.para != para {
                para = m.para;
                dbl_open = false;
                sgl_open = false;
            }
            let start = m.start as usize;
            let before = text[..start].chars().next_back();
            let after = text[m.end()..].chars().next();
            if is_hebrew(before)
                || is_hebrew(after)
                || before.is_some_and(is_cjk_common)
                || after.is_some_and(is_cjk_common)
            {
                continue;
            }
            let after_digit = before.is_some_and(|c| c.is_numeric());
            let fix = match m.kind {
                Kind::Double => match m.flank {
                    Flank::Left => {
                        dbl_open = true;
                        "“"
                    }
                    Flank::Right if !after_digit || dbl_open => {
                        dbl_open = false;
                        "”"
                    }
                    _ => continue,
                },
                Kind::Single => {
                    let between_letters = before.is_some_and(char::is_alphabetic)
                        && after.is_some_and(char::is_alphabetic);
                    if between_letters {
                        "’"
                    } else if m.ch == '´' || after_digit {
                        continue;
                    } else {
                        match m.flank {
                            Flank::Left if m.role == quotes::Role::Apostrophe => "’",
                            Flank::Left => {
                                sgl_open = true;
                                "‘"
                            }
                            Flank::Right
                                if sgl_open
                                    || matches!(before, Some('.' | ',' | '!' | '?' | ';')) =>
                            {
                                sgl_open = false;
                                "’"
                            }
                            _ => continue,
                        }
                    }
                }
            };
            let what = if fix == "’" {
                "an apostrophe or closing quote"
            } else {
                "a quotation mark"
            };
            cx.report(
                m.span(),
                format!("`{}` ({}) used as {what}; use `{fix}`", m.ch, name(m.ch)),
            )
            .fix(fix, Applicability::Safe);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Linter;

    fn fixes(text: &str) -> Vec<String> {
        Linter::new()
            .select(&["lookalike-quotes"])
            .unwrap()
            .check(text)
            .unwrap()
            .findings
            .into_iter()
            .map(|f| f.fix.unwrap().replacement)
            .collect()
    }

    #[test]
    fn opening_and_closing_by_context() {
        assert_eq!(fixes("″The UK can help.″ And don′t."), ["“", "”", "’"]);
        assert_eq!(fixes("He wrote ‵maybe′ and ′em."), ["‘", "’", "’"]);
        assert!(fixes("He is 5′10″ tall, at 45°30′15″N.").is_empty());
    }
}
