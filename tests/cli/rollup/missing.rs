//! The missing policy.

use super::*;

/// Three townships, `--upto Q1`, `[rollup] quarterly = 0.5, monthly = 0.5`.
/// Q1 totals T1 80, T2 70, T3 60. 2024-01: 90 / 60 / 84; 2024-02: no file at all;
/// 2024-03: 81 / 66 and no row for T3.
fn missing_month(policy: &str) -> Workdir {
    let wd = rollup_workdir(
        HALF_GRADES,
        &format!("quarterly = 0.5\nmonthly = 0.5\nmissing = \"{policy}\""),
    );
    wd.create("data/units.csv", &townships(&THREE))
        .quarter("2024Q1", &[("T1", "80"), ("T2", "70"), ("T3", "60")])
        .month("2024-01", &[("T1", "90"), ("T2", "60"), ("T3", "84")])
        .month("2024-03", &[("T1", "81"), ("T2", "66")]);
    wd
}

const Q1_ROLLUP: [&str; 5] = ["rollup", "--year", "2024", "--upto", "Q1"];

#[test]
fn missing_error_fails_naming_the_month_file_and_the_unit() {
    let wd = missing_month("error");
    let out = wd.run(&Q1_ROLLUP);
    out.fails_with(&["2024-02/efficiency.csv", "2024-03/efficiency.csv", "T3"]);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

#[test]
fn missing_skip_leaves_months_out_of_the_mean_and_lists_them() {
    let wd = missing_month("skip");
    let rows = wd.csv(&Q1_ROLLUP);
    // T1: months (90 + 81)/2 = 85.5 ⇒ 0.5·80 + 0.5·85.5 = 40 + 42.75 = 82.75
    // T2: (60 + 66)/2 = 63 ⇒ 35 + 31.5 = 66.50
    // T3: only month 1: 84 ⇒ 30 + 42 = 72.00
    assert_eq!(rows.col("total", &THREE), s(&["82.75", "66.50", "72.00"]));
    assert_eq!(rows.col("monthly", &THREE), s(&["85.50", "63.00", "84.00"]));
    assert_eq!(rows.col("rank", &THREE), s(&["1", "3", "2"]));
    assert_eq!(rows.get("T1", "rollup"), "2024Q1");
    // T3's own gap is in its notes; the others have none of their own
    assert!(rows.get("T3", "notes").contains("2024-03"));
    assert!(rows.get("T3", "notes").contains("skip"));
    assert_eq!(rows.get("T1", "notes"), "");
    assert_eq!(rows.get("T3", "m:2024-03"), "");
    // the whole missing month is listed below the table and in the JSON notes
    let table = wd.table(&Q1_ROLLUP);
    let below = table.rsplit("└").next().unwrap();
    assert!(
        below.contains("2024-02") && below.contains("skip"),
        "{table}"
    );
    let doc = wd.json(&Q1_ROLLUP);
    let notes = doc["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("2024-02")),
        "{notes:?}"
    );
}

#[test]
fn missing_skip_csv_says_which_whole_month_was_skipped() {
    let wd = missing_month("skip");
    let out = wd.run(&[
        "rollup", "--year", "2024", "--upto", "Q1", "--format", "csv",
    ]);
    let out = out.success();
    // README: "the output lists what was skipped or zeroed"; CSV is meant to stand alone
    // ("so that a spreadsheet can pivot it without any other file"): some data cell (not just
    // the `m:2024-02` header) must name the skipped month.
    let body = out.stdout.split_once('\n').unwrap().1;
    assert!(body.contains("2024-02"), "{}", out.stdout);
}

#[test]
fn missing_zero_counts_months_as_zero_and_lists_them() {
    let wd = missing_month("zero");
    let rows = wd.csv(&Q1_ROLLUP);
    // T1: (90 + 0 + 81)/3 = 57 ⇒ 40 + 28.5 = 68.50
    // T2: (60 + 0 + 66)/3 = 42 ⇒ 35 + 21 = 56.00
    // T3: (84 + 0 + 0)/3 = 28 ⇒ 30 + 14 = 44.00
    assert_eq!(rows.col("total", &THREE), s(&["68.50", "56.00", "44.00"]));
    assert_eq!(rows.col("monthly", &THREE), s(&["57.00", "42.00", "28.00"]));
    assert_eq!(rows.col("rank", &THREE), s(&["1", "2", "3"]));
    let t3 = rows.get("T3", "notes");
    assert!(
        t3.contains("2024-03") && t3.contains("counted as 0"),
        "{t3}"
    );
    assert_eq!(rows.get("T1", "notes"), "");
    let table = wd.table(&Q1_ROLLUP);
    let below = table.rsplit("└").next().unwrap();
    assert!(
        below.contains("2024-02") && below.contains("counted as 0"),
        "{table}"
    );
}

#[test]
fn missing_skip_with_nothing_left_to_average_is_an_error() {
    let wd = missing_month("skip");
    // T3 now has no monthly score at all (month 2 missing, no row in months 1 and 3)
    wd.month("2024-01", &[("T1", "90"), ("T2", "60")]);
    wd.run(&Q1_ROLLUP).fails_with(&["T3"]);
}

/// `[rollup] quarterly = 1`, `--upto Q2`, the folder of 2024Q1 absent; Q2: T1 80, T2 60.
fn missing_quarter(policy: &str) -> Workdir {
    let wd = rollup_workdir(
        HALF_GRADES,
        &format!("quarterly = 1.0\nmonthly = 0.0\nmissing = \"{policy}\""),
    );
    wd.create("data/units.csv", &townships(&["T1", "T2"]))
        .quarter("2024Q2", &[("T1", "80"), ("T2", "60")]);
    wd
}

#[test]
fn a_missing_quarter_folder_follows_the_policy() {
    let h1 = ["rollup", "--year", "2024", "--upto", "Q2"];
    missing_quarter("error").run(&h1).fails_with(&["2024Q1"]);
    // skip: the mean of Q2 alone
    let rows = missing_quarter("skip").csv(&h1);
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["80.00", "60.00"]));
    assert_eq!(rows.get("T1", "q:2024Q1"), "");
    let table = missing_quarter("skip").table(&h1);
    assert!(
        table.contains("2024Q1") && table.contains("skip"),
        "{table}"
    );
    // zero: (0 + 80)/2 = 40, (0 + 60)/2 = 30
    let rows = missing_quarter("zero").csv(&h1);
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["40.00", "30.00"]));
    assert_eq!(rows.col("quarterly", &["T1", "T2"]), s(&["40.00", "30.00"]));
}

