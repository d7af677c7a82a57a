//! Writing a command's result and its manifest.
//!
//! Order matters for safety: the targets are checked against the inputs before anything is
//! rendered ([`super::guard`]); the result is fully rendered before anything is written; each
//! file is written atomically; the manifest, which records the result's digest, comes last.

use std::path::Path;

use super::manifest::{run_timestamp, Manifest, OutputRecord};
use crate::digest::sha256_hex;
use crate::error::Error;
use crate::eval::provenance::Provenance;

/// Where a result goes and what its manifest says of it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// `--output FILE`, or stdout.
    pub output: Option<&'a Path>,
    /// `--manifest FILE`.
    pub manifest: Option<&'a Path>,
    /// The format's name (`csv`, `json` …), for the manifest.
    pub format: &'static str,
    /// Whether CSV/TSV text cells were escaped against formula injection.
    pub escaped: bool,
}

impl Target<'_> {
    /// Writes `bytes` to the output file (atomically) or stdout, then the manifest if asked for.
    /// `prov` is called only when a manifest is written.
    pub fn publish(
        &self,
        bytes: &[u8],
        prov: impl FnOnce() -> Result<Provenance, Error>,
    ) -> Result<(), Error> {
        let manifest = match self.manifest {
            // Everything that can fail before writing is done first.
            Some(path) => Some((path, self.manifest(prov()?, Some(bytes))?)),
            None => None,
        };
        super::write(bytes, self.output)?;
        if let Some((path, m)) = manifest {
            super::write_atomic(path, &m.to_bytes())?;
        }
        Ok(())
    }

    /// Writes only the manifest (for runs without a result, such as `check`).
    pub fn publish_manifest(&self, prov: Provenance) -> Result<(), Error> {
        match self.manifest {
            Some(path) => super::write_atomic(path, &self.manifest(prov, None)?.to_bytes()),
            None => Ok(()),
        }
    }

    fn manifest(&self, provenance: Provenance, bytes: Option<&[u8]>) -> Result<Manifest, Error> {
        let output = bytes.map(|bytes| OutputRecord {
            path: self.output.map(|p| p.display().to_string()),
            format: self.format.to_string(),
            escaped: self.escaped,
            sha256: sha256_hex(bytes),
        });
        Ok(Manifest {
            created: run_timestamp()?,
            arguments: std::env::args_os()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect(),
            provenance,
            output,
        })
    }
}
