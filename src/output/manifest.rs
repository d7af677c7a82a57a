//! Manifests: what a run read and wrote, with SHA-256 digests, so that a published result can be
//! checked against its sources years later.
//!
//! The `--manifest FILE` of a command ([`Manifest`]) records the run's [`Provenance`], the command
//! line and the output's digest; a report package's `manifest.json` ([`PackageManifest`]) records
//! the provenance and the digest of every file in the package. The run time (`created`, RFC 3339
//! UTC) is the only field that changes between runs over the same inputs; set
//! `SOURCE_DATE_EPOCH` (seconds since 1970) to pin it too.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::eval::Evaluation;

/// What a run wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutputRecord {
    /// The `--output` file; `None` for stdout.
    pub path: Option<String>,
    /// `table`, `csv`, `tsv` or `json`.
    pub format: String,
    /// Whether CSV/TSV text cells were escaped against formula injection (not `--raw`).
    pub escaped: bool,
    pub sha256: String,
}

/// The `--manifest` file.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    #[serde(flatten)]
    pub provenance: Provenance,
    /// RFC 3339, UTC, whole seconds.
    pub created: String,
    /// The command-line arguments after the program name.
    pub arguments: Vec<String>,
    /// `None` for a run that writes no result (`check`).
    pub output: Option<OutputRecord>,
}

impl Manifest {
    /// Pretty JSON with a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write(&mut out);
        out
    }

    /// [`PackageManifest::to_bytes`] written to `w` as it is made.
    pub fn write(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, self)?;
        w.write_all(b"\n")
    }
}

/// The run timestamp: `SOURCE_DATE_EPOCH` when set (reproducible manifests), else now.
pub fn run_timestamp() -> Result<String, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(rfc3339_utc)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "SOURCE_DATE_EPOCH=`{s}` is not a number of seconds since 1970 between years 0 and 9999"
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
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // March = 0
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The manifest: the run's provenance (as in `--manifest` and JSON output), the package's files
/// and the run time.
#[derive(Debug, Clone, Serialize)]
pub struct PackageManifest {
    /// pingyi version, period, `against`, config, and every file read in reading order, each
    /// once: the period's, then the earlier period's, then the top-level config when
    /// requirement thresholds came from it.
    #[serde(flatten)]
    pub provenance: Provenance,
    /// Every file of the package except this manifest, with paths inside the package.
    pub outputs: Written,
    /// When the package was made: RFC 3339, UTC, whole seconds.
    pub created: String,
}

impl PackageManifest {
    /// Hashes the inputs of `now`, of the earlier evaluation and `extra` files; `outputs` are the
    /// package's files, written, with their digests.
    pub fn of_written(
        now: &Evaluation,
        before: Option<&crate::eval::Earlier>,
        extra: &[PathBuf],
        outputs: Written,
        created: String,
    ) -> Result<PackageManifest, Error> {
        Ok(PackageManifest {
            provenance: Provenance::collect_with(now, before, extra)?,
            outputs,
            created,
        })
    }

    /// What a package's manifest says before its files are written: that pingyi is writing it.
    pub fn stamp() -> Vec<u8> {
        format!(
            "{{\"pingyi\": \"{}\", \"outputs\": []}}\n",
            env!("CARGO_PKG_VERSION")
        )
        .into_bytes()
    }

    /// Pretty JSON with a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write(&mut out);
        out
    }

    /// [`PackageManifest::to_bytes`] written to `w` as it is made.
    pub fn write(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, self)?;
        w.write_all(b"\n")
    }
}

/// The files of a folder written so far, in order, with their digests: the paths in one string
/// and the digests as bytes — some 60 bytes a file rather than 150 (a package of a million
/// units lists two million files). Serialized as the list of `{"path", "sha256"}` every
/// manifest has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    paths: String,
    /// Where each path ends in `paths`.
    ends: Vec<usize>,
    digests: Vec<[u8; 32]>,
}