/// Helper 94's case: the view's last quarter without a folder (`--upto Q3`, 2024Q3 absent) took
/// the units of 2024Q2. With T1 renamed R1 from 2024Q3, R1's months 7–9 were left out of T1's
/// year ("skipped") under `skip`, or counted as 0 under `zero`, and a unit new from 2024Q3 was
/// left out of the view, with exit 0. Where the registry assesses units in 2024Q3 that 2024Q2
/// does not, it is an error naming them; else Q2's units stand in (Q3 skipped or zeroed).
#[test]
fn a_last_quarter_without_a_folder_is_an_error_where_the_units_changed_since() {
    let q3 = ["rollup", "--year", "2024", "--upto", "Q3"];
    for policy in ["skip", "zero"] {
        let wd = rollup_workdir(
            HALF_GRADES,
            &format!("quarterly = 0.5\nmonthly = 0.5\nmissing = \"{policy}\""),
        );
        wd.create(
            "data/units.csv",
            "id,name,category,parent,former_ids,from,until\nT1,镇1,township,,,,2024Q2\nT2,镇2,township,,,,\nR1,镇1新,township,,T1,2024Q3,\n",
        )
        .quarter("2024Q1", &[("T1", "80"), ("T2", "60")])
        .quarter("2024Q2", &[("T1", "80"), ("T2", "60")]);
        for m in 1..=6 {
            wd.month(&format!("2024-{m:02}"), &[("T1", "90"), ("T2", "70")]);
        }
        for m in 7..=9 {
            wd.month(&format!("2024-{m:02}"), &[("R1", "60"), ("T2", "70")]);
        }
        let out = wd.run(&q3);
        out.fails_with(&[
            "2024Q3, the view's last quarter, has no folder, and 2024Q2, the last quarter with one, cannot stand in for its units: R1 镇1新 is assessed in 2024Q3 (renamed from T1). Give 2024Q3 its folder, or roll up to 2024Q2 (`--upto Q2`)",
            // The months are not read against the stand-in's units: R1's rows give no error of
            // their own ("not assessed in 2024-07").
            "\n1 error(s)",
        ]);
        assert!(out.stdout.is_empty(), "{}", out.stdout);
        // The same registry without the rename: Q2's units stand in, Q3 is skipped or zeroed.
        wd.create("data/units.csv", &townships(&["T1", "T2"]));
        for m in 7..=9 {
            wd.month(&format!("2024-{m:02}"), &[("T1", "60"), ("T2", "70")]);
        }
        let rows = wd.csv(&q3);
        // skip: T1 0.5·80 + 0.5·(6·90 + 3·60)/9 = 40 + 40 = 80; T2 30 + 35 = 65.
        // zero: quarters (80 + 80 + 0)/3 = 53.333…: T1 26.666… + 40 = 66.67; T2 (60 + 60 + 0)/3
        // = 40: 20 + 35 = 55.
        let want = match policy {
            "skip" => ["80.00", "65.00"],
            _ => ["66.67", "55.00"],
        };
        assert_eq!(rows.col("total", &["T1", "T2"]), s(&want), "{policy}");
        // A unit that only ends after 2024Q2 (helper 95's case: a department closed after the
        // third quarter, in a year whose fourth has no review) is no reason under `skip`: Q2's
        // units stand in, T2 among them, its later months left out. Under `zero` they would
        // count 0 against it (helper 97's case): an error naming it.
        wd.create(
            "data/units.csv",
            "id,name,category,parent,former_ids,from,until\nT1,镇1,township,,,,\nT2,镇2,township,,,,2024Q2\n",
        );
        for m in 7..=9 {
            wd.month(&format!("2024-{m:02}"), &[("T1", "60")]);
        }
        if policy == "zero" {
            wd.run(&q3).fails_with(&[
                "cannot stand in for its units: T2 镇2 is not assessed in 2024Q3, and under `missing = \"zero\"` its months after its end would count 0.",
                "\n1 error(s)",
            ]);
            continue;
        }
        // T1's months 7–9 score 60 as before; T2 has none (ended): its year is as above.
        let rows = wd.csv(&q3);
        assert_eq!(rows.col("total", &["T1", "T2"]), s(&want), "{policy}");
    }
}

