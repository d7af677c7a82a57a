//! Rescaling over not-applicable cells, missing-value policies, adjustments, ranking on rounded
//! totals, tie-breakers and grades — every expected value computed by hand.

use super::schemes::{indicator, rows_for, s, town_config, townships, HALF_GRADES};
use crate::common::{Rows, Workdir};

const ALL3: [&str; 3] = ["T1", "T2", "T3"];

/// A scheme of `direct` indicators: `(id, dimension, points)`; values per unit as CSV cells.
fn direct_scheme(
    wd: &Workdir,
    total: &str,
    grades: &str,
    extra: &str,
    inds: &[(&str, &str, &str)],
    cells: &[&str],
) {
    let mut body = extra.to_string();
    for (id, dim, p) in inds {
        body += &indicator(id, dim, p, "method = \"direct\"");
    }
    let header: Vec<&str> = inds.iter().map(|i| i.0).collect();
    wd.config(&town_config(total, grades, &body))
        .units(&townships(cells.len()))
        .period("2024Q2", "township", &rows_for(&header.join(","), cells));
}

/// The config's top-level `keys` (before its first table) added to the scheme written.
fn top_level(wd: &Workdir, keys: &str) {
    let cfg = std::fs::read_to_string(wd.path().join("scoring-config.toml")).unwrap();
    wd.config(&format!("{keys}\n{cfg}"));
}

/// One `direct` indicator `x` of P = 100 on a track of 100.
fn single(wd: &Workdir, grades: &str, extra: &str, values: &[&str]) {
    direct_scheme(wd, "100", grades, extra, &[("x", "econ", "100")], values);
}

#[test]
fn not_applicable_rescales_the_sum_and_the_dimension_subtotals() {
    let wd = Workdir::new();
    let inds = [("a", "econ", "40"), ("b", "econ", "20"), ("c", "soc", "40")];
    direct_scheme(
        &wd,
        "100",
        HALF_GRADES,
        "",
        &inds,
        &["30,不适用,20", "40,10,40", "-,N/A,30"],
    );
    let rows = wd.rank_csv(&[]);
    // T1: A = 40+40 = 80, sum 50 → 50·100/80 = 62.5; econ 30·1.25 = 37.5, soc 20·1.25 = 25
    // T2: all applicable: 90; econ 50, soc 40
    // T3: A = 40, sum 30 → 30·100/40 = 75; econ 0, soc 75
    assert_eq!(rows.col("total", &ALL3), s(&["62.50", "90.00", "75.00"]));
    assert_eq!(rows.col("dim:econ", &ALL3), s(&["37.50", "50.00", "0.00"]));
    assert_eq!(rows.col("dim:soc", &ALL3), s(&["25.00", "40.00", "75.00"]));
    assert_eq!(
        rows.col("applicable_points", &ALL3),
        s(&["80", "100", "40"])
    );
    // a not-applicable raw value is written as 不适用, and has no score
    assert_eq!(rows.col("b", &ALL3), s(&["不适用", "10", "不适用"]));
    assert_eq!(rows.get("T1", "b:score"), "");
    assert_eq!(rows.col("rank", &ALL3), s(&["3", "1", "2"]));
}

/// A, the applicable points, is the exact sum of the points' decimals: 5.26 + 10.5 + 13 + 5.3 +
/// 15.94 is 50 = T (the doubles add up to 49.99999999999999, and T/A was 1.0000000000000002),
/// and without d it is 44.7 (not 44.699999999999996). T1's points lost on e are
/// (15.94 − 2.415)·(T/A) = 13.525, the double 13.524999999999999…, shown 13.52 (13.53 with the
/// binary A); its total is Σ itself, 4.945 + 5.3 + 2.415 = 12.66.
#[test]
fn applicable_points_are_the_exact_sum_of_the_points() {
    let wd = Workdir::new();
    let inds = [
        ("a", "econ", "5.26"),
        ("b", "econ", "10.5"),
        ("c", "soc", "13"),
        ("d", "soc", "5.3"),
        ("e", "soc", "15.94"),
    ];
    let cells = [
        "0,4.945,0,5.3,2.415",
        "0,10.5,0,5.3,2.42",
        "5.26,10.5,13,不适用,15.94",
    ];
    direct_scheme(&wd, "50", HALF_GRADES, "", &inds, &cells);
    let rows = wd.rank_csv(&[]);
    assert_eq!(
        rows.col("applicable_points", &ALL3),
        s(&["50", "50", "44.7"])
    );
    assert_eq!(rows.col("total", &ALL3), s(&["12.66", "18.22", "50.00"]));
    let json = wd.json(&["rank"]);
    let units = json["units"].as_array().unwrap();
    let t1 = units.iter().find(|u| u["unit_id"] == "T1").unwrap();
    assert_eq!(t1["total_exact"], 12.66, "{t1}");
    let gaps = wd.csv(&["gaps"]);
    assert_eq!(gaps.get("T1", "weak1"), "e");
    assert_eq!(gaps.get("T1", "weak1_lost"), "13.52");
}

