//! `pingyi rollup --year 2024 [--upto Q2]`: the annual comprehensive assessment (全年综合考评), or
//! the half-year view.

use super::inputs::Inputs;
use super::output::Named;
use crate::analysis::rollup::rollup;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::eval::select_tracks;
use crate::eval::year::{load, Span};
use crate::render::rollup::{render, RollupView};
use crate::render::Format;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The year to roll up.
    #[arg(long)]
    pub year: i32,
    /// The last quarter included: Q2 gives the half-year view (2024H1).
    #[arg(long, value_parser = parse_quarter, default_value = "Q4")]
    pub upto: u8,
    /// Show only this track (by id).
    #[arg(long)]
    pub track: Option<String>,
    #[command(flatten)]
    pub output: Named,
}

fn parse_quarter(s: &str) -> Result<u8, String> {
    match s.trim_start_matches(['Q', 'q']).parse::<u8>() {
        Ok(q @ 1..=4) => Ok(q),
        _ => Err(format!("`{s}` is not a quarter: expected Q1, Q2, Q3 or Q4")),
    }
}

pub fn run(a: &Args) -> Result<(), Error> {
    let mut request = a
        .output
        .request(Format::TABLES, &a.inputs.guard(Vec::new()))?;
    let src = a.inputs.source()?;
    let span = Span {
        year: a.year,
        upto: a.upto,
    };
    let year = load(&src, span)?;
    let inputs = year.inputs();
    let guard = a.inputs.guard(inputs.iter().map(|p| p.as_path()).collect());
    request.check(&guard)?;
    let (mut r, warnings) = rollup(year)?;
    a.inputs.voice().warn(&warnings)?;
    if let Some(id) = &a.track {
        let keep = select_tracks(&r.last.cfg, Some(id))?;
        r.tracks.retain(|t| keep.contains(&t.track));
    }
    let configs = [&r.top, &r.last.cfg];
    let collect = || Provenance::of(r.name.clone(), None, &r.top, &r.inputs, &configs);
    request.emit(collect, |provenance, style| {
        render(
            &RollupView {
                rollup: &r,
                provenance,
            },
            style,
        )
    })
}
