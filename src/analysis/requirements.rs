//! Requirement lines (提要求): rule-based findings that tell a unit what to work on.
//!
//! Each line is plain data (which rule fired, and the figures that made it fire); the renderers
//! word it. Thresholds come from `[requirements]` of the top-level config ([`Requirements`]).
//! Lines come in a fixed order: veto, fall in rank, slow progress, filled missing cells, weak
//! dimensions (track order), weak indicators (most points lost first, then track order).

use crate::analysis::facts::TrackContext;
use crate::analysis::trend::Label;
use crate::data::AdjustmentKind;
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
        if let (Some(change), Some(prev)) = (m.rank_change, m.prev_rank) {
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
            m.score_change,
            cx.median_change,
        ) {
            out.push(Requirement::Slow {
                against,
                change,
                median,
            });
        }
    }
    for (slot, col) in tr.scores.columns.iter().enumerate() {
        match col.status(pos) {
            Status::ZeroFilled => out.push(Requirement::Missing { slot, zero: true }),
            Status::AverageFilled => out.push(Requirement::Missing { slot, zero: false }),
            Status::Imputed => out.push(Requirement::Imputed { slot }),
            _ => {}
        }
    }
    let share = rules.bottom_share;
    if share > 0.0 && rules.dimensions {
        let n = tr.units.len();
        let cutoff = bottom_cutoff(share, n);
        for (k, ranks) in cx.facts.dim_rank.iter().enumerate() {
            if ranks[pos] as usize > cutoff {
                out.push(Requirement::DimensionBottom {
                    k,
                    score: tr.scores.dim_scores[k][pos],
                    rank: ranks[pos],
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
            let (Some(rank), Some(lost)) = (f.rank[pos], f.lost[pos]) else {
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
        weak.sort_by(|a, b| lost_of(b).total_cmp(&lost_of(a)));
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

#[cfg(test)]
mod tests {
    use super::bottom_cutoff;

    #[test]
    fn bottom_cutoff_is_the_ceiling_of_the_complement_share() {
        // ⌈0.75·48⌉ = 36: ranks 37..48 are the bottom quarter.
        assert_eq!(bottom_cutoff(0.25, 48), 36);
        // ⌈0.75·5⌉ = ⌈3.75⌉ = 4: only rank 5.
        assert_eq!(bottom_cutoff(0.25, 5), 4);
        // (1 − 0.1)·10 is 9.000000000000002 in binary; the cutoff is still 9.
        assert_eq!(bottom_cutoff(0.1, 10), 9);
        // share 0 turns the lines off: the cutoff is n itself.
        assert_eq!(bottom_cutoff(0.0, 7), 7);
        assert_eq!(bottom_cutoff(0.25, 0), 0);
    }
}

#[cfg(test)]
mod fixture_tests {
    use super::*;
    use crate::analysis::testkit::{close, pos, Fixture};
    use crate::analysis::trend::compare;
    use crate::config::Requirements;

    #[test]
    fn bottom_quarter_lines_on_fixture_a() {
        let fx = Fixture::a();
        let ev = fx.eval("2024Q2");
        let cx = TrackContext::new(&ev, 0, None, Requirements::default());
        // n = 5: cutoff ⌈0.75·5⌉ = 4, so only rank 5 is in the bottom quarter.
        for id in ["A", "B", "C"] {
            assert_eq!(requirements(&cx, pos(&ev, id)), vec![], "{id}");
        }
        // D: econ subtotal 35.71 is last (rank 5) — a dimension line; its indicator ranks are 4.
        let d = requirements(&cx, pos(&ev, "D"));
        assert_eq!(d.len(), 1);
        assert!(matches!(
            d[0],
            Requirement::DimensionBottom {
                k: 0,
                rank: 5,
                n: 5,
                cutoff: 4,
                ..
            }
        ));
        // E: veto; safe subtotal 0 last; then out (lost 30, 5 > 4), acc (lost 20, 5 > 4) and
        // tgt (lost 36 − 18 = 18, rank 4 of 4 peers > ⌈0.75·4⌉ = 3), most points lost first.
        let e = requirements(&cx, pos(&ev, "E"));
        let rules: Vec<&str> = e.iter().map(Requirement::rule).collect();
        assert_eq!(
            rules,
            vec![
                "veto",
                "dimension_bottom",
                "indicator_bottom",
                "indicator_bottom",
                "indicator_bottom"
            ]
        );
        assert_eq!(
            e[0],
            Requirement::Veto {
                rows: vec![("安全生产事故".into(), "区安委会〔2024〕2号".into())]
            }
        );
        let slots: Vec<(usize, u32, usize, usize, f64)> = e[2..]
            .iter()
            .map(|r| match r {
                Requirement::IndicatorBottom {
                    slot,
                    rank,
                    n,
                    cutoff,
                    lost,
                    ..
                } => (*slot, *rank, *n, *cutoff, *lost),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            slots,
            vec![(0, 5, 5, 4, 30.0), (2, 5, 5, 4, 20.0), (1, 4, 4, 3, 18.0)]
        );
    }

    #[test]
    fn thresholds_change_which_lines_fire() {
        let fx = Fixture::a();
        let ev = fx.eval("2024Q2");
        // bottom_share 0.5: n = 5 → ⌈2.5⌉ = 3; n = 4 → 2. D: out rank 4 > 3 (lost 35.71),
        // acc rank 4 > 3 (lost 14.29); econ 5 > 3 and safe 4 > 3.
        let rules = Requirements {
            bottom_share: 0.5,
            min_points_lost: 20.0,
            dimensions: false,
            ..Requirements::default()
        };
        let cx = TrackContext::new(&ev, 0, None, rules);
        let d = requirements(&cx, pos(&ev, "D"));
        // No dimension lines; acc's 14.29 is not above min_points_lost = 20.
        assert_eq!(d.len(), 1);
        match &d[0] {
            Requirement::IndicatorBottom {
                slot,
                rank,
                cutoff,
                lost,
                ..
            } => {
                assert_eq!((*slot, *rank, *cutoff), (0, 4, 3));
                close(*lost, 25.0 * 100.0 / 70.0);
            }
            other => panic!("{other:?}"),
        }
        // bottom_share 0 turns the rank lines off: only E's veto remains.
        let off = Requirements {
            bottom_share: 0.0,
            ..Requirements::default()
        };
        let cx = TrackContext::new(&ev, 0, None, off);
        assert_eq!(requirements(&cx, pos(&ev, "D")), vec![]);
        assert_eq!(requirements(&cx, pos(&ev, "E")).len(), 1);
    }

    #[test]
    fn fall_and_slow_progress_lines() {
        let fx = Fixture::b();
        let now = fx.eval("2024Q2");
        let before = fx.eval("2024Q1");
        let trends = compare(&now, &crate::eval::Earlier::of(&before));
        // fall_places = 1 comes from fixture B's [requirements].
        let rules = fx.settings().requirements;
        assert_eq!(rules.fall_places, 1);
        let cx = TrackContext::new(&now, 0, Some(&trends), rules);
        let q1: crate::period::Period = "2024Q1".parse().unwrap();
        assert_eq!(
            requirements(&cx, pos(&now, "A")),
            vec![Requirement::Fell {
                against: q1,
                from: 1,
                to: 2
            }]
        );
        // D: +1 against the median +2 of A −5, B +8, C +5, R +2, D +1.
        match &requirements(&cx, pos(&now, "D"))[..] {
            [Requirement::Slow {
                against,
                change,
                median,
            }] => {
                assert_eq!(*against, q1);
                close(*change, 1.0);
                close(*median, 2.0);
            }
            other => panic!("{other:?}"),
        }
        // N, new and last of 6 (cutoff ⌈0.75·6⌉ = 5): the dimension and the indicator
        // (lost 100 − 30 = 70); no trend line for a new unit.
        let n = requirements(&cx, pos(&now, "N"));
        assert_eq!(n.len(), 2);
        assert!(matches!(
            n[0],
            Requirement::DimensionBottom {
                rank: 6,
                n: 6,
                cutoff: 5,
                ..
            }
        ));
        assert!(
            matches!(n[1], Requirement::IndicatorBottom { rank: 6, cutoff: 5, lost, .. } if lost == 70.0)
        );
        // The default fall_places = 3 gives A no line.
        let cx = TrackContext::new(&now, 0, Some(&trends), Requirements::default());
        assert_eq!(requirements(&cx, pos(&now, "A")), vec![]);
    }
}
