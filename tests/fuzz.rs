//! Fuzzing without a nightly toolchain: proptest feeds arbitrary and mutated bytes to every
//! reader — the registry, a category file, targets, adjustments, the earlier period that growth
//! compares with, and the config (random bytes, and near-valid configs with random values).
//!
//! Each case runs the whole pipeline that a user would: load, and when loading succeeds,
//! evaluate and render every format. Any panic is a bug (proptest catches it and shrinks the
//! input); so is a non-finite total, which would be silently wrong output. Loading may fail —
//! with an error that names a file.
//!
//! 1,000 cases per reader by default; `PINGYI_FUZZ_CASES=100000 cargo test --release --test
//! fuzz` for a longer run.

mod support;

use std::path::Path;

use pingyi::config::Config;
use pingyi::data::Dataset;
use pingyi::error::Error;
use pingyi::eval::Evaluation;
use pingyi::manifest::Provenance;
use pingyi::period::Period;
use pingyi::rank::evaluate;
use pingyi::render::csv::{CsvOptions, Escaping};
use pingyi::render::{self, table::Layout, View};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};

fn cases() -> u32 {
    std::env::var("PINGYI_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000)
}

fn runner() -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases: cases(),
        failure_persistence: None,
        ..RunnerConfig::default()
    })
}

/// Bytes shown as text with escapes, so that a failing input can be read and turned into a
/// regression test.
#[derive(Clone)]
struct Bytes(Vec<u8>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

// ---- inputs ----------------------------------------------------------------------------------

/// Pieces that matter to the readers: delimiters, quotes, line ends, cell keywords, ids.
const TOKENS: &[&str] = &[
    ",",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "\r",
    "\t",
    ";",
    "-",
    "不适用",
    "N/A",
    "n/a",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "1e308",
    "-1e308",
    "1e-320",
    "-0",
    "0",
    "1",
    "2.5",
    "是",
    "否",
    "T1",
    "T2",
    "S1",
    "V1",
    "V2",
    "C1",
    "D1",
    "X9",
    "unit_id",
    "unit_name",
    "id",
    "name",
    "category",
    "parent",
    "class",
    "indicator",
    "target",
    "kind",
    "points",
    "reason",
    "reference",
    "gdp",
    "grow",
    "invest",
    "acc",
    "petitions",
    "party",
    "profit",
    "done",
    "review",
    "bonus",
    "deduction",
    "veto",
    "加分",
    "一票否决",
    "township",
    "subdistrict",
    "village",
    "community",
    "department",
    "经济类",
    "2024Q2",
    "2023Q1",
    "2025Q1",
    "former_ids",
    "from",
    "until",
    "\u{feff}",
    "=cmd|' /C calc'!A0",
    "１２３",
    "1,234",
    "12.5%",
    " ",
    "",
    "\0",
    "\u{fffd}",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(prop::sample::Index, &'static str),
    Byte(prop::sample::Index, u8),
    Delete(prop::sample::Index, usize),
    DuplicateLine(prop::sample::Index),
    DropLine(prop::sample::Index),
    SwapLines(prop::sample::Index, prop::sample::Index),
}

fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(TOKENS)
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = any::<prop::sample::Index>;
    prop_oneof![
        4 => (i(), token()).prop_map(|(i, t)| Edit::Insert(i, t)),
        2 => (i(), any::<u8>()).prop_map(|(i, b)| Edit::Byte(i, b)),
        2 => (i(), 1usize..12).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => i().prop_map(Edit::DuplicateLine),
        1 => i().prop_map(Edit::DropLine),
        1 => (i(), i()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

fn apply(mut b: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = |i: &prop::sample::Index, len: usize| i.index(len + 1);
        match e {
            Edit::Insert(i, t) => {
                let k = at(i, b.len());
                b.splice(k..k, t.bytes());
            }
            Edit::Byte(i, x) if !b.is_empty() => {
                let k = i.index(b.len());
                b[k] = *x;
            }
            Edit::Byte(..) => b.push(0xff),
            Edit::Delete(i, n) => {
                let k = at(i, b.len());
                b.drain(k..(k + n).min(b.len()));
            }
            Edit::DuplicateLine(i) | Edit::DropLine(i) | Edit::SwapLines(i, _) => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                let k = i.index(lines.len());
                match e {
                    Edit::DuplicateLine(_) => lines.insert(k, lines[k].clone()),
                    Edit::DropLine(_) => drop(lines.remove(k)),
                    Edit::SwapLines(_, j) => {
                        let j = j.index(lines.len());
                        lines.swap(k, j);
                    }
                    _ => {}
                }
                b = lines.join(&b'\n');
            }
        }
    }
    b
}

/// Arbitrary bytes, rows of reader tokens, or the valid file with a few edits.
fn bytes_like(valid: Vec<u8>) -> impl Strategy<Value = Bytes> {
    let rows = prop::collection::vec(prop::collection::vec(token(), 0..8), 0..8).prop_map(|rows| {
        let lines: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
        lines.join("\n").into_bytes()
    });
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..300),
        1 => rows,
        4 => prop::collection::vec(edit(), 1..8).prop_map(move |e| apply(valid.clone(), &e)),
    ]
    .prop_map(Bytes)
}

