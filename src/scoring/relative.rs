//! Methods that score a unit against its peers: `proportional`, `efficacy`, `rank`.
//!
//! Peers are the track's units that have a value (missing and not-applicable cells are left out).

use crate::config::Direction;
use crate::data::Column;

/// Minimum and maximum over the peers; `None` when no unit has a value.
pub fn min_max(col: &Column) -> Option<(f64, f64)> {
    col.values().fold(None, |acc, (_, v)| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// 以最高值为满分按比例: higher `P·x/max`; lower `P·min/x` (x = 0 scores P); all equal ⇒ P.
///
/// Computed as `P·(x/max)`: the ratio is at most 1 even in floating point, so the score never
/// exceeds P by a rounding error, and `P·x` cannot overflow for huge values.
pub fn proportional(x: f64, dir: Direction, p: f64, (min, max): (f64, f64)) -> f64 {
    if min == max {
        return p;
    }
    match dir {
        Direction::Higher => p * (x / max),
        Direction::Lower if x == 0.0 => p,
        Direction::Lower => p * (min / x),
    }
}

/// 功效系数法: `P·(b + (1−b)·(x−min)/(max−min))`, lower uses `(max−x)`; all equal ⇒ P.
///
/// The position `(x−min)/(max−min)` is computed on halved values when the range overflows (a
/// range wider than `f64::MAX`), and the score is kept within [P·b, P] against rounding.
pub fn efficacy(x: f64, dir: Direction, p: f64, base: f64, (min, max): (f64, f64)) -> f64 {
    if min == max {
        return p;
    }
    let range = max - min;
    let (d, r) = match (dir, range.is_finite()) {
        (Direction::Higher, true) => (x - min, range),
        (Direction::Lower, true) => (max - x, range),
        (Direction::Higher, false) => (x / 2.0 - min / 2.0, max / 2.0 - min / 2.0),
        (Direction::Lower, false) => (max / 2.0 - x / 2.0, max / 2.0 - min / 2.0),
    };
    let q = (d / r).clamp(0.0, 1.0);
    // max/min rather than clamp, which panics on NaN bounds.
    (p * (base + (1.0 - base) * q)).max(p * base).min(p)
}

/// 按位次赋分: `max(P − step·(r−1), floor)`, r the competition rank among peers (ties share the
/// better rank).
pub fn rank(r: u32, p: f64, step: f64, floor: f64) -> f64 {
    (p - step * (r - 1) as f64).max(floor)
}

/// Each position's competition rank among the peers (0 where the cell holds no value).
pub fn ranks(col: &Column, dir: Direction) -> Vec<u32> {
    let mut out = vec![0; col.len()];
    for (i, r) in competition_ranks(col, dir) {
        out[i] = r as u32;
    }
    out
}

/// `(position, rank)` for every peer: 1 + the number of peers strictly better. One sort.
pub fn competition_ranks(col: &Column, dir: Direction) -> Vec<(usize, usize)> {
    let mut peers: Vec<(usize, f64)> = col.values().collect();
    match dir {
        Direction::Higher => peers.sort_by(|a, b| b.1.total_cmp(&a.1)),
        Direction::Lower => peers.sort_by(|a, b| a.1.total_cmp(&b.1)),
    }
    let mut out = Vec::with_capacity(peers.len());
    let mut rank = 0;
    for (k, &(i, v)) in peers.iter().enumerate() {
        if k == 0 || v != peers[k - 1].1 {
            rank = k + 1;
        }
        out.push((i, rank));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Cell;

    fn col(v: &[f64]) -> Column {
        Column::from_cells(&v.iter().map(|&x| Cell::Value(x)).collect::<Vec<_>>())
    }

    #[test]
    fn proportional_with_huge_values_stays_finite() {
        // Found by the property tests: P·x overflowed to infinity before dividing by max.
        let c = col(&[1e308, 5e307]);
        let mm = min_max(&c).unwrap();
        let out: Vec<f64> = c
            .values()
            .map(|(_, x)| proportional(x, Direction::Higher, 10.0, mm))
            .collect();
        assert_eq!(out, [10.0, 5.0]);
        let c = col(&[1e-308, 1e308]);
        let mm = min_max(&c).unwrap();
        let out: Vec<f64> = c
            .values()
            .map(|(_, x)| proportional(x, Direction::Lower, 10.0, mm))
            .collect();
        assert_eq!(out, [10.0, 0.0]);
    }

    #[test]
    fn efficacy_range_wider_than_f64_max_is_not_nan() {
        // Found by the property tests: max − min overflowed, and inf/inf made the top score NaN.
        let c = col(&[-1e308, 0.0, 1e308]);
        let mm = min_max(&c).unwrap();
        let score = |d| -> Vec<f64> {
            c.values()
                .map(|(_, x)| efficacy(x, d, 10.0, 0.6, mm))
                .collect()
        };
        assert_eq!(score(Direction::Higher), [6.0, 8.0, 10.0]);
        assert_eq!(score(Direction::Lower), [10.0, 8.0, 6.0]);
    }
}
