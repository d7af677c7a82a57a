//! `pingyi report` end to end on a small fixture written from strings: the package has every
//! file; the workbook read back (calamine) has the sheets and the ranks and totals of
//! `rank --format csv`; text that looks like a formula stays a string; two runs give the same
//! bytes; the HTML is self-contained with every chart and unit; an existing folder is refused.
//!
//! Fixture — two tracks, two quarters (so that trends and the rank-change chart exist):
//!
//! | track   | units                                      | indicators (P)            |
//! |---------|--------------------------------------------|---------------------------|
//! | town    | A 甲镇, B 乙镇, X (a formula-like name)     | out 60 (proportional), acc 40 (−10 each) |
//! | village | V1 东村, V2 西村 (of A), V3 南村, C1 北社区 (of B) | the same               |

use std::collections::HashMap;
use std::path::PathBuf;

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::common::{files, sha256_hex, Workdir};

const CONFIG: &str = r#"
decimals = 2

[[dimensions]]
id = "econ"
name = "经济发展"
core = true
[[dimensions]]
id = "safe"
name = "安全稳定"

[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = 100
grades = { by = "share", levels = [{ name = "优秀", share = 0.34 }, { name = "一般", share = 1.0 }] }

[[tracks]]
id = "village"
name = "村（社区）"
categories = ["village", "community"]
total = 100
grades = { by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }

[[indicators]]
id = "out"
name = "产值"
unit = "亿元"
dimension = "econ"
method = "proportional"
direction = "higher"
points = { town = 60, village = 60 }

[[indicators]]
id = "acc"
name = "事故"
dimension = "safe"
method = "deduct"
direction = "lower"
per = 10
points = { town = 40, village = 40 }
"#;

/// A unit name that a spreadsheet would run as a formula if it were written as one.
const INJECTION: &str = "=HYPERLINK(\"evil.example\",\"点我\")";

fn units() -> String {
    format!(
        "id,name,category,parent\nA,甲镇,township,\nB,乙镇,township,\nX,\"{}\",township,\nV1,东村,village,A\nV2,西村,village,A\nV3,南村,village,B\nC1,北社区,community,B\n",
        INJECTION.replace('"', "\"\"")
    )
}

const FILES: [(&str, &str); 6] = [
    (
        "2024Q1/township.csv",
        "unit_id,out,acc\nA,100,0\nB,80,1\nX,50,2\n",
    ),
    (
        "2024Q1/village.csv",
        "unit_id,out,acc\nV1,10,0\nV2,8,1\nV3,6,0\n",
    ),
    ("2024Q1/community.csv", "unit_id,out,acc\nC1,9,2\n"),
    (
        "2024Q2/township.csv",
        "unit_id,out,acc\nA,90,1\nB,100,0\nX,60,0\n",
    ),
    (
        "2024Q2/village.csv",
        "unit_id,out,acc\nV1,7,0\nV2,10,0\nV3,5,3\n",
    ),
    ("2024Q2/community.csv", "unit_id,out,acc\nC1,9,1\n"),
];

/// The fixture in a fresh folder.
fn district() -> Workdir {
    let w = Workdir::new();
    w.config(CONFIG).units(&units());
    for (name, text) in FILES {
        w.create(&format!("data/{name}"), text);
    }
    w
}

/// `pingyi report --out DIR` succeeds.
fn report(w: &Workdir, dir: &str) -> PathBuf {
    w.run(&["report", "--out", dir, "-q"]).success();
    w.join(dir)
}

const UNIT_IDS: [&str; 7] = ["A", "B", "X", "V1", "V2", "V3", "C1"];

#[test]
fn the_package_has_every_file() {
    let w = district();
    let dir = report(&w, "out");
    let mut expected = vec![
        "manifest.json".to_string(),
        "notice.md".into(),
        "report.html".into(),
        "results.xlsx".into(),
    ];
    for id in UNIT_IDS {
        expected.push(format!("statements/{id}.csv"));
        expected.push(format!("statements/{id}.md"));
    }
    expected.sort();
    assert_eq!(files(&dir), expected);
    // Nothing else beside it: no temporary folder left.
    let beside: Vec<String> = std::fs::read_dir(w.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(beside.iter().all(|n| !n.starts_with('.')), "{beside:?}");
}

#[test]
fn notice_and_statements_reuse_the_markdown_and_csv_renderers() {
    let w = district();
    report(&w, "out");
    let notice = w.read_string("out/notice.md");
    let rank_md = w.stdout(&["rank", "--format", "markdown"]);
    assert_eq!(notice, rank_md);
    assert!(notice.contains("较2024Q1名次"));
    let md = w.stdout(&["statement", "V1", "--format", "markdown"]);
    assert_eq!(w.read_string("out/statements/V1.md"), md);
    // The package's CSV files begin with a byte-order mark (for Excel); stdout has none.
    let csv = w.stdout(&["statement", "V1", "--format", "csv"]);
    assert_eq!(
        w.read_string("out/statements/V1.csv"),
        format!("\u{feff}{csv}")
    );
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_workbook_has_the_sheets_and_the_ranks_and_totals_of_rank() {
    let w = district();
    let dir = report(&w, "out");
    let mut wb: Xlsx<_> = open_workbook(dir.join("results.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["乡镇", "村（社区）", "指标明细", "对账单", "全区基本面"]
    );
    // Every track sheet row against `rank --format csv`: rank and total per unit id.
    let ranked = w.csv(&["rank"]);
    let mut expected: HashMap<String, (String, String, String)> = HashMap::new();
    for id in &ranked.order {
        expected.insert(
            id.clone(),
            (
                ranked.get(id, "rank").to_string(),
                ranked.get(id, "total").to_string(),
                ranked.get(id, "grade").to_string(),
            ),
        );
    }
    let mut seen = 0;
    for sheet in ["乡镇", "村（社区）"] {
        let range = wb.worksheet_range(sheet).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        let header = &rows[0];
        let at = |name: &str| header.iter().position(|c| c == name).unwrap();
        assert!(header.contains(&"2024Q1名次".to_string()));
        for row in &rows[1..] {
            let (rank, total, grade) = &expected[&row[at("单位编码")]];
            assert_eq!(&row[at("名次")], rank);
            let t: f64 = row[at("总分")].parse().unwrap();
            assert_eq!(&format!("{t:.2}"), total);
            assert_eq!(&row[at("等次")], grade);
            seen += 1;
        }
    }
    assert_eq!(seen, UNIT_IDS.len());
    // 2 indicators per unit; a statement row for every item.
    assert_eq!(wb.worksheet_range("指标明细").unwrap().height(), 1 + 2 * 7);
    // A header row and at least eight items per statement; the header that of the statement
    // CSV under its Chinese names, as every sheet of the workbook is headed.
    let items = wb.worksheet_range("对账单").unwrap();
    assert!(items.height() > 7 * 8);
    let header: Vec<String> = items.rows().next().unwrap().iter().map(cell_text).collect();
    let zh = w
        .run(&["statement", "--all", "--format", "csv", "--headers", "zh"])
        .success()
        .stdout;
    assert_eq!(header.join(","), zh.lines().next().unwrap());
    assert_eq!(&header[..3], ["单位代码", "单位", "所属乡镇"]);
    let summary = wb.worksheet_range("全区基本面").unwrap();
    assert_eq!(
        cell_text(summary.get((0, 0)).unwrap()),
        "全区基本面 · 2024Q2"
    );
}

#[test]
fn a_formula_like_unit_name_stays_a_string_cell() {
    let w = district();
    let dir = report(&w, "out");
    let mut wb: Xlsx<_> = open_workbook(dir.join("results.xlsx")).unwrap();
    for sheet in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "a formula in sheet {sheet}"
        );
    }
    let town = wb.worksheet_range("乡镇").unwrap();
    let found = town
        .used_cells()
        .any(|(_, _, c)| matches!(c, Data::String(s) if s == INJECTION));
    assert!(found, "the name is a string cell");
    // And in the HTML it is escaped text.
    let html = w.read_string("out/report.html");
    assert!(html.contains("=HYPERLINK(&quot;evil.example&quot;,&quot;点我&quot;)"));
}

#[test]
fn two_runs_give_the_same_bytes() {
    let w = district();
    let a = report(&w, "one");
    let b = report(&w, "two");
    let names = files(&a);
    assert_eq!(names, files(&b));
    for f in names.iter().filter(|f| *f != "manifest.json") {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
}

#[test]
fn the_manifest_lists_inputs_and_outputs_with_digests() {
    let w = district();
    let dir = report(&w, "out");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["period"], "2024Q2");
    assert_eq!(m["against"], "2024Q1");
    assert_eq!(m["pingyi"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["config"], "scoring-config.toml");
    let inputs: Vec<&str> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert!(inputs.contains(&"data/units.csv"));
    assert!(inputs.contains(&"data/2024Q2/village.csv"));
    assert!(inputs.contains(&"data/2024Q1/village.csv"));
    let outputs = m["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), files(&dir).len() - 1);
    for o in outputs {
        let bytes = std::fs::read(dir.join(o["path"].as_str().unwrap())).unwrap();
        assert_eq!(o["sha256"], sha256_hex(&bytes));
    }
    let created = m["created"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.len() == 20, "{created}");
}

#[test]
fn the_html_is_self_contained_with_every_chart_and_unit() {
    let w = district();
    let dir = report(&w, "out");
    let html = String::from_utf8(std::fs::read(dir.join("report.html")).unwrap()).unwrap();
    for bad in [
        "http://", "https://", "src=", "<script", "@import", "url(", "<link",
    ] {
        assert!(!html.contains(bad), "report.html holds `{bad}`");
    }
    assert!(html.contains("@page { size: A4"));
    // The overview; per track totals, rank change and dimensions; the village track also its
    // distribution per township.
    let svgs = html.matches("<svg ").count();
    assert_eq!(svgs, 1 + 2 * 3 + 1);
    assert!(html.contains("id=\"overview-totals\""));
    assert_eq!(
        html.matches("<svg ").count(),
        html.matches("</svg>").count()
    );
    for chunk in html.split("<svg ").skip(1) {
        let inner = chunk.split("</svg>").next().unwrap();
        assert!(inner.contains("\n<title>"), "a chart without a title");
    }
    for id in ["totals", "rank-change", "dimensions"] {
        assert!(html.contains(&format!("id=\"track-0-{id}\"")));
        assert!(html.contains(&format!("id=\"track-1-{id}\"")));
    }
    assert!(html.contains("id=\"track-1-distribution\""));
    for name in ["甲镇", "乙镇", "东村", "西村", "南村", "北社区"] {
        assert!(html.contains(name), "{name} missing");
    }
    assert!(html.contains("提要求") || html.contains("差距分析"));
}

#[test]
fn an_existing_folder_is_refused_without_force_and_replaced_with_it() {
    let w = district();
    w.run(&["report", "--out", "out", "-q"]).success();
    let first = w.read("out/manifest.json");
    w.run(&["report", "--out", "out"])
        .exit(2)
        .stderr_has("already exists");
    assert_eq!(w.read("out/manifest.json"), first);
    w.cmd(["report", "--out", "out", "--force", "-q"])
        .env("SOURCE_DATE_EPOCH", "86400")
        .run()
        .success();
    assert_ne!(w.read("out/manifest.json"), first, "replaced");
    assert!(files(&w.join("out")).contains(&"results.xlsx".to_string()));
    let beside: Vec<String> = std::fs::read_dir(w.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(beside.iter().all(|n| !n.starts_with('.')), "{beside:?}");
}

/// `--force` deletes nothing pingyi did not write (issue 11 #6): a folder of someone's own files,
/// a package with a file added, a folder whose manifest.json is not pingyi's.
#[test]
fn force_replaces_only_an_empty_folder_or_a_pingyi_package() {
    let w = district();
    w.create("Documents/keep.txt", "mine");
    w.run(&["report", "--out", "Documents", "--force"])
        .exit(2)
        .stderr_is("error: ./Documents is not a pingyi package: it holds no manifest.json written by pingyi; --force replaces only an empty folder or one pingyi wrote (with its manifest.json): choose another --out folder, or move it away yourself\n");
    assert_eq!(files(&w.join("Documents")), vec!["keep.txt".to_string()]);
    w.create("Documents/manifest.json", "{\"name\": \"my notes\"}");
    w.run(&["report", "--out", "Documents", "--force"])
        .exit(2)
        .stderr_has("its manifest.json was not written by pingyi");
    w.run(&["report", "--out", "pkg", "-q"]).success();
    w.create("pkg/statements/my-notes.txt", "mine");
    w.run(&["report", "--out", "pkg", "--force"])
        .exit(2)
        .stderr_has("it holds statements/my-notes.txt, which its manifest.json does not list");
    assert_eq!(w.read_string("pkg/statements/my-notes.txt"), "mine");
    // An empty folder, and a package as pingyi wrote it, are replaced.
    w.mkdir("empty");
    w.run(&["report", "--out", "empty", "--force", "-q"])
        .success();
    assert!(w.exists("empty/results.xlsx"));
    w.run(&["report", "--out", "empty", "--force", "-q"])
        .success();
    // statement --all --out follows the same rule, and its set carries a manifest too.
    w.run(&["statement", "--all", "--out", "Documents", "--force"])
        .exit(2)
        .stderr_has("is not a pingyi package");
    w.run(&["statement", "--all", "--out", "st", "-q"])
        .success();
    w.run(&["statement", "--all", "--out", "st", "--force", "-q"])
        .success();
    w.run(&["report", "--out", "st", "--force", "-q"]).success();
}

#[test]
fn a_failed_run_leaves_nothing() {
    let w = district();
    w.create("data/2024Q2/village.csv", "unit_id,out,acc\nV1,abc,0\n");
    w.run(&["report", "--out", "out", "--period", "2024Q2"])
        .exit(1);
    assert!(!w.exists("out"));
    let hidden = std::fs::read_dir(w.path())
        .unwrap()
        .any(|e| e.unwrap().file_name().to_string_lossy().starts_with('.'));
    assert!(!hidden);
    // --output and --format make no sense for a folder of fixed formats.
    w.run(&["report", "--out", "x", "--format", "csv"]).exit(2);
}

/// Second engineer's case: the workbook's 指标明细 gave a growth rate at full precision
/// (11.9638826185 for 青山镇's gyzjz on the sample) where the statements print it at most to 4
/// decimals (11.9639): one figure, one precision.
#[test]
fn the_indicator_sheet_gives_growth_as_the_statements_do() {
    let w = Workdir::sample();
    let dir = report(&w, "out");
    let mut wb: Xlsx<_> = open_workbook(dir.join("results.xlsx")).unwrap();
    let range = wb.worksheet_range("指标明细").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let at = |name: &str| rows[0].iter().position(|c| cell_text(c) == name).unwrap();
    let (unit, ind, growth) = (at("单位编码"), at("指标编码"), at("增速%"));
    let row = rows
        .iter()
        .find(|r| cell_text(&r[unit]) == "Z03" && cell_text(&r[ind]) == "gyzjz")
        .unwrap();
    assert_eq!(row[growth], Data::Float(11.9639));
    let statement = w.stdout(&["statement", "Z03", "--format", "csv"]);
    assert!(
        statement.contains(",gyzjz,") && statement.contains(",11.9639,"),
        "{statement}"
    );
}

/// A village track under more townships than a chart can show (45 > 40): the distribution
/// chart keeps the 20 townships with the highest median village total and the 20 with the
/// lowest, and says how many rows it left out. Village `V<i>` of township `T<i>` has `out = i`,
/// so the medians order the townships 45, 44, … 1.
#[test]
fn the_township_distribution_of_many_townships_shows_the_first_and_last_twenty() {
    let w = Workdir::new();
    let mut units = String::from("id,name,category,parent\n");
    let (mut towns, mut villages) = (
        String::from("unit_id,out,acc\n"),
        String::from("unit_id,out,acc\n"),
    );
    for i in 1..=45 {
        units.push_str(&format!(
            "T{i:02},镇{i:02},township,\nV{i:02},村{i:02},village,T{i:02}\n"
        ));
        towns.push_str(&format!("T{i:02},{i},0\n"));
        villages.push_str(&format!("V{i:02},{i},0\n"));
    }
    w.config(CONFIG).units(&units);
    w.create("data/2024Q2/township.csv", &towns);
    w.create("data/2024Q2/village.csv", &villages);
    let dir = report(&w, "out");
    let html = String::from_utf8(std::fs::read(dir.join("report.html")).unwrap()).unwrap();
    let chart = html
        .split("id=\"track-1-distribution\"")
        .nth(1)
        .and_then(|s| s.split("</figure>").next())
        .expect("the distribution chart");
    assert!(chart.contains("共 45 个单位、45 组；按中位数从高到低排列，显示前 20 组与后 20 组"));
    assert!(chart.contains("… 中间 5 组略 …"));
    for shown in [45, 26, 20, 1] {
        assert!(
            chart.contains(&format!(">镇{shown:02}<")),
            "镇{shown:02} missing"
        );
        assert!(
            chart.contains(&format!("村{shown:02} ")),
            "村{shown:02} missing"
        );
    }
    for left_out in 21..=25 {
        assert!(
            !chart.contains(&format!("镇{left_out:02}")),
            "镇{left_out:02} shown"
        );
        assert!(
            !chart.contains(&format!("村{left_out:02}")),
            "村{left_out:02} shown"
        );
    }
    // 镇45 first, 镇01 last.
    let at = |s: &str| chart.find(s).unwrap();
    assert!(at(">镇45<") < at(">镇26<") && at(">镇26<") < at("中间 5 组略"));
    assert!(at("中间 5 组略") < at(">镇20<") && at(">镇20<") < at(">镇01<"));
    assert!(chart.contains("共 40 组、40 个值"));
}
