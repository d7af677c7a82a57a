//! What the roll-up's own folders hold: a month folder is read from `efficiency.csv`, the year
//! folder from `year_end.csv` and `adjustments.csv`. A table under another name there, a score
//! file with a header and nothing under it, or an empty one, is an error naming the file — never
//! a month or a year's adjustments left out with exit 0 (issue: `adjustments - 副本.csv` lost
//! 城关镇's 2 bonus points, `效能考评.csv` skipped a month for 351 units).

use super::*;

/// Three townships over the whole year, `[rollup] quarterly = 0.7, monthly = 0.2, year_end = 0.1`
/// under `missing` = `policy`: every quarter T1 80, T2 70, T3 60; every month 90 / 80 / 70; the
/// year-end review 100 / 90 / 80; `data/2024/adjustments.csv` gives T1 a bonus of 2.
fn full_year(policy: &str) -> Workdir {
    let wd = rollup_workdir(
        HALF_GRADES,
        &format!("quarterly = 0.7\nmonthly = 0.2\nyear_end = 0.1\nmissing = \"{policy}\""),
    );
    wd.create("data/units.csv", &townships(&THREE));
    for q in 1..=4 {
        wd.quarter(
            &format!("2024Q{q}"),
            &[("T1", "80"), ("T2", "70"), ("T3", "60")],
        );
    }
    for m in 1..=12 {
        wd.month(
            &format!("2024-{m:02}"),
            &[("T1", "90"), ("T2", "80"), ("T3", "70")],
        );
    }
    wd.scores(
        "2024/year_end.csv",
        &[("T1", "100"), ("T2", "90"), ("T3", "80")],
    );
    wd.create(
        "data/2024/adjustments.csv",
        &format!("{ADJ_HEADER}T1,bonus,2,年度表彰,区考核办〔2024〕9号\n"),
    );
    wd
}

const YEAR: [&str; 3] = ["rollup", "--year", "2024"];
const TO_FILE: [&str; 5] = ["rollup", "--year", "2024", "--output", "annual.csv"];

/// Runs the roll-up to `annual.csv`: it fails (exit 1) with exactly `errors` errors, the
/// message `line` among them, and writes no file.
#[track_caller]
fn fails_writing_nothing(wd: &Workdir, line: &str, errors: usize) {
    let out = wd.run(&TO_FILE);
    out.fails_with(&[line, &format!("\n{errors} error(s), 0 warning(s)")]);
    assert_eq!(out.stdout, "");
    assert!(!wd.exists("annual.csv"));
}

#[test]
fn the_full_year_fixture_rolls_up_by_hand() {
    let rows = full_year("skip").csv(&YEAR);
    // T1: 0.7·80 + 0.2·90 + 0.1·100 + 2 = 56 + 18 + 10 + 2 = 86
    // T2: 0.7·70 + 0.2·80 + 0.1·90 = 49 + 16 + 9 = 74; T3: 42 + 14 + 8 = 64
    assert_eq!(rows.col("total", &THREE), s(&["86.00", "74.00", "64.00"]));
    assert_eq!(rows.col("bonus", &THREE), s(&["2.00", "0.00", "0.00"]));
    assert_eq!(rows.get("T1", "rollup_notes"), "");
}

#[test]
fn an_empty_month_file_names_every_column_it_is_to_hold() {
    let wd = full_year("skip");
    wd.create("data/2024-12/efficiency.csv", "");
    let msg = "the file is empty: expected a header row with unit_id (or unit_name), score";
    fails_writing_nothing(
        &wd,
        &format!("error: data/2024-12/efficiency.csv:1: {msg}\n"),
        1,
    );
    let out = wd.run(&["rollup", "--year", "2024", "--format", "json"]);
    assert_eq!(out.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["problems"][0]["message"], msg);
    assert_eq!(doc["problems"][0]["line"], 1);
    // The year's adjustments name their own columns.
    let wd = full_year("skip");
    wd.create("data/2024/adjustments.csv", "");
    fails_writing_nothing(&wd, "error: data/2024/adjustments.csv:1: the file is empty: expected a header row with unit_id (or unit_name), kind, points, reason, reference\n", 1);
}

