use super::*;
use crate::analysis::testkit::{close, Fixture};

#[test]
fn indicator_ranks_share_ties_and_follow_the_direction() {
    let fx = Fixture::a();
    let ev = fx.eval("2024Q2");
    let f = track_facts(&ev, &ev.res.tracks[0]);
    // Positions are A, B, C, D, E. out (higher): 100, 80, 80, 50, 40 → 1, 2, 2, 4, 5.
    assert_eq!(
        (0..5).map(|p| f.indicators[0].rank(p)).collect::<Vec<_>>(),
        vec![Some(1), Some(2), Some(2), Some(4), Some(5)]
    );
    // tgt (higher), D not applicable: 12, 10, 8, –, 6 → 1, 2, 3, –, 4 among 4 peers.
    assert_eq!(
        (0..5).map(|p| f.indicators[1].rank(p)).collect::<Vec<_>>(),
        vec![Some(1), Some(2), Some(3), None, Some(4)]
    );
    assert_eq!(f.indicators[1].peers, 4);
    // acc (lower): 0, 1, 0, 2, 4 → 1, 3, 1, 4, 5.
    assert_eq!(
        (0..5).map(|p| f.indicators[2].rank(p)).collect::<Vec<_>>(),
        vec![Some(1), Some(3), Some(1), Some(4), Some(5)]
    );
}

#[test]
fn peer_statistics_leave_out_not_applicable_cells() {
    let fx = Fixture::a();
    let ev = fx.eval("2024Q2");
    let f = track_facts(&ev, &ev.res.tracks[0]);
    let out = &f.indicators[0];
    // (100 + 80 + 80 + 50 + 40)/5 = 70.
    assert_eq!((out.peers, out.max, out.min), (5, Some(100.0), Some(40.0)));
    close(out.mean.unwrap(), 70.0);
    let tgt = &f.indicators[1];
    // (12 + 10 + 8 + 6)/4 = 9; P·cap = 30·1.2 = 36.
    assert_eq!((tgt.max, tgt.min), (Some(12.0), Some(6.0)));
    close(tgt.mean.unwrap(), 9.0);
    close(tgt.max_score, 36.0);
    // (0 + 1 + 0 + 2 + 4)/5 = 1.4.
    close(f.indicators[2].mean.unwrap(), 1.4);
}

#[test]
fn points_lost_are_rescaled_by_t_over_a() {
    let fx = Fixture::a();
    let ev = fx.eval("2024Q2");
    let f = track_facts(&ev, &ev.res.tracks[0]);
    // D: A = 50 + 20 = 70, T/A = 100/70; out (50 − 25)·100/70; tgt not applicable.
    close(
        f.lost(&ev.res.tracks[0], 0, 3).unwrap(),
        25.0 * 100.0 / 70.0,
    );
    assert_eq!(f.lost(&ev.res.tracks[0], 1, 3), None);
    close(
        f.lost(&ev.res.tracks[0], 2, 3).unwrap(),
        10.0 * 100.0 / 70.0,
    );
    // A scored the target cap: 36 of 36, nothing lost.
    close(f.lost(&ev.res.tracks[0], 1, 0).unwrap(), 0.0);
}

#[test]
fn dimension_ranks_use_rounded_rescaled_subtotals() {
    let fx = Fixture::a();
    let ev = fx.eval("2024Q2");
    let f = track_facts(&ev, &ev.res.tracks[0]);
    // econ: A 86, B 70, C 64, D 25·100/70 = 35.71, E 38 → 1, 2, 3, 5, 4.
    assert_eq!(f.dim_rank[0], [1, 2, 3, 5, 4].map(Some));
    // safe: A 20, B 15, C 20, D 10·100/70 = 14.29, E 0 → 1, 3, 1, 4, 5.
    assert_eq!(f.dim_rank[1], [1, 3, 1, 4, 5].map(Some));
    assert_eq!(f.dim_peers, [5, 5]);
    let points = dimension_points(&ev, &ev.res.tracks[0]);
    assert_eq!(points, vec![80.0, 20.0]);
}
