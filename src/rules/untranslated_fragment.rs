use crate::declare_rule;
use crate::document::Document;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::lang::{self, language_name};
use crate::text::tokenize::Token;
use crate::text::words;
use crate::text::wordset::WordSet;

declare_rule! {
    /// ## What it finds
    ///
    /// Sentences or runs of words in another language than the document's: pieces of the source
    /// text that a translation left untranslated. Two cheap signals decide where a language
    /// detector is worth running:
    ///
    /// - a change of script: a run of Cyrillic, Greek, Arabic, Hebrew, Chinese, Japanese,
    ///   Korean (and other non-Latin) words inside Latin text. Scripts used by one language
    ///   (Hangul, kana, Greek...) name it directly; Cyrillic and Arabic runs go to the detector;
    /// - a sentence of at least five words with few function words of the document's language
    ///   (under 15 %) and at least two of one other language (`src/data/function_words.tsv`,
    ///   one list per language). Only then does whatlang (and lingua where whatlang is unsure)
    ///   look at the sentence; lead-ins in the document's language ("The sign read:") are
    ///   trimmed off by segment.
    ///
    /// The message names the fragment's language ("untranslated German fragment"). Consecutive
    /// sentences in the same language are reported as one fragment.
    ///
    /// ## Why it matters
    ///
    /// Untranslated source text is the plainest mark of machine or careless translation, and
    /// a corpus built from such text teaches models to switch language mid-sentence. Readers
    /// of the target language cannot read the fragment at all.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// The minister said on Friday. Die Verhandlungen werden in der nächsten Woche fortgesetzt.
    /// Officials confirmed the figures: 俄乌冲突已经持续了三年多 and talks go on.
    /// ```
    ///
    /// Not flagged: names in another script ("Volodymyr Zelensky (Володимир Зеленський)"),
    /// short quotes ("Wir schaffen das"), foreign titles ("the newspaper Frankfurter
    /// Allgemeine Zeitung"), lists of names ("Jean-Noel Barrot, Giorgia Meloni, Marco Rubio"),
    /// originals cited with their translation next to them (`the Mass "Gesänge zur Feier
    /// des heiligen Opfers der Messe" (Songs for the celebration ...)`), and quoted titles
    /// after a word that introduces one (`the original title "..."`, `the campaign "..."`;
    /// `src/data/title_cues.tsv`).
    ///
    /// ## Known false positives
    ///
    /// Quotations left in the original language on purpose (with or without a translation
    /// next to them), bilingual documents, long titles of works or laws cited in the original,
    /// and song lyrics.
    pub struct UntranslatedFragment {
        code: "MT503",
        name: "untranslated-fragment",
        category: Translation,
        severity: Warning,
        summary: "A sentence or run of words left in another language (untranslated source text).",
        languages: ["en"],
    }
}

/// A Latin-script fragment needs at least this many words.
const MIN_WORDS: usize = 5;
/// A segment is a candidate when under this share (percent) of its words are function words
/// of the document's language...
const HOME_MAX_PCT: usize = 15;
/// ...and at least this many, and this share (percent), are function words of one other
/// language.
const FOREIGN_MIN: usize = 2;
const FOREIGN_MIN_PCT: usize = 20;
/// A run in a script written without spaces (Chinese, Japanese, Thai) needs this many letters.
const MIN_DENSE_LETTERS: usize = 6;
/// A run in another alphabetic script needs this many words and letters.
const MIN_RUN_WORDS: usize = 3;
const MIN_RUN_LETTERS: usize = 15;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    /// Han, kana and Hangul: one class, so that Japanese (Han + kana) is one run.
    Cjk,
    Thai,
    Devanagari,
    Georgian,
    Armenian,
    Other,
}

impl Script {
    fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Arabic => "Arabic",
            Script::Hebrew => "Hebrew",
            Script::Cjk => "CJK",
            Script::Thai => "Thai",
            Script::Devanagari => "Devanagari",
            Script::Georgian => "Georgian",
            Script::Armenian => "Armenian",
            Script::Other => "another",
        }
    }

    /// Written without spaces between words: length counts in letters.
    fn is_dense(self) -> bool {
        matches!(self, Script::Cjk | Script::Thai)
    }

    /// Has upper and lower case, so that a run of capitalized words is a name.
    fn is_cased(self) -> bool {
        matches!(
            self,
            Script::Latin | Script::Cyrillic | Script::Greek | Script::Armenian
        )
    }
}

