//! Writing a run's result and manifest, shared by every subcommand that writes one.
//!
//! Order matters for safety: the targets are checked against the inputs before anything is
//! rendered; the result is fully rendered in memory before anything is written; each file is
//! written atomically; the manifest, which records the result's digest, comes last.

use std::path::Path;

use super::Common;
use crate::digest::sha256_hex;
use crate::error::Error;
use crate::eval::Evaluation;
use crate::manifest::{run_timestamp, Manifest, OutputRecord, Provenance};
use crate::output::same_target;
use crate::render::Format;

impl Common {
    /// Refuses `--output` or `--manifest` naming a file that the run reads, or both naming the
    /// same file: pingyi never writes its inputs.
    pub fn guard_inputs(&self, runs: &[&Evaluation]) -> Result<(), Error> {
        let targets = [("--output", &self.output), ("--manifest", &self.manifest)];
        for (flag, target) in targets {
            let Some(target) = target.as_deref() else {
                continue;
            };
            let input = runs
                .iter()
                .flat_map(|ev| &ev.ds.inputs)
                .find(|p| same_target(target, p));
            if let Some(input) = input {
                return Err(Error::Usage(format!(
                    "{flag} {} is an input of this run ({}): pingyi never writes its inputs",
                    target.display(),
                    input.display()
                )));
            }
        }
        if let (Some(o), Some(m)) = (&self.output, &self.manifest) {
            if same_target(o, m) {
                return Err(Error::Usage(format!(
                    "--output and --manifest both name {}",
                    o.display()
                )));
            }
        }
        Ok(())
    }

    /// Writes `bytes` to `--output` (atomically) or stdout, then the manifest if asked for.
    /// `prov` is called only when a manifest is written.
    pub fn publish(
        &self,
        bytes: &[u8],
        format: Format,
        prov: impl FnOnce() -> Result<Provenance, Error>,
    ) -> Result<(), Error> {
        let manifest = match &self.manifest {
            // Everything that can fail before writing is done first.
            Some(path) => Some((path, self.manifest(prov()?, Some((bytes, format)))?)),
            None => None,
        };
        self.write(bytes)?;
        if let Some((path, m)) = manifest {
            crate::output::write_atomic(path, &m.to_bytes())?;
        }
        Ok(())
    }

    /// Writes only the manifest (for runs without a result, such as `check`).
    pub fn publish_manifest(&self, prov: Provenance) -> Result<(), Error> {
        match &self.manifest {
            Some(path) => crate::output::write_atomic(path, &self.manifest(prov, None)?.to_bytes()),
            None => Ok(()),
        }
    }

    fn manifest(
        &self,
        provenance: Provenance,
        output: Option<(&[u8], Format)>,
    ) -> Result<Manifest, Error> {
        let output = output.map(|(bytes, format)| OutputRecord {
            path: self.output.as_deref().map(display),
            format: format.name().to_string(),
            escaped: matches!(format, Format::Csv | Format::Tsv) && !self.raw,
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

fn display(p: &Path) -> String {
    p.display().to_string()
}
