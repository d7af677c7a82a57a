//! Rank intervals in statements and the report: the figures `pingyi sensitivity` prints, in every
//! statement format and in the report package; hand-checkable tracks; the ceiling's one line.

use calamine::{open_workbook, Reader, Xlsx};

use crate::common::{records, Workdir};

/// One track of four townships, two proportional indicators of 50 points: S (100, 100) → 100,
/// P (100, 50) → 75, Q (50, 100) → 75, R (10, 10) → 10. 优秀 is the first ⌊0.5·4⌋ = 2 places:
/// P and Q tie at 2nd, and under a draw of the points one of them falls to 3rd.
fn four(extra: &str) -> Workdir {
    let wd = Workdir::new();
    wd.config(&format!(
        r#"decimals = 2
[[dimensions]]
id = "econ"
name = "经济"
[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = 100
grades = {{ by = "share", levels = [{{ name = "优秀", share = 0.5 }}, {{ name = "一般", share = 1.0 }}] }}
[[indicators]]
id = "x"
name = "x"
dimension = "econ"
method = "proportional"
direction = "higher"
points = {{ town = 50 }}
[[indicators]]
id = "y"
name = "y"
dimension = "econ"
method = "proportional"
direction = "higher"
points = {{ town = 50 }}
{extra}"#
    ))
    .units("id,name,category,parent\nS,S镇,township,\nP,P镇,township,\nQ,Q镇,township,\nR,R镇,township,\n")
    .period("2024Q2", "township", "unit_id,x,y\nS,100,100\nP,100,50\nQ,50,100\nR,10,10\n");
    wd
}

/// The first CSV row of `unit`'s statement.
fn lead(wd: &Workdir, unit: &str, extra: &[&str]) -> std::collections::HashMap<String, String> {
    let mut args = vec!["statement", unit, "--format", "csv"];
    args.extend_from_slice(extra);
    records(&wd.stdout(&args)).remove(0)
}

#[test]
fn no_variation_gives_the_published_rank_as_the_interval() {
    let wd = four("[sensitivity]\nweights = 0\n");
    for (unit, rank) in [("S", "1"), ("P", "2"), ("Q", "2"), ("R", "4")] {
        let r = lead(&wd, unit, &[]);
        assert_eq!(r["rank"], rank);
        assert_eq!(
            [
                &r["rank_p5"],
                &r["rank_p95"],
                &r["grade_probability"],
                &r["grade_fragile"]
            ],
            [rank, rank, "1.000", "0"],
            "{unit}"
        );
    }
    let md = wd.stdout(&["statement", "P", "--format", "markdown"]);
    assert!(
        md.contains("## 排名稳健性\n\n- 名次区间（第 5 至第 95 百分位）第 2–2 名，中位第 2 名；等次“优秀”的概率 1.000，不低于门槛 0.90，等次稳健。（1000 次模拟，各指标分值 × U(1.00, 1.00) 后折回赛道总分值，种子 20240601，同 pingyi sensitivity。）"),
        "{md}"
    );
}

#[test]
fn two_units_tied_across_a_grade_boundary_are_flagged_fragile() {
    let wd = four("");
    for unit in ["P", "Q"] {
        let r = lead(&wd, unit, &[]);
        assert_eq!((r["rank_p5"].as_str(), r["rank_p95"].as_str()), ("2", "3"));
        assert_eq!(r["grade_fragile"], "1", "{r:?}");
        let p: f64 = r["grade_probability"].parse().unwrap();
        assert!((0.4..0.6).contains(&p), "{p}");
    }
    for (unit, rank) in [("S", "1"), ("R", "4")] {
        let r = lead(&wd, unit, &[]);
        assert_eq!(
            [
                &r["rank_p5"],
                &r["rank_p95"],
                &r["grade_probability"],
                &r["grade_fragile"]
            ],
            [rank, rank, "1.000", "0"]
        );
    }
    let v = wd.json(&["statement", "P"]);
    let rb = &v["statements"][0]["robustness"];
    assert_eq!(rb["analysed"], true);
    assert_eq!(rb["fragile"], true);
    assert!(rb["note"]
        .as_str()
        .unwrap()
        .contains("低于门槛 0.90，等次不稳健"));
}

#[test]
fn statements_carry_the_interval_the_sensitivity_command_prints() {
    let wd = Workdir::sample();
    let s = records(&wd.stdout(&[
        "sensitivity",
        "--period",
        "2024Q3",
        "--format",
        "csv",
        "--no-indices",
    ]));
    let sj = wd.json(&["sensitivity", "--period", "2024Q3", "--no-indices"]);
    // A fragile unit and a robust one, wherever the sample puts them.
    let fragile = s
        .iter()
        .find(|u| u["fragile"] == "1")
        .expect("a fragile unit");
    let robust = s
        .iter()
        .find(|u| u["fragile"] == "0" && u["p5_rank"] != u["p95_rank"]);
    for u in [Some(fragile), robust].into_iter().flatten() {
        let id = u["unit_id"].as_str();
        let r = lead(&wd, id, &["--period", "2024Q3"]);
        assert_eq!(r["rank_p5"], u["p5_rank"], "{id}");
        assert_eq!(r["rank_p95"], u["p95_rank"], "{id}");
        assert_eq!(
            r["grade_probability"], u["nominal_grade_probability"],
            "{id}"
        );
        assert_eq!(r["grade_fragile"], u["fragile"], "{id}");
        let j = wd.json(&["statement", id, "--period", "2024Q3"]);
        let rb = &j["statements"][0]["robustness"];
        let su = sj["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["units"].as_array().unwrap())
            .find(|x| x["unit_id"] == id)
            .unwrap();
        for k in ["median_rank", "p5_rank", "p95_rank"] {
            assert_eq!(rb[k], su[k], "{id} {k}");
        }
        let grade = su["nominal_grade"].as_str().unwrap();
        let p = su["grades"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["grade"] == grade)
            .unwrap();
        assert_eq!(rb["grade_probability"], p["probability"], "{id}");
    }
    // The same seed gives the same bytes; every unit of --all carries the columns.
    let all = [
        "statement",
        "--all",
        "--period",
        "2024Q3",
        "--format",
        "csv",
    ];
    let a = wd.stdout(&all);
    assert_eq!(a, wd.stdout(&all));
    assert!(records(&a).iter().all(|r| !r["rank_p5"].is_empty()));
}

#[test]
fn above_the_ceiling_statements_and_the_report_say_so_in_one_line() {
    let wd = four("[sensitivity]\nin_statements_up_to = 3\n");
    let line = "未计算名次区间：所涉赛道共 4 个单位，超过 [sensitivity] in_statements_up_to = 3；可用 pingyi sensitivity --track 单独分析。";
    let md = wd.stdout(&["statement", "--all", "--format", "markdown"]);
    // Markdown escapes the brackets and underscores of the key.
    let escaped = line
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('_', "\\_");
    assert_eq!(
        md.matches(&format!("## 排名稳健性\n\n- {escaped}\n"))
            .count(),
        4,
        "{md}"
    );
    let r = lead(&wd, "P", &[]);
    assert_eq!(
        [
            &r["rank_p5"],
            &r["rank_p95"],
            &r["grade_probability"],
            &r["grade_fragile"]
        ],
        ["", "", "", ""]
    );
    let rows = records(&wd.stdout(&["statement", "P", "--format", "csv"]));
    let row = rows.iter().find(|r| r["section"] == "robustness").unwrap();
    assert_eq!(row["text"], line);
    let v = wd.json(&["statement", "P"]);
    assert_eq!(v["statements"][0]["robustness"]["analysed"], false);
    assert_eq!(
        v["statements"][0]["robustness"]["p5_rank"],
        serde_json::Value::Null
    );
    wd.run(&["report", "--out", "pkg"]).success();
    assert!(wd.read_string("pkg/report.html").contains(line));
    assert!(wd.read_string("pkg/statements/P.md").contains(&escaped));
    assert!(wd.read_string("pkg/statements/P.csv").contains(line));
    // Off altogether.
    let wd = four("[sensitivity]\nin_statements = false\n");
    assert!(wd
        .stdout(&["statement", "P"])
        .contains("未计算名次区间：配置 [sensitivity] in_statements = false"));
}

#[test]
fn the_report_shows_every_unit_interval_and_its_statements_the_same_figures() {
    let wd = four("");
    wd.run(&["report", "--out", "pkg"]).success();
    let html = wd.read_string("pkg/report.html");
    assert!(html.contains("<h3>名次稳健性</h3>"), "{html}");
    assert!(html.contains("本赛道 2 个"), "two fragile grades: {html}");
    // results.xlsx: the track's sheet has the four columns, P's row its figures.
    let mut wb: Xlsx<_> = open_workbook(wd.join("pkg/results.xlsx")).unwrap();
    let sheet = wb.worksheet_range("乡镇").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let s_row = rows
        .iter()
        .find(|r| r.contains(&"S镇".to_string()))
        .unwrap();
    assert_eq!(
        [
            &s_row[col("名次区间P5")],
            &s_row[col("名次区间P95")],
            &s_row[col("等次概率")],
            &s_row[col("等次稳健")]
        ],
        ["1", "1", "1", "稳健"]
    );
    let p_row = rows
        .iter()
        .find(|r| r.contains(&"P镇".to_string()))
        .unwrap();
    assert_eq!(
        [
            &p_row[col("名次区间P5")],
            &p_row[col("名次区间P95")],
            &p_row[col("等次稳健")]
        ],
        ["2", "3", "不稳健"]
    );
    let csv = wd.read_string("pkg/statements/P.csv");
    let from_pkg = records(csv.trim_start_matches('\u{feff}')).remove(0);
    let r = lead(&wd, "P", &[]);
    for k in ["rank_p5", "rank_p95", "grade_probability", "grade_fragile"] {
        assert_eq!(from_pkg[k], r[k], "{k}");
    }
}
