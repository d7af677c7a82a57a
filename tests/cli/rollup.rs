//! Trends and the annual roll-up (issue 3), end to end: the real `pingyi` binary on fixtures
//! written from strings into a temporary folder. Every expected number is computed by hand from
//! the formulas of the README (the arithmetic is in the comments), never copied from output.
//!
//! Most fixtures use one `direct` indicator `s` of P = 100 on track `town`, so that a quarter's
//! total is simply the cell value (plus that quarter's adjustments) and the roll-up arithmetic
//! stays visible.

use super::schemes::s;
use crate::common::{sha256_hex, Workdir};

// ---------------------------------------------------------------------------------------------
// The roll-up's own file builders, on the shared harness
// ---------------------------------------------------------------------------------------------

/// Fixture builders of the roll-up tests, on the shared [`Workdir`].
trait RollupFiles {
    fn quarter(&self, period: &str, totals: &[(&str, &str)]) -> &Workdir;
    fn scores(&self, rel: &str, rows: &[(&str, &str)]) -> &Workdir;
    fn month(&self, year_month: &str, rows: &[(&str, &str)]) -> &Workdir;
}

impl RollupFiles for Workdir {
    /// `data/<period>/township.csv` with the one indicator `s`.
    fn quarter(&self, period: &str, totals: &[(&str, &str)]) -> &Workdir {
        let mut s = String::from("unit_id,s\n");
        for (u, v) in totals {
            s.push_str(&format!("{u},{v}\n"));
        }
        self.create(&format!("data/{period}/township.csv"), &s)
    }

    /// A `unit_id,score` file (monthly efficiency or year-end review) at `rel` under `data/`.
    fn scores(&self, rel: &str, rows: &[(&str, &str)]) -> &Workdir {
        let mut s = String::from("unit_id,score\n");
        for (u, v) in rows {
            s.push_str(&format!("{u},{v}\n"));
        }
        self.create(&format!("data/{rel}"), &s)
    }

    /// `data/<year>-<mm>/efficiency.csv`.
    fn month(&self, year_month: &str, rows: &[(&str, &str)]) -> &Workdir {
        self.scores(&format!("{year_month}/efficiency.csv"), rows)
    }
}

/// A scheme with one `direct` indicator `s` (P = 100, dimension `econ`) on track `town`.
fn direct_scheme(decimals: u32, bonus_cap: &str, grades: &str, rollup: &str) -> String {
    format!(
        r#"decimals = {decimals}

[adjustments]
bonus_cap = {bonus_cap}
deduction_cap = 5

[[dimensions]]
id = "econ"
name = "经济发展"
core = true

[[tracks]]
id = "town"
name = "乡镇"
categories = ["township", "subdistrict"]
total = 100
grades = {grades}

[[indicators]]
id = "s"
name = "综合得分"
dimension = "econ"
method = "direct"
points = {{ town = 100 }}

[rollup]
{rollup}
"#
    )
}

const SCORE_GRADES: &str = r#"{ by = "score", levels = [{ name = "优秀", min = 90 }, { name = "良好", min = 85 }, { name = "一般", min = 78 }, { name = "较差" }] }"#;
const HALF_GRADES: &str = r#"{ by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }"#;

fn townships(ids: &[&str]) -> String {
    let mut s = String::from("id,name,category,parent\n");
    for (i, id) in ids.iter().enumerate() {
        s.push_str(&format!("{id},镇{},township,\n", i + 1));
    }
    s
}

const ADJ_HEADER: &str = "unit_id,kind,points,reason,reference\n";

// ---------------------------------------------------------------------------------------------
// 1. Roll-up totals: the full year and the half-year view
// ---------------------------------------------------------------------------------------------

const FIVE: [&str; 5] = ["T1", "T2", "T3", "T4", "T5"];

