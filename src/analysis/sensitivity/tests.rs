//! Tracks where the answer is known: no variation gives the nominal ranks; units far apart never
//! swap; two units tied with mirrored profiles swap about half the time.

use super::*;
use crate::analysis::testkit::Fixture;

/// Townships scored on proportional indicators of 50 points each (`ids`), from `rows`.
fn townships(ids: &[&str], units: &[&str], rows: &str) -> Fixture {
    let mut cfg = String::from(
        r#"decimals = 2
[[dimensions]]
id = "econ"
name = "经济"
[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = TOTAL
grades = { by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }
"#,
    );
    cfg = cfg.replace("TOTAL", &(50 * ids.len()).to_string());
    for id in ids {
        cfg.push_str(&format!(
            "[[indicators]]\nid = \"{id}\"\nname = \"{id}\"\ndimension = \"econ\"\nmethod = \"proportional\"\ndirection = \"higher\"\npoints = {{ town = 50 }}\n"
        ));
    }
    let mut reg = String::from("id,name,category,parent\n");
    for u in units {
        reg.push_str(&format!("{u},{u}镇,township,\n"));
    }
    let data = format!("unit_id,{}\n{rows}", ids.join(","));
    Fixture::new(
        &cfg,
        &[
            ("units.csv", reg.as_str()),
            ("2024Q2/township.csv", data.as_str()),
        ],
    )
}

/// S (100, 100) → 100; P (100, 50) → 75; Q (50, 100) → 75; R (10, 10) → 10. P is ahead of Q
/// exactly when x's factor is above y's: half the time.
fn mirrored() -> Fixture {
    townships(
        &["x", "y"],
        &["S", "P", "Q", "R"],
        "S,100,100\nP,100,50\nQ,50,100\nR,10,10\n",
    )
}

fn plan(runs: usize, weights: f64) -> Plan {
    let spec = Spec {
        runs,
        weights,
        ..Spec::default()
    };
    Plan::new(&spec, Vec::new())
}

fn by_id<'a>(ev: &Evaluation, t: &'a TrackSensitivity, id: &str) -> &'a UnitSensitivity {
    t.units
        .iter()
        .find(|u| ev.ds.registry.units[u.unit].id == id)
        .expect("unit")
}

#[test]
fn no_variation_gives_a_zero_width_interval_at_the_nominal_rank() {
    let ev = Fixture::a().eval("2024Q2");
    let s = analyse(&ev, &[0], &plan(50, 0.0)).unwrap();
    let t = &s.tracks[0];
    for u in &t.units {
        assert_eq!(
            (u.p5, u.median, u.p95),
            (u.nominal_rank, u.nominal_rank, u.nominal_rank)
        );
        assert_eq!(u.grades[u.nominal_grade], 1.0);
    }
    assert!(t.fragile.is_empty());
    assert_eq!(t.mean_rank_change, 0.0);
    // Fixture A's ranks by hand: A 1, B 2, C 2 (tie on 85.00), D 4, E 5.
    let ranks: Vec<u32> = t.units.iter().map(|u| u.nominal_rank).collect();
    assert_eq!(ranks, [1, 2, 2, 4, 5]);
}

#[test]
fn units_far_apart_never_swap_and_mirrored_ties_swap_half_the_time() {
    let f = mirrored();
    let ev = f.eval("2024Q2");
    let s = analyse(&ev, &[0], &plan(4000, 0.2)).unwrap();
    let t = &s.tracks[0];
    let (sx, p, q, r) = (
        by_id(&ev, t, "S"),
        by_id(&ev, t, "P"),
        by_id(&ev, t, "Q"),
        by_id(&ev, t, "R"),
    );
    // S is 100 under every draw (both attainments are 1), R is 10: never move.
    assert_eq!((sx.p5, sx.p95), (1, 1));
    assert_eq!((r.p5, r.p95), (4, 4));
    // P and Q tie nominally (rank 2 each); under draws one is 2nd, the other 3rd.
    assert_eq!((p.nominal_rank, q.nominal_rank), (2, 2));
    assert_eq!((p.p5, p.p95, q.p5, q.p95), (2, 3, 2, 3));
    // 优秀 is the first floor(0.5·4) = 2 places: P holds it when it is 2nd.
    let good = p.grades[0];
    assert!((good - 0.5).abs() < 0.03, "P 优秀 in {good} of the runs");
    // One of them is 2nd in every run, both only when their rounded totals tie (|fx − fy| below
    // about 0.0004): rare.
    let both = p.grades[0] + q.grades[0] - 1.0;
    assert!(
        (0.0..0.01).contains(&both),
        "both 优秀 in {both} of the runs"
    );
    // Both tied units are fragile at the default threshold 0.9; S and R are not.
    assert_eq!(t.fragile.len(), 2);
    // Whichever of P and Q is 2nd, the mean rank change is (0 + 1)/4 (0 in the rare runs where
    // they tie): the output of the indices hardly varies.
    assert!(
        (t.mean_rank_change - 0.25).abs() < 0.005,
        "{}",
        t.mean_rank_change
    );
}

