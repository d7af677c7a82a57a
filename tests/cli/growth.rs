//! The growth transform: x becomes `100·(x − x_prev)/|x_prev|` against the same unit in the
//! calendar predecessor of the period (2024Q1 → 2023Q4).

use super::schemes::{indicator, rows_for, s, town_config, townships, HALF_GRADES};
use crate::common::Workdir;

/// Growth fixture on 2024Q1: `grow` (efficacy on growth, P = 10, econ) + `base` (direct, P = 10,
/// soc), total 20. 2023Q4 is the predecessor; 2023Q3 holds decoy values that must not be used.
fn growth_fixture(wd: &Workdir, extra: &str) {
    let grow =
        format!("method = \"efficacy\"\ndirection = \"higher\"\ntransform = \"growth\"\n{extra}");
    let inds = indicator("grow", "econ", "10", &grow)
        + &indicator("base", "soc", "10", "method = \"direct\"");
    wd.config(&town_config("20", HALF_GRADES, &inds))
        .units(&townships(4))
        .period(
            "2023Q3",
            "township",
            &rows_for("grow,base", &["1,5", "1,5", "1,5", "1,5"]),
        )
        .period(
            "2023Q4",
            "township",
            &rows_for("grow,base", &["100,5", "200,5", "50,5", "0,5"]),
        )
        .period(
            "2024Q1",
            "township",
            &rows_for("grow,base", &["110,5", "180,5", "65,5", "5,5"]),
        );
}

#[test]
fn growth_against_the_predecessor_quarter() {
    let wd = Workdir::new();
    growth_fixture(&wd, "on_no_previous = \"not_applicable\"");
    let rows = wd.rank_csv(&["--period", "2024Q1"]);
    // growth 100·(x−prev)/|prev|: T1 100·10/100 = 10; T2 100·(−20)/200 = −10; T3 100·15/50 = 30;
    // T4 previous 0 ⇒ not applicable
    let ids = ["T1", "T2", "T3"];
    assert_eq!(
        rows.col("grow:growth", &ids),
        s(&["10.00", "-10.00", "30.00"])
    );
    // efficacy on growth, min −10, max 30: 10·(0.6+0.4·20/40) = 8; 10·0.6 = 6; 10
    assert_eq!(rows.col("grow:score", &ids), s(&["8.00", "6.00", "10.00"]));
    // totals: 8+5 = 13; 6+5 = 11; 10+5 = 15; T4: base 5 rescaled 5·20/10 = 10
    let all = ["T1", "T2", "T3", "T4"];
    assert_eq!(
        rows.col("total", &all),
        s(&["13.00", "11.00", "15.00", "10.00"])
    );
    assert_eq!(rows.get("T4", "grow:score"), "");
    assert_eq!(rows.col("rank", &all), s(&["2", "3", "1", "4"]));
}

#[test]
fn growth_with_a_zero_previous_value_is_an_error_naming_both_periods() {
    let wd = Workdir::new();
    growth_fixture(&wd, "");
    let out = wd.run(&["--format", "csv", "--period", "2024Q1"]);
    out.fails_with(&["2024Q1", "2023Q4", "T4", "grow"]);
}

/// Indicator `g` (P = 10, track total 10) with `params` and `transform = "growth"`, townships
/// with 2023Q4 (`prev`) and 2024Q1 (`curr`) values. 2023Q3 repeats `prev` so that 2023Q4 can be
/// evaluated on its own too (`rank` compares with the previous period for trends).
fn growth_only(wd: &Workdir, params: &str, prev: &[&str], curr: &[&str]) {
    let p = format!("{params}\ntransform = \"growth\"");
    wd.config(&town_config(
        "10",
        HALF_GRADES,
        &indicator("g", "econ", "10", &p),
    ))
    .units(&townships(curr.len()))
    .period("2023Q3", "township", &rows_for("g", prev))
    .period("2023Q4", "township", &rows_for("g", prev))
    .period("2024Q1", "township", &rows_for("g", curr));
}

