use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::chars::{is_apostrophe, is_closer};
use crate::text::code::inside_backticks;
use crate::text::data::{data_file, DataError, DataFile};
use crate::text::debris;
use crate::text::swar;
use crate::text::tokenize::{seek, Token, TokenKind};

declare_rule! {
    /// ## What it finds
    ///
    /// Two words written without the space between them, in two shapes:
    ///
    /// - a lowercase word glued to a capitalized one inside one word ("thatIf", "saidKyiv"). The
    ///   lowercase part must be a frequent English word (`src/data/common_words.txt`) for a
    ///   confident finding; words that also start code identifiers ("on", "is", "my") give a
    ///   lower confidence, and other lowercase parts of three letters or more the lowest. A
    ///   capitalized word glued to a sentence starter ("KyivThe") is reported too.
    /// - a missing space after sentence punctuation: a word, `.`, `!` or `?` (and any closing
    ///   quote), and a capitalized word with no whitespace anywhere ("Paris.It", "end.He",
    ///   "agreed.Picture", "unacceptable.”The").
    ///
    /// The fix inserts the space; a capitalized function word glued inside a sentence is
    /// lowercased as well ("thatIf" becomes "that if", "saidThe" "said the", but "saidThe
    /// Hague" keeps its capital, and "Paris.It" becomes "Paris. It"). Words inside backticks or fenced code blocks are skipped, and
    /// in a document dense with code punctuation only the confident glued words are reported,
    /// at half confidence, since there `module.Class` and `camelCase` are identifiers.
    ///
    /// ## Why it matters
    ///
    /// Machine-translation pipelines translate sentence by sentence and join the results; a lost
    /// separator glues the last word of one segment to the first of the next. Scrapers do the
    /// same when they drop the markup between a paragraph and a caption. Either way the text did
    /// not come from a careful human editor.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// Rubio warned Friday thatIf no progress occurs, talks end.
    /// He and Witkoff came to Paris.It is to start talks.
    /// A deal can't be agreed.Picture: Alamy
    /// ```
    ///
    /// Not flagged: camel-case names (iPhone, eBay, YouTube, McDonald, DeSantis, LaGuardia),
    /// units (mAh, kWh, pH), abbreviations and initials (U.S., e.g., Ph.D., J.R.R.), domains,
    /// emails and file names (news.bbc.co.uk, ASP.NET, report.PDF), versions and decimals (v2.0,
    /// 3.5), code in backticks, hashtags and handles (#BlackLivesMatter, @elonMusk), stock
    /// tickers (GOOGL.O).
    ///
    /// A missing space before a photo-credit label ("agreed.Picture: Alamy") is reported with low
    /// confidence (0.3): it is caption debris glued by a scraper, which `scrape-debris` reports
    /// too, more than a sign of translation.
    ///
    /// ## Known false positives
    ///
    /// Brand and product names that start with a common lowercase word and are not in the
    /// exception list (`src/data/run_together.tsv`), code identifiers written in prose without
    /// backticks ("call fooBar now", "the net.Socket class") in a document with little other
    /// code, and names written with a period ("Kent.Fan"). A glued word in the source text is
    /// reported even when the document is a human original: on native English news (de-en-htmt)
    /// the rule fires on 2 of 389 documents, both real missing spaces.
    pub struct RunTogetherWords {
        code: "MT101",
        name: "run-together-words",
        category: Artifact,
        severity: Warning,
        summary: "Words glued together without a space.",
        languages: [],
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tld {
    /// Never an English word when capitalized ("Com").
    Generic,
    /// A country or other domain ending ("DE", "It").
    Country,
    /// A file extension ("PDF", "Pdf").
    Extension,
}

#[derive(Debug)]
struct Data {
    /// Frequent lowercase words; `true` for the weak ones that also start code identifiers.
    common: HashMap<&'static str, bool>,
    /// The function words among them (articles, pronouns, prepositions, conjunctions): glued
    /// to the word before them inside a sentence, they are lowercased by the fix ("thatIf").
    function: HashSet<&'static str>,
    prefixes: HashSet<&'static str>,
    starters: HashSet<&'static str>,
    tokens: HashSet<&'static str>,
    abbrevs: HashSet<&'static str>,
    tlds: HashMap<&'static str, Tld>,
}

const COMMON: DataFile = data_file!("common_words.txt");
/// The comment of `common_words.txt` that ends its function words.
const FUNCTION_WORDS_END: &str = "# auxiliaries and common verbs";
const LISTS: DataFile = data_file!("run_together.tsv");
const TLDS: DataFile = data_file!("tlds.txt");

fn parse() -> Result<Data, DataError> {
    let function_end = COMMON
        .text
        .lines()
        .position(|l| l.starts_with(FUNCTION_WORDS_END))
        .map_or(0, |i| i + 1);
    let mut data = Data {
        function: COMMON
            .rows()
            .take_while(|r| r.line < function_end)
            .map(|r| r.text.split('\t').next().unwrap_or(r.text))
            .collect(),
        common: COMMON
            .rows()
            .map(|r| match r.text.split_once('\t') {
                Some((w, _)) => (w, true),
                None => (r.text, false),
            })
            .collect(),
        prefixes: HashSet::new(),
        starters: HashSet::new(),
        tokens: HashSet::new(),
        abbrevs: HashSet::new(),
        tlds: HashMap::new(),
    };
    for row in LISTS.rows() {
        let (kind, word) = row
            .text
            .split_once('\t')
            .ok_or_else(|| row.error("expected kind<TAB>word"))?;
        let set = match kind {
            "prefix" => &mut data.prefixes,
            "starter" => &mut data.starters,
            "token" => &mut data.tokens,
            "abbrev" => &mut data.abbrevs,
            other => return Err(row.error(format!("unknown kind `{other}`"))),
        };
        set.insert(word);
    }
    for row in TLDS.rows() {
        let (word, kind) = row
            .text
            .split_once('\t')
            .ok_or_else(|| row.error("expected word<TAB>kind"))?;
        let kind = match kind {
            "generic" => Tld::Generic,
            "tld" => Tld::Country,
            "ext" => Tld::Extension,
            other => return Err(row.error(format!("unknown kind `{other}`"))),
        };
        data.tlds.insert(word, kind);
    }
    Ok(data)
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| parse().expect("run-together data files are well-formed (tested)"))
}

/// The shape of a word part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// All lowercase: "that".
    Lower,
    /// A capital, then lowercase: "Kyiv", "Rubio's".
    Capitalized,
    /// Two or more capitals: "US", "NATO".
    Upper,
    /// One capital letter: "I".
    Single,
    /// Anything else: "McCarthy", "iPhone", words with digits or marks.
    Other,
}

