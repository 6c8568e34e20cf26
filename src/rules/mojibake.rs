use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::chars::{char_at, char_before, code_point, non_ascii};
use crate::text::cp1252::{
    cp1252_byte, cp1252_char, is_c1, is_prose_punct, plausible, read_seq, Seq,
};

declare_rule! {
    /// ## What it finds
    ///
    /// Mojibake: UTF-8 text that was decoded as Windows-1252 or Latin-1, so that each accented
    /// letter or typographic character became two to four characters: "â€™" for "’", "â€œ"
    /// for "“", "Ã©" for "é", "Ã¼" for "ü", "Â°" for "°", "Ð¿Ñ€Ð¸" for "при", and the same
    /// done twice ("Ã¢â‚¬â„¢" for "’"). Also Windows-1252 punctuation decoded as Latin-1, which
    /// leaves C1 control characters (U+0093 for "“"), a sequence whose last byte was lost
    /// ("â€" alone), and "Ã"/"Â" left where a no-break space became a plain space ("Ã  la").
    ///
    /// The rule maps each suspicious run back to bytes through Windows-1252 and keeps it only
    /// when the bytes are valid UTF-8 for a character that is likely in text (a Latin, Greek,
    /// Cyrillic, Hebrew or Arabic letter, general punctuation, a currency or other common
    /// symbol, CJK, kana, Hangul, emoji). A single two-character sequence must also look wrong
    /// in its context; runs are repaired in up to three rounds. The fix is the repaired text.
    ///
    /// ## Why it matters
    ///
    /// Mojibake is the clearest sign that a text went through a broken pipeline step: a scraper,
    /// a database or an editor that guessed the wrong encoding. It corrupts every word it
    /// touches, and machine translation systems copy it through or mistranslate around it.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// He didnâ€™t say.          (’)
    /// The cafÃ© in ZÃ¼rich.     (é, ü)
    /// It was 30Â°C.              (°)
    /// ```
    ///
    /// Not flagged: Portuguese capitals ("INFORMAÇÃO", "SÃO PAULO", "«AMANHÃ»"), French "Âme",
    /// "CAFÉ’s", German „Straße“, Ångström units ("5 Å²"), and correctly encoded text in any
    /// script.
    ///
    /// ## Known false positives
    ///
    /// Text about mojibake, which quotes it on purpose, and rare letter-symbol pairs that
    /// happen to decode ("IRMÃ’s" as "IRMÒs"). A lone pair in an all-capital word followed by
    /// punctuation is not reported, so some real mojibake in capitals is missed.
    pub struct Mojibake {
        code: "MT303",
        name: "mojibake",
        category: Encoding,
        severity: Error,
        summary: "UTF-8 text decoded as Windows-1252 or Latin-1 (\"â€™\", \"Ã©\").",
        languages: [],
        needs_non_ascii: true,
    }
}

fn is_upper(c: Option<char>) -> bool {
    c.is_some_and(char::is_uppercase)
}

fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphabetic)
}

/// Whether a run made of one two-byte sequence is mojibake in its context. Runs of two or
/// more sequences, C1 continuations and longer sequences do not need this.
fn lone_pair_is_mojibake(text: &str, s: &Seq) -> bool {
    let prev = char_before(text, s.start);
    let next = char_at(text, s.end);
    let common_lead = matches!(s.lead, 'Â' | 'Ã');
    if s.cont == '\u{a0}' && common_lead {
        return !is_upper(prev);
    }
    if !common_lead && !is_letter(prev) && !is_letter(next) {
        // A rarer lead must sit inside a word ("Ä°stanbul", "zÅ‚oty"), not stand alone
        // ("5 Å²", "2×£").
        return false;
    }
    if is_prose_punct(s.cont) {
        // "CAFÉ’", "«AMANHÃ»", "NACIÓN—": a capital ending a word, then punctuation.
        if !(prev.is_some_and(char::is_lowercase) || is_letter(next)) {
            return false;
        }
        // "IRMÃ’s": a possessive after a word in capitals.
        if s.cont == '’'
            && is_upper(prev)
            && next == Some('s')
            && !is_letter(char_at(text, s.end + 1))
        {
            return false;
        }
        return true;
    }
    // A capital letter ending a word in capitals, then a symbol: "ÅÄÖ©" is a brand more often
    // than mojibake.
    !(is_upper(prev) && !is_letter(next) && !common_lead)
}

/// Decodes a whole string once more through Windows-1252 if that gives valid UTF-8 with at
/// least one multi-byte character (text encoded twice).
fn decode_again(s: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(s.len());
    for c in s.chars() {
        bytes.push(cp1252_byte(c)?);
    }
    if bytes.is_ascii() {
        return None;
    }
    let out = String::from_utf8(bytes).ok()?;
    if out.chars().any(|c| !plausible(c, true) && !c.is_ascii()) {
        return None;
    }
    (out != s).then_some(out)
}

