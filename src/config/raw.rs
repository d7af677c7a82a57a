//! The TOML schema exactly as written in `scoring-config.toml`, before validation.
//!
//! Unknown keys are rejected (`deny_unknown_fields`) so that a typo such as `dirction` is an error
//! with its line, not a silently ignored setting.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub decimals: Option<i64>,
    pub adjustments: Option<RawAdjustments>,
    #[serde(default)]
    pub dimensions: Vec<Spanned<RawDimension>>,
    #[serde(default)]
    pub tracks: Vec<Spanned<RawTrack>>,
    #[serde(default)]
    pub indicators: Vec<Spanned<RawIndicator>>,
    pub rollup: Option<RawRollup>,
    pub requirements: Option<RawRequirements>,
    /// `[treatment]`: the outlier rule of indicators with `treat = true`.
    pub treatment: Option<RawTreatment>,
    /// `[sensitivity]`: what `pingyi sensitivity` varies (settings of the top-level file).
    pub sensitivity: Option<toml::Spanned<RawSensitivity>>,
}

/// `[treatment]`: COINr's outlier rule (see `docs/composite.md`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTreatment {
    pub skew: Option<f64>,
    pub kurtosis: Option<f64>,
    pub inclusive: Option<bool>,
    pub winsorise: Option<i64>,
    pub limit: Option<String>,
    pub log: Option<String>,
}

/// `[requirements]`: thresholds of the rule-based requirement lines (提要求).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequirements {
    pub bottom_share: Option<f64>,
    pub min_points_lost: Option<f64>,
    pub fall_places: Option<i64>,
    pub slow_progress: Option<bool>,
    pub dimensions: Option<bool>,
}

/// `[rollup]`: weights of the annual comprehensive assessment (全年综合考评).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRollup {
    pub quarterly: Option<f64>,
    pub monthly: Option<f64>,
    pub year_end: Option<f64>,
    pub missing: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdjustments {
    pub bonus_cap: Option<f64>,
    pub deduction_cap: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub core: bool,
    /// The dimension this one belongs to in the dimension tree (`tree = true` tracks).
    pub parent: Option<String>,
    /// The dimension's weight among its siblings in the tree (default 1).
    pub weight: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrack {
    pub id: String,
    pub name: String,
    pub categories: Vec<String>,
    #[serde(default)]
    pub classes: Vec<String>,
    pub total: f64,
    #[serde(default)]
    pub tie_breakers: Vec<String>,
    pub grades: RawGrades,
    /// `arithmetic` (default: the sum of scores), `geometric` or `harmonic`.
    pub aggregation: Option<String>,
    /// Aggregate through the dimension tree (the mean of dimension scores).
    #[serde(default)]
    pub tree: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrades {
    /// `share` (cumulative rank shares) or `score` (thresholds on the rounded total).
    pub by: String,
    pub levels: Vec<RawLevel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub name: String,
    pub share: Option<f64>,
    pub min: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub unit: String,
    pub dimension: String,
    pub method: String,
    pub direction: Option<String>,
    /// Points per track id: `points = { town = 10, village = 8 }`.
    pub points: toml::Table,
    #[serde(default)]
    pub missing: Option<String>,
    pub transform: Option<String>,
    pub compare: Option<String>,
    pub on_no_previous: Option<String>,
    // Method parameters; which ones apply depends on `method`.
    pub base: Option<f64>,
    pub step: Option<f64>,
    pub floor: Option<f64>,
    pub cap: Option<f64>,
    pub target: Option<f64>,
    pub bands: Option<Vec<Vec<f64>>>,
    pub per: Option<f64>,
    pub threshold: Option<f64>,
    /// `minmax`: the range `[l, u]` (percent of the points) the values are mapped to.
    pub range: Option<Vec<f64>>,
    /// `zscore`: `[mean, sd]` (percent of the points) the z-scores are rescaled to.
    pub zscore: Option<Vec<f64>>,
    /// `goalposts`: `[lower, upper]` in the indicator's own units.
    pub goalposts: Option<Vec<f64>>,
    // Composite-indicator steps before scoring (see docs/composite.md).
    /// The unit attribute the value is divided by (`population`, `area` …).
    pub denominator: Option<String>,
    /// `value / denominator · scale`, e.g. 10000 for "per 10,000 people" (default 1).
    pub scale: Option<f64>,
    /// `missing = "impute"`: the statistic (`mean` or `median`) …
    pub impute: Option<String>,
    /// … of which group: `track` (default), `category` or `parent`.
    pub impute_by: Option<String>,
    /// Outlier treatment by the scheme's `[treatment]` rule before scoring.
    #[serde(default)]
    pub treat: bool,
    // Reading the data (see docs/reading.md).
    /// Other headers the indicator's column may carry: `aliases = ["固定资产投资(亿元)"]`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Values are percentages: `12.5%` and `12.5` both read as 12.5.
    #[serde(default)]
    pub percent: bool,
    /// The valid range of raw values: `min = 0`, `max = 100` (either may be left out).
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The lead department that supplies the values (牵头部门): `source = "区统计局"`.
    pub source: Option<String>,
    /// The same cell given by two files: `"error"` (default) or `"equal"` (accepted when the
    /// values agree).
    pub duplicates: Option<String>,
    /// Values on two scales (fractions ≤ 1 in one file, > 1 in another) are accepted.
    #[serde(default)]
    pub mixed_scales: bool,
}

impl RawIndicator {
    /// The method parameters that are set, by key name, for rejecting those a method does not take.
    pub fn params_set(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        let pairs: [(&'static str, bool); 11] = [
            ("base", self.base.is_some()),
            ("step", self.step.is_some()),
            ("floor", self.floor.is_some()),
            ("cap", self.cap.is_some()),
            ("target", self.target.is_some()),
            ("bands", self.bands.is_some()),
            ("per", self.per.is_some()),
            ("threshold", self.threshold.is_some()),
            ("range", self.range.is_some()),
            ("zscore", self.zscore.is_some()),
            ("goalposts", self.goalposts.is_some()),
        ];
        for (k, set) in pairs {
            if set {
                v.push(k);
            }
        }
        v
    }
}

/// `[sensitivity]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSensitivity {
    pub runs: Option<i64>,
    pub seed: Option<i64>,
    pub weights: Option<f64>,
    pub threshold: Option<f64>,
    pub missing: Option<Vec<String>>,
    #[serde(default)]
    pub alternatives: Vec<RawAlternative>,
    pub in_statements: Option<bool>,
    pub in_statements_up_to: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlternative {
    pub indicator: String,
    /// Each a method with its parameters (`{ method = "efficacy", base = 0.5 }`), or parameters
    /// only (`{ base = 0.5 }`: the indicator's method with these parameters changed).
    pub methods: Vec<toml::Table>,
}
