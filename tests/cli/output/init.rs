//! `pingyi init` (issue 12): a starter district that `check` accepts and the default run ranks,
//! in an empty folder; it never writes over a file.

use crate::common::Workdir;

#[test]
fn init_then_the_default_run_ranks_in_an_empty_folder() {
    let d = Workdir::new();
    d.run(&["init", "district", "--period", "2025Q4"])
        .success()
        .stderr_has("wrote a starter district (10 files, data for 2025Q4) to district");
    let district = d.join("district");
    let run = |args: &[&str]| crate::common::Cmd::new(&district).args(args).run();
    let check = run(&["check", "--strict"]).success();
    assert!(
        check
            .stderr
            .contains("ok: 2025Q4 — 3 tracks, 9 indicators, 12 units"),
        "{}",
        check.stderr
    );
    let md = run(&["--format", "markdown"]).success().stdout;
    assert!(md.starts_with("# 考核结果通报 · 2025Q4\n"), "{md}");
    // Two villages named 东湖村, told apart by their township.
    assert!(
        md.contains("| 东湖村 | 城关镇 |") && md.contains("| 东湖村 | 石桥镇 |"),
        "{md}"
    );
    let csv = run(&["--format", "csv"]).success().stdout;
    assert_eq!(csv.lines().count(), 1 + 12);
    // The default period is the last quarter that has ended: some YYYYQn folder.
    let e = Workdir::new();
    e.run(&["init", "-q"]).success().stderr_is("");
    e.run(&["check", "-q"]).success();
}

#[test]
fn init_refuses_to_write_over_a_file() {
    let d = Workdir::new();
    d.create("scoring-config.toml", "# ours\n");
    d.run(&["init", "."])
        .exit(2)
        .stderr_has("scoring-config.toml exists already");
    assert_eq!(d.read_string("scoring-config.toml"), "# ours\n");
    assert!(!d.exists("data"));
}

/// Fills every empty cell of a template CSV: `是` for a yes/no column, else `value`.
fn fill(csv_text: &str, value: &str) -> String {
    let mut lines = csv_text.lines();
    let header = lines.next().unwrap().to_string();
    let yes_no: Vec<bool> = header.split(',').map(|h| h.contains("招商任务")).collect();
    let rows = lines.map(|l| {
        l.split(',')
            .zip(&yes_no)
            .map(|(c, &yn)| match (c, yn) {
                ("", true) => "是",
                ("", false) => value,
                (c, _) => c,
            })
            .collect::<Vec<_>>()
            .join(",")
    });
    std::iter::once(header)
        .chain(rows)
        .map(|l| l + "\n")
        .collect()
}

#[test]
fn template_tables_round_trip_into_the_period_folder() {
    let d = Workdir::new();
    d.run(&["init", ".", "--period", "2025Q4", "-q"]).success();
    d.run(&[
        "template", "--period", "2026Q1", "--format", "csv", "--out", "t",
    ])
    .success()
    .stderr_has("wrote 6 table(s) for 2026Q1 to t");
    let village = d.read("t/village.csv");
    assert!(
        village.starts_with(b"\xEF\xBB\xBF"),
        "Excel reads it as UTF-8"
    );
    let village = String::from_utf8(village[3..].to_vec()).unwrap();
    assert_eq!(
        village,
        "单位编码,单位名称,所属乡镇,固定资产投资(亿元),安全生产事故(起),党建工作考核(分),村集体经营性收入(万元)\n\
         V01,东湖村,城关镇,,,,\nV02,李屯村,城关镇,,,,\nV03,东湖村,石桥镇,,,,\nV04,余湾村,白马镇,,,,\n"
    );
    // Filled in and saved into the period's folder, the tables are read as they are.
    for cat in [
        "township",
        "subdistrict",
        "hightech_zone",
        "village",
        "community",
        "department",
    ] {
        let text = String::from_utf8(d.read(&format!("t/{cat}.csv"))[3..].to_vec()).unwrap();
        d.create(&format!("data/2026Q1/{cat}.csv"), &fill(&text, "7"));
    }
    d.run(&["check", "--period", "2026Q1", "--strict", "-q"])
        .success();
    let rows = d.csv(&["--period", "2026Q1"]);
    assert_eq!(rows.len(), 12);
    assert_eq!(rows.get("V03", "party"), "7");
    assert_eq!(rows.get("V03", "parent_name"), "石桥镇");
    assert_eq!(rows.get("D02", "sign"), "1");
    // Workbooks (the default): the same header, every cell text, and an instructions sheet.
    d.run(&["template", "--period", "2026Q1", "--out", "x", "-q"])
        .success();
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(d.join("x/village.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["村", "填报说明"]);
    let sheet = book.worksheet_range("村").unwrap();
    assert_eq!(
        sheet.get((0, 3)),
        Some(&Data::String("固定资产投资(亿元)".into()))
    );
    assert_eq!(sheet.get((3, 0)), Some(&Data::String("V03".into())));
    // An unfilled workbook in the period folder is read as it is: every cell is missing.
    std::fs::remove_dir_all(d.join("data/2026Q1")).unwrap();
    d.mkdir("data/2026Q1");
    for cat in [
        "township",
        "subdistrict",
        "hightech_zone",
        "village",
        "community",
        "department",
    ] {
        std::fs::copy(
            d.join(&format!("x/{cat}.xlsx")),
            d.join(&format!("data/2026Q1/{cat}.xlsx")),
        )
        .unwrap();
    }
    d.run(&["check", "--period", "2026Q1"])
        .exit(1)
        .stderr_has("data/2026Q1/village.xlsx:5: sheet 村, cell G5");
    // Nothing is written over.
    d.run(&["template", "--period", "2026Q1", "--out", "x"])
        .exit(2);
}
