//! `pingyi gaps`, `statement` and `summary` (and `rank --format markdown`) driven end to end on
//! fixtures A and B (`tests/fixtures/analysis/`, shared with the unit tests of `analysis`) and
//! small ones written from strings, with expected values worked out by hand.
//!
//! Fixture A — five townships, one quarter (P: out 50, tgt 30, acc 20; caps bonus 2, deduction 3):
//!
//! | unit | out (prop., max 100) | tgt (t = 10, cap 1.2) | acc (−5 each) | sum           | adj.     | total |
//! |------|----------------------|-----------------------|---------------|---------------|----------|-------|
//! | A 甲镇 | 100 → 50           | 12 → 36               | 0 → 20        | 106           | +min(3,2) | 108  |
//! | B 乙镇 | 80 → 40            | 10 → 30               | 1 → 15        | 85            |          | 85    |
//! | C 丙镇 | 80 → 40            | 8 → 24                | 0 → 20        | 84            | +1       | 85    |
//! | D 丁镇 | 50 → 25            | `-`                   | 2 → 10        | 35·100/70 = 50 | −min(4,3) | 47   |
//! | E 戊镇 | 40 → 20            | 6 → 18                | 4 → 0         | 38            | veto     | 38    |
//!
//! Ranks 1, 2, 2, 4, 5; mean 363/5 = 72.6; median 85.

use serde_json::Value;

use crate::common::{records, row, Workdir};

// Fixture B — one direct indicator (cell = score) over two quarters; OLD is renamed R from
// 2024Q2 (`former_ids`), N is new in 2024Q2 (`from`); `fall_places = 1`.
//
// | unit | 2024Q1 (rank) | 2024Q2 (rank) | change | label |
// |------|---------------|---------------|--------|-------|
// | A    | 90 (1)        | 85 (2)        | ↓1, −5 | 退位  |
// | B    | 80 (2)        | 88 (1)        | ↑1, +8 | 进位  |
// | C    | 70 (3)        | 75 (3)        | 0, +5  | 持平  |
// | R    | OLD 60 (4)    | 62 (4)        | 0, +2  | 持平  |
// | D    | 40 (5)        | 41 (5)        | 0, +1  | 慢进 (median of −5, 8, 5, 2, 1 is 2) |
// | N    | —             | 30 (6)        | —      | 新增  |

/// Fixture A: `tests/fixtures/analysis/a` (the table above).
fn a() -> Workdir {
    Workdir::copy_of("analysis/a")
}

/// Fixture B: `tests/fixtures/analysis/b`.
fn b() -> Workdir {
    Workdir::copy_of("analysis/b")
}

/// A town track of three direct indicators d1 (50 points), d2 (30) and d3 (20) in the given
/// dimensions (of 经济 econ, 安全 safe, 生态 eco), two decimals; `extra` goes at the top.
fn town_of_three(dims: &[&str; 3], extra: &str) -> String {
    let mut cfg = format!("decimals = 2\n{extra}");
    for (id, name) in [("econ", "经济"), ("safe", "安全"), ("eco", "生态")] {
        if dims.contains(&id) {
            cfg.push_str(&format!(
                "[[dimensions]]\nid = \"{id}\"\nname = \"{name}\"\n"
            ));
        }
    }
    cfg.push_str(
        "[[tracks]]\nid = \"town\"\nname = \"乡镇\"\ncategories = [\"township\"]\ntotal = 100\n",
    );
    cfg.push_str("grades = { by = \"score\", levels = [ { name = \"好\", min = 90 }, { name = \"中\" } ] }\n");
    for ((id, name, points), dim) in [
        ("d1", "经济分", 50),
        ("d2", "安全分", 30),
        ("d3", "生态分", 20),
    ]
    .iter()
    .zip(dims)
    {
        cfg.push_str(&format!("[[indicators]]\nid = \"{id}\"\nname = \"{name}\"\ndimension = \"{dim}\"\nmethod = \"direct\"\npoints = {{ town = {points} }}\n"));
    }
    cfg
}

mod gaps {
    use super::*;