const HEADER_ONLY: &str = "the file holds a header row but no scores under it: fill in the units' scores, or remove the file to have it counted as missing (`[rollup] missing`)";

#[test]
fn a_month_file_holding_only_its_header_is_an_error_not_a_skipped_month() {
    for policy in ["skip", "zero", "error"] {
        let wd = full_year(policy);
        wd.create("data/2024-12/efficiency.csv", "unit_id,score\n\n");
        // Once, at its header line: not a missing score for every unit as well.
        let line = format!("error: data/2024-12/efficiency.csv:1: {HEADER_ONLY}\n");
        fails_writing_nothing(&wd, &line, 1);
    }
    // A title row above the header: the header's own line is named.
    let wd = full_year("skip");
    wd.create(
        "data/2024-12/efficiency.csv",
        "2024年12月效能考评\n单位编码,得分\n",
    );
    let line = format!("error: data/2024-12/efficiency.csv:2: {HEADER_ONLY}\n");
    fails_writing_nothing(&wd, &line, 1);
    // The year-end review likewise (under skip it would be spread away, under error every unit
    // would lack it).
    for policy in ["skip", "zero", "error"] {
        let wd = full_year(policy);
        wd.create("data/2024/year_end.csv", "unit_id,score\n");
        let line = format!("error: data/2024/year_end.csv:1: {HEADER_ONLY}\n");
        fails_writing_nothing(&wd, &line, 1);
    }
}

#[test]
fn an_adjustments_file_holding_only_its_header_is_no_adjustments() {
    // Bonuses and deductions are exceptions: a header and no rows says there are none this
    // year, as no file does. T1 loses its 2 points.
    let wd = full_year("skip");
    wd.create("data/2024/adjustments.csv", ADJ_HEADER);
    let rows = wd.csv(&YEAR);
    assert_eq!(rows.col("total", &THREE), s(&["84.00", "74.00", "64.00"]));
}

fn rename(wd: &Workdir, from: &str, to: &str) {
    std::fs::rename(wd.join(from), wd.join(to)).unwrap();
}

const ADJ_COPY: &str = "error: data/2024/adjustments - 副本.csv: not read: the roll-up reads only year_end.csv (the year-end review) and adjustments.csv (bonus, deduction and veto rows) in data/2024, each also as .xlsx, .xls or .ods: rename this file to the one of them it holds, or move it out of the folder\n";

