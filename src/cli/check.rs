//! `pingyi check`: validate the config and one period's data — and the earlier period its trends
//! would compare with — listing every problem; print what the period has (completeness).

use std::path::PathBuf;

use super::inputs::Inputs;
use super::output::Output;
use crate::data::Dataset;
use crate::error::{Error, Problems};
use crate::eval::provenance::Provenance;
use crate::eval::{select_tracks, Against, Evaluation};
use crate::output::diagnostic;
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
    let src = a.inputs.source()?;
    let period = src.period(a.period)?;
    let cfg = src.scheme(period)?;
    let only = a
        .track
        .as_ref()
        .map(|_| select_tracks(&cfg, a.track.as_deref()))
        .transpose()?;
    let (ds, mut problems) = src.read(&cfg, period, only.as_deref())?;
    crate::eval::bounds::empty_tracks(&cfg, &ds, only.as_deref(), &mut problems);
    let adj = crate::eval::bounds::adjustments_file(&period.dir(&src.data), &ds.inputs);
    crate::eval::bounds::adjustments(&ds, &ds.adjustments, &adj, &mut problems);
    let mut request = a.output.request();
    request.format.get_or_insert(Format::Table);
    let inputs: Vec<PathBuf> = ds.inputs.clone();
    request.check(
        &a.inputs
            .guard(inputs.iter().map(PathBuf::as_path).collect()),
    )?;
    // The earlier period trends would compare with must score too.
    if !problems.has_errors() {
        let earlier = src.earlier(period, Against::Previous, a.track.as_deref(), &mut problems);
        if let Err(Error::Invalid(e)) = earlier {
            problems.extend(e);
        } else {
            earlier?;
        }
    }
    // The [sensitivity] alternatives name indicators and methods of this scheme.
    if let Some(spec) = &src.settings.sensitivity {
        if let Err(Error::Invalid(e)) = spec.resolve(&cfg) {
            problems.extend(e);
        }
    }
    // What happens to values before scoring, once the data can be scored.
    let steps = if problems.has_errors() || !cfg.indicators.iter().any(|i| i.derives()) {
        Vec::new()
    } else {
        crate::analysis::steps::step_lines(&cfg, &ds, &crate::evaluate(&cfg, &ds))
    };
    if !problems.has_errors() {
        a.inputs.warn(&problems);
    }
    // A failing check still shows what the period has on stdout, but writes no file: a failed
    // run leaves every output place as it was.
    if problems.has_errors() {
        request.manifest = None;
    }
    let to_file = request.output.is_some();
    let show = if problems.has_errors() {
        !to_file && !a.inputs.quiet
    } else {
        !a.inputs.quiet || to_file
    };
    if show {
        let prov = || Provenance::collect(&scored(&cfg, &ds), None);
        request.emit(prov, |_, style| {
            let view = CheckView {
                cfg: &cfg,
                ds: &ds,
                steps: &steps,
            };
            render(&view, style)
        })?;
    }
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    summary(a, &cfg, &ds, &problems);
    Ok(())
}

/// The dataset with its results, for provenance.
fn scored(cfg: &crate::config::Config, ds: &Dataset) -> Evaluation {
    Evaluation {
        cfg: cfg.clone(),
        ds: ds.clone(),
        res: crate::evaluate(cfg, ds),
        warnings: Problems::new(),
    }
}

fn summary(a: &Args, cfg: &crate::config::Config, ds: &Dataset, problems: &Problems) {
    if a.inputs.quiet {
        return;
    }
    diagnostic(format_args!(
        "config: {} (sha256 {})",
        cfg.path.display(),
        cfg.sha256
    ));
    for (path, how) in &ds.read_as {
        diagnostic(format_args!("read: {} as {how}", path.display()));
    }
    let units: usize = ds.tracks.iter().map(|t| t.units.len()).sum();
    diagnostic(format_args!(
        "ok: {} — {} tracks, {} indicators, {units} units, {} adjustments; {} warning(s)",
        ds.period,
        cfg.tracks.len(),
        cfg.indicators.len(),
        ds.adjustments.len(),
        problems.warnings().count()
    ));
}
