//! The statement (对账单): one unit's full account of one period — every indicator with its value,
//! peers, score, points lost and rank; dimension subtotals with their ranks; every adjustment row
//! with its reason and reference; total, rank, grade, gaps, trend and requirement lines.

use crate::analysis::facts::{dimension_points, TrackContext};
use crate::analysis::gaps::{next_places, NextPlace};
use crate::analysis::requirements::{requirements, Requirement};
use crate::analysis::robustness::{Robust, Robustness, Skip};
use crate::analysis::trend::{Move, Trends};
use crate::composite::Treatment;
use crate::config::Requirements;
use crate::data::{Adjustment, Cell};
use crate::eval::Evaluation;
use crate::results::{Prepared, Status};

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
    /// The rank interval and grade robustness ([`crate::analysis::robustness`]).
    pub robust: Robust,
}

impl Statement {
    /// The statement with its rank interval and grade robustness from `r`.
    pub fn with_robust(mut self, r: &Robustness) -> Statement {
        self.robust = r.of_unit(self.track, self.pos);
        self
    }
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
    /// How the value scored was derived from the cell (denominator, imputation, outlier
    /// treatment); `None` when it is the cell itself.
    pub derived: Option<Derived>,
    /// The file (and sheet) the value came from, and its line there; `None` when no file gave it.
    pub source: Option<(String, u32)>,
}

/// How an indicator's value scored came about from its cell (see `scoring::prepare`).
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    /// The attribute divided by, the unit's value of it and the scale (`x / d · scale`).
    pub denominator: Option<(String, Option<f64>, f64)>,
    /// The value divided, when the cell has one and the unit a denominator.
    pub denominated: Option<f64>,
    /// The value filled in, when the cell was missing (or could not be divided) and imputed.
    pub imputed: Option<f64>,
    /// The value the method scored.
    pub scored: Option<f64>,
    /// The indicator's outlier treatment on the track (display form), when treated.
    pub treatment: Option<String>,
    /// Whether the treatment changed this unit's value (winsorised, or every value logged).
    pub treated: bool,
}

/// One dimension row of a statement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DimensionLine {
    /// Index into the config's dimensions.
    pub dim: usize,
    /// The rescaled subtotal, the points of the dimension's indicators on the track, and the
    /// competition rank of the rounded subtotal among the track's `peers` units with an
    /// applicable indicator in the dimension.
    pub score: f64,
    pub points: f64,
    pub rank: u32,
    pub peers: usize,
}

/// The statement of the unit at `pos` of the context's track.
/// The statements of `tracks` (track indices, in order) with their trends and requirement lines:
/// every unit's in display order, or only `unit`'s (a registry index).
pub fn statements(
    ev: &Evaluation,
    tracks: &[usize],
    trends: Option<&Trends>,
    rules: Requirements,
    unit: Option<usize>,
) -> Vec<Statement> {
    let mut out = Vec::new();
    for &t in tracks {
        let cx = TrackContext::new(ev, t, trends, rules);
        match unit {
            Some(u) => out.push(statement(&cx, ev.ds.pos_of(u))),
            None => out.extend(track_statements(&cx)),
        }
    }
    out
}

/// Every unit's statement on some tracks, made one at a time: for sets of statements too large
/// to hold (a province's villages).
pub struct AllStatements<'a> {
    contexts: Vec<TrackContext<'a>>,
}

impl<'a> AllStatements<'a> {
    pub fn new(
        ev: &'a Evaluation,
        tracks: &[usize],
        trends: Option<&'a Trends>,
        rules: Requirements,
    ) -> AllStatements<'a> {
        let contexts = tracks
            .iter()
            .map(|&t| TrackContext::new(ev, t, trends, rules))
            .collect();
        AllStatements { contexts }
    }

    /// The units, in the order [`AllStatements::iter`] gives their statements.
    pub fn units(&self) -> Vec<usize> {
        let order = |cx: &TrackContext<'a>| {
            cx.tr
                .order
                .iter()
                .map(|&p| cx.tr.units[p])
                .collect::<Vec<_>>()
        };
        self.contexts.iter().flat_map(order).collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = Statement> + '_ {
        self.contexts.iter().flat_map(|cx| each_statement(cx))
    }
}

