//! `pingyi statement UNIT` (对账单) and `pingyi statement --all [--out DIR]` (one file per unit,
//! written as one folder: [`crate::run::folder`]).

use std::path::PathBuf;

use super::inputs::Inputs;
use super::output::Named;
use super::when::When;
use crate::analysis::robustness::Robustness;
use crate::analysis::statement::{statements, AllStatements};
use crate::analysis::trend;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::render::labels::Labels;
use crate::render::statement::{render, stream, streams, StatementView};
use crate::render::Format;
use crate::run::folder;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub when: When,
    /// Only units of this track (by id).
    #[arg(long)]
    pub track: Option<String>,
    /// The unit: its id, its name, or its name with its township in front (`城关镇蒋河村`).
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
    pub output: Named,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let mut request = a
        .output
        .request(Format::UNITS, &a.inputs.guard(Vec::new()))?;
    // `requires` is checked in SetOut::of: clap counts the flag's implicit `false` as present.
    let quiet = a.inputs.quiet;
    let out = folder::SetOut::of(a.out.as_deref(), a.all, a.force, a.output.out.format, quiet)?;
    if let Some(out) = &out {
        out.prepare(&a.inputs.guard(Vec::new()))?;
    }
    let (src, o, tracks) = a.when.open(&a.inputs, a.track.as_deref())?;
    let (tracks, only) = o.now.scope(tracks, a.unit.as_deref(), a.track.as_deref())?;
    let guard = a.inputs.guard(o.inputs());
    match &out {
        Some(out) => out.check(&guard, &mut request)?,
        None => request.check(&guard)?,
    }
    let trends = trend::of(&o);
    let rules = src.settings.requirements;
    let names = Labels::trending(&o.now, trends.as_ref());
    let extra = src.settings_inputs(&o.now);
    let robust =
        Robustness::of_statements(&o.now, &tracks, only, src.settings.sensitivity.as_ref());
    if let Some(out) = &out {
        let all = AllStatements::new(&o.now, &tracks, trends.as_ref(), rules);
        let lines = folder::statements(out, &o, &extra, &all, &robust, names, request)?;
        a.inputs.voice().say(lines);
        return Ok(());
    }
    let collect = || Provenance::collect_with(&o.now, o.before.as_ref(), &extra);
    if a.all {
        // Every unit's statement, made a batch at a time and written as it is made (a
        // province's set is gigabytes held whole), where the format allows.
        let all = AllStatements::new(&o.now, &tracks, trends.as_ref(), rules);
        let list = || all.iter().map(|s| s.with_robust(&robust));
        let format = request.format();
        if streams(format) {
            return request.emit_to(collect, |provenance, style, w| {
                stream(names.with_provenance(provenance), list(), style, w)
            });
        }
        if format == Format::Xlsx {
            // One sheet of statement items, not a sheet per section and unit.
            let count = all.units().len();
            return request.emit_to(collect, |provenance, style, w| {
                let names = names.with_provenance(provenance);
                crate::render::xlsx::statements::statements(names, count, list(), style.headers, w)
            });
        }
    }
    let list: Vec<_> = statements(&o.now, &tracks, trends.as_ref(), rules, only)
        .into_iter()
        .map(|s| s.with_robust(&robust))
        .collect();
    request.emit(collect, |provenance, style| {
        let names = names.with_provenance(provenance);
        let statements = &list;
        render(&StatementView { names, statements }, style)
    })
}
