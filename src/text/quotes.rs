//! Quote marks: where they are, which are apostrophes, and how openers pair with closers.
//!
//! One pass over the bytes finds every quote-like character: straight `"` `'`, curly `“ ” ‘ ’`,
//! low-9 `„ ‚`, the backtick, and the look-alikes (primes, ditto marks, fullwidth and Hebrew
//! marks). Characters inside URLs and code ([`code::excluded_ranges`]) are skipped. Marks that
//! touch form a *run* (`,’'` is one run of two); what stands before and after a run (space,
//! letter, punctuation) says whether it opens, closes, or sits inside a word, as in CommonMark's
//! flanking rules.
//! A single mark inside a word (`don't`), after a digit (`5'10`) or before an elided word
//! (`'90s`, `'em`, `rock 'n' roll`) is an apostrophe or a prime, not a quote.
//!
//! A second pass per paragraph pairs openers with closers, double and single quotes
//! separately, and records the pairs whose ends do not match ([`Mismatch`]). An opener left
//! open at the end of a paragraph is not an error: a quotation running over several paragraphs
//! leaves each paragraph open and reopens the next. A second opener while one is open replaces
//! it for the same reason (datasets often join paragraphs into one line).
//!
//! The three quote rules read this one analysis ([`Document::quotes`](crate::Document::quotes),
//! computed once per document); it is built only for texts with a non-ASCII
//! byte, since a pure ASCII text has one quote style and no look-alikes.

use crate::span::Span;
use crate::text::chars::{char_at, char_before};
use crate::text::code;
use crate::text::swar::{self, has_byte};

/// Double (`"` `“ ”`) or single (`'` `‘ ’`) quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Double,
    Single,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `"` and `'`.
    Straight,
    /// `“ ” ‘ ’` and the low-9 `„ ‚`.
    Curly,
    /// `` ` ``, an ASCII-era opening single quote (`` `word' ``).
    Backtick,
    /// A character that only looks like a quote: `″ ‶ ˮ ״ ＂ 〃 ‴ ′ ‵ ´ ＇`.
    Lookalike,
}

/// What stands around a run of marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flank {
    /// Space or an opening bracket before, text after: an opener.
    Left,
    /// Text before, space or punctuation after: a closer.
    Right,
    /// Space (or punctuation) on both sides.
    Isolated,
    /// Text on both sides: inside a word, or glued between sentences.
    Inner,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Open,
    Close,
    /// Inside a word, an elision or a possessive: not a quote.
    Apostrophe,
    /// A prime after a digit: feet and inches, minutes and seconds.
    Measure,
    /// Could not be placed.
    Unknown,
}

#[derive(Clone, Copy, Debug)]
pub struct Mark {
    pub start: u32,
    pub ch: char,
    pub kind: Kind,
    pub style: Style,
    pub flank: Flank,
    /// Set by the scan from the flanking, then settled by the pairing.
    pub role: Role,
    /// Number of the paragraph (line) holding the mark.
    pub para: u32,
    /// Part of a [`Mismatch`].
    pub in_mismatch: bool,
}

impl Mark {
    #[inline]
    pub fn end(&self) -> usize {
        self.start as usize + self.ch.len_utf8()
    }

    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end())
    }
}

/// How a quotation's closer fails to match its opener.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MismatchKind {
    /// Same kind, other style: `“...\"`, `‘...'`, `"...”`.
    Style,
    /// A single quote closes a double one or the reverse: `“...'`, `‘..."`.
    Kind,
    /// Two single closers of different styles standing for a double one (`’'`), or a closer
    /// right after another of the same kind and another style (`’'` after a closed `‘`).
    MixedClosers,
}

#[derive(Clone, Copy, Debug)]
pub struct Mismatch {
    pub kind: MismatchKind,
    /// The offending closer: one mark, or two for a composite `’'`.
    pub span: Span,
    /// The opener it was paired with, if any.
    pub opener: Option<(Span, char)>,
    /// What the closer should be to match the opener.
    pub fix: Option<&'static str>,
}

/// The quote marks of a text and the mismatched pairs among them.
#[derive(Debug, Default)]
pub struct Quotes {
    pub marks: Vec<Mark>,
    pub mismatches: Vec<Mismatch>,
}

