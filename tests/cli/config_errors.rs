//! Config errors: every reference resolves, points add up per track, method parameters are
//! valid; each message names `scoring-config.toml`, the key path and the indicator or track.

use super::errors::{good, scheme};
use super::schemes::{indicator, town_config, HALF_GRADES};
use crate::common::Workdir;

/// Runs a scheme whose only indicator `badind` (P = 10, track total 10) takes `params`.
fn bad_indicator(params: &str) -> crate::common::Output {
    let wd = Workdir::new();
    let ind = indicator("badind", "econ", "10", params);
    wd.config(&town_config("10", HALF_GRADES, &ind))
        .units(&super::schemes::townships(2))
        .period("2024Q2", "township", "unit_id,badind\nT1,1\nT2,2\n");
    wd.run(&["--format", "csv"])
}

#[test]
fn invalid_method_parameters_name_their_key() {
    let cases = [
        (
            "method = \"rank\"\ndirection = \"higher\"\nstep = 0",
            "step",
        ),
        (
            "method = \"rank\"\ndirection = \"higher\"\nstep = -1",
            "step",
        ),
        (
            "method = \"rank\"\ndirection = \"higher\"\nstep = 1\nfloor = 11",
            "floor",
        ),
        (
            "method = \"efficacy\"\ndirection = \"higher\"\nbase = 1.5",
            "base",
        ),
        (
            "method = \"target\"\ndirection = \"higher\"\ntarget = 5\ncap = 0.9",
            "cap",
        ),
        ("method = \"deduct\"\ndirection = \"lower\"", "per"),
        ("method = \"deduct\"\ndirection = \"lower\"\nper = 0", "per"),
        (
            "method = \"bands\"\nbands = [[0, 2], [60, 5], [60, 6]]",
            "bands",
        ),
        ("method = \"bands\"\nbands = [[0, 2], [60, 12]]", "bands"),
        (
            "method = \"bands\"\ndirection = \"higher\"\nbands = [[0, 2]]",
            "direction",
        ),
        ("method = \"proportional\"", "direction"),
        ("method = \"direct\"\ndirection = \"higher\"", "direction"),
        ("method = \"nosuchmethod\"", "nosuchmethod"),
        (
            "method = \"efficacy\"\ndirection = \"higher\"\nbase = -0.1",
            "base",
        ),
        (
            "method = \"rank\"\ndirection = \"higher\"\nstep = 1\nfloor = -1",
            "floor",
        ),
        (
            "method = \"deduct\"\ndirection = \"lower\"\nper = -2",
            "per",
        ),
        (
            "method = \"target\"\ndirection = \"higher\"\ntarget = 0",
            "target",
        ),
        ("method = \"efficacy\"", "direction"),
        ("method = \"rank\"\nstep = 1", "direction"),
        ("method = \"target\"\ntarget = 5", "direction"),
        ("method = \"deduct\"\nper = 1", "direction"),
        ("method = \"binary\"\ndirection = \"lower\"", "direction"),
        (
            "method = \"proportional\"\ndirection = \"sideways\"",
            "direction",
        ),
    ];
    for (params, key) in cases {
        let out = bad_indicator(params);
        assert_eq!(out.code, 1, "{params}: stderr {}", out.stderr);
        out.mentions(&["scoring-config.toml", "badind", key]);
    }
}

#[test]
fn config_references_must_resolve() {
    let cfg = town_config(
        "10",
        HALF_GRADES,
        &indicator("gdp", "ghostdim", "10", "method = \"direct\""),
    )
    .replace(
        "points = { town = 10 }",
        "points = { town = 10, ghosttrack = 5 }",
    );
    let wd = Workdir::new();
    wd.config(&cfg).units(&super::schemes::townships(1));
    wd.period("2024Q2", "township", "unit_id,gdp\nT1,1\n");
    // both unknown references are reported in one run
    wd.run(&["--format", "csv"])
        .fails_with(&["scoring-config.toml", "ghostdim", "ghosttrack"]);
}

#[test]
fn unknown_tie_breaker() {
    let ind = indicator("gdp", "econ", "10", "method = \"direct\"");
    let cfg = town_config(
        "10",
        HALF_GRADES,
        &format!("tie_breakers = [\"ghostdim\"]\n{ind}"),
    );
    let wd = Workdir::new();
    wd.config(&cfg).units(&super::schemes::townships(1));
    wd.period("2024Q2", "township", "unit_id,gdp\nT1,1\n");
    wd.run(&["--format", "csv"])
        .fails_with(&["ghostdim", "tie_breakers"]);
}

#[test]
fn points_must_add_up_to_the_track_total() {
    let wd = good();
    // 10 + 10 + 10 = 30 against a declared total of 100
    wd.config(&scheme().replace("total = 30", "total = 100"));
    wd.run(&["--format", "csv"])
        .fails_with(&["town", "30", "100", "scoring-config.toml"]);
}

#[test]
fn grade_thresholds_must_decrease() {
    let wd = good();
    let g = r#"{ by = "score", levels = [{ name = "良好", min = 80 }, { name = "优秀", min = 90 }, { name = "一般" }] }"#;
    wd.config(&scheme().replace(HALF_GRADES, g));
    wd.run(&["--format", "csv"])
        .fails_with(&["grades", "min", "scoring-config.toml"]);
}

