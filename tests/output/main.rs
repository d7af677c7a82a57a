//! End-to-end tests of writing, as a user or cron sees it: formula-injection escaping, atomic
//! output files, inputs never written, manifests, byte-identical reruns, quiet and plain output,
//! closed pipes. Each test runs the real binary on its own copy of the fixture district.

mod escaping;
mod files;
mod provenance;
mod subcommands;
#[path = "../support/mod.rs"]
mod support;
mod terminal;

use std::path::Path;

use assert_cmd::Command;

/// `pingyi` in `dir`, with no colour or epoch settings leaking in from the environment.
pub fn pingyi(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("pingyi").expect("binary");
    c.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("COLUMNS");
    c
}

pub fn stdout_of(dir: &Path, args: &[&str]) -> String {
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
pub fn rows(text: &str, delimiter: u8) -> Vec<csv::StringRecord> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    r.records().map(|x| x.expect("well-formed CSV")).collect()
}

pub fn column(text: &str, delimiter: u8, name: &str) -> Vec<String> {
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

pub fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".pingyi-"))
        .collect()
}

pub fn break_data(dir: &Path) {
    let f = dir.join("data/2024Q2/township.csv");
    let text = std::fs::read_to_string(&f).unwrap().replace("12.5", "abc");
    std::fs::write(f, text).unwrap();
}
