//! Inline suppression comments.
//!
//! ```text
//! <!-- mtlint-disable MT101 -->        from here on, until a matching mtlint-enable
//! <!-- mtlint-enable -->               ends every open block (or only the rules it names)
//! <!-- mtlint-disable-next-line -->    the next line, all rules
//! text <!-- mtlint-disable-line calque --> this line
//! # mtlint-disable-next-line MT101, MT102 -- the reason
//! ```
//!
//! The directives work in HTML comments (Markdown) and bare, anywhere on a line after a space
//! or a comment marker (`#`, `//`, `%`, `;`), for plain text. A directive names rules by code,
//! name or category, separated by spaces or commas; none means every rule. Anything after
//! `--` is a comment. Findings inside the directive's own comment are dropped.
//!
//! Directives inside fenced code blocks (```` ``` ```` or `~~~`) are examples, not directives.
//!
//! Suppression can go stale: [`apply`] returns a [`Warning`] for each directive (or named rule)
//! that suppressed nothing, each unknown rule name and each `mtlint-enable` that closes nothing.
//! Rules that did not run (not selected, or not for the document's language) are not reported
//! as unused.

use std::collections::HashMap;

use serde::Serialize;

use crate::document::Document;
use crate::finding::Finding;
use crate::rules;
use crate::span::Span;

/// A problem with a suppression comment, shown next to the findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// `unused-suppression`, `unknown-rule` or `unmatched-enable`.
    pub kind: &'static str,
    /// The directive's comment.
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    DisableLine,
    DisableNextLine,
}

/// A rule key as written in a directive and the rules it stands for (empty when unknown).
#[derive(Debug)]
struct Key {
    text: String,
    codes: Vec<&'static str>,
    used: bool,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    /// The comment holding the directive (from its comment marker to `-->` or the line end).
    span: Span,
    keys: Vec<Key>,
    used: bool,
}

/// A stretch of text where a directive (or one of its keys) suppresses findings.
#[derive(Debug)]
struct Region {
    span: Span,
    directive: usize,
    /// `None`: every rule.
    key: Option<usize>,
}

const DIRECTIVES: [(&str, Kind); 4] = [
    ("disable-next-line", Kind::DisableNextLine),
    ("disable-line", Kind::DisableLine),
    ("disable", Kind::Disable),
    ("enable", Kind::Enable),
];

/// Characters that may precede a directive on its line: space and comment markers.
fn is_marker(c: char) -> bool {
    c.is_whitespace() || matches!(c, '#' | '/' | '*' | '%' | ';' | '!' | '<' | '-')
}

/// True when `rest` does not continue the directive word: it is empty, starts with `--` (the
/// end of an HTML comment) or with a character that cannot be part of a word.
fn ends_word(rest: &str) -> bool {
    rest.starts_with("--")
        || rest
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '-')
}

/// Every directive in the text, in order.
fn parse(doc: &Document<'_>) -> Vec<Directive> {
    let text = doc.text();
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), b"mtlint-") {
        // A directive shown in a fenced code block (an example of one) is not live.
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| !is_marker(c))
            || doc.code_ranges().in_fence(at)
        {
            continue;
        }
        let rest = &text[at + "mtlint-".len()..];
        let Some((word, kind)) = DIRECTIVES
            .iter()
            .find(|(w, _)| rest.strip_prefix(w).is_some_and(ends_word))
        else {
            continue;
        };
        let line = doc.lines().line_of(at as u32);
        let line_span = doc.lines().line_span(line, text);
        let args_at = at + "mtlint-".len() + word.len();
        let args_line = &text[args_at..line_span.end as usize];
        // The arguments end at `--` (a reason, or the end of an HTML comment) or `*/`.
        let args_len = ["--", "*/"]
            .iter()
            .filter_map(|m| args_line.find(m))
            .min()
            .unwrap_or(args_line.len());
        let keys = args_line[..args_len]
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|k| !k.is_empty())
            .map(|k| Key {
                text: k.to_string(),
                codes: rules::resolve(&[k]).unwrap_or_default(),
                used: false,
            })
            .collect();
        let end = match args_line.find("-->") {
            Some(i) => args_at + i + "-->".len(),
            None => line_span.end as usize,
        };
        let line_start = line_span.start as usize;
        let start = line_start
            + text[line_start..at]
                .trim_end_matches(|c: char| is_marker(c) && c != '\n')
                .len();
        out.push(Directive {
            kind: *kind,
            span: Span::new(start, end),
            keys,
            used: false,
        });
    }
    out
}