/// Review's case: February's scores in a folder named `2024年2月` were skipped as a missing
/// month (a note only), with exit 0. A folder named like a period without being its own name is
/// an error naming it; beside the period's own folder, a warning that it is not read.
#[test]
fn a_month_folder_named_otherwise_is_an_error_not_a_missing_month() {
    let wd = missing_month("skip");
    wd.month("2024年2月", &[("T1", "70"), ("T2", "70"), ("T3", "70")]);
    let out = wd.run(&Q1_ROLLUP);
    out.fails_with(&["error: data/2024年2月: folder `2024年2月` is named like the month 2024-02, but a period is read only from the folder named exactly for it: rename it `2024-02` if it holds the month's data (or move it out of data)\n"]);
    // Named once: the quarter's warning of the same folder is not repeated beside the error.
    assert_eq!(
        out.stderr.matches("folder `2024年2月`").count(),
        1,
        "{}",
        out.stderr
    );
    // The quarter folder named otherwise, too: `rank` would take 2024Q1 for the latest.
    let wd = missing_month("skip");
    wd.quarter(
        "2024年第二季度",
        &[("T1", "80"), ("T2", "70"), ("T3", "60")],
    );
    wd.run(&["rank"]).fails_with(&["error: data/2024年第二季度: folder `2024年第二季度` is named like the quarter 2024Q2, but a period is read only from the folder named exactly for it: rename it `2024Q2`"]);
}

#[test]
fn a_copy_beside_the_period_folder_is_a_warning_that_it_is_not_read() {
    let wd = missing_month("skip");
    wd.month("2024-01备份", &[("T1", "10"), ("T2", "10"), ("T3", "10")]);
    let out = wd.run(&Q1_ROLLUP);
    assert!(out.stderr.contains("warning: data/2024-01备份: folder `2024-01备份` is named like the month 2024-01 but is not read: only the folder `2024-01` beside it is (move `2024-01备份` out of data, or merge it into `2024-01`)\n"), "{}", out.stderr);
    let rows = wd.csv(&Q1_ROLLUP);
    assert_eq!(rows.col("total", &THREE), s(&["82.75", "66.50", "72.00"]));
    wd.run(&["rollup", "--year", "2024", "--upto", "Q1", "--strict"])
        .exit(1);
}