/// The quote-like characters, with their kind and style.
#[inline]
pub fn classify(c: char) -> Option<(Kind, Style)> {
    use Kind::*;
    use Style::*;
    Some(match c {
        '"' => (Double, Straight),
        '\'' => (Single, Straight),
        '`' => (Single, Backtick),
        '“' | '”' | '„' | '‟' => (Double, Curly),
        '‘' | '’' | '‚' | '‛' => (Single, Curly),
        '″' | '‶' | 'ˮ' | '״' | '＂' | '〃' | '‴' => (Double, Lookalike),
        '′' | '‵' | '´' | '＇' => (Single, Lookalike),
        _ => return None,
    })
}

/// The look-alike characters.
pub const LOOKALIKES: &[char] = &['″', '‶', 'ˮ', '״', '＂', '〃', '‴', '′', '‵', '´', '＇'];

/// True when `text` holds a look-alike character (a fast pre-check for the rule on them).
pub fn has_lookalike(text: &str) -> bool {
    let bytes = text.as_bytes();
    let is_lookalike = |i: usize| {
        text.get(i..)
            .and_then(|t| t.chars().next())
            .is_some_and(|c| LOOKALIKES.contains(&c))
    };
    memchr::memchr3_iter(0xC2, 0xCB, 0xD7, bytes).any(is_lookalike)
        || memchr::memchr3_iter(0xE2, 0xE3, 0xEF, bytes).any(is_lookalike)
}

/// Bytes that may start a quote-like character, or end a paragraph.
static INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[b'`' as usize] = true;
    t[b'\n' as usize] = true;
    t[0xC2] = true; // ´ U+00B4
    t[0xCB] = true; // ˮ U+02EE
    t[0xD7] = true; // ״ U+05F4
    t[0xE2] = true; // U+2000..U+2FFF: curly quotes, primes
    t[0xE3] = true; // 〃 U+3003
    t[0xEF] = true; // ＂ ＇ U+FF02 U+FF07
    t
};

/// False only for eight bytes that are ASCII and hold no quote, backtick or line break.
#[inline]
fn chunk_may_hold_mark(x: u64) -> bool {
    x & swar::HIGH != 0
        || has_byte(x, b'"')
        || has_byte(x, b'\'')
        || has_byte(x, b'`')
        || has_byte(x, b'\n')
}

/// Words that follow an eliding apostrophe: `'em`, `'til`, `'n'` (lowercase).
const ELISIONS: &[&str] = &[
    "em", "til", "tis", "twas", "twere", "n", "cause", "cos", "cuz", "bout", "nuff", "cept", "kay",
    "ere", "neath", "round",
];

/// True when an eliding apostrophe at `at` (the byte after the mark) starts `'90s`, `'08`,
/// `'em`, `'til`, `'n'`.
fn starts_elision(text: &str, at: usize) -> bool {
    let rest = &text.as_bytes()[at.min(text.len())..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 {
        // Exactly two digits, an optional `s`, then no more letters or digits.
        if digits != 2 {
            return false;
        }
        let mut i = 2;
        if rest.get(i) == Some(&b's') {
            i += 1;
        }
        return rest.get(i).is_none_or(|b| !b.is_ascii_alphanumeric());
    }
    let letters = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 5 {
        return false;
    }
    // The word must end there (not continue with a non-ASCII letter).
    if text[at + letters..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return false;
    }
    let word = &rest[..letters];
    ELISIONS
        .iter()
        .any(|e| e.as_bytes().eq_ignore_ascii_case(word))
}

/// Before a mark, these let it open: start of text, space, opening brackets and dashes.
#[inline]
fn opens_after(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '[' | '{' | '<' | '—' | '–' | '-' | '/' | '«' | '‹' | '¿' | '¡'
                )
        }
    }
}

/// After a mark, these let it close: end of text, space, closing punctuation and dashes.
#[inline]
fn closes_before(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '>'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '…'
                        | '»'
                        | '›'
                )
        }
    }
}

/// Finds and classifies the quote marks of `text`, and pairs them. Linear time.
pub fn analyze(text: &str) -> Quotes {
    analyze_outside(text, &code::excluded_ranges(text))
}

/// [`analyze`], leaving out the marks inside `excluded` (the text's URLs and code, sorted:
/// [`CodeRanges::excluded`](crate::text::code::CodeRanges::excluded)).
pub fn analyze_outside(text: &str, excluded: &[(usize, usize)]) -> Quotes {
    let mut marks = scan(text, excluded);
    let mismatches = pair(text, &mut marks);
    Quotes { marks, mismatches }
}

