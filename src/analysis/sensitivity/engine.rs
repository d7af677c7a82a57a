//! One track re-scored under a draw, fast: every score column a draw can select (each method and
//! missing-value policy) is scored once, up front; a draw then only multiplies columns by the
//! indicators' points factors, adds them up, rounds and ranks in place — no allocation per draw.
//!
//! At the nominal draw (every factor 1, the configured methods and policies) the arithmetic is
//! the scorer's, operation for operation (`scoring::score_track`, `scoring::rank`), so the
//! nominal ranks come out bit for bit.

use crate::config::{Config, GradeRule};
use crate::num::round_to;
use crate::results::TrackResult;
use crate::scoring::aggregate::Shape;
use crate::scoring::rank::{descending, tie_breaker_settled};
use crate::scoring::rescale;

use super::cut::Cut;
use super::keys::{key_int, key_of, pow10, rounding, UNSURE};
use super::variant::{nominal, Variant};

/// A track, ready to be re-scored draw after draw.
#[derive(Debug, Clone)]
pub struct TrackModel {
    pub n: usize,
    /// Config indicator index per slot.
    pub indicator: Vec<usize>,
    /// P per slot, and their sum.
    pub points: Vec<f64>,
    pub points_sum: f64,
    pub total: f64,
    pub decimals: usize,
    /// `variants[slot][method · policies + policy]`.
    pub variants: Vec<Vec<Variant>>,
    pub policies: usize,
    /// Per slot: index into the track's dimension subtotals (`TrackScores::dims`).
    pub slot_dim: Vec<usize>,
    pub dims: usize,
    /// Per tie-breaker: which dimension subtotals it adds up.
    pub tie_breakers: Vec<Vec<bool>>,
    /// Arithmetic sum (the fast path) or another aggregation.
    pub shape: Option<Shape>,
    pub bonus: Vec<f64>,
    pub deduction: Vec<f64>,
    pub veto: Vec<bool>,
    pub grades: GradeRule,
    /// The grade rule resolved for n units (see [`Cut`]).
    pub(super) cut: Cut,
    /// The published order (first fields unused): a draw's ranking starts from it, as a draw
    /// moves few units far from their published places.
    pub(super) nominal: Vec<(u64, u32)>,
    /// Per position: the published total at full precision, and rounded ([`TrackModel::round`]).
    pub(super) published: Vec<(f64, f64)>,
    /// Per tie-breaker, per position: its published value at full precision
    /// ([`TrackModel::round_tie`]).
    pub(super) published_ties: Vec<Vec<f64>>,
}

/// Where a ranking starts from: any order gives the same ranks, a nearer one sooner.
#[derive(Debug, Clone, Copy)]
pub enum Start<'a> {
    /// A fresh sort (the straightforward way, for the tests' reference evaluations).
    #[cfg_attr(not(test), allow(dead_code))]
    Fresh,
    /// The published order.
    Nominal,
    /// The order another evaluation of the track left (a draw that differs in one input).
    After(&'a Scratch),
}

/// What a draw sets on one track.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// Per slot: the points multiplier (already rescaled so the points keep their sum).
    pub factor: Vec<f64>,
    /// Per slot: the method chosen (0: the configured one).
    pub method: Vec<usize>,
    /// The missing-value policy (0: each indicator's own).
    pub policy: usize,
}

/// Buffers reused from draw to draw.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    raw: Vec<f64>,
    app: Vec<f64>,
    dim: Vec<Vec<f64>>,
    pub(super) keys: Vec<(u64, u32)>,
    /// The groups of equal totals for the tie-breakers (`keys[start..end]`).
    pub(super) groups: Vec<(usize, usize)>,
    /// The positions in `keys` whose key equals the one before.
    pub(super) ties: Vec<u32>,
    /// The tie-breakers' keys of a group of equal totals, a row per unit; its order; one
    /// unit's dimension subtotals.
    pub(super) rest: Vec<u64>,
    pub(super) idx: Vec<usize>,
    pub(super) dims: Vec<f64>,
    /// Per unit: its rounded total as a sort key ([`TrackModel::totals`]).
    pub(super) key: Vec<u64>,
    /// The rounded totals, of an evaluation that grades.
    pub rounded: Vec<f64>,
    pub rank: Vec<u32>,
    pub grade: Vec<usize>,
}

