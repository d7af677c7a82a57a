//! Numbers in a sane range (issue 11 #11): points, totals, caps and weights of a scheme and the
//! points of an adjustment row are at most 1e9, each refusal explaining the bound; and no output
//! — table, CSV, JSON, the report's HTML charts — ever holds a non-finite number.

use super::schemes::{indicator, one_indicator, town_config, townships, HALF_GRADES};
use crate::common::Workdir;

const WHY: &str = "at most 1e9 (1,000,000,000): beyond that totals can no longer be rounded to 6 decimals exactly, and sums may overflow";

#[test]
fn points_of_1_7e308_with_a_target_cap_are_refused_not_ranked_all_first() {
    let wd = Workdir::new();
    let params = "method = \"target\"\ndirection = \"higher\"\ntarget = 5\ncap = 1.2";
    one_indicator(&wd, "1.7e308", params, &["4", "6"]);
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&[
        &format!("indicators[0] (x).points.town: points must be {WHY}; found 1.7e308"),
        &format!("tracks[0] (town).total: must be {WHY}; found 1.7e308"),
    ]);
    assert_eq!(out.stdout, "");
}

#[test]
fn caps_and_weights_beyond_the_bound_are_refused_naming_their_key() {
    let wd = Workdir::new();
    let ind = indicator(
        "x",
        "econ",
        "10",
        "method = \"target\"\ndirection = \"higher\"\ntarget = 5\ncap = 2000",
    );
    let cfg = format!(
        "[adjustments]\nbonus_cap = 1e10\n\n[rollup]\nquarterly = 1\nmonthly = 2e9\n{}",
        town_config("10", HALF_GRADES, &ind)
    );
    wd.config(&cfg)
        .units(&townships(2))
        .period("2024Q2", "township", "unit_id,x\nT1,4\nT2,6\n");
    wd.run(&["check"]).fails_with(&[
        &format!("adjustments.bonus_cap: must be {WHY}; found 10000000000"),
        &format!("rollup.monthly: a weight must be {WHY}; found 2000000000"),
        "indicators[0] (x).cap: must be at most 1000 (a score of 1000 times the indicator's points), found 2000",
    ]);
}

#[test]
fn adjustment_points_beyond_the_bound_are_an_error_naming_the_row() {
    let wd = Workdir::district();
    wd.create(
        "data/2024Q2/adjustments.csv",
        "unit_id,kind,points,reason,reference\nT1,bonus,2e12,a,b\nS1,deduction,2,c,d\n",
    );
    wd.run(&["check", "--period", "2024Q2"])
        .fails_with(&["adjustments.csv:2: column points"]);
    let out = wd.run(&["--period", "2024Q2", "--format", "csv"]);
    out.fails_with(&[&format!(
        "error: data/2024Q2/adjustments.csv:2: column points (unit T1 =HYPERLINK(\"http://example.com\",\"甲镇\")): adjustment points must be {WHY}; found 2000000000000"
    )]);
    assert_eq!(out.stdout, "");
    // Beyond 2^53 − 1 no number is read at all.
    wd.create(
        "data/2024Q2/adjustments.csv",
        "unit_id,kind,points,reason,reference\nT1,bonus,1.7e308,a,b\n",
    );
    let out = wd.run(&["--period", "2024Q2", "--format", "csv"]);
    out.fails_with(&["adjustments.csv:2: column points", "`1.7e308` is too large"]);
    assert_eq!(out.stdout, "");
}

/// Whether `text` shows a non-finite number as Rust, JavaScript or a spreadsheet would.
fn has_non_finite(text: &str) -> bool {
    ["NaN", "nan", "inf", "Infinity"]
        .iter()
        .any(|w| text.split(|c: char| !c.is_alphanumeric()).any(|t| t == *w))
}

#[test]
fn adjustments_of_plus_and_minus_1e9_give_finite_numbers_in_every_output() {
    let wd = Workdir::district();
    wd.edit("scoring-config.toml", |t| {
        t.replace("bonus_cap = 3\n", "")
            .replace("deduction_cap = 5\n", "")
    });
    wd.create(
        "data/2024Q2/adjustments.csv",
        "unit_id,kind,points,reason,reference\nT1,bonus,1e9,a,b\nS1,deduction,1e9,c,d\nV1,bonus,1e9,e,f\n",
    );
    for format in ["table", "csv", "json", "markdown"] {
        for cmd in ["rank", "gaps", "summary"] {
            let out = wd.stdout(&[cmd, "--period", "2024Q2", "--format", format]);
            assert!(!has_non_finite(&out), "{cmd} --format {format}:\n{out}");
        }
    }
    wd.run(&["report", "--period", "2024Q2", "--out", "pkg"])
        .success();
    let html = wd.read_string("pkg/report.html");
    assert!(html.contains("1000000"), "the huge totals are charted");
    assert!(
        !has_non_finite(&html),
        "report.html holds a non-finite number"
    );
    for f in crate::common::files(&wd.join("pkg")) {
        if f.ends_with(".md") || f.ends_with(".csv") || f.ends_with(".json") {
            let text = wd.read_string(&format!("pkg/{f}"));
            assert!(!has_non_finite(&text), "pkg/{f}:\n{text}");
        }
    }
}
