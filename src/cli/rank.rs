//! `pingyi rank` (the default): ranked tables per track, with trend columns when an earlier
//! period is available.

use super::publish::runs;
use super::{selected_tracks, Common};
use crate::analysis::trend;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::render::{self, Format, View};

pub fn run(c: &Common) -> Result<(), Error> {
    let ev = c.evaluate(c.period()?)?;
    let tracks = selected_tracks(&ev.cfg, c.track.as_deref())?;
    let before = c.earlier(&ev)?;
    c.guard_inputs(&runs(&ev, before.as_ref()))?;
    let trends = before.as_ref().map(|b| trend::compare(&ev, b));
    let view = View {
        cfg: &ev.cfg,
        ds: &ev.ds,
        res: &ev.res,
        tracks,
        trends: trends.as_ref(),
    };
    // Input digests are computed only when something records them.
    let provenance = || Provenance::collect(&ev, before.as_ref());
    let format = c.format();
    let mut prov = None;
    let bytes = match format {
        Format::Table => render::table::render(&view, c.table_layout()).into_bytes(),
        Format::Csv | Format::Tsv => render::csv::render(&view, c.csv_options(format)),
        Format::Json => render::json::render(&view, prov.insert(provenance()?)),
        Format::Markdown => render::markdown::rank(&view).into_bytes(),
    };
    c.publish(&bytes, format, || prov.map_or_else(provenance, Ok))
}