impl Written {
    pub fn push(&mut self, path: &str, digest: [u8; 32]) {
        self.paths.push_str(path);
        self.ends.push(self.paths.len());
        self.digests.push(digest);
    }

    /// Lists `path` at position `at` (at most [`Written::len`]), before those listed there.
    pub fn insert(&mut self, at: usize, path: &str, digest: [u8; 32]) {
        let start = if at == 0 { 0 } else { self.ends[at - 1] };
        self.paths.insert_str(start, path);
        for end in &mut self.ends[at..] {
            *end += path.len();
        }
        self.ends.insert(at, start + path.len());
        self.digests.insert(at, digest);
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each path with its digest, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8; 32])> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.paths[start..end])
            .zip(&self.digests)
    }
}

impl serde::Serialize for Written {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            path: &'a str,
            sha256: String,
        }
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for (path, digest) in self.iter() {
            let sha256 = crate::digest::hex(digest);
            seq.serialize_element(&Entry { path, sha256 })?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::{rfc3339_utc, Written};

    /// The compact list reads back, and serializes, as the list of path and hex digest it stands
    /// for — the workbook listed first although written last.
    #[test]
    fn written_files_list_as_path_and_hex_digest_in_order() {
        let d = |b: u8| [b; 32];
        let mut w = Written::default();
        assert!(w.is_empty());
        w.push("report.html", d(1));
        w.push("statements/甲.md", d(2));
        w.insert(0, "results.xlsx", d(0));
        w.insert(3, "z", d(3));
        w.insert(2, "", d(9));
        let got: Vec<(String, u8)> = w.iter().map(|(p, g)| (p.to_string(), g[0])).collect();
        let want = [
            ("results.xlsx", 0),
            ("report.html", 1),
            ("", 9),
            ("statements/甲.md", 2),
            ("z", 3),
        ]
        .map(|(p, g)| (p.to_string(), g));
        assert_eq!(got, want);
        assert_eq!(w.len(), 5);
        let json = serde_json::to_string(&w).unwrap();
        let ones = "01".repeat(32);
        assert!(
            json.starts_with(&format!(
                r#"[{{"path":"results.xlsx","sha256":"{}"}},{{"path":"report.html","sha256":"{ones}"}}"#,
                "00".repeat(32)
            )),
            "{json}"
        );
        let as_inputs: Vec<crate::eval::provenance::Input> = w
            .iter()
            .map(|(p, g)| crate::eval::provenance::Input {
                path: p.to_string(),
                sha256: crate::digest::hex(g),
            })
            .collect();
        assert_eq!(
            serde_json::to_string_pretty(&w).unwrap(),
            serde_json::to_string_pretty(&as_inputs).unwrap()
        );
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339_utc(0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400).unwrap(), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_719_792_000).unwrap(), "2024-07-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_735_689_599).unwrap(), "2024-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(-1).unwrap(), "1969-12-31T23:59:59Z");
        assert_eq!(
            rfc3339_utc(253_402_300_799).unwrap(),
            "9999-12-31T23:59:59Z"
        );
        assert_eq!(rfc3339_utc(253_402_300_800), None);
        assert_eq!(
            rfc3339_utc(-62_167_219_200).unwrap(),
            "0000-01-01T00:00:00Z"
        );
        assert_eq!(rfc3339_utc(-62_167_219_201), None);
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        // Days since 1970 → date → days again, against a naive day counter.
        let mut days = -719_468i64; // 0000-03-01
        let (mut y, mut m, mut d) = (0i64, 3u32, 1u32);
        let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        while days < 146_097 - 719_468 + 10 {
            assert_eq!(super::civil_from_days(days), (y, m, d));
            let len = match m {
                2 if leap(y) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            d += 1;
            if d > len {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
            days += 1;
        }
    }
}

/// One file of the package: its path inside the folder (`/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl PackageFile {
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> PackageFile {
        PackageFile {
            path: path.into(),
            bytes,
        }
    }
}
