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

/// Three departments, `i0` direct (2 points), `i1` proportional (8): U03 2 + 8·2.81/2.81 = 10
/// (优秀), U04 0 + 8·1.38/2.81 = 3.93, U05 2 + 8·0.63/2.81 = 3.79 (一般).
fn three_departments(i1: &str) -> Workdir {
    let wd = Workdir::new();
    wd.config(&format!(
        "decimals = 2\n[[dimensions]]\nid = \"econ\"\nname = \"经济\"\ncore = true\n\
         [[tracks]]\nid = \"dept\"\nname = \"部门\"\ncategories = [\"department\"]\ntotal = 10\n\
         grades = {{ by = \"score\", levels = [{{ name = \"优秀\", min = 9.0 }}, {{ name = \"良好\", min = 6.0 }}, {{ name = \"一般\" }}] }}\n\
         [[indicators]]\nid = \"i0\"\nname = \"指标0\"\ndimension = \"econ\"\nmethod = \"direct\"\npoints = {{ dept = 2 }}\n\
         [[indicators]]\nid = \"i1\"\nname = \"指标1\"\ndimension = \"econ\"\npoints = {{ dept = 8 }}\n{i1}\n"
    ))
    .units("id,name,category,parent\nU03,甲,department,\nU04,乙,department,\nU05,丙,department,\n")
    .period("2024Q2", "department", "unit_id,i0,i1\nU03,2,2.81\nU04,0,1.38\nU05,2,0.63\n");
    wd
}

/// The probabilities of U03's grades (优秀, 良好, 一般) over the runs.
fn u03_grades(wd: &Workdir, args: &[&str]) -> [String; 3] {
    grades_of(wd, "U03", args)
}

/// The probabilities of `unit`'s grades (优秀, 良好, 一般) over 20 runs, nothing but `args` varied.
fn grades_of(wd: &Workdir, unit: &str, args: &[&str]) -> [String; 3] {
    let mut all = vec![
        "sensitivity",
        "--runs",
        "20",
        "--weights",
        "0",
        "--no-indices",
    ];
    all.extend(args);
    all.extend(["--format", "csv"]);
    let s = records(&wd.stdout(&all));
    let u = s.iter().find(|u| u["unit_id"] == unit).unwrap();
    ["p:优秀", "p:良好", "p:一般"].map(|k| u[k].clone())
}

/// An alternative `target` method scores the variant with the alternative's target, as the
/// scheme ranked under it would: U03 2 + 8·2.81/5 = 6.50 (良好), never 一般 (it was scored 0:
/// the indicator, not a `target` one, had no targets). And a `target` indicator's alternative
/// `target` replaces the config's (it was ignored): under target 2, U03's 2.81 is above target
/// and U03 优秀.
#[test]
fn an_alternative_target_scores_with_the_alternatives_target() {
    let wd = three_departments("method = \"proportional\"\ndirection = \"higher\"");
    let [top, good, fair] =
        u03_grades(&wd, &["--alternative", "i1=[{method=\"target\",target=5}]"]);
    assert_eq!(fair, "0.000");
    assert!(top != "0.000" && good != "0.000", "{top} {good}");
    let published = records(&wd.stdout(&["rank", "--format", "csv"]));
    assert_eq!(published[0]["total"], "10.00");

    let wd = three_departments("method = \"target\"\ndirection = \"higher\"\ntarget = 5");
    let published = records(&wd.stdout(&["rank", "--format", "csv"]));
    let u03 = published.iter().find(|u| u["unit_id"] == "U03").unwrap();
    assert_eq!(
        (u03["total"].as_str(), u03["grade"].as_str()),
        ("6.50", "良好")
    );
    let [top, good, fair] = u03_grades(&wd, &["--alternative", "i1=[{target=2}]"]);
    assert_eq!(fair, "0.000");
    assert!(top != "0.000" && good != "0.000", "{top} {good}");
    // A unit's row of the targets table is its target under every variant: U03's 2.81 is on
    // target whatever the alternative's `target`.
    wd.period(
        "2024Q2",
        "targets",
        "unit_id,indicator,target\nU03,i1,2.81\n",
    );
    let [top, ..] = u03_grades(&wd, &["--alternative", "i1=[{target=50}]"]);
    assert_eq!(top, "1.000");
}

