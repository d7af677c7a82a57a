//! Bad config and bad data: exit 1, and every message names the file, the line or row, the
//! column or key and the unit. One test puts several errors into two files at once.

use super::schemes::{indicator, town_config, HALF_GRADES};
use crate::common::Workdir;

/// `gdp` proportional (econ, 10), `mark` direct (soc, 10), `done` binary (soc, 10): total 30.
pub(crate) fn scheme() -> String {
    let inds = indicator(
        "gdp",
        "econ",
        "10",
        "method = \"proportional\"\ndirection = \"higher\"",
    ) + &indicator("mark", "soc", "10", "method = \"direct\"")
        + &indicator("done", "soc", "10", "method = \"binary\"");
    town_config("30", HALF_GRADES, &inds)
}

const UNITS: &str = "id,name,category,parent
T1,甲镇,township,
T2,乙镇,township,
T3,丙镇,township,
S1,东街道,subdistrict,
S2,西街道,subdistrict,
";
const TOWNS: &str = "unit_id,gdp,mark,done\nT1,10,5,1\nT2,20,6,0\nT3,30,7,是\n";
const SUBS: &str = "unit_id,gdp,mark,done\nS1,15,8,否\nS2,25,9,1\n";

/// A valid district; tests break one file.
pub(crate) fn good() -> Workdir {
    let wd = Workdir::new();
    wd.config(&scheme())
        .units(UNITS)
        .period("2024Q2", "township", TOWNS)
        .period("2024Q2", "subdistrict", SUBS);
    wd
}

fn towns(csv: &str) -> crate::common::Output {
    let wd = good();
    wd.period("2024Q2", "township", csv);
    wd.run(&["--format", "csv"])
}

#[test]
fn the_fixture_itself_is_valid() {
    let rows = good().rank_csv(&[]);
    // T3: gdp 10·30/30 = 10, mark 7, done 是 → 10: 27
    assert_eq!(rows.get("T3", "total"), "27.00");
}

#[test]
fn non_numeric_cell() {
    let out = towns("unit_id,gdp,mark,done\nT1,10,5,1\nT2,abc,6,0\nT3,30,7,是\n");
    out.fails_with(&["abc", "gdp", "T2", "乙镇"]);
    out.names_line("township.csv", 3);
}

#[test]
fn inf_and_nan_cells_are_rejected() {
    let out = towns("unit_id,gdp,mark,done\nT1,inf,5,1\nT2,NaN,6,0\nT3,30,7,是\n");
    out.fails_with(&["inf", "NaN", "gdp", "T1", "T2"]);
    out.names_line("township.csv", 2);
    out.names_line("township.csv", 3);
}

#[test]
fn every_missing_cell_is_listed_with_policy_error() {
    let wd = good();
    wd.period(
        "2024Q2",
        "township",
        "unit_id,gdp,mark,done\nT1,,5,1\nT2,20,6,0\nT3,30,7,是\n",
    )
    .period(
        "2024Q2",
        "subdistrict",
        "unit_id,gdp,mark,done\nS1,15,8,否\nS2,25,,1\n",
    );
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&["gdp", "mark", "T1", "甲镇", "S2", "西街道"]);
    out.names_line("township.csv", 2);
    out.names_line("subdistrict.csv", 3);
}

#[test]
fn unit_not_in_the_registry() {
    let out = towns(&format!("{TOWNS}T9,1,1,1\n"));
    out.fails_with(&["T9", "township.csv"]);
    out.names_line("township.csv", 5);
}

#[test]
fn duplicate_unit_row() {
    let out = towns(&format!("{TOWNS}T2,20,6,0\n"));
    out.fails_with(&["T2", "township.csv"]);
    out.names_line("township.csv", 5);
}

#[test]
fn indicator_column_absent() {
    let out = towns("unit_id,gdp,done\nT1,10,1\nT2,20,0\nT3,30,是\n");
    out.fails_with(&["mark", "township.csv"]);
}

