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

/// Runs pingyi in `wd`, killed after 60 s: a run that opens a named pipe or reads `/dev/zero`
/// never ends on its own.
fn run_within(wd: &Workdir, args: &[&str]) -> (i32, String) {
    use std::io::Read;
    let mut child = crate::common::Cmd::new(wd.path()).args(args).spawn();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("pingyi {args:?} still running after 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code().unwrap_or(-1), stderr)
}

#[test]
fn a_fifo_or_a_device_as_an_input_file_is_refused_not_opened() {
    let fifo = |wd: &Workdir, rel: &str| {
        let p = wd.join(rel);
        let _ = std::fs::remove_file(&p);
        rustix::fs::mkfifoat(rustix::fs::CWD, &p, rustix::fs::Mode::from_raw_mode(0o644)).unwrap();
    };
    let link = |wd: &Workdir, rel: &str, to: &str| {
        let p = wd.join(rel);
        let _ = std::fs::remove_file(&p);
        std::os::unix::fs::symlink(to, &p).unwrap();
    };
    let rank = ["rank", "--period", "2024Q2", "--format", "csv"];
    let pipe = "cannot be read: it is a named pipe (FIFO), not a file";
    for (rel, what) in [
        ("data/2024Q2/township.csv", pipe),
        ("data/2024Q2/targets.csv", pipe),
        ("data/units.csv", pipe),
        ("scoring-config.toml", pipe),
        ("data/2024Q2/scoring-config.toml", pipe),
    ] {
        let wd = Workdir::district();
        fifo(&wd, rel);
        let (code, err) = run_within(&wd, &rank);
        assert_eq!(code, 1, "{rel}: {err}");
        assert!(
            err.contains(&format!("error: {rel}: {what}\n")),
            "{rel}: {err}"
        );
    }
    for (rel, to) in [
        ("data/2024Q2/township.csv", "/dev/zero"),
        ("data/2024Q2/village.xlsx", "/dev/zero"),
        ("data/2024Q2/township.csv", "/dev/null"),
    ] {
        let wd = Workdir::district();
        link(&wd, rel, to);
        let (code, err) = run_within(&wd, &rank);
        assert_eq!(code, 1, "{rel}: {err}");
        let msg = format!("error: {rel}: cannot be read: it is a symbolic link to {to}, a character device, not a file\n");
        assert!(err.contains(&msg), "{rel}: {err}");
    }
    // A month's score file: never an absent month, even under `missing = "skip"`.
    let wd = with_months();
    fifo(&wd, "data/2024-03/efficiency.csv");
    let (code, err) = run_within(
        &wd,
        &[
            "rollup", "--year", "2024", "--upto", "Q2", "--format", "csv",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("error: data/2024-03/efficiency.csv: {pipe}\n")),
        "{err}"
    );
}

/// A damaged .xls (a valid workbook whose FAT makes the directory's sector its own next one)
/// made calamine allocate until the process aborted; it is one error naming the file, and its
/// category's rows are not also reported missing.
#[test]
fn a_damaged_xls_is_one_error_naming_it() {
    let wd = Workdir::district();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/data/testdata/township.xls");
    let mut xls = std::fs::read(fixture).unwrap();
    // The FAT is sector 8 (file offset 4608); the directory is sector 9.
    xls[4608 + 9 * 4..4608 + 10 * 4].copy_from_slice(&9u32.to_le_bytes());
    wd.remove("data/2024Q2/township.csv");
    wd.create_bytes("data/2024Q2/township.xls", &xls);
    let out = wd.run(&["check", "--period", "2024Q2"]);
    out.fails_with(&["error: data/2024Q2/township.xls: the sector chain of the workbook's directory loops back on itself: the file is damaged or not a workbook saved by a spreadsheet program\n"]);
    assert!(!out.stderr.contains("no row"), "{}", out.stderr);
    assert!(!out.stderr.contains("not found"), "{}", out.stderr);
}