/// A closer (单项可追平) is decided on the total the unit would have, rounded as totals are: T1's
/// 0.015 + 0.004 with b at its full 5 is exactly 5.015, the double 5.01499…, published 5.01 —
/// short of T2's 5.02 (its binary 0.019 + 4.996 is 5.015000000000001, which made b a closer).
/// T3's 0.016 + 5 = 5.016 reaches 5.02: b closes its gap.
#[test]
fn closers_round_the_total_they_would_give_as_totals_are() {
    let wd = Workdir::new();
    let inds = [("a", "econ", "5"), ("b", "soc", "5")];
    let cells = ["0.015,0.004", "0.02,5", "0.016,0.004"];
    direct_scheme(&wd, "10", HALF_GRADES, "", &inds, &cells);
    let gaps = wd.csv(&["gaps"]);
    assert_eq!(gaps.col("total", &ALL3), s(&["0.02", "5.02", "0.02"]));
    assert_eq!(gaps.col("closers", &ALL3), s(&["", "", "b"]));
    // The total T1 would have, as a run with b at 5 publishes it.
    let wd = Workdir::new();
    direct_scheme(&wd, "10", HALF_GRADES, "", &inds, &["0.015,5"]);
    assert_eq!(wd.rank_csv(&[]).get("T1", "total"), "5.01");
}

#[test]
fn rescaling_keeps_full_precision_until_rounding() {
    let wd = Workdir::new();
    let inds = [("a", "econ", "60"), ("b", "soc", "40")];
    direct_scheme(&wd, "100", HALF_GRADES, "", &inds, &["40,不适用", "20,20"]);
    let rows = wd.rank_csv(&[]);
    // T1: 40·100/60 = 66.666… → 66.67
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["66.67", "40.00"]));
}

/// `e`: efficacy (higher, P = 10, econ) with the given missing policy; `d`: direct (P = 10, soc).
fn missing_fixture(wd: &Workdir, policy: &str) {
    let inds = indicator(
        "e",
        "econ",
        "10",
        &format!("method = \"efficacy\"\ndirection = \"higher\"\nmissing = \"{policy}\""),
    ) + &indicator("d", "soc", "10", "method = \"direct\"");
    wd.config(&town_config("20", HALF_GRADES, &inds))
        .units(&townships(4))
        .period(
            "2024Q2",
            "township",
            &rows_for("e,d", &["10,5", "20,5", ",5", "30,5"]),
        );
}

const ALL4: [&str; 4] = ["T1", "T2", "T3", "T4"];

#[test]
fn missing_zero_scores_zero_stays_applicable_and_is_flagged() {
    let wd = Workdir::new();
    missing_fixture(&wd, "zero");
    let rows = wd.rank_csv(&[]);
    // peers 10, 20, 30 (the missing cell is left out: min 10, not 0):
    // 10·0.6 = 6; 10·(0.6+0.4·0.5) = 8; T3 0; 10
    assert_eq!(
        rows.col("e:score", &ALL4),
        s(&["6.00", "8.00", "0.00", "10.00"])
    );
    // no rescaling for T3 (A stays 20): 0+5 = 5
    assert_eq!(
        rows.col("total", &ALL4),
        s(&["11.00", "13.00", "5.00", "15.00"])
    );
    assert_eq!(rows.get("T3", "e"), ""); // a missing raw value is written empty
    assert!(rows.get("T3", "marks").contains('e'), "T3 is flagged");
    assert_eq!(rows.get("T1", "marks"), "");
}

