//! Scoring: the one place where a document's findings and style become its two answers.
//!
//! 1. **`mt`**, the calibrated probability that the text was machine-translated, with its
//!    verdict. It is a logistic model over the translation rules' evidence and the style
//!    measurements ([`crate::style`]):
//!
//!    ```text
//!    rate_r   = (Σ confidence of rule r's distinct findings) · 1000 / max(words, floor)
//!    rules    = Σ_r weight_r · ln(1 + rate_r)                (translation rules only)
//!    features = Σ_f weight_f · clamp((value_f − center_f) / scale_f, ±4)
//!    patterns = Σ_p weight_p · (rate_p − center_p) / scale_p (rate per 1000 stream symbols)
//!    logit    = bias + rules + reliability · (features + patterns)
//!    mt       = σ(logit),   reliability = min(1, words / full_words)
//!    ```
//!
//!    The model is fitted and calibrated by `mtlint train` ([`crate::train`]) and shipped as
//!    `src/data/model.toml`. The reliability shrinks the style evidence of a short text toward
//!    the bias: one odd sentence is not a profile.
//! 2. **Artifacts**: scrape debris, encoding damage, typography and pipeline artifacts
//!    (glued words, cut-off sentences), counted per category with flags of their own. They are
//!    reported, and have their own fail switches, but they do not move `mt`: a human article
//!    with page furniture is scraped, not translated.
//!
//! Documents in a language without a model get `mt: None` and the verdict `unsupported`; a
//! text shorter than the model's `min_words` with no translation finding gets `too-short`.

mod explain;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::rule::{Category, RuleMeta};
use crate::style::lexicon::lexicon;
use crate::style::pattern::{self, Key};
use crate::style::{self, Measurements};
use crate::text::lang::LangInfo;

pub use explain::{plural, Contribution, FeatureContribution, PatternContribution, Reason};

/// The default model, compiled in from `src/data/model.toml` (written by `mtlint train`).
pub const DEFAULT_MODEL_TOML: &str = include_str!("../data/model.toml");

/// The rule weights training starts from and is regularized toward (`src/data/prior-weights.toml`).
pub const PRIOR_WEIGHTS_TOML: &str = include_str!("../data/prior-weights.toml");

/// Standardized feature values are clipped to this many scales from the center.
pub const Z_LIMIT: f64 = 4.0;

/// The model behind `mt`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Weights {
    pub bias: f64,
    /// Rule rates are per 1000 words, counting at least this many words.
    pub length_floor_words: usize,
    /// Below this many words, a text without translation findings is `too-short`.
    pub min_words: usize,
    /// The style terms count fully from this many words on, proportionally below.
    pub full_words: usize,
    pub thresholds: Thresholds,
    /// Translation rules by code; a rule not listed does not move `mt`.
    #[serde(default)]
    pub rules: BTreeMap<String, f64>,
    /// Dense style features by key (see [`crate::style::FEATURES`]).
    #[serde(default)]
    pub features: BTreeMap<String, FeatureWeight>,
    /// The pattern weights as written in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patterns: Option<PatternTable>,
    #[serde(skip)]
    compiled: Compiled,
}

/// `[patterns] table`: one `pattern<TAB>center<TAB>scale<TAB>weight` per line.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct PatternTable {
    pub table: String,
}

/// One pattern's weight, with the standardization it applies to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PatternWeight {
    pub key: Key,
    pub center: f64,
    pub scale: f64,
    pub weight: f64,
}

type KeyMap<V> = crate::style::table::Map<V, Key>;

/// The pattern table in the form scoring reads: each pattern's term per occurrence.
#[derive(Clone, Debug, Default)]
struct Compiled {
    /// Key → (index into `weights`, weight / scale); the term in `f32` keeps the table small.
    per_occurrence: KeyMap<(u32, f32)>,
    /// The same terms where the hot path reads them, in tables small enough to stay in cache:
    /// the 1-grams in a dense array by symbol, the 2- and 3-grams in maps of their own with the
    /// term alone beside each key.
    unigrams: Vec<f32>,
    bigrams: crate::style::table::Map<f32, Key>,
    trigrams: crate::style::table::Map<f32, Key>,
    /// Which 2-gram prefixes ([`short_index`] of the first two symbols) start a weighed
    /// 3-gram: the others are not looked up.
    trigram_prefix: Vec<u64>,
    weights: Vec<PatternWeight>,
    /// −Σ weight · center / scale: the patterns' term for a document without any.
    constant: f64,
}

