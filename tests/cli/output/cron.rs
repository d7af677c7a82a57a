//! Running from cron (issue 12): `--quiet` says nothing on success, `--verbose` says how each
//! file was read, `--strict` fails a run with warnings, and `check --format json` lists every
//! problem for programs.

use super::break_data;
use crate::common::Workdir;

/// A department file with a column the scheme does not know: a warning, no error.
fn add_a_warning(d: &Workdir) {
    d.create(
        "data/2024Q2/department.csv",
        "unit_id,done,review,note\nD1,是,55.5,x\nD2,0,48,y\n",
    );
}

#[test]
fn quiet_prints_nothing_on_success_and_verbose_says_what_was_read() {
    let d = Workdir::district();
    d.run(&["check", "-q"])
        .success()
        .stdout_is("")
        .stderr_is("");
    d.run(&["-q", "-o", "r.csv"])
        .success()
        .stdout_is("")
        .stderr_is("");
    d.run(&["report", "-q", "--out", "rep"])
        .success()
        .stderr_is("");
    let plain = d.run(&["check"]).success();
    assert!(plain.stderr.contains("ok: 2024Q2"), "{}", plain.stderr);
    assert!(!plain.stderr.contains("read: "), "{}", plain.stderr);
    d.run(&["check", "--verbose"])
        .success()
        .stderr_has("read: data/units.csv as UTF-8");
    d.run(&["check", "-q", "-v"]).exit(2);
}

#[test]
fn strict_makes_a_warning_exit_1_and_write_nothing() {
    let d = Workdir::district();
    d.run(&["--strict", "-o", "r.csv"]).success();
    add_a_warning(&d);
    d.run(&["-o", "w.csv"]).success().stderr_has("warning:");
    let out = d.run(&["--strict", "-q", "-o", "s.csv"]).exit(1);
    assert!(
        out.stderr.contains("warning:"),
        "the warning is named: {}",
        out.stderr
    );
    assert!(out.stderr.contains("--strict makes warnings fail the run"));
    assert!(!d.exists("s.csv"));
    d.run(&["check", "--strict"])
        .exit(1)
        .stderr_has("warning(s), and --strict");
    d.run(&["check", "--strict", "-o", "c.csv"]).exit(1);
    assert!(!d.exists("c.csv"));
    d.run(&["check"]).success();
}

#[test]
fn check_format_json_lists_every_problem_with_its_place() {
    let d = Workdir::district();
    let ok: serde_json::Value =
        serde_json::from_str(&d.stdout(&["check", "--format", "json"])).unwrap();
    assert_eq!(ok["ok"], true);
    assert_eq!(ok["errors"], 0);
    assert_eq!(ok["problems"], serde_json::json!([]));
    add_a_warning(&d);
    let warned: serde_json::Value =
        serde_json::from_str(&d.stdout(&["check", "--format", "json", "-q"])).unwrap();
    assert_eq!(warned["ok"], true);
    assert_eq!(warned["warnings"], 1);
    let w = &warned["problems"][0];
    assert_eq!(w["level"], "warning");
    assert_eq!(w["file"], "data/2024Q2/department.csv");
    break_data(&d);
    let out = d.run(&["check", "--format", "json", "-q"]).exit(1);
    let failed: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(failed["ok"], false);
    // Errors first, then the warnings (the department file's), as on stderr.
    let levels: Vec<&str> = failed["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "warning"], "{failed}");
    let e = &failed["problems"][0];
    assert_eq!(e["file"], "data/2024Q2/township.csv");
    assert!(e["line"].as_u64().unwrap() >= 2, "{e}");
    assert!(e["unit"].is_string(), "{e}");
    assert!(e["column"].is_string(), "{e}");
    assert!(e["message"].as_str().unwrap().contains("abc"), "{e}");
    // A config that cannot be read: its problems as JSON all the same.
    d.create("scoring-config.toml", "[scheme\n");
    let out = d.run(&["check", "--format", "json"]).exit(1);
    let bad: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["problems"][0]["file"], "scoring-config.toml");
}
