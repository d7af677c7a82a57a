//! Hand-checkable tracks: no variation gives the nominal rank as a zero-width interval; two
//! units tied across a grade boundary are fragile; the rule skips big scopes and says why.

use super::*;
use crate::analysis::testkit::{pos, Fixture};

/// S (100, 100) → 100; P (100, 50) → 75; Q (50, 100) → 75; R (10, 10) → 10, on one track of
/// two proportional indicators of 50 points each; 优秀 is the first ⌊0.5·4⌋ = 2 places. P and Q
/// tie at rank 2 (both 优秀); under a draw one of them is 3rd (一般), whichever of x's and y's
/// factors is the smaller.
fn mirrored() -> Fixture {
    let cfg = r#"decimals = 2
[[dimensions]]
id = "econ"
name = "经济"
[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = 100
grades = { by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }
[[indicators]]
id = "x"
name = "x"
dimension = "econ"
method = "proportional"
direction = "higher"
points = { town = 50 }
[[indicators]]
id = "y"
name = "y"
dimension = "econ"
method = "proportional"
direction = "higher"
points = { town = 50 }
"#;
    let reg = "id,name,category,parent\nS,S镇,township,\nP,P镇,township,\nQ,Q镇,township,\nR,R镇,township,\n";
    let data = "unit_id,x,y\nS,100,100\nP,100,50\nQ,50,100\nR,10,10\n";
    Fixture::new(cfg, &[("units.csv", reg), ("2024Q2/township.csv", data)])
}

fn interval(r: &Robustness, ev: &Evaluation, id: &str) -> Interval {
    match r.of_unit(0, pos(ev, id)) {
        Robust::Analysed(i) => i,
        other => panic!("{id}: {other:?}"),
    }
}

#[test]
fn no_variation_gives_the_nominal_rank_as_the_interval_and_no_fragile_grade() {
    let ev = Fixture::a().eval("2024Q2");
    let spec = Spec {
        weights: 0.0,
        ..Spec::default()
    };
    let r = Robustness::of(&ev, &[0], Some(&spec));
    // Fixture A's ranks by hand: A 1, B 2, C 2 (tie on 85.00), D 4, E 5.
    for (id, rank) in [("A", 1), ("B", 2), ("C", 2), ("D", 4), ("E", 5)] {
        let i = interval(&r, &ev, id);
        assert_eq!((i.p5, i.median, i.p95), (rank, rank, rank), "{id}");
        assert_eq!((i.probability, i.fragile), (1.0, false), "{id}");
        assert_eq!((i.runs, i.seed, i.weights), (1000, 20240601, 0.0));
    }
}

#[test]
fn two_units_tied_across_a_grade_boundary_are_fragile() {
    let f = mirrored();
    let ev = f.eval("2024Q2");
    let r = Robustness::of(&ev, &[0], None);
    let (p, q) = (interval(&r, &ev, "P"), interval(&r, &ev, "Q"));
    assert_eq!((p.p5, p.p95, q.p5, q.p95), (2, 3, 2, 3));
    // Each keeps 优秀 in about half of the 1000 runs: below 0.9.
    for i in [p, q] {
        assert!((0.4..0.6).contains(&i.probability), "{i:?}");
        assert!(i.fragile);
    }
    // One of the two is 2nd in every run (both only where their rounded totals tie).
    assert!((p.probability + q.probability - 1.0).abs() < 0.01);
    // S is 100 and R 10 under every draw: robust, zero-width.
    let (s, rr) = (interval(&r, &ev, "S"), interval(&r, &ev, "R"));
    assert_eq!((s.p5, s.p95, s.probability, s.fragile), (1, 1, 1.0, false));
    assert_eq!(
        (rr.p5, rr.p95, rr.probability, rr.fragile),
        (4, 4, 1.0, false)
    );
}

#[test]
fn a_unit_reads_what_the_sensitivity_analysis_gives_it() {
    let f = mirrored();
    let ev = f.eval("2024Q2");
    let spec = Spec {
        runs: 300,
        seed: 7,
        ..Spec::default()
    };
    let r = Robustness::of(&ev, &[0], Some(&spec));
    let s = analyse(&ev, &[0], &Plan::new(&spec, Vec::new())).unwrap();
    for u in &s.tracks[0].units {
        let id = &ev.ds.registry.units[u.unit].id;
        let i = interval(&r, &ev, id);
        assert_eq!(
            (i.median, i.p5, i.p95, i.probability),
            (u.median, u.p5, u.p95, u.grades[u.nominal_grade])
        );
        assert_eq!(
            i.fragile,
            s.tracks[0]
                .fragile
                .iter()
                .any(|&k| s.tracks[0].units[k].unit == u.unit)
        );
    }
}

#[test]
fn the_rule_skips_a_scope_above_the_ceiling_or_when_off_and_says_why() {
    let f = mirrored();
    let ev = f.eval("2024Q2");
    let spec = Spec {
        in_statements_up_to: 3,
        ..Spec::default()
    };
    let r = Robustness::of(&ev, &[0], Some(&spec));
    let too_many = Skip::TooMany { units: 4, up_to: 3 };
    assert_eq!(r.skipped(), Some(&too_many));
    assert_eq!(r.of_unit(0, 0), Robust::Skipped(too_many));
    assert!(r.track(0).is_none() && r.settings().is_none());
    // At the ceiling it runs.
    let spec = Spec {
        in_statements_up_to: 4,
        ..Spec::default()
    };
    assert!(Robustness::of(&ev, &[0], Some(&spec)).skipped().is_none());
    let off = Spec {
        in_statements: false,
        ..Spec::default()
    };
    assert_eq!(
        Robustness::of(&ev, &[0], Some(&off)).of_unit(0, 1),
        Robust::Skipped(Skip::Off)
    );
}

#[test]
fn alternatives_that_do_not_fit_the_scheme_skip_with_the_message() {
    let f = mirrored();
    let ev = f.eval("2024Q2");
    let mut m = toml::Table::new();
    m.insert("base".into(), 0.5.into());
    let spec = Spec {
        alternatives: vec![("nope".into(), vec![m])],
        ..Spec::default()
    };
    let r = Robustness::of(&ev, &[0], Some(&spec));
    match r.skipped() {
        Some(Skip::Invalid(msg)) => assert!(msg.contains("`nope`") && !msg.contains('\n'), "{msg}"),
        other => panic!("{other:?}"),
    }
}
