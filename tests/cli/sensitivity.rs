//! `pingyi sensitivity` on the shipped sample district: the nominal ranks reproduced when nothing
//! varies, the same bytes for the same seed, the `[sensitivity]` section read and overridden.

use crate::common::{records, Workdir};

#[test]
fn nothing_varied_pins_every_unit_to_its_published_rank() {
    let wd = Workdir::sample();
    let s = records(&wd.stdout(&[
        "sensitivity",
        "--period",
        "2024Q3",
        "--weights",
        "0",
        "--runs",
        "5",
        "--format",
        "csv",
    ]));
    let r = records(&wd.stdout(&["rank", "--period", "2024Q3", "--format", "csv"]));
    assert_eq!(s.len(), 379);
    assert_eq!(s.len(), r.len());
    for u in &s {
        let published = r.iter().find(|x| x["unit_id"] == u["unit_id"]).unwrap();
        assert_eq!(u["nominal_rank"], published["rank"], "{u:?}");
        assert_eq!(u["nominal_grade"], published["grade"], "{u:?}");
        for k in ["median_rank", "p5_rank", "p95_rank"] {
            assert_eq!(u[k], u["nominal_rank"], "{k}: {u:?}");
        }
        assert_eq!(u["nominal_grade_probability"], "1.000");
        assert_eq!(u["fragile"], "0");
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let wd = Workdir::sample();
    let args = [
        "sensitivity",
        "--runs",
        "300",
        "--seed",
        "7",
        "--format",
        "json",
    ];
    let a = wd.stdout(&args);
    assert_eq!(a, wd.stdout(&args));
    let other = wd.stdout(&[
        "sensitivity",
        "--runs",
        "300",
        "--seed",
        "8",
        "--format",
        "json",
    ]);
    assert_ne!(a, other);
    // Every interval holds the median; probabilities of a unit add up to 1.
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["runs"], 300);
    for t in v["tracks"].as_array().unwrap() {
        for u in t["units"].as_array().unwrap() {
            let r = |k: &str| u[k].as_u64().unwrap();
            assert!(r("p5_rank") <= r("median_rank") && r("median_rank") <= r("p95_rank"));
            let sum: f64 = u["grades"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["probability"].as_f64().unwrap())
                .sum();
            assert!((sum - 1.0).abs() < 1e-9, "{u}");
        }
    }
}

#[test]
fn the_config_section_is_read_and_the_command_line_overrides_it() {
    let wd = Workdir::sample();
    let mut cfg = String::from_utf8(wd.read("scoring-config.toml")).unwrap();
    cfg.push_str(
        "\n[sensitivity]\nruns = 200\nseed = 3\nweights = 0\nthreshold = 0.95\n\
         alternatives = [{ indicator = \"dwzj\", methods = [{ method = \"proportional\" }, { base = 0.5 }] }]\n",
    );
    wd.create("scoring-config.toml", &cfg);
    let v = wd.json(&["sensitivity", "--period", "2024Q3", "--track", "town"]);
    assert_eq!(
        (v["runs"].as_u64(), v["seed"].as_u64()),
        (Some(200), Some(3))
    );
    assert_eq!(v["threshold"].as_f64(), Some(0.95));
    // Only dwzj's method varies: the one input, and it explains all of the variance.
    let idx = v["tracks"][0]["indices"].as_array().unwrap();
    assert_eq!(idx.len(), 1);
    assert_eq!(idx[0]["input"], "method:dwzj");
    let v = wd.json(&[
        "sensitivity",
        "--period",
        "2024Q3",
        "--track",
        "town",
        "--runs",
        "50",
    ]);
    assert_eq!(v["runs"], 50);
    wd.run(&["sensitivity", "--alternative", "nosuch=[{ base = 0.5 }]"])
        .exit(1)
        .stderr_has("`nosuch` is not an indicator");
    wd.run(&["sensitivity", "--weights", "1.5"])
        .exit(2)
        .stderr_has("must lie in [0, 1)");
}

#[test]
fn the_meeting_gets_markdown_with_fragile_grades_first() {
    let wd = Workdir::sample();
    let md = wd.stdout(&[
        "sensitivity",
        "--period",
        "2024Q3",
        "--track",
        "village",
        "--runs",
        "200",
        "--format",
        "markdown",
    ]);
    assert!(md.starts_with("# 排名稳健性分析 · 2024Q3"), "{md}");
    let fragile = md.find("等次不稳健的单位").expect("fragile units");
    let all = md.find("### 全部单位").unwrap();
    assert!(fragile < all);
    assert!(md.contains("| 输入 | 一阶指数 S | 总效应 ST |"), "{md}");
}
