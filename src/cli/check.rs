//! `pingyi check`: validate the config and one period's data — and the earlier period its trends
//! would compare with — listing every problem; print what the period has (completeness).

use super::inputs::Inputs;
use super::output::Output;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::period::{parse_quarter, Period};
use crate::render::check::{render, CheckView};
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
    let c = a.inputs.source()?.check(a.period, a.track.as_deref())?;
    let mut request = a.output.request();
    request.format.get_or_insert(Format::Table);
    request.check(
        &a.inputs
            .guard(c.ds.inputs.iter().map(|p| p.as_path()).collect()),
    )?;
    let failed = c.problems.has_errors();
    // What happens to values before scoring, once the data can be scored.
    let steps = if failed || !c.cfg.indicators.iter().any(|i| i.derives()) {
        Vec::new()
    } else {
        crate::analysis::steps::step_lines(&c.cfg, &c.ds, &crate::evaluate(&c.cfg, &c.ds))
    };
    if !failed {
        a.inputs.warn(&c.problems);
    }
    // A failing check still shows what the period has on stdout, but writes no file: a failed
    // run leaves every output place as it was.
    if failed {
        request.manifest = None;
    }
    let to_file = request.output.is_some();
    let quiet = a.inputs.quiet;
    let show = if failed {
        !to_file && !quiet
    } else {
        !quiet || to_file
    };
    if show {
        let view = CheckView {
            cfg: &c.cfg,
            ds: &c.ds,
            steps: &steps,
        };
        let prov = || Provenance::collect(&c.scored(), None);
        request.emit(prov, |_, style| render(&view, style))?;
    }
    if failed {
        return Err(Error::Invalid(c.problems));
    }
    if !a.inputs.quiet {
        c.summary().into_iter().for_each(crate::output::diagnostic);
    }
    Ok(())
}
