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
pub fn proportional(col: &Column, dir: Direction, p: f64, out: &mut [f64]) {
    let Some((min, max)) = min_max(col) else {
        return;
    };
    for (i, x) in col.values() {
        out[i] = if min == max {
            p
        } else {
            match dir {
                Direction::Higher => p * x / max,
                Direction::Lower if x == 0.0 => p,
                Direction::Lower => p * min / x,
            }
        };
    }
}

/// 功效系数法: `P·(b + (1−b)·(x−min)/(max−min))`, lower uses `(max−x)`; all equal ⇒ P.
pub fn efficacy(col: &Column, dir: Direction, p: f64, base: f64, out: &mut [f64]) {
    let Some((min, max)) = min_max(col) else {
        return;
    };
    for (i, x) in col.values() {
        out[i] = if min == max {
            p
        } else {
            let d = match dir {
                Direction::Higher => x - min,
                Direction::Lower => max - x,
            };
            p * (base + (1.0 - base) * d / (max - min))
        };
    }
}

/// 按位次赋分: `max(P − step·(r−1), floor)`, r the competition rank among peers (ties share the
/// better rank).
pub fn rank(col: &Column, dir: Direction, p: f64, step: f64, floor: f64, out: &mut [f64]) {
    for (i, r) in competition_ranks(col, dir) {
        out[i] = (p - step * (r - 1) as f64).max(floor);
    }
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