    #[test]
    fn csv_has_one_row_per_unit_with_hand_computed_gaps() {
        let w = a();
        let rows = records(&w.stdout(&["gaps", "--format", "csv"]));
        let ids: Vec<&str> = rows.iter().map(|r| r["unit_id"].as_str()).collect();
        assert_eq!(ids, ["A", "B", "C", "D", "E"]);
        // B and C tie on 85.00 (rank 2): 23 behind A, who is the next place.
        for id in ["B", "C"] {
            let r = row(&rows, "unit_id", id);
            assert_eq!(r["rank"], "2");
            assert_eq!(r["behind_leader"], "23.00");
            assert_eq!(
                (r["next_rank"].as_str(), r["behind_next"].as_str()),
                ("1", "23.00")
            );
            assert_eq!(r["vs_median"], "0.00");
        }
        // D: 47. Leader 108 → 61; next higher 85 (rank 2) → 38; mean 72.6 → −25.6; median 85.
        let d = row(&rows, "unit_id", "D");
        assert_eq!(d["behind_leader"], "61.00");
        assert_eq!(
            (d["next_rank"].as_str(), d["next_total"].as_str()),
            ("2", "85.00")
        );
        assert_eq!(d["behind_next"], "38.00");
        assert_eq!(
            (d["track_mean"].as_str(), d["vs_mean"].as_str()),
            ("72.60", "-25.60")
        );
        assert_eq!(
            (d["track_median"].as_str(), d["vs_median"].as_str()),
            ("85.00", "-38.00")
        );
        // Rescaled points lost (T/A = 100/70): out (50−25)·100/70 = 35.71, acc 10·100/70 = 14.29.
        assert_eq!(
            (d["weak1"].as_str(), d["weak1_lost"].as_str()),
            ("out", "35.71")
        );
        assert_eq!(
            (d["weak2"].as_str(), d["weak2_lost"].as_str()),
            ("acc", "14.29")
        );
        assert_eq!(d["weak3"], "");
        // Both out (25/50) and acc (10/20) score half their points.
        assert_eq!(
            (d["strong1"].as_str(), d["strong1_rate"].as_str()),
            ("out", "0.5000")
        );
        assert_eq!(d["closers"], "");
        assert!(
            d["requirements"].contains("「经济」板块"),
            "{}",
            d["requirements"]
        );
        // E: 9 behind D; out 30, acc 20 and tgt 36 − 18 = 18 each cover it.
        let e = row(&rows, "unit_id", "E");
        assert_eq!(e["behind_next"], "9.00");
        assert_eq!(e["closers"], "out;acc;tgt");
        assert!(e["requirements"].starts_with("一票否决：安全生产事故（区安委会〔2024〕2号）"));
        // A leads: nothing behind, no next place, nothing lost; strongest tgt 36/30 = 1.2.
        let a = row(&rows, "unit_id", "A");
        assert_eq!(
            (a["behind_leader"].as_str(), a["next_rank"].as_str()),
            ("0.00", "")
        );
        assert_eq!(
            (a["weak1"].as_str(), a["strong1_rate"].as_str()),
            ("", "1.2000")
        );
        // No earlier period: trend columns empty.
        assert_eq!((a["against"].as_str(), a["trend"].as_str()), ("", ""));
    }

    /// Reviewer's case: 丙镇 (80.0000) is 1.95 behind 乙镇 (81.95) and loses 1.9451 on d2, shown as
    /// 1.95 — full points on d2 give 81.9451, published 81.95: level. 丁镇 (also 80.0000) loses
    /// 1.9449 on d2: 81.9449 → 81.94, not level. d2 was left out of 丙镇's closers (1.9451 was
    /// compared with the rounded gap 1.95). The distance to the mean is the difference of the
    /// printed figures: the mean of 100, 81.95, 80, 80, 10.03, 10.03 is 362.01/6 = 60.335, printed
    /// 60.34 (its binary value lies above the half), so 戊镇 is 10.03 − 60.34 = −50.31 below it
    /// (it was −50.30, 10.03 − 60.335 rounded).
    #[test]
    fn closers_are_decided_on_the_published_total_they_would_give() {
        let w = Workdir::new();
        w.config(&town_of_three(&["econ", "econ", "econ"], ""))
        .units(
            "id,name,category,parent\nU1,甲镇,township,\nU2,乙镇,township,\nU3,丙镇,township,\nU4,丁镇,township,\nU5,戊镇,township,\nU6,己镇,township,\n",
        )
        .period(
            "2024Q2",
            "township",
            "unit_id,d1,d2,d3\nU1,50,30,20\nU2,41.95,20,20\nU3,40,28.0549,11.9451\nU4,40,28.0551,11.9449\nU5,5.03,3,2\nU6,5.03,3,2\n",
        );
        let rows = records(&w.stdout(&["gaps", "--format", "csv"]));
        let c = row(&rows, "unit_id", "U3");
        assert_eq!(
            (c["total"].as_str(), c["behind_next"].as_str()),
            ("80.00", "1.95")
        );
        assert_eq!(c["closers"], "d1;d3;d2");
        let d = row(&rows, "unit_id", "U4");
        assert_eq!(d["closers"], "d1;d3");
        let e = row(&rows, "unit_id", "U5");
        assert_eq!(
            (e["track_mean"].as_str(), e["vs_mean"].as_str()),
            ("60.34", "-50.31")
        );
        assert_eq!(
            (c["track_median"].as_str(), c["vs_median"].as_str()),
            ("80.00", "0.00")
        );
    }