/// Five townships, four quarters, twelve months, a year-end review, annual and half-year
/// adjustments. Top-level: decimals 2, caps bonus 3 / deduction 5, grades by score,
/// `[rollup] quarterly = 0.6, monthly = 0.3, year_end = 0.1`.
/// `data/2024Q2/scoring-config.toml` (same indicator) has decimals 1, bonus cap 0.5, grades by
/// share (优秀 0.4 / 合格 1.0) and another `[rollup]`: only its grades may reach the half-year
/// view, whose last quarter it scores.
fn full_year() -> Workdir {
    let wd = Workdir::new();
    wd.create(
        "scoring-config.toml",
        &direct_scheme(
            2,
            "3",
            SCORE_GRADES,
            "quarterly = 0.6\nmonthly = 0.3\nyear_end = 0.1\nmissing = \"error\"",
        ),
    )
    .create(
        "data/2024Q2/scoring-config.toml",
        &direct_scheme(
            1,
            "0.5",
            r#"{ by = "share", levels = [{ name = "优秀", share = 0.4 }, { name = "合格", share = 1.0 }] }"#,
            "quarterly = 1.0\nmonthly = 0.0\nmissing = \"skip\"",
        ),
    )
    .create("data/units.csv", &townships(&FIVE));
    // quarter totals (direct: the cell is the score)
    //        Q1  Q2  Q3       Q4
    // T1     80  84  88       92
    // T2     90  90  90       90
    // T3     70  75  78(+2)   85    Q3 bonus 2 ⇒ Q3 total 80
    // T4     60  70  80       90
    // T5     95  95  95       95
    let q = [
        ("2024Q1", ["80", "90", "70", "60", "95"]),
        ("2024Q2", ["84", "90", "75", "70", "95"]),
        ("2024Q3", ["88", "90", "78", "80", "95"]),
        ("2024Q4", ["92", "90", "85", "90", "95"]),
    ];
    for (p, v) in q {
        let rows: Vec<(&str, &str)> = FIVE.iter().copied().zip(v).collect();
        wd.quarter(p, &rows);
    }
    wd.create(
        "data/2024Q3/adjustments.csv",
        &format!("{ADJ_HEADER}T3,bonus,2,季度创新加分,区考核办〔2024〕7号\n"),
    );
    // monthly efficiency scores
    // T1: 90 in months 1–11, 78 in month 12   T2: 80 in months 1–6, 86 in 7–12
    // T3: 95                                   T4: 80 + month (81 … 92)      T5: 70
    for m in 1..=12u32 {
        let t1 = if m == 12 { "78" } else { "90" };
        let t2 = if m <= 6 { "80" } else { "86" };
        let t4 = (80 + m).to_string();
        wd.month(
            &format!("2024-{m:02}"),
            &[
                ("T1", t1),
                ("T2", t2),
                ("T3", "95"),
                ("T4", &t4),
                ("T5", "70"),
            ],
        );
    }
    wd.scores(
        "2024/year_end.csv",
        &[
            ("T1", "88"),
            ("T2", "92"),
            ("T3", "90"),
            ("T4", "80"),
            ("T5", "100"),
        ],
    );
    wd.create(
        "data/2024/adjustments.csv",
        &format!(
            "{ADJ_HEADER}\
             T1,bonus,2,招商引资突出,区委〔2024〕3号\n\
             T1,加分,2,荣获省级表彰,省政府〔2024〕9号\n\
             T3,bonus,1,重点项目提前完工,区考核办〔2024〕11号\n\
             T3,deduction,6,安全生产事故,区安委〔2024〕2号\n\
             T4,扣分,1.5,督查通报,区督查室〔2024〕4号\n\
             T5,bonus,0.104,创新案例,区考核办〔2024〕12号\n\
             T5,veto,,信访一票否决,区委〔2024〕5号\n"
        ),
    );
    wd.create(
        "data/2024H1/adjustments.csv",
        &format!("{ADJ_HEADER}T4,bonus,1,上半年专项加分,区考核办〔2024〕6号\n"),
    );
    wd
}

#[test]
fn full_year_rollup_weights_quarters_months_year_end_and_adjustments() {
    let wd = full_year();
    let rows = wd.csv(&["rollup", "--year", "2024"]);
    // weights q = 0.6, m = 0.3, y = 0.1 (the year-end review enters the view to Q4)
    // T1: quarterly (80+84+88+92)/4 = 86; monthly (11·90 + 78)/12 = 1068/12 = 89; year-end 88
    //     0.6·86 + 0.3·89 + 0.1·88 = 51.6 + 26.7 + 8.8 = 87.1; bonus min(2+2, 3) = 3 ⇒ 90.10
    // T2: 90; (6·80 + 6·86)/12 = 83; 92 ⇒ 54 + 24.9 + 9.2 = 88.10
    // T3: (70+75+80+85)/4 = 77.5 (Q3 includes its quarter bonus); 95; 90
    //     46.5 + 28.5 + 9 = 84; + min(1, 3) − min(6, 5) = 84 + 1 − 5 ⇒ 80.00
    // T4: (60+70+80+90)/4 = 75; (81+…+92)/12 = (12·80 + 78)/12 = 86.5; 80
    //     45 + 25.95 + 8 = 78.95; − 1.5 ⇒ 77.45
    // T5: 95; 70; 100 ⇒ 57 + 21 + 10 = 88; + 0.104 ⇒ 88.104, rounded 88.10 (ties T2); veto
    assert_eq!(
        rows.col("total", &FIVE),
        s(&["90.10", "88.10", "80.00", "77.45", "88.10"])
    );
    // competition ranking on the rounded totals: T2 and T5 share 2, the next is 4
    assert_eq!(rows.col("rank", &FIVE), s(&["1", "2", "4", "5", "2"]));
    assert_eq!(rows.order, s(&["T1", "T2", "T5", "T3", "T4"]));
    // grades by score (Q4 has no own config: the top-level rules): ≥90 优秀, ≥85 良好, ≥78 一般;
    // T5's 88.10 would be 良好 but the annual veto forces the lowest grade
    assert_eq!(
        rows.col("grade", &FIVE),
        s(&["优秀", "良好", "一般", "较差", "较差"])
    );
    assert_eq!(rows.col("veto", &FIVE), s(&["0", "0", "0", "0", "1"]));
    assert_eq!(
        rows.col("quarterly", &FIVE),
        s(&["86.00", "90.00", "77.50", "75.00", "95.00"])
    );
    assert_eq!(
        rows.col("monthly", &FIVE),
        s(&["89.00", "83.00", "95.00", "86.50", "70.00"])
    );
    assert_eq!(
        rows.col("year_end", &FIVE),
        s(&["88.00", "92.00", "90.00", "80.00", "100.00"])
    );
    assert_eq!(
        rows.col("bonus", &FIVE),
        s(&["3.00", "0.00", "1.00", "0.00", "0.10"])
    );
    assert_eq!(
        rows.col("deduction", &FIVE),
        s(&["0.00", "0.00", "5.00", "1.50", "0.00"])
    );
    // the per-quarter and per-month columns
    assert_eq!(
        rows.col("q:2024Q3", &FIVE),
        s(&["88.00", "90.00", "80.00", "80.00", "95.00"])
    );
    assert_eq!(rows.get("T1", "m:2024-12"), "78.00");
    assert_eq!(rows.get("T4", "m:2024-07"), "87.00");
    assert_eq!(rows.get("T1", "rollup"), "2024");
    for c in [
        "total",
        "rank",
        "grade",
        "quarterly",
        "monthly",
        "year_end",
        "notes",
        "q:2024Q1",
        "q:2024Q4",
        "m:2024-01",
        "m:2024-12",
    ] {
        assert!(rows.has(c), "no column {c}: {:?}", rows.header);
    }
    assert_eq!(rows.col("notes", &FIVE), s(&["", "", "", "", ""]));

    // JSON keeps the full-precision total: T5 88.104 while its rounded total is 88.1
    let doc = wd.json(&["rollup", "--year", "2024"]);
    let t5 = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_id"] == "T5")
        .unwrap();
    assert!((t5["total_exact"].as_f64().unwrap() - 88.104).abs() < 1e-9);
    assert_eq!(t5["total"].as_f64().unwrap(), 88.1);
    assert_eq!(t5["veto"], true);
    assert_eq!(doc["rollup"], "2024");
}

