//! A renamed unit and a unit new in the last quarter.

use super::*;

const RENAMED: [&str; 4] = ["T1", "T2", "NEW", "T9"];

/// OLD (until 2024Q1) is renamed NEW (from 2024Q2, former_ids OLD); T9 is assessed from 2024Q2.
/// Q1: T1 80, T2 70, OLD 60.   Q2: T1 75, T2 72, NEW 78, T9 90.
/// Months 1–3 are written under OLD, months 4–6 under NEW; T9 has months 4–6 only.
/// `[rollup] quarterly = 0.6, monthly = 0.4`.
fn renamed(policy: &str) -> Workdir {
    let wd = rollup_workdir(
        HALF_GRADES,
        &format!("quarterly = 0.6\nmonthly = 0.4\nmissing = \"{policy}\""),
    );
    wd.create(
        "data/units.csv",
        "id,name,category,parent,class,former_ids,from,until\n\
         T1,镇1,township,,,,,\n\
         T2,镇2,township,,,,,\n\
         OLD,老镇,township,,,,,2024Q1\n\
         NEW,新镇,township,,,OLD,2024Q2,\n\
         T9,九镇,township,,,,2024Q2,\n",
    )
    .quarter("2024Q1", &[("T1", "80"), ("T2", "70"), ("OLD", "60")])
    .quarter(
        "2024Q2",
        &[("T1", "75"), ("T2", "72"), ("NEW", "78"), ("T9", "90")],
    );
    for m in ["2024-01", "2024-02", "2024-03"] {
        wd.month(m, &[("T1", "80"), ("T2", "70"), ("OLD", "90")]);
    }
    for m in ["2024-04", "2024-05", "2024-06"] {
        wd.month(
            m,
            &[("T1", "86"), ("T2", "76"), ("NEW", "96"), ("T9", "60")],
        );
    }
    wd
}

#[test]
fn a_renamed_unit_keeps_its_trend_and_a_new_unit_is_new() {
    let wd = renamed("error");
    let rows = wd.csv(&["rank", "--period", "2024Q2"]);
    // Q1 ranks: T1 1 (80), T2 2 (70), OLD 3 (60)
    // Q2 ranks: T9 1 (90), NEW 2 (78), T1 3 (75), T2 4 (72)
    assert_eq!(rows.col("rank", &RENAMED), s(&["3", "4", "2", "1"]));
    assert_eq!(
        rows.col("against", &RENAMED),
        s(&["2024Q1", "2024Q1", "2024Q1", "2024Q1"])
    );
    // NEW continues OLD: 3 → 2 (+1), 78 − 60 = +18 ⇒ 进位; T9 has no earlier result ⇒ 新增
    // T1 1 → 3 (−2), 75 − 80 = −5; T2 2 → 4 (−2), +2 ⇒ both 退位
    assert_eq!(rows.col("prev_rank", &RENAMED), s(&["1", "2", "3", ""]));
    assert_eq!(rows.col("rank_change", &RENAMED), s(&["-2", "-2", "1", ""]));
    assert_eq!(
        rows.col("score_change", &RENAMED),
        s(&["-5.00", "2.00", "18.00", ""])
    );
    assert_eq!(
        rows.col("trend", &RENAMED),
        s(&["退位", "退位", "进位", "新增"])
    );
}

#[test]
fn rollup_follows_a_rename_and_skips_a_new_units_earlier_quarter() {
    let wd = renamed("skip");
    let h1 = ["rollup", "--year", "2024", "--upto", "Q2"];
    let rows = wd.csv(&h1);
    // units: those of 2024Q2 (OLD is no row of its own; its Q1 total and months count for NEW)
    // T1: q (80+75)/2 = 77.5, m (3·80 + 3·86)/6 = 83 ⇒ 0.6·77.5 + 0.4·83 = 46.5 + 33.2 = 79.70
    // T2: q (70+72)/2 = 71, m 73 ⇒ 42.6 + 29.2 = 71.80
    // NEW: q (60+78)/2 = 69, m (3·90 + 3·96)/6 = 93 ⇒ 41.4 + 37.2 = 78.60
    // T9: q 90 (Q1 skipped), m 60 (months 1–3 skipped) ⇒ 54 + 24 = 78.00
    assert_eq!(rows.order, s(&["T1", "NEW", "T9", "T2"]));
    assert_eq!(
        rows.col("total", &RENAMED),
        s(&["79.70", "71.80", "78.60", "78.00"])
    );
    assert_eq!(rows.col("rank", &RENAMED), s(&["1", "4", "2", "3"]));
    assert_eq!(rows.get("NEW", "q:2024Q1"), "60.00");
    assert_eq!(rows.get("NEW", "m:2024-01"), "90.00");
    assert_eq!(rows.get("NEW", "quarterly"), "69.00");
    assert_eq!(rows.get("NEW", "monthly"), "93.00");
    assert_eq!(rows.get("NEW", "notes"), "");
    assert_eq!(rows.get("T9", "q:2024Q1"), "");
    assert_eq!(rows.get("T9", "quarterly"), "90.00");
    assert_eq!(rows.get("T9", "monthly"), "60.00");
    let notes = rows.get("T9", "notes");
    for needle in ["2024Q1", "2024-01", "2024-02", "2024-03"] {
        assert!(notes.contains(needle), "T9 notes lack {needle}: {notes}");
    }
}

