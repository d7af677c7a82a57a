//! `--period` takes quarters only, checked when the arguments are parsed (exit 2, before any
//! file is read): months, half-years and years name the command that takes them.

use super::office;

#[test]
fn bad_period_forms_are_usage_errors() {
    let w = office();
    let quarter = "is not a quarter: write the year and the quarter 1–4, as 2024Q2";
    for (arg, why) in [
        ("2024Q5", format!("`2024Q5` {quarter}")),
        ("2024-13", format!("`2024-13` {quarter}")),
        ("Q2", format!("`Q2` {quarter}")),
        ("2024-Q2", "`2024-Q2` is not a quarter: write it 2024Q2".to_string()),
        ("2024", "`2024` is a year: give a quarter such as 2024Q4, or for the annual assessment: pingyi rollup --year 2024".to_string()),
        ("2024-07", "`2024-07` is a month: give a quarter such as 2024Q3 (monthly efficiency scores enter the annual assessment: pingyi rollup --year 2024)".to_string()),
        ("2024H1", "`2024H1` is a half-year: give a quarter such as 2024Q2, or for the half-year view: pingyi rollup --year 2024 --upto Q2".to_string()),
    ] {
        for cmd in ["rank", "check", "statement", "gaps", "summary", "report"] {
            let out = w.run(&[cmd, "--period", arg]);
            assert_eq!(out.code, 2, "{cmd} --period {arg}: {}", out.stderr);
            assert_eq!(out.stdout, "");
            assert_eq!(
                out.stderr,
                format!("error: invalid value '{arg}' for '--period <PERIOD>': {why}\n\nFor more information, try '--help'.\n")
            );
        }
    }
    // A lower-case q is a quarter.
    assert_eq!(w.rank_csv(&["--period", "2024q2"]).len(), 6);
}

#[test]
fn with_no_quarter_folder_the_folders_found_are_listed_with_why() {
    // The quarter's files in a folder named `2025-Q1`, beside a month's folder and a notes folder.
    let w = office();
    for file in ["township.csv", "village.csv"] {
        w.copy_fixture(&format!("office/{file}"), &format!("data/2025-Q1/{file}"))
            .remove(&format!("data/2024Q2/{file}"));
    }
    std::fs::remove_dir(w.join("data/2024Q2")).unwrap();
    w.mkdir("data/2024-07").mkdir("data/说明");
    for cmd in [&[][..], &["check"]] {
        let out = w.run(cmd);
        assert_eq!(out.code, 2, "{cmd:?}: {}", out.stderr);
        assert_eq!(out.stdout, "");
        assert_eq!(
            out.stderr,
            "error: no quarter folder (such as 2024Q2) under data: found 2024-07 (a month), 2025-Q1 (not a period name: write 2025Q1), 说明 (not a period name)\n"
        );
    }
    // Renamed, it is the latest quarter, and `2025q1` names it.
    std::fs::rename(w.join("data/2025-Q1"), w.join("data/2025Q1")).unwrap();
    assert_eq!(super::totals(&w, &[]), super::BASELINE);
    assert_eq!(super::totals(&w, &["--period", "2025q1"]), super::BASELINE);
    let rows = w.rank_csv(&["--period", "2025q1"]);
    assert_eq!(rows.col("period", &["T1"]), ["2025Q1"]);
}

#[test]
fn without_a_data_folder_the_error_says_where_pingyi_looks_and_what_to_do() {
    let w = office();
    std::fs::rename(w.join("data"), w.join("数据")).unwrap();
    for cmd in [&[][..], &["check"], &["report", "--out", "pkg"]] {
        let out = w.run(cmd);
        assert_eq!(out.code, 2, "{cmd:?}: {}", out.stderr);
        assert_eq!(
            out.stderr,
            "error: the data folder data does not exist: run pingyi in a district folder (its scoring-config.toml beside data/), give --data DIR, or start one with `pingyi init`\n"
        );
    }
    assert_eq!(w.run(&["--data", "数据"]).code, 0);
}
