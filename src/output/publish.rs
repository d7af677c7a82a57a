//! Writing a command's result and its manifest.
//!
//! Order matters for safety: the targets are checked against the inputs before anything is
//! rendered ([`super::guard`]); the result is fully rendered before anything is written; the
//! output and the manifest are both written to temporary files first, and only then both put in
//! place — so a manifest that cannot be written (a read-only folder, a full disk) leaves the old
//! output too (issue 11 #7). Where the system exchanges files (Linux), even a failure between the
//! two renames puts the old output back.

use std::path::Path;

use super::atomic::Staged;
use super::manifest::{run_timestamp, Manifest, OutputRecord};
use super::place::Place;
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
        let output = self.output.map(|p| Place::of("--output", p)).transpose()?;
        let manifest = match self.manifest {
            // Everything that can fail before writing is done first.
            Some(path) => Some((
                Place::of("--manifest", path)?,
                self.manifest(prov()?, Some(bytes))?.to_bytes(),
            )),
            None => None,
        };
        // Both staged before either is put in place.
        let staged_output = match &output {
            Some(Place::File(p)) => Some(Staged::write(p, bytes)?),
            _ => None,
        };
        let staged_manifest = match &manifest {
            Some((Place::File(p), m)) => Some(Staged::write(p, m)?),
            _ => None,
        };
        // Written through (stdout, a device, a FIFO): nothing to roll back.
        match &output {
            None => super::write_stdout(bytes)?,
            Some(Place::File(_)) => {}
            Some(place) => super::write_to(place, bytes)?,
        }
        let out = staged_output.map(Staged::commit).transpose()?;
        let man = match staged_manifest.map(Staged::commit).transpose() {
            Ok(m) => m,
            Err(e) => {
                if let Some(c) = out {
                    c.undo();
                }
                return Err(e);
            }
        };
        if let Some((place @ (Place::Stdout | Place::Through(_)), m)) = &manifest {
            super::write_to(place, m)?;
        }
        for c in [out, man].into_iter().flatten() {
            c.finish()?;
        }
        let dirs = [&output, &manifest.map(|(p, _)| p)];
        for place in dirs.into_iter().flatten() {
            if let Place::File(p) = place {
                super::cleanup::leftovers(&super::atomic::parent(p));
            }
        }
        Ok(())
    }

    /// Writes only the manifest (for runs without a result, such as `check`).
    pub fn publish_manifest(&self, prov: Provenance) -> Result<(), Error> {
        match self.manifest {
            Some(path) => {
                let place = Place::of("--manifest", path)?;
                super::write_to(&place, &self.manifest(prov, None)?.to_bytes())
            }
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
