//! Normalisations: bringing each indicator onto a common scale before aggregation.
//!
//! Each takes one column over a peer group and the indicator's [`Direction`], and returns a
//! column of the same length: missing cells stay missing and are left out of every peer
//! statistic (min, max, mean, sd, ranks). Equal values always get equal results, except that
//! [`percentile_rank`] is a rank (ties share the lower percentile). When every value present is
//! the same, no unit is worse than another and each gets the top of the scale (COINr returns
//! `NaN` there).

use super::{min_max_present, ratio, CompositeError, Direction};

/// A target interval `[lo, hi]` with `lo < hi`, both finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    lo: f64,
    hi: f64,
}

impl Range {
    pub fn new(lo: f64, hi: f64) -> Result<Range, CompositeError> {
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(CompositeError::Parameter {
                what: "range",
                why: format!("[{lo}, {hi}]: need finite bounds with lower < upper"),
            });
        }
        Ok(Range { lo, hi })
    }
}

/// Min-max to `[l, u]` after direction: `l + (u − l)·(x − min)/(max − min)`, lower-better
/// `(max − x)` in place of `(x − min)`. All equal ⇒ `u`.
pub fn min_max(col: &[Option<f64>], dir: Direction, range: Range) -> Vec<Option<f64>> {
    let Some(peers) = min_max_present(col) else {
        return col.to_vec();
    };
    map(col, |x| min_max_at(x, dir, range.lo, range.hi, peers))
}

/// [`min_max`] of one value, given the peers' `(min, max)` and a valid range `l < u`.
pub fn min_max_at(x: f64, dir: Direction, l: f64, u: f64, (min, max): (f64, f64)) -> f64 {
    if min == max {
        return u;
    }
    let q = match dir {
        Direction::Higher => ratio(x, min, max),
        Direction::Lower => ratio(x, max, min),
    };
    q * (u - l) + l
}

/// The mean and standard deviation a z-score is rescaled to (`sd > 0`, both finite).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZScale {
    mean: f64,
    sd: f64,
}

impl ZScale {
    pub fn new(mean: f64, sd: f64) -> Result<ZScale, CompositeError> {
        if !(mean.is_finite() && sd.is_finite() && sd > 0.0) {
            return Err(CompositeError::Parameter {
                what: "z-score scale",
                why: format!("mean {mean}, sd {sd}: need finite values with sd > 0"),
            });
        }
        Ok(ZScale { mean, sd })
    }
}

/// Z-score rescaled: `m + s·(x − x̄)/σ`, lower-better `(x̄ − x)`; `x̄` the mean and `σ` the
/// sample standard deviation (divisor n − 1) of the values present. Fewer than 2 values or all
/// equal ⇒ `m`.
pub fn z_score(col: &[Option<f64>], dir: Direction, scale: ZScale) -> Vec<Option<f64>> {
    let Some(peers) = z_peers(&super::present(col)) else {
        return col.to_vec();
    };
    map(col, |v| z_score_at(v, dir, scale.mean, scale.sd, peers))
}

/// The peer figures of a z-score: the mean `x̄` (as [`super::moments::mean`]), the sample
/// standard deviation σ and the number of values; `None` without a value.
pub fn z_peers(x: &[f64]) -> Option<(f64, f64, usize)> {
    let xbar = super::moments::mean(x)?;
    let n = x.len() as f64;
    let sd = (x.iter().map(|v| (v - xbar) * (v - xbar)).sum::<f64>() / (n - 1.0)).sqrt();
    Some((xbar, sd, x.len()))
}

/// [`z_score`] of one value, given the peers' `(x̄, σ, n)` and the rescaling `m + s·z`.
pub fn z_score_at(v: f64, dir: Direction, m: f64, s: f64, (xbar, sd, n): (f64, f64, usize)) -> f64 {
    if n < 2 || sd == 0.0 {
        return m;
    }
    let z = match dir {
        Direction::Higher => (v - xbar) / sd,
        Direction::Lower => (xbar - v) / sd,
    };
    z * s + m
}

/// Fixed bounds in the indicator's own units: `lower < upper`, both finite, and a scale > 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goalposts {
    lower: f64,
    upper: f64,
    scale: f64,
}

impl Goalposts {
    pub fn new(lower: f64, upper: f64, scale: f64) -> Result<Goalposts, CompositeError> {
        if !(lower.is_finite() && upper.is_finite() && lower < upper) {
            return Err(CompositeError::Parameter {
                what: "goalposts",
                why: format!("[{lower}, {upper}]: need finite bounds with lower < upper"),
            });
        }
        if !(scale.is_finite() && scale > 0.0) {
            return Err(CompositeError::Parameter {
                what: "goalposts scale",
                why: format!("{scale}: need a finite value > 0"),
            });
        }
        Ok(Goalposts {
            lower,
            upper,
            scale,
        })
    }
}