fn script_of(c: char) -> Script {
    match c as u32 {
        0..=0x24f | 0x1e00..=0x1eff => Script::Latin,
        0x370..=0x3ff | 0x1f00..=0x1fff => Script::Greek,
        0x400..=0x52f | 0x1c80..=0x1c8f | 0x2de0..=0x2dff | 0xa640..=0xa69f => Script::Cyrillic,
        0x530..=0x58f => Script::Armenian,
        0x590..=0x5ff => Script::Hebrew,
        0x600..=0x6ff | 0x750..=0x77f | 0x8a0..=0x8ff | 0xfb50..=0xfdff | 0xfe70..=0xfeff => {
            Script::Arabic
        }
        0x900..=0x97f => Script::Devanagari,
        0xe00..=0xe7f => Script::Thai,
        0x10a0..=0x10ff => Script::Georgian,
        0x1100..=0x11ff
        | 0x3040..=0x30ff
        | 0x3130..=0x318f
        | 0x31f0..=0x31ff
        | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff
        | 0xac00..=0xd7af
        | 0xf900..=0xfaff
        | 0xff66..=0xff9f
        | 0x20000..=0x3134f => Script::Cjk,
        _ => Script::Other,
    }
}

/// The script of a word: that of its first letter.
fn word_script(w: &str) -> Script {
    w.chars()
        .find(|c| c.is_alphabetic())
        .map_or(Script::Other, script_of)
}

/// The language of a run in a non-Latin script: from the script where one language owns it,
/// else from the detector.
fn run_language(script: Script, run: &str) -> Option<&'static str> {
    match script {
        Script::Cjk => {
            Some(
                if run.chars().any(
                    |c| matches!(c as u32, 0x3040..=0x30ff | 0x31f0..=0x31ff | 0xff66..=0xff9f),
                ) {
                    "ja"
                } else if run.chars().any(
                    |c| matches!(c as u32, 0xac00..=0xd7af | 0x1100..=0x11ff | 0x3130..=0x318f),
                ) {
                    "ko"
                } else {
                    "zh"
                },
            )
        }
        Script::Greek => Some("el"),
        Script::Hebrew => Some("he"),
        Script::Thai => Some("th"),
        Script::Georgian => Some("ka"),
        Script::Armenian => Some("hy"),
        _ => whatlang::detect(run).map(|i| lang::whatlang_code(i.lang())),
    }
}

/// Punctuation that separates a lead-in from a quoted or cited fragment.
fn is_segment_break(t: &Token, text: &str) -> bool {
    // A punctuation token is one character: when its first byte is ASCII, that byte is all
    // of it.
    t.is_punct()
        && match text.as_bytes()[t.span.start as usize] {
            b if b.is_ascii() => matches!(b, b':' | b';' | b'"' | b'(' | b')'),
            _ => matches!(
                t.text(text),
                "“" | "”" | "„" | "«" | "»" | "—" | "–" | "‘" | "’"
            ),
        }
}

fn is_title_open(p: &str) -> bool {
    matches!(p, "《" | "「" | "『" | "〈")
}

fn is_title_close(p: &str) -> bool {
    matches!(p, "》" | "」" | "』" | "〉")
}

/// Closing or opening quote marks skipped when looking for a gloss.
fn is_quote(p: &str) -> bool {
    matches!(
        p,
        "\"" | "“" | "”" | "„" | "«" | "»" | "‘" | "’" | "'" | "‚"
    )
}

/// True when the words `first..=last` come with a translation: followed by a parenthesis
/// (`"Der Wind das himmlische Kind" (The Wind the Heavenly Child)`) or themselves in
/// parentheses after the translated text. A cited original is not an untranslated fragment.
fn is_glossed(tokens: &[Token], text: &str, first: usize, last: usize) -> bool {
    let mut after = last + 1;
    while after < tokens.len() && is_quote(tokens[after].text(text)) {
        after += 1;
    }
    let next = tokens.get(after).map(|t| t.text(text));
    if next == Some("(") {
        return true;
    }
    let mut before = first;
    while before > 0 && is_quote(tokens[before - 1].text(text)) {
        before -= 1;
    }
    before > 0 && tokens[before - 1].text(text) == "(" && next == Some(")")
}

/// True when the words from `first` on are in quotes right after a word that introduces a
/// cited title (`the original title "Gesänge zur Feier ..."`, `the campaign "Deckel gegen
/// Polio"`).
fn is_cited_title(tokens: &[Token], text: &str, first: usize, cues: Option<&WordSet>) -> bool {
    let Some(cues) = cues else {
        return false;
    };
    let mut i = first;
    while i > 0 && is_quote(tokens[i - 1].text(text)) {
        i -= 1;
    }
    if i == first {
        return false;
    }
    if i > 0 && matches!(tokens[i - 1].text(text), "," | ":") {
        i -= 1;
    }
    i > 0 && tokens[i - 1].is_word() && cues.contains(tokens[i - 1].text(text))
}

/// A fragment found in one sentence.
#[derive(Debug)]
struct Fragment {
    span: Span,
    lang: Option<&'static str>,
    script: Script,
    confidence: f32,
}

