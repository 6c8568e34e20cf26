use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::data::{data_file, DataError, DataFile};
use crate::text::exonyms;
use crate::text::hash::FnvMap;
use crate::text::tokenize::Token;
use crate::text::wordset::WordSet;

declare_rule! {
    /// ## What it finds
    ///
    /// One name spelled two ways in the same text: "Yulia Svyrydenko" and later "Sverrigenko",
    /// "President Zelensky" and "Mr. Zelenskyy", "Sergey" and "Sergei". The rule collects the
    /// capitalized words that are not at a sentence start (and those at a sentence start that
    /// also occur elsewhere), and pairs two spellings when
    ///
    /// - they are equal after a transliteration-aware normalization (y/i/j, w/v, ou/u, kh/h,
    ///   sch/sh, tch/ch, cz/ch, ph/f, c/q/k, ie/e, -iy/-yi/-yy/-y, double letters, accents), or
    /// - they start alike and differ by a small weighted edit distance (vowels and the
    ///   transliteration pairs g/h, k/g, d/t, b/p, s/z, f/v, sh/ch/zh cost half, two unrelated
    ///   consonants one and a half) relative to their length: at most one half-cost change
    ///   for 5-6 letters, 1 for 7-9, 2 from 10.
    ///
    /// It never pairs a word with its derivation (Paris/Parisian, Sweden/Swedish,
    /// Trump/Trumps, Ivanov/Ivanova), two different known names (Austria/Australia,
    /// Jon/John, Stephen/Steven: `src/data/names.en.tsv`), two first names followed by
    /// different surnames, or two surnames after different first names (different people).
    /// Nor does it pair a word that also occurs in lowercase in the text (a common word in
    /// an organization's name: "Southern Women" / "Southern Woman" next to "women"), and it
    /// skips title-case headlines. Place names with a legacy form (Kiev/Kyiv) are left to
    /// `legacy-transliteration`.
    ///
    /// Each occurrence of a minority spelling is reported, with the reference spelling as a
    /// display-only suggestion and its occurrences as related spans. The reference is the
    /// spelling with the most weight, where an occurrence after a first name ("Yulia
    /// Svyrydenko") weighs three and any other one: a full name is how a text introduces a
    /// person, and a translation engine renders a full name it knows as an entity while it
    /// transliterates a lone surname by sound, so the full-name spelling is the one to trust
    /// even when the lone surname comes back more often. When two spellings weigh the same
    /// ("President Zelensky" once, "Mr. Zelenskyy" once) there is no reference: every
    /// spelling is reported, with lower confidence, pointing at the others.
    ///
    /// ## Why it matters
    ///
    /// Machine translation renders names by sound, one sentence at a time, so the same person
    /// comes out spelled differently within one text. Human writers and editors keep one
    /// spelling. Spell checkers see each variant as a separate unknown word and cannot notice
    /// the inconsistency.
    ///
    /// ## Examples
    ///
    /// Flagged (the reported spellings in brackets):
    ///
    /// ```text
    /// Minister of Economy Yulia Svyrydenko said ... [Sverrigenko] wrote ... [Sverrigenko] said
    /// ... between Mr. Trump and President [Zelensky] ... Mr. [Zelenskyy]'s hometown (a tie)
    /// Sergey Lavrov met ... [Sergei] Lavrov said ... Sergey Lavrov added ...
    /// ```
    ///
    /// Not flagged: "Austria" and "Australia", "Iran" and "Iraq", "Paris" and "Parisian",
    /// "Trump" and "Trumps", "Jon Stewart" and "John Oliver", "Sweden" and "Swedish".
    ///
    /// ## Known false positives
    ///
    /// Two different people or places with near-identical names in one text that the list
    /// does not know ("Joseph" Gordon-Levitt and a character "Iosef"), a name quoted in two
    /// spellings on purpose (a source's spelling and the house style), and capitalized common
    /// words that happen to be close.
    ///
    /// Human writers misspell names too: on 389 native-English news articles, 8 (2.1 %) got a
    /// finding, and 7 of those were real inconsistencies of the human text (Giffords /
    /// Gifffords, Scarborough / Sarborough, Mallorca / Majorca, Paleontology /
    /// Palaeontology); one paired two different names. The rule is a translation tell for
    /// names transliterated from another script (Cyrillic, Chinese), less so for German
    /// sources, whose names pass through unchanged.
    pub struct NameVariants {
        code: "MT501",
        name: "name-variants",
        category: Translation,
        severity: Warning,
        summary: "The same name spelled two ways in one text (Svyrydenko / Sverrigenko).",
        languages: ["en"],
    }
}