    #[test]
    fn unit_filter_and_json() {
        let w = a();
        let j = w.json(&["gaps", "--unit", "丁镇"]);
        let units = j["tracks"][0]["units"].as_array().unwrap();
        assert_eq!(units.len(), 1);
        let d = &units[0];
        assert_eq!(d["unit_id"], "D");
        assert_eq!(d["next"]["gap"], 38.0);
        assert_eq!(d["weakest"][0]["points_lost"], 35.71);
        assert_eq!(d["requirements"][0]["rule"], "dimension_bottom");
        assert_eq!(d["requirements"][0]["cutoff"], 4);
        assert_eq!(j["tracks"][0]["mean"], 72.6);
    }

    #[test]
    fn every_format_renders() {
        let w = a();
        let t = w.stdout(&["gaps", "--format", "table"]);
        assert!(t.contains("差距分析 · 2024Q2") && t.contains("丁镇"), "{t}");
        let md = w.stdout(&["gaps", "--format", "markdown"]);
        assert!(md.contains("| 名次 | 单位 | 总分 |"), "{md}");
        assert!(md.contains("- 戊镇：一票否决"), "{md}");
        let tsv = w.stdout(&["gaps", "--format", "tsv"]);
        assert!(tsv.starts_with("unit_id\tunit_name\ttrack\trank\ttotal\tgrade"));
        assert_eq!(tsv.lines().count(), 6);
    }

    #[test]
    fn trend_columns_follow_renamed_units_and_mark_new_ones() {
        let w = b();
        let rows = records(&w.stdout(&["gaps", "--period", "2024Q2", "--format", "csv"]));
        let r = row(&rows, "unit_id", "R");
        assert_eq!(r["against"], "2024Q1");
        assert_eq!(
            (r["prev_rank"].as_str(), r["rank_change"].as_str()),
            ("4", "0")
        );
        assert_eq!(
            (r["score_change"].as_str(), r["trend"].as_str()),
            ("2.00", "持平")
        );
        let n = row(&rows, "unit_id", "N");
        assert_eq!((n["prev_rank"].as_str(), n["trend"].as_str()), ("", "新增"));
        assert_eq!(row(&rows, "unit_id", "A")["trend"], "退位");
        assert_eq!(row(&rows, "unit_id", "B")["trend"], "进位");
        let d = row(&rows, "unit_id", "D");
        assert_eq!(d["trend"], "慢进");
        assert!(
            d["requirements"].contains("得分变化+1.00低于赛道中位变化+2.00"),
            "{}",
            d["requirements"]
        );
        // fall_places = 1: A's fall from 1st to 2nd is a requirement line.
        let a = row(&rows, "unit_id", "A");
        assert!(
            a["requirements"].contains("较2024Q1下降1个名次（第1名→第2名）"),
            "{}",
            a["requirements"]
        );
    }

    #[test]
    fn requirement_thresholds_come_from_the_top_level_config() {
        // The quarter's own config raises fall_places to 9; the top-level 1 still applies.
        let w = b();
        let config_b = w.read_string("scoring-config.toml");
        w.create(
            "data/2024Q2/scoring-config.toml",
            &config_b.replace("fall_places = 1", "fall_places = 9"),
        );
        let rows = records(&w.stdout(&["gaps", "--period", "2024Q2", "--format", "csv"]));
        assert!(row(&rows, "unit_id", "A")["requirements"].contains("下降1个名次"));
        // And the other way round: top-level 9, the quarter's 1 — no line.
        w.create(
            "scoring-config.toml",
            &config_b.replace("fall_places = 1", "fall_places = 9"),
        );
        w.create("data/2024Q2/scoring-config.toml", &config_b);
        let rows = records(&w.stdout(&["gaps", "--period", "2024Q2", "--format", "csv"]));
        assert_eq!(row(&rows, "unit_id", "A")["requirements"], "");
    }

    #[test]
    fn unknown_units_are_usage_errors_with_close_matches() {
        let w = a();
        w.run(&["gaps", "--unit", "丁"])
            .exit(2)
            .stderr_has("unknown unit `丁`")
            .stderr_has("D 丁镇");
        w.run(&["gaps", "--track", "nope"])
            .exit(2)
            .stderr_has("unknown track `nope`");
    }
}

mod statement {
    use super::*;

