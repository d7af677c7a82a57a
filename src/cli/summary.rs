//! `pingyi summary`: the district overview (全区基本面).

use super::{selected_tracks, Common};
use crate::analysis::facts::TrackContext;
use crate::analysis::summary::summary;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::render::parts::Names;
use crate::render::summary::{self as render, SummaryView};
use crate::render::{summary_json, Format};

pub fn run(c: &Common) -> Result<(), Error> {
    let ev = c.evaluate(c.period()?)?;
    let tracks = selected_tracks(&ev.cfg, c.track.as_deref())?;
    c.guard_inputs(&[&ev])?;
    // The overview has no trend or requirement columns: default thresholds are never read.
    let contexts: Vec<TrackContext> = tracks
        .iter()
        .map(|&t| TrackContext::new(&ev, t, None, ev.cfg.requirements))
        .collect();
    let s = summary(&ev, &contexts);
    let v = SummaryView {
        names: Names { ev: &ev },
        summary: &s,
    };
    let format = c.format();
    let bytes = match format {
        Format::Table => render::doc(&v).text(c.table_width()).into_bytes(),
        Format::Markdown => render::doc(&v).markdown().into_bytes(),
        Format::Csv | Format::Tsv => render::csv(&v, c.csv_options(format)),
        Format::Json => summary_json::render(&v),
    };
    c.publish(&bytes, format, || Provenance::collect(&ev, None))
}
