//! What reaches a terminal from the data: repeated warnings summarised after the first ten of a
//! kind (issue 11 #14), and control characters shown escaped in tables, Markdown and diagnostics
//! while CSV and JSON keep the data as it is (#15).

use crate::common::Workdir;

#[test]
fn a_hundred_thousand_unknown_columns_give_eleven_warning_lines() {
    // The header had a million columns; a tenth of that keeps the debug-build reader
    // (about 70 s per million) quick, and the summary is the same.
    let wd = Workdir::district();
    let n = 100_000;
    let mut text = String::from("unit_id,unit_name,gdp,grow,invest,acc,petitions");
    for i in 0..n {
        text.push_str(&format!(",x{i}"));
    }
    text.push('\n');
    let empty = ",".repeat(n);
    for row in ["T1,甲,12.5,110,95,0,3", "T2,+乙镇,20,95,130,2,"] {
        text.push_str(row);
        text.push_str(&empty);
        text.push('\n');
    }
    wd.create("data/2024Q2/township.csv", &text);
    for cmd in ["rank", "check"] {
        let out = wd.run(&[cmd, "--period", "2024Q2", "--format", "csv"]);
        let lines: Vec<&str> = out
            .stderr
            .lines()
            .filter(|l| l.contains("township.csv"))
            .filter(|l| l.contains("unknown column") || l.contains("more warning"))
            .collect();
        assert_eq!(
            lines.len(),
            11,
            "{cmd}: {}",
            &out.stderr[..out.stderr.len().min(3000)]
        );
        assert!(lines[..10]
            .iter()
            .all(|l| l.contains("unknown column, ignored")));
        assert_eq!(
            lines[10],
            "warning: data/2024Q2/township.csv: … and 99990 more warning(s) like the last: unknown column, ignored: it is not an indicator id, name or alias of the config"
        );
    }
}

const ESC: &str = "\u{1b}]0;pwned\u{7}";

fn with_escape_in_a_name() -> Workdir {
    let wd = Workdir::district();
    wd.edit("data/units.csv", |t| {
        t.replace("二村", &format!("二村{ESC}"))
    });
    // A name that differs from the registry's is a warning quoting both.
    wd.edit("data/2024Q2/township.csv", |t| {
        t.replace("T2,+乙镇", &format!("T2,+乙镇{ESC}"))
    });
    wd
}

#[test]
fn control_characters_are_escaped_in_tables_markdown_and_diagnostics() {
    let wd = with_escape_in_a_name();
    let shown = "\\x1b]0;pwned\\x07";
    for cmd in ["rank", "gaps", "summary"] {
        for format in ["table", "markdown"] {
            let out = wd
                .run(&[cmd, "--period", "2024Q2", "--format", format])
                .success();
            assert!(
                !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'),
                "{cmd} {format}"
            );
            // Markdown escapes the backslash (and the bracket) once more: `\\x1b\]0;…`.
            if cmd != "summary" {
                let name = if format == "markdown" {
                    "二村\\\\x1b"
                } else {
                    "二村\\x1b]0;pwned\\x07"
                };
                assert!(out.stdout.contains(name), "{cmd} {format}:\n{}", out.stdout);
            }
            assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
            assert!(out.stderr.contains(shown), "{}", out.stderr);
        }
    }
    wd.run(&["report", "--period", "2024Q2", "--out", "pkg", "-q"])
        .success();
    let notice = wd.read_string("pkg/notice.md");
    assert!(!notice.contains('\u{1b}') && notice.contains("二村\\\\x1b"));
}

#[test]
fn csv_and_json_keep_the_data_as_it_is() {
    let wd = with_escape_in_a_name();
    let csv = wd.stdout(&["rank", "--period", "2024Q2", "--format", "csv", "-q"]);
    assert!(csv.contains(&format!("二村{ESC}")));
    let json = wd.json(&["rank", "--period", "2024Q2", "-q"]);
    assert!(
        json.to_string().contains("二村\\u001b]0;pwned\\u0007"),
        "{json}"
    );
}