#[test]
fn a_skipped_year_end_review_spreads_its_weight_like_a_view_before_q4() {
    let wd = full_year();
    wd.create(
        "scoring-config.toml",
        &direct_scheme(
            2,
            "3",
            SCORE_GRADES,
            "quarterly = 0.6\nmonthly = 0.3\nyear_end = 0.1\nmissing = \"skip\"",
        ),
    );
    std::fs::remove_file(wd.path().join("data/2024/year_end.csv")).unwrap();
    let rows = wd.csv(&["rollup", "--year", "2024"]);
    // weights 0.6/0.9 = 2/3 and 0.3/0.9 = 1/3
    // T1: 2/3·86 + 1/3·89 = 87 + 3 ⇒ 90.00
    // T2: 2/3·90 + 1/3·83 = 60 + 27.666… ⇒ 87.67
    // T3: 2/3·77.5 + 1/3·95 = 51.666… + 31.666… = 83.333… + 1 − 5 ⇒ 79.33
    // T4: 2/3·75 + 1/3·86.5 = 50 + 28.833… = 78.833… − 1.5 ⇒ 77.33
    // T5: 2/3·95 + 1/3·70 = 86.666… + 0.104 = 86.770… ⇒ 86.77
    assert_eq!(
        rows.col("total", &FIVE),
        s(&["90.00", "87.67", "79.33", "77.33", "86.77"])
    );
    assert!(rows.get("T1", "rollup_notes").contains("year-end review"));
    assert_eq!(rows.col("year_end", &FIVE), s(&["", "", "", "", ""]));
}

