//! Totals, ranks and grades: adjustments on top of the rescaled indicator sums, rounding to the
//! configured decimals, competition ranking within each track, and grades by share or score.

use super::aggregate::Shape;
use super::score_all;
use crate::config::{Config, GradeRule, TieBreaker, Track};
use crate::data::{Adjustment, AdjustmentKind, Dataset};
use crate::num::{round_to, sum_exact, Decimal, Fraction};
use crate::results::{settled_at, Results, Sparse, Status, TrackResult, TrackScores};

/// Scores, totals, ranks and grades every track of the dataset.
pub fn evaluate(cfg: &Config, ds: &Dataset) -> Results {
    use rayon::prelude::*;
    let tracks = score_all(cfg, ds)
        .into_par_iter()
        .enumerate()
        .map(|(t, scores)| finish_track(cfg, ds, t, scores))
        .collect();
    Results {
        period: ds.period,
        tracks,
    }
}

fn finish_track(cfg: &Config, ds: &Dataset, t: usize, mut scores: TrackScores) -> TrackResult {
    let units = std::sync::Arc::clone(&ds.tracks[t].units);
    let n = units.len();
    let adjustments = ds
        .adjustments
        .iter()
        .filter(|a| ds.track_of(a.unit) == Some(t))
        .map(|a| (ds.pos_of(a.unit), a));
    let adj = Adjusted::sum(n, adjustments, cfg);
    let d = cfg.decimals;
    let mut settled = settle_halves(&cfg.tracks[t], &mut scores, &adj, d);
    settled.extend(settle_tree_halves(cfg, t, &mut scores, &adj, d));
    settled.extend(settle_mean_halves(cfg, t, &mut scores, &adj, d));
    settle_dimensions(cfg, t, &mut scores, d);
    let total_of = |i: usize| {
        settled_at(&settled, i)
            .unwrap_or_else(|| scores.indicator_total[i] + adj.bonus[i] - adj.deduction[i])
    };
    // The same total as `TrackResult::total`, which derives it again when asked.
    let rounded: Vec<f64> = (0..n).map(|i| round_to(total_of(i), d)).collect();
    // Sort keys: rounded total, then each tie-breaker (rounded), all descending.
    let track = &cfg.tracks[t];
    let mut keys = vec![rounded.clone()];
    for tb in &track.tie_breakers {
        let v = tie_breaker_settled(cfg, t, &scores, *tb);
        keys.push(v.into_iter().map(|x| round_to(x, d)).collect());
    }
    let (order, rank) = competition_order(&keys, |pos| &ds.registry.units[units[pos]].id);
    // At most 255 levels (the config is refused otherwise).
    let grades = (0..n)
        .map(|i| grade_of(&track.grades, rank[i], n, rounded[i], adj.veto[i]) as u8)
        .collect();
    TrackResult {
        track: t,
        units,
        scores,
        bonus_claimed: Sparse::from_dense(&adj.bonus_claimed),
        bonus: Sparse::from_dense(&adj.bonus),
        deduction_claimed: Sparse::from_dense(&adj.deduction_claimed),
        deduction: Sparse::from_dense(&adj.deduction),
        veto: adj.veto,
        settled,
        rounded,
        rank,
        grades,
        order,
    }
}

/// Whether `x`, a sum of terms `terms` in size over `slots` scores, lies within binary noise of
/// a half-step of the last decimal (`p10` = 10^d) — within `(4·slots + 64)·ε` of the terms,
/// a generous multiple of what adding them up and rescaling can leave (the sensitivity engine's
/// bound) — and so is to be taken again on the decimals. A total outside it rounds the same
/// either way; one inside costs an exact recomputation (about 2 µs), which is the right
/// rounding wherever the window lies. A window of a fixed share of the last decimal missed
/// ties at 6 decimals above 10^8, where one binary step is 0.015 of it.
fn near_half(x: f64, terms: f64, p10: f64, slots: usize) -> bool {
    let y = x * p10;
    let noise = (4.0 * slots as f64 + 64.0) * f64::EPSILON * terms.abs().max(x.abs()) * p10;
    (y - y.floor() - 0.5).abs() <= noise
}

/// Whether a unit's rescaled sum, or its total with the adjustments, lies within binary noise
/// of a half-step ([`near_half`], the terms' size the sum's and the adjustments').
fn sum_or_total_near_half(sum: f64, bonus: f64, deduction: f64, p10: f64, slots: usize) -> bool {
    let terms = sum.abs() + bonus.abs() + deduction.abs();
    near_half(sum, terms, p10, slots) || near_half(sum + bonus - deduction, terms, p10, slots)
}

