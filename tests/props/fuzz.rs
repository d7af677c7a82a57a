//! Fuzzing without a nightly toolchain: proptest feeds arbitrary and mutated bytes to every
//! reader — the registry, a category file, targets, adjustments, the earlier period that growth
//! compares with, and the config (random bytes, and near-valid configs with random values).
//!
//! Each case runs the whole pipeline that a user would: load, and when loading succeeds,
//! evaluate and render every format. Any panic is a bug (proptest catches it and shrinks the
//! input); so is a non-finite total, which would be silently wrong output. Loading may fail —
//! with an error that names a file.
//!
//! 250 cases per reader by default (a debug build spends 2–13 ms per case; proptest draws new
//! cases every run, so runs add up); `PINGYI_FUZZ_CASES=100000 cargo test --release --test props
//! fuzz` for a longer run.

mod mutate;

use std::path::Path;

use crate::common::{fixture, Workdir};
use mutate::{apply_toml, bytes_like, toml_edit, Bytes};
use pingyi::config::Config;
use pingyi::data::Dataset;
use pingyi::error::Error;
use pingyi::eval::provenance::Provenance;
use pingyi::eval::Evaluation;
use pingyi::evaluate;
use pingyi::period::Period;
use pingyi::render::labels::Labels;
use pingyi::render::rank::{self, RankView};
use pingyi::render::sheet::{CsvOptions, Escaping};
use pingyi::render::{Format, Style};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};

fn cases() -> u32 {
    std::env::var("PINGYI_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(250)
}

fn runner() -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases: cases(),
        failure_persistence: None,
        ..RunnerConfig::default()
    })
}