#[test]
fn missing_average_takes_the_mean_of_the_peers_scores() {
    let wd = Workdir::new();
    missing_fixture(&wd, "average");
    let rows = wd.rank_csv(&[]);
    // T3: (6 + 8 + 10)/3 = 8; total 8+5 = 13, tied with T2
    assert_eq!(
        rows.col("e:score", &ALL4),
        s(&["6.00", "8.00", "8.00", "10.00"])
    );
    assert_eq!(
        rows.col("total", &ALL4),
        s(&["11.00", "13.00", "13.00", "15.00"])
    );
    assert_eq!(rows.col("rank", &ALL4), s(&["4", "2", "2", "1"]));
    assert!(rows.get("T3", "marks").contains('e'), "T3 is flagged");
}

/// The filled score is the exact mean of the peers' scores rounded once: 0.8749999999999999,
/// 0.875 and 0.8749999999999999 (digits past 53 bits) have the mean 0.87499999999999993…,
/// nearest 0.8749999999999999, published 0.87 — tied with T1 and T3. The sum rounded to a double
/// first (2.625) and then divided by 3 gave 0.875, published 0.88 and tied first with T2.
#[test]
fn missing_average_rounds_the_exact_mean_once() {
    let wd = Workdir::new();
    let ind = indicator(
        "x",
        "econ",
        "1",
        "method = \"direct\"\nmissing = \"average\"",
    );
    wd.config(&town_config("1", HALF_GRADES, &ind))
        .units(&townships(4))
        .period(
            "2024Q2",
            "township",
            &rows_for(
                "x",
                &["0.8749999999999999", "0.875", "0.8749999999999999", ""],
            ),
        );
    let rows = wd.rank_csv(&[]);
    assert_eq!(
        rows.col("total", &ALL4),
        s(&["0.87", "0.88", "0.87", "0.87"])
    );
    assert_eq!(rows.col("rank", &ALL4), s(&["2", "1", "2", "2"]));
}

#[test]
fn missing_average_with_proportional() {
    let wd = Workdir::new();
    let p = "method = \"proportional\"\ndirection = \"higher\"\nmissing = \"average\"";
    super::schemes::one_indicator(&wd, "10", p, &["50", "100", "", "25"]);
    // max 100: 5, 10, 2.5; T3 = (5+10+2.5)/3 = 5.8333… → 5.83
    let rows = wd.rank_csv(&[]);
    assert_eq!(
        rows.col("x:score", &ALL4),
        s(&["5.00", "10.00", "5.83", "2.50"])
    );
}

const ADJUSTMENTS: &str = "unit_id,kind,points,reason,reference
T1,bonus,2,表彰,文1
T1,加分,2,创新,文2
T2,deduction,4,通报,文3
T2,扣分,3,督查,文4
T3,bonus,5,表彰,文5
T4,deduction,4,通报,文6
T5,一票否决,50,重大事故,文7
";

const FIVE: [&str; 5] = ["T1", "T2", "T3", "T4", "T5"];
const GRADES3: &str = r#"{ by = "share", levels = [{ name = "优秀", share = 0.4 }, { name = "良好", share = 0.8 }, { name = "一般", share = 1.0 }] }"#;

fn adjusted(caps: &str) -> Rows {
    let wd = Workdir::new();
    single(&wd, GRADES3, "", &["80", "80", "99", "2", "90"]);
    top_level(&wd, caps);
    wd.period("2024Q2", "adjustments", ADJUSTMENTS);
    wd.rank_csv(&[])
}

