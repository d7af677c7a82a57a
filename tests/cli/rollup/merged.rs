//! A unit merged from two (two former ids): no earlier result, and its predecessors' rows are
//! not its own.

use super::*;

const MERGED: [&str; 2] = ["T1", "M"];

/// Z3 (until 2024Q1) and Z2 (until 2024Q3) merge into M (from 2024Q4, former_ids Z2;Z3); T1 is
/// assessed all year. Q1: Z2 90, Z3 50; Q2–Q3: Z2 90; Q4: M 60; T1 75 throughout.
/// Months 1–3: Z2 70, Z3 100; months 4–9: Z2 70; months 10–12: M 96; T1 80 every month.
/// `[rollup] quarterly = 0.7, monthly = 0.3`.
fn merged(policy: &str) -> Workdir {
    let wd = rollup_workdir(
        HALF_GRADES,
        &format!("quarterly = 0.7\nmonthly = 0.3\nmissing = \"{policy}\""),
    );
    wd.create(
        "data/units.csv",
        "id,name,category,parent,class,former_ids,from,until\n\
         T1,镇1,township,,,,,\n\
         Z2,乙镇,township,,,,,2024Q3\n\
         Z3,丙镇,township,,,,,2024Q1\n\
         M,乙丙镇,township,,,Z2;Z3,2024Q4,\n",
    )
    .quarter("2024Q1", &[("T1", "75"), ("Z2", "90"), ("Z3", "50")])
    .quarter("2024Q2", &[("T1", "75"), ("Z2", "90")])
    .quarter("2024Q3", &[("T1", "75"), ("Z2", "90")])
    .quarter("2024Q4", &[("T1", "75"), ("M", "60")]);
    for m in 1..=12 {
        let rows: &[(&str, &str)] = match m {
            1..=3 => &[("T1", "80"), ("Z2", "70"), ("Z3", "100")],
            4..=9 => &[("T1", "80"), ("Z2", "70")],
            _ => &[("T1", "80"), ("M", "96")],
        };
        wd.month(&format!("2024-{m:02}"), rows);
    }
    wd
}

#[test]
fn a_merged_unit_has_no_earlier_trend_even_when_one_predecessor_remains() {
    let wd = merged("skip");
    let rows = wd.csv(&["rank", "--period", "2024Q4"]);
    // 2024Q3: Z2 1 (90), T1 2 (75); 2024Q4: T1 1 (75), M 2 (60).
    // M is a merger: 新增, not Z2's 1 → 2 (退位); T1 2 → 1, +0.00 ⇒ 进位
    assert_eq!(rows.col("prev_rank", &MERGED), s(&["2", ""]));
    assert_eq!(rows.col("rank_change", &MERGED), s(&["1", ""]));
    assert_eq!(rows.col("score_change", &MERGED), s(&["0.00", ""]));
    assert_eq!(rows.col("trend", &MERGED), s(&["进位", "新增"]));
}

#[test]
fn a_merged_units_quarters_and_months_before_it_exists_are_missing() {
    // skip: M q 60 (Q1–Q3 skipped), m 96 (months 1–9 skipped) ⇒ 0.7·60 + 0.3·96 = 42 + 28.8
    // = 70.80; T1: 0.7·75 + 0.3·80 = 52.5 + 24 = 76.50. The month files before the merge hold
    // rows for both Z2 and Z3: they are not M's (no duplicate row).
    let year = ["rollup", "--year", "2024"];
    let rows = merged("skip").csv(&year);
    assert_eq!(rows.order, s(&["T1", "M"]));
    assert_eq!(rows.col("total", &MERGED), s(&["76.50", "70.80"]));
    assert_eq!(rows.col("quarterly", &MERGED), s(&["75.00", "60.00"]));
    assert_eq!(rows.col("monthly", &MERGED), s(&["80.00", "96.00"]));
    for col in ["q:2024Q1", "q:2024Q2", "q:2024Q3", "m:2024-01", "m:2024-09"] {
        assert_eq!(rows.get("M", col), "", "{col}");
    }
    let notes = rows.get("M", "notes");
    for needle in [
        "skipped quarter 2024Q1",
        "skipped quarter 2024Q3",
        "skipped month 2024-09",
    ] {
        assert!(notes.contains(needle), "M notes lack {needle}: {notes}");
    }
    // zero: M q (0 + 0 + 0 + 60)/4 = 15, m (9·0 + 3·96)/12 = 24 ⇒ 10.5 + 7.2 = 17.70
    let rows = merged("zero").csv(&year);
    assert_eq!(rows.col("total", &MERGED), s(&["76.50", "17.70"]));
    // error: M has no 2024Q1 total
    merged("error")
        .run(&year)
        .fails_with(&["M 乙丙镇", "2024Q1"]);
}
