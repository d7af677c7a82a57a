//! Roll-up totals: the full year and the half-year view.

use super::*;

const FIVE: [&str; 5] = ["T1", "T2", "T3", "T4", "T5"];

/// Five townships, four quarters, twelve months, a year-end review, annual and half-year
/// adjustments. Top-level: decimals 2, caps bonus 3 / deduction 5, grades by score,
/// `[rollup] quarterly = 0.6, monthly = 0.3, year_end = 0.1`.
/// `data/2024Q2/scoring-config.toml` (same indicator) has decimals 1, bonus cap 0.5, grades by
/// share (优秀 0.4 / 合格 1.0) and another `[rollup]`: only its grades may reach the half-year
/// view, whose last quarter it scores.
fn full_year() -> Workdir {
    let wd = rollup_workdir(
        SCORE_GRADES,
        "quarterly = 0.6\nmonthly = 0.3\nyear_end = 0.1\nmissing = \"error\"",
    );
    wd.create(
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
    let t5 = json_unit(&doc, "T5");
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

#[test]
fn the_view_to_q1_counts_the_quarters_adjustments_once() {
    // The view to Q1 is named `2024Q1`, as the quarter whose folder holds the quarter's own
    // adjustments: T3's bonus of 1 is in its Q1 total (60 + 1 = 61) and is not added again.
    let wd = rollup_workdir(HALF_GRADES, "quarterly = 1.0\nmonthly = 0.0");
    wd.create("data/units.csv", &townships(&THREE))
        .quarter("2024Q1", &[("T1", "80"), ("T2", "70"), ("T3", "60")])
        .create(
            "data/2024Q1/adjustments.csv",
            &format!("{ADJ_HEADER}T3,bonus,1,季度创新加分,区考核办〔2024〕7号\n"),
        );
    assert_eq!(wd.csv(&["--period", "2024Q1"]).get("T3", "total"), "61.00");
    let rows = wd.csv(&["rollup", "--year", "2024", "--upto", "Q1"]);
    assert_eq!(rows.col("total", &THREE), ["80.00", "70.00", "61.00"]);
    assert_eq!(rows.get("T3", "bonus"), "0.00");
}

/// T1 and T2 have annual totals equal as decimals, 81.415, reached from different means; T3's
/// view to Q1 spreads the year-end weight. `[rollup] 0.7 / 0.2 / 0.1`, every quarter and month
/// of a unit the same score:
///        quarters  months  year-end
///   T1    81.85    80.40    80.40
///   T2    84.55    78.85    64.60
///   T3    81       90       90
fn equal_totals() -> Workdir {
    let wd = rollup_workdir(
        SCORE_GRADES,
        "quarterly = 0.7\nmonthly = 0.2\nyear_end = 0.1\nmissing = \"error\"",
    );
    wd.create("data/units.csv", &townships(&THREE)).scores(
        "2024/year_end.csv",
        &[("T1", "80.40"), ("T2", "64.60"), ("T3", "90")],
    );
    for q in ["2024Q1", "2024Q2", "2024Q3", "2024Q4"] {
        wd.quarter(q, &[("T1", "81.85"), ("T2", "84.55"), ("T3", "81")]);
    }
    for m in 1..=12 {
        let rows = [("T1", "80.40"), ("T2", "78.85"), ("T3", "90")];
        wd.month(&format!("2024-{m:02}"), &rows);
    }
    wd
}

#[test]
fn equal_annual_totals_are_rounded_alike() {
    let wd = equal_totals();
    // T1: 0.7·81.85 + 0.2·80.40 + 0.1·80.40 = 57.295 + 16.08 + 8.04 = 81.415
    // T2: 0.7·84.55 + 0.2·78.85 + 0.1·64.60 = 59.185 + 15.77 + 6.46 = 81.415
    // T3: 0.7·81 + 0.2·90 + 0.1·90 = 56.7 + 18 + 9 = 83.7
    // The double nearest 81.415 is a little above it: both 81.42, tied at rank 2.
    let year = ["rollup", "--year", "2024"];
    let rows = wd.csv(&year);
    assert_eq!(rows.col("total", &THREE), s(&["81.42", "81.42", "83.70"]));
    assert_eq!(rows.col("rank", &THREE), s(&["2", "2", "1"]));
    let doc = wd.json(&year);
    let exact: Vec<(String, f64)> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let id = u["unit_id"].as_str().unwrap().to_string();
            (id, u["total_exact"].as_f64().unwrap())
        })
        .collect();
    let want = [("T3", 83.7), ("T1", 81.415), ("T2", 81.415)];
    let want: Vec<(String, f64)> = want.iter().map(|(u, x)| (u.to_string(), *x)).collect();
    assert_eq!(exact, want);
    // The view to Q1 spreads the year-end weight: (0.7·81 + 0.2·90)·1.0/0.9 = 74.7/0.9 = 83,
    // exactly (0.7·(1.0/0.9) in binary is 0.7777777777777778, and the sum 83.00000000000001).
    let q1 = wd.json(&["rollup", "--year", "2024", "--upto", "Q1"]);
    let t3 = json_unit(&q1, "T3");
    assert_eq!(t3["total_exact"].as_f64(), Some(83.0));
}

#[test]
fn rollup_json_rounds_the_year_end_score_as_the_csv_does() {
    let wd = equal_totals();
    wd.scores(
        "2024/year_end.csv",
        &[("T1", "61.583"), ("T2", "64.60"), ("T3", "90")],
    );
    let year = ["rollup", "--year", "2024"];
    assert_eq!(wd.csv(&year).get("T1", "year_end"), "61.58");
    let doc = wd.json(&year);
    let t1 = json_unit(&doc, "T1");
    // 61.583 to 2 decimals, like `quarterly`, `monthly` and the quarter totals beside it
    assert_eq!(t1["year_end"].as_f64(), Some(61.58));
    assert_eq!(t1["quarterly"].as_f64(), Some(81.85));
}

