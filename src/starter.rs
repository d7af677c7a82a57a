//! `pingyi init`: a runnable starter district — a commented scheme with the 3+N layout, tracks
//! for the six categories and one indicator of each scoring method, a registry with a few units of
//! each category (two villages of one name in different townships), and one quarter of data — so
//! that a new office starts from something `pingyi check` accepts and `pingyi` ranks, and changes
//! it into its own. Nothing is ever written over.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::period::Period;

/// The starter's files: path under the folder (`{period}` stands for the quarter) and content.
const FILES: [(&str, &str); 10] = [
    (
        "scoring-config.toml",
        include_str!("starter/scoring-config.toml"),
    ),
    ("data/units.csv", include_str!("starter/units.csv")),
    (
        "data/{period}/township.csv",
        include_str!("starter/township.csv"),
    ),
    (
        "data/{period}/subdistrict.csv",
        include_str!("starter/subdistrict.csv"),
    ),
    (
        "data/{period}/hightech_zone.csv",
        include_str!("starter/hightech_zone.csv"),
    ),
    (
        "data/{period}/village.csv",
        include_str!("starter/village.csv"),
    ),
    (
        "data/{period}/community.csv",
        include_str!("starter/community.csv"),
    ),
    (
        "data/{period}/department.csv",
        include_str!("starter/department.csv"),
    ),
    (
        "data/{period}/targets.csv",
        include_str!("starter/targets.csv"),
    ),
    (
        "data/{period}/adjustments.csv",
        include_str!("starter/adjustments.csv"),
    ),
];

/// Writes the starter district into `dir` (created if missing) with its data in `period`'s
/// folder; the paths written. Refuses (a usage error) when any of them exists already.
pub fn write(dir: &Path, period: Period) -> Result<Vec<PathBuf>, Error> {
    let files: Vec<(PathBuf, &str)> = FILES
        .iter()
        .map(|(rel, text)| {
            (
                dir.join(rel.replace("{period}", &period.to_string())),
                *text,
            )
        })
        .collect();
    if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
        return Err(Error::Usage(format!(
            "{} exists already: pingyi init never writes over a file (choose an empty folder)",
            p.display()
        )));
    }
    for (p, text) in &files {
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        crate::output::write_atomic(p, text.as_bytes())?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// The last quarter that has ended at `unix_secs` (the one an office assesses now).
pub fn last_quarter(unix_secs: u64) -> Period {
    let (y, m) = civil(unix_secs / 86_400);
    let q = (m - 1) / 3 + 1;
    match q {
        1 => Period::Quarter(y - 1, 4),
        q => Period::Quarter(y, (q - 1) as u8),
    }
}

/// Year and month of a day counted from 1970-01-01 (Howard Hinnant's civil_from_days).
fn civil(days: u64) -> (i32, u32) {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_quarter_that_has_ended() {
        // 2026-12-02 is in Q4: the last ended quarter is 2026Q3; 2027-01-15 → 2026Q4.
        assert_eq!(last_quarter(1_796_169_600), Period::Quarter(2026, 3));
        assert_eq!(last_quarter(1_799_971_200), Period::Quarter(2026, 4));
        assert_eq!(last_quarter(0), Period::Quarter(1969, 4));
    }
}