#[test]
fn rollup_zeroes_or_rejects_a_new_units_earlier_quarter() {
    let h1 = ["rollup", "--year", "2024", "--upto", "Q2"];
    let rows = renamed("zero").csv(&h1);
    // T9: q (0 + 90)/2 = 45, m (0·3 + 60·3)/6 = 30 ⇒ 0.6·45 + 0.4·30 = 27 + 12 = 39.00
    // the others as under skip: T1 79.70, NEW 78.60, T2 71.80
    assert_eq!(
        rows.col("total", &RENAMED),
        s(&["79.70", "71.80", "78.60", "39.00"])
    );
    assert_eq!(rows.col("rank", &RENAMED), s(&["1", "3", "2", "4"]));
    let notes = rows.get("T9", "notes");
    assert!(
        notes.contains("2024Q1") && notes.contains("counted as 0"),
        "{notes}"
    );
    // error: T9 has no Q1 total
    renamed("error").run(&h1).fails_with(&["T9", "2024Q1"]);
}

/// A (2024Q1) is renamed B (2024Q2–Q3, former_ids A), then C (from 2024Q4, former_ids B); T1 is
/// assessed all year. Q1: A 60, T1 80; Q2: B 70; Q3: B 80; Q4: C 90 (T1 80 throughout).
/// Months 1–3 under A 60, 4–9 under B 90, 10–12 under C 96 (T1 80); the year-end review is
/// written under the oldest id, A 70 (T1 80). `[rollup] 0.6 / 0.3 / 0.1`, `missing = "error"`.
fn renamed_twice() -> Workdir {
    let wd = rollup_workdir(
        HALF_GRADES,
        "quarterly = 0.6\nmonthly = 0.3\nyear_end = 0.1\nmissing = \"error\"",
    );
    wd.create(
        "data/units.csv",
        "id,name,category,parent,class,former_ids,from,until\n\
         T1,镇1,township,,,,,\n\
         A,甲一,township,,,,,2024Q1\n\
         B,甲二,township,,,A,2024Q2,2024Q3\n\
         C,甲三,township,,,B,2024Q4,\n",
    )
    .quarter("2024Q1", &[("T1", "80"), ("A", "60")])
    .quarter("2024Q2", &[("T1", "80"), ("B", "70")])
    .quarter("2024Q3", &[("T1", "80"), ("B", "80")])
    .quarter("2024Q4", &[("T1", "80"), ("C", "90")])
    .scores("2024/year_end.csv", &[("T1", "80"), ("A", "70")]);
    for m in 1..=12 {
        let (id, v) = match m {
            1..=3 => ("A", "60"),
            4..=9 => ("B", "90"),
            _ => ("C", "96"),
        };
        wd.month(&format!("2024-{m:02}"), &[("T1", "80"), (id, v)]);
    }
    wd
}

