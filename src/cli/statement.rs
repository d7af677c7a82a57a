//! `pingyi statement UNIT` (对账单) and `pingyi statement --all [--out DIR]`.
//!
//! `--all --out DIR` writes one file per unit, `DIR/<unit id>.<ext>`, in markdown unless
//! `--format` says otherwise, and the set's `manifest.json`, as one set: built beside DIR and
//! renamed into place (an existing DIR needs `--force`, and must be a set or package pingyi
//! wrote, or empty), like the report package.

use std::path::PathBuf;

use super::inputs::{open, Inputs};
use super::output::{Output, UNITS};
use super::when::When;
use crate::analysis::robustness::Robustness;
use crate::analysis::statement::{statements, AllStatements};
use crate::analysis::trend;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::output::package;
use crate::output::progress::Progress;
use crate::render::labels::Labels;
use crate::render::statement::{render, StatementView};
use crate::render::Format;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub when: When,
    /// Only units of this track (by id).
    #[arg(long)]
    pub track: Option<String>,
    /// The unit: its id or exact name.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub unit: Option<String>,
    /// Every unit assessed in the period (of `--track`, if given).
    #[arg(long)]
    pub all: bool,
    /// With --all: write one statement per unit into this new folder, named `<unit id>.<ext>`
    /// [default format there: markdown]; the folder is built beside DIR and renamed into place.
    #[arg(long, value_name = "DIR", requires = "all", conflicts_with_all = ["output", "manifest"])]
    pub out: Option<PathBuf>,
    /// With --out: replace an existing DIR.
    #[arg(long, requires = "out")]
    pub force: bool,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(a: &Args) -> Result<(), Error> {
    // Checked here: clap's `requires` counts the flag's implicit `false` as present.
    if a.out.is_some() && !a.all {
        let msg = "--out DIR needs --all (one file per unit); for one unit use --output FILE";
        return Err(Error::Usage(msg.into()));
    }
    if let Some(dir) = &a.out {
        package::prepare(&a.inputs.guard(Vec::new()), dir, a.force)?;
    }
    let (src, o, tracks) = open(
        &a.inputs,
        a.when.period,
        a.when.against(),
        a.track.as_deref(),
    )?;
    let (tracks, only) = o.now.scope(tracks, a.unit.as_deref(), a.track.as_deref())?;
    let guard = a.inputs.guard(o.inputs());
    let mut request = a.output.request(UNITS);
    match &a.out {
        Some(dir) => {
            guard.folder("--out", dir)?;
            request.resolve()?;
        }
        None => request.check(&guard)?,
    }
    let trends = trend::of(&o);
    let rules = src.settings.requirements;
    let names = Labels {
        ev: &o.now,
        trends: trends.as_ref(),
        provenance: None,
    };
    let extra = src.settings_inputs(&o.now);
    // The rank intervals of the tracks the statements cover: one unit's, or all in scope.
    let covered = match only {
        Some(u) => vec![o.now.ds.unit_track[u].unwrap_or_default()],
        None => tracks.clone(),
    };
    let robust = Robustness::of(&o.now, &covered, src.settings.sensitivity.as_ref());
    if let Some(dir) = &a.out {
        // One file per statement, `<unit id>.<ext>`, and the set's manifest, as one folder; the
        // statements made and written one at a time. Files: CSV/TSV with a byte-order mark
        // unless --no-bom.
        let all = AllStatements::new(&o.now, &tracks, trends.as_ref(), rules);
        request.bom.get_or_insert(true);
        let style = request.style(a.output.format.unwrap_or(Format::Markdown));
        let set = package::StatementSet {
            labels: names,
            prefix: "",
            styles: &[style],
        };
        let units = all.units();
        let count = (units.len(), "statement(s)");
        let progress = Progress::new(units.len(), "statements", a.inputs.quiet);
        let fill = |f: &mut package::Folder| {
            f.show(progress.clone());
            set.write(f, &units, all.iter().map(|s| robust.attach(s)))
        };
        let lines = package::publish(dir, &o, &extra, a.force, count, fill);
        progress.finish();
        let lines = lines?;
        a.inputs.say(lines);
        return Ok(());
    }
    let list: Vec<_> = statements(&o.now, &tracks, trends.as_ref(), rules, only)
        .into_iter()
        .map(|s| robust.attach(s))
        .collect();
    let collect = || Provenance::collect_with(&o.now, o.before.as_ref(), &extra);
    request.emit(collect, |provenance, style| {
        let names = Labels {
            provenance,
            ..names
        };
        render(
            &StatementView {
                names,
                statements: &list,
            },
            style,
        )
    })
}
