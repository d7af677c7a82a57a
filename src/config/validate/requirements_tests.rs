use std::path::Path;

use crate::config::{Config, Requirements};

const BASE: &str = r#"
[[dimensions]]
id = "d"
name = "工作"

[[tracks]]
id = "t"
name = "乡镇"
categories = ["township"]
total = 10
grades = { by = "share", levels = [{ name = "一般", share = 1.0 }] }

[[indicators]]
id = "x"
name = "X"
dimension = "d"
method = "direct"
points = { t = 10 }
"#;

fn parse(extra: &str) -> Result<crate::config::Settings, String> {
    Config::parse_with_settings(&format!("{extra}\n{BASE}"), Path::new("c.toml"))
        .map(|(_, s)| s)
        .map_err(|e| e.to_string())
}

#[test]
fn requirements_default_when_absent_and_read_when_given() {
    assert_eq!(parse("").unwrap().requirements, Requirements::default());
    let r = parse(
        "[requirements]\nbottom_share = 0.1\nmin_points_lost = 0.5\nfall_places = 5\nslow_progress = false\ndimensions = false",
    )
    .unwrap()
    .requirements;
    assert_eq!(
        r,
        Requirements {
            bottom_share: 0.1,
            min_points_lost: 0.5,
            fall_places: 5,
            slow_progress: false,
            dimensions: false,
        }
    );
}

#[test]
fn bad_requirement_thresholds_are_errors_naming_the_key() {
    let e = parse("[requirements]\nbottom_share = 1.0\nmin_points_lost = -1\nfall_places = 0")
        .unwrap_err();
    assert!(
        e.contains("requirements.bottom_share: must lie in [0, 1)"),
        "{e}"
    );
    assert!(
        e.contains("requirements.min_points_lost: must be a number ≥ 0"),
        "{e}"
    );
    assert!(
        e.contains("requirements.fall_places: must be a whole number"),
        "{e}"
    );
    assert!(e.contains("3 error(s)"), "{e}");
    let e = parse("[requirements]\nbottom_shar = 0.2").unwrap_err();
    assert!(e.contains("c.toml:2") && e.contains("bottom_shar"), "{e}");
}

#[test]
fn a_track_takes_at_most_255_grade_levels() {
    let levels = |n: usize| {
        let each: Vec<String> = (1..=n)
            .map(|i| format!("{{ name = \"g{i}\", share = {} }}", i as f64 / n as f64))
            .collect();
        BASE.replace(
            "levels = [{ name = \"一般\", share = 1.0 }]",
            &format!("levels = [{}]", each.join(", ")),
        )
    };
    assert!(Config::parse_with_settings(&levels(255), Path::new("c.toml")).is_ok());
    let e = Config::parse_with_settings(&levels(256), Path::new("c.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("at most 255 levels, found 256"), "{e}");
}
