//! The bodies of the fuzz targets in `fuzz/` (cargo-fuzz, nightly), kept in the library so
//! that an ordinary stable test (`tests/it/fuzz_seeds.rs`) replays each target's committed
//! seed corpus (`fuzz/seeds/TARGET/`) through the same code. Each function takes arbitrary
//! bytes, must not panic, and panics (with a message) when an invariant is broken.
//!
//! See `docs/fuzzing.md` for the campaign command and the figures of the last campaign.

use std::sync::OnceLock;

use serde_json::value::RawValue;

use crate::markup::Kind;
use crate::{Linter, Report, Span};

/// A target's body.
pub type Target = fn(&[u8]);

/// The targets: the name of the fuzz target (and of its seed directory) and its body.
pub const TARGETS: &[(&str, Target)] = &[
    ("check", check),
    ("markup", markup),
    ("fix", fix),
    ("suppress", suppress),
    ("parsers", parsers),
    ("batch", batch),
];

/// Inputs are cut to this many bytes, so that an execution stays short.
const MAX_INPUT: usize = 16 * 1024;

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(Linter::new)
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(&data[..data.len().min(MAX_INPUT)]).into_owned()
}

/// A span is inside `text` and on character boundaries.
fn assert_span(text: &str, span: Span, what: &str) {
    let (s, e) = (span.start as usize, span.end as usize);
    assert!(
        s <= e && e <= text.len(),
        "{what}: span {s}..{e} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{what}: span {s}..{e} not on character boundaries"
    );
}

/// Every finding and warning of `report` is a span of `text`; `mt` is null or in [0, 1].
fn assert_report(text: &str, report: &Report) {
    for f in &report.findings {
        assert_span(text, f.span, f.rule.code);
        assert!(
            f.confidence > 0.0 && f.confidence <= 1.0,
            "{}: confidence {}",
            f.rule.code,
            f.confidence
        );
    }
    for w in &report.suppression_warnings {
        assert_span(text, w.span, w.kind);
    }
    if let Some(mt) = report.score.mt {
        assert!((0.0..=1.0).contains(&mt), "mt {mt} outside [0, 1]");
    }
}

/// The check of one plain-text document: span invariants and `mt` in [0, 1] or null.
pub fn check(data: &[u8]) {
    let text = text(data);
    if let Ok(report) = linter().check(&text) {
        assert_report(&text, &report);
    }
}

/// Markdown (first byte even) or HTML extraction: spans mapped back onto the original are
/// spans of it, an exact mapping covers the same text, and the check reports on the original.
pub fn markup(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let kind = if kind % 2 == 0 {
        Kind::Markdown
    } else {
        Kind::Html
    };
    let text = text(rest);
    let prose = crate::markup::extract(&text, kind);
    let bounds: Vec<usize> = prose
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain([prose.text.len()])
        .collect();
    // Every span of the prose between a few character boundaries.
    let step = (bounds.len() / 16).max(1);
    for (i, &s) in bounds.iter().enumerate().step_by(step) {
        for &e in bounds[i..].iter().step_by(step) {
            let span = Span::new(s, e);
            assert_span(&text, prose.map_span(span), "map_span");
            if let Some(exact) = prose.map_exact(span) {
                assert_span(&text, exact, "map_exact");
                assert_eq!(
                    &text[exact.range()],
                    &prose.text[span.range()],
                    "an exact mapping covers the same text"
                );
            }
        }
    }
    if let Ok(report) = crate::markup::check(linter(), &text, kind) {
        assert_report(&text, &report);
    }
}

/// Fixes applied to convergence: within the pass limit, the result a valid report, and fixing
/// the fixed text again changes nothing.
pub fn fix(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let kind = [Kind::Text, Kind::Markdown, Kind::Html][usize::from(flags % 3)];
    let unsafe_fixes = flags & 4 != 0;
    let text = text(rest);
    let Ok(fixed) = crate::fix::fix(linter(), &text, kind, unsafe_fixes) else {
        return;
    };
    assert!(fixed.passes <= crate::fix::MAX_PASSES);
    assert_report(&fixed.text, &fixed.report);
    if fixed.passes < crate::fix::MAX_PASSES {
        let again = crate::fix::fix(linter(), &fixed.text, kind, unsafe_fixes)
            .expect("the fixed text is checked");
        assert_eq!(
            again.applied, 0,
            "fixes converged, yet a second run applies more"
        );
    }
}

/// The suppression parser: comments anywhere in the text, applied to the findings of the
/// text; what is left is a subset, and every warning a span of the text.
pub fn suppress(data: &[u8]) {
    let text = text(data);
    let Ok(mut report) = linter().check_unsuppressed(&text) else {
        return;
    };
    let before = report.findings.len();
    let Ok(doc) = crate::Document::new(&text) else {
        return;
    };
    let warnings = crate::suppress::apply(&doc, &mut report.findings, &report.rules_run);
    assert!(report.findings.len() <= before);
    for w in &warnings {
        assert_span(&text, w.span, w.kind);
    }
}

/// The configuration, baseline and weights parsers (first byte chooses): no panic, and what
/// parses survives a round trip where the format has one.
pub fn parsers(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = text(rest);
    match which % 3 {
        0 => {
            let _ = crate::config::Config::parse(&text, std::path::Path::new("/p/mtlint.toml"));
        }
        1 => {
            if let Ok(b) = crate::baseline::Baseline::from_json(&text) {
                let again = crate::baseline::Baseline::from_json(&b.to_json())
                    .expect("a written baseline reads back");
                assert_eq!(again.len(), b.len());
            }
        }
        _ => {
            let _ = crate::Weights::from_toml(&text);
        }
    }
}

/// The JSON Lines batch path: one output line per input line, each a JSON object (the first
/// byte chooses the format and a small record limit).
pub fn batch(data: &[u8]) {
    use crate::batch::{lines, run, Fields, Format, Options};
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let rest = rest[..rest.len().min(MAX_INPUT)].to_vec();
    let format = if flags & 1 == 0 {
        Format::Jsonl
    } else {
        Format::Annotate
    };
    let opts = Options {
        fields: Fields {
            text: "text".into(),
            id: if flags & 2 == 0 { "id" } else { "meta.id" }.into(),
        },
        findings: flags & 4 != 0,
        format,
        keep_below: None,
        shard: None,
        skip: 0,
        chunk_bytes: 256,
        max_record_bytes: if flags & 8 == 0 { u64::MAX } else { 64 },
        markup: None,
        interrupt: None,
    };
    let inputs = lines("fuzz".into(), std::io::Cursor::new(rest.clone()), u64::MAX).count();
    let jobs = lines(
        "fuzz".into(),
        std::io::Cursor::new(rest),
        opts.max_record_bytes,
    );
    let mut out = Vec::new();
    let summary = run(linter(), jobs, &opts, &mut out, None, |_| {}).expect("writes to memory");
    assert!(summary.stopped.is_none(), "reading memory cannot fail");
    let out = String::from_utf8(out).expect("the output is UTF-8");
    let out: Vec<&str> = out.lines().collect();
    assert_eq!(out.len(), inputs, "one output line per input line");
    for line in out {
        let v: &RawValue = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("output line is not JSON ({e}): {line}"));
        assert!(v.get().starts_with('{'), "not an object: {line}");
    }
}