impl PartialEq for Compiled {
    fn eq(&self, other: &Self) -> bool {
        self.weights == other.weights
    }
}

/// How one dense feature enters `mt`.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FeatureWeight {
    pub weight: f64,
    pub center: f64,
    pub scale: f64,
}

/// The standardized, clipped value of a feature: the quantity its weight multiplies.
pub fn feature_input(value: f64, fw: &FeatureWeight) -> f64 {
    ((value - fw.center) / fw.scale).clamp(-Z_LIMIT, Z_LIMIT)
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Thresholds {
    pub suspect: f64,
    pub likely_mt: f64,
}

impl Weights {
    /// Parses a model file; errors name the problem (unknown keys and patterns included).
    pub fn from_toml(s: &str) -> Result<Self, String> {
        let mut w: Weights = toml::from_str(s).map_err(|e| e.to_string())?;
        if !(0.0..=1.0).contains(&w.thresholds.suspect)
            || !(0.0..=1.0).contains(&w.thresholds.likely_mt)
            || w.thresholds.suspect > w.thresholds.likely_mt
        {
            return Err("thresholds must satisfy 0 <= suspect <= likely-mt <= 1".into());
        }
        if w.full_words == 0 {
            return Err("full-words must be at least 1".into());
        }
        for code in w.rules.keys() {
            match crate::rules::find(code) {
                None => return Err(format!("[rules] names an unknown rule `{code}`")),
                Some(r) if r.meta().category != Category::Translation => {
                    return Err(format!(
                        "[rules] lists `{code}`, which is not a translation rule: only \
                         translation rules move `mt` (the others are artifacts)"
                    ))
                }
                Some(_) => {}
            }
        }
        if let Some(key) = w.features.keys().find(|k| style::index(k).is_none()) {
            return Err(format!("[features] names an unknown feature `{key}`"));
        }
        if let Some((key, _)) = w
            .features
            .iter()
            .find(|(_, f)| !(f.scale > 0.0 && f.scale.is_finite() && f.weight.is_finite()))
        {
            return Err(format!(
                "[features.{key}] needs a finite weight and a positive scale"
            ));
        }
        w.compiled = compile(w.patterns.as_ref())?;
        Ok(w)
    }

    /// The compiled-in default model, parsed once and shared by every linter.
    fn default_shared() -> &'static std::sync::Arc<Weights> {
        static W: OnceLock<std::sync::Arc<Weights>> = OnceLock::new();
        W.get_or_init(|| {
            std::sync::Arc::new(
                Weights::from_toml(DEFAULT_MODEL_TOML).expect("the default model parses"),
            )
        })
    }

    /// The compiled-in default model.
    pub fn default_ref() -> &'static Weights {
        Self::default_shared()
    }

    /// The compiled-in default model, shared.
    pub fn default_arc() -> std::sync::Arc<Weights> {
        Self::default_shared().clone()
    }

    /// The compiled-in training prior (rule weights).
    pub fn prior() -> BTreeMap<String, f64> {
        Self::prior_from_toml(PRIOR_WEIGHTS_TOML).expect("prior weights parse")
    }

    /// Rule weights from a prior file: a `[rules]` table of code = weight.
    pub fn prior_from_toml(s: &str) -> Result<BTreeMap<String, f64>, String> {
        #[derive(Deserialize)]
        struct Prior {
            rules: BTreeMap<String, f64>,
        }
        toml::from_str::<Prior>(s)
            .map(|p| p.rules)
            .map_err(|e| e.to_string())
    }

    /// A rule's weight in `mt` (0 for a rule the model does not list).
    pub fn rule_weight(&self, rule: &RuleMeta) -> f64 {
        if rule.category != Category::Translation {
            return 0.0;
        }
        self.rules.get(rule.code).copied().unwrap_or(0.0)
    }

    /// The pattern weights, in file order.
    pub fn pattern_weights(&self) -> &[PatternWeight] {
        &self.compiled.weights
    }

    /// A pattern occurrence's term before the reliability and the `1000 / symbols` rate
    /// factor, and the pattern's index; `None` for a pattern the model does not weigh.
    #[inline]
    pub fn pattern_term(&self, key: Key) -> Option<(u32, f64)> {
        self.compiled
            .per_occurrence
            .get(key)
            .map(|(i, t)| (i, f64::from(t)))
    }

    /// [`pattern_term`](Self::pattern_term)'s term alone (0 for a pattern the model does not
    /// weigh): what scoring adds up on every token, read from dense arrays for 1- and 2-grams.
    #[inline(always)]
    pub fn pattern_sum_term(&self, key: Key) -> f32 {
        let c = &self.compiled;
        if c.unigrams.is_empty() {
            return 0.0;
        }
        if key >> 10 == 0 {
            return c.unigrams.get(key as usize).copied().unwrap_or(0.0);
        }
        if key >> 20 == 0 {
            return c.bigrams.get(key).unwrap_or(0.0);
        }
        let prefix = short_index(key & 0xf_ffff);
        if c.trigram_prefix[prefix / 64] >> (prefix % 64) & 1 == 0 {
            return 0.0;
        }
        c.trigrams.get(key).unwrap_or(0.0)
    }

    /// Sets the pattern weights (training); `patterns` holds their table.
    pub fn set_patterns(&mut self, weights: Vec<PatternWeight>) {
        let lex = lexicon();
        let mut table = String::new();
        for p in &weights {
            table.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                pattern::name(p.key, lex),
                p.center,
                p.scale,
                p.weight
            ));
        }
        self.patterns = (!weights.is_empty()).then_some(PatternTable { table });
        self.compiled = compile_weights(weights);
    }

    pub fn verdict(&self, mt: f64) -> Verdict {
        if mt >= self.thresholds.likely_mt {
            Verdict::LikelyMt
        } else if mt >= self.thresholds.suspect {
            Verdict::Suspect
        } else {
            Verdict::Clean
        }
    }

    /// Whether the model speaks for a document in `language`: English, or text whose language
    /// could not be told reliably (short text, which the length rules then handle).
    pub fn applies(&self, language: &LangInfo) -> bool {
        language.code == "en" || !language.reliable
    }

    /// The style reliability of a text of `words` words.
    pub fn reliability(&self, words: usize) -> f64 {
        (words as f64 / self.full_words as f64).min(1.0)
    }
}

