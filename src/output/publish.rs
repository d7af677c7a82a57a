//! Writing a command's result and its manifest.
//!
//! Order matters for safety: the targets are checked against the inputs before anything is
//! rendered ([`super::guard`]); the result is streamed to a temporary file as it is rendered (a
//! national-scale ranking is never held in memory whole); the output and the manifest are both
//! written to temporary files first, and only then both put in place — so a manifest that cannot be written (a read-only folder, a full disk) leaves the old
//! output too (issue 11 #7). Where the system exchanges files (Linux), even a failure between the
//! two renames puts the old output back.

use std::io::Write;
use std::path::Path;

use super::atomic::Staged;
use super::manifest::{run_timestamp, Manifest, OutputRecord};
use super::place::Place;
use crate::digest::Hashing;
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
        self.publish_with(&mut |w| w.write_all(bytes), prov)
    }

    /// [`Target::publish`] of what `render` writes, streamed to its place as it is produced; its
    /// digest (for the manifest) is taken on the way.
    pub fn publish_with(
        &self,
        render: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
        prov: impl FnOnce() -> Result<Provenance, Error>,
    ) -> Result<(), Error> {
        // Everything that can fail before writing is done first; the manifest's temporary file
        // is made before the output, so that a folder it cannot go to fails the run first.
        let output = self.output.map(|p| Place::of("--output", p)).transpose()?;
        let manifest = match self.manifest {
            Some(path) => Some((Place::of("--manifest", path)?, prov()?)),
            None => None,
        };
        let mut staged_manifest = match &manifest {
            Some((Place::File(p), _)) => Some(Staged::write(p, b"")?),
            _ => None,
        };
        let mut sha = String::new();
        // The digest is the manifest's: without one, the bytes are not hashed (at a million
        // units, hashing the 600 MB ranking took a third of a core's time while it was written).
        let digest = manifest.is_some();
        let mut hashed = |w: &mut dyn Write| {
            if !digest {
                return render(w);
            }
            let mut h = Hashing::new(w);
            render(&mut h)?;
            sha = h.finish().1;
            Ok(())
        };
        // Written through (stdout, a device, a FIFO): nothing to roll back.
        let staged_output = match &output {
            Some(Place::File(p)) => Some(Staged::write_with(p, &mut hashed)?),
            Some(Place::Through(p)) => {
                super::atomic::write_through_with(p, &mut hashed)?;
                None
            }
            Some(Place::Stdout) | None => {
                super::write_stdout_with(&mut hashed)?;
                None
            }
        };
        let manifest = match manifest {
            Some((place, prov)) => Some((place, self.manifest(prov, Some(&sha))?.to_bytes())),
            None => None,
        };
        if let (Some(staged), Some((_, m))) = (&mut staged_manifest, &manifest) {
            staged.rewrite(m)?;
        }
        // Both staged before either is put in place.
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

    fn manifest(&self, provenance: Provenance, sha256: Option<&str>) -> Result<Manifest, Error> {
        let output = sha256.map(|sha256| OutputRecord {
            path: self.output.map(|p| p.display().to_string()),
            format: self.format.to_string(),
            escaped: self.escaped,
            sha256: sha256.to_string(),
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