#[test]
fn a_windows_copy_of_the_year_adjustments_is_an_error_not_a_lost_bonus() {
    let wd = full_year("skip");
    rename(
        &wd,
        "data/2024/adjustments.csv",
        "data/2024/adjustments - 副本.csv",
    );
    // Read as no adjustments, T1 would be 84.00 with exit 0.
    fails_writing_nothing(&wd, ADJ_COPY, 1);
    let strict = wd.cmd(TO_FILE.iter().chain(&["--strict"])).run();
    strict.fails_with(&[ADJ_COPY]);
    assert!(!wd.exists("annual.csv"));
    // The JSON names the file and the code programs tell it by.
    let out = wd.run(&["rollup", "--year", "2024", "--format", "json"]);
    assert_eq!(out.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let p = &doc["problems"][0];
    assert_eq!(p["file"], "data/2024/adjustments - 副本.csv");
    assert_eq!(p["code"], "unread-file");
    assert_eq!(doc["errors"], 1);
    // The half-year view reads data/2024H1, not data/2024: there the copy is nobody's business.
    let h1 = wd.csv(&["rollup", "--year", "2024", "--upto", "Q2"]);
    // 0.7·80 + 0.2·90 spread over 0.9: (56 + 18)/0.9 = 82.22…
    assert_eq!(h1.get("T1", "total"), "82.22");
    // …and in its own folder only adjustments.csv is read.
    wd.create(
        "data/2024H1/加减分.csv",
        &format!("{ADJ_HEADER}T2,bonus,1,半年表彰,区考核办〔2024〕5号\n"),
    );
    let out = wd.run(&["rollup", "--year", "2024", "--upto", "Q2"]);
    out.fails_with(&["error: data/2024H1/加减分.csv: not read: the roll-up reads only adjustments.csv (bonus, deduction and veto rows; also as .xlsx, .xls or .ods) in data/2024H1: rename this file to adjustments.csv if it holds them, or move it out of the folder\n"]);
}

#[test]
fn a_year_end_review_under_another_name_is_named_not_skipped() {
    // Under skip, a year-end file not found spreads its weight over the other parts: the renamed
    // file must be named instead, once, without the absence or a line for every unit.
    for policy in ["skip", "zero", "error"] {
        let wd = full_year(policy);
        rename(&wd, "data/2024/year_end.csv", "data/2024/年终考评.csv");
        let line = "error: data/2024/年终考评.csv: not read: the roll-up reads only year_end.csv (the year-end review) and adjustments.csv";
        fails_writing_nothing(&wd, line, 1);
        let out = wd.run(&TO_FILE);
        assert!(
            !out.stderr.contains("not found"),
            "{policy}: {}",
            out.stderr
        );
    }
}

const MONTH_RENAMED: &str = "error: data/2024-12/效能考评.csv: not read: the roll-up reads only efficiency.csv (the month's efficiency scores; also as .xlsx, .xls or .ods) in data/2024-12: rename this file to efficiency.csv if it holds them, or move it out of the folder\n";

#[test]
fn a_month_file_under_another_name_is_named_not_a_skipped_month() {
    for policy in ["skip", "zero", "error"] {
        let wd = full_year(policy);
        rename(
            &wd,
            "data/2024-12/efficiency.csv",
            "data/2024-12/效能考评.csv",
        );
        // The one error names the file there, not the month's absence ("efficiency.csv not
        // found", which `skip` passed over) nor each unit's missing score.
        fails_writing_nothing(&wd, MONTH_RENAMED, 1);
        let out = wd.run(&TO_FILE);
        assert!(
            !out.stderr.contains("not found"),
            "{policy}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_second_table_beside_the_month_file_is_named() {
    let wd = full_year("skip");
    wd.scores(
        "2024-12/efficiency(1).csv",
        &[("T1", "60"), ("T2", "60"), ("T3", "60")],
    );
    fails_writing_nothing(&wd, "error: data/2024-12/efficiency(1).csv: not read: the roll-up reads only efficiency.csv (the month's efficiency scores; also as .xlsx, .xls or .ods) in data/2024-12: rename this file to efficiency.csv if it holds them, or move it out of the folder\n", 1);
    // A spreadsheet in a format not read is saved anew, not renamed; a name differing in case
    // is not the file read either (on a file system that tells case apart).
    wd.remove("data/2024-12/efficiency(1).csv");
    wd.create("data/2024-11/efficiency.xlsm", "");
    fails_writing_nothing(
        &wd,
        "error: data/2024-11/efficiency.xlsm: not read: the roll-up reads only efficiency.csv (the month's efficiency scores; also as .xlsx, .xls or .ods) in data/2024-11: save this file as efficiency.csv if it holds them",
        1,
    );
    wd.remove("data/2024-11/efficiency.xlsm");
    rename(
        &wd,
        "data/2024-10/efficiency.csv",
        "data/2024-10/Efficiency.CSV",
    );
    fails_writing_nothing(&wd, "error: data/2024-10/Efficiency.CSV: not read", 1);
}

#[test]
fn files_that_are_never_data_are_passed_over_in_roll_up_folders() {
    let wd = full_year("error");
    // An open workbook's lock file, hidden files, system clutter, a note that is no table and a
    // sub-folder: none of them a table the roll-up passes over.
    wd.create("data/2024-12/~$efficiency.xlsx", "lock")
        .create("data/2024-12/.efficiency.csv.swp", "swap")
        .create("data/2024-12/Thumbs.db", "")
        .create("data/2024-12/说明.docx", "note")
        .create("data/2024-12/旧/efficiency.csv", "unit_id,score\nT1,0\n")
        .create("data/2024/~$adjustments.xlsx", "lock")
        .create("data/2024/desktop.ini", "")
        .create("data/2024/考评通知.pdf", "%PDF");
    let rows = wd.csv(&YEAR);
    assert_eq!(rows.col("total", &THREE), s(&["86.00", "74.00", "64.00"]));
}

/// Under `skip`, a unit with no monthly score left — eleven month files gone, the twelfth
/// without its row — is an error named by the month that was there, not by a month whose file
/// never existed.
#[test]
fn nothing_to_average_names_the_parts_that_were_there() {
    let wd = full_year("skip");
    for m in 1..=11 {
        wd.remove(&format!("data/2024-{m:02}/efficiency.csv"));
    }
    wd.month("2024-12", &[("T2", "80"), ("T3", "70")]);
    let out = wd.run(&["rollup", "--year", "2024"]);
    out.fails_with(&["data/2024-12/efficiency.csv (unit T1 镇1): nothing to average: no score for the unit in month 2024-12; 11 other part(s) were not found"]);
}

/// Review's case: a year-end review in `data/2024H1` (the half-year view takes none) was passed
/// over without a word. It is still not read — T1's half year is 0.7·80 + 0.2·90 over 0.9 (the
/// year-end weight spread) — but a warning names it.
#[test]
fn a_year_end_review_in_a_view_that_takes_none_is_named() {
    let wd = full_year("skip");
    wd.scores(
        "2024H1/year_end.csv",
        &[("T1", "10"), ("T2", "10"), ("T3", "10")],
    );
    let h1 = [
        "rollup", "--year", "2024", "--upto", "Q2", "--format", "csv",
    ];
    let out = wd.run(&h1).success();
    out.mentions(&["warning: data/2024H1/year_end.csv: not read: the year-end review enters only the view to Q4 (`--upto Q4`, read from the year's own folder)"]);
    let rows = crate::common::Rows::parse(&out.stdout);
    // (0.7·80 + 0.2·90) / 0.9 = 74 / 0.9 = 82.22
    assert_eq!(rows.get("T1", "total"), "82.22");
}

/// Review's case: a month workbook whose later sheet holds more scores under a unit column
/// headed as offices head it (`部门名称`, not a unit column pingyi reads) lost them without a
/// word — the month skipped for those units under `skip`. An error naming the sheet.
#[test]
fn a_later_sheet_of_scores_under_another_unit_header_is_an_error() {
    let wd = full_year("skip");
    wd.remove("data/2024-03/efficiency.csv");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, unit, rows) in [
        ("乡镇", "单位编码", &[("T1", 90.0), ("T2", 80.0)][..]),
        ("其他", "部门名称", &[("镇3", 70.0)][..]),
    ] {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        ws.write_string(0, 0, unit).unwrap();
        ws.write_string(0, 1, "得分").unwrap();
        for (r, (u, v)) in rows.iter().enumerate() {
            ws.write_string(r as u32 + 1, 0, *u).unwrap();
            ws.write_number(r as u32 + 1, 1, *v).unwrap();
        }
    }
    wb.save(wd.join("data/2024-03/efficiency.xlsx")).unwrap();
    fails_writing_nothing(&wd, "error: data/2024-03/efficiency.xlsx: sheet(s) 其他 (unit column `部门名称`) hold more rows of this table, but only the first sheet (乡镇) is read, and their unit column is not one pingyi reads", 1);
    // Review's cases, no error: a list sharing only a 序号 or 备注 with the scores (contacts), and
    // a ranking of units the first sheet lists already (nothing would be lost). T3's March is
    // then skipped, as its row is nowhere read.
    let mut wb = rust_xlsxwriter::Workbook::new();
    // (name, header, rows)
    type Sheet<'a> = (&'a str, &'a [&'a str], &'a [&'a [&'a str]]);
    let sheets: [Sheet; 3] = [
        (
            "乡镇",
            &["序号", "单位编码", "得分"],
            &[&["1", "T1", "90"], &["2", "T2", "80"]],
        ),
        (
            "联系人",
            &["序号", "部门名称", "联系人"],
            &[&["1", "财政局", "张三"]],
        ),
        (
            "排名",
            &["名次", "乡镇", "得分"],
            &[&["1", "T1", "90"], &["2", "T2", "80"]],
        ),
    ];
    for (name, header, rows) in sheets {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        for (r, row) in std::iter::once(header)
            .chain(rows.iter().copied())
            .enumerate()
        {
            for (c, cell) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    wb.save(wd.join("data/2024-03/efficiency.xlsx")).unwrap();
    let rows = wd.csv(&YEAR);
    assert_eq!(rows.get("T3", "notes"), "skipped month 2024-03");
}

/// Review's case: a month's departments in a file the roll-up does not read (a sub-folder of
/// the month's, a sheet not read) were their month skipped with exit 0 and not a word — each
/// unit's late return looks alike. A whole category without a score in a month file that gives
/// scores is a warning naming it, which `--strict` refuses.
#[test]
fn a_whole_category_without_a_months_score_is_named() {
    let wd = Workdir::sample();
    let path = "data/2024-08/efficiency.csv";
    let text = std::fs::read_to_string(wd.join(path)).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with('D')).collect();
    wd.create(path, &(kept.join("\n") + "\n"));
    wd.create("data/2024-08/区直部门/efficiency.csv", &text);
    let out = wd.run(&["rollup", "--year", "2024"]).success();
    let warning = "warning: data/2024-08/efficiency.csv: no score for any of the 40 unit(s) of category department (区直单位), such as D01 发展和改革局: their 2024-08 is left out — are their scores on another sheet, in another file or in a sub-folder, which is not read?\n";
    assert_eq!(out.stderr.matches(warning).count(), 1, "{}", out.stderr);
    // Townships are in the file: no word of them.
    assert!(!out.stderr.contains("category township"), "{}", out.stderr);
    let rows = wd.csv(&["rollup", "--year", "2024"]);
    assert_eq!(rows.get("D01", "notes"), "skipped month 2024-08");
    wd.run(&["rollup", "--year", "2024", "--strict"]).exit(1);
}

/// A unit with nothing to average is named by the file that was read (`.xlsx`), not by
/// `efficiency.csv`.
#[test]
fn nothing_to_average_names_the_workbook_read() {
    let wd = full_year("skip");
    for m in 1..=12 {
        wd.remove(&format!("data/2024-{m:02}/efficiency.csv"));
    }
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, (u, v)) in [("unit_id", ""), ("T2", "80"), ("T3", "70")]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32, 0, *u).unwrap();
        ws.write_string(r as u32, 1, if r == 0 { "score" } else { v })
            .unwrap();
    }
    wb.save(wd.join("data/2024-12/efficiency.xlsx")).unwrap();
    let out = wd.run(&["rollup", "--year", "2024"]);
    out.fails_with(&["error: data/2024-12/efficiency.xlsx (unit T1 镇1): nothing to average: no score for the unit in month 2024-12; 11 other part(s) were not found"]);
}

