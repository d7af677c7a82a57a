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
