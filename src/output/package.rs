//! The quarterly report package (`pingyi report`): its files, rendered from the analysis bundle
//! ([`files`]: `results.xlsx`, `report.html`, `notice.md`, `statements/`), and writing the folder
//! atomically ([`write`]): every file goes into a temporary folder beside the destination, which
//! is then renamed into place — so a failed run leaves no half-filled folder, and readers never
//! see one. Every file except the manifest's run time is the same bytes on every run over the
//! same inputs.
//!
//! An existing destination is refused unless `force`, and with it unless it is empty or a
//! pingyi package (its `manifest.json` lists every file in it). On Linux the new folder and the
//! old one are exchanged in one step (`renameat2(RENAME_EXCHANGE)`), so the destination never
//! stops existing; elsewhere the old one is renamed aside first, the new one renamed in, and the
//! old one renamed back if that fails. The old folder is removed last. Only the destination
//! folder itself is atomic: missing parent folders are created.

use std::path::{Path, PathBuf};

pub use super::folder::{check_destination, destination, write, Folder, Installed};
use super::guard::Guard;
pub use super::manifest::PackageFile;
use super::manifest::{run_timestamp, PackageManifest};
use super::names::unit_stems;
use crate::analysis::bundle::Report;
use crate::analysis::statement::Statement;
use crate::error::Error;
use crate::eval::Opened;
use crate::render::labels::Labels;
use crate::render::statement::StatementView;
use crate::render::{self, Format, Style};

/// Writes every file of the package except the manifest into `folder`, in a fixed order:
/// `results.xlsx`, `report.html`, `notice.md`, then `statements/<unit>.md` and `.csv`.
pub fn fill(r: &Report, folder: &mut Folder) -> Result<(), Error> {
    // The workbook is most of the work: it is written on a thread of its own meanwhile.
    let xlsx = |path: &Path| render::xlsx::save(r, path);
    folder.file_at_while("results.xlsx", xlsx, |folder| rest(r, folder))
}

/// The package's files after `results.xlsx`.
fn rest(r: &Report, folder: &mut Folder) -> Result<(), Error> {
    folder.file_bytes("report.html", render::html::render(r).as_bytes())?;
    let ranking = r.view(r.tracks.clone());
    folder.file_with("notice.md", |w| render::rank::write_markdown(&ranking, w))?;
    let styles = [Format::Markdown, Format::Csv].map(|format| Style {
        bom: true,
        ..Style::plain(format)
    });
    let units: Vec<usize> = r
        .contexts
        .iter()
        .flat_map(|cx| cx.tr.order.iter().map(|&pos| cx.tr.units[pos]))
        .collect();
    let set = StatementSet {
        labels: r.labels(),
        prefix: "statements/",
        styles: &styles,
    };
    set.write(folder, &units, r.statements())
}

/// Statements written one file per statement and style, `<prefix><unit id>.<extension>`.
pub struct StatementSet<'a> {
    pub labels: Labels<'a>,
    pub prefix: &'a str,
    pub styles: &'a [Style],
}

/// Statements rendered and written together on every core, a batch at a time; listed in order.
/// The next batch is made while one is written.
const BATCH: usize = 256;

impl StatementSet<'_> {
    /// Writes `list` (the statements of `units`, in that order) into `folder`; every name is
    /// checked before anything is written.
    pub fn write<S: std::borrow::Borrow<Statement> + Send>(
        &self,
        folder: &mut Folder,
        units: &[usize],
        list: impl Iterator<Item = S> + Send,
    ) -> Result<(), Error> {
        let stems = unit_stems(self.labels.ev, units)?;
        let mut list = list.zip(stems);
        let mut batch: Vec<_> = list.by_ref().take(BATCH).collect();
        while !batch.is_empty() {
            let (written, next) = rayon::join(
                || folder.files_each(batch, |(s, stem)| self.files(s.borrow(), &stem)),
                || list.by_ref().take(BATCH).collect(),
            );
            written?;
            batch = next;
        }
        Ok(())
    }

    /// The files of one statement, one per style.
    fn files(&self, s: &Statement, stem: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let v = StatementView {
            names: self.labels,
            statements: std::slice::from_ref(s),
        };
        self.styles
            .iter()
            .map(|style| {
                let name = format!("{}{stem}.{}", self.prefix, style.format.extension());
                Ok((name, render::statement::render_file(&v, style)?))
            })
            .collect()
    }
}

/// Checks `--out DIR` before a long run (and [`write`] checks again when renaming into place):
/// not among the inputs, and not an existing folder unless `force` allows it. The destination.
pub fn prepare(guard: &Guard, dir: &Path, force: bool) -> Result<PathBuf, Error> {
    guard.folder("--out", dir)?;
    let (_, dest) = destination(dir)?;
    check_destination(&dest, force)?;
    Ok(dest)
}

/// Builds the folder `dir` as one: `fill` writes its files, then `manifest.json` lists them
/// with the provenance of `o` and of `extra`; the lines that tell what was written, `count`
/// naming the things counted (the files of a report, the statements of a set).
pub fn publish(
    dir: &Path,
    o: &Opened,
    extra: &[PathBuf],
    force: bool,
    count: (usize, &str),
    fill: impl FnOnce(&mut Folder) -> Result<(), Error>,
) -> Result<Vec<String>, Error> {
    let mut folder = Folder::begin(dir, force, &PackageManifest::stamp())?;
    fill(&mut folder)?;
    let outputs = folder.take_written();
    let m =
        PackageManifest::of_written(&o.now, o.before.as_ref(), extra, outputs, run_timestamp()?)?;
    let installed = folder.finish_with(|w| m.write(w))?;
    let mut lines = vec![format!(
        "wrote {} {} to {}",
        count.0,
        count.1,
        dir.display()
    )];
    if let Some(old) = installed.leftover {
        lines.push(format!(
            "warning: the replaced folder could not be removed: {}",
            old.display()
        ));
    }
    Ok(lines)
}