/// Goalposts: `a·clamp((x − L)/(U − L), 0, 1)`, lower-better `(U − x)/(U − L)`. Independent of
/// the other units: a value at or beyond the better post gets `a`, at or beyond the worse one 0.
pub fn goalposts(col: &[Option<f64>], dir: Direction, posts: Goalposts) -> Vec<Option<f64>> {
    let Goalposts {
        lower,
        upper,
        scale,
    } = posts;
    map(col, |x| goalposts_at(x, dir, lower, upper) * scale)
}

/// The clamped position of one value between goalposts `lower < upper`, in [0, 1].
pub fn goalposts_at(x: f64, dir: Direction, lower: f64, upper: f64) -> f64 {
    let q = match dir {
        Direction::Higher => ratio(x, lower, upper),
        Direction::Lower => ratio(x, upper, lower),
    };
    q.clamp(0.0, 1.0)
}

/// Distance to a target `t` (capped): higher-better `1` if `x ≥ t`, else `(x − min)/(t − min)`;
/// lower-better `1` if `x ≤ t`, else `(max − x)/(max − t)`. In [0, 1]; the worst unit gets 0
/// unless it reaches the target.
pub fn distance_to_target(col: &[Option<f64>], dir: Direction, target: f64) -> Vec<Option<f64>> {
    let Some(peers) = min_max_present(col) else {
        return col.to_vec();
    };
    map(col, |x| distance_to_target_at(x, dir, target, peers))
}

/// [`distance_to_target`] of one value, given the peers' `(min, max)`.
pub fn distance_to_target_at(x: f64, dir: Direction, target: f64, (min, max): (f64, f64)) -> f64 {
    match dir {
        Direction::Higher if x >= target => 1.0,
        Direction::Higher => ratio(x, min, target),
        Direction::Lower if x <= target => 1.0,
        Direction::Lower => ratio(x, max, target),
    }
}

/// Distance to the leader, for values ≥ 0: higher-better `x / max`; lower-better `min / x`
/// (`x = 0` ⇒ 1). All equal ⇒ 1. (pingyi's `proportional` method, without the points.)
pub fn distance_to_leader(col: &[Option<f64>], dir: Direction) -> Vec<Option<f64>> {
    let Some(peers) = min_max_present(col) else {
        return col.to_vec();
    };
    map(col, |x| distance_to_leader_at(x, dir, peers))
}

/// [`distance_to_leader`] of one value, given the peers' `(min, max)`.
pub fn distance_to_leader_at(x: f64, dir: Direction, (min, max): (f64, f64)) -> f64 {
    if min == max {
        return 1.0;
    }
    match dir {
        Direction::Higher => x / max,
        Direction::Lower if x == 0.0 => 1.0,
        Direction::Lower => min / x,
    }
}

/// Percentile rank: the share of the other units that are strictly worse, `#{worse} / (n − 1)`,
/// n the number of values present. Ties share the lower percentile (COINr's `n_prank`,
/// `dplyr::percent_rank`); the best gets 1, the worst 0. One value, or all equal ⇒ 1.
pub fn percentile_rank(col: &[Option<f64>], dir: Direction) -> Vec<Option<f64>> {
    let sorted = percentile_keys(col.iter().flatten().copied(), dir);
    map(col, |x| percentile_at(x, dir, &sorted))
}

/// The peers' values as percentile keys (lower-better negated), sorted ascending.
pub fn percentile_keys(values: impl Iterator<Item = f64>, dir: Direction) -> Vec<f64> {
    let mut sorted: Vec<f64> = values.map(|x| percentile_key(x, dir)).collect();
    sorted.sort_by(f64::total_cmp);
    sorted
}

fn percentile_key(x: f64, dir: Direction) -> f64 {
    match dir {
        Direction::Higher => x,
        Direction::Lower => -x,
    }
}

/// [`percentile_rank`] of one value, given the sorted keys of [`percentile_keys`].
pub fn percentile_at(x: f64, dir: Direction, sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if sorted.first() == sorted.last() {
        return 1.0;
    }
    let worse = sorted.partition_point(|&v| v < percentile_key(x, dir));
    worse as f64 / (n - 1) as f64
}

fn map(col: &[Option<f64>], f: impl Fn(f64) -> f64) -> Vec<Option<f64>> {
    col.iter().map(|v| v.map(&f)).collect()
}

#[cfg(test)]
mod tests;