/// A folder named like a period without its year (`Q2`, `2月`) is never read: the quarter an
/// office meant as the latest was passed over for the one before, with exit 0. A warning naming
/// it, with the name it would have in the latest quarter's year, which `--strict` refuses.
#[test]
fn a_period_folder_named_without_its_year_is_a_warning() {
    let wd = missing_month("skip");
    wd.quarter("Q2", &[("T1", "80"), ("T2", "70"), ("T3", "60")]);
    wd.month("2月", &[("T1", "70"), ("T2", "70"), ("T3", "70")]);
    let out = wd.run(&Q1_ROLLUP);
    for (name, what, example) in [("Q2", "quarter", "2024Q2"), ("2月", "month", "2024-02")] {
        let w = format!("warning: data/{name}: folder `{name}` is named like a {what} without its year, and is not read: a period is read only from the folder named exactly for it, such as `{example}` (rename it, or move it out of data)\n");
        assert_eq!(out.stderr.matches(&w).count(), 1, "{}", out.stderr);
    }
    assert_eq!(out.code, 0);
    wd.run(&["rank", "--strict"]).fails_with(&["folder `Q2`"]);
}

/// Second review's case: a year missing a whole month (or quarter) under `skip` exited 0 even with
/// `--strict`, the month named only in the notes. It is a warning too, and `--strict` refuses.
#[test]
fn a_whole_month_skipped_is_a_warning_that_strict_refuses() {
    let wd = missing_month("skip");
    let out = wd.run(&Q1_ROLLUP);
    assert!(out.stderr.contains("warning: data/2024-02/efficiency.csv: month 2024-02: data/2024-02/efficiency.csv not found: left out (`[rollup] missing`); --strict refuses a roll-up with a part missing\n"), "{}", out.stderr);
    assert_eq!(out.code, 0);
    let out = wd.run(&["rollup", "--year", "2024", "--upto", "Q1", "--strict"]);
    out.fails_with(&["month 2024-02"]);
    let wd = missing_month("zero");
    let out = wd.run(&Q1_ROLLUP);
    assert!(
        out.stderr.contains(
            "month 2024-02: data/2024-02/efficiency.csv not found: counted as 0 for every unit"
        ),
        "{}",
        out.stderr
    );
}

/// Review's case: a month's efficiency scores given out of 10 (9.0 for 90) lie within [0, 100],
/// so none was an error, and every unit's year moved with exit 0. A file whose every score is at
/// most 10 is a warning; `--strict` refuses it.
#[test]
fn a_month_marked_out_of_ten_is_a_warning() {
    let wd = missing_month("skip");
    wd.month("2024-02", &[("T1", "9.0"), ("T2", "6.5"), ("T3", "8.4")]);
    let out = wd.run(&Q1_ROLLUP);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("warning: data/2024-02/efficiency.csv:1: column score: every score of the file is at most 10 (the highest is 9), but scores are marked out of 100: were they given out of 10, or as fractions? Convert them to 100\n"), "{}", out.stderr);
    wd.run(&["rollup", "--year", "2024", "--upto", "Q1", "--strict"])
        .exit(1);
    // Scores of 10 and above are read as before.
    wd.month("2024-02", &[("T1", "90"), ("T2", "10"), ("T3", "84")]);
    assert!(!wd.run(&Q1_ROLLUP).stderr.contains("at most 10"));
}

