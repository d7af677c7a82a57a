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
