//! LanguageTool's `/v2/check` and `/v2/languages`, without HTTP: the form parameters are parsed
//! ([`Params::parse`]), the text is checked with the configured [`Linter`] ([`run`]), and each
//! finding becomes a LanguageTool match, with every field clients read, offsets and lengths in
//! UTF-16 code units (converted by [`crate::position`], the spans staying byte offsets until
//! here), and the document's score in an extra `mtlint` object that LanguageTool clients ignore.
//!
//! Rule ids are `MTLINT_` and the rule code (`MTLINT_MT101`), category ids `MTLINT_` and the
//! category (`MTLINT_ARTIFACT`): shaped like LanguageTool's, and never the same as one of its.

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use crate::finding::Finding;
use crate::markup::{self, Extracted};
use crate::position::{Counter, Encoding};
use crate::rule::meta::{Category, RuleMeta};
use crate::{Linter, Report};

/// The prefix of mtlint's rule and category ids in LanguageTool's API.
pub const ID_PREFIX: &str = "MTLINT_";

/// How many characters of context a match shows on each side of its error.
const CONTEXT_CHARS: usize = 40;

/// The languages `/v2/languages` lists: (name, code, long code). mtlint detects these; its
/// rules apply by the short code.
pub const LANGUAGES: &[(&str, &str, &str)] = &[
    ("English", "en", "en"),
    ("English (US)", "en", "en-US"),
    ("English (GB)", "en", "en-GB"),
    ("German", "de", "de"),
    ("German (Germany)", "de", "de-DE"),
    ("French", "fr", "fr"),
    ("Spanish", "es", "es"),
    ("Italian", "it", "it"),
    ("Portuguese", "pt", "pt"),
    ("Portuguese (Portugal)", "pt", "pt-PT"),
    ("Portuguese (Brazil)", "pt", "pt-BR"),
    ("Dutch", "nl", "nl"),
    ("Russian", "ru", "ru-RU"),
    ("Ukrainian", "uk", "uk-UA"),
    ("Polish", "pl", "pl-PL"),
    ("Chinese", "zh", "zh-CN"),
    ("Japanese", "ja", "ja-JP"),
];

/// `GET /v2/languages`: `[{name, code, longCode}]`.
pub fn languages_json() -> String {
    let list: Vec<_> = LANGUAGES
        .iter()
        .map(
            |&(name, code, long)| serde_json::json!({"name": name, "code": code, "longCode": long}),
        )
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// The parameters of a check.
#[derive(Debug, Default, Clone)]
pub struct Params {
    /// The text: plain, or what the `data` annotations make of it.
    pub input: Input,
    /// `auto`, or a code like `en-US`.
    pub language: String,
    pub enabled_rules: Vec<String>,
    pub disabled_rules: Vec<String>,
    pub enabled_categories: Vec<String>,
    pub disabled_categories: Vec<String>,
    pub enabled_only: bool,
}

/// What is checked.
#[derive(Debug, Default, Clone)]
pub enum Input {
    #[default]
    None,
    Text(String),
    /// The original (text and markup concatenated, what offsets count in) and its prose.
    Data(Extracted, String),
}

/// Why a check cannot be made: a status (400, 413) and LanguageTool's kind of message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckError {
    pub status: u16,
    pub message: String,
}

fn bad(message: impl Into<String>) -> CheckError {
    CheckError {
        status: 400,
        message: message.into(),
    }
}

