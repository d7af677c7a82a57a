//! Methods that score a unit against its peers: `proportional`, `efficacy`, `rank`.
//!
//! Peers are the track's units that have a value (missing and not-applicable cells are left out).

use crate::config::Direction;
use crate::data::cell::{decimal_value, MAX_SCALE};
use crate::data::Column;

/// Powers of ten exact in an f64, one for each decimal scale (sized by the largest, so that
/// raising it cannot leave a scale without its power).
const POW10: [f64; MAX_SCALE as usize + 1] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/// Minimum and maximum over the peers; `None` when no unit has a value.
pub fn min_max(col: &Column) -> Option<(f64, f64)> {
    // A decimal column's extremes are its extreme mantissas' values (the division by 10^scale
    // keeps their order): found without making every value.
    if let Some((scale, peers)) = col.mantissas() {
        let (lo, hi) = peers.fold((i64::MAX, i64::MIN), |(lo, hi), (_, m)| {
            (lo.min(m), hi.max(m))
        });
        return (lo <= hi).then(|| (decimal_value(lo, scale), decimal_value(hi, scale)));
    }
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

/// The competition rank of every peer of a column, looked up by position or by value.
///
/// A rank depends on the value alone, so a column of few distinct values (a count, a score out
/// of ten: many ties) keeps the rank of each value — a few bytes for the column — rather than a
/// rank for every position (4 bytes a cell: 40 MB for ten such columns of a million units); a
/// column of many distinct values keeps the ranks by position.
#[derive(Debug, Clone, PartialEq)]
pub enum Ranks {
    /// A decimal column whose mantissas span few numbers: the rank of each mantissa from
    /// `low` on (0 for one no peer has), looked up directly.
    ByDigits {
        scale: u32,
        low: i64,
        ranks: Vec<u32>,
    },
    /// `(value, rank)` for each distinct value (bit for bit), ascending by `total_cmp`.
    ByValue(Vec<(f64, u32)>),
    /// Each position's rank, 0 where the cell holds no value.
    ByPosition(Vec<u32>),
}

impl Ranks {
    /// The rank of `x`, the value at `pos` of the column the ranks were taken of; 0 for a
    /// position without a value. A value looked up by value is always found there (the rule
    /// scores the column it ranked); a miss would be a bug, loud in debug builds.
    #[inline]
    pub fn get(&self, pos: usize, x: f64) -> u32 {
        let r = self.lookup(pos, x);
        debug_assert!(
            r > 0 || matches!(self, Ranks::ByPosition(_)),
            "{x} at {pos} is not among the ranked values"
        );
        r
    }

    #[inline]
    fn lookup(&self, pos: usize, x: f64) -> u32 {
        match self {
            Ranks::ByDigits { scale, low, ranks } => {
                let m = digits(x, *scale);
                usize::try_from(m - low)
                    .ok()
                    .and_then(|k| ranks.get(k))
                    .map_or(0, |&r| r)
            }
            Ranks::ByValue(table) => table
                .binary_search_by(|(v, _)| v.total_cmp(&x))
                .map_or(0, |k| table[k].1),
            Ranks::ByPosition(r) => r[pos],
        }
    }

    /// The ranks at `positions` when they are held by position (`None`: look them up by value).
    pub fn at(&self, positions: &[usize]) -> Option<Vec<u32>> {
        match self {
            Ranks::ByDigits { .. } | Ranks::ByValue(_) => None,
            Ranks::ByPosition(r) => Some(positions.iter().map(|&p| r[p]).collect()),
        }
    }
}

/// The mantissa of `x`, a value of a decimal column at `scale`: `x·10^scale` is within 2^-21 of
/// it, so rounding half away from zero by truncation (one instruction, where `round` is a call
/// of the C library on the baseline x86-64) finds it.
#[inline]
fn digits(x: f64, scale: u32) -> i64 {
    let y = x * POW10[scale as usize];
    (y + 0.5f64.copysign(y)) as i64
}

/// The competition ranks of the peers of `col` (see [`Ranks`]).
pub fn ranks(col: &Column, dir: Direction) -> Ranks {
    if let Some(r) = ranks_by_digits(col, dir) {
        return r;
    }
    let peers = sorted_peers(col, dir);
    let distinct = 1 + peers
        .windows(2)
        .filter(|w| w[0].1.to_bits() != w[1].1.to_bits())
        .count();
    // A table entry is 16 bytes, a rank by position 4: by value when the table is at most a
    // quarter of that (and so small enough for its binary search to stay in cache).
    if distinct.saturating_mul(16) <= col.len() {
        let mut table: Vec<(f64, u32)> = Vec::with_capacity(distinct);
        for (k, &(_, v), r) in ranked(&peers) {
            if k == 0 || v.to_bits() != peers[k - 1].1.to_bits() {
                table.push((v, r as u32));
            }
        }
        if dir == Direction::Higher {
            table.reverse();
        }
        Ranks::ByValue(table)
    } else {
        let mut out = vec![0; col.len()];
        for (_, &(i, _), r) in ranked(&peers) {
            out[i] = r as u32;
        }
        Ranks::ByPosition(out)
    }
}

/// The ranks of a decimal column whose mantissas span fewer numbers than a quarter of its cells,
/// counted rather than sorted: each mantissa's rank is 1 + the number of peers with a better
/// one. `None` for any other column.
fn ranks_by_digits(col: &Column, dir: Direction) -> Option<Ranks> {
    let (scale, peers) = col.mantissas()?;
    let (lo, hi) = peers.fold((i64::MAX, i64::MIN), |(lo, hi), (_, m)| {
        (lo.min(m), hi.max(m))
    });
    // No peers: lo > hi, no span.
    let span = usize::try_from(hi.checked_sub(lo)?).ok()?;
    if span >= col.len() / 4 {
        return None;
    }
    let mut count = vec![0u32; span + 1];
    let (_, peers) = col.mantissas()?;
    for (_, m) in peers {
        count[(m - lo) as usize] += 1;
    }
    let mut ranks = vec![0; span + 1];
    let mut better = 0;
    let mut rank = |k: usize| {
        if count[k] > 0 {
            ranks[k] = better + 1;
            better += count[k];
        }
    };
    match dir {
        Direction::Higher => (0..=span).rev().for_each(&mut rank),
        Direction::Lower => (0..=span).for_each(&mut rank),
    }
    Some(Ranks::ByDigits {
        scale,
        low: lo,
        ranks,
    })
}

/// `(position, rank)` for every peer: 1 + the number of peers strictly better. One sort.
pub fn competition_ranks(col: &Column, dir: Direction) -> Vec<(usize, usize)> {
    let peers = sorted_peers(col, dir);
    ranked(&peers).map(|(_, &(i, _), r)| (i, r)).collect()
}

/// The peers `(position, value)`, best first (by `total_cmp`).
fn sorted_peers(col: &Column, dir: Direction) -> Vec<(usize, f64)> {
    if let Some((scale, mantissas)) = col.mantissas() {
        // Sorted as integers, the position breaking ties as the stable sort of the values
        // does: the same order, at a fraction of the cost. The value is the column's own
        // (`Column::get`'s), the mantissa over 10^scale.
        let sign = match dir {
            Direction::Higher => -1,
            Direction::Lower => 1,
        };
        let mut keyed: Vec<(i64, usize)> = mantissas.map(|(i, m)| (sign * m, i)).collect();
        keyed.sort_unstable();
        let unit = POW10[scale as usize];
        return keyed
            .into_iter()
            .map(|(k, i)| (i, (sign * k) as f64 / unit))
            .collect();
    }
    let mut peers: Vec<(usize, f64)> = col.values().collect();
    match dir {
        Direction::Higher => peers.sort_by(|a, b| b.1.total_cmp(&a.1)),
        Direction::Lower => peers.sort_by(|a, b| a.1.total_cmp(&b.1)),
    }
    peers
}

/// Each of the sorted peers with its index and competition rank (equal values — `0` and `-0`
/// too — share the better rank).
fn ranked(peers: &[(usize, f64)]) -> impl Iterator<Item = (usize, &(usize, f64), usize)> {
    let mut rank = 0;
    peers.iter().enumerate().map(move |(k, p)| {
        if k == 0 || p.1 != peers[k - 1].1 {
            rank = k + 1;
        }
        (k, p, rank)
    })
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

    #[test]
    fn ranks_by_digits_value_and_position_give_each_peer_its_competition_rank() {
        // Few distinct values among many cells (a decimal column reads -0 as 0).
        let values = [5.0, 3.0, 5.0, 1.0, 3.0, 0.0, -0.0, 5.0];
        let mut cells: Vec<Cell> = values.iter().map(|&x| Cell::Value(x)).collect();
        cells.extend([Cell::Missing, Cell::NotApplicable]);
        cells.extend(std::iter::repeat_n(Cell::Missing, 80));
        let decimal = Column::from_cells(&cells);
        // The same values and 1/3 (at position 9), which turns the column to f64 values.
        cells[9] = Cell::Value(1.0 / 3.0);
        let float = Column::from_cells(&cells);
        let cases = [
            (&decimal, Direction::Higher, vec![1, 4, 1, 6, 4, 7, 7, 1]),
            (&decimal, Direction::Lower, vec![6, 4, 6, 3, 4, 1, 1, 6]),
            (&float, Direction::Higher, vec![1, 4, 1, 6, 4, 8, 8, 1, 7]),
            (&float, Direction::Lower, vec![7, 5, 7, 4, 5, 1, 1, 7, 3]),
        ];
        for (col, dir, want) in cases {
            let r = ranks(col, dir);
            match (&r, want.len()) {
                (
                    Ranks::ByDigits {
                        scale: 0,
                        low: 0,
                        ranks,
                    },
                    8,
                ) => assert_eq!(ranks.len(), 6),
                (Ranks::ByValue(t), 9) => assert_eq!(t.len(), 5),
                _ => panic!("{dir:?}: {r:?}"),
            }
            let got: Vec<u32> = col.values().map(|(i, x)| r.get(i, x)).collect();
            assert_eq!(got, want, "{dir:?}");
            let mut by_sort = competition_ranks(col, dir);
            by_sort.sort_unstable();
            let by_sort: Vec<u32> = by_sort.into_iter().map(|(_, k)| k as u32).collect();
            assert_eq!(by_sort, want, "{dir:?}");
            assert_eq!(r.at(&[0, 1]), None);
        }
        // Many distinct values: held by position, 0 where there is no value.
        let few = Column::from_cells(&[Cell::Value(2.0), Cell::Missing, Cell::Value(7.0)]);
        let r = ranks(&few, Direction::Higher);
        assert_eq!(r, Ranks::ByPosition(vec![2, 0, 1]));
        assert_eq!((r.get(0, 2.0), r.get(2, 7.0)), (2, 1));
        assert_eq!(r.at(&[2, 1, 0]), Some(vec![1, 0, 2]));
    }

    #[test]
    fn decimal_columns_rank_and_order_as_their_values_do() {
        // By hand: mantissas -250, 125, -250, 0, 999 at scale 2, a missing cell between.
        let cells = [-2.5, 1.25, -2.5, 0.0, 9.99].map(Cell::Value);
        let mut c = cells.to_vec();
        c.push(Cell::Missing);
        let col = Column::from_cells(&c);
        assert_eq!(col.decimal_scale(), Some(2));
        let want_order = |dir| match dir {
            Direction::Higher => vec![(4, 9.99), (1, 1.25), (3, 0.0), (0, -2.5), (2, -2.5)],
            Direction::Lower => vec![(0, -2.5), (2, -2.5), (3, 0.0), (1, 1.25), (4, 9.99)],
        };
        for (dir, want) in [
            (Direction::Higher, [4, 2, 4, 3, 1]),
            (Direction::Lower, [1, 4, 1, 3, 5]),
        ] {
            assert_eq!(sorted_peers(&col, dir), want_order(dir), "{dir:?}");
            let r = ranks(&col, dir);
            let got: Vec<u32> = col.values().map(|(i, x)| r.get(i, x)).collect();
            assert_eq!(got, want, "{dir:?}");
        }
        // Generated columns of every kind — counted (few mantissas), by value, by position;
        // negative values, ties, missing cells — against the definition (1 + the number of
        // peers strictly better) and against the stable sort of the values.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut kinds = std::collections::HashSet::new();
        for case in 0..300 {
            let len = 1 + next(400) as usize;
            // Mantissas within ±spread, in steps of `step`: few or many, near or far apart.
            let (spread, step) = [(3, 1), (50, 1), (2_000, 1), (30_000, 1), (3, 1_000)][case % 5];
            let scale = next(4) as u32;
            let cells: Vec<Cell> = (0..len)
                .map(|_| match next(10) {
                    0 => Cell::Missing,
                    _ => {
                        let m = (next(2 * spread + 1) as i64 - spread as i64) * step;
                        Cell::Value(m as f64 / POW10[scale as usize])
                    }
                })
                .collect();
            let col = Column::from_cells(&cells);
            assert!(col.decimal_scale().is_some());
            for dir in [Direction::Higher, Direction::Lower] {
                let mut stable: Vec<(usize, f64)> = col.values().collect();
                match dir {
                    Direction::Higher => stable.sort_by(|a, b| b.1.total_cmp(&a.1)),
                    Direction::Lower => stable.sort_by(|a, b| a.1.total_cmp(&b.1)),
                }
                let sorted = sorted_peers(&col, dir);
                let bits = |v: &[(usize, f64)]| -> Vec<(usize, u64)> {
                    v.iter().map(|&(i, x)| (i, x.to_bits())).collect()
                };
                assert_eq!(bits(&sorted), bits(&stable), "case {case} {dir:?}");
                let r = ranks(&col, dir);
                kinds.insert(std::mem::discriminant(&r));
                for (i, x) in col.values() {
                    let better = col
                        .values()
                        .filter(|&(_, y)| match dir {
                            Direction::Higher => y > x,
                            Direction::Lower => y < x,
                        })
                        .count();
                    assert_eq!(r.get(i, x), better as u32 + 1, "case {case} {dir:?} at {i}");
                }
            }
        }
        assert_eq!(kinds.len(), 3, "every kind of ranks was made");
    }
}