fn shape(word: &str) -> Shape {
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word);
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return Shape::Other;
    };
    let rest = chars.as_str();
    let rest_lower = rest.chars().all(|c| c.is_lowercase() || is_apostrophe(c));
    if first.is_lowercase() {
        if rest_lower {
            Shape::Lower
        } else {
            Shape::Other
        }
    } else if first.is_uppercase() {
        if rest.is_empty() {
            Shape::Single
        } else if rest_lower {
            Shape::Capitalized
        } else if rest.chars().all(char::is_uppercase) {
            Shape::Upper
        } else {
            Shape::Other
        }
    } else {
        Shape::Other
    }
}

/// The byte offset of the first lowercase-to-uppercase step inside a word, and the number of
/// such steps. `None` for words with digits or without a step.
fn camel_step(word: &str) -> Option<(usize, usize)> {
    let bytes = word.as_bytes();
    // Fast path: most words have no capital (nor any non-ASCII byte) after the first letter.
    if !bytes
        .iter()
        .skip(1)
        .any(|&b| b.is_ascii_uppercase() || b >= 0x80)
    {
        return None;
    }
    let mut first = None;
    let mut steps = 0;
    if word.is_ascii() {
        for i in 1..bytes.len() {
            let (a, b) = (bytes[i - 1], bytes[i]);
            if b.is_ascii_digit() || a.is_ascii_digit() {
                return None;
            }
            if a.is_ascii_lowercase() && b.is_ascii_uppercase() {
                steps += 1;
                first.get_or_insert(i);
            }
        }
    } else {
        let mut prev: Option<char> = None;
        for (i, c) in word.char_indices() {
            if c.is_numeric() {
                return None;
            }
            if prev.is_some_and(char::is_lowercase) && c.is_uppercase() {
                steps += 1;
                first.get_or_insert(i);
            }
            prev = Some(c);
        }
    }
    first.map(|i| (i, steps))
}