#[test]
fn growth_divides_by_the_absolute_previous_value() {
    let wd = Workdir::new();
    let rank = "method = \"rank\"\ndirection = \"higher\"\nstep = 3";
    growth_only(&wd, rank, &["-50", "100", "40"], &["-25", "110", "40"]);
    let rows = wd.rank_csv(&[]);
    // 100·(−25 − (−50))/|−50| = 50; 100·10/100 = 10; 100·0/40 = 0
    let ids = ["T1", "T2", "T3"];
    assert_eq!(rows.col("g:growth", &ids), s(&["50.00", "10.00", "0.00"]));
    // ranks 1, 2, 3: 10; 10 − 3 = 7; 10 − 6 = 4
    assert_eq!(rows.col("g:score", &ids), s(&["10.00", "7.00", "4.00"]));
}

#[test]
fn equal_growth_rates_score_alike_whatever_the_binary_arithmetic_leaves() {
    // Every unit grew by exactly 10 %: 1 → 1.1, 3 → 3.3, 0.7 → 0.77, 10 → 11. In binary
    // arithmetic 100·(1.1 − 1)/1 is 10.000000000000009 and 100·(3.3 − 3)/3 9.999999999999995;
    // rounded to 12 significant digits, all four are 10, so a band or a rank cannot tell them
    // apart.
    let (prev, curr) = (["1", "3", "0.7", "10"], ["1.1", "3.3", "0.77", "11"]);
    let ids = ["T1", "T2", "T3", "T4"];
    let wd = Workdir::new();
    growth_only(
        &wd,
        "method = \"bands\"\nbands = [[0, 2], [10, 10]]",
        &prev,
        &curr,
    );
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("g:growth", &ids), s(&["10.00"; 4]));
    // A growth of 10 reaches the band of 10 points: every unit 10, all ranked first.
    assert_eq!(rows.col("g:score", &ids), s(&["10.00"; 4]));
    assert_eq!(rows.col("rank", &ids), s(&["1"; 4]));
    // Rank (step 1): all tied first, 10 each; efficacy: every peer equal, so P each.
    let rank = "method = \"rank\"\ndirection = \"higher\"\nstep = 1";
    let efficacy = "method = \"efficacy\"\ndirection = \"higher\"";
    for params in [rank, efficacy] {
        let wd = Workdir::new();
        growth_only(&wd, params, &prev, &curr);
        let rows = wd.rank_csv(&[]);
        assert_eq!(rows.col("g:score", &ids), s(&["10.00"; 4]), "{params}");
        assert_eq!(rows.col("rank", &ids), s(&["1"; 4]), "{params}");
    }
    // The JSON gives the growth itself, not its binary neighbour.
    let json = wd.stdout(&["--format", "json"]);
    assert!(!json.contains("10.000000000000009"), "{json}");
    assert!(!json.contains("9.999999999999995"), "{json}");
    // A tiny rate: 100,000 → 100,000.001 and 1 → 1.00000001 are both 10^-6 %, which binary
    // subtraction makes 1.00000000384e-6 and 9.99999993923e-7 (the second below the band);
    // taken on the decimals read, both reach it.
    let wd = Workdir::new();
    let band = "method = \"bands\"\nbands = [[0, 2], [0.000001, 10]]";
    growth_only(&wd, band, &["100000", "1"], &["100000.001", "1.00000001"]);
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("g:score", &["T1", "T2"]), s(&["10.00", "10.00"]));
}

/// A second engineer's case: 409.60 → 594.19 and 4505.60 → 6536.09 both grew by exactly
/// 45.06591796875 %, a 13th digit of 5. The binary quotients fell on either side of the half
/// (45.0659179688 and 45.0659179687), and efficacy, whose peers were then not all equal, gave
/// the second unit 6 of 10 points and the lower grade. Taken on the decimals, both are
/// 45.0659179688 (half away from zero): equal, so P each.
#[test]
fn equal_growth_rates_on_a_half_at_the_thirteenth_digit_score_alike() {
    let wd = Workdir::new();
    let efficacy = "method = \"efficacy\"\ndirection = \"higher\"";
    growth_only(
        &wd,
        efficacy,
        &["409.60", "4505.60"],
        &["594.19", "6536.09"],
    );
    let rows = wd.rank_csv(&[]);
    let ids = ["T1", "T2"];
    assert_eq!(rows.col("g:growth", &ids), s(&["45.07", "45.07"]));
    assert_eq!(rows.col("g:score", &ids), s(&["10.00", "10.00"]));
    assert_eq!(rows.col("rank", &ids), s(&["1", "1"]));
}

