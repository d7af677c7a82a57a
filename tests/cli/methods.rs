//! Every scoring method in each direction, with scores computed by hand from the formulas of
//! issue 2 (P = the indicator's points, here always the whole track total, so score = total).

use super::schemes::{one_indicator, s, x_scores};
use crate::common::{Rows, Workdir};

/// Runs a one-indicator scheme with P = 10 and returns the scores of T1 … Tn.
fn scores(params: &str, values: &[&str]) -> Vec<String> {
    let wd = Workdir::new();
    one_indicator(&wd, "10", params, values);
    x_scores(&wd.rank_csv(&[]))
}

const PROP_HIGH: &str = "method = \"proportional\"\ndirection = \"higher\"";
const PROP_LOW: &str = "method = \"proportional\"\ndirection = \"lower\"";

#[test]
fn proportional_higher_is_p_times_x_over_max() {
    // max = 100: 10·50/100 = 5; 10·100/100 = 10; 10·0/100 = 0; 10·25/100 = 2.5
    let got = scores(PROP_HIGH, &["50", "100", "0", "25"]);
    assert_eq!(got, s(&["5.00", "10.00", "0.00", "2.50"]));
}

#[test]
fn proportional_lower_is_p_times_min_over_x() {
    // min = 2: 10·2/2 = 10; 10·2/4 = 5; 10·2/5 = 4; 10·2/8 = 2.5
    let got = scores(PROP_LOW, &["2", "4", "5", "8"]);
    assert_eq!(got, s(&["10.00", "5.00", "4.00", "2.50"]));
}

#[test]
fn proportional_lower_zero_scores_p_and_zeroes_the_others_with_a_warning() {
    let wd = Workdir::new();
    one_indicator(&wd, "10", PROP_LOW, &["0", "4", "5"]);
    let out = wd.run(&["--format", "csv"]).success();
    // x = 0 scores P = 10; min = 0, so 10·0/4 = 10·0/5 = 0
    let rows = crate::common::Rows::parse(&out.stdout);
    assert_eq!(x_scores(&rows), s(&["10.00", "0.00", "0.00"]));
    assert!(out.stderr.contains("warning"), "stderr: {}", out.stderr);
}

#[test]
fn proportional_all_peers_equal_score_p_in_both_directions() {
    // all equal ⇒ everyone gets P = 10 (also when every value is 0)
    let ten = s(&["10.00", "10.00", "10.00"]);
    assert_eq!(scores(PROP_HIGH, &["7", "7", "7"]), ten);
    assert_eq!(scores(PROP_LOW, &["7", "7", "7"]), ten);
    assert_eq!(scores(PROP_HIGH, &["0", "0", "0"]), ten);
    assert_eq!(scores(PROP_LOW, &["0", "0", "0"]), ten);
}

#[test]
fn efficacy_default_base_is_sixty_plus_forty() {
    let v = ["10", "20", "30", "15"];
    // min 10, max 30, b = 0.6: 10·(0.6+0.4·0) = 6; 10·(0.6+0.4·10/20) = 8; 10·1 = 10;
    // 10·(0.6+0.4·5/20) = 7
    let high = "method = \"efficacy\"\ndirection = \"higher\"";
    assert_eq!(scores(high, &v), s(&["6.00", "8.00", "10.00", "7.00"]));
    // lower uses (max−x): 10·(0.6+0.4·20/20) = 10; 10·(0.6+0.4·10/20) = 8; 10·0.6 = 6;
    // 10·(0.6+0.4·15/20) = 9
    let low = "method = \"efficacy\"\ndirection = \"lower\"";
    assert_eq!(scores(low, &v), s(&["10.00", "8.00", "6.00", "9.00"]));
}

#[test]
fn efficacy_custom_base() {
    // b = 0.5: 10·0.5 = 5; 10·(0.5+0.5·0.5) = 7.5; 10; 10·(0.5+0.5·0.25) = 6.25
    let p = "method = \"efficacy\"\ndirection = \"higher\"\nbase = 0.5";
    let got = scores(p, &["10", "20", "30", "15"]);
    assert_eq!(got, s(&["5.00", "7.50", "10.00", "6.25"]));
    // b = 0: plain min-max scaling: 0; 10·10/20 = 5; 10; 10·5/20 = 2.5
    let p0 = "method = \"efficacy\"\ndirection = \"higher\"\nbase = 0";
    let got = scores(p0, &["10", "20", "30", "15"]);
    assert_eq!(got, s(&["0.00", "5.00", "10.00", "2.50"]));
}

