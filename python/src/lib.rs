//! `mtlint._mtlint`: the native half of the `mtlint` Python package.
//!
//! A thin layer over the `mtlint` library: the linter is built as the command line builds it
//! (rules, configuration file, weights), each text goes through `markup::check` as in
//! `mtlint score`, and the results are handed to Python with spans in code point indices
//! ([`Counter`] in code points). Batches run with the GIL released, on a rayon pool of `threads` threads;
//! a text that cannot be scored (not a string, empty, too large, or a panic in the engine)
//! gives an entry-level result (NaN, `None`), never an exception for the batch.
//!
//! The Python classes (`Linter`, `Report`, `Finding`, Arrow handling, pickling) live in
//! `python/mtlint/__init__.py`; this module only exposes `Engine`.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use mtlint::config::{CliSettings, ConfigSource, Layer, Resolver};
use mtlint::markup::{self, Kind};
use mtlint::position::{Counter, Encoding};
use mtlint::{Linter, Report, Weights};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;

/// A configured linter and its thread pool.
#[pyclass(module = "mtlint._mtlint", frozen)]
#[derive(Debug)]
struct Engine {
    linter: Linter,
    /// `None` for one thread: the batch runs on the calling thread.
    pool: Option<rayon::ThreadPool>,
}

/// What a row of `annotate` (and `check`) needs of one report.
#[derive(Debug)]
struct Entry {
    mt: Option<f64>,
    verdict: &'static str,
    language: &'static str,
    words: usize,
    artifacts: [(&'static str, usize); 4],
    flags: Vec<&'static str>,
    /// Findings per rule code.
    counts: BTreeMap<&'static str, u32>,
    findings: Vec<FindingOut>,
}

#[derive(Debug)]
struct FindingOut {
    code: &'static str,
    rule: &'static str,
    category: &'static str,
    severity: &'static str,
    /// Code point indices.
    start: usize,
    end: usize,
    message: String,
    suggestion: Option<String>,
}

/// Runs the engine on one text; `None` when it cannot answer (too large, or a panic).
fn report(linter: &Linter, text: &str) -> Option<Report> {
    match catch_unwind(AssertUnwindSafe(|| markup::check(linter, text, Kind::Text))) {
        Ok(Ok(r)) => Some(r),
        _ => None,
    }
}

fn entry(report: &Report, text: &str, findings: bool) -> Entry {
    let mut counts = BTreeMap::new();
    for f in &report.findings {
        *counts.entry(f.rule.code).or_insert(0) += 1;
    }
    let a = &report.score.artifacts;
    let mut ix = Counter::new(text, Encoding::Chars);
    Entry {
        mt: report.score.mt,
        verdict: report.score.verdict.as_str(),
        language: report.language.code,
        words: report.words,
        artifacts: [
            ("artifact", a.artifact),
            ("typography", a.typography),
            ("encoding", a.encoding),
            ("debris", a.debris),
        ],
        flags: a.flags(),
        counts,
        findings: if findings {
            report
                .findings
                .iter()
                .map(|f| {
                    let (start, end) = ix.span(f.span);
                    FindingOut {
                        code: f.rule.code,
                        rule: f.rule.name,
                        category: f.rule.category.as_str(),
                        severity: f.severity.as_str(),
                        start,
                        end,
                        message: f.message.to_string(),
                        suggestion: f.fix.as_ref().map(|x| x.replacement.clone()),
                    }
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// The `mt` probability of one text, NaN when there is none (empty text, unsupported
/// language, too large, a panic).
fn score_one(linter: &Linter, text: Option<&str>) -> f32 {
    match text {
        Some(t) if !t.trim().is_empty() => report(linter, t)
            .and_then(|r| r.score.mt)
            .map_or(f32::NAN, |m| m as f32),
        _ => f32::NAN,
    }
}

/// The text of a Python object: `None` for anything but a `str`. A `str` that is not valid
/// Unicode (a lone surrogate such as `"\ud800"`) has each such code point replaced by U+FFFD,
/// so that code point indices stay those of the Python string.
fn text_of(obj: &Bound<'_, PyAny>) -> Option<String> {
    let s = obj.downcast::<PyString>().ok()?;
    if let Ok(t) = s.to_cow() {
        return Some(t.into_owned());
    }
    let bytes = s
        .call_method1("encode", ("utf-32-le", "surrogatepass"))
        .ok()?;
    let bytes = bytes.downcast::<PyBytes>().ok()?.as_bytes();
    Some(
        bytes
            .chunks_exact(4)
            .map(|c| {
                char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]])).unwrap_or('\u{FFFD}')
            })
            .collect(),
    )
}

fn texts_of(texts: &Bound<'_, PyAny>) -> PyResult<Vec<Option<String>>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "expected a sequence of texts, not one str (use Linter.check for one text)",
        ));
    }
    texts
        .try_iter()?
        .map(|o| Ok(text_of(&o?)))
        .collect::<PyResult<Vec<_>>>()
}