/// `bonus − deduction` on their decimals.
fn exact_adjustment(bonus: f64, deduction: f64) -> Option<Decimal> {
    Decimal::of(bonus)?.checked_add(Decimal::of(deduction)?.checked_neg()?)
}

/// [`exact_adjustment`] as a fraction, to add to a tree's exact total.
fn exact_adjustment_fraction(bonus: f64, deduction: f64) -> Option<Fraction> {
    Fraction::of(bonus)?.checked_sub(Fraction::of(deduction)?)
}

/// The totals of a summed track that lie on a half-step of the last decimal, or within binary
/// noise of one, taken again on the decimals of the scores, points and adjustments (their
/// shortest digits), exactly, and rounded once to the nearest f64: the rescaled indicator sum
/// into `scores.indicator_total`, and the total, where adjustments make it another number,
/// returned by position (ascending). A sum in binary lands a few units of its last place either
/// side of a half, by the order and the digits of its terms — 0.02 + 40.005 is
/// 40.025000000000006 and 0.015 + 40.01 is 40.025 — and three units of a total of exactly
/// 40.025 were published 40.03 (first, 优) and 40.02 (second, 差). Taken on the decimals,
/// equal totals are equal, and round as the README's rule rounds that decimal's f64 (40.02).
/// Totals of other aggregations: [`settle_tree_halves`], [`settle_mean_halves`].
fn settle_halves(
    track: &Track,
    scores: &mut TrackScores,
    adj: &Adjusted,
    d: usize,
) -> Vec<(u32, f64)> {
    let mut settled = Vec::new();
    if !track.aggregation.is_sum() {
        return settled;
    }
    let p10 = 10f64.powi(d as i32);
    for i in 0..scores.indicator_total.len() {
        let (sum, bonus, deduction) = (scores.indicator_total[i], adj.bonus[i], adj.deduction[i]);
        if !sum_or_total_near_half(sum, bonus, deduction, p10, track.indicators.len()) {
            continue;
        }
        let Some((sum, total)) = exact_total(track, scores, i, bonus, deduction) else {
            continue;
        };
        scores.indicator_total[i] = sum;
        if bonus != 0.0 || deduction != 0.0 {
            settled.push((i as u32, total));
        }
    }
    settled
}

/// The total of the unit at `pos` were its score at `slot` `full` instead, `lost` more after
/// rescaling (gap analysis: would the indicator's full points alone reach the next place?),
/// taken as totals are: `total + lost` where that lies clear of a half-step of the last
/// decimal, else the exact value of the decimals ([`settle_halves`]; on an arithmetic tree
/// [`settle_tree_halves`]) — 0.019 + 4.996 is 5.015000000000001 in binary, which rounds to
/// 5.02, where the total 5.015 the unit would have is published 5.01.
pub fn total_with(
    cfg: &Config,
    tr: &TrackResult,
    pos: usize,
    (slot, full): (usize, f64),
    lost: f64,
    d: usize,
) -> f64 {
    let track = &cfg.tracks[tr.track];
    let x = tr.total(pos) + lost;
    let (bonus, deduction) = (tr.bonus[pos], tr.deduction[pos]);
    let terms = x.abs() + bonus.abs() + deduction.abs();
    let p10 = 10f64.powi(d as i32);
    let tree = track.aggregation.is_arithmetic_tree();
    // A tree's nodes counted by the dimensions of the scheme, at most as many: its shape is made
    // only for a total near a half-step (this runs for every unit and indicator lost).
    let slots = track.indicators.len() + if tree { cfg.dimensions.len() } else { 0 };
    if !(track.aggregation.is_sum() || tree) || !near_half(x, terms, p10, slots) {
        return x;
    }
    let exact = || {
        if tree {
            let (mut cells, nodes) = unit_cells(&tr.scores, pos);
            cells[slot] = Some(full);
            let adj = exact_adjustment_fraction(bonus, deduction)?;
            let shape = Shape::of(cfg, tr.track);
            return shape
                .exact_arithmetic_total(&cells, &nodes)?
                .checked_add(adj)?
                .to_f64();
        }
        let (sum, a) = exact_sums(track, &tr.scores, pos, |_| true, Some((slot, full)))?;
        rescaled_exactly(track, sum, a, exact_adjustment(bonus, deduction)?)
    };
    exact().unwrap_or(x)
}

