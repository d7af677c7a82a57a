//! `pingyi rank` (the default): ranked tables per track, with trend columns when an earlier
//! period is available.

use super::{selected_tracks, Common};
use crate::error::Error;
use crate::render::{self, Format, View};

pub fn run(c: &Common) -> Result<(), Error> {
    let ev = c.evaluate(c.period()?)?;
    let tracks = selected_tracks(&ev.cfg, c.track.as_deref())?;
    let trends = c.trends(&ev)?;
    let view = View {
        cfg: &ev.cfg,
        ds: &ev.ds,
        res: &ev.res,
        tracks,
        trends: trends.as_ref(),
    };
    let bytes = match c.format() {
        Format::Table => render::table::render(&view, c.table_width()).into_bytes(),
        Format::Csv => render::csv::render(&view, b','),
        Format::Tsv => render::csv::render(&view, b'\t'),
        Format::Json => render::json::render(&view),
        Format::Markdown => render::markdown::rank(&view).into_bytes(),
    };
    c.write(&bytes)
}
