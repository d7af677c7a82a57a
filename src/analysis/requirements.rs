//! Requirement lines (提要求): rule-based findings that tell a unit what to work on.
//!
//! Each line is plain data (which rule fired, and the figures that made it fire); the renderers
//! word it. Thresholds come from `[requirements]` of the top-level config ([`Requirements`]).
//! Lines come in a fixed order: veto, fall in rank, slow progress, filled missing cells, weak
//! dimensions (track order), weak indicators (most points lost first, then track order).

use crate::analysis::facts::TrackContext;
use crate::analysis::trend::Label;
use crate::data::AdjustmentKind;
use crate::num::sort_most_first;
use crate::period::Period;
use crate::results::Status;

/// Rounding noise below which points lost count as none.
const NOISE: f64 = 1e-9;

/// One requirement line.
#[derive(Debug, Clone, PartialEq)]
pub enum Requirement {
    /// 一票否决: the veto rows' `(reason, reference)`.
    Veto { rows: Vec<(String, String)> },
    /// Fell at least `fall_places` places since `against`.
    Fell { against: Period, from: u32, to: u32 },
    /// 慢进: same rank, and a score change below the track's median change.
    Slow {
        against: Period,
        change: f64,
        median: f64,
    },
    /// A missing cell filled by policy (`zero` when scored 0, else the peers' mean).
    Missing { slot: usize, zero: bool },
    /// A missing cell whose value was imputed from its group (policy `impute`).
    Imputed { slot: usize },
    /// A dimension subtotal ranked in the bottom share: `rank > cutoff = ⌈(1 − share)·n⌉`.
    DimensionBottom {
        /// Index into `scores.dims` of the track.
        k: usize,
        score: f64,
        rank: u32,
        n: usize,
        cutoff: usize,
        share: f64,
    },
    /// An indicator ranked in the bottom share among its peers, with points lost.
    IndicatorBottom {
        slot: usize,
        rank: u32,
        n: usize,
        cutoff: usize,
        share: f64,
        lost: f64,
    },
}

impl Requirement {
    /// A short stable id of the rule, for CSV and JSON.
    pub fn rule(&self) -> &'static str {
        match self {
            Requirement::Veto { .. } => "veto",
            Requirement::Fell { .. } => "fell",
            Requirement::Slow { .. } => "slow",
            Requirement::Missing { .. } | Requirement::Imputed { .. } => "missing",
            Requirement::DimensionBottom { .. } => "dimension_bottom",
            Requirement::IndicatorBottom { .. } => "indicator_bottom",
        }
    }
}

/// `⌈(1 − share)·n⌉`: ranks above it are in the bottom share. The 1e-9 keeps `(1 − 0.1)·10 =
/// 9.000000000000002` from rounding up to 10.
pub fn bottom_cutoff(share: f64, n: usize) -> usize {
    ((1.0 - share) * n as f64 - 1e-9).ceil().max(0.0) as usize
}

/// The requirement lines of the unit at `pos` of the context's track.
pub fn requirements(cx: &TrackContext, pos: usize) -> Vec<Requirement> {
    requirements_in(cx, pos, &cx.cells(pos))
}

/// [`requirements`] from the unit's cells ([`TrackContext::cells`]), read already.
pub fn requirements_in(cx: &TrackContext, pos: usize, cells: &[(Status, f64)]) -> Vec<Requirement> {
    let mut out = Vec::new();
    let tr = cx.tr;
    let rules = &cx.rules;
    if tr.veto[pos] {
        let rows = cx
            .adjustments_of(pos)
            .filter(|a| a.kind == AdjustmentKind::Veto)
            .map(|a| (a.reason.clone(), a.reference.clone()))
            .collect();
        out.push(Requirement::Veto { rows });
    }
    if let (Some(m), Some(against)) = (cx.movement(pos), cx.against) {
        if let (Some(change), Some(prev)) = (m.rank_change(), m.prev_rank()) {
            if change <= -i64::from(rules.fall_places) {
                out.push(Requirement::Fell {
                    against,
                    from: prev,
                    to: tr.rank[pos],
                });
            }
        }
        if let (true, Label::Slow, Some(change), Some(median)) = (
            rules.slow_progress,
            m.label,
            m.score_change(),
            cx.median_change,
        ) {
            out.push(Requirement::Slow {
                against,
                change,
                median,
            });
        }
    }
    for (slot, &(status, _)) in cells.iter().enumerate() {
        match status {
            Status::ZeroFilled => out.push(Requirement::Missing { slot, zero: true }),
            Status::AverageFilled => out.push(Requirement::Missing { slot, zero: false }),
            Status::Imputed => out.push(Requirement::Imputed { slot }),
            _ => {}
        }
    }
    let share = rules.bottom_share;
    if share > 0.0 && rules.dimensions {
        for (k, ranks) in cx.facts.dim_rank.iter().enumerate() {
            // Ranked among the units the dimension applies to; none for a unit it does not.
            let n = cx.facts.dim_peers[k];
            let cutoff = bottom_cutoff(share, n);
            if let Some(rank) = ranks[pos].filter(|&r| r as usize > cutoff) {
                out.push(Requirement::DimensionBottom {
                    k,
                    score: tr.scores.dim_scores[k][pos],
                    rank,
                    n,
                    cutoff,
                    share,
                });
            }
        }
    }
    if share > 0.0 {
        let mut weak: Vec<Requirement> = Vec::new();
        for (slot, f) in cx.facts.indicators.iter().enumerate() {
            let (Some(rank), Some(lost)) = (f.rank(pos), cx.lost_in(cells, slot, pos)) else {
                continue;
            };
            let cutoff = bottom_cutoff(share, f.peers);
            if rank as usize > cutoff && lost > rules.min_points_lost + NOISE {
                weak.push(Requirement::IndicatorBottom {
                    slot,
                    rank,
                    n: f.peers,
                    cutoff,
                    share,
                    lost,
                });
            }
        }
        let size = |r: &Requirement| cx.loss_size(slot_of(r), pos);
        sort_most_first(&mut weak, lost_of, slot_of, size);
        out.extend(weak);
    }
    out
}

fn lost_of(r: &Requirement) -> f64 {
    match r {
        Requirement::IndicatorBottom { lost, .. } => *lost,
        _ => 0.0,
    }
}

fn slot_of(r: &Requirement) -> usize {
    match r {
        Requirement::IndicatorBottom { slot, .. } => *slot,
        _ => 0,
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fixture_tests;