const DATA: DataFile = data_file!("names.en.tsv");

#[derive(Debug)]
struct Lists {
    titles: WordSet,
    common: WordSet,
    distinct: WordSet,
}

fn parse(file: DataFile) -> Result<Lists, DataError> {
    let [titles, common, distinct] = file.word_lists(["title", "common", "distinct"])?;
    Ok(Lists {
        titles: WordSet::new(&titles),
        common: WordSet::new(&common),
        distinct: WordSet::new(&distinct),
    })
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| parse(DATA).expect("src/data/names.en.tsv is well-formed (tested)"))
}

impl Lists {
    /// Any ASCII case.
    fn is_title_or_common(&self, word: &str) -> bool {
        self.titles.contains(word) || self.common.contains(word)
    }
}

/// Shortest name (in characters) the rule looks at: shorter ones (Jon/John, Iran/Iraq) are
/// too often different names.
const MIN_CHARS: usize = 5;
/// Longest normalized key (longer names are not looked at).
const MAX_KEY: usize = 40;
/// At most this many related spans per finding.
const MAX_RELATED: usize = 5;
/// Each spelling is compared with at most this many others of its bucket.
const WINDOW: usize = 64;

/// A normalized name key: at most [`MAX_KEY`] bytes, kept inline (no allocation per name).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    len: u8,
    buf: [u8; MAX_KEY],
}

impl Key {
    const EMPTY: Key = Key {
        len: 0,
        buf: [0; MAX_KEY],
    };

    /// Appends a byte; false when full.
    fn push(&mut self, b: u8) -> bool {
        if usize::from(self.len) == MAX_KEY {
            return false;
        }
        self.buf[usize::from(self.len)] = b;
        self.len += 1;
        true
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    fn last(&self) -> Option<u8> {
        self.as_bytes().last().copied()
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..usize::from(self.len)]
    }

    /// The set of letters in the key, one bit each (the placeholders share bits with their
    /// first letters; that only makes the filter below looser).
    fn letters(&self) -> u32 {
        self.as_bytes().iter().fold(0, |m, &b| {
            m | 1 << (b.to_ascii_lowercase().wrapping_sub(b'a') & 31)
        })
    }
}

impl std::ops::Deref for Key {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self.as_bytes()))
    }
}

/// Folds one non-ASCII Latin letter to ASCII lowercase; false for other scripts or when full.
fn fold_letter(c: char, out: &mut Key) -> bool {
    match c {
        'ß' => out.push(b's') && out.push(b's'),
        'æ' | 'Æ' => out.push(b'a') && out.push(b'e'),
        'œ' | 'Œ' => out.push(b'o') && out.push(b'e'),
        'ø' | 'Ø' => out.push(b'o'),
        'ł' | 'Ł' => out.push(b'l'),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push(b'd'),
        'þ' | 'Þ' => out.push(b't') && out.push(b'h'),
        'ı' => out.push(b'i'),
        _ => {
            let mut base = None;
            for d in std::iter::once(c).nfd() {
                if d.is_ascii_alphabetic() && base.is_none() {
                    base = Some(d.to_ascii_lowercase() as u8);
                } else if !('\u{300}'..='\u{36f}').contains(&d) {
                    return false;
                }
            }
            base.is_some_and(|b| out.push(b))
        }
    }
}

