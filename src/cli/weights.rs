//! `pingyi weights`: objective weights as advice — entropy and CRITIC weights of each track's
//! indicators beside the configured points, and a TOPSIS ranking beside pingyi's. Nothing is
//! applied: the scheme decides the points.

use super::inputs::{open, Inputs};
use super::output::Output;
use crate::analysis::weights::{size_correlation, track_weights, SizeCorrelation};
use crate::data::attributes::read_one;
use crate::data::ReadOptions;
use crate::error::{Error, Problems};
use crate::eval::provenance::Provenance;
use crate::eval::Against;
use crate::period::{parse_quarter, Period};
use crate::render::weights::{render, WeightsView};
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
    /// Also correlate each track's totals with this unit attribute (a column of the period's
    /// attributes file or of units.csv, e.g. population): is a big unit winning because it is big?
    #[arg(long, value_name = "ATTRIBUTE")]
    pub size: Option<String>,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let mut request = a
        .output
        .request(Format::TEXT, &a.inputs.guard(Vec::new()))?;
    let (src, mut o, tracks) = open(&a.inputs, a.period, Against::Nothing, a.track.as_deref())?;
    let size = match &a.size {
        Some(name) => {
            let mut problems = Problems::new();
            let opts = ReadOptions {
                encoding: a.inputs.encoding,
            };
            let values = read_one(&mut o.now.ds, &src.data, name, &opts, &mut problems);
            let warnings = problems.into_result()?;
            a.inputs.voice().warn(&warnings)?;
            values.map(|v| {
                let c: Vec<SizeCorrelation> = tracks
                    .iter()
                    .map(|&t| size_correlation(&o.now, t, &v))
                    .collect();
                (name.as_str(), c)
            })
        }
        None => None,
    };
    request.check(&a.inputs.guard(o.inputs()))?;
    let ev = &o.now;
    let advice: Vec<_> = tracks.iter().map(|&t| track_weights(ev, t)).collect();
    request.emit(
        || Provenance::collect(ev, None),
        |provenance, style| {
            let view = WeightsView {
                ev,
                tracks: &advice,
                size: size.as_ref().map(|(n, c)| (*n, c.as_slice())),
                provenance,
            };
            Ok(render(&view, style))
        },
    )
}
