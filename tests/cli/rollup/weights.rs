//! Weights that leave nothing to weigh (issue 11 #8): only the year-end review has a weight,
//! and the view leaves it out. Totals would all be 0.00 and every unit ranked 1; the run fails
//! naming the weights instead.

use super::*;

fn year_end_only(missing: &str) -> Workdir {
    let wd = rollup_workdir(
        HALF_GRADES,
        &format!("quarterly = 0\nmonthly = 0\nyear_end = 1\nmissing = \"{missing}\""),
    );
    wd.create("data/units.csv", &townships(&THREE));
    for q in ["2024Q1", "2024Q2", "2024Q3", "2024Q4"] {
        wd.quarter(q, &[("T1", "80"), ("T2", "70"), ("T3", "60")]);
    }
    wd
}

#[test]
fn a_half_year_view_of_year_end_only_weights_is_an_error_naming_the_weights() {
    let wd = year_end_only("error");
    let out = wd.run(&["rollup", "--year", "2024", "--upto", "Q2"]);
    out.fails_with(&[
        "error: scoring-config.toml: rollup: only `year_end` has a weight (quarterly = 0, monthly = 0), and the view to Q2 (2024H1) leaves out the year-end review: no part of the roll-up carries weight; give `quarterly` or `monthly` a weight",
    ]);
    assert_eq!(out.stdout, "");
}

#[test]
fn a_skipped_year_end_review_with_year_end_only_weights_is_an_error() {
    let wd = year_end_only("skip");
    let out = wd.run(&["rollup", "--year", "2024", "--output", "annual.csv"]);
    out.fails_with(&[
        "error: scoring-config.toml: rollup: only `year_end` has a weight (quarterly = 0, monthly = 0), and the year-end review data/2024/year_end.csv is not found and skipped (`missing = \"skip\"`): no part of the roll-up carries weight",
    ]);
    assert!(!wd.exists("annual.csv"));
}

#[test]
fn the_year_end_review_alone_still_rolls_up_the_full_year() {
    let wd = year_end_only("error");
    wd.scores(
        "2024/year_end.csv",
        &[("T1", "70"), ("T2", "90"), ("T3", "80")],
    );
    let rows = wd.csv(&["rollup", "--year", "2024"]);
    assert_eq!(rows.col("total", &THREE), s(&["70.00", "90.00", "80.00"]));
    assert_eq!(rows.col("rank", &THREE), s(&["3", "1", "2"]));
}

#[test]
fn quarters_without_weight_show_no_quarterly_mean() {
    // `quarterly = 0, monthly = 1`: the quarters decide who is assessed, not the total. T1's
    // months 90, 90, 90 ⇒ 90.00; T2's 85 ⇒ 85.00. The quarterly mean is taken for no unit, so
    // its cell is empty (as the monthly one is without a monthly weight), not 0.00, and the
    // formula names the months alone.
    let wd = rollup_workdir(
        HALF_GRADES,
        "quarterly = 0\nmonthly = 1\nmissing = \"error\"",
    );
    wd.create("data/units.csv", &townships(&["T1", "T2"]))
        .quarter("2024Q1", &[("T1", "80"), ("T2", "70")]);
    for m in ["2024-01", "2024-02", "2024-03"] {
        wd.month(m, &[("T1", "90"), ("T2", "85")]);
    }
    let q1 = ["rollup", "--year", "2024", "--upto", "Q1"];
    let rows = wd.csv(&q1);
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["90.00", "85.00"]));
    assert_eq!(rows.col("quarterly", &["T1", "T2"]), s(&["", ""]));
    assert_eq!(rows.col("monthly", &["T1", "T2"]), s(&["90.00", "85.00"]));
    assert_eq!(rows.col("q:2024Q1", &["T1", "T2"]), s(&["80.00", "70.00"]));
    let doc = wd.json(&q1);
    assert_eq!(json_unit(&doc, "T1")["quarterly"], serde_json::Value::Null);
    assert_eq!(json_unit(&doc, "T1")["monthly"], 90.0);
    let table = wd.table(&q1);
    assert!(
        table.contains("综合得分 = 1·月度效能均分 + 加分 − 扣分"),
        "{table}"
    );
}
