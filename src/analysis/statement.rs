//! The statement (对账单): one unit's full account of one period — every indicator with its value,
//! peers, score, points lost and rank; dimension subtotals with their ranks; every adjustment row
//! with its reason and reference; total, rank, grade, gaps, trend and requirement lines.

use crate::analysis::facts::{dimension_points, TrackContext};
use crate::analysis::gaps::{next_places, NextPlace};
use crate::analysis::requirements::{requirements, Requirement};
use crate::analysis::trend::Move;
use crate::data::{Adjustment, Cell};
use crate::scoring::Status;

/// One unit's statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub unit: usize,
    pub track: usize,
    pub pos: usize,
    /// Units on the track.
    pub n: usize,
    pub indicators: Vec<IndicatorLine>,
    pub dimensions: Vec<DimensionLine>,
    /// The unit's adjustment rows, in file order.
    pub adjustments: Vec<Adjustment>,
    /// A: applicable points; T/A: the rescaling; Σ scores · T/A.
    pub applicable: f64,
    pub scale: f64,
    pub indicator_total: f64,
    /// Σ bonus and Σ deductions as claimed, and after the config's caps.
    pub bonus_claimed: f64,
    pub bonus: f64,
    pub deduction_claimed: f64,
    pub deduction: f64,
    pub veto: bool,
    /// Full precision and rounded total, rank, grade level index.
    pub total: f64,
    pub rounded: f64,
    pub rank: u32,
    pub grade: usize,
    /// Leader's total − own total, and the place just above (rounded totals).
    pub behind_leader: f64,
    pub next: Option<NextPlace>,
    pub movement: Option<Move>,
    pub requirements: Vec<Requirement>,
}

/// One indicator row of a statement.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorLine {
    /// Position on the track and index into the config's indicators.
    pub slot: usize,
    pub indicator: usize,
    /// The value as read, and the growth (growth indicators only).
    pub value: Cell,
    pub growth: Option<Cell>,
    /// The unit's target (`target` method, units with a value).
    pub target: Option<f64>,
    /// Peers (units with a scored value) and their max / min / mean scored value.
    pub peers: usize,
    pub peer_max: Option<f64>,
    pub peer_min: Option<f64>,
    pub peer_mean: Option<f64>,
    /// The indicator score before rescaling; `None` when not applicable.
    pub score: Option<f64>,
    pub status: Status,
    /// P on the track, and the most a unit can score (P·cap for `target`).
    pub points: f64,
    pub max_score: f64,
    /// Rescaled points lost `(max_score − score)·T/A`; `None` when not applicable.
    pub lost: Option<f64>,
    /// Competition rank among the peers on the scored value; `None` without a value.
    pub rank: Option<u32>,
}

/// One dimension row of a statement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DimensionLine {
    /// Index into the config's dimensions.
    pub dim: usize,
    /// The rescaled subtotal, the points of the dimension's indicators on the track, and the
    /// competition rank of the rounded subtotal within the track.
    pub score: f64,
    pub points: f64,
    pub rank: u32,
}

/// The statement of the unit at `pos` of the context's track.
pub fn statement(cx: &TrackContext, pos: usize) -> Statement {
    Statement {
        next: next_places(cx)[pos],
        ..statement_without_next(cx, pos)
    }
}

/// Statements of every unit of the track, in display order (rank, then unit id).
pub fn track_statements(cx: &TrackContext) -> Vec<Statement> {
    let next = next_places(cx);
    cx.tr
        .order
        .iter()
        .map(|&pos| Statement {
            next: next[pos],
            ..statement_without_next(cx, pos)
        })
        .collect()
}

/// As [`statement`] but leaves `next` empty (the caller fills it from one pass over the track).
fn statement_without_next(cx: &TrackContext, pos: usize) -> Statement {
    let tr = cx.tr;
    let unit = tr.units[pos];
    let leader = tr.order.first().map_or(0.0, |&p| tr.rounded[p]);
    Statement {
        unit,
        track: tr.track,
        pos,
        n: tr.units.len(),
        indicators: indicator_lines(cx, pos),
        dimensions: dimension_lines(cx, pos),
        adjustments: cx.adjustments_of(pos).cloned().collect(),
        applicable: tr.scores.applicable[pos],
        scale: tr.scores.scale[pos],
        indicator_total: tr.scores.indicator_total[pos],
        bonus_claimed: tr.bonus_claimed[pos],
        bonus: tr.bonus[pos],
        deduction_claimed: tr.deduction_claimed[pos],
        deduction: tr.deduction[pos],
        veto: tr.veto[pos],
        total: tr.total[pos],
        rounded: tr.rounded[pos],
        rank: tr.rank[pos],
        grade: tr.grade[pos],
        behind_leader: leader - tr.rounded[pos],
        next: None,
        movement: cx.movement(pos).copied(),
        requirements: requirements(cx, pos),
    }
}

fn indicator_lines(cx: &TrackContext, pos: usize) -> Vec<IndicatorLine> {
    let td = &cx.ev.ds.tracks[cx.tr.track];
    cx.facts
        .indicators
        .iter()
        .enumerate()
        .map(|(slot, f)| {
            let data = &td.columns[slot];
            let sc = &cx.tr.scores.columns[slot];
            let applicable = sc.status[pos] != Status::NotApplicable;
            IndicatorLine {
                slot,
                indicator: f.indicator,
                value: data.raw.get(pos),
                growth: data.growth.as_ref().map(|g| g.get(pos)),
                target: data
                    .targets
                    .as_ref()
                    .map(|t| t[pos])
                    .filter(|t| t.is_finite()),
                peers: f.peers,
                peer_max: f.max,
                peer_min: f.min,
                peer_mean: f.mean,
                score: applicable.then_some(sc.score[pos]),
                status: sc.status[pos],
                points: f.points,
                max_score: f.max_score,
                lost: f.lost[pos],
                rank: f.rank[pos],
            }
        })
        .collect()
}

fn dimension_lines(cx: &TrackContext, pos: usize) -> Vec<DimensionLine> {
    let points = dimension_points(cx.ev, cx.tr);
    cx.tr
        .scores
        .dims
        .iter()
        .enumerate()
        .map(|(k, &dim)| DimensionLine {
            dim,
            score: cx.tr.scores.dim_scores[k][pos],
            points: points[k],
            rank: cx.facts.dim_rank[k][pos],
        })
        .collect()
}