#[test]
fn adjustments_are_capped_veto_ignores_points_and_totals_are_not_clamped() {
    let rows = adjusted("[adjustments]\nbonus_cap = 3\ndeduction_cap = 5");
    // T1 80 + min(2+2, 3) = 83; T2 80 − min(4+3, 5) = 75; T3 99 + min(5, 3) = 102 (over 100);
    // T4 2 − min(4, 5) = −2 (below 0); T5 veto: its 50 points are ignored → 90
    assert_eq!(
        rows.col("total", &FIVE),
        s(&["83.00", "75.00", "102.00", "-2.00", "90.00"])
    );
    assert_eq!(
        rows.col("bonus", &FIVE),
        s(&["3.00", "0.00", "3.00", "0.00", "0.00"])
    );
    assert_eq!(
        rows.col("deduction", &FIVE),
        s(&["0.00", "5.00", "0.00", "4.00", "0.00"])
    );
    // ranks kept for the veto: 102 > 90 > 83 > 75 > −2
    assert_eq!(rows.col("rank", &FIVE), s(&["3", "4", "1", "5", "2"]));
    // n = 5: floor(0.4·5) = 2 → ranks ≤ 2 优秀, floor(0.8·5) = 4 → ranks ≤ 4 良好;
    // T5 (rank 2) is vetoed → the lowest level 一般
    assert_eq!(
        rows.col("grade", &FIVE),
        s(&["良好", "良好", "优秀", "一般", "一般"])
    );
    assert_eq!(rows.get("T5", "veto"), "1");
    assert!(!rows.get("T5", "marks").is_empty(), "the veto is marked");
}

#[test]
fn adjustments_without_caps_are_summed() {
    let rows = adjusted("");
    // T1 80+4 = 84; T2 80−7 = 73; T3 99+5 = 104; T4 2−4 = −2; T5 90
    assert_eq!(
        rows.col("total", &FIVE),
        s(&["84.00", "73.00", "104.00", "-2.00", "90.00"])
    );
}

/// Reviewer's case: a bonus row pasted twice (same unit, points, reason and reference) was counted
/// twice, the total rising by its points with exit 0 and no word. Now an error naming both lines;
/// the same award told apart by its reference is still summed.
#[test]
fn an_adjustment_row_given_twice_is_an_error_naming_both_lines() {
    let wd = Workdir::new();
    single(&wd, GRADES3, "", &["80", "80", "99", "2", "90"]);
    let copied = format!("{ADJUSTMENTS}T3,bonus,5,表彰,文5\n");
    wd.period("2024Q2", "adjustments", &copied);
    let out = wd.run(&["--format", "csv"]);
    assert_eq!(out.code, 1);
    let err = &out.stderr;
    assert!(
        err.contains("adjustments.csv:9: column reason (unit T3 ")
            && err.contains("the same bonus (加分) row as line 6 (unit, points, reason and reference all equal, brackets, spaces and widths aside)"),
        "{err}"
    );
    assert!(err.contains("1 error(s)"), "{err}");
    // Review's case: the copy's reference typed with other brackets (〔〕 for ()) is a copy too.
    let adj = ADJUSTMENTS.replace("文5", "省政府〔2024〕60号");
    wd.period(
        "2024Q2",
        "adjustments",
        &format!("{adj}T3,bonus,5,表彰,省政府(2024)60 号\n"),
    );
    let err = wd.run(&["--format", "csv"]).stderr;
    assert!(
        err.contains("adjustments.csv:9: column reason (unit T3 "),
        "{err}"
    );
    let told_apart = format!("{ADJUSTMENTS}T3,bonus,5,表彰,文5-2\n");
    wd.period("2024Q2", "adjustments", &told_apart);
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.get("T3", "total"), "109.00");
    // Review's case: in a workbook the copy is placed at its sheet and cell, as every other
    // problem of a side file's workbook is.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("加减分").unwrap();
    for (r, line) in copied.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save(wd.join("data/2024Q2/adjustments.xlsx")).unwrap();
    wd.remove("data/2024Q2/adjustments.csv");
    let err = wd.run(&["--format", "csv"]).stderr;
    assert!(
        err.contains("adjustments.xlsx:9: sheet 加减分, cell D9, column reason (unit T3 "),
        "{err}"
    );
}