fn strs(v: &[&'static str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl Engine {
    /// Maps `f` over the texts on the pool (or on this thread).
    fn map<T: Send>(
        &self,
        texts: &[Option<String>],
        f: impl Fn(Option<&str>) -> T + Sync,
    ) -> Vec<T> {
        match &self.pool {
            None => texts.iter().map(|t| f(t.as_deref())).collect(),
            Some(pool) => pool.install(|| texts.par_iter().map(|t| f(t.as_deref())).collect()),
        }
    }

    fn entry_of(&self, text: Option<&str>, findings: bool) -> Option<Entry> {
        let t = text?;
        if t.trim().is_empty() {
            return None;
        }
        let r = report(&self.linter, t)?;
        catch_unwind(AssertUnwindSafe(|| entry(&r, t, findings))).ok()
    }
}

fn finding_dict<'py>(py: Python<'py>, f: &FindingOut) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", f.code)?;
    d.set_item("rule", f.rule)?;
    d.set_item("category", f.category)?;
    d.set_item("severity", f.severity)?;
    d.set_item("start", f.start)?;
    d.set_item("end", f.end)?;
    d.set_item("message", &f.message)?;
    d.set_item("suggestion", &f.suggestion)?;
    Ok(d)
}

fn entry_dict<'py>(py: Python<'py>, e: &Entry) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("mt", e.mt)?;
    d.set_item("verdict", e.verdict)?;
    d.set_item("language", e.language)?;
    d.set_item("words", e.words)?;
    let a = PyDict::new(py);
    for (k, v) in e.artifacts {
        a.set_item(k, v)?;
    }
    d.set_item("artifacts", a)?;
    d.set_item("flags", strs(&e.flags))?;
    let c = PyDict::new(py);
    for (k, v) in &e.counts {
        c.set_item(*k, *v)?;
    }
    d.set_item("counts", c)?;
    let fs = PyList::empty(py);
    for f in &e.findings {
        fs.append(finding_dict(py, f)?)?;
    }
    d.set_item("findings", fs)?;
    Ok(d)
}

fn float32_bytes<'py>(py: Python<'py>, v: &[f32]) -> Bound<'py, PyByteArray> {
    let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    PyByteArray::new(py, &bytes)
}

fn read(path: &Path, what: &str) -> PyResult<String> {
    std::fs::read_to_string(path).map_err(|e| {
        PyValueError::new_err(format!("{}: cannot read the {what}: {e}", path.display()))
    })
}

