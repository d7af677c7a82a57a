//! Per-track facts that gaps, statements, requirements and the summary all read: each unit's rank
//! on every indicator and dimension, peer statistics, and the points each unit lost.
//!
//! Computed once per track from the scoring results — one sort per indicator and per dimension,
//! so that statements for every unit of a large track stay linear in its size.

use std::num::NonZeroU32;

use rayon::prelude::*;

use crate::analysis::trend::{Move, Trends};
use crate::config::{Direction, Requirements};
use crate::data::Adjustment;
use crate::eval::Evaluation;
use crate::num::round_to;
use crate::period::Period;
use crate::results::Status;
use crate::results::TrackResult;
use crate::scoring::rank::competition_order;
use crate::scoring::relative::competition_ranks;

/// One indicator on one track.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFacts {
    /// Index into [`crate::config::Config::indicators`].
    pub indicator: usize,
    /// P: the indicator's points on the track.
    pub points: f64,
    /// The most a unit can score: P, or P·cap for `target`.
    pub max_score: f64,
    /// Peers: the units with a (scored) value; missing and not-applicable cells are left out.
    pub peers: usize,
    /// Maximum, minimum and mean of the peers' scored values (the growth for growth indicators).
    pub max: Option<f64>,
    pub min: Option<f64>,
    pub mean: Option<f64>,
    /// Per position: the rank ([`IndicatorFacts::rank`]), four bytes (a province's villages
    /// hold forty of these each).
    ranks: Vec<Option<NonZeroU32>>,
}

impl IndicatorFacts {
    /// The competition rank of the unit at `pos` among the peers on the scored value, in the
    /// indicator's direction (higher for methods without one); `None` without a value.
    pub fn rank(&self, pos: usize) -> Option<u32> {
        self.ranks[pos].map(NonZeroU32::get)
    }
}

/// Every indicator and dimension of one track.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackFacts {
    /// Parallel to the track's indicators (the "slots").
    pub indicators: Vec<IndicatorFacts>,
    /// `[k][pos]`: competition rank of the rounded subtotal of dimension `scores.dims[k]`
    /// among the units with an applicable indicator in it; `None` for a unit none of whose
    /// indicators in the dimension applies (the dimension drops out for it, as its indicators do).
    pub dim_rank: Vec<Vec<Option<u32>>>,
    /// `[k]`: how many units are ranked on dimension `scores.dims[k]`.
    pub dim_peers: Vec<usize>,
    /// `[pos][slot]`: what scoring the indicator's maximum adds to the total, on a track whose
    /// total is not a plain sum ([`TrackFacts::lost`]); `None` on a summed track, where the
    /// points lost follow from the score.
    gains: Option<Vec<Vec<f64>>>,
}

impl TrackFacts {
    /// The rescaled points lost of the unit at `pos` on the indicator at `slot` of track result
    /// `tr` (the one these facts are of): `(max_score − score)·T/A` — what scoring the maximum
    /// would add to its total; `None` when not applicable. Derived when asked, not stored.
    pub fn lost(&self, tr: &TrackResult, slot: usize, pos: usize) -> Option<f64> {
        let sc = &tr.scores.columns[slot];
        self.lost_of(tr, slot, pos, (sc.status(pos), sc.score(pos)))
    }

    /// [`TrackFacts::lost`] from the cell's status and score, read already.
    #[inline]
    pub fn lost_of(
        &self,
        tr: &TrackResult,
        slot: usize,
        pos: usize,
        (status, score): (Status, f64),
    ) -> Option<f64> {
        (status != Status::NotApplicable).then(|| match &self.gains {
            Some(g) => g[pos][slot],
            None => (self.indicators[slot].max_score - score) * tr.scores.scale(pos),
        })
    }
}

/// A track's results with everything the analyses read, computed once.
#[derive(Debug, Clone)]
pub struct TrackContext<'a> {
    pub ev: &'a Evaluation,
    pub tr: &'a TrackResult,
    pub facts: TrackFacts,
    /// The trends, when shown (the movement of the unit at `pos` is [`TrackContext::movement`]),
    /// and the period compared with.
    pub trends: Option<&'a Trends>,
    pub against: Option<Period>,
    /// The median score change of the units present in both periods (as the 慢进 label uses).
    pub median_change: Option<f64>,
    pub rules: Requirements,
    /// Per position: indexes into the dataset's adjustments, in file order.
    pub adjustments: Vec<Vec<usize>>,
}