/// ASCII-lowercases a short word into `buf`; `None` if it is not short ASCII.
fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    if word.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    let out = &mut buf[..word.len()];
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// Punctuation or symbols that, glued to a word, mark code, a URL, a handle or a hashtag.
fn is_code_mark(s: &str) -> bool {
    matches!(
        s,
        "#" | "@"
            | "_"
            | "`"
            | "/"
            | "\\"
            | "$"
            | "="
            | "<"
            | ">"
            | "~"
            | "^"
            | "*"
            | "+"
            | "|"
            | "&"
            | "%"
            | "{"
            | "}"
            | "["
    )
}

/// True when the token glued before `i` (no space) marks code, a URL or a handle.
fn glued_code_before(tokens: &[Token], i: usize, text: &str, also: &[&str]) -> bool {
    let t = tokens[i];
    if t.space_before || i == 0 {
        return false;
    }
    let prev = tokens[i - 1];
    let s = prev.text(text);
    prev.kind == TokenKind::Symbol || is_code_mark(s) || also.contains(&s)
}

/// True when the token glued after `i` marks code, a URL, a file name or a dotted chain.
fn glued_code_after(tokens: &[Token], i: usize, text: &str) -> bool {
    let Some(&next) = tokens.get(i + 1) else {
        return false;
    };
    if next.space_before {
        return false;
    }
    let s = next.text(text);
    if next.kind == TokenKind::Symbol || is_code_mark(s) || s == "(" {
        return true;
    }
    // A dot or colon followed at once by a word or number: "Node.js", "news.bbc.co.uk", "a:b".
    matches!(s, "." | ":")
        && tokens
            .get(i + 2)
            .is_some_and(|t| !t.space_before && !t.is_punct() && t.kind != TokenKind::Symbol)
}

/// A finding before the last checks: where, what, how sure, and the fix.
struct Candidate {
    span: Span,
    message: String,
    confidence: f32,
    fix: String,
    applicability: Applicability,
}

/// How the lowercase part of a glued token ranks as an English word: `Some(true)` for a strong
/// common word ("that", "said"), `Some(false)` for a weak one that also starts identifiers
/// ("on", "is", "my"), `None` for any other word.
fn common_rank(d: &Data, word: &str) -> Option<bool> {
    d.common.get(word).map(|weak| !weak)
}