/// The transliteration-aware key of a name: ASCII lowercase, with spelling alternatives of
/// romanized names folded together. `sh`, `ch` and `zh` become the placeholders `S`, `C`, `Z`
/// so that the edit distance sees them as one sound. `None` for words outside the Latin script
/// and for names too long for a [`Key`].
fn normalize(word: &str) -> Option<Key> {
    let mut ascii = Key::EMPTY;
    for c in word.chars() {
        let ok = if c.is_ascii_alphabetic() {
            ascii.push(c.to_ascii_lowercase() as u8)
        } else {
            matches!(c, '\'' | '’' | '-') || fold_letter(c, &mut ascii)
        };
        if !ok {
            return None;
        }
    }
    let s = ascii.as_bytes();
    let mut key = Key::EMPTY;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        // The alternatives in order of precedence (the first that matches wins); a match on
        // the bytes lets the compiler test each byte once.
        let (out, used): (&[u8], usize) = match rest {
            [b's', b'h', b'c', b'h', ..] => (b"S", 4),
            [b't', b's', b'c', b'h', ..] => (b"C", 4),
            [b's', b'c', b'h', ..] => (b"S", 3),
            [b't', b'c', b'h', ..] => (b"C", 3),
            [b's', b'h' | b'z', ..] => (b"S", 2),
            [b'c', b'h' | b'z', ..] => (b"C", 2),
            [b'z', b'h', ..] => (b"Z", 2),
            [b'k', b'h', ..] => (b"h", 2),
            [b'p', b'h', ..] => (b"f", 2),
            [b'c', b'k', ..] => (b"k", 2),
            [b'o', b'u', ..] => (b"u", 2),
            [b'c' | b'q', ..] => (b"k", 1),
            [b'x', ..] => (b"ks", 1),
            [b'w', ..] => (b"v", 1),
            [b'y' | b'j', ..] => (b"i", 1),
            _ => (&rest[..1], 1),
        };
        i += used;
        // ie -> e (ye, ie, iye: Yevgeny/Evgeny, Alexeyev/Alekseev), then double letters
        // collapse (Yuliia/Yulia, Zelenskyy/Zelensky, Sweeden/Sweden).
        for &b in out {
            if b == b'e' && key.last() == Some(b'i') {
                key.pop();
            }
            if key.last() != Some(b) && !key.push(b) {
                return None;
            }
        }
    }
    Some(key)
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Substitutions that transliteration produces: they cost half.
fn is_close(a: u8, b: u8) -> bool {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    (is_vowel(a) && is_vowel(b))
        || matches!(
            (a, b),
            (b'g', b'h')
                | (b'g', b'k')
                | (b'd', b't')
                | (b'b', b'p')
                | (b's', b'z')
                | (b'f', b'v')
                | (b'C', b'S')
                | (b'S', b's')
                | (b'Z', b'z')
                | (b'S', b'Z')
        )
}

/// The cost of substituting `a` by `b`, in half units: 1 for a close pair (see [`is_close`]),
/// 3 for two unrelated consonants (Hamburg/Harburg: different names more often than
/// different spellings), 2 otherwise.
fn sub_cost(a: u8, b: u8) -> u16 {
    if a == b {
        0
    } else if is_close(a, b) {
        1
    } else if !is_vowel(a) && !is_vowel(b) {
        3
    } else {
        2
    }
}

