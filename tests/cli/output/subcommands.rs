//! The same guarantees for every command that writes a result: gaps, summary, statement and
//! rollup escape their CSV/TSV text cells, refuse to write over inputs, and record manifests.

use crate::common::{sha256_hex, Workdir};

const COMMANDS: &[&[&str]] = &[
    &["rank"],
    &["gaps"],
    &["summary"],
    &["statement", "--all"],
    &["statement", "T1"],
    &["rollup", "--year", "2024", "--upto", "Q2"],
];

/// Every cell that a spreadsheet would run as a formula: starts with = + - @ tab or CR and is
/// not a number.
fn formula_cells(text: &str, delimiter: u8) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let risky = |c: &str| {
        matches!(
            c.as_bytes().first(),
            Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
        )
    };
    r.records()
        .flat_map(|rec| {
            rec.expect("well-formed CSV")
                .iter()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .filter(|c| risky(c) && !c.parse::<f64>().is_ok_and(f64::is_finite))
        .collect()
}

#[test]
fn every_csv_and_tsv_output_escapes_formula_text_and_keeps_numbers() {
    let d = Workdir::district();
    for cmd in COMMANDS {
        for (format, delim) in [("csv", b','), ("tsv", b'\t')] {
            let args: Vec<&str> = cmd.iter().copied().chain(["--format", format]).collect();
            let out = d.stdout(&args);
            assert_eq!(formula_cells(&out, delim), Vec::<String>::new(), "{args:?}");
            assert!(
                out.contains("'=HYPERLINK") || cmd[0] == "summary",
                "{args:?}"
            );
            let raw: Vec<&str> = args.iter().copied().chain(["--raw"]).collect();
            let out = d.stdout(&raw);
            assert!(
                !formula_cells(&out, delim).is_empty() || cmd[0] == "summary",
                "{raw:?}"
            );
        }
    }
    // Negative numbers stay numbers in the analysis outputs too.
    let gaps = d.stdout(&["gaps", "--format", "csv"]);
    assert!(gaps.contains(",-15.97,"), "{gaps}");
}

#[test]
fn every_command_refuses_to_write_over_an_input() {
    let d = Workdir::district();
    let before = d.tree();
    for cmd in COMMANDS {
        for target in ["data/units.csv", "scoring-config.toml"] {
            let args: Vec<&str> = cmd.iter().copied().chain(["--output", target]).collect();
            d.run(&args).exit(2).stderr_has("never writes its inputs");
        }
    }
    // Nothing goes into the data folder, even where no input is named.
    d.run(&["rollup", "--year", "2024", "--output", "data/new.csv"])
        .exit(2)
        .stderr_has("lies in the data folder");
    d.run(&["statement", "--all", "--out", "st", "--manifest", "m.json"])
        .exit(2);
    assert_eq!(d.tree(), before);
}

#[test]
fn rollup_records_every_file_it_read_in_its_manifest() {
    let d = Workdir::district();
    d.run(&[
        "rollup",
        "--year",
        "2024",
        "--upto",
        "Q2",
        "-o",
        "r.csv",
        "--manifest",
        "m.json",
    ])
    .success();
    let m: serde_json::Value = serde_json::from_slice(&d.read("m.json")).unwrap();
    assert_eq!(m["period"], "2024H1");
    let paths: Vec<&str> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths[0], "scoring-config.toml");
    for p in [
        "data/units.csv",
        "data/2024Q1/township.csv",
        "data/2024Q2/township.csv",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    assert_eq!(m["output"]["sha256"], sha256_hex(&d.read("r.csv")));
}

#[test]
fn analysis_commands_record_manifests() {
    let d = Workdir::district();
    for cmd in [&["gaps"][..], &["summary"], &["statement", "T1"]] {
        let args: Vec<&str> = cmd
            .iter()
            .copied()
            .chain(["--format", "json", "-o", "out.json", "--manifest", "m.json"])
            .collect();
        d.run(&args).success().stdout_is("");
        let m: serde_json::Value = serde_json::from_slice(&d.read("m.json")).unwrap();
        let out = d.read("out.json");
        assert_eq!(m["output"]["sha256"], sha256_hex(&out), "{cmd:?}");
        assert!(m["inputs"].as_array().unwrap().len() >= 8, "{cmd:?}");
    }
}

#[test]
fn a_report_package_never_replaces_or_enters_the_inputs() {
    // `report --out DIR --force` replaces DIR whole: pointed at the data folder, it would have
    // deleted every period's files.
    let d = Workdir::district();
    let before = d.tree();
    for out in ["data", "data/2024Q2/pkg", "data/2023Q1"] {
        d.run(&["report", "--out", out, "--force"])
            .exit(2)
            .stderr_has("never writes its inputs");
    }
    d.run(&["report", "--out", "pkg", "--manifest", "m.json"])
        .exit(2);
    assert_eq!(d.tree(), before);
    d.run(&["report", "--out", "pkg"]).success();
}

/// Issue 11 #2: no output lands inside `--data` or on the config, for every command and every
/// output option — another period's input, a new per-period config, a new folder of statements.
#[test]
fn no_output_of_any_command_lands_in_the_data_folder() {
    let d = Workdir::district();
    let before = d.tree();
    let inside = [
        "data/2023Q4/township.csv",
        "data/2024Q1/scoring-config.toml",
        "data/2024Q2/new.csv",
        "./data/../data/x.json",
    ];
    for cmd in COMMANDS.iter().chain([&["check"][..]].iter()) {
        for target in inside {
            for flag in ["--output", "--manifest"] {
                if cmd.len() > 1 && cmd[1] == "--all" && flag == "--manifest" {
                    continue;
                }
                let args: Vec<&str> = cmd.iter().copied().chain([flag, target]).collect();
                let out = d.run(&args).exit(2);
                assert!(
                    out.stderr.contains("lies in the data folder")
                        || out.stderr.contains("is an input of this run"),
                    "{args:?}: {}",
                    out.stderr
                );
            }
        }
    }
    // The working folder holds the config and the data folder.
    let here = d.path().display().to_string();
    for out in ["data/2024Q2", "data/st", "data", here.as_str()] {
        for cmd in [
            &["statement", "--all", "--out"][..],
            &["report", "--out"][..],
        ] {
            let args: Vec<&str> = cmd.iter().copied().chain([out, "--force"]).collect();
            d.run(&args)
                .exit(2)
                .stderr_has("overlaps the inputs (the config or the data folder): pingyi never writes its inputs");
        }
    }
    assert_eq!(d.tree(), before);
}
