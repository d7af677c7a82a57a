//! The scoring scheme (`scoring-config.toml`): tracks, dimensions, indicators and their methods.
//!
//! [`Config::load`] parses the TOML and validates it once; every other module can trust a
//! [`Config`]: references resolve, parameters are in range, points add up per track.
//!
//! One file holds two things: the **scheme** of a period ([`Config`]: tracks, dimensions,
//! indicators, decimals, caps), which a period's own `data/<period>/scoring-config.toml` may
//! replace, and the **settings** ([`Settings`]: roll-up weights, requirement thresholds), which
//! are always the top-level file's. [`Config::load_with_settings`] reads both at once.

mod raw;
mod validate;
pub use validate::sensitivity;

pub use validate::{beyond, MAX_POINTS, MAX_POINTS_WHY};

use std::path::{Path, PathBuf};

pub use crate::composite::{Fill, Mean, OutlierRule};
use crate::error::{Error, Problem, Problems};
use crate::units::Category;

pub use validate::validate;

/// A validated scoring scheme.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it was read from (shown in outputs and errors).
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex: which rules scored a period.
    pub sha256: String,
    /// Decimals for rounding totals (ranking and display).
    pub decimals: usize,
    pub bonus_cap: Option<f64>,
    pub deduction_cap: Option<f64>,
    pub dimensions: Vec<Dimension>,
    pub tracks: Vec<Track>,
    pub indicators: Vec<Indicator>,
    /// `[treatment]`: the outlier rule of indicators with `treat = true`.
    pub treatment: OutlierRule,
}

/// The settings of the top-level config that no period's own config replaces.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    /// `[rollup]`: weights of the annual roll-up.
    pub rollup: Rollup,
    /// `[requirements]`: thresholds of the requirement lines.
    pub requirements: Requirements,
    /// `[sensitivity]`: what `pingyi sensitivity` varies, when the section is present.
    pub sensitivity: Option<sensitivity::Spec>,
}

/// `[requirements]`: when a requirement line (提要求) is written for a unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Requirements {
    /// An indicator (or dimension) rank r among n is in the bottom share when
    /// `r > ⌈(1 − bottom_share)·n⌉`; 0 turns these lines off.
    pub bottom_share: f64,
    /// An indicator line also needs more rescaled points lost than this.
    pub min_points_lost: f64,
    /// A fall of at least this many places since the earlier period gets a line.
    pub fall_places: u32,
    /// A line for 慢进 (same rank, score change below the track's median change).
    pub slow_progress: bool,
    /// Bottom-share lines for dimension subtotals too.
    pub dimensions: bool,
}

impl Default for Requirements {
    fn default() -> Self {
        Requirements {
            bottom_share: 0.25,
            min_points_lost: 0.0,
            fall_places: 3,
            slow_progress: true,
            dimensions: true,
        }
    }
}

/// `[rollup]`: `annual = quarterly·mean(quarter totals) + monthly·mean(efficiency scores)
/// + year_end·(year-end review) + bonus − deduction`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rollup {
    pub quarterly: f64,
    pub monthly: f64,
    pub year_end: f64,
    pub missing: RollupMissing,
}

impl Default for Rollup {
    fn default() -> Self {
        Rollup {
            quarterly: 1.0,
            monthly: 0.0,
            year_end: 0.0,
            missing: RollupMissing::Error,
        }
    }
}

/// What a missing quarter, month or unit score does in the roll-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollupMissing {
    /// The run fails, listing every missing piece.
    Error,
    /// Left out of its mean; the output lists what was skipped.
    Skip,
    /// Counts as 0 in its mean; the output lists it.
    Zero,
}

/// A work area of the "3+N" layout (板块).
#[derive(Debug, Clone)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    pub core: bool,
    /// The dimension this one belongs to in the dimension tree (index into
    /// [`Config::dimensions`]); `None` at the top.
    pub parent: Option<usize>,
    /// The weight among its siblings when a track aggregates through the tree.
    pub weight: f64,
}