/// Values that a config key might be given: wrong types, extremes, every keyword.
const TOML_VALUES: &[&str] = &[
    "0",
    "-1",
    "1",
    "0.5",
    "2",
    "6",
    "7",
    "100",
    "1e308",
    "-1e308",
    "1e-320",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "9223372036854775807",
    "-9223372036854775808",
    "true",
    "\"\"",
    "\"x\"",
    "\"higher\"",
    "\"lower\"",
    "\"growth\"",
    "\"previous\"",
    "\"year_ago\"",
    "\"not_applicable\"",
    "\"proportional\"",
    "\"efficacy\"",
    "\"rank\"",
    "\"target\"",
    "\"bands\"",
    "\"deduct\"",
    "\"direct\"",
    "\"binary\"",
    "\"zero\"",
    "\"average\"",
    "\"error\"",
    "\"score\"",
    "\"share\"",
    "\"core\"",
    "\"econ\"",
    "\"town\"",
    "\"township\"",
    "[]",
    "{}",
    "[\"core\"]",
    "[\"econ\", \"x\"]",
    "[[0, 1]]",
    "[[0, 30], [0, 10]]",
    "[[1e308, 1], [-1e308, 0]]",
    "[[nan, 1]]",
    "[[0]]",
    "{ town = 1e308 }",
    "{ town = -1 }",
    "{ town = 20, village = 30 }",
    "{ nowhere = 1 }",
    "[{ name = \"A\" }]",
    "[{ name = \"A\", share = 1.0 }]",
    "[{ name = \"A\", min = nan }]",
    "{ by = \"score\", levels = [] }",
    "{ by = \"share\", levels = [{ name = \"A\", share = 0.0 }] }",
];

#[derive(Debug, Clone)]
enum TomlEdit {
    /// Replace the value of the i-th `key = value` line.
    Value(prop::sample::Index, &'static str),
    Text(Edit),
}

fn toml_edit() -> impl Strategy<Value = TomlEdit> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), prop::sample::select(TOML_VALUES))
            .prop_map(|(i, v)| TomlEdit::Value(i, v)),
        1 => edit().prop_map(TomlEdit::Text),
    ]
}

fn apply_toml(text: &str, edits: &[TomlEdit]) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut bytes = None;
    for e in edits {
        match e {
            TomlEdit::Value(i, v) => {
                let keyed: Vec<usize> = (0..lines.len())
                    .filter(|&k| !lines[k].starts_with('[') && lines[k].contains(" = "))
                    .collect();
                if keyed.is_empty() {
                    continue;
                }
                let k = keyed[i.index(keyed.len())];
                let key = lines[k].split(" = ").next().unwrap_or("").to_string();
                lines[k] = format!("{key} = {v}");
            }
            TomlEdit::Text(edit) => {
                bytes = Some(apply(
                    lines.join("\n").into_bytes(),
                    std::slice::from_ref(edit),
                ))
            }
        }
        if let Some(b) = bytes.take() {
            lines = String::from_utf8_lossy(&b)
                .lines()
                .map(String::from)
                .collect();
        }
    }
    lines.join("\n").into_bytes()
}

// ---- the pipeline ----------------------------------------------------------------------------

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
    for tr in &res.tracks {
        prop_assert!(
            tr.total.iter().all(|t| t.is_finite()),
            "non-finite total {:?}",
            tr.total
        );
    }
    let ev = Evaluation {
        cfg: cfg.clone(),
        ds,
        res,
        warnings,
    };
    let view = View {
        cfg,
        ds: &ev.ds,
        res: &ev.res,
        tracks: (0..cfg.tracks.len()).collect(),
        trends: None,
    };
    let raw = CsvOptions {
        escaping: Escaping::Raw,
        ..CsvOptions::TSV
    };
    for opts in [CsvOptions::CSV, raw] {
        let out = render::csv::render(&view, opts);
        prop_assert!(!out.is_empty());
    }
    let prov = Provenance::collect(&ev, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let json = render::json::render(&view, &prov);
    prop_assert!(
        serde_json::from_slice::<serde_json::Value>(&json).is_ok(),
        "invalid JSON"
    );
    let _ = render::table::render(&view, Layout::default());
    Ok(())
}

/// Fuzzes the data file `rel` (under the fixture's `data/`) with the fixture config.
fn fuzz_data_file(rel: &str) {
    let dir = support::district();
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
    let valid = std::fs::read(support::fixture().join("scoring-config.toml")).expect("config");
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
    let dir = support::district();
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
