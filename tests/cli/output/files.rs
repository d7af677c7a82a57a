//! Atomic output files, and inputs that are never written.

use super::{break_data, temporary_files};
use crate::common::Workdir;

#[test]
fn a_failed_run_leaves_no_output_file_and_no_temporary_file() {
    let d = Workdir::district();
    break_data(&d);
    d.run(&["--output", "out.csv"]).exit(1).stdout_is("");
    assert!(!d.exists("out.csv"));
    assert_eq!(temporary_files(&d), Vec::<String>::new());
}

#[test]
fn a_failed_run_leaves_an_existing_output_file_untouched() {
    let d = Workdir::district();
    d.create("out.csv", "last quarter's published file\n");
    break_data(&d);
    d.run(&["--output", "out.csv", "--manifest", "m.json"])
        .exit(1);
    assert_eq!(d.read_string("out.csv"), "last quarter's published file\n");
    assert!(!d.exists("m.json"));
    assert_eq!(temporary_files(&d), Vec::<String>::new());
}

#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let d = Workdir::district();
    d.mkdir("out.csv/occupied");
    d.run(&["--output", "out.csv"])
        .exit(2)
        .stderr_has("--output out.csv is a folder");
    assert_eq!(temporary_files(&d), Vec::<String>::new());
    // A missing folder is created; a folder that cannot be (a file is in the way) is an error.
    d.create("a-file", "x");
    d.run(&["--output", "a-file/out.csv"]).exit(1);
    d.run(&["--output", "new/folder/out.csv"]).success();
    assert!(d.join("new/folder/out.csv").is_file());
    assert_eq!(temporary_files(&d), Vec::<String>::new());
}

#[test]
fn input_files_are_never_written() {
    let d = Workdir::district();
    let before = d.tree();
    for format in ["table", "csv", "tsv", "json"] {
        let out = format!("out.{format}");
        d.run(&["--format", format, "--output", &out, "--manifest", "m.json"])
            .success();
        d.run(&["check", "--manifest", "m.json"]).success();
    }
    let after: Vec<_> = d
        .tree()
        .into_iter()
        .filter(|(p, _)| !p.starts_with("out.") && p != "m.json")
        .collect();
    assert_eq!(before, after);
}

#[test]
fn output_or_manifest_naming_an_input_is_refused() {
    let d = Workdir::district();
    let before = d.tree();
    for args in [
        &["--output", "data/units.csv"][..],
        &["--output", "./data/../data/2024Q2/township.csv"],
        &["--manifest", "scoring-config.toml"],
        &["--output", "data/2023Q4/township.csv"], // read for growth
        &["--output", "a.csv", "--manifest", "./a.csv"],
        &["check", "--manifest", "data/2024Q2/adjustments.csv"],
    ] {
        let out = d.run(args).exit(2);
        assert!(
            out.stderr.contains("never writes its inputs") || out.stderr.contains("both name"),
            "{args:?}: {}",
            out.stderr
        );
    }
    assert_eq!(d.tree(), before);
}