/// A peer group ranked together (赛道).
#[derive(Debug, Clone)]
pub struct Track {
    pub id: String,
    pub name: String,
    pub categories: Vec<Category>,
    /// Department classes; empty = every class.
    pub classes: Vec<String>,
    pub total: f64,
    pub tie_breakers: Vec<TieBreaker>,
    pub grades: GradeRule,
    /// The indicators that apply on this track, in config order, with their points.
    pub indicators: Vec<TrackIndicator>,
    /// How indicator scores combine into the indicator total.
    pub aggregation: Aggregation,
}

/// How a track combines its indicator scores: the weighted mean of the attainments `s/P` (weights
/// P), times the track total, over the indicators or through the dimension tree. The default —
/// arithmetic, flat — is the sum of the scores rescaled over the applicable points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aggregation {
    pub mean: Mean,
    /// Through the dimension tree: each dimension the mean of its indicators (or child
    /// dimensions), the total the mean of the top dimensions.
    pub tree: bool,
}

impl Default for Aggregation {
    fn default() -> Self {
        Aggregation {
            mean: Mean::Arithmetic,
            tree: false,
        }
    }
}

impl Aggregation {
    /// Today's sum of scores: arithmetic and flat.
    pub fn is_sum(&self) -> bool {
        *self == Aggregation::default()
    }
}