/// A variant the scheme's own rules refuse is refused, not scored 0: `target` without a
/// target for a unit, `impute` with no value in a unit's group (as `rank` refuses it), each
/// named with the indicator, track and unit.
#[test]
fn a_variant_the_rules_refuse_is_an_error_naming_the_cell() {
    let wd = three_departments("method = \"proportional\"\ndirection = \"higher\"");
    let out = wd.run(&["sensitivity", "--alternative", "i1=[{method=\"target\"}]"]);
    out.fails_with(&[
        "`i1`",
        "track `dept`",
        "no target for unit U03",
        "--alternative",
    ]);

    let wd =
        three_departments("method = \"proportional\"\ndirection = \"higher\"\nmissing = \"zero\"");
    wd.period(
        "2024Q2",
        "department",
        "unit_id,i0,i1\nU03,2,\nU04,0,\nU05,2,\n",
    );
    let out = wd.run(&["sensitivity", "--missing", "impute", "--missing", "average"]);
    out.fails_with(&[
        "--missing",
        "`i1`",
        "`impute:mean:track`",
        "`average`",
        "U03",
    ]);
    wd.run(&["sensitivity", "--missing", "zero"]).success();
}

/// A `target` indicator keeps its own missing-value policy when the alternative imputes (an
/// imputed value has no target), judged by the method the variant scores: U05's blank `i1`
/// under the alternative target (target 2) is 0 as under `zero` (total 2, 一般), not the imputed
/// mean 2.095 scored against the target (10, 优秀); under `proportional` it is imputed:
/// 2 + 8·2.095/2.81 = 7.96 (良好).
#[test]
fn an_alternative_target_method_keeps_its_policy_when_the_alternative_imputes() {
    let wd =
        three_departments("method = \"proportional\"\ndirection = \"higher\"\nmissing = \"zero\"");
    wd.period(
        "2024Q2",
        "department",
        "unit_id,i0,i1\nU03,2,2.81\nU04,0,1.38\nU05,2,\n",
    );
    let alt = [
        "--alternative",
        "i1=[{method=\"target\",target=2}]",
        "--missing",
        "impute",
    ];
    let [top, good, _] = grades_of(&wd, "U05", &alt);
    assert_eq!(top, "0.000");
    assert_ne!(good, "0.000");
}

/// A second engineer's case: X scores 36.25 of 50 on both indicators, an attainment of 72.5 %
/// on each, so every draw of the weights gives it a total of exactly 72.5 — published 72 at no
/// decimals, second behind Y's 73. In binary the rescaled total fell a few units of its last
/// place either side of 72.5 from draw to draw, and was rounded to 73 in about one draw in
/// eight: X was reported fragile (P(差) 0.871, p5 rank 1) though no draw can move it. A total
/// that is the published one (but for those last units) now rounds as it was published.
#[test]
fn a_total_no_draw_can_move_keeps_its_published_rounding_on_a_half() {
    let wd = Workdir::new();
    wd.config(
        "decimals = 0\n[[dimensions]]\nid = \"a\"\nname = \"A\"\n\
         [[tracks]]\nid = \"t\"\nname = \"T\"\ncategories = [\"department\"]\ntotal = 100\n\
         grades = { by = \"share\", levels = [{ name = \"优\", share = 0.5 }, { name = \"差\", share = 1.0 }] }\n\
         [[indicators]]\nid = \"i1\"\nname = \"I1\"\ndimension = \"a\"\nmethod = \"direct\"\npoints = { t = 50 }\n\
         [[indicators]]\nid = \"i2\"\nname = \"I2\"\ndimension = \"a\"\nmethod = \"direct\"\npoints = { t = 50 }\n",
    )
    .units("id,name,category,parent\nX,甲,department,\nY,乙,department,\n")
    .period("2024Q2", "department", "unit_id,i1,i2\nX,36.25,36.25\nY,36.5,36.5\n");
    let r = records(&wd.stdout(&["rank", "--format", "csv"]));
    let x = r.iter().find(|u| u["unit_id"] == "X").unwrap();
    assert_eq!((x["total"].as_str(), x["rank"].as_str()), ("72", "2"));
    let s = records(&wd.stdout(&[
        "sensitivity",
        "--runs",
        "1000",
        "--seed",
        "20240601",
        "--no-indices",
        "--format",
        "csv",
    ]));
    for (id, rank, grade) in [("X", "2", "差"), ("Y", "1", "优")] {
        let u = s.iter().find(|u| u["unit_id"] == id).unwrap();
        for k in ["median_rank", "p5_rank", "p95_rank"] {
            assert_eq!(u[k], rank, "{k}: {u:?}");
        }
        assert_eq!(u["nominal_grade"], grade);
        assert_eq!(u["nominal_grade_probability"], "1.000", "{u:?}");
        assert_eq!(u["fragile"], "0", "{u:?}");
    }
}