/// A lowercase word glued to a capitalized one inside the word token `i`: "thatIf".
fn camel_candidate(tokens: &[Token], i: usize, text: &str) -> Option<Candidate> {
    let tok = tokens[i];
    let word = tok.text(text);
    let (step, steps) = camel_step(word)?;
    if steps != 1 {
        return None;
    }
    let d = data();
    if d.tokens.contains(word) {
        return None;
    }
    let (left, right) = word.split_at(step);
    let right_shape = shape(right);
    let right_len = right.chars().count();
    let confidence = match shape(left) {
        Shape::Lower => {
            let left_len = left.chars().count();
            let mut buf = [0u8; 16];
            if left_len < 2 || ascii_lower(left, &mut buf).is_some_and(|l| d.prefixes.contains(l)) {
                return None;
            }
            match (right_shape, common_rank(d, left)) {
                (Shape::Capitalized, Some(true)) if right_len >= 2 => 0.9,
                (Shape::Capitalized, Some(false)) if right_len >= 2 => 0.6,
                // A capital outside ASCII after an ASCII part is more often mojibake ("contrÙle").
                (Shape::Capitalized, None)
                    if right_len >= 3
                        && left_len >= 3
                        && (right.is_ascii() || !left.is_ascii()) =>
                {
                    0.4
                }
                (Shape::Upper, Some(true)) => 0.6,
                _ => return None,
            }
        }
        Shape::Capitalized
            if left.chars().count() >= 3
                && right_shape == Shape::Capitalized
                && d.starters.contains(right) =>
        {
            0.6
        }
        _ => return None,
    };
    if glued_code_before(tokens, i, text, &[".", ":"])
        || glued_code_after(tokens, i, text)
        || assigned(tokens, i, text)
        || inside_backticks(text, tok.span.start as usize)
    {
        return None;
    }
    // After a capitalized word ("KyivThe") a sentence may start; after a lowercase one, not.
    let right = if shape(left) == Shape::Lower {
        sentence_internal(d, tokens, i, text, right)
    } else {
        right.into()
    };
    Some(Candidate {
        span: tok.span,
        message: format!("words run together: `{word}` reads as `{left} {right}`"),
        confidence,
        fix: format!("{left} {right}"),
        applicability: Applicability::Safe,
    })
}

/// The second part of a glued word as it reads inside the sentence: a capitalized function
/// word is lowercased ("thatIf" reads as "that if", "saidThe" as "said the"), unless a
/// capitalized word follows it, which makes it part of a name ("saidThe Hague").
fn sentence_internal<'t>(
    d: &Data,
    tokens: &[Token],
    i: usize,
    text: &str,
    right: &'t str,
) -> std::borrow::Cow<'t, str> {
    let mut buf = [0u8; 16];
    let function = shape(right) == Shape::Capitalized
        && ascii_lower(right, &mut buf).is_some_and(|w| d.function.contains(w));
    let name_follows = tokens.get(i + 1).is_some_and(|t| {
        t.space_before && t.kind == TokenKind::Word && t.text(text).starts_with(char::is_uppercase)
    });
    if function && !name_follows {
        right.to_lowercase().into()
    } else {
        right.into()
    }
}

/// True when the token after `i` (spaced or not) is `=`: an assignment in code.
fn assigned(tokens: &[Token], i: usize, text: &str) -> bool {
    tokens.get(i + 1).is_some_and(|t| t.text(text) == "=")
}

