//! Methods that score a unit on its own value: `target`, `bands`, `deduct`, `direct`, `binary`.

use crate::config::Direction;
use crate::data::Column;

/// 目标完成率: rate = x/t (lower t/x, x = 0 scores the cap); `P·min(max(rate, 0), cap)`.
///
/// Lower-is-better, taken literally as specified: a negative x gives a negative rate and scores
/// 0, although it is lower than every positive value. Loading warns about such values.
pub fn target(col: &Column, dir: Direction, p: f64, cap: f64, targets: &[f64], out: &mut [f64]) {
    for (i, x) in col.values() {
        // Targets are resolved for every unit with a value when loading; NaN scores 0.
        let t = targets.get(i).copied().unwrap_or(f64::NAN);
        let rate = match dir {
            Direction::Higher => x / t,
            Direction::Lower if x == 0.0 => cap,
            Direction::Lower => t / x,
        };
        out[i] = p * rate.max(0.0).min(cap);
    }
}

/// 档次: the points of the highest lower bound ≤ x; 0 below every bound. `bands` sorted by bound.
pub fn bands(col: &Column, bands: &[(f64, f64)], out: &mut [f64]) {
    for (i, x) in col.values() {
        let k = bands.partition_point(|b| b.0 <= x);
        out[i] = if k == 0 { 0.0 } else { bands[k - 1].1 };
    }
}

/// 扣分制: `max(P − per·shortfall, 0)`, shortfall `max(t−x, 0)` (lower: `max(x−t, 0)`).
pub fn deduct(col: &Column, dir: Direction, p: f64, per: f64, threshold: f64, out: &mut [f64]) {
    for (i, x) in col.values() {
        let shortfall = match dir {
            Direction::Higher => (threshold - x).max(0.0),
            Direction::Lower => (x - threshold).max(0.0),
        };
        out[i] = (p - per * shortfall).max(0.0);
    }
}

/// 直接赋分: the cell is the score (checked to lie in [0, P] when loading).
pub fn direct(col: &Column, out: &mut [f64]) {
    for (i, x) in col.values() {
        out[i] = x;
    }
}

/// 完成/未完成: 1 ⇒ P, 0 ⇒ 0.
pub fn binary(col: &Column, p: f64, out: &mut [f64]) {
    for (i, x) in col.values() {
        out[i] = if x == 1.0 { p } else { 0.0 };
    }
}
