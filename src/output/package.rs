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

use super::cleanup::Leftovers;
pub use super::folder::{write, Folder};
use super::guard::Guard;
pub use super::manifest::PackageFile;
use super::manifest::{run_timestamp, PackageManifest};
use super::names::unit_stems;
use super::ours::{self, MANIFEST};
use crate::analysis::bundle::Report;
use crate::analysis::statement::Statement;
use crate::error::Error;
use crate::eval::Opened;
use crate::render::labels::Labels;
use crate::render::sheet::CsvOptions;
use crate::render::statement::StatementView;
use crate::render::{self, Format, Style};

/// Writes every file of the package except the manifest into `folder`, in a fixed order:
/// `results.xlsx`, `report.html`, `notice.md`, then `statements/<unit>.md` and `.csv`.
pub fn fill(r: &Report, folder: &mut Folder) -> Result<(), Error> {
    folder.file_at("results.xlsx", |path| render::xlsx::save(r, path))?;
    folder.file("report.html", |w| {
        w.write_all(render::html::render(r).as_bytes())
    })?;
    let notice = render::rank::doc(&r.view(r.tracks.clone())).markdown();
    folder.file("notice.md", |w| w.write_all(notice.as_bytes()))?;
    drop(notice);
    let styles = [Format::Markdown, Format::Csv].map(|format| Style {
        format,
        csv: CsvOptions::CSV,
        width: None,
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

impl StatementSet<'_> {
    /// Writes `list` (the statements of `units`, in that order) into `folder`; every name is
    /// checked before anything is written.
    pub fn write<S: std::borrow::Borrow<Statement>>(
        &self,
        folder: &mut Folder,
        units: &[usize],
        list: impl Iterator<Item = S>,
    ) -> Result<(), Error> {
        let stems = unit_stems(self.labels.ev, units)?;
        for (s, stem) in list.zip(stems) {
            let v = StatementView {
                names: self.labels,
                statements: std::slice::from_ref(s.borrow()),
            };
            for style in self.styles {
                let name = format!("{}{stem}.{}", self.prefix, style.format.extension());
                let bytes = render::statement::render(&v, style);
                folder.file(&name, |w| w.write_all(&bytes))?;
            }
        }
        Ok(())
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
    let outputs = folder.written().to_vec();
    let m =
        PackageManifest::of_written(&o.now, o.before.as_ref(), extra, outputs, run_timestamp()?)?;
    let installed = folder.finish(&m.to_bytes())?;
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

/// What installing a package left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// The replaced folder, when it could not be removed (a warning, not an error: the new
    /// package is in place).
    pub leftover: Option<PathBuf>,
    /// Leftovers of earlier interrupted runs found beside the destination.
    pub earlier: Leftovers,
}

/// The destination as `parent/name`, refusing paths without a final name (`/`, `..`).
pub fn destination(dir: &Path) -> Result<(PathBuf, PathBuf), Error> {
    let Some(name) = dir.file_name() else {
        return Err(Error::Usage(format!(
            "--out {}: give a folder name to create, such as out/2024Q4",
            dir.display()
        )));
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent.clone(), parent.join(name)))
}

/// Refuses an existing destination unless `force`, and then anything but an empty folder or a
/// pingyi package ([`ours::package`]): `--force` never deletes what pingyi did not write.
pub fn check_destination(dir: &Path, force: bool) -> Result<(), Error> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => Ok(()),
        Ok(m) if m.is_dir() && force => ours::package(dir).map_err(|why| {
            Error::Usage(format!(
                "{} is not a pingyi package: {why}; --force replaces only an empty folder or one pingyi wrote (with its {MANIFEST}): choose another --out folder, or move it away yourself",
                dir.display()
            ))
        }),
        Ok(m) if m.is_dir() => Err(Error::Usage(format!(
            "{} already exists: choose another --out folder, or add --force to replace it",
            dir.display()
        ))),
        Ok(_) => Err(Error::Usage(format!(
            "{} exists and is not a folder: --out needs a folder name (--force replaces only a folder)",
            dir.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTING: &str = r#"{"pingyi": "0.1.0", "outputs": [{"path": "a.txt", "sha256": "0"}, {"path": "sub/b.txt", "sha256": "1"}]}"#;

    fn files(text: &str) -> Vec<PackageFile> {
        vec![
            PackageFile::new("a.txt", text.as_bytes().to_vec()),
            PackageFile::new("sub/b.txt", b"b".to_vec()),
            PackageFile::new(MANIFEST, LISTING.as_bytes().to_vec()),
        ]
    }

    #[test]
    fn force_replaces_only_empty_folders_and_pingyi_packages() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("Documents");
        std::fs::create_dir(&dir).unwrap();
        write(&dir, &files("one"), true).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        let err = write(&dir, &files("two"), true).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string()
                .contains("is not a pingyi package: it holds notes.txt, which its manifest.json does not list"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_package_appears_whole_and_replaces_only_with_force() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        write(&dir, &files("one"), false).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(dir.join("sub/b.txt")).unwrap(), "b");
        let err = write(&dir, &files("two"), false).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
        let done = write(&dir, &files("two"), true).unwrap();
        assert_eq!(done.leftover, None);
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "two");
        // Nothing else beside the package: no temporary or old folders.
        let names: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        // A file inside a path that is a file cannot be written.
        let bad = vec![
            PackageFile::new("x", b"x".to_vec()),
            PackageFile::new("x/y", b"y".to_vec()),
        ];
        assert!(write(&dir, &bad, false).is_err());
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
    }

    #[test]
    fn destinations_need_a_name() {
        assert!(destination(Path::new("/")).is_err());
        assert!(destination(Path::new("..")).is_err());
        let (parent, dir) = destination(Path::new("out/")).unwrap();
        assert_eq!((parent, dir), (PathBuf::from("."), PathBuf::from("./out")));
    }
}
