//! No panic on any input, and every span a rule reports is inside the text, on character
//! boundaries. Inputs: random strings from an alphabet of troublesome characters, and one
//! 50 MB line.

use mtlint::markup::{self, Kind};
use mtlint::{fix, Linter};

/// A small deterministic generator (no extra dependency; the sequence is fixed by the seed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

const ALPHABET: &[&str] = &[
    "a",
    "Z",
    "the",
    "If",
    "said",
    "Kyiv",
    ".",
    ",",
    "!",
    "?",
    "…",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "″",
    "‶",
    "ˮ",
    "′",
    "é",
    "e\u{301}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{202e}",
    "\u{fffd}",
    "Ã©",
    "â€™",
    "Р",
    "а",
    "Киев",
    "中文",
    "。",
    "，",
    "😀",
    "👩\u{200d}💻",
    "0",
    "3.5",
    "U.S.",
    "e.g.",
    "`",
    "-",
    "—",
    "Listen to this article",
    "Read more:",
    "Picture: Alamy",
    "date 2025-04-18",
    "an.",
    "a tremendous.",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "ǅ",
    "ß",
    "İ",
    "ﬁ",
];

/// Markup pieces mixed into the texts checked as Markdown and HTML.
const MARKUP: &[&str] = &[
    "<p>",
    "</p>",
    "<br>",
    "<b>",
    "</b>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "&amp;",
    "&",
    "&#x201D;",
    "&#0;",
    "&nbsp",
    "#",
    "# ",
    "* ",
    "- ",
    "```\n",
    "    ",
    "`",
    "[a](b)",
    "![",
    "](",
    "<http://x>",
    "---\n",
    "|",
    "|---|",
    "\\",
    "*",
    "_",
    ">",
];

fn check_spans(text: &str) {
    check_spans_as(text, Kind::Text);
}

fn check_spans_as(text: &str, kind: Kind) {
    let report = markup::check(&Linter::new(), text, kind).expect("under the size limit");
    assert!(report
        .score
        .mt
        .is_none_or(|mt| mt.is_finite() && (0.0..=1.0).contains(&mt)));
    for f in &report.findings {
        let (s, e) = (f.span.start as usize, f.span.end as usize);
        assert!(
            s <= e && e <= text.len(),
            "{}: span {s}..{e} out of {}",
            f.rule.code,
            text.len()
        );
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "{}: span not on char boundaries",
            f.rule.code
        );
        for r in &f.related {
            assert!(
                r.end as usize <= text.len()
                    && text.is_char_boundary(r.start as usize)
                    && text.is_char_boundary(r.end as usize)
            );
        }
    }
}

#[test]
fn random_texts_never_panic() {
    let mut rng = Lcg(0x5eed);
    for _ in 0..1500 {
        let len = (rng.next() % 60) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(rng.next() % ALPHABET.len() as u64) as usize])
            .collect();
        check_spans(&text);
    }
}

#[test]
fn random_markup_never_panics_and_fixes_apply() {
    let mut rng = Lcg(0xface);
    let linter = Linter::new();
    for i in 0..400 {
        let len = (rng.next() % 40) as usize;
        let text: String = (0..len)
            .map(|_| {
                let k = rng.next() as usize;
                if k % 3 == 0 {
                    MARKUP[k / 3 % MARKUP.len()]
                } else {
                    ALPHABET[k % ALPHABET.len()]
                }
            })
            .collect();
        let kind = if i % 2 == 0 {
            Kind::Markdown
        } else {
            Kind::Html
        };
        check_spans_as(&text, kind);
        let fixed = fix::fix(&linter, &text, kind, true).unwrap();
        assert!(fixed.passes <= fix::MAX_PASSES);
    }
}

#[test]
fn edge_texts_never_panic() {
    for text in [
        "",
        " ",
        "\n",
        ".",
        "'",
        "“",
        "a",
        "\u{fffd}",
        "\u{feff}",
        "....",
        "\"\"\"",
        "A.B.C.D.E.",
        "x\u{301}\u{301}\u{301}",
    ] {
        check_spans(text);
    }
}

#[test]
fn a_single_50_mb_line() {
    let unit = "The minister said thatIf talks fail, “we will move on.” Read more: ";
    let text = unit.repeat(50_000_000 / unit.len() + 1);
    assert!(!text.contains('\n') && text.len() >= 50_000_000);
    let report = Linter::new().check(&text).unwrap();
    assert!(report.words > 5_000_000);
    assert!(report.score.mt.is_some_and(|mt| (0.0..=1.0).contains(&mt)));
}