/// Weighted edit distance in half units (substitutions by [`sub_cost`], insertions and
/// deletions 2), or `limit + 1` as soon as it is certain to exceed `limit`.
fn distance(a: &[u8], b: &[u8], limit: u16) -> u16 {
    debug_assert!(a.len() <= MAX_KEY && b.len() <= MAX_KEY);
    const FAR: u16 = u16::MAX / 2;
    // An insertion or deletion costs 2, so a path within `limit` stays within `band` of the
    // diagonal: only those cells are computed.
    let band = usize::from(limit / 2);
    if a.len().abs_diff(b.len()) > band {
        return limit + 1;
    }
    let mut prev = [FAR; MAX_KEY + 1];
    let mut cur = [FAR; MAX_KEY + 1];
    for (j, p) in prev.iter_mut().enumerate().take(b.len().min(band) + 1) {
        *p = 2 * j as u16;
    }
    for i in 1..=a.len() {
        let (lo, hi) = (i.saturating_sub(band).max(1), (i + band).min(b.len()));
        cur[lo - 1] = if lo == 1 && i <= band {
            2 * i as u16
        } else {
            FAR
        };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let sub = sub_cost(a[i - 1], b[j - 1]);
            cur[j] = (prev[j - 1] + sub).min(prev[j] + 2).min(cur[j - 1] + 2);
            row_min = row_min.min(cur[j]);
        }
        if hi < b.len() {
            cur[hi + 1] = FAR;
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(limit + 1)
}

/// The largest distance (half units) allowed between two keys, by the shorter one's length.
fn limit_for(len: usize) -> u16 {
    match len {
        0..=4 => 0,
        5..=6 => 1,
        7..=9 => 2,
        _ => 4,
    }
}

/// Endings that make a derived word (a plural, a demonym, a feminine form) rather than another
/// spelling, in normalized form (`S` is `sh`).
const DERIVATIONS: &[&[u8]] = &[
    b"", b"s", b"es", b"e", b"a", b"o", b"i", b"is", b"n", b"en", b"an", b"ian", b"ean", b"ans",
    b"ians", b"ns", b"ese", b"iS", b"ik", b"iks", b"al", b"ism", b"ist", b"ists", b"ite", b"ites",
    b"er", b"ers", b"ern", b"or", b"ors", b"ed", b"ing", b"ia", b"ov", b"ova", b"os", b"as", b"us",
    b"um",
];

/// True when the two keys differ only in derivational endings (the shared stem may give back
/// up to two letters: Geisingen/Geisinger is `-en`/`-er`).
fn is_derivation(a: &[u8], b: &[u8]) -> bool {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    (common.saturating_sub(2)..=common).any(|stem| {
        stem >= 4 && DERIVATIONS.contains(&&a[stem..]) && DERIVATIONS.contains(&&b[stem..])
    })
}

/// One occurrence of a candidate spelling.
#[derive(Debug)]
struct Occ<'t> {
    span: Span,
    /// The capitalized word right before it, if any.
    prev: Option<&'t str>,
    /// The capitalized word right after it, if any.
    next: Option<&'t str>,
}

#[derive(Debug)]
struct Form<'t> {
    surface: &'t str,
    /// Seen somewhere other than at a sentence start.
    mid: bool,
    /// Empty for spellings left out (only at sentence starts, titles, common words).
    key: Key,
    /// [`Key::letters`] of the key.
    letters: u32,
    /// Filled only for the spellings that have a similar one.
    occs: Vec<Occ<'t>>,
}

/// True when `w` starts with a capital and has a lowercase letter (so not an acronym).
fn is_capitalized(w: &str) -> bool {
    w.starts_with(char::is_uppercase) && w.chars().any(char::is_lowercase)
}

/// The word without a possessive `'s`.
fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

/// Tokens after which a word counts as starting a sentence (a quote, a colon).
fn opens(p: &str) -> bool {
    matches!(
        p,
        "\"" | "“" | "‘" | "'" | "(" | "[" | ":" | "—" | "–" | "«" | "„" | "‚"
    )
}

/// True when the sentence is a title-case headline: at least three words of four letters or
/// more, all capitalized ("Grindel Sees No Basis For Comeback").
fn is_title_case(tokens: &[Token], text: &str) -> bool {
    let mut long = 0usize;
    for t in tokens.iter().filter(|t| t.is_word()) {
        let w = t.text(text);
        if w.len() >= 4 && w.chars().nth(3).is_some() {
            if !w.starts_with(char::is_uppercase) {
                return false;
            }
            long += 1;
        }
    }
    long >= 3
}

/// A capitalized word token right before or after `i`, separated by whitespace only.
fn neighbour<'t>(tokens: &[Token], text: &'t str, i: usize, after: bool) -> Option<&'t str> {
    let (left, right) = if after {
        (i, i + 1)
    } else {
        (i.checked_sub(1)?, i)
    };
    let (l, r) = (tokens.get(left)?, tokens.get(right)?);
    if !l.is_word() || !r.is_word() || !r.space_before || r.line_start {
        return None;
    }
    let w = strip_possessive(tokens[if after { right } else { left }].text(text));
    is_capitalized(w).then_some(w)
}

/// A candidate word: capitalized, not an acronym, letters only, at least [`MIN_CHARS`] long.
/// Returns it without a possessive.
fn candidate(raw: &str) -> Option<&str> {
    let first = *raw.as_bytes().first()?;
    if first.is_ascii() && !first.is_ascii_uppercase() {
        return None;
    }
    let w = strip_possessive(raw);
    let ok = is_capitalized(w)
        && w.chars().take(MIN_CHARS).count() == MIN_CHARS
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’');
    ok.then_some(w)
}