/// [`settle_halves`] for a track aggregated through its dimension tree by the arithmetic mean,
/// whose total `T · Σ e·r` is a sum of parts too: a total within binary noise of a half-step
/// of the last decimal is taken again exactly ([`Shape::exact_arithmetic_total`]), so that two
/// units whose totals are both exactly 2.75 (0.5·1 + 1.5·1.5 and 0.5·2.5 + 1.5·1) are not
/// published 2.8 and 2.7. Other means (geometric, harmonic): [`settle_mean_halves`].
fn settle_tree_halves(
    cfg: &Config,
    t: usize,
    scores: &mut TrackScores,
    adj: &Adjusted,
    d: usize,
) -> Vec<(u32, f64)> {
    let track = &cfg.tracks[t];
    if !track.aggregation.is_arithmetic_tree() {
        return Vec::new();
    }
    let shape = Shape::of(cfg, t);
    // More operations than a sum of the slots: a share and a product per level of the tree.
    let slots = track.indicators.len() + shape.nodes.len();
    settle_exactly(scores, adj, (d, slots), |cells, nodes, _| {
        shape.exact_arithmetic_total(cells, nodes)
    })
}

/// The totals near a half-step of the last decimal (`d`; `slots` the operations behind them, see
/// [`near_half`]) whose indicator total `exact` knows on the decimals (from the unit's scores per
/// slot, its tree nodes' values and the computed total; `None` where it does not): the indicator
/// total rounded once to the nearest f64 into `scores.indicator_total`, and the total with the
/// adjustments, where they make it another number, returned by position (ascending).
fn settle_exactly(
    scores: &mut TrackScores,
    adj: &Adjusted,
    (d, slots): (usize, usize),
    exact: impl Fn(&[Option<f64>], &[Option<f64>], f64) -> Option<Fraction>,
) -> Vec<(u32, f64)> {
    let mut settled = Vec::new();
    let p10 = 10f64.powi(d as i32);
    for i in 0..scores.indicator_total.len() {
        let (sum, bonus, deduction) = (scores.indicator_total[i], adj.bonus[i], adj.deduction[i]);
        if !sum_or_total_near_half(sum, bonus, deduction, p10, slots) {
            continue;
        }
        let (cells, nodes) = unit_cells(scores, i);
        let taken = || {
            let exact_sum = exact(&cells, &nodes, sum)?;
            let adj = exact_adjustment_fraction(bonus, deduction)?;
            Some((exact_sum.to_f64()?, exact_sum.checked_add(adj)?.to_f64()?))
        };
        let Some((exact_sum, total)) = taken() else {
            continue;
        };
        scores.indicator_total[i] = exact_sum;
        // A dimension holding every applicable indicator has the total itself (the one
        // subtotal equal to it bit for bit): it stays so.
        for dim in &mut scores.dim_scores {
            if dim[i].to_bits() == sum.to_bits() {
                dim[i] = exact_sum;
            }
        }
        if bonus != 0.0 || deduction != 0.0 {
            settled.push((i as u32, total));
        }
    }
    settled
}

/// [`settle_halves`] for a track aggregated by the geometric or harmonic mean (flat or through
/// the tree), for the totals whose indicator total is known exactly: a zero attainment makes the
/// mean 0, and equal attainments `s/P` (as decimals) make it that attainment, the indicator
/// total `T·s/P`. Such a total near a half-step, with its adjustments, is taken again on the
/// decimals: 1 + 1.1 − 0.15 is 1.9500000000000002 in binary and 1 + 0.95 is 1.95, and the two
/// units, both at exactly 1.95, were published 2.0 and 1.9. On a flat track a mean of unequal
/// attainments is taken so too where it is exact ([`exact_mean`]: √(0.576·0.9) is 0.72, and a
/// harmonic mean of decimals is a fraction); through the tree it is left as computed.
fn settle_mean_halves(
    cfg: &Config,
    t: usize,
    scores: &mut TrackScores,
    adj: &Adjusted,
    d: usize,
) -> Vec<(u32, f64)> {
    let track = &cfg.tracks[t];
    if track.aggregation.is_sum() || track.aggregation.is_arithmetic_tree() {
        return Vec::new();
    }
    let slots = track.indicators.len() + cfg.dimensions.len();
    let t = Fraction::of(track.total);
    settle_exactly(scores, adj, (d, slots), |cells, _, sum| {
        let mean = match sum == 0.0 {
            true => Fraction::ZERO,
            false => equal_attainment(track, cells).or_else(|| {
                // Flat, the mean of unequal attainments may be a decimal too.
                let tree = track.aggregation.tree;
                (!tree).then(|| exact_mean(track, cells, sum / track.total))?
            })?,
        };
        t?.checked_mul(mean)
    })
}