/// Finds the marks and sets their flank and first role.
fn scan(text: &str, excluded: &[(usize, usize)]) -> Vec<Mark> {
    let bytes = text.as_bytes();
    let mut ex = 0usize;
    let mut marks: Vec<Mark> = Vec::new();
    let mut para = 0u32;
    let mut i = 0usize;
    while i < bytes.len() {
        // Skip eight plain ASCII bytes at a time.
        if let Some(x) = swar::load(bytes, i) {
            if !chunk_may_hold_mark(x) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if !INTERESTING[b as usize] {
            i += 1;
            continue;
        }
        if b == b'\n' {
            para += 1;
            i += 1;
            continue;
        }
        let c = if b < 0x80 {
            b as char
        } else {
            match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        let len = c.len_utf8();
        if let Some((kind, style)) = classify(c) {
            while ex < excluded.len() && excluded[ex].1 <= i {
                ex += 1;
            }
            let skip = ex < excluded.len() && excluded[ex].0 <= i;
            if !skip {
                marks.push(Mark {
                    start: i as u32,
                    ch: c,
                    kind,
                    style,
                    flank: Flank::Inner,
                    role: Role::Unknown,
                    para,
                    in_mismatch: false,
                });
            }
        }
        i += len;
    }

    // Runs of touching marks share their flanking.
    let mut r = 0;
    while r < marks.len() {
        let mut e = r + 1;
        while e < marks.len() && marks[e].start as usize == marks[e - 1].end() {
            e += 1;
        }
        let before = char_before(text, marks[r].start as usize);
        let after = char_at(text, marks[e - 1].end());
        let flank = match (opens_after(before), closes_before(after)) {
            (true, false) => Flank::Left,
            (false, true) => Flank::Right,
            (true, true) => Flank::Isolated,
            (false, false) => Flank::Inner,
        };
        let run_len = e - r;
        for (n, m) in marks[r..e].iter_mut().enumerate() {
            m.flank = flank;
            m.role = first_role(text, m, flank, run_len, n + 1 == run_len, before, after);
        }
        r = e;
    }
    marks
}

/// The role a mark's flanking gives it; `last` is the mark of its run next to the text after.
fn first_role(
    text: &str,
    m: &Mark,
    flank: Flank,
    run_len: usize,
    last: bool,
    before: Option<char>,
    after: Option<char>,
) -> Role {
    let by_identity = || match m.ch {
        '“' | '„' | '‟' | '‘' | '‚' | '‛' | '‶' | '‵' => Role::Open,
        '”' | '’' | '″' | '′' => Role::Close,
        _ => Role::Unknown,
    };
    match (m.kind, flank) {
        (Kind::Single, Flank::Inner) if run_len == 1 => {
            let (b, a) = (before.unwrap_or(' '), after.unwrap_or(' '));
            if b.is_numeric() && a.is_numeric() {
                Role::Measure
            } else if b.is_alphanumeric() && a.is_alphanumeric() {
                Role::Apostrophe
            } else {
                by_identity()
            }
        }
        // The mark touching the word may be an elision: `'90s`, `“’em`.
        (Kind::Single, Flank::Left) if last => {
            if starts_elision(text, m.end()) {
                Role::Apostrophe
            } else {
                Role::Open
            }
        }
        (_, Flank::Left) => Role::Open,
        (_, Flank::Right) => Role::Close,
        _ => by_identity(),
    }
}

/// The closer of `opener`'s kind in its style: `“` → `”`.
fn closer_for(opener: char, kind: Kind) -> &'static str {
    match (opener, kind) {
        ('"', Kind::Double) | ('\'', Kind::Double) | ('`', Kind::Double) => "\"",
        ('"', Kind::Single) | ('\'', Kind::Single) | ('`', Kind::Single) => "'",
        (_, Kind::Double) => "”",
        (_, Kind::Single) => "’",
    }
}

/// Straight against curly; a backtick opener goes with any closer.
fn clash(open: Style, close: Style) -> bool {
    matches!(
        (open, close),
        (Style::Straight, Style::Curly) | (Style::Curly, Style::Straight)
    )
}

/// An opener being tracked: its mark index (or two for a composite `''`) and style.
#[derive(Clone, Copy)]
struct Open {
    first: usize,
    last: usize,
    style: Style,
}

/// A stray closer of the other kind, reported unless the open quote closes properly later.
#[derive(Clone, Copy)]
struct Pending {
    closer: usize,
    opener: Open,
    opener_kind: Kind,
}

/// Kind mismatches are reported only with a curly mark on one side: among straight marks a
/// `'..."` pair is a plain typo, as common in edited human text as anywhere.
fn involves_curly(marks: &[Mark], p: Pending) -> bool {
    marks[p.opener.first].style == Style::Curly || marks[p.closer].style == Style::Curly
}

struct Pairing<'t> {
    text: &'t str,
    dbl: Option<Open>,
    sgl: Option<Open>,
    /// A single closer while a double quote is open (`“...done,' he said`).
    pending_in_dbl: Option<Pending>,
    /// A double closer while a single quote is open (`‘...done," he said`).
    pending_in_sgl: Option<Pending>,
    out: Vec<Mismatch>,
}