/// Splits `application/x-www-form-urlencoded` (a body or a query string) into pairs. Strict
/// where the usual parsers are lenient: a body that is not UTF-8 once decoded is an error, not
/// a text with replacement characters.
pub fn parse_form(form: &[u8]) -> Result<Vec<(String, String)>, String> {
    let decode = |part: &[u8]| -> Result<String, String> {
        let plus: Cow<'_, [u8]> = if part.contains(&b'+') {
            Cow::Owned(
                part.iter()
                    .map(|&b| if b == b'+' { b' ' } else { b })
                    .collect(),
            )
        } else {
            Cow::Borrowed(part)
        };
        percent_encoding::percent_decode(&plus)
            .decode_utf8()
            .map(Cow::into_owned)
            .map_err(|_| "the form is not valid UTF-8 once decoded".to_string())
    };
    let mut out = Vec::new();
    for pair in form.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        out.push((decode(k)?, decode(v)?));
    }
    Ok(out)
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl Params {
    /// Reads the form of a check. Errors name the parameter, as LanguageTool's do.
    pub fn parse(form: &[u8]) -> Result<Params, CheckError> {
        let pairs = parse_form(form).map_err(bad)?;
        let mut p = Params::default();
        let mut text = None;
        let mut data = None;
        for (k, v) in pairs {
            match k.as_str() {
                "text" => text = Some(v),
                "data" => data = Some(v),
                "language" => p.language = v.trim().to_string(),
                "enabledRules" => p.enabled_rules = list(&v),
                "disabledRules" => p.disabled_rules = list(&v),
                "enabledCategories" => p.enabled_categories = list(&v),
                "disabledCategories" => p.disabled_categories = list(&v),
                "enabledOnly" => p.enabled_only = v.trim() == "true",
                "level" if !matches!(v.trim(), "default" | "picky" | "") => {
                    return Err(bad(format!(
                        "'level' must be 'default' or 'picky', not '{v}'"
                    )));
                }
                // motherTongue, preferredVariants, level, username, apiKey, ...: accepted, and
                // forwarded to an upstream server as they came.
                _ => {}
            }
        }
        p.input = match (text, data) {
            (Some(t), _) => Input::Text(t),
            (None, Some(d)) => {
                let (original, prose) = annotations(&d)?;
                Input::Data(prose, original)
            }
            (None, None) => return Err(bad("Missing 'text' or 'data' parameter")),
        };
        if p.language.is_empty() {
            return Err(bad(
                "Missing 'language' parameter, e.g. 'language=en-US' for American English or \
                 'language=auto' to detect it",
            ));
        }
        if p.language != "auto" && language(&p.language).is_none() {
            return Err(bad(format!(
                "'{}' is not a language code known to mtlint (see /v2/languages)",
                p.language
            )));
        }
        if p.enabled_only && p.enabled_rules.is_empty() && p.enabled_categories.is_empty() {
            return Err(bad(
                "You cannot specify 'enabledOnly' without 'enabledRules' or 'enabledCategories'",
            ));
        }
        Ok(p)
    }
}

/// The entry of [`LANGUAGES`] for a code like `en-US` or `en` (any case).
pub fn language(code: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    let code = code.replace('_', "-");
    LANGUAGES
        .iter()
        .find(|l| l.2.eq_ignore_ascii_case(&code))
        .or_else(|| {
            let short = code.split('-').next().unwrap_or(&code);
            LANGUAGES.iter().find(|l| l.1.eq_ignore_ascii_case(short))
        })
}