/// The weighted geometric or harmonic mean (weights P) of the attainments `s/P` of the
/// applicable slots of `cells`, on the decimals, when it is one: a harmonic mean `Σw / Σ(w/r)`
/// always is a fraction; a geometric mean is taken as the 12-digit decimal nearest `computed`
/// when raised to the (integer, scaled down) weights it gives back the product exactly —
/// √(0.576·0.9) is 0.72. `None` otherwise, or where 128 bits cannot hold the check.
fn exact_mean(track: &Track, cells: &[Option<f64>], computed: f64) -> Option<Fraction> {
    use crate::composite::Mean;
    let mut pairs: Vec<(Fraction, f64)> = Vec::new();
    for (cell, ti) in cells.iter().zip(&track.indicators) {
        let Some(s) = *cell else { continue };
        let r = Fraction::of(s)?.checked_div(Fraction::of(ti.points)?)?;
        pairs.push((r, ti.points));
    }
    match track.aggregation.mean {
        Mean::Harmonic => {
            let (mut w, mut inv) = (Fraction::ZERO, Fraction::ZERO);
            for &(r, p) in &pairs {
                let p = Fraction::of(p)?;
                w = w.checked_add(p)?;
                inv = inv.checked_add(p.checked_div(r)?)?;
            }
            w.checked_div(inv)
        }
        Mean::Geometric => {
            // Integer weights in their lowest ratio: 50 and 50 are 1 and 1.
            let whole = pairs
                .iter()
                .all(|&(_, p)| p.fract() == 0.0 && p > 0.0 && p < 1e9);
            if !whole {
                return None;
            }
            let gcd = |mut a: u64, mut b: u64| {
                while b != 0 {
                    (a, b) = (b, a % b);
                }
                a
            };
            let g = pairs.iter().fold(0, |g, &(_, p)| gcd(g, p as u64));
            let e: Vec<u64> = pairs.iter().map(|&(_, p)| p as u64 / g).collect();
            let total: u64 = e.iter().sum();
            // Powers past that overflow 128 bits for any decimal but 1: not tried.
            if total > 64 {
                return None;
            }
            let pow = |x: Fraction, k: u64| -> Option<Fraction> {
                (0..k).try_fold(Fraction::of(1.0)?, |acc, _| acc.checked_mul(x))
            };
            let c = Fraction::of(format!("{computed:.11e}").parse::<f64>().ok()?)?;
            let mut product = Fraction::of(1.0)?;
            for (&(r, _), &k) in pairs.iter().zip(&e) {
                product = product.checked_mul(pow(r, k)?)?;
            }
            (pow(c, total)? == product).then_some(c)
        }
        Mean::Arithmetic => None,
    }
}

/// The one attainment `s/P` of every applicable slot of `cells` (scores per slot) on the
/// decimals, when they are all equal; `None` when they differ, or none applies.
fn equal_attainment(track: &Track, cells: &[Option<f64>]) -> Option<Fraction> {
    let mut one = None;
    for (cell, ti) in cells.iter().zip(&track.indicators) {
        let Some(s) = *cell else { continue };
        let r = Fraction::of(s)?.checked_div(Fraction::of(ti.points)?)?;
        match one {
            None => one = Some(r),
            Some(x) if x == r => {}
            Some(_) => return None,
        }
    }
    one
}

/// The scores of the unit at `i` per slot (`None`: not applicable) and its tree nodes' values,
/// as [`Shape`] takes them.
fn unit_cells(scores: &TrackScores, i: usize) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    let cells = scores
        .columns
        .iter()
        .map(|c| (c.status(i) != Status::NotApplicable).then(|| c.score(i)))
        .collect();
    (cells, scores.nodes.iter().map(|k| k[i]).collect())
}

/// The rescaled indicator sum and the total of the unit at `i`, each the exact value of the
/// decimals (`R = Σ` when A = T, else `T·Σ/A`; `R + bonus − deduction`) rounded once to the
/// nearest f64; `None` where 128 bits cannot hold them.
fn exact_total(
    track: &Track,
    scores: &TrackScores,
    i: usize,
    bonus: f64,
    deduction: f64,
) -> Option<(f64, f64)> {
    let (sum, a) = exact_sums(track, scores, i, |_| true, None)?;
    let adj = exact_adjustment(bonus, deduction)?;
    Some((
        rescaled_exactly(track, sum, a, Decimal::ZERO)?,
        rescaled_exactly(track, sum, a, adj)?,
    ))
}