/// Review's cases: an adjustments file's 备注 column, and a name beside the id that is another
/// unit's, passed without a word (a category table warns of both). Warnings now; the totals stand.
#[test]
fn side_file_columns_not_read_and_names_not_the_registrys_are_warned_of() {
    let wd = Workdir::new();
    single(&wd, GRADES3, "", &["80", "80", "99", "2", "90"]);
    // 序号 (a row number) passes quietly; 备注 might say a row is void: a warning.
    let mut adj = String::from("序号,unit_id,unit_name,kind,points,reason,reference,备注\n");
    for (i, l) in ADJUSTMENTS.lines().skip(1).enumerate() {
        let (id, rest) = l.split_once(',').unwrap();
        let name = if id == "T2" { "第二镇" } else { "" };
        adj.push_str(&format!("{},{id},{name},{rest},\n", i + 1));
    }
    wd.period("2024Q2", "adjustments", &adj);
    let out = wd.run(&["--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let err = &out.stderr;
    assert!(err.contains("warning: data/2024Q2/adjustments.csv:1: column 备注: unknown column, ignored: the file is read from its columns unit_id (or unit_name), kind, points, reason, reference\n"), "{err}");
    assert!(err.contains("warning: data/2024Q2/adjustments.csv:4: column unit_name (unit T2 镇2): name `第二镇` differs from the registry's\n"), "{err}");
    // T2 has two rows, each naming 第二镇.
    assert_eq!(err.matches("warning:").count(), 3, "{err}");
    // T1 80+4 = 84; T2 80−7 = 73; T3 99+5 = 104; T4 2−4 = −2; T5 90, as without the columns.
    assert_eq!(
        wd.rank_csv(&[]).col("total", &FIVE),
        s(&["84.00", "73.00", "104.00", "-2.00", "90.00"])
    );
    wd.run(&["--strict"]).exit(1);
    // The name of another unit beside T2's id: the rows' ids or names are swapped, and T2's
    // deductions might be T1's. An error.
    wd.period("2024Q2", "adjustments", &adj.replace("第二镇", "镇1"));
    let err = wd.run(&["--format", "csv"]).stderr;
    assert!(err.contains("error: data/2024Q2/adjustments.csv:4: column unit_name (unit T2 镇2): name `镇1` is the registry's name of another unit (T1 镇1), not of this row's id: are two rows' ids or names swapped? Correct the id or the name\n"), "{err}");
}

#[test]
fn competition_ranking_one_two_two_four() {
    let wd = Workdir::new();
    single(&wd, HALF_GRADES, "", &["90", "80", "80", "70"]);
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("rank", &ALL4), s(&["1", "2", "2", "4"]));
    assert_eq!(rows.order, s(&ALL4)); // ties in unit-id order
}

const CORE: [&str; 5] = ["T1", "T2", "T3", "T4", "T5"];
// core (econ) + soc: 30+40, 40+30, 20+50, 50+50, 40+30 → totals 70, 70, 70, 100, 70
const CORE_CELLS: [&str; 5] = ["30,40", "40,30", "20,50", "50,50", "40,30"];

#[test]
fn ties_without_breakers_share_the_better_rank() {
    let wd = Workdir::new();
    let inds = [("a", "econ", "50"), ("b", "soc", "50")];
    direct_scheme(&wd, "100", HALF_GRADES, "", &inds, &CORE_CELLS);
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("rank", &CORE), s(&["2", "2", "2", "1", "2"]));
}

#[test]
fn tie_broken_by_the_core_subtotal() {
    let wd = Workdir::new();
    let inds = [("a", "econ", "50"), ("b", "soc", "50")];
    direct_scheme(
        &wd,
        "100",
        HALF_GRADES,
        "tie_breakers = [\"core\"]",
        &inds,
        &CORE_CELLS,
    );
    let rows = wd.rank_csv(&[]);
    // T4 100 first; the 70s by core: T2 = T5 (40) → 2, 2; T1 (30) → 4; T3 (20) → 5
    assert_eq!(rows.col("rank", &CORE), s(&["4", "2", "5", "1", "2"]));
    assert_eq!(rows.order, s(&["T4", "T2", "T5", "T1", "T3"]));
}