/// Loads the period; on success evaluates it and renders every format. Panics are caught by
/// the runner; everything else that would be wrong is a test failure.
fn exercise(cfg: &Config, root: &Path) -> Result<(), TestCaseError> {
    let data = root.join("data");
    let (ds, warnings) = match Dataset::load(cfg, &data, Period::Quarter(2024, 2)) {
        Ok(ok) => ok,
        Err(Error::Invalid(p)) => {
            prop_assert!(p.has_errors(), "a failed load must list an error");
            prop_assert!(p
                .iter()
                .all(|x| !x.file.as_os_str().is_empty() && !x.message.is_empty()));
            let _ = p.to_string();
            return Ok(());
        }
        Err(e) => {
            let _ = e.to_string();
            return Ok(());
        }
    };
    let res = evaluate(cfg, &ds);
    // Every number any output shows comes from these: none may be non-finite (issue 11 #11).
    // `eval` refuses such a result; here, straight after loading, the data and config checks
    // alone must already keep them finite.
    for tr in &res.tracks {
        let s = &tr.scores;
        let scores: Vec<f64> = s
            .columns
            .iter()
            .flat_map(|c| (0..tr.units.len()).map(|pos| c.score(pos)))
            .collect();
        let (bonus, deduction) = (tr.bonus.to_vec(), tr.deduction.to_vec());
        let applicable = s.applicable.to_vec();
        let totals: Vec<f64> = (0..tr.units.len()).map(|pos| tr.total(pos)).collect();
        let numbers = totals
            .iter()
            .chain(&tr.rounded)
            .chain(&bonus)
            .chain(&deduction)
            .chain(&s.indicator_total)
            .chain(&applicable)
            .chain(&scores)
            .chain(s.dim_scores.iter().flatten());
        for x in numbers {
            prop_assert!(x.is_finite(), "non-finite number {x} on track {}", tr.track);
        }
    }
    let ev = Evaluation {
        cfg: cfg.clone(),
        ds,
        res,
        warnings,
    };
    let prov = Provenance::collect(&ev, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let view = RankView {
        labels: Labels {
            provenance: Some(&prov),
            ..Labels::new(&ev)
        },
        tracks: (0..cfg.tracks.len()).collect(),
        lean: false,
    };
    let raw = CsvOptions {
        escaping: Escaping::Raw,
        ..CsvOptions::TSV
    };
    for opts in [CsvOptions::CSV, raw] {
        let out = rank::csv::render(&view, opts);
        prop_assert!(!out.is_empty());
    }
    let json = rank::json::render(&view);
    prop_assert!(
        serde_json::from_slice::<serde_json::Value>(&json).is_ok(),
        "invalid JSON"
    );
    let table = Style::plain(Format::Table);
    let _ = rank::render(&view, &table);
    Ok(())
}

/// Fuzzes the data file `rel` (under the fixture's `data/`) with the fixture config.
fn fuzz_data_file(rel: &str) {
    let dir = Workdir::district();
    let path = dir.path().join("data").join(rel);
    let valid = std::fs::read(&path).expect("fixture file");
    let cfg = Config::load(&dir.path().join("scoring-config.toml")).expect("fixture config");
    let result = runner().run(&bytes_like(valid), |Bytes(bytes)| {
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        exercise(&cfg, dir.path())
    });
    if let Err(e) = result {
        panic!("{rel}: {e}");
    }
}

#[test]
fn registry_reader_survives_any_bytes() {
    fuzz_data_file("units.csv");
}

#[test]
fn category_reader_survives_any_bytes() {
    fuzz_data_file("2024Q2/township.csv");
}

#[test]
fn targets_reader_survives_any_bytes() {
    fuzz_data_file("2024Q2/targets.csv");
}

#[test]
fn adjustments_reader_survives_any_bytes() {
    fuzz_data_file("2024Q2/adjustments.csv");
}

#[test]
fn earlier_period_reader_survives_any_bytes() {
    fuzz_data_file("2024Q1/township.csv");
}

#[test]
fn config_reader_survives_any_bytes() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("scoring-config.toml");
    let valid = std::fs::read(fixture("district/scoring-config.toml")).expect("config");
    let result = runner().run(&bytes_like(valid), |Bytes(bytes)| {
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Err(e) = Config::load(&path) {
            let _ = e.to_string();
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn near_valid_configs_never_break_the_pipeline() {
    let dir = Workdir::district();
    let text = std::fs::read_to_string(dir.path().join("scoring-config.toml")).expect("config");
    let strategy =
        prop::collection::vec(toml_edit(), 1..6).prop_map(move |e| Bytes(apply_toml(&text, &e)));
    let path = dir.path().join("mutated.toml");
    let result = runner().run(&strategy, |Bytes(bytes)| {
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        match Config::load(&path) {
            Ok(cfg) => exercise(&cfg, dir.path()),
            Err(e) => {
                let _ = e.to_string();
                Ok(())
            }
        }
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn regression_growth_against_a_subnormal_earlier_value_is_an_error_not_a_panic() {
    // Found by the fuzz harness: an earlier value of 1001e-320 made the growth infinite, and
    // efficacy turned it into NaN scores (which then panicked in clamp). A subnormal is now
    // refused where it is read (out of range, like 1e400); the smallest normal values still make
    // the growth too large to compute.
    for (earlier_value, says) in [
        ("1001e-320", "`1001e-320` is out of range for a number"),
        ("2.3e-308", "too large to compute"),
    ] {
        let dir = Workdir::district();
        let earlier = dir.path().join("data/2024Q1/township.csv");
        let text = format!(
            "unit_id,gdp,grow,invest,acc,petitions\nT1,11,100,90,1,4\nT2,19,{earlier_value},100,0,2\n"
        );
        std::fs::write(&earlier, text).unwrap();
        let cfg = Config::load(&dir.path().join("scoring-config.toml")).unwrap();
        let data = dir.path().join("data");
        match Dataset::load(&cfg, &data, Period::Quarter(2024, 2)) {
            Err(Error::Invalid(p)) => {
                let text = p.to_string();
                assert!(
                    text.contains("township.csv:3: column grow (unit T2 +乙镇)"),
                    "{text}"
                );
                assert!(text.contains(says), "{text}");
            }
            other => panic!(
                "expected an error naming the cell, got {:?}",
                other.map(|_| ())
            ),
        }
    }
}

#[test]
fn regression_adjustment_points_that_overflow_when_summed_are_an_error() {
    // Found while reviewing the harness's finiteness check: two bonus rows of 1e308 are each
    // finite, but without a cap their sum made the total infinite. Such a number is no longer
    // read at all (beyond 2^53 − 1): the first row is the error.
    let dir = Workdir::district();
    let cfg_path = dir.path().join("scoring-config.toml");
    let text = std::fs::read_to_string(&cfg_path)
        .unwrap()
        .replace("bonus_cap = 3\n", "");
    std::fs::write(&cfg_path, text).unwrap();
    let adj = dir.path().join("data/2024Q2/adjustments.csv");
    let rows = "unit_id,kind,points,reason,reference\nT1,bonus,1e308,a,b\nT1,bonus,1e308,c,d\n";
    std::fs::write(&adj, rows).unwrap();
    let cfg = Config::load(&cfg_path).unwrap();
    match Dataset::load(&cfg, &dir.path().join("data"), Period::Quarter(2024, 2)) {
        Err(Error::Invalid(p)) => assert!(
            p.to_string()
                .contains("adjustments.csv:2: column points (unit T1")
                && p.to_string().contains("`1e308` is too large"),
            "{p}"
        ),
        other => panic!("expected an error, got {:?}", other.map(|_| ())),
    }
}