impl TrackModel {
    /// The model of `tr`, with the variants `score` gives for each slot: `score(slot, method,
    /// policy)` returns that column (method 0 and policy 0 are the nominal column, taken from
    /// `tr`).
    pub fn new(
        cfg: &Config,
        tr: &TrackResult,
        methods: &[usize],
        policies: usize,
        mut score: impl FnMut(usize, usize, usize) -> Variant,
    ) -> TrackModel {
        let track = &cfg.tracks[tr.track];
        let n = tr.units.len();
        let s = &tr.scores;
        let variants = (0..track.indicators.len())
            .map(|slot| {
                let mut v = Vec::with_capacity(methods[slot] * policies);
                for m in 0..methods[slot] {
                    for q in 0..policies {
                        v.push(if m == 0 && q == 0 {
                            nominal(tr, slot)
                        } else {
                            score(slot, m, q)
                        });
                    }
                }
                v
            })
            .collect();
        let slot_dim = track
            .indicators
            .iter()
            .map(|ti| {
                s.dims
                    .binary_search(&cfg.indicator(ti).dimension)
                    .unwrap_or(0)
            })
            .collect();
        let tie_breakers = track
            .tie_breakers
            .iter()
            .map(|tb| s.dims.iter().map(|&d| cfg.tie_breaks_on(*tb, d)).collect())
            .collect();
        let points: Vec<f64> = track.indicators.iter().map(|ti| ti.points).collect();
        TrackModel {
            n,
            indicator: track.indicators.iter().map(|ti| ti.indicator).collect(),
            points_sum: points.iter().sum(),
            points,
            total: track.total,
            decimals: cfg.decimals,
            variants,
            policies,
            slot_dim,
            dims: s.dims.len(),
            tie_breakers,
            shape: (!track.aggregation.is_sum()).then(|| Shape::of(cfg, tr.track)),
            bonus: tr.bonus.to_vec(),
            deduction: tr.deduction.to_vec(),
            veto: tr.veto.clone(),
            grades: track.grades.clone(),
            cut: Cut::new(&track.grades, n),
            nominal: tr.order.iter().map(|&i| (0, i as u32)).collect(),
            published: (0..n).map(|i| (tr.total(i), tr.rounded[i])).collect(),
            published_ties: track
                .tie_breakers
                .iter()
                .map(|tb| tie_breaker_settled(cfg, tr.track, &tr.scores, *tb))
                .collect(),
        }
    }

    pub(super) fn variant(&self, c: &Choice, slot: usize) -> &Variant {
        &self.variants[slot][c.method[slot] * self.policies + c.policy]
    }

    /// Scores, ranks and grades the track under `c` into `w.rounded`, `w.rank`, `w.grade`.
    #[cfg(test)]
    pub fn run(&self, c: &Choice, w: &mut Scratch) {
        self.eval(c, w, Start::Fresh, true);
    }

    /// As [`TrackModel::run`], the ranking started from the order another evaluation left in
    /// `hint` and finished by an insertion sort (a draw that differs from the hint's in one
    /// input moves few units). The ranks are the same whatever the starting order.
    #[cfg(test)]
    pub fn run_after(&self, c: &Choice, w: &mut Scratch, hint: &Scratch) {
        self.eval(c, w, Start::After(hint), true);
    }

    /// Scores and ranks the track under `c`, the ranking started from `start`; grades it too
    /// when asked (the indices' evaluations need only the ranks: `w.grade` is then left as it
    /// was).
    pub fn eval(&self, c: &Choice, w: &mut Scratch, start: Start, grades: bool) {
        let n = self.n;
        w.raw.clear();
        w.raw.resize(n, 0.0);
        w.app.clear();
        w.app.resize(n, 0.0);
        if let Some(shape) = &self.shape {
            w.dim.resize(self.dims, Vec::new());
            for d in &mut w.dim {
                d.clear();
                d.resize(n, 0.0);
            }
            self.combine(shape, c, w);
        } else {
            self.sum(c, w);
        }
        self.totals(w, grades);
        self.rank(c, w, self.order(start));
        if grades {
            self.grade(w);
        }
    }