#[test]
fn efficacy_all_peers_equal_score_p() {
    let p = "method = \"efficacy\"\ndirection = \"lower\"\nbase = 0.6";
    // max − min = 0 ⇒ P = 10 for everyone
    assert_eq!(scores(p, &["3", "3", "3"]), s(&["10.00", "10.00", "10.00"]));
}

#[test]
fn rank_higher_ties_share_the_better_rank_step_and_floor() {
    let p = "method = \"rank\"\ndirection = \"higher\"\nstep = 2\nfloor = 3";
    // values 5,9,9,1,7 → ranks 4,1,1,5,3 (competition, ties share the better rank)
    // max(10−2·3, 3) = 4; 10; 10; max(10−2·4, 3) = max(2, 3) = 3; 10−2·2 = 6
    let got = scores(p, &["5", "9", "9", "1", "7"]);
    assert_eq!(got, s(&["4.00", "10.00", "10.00", "3.00", "6.00"]));
}

#[test]
fn rank_lower_orders_ascending() {
    let p = "method = \"rank\"\ndirection = \"lower\"\nstep = 2\nfloor = 3";
    // ascending 1,5,7,9,9 → ranks T4 1, T1 2, T5 3, T2 = T3 = 4
    // T1 10−2 = 8; T2/T3 max(10−6, 3) = 4; T4 10; T5 10−4 = 6
    let got = scores(p, &["5", "9", "9", "1", "7"]);
    assert_eq!(got, s(&["8.00", "4.00", "4.00", "10.00", "6.00"]));
}

#[test]
fn rank_default_floor_is_zero() {
    let p = "method = \"rank\"\ndirection = \"higher\"\nstep = 2.5";
    // ranks 4,1,1,5,3: 10−7.5 = 2.5; 10; 10; max(10−10, 0) = 0; 10−5 = 5
    let got = scores(p, &["5", "9", "9", "1", "7"]);
    assert_eq!(got, s(&["2.50", "10.00", "10.00", "0.00", "5.00"]));
}

#[test]
fn target_higher_with_config_target_caps_at_one_and_clamps_negative_rates() {
    let p = "method = \"target\"\ndirection = \"higher\"\ntarget = 50";
    // rate x/50: 0.5 → 5; 1 → 10; 1.5 → min(1.5, 1)·10 = 10; −0.2 → max(−0.2, 0) = 0
    let got = scores(p, &["25", "50", "75", "-10"]);
    assert_eq!(got, s(&["5.00", "10.00", "10.00", "0.00"]));
}

#[test]
fn target_row_in_targets_csv_overrides_the_config_target() {
    let wd = Workdir::new();
    let p = "method = \"target\"\ndirection = \"higher\"\ntarget = 50";
    one_indicator(&wd, "10", p, &["25", "50"]);
    wd.period("2024Q2", "targets", "unit_id,indicator,target\nT1,x,40\n");
    // T1: 25/40 = 0.625 → 6.25; T2 keeps the config target: 50/50 → 10
    assert_eq!(x_scores(&wd.rank_csv(&[])), s(&["6.25", "10.00"]));
}

/// Review's case: a target in a workbook cell formatted as a percentage (40 entered in a cell
/// Excel showed `4000%`) was refused as "`4000%` has a percent sign: write the number without
/// `%`" — nobody typed one. The message names the format and what the cell stores.
#[test]
fn a_target_cell_formatted_as_a_percentage_names_the_format() {
    let wd = Workdir::new();
    let p = "method = \"target\"\ndirection = \"higher\"\ntarget = 50";
    one_indicator(&wd, "10", p, &["25", "50"]);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("目标").unwrap();
    let pct = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (c, h) in ["单位编码", "指标", "目标值"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "T1").unwrap();
    ws.write_string(1, 1, "x").unwrap();
    ws.write_number_with_format(1, 2, 40.0, &pct).unwrap();
    wb.save(wd.join("data/2024Q2/targets.xlsx")).unwrap();
    let err = wd.run(&["--format", "csv"]).exit(1).stderr;
    assert!(
        err.contains(
            "error: data/2024Q2/targets.xlsx:2: sheet 目标, cell C2, column 目标值 (unit T1 "
        ),
        "{err}"
    );
    assert!(err.contains("`4000%` is a cell formatted as a percentage (it stores 40): format the cell as a number and enter the value meant\n"), "{err}");
}

