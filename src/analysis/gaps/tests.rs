use super::*;
use crate::analysis::testkit::{close, Fixture};
use crate::config::Requirements;

fn gaps_a() -> (Fixture, TrackGaps) {
    let fx = Fixture::a();
    let ev = fx.eval("2024Q2");
    let g = track_gaps(&TrackContext::new(&ev, 0, None, Requirements::default()));
    (fx, g)
}

/// Fixture A's registry is A, B, C, D, E in that order (registry index = position).
const ORDER: [&str; 5] = ["A", "B", "C", "D", "E"];

fn unit<'a>(g: &'a TrackGaps, ids: &[&str], id: &str) -> &'a UnitGap {
    let u = ids.iter().position(|x| *x == id).unwrap();
    g.units.iter().find(|g| g.unit == u).unwrap()
}

#[test]
fn track_figures_come_from_the_rounded_totals() {
    let (_fx, g) = gaps_a();
    // Totals 108, 85, 85, 47, 38: mean 363/5 = 72.6; median of 38, 47, 85, 85, 108 = 85.
    assert_eq!(g.n, 5);
    assert_eq!(g.leader, Some(108.0));
    close(g.mean.unwrap(), 72.6);
    assert_eq!(g.median, Some(85.0));
    // Display order: rank, then unit id.
    let order: Vec<(usize, u32)> = g.units.iter().map(|u| (u.unit, u.rank)).collect();
    assert_eq!(order, vec![(0, 1), (1, 2), (2, 2), (3, 4), (4, 5)]);
}

#[test]
fn gaps_to_leader_next_place_mean_and_median_with_a_tie() {
    let (_fx, g) = gaps_a();
    let a = unit(&g, &ORDER, "A");
    assert_eq!(a.behind_leader, 0.0);
    assert_eq!(a.next, None);
    close(a.vs_mean, 108.0 - 72.6);
    close(a.vs_median, 23.0);
    // B and C share 85.00: both are 23 behind A; neither is "behind" the other.
    for id in ["B", "C"] {
        let u = unit(&g, &ORDER, id);
        close(u.behind_leader, 23.0);
        let np = u.next.unwrap();
        assert_eq!((np.rank, np.total), (1, 108.0));
        close(np.gap, 23.0);
        close(u.vs_median, 0.0);
    }
    // D (47): the nearest strictly higher total is 85 (rank 2): gap 38.
    let d = unit(&g, &ORDER, "D");
    close(d.behind_leader, 61.0);
    let np = d.next.unwrap();
    assert_eq!((np.rank, np.total), (2, 85.0));
    close(np.gap, 38.0);
    close(d.vs_mean, 47.0 - 72.6);
    close(d.vs_median, -38.0);
    // E (38): 47 − 38 = 9 to D's place.
    let e = unit(&g, &ORDER, "E");
    assert_eq!(e.next.map(|n| n.rank), Some(4));
    close(e.next.unwrap().gap, 9.0);
}

#[test]
fn weakest_by_rescaled_points_lost() {
    let (_fx, g) = gaps_a();
    // A lost nothing anywhere (target at the cap: 36 of P·cap = 36).
    assert!(unit(&g, &ORDER, "A").weakest.is_empty());
    // B: out 50−40 = 10, tgt 36−30 = 6, acc 20−15 = 5.
    let b: Vec<(usize, f64)> = unit(&g, &ORDER, "B")
        .weakest
        .iter()
        .map(|l| (l.slot, l.lost))
        .collect();
    assert_eq!(b, vec![(0, 10.0), (1, 6.0), (2, 5.0)]);
    // C: tgt 36−24 = 12, out 10; acc lost nothing and is not listed.
    let c = &unit(&g, &ORDER, "C").weakest;
    assert_eq!(c.iter().map(|l| l.slot).collect::<Vec<_>>(), vec![1, 0]);
    close(c[0].lost, 12.0);
    // D: tgt not applicable; scale T/A = 100/70: out (50−25)·100/70, acc (20−10)·100/70.
    let d = &unit(&g, &ORDER, "D").weakest;
    assert_eq!(d.iter().map(|l| l.slot).collect::<Vec<_>>(), vec![0, 2]);
    close(d[0].lost, 25.0 * 100.0 / 70.0);
    close(d[1].lost, 10.0 * 100.0 / 70.0);
}

#[test]
fn strongest_by_score_over_points_ties_in_track_order() {
    let (_fx, g) = gaps_a();
    // A: tgt 36/30 = 1.2, then out 50/50 = 1 and acc 20/20 = 1 (tie: track order).
    let a: Vec<usize> = unit(&g, &ORDER, "A")
        .strongest
        .iter()
        .map(|s| s.slot)
        .collect();
    assert_eq!(a, vec![1, 0, 2]);
    close(unit(&g, &ORDER, "A").strongest[0].rate, 1.2);
    // B: tgt 30/30 = 1, out 40/50 = 0.8, acc 15/20 = 0.75.
    let b: Vec<usize> = unit(&g, &ORDER, "B")
        .strongest
        .iter()
        .map(|s| s.slot)
        .collect();
    assert_eq!(b, vec![1, 0, 2]);
    // D: only out (25/50) and acc (10/20), both 0.5: track order.
    let d = &unit(&g, &ORDER, "D").strongest;
    assert_eq!(d.iter().map(|s| s.slot).collect::<Vec<_>>(), vec![0, 2]);
    close(d[0].rate, 0.5);
}

