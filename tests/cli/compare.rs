//! `pingyi compare` on the shipped sample district: 2024Q2's data under its own (old) scheme and
//! under the current top-level scheme (实际到位资金 proportional → efficacy, 1 → 2 points per
//! safety incident), movers checked by hand, and the explanation adding up exactly.

use crate::common::{records, Workdir};

#[test]
fn town_movers_of_the_rule_change_as_worked_out_by_hand() {
    // 2024Q2, town track (A = T = 100 for every unit: scores add up as they are). dwzj peers:
    // max 7.68, min 0.48, P = 12. Old: 12·x/7.68; new: 12·(0.6 + 0.4·(x − 0.48)/7.2).
    //   马集镇 1.81: 2.828 → 8.087, +5.26; no incident. Rank 16 → 15: 一般 → 良好 (良好 is the
    //   first floor(0.8·19) = 15 places).
    //   滨江街道 2.50: 3.906 → 8.547, +4.64; 1 incident: 5 − 1 → 5 − 2, −1.00. 15 → 16: 良好 → 一般.
    //   西城街道 3.93: 6.141 → 9.500, +3.36. 10 → 9.
    //   青山镇 3.70: 5.781 → 9.347, +3.57; 2 incidents: −2.00; totals 74.55 → 76.11 = +1.56, so
    //   0.01 is rounding. 9 → 10.
    let wd = Workdir::sample();
    let md = wd.stdout(&[
        "compare", "--period", "2024Q2", "--track", "town", "--format", "markdown",
    ]);
    let expected_rows = [
        "| 马集镇 | 16 | 15 | ↑1 | 一般 | 良好 | 61.51 | 66.77 | +5.26 | 实际到位资金 +5.26 |",
        "| 滨江街道 | 15 | 16 | ↓1 | 良好 | 一般 | 62.78 | 66.42 | +3.64 | 实际到位资金 +4.64、安全生产事故 -1.00 |",
        "| 西城街道 | 10 | 9 | ↑1 | 良好 | 良好 | 72.76 | 76.12 | +3.36 | 实际到位资金 +3.36 |",
        "| 青山镇 | 9 | 10 | ↓1 | 良好 | 良好 | 74.55 | 76.11 | +1.56 | 实际到位资金 +3.57、安全生产事故 -2.00 |",
    ];
    let at: Vec<usize> = expected_rows
        .iter()
        .map(|r| md.find(r).unwrap_or_else(|| panic!("no row {r} in\n{md}")))
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "grade changes first:\n{md}"
    );
    assert!(md.contains("等次变化 2 个 · 名次变化 4 个"), "{md}");
    assert!(
        md.contains("- 青山镇：总分 +1.56 = 实际到位资金 +3.57 + 安全生产事故 -2.00 + 舍入 -0.01")
    );
    assert!(
        md.contains("原方案 data/2024Q2/scoring-config.toml (sha256 "),
        "{md}"
    );
}

#[test]
fn top_counts_rank_movers_besides_every_grade_change() {
    // Town track of 2024Q2 (above): 马集镇 and 滨江街道 change grade; of the rank movers, 西城街道
    // and 青山镇 both move one place, 西城街道 by the larger change of total (+3.36 against +1.56).
    // `--top 1` lists both grade changes and one rank mover besides them.
    let wd = Workdir::sample();
    let csv = wd.stdout(&[
        "compare", "--period", "2024Q2", "--track", "town", "--top", "1", "--format", "csv",
    ]);
    let movers: Vec<String> = records(&csv)
        .iter()
        .filter(|r| r["mover"] == "1")
        .map(|r| r["unit_name"].clone())
        .collect();
    assert_eq!(movers.len(), 3, "{csv}");
    for name in ["马集镇", "滨江街道", "西城街道"] {
        assert!(movers.contains(&name.to_string()), "{name}: {movers:?}");
    }
}

/// `n.nn` as hundredths.
fn cents(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let v: f64 = s.parse().unwrap_or_else(|e| panic!("`{s}`: {e}"));
    (v * 100.0).round() as i64
}

