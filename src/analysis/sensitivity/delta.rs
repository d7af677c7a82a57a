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

use super::engine::{Choice, Scratch, Start, TrackModel};
use super::keys::{certain_round, integer, key_int, key_of, pow10, rounding, UNSURE};
use super::rank::Budget;
use super::variant::Variant;
use crate::scoring::rescale;

/// A_j's sums per unit, and the factors before the rescaling per slot.
#[derive(Debug, Default)]
pub struct Deltas {
    g: Vec<f64>,
    sum: Vec<f64>,
    app: Vec<f64>,
    abs: Vec<f64>,
    /// Per unit: bonus − deduction, and |bonus| + |deduction|.
    adj: Vec<f64>,
    mag: Vec<f64>,
    /// Per tie-breaker t and unit i (at t·n + i), G and |G| over the slots it adds up; per
    /// tie-breaker and slot (at t·slots + s), whether it adds that slot up.
    tie_sum: Vec<f64>,
    tie_abs: Vec<f64>,
    tie_on: Vec<bool>,
    /// Per unit: the draw's key where certain, else [`UNSURE`].
    key: Vec<u64>,
}

/// The draw being ranked: slot `s`'s factor before the rescaling moved by `dg`, and the bounds.
struct Draw<'a> {
    v: &'a Variant,
    s: usize,
    dg: f64,
    /// P_s·dg, |dg|.
    pdg: f64,
    adg: f64,
    p10: f64,
    gamma: f64,
    /// Points applicable below this are left to the scorer.
    least: f64,
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
        self.adj.clear();
        self.adj.extend((0..n).map(|i| m.bonus[i] - m.deduction[i]));
        self.mag.clear();
        self.mag
            .extend((0..n).map(|i| m.bonus[i].abs() + m.deduction[i].abs()));
        // Local slices, so that the loop keeps its pointers in registers.
        let (sum, app, abs) = (&mut self.sum[..n], &mut self.app[..n], &mut self.abs[..n]);
        for (slot, &gs) in g.iter().enumerate() {
            let v = m.variant(c, slot);
            let p = m.points[slot] * gs;
            let (score, mask) = (&v.score[..n], &v.mask[..n]);
            for i in 0..n {
                sum[i] += score[i] * gs;
                app[i] += p * mask[i];
                abs[i] += score[i].abs() * gs;
            }
        }
        // The tie-breakers' sums likewise, for the few units whose totals tie.
        let k_tb = m.tie_breakers.len();
        let slots = g.len();
        self.tie_on.clear();
        self.tie_on.extend(
            m.tie_breakers
                .iter()
                .flat_map(|tb| m.slot_dim.iter().map(|&d| tb[d])),
        );
        for v in [&mut self.tie_sum, &mut self.tie_abs] {
            v.clear();
            v.resize(k_tb * n, 0.0);
        }
        for t in 0..k_tb {
            let sum = &mut self.tie_sum[t * n..(t + 1) * n];
            let abs = &mut self.tie_abs[t * n..(t + 1) * n];
            for (slot, &gs) in g.iter().enumerate() {
                if !self.tie_on[t * slots + slot] {
                    continue;
                }
                let score = &m.variant(c, slot).score[..n];
                for i in 0..n {
                    sum[i] += score[i] * gs;
                    abs[i] += score[i].abs() * gs;
                }
            }
        }
    }

    /// Tie-breaker t's rounded value for the unit at i under the draw, when certain: the
    /// scorer adds the tie-breaker's dimension subtotals, each `T·Σ score·f / A`, which is
    /// `T·G_t/H` re-added as the total is, within the same bound.
    fn tie_value(&self, m: &TrackModel, d: &Draw, i: usize, t: usize) -> Option<f64> {
        let n = m.n;
        let a = self.app[i] + d.v.mask[i] * d.pdg;
        let (mut sum, mut abs) = (self.tie_sum[t * n + i], self.tie_abs[t * n + i]);
        if self.tie_on[t * m.points.len() + d.s] {
            sum += d.v.score[i] * d.dg;
            abs += d.v.score[i].abs() * d.adg;
        }
        let x = m.total * (sum / a);
        let terms = m.total * (abs / a) + x.abs();
        let k = certain_round(x, d.gamma * terms, d.p10, m.alike(terms * d.p10))?;
        (a > d.least).then(|| k / d.p10)
    }

    /// Ranks the draw `c` (A_j with slot `s`'s factor before rescaling `g_s`; A_j itself with
    /// `g_s` its own) into `w.rank`, started from `start`'s order: every rounded total either
    /// certified from the sums or evaluated in full. Grades it into `w.rounded` and `w.grade`
    /// when asked; otherwise those are left as they were.
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &mut self,
        m: &TrackModel,
        c: &Choice,
        s: usize,
        g_s: f64,
        w: &mut Scratch,
        start: Start,
        grades: bool,
    ) {
        let n = m.n;
        let p10 = pow10(m.decimals).unwrap_or(1.0);
        let slots = m.points.len() as f64;
        // Both totals (the scorer's and this one) are within (m + a few) roundings of the exact
        // value, relative to the sum of the terms' sizes: a generous multiple of that.
        let gamma = (4.0 * slots + 64.0) * f64::EPSILON;
        let dg = g_s - self.g[s];
        let draw = Draw {
            v: m.variant(c, s),
            s,
            dg,
            pdg: m.points[s] * dg,
            adg: dg.abs(),
            p10,
            gamma,
            least: 1e-9 * m.points_sum,
        };
        let (v, pdg, adg, least) = (draw.v, draw.pdg, draw.adg, draw.least);
        let t = m.total;
        let (score, mask) = (&v.score[..n], &v.mask[..n]);
        let (sum, app, abs) = (&self.sum[..n], &self.app[..n], &self.abs[..n]);
        let (adj, mag) = (&self.adj[..n], &self.mag[..n]);
        // First every unit's key (its rounded total, [`key_of`]) where certain, in unit order:
        // a loop without a branch or a call, which the compiler vectorises.
        // Every key is written: no need to clear them first.
        self.key.resize(n, UNSURE);
        let key = &mut self.key[..n];
        let mut unsure = 0usize;
        for i in 0..n {
            // One division: the total and its error bound both over the points applicable.
            let a = app[i] + mask[i] * pdg;
            let r = 1.0 / a;
            let total = t * ((sum[i] + score[i] * dg) * r) + adj[i];
            let terms = t * ((abs[i] + score[i].abs() * adg) * r) + total.abs() + mag[i];
            let (near, sure) = rounding(total, gamma * terms, p10, m.alike(terms * p10));
            let certain = sure && a > least;
            key[i] = if certain { key_int(near) } else { UNSURE };
            unsure += usize::from(!certain);
        }
        // The few uncertain ones (most draws have none) evaluated the scorer's way: the key of
        // the rounded total `round_to` gives, whose integer over 10^d is that total again.
        if unsure > 0 {
            for i in 0..n {
                if self.key[i] == UNSURE {
                    match key_of(full(m, c, i), p10) {
                        Some(k) => self.key[i] = k,
                        None => {
                            // A total too large (or not a number) for these keys: the
                            // scorer's way.
                            m.eval(c, w, start, grades);
                            return;
                        }
                    }
                }
            }
        }
        // Then the keys taken in the starting order (A_j's ranking, or the published one) and
        // sunk into place as they come (sorted when the last is in), the uncertain ones
        // evaluated the scorer's way.
        // (A fresh start takes any order: the published one.)
        let order = m.order(start).unwrap_or(&m.nominal);
        debug_assert_eq!(order.len(), n);
        w.keys.resize(n, (0, 0));
        let keys = &mut w.keys[..n];
        let key = &self.key[..n];
        let mut top = 0;
        let mut budget = Budget::new(n);
        for (pos, &(_, u)) in order.iter().enumerate() {
            let k = key[u as usize];
            keys[pos] = (k, u);
            if k >= top {
                top = k;
            } else {
                budget.sink(&mut keys[..=pos]);
            }
        }
        budget.finish(keys);
        m.rank_sorted(c, w, &|i, t| self.tie_value(m, &draw, i, t));
        if grades {
            // The rounded total is the key's integer over 10^d: what `round_to` gives, where
            // sure and for the uncertain ones evaluated above alike.
            w.rounded.clear();
            w.rounded.extend(self.key.iter().map(|&k| integer(k) / p10));
            m.grade(w);
        }
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
    let terms = raw.abs() + m.bonus[i].abs() + m.deduction[i].abs();
    m.round(i, raw + m.bonus[i] - m.deduction[i], terms)
}
