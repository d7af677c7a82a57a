//! The binary on a small district with four tracks: output formats, `--output`, `--track`,
//! the default command and `pingyi check`.

use std::collections::BTreeSet;

use super::schemes::{s, DIMENSIONS};
use crate::common::{Rows, Workdir};

const TRACKS: &str = r#"
[[tracks]]
id = "town"
name = "乡镇街道"
categories = ["township", "subdistrict", "hightech_zone"]
total = 100
grades = { by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }

[[tracks]]
id = "dept_econ"
name = "经济类部门"
categories = ["department"]
classes = ["经济类"]
total = 100
grades = { by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }

[[tracks]]
id = "dept_soc"
name = "社会类部门"
categories = ["department"]
classes = ["社会类"]
total = 100
grades = { by = "score", levels = [{ name = "优秀", min = 90 }, { name = "一般" }] }

[[tracks]]
id = "village"
name = "村社区"
categories = ["village", "community"]
total = 100
grades = { by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }

[[indicators]]
id = "gdp"
name = "地区生产总值"
unit = "亿元"
dimension = "econ"
method = "proportional"
direction = "higher"
points = { town = 60 }

[[indicators]]
id = "income"
name = "集体收入"
unit = "万元"
dimension = "econ"
method = "efficacy"
direction = "higher"
points = { village = 50 }

[[indicators]]
id = "task"
name = "重点任务"
dimension = "soc"
method = "binary"
points = { dept_econ = 100, dept_soc = 50 }

[[indicators]]
id = "safe"
name = "安全事故"
unit = "起"
dimension = "soc"
method = "deduct"
direction = "lower"
per = 5
points = { town = 40, village = 50, dept_soc = 50 }
"#;

const UNITS: &str = "id,name,category,parent,class
T1,东镇,township,,
T2,西镇,township,,
S1,城关街道,subdistrict,,
H1,高新区,hightech_zone,,
D1,发改局,department,,经济类
D2,商务局,department,,经济类
D3,民政局,department,,社会类
V1,东村,village,T1,
V2,西村,village,T2,
C1,城关社区,community,S1,
";

const IDS: [&str; 10] = ["T1", "T2", "S1", "H1", "D1", "D2", "D3", "V1", "V2", "C1"];
const NAMES: [&str; 10] = [
    "东镇",
    "西镇",
    "城关街道",
    "高新区",
    "发改局",
    "商务局",
    "民政局",
    "东村",
    "西村",
    "城关社区",
];

/// The district, with 2024Q1 (T1 strongest) and 2024Q2 (T2 strongest).
fn district() -> Workdir {
    let wd = Workdir::new();
    wd.config(&format!("{DIMENSIONS}\n{TRACKS}")).units(UNITS);
    for (q, t1, t2) in [("2024Q1", "60", "30"), ("2024Q2", "30", "60")] {
        let town = format!("unit_id,unit_name,gdp,safe\nT1,东镇,{t1},0\nT2,西镇,{t2},2\n");
        wd.period(q, "township", &town)
            .period(q, "subdistrict", "unit_id,gdp,safe\nS1,45,1\n")
            .period(q, "hightech_zone", "unit_id,gdp,safe\nH1,15,0\n")
            .period(
                q,
                "department",
                "unit_id,task,safe\nD1,1,\nD2,否,\nD3,是,1\n",
            )
            .period(q, "village", "unit_id,income,safe\nV1,10,0\nV2,20,3\n")
            .period(q, "community", "unit_id,income,safe\nC1,15,1\n");
    }
    wd
}

/// Totals of 2024Q2, by hand:
/// town: gdp 60·x/60 → T1 30, T2 60, S1 45, H1 15; safe 40 − 5·x → 40, 30, 35, 40
///   → T1 70, T2 90, S1 80, H1 55; ranks T2 1, S1 2, T1 3, H1 4
/// dept_econ: task 1 → 100, 否 → 0. dept_soc: D3 是 → 50, safe 50 − 5 = 45 → 95
/// village: income efficacy (min 10, max 20): V1 50·0.6 = 30, V2 50, C1 50·0.8 = 40;
///   safe 50 − 5·x: 50, 35, 45 → V1 80, V2 85, C1 85; ranks V2 1, C1 1, V1 3
const TOTALS_Q2: [&str; 10] = [
    "70.00", "90.00", "80.00", "55.00", "100.00", "0.00", "95.00", "80.00", "85.00", "85.00",
];
const RANKS_Q2: [&str; 10] = ["3", "1", "2", "4", "1", "2", "1", "3", "1", "1"];
// town n = 4: floor(0.5·4) = 2 → ranks ≤ 2 优秀; dept_econ n = 2: rank 1 优秀;
// dept_soc by score 95 ≥ 90 优秀; village n = 3: floor(1.5) = 1 → rank 1 (V2, C1 tied) 优秀
const GRADES_Q2: [&str; 10] = [
    "一般", "优秀", "优秀", "一般", "优秀", "一般", "优秀", "一般", "优秀", "优秀",
];

#[test]
fn csv_has_one_row_per_unit_with_hand_computed_totals() {
    let rows = district().rank_csv(&["--period", "2024Q2"]);
    assert_eq!(rows.len(), 10);
    assert_eq!(
        &rows.header[..6],
        &s(&["unit_id", "unit_name", "track", "rank", "total", "grade"])
    );
    assert_eq!(rows.col("total", &IDS), s(&TOTALS_Q2));
    assert_eq!(rows.col("rank", &IDS), s(&RANKS_Q2));
    assert_eq!(rows.col("grade", &IDS), s(&GRADES_Q2));
    assert_eq!(rows.col("unit_name", &IDS), s(&NAMES));
    let tracks = [
        "town",
        "town",
        "town",
        "town",
        "dept_econ",
        "dept_econ",
        "dept_soc",
    ];
    assert_eq!(rows.col("track", &IDS[..7]), s(&tracks));
    assert_eq!(rows.col("track", &IDS[7..]), s(&["village"; 3]));
}