#[test]
fn an_indicator_every_unit_scores_alike_has_no_effect_on_the_ranks() {
    // z is 100 for every unit: its factor scales every total alike and never reorders P and Q.
    // P (100, 50, 100) = 50fx + 25fy + 50fz, Q (50, 98, 100) = 25fx + 49fy + 50fz: P is ahead
    // unless 25fx < 24fy, which only x and y decide.
    let f = townships(&["x", "y", "z"], &["P", "Q"], "P,100,50,100\nQ,50,98,100\n");
    let ev = f.eval("2024Q2");
    let s = analyse(&ev, &[0], &plan(4000, 0.2)).unwrap();
    let t = &s.tracks[0];
    let index = |k: usize| t.indices.iter().find(|x| x.0 == k).expect("index");
    // (Not exactly 0: z moves the last digit of a total, so a rare near-tie rounds either way.)
    assert!(
        index(2).1.abs() < 0.01 && index(2).2 < 0.01,
        "{:?}",
        t.indices
    );
    // x and y both matter: the swap happens in a good share of the runs.
    let (sx, sy) = (index(0), index(1));
    assert!(sx.2 > 0.2 && sy.2 > 0.2, "{:?}", t.indices);
    let p = by_id(&ev, t, "P");
    assert_eq!((p.nominal_rank, p.p5, p.p95), (1, 1, 2));
}

#[test]
fn the_same_seed_gives_the_same_draws_and_another_seed_others() {
    let f = mirrored();
    let ev = f.eval("2024Q2");
    let a = analyse(&ev, &[0], &plan(500, 0.2)).unwrap();
    let b = analyse(&ev, &[0], &plan(500, 0.2)).unwrap();
    assert_eq!(a, b);
    let mut other = plan(500, 0.2);
    other.seed += 1;
    assert_ne!(
        analyse(&ev, &[0], &other).unwrap().tracks[0].units,
        a.tracks[0].units
    );
}

/// The sample district's 2024Q3, scored as shipped.
fn sample() -> Evaluation {
    Evaluation::sample()
}

/// The indices `analyse` gives equal, bit for bit, those of evaluating every row of B and A_Bᵢ
/// from scratch.
fn fast_indices_equal_plain(ev: &Evaluation, plan: &Plan) {
    let tracks: Vec<usize> = (0..ev.cfg.tracks.len()).collect();
    let s = analyse(ev, &tracks, plan).unwrap();
    let inputs = inputs_of(&ev.cfg, plan);
    let (a, b) = draws(plan, inputs.len());
    let mut compared = 0;
    for ts in &s.tracks {
        let m = model(ev, ts.track, plan).unwrap();
        let reach = reaching(&m, plan, &inputs);
        let nominal = &ev.res.tracks[ts.track].rank;
        let want = indices::plain(&m, plan, &inputs, &reach, &a, &b, nominal);
        let bits = |v: &[(usize, f64, f64)]| -> Vec<(usize, u64, u64)> {
            v.iter()
                .map(|&(i, s, st)| (i, s.to_bits(), st.to_bits()))
                .collect()
        };
        assert_eq!(bits(&ts.indices), bits(&want), "track {}", ts.track);
        compared += want.len();
    }
    assert!(compared > 0, "no index compared");
}

#[test]
fn the_fast_indices_equal_the_straightforward_evaluation() {
    let f = mirrored();
    let ev = f.eval("2024Q2");
    for seed in [1, 2, 3] {
        let mut p = plan(300, 0.2);
        p.seed = seed;
        fast_indices_equal_plain(&ev, &p);
    }
    let ev = sample();
    for seed in [20240601, 5, 11] {
        let mut p = plan(60, 0.2);
        p.seed = seed;
        p.missing = vec![MissingPolicy::Zero, MissingPolicy::Average];
        fast_indices_equal_plain(&ev, &p);
    }
}