#[test]
fn a_unit_renamed_twice_keeps_its_earliest_history() {
    let wd = renamed_twice();
    let rows = wd.csv(&["rollup", "--year", "2024"]);
    // C: q (60 + 70 + 80 + 90)/4 = 75, m (3·60 + 6·90 + 3·96)/12 = 1008/12 = 84, year-end 70
    //    ⇒ 0.6·75 + 0.3·84 + 0.1·70 = 45 + 25.2 + 7 = 77.20; T1: 80 everywhere ⇒ 80.00
    assert_eq!(rows.order, s(&["T1", "C"]));
    assert_eq!(rows.col("total", &["T1", "C"]), s(&["80.00", "77.20"]));
    assert_eq!(rows.get("C", "q:2024Q1"), "60.00");
    assert_eq!(rows.get("C", "m:2024-01"), "60.00");
    assert_eq!(rows.get("C", "quarterly"), "75.00");
    assert_eq!(rows.get("C", "monthly"), "84.00");
    assert_eq!(rows.get("C", "year_end"), "70.00");
    assert_eq!(rows.get("C", "notes"), "");
    // Trend of 2024Q4 against 2024Q1: A ranked 2 (60 < 80); C ranks 1 (90 > 80), +30 ⇒ 进位
    let trend = wd.csv(&["rank", "--period", "2024Q4", "--against", "2024Q1"]);
    assert_eq!(trend.col("prev_rank", &["T1", "C"]), s(&["1", "2"]));
    assert_eq!(trend.col("rank_change", &["T1", "C"]), s(&["-1", "1"]));
    assert_eq!(
        trend.col("score_change", &["T1", "C"]),
        s(&["0.00", "30.00"])
    );
    assert_eq!(trend.col("trend", &["T1", "C"]), s(&["退位", "进位"]));
}

#[test]
fn a_unit_renamed_twice_is_found_by_its_old_names_too() {
    // The same year with every month, the year-end review and the annual adjustments written by
    // name (甲一 for A, 甲二 for B, 甲三 for C): each name is followed on to C as its id is.
    let wd = renamed_twice();
    let by_name = |rows: &[(&str, &str)]| {
        let mut s = String::from("unit_name,score\n");
        for (n, v) in rows {
            s.push_str(&format!("{n},{v}\n"));
        }
        s
    };
    for m in 1..=12 {
        let (name, v) = match m {
            1..=3 => ("甲一", "60"),
            4..=9 => ("甲二", "90"),
            _ => ("甲三", "96"),
        };
        wd.create(
            &format!("data/2024-{m:02}/efficiency.csv"),
            &by_name(&[("镇1", "80"), (name, v)]),
        );
    }
    wd.create(
        "data/2024/year_end.csv",
        &by_name(&[("镇1", "80"), ("甲一", "70")]),
    );
    let rows = wd.csv(&["rollup", "--year", "2024"]);
    // As by id: C 0.6·75 + 0.3·84 + 0.1·70 = 77.20, T1 80.00.
    assert_eq!(rows.col("total", &["T1", "C"]), s(&["80.00", "77.20"]));
    assert_eq!(rows.get("C", "m:2024-01"), "60.00");
    assert_eq!(rows.get("C", "m:2024-04"), "90.00");
    assert_eq!(rows.get("C", "monthly"), "84.00");
    assert_eq!(rows.get("C", "year_end"), "70.00");
    wd.create(
        "data/2024/adjustments.csv",
        "unit_name,kind,points,reason,reference\n甲一,bonus,1.5,表彰,区考核办〔2024〕1号\n",
    );
    // 77.20 + 1.5 under 甲一 = 78.70.
    let rows = wd.csv(&["rollup", "--year", "2024"]);
    assert_eq!(rows.col("total", &["T1", "C"]), s(&["80.00", "78.70"]));
    assert_eq!(rows.get("C", "bonus"), "1.50");
    // The name of today (甲三, C's own) counts for C in January too.
    wd.create(
        "data/2024-01/efficiency.csv",
        &by_name(&[("镇1", "80"), ("甲三", "60")]),
    );
    assert_eq!(
        wd.csv(&["rollup", "--year", "2024"]).get("C", "m:2024-01"),
        "60.00"
    );
    // A name no unit bore is an error naming the name column.
    wd.create(
        "data/2024-01/efficiency.csv",
        &by_name(&[("镇1", "80"), ("甲四", "60")]),
    );
    wd.run(&["rollup", "--year", "2024"]).fails_with(&[
        "data/2024-01/efficiency.csv:3: column unit_name (unit 甲四): no unit is named `甲四` in the registry (units.csv)",
    ]);
}

