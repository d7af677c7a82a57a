//! The manifest, provenance in JSON, and byte-identical reruns.

use crate::common::{sha256_hex as sha256, Workdir};

#[test]
fn the_manifest_records_version_config_inputs_output_and_time() {
    let d = Workdir::district();
    d.run(&["--format", "csv", "-o", "out.csv", "--manifest", "m.json"])
        .success()
        .stdout_is("");
    let m: serde_json::Value = serde_json::from_slice(&d.read("m.json")).unwrap();
    assert_eq!(m["pingyi"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["period"], "2024Q2");
    assert_eq!(m["against"], "2024Q1");
    let config = d.read("scoring-config.toml");
    assert_eq!(m["config"], "scoring-config.toml");
    assert_eq!(m["config_sha256"], sha256(&config));
    let inputs = m["inputs"].as_array().unwrap();
    let paths: Vec<&str> = inputs.iter().map(|i| i["path"].as_str().unwrap()).collect();
    for p in [
        "data/units.csv",
        "data/2024Q2/township.csv",
        "data/2024Q2/targets.csv",
        "data/2024Q2/adjustments.csv",
        "data/2023Q4/township.csv",
        "data/2024Q1/village.csv",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    for i in inputs {
        let bytes = d.read(i["path"].as_str().unwrap());
        assert_eq!(i["sha256"], sha256(&bytes));
    }
    let out = d.read("out.csv");
    assert_eq!(m["output"]["path"], "out.csv");
    assert_eq!(m["output"]["format"], "csv");
    assert_eq!(m["output"]["escaped"], true);
    assert_eq!(m["output"]["sha256"], sha256(&out));
    let created = m["created"].as_str().unwrap();
    assert!(
        created.len() == 20 && created.ends_with('Z') && created.as_bytes()[10] == b'T',
        "{created}"
    );
}

#[test]
fn json_output_records_its_inputs_and_no_timestamp() {
    let d = Workdir::district();
    let out = d.stdout(&["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["pingyi"], env!("CARGO_PKG_VERSION"));
    assert_eq!(doc["config_sha256"], sha256(&d.read("scoring-config.toml")));
    let inputs = doc["inputs"].as_array().unwrap();
    assert!(inputs.len() >= 10, "{inputs:?}");
    assert!(!out.contains("created") && !out.contains("timestamp"));
}

#[test]
fn cron_runs_write_byte_identical_files() {
    let d = Workdir::district();
    for format in ["csv", "tsv", "json", "table", "markdown"] {
        let mut files = Vec::new();
        for run in 0..2 {
            let out = format!("run{run}.{format}");
            let manifest = format!("run{run}.{format}.manifest.json");
            d.cmd([
                "--format",
                format,
                "--output",
                &out,
                "--manifest",
                &manifest,
            ])
            .env("SOURCE_DATE_EPOCH", "1719792000")
            .run()
            .success()
            .stdout_is("");
            let bytes = d.read(&out);
            let m = d.read_string(&manifest);
            assert!(m.contains("\"created\": \"2024-07-01T00:00:00Z\""));
            files.push((bytes, m.replace(&out, "OUT").replace(&manifest, "MANIFEST")));
        }
        assert!(!files[0].0.is_empty());
        assert!(files[0] == files[1], "{format}: two runs differ");
    }
}

#[test]
fn a_bad_source_date_epoch_is_a_usage_error() {
    let d = Workdir::district();
    d.cmd(["--manifest", "m.json", "-o", "out.csv"])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .run()
        .exit(2)
        .stderr_has("SOURCE_DATE_EPOCH");
    assert!(!d.exists("out.csv"));
}
