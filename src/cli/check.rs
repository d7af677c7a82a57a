//! `pingyi check`: validate the config and one period's data — and the earlier period its trends
//! would compare with — listing every problem; print what the period has (completeness).

use super::inputs::Inputs;
use super::output::Output;
use crate::error::Error;
use crate::period::{parse_quarter, Period};
use crate::render::check::diagnostics;
use crate::render::Format;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The period to check, e.g. 2024Q2 [default: the latest YYYYQn folder].
    #[arg(long, value_parser = parse_quarter)]
    pub period: Option<Period>,
    /// Check only this track's files and cells.
    #[arg(long)]
    pub track: Option<String>,
    /// The completeness table [default format: table].
    #[command(flatten)]
    pub output: Output,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let mut request = a
        .output
        .request(Format::TEXT, &a.inputs.guard(Vec::new()))?;
    let checked = a
        .inputs
        .source()
        .and_then(|s| s.check(a.period, a.track.as_deref()));
    let c = match checked {
        // A config or data folder that cannot be read: its problems as JSON, when asked for.
        Err(Error::Invalid(p)) if a.output.format == Some(Format::Json) => {
            crate::output::write(&diagnostics(&p), None)?;
            return Err(Error::Invalid(p));
        }
        c => c?,
    };
    let inputs = c.ds.inputs.iter().map(|p| p.as_path()).collect();
    request.check(&a.inputs.guard(inputs))?;
    crate::run::check::finish(c, request, a.inputs.voice())
}