pub fn statement(cx: &TrackContext, pos: usize) -> Statement {
    Statement {
        next: next_places(cx)[pos],
        ..statement_without_next(cx, pos)
    }
}

/// Statements of every unit of the track, in display order (rank, then unit id).
pub fn track_statements(cx: &TrackContext) -> Vec<Statement> {
    each_statement(cx).collect()
}

/// [`track_statements`] made one at a time, so that a large track's statements are never all
/// held at once.
pub fn each_statement<'c>(cx: &'c TrackContext<'_>) -> impl Iterator<Item = Statement> + 'c {
    let next = next_places(cx);
    cx.tr.order.iter().map(move |&pos| Statement {
        next: next[pos],
        ..statement_without_next(cx, pos)
    })
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
        scale: tr.scores.scale(pos),
        indicator_total: tr.scores.indicator_total[pos],
        bonus_claimed: tr.bonus_claimed[pos],
        bonus: tr.bonus[pos],
        deduction_claimed: tr.deduction_claimed[pos],
        deduction: tr.deduction[pos],
        veto: tr.veto[pos],
        total: tr.total(pos),
        rounded: tr.rounded[pos],
        rank: tr.rank[pos],
        grade: tr.grade(pos),
        behind_leader: leader - tr.rounded[pos],
        next: None,
        movement: cx.movement(pos),
        requirements: requirements(cx, pos),
        robust: Robust::Skipped(Skip::NotAsked),
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
            let status = sc.status(pos);
            let applicable = status != Status::NotApplicable;
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
                score: applicable.then_some(sc.score(pos)),
                status,
                points: f.points,
                max_score: f.max_score,
                lost: cx.lost(slot, pos),
                rank: f.rank(pos),
                derived: cx.tr.scores.prepared[slot]
                    .as_deref()
                    .map(|p| derived(cx, slot, p, pos)),
                source: cx
                    .ev
                    .ds
                    .sources
                    .of(cx.tr.track, slot, pos, cx.tr.units[pos])
                    .map(|(f, l)| (f.to_string(), l)),
            }
        })
        .collect()
}

fn derived(cx: &TrackContext, slot: usize, p: &Prepared, pos: usize) -> Derived {
    let ind = &cx.ev.cfg.indicators[cx.facts.indicators[slot].indicator];
    let treated = p.treatment.as_ref().is_some_and(|r| match &r.treatment {
        Treatment::Winsorised { high, low } => high.contains(&pos) || low.contains(&pos),
        Treatment::Log(_) => p.values.get(pos).value().is_some(),
        Treatment::None | Treatment::LogImpossible => false,
    });
    Derived {
        denominator: ind.denominator.as_ref().map(|d| {
            let value = p.denominator.as_ref().and_then(|v| v[pos]);
            (d.attribute.clone(), value, d.scale)
        }),
        denominated: p.denominated.as_ref().and_then(|c| c.get(pos).value()),
        imputed: p.imputed_at(pos),
        scored: p.values.get(pos).value(),
        treatment: p.treatment.as_ref().map(|r| r.to_string()),
        treated,
    }
}

fn dimension_lines(cx: &TrackContext, pos: usize) -> Vec<DimensionLine> {
    let points = dimension_points(cx.ev, cx.tr);
    cx.tr
        .scores
        .dims
        .iter()
        .enumerate()
        // A dimension none of whose indicators applies to the unit has no line, as such an
        // indicator has none.
        .filter_map(|(k, &dim)| {
            Some(DimensionLine {
                dim,
                score: cx.tr.scores.dim_scores[k][pos],
                points: points[k],
                rank: cx.facts.dim_rank[k][pos]?,
                peers: cx.facts.dim_peers[k],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