#[test]
fn target_from_targets_csv_alone() {
    let wd = Workdir::new();
    one_indicator(
        &wd,
        "10",
        "method = \"target\"\ndirection = \"higher\"",
        &["10", "4"],
    );
    wd.period(
        "2024Q2",
        "targets",
        "unit_id,indicator,target\nT1,x,20\nT2,x,8\n",
    );
    // 10/20 = 0.5 → 5; 4/8 = 0.5 → 5
    assert_eq!(x_scores(&wd.rank_csv(&[])), s(&["5.00", "5.00"]));
}

#[test]
fn target_cap_above_one_rewards_over_achievement() {
    let p = "method = \"target\"\ndirection = \"higher\"\ntarget = 50\ncap = 1.2";
    // 0.5 → 5; 1 → 10; 1.5 → min(1.5, 1.2)·10 = 12 (above P); −0.2 → 0
    let wd = Workdir::new();
    one_indicator(&wd, "10", p, &["25", "50", "75", "-10"]);
    let rows = wd.rank_csv(&[]);
    assert_eq!(x_scores(&rows), s(&["5.00", "10.00", "12.00", "0.00"]));
    assert_eq!(rows.get("T3", "total"), "12.00"); // not clamped to the track total 10
}

#[test]
fn target_lower_is_t_over_x_and_zero_scores_the_cap() {
    let p = "method = \"target\"\ndirection = \"lower\"\ntarget = 50\ncap = 1.2";
    // rate 50/x: 50/25 = 2 → 1.2 → 12; 50/100 = 0.5 → 5; x = 0 → cap → 12;
    // 50/80 = 0.625 → 6.25; 50/−10 = −5 → 0
    let got = scores(p, &["25", "100", "0", "80", "-10"]);
    assert_eq!(got, s(&["12.00", "5.00", "12.00", "6.25", "0.00"]));
}

#[test]
fn bands_score_the_highest_bound_reached() {
    // given unsorted; sorted: [0 → 2], [60 → 6], [80 → 10]
    let p = "method = \"bands\"\nbands = [[80, 10], [0, 2], [60, 6]]";
    // −5 below all → 0; 60 on a bound → 6; 79.99 → 6; 80 → 10; 0 on the first bound → 2; 100 → 10
    let got = scores(p, &["-5", "60", "79.99", "80", "0", "100"]);
    assert_eq!(got, s(&["0.00", "6.00", "6.00", "10.00", "2.00", "10.00"]));
}

#[test]
fn deduct_higher_with_threshold_floors_at_zero() {
    let p = "method = \"deduct\"\ndirection = \"higher\"\nper = 2\nthreshold = 5";
    // shortfall max(5−x, 0): 0 → 10; 2 → 10−4 = 6; 5 → 10−10 = 0; 15 → max(10−30, 0) = 0; 0 → 10
    let got = scores(p, &["5", "3", "0", "-10", "8"]);
    assert_eq!(got, s(&["10.00", "6.00", "0.00", "0.00", "10.00"]));
}

#[test]
fn deduct_lower_default_threshold_zero() {
    let p = "method = \"deduct\"\ndirection = \"lower\"\nper = 2.5";
    // shortfall max(x−0, 0): 0 → 10; 1 → 7.5; 3 → 2.5; 5 → max(10−12.5, 0) = 0; 2 → 5
    let got = scores(p, &["0", "1", "3", "5", "2"]);
    assert_eq!(got, s(&["10.00", "7.50", "2.50", "0.00", "5.00"]));
}

#[test]
fn deduct_lower_with_threshold() {
    let p = "method = \"deduct\"\ndirection = \"lower\"\nper = 2\nthreshold = 2";
    // shortfall max(x−2, 0): 0, 0, 2, 7 → 10, 10, 10−4 = 6, max(10−14, 0) = 0
    let got = scores(p, &["1", "2", "4", "9"]);
    assert_eq!(got, s(&["10.00", "10.00", "6.00", "0.00"]));
}

#[test]
fn direct_takes_the_cell_as_the_score() {
    let got = scores("method = \"direct\"", &["7.5", "0", "10"]);
    assert_eq!(got, s(&["7.50", "0.00", "10.00"]));
}

#[test]
fn binary_one_zero_yes_no() {
    // 1 / 是 ⇒ P = 10; 0 / 否 ⇒ 0
    let got = scores("method = \"binary\"", &["1", "0", "是", "否"]);
    assert_eq!(got, s(&["10.00", "0.00", "10.00", "0.00"]));
}