#[test]
fn a_ranking_started_from_another_order_gives_the_same_ranks() {
    let ev = sample();
    let p = plan(40, 0.2);
    let inputs = inputs_of(&ev.cfg, &p);
    let d = inputs.len();
    let (a, _) = draws(&p, d);
    for t in 0..ev.cfg.tracks.len() {
        let m = model(&ev, t, &p).unwrap();
        let slots = slots_of(&m, &p, &inputs);
        let (mut c, mut hint, mut fresh, mut after, mut near) = Default::default();
        decode(&m, &p, &inputs, &slots, &a[..d], &mut c);
        m.run(&c, &mut hint);
        for j in 1..p.runs {
            decode(&m, &p, &inputs, &slots, &a[j * d..(j + 1) * d], &mut c);
            m.run(&c, &mut fresh);
            m.run_after(&c, &mut after, &hint);
            assert_eq!(fresh.rank, after.rank, "track {t}, run {j}");
            assert_eq!(fresh.grade, after.grade);
            assert_eq!(fresh.rounded, after.rounded);
            // From the published order, as `analyse` ranks A and B.
            m.eval(&c, &mut near, engine::Start::Nominal, true);
            assert_eq!(fresh.rank, near.rank, "track {t}, run {j}");
            assert_eq!(fresh.grade, near.grade);
        }
    }
}

#[test]
fn the_nominal_draw_gives_the_published_ranks_and_grades() {
    // Every factor 1 and the configured methods: the ranking (its tie-breaking of equal totals
    // too) is the scorer's.
    let ev = sample();
    let p = plan(1, 0.0);
    let inputs = inputs_of(&ev.cfg, &p);
    for t in 0..ev.cfg.tracks.len() {
        let m = model(&ev, t, &p).unwrap();
        let slots = slots_of(&m, &p, &inputs);
        let (mut c, mut w) = Default::default();
        decode(&m, &p, &inputs, &slots, &vec![0.5; inputs.len()], &mut c);
        m.run(&c, &mut w);
        let tr = &ev.res.tracks[t];
        assert_eq!(w.rank, tr.rank, "track {t}");
        let grades: Vec<usize> = tr.grades.iter().map(|&g| usize::from(g)).collect();
        assert_eq!(w.grade, grades, "track {t}");
        assert_eq!(marc(&w.rank, &tr.rank), 0.0);
    }
}

#[test]
fn the_rank_statistics_are_the_same_with_and_without_the_indices() {
    // With the indices, A's rows are ranked and graded from the sums the indices take
    // ([`indices::Indices::a`]); without, by the full evaluation: every interval, grade
    // probability and mean rank change must agree exactly.
    let ev = sample();
    let tracks: Vec<usize> = (0..ev.cfg.tracks.len()).collect();
    for (seed, w) in [(20240601, 0.2), (7, 0.5), (8, 0.05)] {
        let mut p = plan(200, w);
        p.seed = seed;
        p.missing = if seed == 7 {
            vec![MissingPolicy::Zero]
        } else {
            Vec::new()
        };
        let on = analyse(&ev, &tracks, &p).unwrap();
        p.indices = false;
        let off = analyse(&ev, &tracks, &p).unwrap();
        for (a, b) in on.tracks.iter().zip(&off.tracks) {
            assert_eq!(a.units, b.units, "track {}, seed {seed}", a.track);
            assert_eq!(a.fragile, b.fragile);
            assert_eq!(a.mean_rank_change.to_bits(), b.mean_rank_change.to_bits());
        }
        assert!(on.tracks.iter().any(|t| !t.indices.is_empty()));
    }
}

/// Every unit's rounded total under `c`, added up the scorer's way, independently of the engine's
/// keys: applicable points and scores times their factors in slot order, rescaled, adjusted,
/// `round_to`.
fn rounded_by_hand(m: &engine::TrackModel, c: &engine::Choice) -> Vec<f64> {
    (0..m.n)
        .map(|i| {
            let (mut app, mut raw) = (0.0, 0.0);
            for slot in 0..m.points.len() {
                let v = m.variant(c, slot);
                if v.applicable[i] {
                    app += m.points[slot] * c.factor[slot];
                    raw += v.score[i] * c.factor[slot];
                }
            }
            let raw = crate::scoring::rescale(raw, app, m.total);
            crate::num::round_to(raw + m.bonus[i] - m.deduction[i], m.decimals)
        })
        .collect()
}

/// `w`'s ranks are competition ranks of `rounded` (compared as `descending` keys, as the scorer
/// does): a unit whose total no other shares is ranked 1 + the units ahead of it; tied units
/// within their group's places.
fn ranked_by(w: &engine::Scratch, rounded: &[f64], what: &str) {
    use crate::scoring::rank::descending;
    let keys: Vec<u64> = rounded.iter().map(|&r| descending(r)).collect();
    for (i, &k) in keys.iter().enumerate() {
        let ahead = keys.iter().filter(|&&o| o < k).count() as u32;
        let tied = keys.iter().filter(|&&o| o == k).count() as u32;
        let r = w.rank[i];
        assert!(
            r > ahead && r <= ahead + tied,
            "{what}: unit {i} ({}) ranked {r}, {ahead} ahead, {tied} tied",
            rounded[i]
        );
    }
}

