//! Methods that score a unit on its own value: `target`, `bands`, `deduct`, `direct`, `binary`.

use crate::config::Direction;

/// 目标完成率: rate = x/t (lower t/x, x = 0 scores the cap); `P·min(max(rate, 0), cap)`.
///
/// Lower-is-better, taken literally as specified: a negative x gives a negative rate and scores
/// 0, although it is lower than every positive value. Loading warns about such values. A target
/// of NaN (none resolved; loading rejects that) scores 0.
pub fn target(x: f64, dir: Direction, p: f64, cap: f64, t: f64) -> f64 {
    let rate = match dir {
        Direction::Higher => x / t,
        Direction::Lower if x == 0.0 => cap,
        Direction::Lower => t / x,
    };
    p * rate.max(0.0).min(cap)
}

/// 档次: the points of the highest lower bound ≤ x; 0 below every bound. `bands` sorted by bound.
pub fn bands(x: f64, bands: &[(f64, f64)]) -> f64 {
    let k = bands.partition_point(|b| b.0 <= x);
    if k == 0 {
        0.0
    } else {
        bands[k - 1].1
    }
}

/// 扣分制: `max(P − per·shortfall, 0)`, shortfall `max(t−x, 0)` (lower: `max(x−t, 0)`).
pub fn deduct(x: f64, dir: Direction, p: f64, per: f64, threshold: f64) -> f64 {
    let shortfall = match dir {
        Direction::Higher => (threshold - x).max(0.0),
        Direction::Lower => (x - threshold).max(0.0),
    };
    (p - per * shortfall).max(0.0)
}

/// 直接赋分: the cell is the score (checked to lie in [0, P] when loading).
pub fn direct(x: f64) -> f64 {
    x
}

/// 完成/未完成: 1 ⇒ P, 0 ⇒ 0.
pub fn binary(x: f64, p: f64) -> f64 {
    if x == 1.0 {
        p
    } else {
        0.0
    }
}