impl<'a> TrackContext<'a> {
    pub fn new(
        ev: &'a Evaluation,
        t: usize,
        trends: Option<&'a Trends>,
        rules: Requirements,
    ) -> Self {
        let tr = &ev.res.tracks[t];
        let median_change = trends.and_then(|trends| {
            let changes = (0..tr.units.len()).filter_map(|pos| trends.get(tr, pos).score_change());
            crate::analysis::trend::median_change(changes.collect(), ev.cfg.decimals)
        });
        let mut adjustments = vec![Vec::new(); tr.units.len()];
        for (i, a) in ev.ds.adjustments.iter().enumerate() {
            if ev.ds.track_of(a.unit) == Some(t) {
                adjustments[ev.ds.pos_of(a.unit)].push(i);
            }
        }
        TrackContext {
            ev,
            tr,
            facts: track_facts(ev, tr),
            trends,
            against: trends.map(|t| t.against),
            median_change,
            rules,
            adjustments,
        }
    }

    /// The adjustment rows of the unit at `pos`, in file order.
    pub fn adjustments_of(&self, pos: usize) -> impl Iterator<Item = &'a Adjustment> + '_ {
        let all = &self.ev.ds.adjustments;
        self.adjustments[pos].iter().map(move |&i| &all[i])
    }

    /// The points lost of the unit at `pos` on the indicator at `slot` ([`TrackFacts::lost`]).
    pub fn lost(&self, slot: usize, pos: usize) -> Option<f64> {
        self.facts.lost(self.tr, slot, pos)
    }

    /// The unit at `pos`'s status and score on every indicator of the track, in slot order:
    /// what the analyses of one unit read, read once.
    pub fn cells(&self, pos: usize) -> Vec<(Status, f64)> {
        self.cells_of(std::slice::from_ref(&pos))
    }

    /// [`TrackContext::cells`] of each of `positions`, one after another (`positions.len()`
    /// runs of one cell per slot), read a column at a time: a batch of scattered positions is
    /// read faster so than one unit after another.
    pub fn cells_of(&self, positions: &[usize]) -> Vec<(Status, f64)> {
        let cols = &self.tr.scores.columns;
        let m = cols.len();
        let mut rows = vec![(Status::NotApplicable, 0.0); positions.len() * m];
        let mut col = Vec::with_capacity(positions.len());
        for (slot, c) in cols.iter().enumerate() {
            c.gather(positions, &mut col);
            for (k, &cell) in col.iter().enumerate() {
                rows[k * m + slot] = cell;
            }
        }
        rows
    }

    /// [`TrackContext::lost`] from the unit's [`TrackContext::cells`].
    #[inline]
    pub fn lost_in(&self, cells: &[(Status, f64)], slot: usize, pos: usize) -> Option<f64> {
        self.facts.lost_of(self.tr, slot, pos, cells[slot])
    }

    /// The largest figure the points lost on the indicator at `slot` are computed from, for
    /// telling a difference of losses from the rounding of binary arithmetic
    /// ([`crate::num::sort_most_first`]): `P·cap·T/A` on a summed track; on another, where a
    /// loss is a difference of totals, T (or that, where larger).
    pub fn loss_size(&self, slot: usize, pos: usize) -> f64 {
        let most = self.facts.indicators[slot].max_score * self.tr.scores.scale(pos);
        match self.ev.cfg.tracks[self.tr.track].aggregation.is_sum() {
            true => most,
            false => most.max(self.tr.scores.track_total),
        }
    }

    pub fn movement(&self, pos: usize) -> Option<Move> {
        self.trends.map(|t| t.get(self.tr, pos))
    }

    pub fn decimals(&self) -> usize {
        self.ev.cfg.decimals
    }
}

