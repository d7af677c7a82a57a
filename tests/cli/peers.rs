//! Peer statistics are taken over the units that have a value: missing and not-applicable cells
//! are left out, and a filled cell is a filled score, never a value of 0.

use super::schemes::{
    indicator, one_indicator, rows_for, s, town_config, townships, x_scores, HALF_GRADES,
};
use crate::common::Workdir;

fn scores(params: &str, values: &[&str]) -> Vec<String> {
    let wd = Workdir::new();
    one_indicator(&wd, "10", params, values);
    x_scores(&wd.rank_csv(&[]))
}

#[test]
fn zero_fill_is_a_score_of_zero_not_a_value_of_zero() {
    // lower-better proportional: a value 0 would score P, but a zero-filled cell scores 0;
    // peers 2 and 4 only: min 2 → 10·2/2 = 10, 10·2/4 = 5 (no warning: no zero among peers)
    let p = "method = \"proportional\"\ndirection = \"lower\"\nmissing = \"zero\"";
    assert_eq!(scores(p, &["2", "", "4"]), s(&["10.00", "0.00", "5.00"]));
}

#[test]
fn average_fill_leaves_the_missing_cell_out_of_min() {
    // peers 2 and 4: 10, 5; the missing T2 gets (10 + 5)/2 = 7.5
    let p = "method = \"proportional\"\ndirection = \"lower\"\nmissing = \"average\"";
    assert_eq!(scores(p, &["2", "", "4"]), s(&["10.00", "7.50", "5.00"]));
}

#[test]
fn rank_counts_only_units_with_a_value() {
    // lower-better, step 2: peers T1 5 (rank 1) and T3 9 (rank 2); the missing T2 does not take
    // rank 1 as a 0 would: 10, 0 (filled), 10 − 2 = 8
    let p = "method = \"rank\"\ndirection = \"lower\"\nstep = 2\nmissing = \"zero\"";
    assert_eq!(scores(p, &["5", "", "9"]), s(&["10.00", "0.00", "8.00"]));
}

#[test]
fn a_single_peer_scores_p_under_efficacy() {
    // one peer: max = min ⇒ P; the missing one is filled with the mean of one score, 10
    let p = "method = \"efficacy\"\ndirection = \"higher\"\nmissing = \"average\"";
    assert_eq!(scores(p, &["", "42"]), s(&["10.00", "10.00"]));
}

/// `x` (given method, P = 10, econ) + `d` (direct, P = 10, soc): total 20.
fn with_direct(wd: &Workdir, params: &str, cells: &[&str]) {
    let inds =
        indicator("x", "econ", "10", params) + &indicator("d", "soc", "10", "method = \"direct\"");
    wd.config(&town_config("20", HALF_GRADES, &inds))
        .units(&townships(cells.len()))
        .period("2024Q2", "township", &rows_for("x,d", cells));
}

#[test]
fn not_applicable_cells_are_left_out_of_the_peers() {
    let wd = Workdir::new();
    let p = "method = \"rank\"\ndirection = \"higher\"\nstep = 4";
    with_direct(&wd, p, &["5,6", "不适用,6", "3,6"]);
    let rows = wd.rank_csv(&[]);
    // peers T1 5 (rank 1), T3 3 (rank 2): 10 and 6; T2 not applicable: 6·20/10 = 12
    let ids = ["T1", "T2", "T3"];
    assert_eq!(rows.col("x:score", &ids), s(&["10.00", "", "6.00"]));
    assert_eq!(rows.col("total", &ids), s(&["16.00", "12.00", "12.00"]));
}

#[test]
fn units_without_a_value_need_no_target() {
    let wd = Workdir::new();
    let p = "method = \"target\"\ndirection = \"higher\"\nmissing = \"zero\"";
    with_direct(&wd, p, &["5,0", ",0", "-,4"]);
    wd.period("2024Q2", "targets", "unit_id,indicator,target\nT1,x,20\n");
    let rows = wd.rank_csv(&[]);
    // T1 10·5/20 = 2.5; T2 missing → 0 (stays applicable): 0; T3 not applicable: 4·20/10 = 8
    let ids = ["T1", "T2", "T3"];
    assert_eq!(rows.col("total", &ids), s(&["2.50", "0.00", "8.00"]));
}

/// A column no table gives — here headed `产值` instead of `x` or its name `指标x` — is an error under every `missing`
/// policy: `zero` and `average` fill empty cells, not a column nobody sent (every unit would score
/// 0, or the average). The wrongly headed column is named, and nothing is scored.
#[test]
fn a_column_no_table_gives_is_an_error_whatever_the_policy() {
    for missing in ["zero", "average"] {
        let wd = Workdir::new();
        let p =
            format!("method = \"proportional\"\ndirection = \"higher\"\nmissing = \"{missing}\"");
        wd.config(&town_config(
            "10",
            HALF_GRADES,
            &indicator("x", "econ", "10", &p),
        ))
        .units(&townships(3))
        .period("2024Q2", "township", &rows_for("产值", &["2", "4", "5"]));
        let out = wd.run(&["--format", "csv"]);
        out.fails_with(&["indicator column `x`", "township.csv", missing_hint()]);
        out.names_line("township.csv", 1);
        assert!(
            out.stdout.is_empty(),
            "{missing}: nothing scored:\n{}",
            out.stdout
        );
        // Given, the same column scores; a single empty cell is filled by the policy.
        wd.period("2024Q2", "township", &rows_for("x", &["2", "", "4"]));
        let filled = if missing == "zero" { "0.00" } else { "7.50" };
        assert_eq!(
            x_scores(&wd.rank_csv(&[])),
            s(&["5.00", filled, "10.00"]),
            "{missing}"
        );
    }
}

/// The warning that names the unknown column beside the error.
fn missing_hint() -> &'static str {
    "column 产值: unknown column"
}
