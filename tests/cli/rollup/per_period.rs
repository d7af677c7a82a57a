//! A per-period config.

use super::*;

/// Top level: `a` proportional (higher) P = 60, `b` direct P = 40; `[rollup] quarterly = 1`.
/// `data/2024Q1/scoring-config.toml`: `a` efficacy (base 0.6) P = 50, `b` direct P = 50, and a
/// `[rollup]` of its own that must be ignored (it asks for months that do not exist).
fn per_period() -> (Workdir, String, String) {
    let scheme = |a: &str, pa: u32, pb: u32, rollup: &str| {
        format!(
            r#"decimals = 2

[[dimensions]]
id = "econ"
name = "经济发展"
core = true

[[dimensions]]
id = "soc"
name = "社会治理"

[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = 100
grades = {HALF_GRADES}

[[indicators]]
id = "a"
name = "固定资产投资"
dimension = "econ"
{a}
direction = "higher"
points = {{ town = {pa} }}

[[indicators]]
id = "b"
name = "基层治理"
dimension = "soc"
method = "direct"
points = {{ town = {pb} }}

[rollup]
{rollup}
"#
        )
    };
    let top = scheme(
        "method = \"proportional\"",
        60,
        40,
        "quarterly = 1.0\nmonthly = 0.0\nmissing = \"error\"",
    );
    let q1 = scheme(
        "method = \"efficacy\"\nbase = 0.6",
        50,
        50,
        "quarterly = 0.5\nmonthly = 0.5\nmissing = \"error\"",
    );
    let wd = Workdir::new();
    wd.create("scoring-config.toml", &top)
        .create("data/2024Q1/scoring-config.toml", &q1)
        .create("data/units.csv", &townships(&THREE))
        .create(
            "data/2024Q1/township.csv",
            "unit_id,a,b\nT1,100,30\nT2,80,40\nT3,50,20\n",
        )
        .create(
            "data/2024Q2/township.csv",
            "unit_id,a,b\nT1,90,35\nT2,100,30\nT3,60,40\n",
        );
    let sha_top = sha256_hex(&wd.read("scoring-config.toml"));
    let sha_q1 = sha256_hex(&wd.read("data/2024Q1/scoring-config.toml"));
    assert_ne!(sha_top, sha_q1);
    (wd, sha_top, sha_q1)
}

#[test]
fn rank_scores_a_quarter_with_its_own_config_and_names_it() {
    let (wd, sha_top, sha_q1) = per_period();
    let q1 = ["rank", "--period", "2024Q1"];
    let rows = wd.csv(&q1);
    // 2024Q1 under its own config: a efficacy P = 50 over min 50, max 100:
    //   T1 50·(0.6 + 0.4·50/50) = 50; T2 50·(0.6 + 0.4·30/50) = 42; T3 50·0.6 = 30
    //   totals T1 50+30 = 80, T2 42+40 = 82, T3 30+20 = 50
    // (under the top-level config it would be T1 60+30 = 90, T2 48+40 = 88, T3 30+20 = 50)
    assert_eq!(rows.col("total", &THREE), s(&["80.00", "82.00", "50.00"]));
    assert_eq!(rows.col("rank", &THREE), s(&["2", "1", "3"]));
    assert_eq!(rows.get("T2", "a:score"), "42.00");
    assert_eq!(rows.col("config_sha256", &THREE), vec![sha_q1.clone(); 3]);
    // table footer names the file and its digest
    let table = wd.table(&q1);
    let footer = table.lines().last().unwrap();
    assert!(
        footer.contains("2024Q1/scoring-config.toml") && footer.contains(&sha_q1),
        "{table}"
    );
    // json
    let doc = wd.json(&q1);
    assert!(
        doc["config"]
            .as_str()
            .unwrap()
            .ends_with("2024Q1/scoring-config.toml"),
        "{}",
        doc["config"]
    );
    assert_eq!(doc["config_sha256"], sha_q1.as_str());

    // 2024Q2 has no config of its own: the top-level rules
    // a proportional P = 60, max 100: T1 54, T2 60, T3 36 ⇒ totals 89, 90, 76
    let rows = wd.csv(&["rank", "--period", "2024Q2"]);
    assert_eq!(rows.col("total", &THREE), s(&["89.00", "90.00", "76.00"]));
    assert_eq!(rows.col("config_sha256", &THREE), vec![sha_top.clone(); 3]);
    let doc = wd.json(&["rank", "--period", "2024Q2"]);
    assert_eq!(doc["config_sha256"], sha_top.as_str());
    // trend against 2024Q1 as scored by its own config (ranks T2 1, T1 2, T3 3):
    // changes T1 +9, T2 +8, T3 +26, median 9; T2 keeps rank 1 with +8 < 9 ⇒ 慢进
    // (against a re-scored Q1 — T1 90 first, T2 88 second — T2 would show 进位)
    assert_eq!(rows.col("prev_rank", &THREE), s(&["2", "1", "3"]));
    assert_eq!(
        rows.col("score_change", &THREE),
        s(&["9.00", "8.00", "26.00"])
    );
    assert_eq!(rows.col("trend", &THREE), s(&["持平", "慢进", "持平"]));
}

#[test]
fn a_period_configs_own_settings_that_differ_are_a_warning() {
    // 2024Q1's own config has a `[rollup]` unlike the top-level's: it is not read (the roll-up
    // below uses the top-level weights), and every command scoring 2024Q1 says so.
    let (wd, _, _) = per_period();
    let warning = "warning: data/2024Q1/scoring-config.toml: rollup: `[rollup]` in a period's own config is not read: it replaces the scheme only, and the `[rollup]`, `[requirements]` and `[sensitivity]` settings are the top-level config's (scoring-config.toml), whose own differs; move the section there";
    wd.run(&["rank", "--period", "2024Q1"])
        .success()
        .stderr_has(warning);
    wd.run(&["check", "--period", "2024Q1", "--strict"])
        .fails_with(&[warning]);
    // 2024Q2 is scored by the top-level config: nothing to say.
    let out = wd.run(&["rank", "--period", "2024Q2", "--against", "none"]);
    assert!(!out.stderr.contains("is not read"), "{}", out.stderr);
    // A section the top-level config lacks: its defaults apply, which the warning says.
    let q1 = String::from_utf8(wd.read("data/2024Q1/scoring-config.toml")).unwrap();
    wd.create(
        "data/2024Q1/scoring-config.toml",
        &format!("{q1}\n[requirements]\nbottom_share = 0.5\n"),
    );
    wd.run(&["rank", "--period", "2024Q1"]).success().stderr_has(
        "warning: data/2024Q1/scoring-config.toml: requirements: `[requirements]` in a period's own config is not read: it replaces the scheme only, and the `[rollup]`, `[requirements]` and `[sensitivity]` settings are the top-level config's (scoring-config.toml), which has none (the defaults apply); move the section there",
    );
    // A copy of the top-level `[rollup]` (a config copied beside the period and edited
    // elsewhere) gets no warning.
    let top = String::from_utf8(wd.read("scoring-config.toml")).unwrap();
    let same = |t: &str| t[t.find("[rollup]").unwrap()..].to_string();
    let q1 = String::from_utf8(wd.read("data/2024Q1/scoring-config.toml")).unwrap();
    let q1 = format!("{}{}", &q1[..q1.find("[rollup]").unwrap()], same(&top));
    wd.create("data/2024Q1/scoring-config.toml", &q1);
    let out = wd.run(&["rank", "--period", "2024Q1"]).success();
    assert!(!out.stderr.contains("is not read"), "{}", out.stderr);
    // Without a top-level config the defaults apply, which the warning says.
    wd.remove("scoring-config.toml");
    wd.run(&["rank", "--period", "2024Q1"]).success().stderr_has(
        "settings are the top-level config's (scoring-config.toml), and there is none, so the defaults apply; move the section there",
    );
}

#[test]
fn rollup_uses_each_quarters_own_config_and_the_top_level_weights() {
    let (wd, sha_top, sha_q1) = per_period();
    let h1 = ["rollup", "--year", "2024", "--upto", "Q2"];
    let rows = wd.csv(&h1);
    // top-level [rollup]: quarterly 1 (Q1's own [rollup] with monthly 0.5 is ignored, else the
    // absent month files would fail the run)
    // T1 (80 + 89)/2 = 84.5; T2 (82 + 90)/2 = 86; T3 (50 + 76)/2 = 63
    // (with Q1 re-scored by the top-level rules T1 would have (90 + 89)/2 = 89.5 and lead)
    assert_eq!(rows.col("total", &THREE), s(&["84.50", "86.00", "63.00"]));
    assert_eq!(rows.col("rank", &THREE), s(&["2", "1", "3"]));
    assert_eq!(
        rows.col("q:2024Q1", &THREE),
        s(&["80.00", "82.00", "50.00"])
    );
    assert_eq!(rows.col("monthly", &THREE), s(&["", "", ""]));
    // Each quarter's config is named once, in the JSON (and the manifest), not on every CSV row.
    assert!(!rows.has("quarter_configs"));
    let json = wd.json(&h1);
    assert_eq!(
        json["quarters"][0]["config"],
        "data/2024Q1/scoring-config.toml"
    );
    assert_eq!(json["quarters"][0]["config_sha256"], sha_q1.as_str());
    assert_eq!(json["quarters"][1]["config_sha256"], sha_top.as_str());
    wd.run(&[
        "rollup",
        "--year",
        "2024",
        "--upto",
        "Q2",
        "-o",
        "h1.csv",
        "--manifest",
        "m.json",
    ])
    .success();
    assert!(wd.read_string("m.json").contains(&sha_q1));
    let table = wd.table(&h1);
    let line = |p: &str| {
        table
            .lines()
            // A bullet line of the table's notes: `  · 2024Q1: config …`.
            .find(|l| l.trim_start_matches([' ', '·']).starts_with(p))
            .unwrap_or_else(|| panic!("no line for {p}:\n{table}"))
    };
    let l1 = line("2024Q1: config");
    assert!(
        l1.contains("2024Q1/scoring-config.toml") && l1.contains(&sha_q1),
        "{l1}"
    );
    let l2 = line("2024Q2: config");
    assert!(
        l2.contains("scoring-config.toml") && !l2.contains("2024Q2/") && l2.contains(&sha_top),
        "{l2}"
    );
    let doc = wd.json(&h1);
    let qs = doc["quarters"].as_array().unwrap();
    assert_eq!(qs[0]["period"], "2024Q1");
    assert!(qs[0]["config"]
        .as_str()
        .unwrap()
        .ends_with("2024Q1/scoring-config.toml"));
    assert_eq!(qs[0]["config_sha256"], sha_q1.as_str());
    assert_eq!(qs[1]["config_sha256"], sha_top.as_str());
}