    /// The rounded total of the unit at `i` whose total under a draw is `x`, where [`rounding`]
    /// is not sure of it (near a half-step, or beyond the fast keys), its terms (scores, bonus,
    /// deductions) `terms` in size: a total [`TrackModel::alike`] the
    /// published one is that total, and rounds as it was published; any other as `round_to`
    /// rounds it. A total the draws cannot move — every attainment equal, one indicator that
    /// applies — lands a few units of its last place either side of its value from draw to
    /// draw, and on a half (72.5 at no decimals) was rounded up in some draws and down in
    /// others: a unit whose place no draw could change was reported fragile.
    /// How near a total and another must lie to be taken for the same total, in units of the
    /// last decimal, for totals whose terms (scores, bonus, deductions) are `terms` in size in
    /// those units: `(4·slots + 64)·ε` of them, the bound on what adding them up in different
    /// orders leaves (as [`crate::scoring::rank`] bounds it) — a few units of 10^-13 of the
    /// terms for tens of indicators, so that a total near zero of terms near 1,000 is covered,
    /// and distinct totals of ordinary size never are.
    pub(super) fn alike(&self, terms: f64) -> f64 {
        // The slots as the ranking counts them: a tree's dimensions besides its indicators.
        let slots = self.points.len() + self.shape.as_ref().map_or(0, |s| s.nodes.len());
        (4.0 * slots as f64 + 64.0) * f64::EPSILON * terms.abs()
    }

    pub(super) fn round(&self, i: usize, x: f64, terms: f64) -> f64 {
        let (total, rounded) = self.published[i];
        let p10 = 10f64.powi(self.decimals as i32);
        if ((x - total) * p10).abs() <= self.alike(terms * p10) {
            rounded
        } else {
            round_to(x, self.decimals)
        }
    }

    /// The rounded value of tie-breaker `t` of the unit at `i` whose value under a draw is `x`,
    /// where the fast keys are not sure of it: as [`TrackModel::round`] rounds a total — a
    /// value [`TrackModel::alike`] the published one rounds as that one does.
    pub(super) fn round_tie(&self, i: usize, t: usize, x: f64) -> f64 {
        let published = self.published_ties[t][i];
        let p10 = 10f64.powi(self.decimals as i32);
        let x = if ((x - published) * p10).abs() <= self.alike(x * p10) {
            published
        } else {
            x
        };
        round_to(x, self.decimals)
    }

    /// The order a ranking starts from (`None`: a fresh sort).
    pub(super) fn order<'a>(&'a self, start: Start<'a>) -> Option<&'a [(u64, u32)]> {
        match start {
            Start::Fresh => None,
            Start::Nominal => Some(&self.nominal[..]),
            Start::After(h) => Some(&h.keys[..]),
        }
    }

    /// Grades `w.rank` and `w.rounded` into `w.grade`.
    pub(super) fn grade(&self, w: &mut Scratch) {
        w.grade.clear();
        w.grade
            .extend((0..self.n).map(|i| self.cut.grade(w.rank[i], w.rounded[i], self.veto[i])));
    }

    /// Each unit's key from its total rounded (`w.key`, as [`key_of`] makes it), and the
    /// rounded totals themselves into `w.rounded` when they are graded: first, without a branch
    /// or a division, every total whose rounding [`rounding`] is sure of (all but those within a
    /// few units in the last place of a half-step); then the others as `round_to` rounds them.
    /// Where a key cannot be made (more than 9 decimals, a total too large or not a number),
    /// every key is the rounded total's [`descending`], which orders and ties the same way.
    fn totals(&self, w: &mut Scratch, grades: bool) {
        let (n, d) = (self.n, self.decimals);
        let (raw, bonus, deduction) = (&w.raw[..n], &self.bonus[..n], &self.deduction[..n]);
        let total = |i: usize| raw[i] + bonus[i] - deduction[i];
        let terms = |i: usize| raw[i].abs() + bonus[i].abs() + deduction[i].abs();
        w.key.resize(n, 0);
        w.rounded.resize(if grades { n } else { 0 }, 0.0);
        let mut whole = false;
        if let Some(p10) = pow10(d) {
            whole = true;
            let key = &mut w.key[..n];
            let rounded = &mut w.rounded[..];
            for (i, k) in key.iter_mut().enumerate() {
                let (near, sure) = rounding(total(i), 0.0, p10, self.alike(terms(i) * p10));
                *k = if sure { key_int(near) } else { UNSURE };
                if grades {
                    // `round_to`'s own value where it is sure: the integer of the last decimal
                    // over 10^d (the unsure ones are set below).
                    rounded[i] = near / p10;
                }
            }
            for (i, k) in key.iter_mut().enumerate() {
                if *k == UNSURE {
                    let r = self.round(i, total(i), terms(i));
                    if grades {
                        w.rounded[i] = r;
                    }
                    match key_of(r, p10) {
                        Some(x) => *k = x,
                        None => {
                            whole = false;
                            break;
                        }
                    }
                }
            }
        }
        if !whole {
            w.rounded.clear();
            w.rounded
                .extend((0..n).map(|i| self.round(i, total(i), terms(i))));
            w.key.clear();
            w.key.extend(w.rounded.iter().map(|&r| descending(r)));
            if !grades {
                w.rounded.clear();
            }
        }
    }