/// A word, sentence punctuation and a capitalized word with no whitespace ("Paris.It"), with
/// the punctuation token at `p`.
fn gap_candidate(tokens: &[Token], p: usize, text: &str) -> Option<Candidate> {
    if p == 0 || tokens[p].space_before {
        return None;
    }
    let left = tokens[p - 1];
    let left_text = left.text(text);
    // The punctuation run: one `.`, or `!`/`?` marks; then closing quotes or brackets.
    let punct = tokens[p].text(text);
    let mut j = p + 1;
    while punct != "."
        && j < tokens.len()
        && !tokens[j].space_before
        && matches!(tokens[j].text(text), "!" | "?")
    {
        j += 1;
    }
    let mut straight_quote = false;
    while j < tokens.len() && !tokens[j].space_before && is_closer(tokens[j].text(text)) {
        straight_quote |= matches!(tokens[j].text(text), "\"" | "'");
        j += 1;
    }
    let right = *tokens.get(j)?;
    if right.space_before || right.kind != TokenKind::Word {
        return None;
    }
    let right_text = right.text(text);
    if !right_text.starts_with(char::is_uppercase) || right_text.contains(char::is_numeric) {
        return None;
    }
    let right_shape = shape(right_text);
    let d = data();
    let mut buf = [0u8; 16];
    let right_lower = ascii_lower(right_text, &mut buf);
    let right_common = right_lower.is_some_and(|w| d.common.contains_key(w));
    let mut confidence = match left.kind {
        TokenKind::Word => {
            if left_text.chars().nth(1).is_none()
                || left_text.contains(char::is_numeric)
                || (punct == "." && d.abbrevs.contains(left_text))
            {
                return None;
            }
            match shape(left_text) {
                // Tickers, acronyms, file names: "GOOGL.O", "ASP.NET", "README.Debian"; only a
                // glued common word counts ("EU.The").
                Shape::Upper if right_shape == Shape::Capitalized && right_common => 0.6,
                Shape::Upper => return None,
                _ => 0.9,
            }
        }
        // A year: "in 2019.The".
        TokenKind::Number
            if left_text.len() == 4
                && left_text.bytes().all(|b| b.is_ascii_digit())
                && right_common =>
        {
            0.6
        }
        _ => return None,
    };
    let tld = right_lower.and_then(|w| d.tlds.get(w).copied());
    match right_shape {
        Shape::Single => {
            // "week.I", "agreed.A spokesman"; not initials ("J.D.", "Ph.D").
            let ends_lower = left_text
                .chars()
                .next_back()
                .is_some_and(char::is_lowercase);
            let next_glued = tokens.get(j + 1).is_some_and(|t| !t.space_before);
            if !matches!(right_text, "I" | "A") || !ends_lower || next_glued {
                return None;
            }
            confidence = f32::min(confidence, 0.7);
        }
        Shape::Upper => {
            // "end.US officials": only when prose follows, never a TLD or file extension.
            let prose_after = tokens.get(j + 1).is_some_and(|t| {
                t.space_before
                    && t.kind == TokenKind::Word
                    && t.text(text).starts_with(char::is_lowercase)
            });
            if tld.is_some() || !prose_after {
                return None;
            }
            confidence = f32::min(confidence, 0.5);
        }
        Shape::Capitalized => {
            // "Yahoo.Com", "report.Pdf"; a capitalized country code may be a word ("Paris.It").
            if matches!(tld, Some(Tld::Generic | Tld::Extension)) {
                return None;
            }
        }
        // Inner capitals: a name with a particle ("McCarthy") may start a sentence; code
        // ("stream.ReadableStream", "Debugger.CallFrameId") is far more common.
        Shape::Lower | Shape::Other => {
            let (step, _) = camel_step(right_text)?;
            let mut pbuf = [0u8; 16];
            if !ascii_lower(&right_text[..step], &mut pbuf).is_some_and(|p| d.prefixes.contains(p))
            {
                return None;
            }
        }
    }
    if glued_code_before(tokens, p - 1, text, &[".", ":", "-"])
        || glued_code_after(tokens, j, text)
        || inside_backticks(text, left.span.start as usize)
    {
        return None;
    }
    let before = &text[left.span.start as usize..right.span.start as usize];
    // "agreed.Picture: Alamy": a photo credit glued to the caption by a scraper. Still a missing
    // space, but evidence of scraping (reported by scrape-debris) rather than of translation.
    let credit = tokens
        .get(j + 1)
        .is_some_and(|t| !t.space_before && t.text(text) == ":")
        && debris::is_credit_label(right_text);
    if credit {
        confidence = f32::min(confidence, 0.3);
    }
    Some(Candidate {
        span: Span::new(left.span.start as usize, right.span.end as usize),
        message: if credit {
            format!("missing space before a glued photo credit: `{before}{right_text}`")
        } else {
            format!("missing space after sentence punctuation: `{before}{right_text}`")
        },
        confidence,
        fix: format!("{before} {right_text}"),
        applicability: if straight_quote {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        },
    })
}

/// Code markers per KiB above which a document counts as technical. News prose, native or
/// translated, stays under 6 (99% of the de-en-htmt documents have none); API docs and
/// changelogs score 10 to 70.
const TECHNICAL_MARKERS_PER_KIB: usize = 8;

/// True when the text is dense with code punctuation (backticks, braces, `=`, `_`, `|`, `<`,
/// `>`, `()`): there camel case and `module.Class` are identifiers, not glued words.
fn looks_technical(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut markers = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' | b'{' | b'}' | b'=' | b'_' | b'|' | b'<' | b'>' => markers += 1,
            b'(' if bytes.get(i + 1) == Some(&b')') => markers += 1,
            _ => {}
        }
    }
    markers * 1024 > TECHNICAL_MARKERS_PER_KIB * bytes.len().max(1)
}

