//! `gen-sample`: writes the shipped sample district, 清河区 (Qinghe district), into a data folder.
//!
//! `cargo run --bin gen-sample -- data` rewrites `data/` byte for byte: every random draw comes
//! from a hand-written SplitMix64 generator keyed by a fixed seed and the draw's name (unit,
//! period, indicator), so the output never changes with crate versions, and adding a draw never
//! shifts another.
//!
//! The district:
//! - `units.csv`: 12 townships (乡镇), 6 sub-districts (街道), the high-tech zone (高新区), 40
//!   district departments (区直单位) in three classes (经济类 14, 社会类 13, 党群类 13), 272
//!   villages (村) and 48 communities (社区) under their townships and sub-districts.
//! - Five quarters, 2023Q4 … 2024Q4, one folder each with one wide CSV per category,
//!   `targets.csv` and `adjustments.csv`. 2023Q4 is the base quarter of the growth indicator
//!   `gyzjz` (规上工业增加值增速, whose cells hold the level in 亿元).
//! - One rule change: the top-level `scoring-config.toml` is the scheme in force from 2024Q3;
//!   2023Q4–2024Q2 get the old scheme, derived here from it (`dwzj` proportional instead of
//!   efficacy, `aqsg` −1 instead of −2 per incident). 2023Q4, having no predecessor, scores the
//!   level of `gyzjz` instead of its growth.
//! - One renamed unit: 柳河乡 (`Z07`, until 2024Q2) became 柳河镇 (`Z13`, from 2024Q3,
//!   `former_ids = Z07`); earlier files use the old id, later ones the new.
//! - Trends: a latent strength per unit and quarter drives every indicator. 青山镇, 北关街道,
//!   柳河乡→柳河镇, 商务局, 民政局, 团区委 and a few villages advance; 白马镇, 新华街道, 交通运输局,
//!   城市管理局 and a few villages slip; 石桥镇, 王楼乡 (last), 区委办公室 and 余湾村 (first) stall.
//!   The high-tech zone leads the town track on volume until 2024Q3, when the efficacy rule for
//!   `dwzj` narrows its lead and 城关镇 passes it.
//! - Monthly efficiency scores (月效能考评) for 2024-01 … 2024-12, with 区妇联 left out of
//!   2024-08; `2024/year_end.csv` and `2024/adjustments.csv` for the annual roll-up.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The seed of every draw.
const SEED: u64 = 0x5148_2024_0930_0001;

const QUARTERS: [&str; 5] = ["2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4"];

/// Index in [`QUARTERS`] of the first quarter scored under the new (top-level) scheme.
const NEW_SCHEME_FROM: usize = 3;

/// The scheme in force from 2024Q3; the old one is derived from it by [`old_scheme`].
const NEW_SCHEME: &str = include_str!("../../../scoring-config.toml");

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data".to_string());
    let dir = PathBuf::from(dir);
    if let Err(e) = generate(&dir) {
        eprintln!("gen-sample: {}: {e}", dir.display());
        std::process::exit(1);
    }
}

/// Writes the whole district under `dir`.
fn generate(dir: &Path) -> io::Result<()> {
    let units = registry();
    fs::create_dir_all(dir)?;
    write(&dir.join("units.csv"), &units_csv(&units))?;
    for q in 0..QUARTERS.len() {
        write_quarter(dir, &units, q)?;
    }
    for month in 1..=12 {
        let folder = fresh_dir(&dir.join(format!("2024-{month:02}")))?;
        write(
            &folder.join("efficiency.csv"),
            &efficiency_csv(&units, month),
        )?;
    }
    let year = fresh_dir(&dir.join("2024"))?;
    write(&year.join("year_end.csv"), &year_end_csv(&units))?;
    write(&year.join("adjustments.csv"), &adjustments_csv("2024"))?;
    eprintln!(
        "gen-sample: wrote {} units, {} quarters and 12 months under {}",
        units.len(),
        QUARTERS.len(),
        dir.display()
    );
    Ok(())
}

/// Removes a generated folder left by an earlier run and creates it empty.
fn fresh_dir(path: &Path) -> io::Result<PathBuf> {
    if path.is_dir() {
        fs::remove_dir_all(path)?;
    }
    fs::create_dir_all(path)?;
    Ok(path.to_path_buf())
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    fs::write(path, text)
}

// ── Random numbers ──────────────────────────────────────────────────────────────────────────

/// SplitMix64 (Steele, Lea & Flood 2014), seeded per draw from a key.
struct Rng(u64);

impl Rng {
    /// The generator of one named draw: FNV-1a of the key mixed with [`SEED`].
    fn keyed(key: &str) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ SEED;
        for b in key.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Rng(h)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }
}

mod extras;
mod quarter;
mod units;

use extras::*;
use quarter::*;
use units::*;
