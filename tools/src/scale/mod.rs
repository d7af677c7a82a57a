//! The scale benchmark's synthetic district: N villages × 40 indicators, written as real files.
//!
//! The district: one township (the villages' parent, ranked on its own track) and N villages on
//! one district-wide track; 40 indicators over 5 dimensions (3 core), five of each of the eight
//! methods, both directions; one growth indicator, compared with the previous quarter — a full
//! quarter, as in production, so that `pingyi rank` can also show trends against it (a
//! growth-only quarter before it lets that quarter be scored in turn);
//! a config default target plus a few `targets.csv` overrides; a few not-applicable and missing
//! cells (policies `zero` and `average`); a few bonus, deduction and veto rows. Values come from
//! one SplitMix64 stream with a fixed seed ([`crate::rng`]), so every run writes the same bytes.
//!
//! `benches/scale.rs` times pingyi on it; `scripts/bench.sh` also runs the whole binary on it.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::rng::Rng;

mod config;
mod files;

use config::config_text;
use files::{create, village_id, write_growth_only, write_wide};

/// Indicators of the generated config.
pub const INDICATORS: usize = 40;
/// The period a run scores.
pub const PERIOD: &str = "2024Q2";
/// The full quarter before [`PERIOD`]: growth base and trend comparison.
pub const PREVIOUS: &str = "2024Q1";
/// The quarter before [`PREVIOUS`]: only the growth column, for scoring [`PREVIOUS`] itself.
pub const BEFORE_PREVIOUS: &str = "2023Q4";
/// The indicator scored on its growth against [`PREVIOUS`] (an `efficacy` one).
const GROWTH: usize = 1;
/// Indicators with a few not-applicable cells.
const NOT_APPLICABLE: [usize; 4] = [5, 13, 27, 38];
/// Indicators with a few missing cells, filled by policy `zero` and `average`.
const MISSING_ZERO: usize = 10;
const MISSING_AVERAGE: usize = 20;
/// The target indicator with per-unit overrides in `targets.csv`.
const TARGET_OVERRIDES: usize = 3;
const METHODS: [&str; 8] = [
    "proportional",
    "efficacy",
    "rank",
    "target",
    "bands",
    "deduct",
    "direct",
    "binary",
];
const DIMENSIONS: [(&str, &str, bool); 5] = [
    ("econ", "经济发展", true),
    ("project", "项目建设", true),
    ("invest", "招商引资", true),
    ("governance", "社会治理", false),
    ("party", "党的建设", false),
];

/// One indicator of the generated config.
struct Spec {
    id: String,
    method: &'static str,
    dimension: usize,
    points: f64,
    higher: bool,
}

impl Spec {
    fn all() -> Vec<Spec> {
        (0..INDICATORS)
            .map(|i| Spec {
                id: format!("k{:02}", i + 1),
                method: METHODS[i % METHODS.len()],
                // Blocks of eight: every dimension holds every method once.
                dimension: (i / METHODS.len()) % DIMENSIONS.len(),
                // 1.5, 2, 2.5, 3, 3.5 in turn: 40 indicators add up to exactly 100.
                points: 1.5 + 0.5 * (i % 5) as f64,
                higher: (i / METHODS.len()).is_multiple_of(2),
            })
            .collect()
    }
}

/// The generated district and the size of what a run of [`PERIOD`] reads.
pub struct District {
    pub dir: PathBuf,
    /// Config, registry, the period's files and the earlier quarter's (growth).
    pub input_bytes: u64,
}

/// Writes the district for `n` villages under `dir`: `scoring-config.toml` and `data/` with
/// `units.csv`, the full period [`PERIOD`] (with `targets.csv` and `adjustments.csv`), the full
/// previous quarter [`PREVIOUS`] (its growth indicator compares with it, and `pingyi rank` shows
/// trends against it), and a growth-only [`BEFORE_PREVIOUS`], so that the previous quarter can
/// itself be scored.
pub fn generate(dir: &Path, n: usize) -> io::Result<District> {
    let specs = Spec::all();
    let data = dir.join("data");
    let cur = data.join(PERIOD);
    let prev = data.join(PREVIOUS);
    fs::create_dir_all(&data)?;
    fs::write(dir.join("scoring-config.toml"), config_text(&specs))?;
    let mut rng = Rng::new(0x5EED_2024);

    let mut units = create(data.join("units.csv"))?;
    writeln!(units, "id,name,category,parent")?;
    writeln!(units, "T001,城关镇,township,")?;
    for v in 0..n {
        writeln!(units, "{},第{}村,village,T001", village_id(v), v + 1)?;
    }
    units.flush()?;

    write_wide(&cur, &specs, &mut rng, n, false)?;
    write_wide(&prev, &specs, &mut rng, n, true)?;
    write_growth_only(&data.join(BEFORE_PREVIOUS), &specs, &mut rng, n)?;

    // Overrides of the config's default target for every 500th village.
    let mut targets = create(cur.join("targets.csv"))?;
    writeln!(targets, "unit_id,indicator,target")?;
    for v in (0..n).step_by(500) {
        let t = rng.range(80.0, 120.0);
        let id = &specs[TARGET_OVERRIDES].id;
        writeln!(targets, "{},{id},{t:.0}", village_id(v))?;
    }
    targets.flush()?;

    // A bonus, deduction or veto for every 1000th village.
    let mut adj = create(cur.join("adjustments.csv"))?;
    writeln!(adj, "unit_id,kind,points,reason,reference")?;
    for (k, v) in (0..n).step_by(1000).enumerate() {
        let id = village_id(v);
        match k % 3 {
            0 => writeln!(adj, "{id},bonus,2,省级表彰,区委〔2024〕{k}号")?,
            1 => writeln!(adj, "{id},deduction,1.5,督查通报,区政府〔2024〕{k}号")?,
            _ => writeln!(adj, "{id},veto,,重大安全事故,区安委〔2024〕{k}号")?,
        }
    }
    adj.flush()?;

    let mut input_bytes = 0;
    for p in [
        dir.join("scoring-config.toml"),
        data.join("units.csv"),
        cur.join("township.csv"),
        cur.join("village.csv"),
        cur.join("targets.csv"),
        cur.join("adjustments.csv"),
        prev.join("township.csv"),
        prev.join("village.csv"),
    ] {
        input_bytes += fs::metadata(&p)?.len();
    }
    Ok(District {
        dir: dir.to_path_buf(),
        input_bytes,
    })
}