/// True when the token may be a candidate (see [`candidate_token`]): a word of at least
/// [`MIN_CHARS`] bytes (a candidate has that many characters) that does not start with an
/// ASCII byte other than an uppercase letter (a candidate starts with a capital). Computed
/// without branches, as most tokens fail it at random.
fn may_be_candidate(t: &Token, text: &[u8]) -> bool {
    let first = text[t.span.start as usize];
    t.is_word() & (t.span.len() >= MIN_CHARS) & (first.is_ascii_uppercase() | !first.is_ascii())
}

/// The candidate word of a token that [`may_be_candidate`], as [`candidate`] finds it. A token
/// of ASCII letters and digits only ([`Token::ascii`]) has no possessive and one byte per
/// character, so it is a candidate exactly when its bytes are all letters and one is lowercase.
fn candidate_token(t: Token, text: &str) -> Option<&str> {
    if !t.ascii {
        return candidate(t.text(text));
    }
    let bytes = &text.as_bytes()[t.span.range()];
    let name =
        bytes.iter().all(u8::is_ascii_alphabetic) && bytes.iter().any(u8::is_ascii_lowercase);
    name.then(|| t.text(text))
}

/// The candidate spellings of a document, and where each occurs (form, token) in one list.
fn collect<'t>(doc: &Document<'t>) -> (Vec<Form<'t>>, Vec<(u32, u32)>) {
    let text = doc.text();
    let tokens = doc.tokens();
    // Roughly one token in ten is a candidate, one candidate in three a new spelling (the
    // index is given room for more, since growing it costs more than the spare room).
    let expected = tokens.len() / 10 + 4;
    let mut index: FnvMap<&'t str, u32> = FnvMap::default();
    index.reserve(expected / 2);
    let mut forms: Vec<Form<'t>> = Vec::with_capacity(expected / 3);
    let mut occurrences: Vec<(u32, u32)> = Vec::with_capacity(expected);
    // The tokens that may be candidates, by a branch-free compaction: one slot written per
    // token, the end moved on by the test.
    let mut maybe: Vec<u32> = vec![0; tokens.len() + 1];
    let mut end = 0;
    for (i, t) in tokens.iter().enumerate() {
        maybe[end] = i as u32;
        end += usize::from(may_be_candidate(t, text.as_bytes()));
    }
    maybe.truncate(end);
    let mut maybe = maybe.into_iter().peekable();
    for sentence in doc.sentences() {
        let range = sentence.tokens.clone();
        let toks = &tokens[range.clone()];
        // A word counts as at the sentence start when only opening marks come before it, so
        // only the sentence's first word can.
        let initial = toks
            .iter()
            .position(|t| t.is_word())
            .filter(|&first| toks[..first].iter().all(|t| opens(t.text(text))))
            .map(|first| range.start + first);
        // Whether the sentence is a title-case headline (skipped), asked at its first
        // candidate: a sentence without one adds nothing either way.
        let mut headline = None;
        while let Some(i) = maybe.next_if(|&i| (i as usize) < range.end) {
            let i = i as usize;
            if i < range.start {
                continue;
            }
            let Some(w) = candidate_token(tokens[i], text) else {
                continue;
            };
            if *headline.get_or_insert_with(|| is_title_case(toks, text)) {
                continue;
            }
            let idx = *index.entry(w).or_insert_with(|| {
                forms.push(Form {
                    surface: w,
                    mid: false,
                    key: Key::EMPTY,
                    letters: 0,
                    occs: Vec::new(),
                });
                forms.len() as u32 - 1
            });
            forms[idx as usize].mid |= initial != Some(i);
            occurrences.push((idx, i as u32));
        }
    }
    let lists = lists();
    let exonyms = exonyms::exonyms();
    for f in &mut forms {
        if f.mid && !lists.is_title_or_common(f.surface) && !exonyms.contains_word(f.surface) {
            if let Some(key) = normalize(f.surface).filter(|k| k.len() >= 4) {
                f.key = key;
                f.letters = key.letters();
            }
        }
    }
    (forms, occurrences)
}

/// A spelling with a key, as the comparison sees it: the forms sort by key (first byte, then
/// length, then bytes), and each is compared with the next ones of the same first byte and
/// similar length, most of them ruled out by their letter sets. Those fields sit here side by
/// side.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// The first key byte, the key length, then up to six more key bytes, from the top byte
    /// down: comparing two of these orders two keys as far as these bytes go.
    order: u64,
    /// [`Key::letters`] of the key.
    letters: u32,
    /// Index of the form.
    form: u32,
}

