//! `pingyi check`: validate the config and one period's data, listing every problem.

use std::path::PathBuf;

use super::inputs::Inputs;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::output::diagnostic;
use crate::output::publish::Target;
use crate::period::Period;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The period to check, e.g. 2024Q2 [default: the latest YYYYQn folder].
    #[arg(long)]
    pub period: Option<Period>,
    /// Check that this track id exists.
    #[arg(long)]
    pub track: Option<String>,
    /// Also write a JSON manifest (atomically): pingyi version, config and input files with
    /// their SHA-256 and the run time (UTC; SOURCE_DATE_EPOCH fixes it).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let src = a.inputs.source()?;
    let ev = src.evaluate(src.period(a.period)?)?;
    // Warnings are the point of `check`: always shown.
    for w in ev.warnings.warnings() {
        diagnostic(w);
    }
    ev.tracks(a.track.as_deref())?;
    let inputs = ev.ds.inputs.iter().map(PathBuf::as_path).collect();
    if let Some(m) = &a.manifest {
        a.inputs.guard(inputs).file("--manifest", m)?;
    }
    let units: usize = ev.ds.tracks.iter().map(|t| t.units.len()).sum();
    diagnostic(format_args!(
        "config: {} (sha256 {})",
        ev.cfg.path.display(),
        ev.cfg.sha256
    ));
    for (path, how) in &ev.ds.read_as {
        diagnostic(format_args!("read: {} as {how}", path.display()));
    }
    diagnostic(format_args!(
        "ok: {} — {} tracks, {} indicators, {units} units, {} adjustments; {} warning(s)",
        ev.period(),
        ev.cfg.tracks.len(),
        ev.cfg.indicators.len(),
        ev.ds.adjustments.len(),
        ev.warnings.warnings().count()
    ));
    if a.manifest.is_none() {
        return Ok(());
    }
    let target = Target {
        output: None,
        manifest: a.manifest.as_deref(),
        format: "check",
        escaped: false,
    };
    target.publish_manifest(Provenance::collect(&ev, None)?)
}