#[test]
fn a_header_wider_than_every_row_names_the_rows_not_its_columns_as_missing() {
    // `note` heads a fifth column no row fills: each row is too short. The indicator columns
    // are there, so none is reported missing; and no row fits the header, so no township is
    // reported without a row either (a review found the count doubled by them for one cause).
    let out = towns("unit_id,gdp,mark,done,note\nT1,10,5,1\nT2,20,6,0\nT3,30,7,是\n");
    out.fails_with(&[
        "township.csv:2: row has 4 fields but the header has 5",
        "township.csv:4: row has 4 fields but the header has 5",
        "3 error(s)",
    ]);
    assert!(!out.stderr.contains("is missing"), "{}", out.stderr);
    assert!(!out.stderr.contains("no row"), "{}", out.stderr);
}

#[test]
fn registry_unit_without_a_row() {
    let out = towns("unit_id,gdp,mark,done\nT1,10,5,1\nT2,20,6,0\n");
    out.fails_with(&["T3", "township.csv"]);
}

#[test]
fn unit_in_two_tracks() {
    let wd = good();
    let second = "\n[[tracks]]\nid = \"extra\"\nname = \"重复\"\ncategories = [\"township\"]\n\
                  total = 10\ngrades = { by = \"share\", levels = [{ name = \"优\", share = 1.0 }] }\n\
                  \n[[indicators]]\nid = \"z\"\nname = \"z\"\ndimension = \"soc\"\n\
                  method = \"direct\"\npoints = { extra = 10 }\n";
    wd.config(&format!("{}{second}", scheme()));
    wd.run(&["--format", "csv"])
        .fails_with(&["T1", "town", "extra"]);
}

#[test]
fn unit_in_no_track() {
    let wd = good();
    wd.units(&format!("{UNITS}V1,甲村,village,T1\n")).period(
        "2024Q2",
        "village",
        "unit_id,gdp,mark,done\nV1,1,1,1\n",
    );
    wd.run(&["--format", "csv"])
        .fails_with(&["V1", "village", "track"]);
}

#[test]
fn negative_adjustment_points() {
    let wd = good();
    wd.period(
        "2024Q2",
        "adjustments",
        "unit_id,kind,points,reason,reference\nT1,bonus,-2,表彰,文1\n",
    );
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&["T1", "points", "adjustments.csv"]);
    out.names_line("adjustments.csv", 2);
}

#[test]
fn direct_score_outside_zero_to_p() {
    // P = 10: 10.5 and −1 are out of [0, 10]
    let out = towns("unit_id,gdp,mark,done\nT1,10,10.5,1\nT2,20,-1,0\nT3,30,7,是\n");
    out.fails_with(&["mark", "T1", "T2", "10.5"]);
    out.names_line("township.csv", 2);
    out.names_line("township.csv", 3);
}

#[test]
fn binary_value_two() {
    let out = towns("unit_id,gdp,mark,done\nT1,10,5,2\nT2,20,6,0\nT3,30,7,是\n");
    out.fails_with(&["done", "T1"]);
    out.names_line("township.csv", 2);
}

#[test]
fn negative_value_for_proportional() {
    let out = towns("unit_id,gdp,mark,done\nT1,-5,5,1\nT2,20,6,0\nT3,30,7,是\n");
    out.fails_with(&["gdp", "T1"]);
    out.names_line("township.csv", 2);
}

#[test]
fn unit_with_nothing_applicable() {
    let out = towns("unit_id,gdp,mark,done\nT1,-,N/A,不适用\nT2,20,6,0\nT3,30,7,是\n");
    out.fails_with(&["T1", "township.csv"]);
}

#[test]
fn average_with_no_peer_value() {
    let wd = Workdir::new();
    let p = "method = \"efficacy\"\ndirection = \"higher\"\nmissing = \"average\"";
    super::schemes::one_indicator(&wd, "10", p, &["", ""]);
    wd.run(&["--format", "csv"]).fails_with(&["average"]);
}

fn target_run(targets: &str) -> crate::common::Output {
    let wd = Workdir::new();
    super::schemes::one_indicator(
        &wd,
        "10",
        "method = \"target\"\ndirection = \"higher\"",
        &["5", "6"],
    );
    wd.period("2024Q2", "targets", targets);
    wd.run(&["--format", "csv"])
}

