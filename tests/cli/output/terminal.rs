//! Quiet and plain output, closed pipes, exit codes, errors instead of silence.

use std::io::Read;

use super::break_data;
use crate::common::Workdir;

fn add_unknown_column(d: &Workdir) {
    d.create(
        "data/2024Q2/department.csv",
        "unit_id,done,review,note\nD1,是,55.5,x\nD2,0,48,y\n",
    );
}

#[test]
fn quiet_silences_warnings_and_nothing_else() {
    let d = Workdir::district();
    add_unknown_column(&d);
    d.run(&["--format", "csv"]).success().stderr_has("warning:");
    d.run(&["--format", "csv", "--quiet"])
        .success()
        .stderr_is("");
    break_data(&d);
    d.run(&["--quiet"]).exit(1).stderr_has("error:");
}

#[test]
fn tables_are_plain_when_piped_or_no_color_is_set() {
    let d = Workdir::district();
    for no_color in [None, Some("1")] {
        let c = match no_color {
            Some(v) => d.cmd(["--format", "table"]).env("NO_COLOR", v),
            None => d.cmd(["--format", "table"]).env_remove("NO_COLOR"),
        };
        let out = c.run().success().stdout;
        assert!(
            !out.as_bytes().contains(&0x1b),
            "escape sequences in a piped table"
        );
    }
    // Not a terminal: csv by default.
    assert!(d.stdout(&[]).starts_with("unit_id,unit_name,track,rank"));
}

/// A district big enough that the output fills a pipe many times over.
fn big_district(d: &Workdir, units: usize) {
    let mut reg = String::from("id,name,category,parent\n");
    let mut data = String::from("unit_id,x\n");
    for i in 0..units {
        reg.push_str(&format!("T{i:05},镇{i},township,\n"));
        data.push_str(&format!("T{i:05},{}\n", i % 97));
    }
    d.units(&reg).period("2024Q2", "township", &data);
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
    d.config(cfg);
}

#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    let d = Workdir::new();
    big_district(&d, 3000);
    for format in ["csv", "table", "json"] {
        let mut child = d.cmd(["--format", format]).spawn();
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
    let d = Workdir::district();
    add_unknown_column(&d);
    let mut child = d.cmd(["--format", "csv"]).spawn();
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
    let d = Workdir::district();
    d.run(&[]).exit(0);
    d.run(&["--track", "nowhere"]).exit(2);
    d.run(&["--format", "xml"]).exit(2);
    break_data(&d);
    d.run(&[]).exit(1);
}

#[test]
fn an_adjustment_for_a_unit_not_assessed_is_an_error_not_silently_dropped() {
    // Found while reviewing what the fuzz harness loads: the row was read, then ignored by
    // scoring because the unit has no track in the period.
    let d = Workdir::district();
    d.edit("data/units.csv", |units| {
        let mut units = units
            .replace(
                "id,name,category,parent,class\n",
                "id,name,category,parent,class,until\n",
            )
            .replace(",\n", ",,\n")
            .replace("经济类\n", "经济类,\n");
        units.push_str("X1,已撤并镇,township,,,2023Q4\n");
        units
    });
    d.run(&[]).success(); // the registry change alone is fine
    d.edit("data/2024Q2/adjustments.csv", |rows| {
        rows + "X1,bonus,1,表彰,文件4\n"
    });
    d.run(&[])
        .exit(1)
        .stderr_has("adjustments.csv:5")
        .stderr_has("not assessed in 2024Q2");
}

/// Issue 12: in a 120-column terminal the ranking fits, and no number is split across lines
/// (`100.`/`26` was misread as a score): columns are left out, and named, instead.
#[test]
fn a_120_column_terminal_shows_every_total_whole_within_the_width() {
    use unicode_width::UnicodeWidthStr;
    let d = Workdir::sample();
    let totals = crate::common::column(&d.stdout(&["--format", "csv"]), b',', "total");
    let out = d
        .cmd(["--format", "table"])
        .env("COLUMNS", "120")
        .on_terminal();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = out.stdout.replace("\r\n", "\n");
    // The table's lines fit (the note under it is prose, which a terminal may wrap).
    let table = text
        .lines()
        .filter(|l| l.starts_with(['│', '╭', '├', '╰', '┌', '└', '╞']));
    for line in table {
        assert!(line.width() <= 120, "wider than the terminal: {line}");
    }
    // Every unit's total appears whole on its row, beside its grade.
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("┆")).collect();
    for t in &totals {
        assert!(
            rows.iter().any(|r| r.split('┆').any(|c| c.trim() == t)),
            "total {t} is not shown whole"
        );
    }
    assert!(
        text.contains("未显示"),
        "the columns left out are named:\n{text}"
    );
    // Wider, nothing is left out.
    let wide = d
        .cmd(["--format", "table"])
        .env("COLUMNS", "400")
        .on_terminal();
    assert!(!wide.stdout.contains("未显示"), "{}", wide.stdout);
}