#[test]
fn every_explanation_adds_up_to_the_change_of_the_published_total() {
    let wd = Workdir::sample();
    let csv = wd.stdout(&["compare", "--period", "2024Q2", "--format", "csv"]);
    let rows = records(&csv);
    assert_eq!(rows.len(), 379);
    let mut changed = std::collections::BTreeMap::new();
    for r in &rows {
        let change = cents(&r["total_change"]);
        assert_eq!(
            change,
            cents(&r["to_total"]) - cents(&r["from_total"]),
            "{r:?}"
        );
        let sum: i64 = r
            .iter()
            .filter(|(k, _)| k.starts_with("delta:"))
            .map(|(_, v)| cents(v))
            .sum();
        assert_eq!(
            sum, change,
            "{}: parts add up to {sum}, change {change}",
            r["unit_id"]
        );
        *changed.entry(r["track"].clone()).or_insert(0) += usize::from(change != 0);
        // An indicator a unit is scored on has a part (0.00 when it does not change); one that
        // neither scheme scores it on has none.
        let dwzj = &r["delta:dwzj"];
        match r["track"].as_str() {
            "town" | "dept_econ" => assert!(!dwzj.is_empty(), "{r:?}"),
            _ => assert_eq!(dwzj, "", "{r:?}"),
        }
        if r["track"] == "village" {
            assert!(!r["delta:aqsg"].is_empty(), "{r:?}");
        }
    }
    // dwzj moves every unit of the two tracks that score it but the leader (12 points under both
    // methods): 19 − 1 towns (GX01 leads), 14 − 1 economic departments (D02 leads); aqsg moves
    // every village or community with an incident (19 of 320). The other tracks score neither.
    let expected = [
        ("dept_econ", 13),
        ("dept_party", 0),
        ("dept_social", 0),
        ("town", 18),
        ("village", 19),
    ];
    let expected: std::collections::BTreeMap<String, usize> =
        expected.iter().map(|(t, n)| (t.to_string(), *n)).collect();
    assert_eq!(changed, expected);
    // The same in JSON: parts, adjustments and rounding add up to total_change.
    let json = wd.json(&["compare", "--period", "2024Q2"]);
    for t in json["tracks"].as_array().unwrap() {
        for u in t["units"].as_array().unwrap() {
            let sum: i64 = u["explanation"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p["change"].as_f64().unwrap() * 100.0).round() as i64)
                .sum();
            let change = (u["total_change"].as_f64().unwrap() * 100.0).round() as i64;
            assert_eq!(sum, change, "{}", u["unit_id"]);
        }
    }
}

#[test]
fn schemes_by_period_or_file_give_the_same_comparison() {
    let wd = Workdir::sample();
    let default = wd.stdout(&["compare", "--period", "2024Q2", "--format", "csv"]);
    // 2024Q3 has no scheme of its own: the top-level one scores it.
    let by_period = wd.stdout(&[
        "compare", "--period", "2024Q2", "--from", "2024Q2", "--to", "2024Q3", "--format", "csv",
    ]);
    assert_eq!(default, by_period);
    let by_file = wd.stdout(&[
        "compare",
        "--period",
        "2024Q2",
        "--from",
        "data/2024Q2/scoring-config.toml",
        "--to",
        "scoring-config.toml",
        "--format",
        "csv",
    ]);
    assert_eq!(default, by_file);
}