/// A quarter without a targets file whose previous quarter has one: most likely a late file.
/// The config's `target` still scores it (the office may mean that), with a warning naming both
/// files, which `--strict` (the cron run) turns into a failure with nothing written; a targets
/// file holding only its header says the config's targets apply, without a warning.
#[test]
fn a_targets_file_missing_after_a_quarter_with_one_is_warned_of() {
    let wd = Workdir::new();
    let p = "method = \"target\"\ndirection = \"higher\"\ntarget = 50";
    one_indicator(&wd, "10", p, &["25", "50"]);
    wd.period("2024Q1", "township", "unit_id,x\nT1,20\nT2,30\n")
        .period("2024Q1", "targets", "unit_id,indicator,target\nT1,x,40\n");
    let warned = "2024Q2/targets.csv: file not found, though 2024Q1 has one";
    // The config's target 50 for both: 25/50 → 5, 50/50 → 10.
    let out = wd.run(&["--period", "2024Q2", "--format", "csv"]).success();
    assert!(out.stderr.contains(warned), "{}", out.stderr);
    assert!(out.stderr.contains("2024Q1/targets.csv"), "{}", out.stderr);
    assert_eq!(x_scores(&Rows::parse(&out.stdout)), s(&["5.00", "10.00"]));
    let strict = wd.run(&["--period", "2024Q2", "--strict", "--format", "csv"]);
    strict.fails_with(&[warned]);
    assert!(strict.stdout.is_empty());
    // Only the header: the same scores, no warning.
    wd.period("2024Q2", "targets", "unit_id,indicator,target\n");
    let out = wd
        .run(&["--period", "2024Q2", "--strict", "--format", "csv"])
        .success();
    assert!(!out.stderr.contains("targets"), "{}", out.stderr);
    assert_eq!(x_scores(&Rows::parse(&out.stdout)), s(&["5.00", "10.00"]));
}

/// A count (an indicator in 件, 起 …) without a `min`: a negative value is most likely a typo
/// (−3 for 3), which the rank method scores as the best value; it is taken, as the config allows,
/// but warned of with its file, line, column and unit, and `--strict` refuses it. A `min` says
/// what the indicator can be, and then nothing is warned of (or the value is refused).
#[test]
fn a_negative_count_without_a_min_is_scored_with_a_warning() {
    let p = "method = \"rank\"\ndirection = \"lower\"\nstep = 2\nunit = \"件\"";
    let wd = Workdir::new();
    one_indicator(&wd, "10", p, &["-3", "0", "5"]);
    let out = wd.run(&["--format", "csv"]).success();
    out.mentions(&["negative value -3", "`x`", "件", "T1", "min = 0"]);
    out.names_line("township.csv", 2);
    assert!(!out.stderr.contains("T2"), "{}", out.stderr);
    // Lower is better: −3 ranks 1 → 10; 0 ranks 2 → 10 − 2 = 8; 5 ranks 3 → 6.
    let rows = Rows::parse(&out.stdout);
    assert_eq!(x_scores(&rows), s(&["10.00", "8.00", "6.00"]));
    let strict = wd.run(&["--strict", "--format", "csv"]);
    strict.fails_with(&["negative value -3"]);
    assert!(strict.stdout.is_empty());

    let refused = Workdir::new();
    one_indicator(&refused, "10", &format!("{p}\nmin = 0"), &["-3", "0", "5"]);
    let out = refused.run(&["--format", "csv"]);
    out.fails_with(&["-3", "valid range ≥ 0", "T1"]);

    let allowed = Workdir::new();
    one_indicator(&allowed, "10", &format!("{p}\nmin = -5"), &["-3", "0", "5"]);
    let out = allowed.run(&["--format", "csv"]).success();
    assert!(!out.stderr.contains("negative"), "{}", out.stderr);
    assert_eq!(
        x_scores(&Rows::parse(&out.stdout)),
        s(&["10.00", "8.00", "6.00"])
    );

    // Not a count (万元): a negative amount is a loss, taken without a word.
    let amount = Workdir::new();
    let p = p.replace("件", "万元");
    one_indicator(&amount, "10", &p, &["-3", "0", "5"]);
    let out = amount.run(&["--format", "csv"]).success();
    assert!(!out.stderr.contains("negative"), "{}", out.stderr);
}