/// Computes the facts of one track.
pub fn track_facts(ev: &Evaluation, tr: &TrackResult) -> TrackFacts {
    let cfg = &ev.cfg;
    let track = &cfg.tracks[tr.track];
    let td = &ev.ds.tracks[tr.track];
    let n = tr.units.len();
    let gains = (!track.aggregation.is_sum()).then(|| gains(ev, tr));
    // An indicator's facts are its own: made on every core.
    let indicators = track
        .indicators
        .par_iter()
        .enumerate()
        .map(|(slot, ti)| {
            let ind = cfg.indicator(ti);
            let col = tr.scores.scored_column(td, slot);
            let max_score = ind.method.max_score(ti.points);
            let mut ranks = vec![None; n];
            for (pos, r) in competition_ranks(col, ind.direction.unwrap_or(Direction::Higher)) {
                ranks[pos] = u32::try_from(r).ok().and_then(NonZeroU32::new);
            }
            let peers = col.values().count();
            let (mut min, mut max) = (None::<f64>, None::<f64>);
            for (_, v) in col.values() {
                min = Some(min.map_or(v, |m| m.min(v)));
                max = Some(max.map_or(v, |m| m.max(v)));
            }
            IndicatorFacts {
                indicator: ti.indicator,
                points: ti.points,
                max_score,
                peers,
                max,
                min,
                mean: col.mean(),
                ranks,
            }
        })
        .collect();
    let d = cfg.decimals;
    let id = |pos: usize| ev.ds.registry.units[tr.units[pos]].id.as_str();
    let mut dim_peers = Vec::new();
    let dim_rank = tr
        .scores
        .dims
        .iter()
        .zip(&tr.scores.dim_scores)
        .map(|(&dim, v)| {
            let slots: Vec<usize> = (0..track.indicators.len())
                .filter(|&s| cfg.indicator(&track.indicators[s]).dimension == dim)
                .collect();
            let ranked: Vec<usize> = (0..n)
                .filter(|&pos| {
                    slots
                        .iter()
                        .any(|&s| tr.scores.columns[s].status(pos) != Status::NotApplicable)
                })
                .collect();
            let rounded: Vec<f64> = ranked.iter().map(|&p| round_to(v[p], d)).collect();
            let ranks = competition_order(&[rounded], |k| id(ranked[k])).1;
            let mut out = vec![None; n];
            for (&pos, rank) in ranked.iter().zip(ranks) {
                out[pos] = Some(rank);
            }
            dim_peers.push(ranked.len());
            out
        })
        .collect();
    TrackFacts {
        indicators,
        dim_rank,
        dim_peers,
        gains,
    }
}

/// Points lost under an aggregation that is not a sum, `[pos][slot]`: what the indicator total
/// would gain with the indicator at its maximum score, all else fixed (recomputed through the
/// track's aggregation, one unit and one indicator at a time).
fn gains(ev: &Evaluation, tr: &TrackResult) -> Vec<Vec<f64>> {
    let cfg = &ev.cfg;
    let shape = crate::scoring::aggregate::Shape::of(cfg, tr.track);
    let track = &cfg.tracks[tr.track];
    let mut nodes = vec![None; shape.nodes.len()];
    (0..tr.units.len())
        .map(|pos| {
            let mut scores: Vec<Option<f64>> = tr
                .scores
                .columns
                .iter()
                .map(|c| (c.status(pos) != Status::NotApplicable).then(|| c.score(pos)))
                .collect();
            (0..scores.len())
                .map(|slot| {
                    let ti = &track.indicators[slot];
                    let max = cfg.indicator(ti).method.max_score(ti.points);
                    let Some(old) = scores[slot] else { return 0.0 };
                    scores[slot] = Some(max);
                    let with_max = shape.total(&scores, &mut nodes);
                    scores[slot] = Some(old);
                    (with_max - tr.scores.indicator_total[pos]).max(0.0)
                })
                .collect()
        })
        .collect()
}

/// Points of a track's indicators in each of its dimensions, parallel to `scores.dims`.
pub fn dimension_points(ev: &Evaluation, tr: &TrackResult) -> Vec<f64> {
    let track = &ev.cfg.tracks[tr.track];
    tr.scores
        .dims
        .iter()
        .map(|&d| {
            track
                .indicators
                .iter()
                .filter(|ti| ev.cfg.indicator(ti).dimension == d)
                .map(|ti| ti.points)
                .sum()
        })
        .collect()
}

#[cfg(test)]
mod tests;
