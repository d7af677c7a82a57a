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
        (r.prev_rank(), r.prev_total(), r.rank_change()),
        (Some(4), Some(60.0), Some(0))
    );
    close(r.score_change().unwrap(), 2.0);
    // N is assessed from 2024Q2: no earlier result.
    let n = statement(&cx, pos(&now, "N")).movement.unwrap();
    assert_eq!(
        (n.label, n.prev_rank(), n.score_change()),
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
