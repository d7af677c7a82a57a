//! A period assembled from lead-department submissions (牵头部门报送), cell by cell, and a period
//! whose files are not all in yet.

use rust_xlsxwriter::Workbook;

use super::{bold, fails, office, sheet, totals, BASELINE};
use crate::common::Workdir;

/// The period as three offices send it, with no category table: the statistics bureau's
/// workbook (gdp for every unit, tax for the townships, by id), the assessment office's CSV
/// (rates by name, villages with their township) and the emergency bureau's GBK CSV (accident
/// counts of the townships, and `extra` cells of other columns).
fn submissions(w: &Workdir, extra_header: &str, extra: [&str; 3]) {
    for table in ["data/2024Q2/township.csv", "data/2024Q2/village.csv"] {
        if w.exists(table) {
            w.remove(table);
        }
    }
    let mut wb = Workbook::new();
    sheet(
        &mut wb,
        "报送",
        &[
            &["区统计局 2024年第二季度报送"],
            &[
                "单位编码",
                "单位名称",
                "地区生产总值（万元）",
                "税收收入（万元）",
            ],
            &["T1", "甲镇", "1000", "50"],
            &["T2", "乙镇", "2000", "100"],
            &["T3", "丙镇", "500", "120"],
            &["V1", "东湖村", "100"],
            &["V2", "东湖村", "200"],
            &["V3", "青山村", "50"],
        ],
    )
    .set_row_format(1, &bold())
    .unwrap();
    wb.save(w.join("data/2024Q2/区统计局.xlsx")).unwrap();
    w.create(
        "data/2024Q2/区考核办.csv",
        "单位名称,所属乡镇,任务完成率\n甲镇,,80%\n乙镇,,100%\n丙镇,,50%\n\
         东湖村,甲镇,50%\n东湖村,乙镇,100%\n青山村,乙镇,25%\n",
    );
    let csv = format!(
        "单位编码,安全事故{extra_header}\nT1,1{}\nT2,0{}\nT3,2{}\n",
        extra[0], extra[1], extra[2]
    );
    w.create_bytes(
        "data/2024Q2/区应急管理局.csv",
        &encoding_rs::GBK.encode(&csv).0,
    );
}

#[test]
fn three_lead_department_submissions_assemble_a_period() {
    let w = office();
    submissions(&w, "", ["", "", ""]);
    assert_eq!(totals(&w, &[]), BASELINE);
    let json = w.json(&["check"]);
    assert_eq!(json["complete"], true, "{json}");
    let lines = json["lines"].as_array().unwrap();
    let line = |ind: &str, cat: &str| {
        lines
            .iter()
            .find(|l| l["indicator"] == ind && l["category"] == cat)
            .unwrap_or_else(|| panic!("no line {ind} {cat}: {json}"))
    };
    let stats = "sheet 报送 of data/2024Q2/区统计局.xlsx";
    for (ind, cat, source, expected, file) in [
        ("gdp", "township", "区统计局", 3, stats),
        ("gdp", "village", "区统计局", 3, stats),
        ("tax", "township", "区统计局", 3, stats),
        (
            "rate",
            "township",
            "区考核办",
            3,
            "data/2024Q2/区考核办.csv",
        ),
        ("rate", "village", "区考核办", 3, "data/2024Q2/区考核办.csv"),
        (
            "acc",
            "township",
            "区应急管理局",
            3,
            "data/2024Q2/区应急管理局.csv",
        ),
    ] {
        let l = line(ind, cat);
        assert_eq!(l["source"], source, "{l}");
        assert_eq!(
            (&l["expected"], &l["given"]),
            (&expected.into(), &expected.into()),
            "{l}"
        );
        assert_eq!(l["absent"], 0, "{l}");
        assert_eq!(l["files"], serde_json::json!([file]), "{l}");
    }
    assert_eq!(lines.len(), 6, "{json}");
    // One track alone: the rows (by name, in 区考核办.csv) of the other track's units are
    // passed over, as rows by id are.
    for (track, units, expected) in [
        ("town", ["T1", "T2", "T3"], ["64.00", "100.00", "45.00"]),
        ("village", ["V1", "V2", "V3"], ["50.00", "100.00", "25.00"]),
    ] {
        let rows = w.rank_csv(&["--track", track]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows.col("total", &units), expected);
        w.run(&["check", "--track", track]).success();
    }
    // Each statement names the file and line every value came from.
    let stats = "data/2024Q2/区统计局.xlsx（报送）";
    for (unit, expected) in [
        (
            "T2",
            vec![
                ("gdp", stats, 4),
                ("rate", "data/2024Q2/区考核办.csv", 3),
                ("acc", "data/2024Q2/区应急管理局.csv", 3),
                ("tax", stats, 4),
            ],
        ),
        (
            "V2",
            vec![("gdp", stats, 7), ("rate", "data/2024Q2/区考核办.csv", 6)],
        ),
    ] {
        let json = w.json(&["statement", unit]);
        let indicators = json["statements"][0]["indicators"].as_array().unwrap();
        let got: Vec<(String, String, u64)> = indicators
            .iter()
            .map(|i| {
                let s = &i["source"];
                let id = i["id"].as_str().unwrap().to_string();
                (
                    id,
                    s["file"].as_str().unwrap().to_string(),
                    s["line"].as_u64().unwrap(),
                )
            })
            .collect();
        let want: Vec<(String, String, u64)> = expected
            .iter()
            .map(|(i, f, l)| (i.to_string(), f.to_string(), *l))
            .collect();
        assert_eq!(got, want, "{unit}");
    }
    let md = w
        .run(&["statement", "T2", "--format", "markdown"])
        .success()
        .stdout;
    assert!(
        md.contains("## 数据来源\n\n- data/2024Q2/区统计局.xlsx（报送） 第 4 行：地区生产总值、税收收入\n- data/2024Q2/区考核办.csv 第 3 行：任务完成率\n- data/2024Q2/区应急管理局.csv 第 3 行：安全事故\n"),
        "{md}"
    );
}