/// Review's case: March's file copied into April's folder, its title or its sheet naming March,
/// counted as April's with exit 0. An error naming the month the file names; a title naming the
/// folder's month (or a date beside it) reads as before.
#[test]
fn a_month_file_naming_another_month_is_an_error() {
    let wd = full_year("skip");
    let rows = "unit_id,score\nT1,90\nT2,80\nT3,70\n";
    wd.create(
        "data/2024-04/efficiency.csv",
        &format!("2024年3月份效能考评得分,\n{rows}"),
    );
    fails_writing_nothing(&wd, "error: data/2024-04/efficiency.csv:1: the title `2024年3月份效能考评得分` names 2024-03, but the file lies in the folder of 2024-04: its scores would count as 2024-04's — move it to the folder 2024-03, or correct the title if it holds 2024-04's scores\n", 1);
    wd.create(
        "data/2024-04/efficiency.csv",
        &format!("2024年4月份效能考评得分（制表日期：2024年5月3日）,\n{rows}"),
    );
    let out = wd.csv(&YEAR);
    assert_eq!(out.col("total", &THREE), s(&["86.00", "74.00", "64.00"]));
    wd.remove("data/2024-04/efficiency.csv");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("3月").unwrap();
    for (r, line) in rows.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save(wd.join("data/2024-04/efficiency.xlsx")).unwrap();
    fails_writing_nothing(&wd, "error: data/2024-04/efficiency.xlsx: sheet `3月` names 2024-03, but the file lies in the folder of 2024-04", 1);
}