/// A reviewer's case: T1 scores 1000.005 less a deduction of 1000, a total of exactly 0.005,
/// published 0.01 (taken on the decimals), first with T2's 0.01. Re-added in binary the total
/// is 0.0049999999999954525, a few units of 10^-13 off — small beside terms of 1,000, large
/// beside the total — and with nothing varied the runs put T1 second with 0.00: the published
/// ranks were not reproduced. Whether a run's total is the published one is judged against the
/// size of its terms.
#[test]
fn a_total_near_zero_of_large_terms_is_reproduced_with_nothing_varied() {
    let wd = Workdir::new();
    wd.config(&super::schemes::town_config(
        "2000",
        super::schemes::HALF_GRADES,
        "[[indicators]]\nid = \"x\"\nname = \"指标x\"\ndimension = \"econ\"\npoints = { town = 2000 }\nmethod = \"direct\"\n",
    ))
    .units(&super::schemes::townships(3))
    .period("2024Q2", "township", "unit_id,x\nT1,1000.005\nT2,0.01\nT3,0\n")
    .period(
        "2024Q2",
        "adjustments",
        "unit_id,kind,points,reason,reference\nT1,deduction,1000,通报,文1\n",
    );
    let r = records(&wd.stdout(&["rank", "--format", "csv"]));
    let total = |id: &str| {
        let u = r.iter().find(|u| u["unit_id"] == id).unwrap();
        (u["total"].clone(), u["rank"].clone())
    };
    assert_eq!(total("T1"), ("0.01".to_string(), "1".to_string()));
    assert_eq!(total("T3"), ("0.00".to_string(), "3".to_string()));
    let s = records(&wd.stdout(&[
        "sensitivity",
        "--weights",
        "0",
        "--runs",
        "20",
        "--format",
        "csv",
    ]));
    for (id, rank) in [("T1", "1"), ("T2", "1"), ("T3", "3")] {
        let u = s.iter().find(|u| u["unit_id"] == id).unwrap();
        for k in ["nominal_rank", "median_rank", "p5_rank", "p95_rank"] {
            assert_eq!(u[k], rank, "{k}: {u:?}");
        }
        assert_eq!(u["nominal_grade_probability"], "1.000", "{u:?}");
    }
}

/// More runs than the process may have memory for (a cron job's `ulimit -v`) are refused at
/// once with what they would need, not stopped by the allocator partway (signal 6).
#[test]
fn runs_beyond_the_memory_allowed_are_refused_with_what_they_need() {
    let d = Workdir::district();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 2000000 && exec {} sensitivity --quiet --runs 10000000",
            env!("CARGO_BIN_EXE_pingyi")
        ))
        .current_dir(d.path())
        .output()
        .expect("sh");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error: 10000000 runs need about ")
            && err.contains(" GB of memory")
            && err.contains("give fewer runs"),
        "{err}"
    );
}
