//! `pingyi compare`: one period's data under two schemes — what a change of rules would do.
//!
//! `--from` and `--to` each name a scheme: a file, or a period (`2024Q3`: the scheme that scores
//! it). By default the period's own scheme (`data/<period>/scoring-config.toml`, else the
//! top-level one) is compared with the top-level config (`--config`): the rules in force then
//! against the rules in force now.

use std::path::{Path, PathBuf};

use super::inputs::Inputs;
use super::output::Output;
use crate::analysis::compare::{compare, Schemes};
use crate::error::Error;
use crate::eval::scheme::SchemeOf;
use crate::period::{parse_quarter, Period};
use crate::render::compare::{write, CompareView};
use crate::render::Format;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The period whose data is scored twice, e.g. 2024Q2 [default: the latest YYYYQn folder].
    #[arg(long, value_parser = parse_quarter)]
    pub period: Option<Period>,
    /// The old scheme: a config file, or a period (the scheme that scores it) [default: the
    /// period's own scheme].
    #[arg(long, value_name = "FILE|PERIOD", value_parser = parse_scheme)]
    pub from: Option<SchemeOf>,
    /// The new scheme: a config file, or a period [default: the top-level --config].
    #[arg(long, value_name = "FILE|PERIOD", value_parser = parse_scheme)]
    pub to: Option<SchemeOf>,
    /// Show only this track of the new scheme (by id).
    #[arg(long)]
    pub track: Option<String>,
    /// How many units to list as movers per track, besides every unit whose grade changes.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    #[command(flatten)]
    pub output: Output,
}

/// `2024Q3` is a period; anything else a file.
fn parse_scheme(s: &str) -> Result<SchemeOf, String> {
    match parse_quarter(s) {
        Ok(p) if !Path::new(s).exists() => Ok(SchemeOf::Period(p)),
        _ => Ok(SchemeOf::File(PathBuf::from(s))),
    }
}

pub fn run(a: &Args) -> Result<(), Error> {
    let mut request = a
        .output
        .request(Format::TEXT, &a.inputs.guard(Vec::new()))?;
    let src = a.inputs.source()?;
    let (from, to) = (a.from.as_ref(), a.to.as_ref());
    let pair = Schemes::open(&src, a.period, from, to, a.track.as_deref())?;
    a.inputs.voice().warn(&pair.to.warnings)?;
    a.inputs.voice().warn(&pair.more_warnings)?;
    let tracks = pair.to.tracks(a.track.as_deref())?;
    request.check(&a.inputs.guard(pair.inputs()))?;
    let comparison = compare(&pair.from, &pair.to, &tracks, a.top);
    request.emit_to(
        || pair.provenance(),
        |provenance, style, w| {
            let view = CompareView {
                from: &pair.from,
                to: &pair.to,
                comparison: &comparison,
                provenance,
            };
            write(&view, style, w)
        },
    )
}
