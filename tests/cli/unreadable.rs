//! Data that exists but cannot be read is an error, never an absence (issue 11 #9), and a
//! previous quarter with wrong data fails the commands that compare with it (#10). The tests run
//! as root, where permissions do not stop reading: unreadability is made with a file where a
//! folder is expected; the permission case runs only for other users.

use crate::common::Workdir;

/// The district with `[rollup]` weights on the monthly scores, and months 2024-01 … 2024-06.
fn with_months() -> Workdir {
    let wd = Workdir::district();
    wd.edit("scoring-config.toml", |t| {
        format!("{t}\n[rollup]\nquarterly = 0.5\nmonthly = 0.5\nmissing = \"skip\"\n")
    });
    for m in 1..=6 {
        wd.create(
            &format!("data/2024-{m:02}/efficiency.csv"),
            "unit_id,score\nT1,90\nT2,80\nS1,70\nV1,60\nV2,50\nC1,40\nD1,30\nD2,20\n",
        );
    }
    wd
}

#[test]
fn a_month_that_cannot_be_read_is_an_error_even_under_skip() {
    let wd = with_months();
    let args = [
        "rollup", "--year", "2024", "--upto", "Q2", "--format", "csv",
    ];
    wd.run(&args).success();
    // A file where the month's folder should be: its files cannot be read.
    std::fs::remove_dir_all(wd.join("data/2024-03")).unwrap();
    wd.create("data/2024-03", "not a folder");
    let out = wd.run(&args);
    out.fails_with(&["data/2024-03/efficiency.csv: cannot be read"]);
    assert_eq!(out.stdout, "");
}

#[test]
fn a_month_folder_without_permission_is_an_error() {
    if rustix::process::geteuid().is_root() {
        eprintln!("skipped: root reads a folder whatever its permissions");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let wd = with_months();
    let dir = wd.join("data/2024-03");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = wd.run(&["rollup", "--year", "2024", "--upto", "Q2"]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    out.fails_with(&["2024-03", "cannot be read"]);
}

#[test]
fn a_bad_cell_in_the_previous_quarter_fails_rank_report_and_check() {
    let wd = Workdir::district();
    // The last cell of the first row becomes text.
    wd.edit("data/2024Q1/township.csv", |t| {
        let mut lines: Vec<String> = t.lines().map(String::from).collect();
        let cells: Vec<&str> = lines[1].split(',').collect();
        let mut cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let last = cells.len() - 1;
        cells[last] = "abc".into();
        lines[1] = cells.join(",");
        lines.join("\n") + "\n"
    });
    let hint = "the previous period 2024Q1 is compared for the trend columns but cannot be scored";
    for args in [
        &["rank", "--period", "2024Q2"][..],
        &["gaps", "--period", "2024Q2"][..],
        &["report", "--period", "2024Q2", "--out", "pkg"][..],
    ] {
        wd.run(args)
            .fails_with(&["data/2024Q1/township.csv", "`abc`", hint]);
        wd.cmd(args.iter().chain(&["-q"])).run().fails_with(&[hint]);
    }
    assert!(!wd.exists("pkg"));
    // check validates the period it would compare with.
    wd.run(&["check", "--period", "2024Q2"])
        .fails_with(&["data/2024Q1/township.csv", "`abc`"]);
    // Asked not to compare, the run goes on.
    wd.run(&["rank", "--period", "2024Q2", "--against", "none"])
        .success();
}

#[test]
fn a_side_file_that_is_a_folder_is_an_error_even_under_skip() {
    // `efficiency.csv/` made as a folder: it is not an absent month, which `skip` would pass over.
    let wd = with_months();
    let args = [
        "rollup", "--year", "2024", "--upto", "Q2", "--format", "csv",
    ];
    wd.remove("data/2024-03/efficiency.csv")
        .mkdir("data/2024-03/efficiency.csv");
    let out = wd.run(&args);
    out.fails_with(&["error: data/2024-03/efficiency.csv: cannot be read: it is a folder\n"]);
    assert_eq!(out.stdout, "");
    // The same in the half-year's folder, and for a period's adjustments: never silently no rows.
    std::fs::remove_dir(wd.join("data/2024-03/efficiency.csv")).unwrap();
    wd.run(&args).success();
    wd.mkdir("data/2024H1/adjustments.xlsx");
    wd.run(&args)
        .fails_with(&["error: data/2024H1/adjustments.xlsx: cannot be read: it is a folder\n"]);
    std::fs::remove_dir(wd.join("data/2024H1/adjustments.xlsx")).unwrap();
    wd.remove("data/2024Q2/adjustments.csv")
        .mkdir("data/2024Q2/adjustments.csv");
    let out = wd.run(&["rank", "--period", "2024Q2", "--format", "csv"]);
    out.fails_with(&["error: data/2024Q2/adjustments.csv: cannot be read: it is a folder\n"]);
    assert_eq!(out.stdout, "");
    wd.run(&["check", "--period", "2024Q2"])
        .fails_with(&["error: data/2024Q2/adjustments.csv: cannot be read: it is a folder\n"]);
}