impl Pairing<'_> {
    fn opener_info(&self, marks: &[Mark], o: Open) -> (Span, char) {
        (
            marks[o.first].span().cover(marks[o.last].span()),
            marks[o.first].ch,
        )
    }

    fn report(
        &mut self,
        marks: &mut [Mark],
        kind: MismatchKind,
        closer: (usize, usize),
        opener: Option<Open>,
        fix: Option<&'static str>,
    ) {
        for m in &mut marks[closer.0..=closer.1] {
            m.in_mismatch = true;
        }
        let span = marks[closer.0].span().cover(marks[closer.1].span());
        self.out.push(Mismatch {
            kind,
            span,
            opener: opener.map(|o| self.opener_info(marks, o)),
            fix,
        });
    }

    /// Reports a pending mixed-kind closer (taken from `pending_in_dbl` or `pending_in_sgl`)
    /// when a curly mark is involved.
    fn flush_pending(&mut self, marks: &mut [Mark], pending: Option<Pending>) {
        if let Some(p) = pending {
            if !involves_curly(marks, p) {
                return;
            }
            let fix = closer_for(marks[p.opener.first].ch, p.opener_kind);
            self.report(
                marks,
                MismatchKind::Kind,
                (p.closer, p.closer),
                Some(p.opener),
                Some(fix),
            );
        }
    }

    fn end_paragraph(&mut self, marks: &mut [Mark]) {
        let p = self.pending_in_dbl.take();
        self.flush_pending(marks, p);
        let p = self.pending_in_sgl.take();
        self.flush_pending(marks, p);
        self.dbl = None;
        self.sgl = None;
    }

    fn open_double(&mut self, marks: &mut [Mark], o: Open) {
        let p = self.pending_in_dbl.take();
        self.flush_pending(marks, p);
        self.dbl = Some(o);
    }

    fn open_single(&mut self, marks: &mut [Mark], o: Open) {
        let p = self.pending_in_sgl.take();
        self.flush_pending(marks, p);
        self.sgl = Some(o);
    }

    /// A double closer (one mark, or two singles `''` standing for one) with `style`.
    fn close_double(
        &mut self,
        marks: &mut [Mark],
        first: usize,
        last: usize,
        style: Option<Style>,
    ) {
        match self.dbl.take() {
            Some(o) => {
                self.pending_in_dbl = None;
                self.sgl = None;
                match style {
                    // Two singles of different styles: always wrong.
                    None => {
                        let fix = if o.style == Style::Backtick {
                            None
                        } else {
                            Some(closer_for(marks[o.first].ch, Kind::Double))
                        };
                        self.report(
                            marks,
                            MismatchKind::MixedClosers,
                            (first, last),
                            Some(o),
                            fix,
                        );
                    }
                    Some(s) if clash(o.style, s) => {
                        let fix = closer_for(marks[o.first].ch, Kind::Double);
                        self.report(
                            marks,
                            MismatchKind::Style,
                            (first, last),
                            Some(o),
                            Some(fix),
                        );
                    }
                    Some(_) => {
                        for m in &mut marks[first..=last] {
                            m.role = Role::Close;
                        }
                    }
                }
            }
            None => {
                if style.is_none() {
                    self.report(marks, MismatchKind::MixedClosers, (first, last), None, None);
                    return;
                }
                let before = char_before(self.text, marks[first].start as usize);
                if first == last && before.is_some_and(char::is_numeric) {
                    marks[first].role = Role::Measure;
                } else if let (Some(o), true) = (self.sgl, first == last) {
                    if self.pending_in_sgl.is_none() {
                        self.pending_in_sgl = Some(Pending {
                            closer: first,
                            opener: o,
                            opener_kind: Kind::Single,
                        });
                    }
                } else {
                    for m in &mut marks[first..=last] {
                        m.role = Role::Unknown;
                    }
                }
            }
        }
    }

    /// A single closer at `k` (or an apostrophe).
    fn close_single(&mut self, marks: &mut [Mark], k: usize, run_len: usize) {
        let text = self.text;
        let m = marks[k];
        let before = char_before(text, m.start as usize);
        match self.sgl {
            Some(o) => {
                // `‘The players’ union is strong’`: a plural possessive inside a quotation
                // (of more than one word: `'Sonogenetics' allows` closes).
                let after = &text.as_bytes()[m.end()..];
                let quoted = &text.as_bytes()[marks[o.last].end()..m.start as usize];
                let possessive = run_len == 1
                    && quoted.contains(&b' ')
                    && matches!(before, Some('s' | 'S'))
                    && after.first() == Some(&b' ')
                    && after.get(1).is_some_and(|b| b.is_ascii_lowercase());
                if possessive {
                    marks[k].role = Role::Apostrophe;
                    return;
                }
                self.sgl = None;
                self.pending_in_sgl = None;
                if clash(o.style, m.style) {
                    let fix = closer_for(marks[o.first].ch, Kind::Single);
                    self.report(marks, MismatchKind::Style, (k, k), Some(o), Some(fix));
                } else {
                    marks[k].role = Role::Close;
                }
            }
            None => match before {
                Some(c) if c.is_alphabetic() => marks[k].role = Role::Apostrophe,
                Some(c) if c.is_numeric() => marks[k].role = Role::Measure,
                Some('.' | ',' | '!' | '?' | ';' | ':' | '…') => {
                    marks[k].role = Role::Unknown;
                    if let Some(o) = self.dbl {
                        if self.pending_in_dbl.is_none() {
                            self.pending_in_dbl = Some(Pending {
                                closer: k,
                                opener: o,
                                opener_kind: Kind::Double,
                            });
                        }
                    }
                }
                _ => marks[k].role = Role::Unknown,
            },
        }
    }
}