#[test]
fn month_and_year_end_scores_outside_0_to_100_are_errors() {
    let wd = equal_totals();
    // 0 and 100 are scores; −5, 150 and 1000.0 are not (they entered the total, exit 0)
    wd.month("2024-01", &[("T1", "0"), ("T2", "100"), ("T3", "90")]);
    let rows = wd.csv(&["rollup", "--year", "2024"]);
    assert_eq!(rows.get("T1", "m:2024-01"), "0.00");
    assert_eq!(rows.get("T2", "m:2024-01"), "100.00");
    wd.month("2024-01", &[("T1", "-5"), ("T2", "78.85"), ("T3", "90")])
        .month("2024-02", &[("T1", "80.40"), ("T2", "150"), ("T3", "90")])
        .scores(
            "2024/year_end.csv",
            &[("T1", "80.40"), ("T2", "64.60"), ("T3", "1000.0")],
        );
    let out = wd.run(&["rollup", "--year", "2024", "--strict"]);
    let range = "is outside the valid range [0, 100] of monthly efficiency and year-end scores";
    out.fails_with(&[
        &format!("data/2024-01/efficiency.csv:2: column score (unit T1 镇1): score -5 {range}"),
        &format!("data/2024-02/efficiency.csv:3: column score (unit T2 镇2): score 150 {range}"),
        &format!("data/2024/year_end.csv:4: column score (unit T3 镇3): score 1000.0 {range}"),
    ]);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

/// Second engineer's case: weights written as sixths to 15 places, and quarter totals at full
/// length. Z1's quarters are 80.015 and 80.015; Z2's 80.01512345678901 and 80.01487654321099 (the
/// same sum); every month 80.015 for both. Before Q4 the year-end weight is spread over the other
/// two, S = 0.333333333333333 + 0.5 + 0.166666666666667 = 1, R = 0.833333333333333, and both
/// totals are exactly 80.015. The weights' sum was kept as 1000000000000000·10⁻¹⁵, the products
/// overflowed 128 bits for Z2, and its total fell back to binary: 80.01499999999999 → 80.01,
/// rank 2, beside Z1's 80.02.
#[test]
fn many_place_weights_and_full_length_totals_stay_exact() {
    let wd = rollup_workdir(SCORE_GRADES, "quarterly = 0.333333333333333\nmonthly = 0.5\nyear_end = 0.166666666666667\nmissing = \"error\"");
    wd.create("data/units.csv", &townships(&["Z1", "Z2"]))
        .quarter("2024Q1", &[("Z1", "80.015"), ("Z2", "80.01512345678901")])
        .quarter("2024Q2", &[("Z1", "80.015"), ("Z2", "80.01487654321099")]);
    for m in 1..=6 {
        wd.month(
            &format!("2024-{m:02}"),
            &[("Z1", "80.015"), ("Z2", "80.015")],
        );
    }
    let h1 = ["rollup", "--year", "2024", "--upto", "Q2"];
    let rows = wd.csv(&h1);
    assert_eq!(rows.col("total", &["Z1", "Z2"]), s(&["80.02", "80.02"]));
    assert_eq!(rows.col("rank", &["Z1", "Z2"]), s(&["1", "1"]));
    let doc = wd.json(&h1);
    for u in doc["units"].as_array().unwrap() {
        assert_eq!(u["total_exact"].as_f64(), Some(80.015), "{u}");
    }
}

/// Second engineer's case: a month file that is a symbolic link to a file gone (a share not
/// mounted) counted as an absent month, which `missing = "skip"` left out with a note: Z01's total
/// moved with exit 0. It is an error naming the link.
#[cfg(unix)]
#[test]
fn a_month_file_linked_to_nothing_is_an_error_not_a_skipped_month() {
    let wd = equal_totals();
    wd.edit("scoring-config.toml", |t| {
        t.replace("missing = \"error\"", "missing = \"skip\"")
    });
    let month = wd.join("data/2024-12/efficiency.csv");
    std::fs::remove_file(&month).unwrap();
    std::os::unix::fs::symlink("/nonexistent/e.csv", &month).unwrap();
    let out = wd.run(&["rollup", "--year", "2024"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("data/2024-12/efficiency.csv: cannot be read: it is a symbolic link to /nonexistent/e.csv, which does not exist"), "{}", out.stderr);
}

/// The annual bonus printed is the one the total adds: two bonus rows of 1.1 and 0.215 add up to
/// 1.315 on the decimals (printed 1.31, its binary value lying below the half) — the binary sum
/// 1.3150000000000002 was printed 1.32 beside a total that added 1.315 (a reviewer's note).
#[test]
fn the_annual_bonus_printed_is_the_one_the_total_adds() {
    let wd = equal_totals();
    wd.create(
        "data/2024/adjustments.csv",
        "unit_id,kind,points,reason,reference\nT3,bonus,1.1,表彰,文1\nT3,bonus,0.215,创新,文2\n",
    );
    let year = ["rollup", "--year", "2024"];
    let rows = wd.csv(&year);
    assert_eq!(rows.get("T3", "bonus"), "1.31");
    let doc = wd.json(&year);
    let t3 = json_unit(&doc, "T3");
    // 83.7 + 1.315 = 85.015
    assert_eq!(t3["total_exact"].as_f64(), Some(85.015));
}
