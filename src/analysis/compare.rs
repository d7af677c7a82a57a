//! What a change of rules does (`pingyi compare`): one period's data scored under two schemes,
//! unit by unit — rank, grade and total under each, the change, the units that move most (grade
//! changes first), and for each unit the indicators that explain the change of its total.
//!
//! **The explanation adds up exactly.** Every figure is counted in units of the last decimal
//! shown (d = the larger `decimals` of the two schemes): the total change is the difference of
//! the two published (rounded) totals; each indicator's part is the change of its part of the
//! indicator total (its score × T/A, or its share under another aggregation, see
//! `scoring::aggregate`), rounded on its own; the adjustments line is the change of
//! bonus − deduction after the caps (a veto changes no total); and the rounding line is what is
//! left — the rounding of the totals and of each part — so that the lines add up to the total
//! change, digit for digit.

mod schemes;

pub use schemes::Schemes;

use rayon::prelude::*;

use crate::eval::Evaluation;
use crate::num::{difference, round_to, scaled};
use crate::results::{Status, TrackResult};
use crate::scoring::aggregate::Shape;

/// One period under two schemes.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Decimals of every figure: the larger of the two schemes'.
    pub decimals: usize,
    /// Every indicator of either scheme: the new scheme's in config order, then those only the
    /// old one has.
    pub indicators: Vec<IndicatorKey>,
    /// The new scheme's tracks shown, in config order.
    pub tracks: Vec<TrackComparison>,
}

/// An indicator by id, with its name (from the new scheme when both have it).
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorKey {
    pub id: String,
    pub name: String,
}

/// One track of the new scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackComparison {
    /// Index into the new scheme's tracks.
    pub track: usize,
    /// Every unit, in the new scheme's display order.
    pub units: Vec<UnitChange>,
    /// Indexes into `units`: every unit whose grade changes, then the largest rank changes, up
    /// to the number asked for.
    pub movers: Vec<usize>,
}

/// Where a unit stands under one scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// Index into that scheme's tracks.
    pub track: usize,
    pub rank: u32,
    /// Units on the track.
    pub n: usize,
    /// The grade level (0 the highest) of that scheme's track: [`Standing::grade_name`].
    pub grade: usize,
    pub rounded: f64,
    pub veto: bool,
}

impl Standing {
    /// The grade's name under `ev`, the scheme the standing is under.
    pub fn grade_name<'a>(&self, ev: &'a Evaluation) -> &'a str {
        ev.cfg.tracks[self.track].grades.level_name(self.grade)
    }
}

/// One unit under both schemes.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitChange {
    /// Registry index.
    pub unit: usize,
    /// Under the old scheme; `None` when the unit fell in none of its tracks.
    pub from: Option<Standing>,
    pub to: Standing,
    /// Places gained (old rank − new rank); `None` without an old standing, and when the old
    /// standing is on a track of other peers ([`crate::config::Track::same_peers`]: trends call
    /// the unit 新增 there, as its previous rank says nothing of its place among the new peers).
    pub rank_change: Option<i64>,
    pub grade_changed: bool,
    /// The change of the rounded total and its explanation, in units of 10^-decimals.
    pub explanation: Option<Explanation>,
}

/// A total change, explained; every figure in units of the last decimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub change: i64,
    /// The change of each indicator's part, by index into `Comparison::indicators`;
    /// [`Explanation::NONE`] where neither scheme scores the unit on it ([`Explanation::parts`]).
    parts: Box<[i64]>,
    pub adjustments: i64,
    pub rounding: i64,
}

impl Explanation {
    /// No part: the indicator is not scored for the unit by either scheme. No part is this
    /// number: a part is at most the points (≤ 1e9) in units of at most 10^-6.
    const NONE: i64 = i64::MIN;