/// Pairs openers with closers paragraph by paragraph; settles roles; returns the mismatches.
fn pair(text: &str, marks: &mut [Mark]) -> Vec<Mismatch> {
    let mut p = Pairing {
        text,
        dbl: None,
        sgl: None,
        pending_in_dbl: None,
        pending_in_sgl: None,
        out: Vec::new(),
    };
    let mut para = u32::MAX;
    let mut r = 0;
    while r < marks.len() {
        if marks[r].para != para {
            p.end_paragraph(marks);
            para = marks[r].para;
        }
        let mut e = r + 1;
        while e < marks.len() && marks[e].start as usize == marks[e - 1].end() {
            e += 1;
        }
        pair_run(&mut p, marks, r, e);
        r = e;
    }
    p.end_paragraph(marks);
    p.out
}

/// Pairs the marks of one run `marks[r..e]`.
fn pair_run(p: &mut Pairing<'_>, marks: &mut [Mark], r: usize, e: usize) {
    let run_len = e - r;
    let mut k = r;
    while k < e {
        let m = marks[k];
        if m.style == Style::Lookalike {
            k += 1;
            continue;
        }
        let next = (k + 1 < e).then(|| marks[k + 1]);
        // Two singles standing for a double quote: `''`, `‘‘`, ``` `` ```, or `’'`.
        let composite = m.kind == Kind::Single
            && next.is_some_and(|n| n.kind == Kind::Single && n.style != Style::Lookalike)
            && matches!(m.role, Role::Open | Role::Close)
            && next.is_some_and(|n| n.role == m.role);
        if composite {
            let n = next.expect("checked");
            let style = (m.style == n.style).then_some(m.style);
            if m.role == Role::Open {
                p.open_double(
                    marks,
                    Open {
                        first: k,
                        last: k + 1,
                        style: style.unwrap_or(Style::Curly),
                    },
                );
                k += 2;
                continue;
            }
            if p.sgl.is_none() {
                p.close_double(marks, k, k + 1, style);
                k += 2;
                continue;
            }
            // A single quote is open: the first closes it, the second is stray.
            p.close_single(marks, k, run_len);
            if m.style != n.style && !marks[k].in_mismatch {
                p.report(
                    marks,
                    MismatchKind::MixedClosers,
                    (k + 1, k + 1),
                    None,
                    Some(""),
                );
            } else {
                marks[k + 1].role = Role::Unknown;
            }
            k += 2;
            continue;
        }
        match (m.kind, m.role) {
            (Kind::Double, Role::Open) => p.open_double(
                marks,
                Open {
                    first: k,
                    last: k,
                    style: m.style,
                },
            ),
            (Kind::Double, Role::Close) => p.close_double(marks, k, k, Some(m.style)),
            // A straight `"` with no telling flank: it toggles.
            (Kind::Double, _) if m.style == Style::Straight => {
                if p.dbl.is_some() {
                    p.close_double(marks, k, k, Some(m.style));
                } else {
                    marks[k].role = Role::Open;
                    p.open_double(
                        marks,
                        Open {
                            first: k,
                            last: k,
                            style: m.style,
                        },
                    );
                }
            }
            (Kind::Single, Role::Open) => p.open_single(
                marks,
                Open {
                    first: k,
                    last: k,
                    style: m.style,
                },
            ),
            (Kind::Single, Role::Close) => p.close_single(marks, k, run_len),
            (Kind::Single, Role::Unknown) if m.flank == Flank::Isolated && p.sgl.is_some() => {
                p.close_single(marks, k, run_len)
            }
            _ => {}
        }
        // Two closers of the same kind and different styles in a row: `”"`.
        if let Some(n) = next {
            if m.kind == Kind::Double
                && n.kind == Kind::Double
                && m.role == Role::Close
                && n.role == Role::Close
                && n.style != Style::Lookalike
                && clash(m.style, n.style)
                && !marks[k].in_mismatch
            {
                p.report(
                    marks,
                    MismatchKind::MixedClosers,
                    (k + 1, k + 1),
                    None,
                    Some(""),
                );
                k += 2;
                continue;
            }
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(char, Role)> {
        analyze(text).marks.iter().map(|m| (m.ch, m.role)).collect()
    }

    fn mismatches(text: &str) -> Vec<&str> {
        analyze(text)
            .mismatches
            .iter()
            .map(|m| m.span.slice(text))
            .collect()
    }

    #[test]
    fn apostrophes_elisions_and_primes() {
        use Role::*;
        assert_eq!(
            roles("don’t the ’90s ’em rock ’n’ roll dogs’ 5'10 x"),
            vec![
                ('’', Apostrophe),
                ('’', Apostrophe),
                ('’', Apostrophe),
                ('’', Apostrophe),
                ('’', Apostrophe),
                ('’', Apostrophe),
                ('\'', Measure)
            ]
        );
    }

    #[test]
    fn pairs_and_mismatches() {
        assert!(mismatches("“Fine,” he said. ‘Yes,’ she said.").is_empty());
        assert_eq!(mismatches("“We have a deal,’' and"), vec!["’'"]);
        assert_eq!(mismatches("said, ‘We’re done.'”"), vec!["'"]);
        assert_eq!(mismatches("the \"major risk” with"), vec!["”"]);
        assert_eq!(mismatches("“We are done,' he said."), vec!["'"]);
        assert!(mismatches("“Part one.\n“Part two.”").is_empty());
        assert!(mismatches("`Wiesn' is known as `Italian Weekend' here, she’s sure").is_empty());
    }

    #[test]
    fn urls_and_code_are_skipped() {
        let q = analyze("see https://x.org/a'b and `f(\"x\")` “ok”");
        assert_eq!(q.marks.len(), 2);
    }

    #[test]
    fn never_panics_on_any_short_mix() {
        // Every string of up to four characters over quotes, look-alikes, letters, digits,
        // spaces and line breaks, through the analysis and the three rules.
        let alphabet = [
            '"', '\'', '’', '‘', '“', '”', '′', '″', '´', '`', 'a', 's', '1', ' ', '\n', '.',
        ];
        let linter = crate::Linter::new()
            .select(&["MT201", "MT202", "MT203"])
            .unwrap()
            .with_language("en");
        let mut s = String::new();
        let n = alphabet.len();
        for len in 1..=4u32 {
            for mut code in 0..n.pow(len) {
                s.clear();
                for _ in 0..len {
                    s.push(alphabet[code % n]);
                    code /= n;
                }
                let q = analyze(&s);
                for m in &q.mismatches {
                    assert!(s.is_char_boundary(m.span.start as usize));
                    assert!(s.is_char_boundary(m.span.end as usize));
                }
                for f in linter.check(&s).unwrap().findings {
                    assert!(
                        f.span.end as usize <= s.len() && !f.span.is_empty(),
                        "{s:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn never_panics_on_edges() {
        for t in [
            "", "'", "\"", "’", "“", "''", "’'", "a'", "'a", "\n'\n", "`", "``", "′″", "é'", "'é",
        ] {
            let _ = analyze(t);
        }
    }
}