/// Where each directive suppresses, and warnings for `mtlint-enable`s that close nothing.
fn regions(
    doc: &Document<'_>,
    directives: &[Directive],
    warnings: &mut Vec<Warning>,
) -> Vec<Region> {
    let text = doc.text();
    let lines = doc.lines();
    let mut out = Vec::new();
    // Open blocks: (directive, key, start offset), `None` once closed; and where to find the
    // open blocks of each rule, so that an `enable` finds what it closes without going
    // through every open block (each block is closed once).
    let mut open: Vec<Option<(usize, Option<usize>, usize)>> = Vec::new();
    let mut by_code: HashMap<&'static str, Vec<usize>> = HashMap::new();
    let per_key = |d: &Directive| -> Vec<Option<usize>> {
        if d.keys.is_empty() {
            vec![None]
        } else {
            (0..d.keys.len()).map(Some).collect()
        }
    };
    for (i, d) in directives.iter().enumerate() {
        match d.kind {
            Kind::DisableLine | Kind::DisableNextLine => {
                let line =
                    lines.line_of(d.span.start) + usize::from(d.kind == Kind::DisableNextLine);
                if line < lines.line_count() {
                    let span = lines.line_span(line, text);
                    out.extend(per_key(d).into_iter().map(|key| Region {
                        span,
                        directive: i,
                        key,
                    }));
                }
            }
            Kind::Disable => {
                for key in per_key(d) {
                    if let Some(k) = key {
                        for c in &d.keys[k].codes {
                            by_code.entry(c).or_default().push(open.len());
                        }
                    }
                    open.push(Some((i, key, d.span.end as usize)));
                }
            }
            Kind::Enable => {
                let mut close = |slot: &mut Option<(usize, Option<usize>, usize)>| {
                    slot.take().map(|(directive, key, start)| Region {
                        span: Span::new(start, d.span.start as usize),
                        directive,
                        key,
                    })
                };
                let before = out.len();
                if d.keys.is_empty() {
                    // Every open block, for every rule or some.
                    out.extend(open.iter_mut().filter_map(&mut close));
                    open.clear();
                    by_code.clear();
                } else {
                    // The blocks of the rules named (a block for every rule stays open).
                    for c in d.keys.iter().flat_map(|k| &k.codes) {
                        for at in by_code.remove(c).unwrap_or_default() {
                            out.extend(close(&mut open[at]));
                        }
                    }
                }
                if out.len() == before {
                    warnings.push(Warning {
                        kind: "unmatched-enable",
                        span: d.span,
                        message: "this mtlint-enable closes no open mtlint-disable".into(),
                    });
                }
            }
        }
    }
    // Blocks never closed run to the end of the text.
    out.extend(
        open.into_iter()
            .flatten()
            .map(|(directive, key, start)| Region {
                span: Span::new(start, text.len()),
                directive,
                key,
            }),
    );
    out
}

/// Spans (directive comments, regions or findings) indexed to tell in logarithmic time whether
/// any of them meets a given span, so that suppression is linear in findings and directives
/// rather than their product. Non-empty spans are sorted by start with the running maximum of
/// their ends; empty spans are kept as sorted points.
#[derive(Debug)]
struct SpanIndex {
    starts: Vec<u32>,
    /// `max_end[i]`: the largest end among the first `i + 1` spans by start.
    max_end: Vec<u32>,
    points: Vec<u32>,
}

impl SpanIndex {
    fn new(spans: impl Iterator<Item = Span>) -> Self {
        let (mut wide, mut points): (Vec<Span>, Vec<Span>) = spans.partition(|s| !s.is_empty());
        wide.sort_unstable_by_key(|s| s.start);
        points.sort_unstable_by_key(|s| s.start);
        let mut max = 0;
        SpanIndex {
            starts: wide.iter().map(|s| s.start).collect(),
            max_end: wide
                .iter()
                .map(|s| {
                    max = max.max(s.end);
                    max
                })
                .collect(),
            points: points.iter().map(|s| s.start).collect(),
        }
    }

    /// Some non-empty span has `start < before` and `end > after`.
    fn crossing(&self, before: u32, after: u32) -> bool {
        let n = self.starts.partition_point(|&s| s < before);
        n > 0 && self.max_end[n - 1] > after
    }

