//! `pingyi report --out DIR [--force]`: the quarterly report package — `results.xlsx`,
//! `report.html`, `notice.md`, `statements/` and `manifest.json` — written atomically into DIR.
//! An existing DIR is a usage error (exit 2) unless `--force` replaces it.

use std::path::PathBuf;

use super::gaps::{requirement_inputs, requirement_rules};
use super::{selected_tracks, Common};
use crate::analysis::bundle::Report;
use crate::error::Error;
use crate::output::diagnostic;
use crate::output::manifest::{run_timestamp as run_time, PackageManifest as Manifest};
use crate::output::package::{self, files, PackageFile};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create with the whole package (it must not exist, unless --force).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace an existing DIR (the old folder is removed only once the new one is in place).
    #[arg(long)]
    pub force: bool,
}

pub fn run(c: &Common, a: &Args) -> Result<(), Error> {
    if c.output.is_some() || c.format.is_some() || c.manifest.is_some() {
        return Err(Error::Usage(
            "report writes a whole folder (--out DIR) in fixed formats, with its own manifest.json: drop --output / --format / --manifest"
                .into(),
        ));
    }
    // Refuse an existing folder before the (long) run, and again when renaming into place.
    let (_, dir) = package::destination(&a.out)?;
    package::check_destination(&dir, a.force)?;
    let ev = c.evaluate(c.period()?)?;
    let tracks = selected_tracks(&ev.cfg, c.track.as_deref())?;
    let before = c.earlier(&ev)?;
    c.guard_folder(&a.out, &super::publish::runs(&ev, before.as_ref()))?;
    let trends = before
        .as_ref()
        .map(|b| crate::analysis::trend::compare(&ev, b));
    let rules = requirement_rules(c, &ev)?;
    let report = Report::new(&ev, trends.as_ref(), tracks, rules);
    let mut out = files(&report)?;
    // The requirement thresholds come from the top-level config even when the period has its own.
    let extra = requirement_inputs(c, &ev);
    let manifest = Manifest::new(&ev, before.as_ref(), &extra, &out, run_time()?)?;
    out.push(PackageFile {
        path: "manifest.json".into(),
        bytes: manifest.to_bytes(),
    });
    let installed = package::write(&a.out, &out, a.force)?;
    if !c.quiet {
        diagnostic(format_args!(
            "wrote {} file(s) to {}",
            out.len(),
            dir.display()
        ));
        if let Some(old) = installed.leftover {
            diagnostic(format_args!(
                "warning: the replaced package could not be removed: {}",
                old.display()
            ));
        }
    }
    Ok(())
}