/// Review's case: a roll-up of a year without one month's file (`rollup --year 2023` where only
/// 2023Q4 is there, kept as the base of 2024Q1's trends) gave an error per unit, "nothing to
/// average: none of the 12 parts (from month 2023-01) was found", 379 of them in the sample. The
/// part wholly absent is one error naming it.
#[test]
fn a_year_without_any_month_file_is_one_error_naming_the_part() {
    let wd = full_year("skip");
    for m in 1..=12 {
        std::fs::remove_dir_all(wd.join(&format!("data/2024-{m:02}"))).unwrap();
    }
    let out = wd.run(&TO_FILE);
    out.fails_with(&[
        "error: data/2024-01/efficiency.csv: nothing to average for the monthly efficiency scores: none of the 12 months of the roll-up (2024-01 … 2024-12) has a file; `[rollup] monthly = 0.2` counts them: add them, or set `monthly = 0` to roll up without\n",
        "\n1 error(s), 12 warning(s)",
    ]);
    assert!(!wd.exists("annual.csv"));
}

/// Review's case: last year's year-end review copied into this year's folder, titled
/// `2023年度年终考评得分`, was read as 2024's with exit 0 (a month's file naming another month
/// was already an error). A title naming another year, and no date of filling in, is an error.
#[test]
fn a_year_end_review_naming_another_year_is_an_error() {
    let wd = full_year("skip");
    let rows = "unit_id,score\nT1,100\nT2,90\nT3,80\n";
    wd.create(
        "data/2024/year_end.csv",
        &format!("2023年度年终考评得分,\n{rows}"),
    );
    fails_writing_nothing(&wd, "error: data/2024/year_end.csv:1: the title `2023年度年终考评得分` names 2023, but the file lies in the folder of 2024: its scores would count as 2024's — move it to the folder 2023, or correct the title if it holds 2024's scores\n", 1);
    // A date names no year: the review is compiled in the January after (review's case).
    for title in [
        "2024年度年终考评得分（填报时间：2025年1月3日）",
        "年终考评得分（2025年1月8日）",
    ] {
        wd.create("data/2024/year_end.csv", &format!("{title},\n{rows}"));
        let out = wd.csv(&YEAR);
        assert_eq!(out.col("total", &THREE), s(&["86.00", "74.00", "64.00"]));
    }
}