#[test]
fn growth_deduct_lower() {
    let wd = Workdir::new();
    let p = "method = \"deduct\"\ndirection = \"lower\"\nper = 0.5\nthreshold = 5";
    growth_only(&wd, p, &["10", "20", "40"], &["10", "24", "56"]);
    let rows = wd.rank_csv(&[]);
    // growth 0, 20, 40; shortfall max(g − 5, 0) = 0, 15, 35 → 10; 10 − 7.5 = 2.5; max(10 − 17.5, 0)
    let ids = ["T1", "T2", "T3"];
    assert_eq!(rows.col("g:score", &ids), s(&["10.00", "2.50", "0.00"]));
}

/// `g` (efficacy on growth, P = 10, econ) + `base` (direct 5, soc, P = 10): total 20, with the
/// given 2023Q4 values of `g` for T1 … T4 and 2024Q1 values 110, 5, 5, 60.
fn no_previous_fixture(wd: &Workdir, extra: &str, prev: [&str; 4], with_q3: bool) {
    let g =
        format!("method = \"efficacy\"\ndirection = \"higher\"\ntransform = \"growth\"\n{extra}");
    let inds =
        indicator("g", "econ", "10", &g) + &indicator("base", "soc", "10", "method = \"direct\"");
    let prev: Vec<String> = prev.iter().map(|v| format!("{v},5")).collect();
    let prev: Vec<&str> = prev.iter().map(String::as_str).collect();
    wd.config(&town_config("20", HALF_GRADES, &inds))
        .units(&townships(4))
        .period("2023Q4", "township", &rows_for("g,base", &prev))
        .period(
            "2024Q1",
            "township",
            &rows_for("g,base", &["110,5", "5,5", "5,5", "60,5"]),
        );
    if with_q3 {
        wd.period("2023Q3", "township", &rows_for("g,base", &["1,5"; 4]));
    }
}

/// Totals when T2 and T3 have no usable previous value: growth T1 100·10/100 = 10,
/// T4 100·10/50 = 20; efficacy over T1, T4: 10·0.6 = 6 and 10 → 6+5 = 11, 10+5 = 15;
/// T2, T3 not applicable: base 5 rescaled 5·20/10 = 10.
fn assert_no_previous_totals(rows: &crate::common::Rows) {
    let all = ["T1", "T2", "T3", "T4"];
    assert_eq!(
        rows.col("total", &all),
        s(&["11.00", "10.00", "10.00", "15.00"])
    );
    assert_eq!(rows.col("g:score", &all), s(&["6.00", "", "", "10.00"]));
}

#[test]
fn zero_or_not_applicable_previous_values_become_not_applicable_when_configured() {
    let wd = Workdir::new();
    no_previous_fixture(
        &wd,
        "on_no_previous = \"not_applicable\"",
        ["100", "0", "-", "50"],
        true,
    );
    assert_no_previous_totals(&wd.rank_csv(&[]));
}

#[test]
fn missing_previous_value_becomes_not_applicable_when_configured() {
    let wd = Workdir::new();
    no_previous_fixture(
        &wd,
        "on_no_previous = \"not_applicable\"",
        ["100", "", "-", "50"],
        true,
    );
    // 2023Q4 has a missing value, an error when scoring 2023Q4 itself: no trends against it.
    assert_no_previous_totals(&wd.rank_csv(&["--against", "none"]));
}

#[test]
fn the_predecessor_folder_needs_only_the_previous_values() {
    let wd = Workdir::new();
    no_previous_fixture(
        &wd,
        "on_no_previous = \"not_applicable\"",
        ["100", "0", "-", "50"],
        false,
    );
    // 2023Q4 holds only what 2024Q1's growth needs (its own growth base 2023Q3 is absent): it
    // was never assessed, so there is no trend against it, and a warning says so.
    assert_no_previous_totals(&wd.rank_csv(&[]));
    wd.run(&["--format", "csv"])
        .success()
        .mentions(&["no trend columns: 2023Q4 holds only part of a period"]);
}

/// Review's case: the same folder holding only part of a period, with T2's growth base left
/// blank, failed the default run (exit 1: the blank was taken for a wrong period, not a part of
/// one). It is a part of a period as with every base given: no trends, a warning.
#[test]
fn the_predecessor_folder_may_leave_a_growth_base_blank() {
    let wd = Workdir::new();
    no_previous_fixture(
        &wd,
        "on_no_previous = \"not_applicable\"",
        ["100", "", "-", "50"],
        false,
    );
    assert_no_previous_totals(&wd.rank_csv(&[]));
    wd.run(&["--format", "csv"])
        .success()
        .mentions(&["no trend columns: 2023Q4 holds only part of a period"]);
}