/// Σ of the scores of the slots `part` takes and A, the points of every applicable slot, of the
/// unit at `i`, as the decimals they are (their shortest digits); with `instead` = (slot, x),
/// x in place of that slot's score.
fn exact_sums(
    track: &Track,
    scores: &TrackScores,
    i: usize,
    part: impl Fn(usize) -> bool,
    instead: Option<(usize, f64)>,
) -> Option<(Decimal, Decimal)> {
    let (mut sum, mut a) = (Decimal::ZERO, Decimal::ZERO);
    for (slot, ti) in track.indicators.iter().enumerate() {
        let c = &scores.columns[slot];
        if c.status(i) == Status::NotApplicable {
            continue;
        }
        if part(slot) {
            let score = match instead {
                Some((s, x)) if s == slot => x,
                _ => c.score(i),
            };
            sum = sum.checked_add(Decimal::of(score)?)?;
        }
        a = a.checked_add(Decimal::of(ti.points)?)?;
    }
    Some((sum, a))
}

/// `Σ + adj` when A = T, else `T·Σ/A + adj` (0 + adj with nothing applicable: `rescale`'s
/// rule), exactly, rounded once to the nearest f64.
fn rescaled_exactly(track: &Track, sum: Decimal, a: Decimal, adj: Decimal) -> Option<f64> {
    let t = Decimal::of(track.total)?;
    let one = Decimal::int(1);
    if a.checked_add(t.checked_neg()?)? == Decimal::ZERO {
        return sum.checked_add(adj)?.ratio(one);
    }
    if a == Decimal::ZERO {
        return adj.ratio(one);
    }
    t.checked_mul(sum)?
        .checked_add(adj.checked_mul(a)?)?
        .ratio(a)
}

/// The dimension subtotals of track `t` on a half-step of the last decimal, taken again on the
/// decimals as [`settle_halves`] and [`settle_tree_halves`] take totals: a subtotal is
/// published, and compared by a dimension tie-breaker.
fn settle_dimensions(cfg: &Config, t: usize, scores: &mut TrackScores, d: usize) {
    let track = &cfg.tracks[t];
    let slot_dim: Vec<Option<usize>> = track
        .indicators
        .iter()
        .map(|ti| scores.dims.binary_search(&cfg.indicator(ti).dimension).ok())
        .collect();
    for k in 0..scores.dims.len() {
        let mut v = std::mem::take(&mut scores.dim_scores[k]);
        settle_parts(cfg, t, scores, &mut v, |slot| slot_dim[slot] == Some(k), d);
        scores.dim_scores[k] = v;
    }
}

/// A tie-breaker's values `v` (the rescaled subtotals of the dimensions it adds up) that lie
/// on a half-step of the last decimal, taken again on the decimals as [`settle_halves`] takes
/// totals: two units tied on their totals are otherwise told apart by the last bits of their
/// core subtotals' binary sums.
fn settle_tie_breaker(
    cfg: &Config,
    t: usize,
    scores: &TrackScores,
    tb: TieBreaker,
    v: &mut [f64],
    d: usize,
) {
    let track = &cfg.tracks[t];
    let part =
        |slot: usize| cfg.tie_breaks_on(tb, cfg.indicator(&track.indicators[slot]).dimension);
    settle_parts(cfg, t, scores, v, part, d);
}

/// The values `v` of track `t`, each the part of the indicator total of the slots `part` takes,
/// that lie on a half-step of the last decimal: taken again on the decimals — on a summed track
/// the rescaled sum of their scores ([`exact_sums`], [`rescaled_exactly`]), on an arithmetic
/// tree `T · Σ e·r` over them ([`Shape::exact_arithmetic_part`]). Other means are left as
/// computed.
fn settle_parts(
    cfg: &Config,
    t: usize,
    scores: &TrackScores,
    v: &mut [f64],
    part: impl Fn(usize) -> bool + Copy,
    d: usize,
) {
    let track = &cfg.tracks[t];
    let tree = track.aggregation.is_arithmetic_tree();
    if !track.aggregation.is_sum() && !tree {
        return;
    }
    let shape = tree.then(|| Shape::of(cfg, t));
    // A tree's parts take a share and a product per level besides the sum of the slots.
    let slots = track.indicators.len() + shape.as_ref().map_or(0, |s| s.nodes.len());
    let p10 = 10f64.powi(d as i32);
    for (i, x) in v.iter_mut().enumerate() {
        if !near_half(*x, *x, p10, slots) {
            continue;
        }
        let exact = match &shape {
            None => exact_sums(track, scores, i, part, None)
                .and_then(|(sum, a)| rescaled_exactly(track, sum, a, Decimal::ZERO)),
            Some(shape) => {
                let (cells, nodes) = unit_cells(scores, i);
                shape
                    .exact_arithmetic_part(&cells, &nodes, part)
                    .and_then(|f| f.to_f64())
            }
        };
        if let Some(e) = exact {
            *x = e;
        }
    }
}