#[test]
fn half_year_view_spreads_the_year_end_weight_and_stops_at_q2() {
    let wd = full_year();
    let rows = wd.csv(&["rollup", "--year", "2024", "--upto", "Q2"]);
    // 2024H1: Q1–Q2 and months 1–6; no year-end review, its weight 0.1 spread in proportion:
    //   quarterly 0.6·(0.6+0.3+0.1)/(0.6+0.3) = 2/3, monthly 0.3·1.0/0.9 = 1/3
    // adjustments from data/2024H1/ (T4 +1, under the top-level cap 3, not Q2's 0.5);
    // data/2024/adjustments.csv (and T5's veto) is not part of this view
    // T1: (80+84)/2 = 82; months 90 ⇒ 2/3·82 + 1/3·90 = 54.667 + 30 = 84.667 ⇒ 84.67
    // T2: 90; 80 ⇒ 60 + 26.667 = 86.667 ⇒ 86.67
    // T3: (70+75)/2 = 72.5; 95 ⇒ 48.333 + 31.667 = 80 ⇒ 80.00
    // T4: (60+70)/2 = 65; (81+…+86)/6 = 83.5 ⇒ 43.333 + 27.833 = 71.167; + 1 ⇒ 72.17
    // T5: 95; 70 ⇒ 63.333 + 23.333 = 86.667 ⇒ 86.67 (ties T2)
    // decimals come from the top-level config (2), not from Q2's (1, which would print 84.7)
    assert_eq!(
        rows.col("total", &FIVE),
        s(&["84.67", "86.67", "80.00", "72.17", "86.67"])
    );
    assert_eq!(rows.col("rank", &FIVE), s(&["3", "1", "4", "5", "1"]));
    assert_eq!(rows.order, s(&["T2", "T5", "T1", "T3", "T4"]));
    // grades from the last included quarter's rules (2024Q2's own config, by share):
    // n = 5, 优秀 while rank ≤ floor(0.4·5) = 2 ⇒ T2, T5; the rest 合格
    assert_eq!(
        rows.col("grade", &FIVE),
        s(&["合格", "优秀", "合格", "合格", "优秀"])
    );
    assert_eq!(rows.col("veto", &FIVE), s(&["0", "0", "0", "0", "0"]));
    assert_eq!(
        rows.col("quarterly", &FIVE),
        s(&["82.00", "90.00", "72.50", "65.00", "95.00"])
    );
    assert_eq!(
        rows.col("monthly", &FIVE),
        s(&["90.00", "80.00", "95.00", "83.50", "70.00"])
    );
    assert_eq!(rows.col("year_end", &FIVE), s(&["", "", "", "", ""]));
    assert_eq!(
        rows.col("bonus", &FIVE),
        s(&["0.00", "0.00", "0.00", "1.00", "0.00"])
    );
    assert_eq!(rows.get("T1", "rollup"), "2024H1");
    assert_eq!(rows.get("T1", "q:2024Q2"), "84.00");
    assert_eq!(rows.get("T4", "m:2024-06"), "86.00");
    for c in ["q:2024Q1", "q:2024Q2", "m:2024-01", "m:2024-06"] {
        assert!(rows.has(c), "no column {c}: {:?}", rows.header);
    }
    for c in ["q:2024Q3", "q:2024Q4", "m:2024-07", "m:2024-12"] {
        assert!(!rows.has(c), "column {c} outside 2024H1: {:?}", rows.header);
    }
    let table = wd.table(&["rollup", "--year", "2024", "--upto", "Q2"]);
    assert!(table.contains("2024H1"), "{table}");
    assert!(!table.contains("2024Q3"), "{table}");
}

// ---------------------------------------------------------------------------------------------
// 2. The missing policy
// ---------------------------------------------------------------------------------------------

const THREE: [&str; 3] = ["T1", "T2", "T3"];

/// Three townships, `--upto Q1`, `[rollup] quarterly = 0.5, monthly = 0.5`.
/// Q1 totals T1 80, T2 70, T3 60. 2024-01: 90 / 60 / 84; 2024-02: no file at all;
/// 2024-03: 81 / 66 and no row for T3.
fn missing_month(policy: &str) -> Workdir {
    let wd = Workdir::new();
    wd.create(
        "scoring-config.toml",
        &direct_scheme(
            2,
            "3",
            HALF_GRADES,
            &format!("quarterly = 0.5\nmonthly = 0.5\nmissing = \"{policy}\""),
        ),
    )
    .create("data/units.csv", &townships(&THREE))
    .quarter("2024Q1", &[("T1", "80"), ("T2", "70"), ("T3", "60")])
    .month("2024-01", &[("T1", "90"), ("T2", "60"), ("T3", "84")])
    .month("2024-03", &[("T1", "81"), ("T2", "66")]);
    wd
}

const Q1_ROLLUP: [&str; 5] = ["rollup", "--year", "2024", "--upto", "Q1"];