/// C1 controls standing for Windows-1252 punctuation become that punctuation.
fn c1_to_cp1252(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_c1(c) {
                cp1252_char(c as u32 as u8).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HitKind {
    Decoded { rounds: u8 },
    C1,
    Truncated,
    LostSpace,
}

#[derive(Debug)]
struct Hit {
    span: Span,
    fix: Option<String>,
    confidence: f32,
    kind: HitKind,
}

/// Finds the mojibake in a text, in order.
fn hits(text: &str) -> Vec<Hit> {
    // Candidate sequences, C1 controls and the single-character patterns, in text order.
    let mut seqs: Vec<Seq> = Vec::new();
    let mut singles: Vec<Hit> = Vec::new();
    let mut skip_until = 0;
    for (at, c) in non_ascii(text) {
        if at < skip_until {
            continue;
        }
        if ('\u{c2}'..='\u{f4}').contains(&c) {
            if let Some(s) = read_seq(text, at, c) {
                if plausible(s.decoded, s.has_c1) && !s.prose_conts {
                    skip_until = s.end;
                    seqs.push(s);
                    continue;
                }
            }
            if let Some(hit) = single_pattern(text, at, c) {
                skip_until = hit.span.end as usize;
                singles.push(hit);
                continue;
            }
        }
        if is_c1(c) {
            let end = at + c.len_utf8();
            singles.push(Hit {
                span: Span::new(at, end),
                fix: cp1252_char(c as u32 as u8).map(String::from),
                confidence: 0.9,
                kind: HitKind::C1,
            });
        }
    }

    // Group adjacent sequences into runs and keep the runs that are mojibake.
    let mut out: Vec<Hit> = Vec::new();
    let mut i = 0;
    while i < seqs.len() {
        let mut j = i + 1;
        while j < seqs.len() && seqs[j].start == seqs[j - 1].end {
            j += 1;
        }
        let run = &seqs[i..j];
        let strong = run.len() > 1 || run.iter().any(|s| s.has_c1 || s.len > 2);
        if strong || lone_pair_is_mojibake(text, &run[0]) {
            let once: String = run.iter().map(|s| s.decoded).collect();
            let mut fixed = once;
            let mut rounds = 1;
            while rounds < 3 {
                match decode_again(&fixed) {
                    Some(again) => {
                        fixed = again;
                        rounds += 1;
                    }
                    None => break,
                }
            }
            let fixed = c1_to_cp1252(&fixed);
            let confidence = if strong {
                0.95
            } else if matches!(run[0].lead, 'Ã' | 'Â') {
                0.9
            } else {
                0.75
            };
            out.push(Hit {
                span: Span::new(run[0].start, run[run.len() - 1].end),
                fix: Some(fixed),
                confidence,
                kind: HitKind::Decoded { rounds },
            });
        }
        i = j;
    }

    // Merge with the single-character hits, in order, then join hits inside one word.
    out.extend(singles);
    out.sort_by_key(|h| h.span.start);
    join_within_words(text, out)
}

/// The patterns that are not a full sequence: "â€" with its last byte lost, and "Ã" or "Â"
/// whose no-break space became a plain space.
fn single_pattern(text: &str, at: usize, c: char) -> Option<Hit> {
    let after = at + c.len_utf8();
    let next = char_at(text, after);
    let prev = char_before(text, at);
    if c == 'â' && next == Some('€') {
        let end = after + '€'.len_utf8();
        return Some(Hit {
            span: Span::new(at, end),
            fix: None,
            confidence: 0.9,
            kind: HitKind::Truncated,
        });
    }
    if next != Some(' ') || is_upper(prev) {
        return None;
    }
    let two_spaces = text.as_bytes().get(after + 1) == Some(&b' ');
    let next_word = text[after..].trim_start().chars().next();
    match c {
        // "10Â km", "Â Â": the no-break space that followed survives as a space.
        'Â' if !is_letter(prev) || prev.is_some_and(char::is_lowercase) => Some(Hit {
            span: Span::new(at, after),
            fix: Some(String::new()),
            confidence: 0.7,
            kind: HitKind::LostSpace,
        }),
        // "cittÃ  è", "voyage Ã  Paris": "à" whose second byte became a space.
        'Ã' => {
            let after_lower = prev.is_some_and(char::is_lowercase);
            let standalone = !is_letter(prev)
                && text[..at].trim_end().chars().next_back().map_or(
                    next_word.is_some_and(char::is_lowercase),
                    char::is_lowercase,
                );
            (after_lower || standalone).then(|| Hit {
                span: Span::new(at, if two_spaces { after + 1 } else { after }),
                fix: Some("à".into()),
                confidence: 0.6,
                kind: HitKind::LostSpace,
            })
        }
        _ => None,
    }
}

/// Joins hits separated only by letters and digits of the same word ("rÃ©sumÃ©") into one,
/// with one fix for the whole word.
fn join_within_words(text: &str, hits: Vec<Hit>) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        if let Some(last) = out.last_mut() {
            let gap = &text[last.span.end as usize..hit.span.start as usize];
            let joinable = gap.len() <= 24
                && gap.chars().all(char::is_alphanumeric)
                && matches!(last.kind, HitKind::Decoded { .. })
                && matches!(hit.kind, HitKind::Decoded { .. });
            if joinable {
                let mut fix = last.fix.take().unwrap_or_default();
                fix.push_str(gap);
                fix.push_str(hit.fix.as_deref().unwrap_or_default());
                last.fix = Some(fix);
                last.span = last.span.cover(hit.span);
                last.confidence = last.confidence.max(hit.confidence).max(0.95);
                last.kind = match (last.kind, hit.kind) {
                    (HitKind::Decoded { rounds: a }, HitKind::Decoded { rounds: b }) => {
                        HitKind::Decoded { rounds: a.max(b) }
                    }
                    (k, _) => k,
                };
                continue;
            }
        }
        out.push(hit);
    }
    out
}

