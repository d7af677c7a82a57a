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
            assert_eq!(without_digests(&x), without_digests(&y));
        } else {
            assert!(x == y, "pkg/{f} differs with shuffled rows");
        }
    }
}