#[test]
fn missing_previous_values_are_errors_by_default() {
    let wd = Workdir::new();
    no_previous_fixture(&wd, "", ["100", "0", "-", "50"], true);
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&["T2", "T3", "2023Q4", "2024Q1"]);
}

#[test]
fn the_predecessor_folder_must_exist() {
    let wd = Workdir::new();
    growth_only(
        &wd,
        "method = \"efficacy\"\ndirection = \"higher\"",
        &["1"],
        &["2"],
    );
    std::fs::remove_dir_all(wd.path().join("data/2023Q4")).unwrap();
    wd.run(&["--format", "csv", "--period", "2024Q1"])
        .fails_with(&["2023Q4"]);
}

#[test]
fn a_previous_period_that_cannot_be_scored_fails_the_default_run() {
    // Found by the hardening pass: a bad cell in the previous quarter silently dropped every
    // trend column (exit 0). Now the run fails, naming the problem and the way out.
    let wd = Workdir::new();
    no_previous_fixture(
        &wd,
        "on_no_previous = \"not_applicable\"",
        ["100", "", "-", "50"],
        true,
    );
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&[
        "data/2023Q4/township.csv",
        "missing value for `g`",
        "the previous period 2023Q4 is compared for the trend columns but cannot be scored",
        "--against none",
    ]);
}

/// Indicator `g` (rank on the year-ago growth, step 3). 2023Q4: T1 100, A 50, Z2 40;
/// 2024Q4: T1 110, C 60 — A was renamed B (2024Q2–Q3), then C (from 2024Q4).
fn year_ago_renamed_twice(wd: &Workdir, extra_unit: &str, q4: &[&str]) {
    let p = "method = \"rank\"\ndirection = \"higher\"\nstep = 3\ntransform = \"growth\"\ncompare = \"year_ago\"";
    wd.config(&town_config(
        "10",
        HALF_GRADES,
        &indicator("g", "econ", "10", p),
    ))
    .units(&format!(
        "id,name,category,parent,class,former_ids,from,until\n\
         T1,镇1,township,,,,,\n\
         A,甲一,township,,,,,2024Q1\n\
         B,甲二,township,,,A,2024Q2,2024Q3\n\
         C,甲三,township,,,B,2024Q4,\n\
         Z2,乙镇,township,,,,,2024Q3\n{extra_unit}"
    ))
    .period("2023Q4", "township", "unit_id,g\nT1,100\nA,50\nZ2,40\n")
    .period(
        "2024Q4",
        "township",
        &format!("unit_id,g\n{}", q4.join("\n")),
    );
}

#[test]
fn year_ago_growth_follows_a_unit_renamed_twice_and_not_a_merger() {
    let wd = Workdir::new();
    year_ago_renamed_twice(&wd, "", &["T1,110", "C,60"]);
    let rows = wd.rank_csv(&["--period", "2024Q4", "--against", "none"]);
    // T1 100·10/100 = 10; C against A's 50: 100·10/50 = 20 ⇒ ranks C 1 (10), T1 2 (10 − 3 = 7)
    let ids = ["T1", "C"];
    assert_eq!(rows.col("g:growth", &ids), s(&["10.00", "20.00"]));
    assert_eq!(rows.col("g:score", &ids), s(&["7.00", "10.00"]));
    // M merged from Z2 and Z3 (Z3 never had a row): Z2's 40 is not M's earlier value
    let wd = Workdir::new();
    year_ago_renamed_twice(
        &wd,
        "Z3,丙镇,township,,,,,2024Q3\nM,乙丙镇,township,,,Z2;Z3,2024Q4,\n",
        &["T1,110", "C,60", "M,50"],
    );
    let out = wd.run(&["--period", "2024Q4", "--against", "none"]);
    out.fails_with(&["M 乙丙镇", "the unit was merged from several earlier units"]);
}

