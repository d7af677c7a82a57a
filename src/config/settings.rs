//! The settings of the top-level config that no period's own config replaces: `[rollup]`,
//! `[requirements]` and `[sensitivity]`.

use super::sensitivity;

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