/// A month's file copied into the next month's folder (a byte copy: no title or sheet naming
/// its month) gave March's scores twice with exit 0. Five townships, `--upto Q1`, quarterly 0.5
/// and monthly 0.5; January 90/80/70/60/50, February a copy of it, March 85/75/65/55/45: a
/// warning naming both files, which `--strict` refuses; the year is still computed from what
/// was read (T1: Q1 80, months (90 + 90 + 85)/3 = 88.333…, 40 + 44.1666… = 84.17). Equal scores
/// of fewer than five units, or of only two different values, are no sign of a copy.
#[test]
fn a_month_whose_scores_are_another_months_is_a_warning() {
    let five = ["T1", "T2", "T3", "T4", "T5"];
    let wd = rollup_workdir(
        HALF_GRADES,
        "quarterly = 0.5\nmonthly = 0.5\nmissing = \"skip\"",
    );
    let jan = [
        ("T1", "90"),
        ("T2", "80"),
        ("T3", "70"),
        ("T4", "60"),
        ("T5", "50"),
    ];
    wd.create("data/units.csv", &townships(&five))
        .quarter("2024Q1", &five.map(|u| (u, "80")))
        .month("2024-01", &jan)
        .month("2024-02", &jan)
        .month(
            "2024-03",
            &[
                ("T1", "85"),
                ("T2", "75"),
                ("T3", "65"),
                ("T4", "55"),
                ("T5", "45"),
            ],
        );
    let out = wd.run(&Q1_ROLLUP);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("warning: data/2024-02/efficiency.csv: every one of its 5 scores is the one data/2024-01/efficiency.csv gives the same unit, in 2024-01: is it 2024-01's file copied into 2024-02's folder?"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("2024-03/efficiency.csv:"),
        "{}",
        out.stderr
    );
    assert_eq!(wd.csv(&Q1_ROLLUP).get("T1", "total"), "84.17");
    wd.run(&["rollup", "--year", "2024", "--upto", "Q1", "--strict"])
        .exit(1);
    // Two different values only (every unit 90 but one), or four units: no warning.
    let two = five.map(|u| (u, if u == "T5" { "85" } else { "90" }));
    wd.month("2024-01", &two).month("2024-02", &two);
    assert!(!wd.run(&Q1_ROLLUP).stderr.contains("copied"));
    let four = &jan[..4];
    wd.month("2024-01", four).month("2024-02", four);
    let out = wd.run(&Q1_ROLLUP);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("copied"), "{}", out.stderr);
}

/// Second review's case: a folder of a year or an old quarter named otherwise failed every
/// command, a ranking of this quarter included. It is an error only where it is read: the year's
/// roll-up; for the ranking a warning. A folder of another thing with a year in its name
/// (`2024年资料`) says nothing.
#[test]
fn a_misnamed_year_folder_fails_only_the_years_roll_up() {
    let wd = missing_month("skip");
    wd.month("2024-02", &[("T1", "70"), ("T2", "70"), ("T3", "70")]);
    wd.scores(
        "2024年/year_end.csv",
        &[("T1", "90"), ("T2", "80"), ("T3", "70")],
    );
    wd.scores(
        "2024年资料/year_end.csv",
        &[("T1", "90"), ("T2", "80"), ("T3", "70")],
    );
    wd.quarter(
        "2023年第一季度",
        &[("T1", "80"), ("T2", "70"), ("T3", "60")],
    );
    let out = wd.run(&["rank"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("warning: data/2024年: folder `2024年` is named like the year 2024, but a period is read only from the folder named exactly for it: rename it `2024` if it holds the year's data (or move it out of data)\n"), "{}", out.stderr);
    assert!(out.stderr.contains("warning: data/2023年第一季度: folder `2023年第一季度` is named like the quarter 2023Q1"), "{}", out.stderr);
    assert!(!out.stderr.contains("资料"), "{}", out.stderr);
    // The view to Q1 reads no year folder; the year's view does.
    assert_eq!(wd.run(&Q1_ROLLUP).code, 0);
    wd.run(&["rollup", "--year", "2024"])
        .fails_with(&["error: data/2024年: folder `2024年` is named like the year 2024"]);
}

/// Second review's case: a quarter's warnings (a column not read) were not the roll-up's, so
/// `--strict` published a year read from a doubtful quarter. They are, once each.
#[test]
fn a_quarters_warnings_are_the_roll_ups_too() {
    let wd = missing_month("skip");
    wd.month("2024-02", &[("T1", "70"), ("T2", "70"), ("T3", "70")]);
    wd.create(
        "data/2024Q1/township.csv",
        "unit_id,s,备注\nT1,80,\nT2,70,\nT3,60,\n",
    );
    let out = wd.run(&Q1_ROLLUP);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr
            .matches("warning: data/2024Q1/township.csv:1: column 备注: unknown column, ignored")
            .count(),
        1,
        "{}",
        out.stderr
    );
    wd.run(&["rollup", "--year", "2024", "--upto", "Q1", "--strict"])
        .exit(1);
}