/// Review's case: a month file's name beside an id written with its township in front
/// (`城关镇文化路社区`, as rows by name may give it) was a warning that it differs from the
/// registry's, and `--strict` refused a correct file. Only a name that is not the unit's warns.
#[test]
fn a_name_beside_an_id_may_have_its_township_in_front() {
    let wd = Workdir::sample();
    let units = std::fs::read_to_string(wd.join("data/units.csv")).unwrap();
    let name_of = |id: &str| {
        let line = units
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap();
        line.split(',').nth(1).unwrap().to_string()
    };
    let path = "data/2024-09/efficiency.csv";
    let text = std::fs::read_to_string(wd.join(path)).unwrap();
    let mut out = String::from("unit_id,unit_name,score\n");
    for line in text.lines().skip(1) {
        let (id, score) = line.split_once(',').unwrap();
        let name = match id {
            "S01" => "城关镇文化路社区".to_string(),
            "S02" => "人民路社区（城关镇）".to_string(),
            // Under 柳河镇, called 柳河乡 until 2024Q2 (Z07, its former id).
            "V143" => "柳河乡唐家店村".to_string(),
            "Z02" => "龙泉 镇".to_string(),
            "Z03" => "第三镇".to_string(),
            _ => name_of(id),
        };
        out.push_str(&format!("{id},{name},{score}\n"));
    }
    wd.create(path, &out);
    let err = wd.run(&["rollup", "--year", "2024"]).success().stderr;
    assert_eq!(
        err.matches("differs from the registry's").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("(unit Z03 青山镇): name `第三镇` differs from the registry's"),
        "{err}"
    );
}

