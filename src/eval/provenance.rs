//! Provenance: which program, rules and files produced a result, so that a published ranking
//! can be checked later against its sources.
//!
//! [`Provenance`] (version, period, config and every input file with its SHA-256) goes into the
//! JSON output and into the manifests ([`crate::output::manifest`]), which add the output's
//! SHA-256 and a run timestamp. The timestamp lives only in the manifests — results themselves
//! stay byte-identical between runs on the same inputs.
//!
//! Input files are hashed after loading, from disk: a file replaced while pingyi runs would be
//! recorded with its new digest. Runs are short and inputs are not expected to change under them.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Earlier, Evaluation};
use crate::config::Config;
use crate::digest::file_sha256;
use crate::error::Error;

/// A file and its SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    pub path: String,
    pub sha256: String,
}

/// What a result was computed from: the head of every JSON output and manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The pingyi version.
    pub pingyi: &'static str,
    /// The period (`2024Q2`), or the span of a roll-up (`2024`, `2024H1`).
    pub period: String,
    /// The earlier period that trend columns compare with, if any.
    pub against: Option<String>,
    /// The config that scored `period` (for a roll-up: the top-level config).
    pub config: String,
    pub config_sha256: String,
    /// Every file read, in reading order, each once (the earlier period's files included).
    pub inputs: Vec<Input>,
}

impl Provenance {
    /// Collects and hashes the inputs of `now` and of the earlier evaluation `before`.
    pub fn collect(now: &Evaluation, before: Option<&Earlier>) -> Result<Provenance, Error> {
        Provenance::collect_with(now, before, &[])
    }

    /// [`Provenance::collect`], plus `extra` files read beside the evaluations (the top-level
    /// config, when requirement thresholds come from it), listed last.
    pub fn collect_with(
        now: &Evaluation,
        before: Option<&Earlier>,
        extra: &[PathBuf],
    ) -> Result<Provenance, Error> {
        let read = now
            .ds
            .inputs
            .iter()
            .chain(before.iter().flat_map(|b| &b.inputs));
        let configs: Vec<&Config> = std::iter::once(&now.cfg)
            .chain(before.map(|b| &b.cfg))
            .collect();
        Provenance::of(
            now.period().to_string(),
            before.map(|b| b.period().to_string()),
            &now.cfg,
            read.chain(extra),
            &configs,
        )
    }

    /// The provenance of a result labelled `period`, scored by `cfg`, read from `paths` (each
    /// listed once, in order). A path that is one of `configs` reuses the digest of the very text
    /// that was parsed; every other file is hashed from disk.
    pub fn of<'a>(
        period: String,
        against: Option<String>,
        cfg: &Config,
        paths: impl IntoIterator<Item = &'a PathBuf>,
        configs: &[&Config],
    ) -> Result<Provenance, Error> {
        let mut seen: Vec<&PathBuf> = Vec::new();
        for p in paths {
            if !seen.contains(&p) {
                seen.push(p);
            }
        }
        let inputs = seen
            .into_iter()
            .map(|p| {
                let sha256 = match configs.iter().find(|c| &c.path == p) {
                    Some(c) => c.sha256.clone(),
                    None => file_sha256(p)?,
                };
                Ok(Input {
                    path: p.display().to_string(),
                    sha256,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Provenance {
            pingyi: env!("CARGO_PKG_VERSION"),
            period,
            against,
            config: cfg.path.display().to_string(),
            config_sha256: cfg.sha256.clone(),
            inputs,
        })
    }

    /// The paths of every input, for refusing to write over one.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.inputs.iter().map(|i| Path::new(i.path.as_str()))
    }
}
