//! Rounded totals as sort keys: the integer k of a total's last decimal, found without a branch
//! or a division where its rounding is certain ([`rounding`]), and keyed by the bits of
//! `k + 1.5·2^52` ([`key_int`]) — so that a loop over every unit of a draw vectorises.

/// No key: [`key_int`] gives it to no number.
pub(super) const UNSURE: u64 = u64::MAX;

/// 10^d, exact, for the decimals the fast path takes.
pub(super) fn pow10(d: usize) -> Option<f64> {
    (d <= 9).then(|| 10f64.powi(d as i32))
}

/// The key of a rounded total `r` (k/10^d for an integer k, `p10` = 10^d): [`key_int`] of k
/// itself, which orders and ties totals as their values do — distinct k below 2·10^15 give
/// distinct k/10^d — and costs no division. `None` beyond that (or for NaN).
pub(super) fn key_of(r: f64, p10: f64) -> Option<u64> {
    // r·10^d is within |k|·ε of k, so rounds to it.
    let k = (r * p10).round();
    (k.abs() < 2.0e15).then(|| key_int(k))
}

/// 1.5·2^52: every sum `k + SHIFT` of an integer |k| < 2^51 lies in [2^52, 2^53), where an f64's
/// exponent is the same and its last place is 1, so the sum is exact and its bits count up with
/// k.
const SHIFT: f64 = 1.5 * (1u64 << 52) as f64;

/// A key that sorts ascending as the integer `k` (|k| < 2^51) descends, and is equal only for
/// equal k: the bits of `k + SHIFT`, inverted — no branch, so a loop of them vectorises.
#[inline]
pub(super) fn key_int(k: f64) -> u64 {
    !(k + SHIFT).to_bits()
}

/// The integer `key` is the [`key_int`] of.
pub(super) fn integer(key: u64) -> f64 {
    f64::from_bits(!key) - SHIFT
}

/// `x` rounded to the integer of the last decimal (`p10` = 10^d, as an f64), when every value
/// within `err` of `x` rounds to it: the half-step nearest x·10^d lies farther than err·10^d
/// (and the error of the product). Rounding steps are only at the halves, so the nearest integer
/// is the rounding wherever it is certain — taken without a branch or a call, by adding and
/// taking away 1.5·2^52 (exact below 2^51; rounds to nearest, as every f64 sum does).
#[inline]
pub(super) fn certain_round(x: f64, err: f64, p10: f64, alike: f64) -> Option<f64> {
    let (near, sure) = rounding(x, err, p10, alike);
    sure.then_some(near)
}

/// [`certain_round`] as the nearest integer and whether it is certain, computed without a
/// branch.
#[inline]
pub(super) fn rounding(x: f64, err: f64, p10: f64, alike: f64) -> (f64, bool) {
    let y = x * p10;
    let near = (y + SHIFT) - SHIFT;
    // Never sure within `alike` (units of the last decimal: `TrackModel::alike`) of a half-step
    // either: there a total the published one is alike is rounded as it was
    // (`TrackModel::round`), which the fast keys must agree with.
    let slack = err * p10 + 8.0 * f64::EPSILON * y.abs().max(1.0) + alike;
    // NaN and a non-finite error fail both tests.
    (near, (y.abs() < 2.0e15) & (0.5 - (y - near).abs() > slack))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::round_to;

    #[test]
    fn a_total_near_a_half_step_is_never_certified() {
        // 2.675 at 2 decimals: 267.49999… — within any error of the step.
        assert_eq!(certain_round(2.675, 1e-12, 100.0, 0.0), None);
        assert_eq!(certain_round(2.6751, 1e-12, 100.0, 0.0), Some(268.0));
        assert_eq!(certain_round(2.6749, 1e-12, 100.0, 0.0), Some(267.0));
        // The error decides: 0.00001 from the step is certain only with a smaller bound.
        assert_eq!(certain_round(1.00501, 1e-5, 100.0, 0.0), None);
        assert_eq!(certain_round(1.00501, 1e-6, 100.0, 0.0), Some(101.0));
        assert_eq!(certain_round(-1.00501, 1e-6, 100.0, 0.0), Some(-101.0));
        assert_eq!(certain_round(-1.00499, 1e-6, 100.0, 0.0), Some(-100.0));
        assert_eq!(certain_round(0.001, 1e-6, 100.0, 0.0), Some(0.0));
        assert_eq!(certain_round(f64::NAN, 0.0, 100.0, 0.0), None);
        assert_eq!(certain_round(1.0, f64::INFINITY, 100.0, 0.0), None);
        assert_eq!(certain_round(3.0e13, 0.0, 100.0, 0.0), None);
    }

    #[test]
    fn a_sure_rounding_is_round_to() {
        // Wherever `rounding` is sure (no error beyond the product's own), the integer over
        // 10^d is `round_to`'s value, bit for bit; halves (binary ties such as 0.125, and
        // decimal ones within an ulp) are never sure.
        let mut x: f64 = 0.0;
        let mut sure = 0;
        for k in 0..200_000u64 {
            // A walk over magnitudes and fractions, with exact halves mixed in.
            x = match k % 4 {
                0 => (k as f64) / 8.0 - 3000.0,
                1 => (k as f64 * 0.618_033_988_749_895).fract() * 137.0 - 20.0,
                2 => x * -1.000_001 + 0.005,
                _ => (k as f64) * 0.001 + 0.0005,
            };
            for d in 0..=6 {
                let p10 = pow10(d).unwrap();
                let (near, ok) = rounding(x, 0.0, p10, 0.0);
                if ok {
                    sure += 1;
                    assert_eq!(
                        (near / p10).to_bits(),
                        round_to(x, d).to_bits(),
                        "{x} at {d}"
                    );
                }
            }
        }
        assert!(sure > 1_000_000, "{sure}");
        for (x, d) in [(0.125, 2), (2.5, 0), (-0.375, 2), (1.5, 0), (2.675, 2)] {
            assert!(!rounding(x, 0.0, pow10(d).unwrap(), 0.0).1, "{x} at {d}");
        }
        assert_eq!(rounding(1.0e-300, 0.0, 1.0, 0.0), (0.0, true));
    }

    #[test]
    fn a_key_gives_back_its_number() {
        let xs = [-1.5e15, -101.0, -1.0, -0.0, 0.0, 1.0, 267.0, 268.0, 1.5e15];
        for x in xs {
            assert_eq!(integer(key_int(x)).to_bits(), (x + 0.0).to_bits());
            assert_ne!(key_int(x), UNSURE);
        }
        // Descending numbers, ascending keys; −0 and 0 one key.
        let keys: Vec<u64> = xs.iter().rev().map(|&x| key_int(x)).collect();
        assert!(keys.windows(2).all(|p| p[0] <= p[1]));
        assert_eq!(key_int(-0.0), key_int(0.0));
        assert!(key_int(268.0) < key_int(267.0));
    }
}