    /// The weighted sum rescaled to T (as `score_track` does), into `w.raw`. The dimension
    /// subtotals are left to [`TrackModel::dims_at`], for the few units whose totals tie.
    fn sum(&self, c: &Choice, w: &mut Scratch) {
        // Without a branch, bit for bit what adding only the applicable cells gives: a cell that
        // does not apply adds p·0 = +0 to A and 0·f = +0 to Σ (a −0 sum becomes +0, which
        // rescales and rounds to the same total).
        let n = self.n;
        for slot in 0..self.points.len() {
            let v = self.variant(c, slot);
            let (f, p) = (c.factor[slot], self.points[slot] * c.factor[slot]);
            let (app, raw) = (&mut w.app[..n], &mut w.raw[..n]);
            let (mask, score) = (&v.mask[..n], &v.score[..n]);
            for i in 0..n {
                app[i] += p * mask[i];
                raw[i] += score[i] * f;
            }
        }
        for i in 0..self.n {
            w.raw[i] = rescale(w.raw[i], w.app[i], self.total);
        }
    }

    /// The dimension subtotals of the unit at `i` under `c` into `out`: for a sum, each
    /// dimension's scores added in slot order and rescaled as the total is.
    pub(super) fn dims_at(&self, c: &Choice, w: &Scratch, i: usize, out: &mut Vec<f64>) {
        out.clear();
        if self.shape.is_some() {
            out.extend(w.dim.iter().map(|d| d[i]));
            return;
        }
        out.resize(self.dims, 0.0);
        // A as `sum` adds it: p·1 or p·0 per slot, in slot order (the same bits).
        // Without a branch, as adding only the applicable scores: a score that does not apply
        // is +0 and its factor positive, and a sum that starts at +0 is never −0, so adding
        // +0 leaves it as it is.
        let mut app = 0.0;
        for slot in 0..self.points.len() {
            let v = self.variant(c, slot);
            let f = c.factor[slot];
            app += self.points[slot] * f * v.mask[i];
            out[self.slot_dim[slot]] += v.score[i] * f;
        }
        for d in out.iter_mut() {
            *d = rescale(*d, app, self.total);
        }
    }

    /// Another aggregation: the track's shape with each slot's points times its factor.
    fn combine(&self, shape: &Shape, c: &Choice, w: &mut Scratch) {
        let mut shape = shape.clone();
        for (p, f) in shape.points.iter_mut().zip(&c.factor) {
            *p *= f;
        }
        let slots = self.points.len();
        let mut scores = vec![None; slots];
        let mut node = vec![None; shape.nodes.len()];
        for i in 0..self.n {
            for (slot, s) in scores.iter_mut().enumerate() {
                let v = self.variant(c, slot);
                *s = v.applicable[i].then(|| v.score[i] * c.factor[slot]);
            }
            let total = shape.total(&scores, &mut node);
            if !self.tie_breakers.is_empty() {
                shape.add_dim_parts(&scores, &node, total, &self.slot_dim, |d, v| {
                    w.dim[d][i] += v
                });
            }
            w.raw[i] = total;
        }
    }
}