#[test]
fn no_subcommand_ranks_the_latest_quarter_from_the_current_dir() {
    let wd = district();
    let out = wd.run(&[]).success(); // piped: csv
    let rows = Rows::parse(&out.stdout);
    assert_eq!(rows.col("total", &IDS), s(&TOTALS_Q2));
    assert_eq!(
        wd.run(&["rank", "--format", "csv"]).success().stdout,
        out.stdout
    );
}

#[test]
fn period_selects_an_earlier_quarter() {
    let rows = district().rank_csv(&["--period", "2024Q1"]);
    // 2024Q1: gdp T1 60, T2 30 → T1 60+40 = 100; T2 30+30 = 60
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["100.00", "60.00"]));
}

#[test]
fn table_lists_every_unit() {
    let out = district().run(&["--format", "table"]).success();
    for name in NAMES {
        assert!(
            out.stdout.contains(name),
            "table lacks {name}:\n{}",
            out.stdout
        );
    }
}

#[test]
fn tsv_uses_tabs() {
    let out = district().run(&["--format", "tsv"]).success();
    let first = out.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("unit_id\tunit_name\ttrack\trank\ttotal\tgrade"),
        "{first}"
    );
    assert_eq!(out.stdout.lines().count(), 11);
}

/// Every JSON object that has a `unit_id`, with its total.
fn json_units(v: &serde_json::Value, out: &mut Vec<(String, Option<f64>)>) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(id)) = m.get("unit_id") {
                out.push((id.clone(), m.get("total").and_then(|t| t.as_f64())));
            }
            m.values().for_each(|x| json_units(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_units(x, out)),
        _ => {}
    }
}

#[test]
fn json_parses_with_every_unit() {
    let out = district().run(&["--format", "json"]).success();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let mut units = Vec::new();
    json_units(&doc, &mut units);
    let ids: BTreeSet<&str> = units.iter().map(|u| u.0.as_str()).collect();
    assert_eq!(ids, IDS.into_iter().collect());
    assert_eq!(units.len(), 10);
    let t2 = units.iter().find(|u| u.0 == "T2").unwrap();
    assert!((t2.1.expect("a total") - 90.0).abs() < 0.005); // 60 + 30
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let wd = district();
    let out = wd
        .run(&["--format", "csv", "--output", "out.csv"])
        .success();
    assert_eq!(out.stdout, "");
    let text = std::fs::read_to_string(wd.path().join("out.csv")).unwrap();
    assert_eq!(Rows::parse(&text).col("total", &IDS), s(&TOTALS_Q2));
}

#[test]
fn a_failed_run_leaves_no_output_file() {
    let wd = district();
    wd.period("2024Q2", "subdistrict", "unit_id,gdp,safe\nS1,abc,1\n");
    let out = wd.run(&["--format", "csv", "--output", "out.csv"]);
    out.fails_with(&["abc"]);
    assert!(!wd.path().join("out.csv").exists());
}

#[test]
fn track_filters_the_output() {
    let rows = district().rank_csv(&["--track", "village"]);
    assert_eq!(rows.order, s(&["C1", "V2", "V1"])); // rank, then unit id
    assert_eq!(rows.col("rank", &["C1", "V2", "V1"]), s(&["1", "1", "3"]));
}

#[test]
fn unknown_track_is_a_usage_error() {
    let out = district().run(&["--format", "csv", "--track", "nosuch"]);
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    assert!(out.stderr.contains("nosuch"));
    assert_eq!(out.stdout, "");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    assert_eq!(district().run(&["--frobnicate"]).code, 2);
}

#[test]
fn check_passes_a_clean_district() {
    let out = district().run(&["check"]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
}

#[test]
fn check_lists_every_problem_of_a_broken_district() {
    let wd = district();
    wd.period(
        "2024Q2",
        "township",
        "unit_id,gdp,safe\nT1,abc,0\nT2,60,2\nT2,60,2\n",
    )
    .period(
        "2024Q2",
        "village",
        "unit_id,income,safe\nV1,,0\nV2,20,3\nV9,1,1\n",
    );
    let out = wd.run(&["check"]);
    out.fails_with(&["abc", "T2", "V1", "V9"]);
    out.names_line("township.csv", 2); // abc
    out.names_line("township.csv", 4); // duplicate T2
    out.names_line("village.csv", 2); // missing income of V1
    out.names_line("village.csv", 4); // V9 not in the registry
}

#[test]
fn warnings_go_to_stderr_and_do_not_fail() {
    let wd = Workdir::new();
    let p = "method = \"proportional\"\ndirection = \"lower\"";
    super::schemes::one_indicator(&wd, "10", p, &["0", "3"]);
    let check = wd.run(&["check"]);
    assert_eq!(check.code, 0, "stderr: {}", check.stderr);
    assert!(check.stderr.contains("warning"), "{}", check.stderr);
    let out = wd.run(&["--format", "csv"]).success();
    assert!(out.stderr.contains("warning"), "{}", out.stderr);
    assert!(!out.stdout.contains("warning"));
    // x = 0 scores P = 10; min = 0 ⇒ 10·0/3 = 0
    assert_eq!(
        super::schemes::x_scores(&Rows::parse(&out.stdout)),
        s(&["10.00", "0.00"])
    );
}

#[test]
fn unknown_period_is_a_usage_error() {
    let out = district().run(&["--format", "csv", "--period", "2030Q1"]);
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    assert!(out.stderr.contains("2030Q1"));
}