impl Slot {
    fn new(form: &Form<'_>, index: usize) -> Slot {
        let key = form.key.as_bytes();
        let mut order = u64::from(key[0]) << 56 | (key.len() as u64) << 48;
        for (n, &b) in key[1..].iter().take(6).enumerate() {
            order |= u64::from(b) << (40 - 8 * n);
        }
        Slot {
            order,
            letters: form.letters,
            form: index as u32,
        }
    }

    fn first(&self) -> u8 {
        (self.order >> 56) as u8
    }

    fn len(&self) -> usize {
        (self.order >> 48 & 0xff) as usize
    }
}

/// True when `w` can be a given name before a surname: not a title or a common word.
fn is_given_name(w: &str) -> bool {
    w.chars().nth(1).is_some() && !lists().is_title_or_common(w)
}

/// True when two names (of the neighbours) are the same or spelling variants.
fn same_name(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (normalize(a), normalize(b)) {
        (Some(x), Some(y)) => {
            x == y || {
                let limit = limit_for(x.len().min(y.len()));
                limit > 0 && x[0] == y[0] && distance(&x, &y, limit) <= limit
            }
        }
        _ => false,
    }
}

/// Given names seen before a form (titles and common words left out).
fn given_names<'a, 't>(f: &'a Form<'t>) -> impl Iterator<Item = &'t str> + 'a {
    f.occs
        .iter()
        .filter_map(|o| o.prev)
        .filter(|w| is_given_name(w))
}

/// True when the two spellings name different people: surnames after different first names,
/// or first names always followed by different surnames.
fn different_people(a: &Form<'_>, b: &Form<'_>) -> bool {
    let disjoint = |xs: Vec<&str>, ys: Vec<&str>| {
        !xs.is_empty() && !ys.is_empty() && !xs.iter().any(|x| ys.iter().any(|y| same_name(x, y)))
    };
    if disjoint(given_names(a).collect(), given_names(b).collect()) {
        return true;
    }
    let all_followed = |f: &Form<'_>| f.occs.iter().all(|o| o.next.is_some());
    all_followed(a)
        && all_followed(b)
        && disjoint(
            a.occs.iter().filter_map(|o| o.next).collect(),
            b.occs.iter().filter_map(|o| o.next).collect(),
        )
}