/// Runs of words in a non-Latin script inside the sentence.
fn script_runs(tokens: &[Token], text: &str, cues: Option<&WordSet>, out: &mut Vec<Fragment>) {
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let script = if t.is_word() {
            word_script(t.text(text))
        } else {
            Script::Latin
        };
        if !t.is_word() || script == Script::Latin || script == Script::Other {
            i += 1;
            continue;
        }
        // Extend over words of the same script and anything that is not a word.
        let (first, mut last) = (i, i);
        let (mut words, mut letters, mut lower) = (0usize, 0usize, 0usize);
        while i < tokens.len() {
            let u = tokens[i];
            if u.is_word() {
                let w = u.text(text);
                if word_script(w) != script {
                    break;
                }
                words += 1;
                letters += w.chars().filter(|c| c.is_alphabetic()).count();
                lower += usize::from(w.starts_with(char::is_lowercase));
                last = i;
            }
            // Punctuation and numbers stay inside a run ("2025年", "，").
            i += 1;
        }
        let bracketed = first > 0
            && is_title_open(tokens[first - 1].text(text))
            && tokens
                .get(last + 1)
                .is_some_and(|t| is_title_close(t.text(text)));
        let long_enough = if script.is_dense() {
            letters >= MIN_DENSE_LETTERS
        } else {
            words >= MIN_RUN_WORDS
                && letters >= MIN_RUN_LETTERS
                && (!script.is_cased() || lower >= 1)
        };
        if !long_enough
            || (bracketed && letters < MIN_RUN_LETTERS)
            || is_glossed(tokens, text, first, last)
            || is_cited_title(tokens, text, first, cues)
        {
            continue;
        }
        let span = Span::new(
            tokens[first].span.start as usize,
            tokens[last].span.end as usize,
        );
        out.push(Fragment {
            span,
            lang: run_language(script, span.slice(text)),
            script,
            confidence: 0.9,
        });
    }
}

/// A stretch of a sentence between segment breaks, with its function-word counts.
#[derive(Clone, Copy, Debug)]
struct Segment {
    /// Token range within the sentence.
    from: usize,
    to: usize,
    /// Its Latin words...
    words: usize,
    /// ...and the home function words among them, counted only up to the first count that
    /// makes the segment no candidate ([`is_candidate`]): a candidate's count is complete.
    home: usize,
}

/// Counts the words of `set` among the Latin words of `tokens`.
fn hits(tokens: &[Token], text: &str, set: &WordSet) -> usize {
    tokens
        .iter()
        .filter(|t| is_latin_word(t, text) && set.contains_token(text, t))
        .count()
}

fn is_latin_word(t: &Token, text: &str) -> bool {
    t.is_word()
        && match text.as_bytes()[t.span.start as usize] {
            b if b.is_ascii() => true,
            _ => word_script(t.text(text)) == Script::Latin,
        }
}

/// The segments of a sentence, cut at quote marks, colons and dashes, with their Latin words
/// counted and, when there are enough for a candidate, their home function words, as far as
/// needed to tell whether the segment is one (see [`Segment::home`]).
struct Segments<'a> {
    tokens: &'a [Token],
    text: &'a str,
    home: &'a WordSet,
    /// Where the next segment starts (past the end when all are out).
    at: usize,
}

impl<'a> Segments<'a> {
    fn new(tokens: &'a [Token], text: &'a str, home: &'a WordSet) -> Self {
        Segments {
            tokens,
            text,
            home,
            at: 0,
        }
    }
}

impl Iterator for Segments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let (tokens, text) = (self.tokens, self.text);
        if self.at > tokens.len() {
            return None;
        }
        let mut seg = Segment {
            from: self.at,
            to: tokens.len(),
            words: 0,
            home: 0,
        };
        for (i, t) in tokens.iter().enumerate().skip(seg.from) {
            if is_segment_break(t, text) {
                seg.to = i;
                break;
            }
            seg.words += usize::from(is_latin_word(t, text));
        }
        self.at = seg.to + 1;
        if seg.words >= MIN_WORDS {
            let words = tokens[seg.from..seg.to]
                .iter()
                .filter(|t| is_latin_word(t, text));
            for t in words {
                if self.home.contains_token(text, t) {
                    seg.home += 1;
                    if !is_candidate(seg.words, seg.home) {
                        break;
                    }
                }
            }
        }
        Some(seg)
    }
}

/// True when a segment with these counts may be in another language.
fn is_candidate(words: usize, home_hits: usize) -> bool {
    words >= MIN_WORDS && home_hits * 100 < words * HOME_MAX_PCT
}

