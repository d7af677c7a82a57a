//! `pingyi statement UNIT` (对账单) and `pingyi statement --all [--out DIR]`.
//!
//! `--all --out DIR` writes one file per unit, `DIR/<unit id>.<ext>`, in markdown unless
//! `--format` says otherwise, as one set: built beside DIR and renamed into place (an existing
//! DIR needs `--force`), like the report package.

use std::path::{Path, PathBuf};

use super::inputs::{open, Inputs, When};
use super::output::Output;
use crate::analysis::facts::TrackContext;
use crate::analysis::statement::{statement, track_statements, Statement};
use crate::analysis::trend;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::eval::{find_unit, Evaluation};
use crate::output::package;
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
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// With --out: replace an existing DIR.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(a: &Args) -> Result<(), Error> {
    check_out(a)?;
    let (src, o, tracks) = open(
        &a.inputs,
        a.when.period,
        a.when.against(),
        a.track.as_deref(),
    )?;
    let (tracks, only) = scope(&o.now, tracks, a.unit.as_deref(), &a.track)?;
    let guard = a.inputs.guard(o.inputs());
    match &a.out {
        Some(dir) => guard.folder("--out", dir)?,
        None => a.output.request().check(&guard)?,
    }
    let trends = trend::of(&o);
    let rules = src.settings.requirements;
    let mut list: Vec<Statement> = Vec::new();
    for &t in &tracks {
        let cx = TrackContext::new(&o.now, t, trends.as_ref(), rules);
        match only {
            Some(u) => list.push(statement(&cx, o.now.ds.unit_pos[u])),
            None => list.extend(track_statements(&cx)),
        }
    }
    let names = Labels {
        ev: &o.now,
        trends: trends.as_ref(),
        provenance: None,
    };
    if let Some(dir) = &a.out {
        return write_set(a, names, &list, dir);
    }
    let extra = src.settings_inputs(&o.now);
    let collect = || Provenance::collect_with(&o.now, o.before.as_ref(), &extra);
    a.output.request().emit(collect, |provenance, style| {
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

/// `--out DIR` goes with `--all`, and not with `--output` or `--manifest` (checked here: clap's
/// `requires` counts a flag's implicit `false` as present).
fn check_out(a: &Args) -> Result<(), Error> {
    let refuse = |msg: &str| Err(Error::Usage(msg.into()));
    match &a.out {
        Some(_) if !a.all => {
            refuse("--out DIR needs --all (one file per unit); for one unit use --output FILE")
        }
        Some(_) if a.output.output.is_some() => {
            refuse("--out DIR writes one file per unit; --output FILE one file: give only one")
        }
        Some(_) if a.output.manifest.is_some() => {
            refuse("--manifest records one output file; with --out DIR there is one per unit")
        }
        _ => Ok(()),
    }
}

/// The tracks to analyse and, with a UNIT, that unit: `--track` and the unit must agree.
pub(super) fn scope(
    ev: &Evaluation,
    tracks: Vec<usize>,
    query: Option<&str>,
    track: &Option<String>,
) -> Result<(Vec<usize>, Option<usize>), Error> {
    let Some(q) = query else {
        return Ok((tracks, None));
    };
    let u = find_unit(ev, q)?;
    let t = ev.ds.unit_track[u].unwrap_or_default();
    if !tracks.contains(&t) {
        return Err(Error::Usage(format!(
            "unit {} is on track `{}`, not on --track {}",
            ev.ds.label(u),
            ev.cfg.tracks[t].id,
            track.as_deref().unwrap_or_default()
        )));
    }
    Ok((vec![t], Some(u)))
}

/// `--all --out DIR`: one file per statement, the set written as one folder.
fn write_set(a: &Args, names: Labels, list: &[Statement], dir: &Path) -> Result<(), Error> {
    let format = a.output.format.unwrap_or(Format::Markdown);
    let style = a.output.request().style(format);
    let files = package::statement_files(names, list, "", &[style])?;
    package::write(dir, &files, a.force)?;
    if !a.inputs.quiet {
        let msg = format!("wrote {} statement(s) to {}", list.len(), dir.display());
        crate::output::diagnostic(msg);
    }
    Ok(())
}