/// Review's case: the year-end review saved into December's folder was told to be renamed
/// `efficiency.csv` — which would have read it as December's scores. It is told where it goes.
#[test]
fn a_year_end_review_in_a_month_folder_is_told_where_it_goes() {
    let wd = full_year("skip");
    wd.scores(
        "2024-12/year_end.csv",
        &[("T1", "100"), ("T2", "90"), ("T3", "80")],
    );
    fails_writing_nothing(&wd, "error: data/2024-12/year_end.csv: not read: the roll-up reads only efficiency.csv (the month's efficiency scores; also as .xlsx, .xls or .ods) in data/2024-12: the year-end review is read from data/2024: move it there\n", 1);
}

/// Review's case: a month workbook whose first sheet is its instructions (填表说明) was an error
/// quoting the instructions as the header. The scores are read from the first sheet after them
/// with a unit column, and the instructions named in a warning; a first sheet that may hold the
/// table (a column headed as units are) stays the one read.
#[test]
fn instructions_before_the_scores_are_passed_over() {
    let wd = full_year("skip");
    wd.remove("data/2024-06/efficiency.csv");
    let write = |first: &[&str]| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet().set_name("填表说明").unwrap();
        for (r, line) in first.iter().enumerate() {
            ws.write_string(r as u32, 0, *line).unwrap();
        }
        let ws = wb.add_worksheet().set_name("6月").unwrap();
        for (r, (u, v)) in [
            ("单位编码", "得分"),
            ("T1", "90"),
            ("T2", "80"),
            ("T3", "70"),
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(r as u32, 0, *u).unwrap();
            ws.write_string(r as u32, 1, *v).unwrap();
        }
        wb.save(wd.join("data/2024-06/efficiency.xlsx")).unwrap();
    };
    write(&["一、请按百分制填写各单位得分。", "二、不得修改表头。"]);
    let out = wd.run(&YEAR).success();
    assert!(out.stderr.contains("warning: data/2024-06/efficiency.xlsx: sheet(s) 填表说明 passed over: no unit column (unit_id / 单位编码, or unit_name / 单位名称), and nothing of the table; the table is read from sheet 6月\n"), "{}", out.stderr);
    assert_eq!(
        wd.csv(&YEAR).col("total", &THREE),
        s(&["86.00", "74.00", "64.00"])
    );
    // A first sheet headed as units are is the table, and its unit column is not read: an error.
    write(&["部门名称", "财政局"]);
    let out = wd.run(&YEAR);
    assert_eq!(out.code, 1, "{}", out.stderr);
    // So is one holding figures under headers pingyi does not read (review: `排名,考评对象,综合得分`
    // passed over for a later sheet of last month's scores).
    write(&["名次", "1", "2"]);
    let out = wd.run(&YEAR);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!out.stderr.contains("passed over"), "{}", out.stderr);
}

