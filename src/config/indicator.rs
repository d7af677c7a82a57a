//! Indicators (指标): their missing-value policy, denominator, growth comparison, valid range
//! and what two files giving the same cell do.

use super::{Direction, Fill, Method};

/// What a missing (empty) cell does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingPolicy {
    /// The run fails, listing every missing cell.
    Error,
    /// Scores 0, flagged.
    Zero,
    /// Scores the mean score of the peers that have a value (按平均分), flagged.
    Average,
    /// The value is filled with the mean or median value of the unit's group, then scored
    /// (flagged).
    Impute(Fill, GroupBy),
}

/// The group whose values fill a missing cell under `missing = "impute"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// Every unit of the track.
    Track,
    /// The units of the track of the same category.
    Category,
    /// The units of the track with the same parent township or sub-district (units without a
    /// parent form one group).
    Parent,
}

impl GroupBy {
    /// The group of `unit`: one for the whole track, its category, or its parent (units without
    /// a parent form one group).
    pub fn key(self, unit: &crate::units::Unit) -> (u8, usize) {
        match self {
            GroupBy::Track => (0, 0),
            GroupBy::Category => (1, unit.category as usize),
            GroupBy::Parent => (2, unit.parent().unwrap_or(usize::MAX)),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Track => "track",
            GroupBy::Category => "category",
            GroupBy::Parent => "parent",
        }
    }
}

/// An indicator's value divided by a unit attribute: `x / d · scale`.
#[derive(Debug, Clone, PartialEq)]
pub struct Denominator {
    /// The attribute's column name (registry column or per-period attributes file).
    pub attribute: String,
    pub scale: f64,
}

/// Which earlier period a growth indicator compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// The calendar predecessor (环比): 2024Q1 against 2023Q4.
    Previous,
    /// The same period a year earlier (同比): 2024Q1 against 2023Q1.
    YearAgo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Growth {
    pub compare: Compare,
    /// A missing, not-applicable or zero earlier value makes the cell not applicable
    /// (instead of an error).
    pub none_is_not_applicable: bool,
}

/// Measurement units of counts — events, cases, households, people, places — of which there are
/// never fewer than none: a negative value of such an indicator is most likely a typo.
pub const COUNTS: &[&str] = &[
    "个", "户", "件", "起", "条", "篇", "项", "人", "人次", "件次", "户次", "万人", "家", "次",
    "宗", "例", "名", "套", "座", "处", "所", "辆", "台", "间",
];

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    /// Measurement unit, e.g. `亿元`, `%`, `件`.
    pub unit: String,
    /// Index into [`Config::dimensions`].
    pub dimension: usize,
    pub direction: Option<Direction>,
    pub method: Method,
    pub growth: Option<Growth>,
    pub missing: MissingPolicy,
    /// Headers the indicator's column may carry besides its id and name.
    pub aliases: Vec<String>,
    /// Values are percentages: `12.5%` and `12.5` both read as 12.5.
    pub percent: bool,
    /// Raw values outside this range are errors.
    pub valid: ValidRange,
    /// The lead department that supplies the values (牵头部门), if named.
    pub source: Option<String>,
    /// What the same cell given by two files does.
    pub duplicates: Duplicates,
    /// Whether values on two scales (fractions in one file, percentages in another) are accepted.
    pub mixed_scales: bool,
    /// The unit attribute the value is divided by before scoring.
    pub denominator: Option<Denominator>,
    /// Outlier treatment by the scheme's rule before scoring.
    pub treat: bool,
}

impl Indicator {
    /// Whether the values are percentages: `percent = true`, or the unit `%` (`％`). Values on
    /// two scales (fractions in one file, percentages in another) are checked for both (an error
    /// for `percent`, a warning for the unit alone); only `percent` accepts a trailing `%` in a
    /// cell.
    pub fn is_percentage(&self) -> bool {
        self.percent || matches!(self.unit.trim(), "%" | "％")
    }

    /// Whether the value scored is derived from the cell (divided, imputed or treated) and held
    /// as its own column while scoring.
    pub fn derives(&self) -> bool {
        self.denominator.is_some()
            || self.treat
            || matches!(self.missing, MissingPolicy::Impute(..))
    }
}

/// The same cell given by two files of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Duplicates {
    /// Always an error naming both files.
    #[default]
    Error,
    /// Accepted when the two values are equal.
    Equal,
}

/// The valid range of an indicator's raw values (`min`/`max` in the config; either may be open).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ValidRange {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Indicator {
    /// Whether the indicator counts something ([`COUNTS`]) and its config sets no `min`: then a
    /// negative value is taken, but with a warning.
    pub fn counts_without_min(&self) -> bool {
        !self.percent && self.valid.min.is_none() && COUNTS.contains(&self.unit.trim())
    }

    /// The values a cell of the indicator may hold with `points` on its track: its valid range,
    /// narrowed to what its method can score (`proportional`: ≥ 0; `direct`: within
    /// [0, points]); others are errors when read.
    pub fn scorable(&self, points: f64) -> ValidRange {
        let ValidRange { mut min, mut max } = self.valid;
        let at_least = |m: Option<f64>, v: f64| Some(m.map_or(v, |m| m.max(v)));
        match self.method {
            Method::Proportional => min = at_least(min, 0.0),
            Method::Direct => {
                min = at_least(min, 0.0);
                max = Some(max.map_or(points, |m| m.min(points)));
            }
            _ => {}
        }
        ValidRange { min, max }
    }
}

impl ValidRange {
    pub fn contains(&self, v: f64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

impl std::fmt::Display for ValidRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => write!(f, "[{lo}, {hi}]"),
            (Some(lo), None) => write!(f, "≥ {lo}"),
            (None, Some(hi)) => write!(f, "≤ {hi}"),
            (None, None) => f.write_str("any"),
        }
    }
}
