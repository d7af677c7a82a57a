//! Writing a run's result and manifest, shared by every subcommand that writes one.
//!
//! Order matters for safety: the targets are checked against the inputs before anything is
//! rendered; the result is fully rendered in memory before anything is written; each file is
//! written atomically; the manifest, which records the result's digest, comes last.

use std::path::Path;

use super::Common;
use crate::digest::sha256_hex;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::eval::Evaluation;
use crate::output::manifest::{run_timestamp, Manifest, OutputRecord};
use crate::output::{canonical, same_target};
use crate::render::Format;

impl Common {
    /// Refuses `--output` or `--manifest` naming a file that the run reads, or both naming the
    /// same file: pingyi never writes its inputs.
    pub fn guard_inputs(&self, runs: &[&Evaluation]) -> Result<(), Error> {
        let targets = [("--output", &self.output), ("--manifest", &self.manifest)];
        for (flag, target) in targets {
            if let Some(target) = target.as_deref() {
                guard_path(flag, target, runs, &self.config)?;
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

    /// Refuses `--manifest` (not available for this command yet) and an `--output` that is the
    /// config or lies in the data folder: for commands, such as `rollup`, that read more files
    /// than they list.
    pub fn guard_data_folder(&self, command: &str) -> Result<(), Error> {
        if self.manifest.is_some() {
            return Err(Error::Usage(format!(
                "--manifest is not available for `{command}` yet: it does not list the files it reads"
            )));
        }
        let Some(o) = self.output.as_deref() else {
            return Ok(());
        };
        let in_data = match (canonical(o), std::fs::canonicalize(&self.data)) {
            (Some(o), Ok(d)) => o.starts_with(d),
            _ => false,
        };
        if in_data || same_target(o, &self.config) {
            return Err(Error::Usage(format!(
                "--output {} lies among the inputs of `{command}` (the config or the data folder): pingyi never writes its inputs",
                o.display()
            )));
        }
        Ok(())
    }

    /// Refuses a package folder (`report --out DIR`, which `--force` replaces whole) that is,
    /// holds or lies within the data folder, or holds the config or any input of `runs`.
    pub fn guard_folder(&self, dir: &Path, runs: &[&Evaluation]) -> Result<(), Error> {
        let Some(d) = canonical(dir) else {
            return Ok(());
        };
        let data = std::fs::canonicalize(&self.data).ok();
        let inputs = runs
            .iter()
            .flat_map(|ev| &ev.ds.inputs)
            .map(|p| p.as_path());
        let held = std::iter::once(self.config.as_path())
            .chain(inputs)
            .filter_map(canonical)
            .any(|p| p.starts_with(&d));
        let in_data = data.is_some_and(|a| d.starts_with(&a) || a.starts_with(&d));
        if held || in_data {
            return Err(Error::Usage(format!(
                "--out {} overlaps the inputs (the config or the data folder): pingyi never writes its inputs",
                dir.display()
            )));
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

/// The evaluations a result is computed from: the period, and the earlier one if any.
pub(super) fn runs<'a>(ev: &'a Evaluation, before: Option<&'a Evaluation>) -> Vec<&'a Evaluation> {
    std::iter::once(ev).chain(before).collect()
}

/// Refuses to write `target` (named by `flag`) when it is a file that `runs` read, or the
/// config (read by some commands beyond the period's own).
pub(super) fn guard_path(
    flag: &str,
    target: &Path,
    runs: &[&Evaluation],
    config: &Path,
) -> Result<(), Error> {
    let input = runs
        .iter()
        .flat_map(|ev| &ev.ds.inputs)
        .map(|p| p.as_path())
        .chain(std::iter::once(config))
        .find(|p| same_target(target, p));
    match input {
        Some(input) => Err(Error::Usage(format!(
            "{flag} {} is an input of this run ({}): pingyi never writes its inputs",
            target.display(),
            input.display()
        ))),
        None => Ok(()),
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