#[test]
fn missing_target() {
    // no config target and no targets.csv row for T2, which has a value
    target_run("unit_id,indicator,target\nT1,x,10\n").fails_with(&["T2", "target"]);
}

#[test]
fn non_positive_target() {
    target_run("unit_id,indicator,target\nT1,x,10\nT2,x,0\n").fails_with(&["T2", "target"]);
}

#[test]
fn several_errors_in_two_files_are_reported_in_one_run() {
    let wd = good();
    // township.csv: a non-numeric cell (line 3) and a duplicate row (line 5);
    // subdistrict.csv: a missing cell (line 2) and a unit not in the registry (line 4)
    wd.period(
        "2024Q2",
        "township",
        "unit_id,gdp,mark,done\nT1,10,5,1\nT2,x1y,6,0\nT3,30,7,是\nT1,10,5,1\n",
    )
    .period(
        "2024Q2",
        "subdistrict",
        "unit_id,gdp,mark,done\nS1,15,,否\nS2,25,9,1\nS9,1,1,1\n",
    );
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&["x1y", "T2", "T1", "S1", "S9"]);
    out.names_line("township.csv", 3);
    out.names_line("township.csv", 5);
    out.names_line("subdistrict.csv", 2);
    out.names_line("subdistrict.csv", 4);
    assert_eq!(out.stdout, "");
}

#[test]
fn adjustment_for_a_unit_not_in_the_registry() {
    let wd = good();
    wd.period(
        "2024Q2",
        "adjustments",
        "unit_id,kind,points,reason,reference\nT7,bonus,1,表彰,文1\n",
    );
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&["T7", "adjustments.csv"]);
    out.names_line("adjustments.csv", 2);
}

#[test]
fn category_file_absent() {
    let wd = good();
    std::fs::remove_file(wd.path().join("data/2024Q2/subdistrict.csv")).unwrap();
    wd.run(&["--format", "csv"])
        .fails_with(&["subdistrict.csv"]);
}

/// A file read as a lead department's submission that gives no indicator column is an error,
/// never a file whose rows silently count for nothing: a Windows copy of the adjustments (its
/// veto would be lost) or of the targets is told by its columns; any other such file is named
/// with its columns. The same adjustments under their own name score (T3: 27 − veto → 27, 一般).
#[test]
fn a_submission_without_an_indicator_column_is_an_error() {
    let adjustments = "unit_id,kind,points,reason,reference\nT3,veto,,安全事故,通报1号\n";
    let cases = [
        ("adjustments(1)", adjustments, "name it adjustments.csv"),
        ("加减分情况", adjustments, "name it adjustments.csv"),
        (
            "targets - 副本",
            "unit_id,indicator,target\nT1,gdp,20\n",
            "name it targets.csv",
        ),
        (
            "联系人",
            "unit_id,联系人,电话\nT1,张三,123\n",
            "move it out of the period folder",
        ),
    ];
    for (name, csv, hint) in cases {
        let wd = good();
        wd.period("2024Q2", name, csv);
        let out = wd.run(&["--format", "csv"]);
        out.fails_with(&[&format!("{name}.csv"), "none of its columns", hint]);
        out.names_line(&format!("{name}.csv"), 1);
        assert!(
            out.stdout.is_empty(),
            "{name}: nothing scored:\n{}",
            out.stdout
        );
    }
    let wd = good();
    wd.period("2024Q2", "adjustments", adjustments);
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.get("T3", "veto"), "1");
    assert_eq!(rows.get("T3", "total"), "27.00");
}

/// A unit's row sent late in a file of its own (read as a lead department's submission, giving
/// the category table's indicators): the error of the category table without the row says
/// where the row is. Its cells are not also reported one per column as absent.
#[test]
fn a_late_row_in_a_file_of_its_own_is_named_by_the_missing_row_error() {
    let wd = good();
    wd.period(
        "2024Q2",
        "township",
        "unit_id,gdp,mark,done\nT1,10,5,1\nT3,30,7,是\n",
    )
    .period("2024Q2", "补报", "unit_id,gdp,mark,done\nT2,20,6,0\n");
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&[
        "township.csv (unit T2 乙镇): registry unit has no row in township.csv (its row is in data/2024Q2/补报.csv, line 2",
        "copy the row into township.csv",
    ]);
    assert_eq!(out.stderr.matches("error: ").count(), 2, "{}", out.stderr);
}

