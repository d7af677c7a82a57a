use super::*;
use crate::analysis::testkit::{close, Fixture};
use crate::config::Requirements;

fn summarise(ev: &Evaluation) -> Summary {
    let cxs: Vec<TrackContext> = (0..ev.cfg.tracks.len())
        .map(|t| TrackContext::new(ev, t, None, Requirements::default()))
        .collect();
    summary(ev, &cxs)
}

#[test]
fn population_standard_deviation() {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 32, 32/8 = 4 → σ = 2 (not the sample 2.14).
    let s = Stats::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
    assert_eq!(
        (s.n, s.mean, s.median, s.min, s.max),
        (8, 5.0, 4.5, 2.0, 9.0)
    );
    close(s.std_dev, 2.0);
    assert_eq!(Stats::of(&[]), None);
}

#[test]
fn track_and_indicator_overview_of_fixture_a() {
    let fx = Fixture::a();
    let ev = fx.eval("2024Q2");
    let s = summarise(&ev);
    let t = &s.tracks[0];
    let st = t.stats.unwrap();
    // 108, 85, 85, 47, 38: mean 72.6, median 85; deviations 35.4, 12.4, 12.4, −25.6, −34.6,
    // squares 1253.16 + 153.76 + 153.76 + 655.36 + 1197.16 = 3413.2; /5 = 682.64;
    // √682.64 = 26.1274 (26.13).
    assert_eq!((t.n, st.min, st.max, st.median), (5, 38.0, 108.0, 85.0));
    close(st.mean, 72.6);
    close(st.std_dev, 682.64f64.sqrt());
    // Share grades: 0.4·5 = 2 places for 优秀, but B and C tie at rank 2: A, B, C 优秀;
    // D 一般; E vetoed → 一般.
    assert_eq!((t.grades.clone(), t.vetoes), (vec![3, 2], 1));
    // out: 100 + 80 + 80 + 50 + 40 = 350, mean 70; best A (100), worst E (40).
    let out = &s.indicators[0];
    assert_eq!(
        (out.count, out.sum, out.missing, out.not_applicable),
        (5, Some(350.0), 0, 0)
    );
    close(out.mean.unwrap(), 70.0);
    let (best, worst) = (out.best.unwrap(), out.worst.unwrap());
    assert_eq!((best.unit, best.value, best.tied), (0, 100.0, 1));
    assert_eq!((worst.unit, worst.value, worst.rank), (4, 40.0, 5));
    // out is in 亿元: an amount, so its sum is given; median of 100, 80, 80, 50, 40 is 80.
    assert_eq!(out.median, Some(80.0));
    // tgt: D not applicable: 12 + 10 + 8 + 6 = 36 over 4, mean 9; no unit, so no sum.
    let tgt = &s.indicators[1];
    assert_eq!((tgt.count, tgt.sum, tgt.not_applicable), (4, None, 1));
    close(tgt.mean.unwrap(), 9.0);
    // acc (lower): A and C share the best value 0 — A (lowest id), 2 tied; worst E (4).
    let acc = &s.indicators[2];
    let best = acc.best.unwrap();
    assert_eq!(
        (best.unit, best.value, best.rank, best.tied),
        (0, 0.0, 1, 2)
    );
    assert_eq!(acc.worst.unwrap().unit, 4);
    assert!(s.parents.is_empty());
}

const CONFIG_C: &str = r#"
[[dimensions]]
id = "work"
name = "工作"

[[tracks]]
id = "town"
name = "乡镇街道"
categories = ["township", "subdistrict"]
total = 100
grades = { by = "score", levels = [{ name = "优秀", min = 90 }, { name = "良好", min = 75 }, { name = "一般" }] }

[[tracks]]
id = "vil"
name = "村社区"
categories = ["village", "community"]
total = 100
grades = { by = "score", levels = [{ name = "优秀", min = 90 }, { name = "良好", min = 75 }, { name = "一般" }] }

[[indicators]]
id = "x"
name = "直接分"
dimension = "work"
method = "direct"
points = { town = 70, vil = 100 }

[[indicators]]
id = "y"
name = "收入"
dimension = "work"
method = "proportional"
direction = "higher"
missing = "zero"
points = { town = 30 }
"#;