#[pymethods]
impl Engine {
    /// Builds the linter as `mtlint score` does: every rule, or the configuration file's
    /// settings, then `select` and `ignore` (codes, names or categories); `weights` is a model
    /// file. `threads`: 1 runs batches on the calling thread, 0 uses every core.
    #[new]
    #[pyo3(signature = (select=None, ignore=None, config=None, weights=None, threads=1))]
    fn new(
        select: Option<Vec<String>>,
        ignore: Option<Vec<String>>,
        config: Option<PathBuf>,
        weights: Option<PathBuf>,
        threads: usize,
    ) -> PyResult<Self> {
        let select = select.unwrap_or_default();
        let ignore = ignore.unwrap_or_default();
        let err = |e: String| PyValueError::new_err(e);
        let mut base = Linter::new();
        if let Some(path) = &weights {
            let w = Weights::from_toml(&read(path, "model")?)
                .map_err(|e| err(format!("{}: {e}", path.display())))?;
            base = base.with_weights(w);
        }
        let linter = match config {
            None => base
                .select(&select)
                .map_err(err)?
                .ignore(&ignore)
                .map_err(err)?,
            Some(path) => {
                let cli = CliSettings {
                    layer: Layer::from_lists(&select, &ignore).map_err(err)?,
                    ..CliSettings::default()
                };
                let mut resolver = Resolver::new(ConfigSource::File(path), base, cli)
                    .map_err(|e| err(e.to_string()))?;
                let settings = resolver
                    .resolve(Path::new("-"))
                    .map_err(|e| err(e.to_string()))?
                    .ok_or_else(|| err("the configuration excludes every text".into()))?;
                (*settings.linter).clone()
            }
        };
        let pool = match threads {
            1 => None,
            n => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| err(format!("cannot start {n} threads: {e}")))?,
            ),
        };
        Ok(Engine { linter, pool })
    }

    /// The report of one text as a dict (spans in code point indices).
    fn check<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let Some(t) = text_of(text) else {
            return Err(PyTypeError::new_err(format!(
                "expected a str, not {}",
                text.get_type().name()?
            )));
        };
        let e = py.allow_threads(|| {
            let r = report(&self.linter, &t)?;
            catch_unwind(AssertUnwindSafe(|| entry(&r, &t, true))).ok()
        });
        match e {
            Some(e) => entry_dict(py, &e),
            None => Err(PyValueError::new_err(
                "the text cannot be checked (too large, or an internal error)",
            )),
        }
    }

    /// The `mt` probability of each text as little-endian float32 bytes (NaN: no answer).
    fn score_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyByteArray>> {
        let texts = texts_of(texts)?;
        let scores = py.allow_threads(|| self.map(&texts, |t| score_one(&self.linter, t)));
        Ok(float32_bytes(py, &scores))
    }

    /// Column-wise results for `annotate`: (scores as float32 bytes, verdicts, languages,
    /// counts as lists of (code, n), flags, findings or None); a row without an answer has
    /// NaN and None.
    #[pyo3(signature = (texts, findings=false))]
    fn annotate_columns<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        findings: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let texts = texts_of(texts)?;
        let entries = py.allow_threads(|| self.map(&texts, |t| self.entry_of(t, findings)));
        let scores: Vec<f32> = entries
            .iter()
            .map(|e| e.as_ref().and_then(|e| e.mt).map_or(f32::NAN, |m| m as f32))
            .collect();
        let verdicts = PyList::empty(py);
        let languages = PyList::empty(py);
        let counts = PyList::empty(py);
        let flags = PyList::empty(py);
        let found = PyList::empty(py);
        for e in &entries {
            match e {
                Some(e) => {
                    verdicts.append(e.verdict)?;
                    languages.append(e.language)?;
                    let c: Vec<(&str, u32)> = e.counts.iter().map(|(k, v)| (*k, *v)).collect();
                    counts.append(c)?;
                    flags.append(strs(&e.flags))?;
                    if findings {
                        let fs = PyList::empty(py);
                        for f in &e.findings {
                            fs.append(finding_dict(py, f)?)?;
                        }
                        found.append(fs)?;
                    }
                }
                None => {
                    verdicts.append(py.None())?;
                    languages.append(py.None())?;
                    counts.append(py.None())?;
                    flags.append(py.None())?;
                    if findings {
                        found.append(py.None())?;
                    }
                }
            }
        }
        let found = if findings {
            found.into_any()
        } else {
            py.None().into_bound(py)
        };
        PyTuple::new(
            py,
            [
                float32_bytes(py, &scores).into_any(),
                verdicts.into_any(),
                languages.into_any(),
                counts.into_any(),
                flags.into_any(),
                found,
            ],
        )
    }

    /// The number of threads batches run on.
    #[getter]
    fn threads(&self) -> usize {
        self.pool.as_ref().map_or(1, |p| p.current_num_threads())
    }

    /// The codes of the rules this linter runs.
    fn rule_codes(&self) -> Vec<&'static str> {
        self.linter.rules().iter().map(|r| r.meta().code).collect()
    }
}

/// Converts byte offsets of UTF-8 `text` to code point indices (exposed for the tests).
#[pyfunction]
fn _char_indices(text: String, offsets: Vec<usize>) -> Vec<usize> {
    let mut ix = Counter::new(&text, Encoding::Chars);
    offsets.into_iter().map(|o| ix.at(o)).collect()
}

#[pymodule]
fn _mtlint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_function(wrap_pyfunction!(_char_indices, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
