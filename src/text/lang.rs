//! Language identification: whatlang first (fast, trigram based), lingua where whatlang is not
//! sure (slower, more accurate on short and mixed text, limited to the languages compiled in).
//!
//! Detection runs on a bounded sample of the document (three windows: start, middle, end), so
//! its cost does not grow with document length.

use std::sync::OnceLock;

use lingua::{Language as LinguaLang, LanguageDetector, LanguageDetectorBuilder};
use serde::Serialize;

use crate::text::tokenize::Token;
use crate::text::words;
use crate::text::wordset::WordSet;

/// How a language was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// The share of the language's function words among the first words (a cheap pre-check).
    FunctionWords,
    Whatlang,
    Lingua,
    /// Too little text to tell.
    None,
}

/// The detected language of a text.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LangInfo {
    /// ISO 639-1 code where one exists ("en"), else ISO 639-3 ("ceb"); "und" when unknown.
    pub code: &'static str,
    pub confidence: f64,
    pub reliable: bool,
    pub method: Method,
}

impl LangInfo {
    pub const UNKNOWN: LangInfo = LangInfo {
        code: "und",
        confidence: 0.0,
        reliable: false,
        method: Method::None,
    };
}

/// The languages lingua is built with (see Cargo.toml).
pub const LINGUA_LANGUAGES: &[LinguaLang] = &[
    LinguaLang::English,
    LinguaLang::German,
    LinguaLang::French,
    LinguaLang::Spanish,
    LinguaLang::Italian,
    LinguaLang::Portuguese,
    LinguaLang::Dutch,
    LinguaLang::Russian,
    LinguaLang::Ukrainian,
    LinguaLang::Polish,
    LinguaLang::Chinese,
    LinguaLang::Japanese,
];

/// The shared lingua detector, built on first use (model files load lazily per language).
pub fn lingua() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| LanguageDetectorBuilder::from_languages(LINGUA_LANGUAGES).build())
}

const SAMPLE_WINDOW: usize = 1400;
/// Fewer letters than this and no language is claimed.
const MIN_LETTERS: usize = 12;

/// Up to three windows of the text (start, middle, end), cut at character boundaries.
pub fn sample(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= SAMPLE_WINDOW * 3 {
        return text.into();
    }
    let mut out = String::with_capacity(SAMPLE_WINDOW * 3 + 2);
    for start in [
        0,
        text.len() / 2 - SAMPLE_WINDOW / 2,
        text.len() - SAMPLE_WINDOW,
    ] {
        let s = floor_boundary(text, start);
        let e = floor_boundary(text, start + SAMPLE_WINDOW);
        out.push_str(&text[s..e]);
        out.push('\n');
    }
    out.into()
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Detects the language of a whole document (on a sample of it).
pub fn detect_document(text: &str) -> LangInfo {
    detect(&sample(text))
}

/// How many words the pre-check reads, at most and at least.
const PRECHECK_WORDS: usize = 200;
const PRECHECK_MIN_WORDS: usize = 30;
/// English prose has 40-55 % function words; other languages written in Latin script share few
/// of them (German "in", "an", "will" ...) and stay well under this. On de-en-htmt, 16 of 2,915
/// English documents fall under it and go to the detectors.
const PRECHECK_SHARE: f64 = 0.28;
/// The languages the pre-check recognizes: those the language-specific rules are written for.
/// Their function words are data (`src/data/lang/<code>.txt`, see [`words`]).
const PRECHECK_LANGUAGES: &[&str] = &["en"];

/// The cheap pre-check: when the share of one language's function words among the first words
/// is high, that is the language, and no n-gram detector needs to run. `words` yields word
/// tokens of `text` in order.
pub fn precheck<'t>(text: &str, words: impl Iterator<Item = &'t Token>) -> Option<LangInfo> {
    let sets: Vec<(&'static str, &WordSet)> = PRECHECK_LANGUAGES
        .iter()
        .filter_map(|&c| words::function_words(c).map(|s| (c, s)))
        .collect();
    let mut hits = vec![0usize; sets.len()];
    let mut total = 0usize;
    for t in words.take(PRECHECK_WORDS) {
        total += 1;
        for (i, (_, set)) in sets.iter().enumerate() {
            hits[i] += usize::from(set.contains_token(text, t));
        }
    }
    if total < PRECHECK_MIN_WORDS {
        return None;
    }
    let (best, &n) = hits.iter().enumerate().max_by_key(|(_, n)| **n)?;
    let share = n as f64 / total as f64;
    (share >= PRECHECK_SHARE).then(|| LangInfo {
        code: sets[best].0,
        confidence: (share / 0.45).min(1.0),
        reliable: true,
        method: Method::FunctionWords,
    })
}

/// Detects the language of a short or long text: whatlang, then lingua when whatlang is unsure.
pub fn detect(text: &str) -> LangInfo {
    if text
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(MIN_LETTERS)
        .count()
        < MIN_LETTERS
    {
        return LangInfo::UNKNOWN;
    }
    let fast = whatlang::detect(text);
    if let Some(info) = &fast {
        if info.is_reliable() {
            return LangInfo {
                code: whatlang_code(info.lang()),
                confidence: info.confidence(),
                reliable: true,
                method: Method::Whatlang,
            };
        }
    }
    let values = lingua().compute_language_confidence_values(text);
    match values.first() {
        Some(&(lang, conf)) if conf > 0.0 => LangInfo {
            code: lingua_code(lang),
            confidence: conf,
            reliable: conf >= 0.5,
            method: Method::Lingua,
        },
        _ => match fast {
            Some(info) => LangInfo {
                code: whatlang_code(info.lang()),
                confidence: info.confidence(),
                reliable: false,
                method: Method::Whatlang,
            },
            None => LangInfo::UNKNOWN,
        },
    }
}

/// The English name of a language code from [`LangInfo::code`]; the code itself when unknown.
pub fn language_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "it" => "Italian",
        "pt" => "Portuguese",
        "nl" => "Dutch",
        "ru" => "Russian",
        "uk" => "Ukrainian",
        "pl" => "Polish",
        "zh" => "Chinese",
        "ja" => "Japanese",
        "ko" => "Korean",
        "ar" => "Arabic",
        "tr" => "Turkish",
        "sv" => "Swedish",
        "da" => "Danish",
        "nb" => "Norwegian",
        "fi" => "Finnish",
        "cs" => "Czech",
        "sk" => "Slovak",
        "sl" => "Slovenian",
        "hr" => "Croatian",
        "sr" => "Serbian",
        "bg" => "Bulgarian",
        "be" => "Belarusian",
        "mk" => "Macedonian",
        "ro" => "Romanian",
        "hu" => "Hungarian",
        "el" => "Greek",
        "he" => "Hebrew",
        "hi" => "Hindi",
        "vi" => "Vietnamese",
        "th" => "Thai",
        "id" => "Indonesian",
        "lt" => "Lithuanian",
        "lv" => "Latvian",
        "et" => "Estonian",
        "ca" => "Catalan",
        "fa" => "Persian",
        "ur" => "Urdu",
        "ka" => "Georgian",
        "hy" => "Armenian",
        other => other,
    }
}