#[test]
fn an_old_id_in_the_annual_adjustments_is_the_renamed_units() {
    let wd = renamed_twice();
    wd.create(
        "data/2024/adjustments.csv",
        &format!("{ADJ_HEADER}A,bonus,1.5,表彰,区考核办〔2024〕1号\nB,deduction,0.5,通报,区考核办〔2024〕2号\n"),
    );
    let rows = wd.csv(&["rollup", "--year", "2024"]);
    // C: 77.20 as above + 1.5 (under A) − 0.5 (under B) = 78.20; T1 80.00
    assert_eq!(rows.col("total", &["T1", "C"]), s(&["80.00", "78.20"]));
    assert_eq!(rows.col("bonus", &["T1", "C"]), s(&["0.00", "1.50"]));
    assert_eq!(rows.col("deduction", &["T1", "C"]), s(&["0.00", "0.50"]));
}

/// [`renamed`] under `skip`, with GONE 旧乡, assessed in 2024Q1 only (no unit continues it).
fn with_gone() -> Workdir {
    let wd = renamed("skip");
    wd.edit("data/units.csv", |s| s + "GONE,旧乡,township,,,,,2024Q1\n")
        .quarter(
            "2024Q1",
            &[("T1", "80"), ("T2", "70"), ("OLD", "60"), ("GONE", "50")],
        );
    wd
}

/// Second engineer's case: B continues A (renamed, from 2024Q2) and goes on; C, split off from B
/// in 2024Q2 (former_ids B), was walked back through B to A and took A's Q1 total and rank as its
/// own (a 退位 in the trend, A's 60 in the roll-up) while B kept them too. The history stays with
/// the unit that goes on: C is new.
/// Q1: T1 80, A 60.   Q2: T1 75, B 78, C 50.   `[rollup] quarterly = 1.0`, months none.
#[test]
fn a_unit_split_off_from_one_that_goes_on_has_no_earlier_result() {
    let wd = rollup_workdir(
        HALF_GRADES,
        "quarterly = 1.0\nmonthly = 0.0\nmissing = \"skip\"",
    );
    wd.create(
        "data/units.csv",
        "id,name,category,parent,class,former_ids,from,until\n\
         T1,镇1,township,,,,,\n\
         A,甲,township,,,,,2024Q1\n\
         B,乙,township,,,A,2024Q2,\n\
         C,丙,township,,,B,2024Q2,\n",
    )
    .quarter("2024Q1", &[("T1", "80"), ("A", "60")])
    .quarter("2024Q2", &[("T1", "75"), ("B", "78"), ("C", "50")]);
    let ids = ["T1", "B", "C"];
    let rows = wd.csv(&["rank", "--period", "2024Q2"]);
    // Q1: T1 1, A 2.  Q2: B 1 (78), T1 2 (75), C 3 (50).
    assert_eq!(rows.col("prev_rank", &ids), s(&["1", "2", ""]));
    assert_eq!(rows.col("trend", &ids), s(&["退位", "进位", "新增"]));
    let rows = wd.csv(&["rollup", "--year", "2024", "--upto", "Q2"]);
    // T1 (80 + 75)/2 = 77.5; B (60 + 78)/2 = 69; C 50 (its Q1 skipped)
    assert_eq!(rows.col("total", &ids), s(&["77.50", "69.00", "50.00"]));
    assert_eq!(rows.col("q:2024Q1", &ids), s(&["80.00", "60.00", ""]));
}