#[test]
fn a_scheme_against_itself_changes_nothing() {
    let wd = Workdir::sample();
    let csv = wd.stdout(&[
        "compare", "--period", "2024Q3", "--track", "village", "--format", "tsv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 321);
    let header: Vec<&str> = lines[0].split('\t').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for l in &lines[1..] {
        let f: Vec<&str> = l.split('\t').collect();
        assert_eq!(f[at("rank_change")], "0", "{l}");
        assert_eq!(f[at("total_change")], "0.00", "{l}");
        assert_eq!(f[at("mover")], "0", "{l}");
    }
    let table = wd.stdout(&[
        "compare", "--period", "2024Q3", "--track", "village", "--format", "table",
    ]);
    assert!(table.contains("等次变化 0 个 · 名次变化 0 个"), "{table}");
    assert!(!table.contains("变动最大的单位"), "{table}");
}

#[test]
fn an_unknown_track_or_scheme_file_is_named() {
    let wd = Workdir::sample();
    wd.run(&["compare", "--track", "nosuch"])
        .exit(2)
        .stderr_has("unknown track `nosuch`");
    wd.run(&["compare", "--to", "nosuch.toml"])
        .exit(1)
        .stderr_has("nosuch.toml");
}

/// A unit the new scheme puts on another track has no rank change: its old place is among other
/// peers. 高新区 H1 is third of three on `t` under the old scheme (90, 80, 50) and first of
/// three on `dp` under the new one (50, 40, 30); 3 − 1 = 2 places "gained" would compare places
/// in two peer groups. Its grade does change (一般 → 优秀: the top floor(0.34·3) = 1 place), so
/// it is a mover; the tables show 换赛道, not an arrow.
#[test]
fn a_unit_moved_to_another_track_has_no_rank_change() {
    let wd = Workdir::new();
    let scheme = |town: &str, dept: &str| {
        let track = |id: &str, cats: &str| {
            format!(
                "[[tracks]]\nid = \"{id}\"\nname = \"{id}\"\ncategories = [{cats}]\ntotal = 100\ngrades = {{ by = \"share\", levels = [ {{ name = \"优秀\", share = 0.34 }}, {{ name = \"一般\", share = 1 }} ] }}\n"
            )
        };
        format!(
            "decimals = 2\n[[dimensions]]\nid = \"d\"\nname = \"维度\"\ncore = true\n{}{}[[indicators]]\nid = \"v\"\nname = \"得分\"\nunit = \"分\"\ndimension = \"d\"\nmethod = \"direct\"\npoints = {{ t = 100, dp = 100 }}\n",
            track("t", town),
            track("dp", dept)
        )
    };
    wd.config(&scheme("\"township\"", "\"department\", \"hightech_zone\""))
        .create(
            "old.toml",
            &scheme("\"township\", \"hightech_zone\"", "\"department\""),
        )
        .units("id,name,category,parent\nT1,甲镇,township,\nT2,乙镇,township,\nH1,高新区,hightech_zone,\nD1,局1,department,\nD2,局2,department,\n")
        .period("2024Q1", "township", "unit_id,v\nT1,90\nT2,80\n")
        .period("2024Q1", "hightech_zone", "unit_id,v\nH1,50\n")
        .period("2024Q1", "department", "unit_id,v\nD1,40\nD2,30\n");
    let args = ["compare", "--period", "2024Q1", "--from", "old.toml"];
    let csv = wd.stdout(&[&args[..], &["--format", "csv"]].concat());
    let rows = records(&csv);
    let h1 = rows.iter().find(|r| r["unit_id"] == "H1").expect("H1");
    assert_eq!(
        (
            h1["track"].as_str(),
            h1["from_track"].as_str(),
            h1["from_rank"].as_str(),
            h1["to_rank"].as_str(),
            h1["rank_change"].as_str(),
        ),
        ("dp", "t", "3", "1", "")
    );
    assert_eq!(
        (h1["grade_changed"].as_str(), h1["mover"].as_str()),
        ("1", "1")
    );
    // D1 stays on `dp`: first of two, then second of three behind H1.
    let d1 = rows.iter().find(|r| r["unit_id"] == "D1").expect("D1");
    assert_eq!(d1["rank_change"], "-1");
    let md = wd.stdout(&[&args[..], &["--format", "markdown"]].concat());
    assert!(
        md.contains("| 1 | 高新区 | 3 | 换赛道 | 一般 | 优秀 |"),
        "{md}"
    );
    let json = wd.json(&args);
    let units = json["tracks"][1]["units"].as_array().expect("units");
    let h1 = units.iter().find(|u| u["unit_id"] == "H1").expect("H1");
    assert_eq!(h1["rank_change"], serde_json::Value::Null, "{h1}");
    // A track only renamed (the same categories, in whatever order) holds the same peers:
    // ranks compare. (old track, new id, its categories, a unit on it)
    for (old, renamed, cats, unit) in [
        (
            "t",
            "town",
            ["\"township\"", "\"department\", \"hightech_zone\""],
            "T2",
        ),
        (
            "dp",
            "dept",
            ["\"township\"", "\"hightech_zone\", \"department\""],
            "H1",
        ),
    ] {
        let text = scheme(cats[0], cats[1])
            .replace(&format!("id = \"{old}\""), &format!("id = \"{renamed}\""))
            .replace(&format!("{old} = 100"), &format!("{renamed} = 100"));
        wd.create("old.toml", &text);
        let csv = wd.stdout(&[&args[..], &["--format", "csv"]].concat());
        let rows = records(&csv);
        let r = rows.iter().find(|r| r["unit_id"] == unit).expect(unit);
        assert_eq!(
            (r["from_track"].as_str(), r["rank_change"].as_str()),
            (renamed, "0"),
            "{csv}"
        );
    }
}

/// Trends follow a track renamed between two quarters, as `compare` does: 2024Q1's own scheme
/// calls the township track `t`, the current one `town` (the same categories). Q1: T2 6 first,
/// T1 5 second; Q2: T1 7 first, T2 4 second — every unit was 新增 before.
#[test]
fn a_track_renamed_between_quarters_keeps_its_trends() {
    use super::schemes::{indicator, rows_for, s, town_config, townships, HALF_GRADES};
    let wd = Workdir::new();
    let cfg = town_config(
        "10",
        HALF_GRADES,
        &indicator("x", "econ", "10", "method = \"direct\""),
    );
    wd.config(&cfg)
        .units(&townships(2))
        .period("2024Q1", "township", &rows_for("x", &["5", "6"]))
        .period("2024Q2", "township", &rows_for("x", &["7", "4"]))
        .create(
            "data/2024Q1/scoring-config.toml",
            &cfg.replace("id = \"town\"", "id = \"t\"")
                .replace("town = 10", "t = 10"),
        );
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("prev_rank", &["T1", "T2"]), s(&["2", "1"]));
    assert_eq!(rows.col("rank_change", &["T1", "T2"]), s(&["1", "-1"]));
    assert_eq!(rows.col("trend", &["T1", "T2"]), s(&["进位", "退位"]));
}

/// Helper 94's case: the change of the adjustments is taken on their decimals. A bonus of 2.05
/// capped at 1.5 under the old scheme and at 5 under the new changes by exactly 0.55, whose f64
/// (0.55000000000000004…) is shown 0.6 at one decimal, as 1.55 − 1 would be (the binary
/// difference 2.05 − 1.5 is 0.54999…, which gave 0.5). The unit's total goes from 80 + 1.5 = 81.5
/// to 80 + 2.05 = 82.05, whose f64 (82.04999…) is published 82.0, so the total changes by 0.5
/// and the rounding line is −0.1.
#[test]
fn the_change_of_the_adjustments_is_taken_on_their_decimals() {
    let wd = Workdir::new();
    let scheme = |cap: &str| {
        format!(
            "decimals = 1\n[adjustments]\nbonus_cap = {cap}\ndeduction_cap = 5\n[[dimensions]]\nid = \"d\"\nname = \"维度\"\ncore = true\n[[tracks]]\nid = \"t\"\nname = \"乡镇\"\ncategories = [\"township\"]\ntotal = 100\ngrades = {{ by = \"share\", levels = [ {{ name = \"优秀\", share = 0.5 }}, {{ name = \"一般\", share = 1 }} ] }}\n[[indicators]]\nid = \"v\"\nname = \"得分\"\ndimension = \"d\"\nmethod = \"direct\"\npoints = {{ t = 100 }}\n"
        )
    };
    wd.config(&scheme("5"))
        .create("old.toml", &scheme("1.5"))
        .units("id,name,category,parent\nT1,甲镇,township,\nT2,乙镇,township,\n")
        .period("2024Q1", "township", "unit_id,v\nT1,80\nT2,70\n")
        .period(
            "2024Q1",
            "adjustments",
            "unit_id,kind,points,reason,reference\nT1,bonus,2.05,表彰,文1\n",
        );
    let csv = wd.stdout(&[
        "compare", "--period", "2024Q1", "--from", "old.toml", "--format", "csv",
    ]);
    let rows = records(&csv);
    let t1 = rows.iter().find(|r| r["unit_id"] == "T1").expect("T1");
    assert_eq!(
        (
            t1["from_total"].as_str(),
            t1["to_total"].as_str(),
            t1["total_change"].as_str(),
            t1["delta:adjustments"].as_str(),
            t1["delta:rounding"].as_str(),
        ),
        ("81.5", "82.0", "0.5", "0.6", "-0.1"),
        "{csv}"
    );
}