/// Towns: T1 60 + 30·200/200 = 90, T2 65 + 30·100/200 = 80, S1 70 + 0 (y missing → 0) = 70.
/// Villages (x is the total): V1 95, V2 60 under T1; V3 80, V4 80 under T2; C1 70 under S1.
/// Ranks: V1 1, V3 2, V4 2, C1 4, V2 5.
const FILES_C: &[(&str, &str)] = &[
    (
        "units.csv",
        "id,name,category,parent\nT1,甲镇,township,\nT2,乙镇,township,\nS1,丙街道,subdistrict,\nV1,一村,village,T1\nV2,二村,village,T1\nV3,三村,village,T2\nV4,四村,village,T2\nC1,五社区,community,S1\n",
    ),
    ("2024Q2/township.csv", "unit_id,x,y\nT1,60,200\nT2,65,100\n"),
    ("2024Q2/subdistrict.csv", "unit_id,x,y\nS1,70,\n"),
    ("2024Q2/village.csv", "unit_id,x\nV1,95\nV2,60\nV3,80\nV4,80\n"),
    ("2024Q2/community.csv", "unit_id,x\nC1,70\n"),
];

#[test]
fn townships_see_how_their_villages_rank() {
    let fx = Fixture::new(CONFIG_C, FILES_C);
    let ev = fx.eval("2024Q2");
    let s = summarise(&ev);
    let id = |u: usize| ev.ds.registry.units[u].id.as_str();
    // Town track: 90, 80, 70: mean 80, σ = √((100 + 0 + 100)/3) = √(200/3) = 8.165.
    let town = s.tracks[0].stats.unwrap();
    close(town.mean, 80.0);
    close(town.std_dev, (200.0f64 / 3.0).sqrt());
    assert_eq!(s.tracks[0].grades, vec![1, 1, 1]);
    // Village track: 95, 60, 80, 80, 70: mean 77; deviations 18, −17, 3, 3, −7 →
    // (324 + 289 + 9 + 9 + 49)/5 = 136 → σ = √136 = 11.66. Grades: 优秀 1, 良好 2, 一般 2.
    let vil = s.tracks[1].stats.unwrap();
    close(vil.mean, 77.0);
    close(vil.std_dev, 136f64.sqrt());
    assert_eq!(s.tracks[1].grades, vec![1, 2, 2]);
    // y on the town track: S1's cell is missing (scored 0 by policy): 200 + 100 over 2.
    let y = s
        .indicators
        .iter()
        .find(|i| i.slot == 1 && i.track == 0)
        .unwrap();
    assert_eq!((y.count, y.missing), (2, 1));
    close(y.mean.unwrap(), 150.0);
    assert_eq!(
        (id(y.best.unwrap().unit), id(y.worst.unwrap().unit)),
        ("T1", "T2")
    );
    // Parents, by mean descending: T2 (80 + 80)/2 = 80, T1 (95 + 60)/2 = 77.5, S1 70.
    let rows: Vec<(&str, usize, f64, u32, &str, u32, &str)> = s
        .parents
        .iter()
        .map(|p| {
            (
                id(p.parent),
                p.count,
                p.mean,
                p.best_rank,
                id(p.best_unit),
                p.worst_rank,
                id(p.worst_unit),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            // V3 and V4 share rank 2: the lower id is named at both ends.
            ("T2", 2, 80.0, 2, "V3", 2, "V3"),
            ("T1", 2, 77.5, 1, "V1", 5, "V2"),
            ("S1", 1, 70.0, 4, "C1", 4, "C1"),
        ]
    );
    assert!(s.parents.iter().all(|p| p.track == 1 && p.track_n == 5));
}

/// Helper 93's case: townships whose villages' means print alike are in id order, as the README
/// says, not in the order of means the table does not show. T1's villages 80 and 80 (mean 80),
/// T2's 80.01 and 80 (mean 80.005, the double 80.00499…, printed 80.00): T1, then T2 (T2 came
/// first, its unrounded mean being the larger); S1 (70) last.
#[test]
fn townships_with_means_printed_alike_are_in_id_order() {
    let mut files = FILES_C.to_vec();
    files[3] = (
        "2024Q2/village.csv",
        "unit_id,x\nV1,80\nV2,80\nV3,80.01\nV4,80\n",
    );
    let fx = Fixture::new(CONFIG_C, &files);
    let ev = fx.eval("2024Q2");
    let s = summarise(&ev);
    let id = |u: usize| ev.ds.registry.units[u].id.as_str();
    let order: Vec<(&str, String)> = s
        .parents
        .iter()
        .map(|p| (id(p.parent), crate::num::fixed(p.mean, 2)))
        .collect();
    let want = [("T1", "80.00"), ("T2", "80.00"), ("S1", "70.00")];
    assert_eq!(order, want.map(|(p, m)| (p, m.to_string())));
}