#[test]
fn an_earlier_file_that_cannot_be_opened_is_the_only_error_not_its_missing_values() {
    // A damaged township.xlsx of 2023Q4: "needs a non-zero value for 2023Q4, found no value" for
    // every township followed the one error that said why.
    let wd = Workdir::new();
    growth_fixture(&wd, "");
    std::fs::remove_file(wd.join("data/2023Q4/township.csv")).unwrap();
    wd.create("data/2023Q4/township.xlsx", "<html><table>");
    let out = wd.run(&["--period", "2024Q1"]).exit(1);
    assert_eq!(
        out.stderr,
        "error: invalid config or data:\n\
         error: data/2023Q4/township.xlsx: cannot read the workbook (it is neither an .xlsx or .ods archive nor an .xls workbook): is it an .xlsx, .xls or .ods file saved by Excel, WPS or LibreOffice?\n\
         1 error(s), 0 warning(s)\n"
    );
    // A folder under the table's name; then the table itself without a `grow` column, which is
    // reported missing, as before.
    std::fs::remove_file(wd.join("data/2023Q4/township.xlsx")).unwrap();
    wd.mkdir("data/2023Q4/township.csv");
    let out = wd.run(&["--period", "2024Q1"]).exit(1);
    assert_eq!(
        out.stderr,
        "error: invalid config or data:\n\
         error: data/2023Q4/township.csv: cannot be read: it is a folder\n\
         1 error(s), 0 warning(s)\n"
    );
    std::fs::remove_dir(wd.join("data/2023Q4/township.csv")).unwrap();
    wd.period(
        "2023Q4",
        "township",
        &rows_for("base", &["5", "5", "5", "5"]),
    );
    let out = wd.run(&["--period", "2024Q1"]).exit(1);
    assert!(
        out.stderr.contains("no file of 2023Q4 gives `grow`"),
        "{}",
        out.stderr
    );
}

/// Helper's case: the earlier quarter's township table missing (its sub-districts there) gave
/// each township "found no value" without saying why; the message names the table not there.
#[test]
fn an_earlier_category_table_not_there_is_named_in_the_missing_values() {
    let wd = Workdir::sample();
    wd.remove("data/2024Q3/township.csv");
    let out = wd.run(&["check", "--period", "2024Q4"]).exit(1);
    let lines: Vec<&str> = out.stderr.lines().filter(|l| l.contains("gyzjz")).collect();
    assert_eq!(lines.len(), 12, "{}", out.stderr);
    assert!(lines.iter().all(|l| l.contains("found no value (2024Q3 has no township table of its own: no township.csv, .xlsx, .xls or .ods, nor a sheet `township` / `乡镇`)")), "{}", out.stderr);
    assert!(lines[0].starts_with("error: data/2024Q4/township.csv:2: column gyzjz (unit Z01 城关镇): growth of `gyzjz` for 2024Q4 needs a non-zero value for 2024Q3"), "{}", lines[0]);
}

#[test]
fn a_former_id_typed_wrong_for_a_unit_that_ended_just_before_is_a_warning_once() {
    // A (ended 2024Q3) was renamed B from 2024Q4, whose former id was typed `AA`: B's trend
    // would start afresh without a word. `check` reads the registry for the quarter and the one
    // before it: the warning is given once.
    let wd = Workdir::new();
    wd.config(&town_config(
        "10",
        HALF_GRADES,
        &indicator(
            "x",
            "econ",
            "10",
            "method = \"rank\"\ndirection = \"higher\"\nstep = 1",
        ),
    ))
    .units(
        "id,name,category,parent,class,former_ids,from,until\n\
             T1,镇1,township,,,,,\n\
             A,甲,township,,,,,2024Q3\n\
             B,甲新,township,,,AA,2024Q4,\n",
    )
    .period("2024Q3", "township", "unit_id,x\nT1,1\nA,2\n")
    .period("2024Q4", "township", "unit_id,x\nT1,1\nB,2\n");
    let warning = "warning: data/units.csv: column former_ids (unit B 甲新): former id `AA` is no unit of the registry, while A 甲 (assessed until 2024Q3) is continued by no unit: if that unit is meant, correct the former id (as it stands, this unit's trend, growth and roll-up do not reach back past its renaming)";
    let out = wd.run(&["check"]).exit(0);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert_eq!(all.matches(warning).count(), 1, "{all}");
    let out = wd.run(&["--format", "csv", "--strict"]).exit(1);
    assert!(out.stderr.contains(warning), "{}", out.stderr);
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("prev_rank", &["B", "T1"]), s(&["", "2"]));
    // Corrected, the rename is followed: B was first in 2024Q3 as A.
    wd.units(
        "id,name,category,parent,class,former_ids,from,until\n\
         T1,镇1,township,,,,,\n\
         A,甲,township,,,,,2024Q3\n\
         B,甲新,township,,,A,2024Q4,\n",
    );
    let out = wd.run(&["check"]).exit(0);
    assert!(!out.stderr.contains("former id"), "{}", out.stderr);
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("prev_rank", &["B", "T1"]), s(&["1", "2"]));
}

