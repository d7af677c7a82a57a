//! Tracks a scheme may get wrong without noticing (issue 11 #18): an empty name is a config
//! error; a track no unit falls in is a warning; a track named like a fixed sheet of
//! `results.xlsx` never takes that sheet's name (the fixed sheets have precedence).

use calamine::{open_workbook, Reader, Xlsx};

use crate::common::Workdir;

#[test]
fn an_empty_track_name_is_a_config_error() {
    let wd = Workdir::district();
    wd.edit("scoring-config.toml", |t| {
        t.replace("name = \"村社区\"", "name = \"  \"")
    });
    wd.run(&["check", "--period", "2024Q2"]).fails_with(&[
        "scoring-config.toml:30: tracks[1] (village).name: must not be empty: the name heads the track's tables, its sheet of results.xlsx and its part of the report",
    ]);
}

#[test]
fn a_track_without_units_is_a_warning_in_every_command() {
    let wd = Workdir::district();
    // The department track takes class 经济类 only; ask for a class no department has.
    wd.edit("scoring-config.toml", |t| {
        t.replace("classes = [\"经济类\"]", "classes = [\"经济\"]")
    });
    let warning = "warning: scoring-config.toml: tracks[2] (dept): track `dept` (经济类部门) has no unit in 2024Q2: no registry unit of its categories and classes is assessed in the period";
    // Departments of class 经济类 would now fall in no track (an error); without departments in
    // the registry the run succeeds, with the warning.
    wd.edit("data/units.csv", |t| {
        t.lines()
            .filter(|l| !l.contains(",department,"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    wd.remove("data/2024Q2/department.csv");
    wd.remove("data/2024Q1/department.csv");
    for cmd in ["rank", "summary", "check"] {
        let out = wd
            .run(&[cmd, "--period", "2024Q2", "--format", "csv"])
            .success();
        assert!(out.stderr.contains(warning), "{cmd}: {}", out.stderr);
    }
    wd.run(&["rank", "--period", "2024Q2", "-q", "--format", "csv"])
        .success()
        .stderr_is("");
}

#[test]
fn a_track_named_like_a_fixed_sheet_leaves_the_fixed_sheet_its_name() {
    let wd = Workdir::district();
    wd.edit("scoring-config.toml", |t| {
        t.replace("name = \"村社区\"", "name = \"指标明细\"")
            .replace("name = \"经济类部门\"", "name = \"全区基本面\"")
    });
    wd.run(&["report", "--period", "2024Q2", "--out", "pkg"])
        .success();
    let mut wb: Xlsx<_> = open_workbook(wd.join("pkg/results.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "乡镇街道",
            "指标明细(2)",
            "全区基本面(2)",
            "指标明细",
            "对账单",
            "全区基本面"
        ]
    );
    // The fixed sheets hold what they always hold: the indicator grid and the overview.
    let grid = wb.worksheet_range("指标明细").unwrap();
    assert_eq!(grid.get((0, 0)).unwrap().to_string(), "赛道");
    let overview = wb.worksheet_range("全区基本面").unwrap();
    assert_eq!(
        overview.get((0, 0)).unwrap().to_string(),
        "全区基本面 · 2024Q2"
    );
}