    /// `(index into Comparison::indicators, change of its part)`, for every indicator either
    /// scheme scores the unit on, in that index's order.
    pub fn parts(&self) -> impl Iterator<Item = (usize, i64)> + '_ {
        self.parts
            .iter()
            .enumerate()
            .filter(|p| *p.1 != Self::NONE)
            .map(|(k, &x)| (k, x))
    }

    /// The change of indicator `k`'s part; `None` when neither scheme scores the unit on it.
    pub fn part(&self, k: usize) -> Option<i64> {
        self.parts.get(k).copied().filter(|&x| x != Self::NONE)
    }

    /// The parts largest first (by size; then in indicator order), without those of zero.
    pub fn largest(&self) -> Vec<(usize, i64)> {
        let mut v: Vec<(usize, i64)> = self.parts().filter(|p| p.1 != 0).collect();
        v.sort_by_key(|&(k, x)| (std::cmp::Reverse(x.unsigned_abs()), k));
        v
    }
}

/// `x` in units of 10^-d, rounded as the totals are.
pub fn units(x: f64, d: usize) -> i64 {
    scaled(x, d).unwrap_or_else(|| (round_to(x, d) * 10f64.powi(d as i32)).round() as i64)
}

/// Each indicator's part of the indicator total of the unit at `pos`, by config indicator index:
/// the score × T/A for a sum, the share of [`Shape::parts`] otherwise.
pub fn parts(ev: &Evaluation, tr: &TrackResult, pos: usize) -> Vec<(usize, f64)> {
    let track = &ev.cfg.tracks[tr.track];
    let scores: Vec<Option<f64>> = tr
        .scores
        .columns
        .iter()
        .map(|c| (c.status(pos) != Status::NotApplicable).then(|| c.score(pos)))
        .collect();
    let values: Vec<f64> = if track.aggregation.is_sum() {
        scores
            .iter()
            .map(|s| s.map_or(0.0, |s| s * tr.scores.scale(pos)))
            .collect()
    } else {
        let shape = Shape::of(&ev.cfg, tr.track);
        let nodes: Vec<Option<f64>> = tr.scores.nodes.iter().map(|n| n[pos]).collect();
        shape.parts(&scores, &nodes, tr.scores.indicator_total[pos])
    };
    track
        .indicators
        .iter()
        .zip(values)
        .zip(&scores)
        .filter(|(_, s)| s.is_some())
        .map(|((ti, v), _)| (ti.indicator, v))
        .collect()
}

