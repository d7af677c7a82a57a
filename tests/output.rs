//! End-to-end tests of writing, as a user or cron sees it: formula-injection escaping, atomic
//! output files, inputs never written, manifests, byte-identical reruns, quiet and plain output,
//! closed pipes. Each test runs the real binary on its own copy of the fixture district.

mod support;

use std::io::Read;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;

/// `pingyi` in `dir`, with no colour or epoch settings leaking in from the environment.
fn pingyi(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("pingyi").expect("binary");
    c.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("COLUMNS");
    c
}

fn stdout_of(dir: &Path, args: &[&str]) -> String {
    let out = pingyi(dir)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 output")
}

/// Rows of a CSV/TSV output, keyed by the first column.
fn rows(text: &str, delimiter: u8) -> Vec<csv::StringRecord> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    r.records().map(|x| x.expect("well-formed CSV")).collect()
}

fn column(text: &str, delimiter: u8, name: &str) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let i = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .expect(name);
    rows(text, delimiter)
        .iter()
        .map(|row| row[i].to_string())
        .collect()
}

fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".pingyi-"))
        .collect()
}

fn break_data(dir: &Path) {
    let f = dir.join("data/2024Q2/township.csv");
    let text = std::fs::read_to_string(&f).unwrap().replace("12.5", "abc");
    std::fs::write(f, text).unwrap();
}

// ---- escaping ------------------------------------------------------------------------------

#[test]
fn text_cells_that_start_a_formula_are_escaped_in_csv_and_tsv() {
    let d = support::district();
    for (format, delim) in [("csv", b','), ("tsv", b'\t')] {
        let out = stdout_of(d.path(), &["--format", format]);
        let names = column(&out, delim, "unit_name");
        assert!(
            names.contains(&"'=HYPERLINK(\"http://example.com\",\"甲镇\")".to_string()),
            "{names:?}"
        );
        for n in ["'+乙镇", "'-丙街道", "'@一村", "二村"] {
            assert!(names.contains(&n.to_string()), "{format}: {n} in {names:?}");
        }
        // Numbers stay numbers: a negative raw value, a negative growth, a fall in rank.
        assert!(column(&out, delim, "profit").contains(&"-1.5".to_string()));
        assert!(column(&out, delim, "grow:growth").contains(&"-5.00".to_string()));
        assert!(column(&out, delim, "rank_change").contains(&"-1".to_string()));
        assert!(column(&out, delim, "score_change")
            .iter()
            .any(|s| s.starts_with("-9.")));
    }
}

#[test]
fn raw_writes_text_cells_as_they_are() {
    let d = support::district();
    let out = stdout_of(d.path(), &["--format", "csv", "--raw"]);
    let names = column(&out, b',', "unit_name");
    assert!(names.contains(&"=HYPERLINK(\"http://example.com\",\"甲镇\")".to_string()));
    assert!(names.contains(&"-丙街道".to_string()));
}

#[test]
fn json_is_data_not_a_spreadsheet_and_is_not_escaped() {
    let d = support::district();
    let out = stdout_of(d.path(), &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit_name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"+乙镇"));
}

// ---- atomic output, inputs untouched -------------------------------------------------------

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
    pingyi(d.path())
        .args(["--output", "no/such/folder/out.csv"])
        .assert()
        .code(1);
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

// ---- provenance and reproducibility --------------------------------------------------------

fn sha256(bytes: &[u8]) -> String {
    pingyi::digest::sha256_hex(bytes)
}

#[test]
fn the_manifest_records_version_config_inputs_output_and_time() {
    let d = support::district();
    pingyi(d.path())
        .args(["--format", "csv", "-o", "out.csv", "--manifest", "m.json"])
        .assert()
        .success()
        .stdout("");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("m.json")).unwrap()).unwrap();
    assert_eq!(m["pingyi"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["period"], "2024Q2");
    assert_eq!(m["against"], "2024Q1");
    let config = std::fs::read(d.path().join("scoring-config.toml")).unwrap();
    assert_eq!(m["config"]["path"], "scoring-config.toml");
    assert_eq!(m["config"]["sha256"], sha256(&config));
    let inputs = m["inputs"].as_array().unwrap();
    let paths: Vec<&str> = inputs.iter().map(|i| i["path"].as_str().unwrap()).collect();
    for p in [
        "data/units.csv",
        "data/2024Q2/township.csv",
        "data/2024Q2/targets.csv",
        "data/2024Q2/adjustments.csv",
        "data/2023Q4/township.csv",
        "data/2024Q1/village.csv",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    for i in inputs {
        let bytes = std::fs::read(d.path().join(i["path"].as_str().unwrap())).unwrap();
        assert_eq!(i["sha256"], sha256(&bytes));
    }
    let out = std::fs::read(d.path().join("out.csv")).unwrap();
    assert_eq!(m["output"]["path"], "out.csv");
    assert_eq!(m["output"]["format"], "csv");
    assert_eq!(m["output"]["escaped"], true);
    assert_eq!(m["output"]["sha256"], sha256(&out));
    let created = m["created"].as_str().unwrap();
    assert!(
        created.len() == 20 && created.ends_with('Z') && created.as_bytes()[10] == b'T',
        "{created}"
    );
}

#[test]
fn json_output_records_its_inputs_and_no_timestamp() {
    let d = support::district();
    let out = stdout_of(d.path(), &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["pingyi"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        doc["config_sha256"],
        sha256(&std::fs::read(d.path().join("scoring-config.toml")).unwrap())
    );
    let inputs = doc["inputs"].as_array().unwrap();
    assert!(inputs.len() >= 10, "{inputs:?}");
    assert!(!out.contains("created") && !out.contains("timestamp"));
}

#[test]
fn cron_runs_write_byte_identical_files() {
    let d = support::district();
    for format in ["csv", "tsv", "json", "table"] {
        let mut files = Vec::new();
        for run in 0..2 {
            let out = format!("run{run}.{format}");
            let manifest = format!("run{run}.{format}.manifest.json");
            pingyi(d.path())
                .env("SOURCE_DATE_EPOCH", "1719792000")
                .args([
                    "--format",
                    format,
                    "--output",
                    &out,
                    "--manifest",
                    &manifest,
                ])
                .assert()
                .success()
                .stdout("");
            let bytes = std::fs::read(d.path().join(&out)).unwrap();
            let m = std::fs::read_to_string(d.path().join(&manifest)).unwrap();
            assert!(m.contains("\"created\": \"2024-07-01T00:00:00Z\""));
            files.push((bytes, m.replace(&out, "OUT").replace(&manifest, "MANIFEST")));
        }
        assert!(!files[0].0.is_empty());
        assert!(files[0] == files[1], "{format}: two runs differ");
    }
}

#[test]
fn a_bad_source_date_epoch_is_a_usage_error() {
    let d = support::district();
    pingyi(d.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["--manifest", "m.json", "-o", "out.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SOURCE_DATE_EPOCH"));
    assert!(!d.path().join("out.csv").exists());
}

// ---- quiet, plain, pipes -------------------------------------------------------------------

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