#[test]
fn ranks_are_decided_on_rounded_totals() {
    let wd = Workdir::new();
    single(
        &wd,
        HALF_GRADES,
        "",
        &["80.004", "79.996", "79.994", "80.125", "80.12"],
    );
    let rows = wd.rank_csv(&[]);
    // 80.004 → 80.00 and 79.996 → 80.00 tie although they differ; 79.994 → 79.99;
    // 80.125 is exact in binary and {:.2} rounds the tie to even → 80.12, tying with 80.12
    assert_eq!(
        rows.col("total", &CORE),
        s(&["80.00", "80.00", "79.99", "80.12", "80.12"])
    );
    assert_eq!(rows.col("rank", &CORE), s(&["3", "3", "5", "1", "1"]));
}

#[test]
fn grades_by_share_let_ties_exceed_a_quota() {
    let wd = Workdir::new();
    let g = r#"{ by = "share", levels = [{ name = "优秀", share = 0.2 }, { name = "良好", share = 0.6 }, { name = "一般", share = 1.0 }] }"#;
    single(&wd, g, "", &["90", "90", "80", "70", "70"]);
    let rows = wd.rank_csv(&[]);
    // ranks 1,1,3,4,4; floor(0.2·5) = 1 → rank 1 优秀 (both tied units); floor(0.6·5) = 3 → 良好
    assert_eq!(rows.col("rank", &CORE), s(&["1", "1", "3", "4", "4"]));
    assert_eq!(
        rows.col("grade", &CORE),
        s(&["优秀", "优秀", "良好", "一般", "一般"])
    );
}

#[test]
fn grades_by_share_use_the_epsilon_against_binary_noise() {
    let wd = Workdir::new();
    let g = r#"{ by = "share", levels = [{ name = "优秀", share = 0.58 }, { name = "一般", share = 1.0 }] }"#;
    let vals: Vec<String> = (1..=50).map(|i| (100 - i).to_string()).collect();
    let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
    single(&wd, g, "", &refs);
    let rows = wd.rank_csv(&[]);
    // n = 50: 0.58·50 = 28.999999999999996 in binary; floor(… + 1e-9) = 29 → ranks 1…29 优秀
    assert_eq!(rows.get("T29", "rank"), "29");
    assert_eq!(rows.get("T29", "grade"), "优秀");
    assert_eq!(rows.get("T30", "grade"), "一般");
}

#[test]
fn grades_by_score_compare_thresholds_with_rounded_totals() {
    let wd = Workdir::new();
    let g = r#"{ by = "score", levels = [{ name = "优秀", min = 90 }, { name = "良好", min = 80 }, { name = "一般" }] }"#;
    single(&wd, g, "", &["90", "89.996", "80", "79.99", "0"]);
    let rows = wd.rank_csv(&[]);
    // 90 ≥ 90; 89.996 rounds to 90.00 ≥ 90; 80 ≥ 80; 79.99 < 80 → last; 0 → last
    assert_eq!(
        rows.col("grade", &CORE),
        s(&["优秀", "优秀", "良好", "一般", "一般"])
    );
}

#[test]
fn grades_by_score_below_every_threshold_get_the_last_level() {
    let wd = Workdir::new();
    let g = r#"{ by = "score", levels = [{ name = "合格", min = 60 }, { name = "不合格", min = 30 }] }"#;
    single(&wd, g, "", &["60", "45", "10"]);
    let rows = wd.rank_csv(&[]);
    // 60 ≥ 60 → 合格; 45 ≥ 30 → 不合格; 10 below both → the last level 不合格
    assert_eq!(rows.col("grade", &ALL3), s(&["合格", "不合格", "不合格"]));
}

#[test]
fn decimals_one_rounds_and_ranks_at_one_decimal() {
    let wd = Workdir::new();
    single(&wd, HALF_GRADES, "", &["80.04", "79.96", "79.94"]);
    top_level(&wd, "decimals = 1");
    let rows = wd.rank_csv(&[]);
    // 80.04 → 80.0 and 79.96 → 80.0 tie; 79.94 → 79.9
    assert_eq!(rows.col("total", &ALL3), s(&["80.0", "80.0", "79.9"]));
    assert_eq!(rows.col("rank", &ALL3), s(&["1", "1", "3"]));
}

