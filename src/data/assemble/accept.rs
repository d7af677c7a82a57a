//! The values a cell is stored with at once (see `accepted`), as ranges of decimal mantissas.
//!
//! A plain decimal cell is read as `(m, k)`, the value `m·10^-k` (see [`decimal_value`]). Its
//! value grows with `m` (a correctly rounded division by a positive power of ten), so for each
//! number of decimals `k` the values inside `[lo, hi]` are exactly the mantissas between two
//! bounds, found once per pair of bounds a run. The cell's test is then two integer comparisons instead
//! of a division and two float comparisons: the division was a fifth of the assembling's time
//! at a million units (its latency, on the thread every cell passes through).

use crate::data::cell::{decimal_value, MAX_SCALE};

/// The largest mantissa magnitude [`crate::data::cell::parse_decimal`] gives (below 2^53).
const LIMIT: i64 = (1 << 53) - 1;

/// Per number of decimals `k`: the mantissas `m` (inclusive bounds) whose value `m·10^-k` lies
/// within the bounds given to [`Mantissas::new`]; an empty range is `lo > hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Mantissas([(i64, i64); MAX_SCALE as usize + 1]);

impl Mantissas {
    /// The mantissas of the values `v` with `lo <= v && v <= hi` (a NaN bound takes none).
    pub(super) fn new((lo, hi): (f64, f64)) -> Mantissas {
        let mut out = [(0, -1); MAX_SCALE as usize + 1];
        for (k, range) in (0..=MAX_SCALE).zip(&mut out) {
            let least = first(|m| lo <= decimal_value(m, k));
            let past = first(|m| decimal_value(m, k) > hi || hi.is_nan());
            *range = (least, past - 1);
        }
        Mantissas(out)
    }

    /// Whether `decimal_value(m, k)` lies within the bounds.
    #[inline]
    pub(super) fn contains(&self, m: i64, k: u32) -> bool {
        match self.0.get(k as usize) {
            Some(&(lo, hi)) => lo <= m && m <= hi,
            None => false,
        }
    }
}

/// The least `m` in `[-LIMIT, LIMIT]` for which `holds(m)`, or `LIMIT + 1` when none does;
/// `holds` goes from false to true at most once as `m` grows.
fn first(holds: impl Fn(i64) -> bool) -> i64 {
    let (mut lo, mut hi) = (-LIMIT, LIMIT + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if holds(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::{Mantissas, LIMIT};
    use crate::data::cell::{decimal_value, parse_decimal, MAX_SCALE};
    use proptest::prelude::*;

    /// Bounds worked out by hand: [0, 5] holds 0 to 5 at every scale, and no negative mantissa.
    #[test]
    fn the_ranges_of_simple_bounds_by_hand() {
        let m = Mantissas::new((0.0, 5.0));
        assert_eq!(m.0[0], (0, 5));
        assert_eq!(m.0[2], (0, 500));
        assert_eq!(m.0[9], (0, 5_000_000_000));
        let all = Mantissas::new((f64::NEG_INFINITY, f64::INFINITY));
        assert!(all.0.iter().all(|&r| r == (-LIMIT, LIMIT)));
        // -0.0 as the lower bound admits 0 (−0.0 ≤ 0.0), and no negative mantissa.
        assert_eq!(Mantissas::new((-0.0, 1.0)).0[1], (0, 10));
        // A bound that is no decimal of few digits: 0.1 + 0.2 (0.30000000000000004) admits 0.3's
        // successors only from the mantissa whose quotient rounds above it.
        let r = Mantissas::new((0.1 + 0.2, 1.0)).0[1];
        assert_eq!(r, (4, 10));
        assert!(Mantissas::new((3.0, 2.0)).0.iter().all(|(lo, hi)| lo > hi));
        assert!(Mantissas::new((f64::NAN, 2.0))
            .0
            .iter()
            .all(|(lo, hi)| lo > hi));
        assert!(Mantissas::new((0.0, f64::NAN))
            .0
            .iter()
            .all(|(lo, hi)| lo > hi));
        // A scale past the table's: never taken (parse_decimal gives none).
        assert!(!m.contains(1, MAX_SCALE + 1));
    }

    /// The test the assembling made before, for every decimal text and bound.
    fn direct(bounds: (f64, f64), m: i64, k: u32) -> bool {
        let v = decimal_value(m, k);
        bounds.0 <= v && v <= bounds.1
    }

    proptest! {
        #[test]
        fn contains_is_the_division_and_comparison(
            lo in prop_oneof![Just(f64::NEG_INFINITY), -1e6..1e6f64, Just(0.0), Just(-0.0)],
            width in prop_oneof![Just(f64::INFINITY), 0.0..1e6f64, Just(0.0)],
            // Near the bounds, and anywhere.
            near in -3i64..=3,
            far in -LIMIT..=LIMIT,
            k in 0..=MAX_SCALE,
        ) {
            let hi = lo + width;
            let bounds = (lo, hi);
            let set = Mantissas::new(bounds);
            // The mantissas at and beside each bound's own mantissa at this scale.
            let scale = 10f64.powi(k as i32);
            for b in [lo, hi] {
                if b.is_finite() && (b * scale).abs() < LIMIT as f64 {
                    let m = (b * scale).round() as i64 + near;
                    prop_assert_eq!(set.contains(m, k), direct(bounds, m, k), "m {} k {}", m, k);
                }
            }
            prop_assert_eq!(set.contains(far, k), direct(bounds, far, k));
        }

        /// As the assembling meets them: texts read by `parse_decimal`.
        #[test]
        fn texts_near_a_bound(int in 0i64..1000, frac in 0u32..1000, neg: bool, lo in -10.0..10.0f64) {
            let text = format!("{}{int}.{frac:03}", if neg { "-" } else { "" });
            let (m, k) = parse_decimal(&text).unwrap();
            let bounds = (lo, lo + 3.25);
            prop_assert_eq!(Mantissas::new(bounds).contains(m, k), direct(bounds, m, k));
        }
    }
}
