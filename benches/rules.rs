//! Criterion benchmarks: document construction, the shared quote analysis, language ID, the
//! document features, every rule in the registry (one benchmark each, generated from `RULES`),
//! and end to end. All report throughput in bytes.
//!
//! The corpus is the text of `../shared/data/de-en-htmt/train.jsonl` (English news, up to
//! `MTLINT_BENCH_BYTES`, default 4 MB) when it exists, else the seed articles in `corpora/seeds`.
//! `MTLINT_DATA` overrides the data directory (default `../shared/data`).
//! Run: `cargo bench --bench rules` (or `-- rule/` for the rules only).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mtlint::rules::RULES;
use mtlint::text::{lang, quotes};
use mtlint::{style, Context, Document, Linter};

fn corpus() -> Vec<String> {
    let limit: usize = std::env::var("MTLINT_BENCH_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4_000_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = std::env::var_os("MTLINT_DATA")
        .map_or_else(|| root.join("../shared/data"), Into::into)
        .join("de-en-htmt/train.jsonl");
    let mut texts = Vec::new();
    let mut total = 0;
    if let Ok(content) = std::fs::read_to_string(&data) {
        for line in content.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                total += t.len();
                texts.push(t.to_string());
                if total >= limit {
                    break;
                }
            }
        }
        eprintln!(
            "bench corpus: {} documents, {} bytes from {}",
            texts.len(),
            total,
            data.display()
        );
    } else {
        let mut paths: Vec<_> = std::fs::read_dir(root.join("corpora/seeds"))
            .expect("corpora/seeds exists")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            texts.push(std::fs::read_to_string(p).expect("seed is UTF-8"));
        }
        eprintln!(
            "bench corpus: the {} seed articles ({} not found)",
            texts.len(),
            data.display()
        );
    }
    texts
}

fn benches(c: &mut Criterion) {
    let texts = corpus();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();

    let mut g = c.benchmark_group("document");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("new", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(Document::new(t).unwrap());
            }
        })
    });
    // The per-token fold hashes the word-list lookups share (`Document::folds`, built once).
    g.bench_function("new+folds", |b| {
        b.iter(|| {
            for t in &texts {
                let d = Document::new(t).unwrap();
                d.folds();
                std::hint::black_box(d);
            }
        })
    });
    // The quote analysis the three quote rules share (`Document::quotes`, built once).
    g.bench_function("quotes", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(quotes::analyze(t));
            }
        })
    });
    g.finish();

    let docs: Vec<Document<'_>> = texts.iter().map(|t| Document::new(t).unwrap()).collect();
    let mut g = c.benchmark_group("language");
    g.throughput(Throughput::Bytes(bytes));
    // What `Document::language` does: the function-word pre-check, the detectors only if it fails
    // (the fold hashes it reads are built in the first round; their cost is `document/new+folds`).
    g.bench_function("precheck-then-detector", |b| {
        b.iter(|| {
            for d in &docs {
                std::hint::black_box(d.detect_language());
            }
        })
    });
    g.bench_function("detector-only", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(lang::detect_document(t));
            }
        })
    });
    g.finish();

    // The style pass `mt` reads for English text (one pass over the tokens): the features
    // alone, and with each pattern looked up in the default model, as the linter runs it.
    let mut g = c.benchmark_group("style");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("features", |b| {
        b.iter(|| {
            for d in &docs {
                std::hint::black_box(style::measure(d, |_| {}));
            }
        })
    });
    let model = mtlint::Weights::default_ref();
    g.bench_function("features+patterns", |b| {
        b.iter(|| {
            for d in &docs {
                let mut sum = 0.0;
                let m = style::measure(d, |k| {
                    if let Some((_, t)) = model.pattern_term(k) {
                        sum += t;
                    }
                });
                std::hint::black_box((m, sum));
            }
        })
    });
    g.finish();

    // What rules share is computed before they are timed; its cost is measured above.
    for d in &docs {
        d.language();
        d.quotes();
        d.folds();
        d.is_ascii();
    }
    let mut g = c.benchmark_group("rule");
    g.throughput(Throughput::Bytes(bytes));
    for rule in RULES {
        let meta = rule.meta();
        g.bench_function(format!("{}-{}", meta.code, meta.name), |b| {
            let mut findings = Vec::new();
            b.iter(|| {
                findings.clear();
                // As the linter runs it: not on a text without what the rule needs.
                for d in docs.iter().filter(|d| !meta.skips(d)) {
                    rule.check(d, &mut Context::new(meta, &mut findings));
                }
                std::hint::black_box(findings.len())
            })
        });
    }
    g.finish();

    let linter = Linter::new();
    let mut g = c.benchmark_group("end_to_end");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("check", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(linter.check(t).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = group;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(group);