#[test]
fn a_full_evaluation_rounds_and_ranks_the_totals_added_up_by_hand() {
    // The engine keys each total by the integer of its last decimal, found without a division
    // where that is sure; checked here against `round_to` of the total added up by hand — also
    // where no such key can be made (a total beyond 2·10^15 units of the last decimal: every
    // key is then the rounded total's), from a fresh sort and from the published order.
    let ev = sample();
    let p = plan(30, 0.3);
    let inputs = inputs_of(&ev.cfg, &p);
    let d = inputs.len();
    let (a, _) = draws(&p, d);
    for t in 0..ev.cfg.tracks.len() {
        for huge in [0.0, 3.0e13, -3.0e13] {
            let mut m = model(&ev, t, &p).unwrap();
            m.bonus[0] += huge;
            let slots = slots_of(&m, &p, &inputs);
            let (mut c, mut w, mut near) = Default::default();
            for j in 0..p.runs {
                decode(&m, &p, &inputs, &slots, &a[j * d..(j + 1) * d], &mut c);
                let want = rounded_by_hand(&m, &c);
                m.run(&c, &mut w);
                m.eval(&c, &mut near, engine::Start::Nominal, true);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&w.rounded), bits(&want), "track {t}, run {j}, {huge}");
                assert_eq!(bits(&near.rounded), bits(&want));
                ranked_by(&w, &want, &format!("track {t}, run {j}, {huge}"));
                assert_eq!(w.rank, near.rank);
                if huge > 0.0 {
                    assert_eq!(w.rank[0], 1, "track {t}: the unit with the huge bonus");
                }
            }
        }
    }
}

#[test]
fn a_re_added_draw_evaluates_uncertain_totals_and_huge_ones_the_scorers_way() {
    // A_j with one points factor changed, re-added from A_j's sums (`Deltas`), against the
    // totals added up by hand: where a total sits on a half step of the last decimal whatever
    // the factors (unit 0 scores nothing and has a bonus of 2.675 — its rounding is never
    // certain, so it is evaluated as `round_to` does), and where one is too large for any key
    // (a bonus of ±3·10^13: the whole draw is evaluated the scorer's way).
    let ev = sample();
    let p = plan(20, 0.3);
    let inputs = inputs_of(&ev.cfg, &p);
    let d = inputs.len();
    let (a, b) = draws(&p, d);
    let mut checked = 0;
    for t in 0..ev.cfg.tracks.len() {
        for bonus in [2.675, 3.0e13, -3.0e13] {
            let mut m = model(&ev, t, &p).unwrap();
            if !delta::Deltas::applies(&m) {
                continue;
            }
            for slot in &mut m.variants {
                slot[0].score[0] = 0.0;
            }
            m.bonus[0] = bonus;
            m.deduction[0] = 0.0;
            let slots = slots_of(&m, &p, &inputs);
            let (mut c, mut w, mut deltas) = (
                Choice::default(),
                Scratch::default(),
                delta::Deltas::default(),
            );
            for j in 0..p.runs {
                let (row_a, row_b) = (&a[j * d..(j + 1) * d], &b[j * d..(j + 1) * d]);
                decode(&m, &p, &inputs, &slots, row_a, &mut c);
                let mut g = vec![1.0; m.points.len()];
                for (i, input) in inputs.iter().enumerate() {
                    if let (Input::Weight(_), Some(s)) = (input, slots[i]) {
                        g[s] = factor(&p, row_a[i]);
                    }
                }
                deltas.prepare(&m, &c, &g);
                for (i, input) in inputs.iter().enumerate() {
                    let (Input::Weight(_), Some(s)) = (input, slots[i]) else {
                        continue;
                    };
                    let mut c2 = c.clone();
                    c2.factor.clone_from(&g);
                    c2.factor[s] = factor(&p, row_b[i]);
                    keep_sum(&m, &mut c2.factor);
                    deltas.run(
                        &m,
                        &c2,
                        s,
                        factor(&p, row_b[i]),
                        &mut w,
                        Start::Nominal,
                        true,
                    );
                    let want = rounded_by_hand(&m, &c2);
                    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    let what = format!("track {t}, run {j}, slot {s}, bonus {bonus}");
                    assert_eq!(bits(&w.rounded), bits(&want), "{what}");
                    ranked_by(&w, &want, &what);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}
