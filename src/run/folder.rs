//! A folder written as one (`report --out DIR`, `statement --all --out DIR`) with a progress bar
//! on stderr while its files are written, and the statement set's files.
//!
//! `statement --all --out DIR` writes one file per unit, `DIR/<unit id>.<ext>`, in markdown
//! unless `--format` says otherwise, and the set's `manifest.json`, as one set: built beside DIR
//! and renamed into place (an existing DIR needs `--force`, and must be a set or package pingyi
//! wrote, or empty), like the report package.

use std::path::{Path, PathBuf};

use crate::analysis::robustness::Robustness;
use crate::analysis::statement::AllStatements;
use crate::error::Error;
use crate::eval::Opened;
use crate::output::guard::Guard;
use crate::output::package::{self, Folder, StatementSet};
use crate::output::progress::Progress;
use crate::output::request::Request;
use crate::render::labels::Labels;
use crate::render::Format;

/// What a folder holds, counted: how many, what the closing line calls them (`file(s)`), what
/// the progress bar calls them (`files`).
pub type Count<'a> = (usize, &'a str, &'a str);

/// [`package::publish`] with a progress bar over `count` (none when `quiet`); the lines that
/// tell what was written.
pub fn publish(
    dir: &Path,
    o: &Opened,
    extra: &[PathBuf],
    force: bool,
    count: Count,
    quiet: bool,
    fill: impl FnOnce(&mut Folder) -> Result<(), Error>,
) -> Result<Vec<String>, Error> {
    let (n, counted, shown) = count;
    let progress = Progress::new(n, shown, quiet);
    let fill = |f: &mut Folder| {
        f.show(progress.clone());
        fill(f)
    };
    let lines = package::publish(dir, o, extra, force, (n, counted), fill);
    progress.finish();
    lines
}

/// Where and how `statement --all --out DIR` writes its set.
#[derive(Debug, Clone, Copy)]
pub struct SetOut<'a> {
    pub dir: &'a Path,
    /// Replace an existing DIR.
    pub force: bool,
    /// `--format` [default: markdown].
    pub format: Option<Format>,
    pub quiet: bool,
}

impl<'a> SetOut<'a> {
    /// `--out DIR` of `statement`, which needs `--all` (one file per unit): a usage error
    /// without it; `None` without `--out`.
    pub fn of(
        dir: Option<&'a Path>,
        all: bool,
        force: bool,
        format: Option<Format>,
        quiet: bool,
    ) -> Result<Option<SetOut<'a>>, Error> {
        if dir.is_some() && !all {
            let msg = "--out DIR needs --all (one file per unit); for one unit use --output FILE";
            return Err(Error::Usage(msg.into()));
        }
        Ok(dir.map(|dir| SetOut {
            dir,
            force,
            format,
            quiet,
        }))
    }

    /// Checks DIR before the long run: not among the inputs, and not an existing folder unless
    /// `force`.
    pub fn prepare(&self, guard: &Guard) -> Result<(), Error> {
        package::prepare(guard, self.dir, self.force).map(drop)
    }

    /// Checks DIR against the files read, and settles the request (no `--output` here).
    pub fn check(&self, guard: &Guard, request: &mut Request) -> Result<(), Error> {
        guard.folder("--out", self.dir)?;
        request.resolve()
    }
}

/// Every statement of `all` as one file `<unit id>.<ext>` in the folder `out.dir`, with its
/// manifest; the statements made a batch at a time and written on every core. CSV/TSV files begin with a
/// byte-order mark unless `request` says no.
pub fn statements(
    out: &SetOut,
    o: &Opened,
    extra: &[PathBuf],
    all: &AllStatements,
    robust: &Robustness,
    labels: Labels,
    mut request: Request,
) -> Result<Vec<String>, Error> {
    request.bom.get_or_insert(true);
    let style = request.style(out.format.unwrap_or(Format::Markdown));
    let set = StatementSet {
        labels,
        prefix: "",
        styles: &[style],
    };
    let units = all.units();
    let count = (units.len(), "statement(s)", "statements");
    let fill = |f: &mut Folder| set.write(f, &units, all.iter().map(|s| s.with_robust(robust)));
    publish(out.dir, o, extra, out.force, count, out.quiet, fill)
}