fn compile(table: Option<&PatternTable>) -> Result<Compiled, String> {
    let Some(table) = table else {
        return Ok(Compiled::default());
    };
    let lex = lexicon();
    let mut weights = Vec::new();
    for (i, line) in table.table.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |what: &str| format!("[patterns] table line {}: {what}: `{line}`", i + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, center, scale, weight] = cols[..] else {
            return Err(err("expected pattern<TAB>center<TAB>scale<TAB>weight"));
        };
        let key = pattern::parse(name, lex).ok_or_else(|| err("unknown pattern"))?;
        let num = |s: &str| s.parse::<f64>().ok().filter(|v| v.is_finite());
        let (Some(center), Some(scale), Some(weight)) = (num(center), num(scale), num(weight))
        else {
            return Err(err("center, scale and weight must be finite numbers"));
        };
        if scale <= 0.0 {
            return Err(err("the scale must be positive"));
        }
        weights.push(PatternWeight {
            key,
            center,
            scale,
            weight,
        });
    }
    let compiled = compile_weights(weights);
    if compiled.per_occurrence.len() != compiled.weights.len() {
        return Err("[patterns] table lists a pattern twice".into());
    }
    Ok(compiled)
}

/// The symbols in compact numbering: the function words, then the classes.
const COMPACT: usize = pattern::CLASS_BASE as usize + pattern::CLASSES.len();

/// The dense index of a 2-gram key (symbol ids + 1 in bits 0-9 and 10-19), `a · COMPACT + b`:
/// class ids start at `CLASS_BASE`, so the function words and classes together stay under
/// `COMPACT`.
#[inline(always)]
fn short_index(key: Key) -> usize {
    let a = (key & 1023) as usize;
    let b = (key >> 10 & 1023) as usize;
    a * (COMPACT + 1) + b
}

fn compile_weights(weights: Vec<PatternWeight>) -> Compiled {
    let mut per_occurrence = KeyMap::with_capacity(weights.len());
    let mut unigrams = if weights.is_empty() {
        Vec::new()
    } else {
        vec![0.0f32; COMPACT + 1]
    };
    let n = |len: usize| {
        weights
            .iter()
            .filter(|p| pattern::symbols(p.key).count() == len)
            .count()
    };
    let mut bigrams = crate::style::table::Map::with_capacity(n(2));
    let mut trigrams = crate::style::table::Map::with_capacity(n(3));
    let mut trigram_prefix = vec![0u64; ((COMPACT + 1) * (COMPACT + 1)).div_ceil(64)];
    let mut constant = 0.0;
    for (i, p) in weights.iter().enumerate() {
        let term = (p.weight / p.scale) as f32;
        per_occurrence.insert(p.key, (i as u32, term));
        if p.key >> 10 == 0 {
            unigrams[p.key as usize] = term;
        } else if p.key >> 20 == 0 {
            bigrams.insert(p.key, term);
        } else {
            trigrams.insert(p.key, term);
            let prefix = short_index(p.key & 0xf_ffff);
            trigram_prefix[prefix / 64] |= 1 << (prefix % 64);
        }
        constant -= p.weight * p.center / p.scale;
    }
    Compiled {
        per_occurrence,
        unigrams,
        bigrams,
        trigrams,
        trigram_prefix,
        weights,
        constant,
    }
}