/// ISO 639-1 for a lingua language.
pub fn lingua_code(lang: LinguaLang) -> &'static str {
    match lang {
        LinguaLang::English => "en",
        LinguaLang::German => "de",
        LinguaLang::French => "fr",
        LinguaLang::Spanish => "es",
        LinguaLang::Italian => "it",
        LinguaLang::Portuguese => "pt",
        LinguaLang::Dutch => "nl",
        LinguaLang::Russian => "ru",
        LinguaLang::Ukrainian => "uk",
        LinguaLang::Polish => "pl",
        LinguaLang::Chinese => "zh",
        LinguaLang::Japanese => "ja",
        #[allow(unreachable_patterns)]
        _ => "und",
    }
}

/// ISO 639-1 for a whatlang language where one exists, else its ISO 639-3 code.
pub fn whatlang_code(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Ara => "ar",
        Tur => "tr",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Ces => "cs",
        Slk => "sk",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Bul => "bg",
        Bel => "be",
        Ron => "ro",
        Hun => "hu",
        Ell => "el",
        Heb => "he",
        Hin => "hi",
        Vie => "vi",
        Tha => "th",
        Ind => "id",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Cat => "ca",
        Epo => "eo",
        Afr => "af",
        Pes => "fa",
        Urd => "ur",
        Ben => "bn",
        Tam => "ta",
        Tel => "te",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pre-check on a text's word tokens.
    fn precheck_text(text: &str) -> Option<LangInfo> {
        let tokens = crate::text::tokenize::tokenize(text);
        precheck(text, tokens.iter().filter(|t| t.is_word()))
    }

    #[test]
    fn detects_english_and_german() {
        let en = detect("The government said on Friday that talks would continue next week.");
        assert_eq!(en.code, "en");
        let de =
            detect("Die Regierung sagte am Freitag, dass die Gespräche nächste Woche weitergehen.");
        assert_eq!(de.code, "de");
    }

    #[test]
    fn precheck_recognizes_english_prose_only() {
        let en = "The minister said on Friday that the talks with the two sides would go on, and that \
                  he was sure of an agreement in the coming days if both of them were ready for it. \
                  It is not clear when the next round will be held.";
        let info = precheck_text(en).expect("English prose passes the pre-check");
        assert_eq!(info.code, "en");
        let de = "Der Minister sagte am Freitag, dass die Gespräche mit beiden Seiten weitergehen \
                  würden und dass er sich einer Einigung in den kommenden Tagen sicher sei, wenn \
                  beide dazu bereit wären. Wann die nächste Runde stattfindet, ist noch unklar.";
        assert_eq!(precheck_text(de), None);
        assert_eq!(precheck_text("the of and"), None, "too few words");
    }

    #[test]
    fn too_little_text_is_unknown() {
        assert_eq!(detect("OK 123").code, "und");
        assert_eq!(detect("").code, "und");
    }

    #[test]
    fn sample_is_bounded_and_on_char_boundaries() {
        let long = "Zürich ünd ".repeat(2000);
        let s = sample(&long);
        assert!(s.len() <= SAMPLE_WINDOW * 3 + 3);
    }
}
