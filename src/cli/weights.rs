//! `pingyi weights`: objective weights as advice — entropy and CRITIC weights of each track's
//! indicators beside the configured points, and a TOPSIS ranking beside pingyi's. Nothing is
//! applied: the scheme decides the points.

use super::inputs::{open, Inputs};
use super::output::Output;
use crate::analysis::weights::track_weights;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::eval::Against;
use crate::period::{parse_quarter, Period};
use crate::render::weights::{render, WeightsView};

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
    pub output: Output,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let (_, o, tracks) = open(&a.inputs, a.period, Against::Nothing, a.track.as_deref())?;
    a.output.request().check(&a.inputs.guard(o.inputs()))?;
    let ev = &o.now;
    let advice: Vec<_> = tracks.iter().map(|&t| track_weights(ev, t)).collect();
    a.output.request().emit(
        || Provenance::collect(ev, None),
        |provenance, style| {
            let view = WeightsView {
                ev,
                tracks: &advice,
                provenance,
            };
            render(&view, style)
        },
    )
}