/// Lowercase comparison for any script.
fn same_lowercase(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The letter-set test: each half unit of distance changes at most two letters of the letter
/// sets, so keys whose sets differ in more than `2 · limit` letters are further apart than
/// `limit`, and most pairs are ruled out without computing the distance.
fn letters_within(a: u32, b: u32, limit: u16) -> bool {
    (a ^ b).count_ones() <= 2 * u32::from(limit)
}

/// True when the two spellings are alike enough to be one name.
fn is_similar(a: &Form<'_>, b: &Form<'_>) -> bool {
    let close = a.key == b.key || {
        let limit = limit_for(a.key.len().min(b.key.len()));
        limit > 0
            && letters_within(a.letters, b.letters, limit)
            && !is_derivation(&a.key, &b.key)
            && distance(&a.key, &b.key, limit) <= limit
    };
    let lists = lists();
    close
        && !same_lowercase(a.surface, b.surface)
        && !(lists.distinct.contains(a.surface) && lists.distinct.contains(b.surface))
}

/// Marks the forms that also occur in lowercase in the document: common words ("Women" in
/// "Association of Southern Women", "women" elsewhere), not names. One pass over the tokens.
fn mark_lowercase(doc: &Document<'_>, forms: &[Form<'_>], involved: &[bool]) -> Vec<bool> {
    let mut lower: FnvMap<String, usize> = FnvMap::default();
    for (i, f) in forms.iter().enumerate().filter(|(i, _)| involved[*i]) {
        lower.insert(f.surface.to_lowercase(), i);
    }
    let mut common = vec![false; forms.len()];
    let text = doc.text();
    for t in doc.tokens() {
        let w = t.text(text);
        if t.is_word() && w.len() >= MIN_CHARS && w.starts_with(char::is_lowercase) {
            if let Some(&i) = lower.get(w) {
                common[i] = true;
            }
        }
    }
    common
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The weight of a spelling: its occurrences, those after a first name counting three.
fn weight(f: &Form<'_>) -> usize {
    f.occs.len() + 2 * given_names(f).count()
}

impl Check for NameVariants {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let (mut forms, occurrences) = collect(doc);
        // Bucket by first key letter, then by key length: only keys that start alike and
        // differ in length by at most 2 are compared, each with at most WINDOW others (equal
        // keys sort next to each other), so a huge text stays near-linear.
        let mut slots: Vec<Slot> = (0..forms.len())
            .filter(|&i| !forms[i].key.is_empty())
            .map(|i| Slot::new(&forms[i], i))
            .collect();
        if slots.len() < 2 {
            return;
        }
        slots.sort_by(|x, y| {
            x.order.cmp(&y.order).then_with(|| {
                let (a, b) = (&forms[x.form as usize].key, &forms[y.form as usize].key);
                a.as_bytes().cmp(b.as_bytes())
            })
        });
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for (n, a) in slots.iter().enumerate() {
            for b in slots[n + 1..].iter().take(WINDOW) {
                if b.first() != a.first() || b.len() > a.len() + 2 {
                    break;
                }
                // The letter-set filter of `is_similar` on the slots, before touching the
                // forms (`a` is the shorter key). Equal keys have equal letter sets, so it
                // rejects no pair that `is_similar` accepts.
                if !letters_within(a.letters, b.letters, limit_for(a.len())) {
                    continue;
                }
                let (i, j) = (a.form as usize, b.form as usize);
                if is_similar(&forms[i], &forms[j]) {
                    pairs.push((i, j));
                }
            }
        }
        if pairs.is_empty() {
            return;
        }
        // Only now, for the spellings in a pair: their occurrences and neighbours.
        let mut involved = vec![false; forms.len()];
        for &(i, j) in &pairs {
            involved[i] = true;
            involved[j] = true;
        }
        let (text, tokens) = (doc.text(), doc.tokens());
        for &(f, t) in &occurrences {
            let (f, t) = (f as usize, t as usize);
            if involved[f] {
                let start = tokens[t].span.start as usize;
                let form = &mut forms[f];
                form.occs.push(Occ {
                    span: Span::new(start, start + form.surface.len()),
                    prev: neighbour(tokens, text, t, false),
                    next: neighbour(tokens, text, t, true),
                });
            }
        }
        let common = mark_lowercase(doc, &forms, &involved);
        let mut parent: Vec<usize> = (0..forms.len()).collect();
        let mut joined = vec![false; forms.len()];
        for (i, j) in pairs {
            if !common[i] && !common[j] && !different_people(&forms[i], &forms[j]) {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
                joined[i] = true;
                joined[j] = true;
            }
        }
        let mut clusters: FnvMap<usize, Vec<usize>> = FnvMap::default();
        for i in (0..forms.len()).filter(|&i| joined[i]) {
            let root = find(&mut parent, i);
            clusters.entry(root).or_default().push(i);
        }
        let mut clusters: Vec<Vec<usize>> = clusters.into_values().collect();
        clusters.sort_by_key(|c| forms[c[0]].occs[0].span.start);
        for cluster in clusters {
            report_cluster(&forms, &cluster, cx);
        }
    }
}

