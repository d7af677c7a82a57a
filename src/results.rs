//! The results of scoring a period: plain data, read by analysis and rendering. Every vector is
//! indexed by a unit's position in its track.

use crate::period::Period;

/// A whole period's results.
#[derive(Debug, Clone)]
pub struct Results {
    pub period: Period,
    pub tracks: Vec<TrackResult>,
}

/// One track's results; every vector is indexed by the unit's position in the track.
#[derive(Debug, Clone)]
pub struct TrackResult {
    pub track: usize,
    /// Registry indexes.
    pub units: Vec<usize>,
    pub scores: TrackScores,
    /// Σ bonus points before the cap, and after it.
    pub bonus_claimed: Vec<f64>,
    pub bonus: Vec<f64>,
    pub deduction_claimed: Vec<f64>,
    pub deduction: Vec<f64>,
    pub veto: Vec<bool>,
    /// Full precision.
    pub total: Vec<f64>,
    /// Rounded to the configured decimals; ranks are decided on these.
    pub rounded: Vec<f64>,
    pub rank: Vec<u32>,
    /// Index into the track's grade levels.
    pub grade: Vec<usize>,
    /// Positions in display order: rank, then unit id.
    pub order: Vec<usize>,
}

/// How an indicator score came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Scored from the unit's value.
    Scored,
    /// Missing, scored 0 by policy `zero` (flagged).
    ZeroFilled,
    /// Missing, given the peers' mean score by policy `average` (flagged).
    AverageFilled,
    /// Not applicable: left out of the sum and of the applicable points.
    NotApplicable,
}

/// One indicator's scores on a track.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreColumn {
    /// 0 where not applicable.
    pub score: Vec<f64>,
    pub status: Vec<Status>,
}

/// Indicator scores and rescaled sums of one track.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackScores {
    /// Parallel to the track's indicators.
    pub columns: Vec<ScoreColumn>,
    /// A: points of the indicators applicable to each unit.
    pub applicable: Vec<f64>,
    /// The raw indicator sum of each unit (before rescaling).
    pub raw_sum: Vec<f64>,
    /// T/A for each unit.
    pub scale: Vec<f64>,
    /// The dimensions used on the track (config indices, config order).
    pub dims: Vec<usize>,
    /// `[k][pos]`: subtotal of `dims[k]`, rescaled by the same T/A.
    pub dim_scores: Vec<Vec<f64>>,
    /// Σ scores · T/A.
    pub indicator_total: Vec<f64>,
}