/// Adjustment sums per position, before and after the config's caps.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjusted {
    pub bonus_claimed: Vec<f64>,
    pub bonus: Vec<f64>,
    pub deduction_claimed: Vec<f64>,
    pub deduction: Vec<f64>,
    pub veto: Vec<bool>,
}

impl Adjusted {
    /// Sums `(position, adjustment)` pairs over `n` positions: `min(Σ bonus, bonus_cap)`,
    /// `min(Σ deductions, deduction_cap)`; a veto row's points are ignored.
    pub fn sum<'a>(
        n: usize,
        rows: impl Iterator<Item = (usize, &'a Adjustment)>,
        cfg: &Config,
    ) -> Adjusted {
        let mut bonus_claimed = vec![0.0; n];
        let mut deduction_claimed = vec![0.0; n];
        let mut veto = vec![false; n];
        // Summed per unit as the exact sum of the decimals written, rounded once (as the
        // roll-up sums them): the order of the rows in adjustments.csv cannot change it, and
        // 0.1 + 0.2 + 0.3 is 0.6, not 0.6000000000000001, nor 0.045 + 0.1 a hair above 0.145
        // (which printed a total of −0.145 as −0.15 where the decimal −0.145 prints −0.14).
        let mut rows: Vec<(usize, &Adjustment)> = rows.collect();
        rows.sort_by_key(|r| r.0);
        for unit in rows.chunk_by(|a, b| a.0 == b.0) {
            let pos = unit[0].0;
            let points = |kind: AdjustmentKind| -> Vec<f64> {
                unit.iter()
                    .filter(|(_, a)| a.kind == kind)
                    .map(|(_, a)| a.points)
                    .collect()
            };
            bonus_claimed[pos] = sum_exact(&points(AdjustmentKind::Bonus));
            deduction_claimed[pos] = sum_exact(&points(AdjustmentKind::Deduction));
            veto[pos] = unit.iter().any(|(_, a)| a.kind == AdjustmentKind::Veto);
        }
        let capped = |v: &[f64], cap: Option<f64>| -> Vec<f64> {
            v.iter().map(|&x| cap.map_or(x, |c| x.min(c))).collect()
        };
        Adjusted {
            bonus: capped(&bonus_claimed, cfg.bonus_cap),
            deduction: capped(&deduction_claimed, cfg.deduction_cap),
            bonus_claimed,
            deduction_claimed,
            veto,
        }
    }
}

/// Display order and competition ranks (1, 2, 2, 4) of positions sorted by `keys` (each
/// descending, in turn). Positions equal on every key share the better rank; the display order
/// puts them by unit id. `-0` and `0` are equal (a rounded total of -0.001 shows as 0.00).
///
/// The sort runs on integer keys held beside each position (the first key inline, the rest
/// compared only on a tie), so a million units sort without chasing pointers; unit ids are
/// compared only within a group of equal keys.
pub fn competition_order<'a>(
    keys: &[Vec<f64>],
    id: impl Fn(usize) -> &'a str,
) -> (Vec<usize>, Vec<u32>) {
    let n = keys.first().map_or(0, Vec::len);
    let bits: Vec<Vec<u64>> = keys
        .iter()
        .map(|k| k.iter().map(|&x| descending(x)).collect())
        .collect();
    let rest = |p: usize| bits[1..].iter().map(move |k| k[p]);
    let mut items: Vec<(u64, usize)> = match bits.first() {
        Some(first) => first.iter().copied().zip(0..n).collect(),
        None => Vec::new(),
    };
    items.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| rest(a.1).cmp(rest(b.1))));
    let mut order: Vec<usize> = items.iter().map(|&(_, p)| p).collect();
    let same = |a: usize, b: usize| bits.iter().all(|k| k[a] == k[b]);
    // Tied units in id order. Each unit's id is read once for its first eight bytes, which
    // decide most comparisons; only ids sharing them are compared whole (at a million units,
    // comparing ids where they lie was a cache miss per comparison).
    let mut tied: Vec<(u64, usize)> = Vec::new();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && same(order[start], order[end]) {
            end += 1;
        }
        if end - start > 1 {
            tied.clear();
            tied.extend(order[start..end].iter().map(|&p| (prefix(id(p)), p)));
            tied.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| id(a.1).cmp(id(b.1))));
            for (slot, &(_, p)) in order[start..end].iter_mut().zip(&tied) {
                *slot = p;
            }
        }
        start = end;
    }
    let mut rank = vec![0u32; n];
    for (k, &pos) in order.iter().enumerate() {
        rank[pos] = if k > 0 && same(order[k - 1], pos) {
            rank[order[k - 1]]
        } else {
            k as u32 + 1
        };
    }
    (order, rank)
}

