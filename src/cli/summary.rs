//! `pingyi summary`: the district overview (全区基本面).

use super::inputs::{open, Inputs};
use super::output::Named;
use crate::analysis::facts::TrackContext;
use crate::analysis::summary::summary;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::eval::Against;
use crate::period::{parse_quarter, Period};
use crate::render::labels::Labels;
use crate::render::summary::{render, SummaryView};
use crate::render::Format;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The period, e.g. 2024Q2 [default: the latest YYYYQn folder].
    #[arg(long, value_parser = parse_quarter)]
    pub period: Option<Period>,
    /// Show only this track (by id).
    #[arg(long)]
    pub track: Option<String>,
    #[command(flatten)]
    pub output: Named,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let mut request = a
        .output
        .request(Format::TABLES, &a.inputs.guard(Vec::new()))?;
    let (src, o, tracks) = open(&a.inputs, a.period, Against::Nothing, a.track.as_deref())?;
    request.check(&a.inputs.guard(o.inputs()))?;
    let ev = &o.now;
    // The overview has no trend or requirement columns: default thresholds are never read.
    let rules = src.settings.requirements;
    let contexts: Vec<TrackContext> = tracks
        .iter()
        .map(|&t| TrackContext::new(ev, t, None, rules))
        .collect();
    let s = summary(ev, &contexts);
    request.emit(
        || Provenance::collect(ev, None),
        |provenance, style| {
            let names = Labels {
                ev,
                trends: None,
                provenance,
            };
            render(&SummaryView { names, summary: &s }, style)
        },
    )
}
