//! `manifest.json` of a report package: which program, rules and input files produced it, and
//! the SHA-256 of every file in the package, so that a published package can be checked against
//! its sources years later.
//!
//! The run time (`created`, RFC 3339 UTC) is the only field that changes between runs over the
//! same inputs; set `SOURCE_DATE_EPOCH` (seconds since 1970) to pin it too. Provenance and time
//! come from [`crate::manifest`], shared with `--manifest` and JSON output.

use std::path::PathBuf;

use serde::Serialize;

use super::PackageFile;
use crate::digest::sha256_hex;
use crate::error::Error;
use crate::eval::Evaluation;
use crate::manifest::Provenance;
pub use crate::manifest::{rfc3339_utc, run_timestamp as run_time, Input as FileDigest};

/// The manifest: the run's provenance (as in `--manifest` and JSON output), the package's files
/// and the run time.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// pingyi version, period, `against`, config, and every file read in reading order, each
    /// once: the period's, then the earlier period's, then the top-level config when
    /// requirement thresholds came from it.
    #[serde(flatten)]
    pub provenance: Provenance,
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
        Ok(Manifest {
            provenance: Provenance::collect_with(now, before, extra)?,
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