#[test]
fn missing_error_fails_naming_the_month_file_and_the_unit() {
    let wd = missing_month("error");
    let out = wd.run(&Q1_ROLLUP);
    out.fails_with(&["2024-02/efficiency.csv", "2024-03/efficiency.csv", "T3"]);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

#[test]
fn missing_skip_leaves_months_out_of_the_mean_and_lists_them() {
    let wd = missing_month("skip");
    let rows = wd.csv(&Q1_ROLLUP);
    // T1: months (90 + 81)/2 = 85.5 ⇒ 0.5·80 + 0.5·85.5 = 40 + 42.75 = 82.75
    // T2: (60 + 66)/2 = 63 ⇒ 35 + 31.5 = 66.50
    // T3: only month 1: 84 ⇒ 30 + 42 = 72.00
    assert_eq!(rows.col("total", &THREE), s(&["82.75", "66.50", "72.00"]));
    assert_eq!(rows.col("monthly", &THREE), s(&["85.50", "63.00", "84.00"]));
    assert_eq!(rows.col("rank", &THREE), s(&["1", "3", "2"]));
    assert_eq!(rows.get("T1", "rollup"), "2024Q1");
    // T3's own gap is in its notes; the others have none of their own
    assert!(rows.get("T3", "notes").contains("2024-03"));
    assert!(rows.get("T3", "notes").contains("skip"));
    assert_eq!(rows.get("T1", "notes"), "");
    assert_eq!(rows.get("T3", "m:2024-03"), "");
    // the whole missing month is listed below the table and in the JSON notes
    let table = wd.table(&Q1_ROLLUP);
    let below = table.rsplit("└").next().unwrap();
    assert!(
        below.contains("2024-02") && below.contains("skip"),
        "{table}"
    );
    let doc = wd.json(&Q1_ROLLUP);
    let notes = doc["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("2024-02")),
        "{notes:?}"
    );
}

#[test]
fn missing_skip_csv_says_which_whole_month_was_skipped() {
    let wd = missing_month("skip");
    let out = wd.run(&[
        "rollup", "--year", "2024", "--upto", "Q1", "--format", "csv",
    ]);
    let out = out.success();
    // README: "the output lists what was skipped or zeroed"; CSV is meant to stand alone
    // ("so that a spreadsheet can pivot it without any other file"): some data cell (not just
    // the `m:2024-02` header) must name the skipped month.
    let body = out.stdout.split_once('\n').unwrap().1;
    assert!(body.contains("2024-02"), "{}", out.stdout);
}

#[test]
fn missing_zero_counts_months_as_zero_and_lists_them() {
    let wd = missing_month("zero");
    let rows = wd.csv(&Q1_ROLLUP);
    // T1: (90 + 0 + 81)/3 = 57 ⇒ 40 + 28.5 = 68.50
    // T2: (60 + 0 + 66)/3 = 42 ⇒ 35 + 21 = 56.00
    // T3: (84 + 0 + 0)/3 = 28 ⇒ 30 + 14 = 44.00
    assert_eq!(rows.col("total", &THREE), s(&["68.50", "56.00", "44.00"]));
    assert_eq!(rows.col("monthly", &THREE), s(&["57.00", "42.00", "28.00"]));
    assert_eq!(rows.col("rank", &THREE), s(&["1", "2", "3"]));
    let t3 = rows.get("T3", "notes");
    assert!(
        t3.contains("2024-03") && t3.contains("counted as 0"),
        "{t3}"
    );
    assert_eq!(rows.get("T1", "notes"), "");
    let table = wd.table(&Q1_ROLLUP);
    let below = table.rsplit("└").next().unwrap();
    assert!(
        below.contains("2024-02") && below.contains("counted as 0"),
        "{table}"
    );
}

#[test]
fn missing_skip_with_nothing_left_to_average_is_an_error() {
    let wd = missing_month("skip");
    // T3 now has no monthly score at all (month 2 missing, no row in months 1 and 3)
    wd.month("2024-01", &[("T1", "90"), ("T2", "60")]);
    wd.run(&Q1_ROLLUP).fails_with(&["T3"]);
}

/// `[rollup] quarterly = 1`, `--upto Q2`, the folder of 2024Q1 absent; Q2: T1 80, T2 60.
fn missing_quarter(policy: &str) -> Workdir {
    let wd = Workdir::new();
    wd.create(
        "scoring-config.toml",
        &direct_scheme(
            2,
            "3",
            HALF_GRADES,
            &format!("quarterly = 1.0\nmonthly = 0.0\nmissing = \"{policy}\""),
        ),
    )
    .create("data/units.csv", &townships(&["T1", "T2"]))
    .quarter("2024Q2", &[("T1", "80"), ("T2", "60")]);
    wd
}

#[test]
fn a_missing_quarter_folder_follows_the_policy() {
    let h1 = ["rollup", "--year", "2024", "--upto", "Q2"];
    missing_quarter("error").run(&h1).fails_with(&["2024Q1"]);
    // skip: the mean of Q2 alone
    let rows = missing_quarter("skip").csv(&h1);
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["80.00", "60.00"]));
    assert_eq!(rows.get("T1", "q:2024Q1"), "");
    let table = missing_quarter("skip").table(&h1);
    assert!(
        table.contains("2024Q1") && table.contains("skip"),
        "{table}"
    );
    // zero: (0 + 80)/2 = 40, (0 + 60)/2 = 30
    let rows = missing_quarter("zero").csv(&h1);
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["40.00", "30.00"]));
    assert_eq!(rows.col("quarterly", &["T1", "T2"]), s(&["40.00", "30.00"]));
}

// ---------------------------------------------------------------------------------------------
// 3. A per-period config
// ---------------------------------------------------------------------------------------------