#[test]
fn the_same_cell_from_two_submissions_is_an_error_naming_both() {
    let w = office();
    // The emergency bureau also sends the townships' gdp, 乙镇's with another figure than the
    // statistics bureau's (files are read in name order: 区应急管理局 before 区统计局).
    submissions(&w, ",地区生产总值", [",1000", ",2100", ",500"]);
    let also =
        "`gdp` (地区生产总值) of this unit is also given by data/2024Q2/区应急管理局.csv line";
    let same = "(the same value; set `duplicates = \"equal\"` on the indicator to accept equal values): keep it in one file";
    let f = "error: data/2024Q2/区统计局.xlsx";
    assert_eq!(
        fails(&w, &[]),
        format!(
            "error: invalid config or data:\n\
             {f}:3: sheet 报送, cell C3, column 地区生产总值（万元） (unit T1 甲镇): {also} 2 {same}\n\
             {f}:4: sheet 报送, cell C4, column 地区生产总值（万元） (unit T2 乙镇): {also} 3 with another value: keep it in one file\n\
             {f}:5: sheet 报送, cell C5, column 地区生产总值（万元） (unit T3 丙镇): {also} 4 {same}\n\
             3 error(s), 0 warning(s)\n"
        )
    );
    // Without the second column, the three files make the period.
    submissions(&w, "", ["", "", ""]);
    assert_eq!(totals(&w, &[]), BASELINE);
    // Declared acceptable, equal values are taken once; a different one stays an error.
    w.edit("scoring-config.toml", |t| {
        t.replace(
            "source = \"区统计局\"\n\n[[indicators]]\nid = \"rate\"",
            "source = \"区统计局\"\nduplicates = \"equal\"\n\n[[indicators]]\nid = \"rate\"",
        )
    });
    submissions(&w, ",地区生产总值", [",1000", ",2000", ",500"]);
    assert_eq!(totals(&w, &[]), BASELINE);
    submissions(&w, ",地区生产总值", [",1000", ",2100", ",500"]);
    assert_eq!(
        fails(&w, &[]),
        format!(
            "error: invalid config or data:\n\
             {f}:4: sheet 报送, cell C4, column 地区生产总值（万元） (unit T2 乙镇): {also} 3 with another value: keep it in one file\n\
             1 error(s), 0 warning(s)\n"
        )
    );
}