/// The sample's 2024Q3 ranking as CSV with the machine names.
const Q3_CSV: [&str; 7] = [
    "rank",
    "--period",
    "2024Q3",
    "--format",
    "csv",
    "--headers",
    "id",
];

/// The sample's 2024Q2 township table with its `unit_id` column cut: rows by name, as an office
/// types them. `cut` drops the first field of every line.
fn by_name(wd: &Workdir, path: &str) {
    wd.edit(path, |t| {
        t.lines()
            .map(|l| l.split_once(',').map_or(l, |(_, rest)| rest).to_string() + "\n")
            .collect()
    });
}

/// The growth indicators that compare with the quarter before, not-applicable without a base.
fn growth_not_applicable(wd: &Workdir) {
    wd.edit("scoring-config.toml", |t| {
        t.replace(
            "transform = \"growth\"\n",
            "transform = \"growth\"\non_no_previous = \"not_applicable\"\n",
        )
    });
}

/// Review's case: the quarter before keyed by name calls 柳河镇 (Z13, former id Z07) by its name
/// then, 柳河乡. The name was looked up among the units of now, found none, and the row was passed
/// over: Z13's 规上工业增加值增速 had no base — not applicable (79.09 → 78.78) with exit 0, or a
/// false "found no value" error. The names of the table's own time come first, followed on
/// through the renames.
#[test]
fn an_earlier_table_by_name_gives_a_renamed_unit_its_growth_base() {
    let args = Q3_CSV;
    let plain = Workdir::sample();
    let named = Workdir::sample();
    by_name(&named, "data/2024Q2/township.csv");
    assert!(named
        .read_string("data/2024Q2/township.csv")
        .contains("\n柳河乡,"));
    let want = plain.run(&args).success().stdout;
    assert!(want.contains("\nZ13,柳河镇,town,"), "{want}");
    assert_eq!(named.run(&args).success().stdout, want);
    growth_not_applicable(&plain);
    growth_not_applicable(&named);
    assert_eq!(
        named.run(&args).success().stdout,
        plain.run(&args).success().stdout
    );
}

/// Review's case: 双河镇 (Z11) and 王楼乡 (Z12) merged into a new 双河镇 (Z14) from 2024Q3. By id,
/// Z14 has no earlier value (a merger continues none of its parts): 不适用. The 2024Q2 table by
/// name gave it Z11's row — a growth of 9.01 % and a total 0.18 higher, with exit 0. A name of
/// the table's time is followed to the unit now as its id is: to none.
#[test]
fn an_earlier_table_by_name_gives_a_merger_no_growth_base() {
    let merged = |wd: &Workdir| {
        growth_not_applicable(wd);
        wd.edit("data/units.csv", |t| {
            let mut out = String::new();
            for line in t.lines() {
                let mut f: Vec<String> = line.split(',').map(String::from).collect();
                if f[0] == "Z11" || f[0] == "Z12" {
                    f[7] = "2024Q2".into();
                }
                if f[3] == "Z11" || f[3] == "Z12" {
                    f[3] = "Z14".into();
                }
                out += &(f.join(",") + "\n");
            }
            out + "Z14,双河镇,township,,,Z11;Z12,2024Q3,\n"
        });
        for file in ["township", "targets"] {
            wd.edit(&format!("data/2024Q3/{file}.csv"), |t| {
                t.lines()
                    .filter(|l| !l.starts_with("Z12,"))
                    .map(|l| match l.strip_prefix("Z11,") {
                        Some(rest) => format!("Z14,{rest}\n"),
                        None => format!("{l}\n"),
                    })
                    .collect()
            });
        }
    };
    let args = Q3_CSV;
    let by_id = Workdir::sample();
    merged(&by_id);
    let named = Workdir::sample();
    merged(&named);
    by_name(&named, "data/2024Q2/township.csv");
    let want = by_id.run(&args).success().stdout;
    let z14 = want.lines().find(|l| l.starts_with("Z14,")).unwrap();
    assert!(z14.contains(",不适用,"), "{z14}");
    assert_eq!(named.run(&args).success().stdout, want);
}