/// Review's case: the mean, the highest and the lowest typed under a month's scores (平均分,
/// 全区平均, 最高分, 最低分) were errors ("no unit is named"); they are summary rows, skipped with
/// a warning as totals are.
#[test]
fn summary_rows_under_the_scores_are_skipped() {
    let wd = full_year("skip");
    wd.create(
        "data/2024-05/efficiency.csv",
        "unit_id,score\nT1,90\nT2,80\nT3,70\n平均分,80\n全区平均,80\n最高分,90\n最低值,70\n均值,80\n",
    );
    let out = wd.run(&YEAR).success();
    for (line, text) in [
        (5, "平均分"),
        (6, "全区平均"),
        (7, "最高分"),
        (8, "最低值"),
        (9, "均值"),
    ] {
        let w = format!("warning: data/2024-05/efficiency.csv:{line}: column unit_id: row skipped: `{text}` totals or signs the list, it names no unit\n");
        assert!(out.stderr.contains(&w), "{w}\nin:\n{}", out.stderr);
    }
    assert_eq!(
        wd.csv(&YEAR).col("total", &THREE),
        s(&["86.00", "74.00", "64.00"])
    );
}

/// Review's case: a score cell formatted as a percentage (0.9 shown `90%`) was told it "has a
/// percent sign" to remove, which the cell never had: the message names the format.
#[test]
fn a_score_cell_formatted_as_a_percentage_names_the_format() {
    let wd = full_year("skip");
    wd.remove("data/2024/year_end.csv");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "单位编码").unwrap();
    ws.write_string(0, 1, "得分").unwrap();
    let pct = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (r, (u, v)) in [("T1", 100.0), ("T2", 0.9), ("T3", 80.0)]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *u).unwrap();
        match *u {
            "T2" => ws.write_number_with_format(r, 1, *v, &pct).unwrap(),
            _ => ws.write_number(r, 1, *v).unwrap(),
        };
    }
    wb.save(wd.join("data/2024/year_end.xlsx")).unwrap();
    fails_writing_nothing(&wd, "error: data/2024/year_end.xlsx:3: sheet Sheet1, cell B3, column 得分 (unit T2 镇2): `90%` is a cell formatted as a percentage (it stores 0.9), but scores are marked out of 100: format the cell as a number and enter the score\n", 1);
}

/// Review's cases of the check above: departments of one class (a track of their own) in a file
/// not read are named by their track; a lone unit without its row (高新区's one unit) is a late
/// return like any other, and villages scored at each quarter's end only (a scheme, not a
/// slip) are named in no month.
#[test]
fn a_whole_track_without_a_months_score_is_named_and_a_scheme_is_not() {
    let wd = Workdir::sample();
    let units = std::fs::read_to_string(wd.join("data/units.csv")).unwrap();
    let class_of = |id: &str| {
        let line = units.lines().find(|l| l.starts_with(&format!("{id},")));
        line.and_then(|l| l.split(',').nth(4))
            .unwrap_or("")
            .to_string()
    };
    let keep = |path: &str, drop: &dyn Fn(&str) -> bool| {
        let text = std::fs::read_to_string(wd.join(path)).unwrap();
        let kept: Vec<&str> = (text.lines())
            .filter(|l| !drop(l.split(',').next().unwrap_or("")))
            .collect();
        wd.create(path, &(kept.join("\n") + "\n"));
    };
    keep("data/2024-04/efficiency.csv", &|id| {
        class_of(id) == "社会类" || id == "GX01"
    });
    for m in [1, 2, 4, 5, 7, 8, 10, 11] {
        keep(&format!("data/2024-{m:02}/efficiency.csv"), &|id| {
            id.starts_with('V')
        });
    }
    let err = wd.run(&["rollup", "--year", "2024"]).success().stderr;
    let warning = "warning: data/2024-04/efficiency.csv: no score for any of the 13 unit(s) of track `dept_social` (区直社会类), such as D15 教育局: their 2024-04 is left out";
    assert!(err.contains(warning), "{err}");
    assert_eq!(err.matches("no score for any").count(), 1, "{err}");
}
