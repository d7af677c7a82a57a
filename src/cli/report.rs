//! `pingyi report --out DIR [--force]`: the quarterly report package — `results.xlsx`,
//! `report.html`, `notice.md`, `statements/` and `manifest.json` — written atomically into DIR.
//! An existing DIR is a usage error (exit 2) unless `--force` replaces it.

use std::path::PathBuf;

use super::inputs::Inputs;
use super::when::When;
use crate::analysis::bundle::Report;
use crate::analysis::trend;
use crate::error::Error;
use crate::output::package;
use crate::run::folder;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub when: When,
    /// Only this track (by id).
    #[arg(long)]
    pub track: Option<String>,
    /// The folder to create with the whole package (it must not exist, unless --force).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace an existing DIR (the old folder is removed only once the new one is in place).
    #[arg(long)]
    pub force: bool,
}

pub fn run(a: &Args) -> Result<(), Error> {
    package::prepare(&a.inputs.guard(Vec::new()), &a.out, a.force)?;
    let (src, o, tracks) = a.when.open(&a.inputs, a.track.as_deref())?;
    a.inputs.guard(o.inputs()).folder("--out", &a.out)?;
    let trends = trend::of(&o);
    let spec = src.settings.sensitivity.as_ref();
    let rules = src.settings.requirements;
    let report = Report::new(&o.now, trends.as_ref(), tracks, rules, spec);
    // The requirement thresholds come from the top-level config even when the period has its own.
    let extra = src.settings_inputs(&o.now);
    let count = (4 + 2 * report.statement_count(), "file(s)", "files");
    let fill = |f: &mut package::Folder| package::fill(&report, f);
    let quiet = a.inputs.quiet;
    let lines = folder::publish(&a.out, &o, &extra, a.force, count, quiet, fill)?;
    a.inputs.voice().say(lines);
    Ok(())
}
