//! Gap analysis (差距分析): how far each unit is from the leader, from the next place up and from
//! the track's mean and median; where it lost the most points (短板) and where it is strongest
//! (长板); which single indicators could close the gap to the next place.
//!
//! Gaps are differences of the published (rounded) totals, so that a unit can redo them from the
//! ranked table. "Points lost" on an indicator is `(P·cap − score)·T/A` — what the unit would
//! gain on its total if it scored the indicator's maximum and nothing else changed (cap = 1
//! except for `target`; T/A is the unit's rescaling).

use crate::analysis::facts::TrackContext;
use std::borrow::Cow;

use rayon::prelude::*;

use crate::analysis::requirements::{requirements_in, Requirement};
use crate::analysis::trend::{Move, Trends};
use crate::config::Requirements;
use crate::eval::Evaluation;
use crate::num::{median, round_to, sort_most_first};
use crate::results::{Status, TrackResult};
use crate::scoring::rank::total_with;

/// How many weakest and strongest indicators are listed.
pub const TOP: usize = 3;
/// Below this, points lost are rounding noise.
const NOISE: f64 = 1e-9;

/// The gaps of one track, units in display order (rank, then unit id).
#[derive(Debug, Clone, PartialEq)]
pub struct TrackGaps {
    pub track: usize,
    /// Number of units on the track.
    pub n: usize,
    /// The leader's rounded total, the mean and the median of the rounded totals (`None` for a
    /// track without units).
    pub leader: Option<f64>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub units: Vec<UnitGap>,
}

/// One unit's gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitGap {
    /// Position in the track and registry index.
    pub pos: usize,
    pub unit: usize,
    pub rank: u32,
    /// The rounded total.
    pub total: f64,
    /// Leader's total − own total (0 for the leader and units tied with it).
    pub behind_leader: f64,
    /// The nearest strictly higher rounded total; `None` for units tied for first.
    pub next: Option<NextPlace>,
    /// Own total − mean, own total − median (negative = below).
    pub vs_mean: f64,
    pub vs_median: f64,
    /// Up to three indicators with the most points lost (> 0), most first.
    pub weakest: Vec<Lost>,
    /// Up to three indicators with the highest score/P, highest first.
    pub strongest: Vec<Strength>,
    /// Indicators whose points lost alone are ≥ the gap to the next place, most first.
    pub closers: Vec<Lost>,
    pub movement: Option<Move>,
    pub requirements: Vec<Requirement>,
}

/// The place just above a unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NextPlace {
    /// The worst rank among the units with that total: the place just above.
    pub rank: u32,
    pub total: f64,
    /// `total − own total`: the points needed to draw level.
    pub gap: f64,
}

/// Points lost on one indicator (slot = its position on the track).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lost {
    pub slot: usize,
    pub lost: f64,
}

/// A strong indicator: its score and score/P.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strength {
    pub slot: usize,
    pub score: f64,
    pub rate: f64,
}

/// The gap analysis of some tracks, made one track and one unit at a time: per track its
/// figures, then its units' gaps in display order (a province's gaps, a few KB a unit, are
/// never held whole unless [`Gaps::collect`] is asked for).
pub struct Gaps<'a> {
    pub ev: &'a Evaluation,
    /// Track indices, in order.
    pub tracks: Vec<usize>,
    pub trends: Option<&'a Trends>,
    pub rules: Requirements,
    /// Only this unit's gaps (registry index); its track's figures are still the whole track's.
    pub unit: Option<usize>,
}

impl Gaps<'_> {
    /// Calls `f` with each track's context, its figures (`units` left empty) and its units'
    /// gaps, made as they are read; the first error ends the walk.
    pub fn each<E>(
        &self,
        mut f: impl FnMut(&TrackContext, &TrackGaps, &mut dyn Iterator<Item = UnitGap>) -> Result<(), E>,
    ) -> Result<(), E> {
        for &t in &self.tracks {
            let cx = TrackContext::new(self.ev, t, self.trends, self.rules);
            let (head, mut units) = gaps_of(&cx, self.unit);
            f(&cx, &head, &mut units)?;
        }
        Ok(())
    }

    /// The positions of a track's units shown, in display order.
    pub fn positions<'c>(&self, cx: &'c TrackContext) -> impl Iterator<Item = usize> + 'c {
        self.positions_in(cx.tr)
    }

    fn positions_in<'t>(&self, tr: &'t TrackResult) -> impl Iterator<Item = usize> + 't {
        let unit = self.unit;
        tr.order
            .iter()
            .copied()
            .filter(move |&pos| unit.is_none_or(|u| tr.units[pos] == u))
    }

    /// How many units of track `t` are shown: the one asked for, or all.
    pub fn shown(&self, t: usize) -> usize {
        self.positions_in(&self.ev.res.tracks[t]).count()
    }

    /// Every track's gaps, held whole (for the layouts made at once: the terminal table and the
    /// workbook).
    pub fn collect(&self) -> Vec<TrackGaps> {
        let mut out = Vec::new();
        let done: Result<(), std::convert::Infallible> = self.each(|_, head, units| {
            let mut tg = head.clone();
            tg.units = units.collect();
            out.push(tg);
            Ok(())
        });
        let Ok(()) = done;
        out
    }
}

