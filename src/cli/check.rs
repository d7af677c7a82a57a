//! `pingyi check`: validate the config and one period's data, listing every problem.

use super::Common;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::output::diagnostic;

pub fn run(c: &Common) -> Result<(), Error> {
    let period = c.period()?;
    // Warnings are the point of `check`: always shown.
    let quiet = Common {
        quiet: false,
        ..c.clone()
    };
    let ev = quiet.evaluate(period)?;
    c.guard_inputs(&[&ev])?;
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
        "ok: {period} — {} tracks, {} indicators, {units} units, {} adjustments; {} warning(s)",
        ev.cfg.tracks.len(),
        ev.cfg.indicators.len(),
        ev.ds.adjustments.len(),
        ev.warnings.warnings().count()
    ));
    if c.manifest.is_some() {
        c.publish_manifest(Provenance::collect(&ev, None)?)?;
    }
    Ok(())
}
