//! The order of rows in the input files changes no output, to the last bit (issue 11 #12): the
//! shipped sample district, once as written and once with the rows of every CSV file (the
//! registry, category files, targets, adjustments, monthly and year-end scores) shuffled, gives
//! the same bytes from every command in every format — and the same report package. Only the
//! digests of the inputs differ (the files differ), so JSON heads and manifests are compared
//! without them.

use pingyi_tools::rng::Rng;

use crate::common::{files, Workdir};

/// A copy of the sample district: `scoring-config.toml` and `data/`.
fn sample() -> Workdir {
    Workdir::sample()
}

/// Shuffles the rows below the header of every CSV file of `wd` (seeded, per file).
fn shuffle_rows(wd: &Workdir, seed: u64) {
    for rel in files(&wd.join("data")) {
        if !rel.ends_with(".csv") {
            continue;
        }
        let path = format!("data/{rel}");
        wd.edit(&path, |text| {
            let mut lines: Vec<&str> = text.lines().collect();
            let mut rng = Rng::keyed(seed, &rel);
            rng.shuffle(&mut lines[1..]);
            let mut out = lines.join("\n");
            out.push('\n');
            out
        });
    }
}

/// Text with the line numbers of statements' data sources masked (`第 12 行`, `"line": 12`): where a
/// value came from moves with its row, and rightly so; nothing else may.
fn without_source_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['第', '"']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let prefix = ["第 ", "\"line\": ", "\"line\":"]
            .into_iter()
            .find(|p| rest.starts_with(p));
        let Some(p) = prefix else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let digits = rest[p.len()..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        out.push_str(p);
        if digits > 0 {
            out.push('_');
        }
        rest = &rest[p.len() + digits..];
    }
    out.push_str(rest);
    out
}

/// JSON output without the digests of the inputs.
fn without_digests(text: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).expect("valid json");
    if let Some(o) = v.as_object_mut() {
        o.remove("inputs");
    }
    v.to_string()
}

const COMMANDS: &[&[&str]] = &[
    &["rank"],
    &["gaps"],
    &["summary"],
    &["statement", "--all"],
    &["statement", "Z03"],
    &["rollup", "--year", "2024"],
    &["rollup", "--year", "2024", "--upto", "Q2"],
    &["check"],
];

#[test]
fn shuffled_input_rows_give_the_same_output_in_every_command_and_format() {
    let (a, b) = (sample(), sample());
    shuffle_rows(&b, 11);
    assert_ne!(
        a.read("data/units.csv"),
        b.read("data/units.csv"),
        "the shuffle changed the registry"
    );
    for cmd in COMMANDS {
        for format in ["table", "csv", "tsv", "json", "markdown"] {
            if cmd[0] == "check" && format != "table" && format != "json" {
                continue;
            }
            let mut args = cmd.to_vec();
            args.extend(["--format", format]);
            let (x, y) = (a.run(&args).success(), b.run(&args).success());
            let (x, y) = if format == "json" {
                (without_digests(&x.stdout), without_digests(&y.stdout))
            } else {
                (x.stdout, y.stdout)
            };
            let (x, y) = (without_source_lines(&x), without_source_lines(&y));
            assert!(
                x == y,
                "pingyi {} differs with shuffled rows",
                args.join(" ")
            );
        }
    }
}

#[test]
fn shuffled_input_rows_give_the_same_report_package() {
    let (a, b) = (sample(), sample());
    shuffle_rows(&b, 12);
    for wd in [&a, &b] {
        wd.cmd(["report", "--out", "pkg"])
            .env("SOURCE_DATE_EPOCH", "0")
            .run()
            .success();
    }
    let list = files(&a.join("pkg"));
    assert_eq!(list, files(&b.join("pkg")));
    for f in list {
        let (x, y) = (a.read(&format!("pkg/{f}")), b.read(&format!("pkg/{f}")));
        if f == "manifest.json" {
            let (x, y) = (String::from_utf8(x).unwrap(), String::from_utf8(y).unwrap());
            // The digests of files holding source lines differ; those files are compared below.
            let (x, y) = (without_digests(&x), without_digests(&y));
            let outputs = |t: &str| {
                let v: serde_json::Value = serde_json::from_str(t).unwrap();
                v["outputs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| o["path"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
            };
            assert_eq!(outputs(&x), outputs(&y));
        } else if f == "results.xlsx" {
            let (x, y) = (
                cells(&a.join("pkg/results.xlsx")),
                cells(&b.join("pkg/results.xlsx")),
            );
            assert!(x == y, "pkg/{f} differs with shuffled rows");
        } else if f.starts_with("statements/") {
            let (x, y) = (String::from_utf8(x).unwrap(), String::from_utf8(y).unwrap());
            assert!(
                without_source_lines(&x) == without_source_lines(&y),
                "pkg/{f} differs with shuffled rows"
            );
        } else {
            assert!(x == y, "pkg/{f} differs with shuffled rows");
        }
    }
}

/// Every cell of every sheet of a workbook as text, source lines masked.
fn cells(path: &std::path::Path) -> Vec<String> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let line: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            out.push(without_source_lines(&format!(
                "{name}\t{}",
                line.join("\t")
            )));
        }
    }
    out
}
