//! No panic on any input, and every span a rule reports is inside the text, on character
//! boundaries. Inputs: random strings from an alphabet of troublesome characters, and one
//! 50 MB line.

use mtlint::Linter;

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

fn check_spans(text: &str) {
    let report = Linter::new().check(text).expect("under the size limit");
    assert!(report.score.score.is_finite() && (0.0..=1.0).contains(&report.score.score));
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
    assert!((0.0..=1.0).contains(&report.score.score));
}