    /// Some empty span is at `lo <= x < hi`.
    fn point_in(&self, lo: u32, hi: u32) -> bool {
        let i = self.points.partition_point(|&x| x < lo);
        self.points.get(i).is_some_and(|&x| x < hi)
    }

    /// Some span overlaps `f` ([`Span::overlaps`]).
    fn overlaps(&self, f: Span) -> bool {
        if f.is_empty() {
            self.crossing(f.start, f.start) || self.point_in(f.start, f.start + 1)
        } else {
            self.crossing(f.end, f.start) || self.point_in(f.start + 1, f.end)
        }
    }

    /// Some region (a span of this index) suppresses the finding `f`: they overlap, or the
    /// finding starts inside the region.
    fn region_over(&self, f: Span) -> bool {
        if f.is_empty() {
            self.crossing(f.start + 1, f.start) || self.point_in(f.start, f.start + 1)
        } else {
            self.crossing(f.end, f.start) || self.point_in(f.start + 1, f.end)
        }
    }

    /// Some finding (a span of this index) is suppressed by the region `r`, as
    /// [`SpanIndex::region_over`] has it.
    fn finding_in(&self, r: Span) -> bool {
        self.crossing(r.end, r.start) || self.point_in(r.start, r.end.max(r.start + 1))
    }
}