#[test]
fn a_late_village_file_holds_back_the_quarter_but_not_the_town_track() {
    let w = office();
    w.copy_fixture("office/township.csv", "data/2024Q1/township.csv")
        .copy_fixture("office/village.csv", "data/2024Q1/village.csv");
    // 2024Q2: the townships are in, the village table is late.
    w.remove("data/2024Q2/village.csv");
    let missing = "data/2024Q2/village.csv: file not found (nor village.xlsx, nor a sheet `village` or `村` in 2024Q2.xlsx, nor rows in any other file): the registry lists 3 village (村) units, so the period needs their rows";
    // The default run (the latest quarter) says so in one line, naming the quarter to use.
    let out = w.run(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!("error: the latest quarter 2024Q2 is incomplete (3 problem(s) such as: {missing}; `pingyi check --period 2024Q2` lists them); the latest complete quarter is 2024Q1: add --period 2024Q1 to use it\n")
    );
    // Review's case: with a data folder of its own, the command to list the problems names it
    // (`pingyi check --period 2024Q2` alone would read ./data).
    // Quoted for the shell where it needs it (a space, brackets), not otherwise.
    let mut at = "data";
    for (folder, shown) in [
        ("考核数据", "考核数据"),
        ("考核 数据", "'考核 数据'"),
        ("data(备份)", "'data(备份)'"),
    ] {
        std::fs::rename(w.join(at), w.join(folder)).unwrap();
        at = folder;
        let out = w.run(&["--data", folder]);
        let want = format!("; `pingyi check --period 2024Q2 --data {shown}` lists them);");
        assert!(out.stderr.contains(&want), "{}", out.stderr);
    }
    std::fs::rename(w.join(at), w.join("data")).unwrap();
    // The township ranking can be published, with its trend against 2024Q1.
    let rows = w.rank_csv(&["--track", "town"]);
    assert_eq!(rows.order, ["T2", "T1", "T3"]);
    assert_eq!(
        rows.col("total", &["T1", "T2", "T3"]),
        ["64.00", "100.00", "45.00"]
    );
    assert_eq!(rows.col("period", &["T1"]), ["2024Q2"]);
    assert_eq!(rows.col("prev_rank", &["T1", "T2", "T3"]), ["2", "1", "3"]);
    let out = w.run(&["check", "--track", "town"]).success();
    assert!(
        out.stderr.contains(
            "ok: 2024Q2 — 2 tracks, 4 indicators, 3 units, 0 adjustments; 0 warning(s)\n"
        ),
        "{}",
        out.stderr
    );
    // The period asked for by name lists every problem; `check` what is missing, by lead
    // department.
    let err = fails(&w, &["--period", "2024Q2"]);
    assert!(err.contains(&format!("error: {missing}\n")), "{err}");
    assert!(err.ends_with("\n3 error(s), 0 warning(s)\n"), "{err}");
    let check = w.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stdout.contains(
            "【尚未报送（按牵头部门）】\n\n\
             \x20 · 区统计局：地区生产总值（gdp）3 个村\n\
             \x20 · 区考核办：任务完成率（rate）3 个村\n"
        ),
        "{}",
        check.stdout
    );
    // The same for scripts: not complete, each village cell absent, by its lead department.
    let check = w.run(&["check", "--format", "json"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(json["complete"], false, "{json}");
    let village: Vec<_> = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["category"] == "village")
        .map(|l| {
            let field = |k: &str| l[k].to_string();
            [
                "indicator",
                "source",
                "expected",
                "given",
                "absent",
                "files",
            ]
            .map(field)
            .join(" ")
        })
        .collect();
    assert_eq!(
        village,
        [
            r#""gdp" "区统计局" 3 0 3 []"#,
            r#""rate" "区考核办" 3 0 3 []"#
        ],
        "{json}"
    );
    // The village file comes in, and an empty folder for the next quarter is made early: the
    // default run does not fall back silently either.
    w.copy_fixture("office/village.csv", "data/2024Q2/village.csv")
        .mkdir("data/2024Q3");
    let out = w.run(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("error: the latest quarter 2024Q3 is incomplete (")
            && out.stderr.ends_with("; `pingyi check --period 2024Q3` lists them); the latest complete quarter is 2024Q2: add --period 2024Q2 to use it\n")
            && out.stderr.lines().count() == 1,
        "{}",
        out.stderr
    );
    assert_eq!(totals(&w, &["--period", "2024Q2"]), BASELINE);
}

#[test]
fn an_empty_submission_file_is_named_in_a_warning() {
    // A file saved empty by mistake gives nothing; the run says so rather than pass it over.
    let w = office();
    w.create("data/2024Q2/区信访局.csv", "");
    let out = w.run(&["check"]).success();
    assert!(
        out.stderr.contains(
            "warning: data/2024Q2/区信访局.csv: file ignored: it is empty (no header, no rows)\n"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("; 1 warning(s)\n"), "{}", out.stderr);
    assert_eq!(totals(&w, &[]), BASELINE);
}

/// A late department table in a new quarter of the sample district: its tracks have an
/// indicator with `missing = "average"` (民主评议满意度), whose column then has no value at all.
/// That is the late file, not a fault of the scheme: the default run still says in one line
/// which quarter is complete, and `check` blames the file, never the config.
#[test]
fn a_late_file_whose_tracks_average_missing_values_still_names_the_complete_quarter() {
    let w = Workdir::sample();
    for f in [
        "township",
        "subdistrict",
        "hightech_zone",
        "village",
        "community",
        "targets",
    ] {
        let text = w.read_string(&format!("data/2024Q4/{f}.csv"));
        w.create(&format!("data/2025Q1/{f}.csv"), &text);
    }
    let out = w.run(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error: the latest quarter 2025Q1 is incomplete (")
            && out
                .stderr
                .contains("data/2025Q1/department.csv: file not found")
            && out.stderr.ends_with(
                "the latest complete quarter is 2024Q4: add --period 2024Q4 to use it\n"
            ),
        "{}",
        out.stderr
    );
    let out = w.run(&["check", "--period", "2025Q1"]);
    assert_eq!(out.code, 1);
    assert!(
        !out.stderr.contains("needs at least one unit with a value"),
        "{}",
        out.stderr
    );
    // A column that is given but holds no value at all is still the scheme's error.
    let dept = w.read_string("data/2024Q4/department.csv");
    let header = dept.lines().next().unwrap().to_string();
    let col = header
        .split(',')
        .position(|h| h == "pymyd")
        .expect("pymyd column");
    let emptied: String = dept
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let mut cells: Vec<&str> = l.split(',').collect();
            if i > 0 {
                cells[col] = "";
            }
            cells.join(",") + "\n"
        })
        .collect();
    w.create("data/2025Q1/department.csv", &emptied);
    let out = w.run(&["check", "--period", "2025Q1"]);
    assert!(
        out.stderr
            .contains("`average` needs at least one unit with a value on track"),
        "{}",
        out.stderr
    );
}