/// Review's cases: a January score by id for T9, assessed from 2024Q2, was counted as its month
/// (exit 0); it is an error naming the row. And a January row by a name T9 bears now but OLD
/// bore in January (T9 named 老镇 too) went to T9: it is OLD's, followed on to NEW, as the
/// month's own units have it.
#[test]
fn a_month_before_a_unit_existed_is_not_its() {
    let h1 = ["rollup", "--year", "2024", "--upto", "Q2"];
    let wd = renamed("skip");
    wd.month(
        "2024-01",
        &[("T1", "80"), ("T2", "70"), ("OLD", "90"), ("T9", "55")],
    );
    wd.run(&h1).fails_with(&[
        "error: data/2024-01/efficiency.csv:5: column unit_id (unit T9 九镇): the unit was not assessed in 2024-01 (see its from/until in units.csv), so it has no score of 2024-01",
    ]);
    let wd = renamed("skip");
    wd.edit("data/units.csv", |s| s.replace("T9,九镇", "T9,老镇"))
        .create(
            "data/2024-01/efficiency.csv",
            "unit_name,score\n镇1,80\n镇2,70\n老镇,90\n",
        );
    let rows = wd.csv(&h1);
    assert_eq!(rows.get("NEW", "m:2024-01"), "90.00");
    assert_eq!(rows.get("T9", "m:2024-01"), "");
    // NEW as before: months 1–3 90, 4–6 96 ⇒ 93; T9: months 4–6 only ⇒ 60.
    assert_eq!(rows.get("NEW", "monthly"), "93.00");
    assert_eq!(rows.get("T9", "monthly"), "60.00");
    // And a unit that ended with Q1 (no successor) has no April score: its row was passed over
    // without a word.
    let wd = with_gone();
    wd.month(
        "2024-04",
        &[
            ("T1", "86"),
            ("T2", "76"),
            ("NEW", "96"),
            ("T9", "60"),
            ("GONE", "70"),
        ],
    );
    wd.run(&h1).fails_with(&[
        "error: data/2024-04/efficiency.csv:6: column unit_id (unit GONE 旧乡): the unit was not assessed in 2024-04 (see its from/until in units.csv), so it has no score of 2024-04",
    ]);
    // Its January row is its own record (it was assessed then): read without a word, so that a
    // year with units merged or ended in it passes `--strict`.
    let wd = with_gone();
    wd.month(
        "2024-01",
        &[("T1", "80"), ("T2", "70"), ("OLD", "90"), ("GONE", "65")],
    );
    let out = wd.run(&h1).success();
    assert!(
        !out.stderr.contains("2024-01/efficiency.csv"),
        "{}",
        out.stderr
    );
    let rows = wd.csv(&["rollup", "--year", "2024", "--upto", "Q2", "--strict"]);
    assert!(!rows.order.contains(&"GONE".to_string()));
    assert_eq!(rows.get("NEW", "monthly"), "93.00");
}

/// A year-end row of a unit that ended with Q1 enters no total (the year ranks the units of Q4),
/// and was passed over without a word: it is named in a warning, the row's line with it.
/// T1: 0.5·80 + 0.5·90 = 85; T2: 0.5·70 + 0.5·80 = 75.
#[test]
fn a_year_end_row_of_a_unit_ended_before_the_last_quarter_is_named() {
    let wd = rollup_workdir(
        HALF_GRADES,
        "quarterly = 0.5\nmonthly = 0.0\nyear_end = 0.5\nmissing = \"error\"",
    );
    wd.create(
        "data/units.csv",
        "id,name,category,parent,class,former_ids,from,until\n\
         T1,镇1,township,,,,,\n\
         T2,镇2,township,,,,,\n\
         GONE,旧乡,township,,,,,2024Q1\n",
    )
    .quarter("2024Q1", &[("T1", "80"), ("T2", "70"), ("GONE", "50")]);
    for q in ["2024Q2", "2024Q3", "2024Q4"] {
        wd.quarter(q, &[("T1", "80"), ("T2", "70")]);
    }
    wd.create(
        "data/2024/year_end.csv",
        "unit_id,score\nT1,90\nT2,80\nGONE,60\n",
    );
    let out = wd.run(&["rollup", "--year", "2024"]).success();
    out.mentions(&[
        "warning: data/2024/year_end.csv:4: 1 row(s) of units not assessed in 2024Q4, the last quarter included, enter no total: GONE 旧乡 (line 4); the year-end review counts for the units the roll-up ranks, those of 2024Q4",
    ]);
    let rows = wd.csv(&["rollup", "--year", "2024"]);
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["85.00", "75.00"]));
    assert!(!rows.order.contains(&"GONE".to_string()));
}

/// Review's case: a month after the rename naming the unit by its former name (`老镇` in April,
/// the unit `新镇` since Q2) was "no unit is named 老镇 in the registry", though the registry
/// lists it. It is the unit that continues it, as its former id is: the totals are those of the
/// files by id.
#[test]
fn a_former_name_after_the_rename_is_the_unit_that_continues_it() {
    let wd = renamed("skip");
    wd.create(
        "data/2024-04/efficiency.csv",
        "unit_name,score\n镇1,86\n镇2,76\n老镇,96\n九镇,60\n",
    );
    let rows = wd.csv(&["rollup", "--year", "2024", "--upto", "Q2"]);
    assert_eq!(
        rows.col("total", &RENAMED),
        s(&["79.70", "71.80", "78.60", "78.00"])
    );
    assert_eq!(rows.get("NEW", "m:2024-04"), "96.00");
}
