//! `pingyi gaps [--unit UNIT]`: gap analysis with requirement lines, per track.

use super::inputs::Inputs;
use super::output::Named;
use super::when::When;
use crate::analysis::gaps::Gaps;
use crate::analysis::trend;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::render::gaps::{whole, workbook, write, GapsView};
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
    /// Only this unit: its id, its name, or its name with its township in front (`城关镇蒋河村`).
    #[arg(long)]
    pub unit: Option<String>,
    #[command(flatten)]
    pub output: Named,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let mut request = a
        .output
        .request(Format::UNITS, &a.inputs.guard(Vec::new()))?;
    let (src, o, tracks) = a.when.open(&a.inputs, a.track.as_deref())?;
    let (tracks, unit) = o.now.scope(tracks, a.unit.as_deref(), a.track.as_deref())?;
    request.check(&a.inputs.guard(o.inputs()))?;
    let trends = trend::of(&o);
    let g = Gaps {
        ev: &o.now,
        tracks,
        trends: trends.as_ref(),
        rules: src.settings.requirements,
        unit,
    };
    let extra = src.settings_inputs(&o.now);
    let collect = || Provenance::collect_with(&o.now, o.before.as_ref(), &extra);
    // The workbook is made before it is written (of a province: as its rows are made); every
    // other format is written one unit's gaps (the terminal table: one track's) at a time.
    if whole(request.format()) {
        return request.emit_to(collect, |provenance, _, w| {
            let v = GapsView {
                names: Labels {
                    ev: &o.now,
                    trends: trends.as_ref(),
                    provenance,
                },
                tracks: &[],
            };
            workbook(&v, &g, w)
        });
    }
    request.emit_to(collect, |provenance, style, w| {
        let v = GapsView {
            names: Labels {
                ev: &o.now,
                trends: trends.as_ref(),
                provenance,
            },
            tracks: &[],
        };
        write(&v, &g, style, w)
    })
}