fn report_cluster(forms: &[Form<'_>], cluster: &[usize], cx: &mut Context<'_>) {
    let top = cluster
        .iter()
        .map(|&i| weight(&forms[i]))
        .max()
        .unwrap_or(0);
    let leaders: Vec<usize> = cluster
        .iter()
        .copied()
        .filter(|&i| weight(&forms[i]) == top)
        .collect();
    let tie = leaders.len() > 1;
    for &i in cluster {
        let f = &forms[i];
        if !tie && leaders[0] == i {
            continue;
        }
        // The spelling to suggest: the reference, or in a tie the first other leader.
        let Some(&r) = leaders.iter().find(|&&l| l != i) else {
            continue;
        };
        let reference = &forms[r];
        let full = given_names(reference)
            .next()
            .map(|g| format!(" ({g} {})", reference.surface))
            .unwrap_or_default();
        let message = if tie {
            format!(
                "`{}` and `{}`{full} look like one name spelled two ways, each used as often",
                f.surface, reference.surface
            )
        } else if reference.occs.len() >= f.occs.len() {
            format!(
                "`{}` looks like another spelling of `{}`{full}, the spelling this text \
                 mostly uses",
                f.surface, reference.surface
            )
        } else {
            format!(
                "`{}` looks like another spelling of `{}`, the spelling used with the full \
                 name{full}",
                f.surface, reference.surface
            )
        };
        let mut confidence = if f.key == reference.key { 0.9 } else { 0.7 };
        if tie {
            confidence *= 0.6;
        }
        for occ in &f.occs {
            let finding = cx.report(occ.span, message.clone());
            finding
                .confidence(confidence)
                .fix(reference.surface, Applicability::DisplayOnly);
            for o in reference.occs.iter().take(MAX_RELATED) {
                finding.related(o.span);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(w: &str) -> String {
        String::from_utf8(normalize(w).unwrap().to_vec()).unwrap()
    }

    #[test]
    fn data_file_parses() {
        let lists = parse(DATA).unwrap();
        assert!(lists.titles.contains("President"));
        assert!(lists.distinct.contains("Austria"));
    }

    #[test]
    fn normalization_folds_transliteration_variants() {
        for (a, b) in [
            ("Zelensky", "Zelenskyy"),
            ("Zelenskiy", "Zelenskyi"),
            ("Sergey", "Sergei"),
            ("Yuliia", "Yulia"),
            ("Sweden", "Sweeden"),
            ("Yevgeny", "Evgeniy"),
            ("Alexeyev", "Alekseev"),
            ("Schröder", "Shroder"),
            ("Khrushchev", "Khruschev"),
        ] {
            assert_eq!(key(a), key(b), "{a} / {b}");
        }
        assert!(normalize("Киев").is_none());
    }

    #[test]
    fn distance_weighs_transliteration_pairs_half() {
        let (a, b) = (key("Svyrydenko"), key("Sverrigenko"));
        assert_eq!(distance(a.as_bytes(), b.as_bytes(), 8), 4);
        let (a, b) = (key("Shmyhal"), key("Shmygal"));
        assert_eq!(distance(a.as_bytes(), b.as_bytes(), 8), 1);
        let (a, b) = (key("Austria"), key("Australia"));
        assert!(distance(a.as_bytes(), b.as_bytes(), 8) > limit_for(a.len()));
    }

    #[test]
    fn banded_distance_matches_full_dp() {
        fn full(a: &[u8], b: &[u8]) -> u16 {
            let mut d = vec![vec![0u16; b.len() + 1]; a.len() + 1];
            for (i, row) in d.iter_mut().enumerate() {
                row[0] = 2 * i as u16;
            }
            for (j, cell) in d[0].iter_mut().enumerate() {
                *cell = 2 * j as u16;
            }
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    d[i][j] = (d[i - 1][j - 1] + sub_cost(a[i - 1], b[j - 1]))
                        .min(d[i - 1][j] + 2)
                        .min(d[i][j - 1] + 2);
                }
            }
            d[a.len()][b.len()]
        }
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let alphabet = b"aeiosvkrdgnhCS";
        for _ in 0..20_000 {
            let (la, lb) = (4 + next() % 6, 4 + next() % 6);
            let a: Vec<u8> = (0..la).map(|_| alphabet[(next() % 14) as usize]).collect();
            let b: Vec<u8> = (0..lb).map(|_| alphabet[(next() % 14) as usize]).collect();
            for limit in [1, 2, 4] {
                let want = full(&a, &b).min(limit + 1);
                assert_eq!(distance(&a, &b, limit), want, "{a:?} {b:?} {limit}");
            }
        }
    }

    #[test]
    fn derivations_are_not_variants() {
        for (a, b) in [
            ("Paris", "Parisian"),
            ("Sweden", "Swedish"),
            ("Ukraine", "Ukrainian"),
            ("Trump", "Trumps"),
            ("Ivanov", "Ivanova"),
            ("Kowalski", "Kowalska"),
        ] {
            assert!(
                is_derivation(&normalize(a).unwrap(), &normalize(b).unwrap()),
                "{a} / {b}"
            );
        }
    }
}
