//! Small fixtures for the analysis tests, as config and data files evaluated with the real
//! loader, so that the tests exercise the same path as the binary.
//!
//! Fixture A (five townships, one period) — scores worked out by hand:
//!
//! | unit | out (prop., P 50, max 100) | tgt (target t=10, cap 1.2, P 30) | acc (deduct lower, per 5, P 20) |
//! |------|-----------------------------|-----------------------------------|----------------------------------|
//! | A    | 100 → 50                    | 12 → 30·1.2 = 36                  | 0 → 20                           |
//! | B    | 80 → 40                     | 10 → 30                           | 1 → 15                           |
//! | C    | 80 → 40                     | 8 → 24                            | 0 → 20                           |
//! | D    | 50 → 25                     | `-` (not applicable)              | 2 → 10                           |
//! | E    | 40 → 20                     | 6 → 18                            | 4 → 0                            |
//!
//! Sums: A 106, B 85, C 84, D (25+10)·100/70 = 50, E 38. Adjustments (caps: bonus 2,
//! deduction 3): A +min(3, 2) = 2 → 108; C +1 → 85; D −min(4, 3) = 3 → 47; E veto → 38.
//! Ranks: A 1, B 2, C 2 (tie on 85.00), D 4, E 5.
//!
//! Fixtures A and B are folders under `tests/fixtures/analysis/`, read at run time here and by
//! the end-to-end tests (`tests/cli/analysis.rs`), so that both describe the same data.

use std::path::{Path, PathBuf};

use crate::eval::Evaluation;

/// `tests/fixtures/analysis/<name>`: `scoring-config.toml` and `data/`.
fn folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/analysis")
        .join(name)
}

/// The config of fixture A, for variants with other data.
pub fn config_a() -> String {
    std::fs::read_to_string(folder("a").join("scoring-config.toml")).expect("fixture A config")
}

/// A config and data folder: a fixture folder, read in place, or one written from strings to a
/// temporary directory.
pub struct Fixture {
    root: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Fixture {
    pub fn new(config: &str, files: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("scoring-config.toml"), config).expect("config");
        for (name, text) in files {
            let p = dir.path().join("data").join(name);
            std::fs::create_dir_all(p.parent().unwrap_or(Path::new("."))).expect("folder");
            std::fs::write(p, text).expect("file");
        }
        Fixture {
            root: dir.path().to_path_buf(),
            _dir: Some(dir),
        }
    }

    pub fn a() -> Fixture {
        Fixture {
            root: folder("a"),
            _dir: None,
        }
    }

    /// Evaluates `period` ("2024Q2"), panicking with the problems if the fixture is invalid.
    pub fn eval(&self, period: &str) -> Evaluation {
        let root = &self.root;
        let period = period.parse().expect("period");
        match Evaluation::run(
            &root.join("scoring-config.toml"),
            &root.join("data"),
            period,
        ) {
            Ok(ev) => ev,
            Err(e) => panic!("fixture does not load: {e}"),
        }
    }
}

impl Fixture {
    /// The top-level config's settings (requirement thresholds, roll-up weights).
    pub fn settings(&self) -> crate::config::Settings {
        let path = self.root.join("scoring-config.toml");
        crate::config::Config::load_with_settings(&path)
            .expect("fixture config")
            .1
    }
}

/// The track position of unit `id`.
pub fn pos(ev: &Evaluation, id: &str) -> usize {
    ev.ds.pos_of(ev.ds.registry.get(id).expect("unit id"))
}

/// Asserts `a ≈ b` to 1e-9.
#[track_caller]
pub fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
}

// Fixture B: one direct indicator (the cell is the score, P 100) over two quarters, with a
// renamed unit (OLD → R, `former_ids`), a unit new in 2024Q2 (N, `from`) and
// `fall_places = 1`.
//
// | unit | 2024Q1 (rank) | 2024Q2 (rank) | rank change | score change | label |
// |------|---------------|---------------|-------------|--------------|-------|
// | A    | 90 (1)        | 85 (2)        | −1          | −5           | 退位  |
// | B    | 80 (2)        | 88 (1)        | +1          | +8           | 进位  |
// | C    | 70 (3)        | 75 (3)        | 0           | +5           | 持平  |
// | R    | OLD 60 (4)    | 62 (4)        | 0           | +2           | 持平  |
// | D    | 40 (5)        | 41 (5)        | 0           | +1           | 慢进  |
// | N    | —             | 30 (6)        | —           | —            | 新增  |
//
// Median change of the units in both periods: −5, 1, 2, 5, 8 → 2; D's +1 < 2 is 慢进, R's +2
// is not.

impl Fixture {
    pub fn b() -> Fixture {
        Fixture {
            root: folder("b"),
            _dir: None,
        }
    }
}

impl Fixture {
    /// Fixture A's scheme over `n` townships `T0000`, `T0001` …, values spread so that units lose
    /// points on different indicators, some not applicable (every seventh `tgt`) and many tied:
    /// for the paths that take a large track in batches.
    pub fn many(n: usize) -> Fixture {
        let mut units = String::from("id,name,category,parent\n");
        let mut town = String::from("unit_id,out,tgt,acc\n");
        for k in 0..n {
            units.push_str(&format!("T{k:04},镇{k},township,\n"));
            let tgt = match k % 7 {
                0 => "-".to_string(),
                _ => (k % 13).to_string(),
            };
            town.push_str(&format!("T{k:04},{},{tgt},{}\n", (k * 37) % 101, k % 5));
        }
        Fixture::new(
            &config_a(),
            &[("units.csv", &units), ("2024Q2/township.csv", &town)],
        )
    }
}
