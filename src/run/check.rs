//! What `pingyi check` shows and writes once the period is checked. A failing check still shows
//! what the period has on stdout, but writes no file (a failed run leaves every output place as
//! it was); JSON is data, so a failing check prints its problems there too, even with
//! `--quiet`; with `--strict`, warnings fail the check: listed (even with `--quiet`), and no file
//! written.

use super::Voice;
use crate::analysis::steps::checked_steps;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::eval::Checked;
use crate::output::request::Request;
use crate::render::check::{render, CheckView};
use crate::render::Format;

/// Whether a check's result goes out (`show`), and whether its manifest is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub show: bool,
    pub manifest: bool,
}

impl Shown {
    /// `failed`: the check found errors; `strict`: warnings fail it; `to_file`: `--output`.
    pub fn of(failed: bool, strict: bool, to_file: bool, quiet: bool, json: bool) -> Shown {
        let show = if failed {
            !to_file && (!quiet || json)
        } else {
            !quiet || to_file || json
        };
        Shown {
            show: show && !(strict && to_file),
            manifest: !failed && !strict,
        }
    }
}

/// Shows the checked period as `request` asks (default format: table), then fails with its
/// errors, or prints its warnings and what it has.
pub fn finish(c: Checked, mut request: Request, voice: Voice) -> Result<(), Error> {
    let format = *request.format.get_or_insert(Format::Table);
    let failed = c.problems.has_errors();
    let steps = checked_steps(&c.cfg, &c.ds, failed);
    let strict = !failed && voice.strict && c.problems.warning_count() > 0;
    let to_file = request.output.is_some();
    let shown = Shown::of(failed, strict, to_file, voice.quiet, format == Format::Json);
    if !shown.manifest {
        request.manifest = None;
    }
    if shown.show {
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
    voice.warn(&c.problems)?;
    voice.say_found(c.summary());
    Ok(())
}
