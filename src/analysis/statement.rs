//! The statement (对账单): one unit's full account of one period — every indicator with its value,
//! peers, score, points lost and rank; dimension subtotals with their ranks; every adjustment row
//! with its reason and reference; total, rank, grade, gaps, trend and requirement lines.

use crate::analysis::facts::{dimension_points, TrackContext};
use crate::analysis::gaps::{next_places, NextPlace};
use crate::analysis::requirements::{requirements, Requirement};
use crate::analysis::robustness::{Robust, Skip};
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
    /// competition rank of the rounded subtotal within the track.
    pub score: f64,
    pub points: f64,
    pub rank: u32,
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
            Some(u) => out.push(statement(&cx, ev.ds.unit_pos[u])),
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
            let applicable = sc.status(pos) != Status::NotApplicable;
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
                status: sc.status(pos),
                points: f.points,
                max_score: f.max_score,
                lost: f.lost[pos],
                rank: f.rank[pos],
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
        .map(|(k, &dim)| DimensionLine {
            dim,
            score: cx.tr.scores.dim_scores[k][pos],
            points: points[k],
            rank: cx.facts.dim_rank[k][pos],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::requirements::Requirement;
    use crate::analysis::testkit::{close, pos, Fixture};
    use crate::analysis::trend::{compare, Label};
    use crate::config::Requirements;
    use crate::data::AdjustmentKind;

    #[test]
    fn statement_of_a_rescaled_unit_with_a_capped_deduction() {
        let fx = Fixture::a();
        let ev = fx.eval("2024Q2");
        let cx = TrackContext::new(&ev, 0, None, Requirements::default());
        let s = statement(&cx, pos(&ev, "D"));
        // out: 50 → 25 of 50; peers 100, 80, 80, 50, 40; rank 4 (behind 100, 80, 80).
        let out = &s.indicators[0];
        assert_eq!(out.value, Cell::Value(50.0));
        assert_eq!(
            (out.peers, out.peer_max, out.peer_min),
            (5, Some(100.0), Some(40.0))
        );
        close(out.peer_mean.unwrap(), 70.0);
        assert_eq!(
            (out.score, out.points, out.rank),
            (Some(25.0), 50.0, Some(4))
        );
        close(out.lost.unwrap(), 25.0 * 100.0 / 70.0);
        // tgt: not applicable — no score, no loss, no rank; peers are the other four.
        let tgt = &s.indicators[1];
        assert_eq!(tgt.value, Cell::NotApplicable);
        assert_eq!(
            (tgt.score, tgt.lost, tgt.rank, tgt.target),
            (None, None, None, None)
        );
        assert_eq!((tgt.peers, tgt.status), (4, Status::NotApplicable));
        // acc: 2 incidents → 20 − 5·2 = 10; lower is better: 0, 0, 1 ahead → rank 4.
        let acc = &s.indicators[2];
        assert_eq!((acc.score, acc.rank), (Some(10.0), Some(4)));
        close(acc.lost.unwrap(), 10.0 * 100.0 / 70.0);
        // Dimensions: econ 25·100/70 = 35.71 (last of 5), safe 10·100/70 = 14.29 (4th).
        assert_eq!(s.dimensions.len(), 2);
        close(s.dimensions[0].score, 25.0 * 100.0 / 70.0);
        assert_eq!((s.dimensions[0].points, s.dimensions[0].rank), (80.0, 5));
        assert_eq!((s.dimensions[1].points, s.dimensions[1].rank), (20.0, 4));
        // A = 70, T/A = 100/70, Σ·T/A = 35·100/70 = 50; deduction 4 capped at 3 → 47.
        close(s.applicable, 70.0);
        close(s.scale, 100.0 / 70.0);
        close(s.indicator_total, 50.0);
        assert_eq!((s.deduction_claimed, s.deduction, s.bonus), (4.0, 3.0, 0.0));
        close(s.total, 47.0);
        assert_eq!((s.rounded, s.rank, s.grade, s.n), (47.0, 4, 1, 5));
        // The adjustment row keeps its reason and reference.
        assert_eq!(s.adjustments.len(), 1);
        let a = &s.adjustments[0];
        assert_eq!(a.kind, AdjustmentKind::Deduction);
        assert_eq!((a.points, a.reason.as_str()), (4.0, "信访积案"));
        assert_eq!(a.reference, "区信访局通报");
        // 108 − 47 = 61 behind the leader; 85 − 47 = 38 to rank 2.
        close(s.behind_leader, 61.0);
        assert_eq!(s.next.map(|n| n.rank), Some(2));
        close(s.next.unwrap().gap, 38.0);
        assert_eq!(s.movement, None);
    }

    #[test]
    fn statement_targets_bonus_caps_and_ties() {
        let fx = Fixture::a();
        let ev = fx.eval("2024Q2");
        let cx = TrackContext::new(&ev, 0, None, Requirements::default());
        // C: target 10 from the config; rate 8/10 → 30·0.8 = 24, lost 36 − 24 = 12; rank 3 of 4.
        let c = statement(&cx, pos(&ev, "C"));
        assert_eq!(c.indicators[1].target, Some(10.0));
        close(c.indicators[1].score.unwrap(), 24.0);
        close(c.indicators[1].lost.unwrap(), 12.0);
        assert_eq!(c.indicators[1].rank, Some(3));
        // C ties B on 85.00: both rank 2; bonus 1 under the cap of 2.
        assert_eq!((c.rank, c.bonus_claimed, c.bonus), (2, 1.0, 1.0));
        // A claimed 3, capped at 2.
        let a = statement(&cx, pos(&ev, "A"));
        assert_eq!((a.bonus_claimed, a.bonus, a.rounded), (3.0, 2.0, 108.0));
        // E: the veto row has no points and forces the last grade.
        let e = statement(&cx, pos(&ev, "E"));
        assert!(e.veto);
        assert_eq!(e.grade, 1);
        assert_eq!(e.adjustments[0].kind, AdjustmentKind::Veto);
        assert!(matches!(e.requirements[0], Requirement::Veto { .. }));
    }

    #[test]
    fn all_statements_come_in_display_order_with_their_next_place() {
        let fx = Fixture::a();
        let ev = fx.eval("2024Q2");
        let cx = TrackContext::new(&ev, 0, None, Requirements::default());
        let all = track_statements(&cx);
        let ids: Vec<&str> = all
            .iter()
            .map(|s| ev.ds.registry.units[s.unit].id.as_str())
            .collect();
        assert_eq!(ids, vec!["A", "B", "C", "D", "E"]);
        for s in &all {
            assert_eq!(s, &statement(&cx, s.pos));
        }
    }

    #[test]
    fn trend_of_a_renamed_unit_and_a_new_unit() {
        let fx = Fixture::b();
        let now = fx.eval("2024Q2");
        let before = fx.eval("2024Q1");
        let trends = compare(&now, &crate::eval::Earlier::of(&before));
        let cx = TrackContext::new(&now, 0, Some(&trends), Requirements::default());
        // R continues OLD (former_ids): rank 4 → 4, 60 → 62.
        let r = statement(&cx, pos(&now, "R")).movement.unwrap();
        assert_eq!(r.label, Label::Level);
        assert_eq!(
            (r.prev_rank, r.prev_total, r.rank_change),
            (Some(4), Some(60.0), Some(0))
        );
        close(r.score_change.unwrap(), 2.0);
        // N is assessed from 2024Q2: no earlier result.
        let n = statement(&cx, pos(&now, "N")).movement.unwrap();
        assert_eq!(
            (n.label, n.prev_rank, n.score_change),
            (Label::New, None, None)
        );
        // A fell from 1 to 2; B rose from 2 to 1; D kept 5th with +1 < the median +2.
        let label = |id: &str| statement(&cx, pos(&now, id)).movement.unwrap().label;
        assert_eq!(label("A"), Label::Down);
        assert_eq!(label("B"), Label::Up);
        assert_eq!(label("C"), Label::Level);
        assert_eq!(label("D"), Label::Slow);
        close(cx.median_change.unwrap(), 2.0);
    }
}