pub fn track_gaps(cx: &TrackContext) -> TrackGaps {
    let (mut tg, units) = each_unit_gap(cx);
    tg.units = units.collect();
    tg
}

/// The track-level figures of [`track_gaps`] (its `units` left empty) and every unit's gaps in
/// display order, made as they are read: a report of a province's villages never holds them all.
pub fn each_unit_gap<'c>(
    cx: &'c TrackContext<'_>,
) -> (TrackGaps, impl Iterator<Item = UnitGap> + 'c) {
    gaps_of(cx, None)
}

/// Units whose cells are read together, a column at a time ([`TrackContext::cells_of`]).
const BATCH: usize = 256;
/// Units whose gaps are made together, [`BATCH`] at a time on every core.
const ROUND: usize = 16 * BATCH;

/// [`each_unit_gap`], of one unit (registry index) only when `unit` is given (the track's
/// figures are still the whole track's).
fn gaps_of<'c>(
    cx: &'c TrackContext<'_>,
    unit: Option<usize>,
) -> (TrackGaps, impl Iterator<Item = UnitGap> + 'c) {
    let tr = cx.tr;
    let n = tr.units.len();
    let mean = crate::num::mean_exact(&tr.rounded);
    let med = median(tr.rounded.clone());
    let leader = tr.order.first().map(|&p| tr.rounded[p]);
    let next = next_places(cx);
    // A unit's distance to the mean and median is taken from them as published (rounded), so
    // that it is the difference of the two figures printed beside it.
    let d = cx.ev.cfg.decimals;
    let published = |x: Option<f64>| x.map(|x| round_to(x, d));
    let (at_mean, at_median) = (published(mean), published(med));
    let order: Cow<'c, [usize]> = match unit {
        None => Cow::Borrowed(&tr.order),
        Some(u) => Cow::Owned(
            tr.order
                .iter()
                .copied()
                .filter(|&p| tr.units[p] == u)
                .collect(),
        ),
    };
    let m = tr.scores.columns.len();
    let batch = move |batch: &[usize]| {
        let cells = cx.cells_of(batch);
        batch
            .iter()
            .enumerate()
            .map(|(k, &pos)| {
                let cells = &cells[k * m..(k + 1) * m];
                unit_gap(cx, pos, cells, leader, at_mean, at_median, next[pos])
            })
            .collect::<Vec<_>>()
    };
    let units = (0..order.len()).step_by(ROUND).flat_map(move |start| {
        let round = &order[start..order.len().min(start + ROUND)];
        if round.len() <= BATCH {
            return batch(round);
        }
        let batches: Vec<Vec<UnitGap>> = round.par_chunks(BATCH).map(&batch).collect();
        batches.into_iter().flatten().collect()
    });
    let head = TrackGaps {
        track: tr.track,
        n,
        leader,
        mean,
        median: med,
        units: Vec::new(),
    };
    (head, units)
}

/// Gaps of one unit, given its cells ([`TrackContext::cells`]) and the track-level figures.
fn unit_gap(
    cx: &TrackContext,
    pos: usize,
    cells: &[(Status, f64)],
    leader: Option<f64>,
    mean: Option<f64>,
    median: Option<f64>,
    next: Option<NextPlace>,
) -> UnitGap {
    let tr = cx.tr;
    let total = tr.rounded[pos];
    let lost = lost_list(cx, pos, cells);
    let closers = next.map_or_else(Vec::new, |np| closers_in(cx, pos, &lost, np.total));
    let mut weakest = lost;
    weakest.truncate(TOP);
    UnitGap {
        pos,
        unit: tr.units[pos],
        rank: tr.rank[pos],
        total,
        behind_leader: leader.map_or(0.0, |l| l - total),
        next,
        vs_mean: mean.map_or(0.0, |m| total - m),
        vs_median: median.map_or(0.0, |m| total - m),
        weakest,
        strongest: strongest_in(cx, pos, cells),
        closers,
        movement: cx.movement(pos),
        requirements: requirements_in(cx, pos, cells),
    }
}

