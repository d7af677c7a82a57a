//! Atomic output files, and inputs that are never written.

use predicates::prelude::*;

use crate::{break_data, pingyi, support, temporary_files};

#[test]
fn a_failed_run_leaves_no_output_file_and_no_temporary_file() {
    let d = support::district();
    break_data(d.path());
    pingyi(d.path())
        .args(["--output", "out.csv"])
        .assert()
        .code(1)
        .stdout("");
    assert!(!d.path().join("out.csv").exists());
    assert_eq!(temporary_files(d.path()), Vec::<String>::new());
}

#[test]
fn a_failed_run_leaves_an_existing_output_file_untouched() {
    let d = support::district();
    std::fs::write(d.path().join("out.csv"), "last quarter's published file\n").unwrap();
    break_data(d.path());
    pingyi(d.path())
        .args(["--output", "out.csv", "--manifest", "m.json"])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(d.path().join("out.csv")).unwrap(),
        "last quarter's published file\n"
    );
    assert!(!d.path().join("m.json").exists());
    assert_eq!(temporary_files(d.path()), Vec::<String>::new());
}

#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let d = support::district();
    std::fs::create_dir_all(d.path().join("out.csv/occupied")).unwrap();
    pingyi(d.path())
        .args(["--output", "out.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("out.csv"));
    assert_eq!(temporary_files(d.path()), Vec::<String>::new());
    // A missing folder is created; a folder that cannot be (a file is in the way) is an error.
    std::fs::write(d.path().join("a-file"), "x").unwrap();
    pingyi(d.path())
        .args(["--output", "a-file/out.csv"])
        .assert()
        .code(1);
    pingyi(d.path())
        .args(["--output", "new/folder/out.csv"])
        .assert()
        .success();
    assert!(d.path().join("new/folder/out.csv").is_file());
    assert_eq!(temporary_files(d.path()), Vec::<String>::new());
}

#[test]
fn input_files_are_never_written() {
    let d = support::district();
    let before = support::tree(d.path());
    for format in ["table", "csv", "tsv", "json"] {
        let out = format!("out.{format}");
        pingyi(d.path())
            .args(["--format", format, "--output", &out, "--manifest", "m.json"])
            .assert()
            .success();
        pingyi(d.path())
            .args(["check", "--manifest", "m.json"])
            .assert()
            .success();
    }
    let after: Vec<_> = support::tree(d.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("out.") && p != "m.json")
        .collect();
    assert_eq!(before, after);
}

#[test]
fn output_or_manifest_naming_an_input_is_refused() {
    let d = support::district();
    let before = support::tree(d.path());
    for args in [
        &["--output", "data/units.csv"][..],
        &["--output", "./data/../data/2024Q2/township.csv"],
        &["--manifest", "scoring-config.toml"],
        &["--output", "data/2023Q4/township.csv"], // read for growth
        &["--output", "a.csv", "--manifest", "./a.csv"],
        &["check", "--manifest", "data/2024Q2/adjustments.csv"],
    ] {
        pingyi(d.path()).args(args).assert().code(2).stderr(
            predicate::str::contains("never writes its inputs")
                .or(predicate::str::contains("both name")),
        );
    }
    assert_eq!(support::tree(d.path()), before);
}