/// The first eight bytes of `id` as a big-endian integer (zeros past its end): ids whose
/// prefixes differ compare as the prefixes do; equal prefixes leave the order to the whole ids.
fn prefix(id: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = id.len().min(8);
    b[..n].copy_from_slice(&id.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

/// An integer that sorts ascending as `x` sorts descending (`-0` as `0`).
pub fn descending(x: f64) -> u64 {
    let b = (x + 0.0).to_bits();
    let up = if b >> 63 == 1 { !b } else { b | 1 << 63 };
    !up
}

/// The values of tie-breaker `tb` on `track` at full precision, as units tied on their totals
/// are ordered by them (rounded): the rescaled subtotals of the dimensions it adds up, those on
/// a half-step of the last decimal taken on the decimals ([`settle_tie_breaker`]).
pub fn tie_breaker_settled(
    cfg: &Config,
    t: usize,
    scores: &TrackScores,
    tb: TieBreaker,
) -> Vec<f64> {
    let mut v = tie_breaker_values(cfg, scores, tb, scores.indicator_total.len());
    settle_tie_breaker(cfg, t, scores, tb, &mut v, cfg.decimals);
    v
}

fn tie_breaker_values(cfg: &Config, s: &TrackScores, tb: TieBreaker, n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n];
    for (k, &d) in s.dims.iter().enumerate() {
        if cfg.tie_breaks_on(tb, d) {
            for (o, v) in out.iter_mut().zip(&s.dim_scores[k]) {
                *o += v;
            }
        }
    }
    out
}

/// The grade level of a unit. By share: the first level with `floor(share·n + 1e-9) ≥ rank`; by
/// score: the first level whose threshold ≤ the rounded total; otherwise, or on a veto, the last.
pub fn grade_of(rule: &GradeRule, rank: u32, n: usize, rounded: f64, veto: bool) -> usize {
    let lowest = rule.lowest();
    if veto {
        return lowest;
    }
    match rule {
        GradeRule::Share(levels) => levels
            .iter()
            .position(|(_, share)| (share * n as f64 + 1e-9).floor() >= rank as f64)
            .unwrap_or(lowest),
        GradeRule::Score(levels) => levels
            .iter()
            .position(|(_, min)| min.is_none_or(|m| m <= rounded))
            .unwrap_or(lowest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_order_ranks_ties_by_id_and_negative_zero_as_zero() {
        let ids = ["D", "B", "C", "A", "E"];
        let keys = vec![vec![1.5, 2.0, 0.0, 2.0, -0.0]];
        let (order, rank) = competition_order(&keys, |p| ids[p]);
        // 2.0 (A, B), 1.5 (D), 0 and -0 (C, E): ties by id.
        assert_eq!(order, vec![3, 1, 0, 2, 4]);
        assert_eq!(rank, vec![3, 1, 4, 1, 4]);
        // A second key breaks the tie of the first; equal on both, the id decides.
        let keys = vec![vec![2.0, 2.0, 2.0, -1.0], vec![1.0, 3.0, 1.0, 9.0]];
        let (order, rank) = competition_order(&keys, |p| ["Z", "Y", "X", "W"][p]);
        assert_eq!(order, vec![1, 2, 0, 3]);
        assert_eq!(rank, vec![2, 1, 2, 4]);
        let (order, rank) = competition_order(&[Vec::new()], |_| "");
        assert!(order.is_empty() && rank.is_empty());
    }

    #[test]
    fn ties_are_ordered_by_whole_ids_when_their_first_eight_bytes_agree() {
        let ids = [
            "U0000001b",
            "U0000001",
            "U0000001a",
            "U000000",
            "U0000001\0",
            "村0002",
            "村0001",
        ];
        let keys = vec![vec![5.0; ids.len()]];
        let (order, rank) = competition_order(&keys, |p| ids[p]);
        let mut sorted = ids.to_vec();
        sorted.sort();
        assert_eq!(order.iter().map(|&p| ids[p]).collect::<Vec<_>>(), sorted);
        assert!(rank.iter().all(|&r| r == 1));
    }

    #[test]
    fn descending_keys_sort_like_the_numbers_reversed() {
        let xs = [
            f64::NEG_INFINITY,
            -3.5,
            -1e-300,
            -0.0,
            0.0,
            1e-300,
            2.0,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(descending(w[0]) >= descending(w[1]), "{w:?}");
        }
        assert_eq!(descending(-0.0), descending(0.0));
        assert!(descending(-3.5) > descending(2.0));
    }

    #[test]
    fn adjustments_are_summed_exactly_whatever_the_row_order() {
        // Found by the property tests: bonus points were summed in file order, and
        // 0.1 + 0.2 + 0.3 ≠ 0.3 + 0.2 + 0.1 in the last bit.
        let text = r#"
[[dimensions]]
id = "d"
name = "D"
[[tracks]]
id = "t"
name = "T"
categories = ["township"]
total = 10
grades = { by = "share", levels = [{ name = "A", share = 1.0 }] }
[[indicators]]
id = "x"
name = "X"
dimension = "d"
method = "direct"
points = { t = 10 }
"#;
        let cfg = Config::parse(text, std::path::Path::new("c.toml")).unwrap();
        let unit = crate::units::Unit::new("T1", "甲镇", crate::units::Category::Township);
        let reg = crate::units::Registry::from_units(vec![unit]).unwrap();
        let col = crate::data::Column::from_cells(&[crate::data::Cell::Value(0.0)]);
        let cols = vec![vec![crate::data::IndicatorData::new(col)]];
        let (mut ds, _) =
            Dataset::from_columns(&cfg, crate::Period::Quarter(2024, 2), reg, cols).unwrap();
        let bonus = |points| Adjustment {
            unit: 0,
            kind: AdjustmentKind::Bonus,
            points,
            reason: "r".into(),
            reference: String::new(),
            line: 2,
        };
        ds.adjustments = vec![bonus(0.1), bonus(0.2), bonus(0.3)];
        let forward = evaluate(&cfg, &ds).tracks[0].total(0);
        ds.adjustments.reverse();
        let backward = evaluate(&cfg, &ds).tracks[0].total(0);
        assert_eq!(forward.to_bits(), backward.to_bits());
        // The exact sum of the decimals: 0.6, not the binary 0.6000000000000001.
        assert_eq!(forward, 0.6);
        // Deductions 0.045 and 0.1 on a score of 0: −0.145 as the decimal is held (a hair
        // nearer zero in binary, −0.14499999999999999), which prints −0.14 at 2 decimals — the
        // binary sum 0.14500000000000002 printed −0.15.
        let deduction = |points| Adjustment {
            kind: AdjustmentKind::Deduction,
            ..bonus(points)
        };
        ds.adjustments = vec![deduction(0.045), deduction(0.1)];
        let res = evaluate(&cfg, &ds);
        assert_eq!(res.tracks[0].deduction[0], 0.145);
        assert_eq!(res.tracks[0].total(0), -0.145);
        assert_eq!(res.tracks[0].rounded[0], -0.14);
    }

    #[test]
    fn grades_by_share_use_floor_of_share_times_n() {
        let rule = GradeRule::Share(vec![
            ("优秀".into(), 0.2),
            ("良好".into(), 0.8),
            ("一般".into(), 1.0),
        ]);
        // n = 12: floor(2.4) = 2 excellent places, floor(9.6) = 9 good ones.
        let g: Vec<usize> = (1..=12)
            .map(|r| grade_of(&rule, r, 12, 0.0, false))
            .collect();
        assert_eq!(g, vec![0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
        // n = 5: 0.2·5 = 1 exactly (the 1e-9 keeps 0.99999… from flooring to 0).
        assert_eq!(grade_of(&rule, 1, 5, 0.0, false), 0);
        assert_eq!(grade_of(&rule, 1, 5, 0.0, true), 2);
    }

    #[test]
    fn grades_by_score_take_the_first_threshold_reached() {
        let rule = GradeRule::Score(vec![
            ("优秀".into(), Some(90.0)),
            ("良好".into(), Some(80.0)),
            ("一般".into(), None),
        ]);
        assert_eq!(grade_of(&rule, 9, 10, 90.0, false), 0);
        assert_eq!(grade_of(&rule, 1, 10, 89.99, false), 1);
        assert_eq!(grade_of(&rule, 1, 10, 12.0, false), 2);
        let strict = GradeRule::Score(vec![
            ("合格".into(), Some(60.0)),
            ("不合格".into(), Some(30.0)),
        ]);
        assert_eq!(grade_of(&strict, 1, 10, 10.0, false), 1);
    }
}