impl Check for Mojibake {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        for hit in hits(text) {
            let found = &text[hit.span.range()];
            let message = match (&hit.kind, &hit.fix) {
                (HitKind::Decoded { rounds }, Some(fix)) if *rounds > 1 => format!(
                    "mojibake: UTF-8 read as Windows-1252 {rounds} times over; '{found}' should \
                     be '{fix}'"
                ),
                (HitKind::Decoded { .. }, Some(fix)) => {
                    format!("mojibake: UTF-8 read as Windows-1252; '{found}' should be '{fix}'")
                }
                (HitKind::C1, Some(fix)) => format!(
                    "control character {} is Windows-1252 '{fix}' read as Latin-1",
                    code_point(found.chars().next().unwrap_or('\u{80}'))
                ),
                (HitKind::C1, None) => format!(
                    "control character {}: text decoded with the wrong encoding",
                    code_point(found.chars().next().unwrap_or('\u{80}'))
                ),
                (HitKind::Truncated, _) => "mojibake with a lost byte: 'â€' starts a UTF-8 \
                     quotation mark or dash read as Windows-1252 (probably '”')"
                    .to_string(),
                (HitKind::LostSpace, Some(fix)) if fix.is_empty() => format!(
                    "mojibake: '{}' is the first byte of a UTF-8 no-break space read as \
                     Windows-1252",
                    found.trim_end()
                ),
                (HitKind::LostSpace, Some(fix)) => format!(
                    "mojibake: '{}' is probably '{fix}' read as Windows-1252, its no-break \
                     space byte turned into a space",
                    found.trim_end()
                ),
                (_, _) => format!("mojibake: '{found}'"),
            };
            let finding = cx.report(hit.span, message);
            finding.confidence(hit.confidence);
            if let Some(fix) = hit.fix {
                let applicability = if hit.kind == HitKind::C1 {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                };
                finding.fix(fix, applicability);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixes(text: &str) -> Vec<(&str, Option<String>)> {
        hits(text)
            .into_iter()
            .map(|h| (&text[h.span.range()], h.fix))
            .collect()
    }

    fn one(text: &str) -> String {
        let got = fixes(text);
        assert_eq!(got.len(), 1, "{text:?}: {got:?}");
        got[0].1.clone().unwrap_or_default()
    }

    #[test]
    fn repairs() {
        assert_eq!(one("didnâ€™t"), "’");
        assert_eq!(one("â€œquotedâ€\u{9d}"), "“quoted”");
        assert_eq!(one("cafÃ©"), "é");
        assert_eq!(one("rÃ©sumÃ©s"), "ésumé");
        assert_eq!(one("30Â°C"), "°");
        assert_eq!(one("didnÃ¢â‚¬â„¢t"), "’");
        assert_eq!(one("ÃƒÂ©t"), "é");
        assert_eq!(one("Ð¿Ñ€Ð¸Ð²ÐµÑ‚"), "привет");
        assert_eq!(one("Ä°stanbul"), "İ");
        assert_eq!(one("zÅ‚oty"), "ł");
        assert_eq!(one("ä¸\u{AD}æ–‡"), "中文");
        assert_eq!(one("ðŸ˜€"), "😀");
        assert_eq!(one("\u{93}Hi"), "“");
        assert_eq!(one("ï»¿Hi"), "\u{feff}");
    }

    #[test]
    fn legitimate_text() {
        for text in [
            "INFORMAÇÃO",
            "PROHLÍŽEČ",
            "SÃO PAULO",
            "«AMANHÃ»",
            "IRMÃ E",
            "Âme",
            "CAFÉ’s",
            "CAFÉ…",
            "„Straße“",
            "5 Å² and 3 Å³",
            "2×£5",
            "NACIÓN—",
            "JOSÉ’S",
            "Ö—",
            "café…” she said",
            "naïve façade déjà vu",
            "Zürich, Köln, Düsseldorf",
            "привет мир",
            "",
            "Ã",
            "â",
        ] {
            assert!(fixes(text).is_empty(), "{text:?}: {:?}", fixes(text));
        }
    }

    #[test]
    fn lost_bytes_and_spaces() {
        assert_eq!(fixes("saidâ€ and"), vec![("â€", None)]);
        assert_eq!(fixes("10Â km"), vec![("Â", Some(String::new()))]);
        assert_eq!(fixes("voyage Ã  Paris"), vec![("Ã ", Some("à".into()))]);
        assert_eq!(fixes("la cittÃ  è"), vec![("Ã ", Some("à".into()))]);
    }
}