/// For every position, the nearest strictly higher rounded total. One pass over the display
/// order, whose rounded totals never increase.
pub fn next_places(cx: &TrackContext) -> Vec<Option<NextPlace>> {
    let tr = cx.tr;
    let mut out = vec![None; tr.units.len()];
    // The last unit of the previous run of equal totals: the place just above this run.
    let mut above: Option<usize> = None;
    for (k, &pos) in tr.order.iter().enumerate() {
        if k > 0 && tr.rounded[pos] != tr.rounded[tr.order[k - 1]] {
            above = Some(tr.order[k - 1]);
        }
        out[pos] = above.map(|a| NextPlace {
            rank: tr.rank[a],
            total: tr.rounded[a],
            gap: tr.rounded[a] - tr.rounded[pos],
        });
    }
    out
}

/// Up to [`TOP`] indicators with points lost > 0, most first; ties in track order.
pub fn weakest(cx: &TrackContext, pos: usize) -> Vec<Lost> {
    let mut v = lost_list(cx, pos, &cx.cells(pos));
    v.truncate(TOP);
    v
}

/// Indicators whose full points alone would bring the unit level with the next place's rounded
/// total `next`: the total at full precision plus the points lost, rounded as totals are, reaches
/// it. Decided on the published total, not by comparing the rounded loss with the rounded gap
/// (a loss of 1.9451 closes a gap of 1.95 from 80.0049, not from 79.9951). Most lost first.
pub fn closers(cx: &TrackContext, pos: usize, next: f64) -> Vec<Lost> {
    closers_in(cx, pos, &lost_list(cx, pos, &cx.cells(pos)), next)
}

/// [`closers`] among the unit's [`lost_list`].
fn closers_in(cx: &TrackContext, pos: usize, lost: &[Lost], next: f64) -> Vec<Lost> {
    let d = cx.ev.cfg.decimals;
    lost.iter()
        .filter(|l| {
            let full = (l.slot, cx.facts.indicators[l.slot].max_score);
            round_to(total_with(&cx.ev.cfg, cx.tr, pos, full, l.lost, d), d) >= next
        })
        .copied()
        .collect()
}

/// Every indicator with points lost > 0, most first, ties (up to the noise of binary
/// arithmetic: [`sort_most_first`]) in track order; from the unit's cells
/// ([`TrackContext::cells`]).
fn lost_list(cx: &TrackContext, pos: usize, cells: &[(Status, f64)]) -> Vec<Lost> {
    let mut v: Vec<Lost> = (0..cells.len())
        .filter_map(|slot| cx.lost_in(cells, slot, pos).map(|lost| Lost { slot, lost }))
        .filter(|l| l.lost > NOISE)
        .collect();
    let size = |l: &Lost| cx.loss_size(l.slot, pos);
    sort_most_first(&mut v, |l| l.lost, |l| l.slot, size);
    v
}

/// Up to [`TOP`] applicable indicators with the highest score/P, ties in track order.
pub fn strongest(cx: &TrackContext, pos: usize) -> Vec<Strength> {
    strongest_in(cx, pos, &cx.cells(pos))
}

/// [`strongest`] from the unit's cells ([`TrackContext::cells`]).
fn strongest_in(cx: &TrackContext, pos: usize, cells: &[(Status, f64)]) -> Vec<Strength> {
    let mut v: Vec<Strength> = cx
        .facts
        .indicators
        .iter()
        .enumerate()
        .filter(|&(slot, _)| cx.lost_in(cells, slot, pos).is_some())
        .map(|(slot, f)| {
            let score = cells[slot].1;
            Strength {
                slot,
                score,
                rate: score / f.points,
            }
        })
        .collect();
    // A rate is at most its cap: P·cap / P.
    let size =
        |s: &Strength| cx.facts.indicators[s.slot].max_score / cx.facts.indicators[s.slot].points;
    sort_most_first(&mut v, |s| s.rate, |s| s.slot, size);
    v.truncate(TOP);
    v
}

#[cfg(test)]
mod tests;
