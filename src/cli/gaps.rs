//! `pingyi gaps [--unit UNIT]`: gap analysis with requirement lines, per track.

use super::inputs::Inputs;
use super::output::Named;
use super::when::When;
use crate::analysis::gaps::gaps;
use crate::analysis::trend;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::render::gaps::{render, GapsView};
use crate::render::labels::Labels;
use crate::render::Format;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub when: When,
    /// Show only this track (by id).
    #[arg(long)]
    pub track: Option<String>,
    /// Only this unit: its id or exact name.
    #[arg(long)]
    pub unit: Option<String>,
    #[command(flatten)]
    pub output: Named,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let (src, o, tracks) = a.when.open(&a.inputs, a.track.as_deref())?;
    let (tracks, only) = o.now.scope(tracks, a.unit.as_deref(), a.track.as_deref())?;
    let mut request = a.output.request(Format::UNITS);
    request.check(&a.inputs.guard(o.inputs()))?;
    let trends = trend::of(&o);
    let rules = src.settings.requirements;
    let report = gaps(&o.now, &tracks, trends.as_ref(), rules, only);
    let extra = src.settings_inputs(&o.now);
    let collect = || Provenance::collect_with(&o.now, o.before.as_ref(), &extra);
    request.emit(collect, |provenance, style| {
        let names = Labels {
            ev: &o.now,
            trends: trends.as_ref(),
            provenance,
        };
        let v = GapsView {
            names,
            tracks: &report,
        };
        render(&v, style)
    })
}