/// Latin-script stretches of the sentence in another language. The sentence is cut into
/// segments at quote marks, colons and dashes, so that a lead-in ("The sign read:") does not
/// hide the fragment after it; a segment of at least [`MIN_WORDS`] words with few home
/// function words and enough of one other language is a core, and neighbouring segments that
/// lean the same way join it.
fn latin_fragments(tokens: &[Token], text: &str, home: (&str, &WordSet), out: &mut Vec<Fragment>) {
    // The cheap pass: most sentences have no candidate segment and end here, unallocated.
    if !Segments::new(tokens, text, home.1).any(|s| is_candidate(s.words, s.home)) {
        return;
    }
    let segments: Vec<Segment> = Segments::new(tokens, text, home.1).collect();
    let mut n = 0;
    while n < segments.len() {
        let seg = segments[n];
        n += 1;
        if !is_candidate(seg.words, seg.home) {
            continue;
        }
        let toks = &tokens[seg.from..seg.to];
        let Some((code, set, foreign)) = words::all_function_words()
            .iter()
            .filter(|(c, _)| *c != home.0)
            .map(|(c, set)| (*c, set, hits(toks, text, set)))
            .max_by_key(|x| x.2)
        else {
            continue;
        };
        if foreign < FOREIGN_MIN
            || foreign * 100 < seg.words * FOREIGN_MIN_PCT
            || foreign <= seg.home
        {
            continue;
        }
        // Join neighbours that lean the same way (more of `code`'s function words than home
        // ones; empty segments between them too).
        let leans = |s: &Segment| {
            let t = &tokens[s.from..s.to];
            s.words == 0 || hits(t, text, set) > hits(t, text, home.1)
        };
        let mut first = n - 1;
        while first > 0 && leans(&segments[first - 1]) {
            first -= 1;
        }
        let mut last = n - 1;
        while last + 1 < segments.len() && leans(&segments[last + 1]) {
            last += 1;
        }
        n = last + 1;
        let (a, b) = (segments[first].from, segments[last].to);
        let Some(first_word) = (a..b).find(|&i| tokens[i].is_word()) else {
            continue;
        };
        let Some(last_word) = (a..b).rev().find(|&i| tokens[i].is_word()) else {
            continue;
        };
        if is_glossed(tokens, text, first_word, last_word)
            || is_cited_title(tokens, text, first_word, words::title_cues(home.0))
        {
            continue;
        }
        let span = Span::new(
            tokens[first_word].span.start as usize,
            tokens[last_word].span.end as usize,
        );
        // The expensive check, only here: does a language detector agree?
        // On a bounded sample: a fragment can be as long as the document.
        let detected = lang::detect_document(span.slice(text));
        let (lang, confidence) = if detected.code == code {
            (code, 0.9)
        } else if detected.reliable && detected.code != home.0 && detected.code != "und" {
            (detected.code, 0.6)
        } else {
            continue;
        };
        out.push(Fragment {
            span,
            lang: Some(lang),
            script: Script::Latin,
            confidence,
        });
    }
}

impl Check for UntranslatedFragment {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let tokens = doc.tokens();
        // The document's language when it is known and has function words, else English.
        let info = doc.language();
        let home = Some(info.code)
            .filter(|_| info.reliable)
            .and_then(|c| words::function_words(c).map(|s| (c, s)))
            .or_else(|| words::function_words("en").map(|s| ("en", s)));
        let cues = home.and_then(|h| words::title_cues(h.0));
        let mut found: Vec<Fragment> = Vec::new();
        for sentence in doc.sentences() {
            let toks = &tokens[sentence.tokens.clone()];
            if !doc.slice(sentence.span).is_ascii() {
                script_runs(toks, text, cues, &mut found);
            }
            if let Some(home) = home {
                latin_fragments(toks, text, home, &mut found);
            }
        }
        // Fragments of one language with nothing but whitespace and punctuation between them
        // are one fragment.
        let mut merged: Vec<Fragment> = Vec::with_capacity(found.len());
        for f in found {
            if let Some(prev) = merged.last_mut() {
                let gap = &text[prev.span.end as usize..f.span.start.max(prev.span.end) as usize];
                if prev.lang == f.lang
                    && prev.script == f.script
                    && gap.chars().all(|c| !c.is_alphanumeric())
                {
                    prev.span = prev.span.cover(f.span);
                    prev.confidence = prev.confidence.max(f.confidence);
                    continue;
                }
            }
            merged.push(f);
        }
        for f in merged {
            let message = match f.lang {
                Some(code) => format!("untranslated {} fragment", language_name(code)),
                None => format!("untranslated fragment in {} script", f.script.name()),
            };
            cx.report(f.span, message).confidence(f.confidence);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        assert_eq!(word_script("Київ"), Script::Cyrillic);
        assert_eq!(word_script("俄乌"), Script::Cjk);
        assert_eq!(word_script("Zürich"), Script::Latin);
        assert_eq!(run_language(Script::Cjk, "ひらがなと漢字"), Some("ja"));
        assert_eq!(run_language(Script::Cjk, "俄乌冲突"), Some("zh"));
    }
}
