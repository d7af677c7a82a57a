//! Quiet and plain output, closed pipes, exit codes, errors instead of silence.

use std::io::Read;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use predicates::prelude::*;

use crate::{break_data, pingyi, stdout_of, support};

fn add_unknown_column(dir: &Path) {
    let f = dir.join("data/2024Q2/department.csv");
    std::fs::write(f, "unit_id,done,review,note\nD1,是,55.5,x\nD2,0,48,y\n").unwrap();
}

#[test]
fn quiet_silences_warnings_and_nothing_else() {
    let d = support::district();
    add_unknown_column(d.path());
    pingyi(d.path())
        .args(["--format", "csv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning:"));
    pingyi(d.path())
        .args(["--format", "csv", "--quiet"])
        .assert()
        .success()
        .stderr("");
    break_data(d.path());
    pingyi(d.path())
        .args(["--quiet"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error:"));
}

#[test]
fn tables_are_plain_when_piped_or_no_color_is_set() {
    let d = support::district();
    for no_color in [None, Some("1")] {
        let mut c = pingyi(d.path());
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let out = c
            .args(["--format", "table"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert!(!out.contains(&0x1b), "escape sequences in a piped table");
    }
    // Not a terminal: csv by default.
    assert!(stdout_of(d.path(), &[]).starts_with("unit_id,unit_name,track,rank"));
}

/// A district big enough that the output fills a pipe many times over.
fn big_district(dir: &Path, units: usize) {
    let mut reg = String::from("id,name,category,parent\n");
    let mut data = String::from("unit_id,x\n");
    for i in 0..units {
        reg.push_str(&format!("T{i:05},镇{i},township,\n"));
        data.push_str(&format!("T{i:05},{}\n", i % 97));
    }
    std::fs::create_dir_all(dir.join("data/2024Q2")).unwrap();
    std::fs::write(dir.join("data/units.csv"), reg).unwrap();
    std::fs::write(dir.join("data/2024Q2/township.csv"), data).unwrap();
    let cfg = r#"
[[dimensions]]
id = "d"
name = "D"
[[tracks]]
id = "t"
name = "乡镇"
categories = ["township"]
total = 100
grades = { by = "share", levels = [{ name = "优秀", share = 0.2 }, { name = "一般", share = 1.0 }] }
[[indicators]]
id = "x"
name = "X"
dimension = "d"
method = "proportional"
direction = "higher"
points = { t = 100 }
"#;
    std::fs::write(dir.join("scoring-config.toml"), cfg).unwrap();
}

fn spawn(dir: &Path, args: &[&str]) -> std::process::Child {
    StdCommand::new(assert_cmd::cargo::cargo_bin("pingyi"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pingyi")
}

#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    let d = tempfile::tempdir().unwrap();
    big_district(d.path(), 3000);
    for format in ["csv", "table", "json"] {
        let mut child = spawn(d.path(), &["--format", format]);
        let mut head = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap(); // then dropped: `| head -c 16`
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "{format}: {status:?}, stderr: {err}");
        assert_eq!(err, "", "{format}");
    }
}

#[test]
fn a_closed_stderr_does_not_crash_a_run_with_warnings() {
    let d = support::district();
    add_unknown_column(d.path());
    let mut child = spawn(d.path(), &["--format", "csv"]);
    drop(child.stderr.take()); // `2>&1 | head` that has already exited
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(out.starts_with("unit_id,"));
}

#[test]
fn exit_codes_are_zero_one_and_two() {
    let d = support::district();
    pingyi(d.path()).assert().code(0);
    pingyi(d.path())
        .args(["--track", "nowhere"])
        .assert()
        .code(2);
    pingyi(d.path()).args(["--format", "xml"]).assert().code(2);
    break_data(d.path());
    pingyi(d.path()).assert().code(1);
}

#[test]
fn an_adjustment_for_a_unit_not_assessed_is_an_error_not_silently_dropped() {
    // Found while reviewing what the fuzz harness loads: the row was read, then ignored by
    // scoring because the unit has no track in the period.
    let d = support::district();
    let reg = d.path().join("data/units.csv");
    let mut units = std::fs::read_to_string(&reg).unwrap();
    units = units.replace(
        "id,name,category,parent,class\n",
        "id,name,category,parent,class,until\n",
    );
    units = units
        .replace(",\n", ",,\n")
        .replace("经济类\n", "经济类,\n");
    units.push_str("X1,已撤并镇,township,,,2023Q4\n");
    std::fs::write(&reg, units).unwrap();
    pingyi(d.path()).assert().success(); // the registry change alone is fine
    let adj = d.path().join("data/2024Q2/adjustments.csv");
    let mut rows = std::fs::read_to_string(&adj).unwrap();
    rows.push_str("X1,bonus,1,表彰,文件4\n");
    std::fs::write(&adj, rows).unwrap();
    pingyi(d.path()).assert().code(1).stderr(
        predicate::str::contains("adjustments.csv:5")
            .and(predicate::str::contains("not assessed in 2024Q2")),
    );
}