/// A unit without a row in its category table but with one in a department's file (which gives
/// another indicator): one error, the missing row — not, besides it, one per column of the
/// category table filed under the department's file, where nothing is missing.
#[test]
fn a_missing_row_is_not_reported_again_per_column_under_another_file() {
    let wd = good();
    wd.period("2024Q2", "township", "unit_id,gdp,mark\nT1,10,5\nT3,30,7\n")
        .period(
            "2024Q2",
            "区应急管理局",
            "unit_id,done\nT1,1\nT2,0\nT3,是\n",
        );
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&["(unit T2 乙镇): registry unit has no row in township.csv\n"]);
    assert!(!out.stderr.contains("no value for"), "{}", out.stderr);
    assert!(!out.stderr.contains("its row is in"), "{}", out.stderr);
    assert_eq!(out.stderr.matches("error: ").count(), 2, "{}", out.stderr);
}

/// A cell left blank in one table and given in another (a late file filling the gap, or a
/// department's blank beside the category table's value) is no conflict: the value counts,
/// whichever table is read first, and no missing value is reported. Two blanks are one missing
/// value, reported once. T2: gdp 10·20/30 = 6.67, mark 6, done 0 → 12.67.
#[test]
fn a_blank_cell_beside_a_value_from_another_table_is_no_conflict() {
    let wd = good();
    wd.period(
        "2024Q2",
        "township",
        "unit_id,gdp,mark,done\nT1,10,5,1\nT2,,6,0\nT3,30,7,是\n",
    )
    .period("2024Q2", "补报", "unit_id,gdp\nT2,20\n");
    assert_eq!(wd.rank_csv(&[]).get("T2", "total"), "12.67");
    wd.period("2024Q2", "township", TOWNS)
        .period("2024Q2", "补报", "unit_id,gdp\nT2,\n");
    assert_eq!(wd.rank_csv(&[]).get("T2", "total"), "12.67");
    wd.period(
        "2024Q2",
        "township",
        "unit_id,gdp,mark,done\nT1,10,5,1\nT2,,6,0\nT3,30,7,是\n",
    );
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&["township.csv:3: column gdp (unit T2 乙镇): missing value for `gdp`"]);
    assert_eq!(out.stderr.matches("error: ").count(), 2, "{}", out.stderr);
    // An unreadable cell is no blank: a third table's value beside it is a conflict, reported
    // in the same run, and the first table's blank is not reported as missing.
    wd.period("2024Q2", "补报", "unit_id,gdp\nT2,abc\n").period(
        "2024Q2",
        "补报二",
        "unit_id,gdp\nT2,20\n",
    );
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&[
        "补报.csv:2: column gdp (unit T2 乙镇): expected a number",
        "补报二.csv:2: column gdp (unit T2 乙镇): `gdp` (指标gdp) of this unit is also given by data/2024Q2/补报.csv line 2",
    ]);
    assert_eq!(out.stderr.matches("error: ").count(), 3, "{}", out.stderr);
}

/// A unit name of more than 200 characters (a text pasted into the cell) is an error naming the
/// row; the message quotes the name cut short.
#[test]
fn a_unit_name_of_more_than_200_characters_is_an_error() {
    let wd = good();
    let long = "镇".repeat(201);
    wd.units(&UNITS.replace("T1,甲镇,", &format!("T1,{long},")));
    let out = wd.run(&["--format", "csv"]);
    out.fails_with(&[
        "data/units.csv:2: column name",
        "a unit name of 201 characters: at most 200",
    ]);
    assert!(out.stderr.len() < 2000, "{}", out.stderr);
    let just = "镇".repeat(200);
    wd.units(&UNITS.replace("T1,甲镇,", &format!("T1,{just},")));
    wd.run(&["--format", "csv"]).success();
}
