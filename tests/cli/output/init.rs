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

/// Review's case: the next quarter's collection tables put in its folder before they are filled
/// in (as an office does at the quarter's start, while cron runs the default quarter) gave 45
/// errors, one per empty cell and one of `average` with no value: data not there yet, as a late
/// file is. The default run says so in one line; a table with some values and a blank keeps its
/// error list.
#[test]
fn unfilled_collection_tables_make_an_incomplete_latest_quarter() {
    let d = Workdir::new();
    d.run(&["init", "--period", "2025Q4", "-q"]).success();
    d.run(&["template", "--period", "2026Q1", "--out", "t", "-q"])
        .success();
    std::fs::rename(d.join("t"), d.join("data/2026Q1")).unwrap();
    let out = d.run(&[]).exit(1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with("error: the latest quarter 2026Q1 is incomplete (45 problem(s) such as: "),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("(the table holds no value at all: not filled in yet?); `pingyi check --period 2026Q1` lists them); the latest complete quarter is 2025Q4: add --period 2025Q4 to use it\n"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    // The quarter's CSV tables from 2025Q4, one cell emptied: a blank among values is listed.
    std::fs::remove_dir_all(d.join("data/2026Q1")).unwrap();
    d.mkdir("data/2026Q1");
    for f in std::fs::read_dir(d.join("data/2025Q4")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, d.join("data/2026Q1").join(f.file_name().unwrap())).unwrap();
    }
    d.edit("data/2026Q1/township.csv", |t| {
        let mut lines: Vec<String> = t.lines().map(String::from).collect();
        let mut cells: Vec<&str> = lines[1].split(',').collect();
        cells[2] = "";
        lines[1] = cells.join(",");
        lines.join("\n") + "\n"
    });
    let out = d.run(&[]).exit(1);
    assert!(
        out.stderr.starts_with("error: invalid config or data:\n"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("not filled in yet"), "{}", out.stderr);
    // Review's case: the quarter before, scored once, with a table put back unfilled is wrong,
    // not "part of a period" whose trends are left out with a warning and exit 0.
    let township = std::fs::read_to_string(d.join("data/2025Q4/township.csv")).unwrap();
    d.create("data/2026Q1/township.csv", &township);
    d.run(&["template", "--period", "2025Q4", "--out", "t4", "-q"])
        .success();
    std::fs::remove_file(d.join("data/2025Q4/township.csv")).unwrap();
    std::fs::copy(
        d.join("t4/township.xlsx"),
        d.join("data/2025Q4/township.xlsx"),
    )
    .unwrap();
    let out = d.run(&["--period", "2026Q1"]).exit(1);
    let err = &out.stderr;
    assert!(
        err.contains("data/2025Q4/township.xlsx:2: sheet 乡镇"),
        "{err}"
    );
    assert!(
        err.contains("(the table holds no value at all: not filled in yet?)"),
        "{err}"
    );
    assert!(!err.contains("no trend columns"), "{err}");
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
    .stderr_has(
        "wrote 6 table(s) for 2026Q1 to t, and targets.csv with 2025Q4's targets as they were",
    );
    // The previous quarter's targets, as they were: without them the quarter is warned of.
    assert_eq!(d.read("t/targets.csv"), d.read("data/2025Q4/targets.csv"));
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
        .exit(1)
        .stderr_has("2026Q1/targets.csv: file not found, though 2025Q4 has one");
    std::fs::copy(d.join("t/targets.csv"), d.join("data/2026Q1/targets.csv")).unwrap();
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
    // Each indicator column is validated as pingyi reads it: a number (within the valid range
    // when the indicator has one) or 不适用; 是 / 否 / 不适用 from a list for a yes/no indicator.
    d.edit("scoring-config.toml", |t| {
        t.replace(
            "name = \"党建工作考核\"\n",
            "name = \"党建工作考核\"\nmin = 0\nmax = 100\n",
        )
    });
    d.run(&["template", "--period", "2026Q1", "--out", "v", "-q"])
        .success();
    let sheet_xml = |file: &str| {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(d.join(file)).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        xml
    };
    let village = sheet_xml("v/village.xlsx");
    assert!(
        village
            .contains(r#"sqref="D2:D5"><formula1>OR(D2="不适用",AND(ISNUMBER(--D2)))</formula1>"#),
        "{village}"
    );
    assert!(village.contains(r#"sqref="F2:F5"><formula1>OR(F2="不适用",AND(ISNUMBER(--F2),--F2&gt;=0,--F2&lt;=100))</formula1>"#), "{village}");
    assert!(
        village.contains(r#"error="填0 ~ 100 之间的数（单位：分），或 不适用""#),
        "{village}"
    );
    let department = sheet_xml("v/department.xlsx");
    assert!(
        department.contains(r#"<dataValidation type="list" allowBlank="1""#),
        "{department}"
    );
    assert!(
        department.contains(r#"sqref="C2:C3"><formula1>"是,否,不适用"</formula1>"#),
        "{department}"
    );
    // Review's case: a `direct` score took any number (65.2 was typed), though pingyi refuses
    // one outside [0, the indicator's points]: 民主评议得分 has 60 points on the dept track.
    assert!(department.contains(r#"sqref="D2:D3"><formula1>OR(D2="不适用",AND(ISNUMBER(--D2),--D2&gt;=0,--D2&lt;=60))</formula1>"#), "{department}");
    assert!(
        department.contains(r#"error="填0 ~ 60 之间的数（单位：分），或 不适用""#),
        "{department}"
    );
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

#[test]
fn indicators_with_a_lead_department_are_collected_in_its_own_table_and_read_back() {
    let d = Workdir::new();
    d.run(&["init", ".", "--period", "2025Q4", "-q"]).success();
    // 安全生产事故 (villages and communities) and 民主评议得分 (departments) come from 区应急管理局.
    d.edit("scoring-config.toml", |t| {
        t.replace(
            "name = \"安全生产事故\"\n",
            "name = \"安全生产事故\"\nsource = \"区应急管理局\"\n",
        )
        .replace(
            "name = \"民主评议得分\"\n",
            "name = \"民主评议得分\"\nsource = \"区应急管理局\"\n",
        )
    });
    d.run(&[
        "template", "--period", "2026Q1", "--format", "csv", "--out", "t",
    ])
    .success()
    .stderr_has("wrote 7 table(s)")
    .stderr_has("and targets.csv with 2025Q4's targets");
    let text = |f: &str| String::from_utf8(d.read(f)[3..].to_vec()).unwrap();
    assert_eq!(
        text("t/village.csv"),
        "单位编码,单位名称,所属乡镇,固定资产投资(亿元),党建工作考核(分),村集体经营性收入(万元)\n\
         V01,东湖村,城关镇,,,\nV02,李屯村,城关镇,,,\nV03,东湖村,石桥镇,,,\nV04,余湾村,白马镇,,,\n"
    );
    let lead = text("t/区应急管理局.csv");
    let mut lines = lead.lines();
    assert_eq!(
        lines.next().unwrap(),
        "单位编码,单位名称,所属乡镇,安全生产事故(起),民主评议得分(分)"
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows.contains(&"V03,东湖村,石桥镇,,不考核"), "{lead}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("D01,") && r.ends_with(",不考核,")),
        "{lead}"
    );
    // Every table filled in and saved into the period folder: each cell is given once.
    // The targets carried forward are saved as they are.
    std::fs::create_dir_all(d.join("data/2026Q1")).unwrap();
    std::fs::rename(d.join("t/targets.csv"), d.join("data/2026Q1/targets.csv")).unwrap();
    for f in read_dir_names(&d.join("t")) {
        let filled = fill(&text(&format!("t/{f}")), "7");
        d.create(&format!("data/2026Q1/{f}"), &filled);
    }
    d.run(&["check", "--period", "2026Q1", "--strict", "-q"])
        .success();
    let rows = d.csv(&["--period", "2026Q1"]);
    assert_eq!(rows.get("V03", "acc"), "7");
    assert_eq!(rows.get("V03", "party"), "7");
}

fn read_dir_names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The previous quarter's targets carried forward name a village renamed since (V04 余湾村 until
/// 2025Q4, continued by V09 from 2026Q1): `template` warns of the row with the unit that
/// continues it, and `check` refuses the row, saying the same.
#[test]
fn carried_targets_of_a_renamed_unit_name_the_unit_that_continues_it() {
    let d = Workdir::new();
    d.run(&["init", ".", "--period", "2025Q4", "-q"]).success();
    let units = String::from_utf8(d.read("data/units.csv")).unwrap();
    let mut renamed = String::from("id,name,category,parent,class,former_ids,from,until\n");
    for line in units.lines().skip(1) {
        if line.starts_with("V04,") {
            renamed.push_str(&format!(
                "{line},,,2025Q4\nV09,余湾新村,village,T03,,V04,2026Q1,\n"
            ));
        } else {
            renamed.push_str(&format!("{line},,,\n"));
        }
    }
    d.create("data/units.csv", &renamed);
    let why = "column unit_id (unit V04 余湾村): the unit is not assessed in 2026Q1 (see its from/until in units.csv); V09 余湾新村 continues it (its former_ids list V04): give the row that unit's id";
    d.run(&[
        "template", "--period", "2026Q1", "--format", "csv", "--out", "t",
    ])
    .success()
    .stderr_has(&format!("warning: data/2025Q4/targets.csv:5: {why}"));
    std::fs::create_dir_all(d.join("data/2026Q1")).unwrap();
    std::fs::copy(d.join("t/targets.csv"), d.join("data/2026Q1/targets.csv")).unwrap();
    d.run(&["check", "--period", "2026Q1"])
        .exit(1)
        .stderr_has(&format!("error: data/2026Q1/targets.csv:5: {why}"));
}
