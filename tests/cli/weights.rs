//! `pingyi weights` on the shipped sample district: advice only — the weights of each track add
//! up to 1, TOPSIS ranks every unit in the matrix, and the scheme's own output is untouched.

use super::schemes::{indicator, rows_for, town_config, townships, HALF_GRADES};
use crate::common::{records, Workdir};

#[test]
fn every_track_gets_weights_that_add_up_and_a_topsis_rank_per_unit() {
    let wd = Workdir::sample();
    let v = wd.json(&["weights", "--period", "2024Q3"]);
    let tracks = v["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 5);
    for t in tracks {
        assert!(t["error"].is_null(), "{t}");
        for key in ["configured", "entropy", "critic"] {
            let sum: f64 = t["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i[key].as_f64().unwrap())
                .sum();
            assert!((sum - 1.0).abs() < 1e-9, "{key}: {sum} in {}", t["track"]);
        }
        let units = t["units"].as_array().unwrap();
        let n = units.len() as u64;
        assert!(units
            .iter()
            .all(|u| (1..=n).contains(&u["topsis_rank"].as_u64().unwrap())));
        // Named as in the other JSON outputs: a village or community with its township, other
        // units without the key.
        for u in units {
            assert!(
                u["unit_name"].as_str().is_some_and(|s| !s.is_empty()),
                "{u}"
            );
            let village = u["unit_id"].as_str().unwrap().starts_with(['V', 'S']);
            assert_eq!(u.get("parent_name").is_some(), village, "{u}");
        }
    }
    let village = tracks.iter().find(|t| t["track"] == "village").unwrap();
    let first = &village["units"][0];
    let ranked = records(&wd.stdout(&[
        "rank", "--period", "2024Q3", "--track", "village", "--format", "csv",
    ]));
    let row = ranked
        .iter()
        .find(|r| r["unit_id"] == first["unit_id"].as_str().unwrap())
        .unwrap();
    assert_eq!(first["unit_name"], row["unit_name"].as_str());
    assert_eq!(first["parent_name"], row["parent_name"].as_str());
    // On the town track (100 points) an indicator's configured share is its points / 100; every
    // unit is either in the matrix or counted as left out.
    let csv = records(&wd.stdout(&[
        "weights", "--period", "2024Q3", "--track", "town", "--format", "csv",
    ]));
    let rank = records(&wd.stdout(&[
        "rank", "--period", "2024Q3", "--track", "town", "--format", "csv",
    ]));
    let dwzj = csv.iter().find(|r| r["indicator_id"] == "dwzj").unwrap();
    let points: f64 = dwzj["points"].parse().unwrap();
    assert_eq!(dwzj["configured"], format!("{:.4}", points / 100.0));
    assert_eq!(
        dwzj["units"].parse::<usize>().unwrap() + dwzj["left_out"].parse::<usize>().unwrap(),
        rank.len()
    );
}

#[test]
fn totals_correlate_with_a_size_column_of_the_registry_or_the_period() {
    let wd = Workdir::sample();
    // The registry gets an empty `population` column; the period's file gives the values.
    let units = String::from_utf8(wd.read("data/units.csv")).unwrap();
    let mut out = String::new();
    for (i, line) in units.lines().enumerate() {
        out.push_str(line);
        out.push(',');
        out.push_str(if i == 0 { "population" } else { "" });
        out.push('\n');
    }
    wd.create("data/units.csv", &out);
    // Sizes 1..=19 in the order of the published ranks: the highest total gets the smallest size,
    // so with distinct totals Spearman's ρ is −1 exactly.
    let rank = records(&wd.stdout(&[
        "rank", "--period", "2024Q3", "--track", "town", "--format", "csv",
    ]));
    let mut attrs = String::from("unit_id,population\n");
    for (k, r) in rank.iter().enumerate() {
        attrs.push_str(&format!("{},{}\n", r["unit_id"], k + 1));
    }
    wd.create("data/2024Q3/attributes.csv", &attrs);
    let v = wd.json(&[
        "weights",
        "--period",
        "2024Q3",
        "--track",
        "town",
        "--size",
        "population",
    ]);
    let size = &v["tracks"][0]["size"];
    assert_eq!(size["attribute"], "population");
    assert_eq!(size["units"], 19);
    let totals: Vec<&str> = rank.iter().map(|r| r["total"].as_str()).collect();
    let distinct = totals.windows(2).all(|w| w[0] != w[1]);
    assert!(distinct, "{totals:?}");
    assert!(
        (size["spearman"].as_f64().unwrap() + 1.0).abs() < 1e-12,
        "{size}"
    );
    // An attribute that is nowhere is named.
    wd.run(&["weights", "--period", "2024Q3", "--size", "gdp"])
        .exit(1)
        .stderr_has("`gdp` is a column of neither");
}

#[test]
fn a_track_too_small_for_weights_still_counts_its_complete_units() {
    // One township: no weights can be derived (an error per track), but one unit took part and
    // none was left out — the count is the matrix's, not TOPSIS's.
    use super::schemes::{indicator, rows_for, town_config, townships, HALF_GRADES};
    let wd = Workdir::new();
    let inds = indicator("a", "econ", "10", "method = \"direct\"")
        + &indicator("b", "soc", "10", "method = \"direct\"");
    wd.config(&town_config("20", HALF_GRADES, &inds))
        .units(&townships(1))
        .period("2024Q2", "township", &rows_for("a,b", &["5,6"]));
    let csv = wd.stdout(&["weights", "--format", "csv"]);
    let rows = records(&csv);
    assert_eq!(rows.len(), 2, "{csv}");
    for r in &rows {
        assert_eq!(
            (r["units"].as_str(), r["left_out"].as_str()),
            ("1", "0"),
            "{csv}"
        );
    }
    let v = wd.json(&["weights"]);
    let t = &v["tracks"][0];
    assert_eq!(
        (t["units_count"].as_u64(), t["left_out"].as_u64()),
        (Some(1), Some(0)),
        "{t}"
    );
}

/// Columns perfectly correlated (each unit's scores in the same order on both indicators): every
/// CRITIC conflict Σ(1 − ρ) is 0, so no weights can be derived — not the rounding noise of
/// ρ = 0.9999999999999998 shared out as weights. Entropy still has its weights.
#[test]
fn critic_of_perfectly_correlated_columns_derives_no_weights() {
    let wd = Workdir::new();
    let inds = indicator(
        "x",
        "econ",
        "3",
        "method = \"proportional\"\ndirection = \"higher\"",
    ) + &indicator(
        "y",
        "econ",
        "7",
        "method = \"proportional\"\ndirection = \"higher\"",
    );
    wd.config(&town_config("10", HALF_GRADES, &inds))
        .units(&townships(3))
        .period(
            "2024Q2",
            "township",
            &rows_for("x,y", &["1,2", "2,4", "4,8"]),
        );
    let csv = records(&wd.stdout(&["weights", "--format", "csv"]));
    assert_eq!(csv.len(), 2);
    for r in &csv {
        assert_eq!(r["critic"], "", "{r:?}");
        assert_ne!(r["entropy"], "", "{r:?}");
    }
    let table = wd.stdout(&["weights", "--format", "table"]);
    assert!(table.contains("perfectly correlated"), "{table}");
}