#[test]
fn tie_broken_by_a_named_dimension() {
    let wd = Workdir::new();
    let inds = [("a", "econ", "50"), ("b", "soc", "50")];
    direct_scheme(
        &wd,
        "100",
        HALF_GRADES,
        "tie_breakers = [\"soc\"]",
        &inds,
        &CORE_CELLS,
    );
    let rows = wd.rank_csv(&[]);
    // T4 100 first; the 70s by soc: T3 50 → 2; T1 40 → 3; T2 = T5 30 → 4, 4
    assert_eq!(rows.col("rank", &CORE), s(&["3", "4", "2", "1", "4"]));
}

#[test]
fn a_share_quota_below_one_place_grants_nobody_that_level() {
    let wd = Workdir::new();
    let g = r#"{ by = "share", levels = [{ name = "优秀", share = 0.2 }, { name = "一般", share = 1.0 }] }"#;
    single(&wd, g, "", &["90", "80", "70"]);
    // n = 3: floor(0.2·3 + 1e-9) = 0 < 1 → even rank 1 is 一般
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("grade", &ALL3), s(&["一般", "一般", "一般"]));
}

#[test]
fn veto_forces_the_lowest_score_grade_and_keeps_other_adjustments() {
    let wd = Workdir::new();
    let g = r#"{ by = "score", levels = [{ name = "优秀", min = 90 }, { name = "良好", min = 80 }, { name = "一般" }] }"#;
    single(&wd, g, "", &["95", "85"]);
    wd.period(
        "2024Q2",
        "adjustments",
        "unit_id,kind,points,reason,reference\nT1,veto,,事故,文1\nT1,bonus,1,表彰,文2\n",
    );
    let rows = wd.rank_csv(&[]);
    // T1: 95 + 1 = 96 (the veto row has no points), rank 1 kept, grade forced to 一般
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["96.00", "85.00"]));
    assert_eq!(rows.col("rank", &["T1", "T2"]), s(&["1", "2"]));
    assert_eq!(rows.col("grade", &["T1", "T2"]), s(&["一般", "良好"]));
    // Review's case: text in a veto row's points (ignored) was passed over without a word.
    wd.period(
        "2024Q2",
        "adjustments",
        "unit_id,kind,points,reason,reference\nT1,veto,abc,事故,文1\nT1,bonus,1,表彰,文2\n",
    );
    let err = wd.run(&["check"]).success().stderr;
    assert!(err.contains("warning: data/2024Q2/adjustments.csv:2: column points (unit T1 镇1): the points of a veto row are ignored, but `abc` is no number: check the row (its kind, or a shifted column)\n"), "{err}");
    assert_eq!(
        wd.rank_csv(&[]).col("total", &["T1", "T2"]),
        s(&["96.00", "85.00"])
    );
}

/// Five townships whose totals are all exactly 40.025, on a half at two decimals, reached in
/// ways that binary arithmetic leaves on either side of it: 0.02 + 40.005 is
/// 40.025000000000006 (T1), 0.015 + 40.01 is 40.025 (T2), 40 + 0.025 is 40.025 (T3), T4's
/// single applicable indicator rescaled 100·(16.01/40) is 40.025000000000006, and T5's 40.005
/// plus a bonus of 0.02 is 40.025000000000006. T1, T4 and T5 were published 40.03, first and
/// 优秀, the others 40.02 and 一般. Taken on the decimals, all five totals are the decimal
/// 40.025, whose f64 (40.02499999999999857…) rounds to 40.02: all tied first.
#[test]
fn equal_totals_on_a_half_are_equal_however_binary_arithmetic_reached_them() {
    let wd = Workdir::new();
    let inds = [("a", "econ", "40"), ("b", "econ", "60")];
    direct_scheme(
        &wd,
        "100",
        HALF_GRADES,
        "",
        &inds,
        &[
            "0.02,40.005",
            "0.015,40.01",
            "40,0.025",
            "16.01,不适用",
            "0,40.005",
        ],
    );
    wd.period(
        "2024Q2",
        "adjustments",
        "unit_id,kind,points,reason,reference\nT5,bonus,0.02,表彰,文1\n",
    );
    let rows = wd.rank_csv(&[]);
    let all = ["T1", "T2", "T3", "T4", "T5"];
    assert_eq!(rows.col("total", &all), s(&["40.02"; 5]));
    assert_eq!(rows.col("rank", &all), s(&["1"; 5]));
    assert_eq!(rows.col("grade", &all), s(&["优秀"; 5]));
    // The rescaled sums alike: T5's is 40.005 (its bonus apart).
    assert_eq!(
        rows.col("indicator_sum", &all),
        s(&["40.02", "40.02", "40.02", "40.02", "40.01"])
    );
    let json = wd.stdout(&["--format", "json"]);
    assert_eq!(
        json.matches("\"total_exact\": 40.025,").count(),
        5,
        "{json}"
    );
}

