//! The period files: the wide `township.csv` and `village.csv`, cell by cell, and the growth-only
//! quarter.

use std::fs::File;
use std::io::BufWriter;

use super::*;

/// What the writers return.
type Result<T = ()> = io::Result<T>;

/// Writes one generated cell of indicator `i` into `w`.
fn write_cell(w: &mut impl Write, rng: &mut Rng, i: usize, sp: &Spec) -> Result {
    let r = rng.below(10_000);
    if NOT_APPLICABLE.contains(&i) && r < 20 {
        return w.write_all(["-", "不适用", "N/A"][r as usize % 3].as_bytes());
    }
    if (i == MISSING_ZERO || i == MISSING_AVERAGE) && r >= 9_950 {
        return Ok(());
    }
    match sp.method {
        "proportional" => write!(w, "{:.2}", rng.range(1.0, 1000.0)),
        "efficacy" => write!(w, "{:.2}", rng.range(-20.0, 80.0)),
        "rank" => write!(w, "{}", rng.below(1001)),
        "target" => write!(w, "{:.1}", rng.range(50.0, 150.0)),
        "bands" => write!(w, "{:.1}", rng.range(0.0, 100.0)),
        "deduct" if sp.higher => write!(w, "{}", rng.below(16)),
        "deduct" => write!(w, "{}", rng.below(6)),
        "direct" => write!(w, "{:.2}", rng.range(0.0, sp.points)),
        _ => w.write_all(["1", "0", "是", "否", "1", "1"][rng.below(6) as usize].as_bytes()),
    }
}

/// The id of village `v` (0-based), zero-padded so that ids sort as numbers.
pub(super) fn village_id(v: usize) -> String {
    format!("V{v:07}")
}

/// A file opened for writing through a 1 MiB buffer (the wide files run to hundreds of MiB).
pub(super) fn create(p: PathBuf) -> Result<BufWriter<File>> {
    File::create(p).map(|f| BufWriter::with_capacity(1 << 20, f))
}

/// The wide `township.csv` and `village.csv` of one period, every indicator. In an earlier
/// period the growth indicator is positive, so that growth against it is defined.
pub(super) fn write_wide(
    dir: &Path,
    specs: &[Spec],
    rng: &mut Rng,
    n: usize,
    earlier: bool,
) -> Result {
    fs::create_dir_all(dir)?;
    let header: String = specs.iter().map(|s| format!(",{}", s.id)).collect();
    let mut town = create(dir.join("township.csv"))?;
    let mut village = create(dir.join("village.csv"))?;
    writeln!(town, "unit_id,unit_name{header}")?;
    writeln!(village, "unit_id,unit_name{header}")?;
    for row in 0..=n {
        let w = if row == 0 { &mut town } else { &mut village };
        if row == 0 {
            write!(w, "T001,城关镇")?;
        } else {
            write!(w, "{},第{row}村", village_id(row - 1))?;
        }
        for (i, sp) in specs.iter().enumerate() {
            w.write_all(b",")?;
            if earlier && i == GROWTH {
                write!(w, "{:.2}", rng.range(10.0, 100.0))?;
            } else {
                write_cell(w, rng, i, sp)?;
            }
        }
        w.write_all(b"\n")?;
    }
    town.flush()?;
    village.flush()
}

/// Only the growth column, positive: what scoring an earlier period's growth needs.
pub(super) fn write_growth_only(dir: &Path, specs: &[Spec], rng: &mut Rng, n: usize) -> Result {
    fs::create_dir_all(dir)?;
    let g = &specs[GROWTH].id;
    let mut town = create(dir.join("township.csv"))?;
    let mut village = create(dir.join("village.csv"))?;
    writeln!(town, "unit_id,{g}")?;
    writeln!(town, "T001,{:.2}", rng.range(10.0, 100.0))?;
    writeln!(village, "unit_id,{g}")?;
    for v in 0..n {
        writeln!(village, "{},{:.2}", village_id(v), rng.range(10.0, 100.0))?;
    }
    town.flush()?;
    village.flush()
}
