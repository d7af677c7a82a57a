//! Composite-indicator mathematics: the steps between raw indicator values and an index, as
//! COINr (the EU Joint Research Centre's R package) and the MCDA literature define them.
//!
//! Every function here is pure and columnar: it takes one indicator as a column over the units
//! of a peer group (`&[Option<f64>]`, `None` for a missing cell, or `&[f64]` where a complete
//! matrix is required) and returns a new column of the same length, in the same order. Nothing
//! here reads files, prints or knows the config: the scoring methods and `check` wire these in.
//!
//! The pipeline, in COINr's order:
//!
//! 1. [`denominate`](mod@denominate): `x / d · scale`, so that big and small units compare
//!    fairly.
//! 2. [`impute`]: fill gaps with the mean or median of the unit's group (or of everyone).
//! 3. [`treat`](mod@treat): tame outliers by winsorisation, else a log transform, on COINr's
//!    skewness and kurtosis rule ([`moments`]).
//! 4. [`normalise`]: bring each indicator onto a common scale (min-max, z-score, goalposts,
//!    distance to a target or to the leader, percentile rank).
//! 5. [`aggregate`](mod@aggregate): weighted arithmetic, geometric or harmonic means, up a tree.
//!
//! Beside the pipeline, as advice: objective [`weights`] (entropy, CRITIC) and a
//! [`topsis`](mod@topsis) ranking. Every formula is written out in `docs/composite.md` exactly
//! as computed here.
//!
//! Inputs are assumed finite (the loaders reject NaN and infinities); parameters that could be
//! invalid (ranges, goalposts, trees) are validated when their types are built.

pub mod aggregate;
pub mod denominate;
pub mod impute;
pub mod moments;
pub mod normalise;
pub mod topsis;
pub mod treat;
pub mod weights;

#[cfg(test)]
mod props;

pub use aggregate::{aggregate, competition_ranks, weighted_mean, Mean, Node, Tree};
pub use denominate::denominate;
pub use impute::{impute_by_group, impute_by_group_with, impute_global, Fill, Imputation};
pub use moments::{kurtosis, mean, skewness, Moments};
pub use normalise::{
    distance_to_leader, distance_to_target, goalposts, min_max, percentile_rank, z_score,
    Goalposts, Range, ZScale,
};
pub use topsis::{topsis, TopsisNorm};
pub use treat::{treat, LogTransform, OutlierRule, TreatReport, Treatment, WinsorLimit};
pub use weights::{critic_weights, entropy_weights};

/// Which end of an indicator is better. Mirrors the config's direction (正向 / 逆向) without
/// depending on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Higher is better (正向).
    Higher,
    /// Lower is better (逆向).
    Lower,
}

/// A parameter or input shape that the mathematics cannot work with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompositeError {
    /// A range, goalposts or scale that is empty, reversed or not finite.
    #[error("invalid {what}: {why}")]
    Parameter { what: &'static str, why: String },
    /// Columns, weights or directions whose lengths disagree, or too few alternatives.
    #[error("{0}")]
    Shape(String),
    /// A negative value where only non-negative ones make sense (entropy weights).
    #[error("criterion {criterion}, alternative {row}: negative value {value} (entropy weights need values ≥ 0)")]
    Negative {
        criterion: usize,
        row: usize,
        value: f64,
    },
    /// Every criterion is constant over the alternatives: no criterion tells them apart.
    #[error("no weights can be derived: every criterion has the same value for all alternatives (or, for CRITIC, is perfectly correlated with every other)")]
    NoInformation,
}

/// The values present in `col`, in order.
pub fn present(col: &[Option<f64>]) -> Vec<f64> {
    col.iter().flatten().copied().collect()
}

/// Minimum and maximum of the values present; `None` when there are none.
pub(crate) fn min_max_present(col: &[Option<f64>]) -> Option<(f64, f64)> {
    col.iter().flatten().fold(None, |acc, &v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// `(x − a)/(b − a)`, computed on halved values when `b − a` overflows.
pub(crate) fn ratio(x: f64, a: f64, b: f64) -> f64 {
    let r = b - a;
    if r.is_finite() {
        (x - a) / r
    } else {
        (x / 2.0 - a / 2.0) / (b / 2.0 - a / 2.0)
    }
}