/// T1 and T2 total exactly 70 (40.025 of the core dimension, 29.975 of the other), tied; the
/// `core` tie-breaker compares their core subtotals, both exactly 40.025 — 0.02 + 40.005 in
/// binary is 40.025000000000006 and 0.015 + 40.01 is 40.025, so T1's rounded to 40.03 and took
/// first place alone. Taken on the decimals, both are 40.02 at two decimals (as published in
/// `dim:econ`): still tied, both first, and T3 (69.99) third.
#[test]
fn a_tie_breaker_on_a_half_is_taken_on_the_decimals() {
    let wd = Workdir::new();
    let inds = [("a", "econ", "20"), ("b", "econ", "50"), ("c", "soc", "30")];
    direct_scheme(
        &wd,
        "100",
        HALF_GRADES,
        "tie_breakers = [\"core\"]",
        &inds,
        &["0.02,40.005,29.975", "0.015,40.01,29.975", "0,40,29.99"],
    );
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("total", &ALL3), s(&["70.00", "70.00", "69.99"]));
    assert_eq!(rows.col("dim:econ", &ALL3), s(&["40.02", "40.02", "40.00"]));
    assert_eq!(rows.col("rank", &ALL3), s(&["1", "1", "3"]));
}

/// A reviewer's cases. At 6 decimals with totals near 4·10^8, one binary step of the total is
/// 0.06 of the last decimal: T1's 400000000.0000005 + 0 and T2's 367063967.858218 +
/// 32936032.1417825, both exactly 400000000.0000005, were ranked 2nd and 1st (…000000 and
/// …000001) by a window of a fixed 0.01 of the last decimal, which one binary step overshot.
/// And `missing = "average"`: T3's missing x is its peers' mean, exactly 40.025, which added up
/// in binary was 40.025000000000006 and published 40.03 above T4's 40.02 + 0.005 (40.02).
#[test]
fn equal_totals_on_a_half_tie_at_any_size_and_from_an_average_filled_cell() {
    let wd = Workdir::new();
    let inds = [("x", "econ", "500000000"), ("y", "soc", "500000000")];
    direct_scheme(
        &wd,
        "1000000000",
        HALF_GRADES,
        "",
        &inds,
        &["400000000.0000005,0", "367063967.858218,32936032.1417825"],
    );
    top_level(&wd, "decimals = 6");
    let rows = wd.rank_csv(&[]);
    let both = ["T1", "T2"];
    assert_eq!(rows.col("total", &both), s(&["400000000.000000"; 2]));
    assert_eq!(rows.col("rank", &both), s(&["1", "1"]));

    let wd = Workdir::new();
    let average = indicator(
        "x",
        "econ",
        "50",
        "method = \"direct\"\nmissing = \"average\"",
    ) + &indicator("y", "soc", "50", "method = \"direct\"");
    wd.config(&town_config("100", HALF_GRADES, &average))
        .units(&townships(5))
        .period(
            "2024Q2",
            "township",
            &rows_for(
                "x,y",
                &["40.02,0", "40.03,0", ",0", "40.02,0.005", "40.03,0"],
            ),
        );
    let rows = wd.rank_csv(&[]);
    let all = ["T1", "T2", "T3", "T4", "T5"];
    assert_eq!(
        rows.col("total", &all),
        s(&["40.02", "40.03", "40.02", "40.02", "40.03"])
    );
    assert_eq!(rows.col("rank", &all), s(&["3", "1", "3", "3", "1"]));
}
