//! `manifest.json` of a report package: which program, rules and input files produced it, and
//! the SHA-256 of every file in the package, so that a published package can be checked against
//! its sources years later.
//!
//! The run time (`created`, RFC 3339 UTC) is the only field that changes between runs over the
//! same inputs; set `SOURCE_DATE_EPOCH` (seconds since 1970) to pin it too.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::PackageFile;
use crate::digest::{file_sha256, sha256_hex};
use crate::error::Error;
use crate::eval::Evaluation;

/// A file and its SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
}

/// The manifest.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// The pingyi version.
    pub pingyi: &'static str,
    pub period: String,
    /// The earlier period that trends compare with, if any.
    pub against: Option<String>,
    /// The config that scored `period`.
    pub config: FileDigest,
    /// Every file read, in reading order, each once: the period's, then the earlier period's,
    /// then the top-level config when requirement thresholds came from it.
    pub inputs: Vec<FileDigest>,
    /// Every file of the package except this manifest, with paths inside the package.
    pub outputs: Vec<FileDigest>,
    /// When the package was made: RFC 3339, UTC, whole seconds.
    pub created: String,
}

impl Manifest {
    /// Hashes the inputs of `now`, of the earlier evaluation and `extra` files, and `outputs`.
    pub fn new(
        now: &Evaluation,
        before: Option<&Evaluation>,
        extra: &[PathBuf],
        outputs: &[PackageFile],
        created: String,
    ) -> Result<Manifest, Error> {
        let mut paths: Vec<&PathBuf> = Vec::new();
        let read = std::iter::once(now)
            .chain(before)
            .flat_map(|e| e.ds.inputs.iter());
        for p in read.chain(extra) {
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
        let configs: Vec<_> = std::iter::once(now).chain(before).map(|e| &e.cfg).collect();
        let inputs = paths
            .into_iter()
            .map(|p| {
                // A config was hashed from the very text that was parsed: reuse that digest.
                let sha256 = match configs.iter().find(|c| &c.path == p) {
                    Some(c) => c.sha256.clone(),
                    None => file_sha256(p)?,
                };
                Ok(FileDigest {
                    path: p.display().to_string(),
                    sha256,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Manifest {
            pingyi: env!("CARGO_PKG_VERSION"),
            period: now.period().to_string(),
            against: before.map(|b| b.period().to_string()),
            config: FileDigest {
                path: now.cfg.path.display().to_string(),
                sha256: now.cfg.sha256.clone(),
            },
            inputs,
            outputs: outputs
                .iter()
                .map(|f| FileDigest {
                    path: f.path.clone(),
                    sha256: sha256_hex(&f.bytes),
                })
                .collect(),
            created,
        })
    }

    /// Pretty JSON with a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }
}

/// The run time: `SOURCE_DATE_EPOCH` when set (reproducible manifests), else now.
pub fn run_time() -> Result<String, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(rfc3339_utc)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "SOURCE_DATE_EPOCH=`{s}` is not a number of seconds since 1970 (years 0–9999)"
                ))
            }),
        Err(_) => {
            let secs = match SystemTime::now().duration_since(UNIX_EPOCH) {
                Ok(d) => d.as_secs() as i64,
                Err(e) => -(e.duration().as_secs() as i64),
            };
            Ok(rfc3339_utc(secs).unwrap_or_else(|| "1970-01-01T00:00:00Z".into()))
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970; `None` outside years 0–9999.
pub fn rfc3339_utc(secs: i64) -> Option<String> {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return None;
    }
    let (hh, mm, ss) = (rem / 3600, rem % 3600 / 60, rem % 60);
    Some(format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z"))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::rfc3339_utc;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339_utc(0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400).unwrap(), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_735_689_599).unwrap(), "2024-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(-1).unwrap(), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(253_402_300_800), None);
    }
}