#[test]
fn closers_are_indicators_whose_points_lost_cover_the_gap() {
    let (_fx, g) = gaps_a();
    // B: gap 23 > 10, 6, 5: none. D: gap 38 > 35.71: none.
    assert!(unit(&g, &ORDER, "B").closers.is_empty());
    assert!(unit(&g, &ORDER, "D").closers.is_empty());
    // E: gap 9; out 30, acc 20, tgt 36−18 = 18 all ≥ 9, most first.
    let e: Vec<(usize, f64)> = unit(&g, &ORDER, "E")
        .closers
        .iter()
        .map(|l| (l.slot, l.lost))
        .collect();
    assert_eq!(e, vec![(0, 30.0), (2, 20.0), (1, 18.0)]);
}

#[test]
fn points_lost_equal_to_the_gap_close_it() {
    // A: 100 → 50, 10 → 30, 0 → 20 = 100. B: 80 → 40, 10 → 30, 0 → 20 = 90.
    // Gap 10; B lost 50 − 40 = 10 on out (≥ 10: a closer) and 36 − 30 = 6 on tgt (not).
    let fx = Fixture::new(
        &crate::analysis::testkit::config_a(),
        &[
            (
                "units.csv",
                "id,name,category,parent\nA,甲镇,township,\nB,乙镇,township,\n",
            ),
            (
                "2024Q2/township.csv",
                "unit_id,out,tgt,acc\nA,100,10,0\nB,80,10,0\n",
            ),
        ],
    );
    let ev = fx.eval("2024Q2");
    let g = track_gaps(&TrackContext::new(&ev, 0, None, Requirements::default()));
    let b = unit(&g, &["A", "B"], "B");
    close(b.next.unwrap().gap, 10.0);
    let closers: Vec<(usize, f64)> = b.closers.iter().map(|l| (l.slot, l.lost)).collect();
    assert_eq!(closers, vec![(0, 10.0)]);
}

#[test]
fn gaps_read_in_batches_equal_each_unit_read_alone() {
    let fx = Fixture::many(600);
    let ev = fx.eval("2024Q2");
    let rules = Requirements {
        bottom_share: 0.25,
        ..Requirements::default()
    };
    let cx = TrackContext::new(&ev, 0, None, rules);
    let g = track_gaps(&cx);
    assert_eq!(g.units.len(), 600);
    let mut with_lines = 0;
    for u in &g.units {
        assert_eq!(u.weakest, weakest(&cx, u.pos), "unit {}", u.unit);
        assert_eq!(u.strongest, strongest(&cx, u.pos), "unit {}", u.unit);
        let closers_alone = u
            .next
            .map_or_else(Vec::new, |np| closers(&cx, u.pos, np.total));
        assert_eq!(u.closers, closers_alone, "unit {}", u.unit);
        let alone = crate::analysis::requirements::requirements(&cx, u.pos);
        assert_eq!(u.requirements, alone, "unit {}", u.unit);
        with_lines += usize::from(!u.requirements.is_empty());
    }
    // The comparison means something: most units lose points, many have requirement lines.
    assert!(g.units.iter().filter(|u| !u.weakest.is_empty()).count() > 500);
    assert!(with_lines > 100, "{with_lines}");
    // One unit asked for: its gaps alone, the same as in the whole track's.
    let u = g.units[417].clone();
    let one = Gaps {
        ev: &ev,
        tracks: vec![0],
        trends: None,
        rules,
        unit: Some(u.unit),
    }
    .collect();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].units, vec![u]);
    assert_eq!(
        (one[0].n, one[0].leader, one[0].mean),
        (g.n, g.leader, g.mean)
    );
}