/// The answer to "was this machine-translated?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The document's language has no model (`mt` is null).
    Unsupported,
    /// Too little text and no translation finding: no answer.
    TooShort,
    Clean,
    Suspect,
    LikelyMt,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Unsupported => "unsupported",
            Verdict::TooShort => "too-short",
            Verdict::Clean => "clean",
            Verdict::Suspect => "suspect",
            Verdict::LikelyMt => "likely-mt",
        }
    }

    /// Every verdict, most severe first (the order summaries list them in).
    pub const BY_SEVERITY: [Verdict; 5] = [
        Verdict::LikelyMt,
        Verdict::Suspect,
        Verdict::Clean,
        Verdict::TooShort,
        Verdict::Unsupported,
    ];
}

/// The artifact evidence: findings per category outside translation, which do not move `mt`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Artifacts {
    /// Pipeline artifacts: glued words, cut-off sentences.
    pub artifact: usize,
    pub typography: usize,
    pub encoding: usize,
    pub debris: usize,
}

impl Artifacts {
    /// The flags a data engineer filters on: `scraped` (page furniture), `encoding` (broken
    /// text pipeline), `damaged-text` (glued words, cut-off sentences), `typography`.
    pub fn flags(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        for (n, flag) in [
            (self.debris, "scraped"),
            (self.encoding, "encoding"),
            (self.artifact, "damaged-text"),
            (self.typography, "typography"),
        ] {
            if n > 0 {
                v.push(flag);
            }
        }
        v
    }

    pub fn count(&self, c: Category) -> usize {
        match c {
            Category::Artifact => self.artifact,
            Category::Typography => self.typography,
            Category::Encoding => self.encoding,
            Category::Debris => self.debris,
            Category::Translation => 0,
        }
    }
}

/// The style pass's share of the score, computed during [`style::measure`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StyleInput {
    pub measurements: Measurements,
    /// Σ over pattern occurrences of weight / scale (see [`Weights::pattern_term`]).
    pub pattern_sum: f64,
    /// Per model pattern (index into [`Weights::pattern_weights`]), its count, when asked for.
    pub pattern_counts: Vec<(u32, u32)>,
}

/// Both answers for one document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// The probability of machine translation; `None` for an unsupported language.
    pub mt: Option<f64>,
    pub verdict: Verdict,
    /// The log-odds behind `mt` (0 when unsupported).
    pub logit: f64,
    /// How much of the style evidence counts (text length over the model's `full-words`).
    pub reliability: f64,
    /// The style measurements' share of the log-odds (features and patterns, after reliability).
    pub style_logit: f64,
    /// Translation rules, largest contribution first.
    pub contributions: Vec<Contribution>,
    /// Dense features, largest absolute contribution first.
    pub features: Vec<FeatureContribution>,
    /// Patterns, largest absolute contribution first (only with reasons asked for).
    pub patterns: Vec<PatternContribution>,
    pub artifacts: Artifacts,
    /// The largest contributions in words (only with reasons asked for).
    pub reasons: Vec<Reason>,
}

/// What [`score`] reads besides the findings.
#[derive(Debug)]
pub struct ScoreInput<'a> {
    pub text: &'a str,
    pub words: usize,
    pub language: &'a LangInfo,
    pub style: Option<&'a StyleInput>,
    /// How many reasons to give (0: none, and no pattern breakdown).
    pub reasons: usize,
}

