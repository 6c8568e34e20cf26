//! The training manifest (`src/data/training.toml`): which labeled files `mtlint train` reads,
//! how each is grouped and weighed, which of their documents are native English, and the
//! fitting options. The default model is exactly what `mtlint train --manifest
//! src/data/training.toml --data <dir>` writes.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Manifest {
    /// Strength of the Gaussian prior on the weights (λ).
    pub l2: f64,
    /// A pattern becomes a weight when at least this share of the documents contain it.
    pub min_df: f64,
    /// Folds of the cross-validation (grouped by pair) behind the calibration.
    pub folds: usize,
    /// At most this share of each native register may reach `likely-mt` ...
    pub likely_fpr: f64,
    /// ... and `suspect`.
    pub suspect_fpr: f64,
    pub min_words: usize,
    pub full_words: usize,
    pub length_floor_words: usize,
    #[serde(rename = "source", default)]
    pub sources: Vec<Source>,
}

/// One labeled data set.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Source {
    pub name: String,
    /// Paths relative to the data directory.
    pub files: Vec<String>,
    /// Each document's group (language pair) from this field ...
    #[serde(default)]
    pub group_field: Option<String>,
    /// ... or one group for the whole source.
    #[serde(default)]
    pub group: Option<String>,
    /// Leave-one-group-out cross-validation holds out this source's groups one at a time.
    #[serde(default)]
    pub holdout: bool,
    /// The source's share of the training weight, relative to the others.
    #[serde(default = "one")]
    pub weight: f64,
    /// Every document is native English (all negatives) ...
    #[serde(default)]
    pub native: bool,
    /// ... or those whose field has this value: `[field, value]`.
    #[serde(default)]
    pub native_where: Option<[String; 2]>,
    /// The register of the native documents, fixed ...
    #[serde(default)]
    pub register: Option<String>,
    /// ... or from this field.
    #[serde(default)]
    pub register_field: Option<String>,
    /// Only records whose field has this value: `[field, value]`.
    #[serde(default)]
    pub only: Option<[String; 2]>,
    #[serde(default = "default_label")]
    pub label_field: String,
    #[serde(default = "default_positive")]
    pub positive: String,
    #[serde(default = "default_pair")]
    pub pair_field: String,
}

fn one() -> f64 {
    1.0
}
fn default_label() -> String {
    "label".into()
}
fn default_positive() -> String {
    "mt".into()
}
fn default_pair() -> String {
    "pair".into()
}

impl Manifest {
    pub fn from_toml(s: &str) -> Result<Manifest, String> {
        let m: Manifest = toml::from_str(s).map_err(|e| e.to_string())?;
        if !(m.l2 > 0.0 && m.l2.is_finite()) {
            return Err("l2 must be positive".into());
        }
        if !(0.0..1.0).contains(&m.min_df) {
            return Err("min-df must be in [0, 1)".into());
        }
        if m.folds < 2 {
            return Err("folds must be at least 2".into());
        }
        for v in [m.likely_fpr, m.suspect_fpr] {
            if !(0.0..=1.0).contains(&v) {
                return Err("likely-fpr and suspect-fpr must be in [0, 1]".into());
            }
        }
        if m.full_words == 0 {
            return Err("full-words must be at least 1".into());
        }
        let mut names = BTreeMap::new();
        for s in &m.sources {
            if names.insert(&s.name, ()).is_some() {
                return Err(format!("source `{}` is listed twice", s.name));
            }
            if s.group.is_some() == s.group_field.is_some() {
                return Err(format!(
                    "source `{}`: give exactly one of group and group-field",
                    s.name
                ));
            }
            if s.native && s.native_where.is_some() {
                return Err(format!(
                    "source `{}`: native and native-where exclude each other",
                    s.name
                ));
            }
            if !(s.weight > 0.0 && s.weight.is_finite()) {
                return Err(format!("source `{}`: weight must be positive", s.name));
            }
            if s.files.is_empty() {
                return Err(format!("source `{}` lists no files", s.name));
            }
        }
        if m.sources.is_empty() {
            return Err("the manifest lists no [[source]]".into());
        }
        Ok(m)
    }
}