/// The comparison of `from` (the old scheme) and `to` (the new one) on `tracks` of the new
/// scheme, with up to `top` movers per track besides grade changes.
pub fn compare(from: &Evaluation, to: &Evaluation, tracks: &[usize], top: usize) -> Comparison {
    let d = from.cfg.decimals.max(to.cfg.decimals);
    let mut indicators: Vec<IndicatorKey> = to
        .cfg
        .indicators
        .iter()
        .chain(&from.cfg.indicators)
        .map(|i| IndicatorKey {
            id: i.id.clone(),
            name: i.name.clone(),
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    indicators.retain(|k| seen.insert(k.id.clone()));
    // Each scheme's config indicator index → its index in `indicators`, found once.
    let at: std::collections::HashMap<&str, usize> = indicators
        .iter()
        .enumerate()
        .map(|(k, key)| (key.id.as_str(), k))
        .collect();
    let keys = |ev: &Evaluation| -> Vec<usize> {
        let key = |i: &crate::config::Indicator| at.get(i.id.as_str()).copied().unwrap_or(0);
        ev.cfg.indicators.iter().map(key).collect()
    };
    let keys = Keys {
        from: keys(from),
        to: keys(to),
    };
    let tracks = tracks
        .iter()
        .map(|&t| {
            let tr = &to.res.tracks[t];
            // Made in position order (each column read in turn, not at the random places of
            // the display order), on every core, then put in display order.
            let mut shown = vec![0; tr.order.len()];
            for (k, &pos) in tr.order.iter().enumerate() {
                shown[pos] = k;
            }
            let mut made: Vec<(usize, UnitChange)> = (0..tr.order.len())
                .into_par_iter()
                .map_init(
                    || vec![None; indicators.len()],
                    |sums, pos| (shown[pos], unit_change(from, to, tr, pos, d, &keys, sums)),
                )
                .collect();
            made.sort_unstable_by_key(|m| m.0);
            let units: Vec<UnitChange> = made.into_iter().map(|m| m.1).collect();
            TrackComparison {
                track: t,
                movers: movers(&units, from, top),
                units,
            }
        })
        .collect();
    Comparison {
        decimals: d,
        indicators,
        tracks,
    }
}

fn standing(tr: &TrackResult, pos: usize) -> Standing {
    Standing {
        track: tr.track,
        rank: tr.rank[pos],
        n: tr.units.len(),
        grade: tr.grade(pos),
        rounded: tr.rounded[pos],
        veto: tr.veto[pos],
    }
}

/// Where each scheme's indicators are in [`Comparison::indicators`], by config indicator index.
struct Keys {
    from: Vec<usize>,
    to: Vec<usize>,
}

fn unit_change(
    from: &Evaluation,
    to: &Evaluation,
    tr: &TrackResult,
    pos: usize,
    d: usize,
    keys: &Keys,
    sums: &mut [Option<f64>],
) -> UnitChange {
    let unit = tr.units[pos];
    let now = standing(tr, pos);
    let Some((old_tr, old_pos)) = from.locate(unit) else {
        return UnitChange {
            unit,
            from: None,
            to: now,
            rank_change: None,
            grade_changed: false,
            explanation: None,
        };
    };
    let before = standing(old_tr, old_pos);
    // The new scheme's part, less the old one's, by indicator; in indicator order.
    // (`sums` is left all `None` for the next unit.)
    for (i, v) in self::parts(to, tr, pos) {
        sums[keys.to[i]] = Some(v);
    }
    for (i, v) in self::parts(from, old_tr, old_pos) {
        let s = &mut sums[keys.from[i]];
        *s = Some(s.map_or(-v, |s| s - v));
    }
    let parts: Box<[i64]> = sums
        .iter_mut()
        .map(|s| s.take().map_or(Explanation::NONE, |v| units(v, d)))
        .collect();
    // On the decimals of the (capped) bonus and deduction: a bonus of 2.05 capped at 1.5, then
    // at 5, changes by 0.55, shown 0.6 at one decimal (its binary difference 0.5499… gave 0.5).
    let adj = |r: &TrackResult, p: usize| difference(r.bonus[p], r.deduction[p]);
    let adjustments = units(difference(adj(tr, pos), adj(old_tr, old_pos)), d);
    let change = units(now.rounded, d) - units(before.rounded, d);
    let scored = parts.iter().filter(|&&x| x != Explanation::NONE);
    let rounding = change - scored.sum::<i64>() - adjustments;
    let same_track = from.cfg.tracks[before.track].same_peers(&to.cfg.tracks[now.track]);
    UnitChange {
        unit,
        rank_change: same_track.then(|| i64::from(before.rank) - i64::from(now.rank)),
        grade_changed: before.grade_name(from) != now.grade_name(to),
        from: Some(before),
        to: now,
        explanation: Some(Explanation {
            change,
            parts,
            adjustments,
            rounding,
        }),
    }
}

/// Every unit whose grade changes, then the largest rank changes (ties: the larger change of
/// total, then unit id): `top` of those besides every grade change.
fn movers(units: &[UnitChange], ev: &Evaluation, top: usize) -> Vec<usize> {
    let id = |i: usize| ev.ds.registry.units[units[i].unit].id.as_str();
    let size = |i: usize| {
        let u = &units[i];
        (
            u.rank_change.map_or(0, i64::unsigned_abs),
            u.explanation
                .as_ref()
                .map_or(0, |e| e.change.unsigned_abs()),
        )
    };
    let mut grade: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].grade_changed)
        .collect();
    let mut rank: Vec<usize> = (0..units.len())
        .filter(|&i| !units[i].grade_changed && units[i].rank_change.is_some_and(|c| c != 0))
        .collect();
    let order = |a: &usize, b: &usize| size(*b).cmp(&size(*a)).then_with(|| id(*a).cmp(id(*b)));
    grade.sort_by(order);
    rank.sort_by(order);
    // `top` rank movers besides every grade change (as `--top` says).
    grade.extend(rank.into_iter().take(top));
    grade
}