/// Top level: `a` proportional (higher) P = 60, `b` direct P = 40; `[rollup] quarterly = 1`.
/// `data/2024Q1/scoring-config.toml`: `a` efficacy (base 0.6) P = 50, `b` direct P = 50, and a
/// `[rollup]` of its own that must be ignored (it asks for months that do not exist).
fn per_period() -> (Workdir, String, String) {
    let scheme = |a: &str, pa: u32, pb: u32, rollup: &str| {
        format!(
            r#"decimals = 2

[[dimensions]]
id = "econ"
name = "经济发展"
core = true

[[dimensions]]
id = "soc"
name = "社会治理"

[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = 100
grades = {HALF_GRADES}

[[indicators]]
id = "a"
name = "固定资产投资"
dimension = "econ"
{a}
direction = "higher"
points = {{ town = {pa} }}

[[indicators]]
id = "b"
name = "基层治理"
dimension = "soc"
method = "direct"
points = {{ town = {pb} }}

[rollup]
{rollup}
"#
        )
    };
    let top = scheme(
        "method = \"proportional\"",
        60,
        40,
        "quarterly = 1.0\nmonthly = 0.0\nmissing = \"error\"",
    );
    let q1 = scheme(
        "method = \"efficacy\"\nbase = 0.6",
        50,
        50,
        "quarterly = 0.5\nmonthly = 0.5\nmissing = \"error\"",
    );
    let wd = Workdir::new();
    wd.create("scoring-config.toml", &top)
        .create("data/2024Q1/scoring-config.toml", &q1)
        .create("data/units.csv", &townships(&THREE))
        .create(
            "data/2024Q1/township.csv",
            "unit_id,a,b\nT1,100,30\nT2,80,40\nT3,50,20\n",
        )
        .create(
            "data/2024Q2/township.csv",
            "unit_id,a,b\nT1,90,35\nT2,100,30\nT3,60,40\n",
        );
    let sha_top = sha256_hex(&wd.read("scoring-config.toml"));
    let sha_q1 = sha256_hex(&wd.read("data/2024Q1/scoring-config.toml"));
    assert_ne!(sha_top, sha_q1);
    (wd, sha_top, sha_q1)
}

#[test]
fn rank_scores_a_quarter_with_its_own_config_and_names_it() {
    let (wd, sha_top, sha_q1) = per_period();
    let q1 = ["rank", "--period", "2024Q1"];
    let rows = wd.csv(&q1);
    // 2024Q1 under its own config: a efficacy P = 50 over min 50, max 100:
    //   T1 50·(0.6 + 0.4·50/50) = 50; T2 50·(0.6 + 0.4·30/50) = 42; T3 50·0.6 = 30
    //   totals T1 50+30 = 80, T2 42+40 = 82, T3 30+20 = 50
    // (under the top-level config it would be T1 60+30 = 90, T2 48+40 = 88, T3 30+20 = 50)
    assert_eq!(rows.col("total", &THREE), s(&["80.00", "82.00", "50.00"]));
    assert_eq!(rows.col("rank", &THREE), s(&["2", "1", "3"]));
    assert_eq!(rows.get("T2", "a:score"), "42.00");
    assert_eq!(rows.col("config_sha256", &THREE), vec![sha_q1.clone(); 3]);
    // table footer names the file and its digest
    let table = wd.table(&q1);
    let footer = table.lines().last().unwrap();
    assert!(
        footer.contains("2024Q1/scoring-config.toml") && footer.contains(&sha_q1),
        "{table}"
    );
    // json
    let doc = wd.json(&q1);
    assert!(
        doc["config"]
            .as_str()
            .unwrap()
            .ends_with("2024Q1/scoring-config.toml"),
        "{}",
        doc["config"]
    );
    assert_eq!(doc["config_sha256"], sha_q1.as_str());

    // 2024Q2 has no config of its own: the top-level rules
    // a proportional P = 60, max 100: T1 54, T2 60, T3 36 ⇒ totals 89, 90, 76
    let rows = wd.csv(&["rank", "--period", "2024Q2"]);
    assert_eq!(rows.col("total", &THREE), s(&["89.00", "90.00", "76.00"]));
    assert_eq!(rows.col("config_sha256", &THREE), vec![sha_top.clone(); 3]);
    let doc = wd.json(&["rank", "--period", "2024Q2"]);
    assert_eq!(doc["config_sha256"], sha_top.as_str());
    // trend against 2024Q1 as scored by its own config (ranks T2 1, T1 2, T3 3):
    // changes T1 +9, T2 +8, T3 +26, median 9; T2 keeps rank 1 with +8 < 9 ⇒ 慢进
    // (against a re-scored Q1 — T1 90 first, T2 88 second — T2 would show 进位)
    assert_eq!(rows.col("prev_rank", &THREE), s(&["2", "1", "3"]));
    assert_eq!(
        rows.col("score_change", &THREE),
        s(&["9.00", "8.00", "26.00"])
    );
    assert_eq!(rows.col("trend", &THREE), s(&["持平", "慢进", "持平"]));
}

#[test]
fn rollup_uses_each_quarters_own_config_and_the_top_level_weights() {
    let (wd, sha_top, sha_q1) = per_period();
    let h1 = ["rollup", "--year", "2024", "--upto", "Q2"];
    let rows = wd.csv(&h1);
    // top-level [rollup]: quarterly 1 (Q1's own [rollup] with monthly 0.5 is ignored, else the
    // absent month files would fail the run)
    // T1 (80 + 89)/2 = 84.5; T2 (82 + 90)/2 = 86; T3 (50 + 76)/2 = 63
    // (with Q1 re-scored by the top-level rules T1 would have (90 + 89)/2 = 89.5 and lead)
    assert_eq!(rows.col("total", &THREE), s(&["84.50", "86.00", "63.00"]));
    assert_eq!(rows.col("rank", &THREE), s(&["2", "1", "3"]));
    assert_eq!(
        rows.col("q:2024Q1", &THREE),
        s(&["80.00", "82.00", "50.00"])
    );
    assert_eq!(rows.col("monthly", &THREE), s(&["", "", ""]));
    assert_eq!(
        rows.get("T1", "quarter_configs"),
        format!(
            "2024Q1=data/2024Q1/scoring-config.toml (sha256 {sha_q1}); \
             2024Q2=scoring-config.toml (sha256 {sha_top})"
        )
    );
    let table = wd.table(&h1);
    let line = |p: &str| {
        table
            .lines()
            .find(|l| l.starts_with(p))
            .unwrap_or_else(|| panic!("no line for {p}:\n{table}"))
    };
    let l1 = line("2024Q1: config");
    assert!(
        l1.contains("2024Q1/scoring-config.toml") && l1.contains(&sha_q1),
        "{l1}"
    );
    let l2 = line("2024Q2: config");
    assert!(
        l2.contains("scoring-config.toml") && !l2.contains("2024Q2/") && l2.contains(&sha_top),
        "{l2}"
    );
    let doc = wd.json(&h1);
    let qs = doc["quarters"].as_array().unwrap();
    assert_eq!(qs[0]["period"], "2024Q1");
    assert!(qs[0]["config"]
        .as_str()
        .unwrap()
        .ends_with("2024Q1/scoring-config.toml"));
    assert_eq!(qs[0]["config_sha256"], sha_q1.as_str());
    assert_eq!(qs[1]["config_sha256"], sha_top.as_str());
}

// ---------------------------------------------------------------------------------------------
// 4. A renamed unit and a unit new in the last quarter
// ---------------------------------------------------------------------------------------------

const RENAMED: [&str; 4] = ["T1", "T2", "NEW", "T9"];

/// OLD (until 2024Q1) is renamed NEW (from 2024Q2, former_ids OLD); T9 is assessed from 2024Q2.
/// Q1: T1 80, T2 70, OLD 60.   Q2: T1 75, T2 72, NEW 78, T9 90.
/// Months 1–3 are written under OLD, months 4–6 under NEW; T9 has months 4–6 only.
/// `[rollup] quarterly = 0.6, monthly = 0.4`.
fn renamed(policy: &str) -> Workdir {
    let wd = Workdir::new();
    wd.create(
        "scoring-config.toml",
        &direct_scheme(
            2,
            "3",
            HALF_GRADES,
            &format!("quarterly = 0.6\nmonthly = 0.4\nmissing = \"{policy}\""),
        ),
    )
    .create(
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

// ---------------------------------------------------------------------------------------------
// 5. Trend labels
// ---------------------------------------------------------------------------------------------

const SIX: [&str; 6] = ["T1", "T2", "T3", "T4", "T5", "N6"];

/// T1–T5 from 2023Q4 on, N6 from 2024Q1 on.
///          2023Q4  2024Q1  2024Q2
///   T1       90      95      91
///   T2       85      84      86
///   T3       80      88      81
///   T4       75      76      74
///   T5       70      72      73
///   N6        –      50      60
fn trends() -> Workdir {
    let wd = Workdir::new();
    wd.create(
        "scoring-config.toml",
        &direct_scheme(2, "3", HALF_GRADES, "quarterly = 1.0"),
    )
    .create(
        "data/units.csv",
        "id,name,category,parent,class,former_ids,from,until\n\
         T1,镇1,township,,,,,\nT2,镇2,township,,,,,\nT3,镇3,township,,,,,\n\
         T4,镇4,township,,,,,\nT5,镇5,township,,,,,\nN6,镇6,township,,,,2024Q1,\n",
    );
    let data = [
        ("2023Q4", ["90", "85", "80", "75", "70", ""]),
        ("2024Q1", ["95", "84", "88", "76", "72", "50"]),
        ("2024Q2", ["91", "86", "81", "74", "73", "60"]),
    ];
    for (p, v) in data {
        let rows: Vec<(&str, &str)> = SIX
            .iter()
            .copied()
            .zip(v)
            .filter(|(_, x)| !x.is_empty())
            .collect();
        wd.quarter(p, &rows);
    }
    wd
}

#[test]
fn trend_labels_against_the_previous_quarter() {
    let wd = trends();
    let rows = wd.csv(&["rank", "--period", "2024Q1"]);
    for c in ["prev_rank", "rank_change", "score_change", "trend"] {
        assert!(rows.has(c), "no column {c}");
    }
    // 2023Q4 ranks T1 1, T2 2, T3 3, T4 4, T5 5
    // 2024Q1 ranks T1 1 (95), T3 2 (88), T2 3 (84), T4 4 (76), T5 5 (72), N6 6 (50)
    // changes of the units in both: T1 +5, T2 −1, T3 +8, T4 +1, T5 +2
    //   sorted −1, 1, 2, 5, 8 ⇒ median 2
    // T1 same rank, +5 ≥ 2 ⇒ 持平; T2 2 → 3 ⇒ 退位; T3 3 → 2 ⇒ 进位;
    // T4 same rank, +1 < 2 ⇒ 慢进; T5 same rank, +2 = median (not below) ⇒ 持平; N6 ⇒ 新增
    assert_eq!(rows.col("against", &SIX[..1]), s(&["2023Q4"]));
    assert_eq!(rows.col("rank", &SIX), s(&["1", "3", "2", "4", "5", "6"]));
    assert_eq!(
        rows.col("prev_rank", &SIX),
        s(&["1", "2", "3", "4", "5", ""])
    );
    assert_eq!(
        rows.col("rank_change", &SIX),
        s(&["0", "-1", "1", "0", "0", ""])
    );
    assert_eq!(
        rows.col("score_change", &SIX),
        s(&["5.00", "-1.00", "8.00", "1.00", "2.00", ""])
    );
    assert_eq!(
        rows.col("trend", &SIX),
        s(&["持平", "退位", "进位", "慢进", "持平", "新增"])
    );
}

#[test]
fn trend_labels_with_a_negative_median_and_with_against() {
    let wd = trends();
    // 2024Q2 against the default 2024Q1
    // ranks now T1 1, T2 2, T3 3, T4 4, T5 5, N6 6; before T1 1, T3 2, T2 3, T4 4, T5 5, N6 6
    // changes T1 −4, T2 +2, T3 −7, T4 −2, T5 +1, N6 +10
    //   sorted −7, −4, −2, 1, 2, 10 ⇒ median (−2 + 1)/2 = −0.5
    // T1 same, −4 < −0.5 ⇒ 慢进; T2 3 → 2 ⇒ 进位; T3 2 → 3 ⇒ 退位; T4 same, −2 ⇒ 慢进;
    // T5 same, +1 ⇒ 持平; N6 same, +10 ⇒ 持平 (it is no longer new)
    let rows = wd.csv(&["rank", "--period", "2024Q2"]);
    assert_eq!(rows.col("against", &SIX[..1]), s(&["2024Q1"]));
    assert_eq!(
        rows.col("prev_rank", &SIX),
        s(&["1", "3", "2", "4", "5", "6"])
    );
    assert_eq!(
        rows.col("rank_change", &SIX),
        s(&["0", "1", "-1", "0", "0", "0"])
    );
    assert_eq!(
        rows.col("score_change", &SIX),
        s(&["-4.00", "2.00", "-7.00", "-2.00", "1.00", "10.00"])
    );
    assert_eq!(
        rows.col("trend", &SIX),
        s(&["慢进", "进位", "退位", "慢进", "持平", "持平"])
    );

    // --against 2023Q4: ranks then T1 1 … T5 5, all unchanged
    // changes T1 +1, T2 +1, T3 +1, T4 −1, T5 +3 ⇒ sorted −1, 1, 1, 1, 3, median 1
    // T1–T3 +1 (not below 1) ⇒ 持平; T4 −1 ⇒ 慢进; T5 ⇒ 持平; N6 not assessed then ⇒ 新增
    let rows = wd.csv(&["rank", "--period", "2024Q2", "--against", "2023Q4"]);
    assert_eq!(rows.col("against", &SIX[..1]), s(&["2023Q4"]));
    assert_eq!(
        rows.col("prev_rank", &SIX),
        s(&["1", "2", "3", "4", "5", ""])
    );
    assert_eq!(
        rows.col("rank_change", &SIX),
        s(&["0", "0", "0", "0", "0", ""])
    );
    assert_eq!(
        rows.col("score_change", &SIX),
        s(&["1.00", "1.00", "1.00", "-1.00", "3.00", ""])
    );
    assert_eq!(
        rows.col("trend", &SIX),
        s(&["持平", "持平", "持平", "慢进", "持平", "新增"])
    );
}

#[test]
fn a_unit_on_another_track_before_is_new() {
    // 2024Q1's own config ranks sub-districts on a track `street` of their own; the top-level
    // config (2024Q2) puts them on `town` with the townships.
    let q1_tracks = r#"
[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = 100
grades = { by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }

[[tracks]]
id = "street"
name = "街道"
categories = ["subdistrict"]
total = 100
grades = { by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }

[[indicators]]
id = "s"
name = "综合得分"
dimension = "econ"
method = "direct"
points = { town = 100, street = 100 }
"#;
    let q1 = format!(
        "decimals = 2\n\n[[dimensions]]\nid = \"econ\"\nname = \"经济发展\"\ncore = true\n{q1_tracks}"
    );
    let wd = Workdir::new();
    wd.create(
        "scoring-config.toml",
        &direct_scheme(2, "3", HALF_GRADES, "quarterly = 1.0"),
    )
    .create("data/2024Q1/scoring-config.toml", &q1)
    .create(
        "data/units.csv",
        "id,name,category,parent\nT1,镇1,township,\nT2,镇2,township,\nS1,街道1,subdistrict,\n",
    )
    .quarter("2024Q1", &[("T1", "80"), ("T2", "70")])
    .quarter("2024Q2", &[("T1", "85"), ("T2", "75")])
    .create("data/2024Q1/subdistrict.csv", "unit_id,s\nS1,90\n")
    .create("data/2024Q2/subdistrict.csv", "unit_id,s\nS1,95\n");
    let rows = wd.csv(&["rank", "--period", "2024Q2"]);
    // 2024Q1: town T1 1 (80), T2 2 (70); street S1 1 (90)
    // 2024Q2: town S1 1 (95), T1 2 (85), T2 3 (75)
    // S1 was ranked on another track ⇒ 新增, no earlier rank; T1 1 → 2, T2 2 → 3 ⇒ 退位
    let ids = ["T1", "T2", "S1"];
    assert_eq!(rows.col("rank", &ids), s(&["2", "3", "1"]));
    assert_eq!(rows.col("prev_rank", &ids), s(&["1", "2", ""]));
    assert_eq!(rows.col("rank_change", &ids), s(&["-1", "-1", ""]));
    assert_eq!(rows.col("score_change", &ids), s(&["5.00", "5.00", ""]));
    assert_eq!(rows.col("trend", &ids), s(&["退位", "退位", "新增"]));
}