/// Applies the document's suppression comments to its findings: drops the suppressed findings
/// and those inside the comments, and returns the warnings about the comments. `rules_run` are
/// the codes of the rules that ran on the document.
pub fn apply(
    doc: &Document<'_>,
    findings: &mut Vec<Finding>,
    rules_run: &[&'static str],
) -> Vec<Warning> {
    if memchr::memmem::find(doc.text().as_bytes(), b"mtlint-").is_none() {
        return Vec::new();
    }
    let mut directives = parse(doc);
    if directives.is_empty() {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    let regions = regions(doc, &directives, &mut warnings);
    // Findings inside a directive's own comment are dropped, and suppress nothing.
    let comments = SpanIndex::new(directives.iter().map(|d| d.span));
    findings.retain(|f| !comments.overlaps(f.span));
    // Which regions suppress some finding: the findings, all and by rule, against each region.
    let mut by_code: HashMap<&'static str, Vec<Span>> = HashMap::new();
    for f in findings.iter() {
        by_code.entry(f.rule.code).or_default().push(f.span);
    }
    let all_findings = SpanIndex::new(findings.iter().map(|f| f.span));
    let by_code: HashMap<&'static str, SpanIndex> = by_code
        .into_iter()
        .map(|(code, spans)| (code, SpanIndex::new(spans.into_iter())))
        .collect();
    for r in &regions {
        let d = &mut directives[r.directive];
        match r.key {
            None => d.used |= all_findings.finding_in(r.span),
            Some(k) => {
                let used = d.keys[k]
                    .codes
                    .iter()
                    .any(|c| by_code.get(c).is_some_and(|i| i.finding_in(r.span)));
                d.keys[k].used |= used;
            }
        }
    }
    // Which findings some region suppresses: the regions, for every rule and by rule, against
    // each finding.
    let mut every_rule = Vec::new();
    let mut per_rule: HashMap<&'static str, Vec<Span>> = HashMap::new();
    for r in &regions {
        match r.key {
            None => every_rule.push(r.span),
            Some(k) => {
                for c in &directives[r.directive].keys[k].codes {
                    per_rule.entry(c).or_default().push(r.span);
                }
            }
        }
    }
    let every_rule = SpanIndex::new(every_rule.into_iter());
    let per_rule: HashMap<&'static str, SpanIndex> = per_rule
        .into_iter()
        .map(|(code, spans)| (code, SpanIndex::new(spans.into_iter())))
        .collect();
    findings.retain(|f| {
        !(every_rule.region_over(f.span)
            || per_rule
                .get(f.rule.code)
                .is_some_and(|i| i.region_over(f.span)))
    });
    for d in &directives {
        for k in &d.keys {
            if k.codes.is_empty() {
                warnings.push(Warning {
                    kind: "unknown-rule",
                    span: d.span,
                    message: format!(
                        "unknown rule `{}` in suppression comment (see `mtlint rules`)",
                        k.text
                    ),
                });
            }
        }
        if d.kind == Kind::Enable {
            continue;
        }
        if d.keys.is_empty() && !d.used {
            warnings.push(Warning {
                kind: "unused-suppression",
                span: d.span,
                message: "this suppression comment suppresses nothing".into(),
            });
        }
        for k in &d.keys {
            if !k.used && k.codes.iter().any(|c| rules_run.contains(c)) {
                warnings.push(Warning {
                    kind: "unused-suppression",
                    span: d.span,
                    message: format!(
                        "`{}` in this suppression comment suppresses nothing",
                        k.text
                    ),
                });
            }
        }
    }
    warnings.sort_by_key(|w| w.span.start);
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RunTogetherWords, ScrapeDebris};

    /// Findings at every occurrence of `needle`, of the rule `meta`.
    fn at(text: &str, needle: &str, meta: &'static crate::RuleMeta) -> Vec<Finding> {
        text.match_indices(needle)
            .map(|(i, _)| Finding::new(meta, Span::new(i, i + needle.len()), "x"))
            .collect()
    }

    /// The texts of the findings left and the warnings' kinds.
    fn run(text: &str, mut findings: Vec<Finding>) -> (Vec<&str>, Vec<&'static str>) {
        let doc = Document::new(text).unwrap();
        let warnings = apply(&doc, &mut findings, &["MT101", "MT401"]);
        let left = findings.iter().map(|f| f.span.slice(text)).collect();
        (left, warnings.iter().map(|w| w.kind).collect())
    }

    #[test]
    fn next_line_and_line() {
        let text = "thatIf one\n<!-- mtlint-disable-next-line MT101 -->\nthatIf two\nthatIf three <!-- mtlint-disable-line run-together-words -->\nthatIf four";
        let fs = at(text, "thatIf", RunTogetherWords::META);
        let (left, warnings) = run(text, fs);
        assert_eq!(left, vec!["thatIf", "thatIf"]);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn the_next_line_only_for_the_rules_named() {
        let text = "# mtlint-disable-next-line MT401 -- page furniture we keep\nthatIf two";
        let (left, warnings) = run(text, at(text, "thatIf", RunTogetherWords::META));
        assert_eq!(left, vec!["thatIf"]);
        assert_eq!(warnings, vec!["unused-suppression"]);
    }

    #[test]
    fn blocks_and_partial_enable() {
        let text = "<!-- mtlint-disable MT101, MT401 -->\nthatIf a\n<!-- mtlint-enable MT101 -->\nthatIf b\n";
        let mut fs = at(text, "thatIf", RunTogetherWords::META);
        fs.extend(at(text, "b\n", ScrapeDebris::META));
        let (left, warnings) = run(text, fs);
        assert_eq!(
            left,
            vec!["thatIf"],
            "MT401 stays disabled after enabling MT101"
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn an_unclosed_block_runs_to_the_end_and_enable_without_block_warns() {
        let text = "<!-- mtlint-enable -->\nx // mtlint-disable\nthatIf\n\nthatIf";
        let (left, warnings) = run(text, at(text, "thatIf", RunTogetherWords::META));
        assert!(left.is_empty());
        assert_eq!(warnings, vec!["unmatched-enable"]);
    }

    #[test]
    fn unknown_rules_and_findings_in_the_comment() {
        let text = "<!-- mtlint-disable-line MT999 -->";
        let (left, warnings) = run(text, at(text, "mtlint", ScrapeDebris::META));
        assert!(left.is_empty(), "findings inside the comment are dropped");
        assert_eq!(warnings, vec!["unknown-rule"]);
    }

    #[test]
    fn prose_and_code_mentions_are_not_directives() {
        let text = "The `mtlint-disable` comment and xmtlint-disable.\nthatIf";
        let (left, warnings) = run(text, at(text, "thatIf", RunTogetherWords::META));
        assert_eq!(left, vec!["thatIf"]);
        assert!(warnings.is_empty());
    }

    #[test]
    fn directives_in_fenced_code_are_examples() {
        for fence in ["```", "~~~"] {
            let text = format!(
                "{fence}markdown\n<!-- mtlint-disable MT101 -->\n{fence}\n\nHe said thatIf so.\n"
            );
            let (left, warnings) = run(&text, at(&text, "thatIf", RunTogetherWords::META));
            assert_eq!(left, vec!["thatIf"], "{fence}");
            assert!(warnings.is_empty(), "{warnings:?}");
        }
    }

    /// The index answers as the definitions do, on small random spans (empty ones included).
    #[test]
    fn the_span_index_agrees_with_the_definitions() {
        let mut seed = 7u64;
        let mut next = |n: u32| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            ((seed >> 33) % u64::from(n)) as u32
        };
        let inside = |f: Span, r: Span| f.overlaps(r) || (r.start <= f.start && f.start < r.end);
        let mut span = || {
            let a = next(20);
            Span::new(a as usize, (a + next(4)) as usize)
        };
        for round in 0..300 {
            let spans: Vec<Span> = (0..round % 6).map(|_| span()).collect();
            let index = SpanIndex::new(spans.iter().copied());
            for _ in 0..20 {
                let q = span();
                assert_eq!(
                    index.overlaps(q),
                    spans.iter().any(|s| s.overlaps(q)),
                    "{spans:?} {q:?}"
                );
                assert_eq!(
                    index.region_over(q),
                    spans.iter().any(|&r| inside(q, r)),
                    "{spans:?} {q:?}"
                );
                assert_eq!(
                    index.finding_in(q),
                    spans.iter().any(|&f| inside(f, q)),
                    "{spans:?} {q:?}"
                );
            }
        }
    }

    /// A text of `n` paragraphs, each with findings and suppression comments of every form.
    fn many_directives(n: usize) -> String {
        let mut text = String::new();
        for i in 0..n {
            text.push_str(&match i % 4 {
                0 => "thatIf one <!-- mtlint-disable-line MT101 -->\n".to_string(),
                1 => "<!-- mtlint-disable-next-line run-together-words -->\nthatIf two\n".into(),
                2 => "<!-- mtlint-disable MT101, MT401 -->\nthatIf three\n<!-- mtlint-enable -->\n"
                    .into(),
                _ => "thatIf four, not suppressed\n".into(),
            });
        }
        text
    }

    /// The fastest of three runs of `apply` on `many_directives(n)`, and what it left.
    fn time_apply(n: usize) -> (std::time::Duration, usize, usize) {
        let text = many_directives(n);
        let doc = Document::new(&text).unwrap();
        let findings = at(&text, "thatIf", RunTogetherWords::META);
        let mut best = std::time::Duration::MAX;
        let mut left = (0, 0);
        for _ in 0..3 {
            let mut fs = findings.clone();
            let started = std::time::Instant::now();
            let warnings = apply(&doc, &mut fs, &["MT101", "MT401"]);
            best = best.min(started.elapsed());
            left = (fs.len(), warnings.len());
        }
        (best, left.0, left.1)
    }

    /// Suppression is linear in findings and directives: four times the text takes about four
    /// times as long, not sixteen.
    #[test]
    fn many_directives_take_linear_time() {
        let (small, left, warnings) = time_apply(2_000);
        assert_eq!(left, 500, "only the unsuppressed quarter is left");
        // Every `disable` of the third form names MT401, which suppresses nothing there.
        assert_eq!(warnings, 500);
        let (large, left, _) = time_apply(8_000);
        assert_eq!(left, 2_000);
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        assert!(
            ratio < 8.0,
            "4x the directives took {ratio:.1}x the time ({small:?} -> {large:?})"
        );
    }

    /// Blocks left open while `enable`s of other rules go by: each `enable` finds what it
    /// closes without going through every open block.
    #[test]
    fn many_open_blocks_take_linear_time() {
        let time = |n: usize| {
            let mut text = "thatIf\n// mtlint-disable MT101\n".repeat(n);
            text.push_str(&"<!-- mtlint-enable MT401 -->\n".repeat(n));
            let doc = Document::new(&text).unwrap();
            let findings = at(&text, "thatIf", RunTogetherWords::META);
            (0..3)
                .map(|_| {
                    let mut fs = findings.clone();
                    let started = std::time::Instant::now();
                    let warnings = apply(&doc, &mut fs, &["MT101", "MT401"]);
                    assert_eq!(fs.len(), 1, "only the first is before every block");
                    // Every enable closes nothing, and the last block suppresses nothing.
                    assert_eq!(warnings.len(), n + 1);
                    started.elapsed()
                })
                .min()
                .unwrap()
        };
        let (small, large) = (time(2_000), time(8_000));
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        assert!(ratio < 8.0, "4x took {ratio:.1}x ({small:?} -> {large:?})");
    }

    #[test]
    fn rules_that_did_not_run_are_not_unused() {
        let text = "<!-- mtlint-disable-next-line MT601 -->\nplain";
        let (_, warnings) = run(text, Vec::new());
        assert!(warnings.is_empty());
    }
}
