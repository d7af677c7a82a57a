//! `pingyi check`: validate the config and one period's data — and the earlier period its trends
//! would compare with — listing every problem; print what the period has (completeness).

use super::inputs::Inputs;
use super::output::Output;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::period::{parse_quarter, Period};
use crate::render::check::{diagnostics, render, CheckView};
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
    let mut request = a.output.request(Format::TEXT);
    request.check(
        &a.inputs
            .guard(c.ds.inputs.iter().map(|p| p.as_path()).collect()),
    )?;
    request.format.get_or_insert(Format::Table);
    let failed = c.problems.has_errors();
    let format = request.format.unwrap_or(Format::Table);
    // JSON is data: a failing check prints its problems there too, even with --quiet.
    let json = format == Format::Json;
    // What happens to values before scoring, once the data can be scored.
    let steps = if failed || !c.cfg.indicators.iter().any(|i| i.derives()) {
        Vec::new()
    } else {
        crate::analysis::steps::step_lines(&c.cfg, &c.ds, &crate::evaluate(&c.cfg, &c.ds))
    };
    // A failing check still shows what the period has on stdout, but writes no file: a failed
    // run leaves every output place as it was.
    if failed {
        request.manifest = None;
    }
    let to_file = request.output.is_some();
    let quiet = a.inputs.quiet;
    let show = if failed {
        !to_file && (!quiet || json)
    } else {
        !quiet || to_file || json
    };
    // With --strict, warnings fail the check: listed (even with --quiet), and no file written.
    let strict = !failed && a.inputs.strict && c.problems.warnings().count() > 0;
    if strict {
        request.manifest = None;
    }
    if show && !(strict && to_file) {
        let view = CheckView {
            cfg: &c.cfg,
            ds: &c.ds,
            problems: &c.problems,
            steps: &steps,
        };
        let prov = || Provenance::collect(&c.scored(), None);
        request.emit(prov, |_, style| Ok(render(&view, style)))?;
    }
    if failed {
        return Err(Error::Invalid(c.problems));
    }
    a.inputs.warn(&c.problems)?;
    if !a.inputs.quiet {
        let lines = c.summary().into_iter();
        let lines = lines.filter(|l| a.inputs.verbose || !l.starts_with("read: "));
        lines.for_each(crate::output::diagnostic);
    }
    Ok(())
}