/// Issue 12: a command asked for JSON that fails on its data prints the problems as JSON on
/// stdout (as `check --format json` does), the text on stderr, exit 1, and writes no file.
#[test]
fn a_json_run_that_fails_on_its_data_prints_the_problems_as_json() {
    let d = Workdir::district();
    d.edit("data/2024Q2/township.csv", |t| format!("{t}T9,x,y\n"));
    for args in [
        &["--format", "json"][..],
        &["gaps", "-o", "g.json"],
        &["statement", "T2", "--format", "json"],
    ] {
        let out = d.run(args).exit(1);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON on stdout");
        assert_eq!(v["ok"], false, "{args:?}");
        assert_eq!(v["errors"], 1, "{args:?}");
        let p = &v["problems"][0];
        assert_eq!(p["level"], "error");
        assert_eq!(p["file"], "data/2024Q2/township.csv");
        assert_eq!(p["line"], 4);
        assert_eq!(p["message"], "row has 3 fields but the header has 7");
        assert!(
            out.stderr.contains("township.csv:4: row has 3 fields"),
            "{}",
            out.stderr
        );
    }
    assert!(!d.join("g.json").exists(), "a failed run writes no file");
    // Other formats: text on stderr only.
    let out = d.run(&["--format", "csv"]).exit(1);
    assert_eq!(out.stdout, "");
}

#[test]
fn a_township_column_contradicting_the_registry_is_a_warning_naming_both() {
    // V1 and V2 belong to T1 (甲镇, its name a formula in this fixture): a 所属乡镇 column that
    // names T2 for V2 contradicts the id, and says so; one naming T1 by id is quiet.
    let wd = Workdir::district();
    wd.edit("data/2024Q2/village.csv", |t| {
        t.replace("unit_id,invest", "unit_id,所属乡镇,invest")
            .replace("V1,40", "V1,T1,40")
            .replace("V2,25", "V2,+乙镇,25")
    });
    let err = wd.run(&["check", "--period", "2024Q2"]).stderr;
    assert!(
        err.contains("warning: data/2024Q2/village.csv:3: column 所属乡镇 (unit V2 二村): township `+乙镇` differs from the registry's (T1 "),
        "{err}"
    );
    assert!(!err.contains("unit V1"), "{err}");
}

/// A column typed wrong on every row lists its first hundred errors and counts the rest in one
/// line naming their lines; every error is counted in the totals, and the JSON diagnostics
/// carry the count as a problem of code `repeated` (a national file of such cells stays a few
/// megabytes of messages).
#[test]
fn errors_past_the_first_hundred_of_a_column_are_counted_in_one_line() {
    let wd = Workdir::sample();
    wd.edit("data/2024Q2/village.csv", |t| {
        t.lines()
            .enumerate()
            .map(|(i, l)| {
                let mut cells: Vec<&str> = l.split(',').collect();
                if i > 0 {
                    cells[2] = "abc";
                }
                cells.join(",") + "\n"
            })
            .collect()
    });
    let out = wd.run(&["rank", "--period", "2024Q2"]).exit(1);
    let found = "expected a number, `-`, `N/A`, `不适用` or an empty cell, found `abc`";
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("village.csv"))
        .collect();
    assert_eq!(lines.len(), 101, "{}", out.stderr);
    assert_eq!(
        lines[0],
        format!("error: data/2024Q2/village.csv:2: column jtsr (unit V001 蒋河村): {found}")
    );
    assert!(lines[99].starts_with("error: data/2024Q2/village.csv:101: column jtsr (unit V100 "));
    assert_eq!(
        lines[100],
        format!("error: data/2024Q2/village.csv: column jtsr: … and 172 more error(s) like the last (lines 102–273): {found}")
    );
    assert!(
        out.stderr.ends_with("\n272 error(s), 0 warning(s)\n"),
        "{}",
        out.stderr
    );
    let json = wd
        .run(&["check", "--period", "2024Q2", "--format", "json"])
        .exit(1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(v["errors"], 272);
    let problems = v["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 101);
    assert_eq!(problems[100]["code"], "repeated");
    assert_eq!(problems[100]["column"], "column jtsr");
    assert_eq!(problems[100]["line"], serde_json::Value::Null);
}