impl Track {
    /// Whether a unit of this category and class belongs here.
    pub fn selects(&self, category: Category, class: Option<&str>) -> bool {
        self.categories.contains(&category)
            && (self.classes.is_empty()
                || class.is_some_and(|c| self.classes.iter().any(|k| k == c)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackIndicator {
    /// Index into [`Config::indicators`].
    pub indicator: usize,
    /// P: the indicator's points on this track.
    pub points: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieBreaker {
    /// The sum of the core dimensions' subtotals.
    Core,
    /// One dimension's subtotal (index into [`Config::dimensions`]).
    Dimension(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub enum GradeRule {
    /// Cumulative rank shares, e.g. 优秀 0.2, 良好 0.8, 一般 1.0.
    Share(Vec<(String, f64)>),
    /// Minimum rounded totals, strictly decreasing; the last level may have none.
    Score(Vec<(String, Option<f64>)>),
}

impl GradeRule {
    pub fn level_names(&self) -> Vec<&str> {
        match self {
            GradeRule::Share(v) => v.iter().map(|(n, _)| n.as_str()).collect(),
            GradeRule::Score(v) => v.iter().map(|(n, _)| n.as_str()).collect(),
        }
    }

    pub fn lowest(&self) -> usize {
        self.level_names().len() - 1
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// 正向: higher is better.
    Higher,
    /// 逆向: lower is better.
    Lower,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    Proportional,
    Efficacy {
        base: f64,
    },
    Rank {
        step: f64,
        floor: f64,
    },
    Target {
        cap: f64,
        target: Option<f64>,
    },
    /// `(lower_bound, points)`, sorted by bound, bounds strictly increasing.
    Bands(Vec<(f64, f64)>),
    Deduct {
        per: f64,
        threshold: f64,
    },
    Direct,
    Binary,
    /// Min-max to `[lo, hi]` percent of P: `P·(lo + (hi − lo)·(x − min)/(max − min))/100`.
    MinMax {
        lo: f64,
        hi: f64,
    },
    /// Z-score rescaled to percent of P: `P·clamp(mean + sd·z, 0, 100)/100`.
    ZScore {
        mean: f64,
        sd: f64,
    },
    /// Goalposts in the indicator's units: `P·clamp((x − lower)/(upper − lower), 0, 1)`.
    Goalposts {
        lower: f64,
        upper: f64,
    },
    /// Distance to a target, capped: `P` at or beyond it, else `P·(x − min)/(t − min)`.
    DistanceToTarget {
        target: f64,
    },
    /// Distance to the leader: `P·x/max` (lower: `P·min/x`).
    DistanceToLeader,
    /// Percentile rank: `P·#{peers strictly worse}/(n − 1)`.
    Percentile,
}

impl Method {
    pub fn name(&self) -> &'static str {
        match self {
            Method::Proportional => "proportional",
            Method::Efficacy { .. } => "efficacy",
            Method::Rank { .. } => "rank",
            Method::Target { .. } => "target",
            Method::Bands(_) => "bands",
            Method::Deduct { .. } => "deduct",
            Method::Direct => "direct",
            Method::Binary => "binary",
            Method::MinMax { .. } => "minmax",
            Method::ZScore { .. } => "zscore",
            Method::Goalposts { .. } => "goalposts",
            Method::DistanceToTarget { .. } => "distance_to_target",
            Method::DistanceToLeader => "distance_to_leader",
            Method::Percentile => "percentile",
        }
    }

    /// Whether the method scores a unit against its peers' values (treatment and imputation
    /// change those), rather than on its own value alone.
    pub fn is_relative(&self) -> bool {
        matches!(
            self,
            Method::Proportional
                | Method::Efficacy { .. }
                | Method::Rank { .. }
                | Method::MinMax { .. }
                | Method::ZScore { .. }
                | Method::DistanceToTarget { .. }
                | Method::DistanceToLeader
                | Method::Percentile
        )
    }

    /// The most points a unit can score with P points on the track (P·cap for target methods).
    pub fn max_score(&self, p: f64) -> f64 {
        match self {
            Method::Target { cap, .. } => p * cap,
            _ => p,
        }
    }
}

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
            GroupBy::Parent => (2, unit.parent.unwrap_or(usize::MAX)),
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

impl Config {
    /// Reads and validates a scheme (its settings are validated too, and dropped). All problems
    /// are reported together.
    pub fn load(path: &Path) -> Result<Config, Error> {
        Config::load_with_settings(path).map(|(cfg, _)| cfg)
    }

    /// Reads and validates a scheme and its settings. All problems are reported together.
    pub fn load_with_settings(path: &Path) -> Result<(Config, Settings), Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let mut p = Problems::new();
            let off = e.utf8_error().valid_up_to();
            p.push(Problem::error(
                path,
                format!("not valid UTF-8 at byte {off}: save the config as UTF-8"),
            ));
            Error::Invalid(p)
        })?;
        Config::parse_with_settings(&text, path)
    }

    /// The scheme that scores `period`: `data/<period>/scoring-config.toml` when it exists (rules
    /// as they were then), else `top` — so refining the rules never rewrites published results.
    pub fn for_period(
        top: &Path,
        data: &Path,
        period: crate::period::Period,
    ) -> Result<Config, Error> {
        let own = period.dir(data).join("scoring-config.toml");
        Config::load(if own.is_file() { &own } else { top })
    }

    /// Parses and validates TOML text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        Config::parse_with_settings(text, path).map(|(cfg, _)| cfg)
    }

    /// [`Config::parse`], keeping the settings.
    pub fn parse_with_settings(text: &str, path: &Path) -> Result<(Config, Settings), Error> {
        let mut problems = Problems::new();
        let raw: raw::RawConfig = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let line = e.span().map(|s| line_of(text, s.start));
                problems.push(Problem::error(path, e.message().to_string()).line(line));
                return Err(Error::Invalid(problems));
            }
        };
        match validate(raw, text, path, &mut problems) {
            Some((mut cfg, settings)) if !problems.has_errors() => {
                cfg.sha256 = crate::digest::sha256_hex(text.as_bytes());
                Ok((cfg, settings))
            }
            _ => Err(Error::Invalid(problems)),
        }
    }

    pub fn indicator(&self, ti: &TrackIndicator) -> &Indicator {
        &self.indicators[ti.indicator]
    }

    /// Whether any track uses the indicator.
    pub fn track_position(&self, track: usize, indicator: usize) -> Option<usize> {
        self.tracks[track]
            .indicators
            .iter()
            .position(|t| t.indicator == indicator)
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> u64 {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}