/// Three `direct` indicators on an 11.5-point track; losses and rates equal in their decimals
/// but not in their binary digits: A loses `1 − 0.93` (0.06999999999999995) on x1 and
/// `7.5 − 7.43` (0.07000000000000028) on x2; D scores x1 at 0.7/1 and x3 at 2.1/3
/// (0.7000000000000001). `tree`: the track aggregated through its (one-dimension) tree.
fn decimal_ties(tree: bool) -> Fixture {
    let config = r#"
decimals = 2
[[dimensions]]
id = "d"
name = "工作"
core = true
[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = 11.5
grades = { by = "share", levels = [{ name = "优秀", share = 1.0 }] }
[[indicators]]
id = "x1"
name = "一"
method = "direct"
dimension = "d"
points = { town = 1 }
[[indicators]]
id = "x2"
name = "二"
method = "direct"
dimension = "d"
points = { town = 7.5 }
[[indicators]]
id = "x3"
name = "三"
method = "direct"
dimension = "d"
points = { town = 3 }
"#
    .replace(
        "total = 11.5",
        if tree {
            "total = 11.5\ntree = true"
        } else {
            "total = 11.5"
        },
    );
    Fixture::new(
        &config,
        &[
            (
                "units.csv",
                "id,name,category,parent\nA,甲,township,\nB,乙,township,\nC,丙,township,\n\
                 D,丁,township,\nE,戊,township,\n",
            ),
            (
                "2024Q2/township.csv",
                "unit_id,x1,x2,x3\nA,0.93,7.43,3\nB,1,7.5,2.1\nC,1,7.5,3\nD,0.7,7.5,2.1\n\
                 E,1,7.5,2.93\n",
            ),
        ],
    )
}

#[test]
fn losses_and_rates_equal_in_their_decimals_are_ties_in_track_order() {
    for tree in [false, true] {
        ties_in_track_order(tree);
    }
}

fn ties_in_track_order(tree: bool) {
    let fx = decimal_ties(tree);
    let ev = fx.eval("2024Q2");
    let rules = Requirements {
        bottom_share: 0.5,
        ..Requirements::default()
    };
    let g = track_gaps(&TrackContext::new(&ev, 0, None, rules));
    let ids = ["A", "B", "C", "D", "E"];
    // A (11.36) loses 0.07 on x1 and on x2: x1 first, as the track lists them.
    let a = unit(&g, &ids, "A");
    assert_eq!(a.weakest.iter().map(|l| l.slot).collect::<Vec<_>>(), [0, 1]);
    close(a.weakest[0].lost, 0.07);
    close(a.weakest[1].lost, 0.07);
    // E (11.43) is the next place, 0.07 up: either indicator at full points closes it.
    assert_eq!(a.next.map(|n| n.total), Some(11.43));
    assert_eq!(a.closers.iter().map(|l| l.slot).collect::<Vec<_>>(), [0, 1]);
    // A is in the bottom half (cut-off ⌈0.5·5⌉ = 3) on x1 (4th) and x2 (5th), 0.07 lost on each.
    let bottom: Vec<(usize, u32)> = a
        .requirements
        .iter()
        .filter_map(|r| match r {
            Requirement::IndicatorBottom { slot, rank, .. } => Some((*slot, *rank)),
            _ => None,
        })
        .collect();
    assert_eq!(bottom, [(0, 4), (1, 5)]);
    // D: x2 at 1, then x1 and x3 both at 0.7, in track order.
    let d = unit(&g, &ids, "D");
    assert_eq!(
        d.strongest.iter().map(|s| s.slot).collect::<Vec<_>>(),
        [1, 0, 2]
    );
}

/// On an arithmetic tree (d1 of weight 1 holding x1 (7.5) and x2 (1), d2 of weight 0.4 holding
/// x3 (20); T = 28.5), A loses 0.22 of its score on x1 and on x2: both exactly
/// 28.5 · (1/1.4) · 0.22/8.5 = 0.5268…, which the tree's binary means set x2 first.
#[test]
fn equal_losses_through_a_tree_are_ties_in_track_order() {
    let config = r#"
decimals = 2
[[dimensions]]
id = "d1"
name = "一"
weight = 1
[[dimensions]]
id = "d2"
name = "二"
weight = 0.4
[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = 28.5
tree = true
grades = { by = "share", levels = [{ name = "优秀", share = 1.0 }] }
[[indicators]]
id = "x1"
name = "一"
method = "direct"
dimension = "d1"
points = { town = 7.5 }
[[indicators]]
id = "x2"
name = "二"
method = "direct"
dimension = "d1"
points = { town = 1 }
[[indicators]]
id = "x3"
name = "三"
method = "direct"
dimension = "d2"
points = { town = 20 }
"#;
    let fx = Fixture::new(
        config,
        &[
            (
                "units.csv",
                "id,name,category,parent\nA,甲,township,\nB,乙,township,\n",
            ),
            (
                "2024Q2/township.csv",
                "unit_id,x1,x2,x3\nA,7.28,0.78,20\nB,7.5,1,20\n",
            ),
        ],
    );
    let ev = fx.eval("2024Q2");
    let g = track_gaps(&TrackContext::new(&ev, 0, None, Requirements::default()));
    let a = unit(&g, &["A", "B"], "A");
    assert_eq!(a.weakest.iter().map(|l| l.slot).collect::<Vec<_>>(), [0, 1]);
    close(a.weakest[0].lost, 28.5 / 1.4 * 0.22 / 8.5);
    close(a.weakest[1].lost, 28.5 / 1.4 * 0.22 / 8.5);
}