const UPPER: u8 = 1;
const LOWER: u8 = 2;
const HIGH: u8 = 4;

/// Byte classes: ASCII capital, ASCII lowercase letter, non-ASCII byte.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'A'..=b'Z' => UPPER,
            b'a'..=b'z' => LOWER,
            0x80..=0xff => HIGH,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// For each byte, the classes of the byte before it that make the pair a possible glued-word
/// step: an ASCII capital after a lowercase letter or a non-ASCII byte, or the first byte of a
/// non-ASCII character after any letter byte.
static STEP_AFTER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'A'..=b'Z' => LOWER | HIGH,
            0xc0..=0xff => UPPER | LOWER | HIGH,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Calls `f` with every `i` where `bytes[i - 1], bytes[i]` is a possible glued-word step (see
/// [`STEP_AFTER`]), in order. Eight bytes at a time: only an ASCII capital or a non-ASCII byte
/// can end a step, and a chunk without one (most of English text) is passed over with a few
/// word operations instead of a table lookup and a branch per byte.
fn for_each_step(bytes: &[u8], mut f: impl FnMut(usize)) {
    let step = |i: usize| STEP_AFTER[bytes[i] as usize] & CLASS[bytes[i - 1] as usize] != 0;
    let mut at = 1;
    while let Some(v) = swar::load(bytes, at) {
        // High bit of each byte: set for 'A'..='Z' and for every non-ASCII byte.
        let mut candidates = swar::capital_bits(v) | v & swar::HIGH;
        while candidates != 0 {
            let i = at + candidates.trailing_zeros() as usize / 8;
            if step(i) {
                f(i);
            }
            candidates &= candidates - 1;
        }
        at += 8;
    }
    for i in at..bytes.len() {
        if step(i) {
            f(i);
        }
    }
}

impl Check for RunTogetherWords {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let tokens = doc.tokens();
        let bytes = text.as_bytes();
        let mut candidates: Vec<(Candidate, bool)> = Vec::new();
        // Glued words: a scan over the bytes for a capital after a lowercase letter, or a
        // non-ASCII letter next to a letter; only the words holding one are looked at.
        let mut last = usize::MAX;
        for_each_step(bytes, |i| {
            let t = seek(tokens, if last == usize::MAX { 0 } else { last }, i);
            if t == last || t >= tokens.len() {
                return;
            }
            last = t;
            let tok = tokens[t];
            if tok.kind == TokenKind::Word && (tok.span.start as usize) < i {
                if let Some(c) = camel_candidate(tokens, t, text) {
                    candidates.push((c, true));
                }
            }
        });
        // Missing sentence spaces: sentence punctuation with no whitespace on either side.
        let mut t = 0;
        for p in memchr::memchr3_iter(b'.', b'!', b'?', bytes) {
            let glued = |b: Option<&u8>| b.is_some_and(|b| !b.is_ascii_whitespace());
            if p == 0 || !glued(bytes.get(p - 1)) || !glued(bytes.get(p + 1)) {
                continue;
            }
            t = seek(tokens, t, p);
            if tokens
                .get(t)
                .is_some_and(|tok| tok.span.start as usize == p)
            {
                if let Some(c) = gap_candidate(tokens, t, text) {
                    candidates.push((c, false));
                }
            }
        }
        if candidates.is_empty() {
            return;
        }
        let code = doc.code_ranges();
        let technical = looks_technical(text);
        for (mut c, camel) in candidates {
            let at = c.span.start as usize;
            if code.in_fence(at) {
                continue;
            }
            if technical {
                // Identifiers: only the confident glued words stay, at half confidence;
                // `module.Class` references ("net.Socket") go.
                let left_lower = text[at..].starts_with(char::is_lowercase);
                if c.confidence < 0.9 || (!camel && left_lower) {
                    continue;
                }
                c.confidence *= 0.5;
            }
            cx.report(c.span, c.message)
                .confidence(c.confidence)
                .fix(c.fix, c.applicability);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        let d = parse().unwrap();
        assert!(d.common.len() > 200);
        assert!(d.common.keys().all(|w| *w == w.to_lowercase()));
        assert!(d.prefixes.iter().all(|w| *w == w.to_lowercase()));
        assert!(d
            .tlds
            .keys()
            .all(|w| *w == w.to_lowercase() && w.len() <= 16));
        assert!(d.tokens.iter().all(|w| camel_step(w).is_some()));
        assert_eq!(
            COMMON.rows().count(),
            d.common.len(),
            "duplicate common words"
        );
    }

    #[test]
    fn fixes_insert_one_space_and_converge() {
        let linter = crate::Linter::new()
            .select(&["run-together-words"])
            .unwrap()
            .with_language("en");
        for (text, fixed) in [
            (
                "He warned thatIf talks fail.",
                "He warned that if talks fail.",
            ),
            ("He saidThe talks fail.", "He said the talks fail."),
            ("He saidThe Hague agreed.", "He said The Hague agreed."),
            ("He met withKyiv officials.", "He met with Kyiv officials."),
            (
                "They came to Paris.It is late.",
                "They came to Paris. It is late.",
            ),
            (
                "It was “unacceptable.”The end.",
                "It was “unacceptable.” The end.",
            ),
        ] {
            let report = linter.check(text).unwrap();
            assert_eq!(report.findings.len(), 1, "{text}");
            let f = &report.findings[0];
            let fix = f.fix.as_ref().unwrap();
            assert_eq!(fix.applicability, Applicability::Safe);
            let mut out = text.to_string();
            out.replace_range(f.span.range(), &fix.replacement);
            assert_eq!(out, fixed);
            assert!(linter.check(&out).unwrap().findings.is_empty(), "{out}");
        }
    }

    #[test]
    fn camel_steps() {
        assert_eq!(camel_step("thatIf"), Some((4, 1)));
        assert_eq!(camel_step("getElementById"), Some((3, 3)));
        assert_eq!(camel_step("saidКиев"), Some((4, 1)));
        assert_eq!(camel_step("сказалКиев"), Some(("сказал".len(), 1)));
        assert_eq!(camel_step("Paris"), None);
        assert_eq!(camel_step("v2Beta"), None);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("that"), Shape::Lower);
        assert_eq!(shape("Kyiv"), Shape::Capitalized);
        assert_eq!(shape("Rubio’s"), Shape::Capitalized);
        assert_eq!(shape("NATO"), Shape::Upper);
        assert_eq!(shape("I"), Shape::Single);
        assert_eq!(shape("McCarthy"), Shape::Other);
        assert_eq!(shape(""), Shape::Other);
    }

    #[test]
    fn step_scan_matches_the_pairwise_definition() {
        let texts = [
            "thatIf saidKyiv Paris.It",
            "",
            "A",
            "aB",
            "ZÜRICH zürichStraße ÉtéAété é日本語Ab",
            "lowercase only, no capitals anywhere in this text at all.",
            "xYxYxYxYxYxYxYxYxYxYx[Z`z@A{a",
        ];
        for text in texts {
            let bytes = text.as_bytes();
            let want: Vec<usize> = (1..bytes.len())
                .filter(|&i| STEP_AFTER[bytes[i] as usize] & CLASS[bytes[i - 1] as usize] != 0)
                .collect();
            let mut got = Vec::new();
            for_each_step(bytes, |i| got.push(i));
            assert_eq!(got, want, "{text:?}");
        }
        // Every byte pair, at every offset within a chunk.
        let all: Vec<u8> = (0..=255u8).flat_map(|a| [a, b'a', a, b'Q']).collect();
        let want: Vec<usize> = (1..all.len())
            .filter(|&i| STEP_AFTER[all[i] as usize] & CLASS[all[i - 1] as usize] != 0)
            .collect();
        let mut got = Vec::new();
        for_each_step(&all, |i| got.push(i));
        assert_eq!(got, want);
    }
}
