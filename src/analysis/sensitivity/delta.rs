//! A_Bᵢ for a points input, re-added from A's sums: the draw differs from A_j's in one factor
//! uᵢ only, so each unit's total needs A_j's sums (taken once per run, shared by every input)
//! and one column's change — not every slot re-added.
//!
//! Exactly, though: the published arithmetic adds `score·f` with every factor rescaled by
//! `k = ΣP / Σ(P·u)`, which one changed uᵢ moves for every slot, so a re-added total differs
//! from the scorer's in its last bits. What ranks and grades is the rounded total, and the two
//! differ by at most a bound of a few units in the last place ([`Deltas::run`]); where the
//! re-added total lies farther than that bound from a rounding step (a half of the last decimal),
//! both round to the same number, which is then taken. A total within the bound of a step — or a
//! track aggregated other than by the sum — is evaluated the scorer's way. So every rounded
//! total, rank and grade is the bits of a full evaluation, and the indices with them.
//!
//! With s the slot, g the factors before the rescaling, per unit:
//! `G = Σ score·g`, `H = Σ P·g` over its applicable slots, `|G| = Σ |score|·g`; for the draw
//! `G' = G + score_s·(g'_s − g_s)`, `H'` likewise, total `T·G'/H' + bonus − deduction`.

use super::engine::{Choice, Scratch, TrackModel};
use crate::num::round_to;
use crate::scoring::rescale;

/// A_j's sums per unit, and the factors before the rescaling per slot.
#[derive(Debug, Default)]
pub struct Deltas {
    g: Vec<f64>,
    sum: Vec<f64>,
    app: Vec<f64>,
    abs: Vec<f64>,
}

/// 10^d, exact, for the decimals the fast path takes.
fn pow10(d: usize) -> Option<f64> {
    (d <= 9).then(|| 10f64.powi(d as i32))
}

impl Deltas {
    /// Whether the track can take the fast path at all.
    pub fn applies(m: &TrackModel) -> bool {
        m.shape.is_none() && pow10(m.decimals).is_some()
    }

    /// Takes A_j's sums under `c` (its choice), `g` the factors before the rescaling.
    pub fn prepare(&mut self, m: &TrackModel, c: &Choice, g: &[f64]) {
        let n = m.n;
        self.g.clear();
        self.g.extend_from_slice(g);
        for v in [&mut self.sum, &mut self.app, &mut self.abs] {
            v.clear();
            v.resize(n, 0.0);
        }
        for (slot, &gs) in g.iter().enumerate() {
            let v = m.variant(c, slot);
            let p = m.points[slot] * gs;
            for i in 0..n {
                self.sum[i] += v.score[i] * gs;
                self.app[i] += p * v.mask[i];
                self.abs[i] += v.score[i].abs() * gs;
            }
        }
    }

    /// Evaluates the draw `c` (A_j with slot `s`'s factor before rescaling `g_s`) into `w`,
    /// ranked from `hint`'s order: every rounded total either certified from the sums or
    /// evaluated in full.
    pub fn run(
        &self,
        m: &TrackModel,
        c: &Choice,
        s: usize,
        g_s: f64,
        w: &mut Scratch,
        hint: &Scratch,
    ) {
        let n = m.n;
        let d = m.decimals;
        let p10 = pow10(d).unwrap_or(1.0);
        let slots = m.points.len() as f64;
        // Both totals (the scorer's and this one) are within (m + a few) roundings of the exact
        // value, relative to the sum of the terms' sizes: a generous multiple of that.
        let gamma = (4.0 * slots + 64.0) * f64::EPSILON;
        let dg = g_s - self.g[s];
        let v = m.variant(c, s);
        let ps = m.points[s];
        w.rounded.clear();
        w.rounded.resize(n, 0.0);
        for i in 0..n {
            let sum = self.sum[i] + v.score[i] * dg;
            let app = self.app[i] + ps * v.mask[i] * dg;
            let abs = self.abs[i] + v.score[i].abs() * dg.abs();
            let certain = if app > 1e-9 * m.points_sum {
                let total = m.total * (sum / app) + m.bonus[i] - m.deduction[i];
                let err = gamma
                    * (m.total * abs / app + total.abs() + m.bonus[i].abs() + m.deduction[i].abs());
                certain_round(total, err, p10)
            } else {
                None
            };
            w.rounded[i] = match certain {
                Some(k) => {
                    let r = k as f64 / p10;
                    if r == 0.0 {
                        0.0
                    } else {
                        r
                    }
                }
                None => full(m, c, i),
            };
        }
        m.rank(c, w, Some(&hint.keys));
        w.grade.clear();
        w.grade
            .extend((0..n).map(|i| m.cut.grade(w.rank[i], w.rounded[i], m.veto[i])));
    }
}

/// The rounded total of the unit at `i` under `c` as [`TrackModel::run`] computes it.
fn full(m: &TrackModel, c: &Choice, i: usize) -> f64 {
    let (mut app, mut raw) = (0.0, 0.0);
    for slot in 0..m.points.len() {
        let v = m.variant(c, slot);
        let (f, p) = (c.factor[slot], m.points[slot] * c.factor[slot]);
        app += p * v.mask[i];
        raw += v.score[i] * f;
    }
    let raw = rescale(raw, app, m.total);
    round_to(raw + m.bonus[i] - m.deduction[i], m.decimals)
}

/// `x` rounded to the integer of the last decimal (`p10` = 10^d), when every value within `err`
/// of `x` rounds to it: the half-step nearest x·10^d lies farther than err·10^d (and the error
/// of the product). Rounding steps are only at the halves.
fn certain_round(x: f64, err: f64, p10: f64) -> Option<i64> {
    let y = x * p10;
    if y.is_nan() || y.abs() >= 4.0e15 || !err.is_finite() {
        return None;
    }
    let t = y as i64;
    let floor = if t as f64 > y { t - 1 } else { t };
    let frac = y - floor as f64;
    let slack = err * p10 + 8.0 * f64::EPSILON * y.abs().max(1.0);
    if (frac - 0.5).abs() <= slack {
        return None;
    }
    Some(if frac > 0.5 { floor + 1 } else { floor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_near_a_half_step_is_never_certified() {
        // 2.675 at 2 decimals: 267.49999… — within any error of the step.
        assert_eq!(certain_round(2.675, 1e-12, 100.0), None);
        assert_eq!(certain_round(2.6751, 1e-12, 100.0), Some(268));
        assert_eq!(certain_round(2.6749, 1e-12, 100.0), Some(267));
        // The error decides: 0.00001 from the step is certain only with a smaller bound.
        assert_eq!(certain_round(1.00501, 1e-5, 100.0), None);
        assert_eq!(certain_round(1.00501, 1e-6, 100.0), Some(101));
        assert_eq!(certain_round(-1.00501, 1e-6, 100.0), Some(-101));
        assert_eq!(certain_round(f64::NAN, 0.0, 100.0), None);
    }
}