/// Reads LanguageTool's `data` parameter, `{"annotation": [{"text": ...}, {"markup": ...,
/// "interpretAs": ...}]}`: the original (every part concatenated: what offsets count in) and
/// the prose that is checked (text parts, and markup read as its `interpretAs`).
fn annotations(data: &str) -> Result<(String, Extracted), CheckError> {
    #[derive(serde::Deserialize)]
    struct Data {
        annotation: Vec<Part>,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Part {
        text: Option<String>,
        markup: Option<String>,
        interpret_as: Option<String>,
    }
    let data: Data = serde_json::from_str(data)
        .map_err(|e| bad(format!("'data' is not valid annotation JSON: {e}")))?;
    let mut original = String::new();
    let mut parts: Vec<(Range<usize>, Option<String>)> = Vec::new();
    for part in data.annotation {
        let (s, prose) = match (part.text, part.markup) {
            (Some(t), None) => (t, None),
            (None, Some(m)) => (m, Some(part.interpret_as.unwrap_or_default())),
            _ => {
                return Err(bad(
                    "each part of 'data' needs exactly one of 'text' and 'markup'",
                ))
            }
        };
        let start = original.len();
        original.push_str(&s);
        parts.push((start..original.len(), prose));
    }
    let prose = markup::from_parts(&original, &parts);
    Ok((original, prose))
}

/// A check's answer, as LanguageTool gives it, plus `mtlint`.
#[derive(Debug, Serialize)]
pub struct Response {
    pub software: Software,
    pub warnings: Warnings,
    pub language: Language,
    /// mtlint's matches (and an upstream server's, merged by offset).
    pub matches: Vec<serde_json::Value>,
    pub mtlint: Extra,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Software {
    pub name: &'static str,
    pub version: &'static str,
    pub build_date: &'static str,
    pub api_version: u32,
    pub premium: bool,
    pub status: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warnings {
    pub incomplete_results: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Language {
    pub name: String,
    pub code: String,
    pub detected_language: Detected,
}

#[derive(Debug, Serialize)]
pub struct Detected {
    pub name: String,
    pub code: String,
    pub confidence: f64,
}

/// What LanguageTool has no place for: the score, and what drove it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extra {
    pub version: &'static str,
    pub words: usize,
    /// The probability of machine translation (null for an unsupported language).
    pub mt: Option<f64>,
    pub verdict: &'static str,
    /// The artifact flags (`scraped`, `encoding`, `damaged-text`, `typography`).
    pub flags: Vec<&'static str>,
    /// The largest contributions to `mt`, in words.
    pub reasons: Vec<String>,
    pub score: crate::Score,
    /// Why the matches may be incomplete (an upstream server that failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_error: Option<String>,
}

/// One match, every field a LanguageTool client reads.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Match<'a> {
    message: &'a str,
    short_message: &'static str,
    replacements: Vec<Value<'a>>,
    offset: usize,
    length: usize,
    context: Context,
    sentence: &'a str,
    #[serde(rename = "type")]
    kind: TypeName,
    rule: MatchRule,
    ignore_for_incomplete_sentence: bool,
    context_for_sure_match: i32,
}

#[derive(Debug, Serialize)]
struct Value<'a> {
    value: &'a str,
}

#[derive(Debug, Serialize)]
struct Url {
    value: String,
}

#[derive(Debug, Serialize)]
struct Context {
    text: String,
    offset: usize,
    length: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct TypeName {
    type_name: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchRule {
    id: String,
    description: &'static str,
    issue_type: &'static str,
    category: IdName,
    urls: Vec<Url>,
}

#[derive(Debug, Serialize)]
struct IdName {
    id: String,
    name: &'static str,
}

/// LanguageTool's rule id of an mtlint rule.
pub fn rule_id(meta: &RuleMeta) -> String {
    format!("{ID_PREFIX}{}", meta.code)
}

/// LanguageTool's category id and name of an mtlint category.
pub fn category(c: Category) -> (String, &'static str) {
    let name = match c {
        Category::Translation => "Machine translation (mtlint)",
        Category::Artifact => "Text damage (mtlint)",
        Category::Typography => "Typography (mtlint)",
        Category::Encoding => "Encoding (mtlint)",
        Category::Debris => "Scraped page debris (mtlint)",
    };
    (
        format!("{ID_PREFIX}{}", c.as_str().to_ascii_uppercase()),
        name,
    )
}

/// LanguageTool's issue type (which decides a client's underline colour): misspelling for
/// damaged words, typographical, and style for the marks of translation.
fn issue_type(c: Category) -> &'static str {
    match c {
        Category::Translation => "style",
        Category::Artifact => "misspelling",
        Category::Typography => "typographical",
        Category::Encoding => "characters",
        Category::Debris => "formatting",
    }
}

/// The link to a rule's documentation, which `mtlint serve` serves at `/rules/CODE`; `base` is
/// the server's own address (`http://127.0.0.1:8081`).
pub fn docs_url(base: &str, meta: &RuleMeta) -> String {
    format!("{}/rules/{}", base.trim_end_matches('/'), meta.code)
}

/// The rules of a request's rule ids that are mtlint's, as codes: `MTLINT_MT101`, or a bare
/// code or name (`MT101`, `run-together-words`); the others (an upstream server's) are left
/// out.
fn own_rules(ids: &[String]) -> Vec<String> {
    ids.iter()
        .filter_map(|id| crate::rules::find(id.strip_prefix(ID_PREFIX).unwrap_or(id)))
        .map(|r| r.meta().code.to_string())
        .collect()
}

/// The categories of a request's category ids that are mtlint's: only `MTLINT_` ones, since
/// LanguageTool has categories of the same names (`TYPOGRAPHY`).
fn own_categories(ids: &[String]) -> Vec<String> {
    ids.iter()
        .filter_map(|id| id.strip_prefix(ID_PREFIX))
        .map(str::to_ascii_lowercase)
        .filter(|c| Category::ALL.iter().any(|k| k.as_str() == c))
        .collect()
}

/// The linter for one check: the configured one, with the request's rule selection and
/// language.
fn linter_for(base: &Linter, p: &Params) -> Linter {
    let mut linter = base.clone().with_reasons(3);
    let enabled: Vec<String> = own_rules(&p.enabled_rules)
        .into_iter()
        .chain(own_categories(&p.enabled_categories))
        .collect();
    if p.enabled_only {
        // Nothing of mtlint's enabled: no mtlint rule runs.
        let codes = crate::rules::resolve(&enabled).unwrap_or_default();
        linter = linter.select(&codes).unwrap_or_else(|_| base.clone());
        if codes.is_empty() {
            linter = linter.with_rule_codes(&[]);
        }
    }
    let disabled: Vec<String> = own_rules(&p.disabled_rules)
        .into_iter()
        .chain(own_categories(&p.disabled_categories))
        .collect();
    if let Ok(l) = linter.clone().ignore(&disabled) {
        linter = l;
    }
    if let Some(&(_, code, _)) = language(&p.language).filter(|_| p.language != "auto") {
        linter = linter.with_language(code);
    }
    linter
}

/// Runs a check; `docs_base` is where the rules' documentation links point (the server's own
/// address). Fails (413) only for a text of 4 GiB or more.
pub fn run(base: &Linter, p: &Params, docs_base: &str) -> Result<Response, CheckError> {
    let linter = linter_for(base, p);
    let too_large = |_| CheckError {
        status: 413,
        message: "the text is too large".to_string(),
    };
    let (original, report): (&str, Report) = match &p.input {
        Input::None => return Err(bad("Missing 'text' or 'data' parameter")),
        Input::Text(t) => (
            t,
            markup::check(&linter, t, markup::Kind::Text).map_err(too_large)?,
        ),
        Input::Data(prose, original) => {
            let mut report = linter.check_unsuppressed(&prose.text).map_err(too_large)?;
            prose.remap(&mut report);
            (original, report)
        }
    };
    let mut counter = Counter::new(original, Encoding::Utf16);
    let matches = report
        .findings
        .iter()
        .map(|f| serde_json::to_value(to_match(f, original, &mut counter, docs_base)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CheckError {
            status: 500,
            message: e.to_string(),
        })?;
    let detected = report.language.code;
    let detected_name = LANGUAGES
        .iter()
        .find(|l| l.1 == detected)
        .map_or(detected, |l| l.0);
    let (name, code) = match language(&p.language).filter(|_| p.language != "auto") {
        Some(&(name, _, _)) => (name.to_string(), p.language.clone()),
        None => (detected_name.to_string(), detected.to_string()),
    };
    Ok(Response {
        software: Software {
            name: "mtlint",
            version: env!("CARGO_PKG_VERSION"),
            build_date: "",
            api_version: 1,
            premium: false,
            status: "",
        },
        warnings: Warnings {
            incomplete_results: false,
        },
        language: Language {
            name,
            code,
            detected_language: Detected {
                name: detected_name.to_string(),
                code: detected.to_string(),
                confidence: report.language.confidence,
            },
        },
        matches,
        mtlint: Extra {
            version: env!("CARGO_PKG_VERSION"),
            words: report.words,
            mt: report.score.mt,
            verdict: report.score.verdict.as_str(),
            flags: report.score.artifacts.flags(),
            reasons: report
                .score
                .reasons
                .iter()
                .map(|r| r.text.clone())
                .collect(),
            score: report.score.clone(),
            upstream_error: None,
        },
    })
}

/// The byte range of the sentence around `start..end`: from after the last sentence end
/// (`.`, `!`, `?` and a space, or a line break) before it to the next one after it.
fn sentence_around(text: &str, start: usize, end: usize) -> Range<usize> {
    let b = text.as_bytes();
    let mut s = start;
    while s > 0 {
        let c = b[s - 1];
        if c == b'\n' || (matches!(c, b' ') && s >= 2 && matches!(b[s - 2], b'.' | b'!' | b'?')) {
            break;
        }
        s -= 1;
    }
    let mut e = end;
    while e < b.len() {
        let c = b[e];
        if c == b'\n' {
            break;
        }
        e += 1;
        if matches!(c, b'.' | b'!' | b'?') && b.get(e).is_none_or(|&n| n == b' ' || n == b'\n') {
            break;
        }
    }
    s..e.max(s)
}

fn to_match<'a>(
    f: &'a Finding,
    text: &'a str,
    counter: &mut Counter<'_>,
    docs_base: &str,
) -> Match<'a> {
    let start = crate::position::floor(text, f.span.start as usize);
    let end = crate::position::floor(text, f.span.end as usize).max(start);
    let offset = counter.at(start);
    let length = counter.at(end) - offset;
    // The context: up to CONTEXT_CHARS characters on each side, line breaks read as spaces
    // (one character for one, so offsets hold).
    let before = text[..start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after = text[end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(i, _)| end + i);
    let context_text: String = text[before..after]
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let sentence = sentence_around(text, start, end);
    let (category_id, category_name) = category(f.rule.category);
    Match {
        message: &f.message,
        short_message: f.rule.name,
        replacements: f
            .fix
            .iter()
            .map(|fix| Value {
                value: &fix.replacement,
            })
            .collect(),
        offset,
        length,
        context: Context {
            text: context_text,
            offset: crate::position::utf16_offset(&text[before..], start - before),
            length,
        },
        sentence: text[sentence].trim(),
        kind: TypeName { type_name: "Other" },
        rule: MatchRule {
            id: rule_id(f.rule),
            description: f.rule.summary,
            issue_type: issue_type(f.rule.category),
            category: IdName {
                id: category_id,
                name: category_name,
            },
            urls: vec![Url {
                value: docs_url(docs_base, f.rule),
            }],
        },
        ignore_for_incomplete_sentence: false,
        context_for_sure_match: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_strictly() {
        assert_eq!(
            parse_form(b"text=a+b%C3%A9&language=en-US&flag").unwrap(),
            [
                ("text".to_string(), "a bé".to_string()),
                ("language".to_string(), "en-US".to_string()),
                ("flag".to_string(), String::new()),
            ]
        );
        assert!(parse_form(b"text=%C3").is_err());
        assert!(parse_form(b"\xff=1").is_err());
    }

    #[test]
    fn sentences_around_a_span() {
        let t = "First one. He said thatIf no. Last!\nNext line";
        let at = t.find("thatIf").unwrap();
        assert_eq!(&t[sentence_around(t, at, at + 6)], "He said thatIf no.");
        let at = t.find("Next").unwrap();
        assert_eq!(&t[sentence_around(t, at, at + 4)], "Next line");
    }

    #[test]
    fn languages_and_ids() {
        assert_eq!(language("EN-us").map(|l| l.1), Some("en"));
        assert_eq!(language("pt_BR").map(|l| l.2), Some("pt-BR"));
        assert_eq!(language("xx"), None);
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            own_rules(&ids(&["MTLINT_MT101", "run-together-words", "UPPERCASE"])),
            ["MT101", "MT101"]
        );
        assert_eq!(
            own_categories(&ids(&["MTLINT_ARTIFACT", "TYPOGRAPHY", "MTLINT_NOPE"])),
            ["artifact"]
        );
    }
}