#[test]
fn several_config_errors_are_reported_together() {
    let wd = good();
    let cfg = scheme()
        .replace(
            "method = \"direct\"",
            "method = \"rank\"\ndirection = \"higher\"\nstep = 0",
        )
        .replace(
            "method = \"binary\"",
            "method = \"efficacy\"\ndirection = \"higher\"\nbase = 2",
        );
    wd.config(&cfg);
    wd.run(&["--format", "csv"])
        .fails_with(&["mark", "step", "done", "base"]);
}

#[test]
fn a_rejected_indicator_does_not_cause_a_spurious_points_error() {
    // the only indicator declares points { town = 10 } = the track total 10: the points add up;
    // only the method is wrong
    let out = bad_indicator("method = \"nosuchmethod\"");
    out.fails_with(&["nosuchmethod"]);
    assert!(!out.stderr.contains("add up to"), "{}", out.stderr);
}

#[test]
fn points_add_up_within_the_tolerance() {
    // 33.3 + 33.3 + 33.4 is 100.00000000000001 in binary: within 1e-6 of 100, accepted
    let wd = good();
    let cfg = scheme()
        .replace("total = 30", "total = 100")
        .replacen("town = 10", "town = 33.3", 2)
        .replacen("town = 10", "town = 33.4", 1);
    wd.config(&cfg);
    let rows = wd.rank_csv(&[]);
    // T3: gdp 33.3·30/30 + mark 7 + done 是 → 33.4: 73.7
    assert_eq!(rows.get("T3", "total"), "73.70");
}

#[test]
fn points_off_by_more_than_the_tolerance() {
    let wd = good();
    // 10 + 10 + 10.0001 = 30.0001 against 30
    wd.config(&scheme().replacen(
        "town = 10 }\nmethod = \"binary\"",
        "town = 10.0001 }\nmethod = \"binary\"",
        1,
    ));
    wd.run(&["--format", "csv"])
        .fails_with(&["30.0001", "30", "town"]);
}

#[test]
fn grade_thresholds_must_not_repeat() {
    let wd = good();
    let g = r#"{ by = "score", levels = [{ name = "优秀", min = 80 }, { name = "良好", min = 80 }, { name = "一般" }] }"#;
    wd.config(&scheme().replace(HALF_GRADES, g));
    wd.run(&["--format", "csv"]).fails_with(&["grades", "min"]);
}

#[test]
fn band_points_are_checked_on_every_track_using_the_indicator() {
    let wd = Workdir::new();
    let second = "\n[[tracks]]\nid = \"small\"\nname = \"小\"\ncategories = [\"village\"]\n\
                  total = 5\ngrades = { by = \"share\", levels = [{ name = \"优\", share = 1.0 }] }\n";
    let ind = indicator(
        "bandind",
        "econ",
        "10",
        "method = \"bands\"\nbands = [[0, 8]]",
    )
    .replace(
        "points = { town = 10 }",
        "points = { town = 10, small = 5 }",
    );
    wd.config(&format!("{}{ind}", town_config("10", HALF_GRADES, second)))
        .units(&super::schemes::townships(1))
        .period("2024Q2", "township", "unit_id,bandind\nT1,1\n");
    // 8 ≤ 10 on `town` but 8 > 5 on `small`
    wd.run(&["--format", "csv"])
        .fails_with(&["bandind", "bands", "small"]);
}

#[test]
fn an_unknown_key_names_its_key_path_as_validation_does() {
    // The TOML parser gives only the line; the key path is worked out from the text.
    let out = bad_indicator("method = \"direct\"\npre = 1");
    out.fails_with(&[
        "scoring-config.toml:",
        ": indicators[0] (badind).pre: unknown field `pre`, expected one of `id`",
    ]);
}

/// Two grade levels of one name would print one grade for two levels (a unit above 60 called
/// 优秀 like one above 85): a config error naming the level.
#[test]
fn two_grade_levels_of_one_name_are_an_error() {
    let wd = Workdir::new();
    let grades = r#"{ by = "score", levels = [{ name = "优秀", min = 85 }, { name = "优秀", min = 60 }, { name = "一般" }] }"#;
    let ind = indicator("x", "econ", "10", "method = \"direct\"");
    wd.config(&town_config("10", grades, &ind))
        .units(&super::schemes::townships(2))
        .period("2024Q2", "township", "unit_id,x\nT1,9\nT2,6.5\n");
    wd.run(&["--format", "csv"]).fails_with(&[
        "scoring-config.toml",
        "grades.levels[1] (优秀): the name `优秀` is also level 0's",
    ]);
}

/// A dimension, track or indicator name of more than 200 characters is a config error naming
/// its key (a name is printed on every statement and chart).
#[test]
fn a_name_of_more_than_200_characters_is_an_error() {
    let long = "长".repeat(201);
    let wd = Workdir::new();
    let ind = indicator("x", "econ", "10", "method = \"direct\"").replace("指标x", &long);
    wd.config(&town_config("10", HALF_GRADES, &ind))
        .units(&super::schemes::townships(2))
        .period("2024Q2", "township", "unit_id,x\nT1,1\nT2,2\n");
    wd.run(&["--format", "csv"])
        .fails_with(&["indicators[0].name: a name of 201 characters: at most 200"]);
}
