//! `pingyi init` (issue 12): a starter district that `check` accepts and the default run ranks,
//! in an empty folder; it never writes over a file.

use crate::common::Workdir;

#[test]
fn init_then_the_default_run_ranks_in_an_empty_folder() {
    let d = Workdir::new();
    d.run(&["init", "district", "--period", "2025Q4"])
        .success()
        .stderr_has("wrote a starter district (10 files, data for 2025Q4) to district");
    let district = d.join("district");
    let run = |args: &[&str]| crate::common::Cmd::new(&district).args(args).run();
    let check = run(&["check", "--strict"]).success();
    assert!(
        check
            .stderr
            .contains("ok: 2025Q4 — 3 tracks, 9 indicators, 12 units"),
        "{}",
        check.stderr
    );
    let md = run(&["--format", "markdown"]).success().stdout;
    assert!(md.starts_with("# 考核结果通报 · 2025Q4\n"), "{md}");
    // Two villages named 东湖村, told apart by their township.
    assert!(
        md.contains("| 东湖村 | 城关镇 |") && md.contains("| 东湖村 | 石桥镇 |"),
        "{md}"
    );
    let csv = run(&["--format", "csv"]).success().stdout;
    assert_eq!(csv.lines().count(), 1 + 12);
    // The default period is the last quarter that has ended: some YYYYQn folder.
    let e = Workdir::new();
    e.run(&["init", "-q"]).success().stderr_is("");
    e.run(&["check", "-q"]).success();
}

#[test]
fn init_refuses_to_write_over_a_file() {
    let d = Workdir::new();
    d.create("scoring-config.toml", "# ours\n");
    d.run(&["init", "."])
        .exit(2)
        .stderr_has("scoring-config.toml exists already");
    assert_eq!(d.read_string("scoring-config.toml"), "# ours\n");
    assert!(!d.exists("data"));
}
