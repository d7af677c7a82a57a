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
        for cmd in ["rank", "check", "statement"] {
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