/// Scores a document.
///
/// Repeats are one piece of evidence: findings of one rule over the same text (ignoring case),
/// such as every "Kiev" in an article, count once, with the highest confidence among them.
pub fn score(findings: &[Finding], input: &ScoreInput<'_>, model: &Weights) -> Score {
    let mut artifacts = Artifacts::default();
    let mut distinct: BTreeMap<(&'static str, String), f32> = BTreeMap::new();
    let mut per_rule: BTreeMap<&'static str, (&'static RuleMeta, usize, f64)> = BTreeMap::new();
    for f in findings {
        match f.rule.category {
            Category::Translation => {}
            Category::Artifact => artifacts.artifact += 1,
            Category::Typography => artifacts.typography += 1,
            Category::Encoding => artifacts.encoding += 1,
            Category::Debris => artifacts.debris += 1,
        }
        if f.rule.category != Category::Translation {
            continue;
        }
        per_rule.entry(f.rule.code).or_insert((f.rule, 0, 0.0)).1 += 1;
        let key = (
            f.rule.code,
            input.text.get(f.span.range()).unwrap_or("").to_lowercase(),
        );
        let c = distinct.entry(key).or_insert(0.0);
        *c = c.max(f.confidence);
    }
    for ((code, _), c) in distinct {
        if let Some(e) = per_rule.get_mut(code) {
            e.2 += f64::from(c);
        }
    }
    let scale = 1000.0 / input.words.max(model.length_floor_words).max(1) as f64;
    let mut contributions: Vec<Contribution> = per_rule
        .into_values()
        .map(|(meta, count, evidence)| {
            let weight = model.rule_weight(meta);
            let rate = evidence * scale;
            Contribution {
                code: meta.code,
                rule: meta.name,
                category: meta.category,
                count,
                evidence,
                rate,
                weight,
                logit: weight * rate.ln_1p(),
            }
        })
        .collect();
    contributions.sort_by(|a, b| b.logit.total_cmp(&a.logit).then(a.code.cmp(b.code)));
    let reliability = model.reliability(input.words);
    let supported = model.applies(input.language);
    let (mut features, mut patterns) = (Vec::new(), Vec::new());
    let mut style_logit = 0.0;
    if let (true, Some(style)) = (supported, input.style) {
        let m = &style.measurements;
        for (meta, value) in style::FEATURES.iter().zip(m.values) {
            let (Some(value), Some(fw)) = (value, model.features.get(meta.key)) else {
                continue;
            };
            features.push(FeatureContribution {
                feature: meta.key,
                unit: meta.unit,
                value,
                center: fw.center,
                weight: fw.weight,
                logit: reliability * fw.weight * feature_input(value, fw),
            });
        }
        features.sort_by(|a, b| {
            b.logit
                .abs()
                .total_cmp(&a.logit.abs())
                .then(a.feature.cmp(b.feature))
        });
        let per_symbol = 1000.0 / m.symbols.max(1) as f64;
        let pattern_logit = if m.symbols == 0 {
            0.0
        } else {
            style.pattern_sum * per_symbol + model.compiled.constant
        };
        style_logit = features.iter().map(|f| f.logit).sum::<f64>() + reliability * pattern_logit;
        if input.reasons > 0 && m.symbols > 0 {
            let weights = model.pattern_weights();
            let mut counts = vec![0u32; weights.len()];
            for &(i, n) in &style.pattern_counts {
                counts[i as usize] += n;
            }
            patterns = weights
                .iter()
                .zip(counts)
                .map(|(p, count)| {
                    let rate = f64::from(count) * per_symbol;
                    PatternContribution {
                        pattern: pattern::name(p.key, lexicon()),
                        count,
                        rate,
                        center: p.center,
                        logit: reliability * p.weight * (rate - p.center) / p.scale,
                    }
                })
                .filter(|p| p.logit.abs() >= 0.02)
                .collect();
            patterns.sort_by(|a, b| {
                b.logit
                    .abs()
                    .total_cmp(&a.logit.abs())
                    .then(a.pattern.cmp(&b.pattern))
            });
            patterns.truncate(20);
        }
    }
    let rule_logit: f64 = contributions.iter().map(|c| c.logit).sum();
    let logit = model.bias + rule_logit + style_logit;
    let (mt, verdict) = if !supported {
        (None, Verdict::Unsupported)
    } else {
        let mt = sigmoid(logit);
        if input.words < model.min_words && rule_logit <= 0.0 {
            (Some(mt), Verdict::TooShort)
        } else {
            (Some(mt), model.verdict(mt))
        }
    };
    let mut s = Score {
        mt,
        verdict,
        logit: if supported { logit } else { 0.0 },
        reliability,
        style_logit,
        contributions,
        features,
        patterns,
        artifacts,
        reasons: Vec::new(),
    };
    if input.reasons > 0 && supported {
        s.reasons = explain::reasons(
            &s.contributions,
            &s.features,
            &s.patterns,
            (s.reliability, s.style_logit),
            input.reasons,
        );
    }
    s
}

/// The logistic function.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests;