    /// Reviewer's case: a unit none of whose indicators in a dimension applies got that
    /// dimension's subtotal 0.00, ranked last (4/4), and a requirement line about it. The
    /// dimension drops out for the unit, as its indicators do: no line, no rank, no requirement;
    /// the others are ranked among the three units it applies to.
    ///
    /// | unit | econ d1 (50) | safe d2 (30) | eco d3 (20) | total |
    /// | U1 | 50 | 30 | 20 | 100 |
    /// | U2 | 40 | 20 | 10 | 70 |
    /// | U3 | 30 | 10 | 15 | 55 |
    /// | U4 | 45 → 64.29 | 不适用 | 12 → 17.14 | 57·100/70 = 81.43 |
    #[test]
    fn a_dimension_with_nothing_applicable_drops_out_for_the_unit() {
        let w = Workdir::new();
        w.config(&town_of_three(
            &["econ", "safe", "eco"],
            "[requirements]\nbottom_share = 0.25\n",
        ))
        .units("id,name,category,parent\nU1,甲镇,township,\nU2,乙镇,township,\nU3,丙镇,township,\nU4,丁镇,township,\n")
        .period(
            "2024Q2",
            "township",
            "unit_id,d1,d2,d3\nU1,50,30,20\nU2,40,20,10\nU3,30,10,15\nU4,45,不适用,12\n",
        );
        let j = w.json(&["statement", "U4"]);
        let s = &j["statements"][0];
        assert_eq!(s["total"], 81.43);
        let dims: Vec<(&str, f64, u64)> = s["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["id"].as_str().unwrap(),
                    d["score"].as_f64().unwrap(),
                    d["rank"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(dims, [("econ", 64.29, 1), ("eco", 17.14, 2)]);
        let j3 = w.json(&["statement", "U3"]);
        let safe = &j3["statements"][0]["dimensions"][1];
        assert_eq!(
            (&safe["id"], &safe["rank"], &safe["peers"]),
            (&"safe".into(), &3.into(), &3.into())
        );
        let md = w.stdout(&["statement", "U4", "--format", "markdown"]);
        assert!(!md.contains("| 安全 | 30 |"), "{md}");
        assert!(!md.contains("「安全」板块"), "{md}");
        // U3 is last of three on safe (3/3, not beyond ⌈0.75·3⌉ = 3) and of four on econ
        // (4/4, beyond ⌈0.75·4⌉ = 3).
        let md = w.stdout(&["statement", "U3", "--format", "markdown"]);
        assert!(md.contains("| 安全 | 30 | 10.00 | 3/3 |"), "{md}");
        assert!(
            md.contains("「经济」板块得分30.00，位于赛道后25%（第4/4名"),
            "{md}"
        );
        assert!(!md.contains("「安全」板块"), "{md}");
    }

    /// An adjustment row's points are echoed as entered: 0.125 was printed 0.13 (and 1.5 as 2 at
    /// 0 decimals), a figure the office never entered; sums stay rounded figures.
    #[test]
    fn adjustment_rows_show_their_points_as_entered() {
        let w = a();
        w.edit("data/2024Q2/adjustments.csv", |t| {
            t.replace("C,bonus,1,", "C,bonus,0.125,")
        });
        let md = w.stdout(&["statement", "C", "--format", "markdown"]);
        assert!(md.contains("| 加分 | 0.125 | 创新试点 |"), "{md}");
        let j = w.json(&["statement", "C"]);
        assert_eq!(j["statements"][0]["adjustments"][0]["points"], 0.125);
        // The applied bonus is a figure: 0.125 (exact in binary) rounds as `{:.2}` prints it.
        assert_eq!(j["statements"][0]["bonus"], 0.12);
        w.edit("scoring-config.toml", |t| {
            t.replace("decimals = 2", "decimals = 0")
        });
        w.edit("data/2024Q2/adjustments.csv", |t| {
            t.replace("C,bonus,0.125,", "C,bonus,1.5,")
        });
        let md = w.stdout(&["statement", "C", "--format", "markdown"]);
        assert!(md.contains("| 加分 | 1.5 | 创新试点 |"), "{md}");
        let md = w.stdout(&["statement", "A", "--format", "markdown"]);
        assert!(md.contains("| 加分 | 3 | 招商引资表彰 |"), "{md}");
    }

    /// A target indicator's most points, P·cap, is printed rounded like the other figures: on the
    /// sample district 12 × 1.2 was printed 14.399999999999999 (gdtz of 青山镇).
    #[test]
    fn json_max_score_is_rounded() {
        let w = Workdir::sample();
        let j = w.json(&["statement", "Z03"]);
        let inds = j["statements"][0]["indicators"].as_array().unwrap();
        let gdtz = inds.iter().find(|i| i["id"] == "gdtz").unwrap();
        assert_eq!(
            (gdtz["points"].as_f64(), gdtz["max_score"].as_f64()),
            (Some(12.0), Some(14.4))
        );
    }

    #[test]
    fn csv_rows_for_every_item_of_one_unit() {
        let w = a();
        let rows = records(&w.stdout(&["statement", "D", "--format", "csv"]));
        assert!(rows.iter().all(|r| r["unit_id"] == "D" && r["rank"] == "4"));
        assert!(rows
            .iter()
            .all(|r| r["total"] == "47.00" && r["grade"] == "一般"));
        let out = row(&rows, "item_id", "out");
        assert_eq!(out["section"], "indicator");
        assert_eq!(
            (out["value"].as_str(), out["peer_max"].as_str()),
            ("50", "100")
        );
        assert_eq!(
            (out["peer_min"].as_str(), out["peer_mean"].as_str()),
            ("40", "70")
        );
        assert_eq!(
            (out["score"].as_str(), out["points"].as_str()),
            ("25.00", "50")
        );
        assert_eq!(
            (out["points_lost"].as_str(), out["item_rank"].as_str()),
            ("35.71", "4")
        );
        let tgt = row(&rows, "item_id", "tgt");
        assert_eq!(
            (tgt["value"].as_str(), tgt["status"].as_str()),
            ("不适用", "不适用")
        );
        assert_eq!((tgt["score"].as_str(), tgt["item_rank"].as_str()), ("", ""));
        assert_eq!(tgt["peers"], "4");
        // acc: 2 incidents, lower is better: 0, 0, 1 ahead → rank 4; mean 7/5 = 1.4.
        let acc = row(&rows, "item_id", "acc");
        assert_eq!(
            (acc["item_rank"].as_str(), acc["peer_mean"].as_str()),
            ("4", "1.4")
        );
        let econ = row(&rows, "item_id", "econ");
        assert_eq!(
            (econ["section"].as_str(), econ["score"].as_str()),
            ("dimension", "35.71")
        );
        assert_eq!(
            (econ["points"].as_str(), econ["item_rank"].as_str()),
            ("80", "5")
        );
        let adj = row(&rows, "section", "adjustment");
        assert_eq!(
            (adj["item_id"].as_str(), adj["score"].as_str()),
            ("deduction", "4.00")
        );
        assert_eq!(
            (adj["reason"].as_str(), adj["reference"].as_str()),
            ("信访积案", "区信访局通报")
        );
        // Claimed 4, capped at 3.
        let ded = rows
            .iter()
            .find(|r| r["section"] == "subtotal" && r["item_id"] == "deduction")
            .unwrap();
        assert_eq!(
            (ded["value"].as_str(), ded["score"].as_str()),
            ("4.00", "3.00")
        );
        let sum = row(&rows, "item_id", "indicator_sum");
        assert_eq!(
            (sum["value"].as_str(), sum["score"].as_str()),
            ("70", "50.00")
        );
        assert_eq!(
            row(&rows, "section", "requirement")["item_id"],
            "dimension_bottom"
        );
    }

    #[test]
    fn json_and_markdown_of_one_unit_by_name() {
        let w = a();
        let j = w.json(&["statement", "丙镇"]);
        let s = &j["statements"][0];
        assert_eq!(
            (s["unit_id"].as_str(), s["rank"].as_u64()),
            (Some("C"), Some(2))
        );
        assert_eq!(
            (s["bonus_claimed"].as_f64(), s["bonus"].as_f64()),
            (Some(1.0), Some(1.0))
        );
        // tgt: 8 of target 10 → 24; lost 36 − 24 = 12; rank 3 of 4.
        let tgt = &s["indicators"][1];
        assert_eq!(tgt["target"], 10.0);
        assert_eq!(
            (tgt["score"].as_f64(), tgt["points_lost"].as_f64()),
            (Some(24.0), Some(12.0))
        );
        assert_eq!(
            (tgt["rank"].as_u64(), tgt["peers"].as_u64()),
            (Some(3), Some(4))
        );
        assert_eq!(s["adjustments"][0]["reason"], "创新试点");
        let md = w.stdout(&["statement", "A", "--format", "markdown"]);
        assert!(md.starts_with("# 对账单 · 甲镇 (A) · 2024Q2"), "{md}");
        assert!(md.contains("- 加分 2.00（申报 3.00，封顶）"), "{md}");
        assert!(
            md.contains("| 加分 | 3.00 | 招商引资表彰 | 区委〔2024〕1号 |"),
            "{md}"
        );
    }

    #[test]
    fn trend_of_a_renamed_unit() {
        let w = b();
        let t = w.stdout(&["statement", "R", "--period", "2024Q2", "--format", "table"]);
        assert!(t.contains("较2024Q1 名次不变，得分+2.00，持平"), "{t}");
        let j = w.json(&["statement", "N", "--period", "2024Q2"]);
        assert_eq!(j["statements"][0]["trend"]["label"], "新增");
        assert_eq!(j["statements"][0]["trend"]["prev_rank"], Value::Null);
    }

    #[test]
    fn all_into_a_folder_writes_one_file_per_unit() {
        let w = a();
        w.run(&["statement", "--all", "--out", "st"])
            .success()
            .stderr_has("wrote 5 statement(s)");
        let mut names: Vec<String> = std::fs::read_dir(w.join("st"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["A.md", "B.md", "C.md", "D.md", "E.md", "manifest.json"]
        );
        let d = w.read_string("st/D.md");
        assert!(d.starts_with("# 对账单 · 丁镇 (D) · 2024Q2"), "{d}");
        w.run(&["statement", "--all", "--out", "js", "--format", "json"])
            .success();
        let e: Value = serde_json::from_slice(&w.read("js/E.json")).unwrap();
        assert_eq!(e["statements"][0]["veto"], true);
    }

    #[test]
    fn all_to_stdout_is_one_sheet() {
        let w = a();
        let rows = records(&w.stdout(&["statement", "--all", "--format", "csv"]));
        let totals = rows.iter().filter(|r| r["item_id"] == "total").count();
        assert_eq!(totals, 5);
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        let w = a();
        w.run(&["statement"]).exit(2);
        w.run(&["statement", "D", "--out", "x"])
            .exit(2)
            .stderr_has("--out DIR needs --all");
        assert!(!w.exists("x"));
        w.run(&["statement", "--all", "--out", "x", "--output", "y"])
            .exit(2);
        w.run(&["statement", "Z9"])
            .exit(2)
            .stderr_has("unknown unit `Z9`");
        let b = b();
        b.run(&["statement", "OLD", "--period", "2024Q2"])
            .exit(2)
            .stderr_has("`OLD` is a former id of R 新名镇");
        b.run(&["statement", "旧镇", "--period", "2024Q2"])
            .exit(2)
            .stderr_has("`旧镇` is the name of OLD 旧镇, which R 新名镇 continues: ask for `R`");
        b.run(&["statement", "N", "--period", "2024Q1"])
            .exit(2)
            .stderr_has("N 新设镇 is not assessed in 2024Q1");
    }

    #[test]
    fn namesakes_are_named_with_their_townships_and_taken_with_them() {
        // 东村 is V1 under 甲镇, V2 and V3 under 乙镇; 西村 is V4 alone.
        let w = Workdir::new();
        w.config(
            r#"
[[dimensions]]
id = "work"
name = "工作"

[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = 100
grades = { by = "score", levels = [{ name = "好", min = 90 }, { name = "中" }] }

[[tracks]]
id = "vil"
name = "村"
categories = ["village"]
total = 100
grades = { by = "score", levels = [{ name = "好", min = 90 }, { name = "中" }] }

[[indicators]]
id = "x"
name = "直接分"
dimension = "work"
method = "direct"
points = { town = 100, vil = 100 }
"#,
        )
        .units("id,name,category,parent\nT1,甲镇,township,\nT2,乙镇,township,\nV1,东村,village,T1\nV2,东村,village,T2\nV3,东村,village,T2\nV4,西村,village,T1\n")
        .period("2024Q2", "township", "unit_id,x\nT1,90\nT2,80\n")
        .period("2024Q2", "village", "unit_id,x\nV1,95\nV2,60\nV3,80\nV4,70\n");
        let total = |args: &[&str]| {
            let rows = records(&w.stdout(args));
            (rows[0]["unit_id"].clone(), rows[0]["total"].clone())
        };
        let ask = |unit: &str| total(&["statement", unit, "--format", "csv"]);
        assert_eq!(ask("甲镇东村"), ("V1".into(), "95.00".into()));
        assert_eq!(ask("甲镇 东村"), ("V1".into(), "95.00".into()));
        assert_eq!(ask(" 西村"), ("V4".into(), "70.00".into()));
        let gaps = records(&w.stdout(&["gaps", "--unit", "甲镇东村", "--format", "csv"]));
        assert_eq!((gaps.len(), gaps[0]["unit_id"].as_str()), (1, "V1"));
        w.run(&["statement", "东村"]).exit(2).stderr_has(
            "the name `东村` is shared by V1 东村（甲镇）, V2 东村（乙镇）, V3 东村（乙镇）: give the unit id, or the name with its township in front (`甲镇东村`)",
        );
        w.run(&["statement", "乙镇东村"]).exit(2).stderr_has(
            "`乙镇东村` names V2 东村（乙镇）, V3 东村（乙镇）: all are under 乙镇: give the unit id",
        );
        // A unit of a track the run leaves out is on that track, not unassessed.
        w.run(&["gaps", "--unit", "甲镇东村", "--track", "town"])
            .exit(2)
            .stderr_has("unit V1 东村 is on track `vil`, not on --track town");
        w.run(&["statement", "丙镇东村"])
            .exit(2)
            .stderr_has("unknown unit `丙镇东村` in 2024Q2");
        // 甲镇东村 is also 镇东村 under a township 甲: no form of the name tells them apart.
        w.units("id,name,category,parent\nT1,甲镇,township,\nT2,乙镇,township,\nT3,甲,township,\nV1,东村,village,T1\nV2,东村,village,T2\nV3,东村,village,T2\nV4,西村,village,T1\nV5,镇东村,village,T3\n")
            .period("2024Q2", "township", "unit_id,x\nT1,90\nT2,80\nT3,70\n")
            .period("2024Q2", "village", "unit_id,x\nV1,95\nV2,60\nV3,80\nV4,70\nV5,50\n");
        w.run(&["statement", "甲镇东村"])
            .exit(2)
            .stderr_has("`甲镇东村` names V1 东村（甲镇）, V5 镇东村（甲）: give the unit id");
    }

    #[test]
    fn bad_data_is_exit_1() {
        let w = a();
        w.edit("data/2024Q2/township.csv", |t| t.replace("D,50", "D,abc"));
        w.run(&["statement", "D"])
            .exit(1)
            .stderr_has("expected a number");
    }
}

mod summary {
    use super::*;

    #[test]
    fn csv_sections_with_hand_computed_statistics() {
        let w = a();
        let rows = records(&w.stdout(&["summary", "--format", "csv"]));
        let t = row(&rows, "section", "track");
        // 108, 85, 85, 47, 38: σ = √(3413.2/5) = √682.64 = 26.13.
        assert_eq!(
            (t["mean"].as_str(), t["median"].as_str()),
            ("72.60", "85.00")
        );
        assert_eq!((t["min"].as_str(), t["max"].as_str()), ("38.00", "108.00"));
        assert_eq!(t["std_dev"], "26.13");
        assert_eq!(
            (t["grade:优秀"].as_str(), t["grade:一般"].as_str()),
            ("3", "2")
        );
        assert_eq!(t["vetoes"], "1");
        let tgt = row(&rows, "id", "tgt");
        // 12 + 10 + 8 + 6 = 36 over 4 (D not applicable); no unit, so no sum; the mean at the
        // configured two decimals.
        assert_eq!((tgt["sum"].as_str(), tgt["mean"].as_str()), ("", "9.00"));
        assert_eq!(tgt["median"], "9.00");
        assert_eq!(
            (tgt["count"].as_str(), tgt["not_applicable"].as_str()),
            ("4", "1")
        );
        let acc = row(&rows, "id", "acc");
        assert_eq!(
            (acc["best_id"].as_str(), acc["best_tied"].as_str()),
            ("A", "2")
        );
        assert_eq!(
            (acc["worst_id"].as_str(), acc["worst_value"].as_str()),
            ("E", "4")
        );
    }

    /// Issue 12: rates, scores and growth are never added up; all-equal values name no unit
    /// best and worst; growth indicators are summarised as growth.
    #[test]
    fn sums_only_for_amounts_and_all_equal_names_no_unit() {
        let w = Workdir::district();
        let rows = records(&w.stdout(&["summary", "--format", "csv"]));
        let ind = |track: &str, id: &str| {
            rows.iter()
                .find(|r| r["section"] == "indicator" && r["track"] == track && r["id"] == id)
                .unwrap_or_else(|| panic!("no {track} {id}"))
                .clone()
        };
        // gdp 亿元 is an amount: summed; grow (%) and the party score (no unit) are not.
        assert_ne!(ind("town", "gdp")["sum"], "");
        assert_eq!(ind("town", "grow")["sum"], "");
        assert_eq!(ind("village", "party")["sum"], "");
        let j = w.json(&["summary"]);
        let grow = j["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["indicator"] == "grow")
            .unwrap();
        assert_eq!(grow["sum"], serde_json::Value::Null);
        // Everyone equal: no best or worst unit.
        let config = r#"
[[dimensions]]
id = "work"
name = "工作"

[[tracks]]
id = "town"
name = "乡镇街道"
categories = ["township", "subdistrict"]
total = 100
grades = { by = "share", levels = [{ name = "一般", share = 1.0 }] }

[[indicators]]
id = "x"
name = "直接分"
unit = "分"
dimension = "work"
method = "direct"
points = { town = 100 }
"#;
        let e = Workdir::new();
        e.config(config)
            .units("id,name,category,parent\nT1,甲镇,township,\nT2,乙镇,township,\n")
            .period("2024Q2", "township", "unit_id,x\nT1,80\nT2,80\n");
        let rows = records(&e.stdout(&["summary", "--format", "csv"]));
        let x = row(&rows, "id", "x");
        assert_eq!(
            (
                x["sum"].as_str(),
                x["all_equal"].as_str(),
                x["best_id"].as_str(),
                x["worst_id"].as_str()
            ),
            ("", "1", "", "")
        );
        let md = e.stdout(&["summary", "--format", "markdown"]);
        assert!(
            md.contains("| 乡镇街道 | 直接分(分) | 2 |  | 80.00 | 80.00 | 均相同 | 均相同 |"),
            "{md}"
        );
    }

    #[test]
    fn townships_with_their_villages() {
        let config = r#"
[[dimensions]]
id = "work"
name = "工作"

[[tracks]]
id = "town"
name = "乡镇街道"
categories = ["township", "subdistrict"]
total = 100
grades = { by = "share", levels = [{ name = "一般", share = 1.0 }] }

[[tracks]]
id = "vil"
name = "村社区"
categories = ["village", "community"]
total = 100
grades = { by = "score", levels = [{ name = "优秀", min = 90 }, { name = "良好", min = 75 }, { name = "一般" }] }

[[indicators]]
id = "x"
name = "直接分"
dimension = "work"
method = "direct"
points = { town = 100, vil = 100 }
"#;
        // Villages: V1 95, V2 60 (T1); V3 80, V4 80 (T2); C1 70 (S1) → ranks 1, 5, 2, 2, 4.
        // T1: mean (95 + 60)/2 = 77.5, best 1, worst 5; T2: 80, 2 and 2; S1: 70, 4 and 4.
        let w = Workdir::new();
        w.config(config)
            .units("id,name,category,parent\nT1,甲镇,township,\nT2,乙镇,township,\nS1,丙街道,subdistrict,\nV1,一村,village,T1\nV2,二村,village,T1\nV3,三村,village,T2\nV4,四村,village,T2\nC1,五社区,community,S1\n")
            .period("2024Q2", "township", "unit_id,x\nT1,90\nT2,80\n")
            .period("2024Q2", "subdistrict", "unit_id,x\nS1,70\n")
            .period("2024Q2", "township", "unit_id,x\nT1,90\nT2,80\n")
        .period("2024Q2", "village", "unit_id,x\nV1,95\nV2,60\nV3,80\nV4,80\n")
            .period("2024Q2", "community", "unit_id,x\nC1,70\n");
        let rows = records(&w.stdout(&["summary", "--format", "csv"]));
        let parents: Vec<(String, String, String, String)> = rows
            .iter()
            .filter(|r| r["section"] == "parent")
            .map(|r| {
                (
                    r["id"].clone(),
                    r["mean"].clone(),
                    r["best_rank"].clone(),
                    r["worst_rank"].clone(),
                )
            })
            .collect();
        let s = |a: &str, b: &str, c: &str, d: &str| (a.into(), b.into(), c.into(), d.into());
        assert_eq!(
            parents,
            vec![
                s("T2", "80.00", "2", "2"),
                s("T1", "77.50", "1", "5"),
                s("S1", "70.00", "4", "4"),
            ]
        );
        let vil = row(&rows, "id", "vil");
        // 95, 60, 80, 80, 70: mean 77; Σ squares 324 + 289 + 9 + 9 + 49 = 680; √136 = 11.66.
        assert_eq!(
            (vil["mean"].as_str(), vil["std_dev"].as_str()),
            ("77.00", "11.66")
        );
        let j = w.json(&["summary"]);
        assert_eq!(j["parents"][1]["best"]["unit_id"], "V1");
        assert_eq!(j["parents"][1]["worst"]["total"], 60.0);
        let md = w.stdout(&["summary", "--format", "markdown"]);
        assert!(
            md.contains("| 甲镇 | 村社区 | 2 | 77.50 | 一村 1/5 | 二村 5/5 |"),
            "{md}"
        );
    }
}

mod rank {
    use super::*;

    #[test]
    fn markdown_is_a_ranked_notice_per_track() {
        let w = a();
        let md = w.stdout(&["rank", "--format", "markdown"]);
        assert!(
            md.starts_with("# 考核结果通报 · 2024Q2\n\n## 乡镇 (town) · 5 个单位\n"),
            "{md}"
        );
        assert!(
            md.contains("| 名次 | 单位 | 经济 | 安全 | 加分 | 扣分 | 总分 | 等次 | 备注 |"),
            "{md}"
        );
        // C: econ 40 + 24 = 64, safe 20, bonus 1 → 85.
        assert!(
            md.contains("| 2 | 丙镇 | 64.00 | 20.00 | 1.00 | 0.00 | 85.00 | 优秀 |  |"),
            "{md}"
        );
        assert!(md.contains("| 5 | 戊镇 |"), "{md}");
    }

    #[test]
    fn output_file_is_written() {
        let w = a();
        w.run(&["summary", "--format", "json", "--output", "s.json"])
            .success();
        let j: Value = serde_json::from_str(&w.read_string("s.json")).unwrap();
        assert_eq!(j["period"], "2024Q2");
    }
}
