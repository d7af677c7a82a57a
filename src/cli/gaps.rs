//! `pingyi gaps [--unit UNIT]`: gap analysis with requirement lines, per track.

use super::publish::runs;
use super::{selected_tracks, unit, Common};
use crate::analysis::facts::TrackContext;
use crate::analysis::gaps::{track_gaps, TrackGaps};
use crate::analysis::trend;
use crate::config::{Config, Requirements};
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::eval::Evaluation;
use crate::render::gaps::{self as render, GapsView};
use crate::render::parts::Names;
use crate::render::Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this unit: its id or exact name.
    #[arg(long)]
    pub unit: Option<String>,
}

pub fn run(c: &Common, a: &Args) -> Result<(), Error> {
    let ev = c.evaluate(c.period()?)?;
    let (tracks, only) = scope(c, &ev, a.unit.as_deref())?;
    let before = c.earlier(&ev)?;
    c.guard_inputs(&runs(&ev, before.as_ref()))?;
    let trends = before.as_ref().map(|b| trend::compare(&ev, b));
    let rules = requirement_rules(c, &ev)?;
    let mut report: Vec<TrackGaps> = tracks
        .iter()
        .map(|&t| track_gaps(&TrackContext::new(&ev, t, trends.as_ref(), rules)))
        .collect();
    if let Some(u) = only {
        for tg in &mut report {
            tg.units.retain(|g| g.unit == u);
        }
    }
    let v = GapsView {
        names: Names { ev: &ev },
        tracks: &report,
        against: trends.as_ref().map(|t| t.against),
    };
    let format = c.format();
    let bytes = match format {
        Format::Table => render::doc(&v).text(c.table_width()).into_bytes(),
        Format::Markdown => render::doc(&v).markdown().into_bytes(),
        Format::Csv | Format::Tsv => render::csv(&v, c.csv_options(format)),
        Format::Json => render::json(&v),
    };
    let extra = requirement_inputs(c, &ev);
    c.publish(&bytes, format, || {
        Provenance::collect_with(&ev, before.as_ref(), &extra)
    })
}

/// The tracks to analyse and, with a UNIT, that unit: `--track` and the unit must agree.
pub(super) fn scope(
    c: &Common,
    ev: &Evaluation,
    query: Option<&str>,
) -> Result<(Vec<usize>, Option<usize>), Error> {
    let tracks = selected_tracks(&ev.cfg, c.track.as_deref())?;
    let Some(q) = query else {
        return Ok((tracks, None));
    };
    let u = unit::resolve(ev, q)?;
    let t = ev.ds.unit_track[u].unwrap_or_default();
    if !tracks.contains(&t) {
        return Err(Error::Usage(format!(
            "unit {} is on track `{}`, not on --track {}",
            ev.ds.label(u),
            ev.cfg.tracks[t].id,
            c.track.as_deref().unwrap_or_default()
        )));
    }
    Ok((vec![t], Some(u)))
}

/// The files [`requirement_rules`] reads beside the period's own: the top-level config when it
/// is not the period's config (for manifests).
pub(super) fn requirement_inputs(c: &Common, ev: &Evaluation) -> Vec<std::path::PathBuf> {
    Some(c.config.clone())
        .filter(|p| *p != ev.cfg.path && p.is_file())
        .into_iter()
        .collect()
}

/// The `[requirements]` thresholds: always the top-level config's (a period's own config only
/// replaces the scoring rules), unless there is no top-level file.
pub(super) fn requirement_rules(c: &Common, ev: &Evaluation) -> Result<Requirements, Error> {
    if ev.cfg.path == c.config || !c.config.is_file() {
        Ok(ev.cfg.requirements)
    } else {
        Ok(Config::load(&c.config)?.requirements)
    }
}
