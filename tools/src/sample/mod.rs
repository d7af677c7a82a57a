//! The shipped sample district, 清河区 (Qinghe district), written into a data folder.
//!
//! `cargo run -p pingyi-tools --bin gen-sample -- data` rewrites `data/` byte for byte: every
//! random draw comes from the crate's SplitMix64 ([`crate::rng`]) keyed by a fixed seed and the
//! draw's name (unit, period, indicator), so the output never changes with crate versions, and
//! adding a draw never shifts another.
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

use crate::rng::Rng;

/// The seed of every draw.
const SEED: u64 = 0x5148_2024_0930_0001;

const QUARTERS: [&str; 5] = ["2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4"];

/// Index in [`QUARTERS`] of the first quarter scored under the new (top-level) scheme.
const NEW_SCHEME_FROM: usize = 3;

/// The scheme in force from 2024Q3; the old one is derived from it by [`old_scheme`].
const NEW_SCHEME: &str = include_str!("../../../scoring-config.toml");

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    pub units: usize,
    pub quarters: usize,
    pub months: usize,
}

/// Writes the whole district under `dir`, replacing the period folders an earlier run left.
pub fn generate(dir: &Path) -> io::Result<Written> {
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
    Ok(Written {
        units: units.len(),
        quarters: QUARTERS.len(),
        months: 12,
    })
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

/// The generator of one named draw.
fn keyed(key: &str) -> Rng {
    Rng::keyed(SEED, key)
}

mod extras;
mod quarter;
mod units;

use extras::*;
use quarter::*;
use units::*;
