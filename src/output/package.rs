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

use std::io::Write;
use std::path::{Path, PathBuf};

use super::atomic::{exchange, sync_dir};
use super::cleanup::{self, Leftovers};
use super::guard::Guard;
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

/// One file of the package: its path inside the folder (`/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl PackageFile {
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> PackageFile {
        PackageFile {
            path: path.into(),
            bytes,
        }
    }
}

/// Every file of the package except the manifest, in a fixed order.
pub fn files(r: &Report) -> Result<Vec<PackageFile>, Error> {
    let mut out = vec![
        PackageFile::new("results.xlsx", render::xlsx::render(r)?),
        PackageFile::new("report.html", render::html::render(r).into_bytes()),
        PackageFile::new(
            "notice.md",
            render::rank::doc(&r.view(r.tracks.clone()))
                .markdown()
                .into_bytes(),
        ),
    ];
    let styles = [Format::Markdown, Format::Csv].map(|format| Style {
        format,
        csv: CsvOptions::CSV,
        width: None,
    });
    out.extend(statement_files(
        r.labels(),
        &r.statements,
        "statements/",
        &styles,
    )?);
    Ok(out)
}

/// One file per statement and style, `<prefix><unit id>.<extension of the style's format>`, in
/// the order of `list`; every name is checked before anything is rendered.
pub fn statement_files(
    labels: Labels,
    list: &[Statement],
    prefix: &str,
    styles: &[Style],
) -> Result<Vec<PackageFile>, Error> {
    let units: Vec<usize> = list.iter().map(|s| s.unit).collect();
    let stems = unit_stems(labels.ev, &units)?;
    let mut out = Vec::with_capacity(styles.len() * list.len());
    for (s, stem) in list.iter().zip(stems) {
        let v = StatementView {
            names: labels,
            statements: std::slice::from_ref(s),
        };
        for style in styles {
            let name = format!("{prefix}{stem}.{}", style.format.extension());
            out.push(PackageFile::new(name, render::statement::render(&v, style)));
        }
    }
    Ok(out)
}

/// Checks `--out DIR` before a long run (and [`write`] checks again when renaming into place):
/// not among the inputs, and not an existing folder unless `force` allows it. The destination.
pub fn prepare(guard: &Guard, dir: &Path, force: bool) -> Result<PathBuf, Error> {
    guard.folder("--out", dir)?;
    let (_, dest) = destination(dir)?;
    check_destination(&dest, force)?;
    Ok(dest)
}

/// Writes `files` with their `manifest.json` (the provenance of `o` and of `extra`, and every
/// file's digest) as one folder `dir`; the lines that tell what was written, `count` naming the
/// things counted (the files of a report, the statements of a set: `count` of them).
pub fn publish(
    dir: &Path,
    mut files: Vec<PackageFile>,
    o: &Opened,
    extra: &[PathBuf],
    force: bool,
    count: (usize, &str),
) -> Result<Vec<String>, Error> {
    let m = PackageManifest::new(&o.now, o.before.as_ref(), extra, &files, run_timestamp()?)?;
    files.push(PackageFile::new(MANIFEST, m.to_bytes()));
    let installed = write(dir, &files, force)?;
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

/// Writes `files` into a new folder `dir`, atomically: built beside it, its manifest first (so
/// that even a half-built folder left by a killed run is provably pingyi's), then put in place.
pub fn write(dir: &Path, files: &[PackageFile], force: bool) -> Result<Installed, Error> {
    let (parent, dir) = destination(dir)?;
    check_destination(&dir, force)?;
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let tmp = TempDir::new(&parent)?;
    let manifest_first = files
        .iter()
        .filter(|f| f.path == MANIFEST)
        .chain(files.iter().filter(|f| f.path != MANIFEST));
    for f in manifest_first {
        tmp.write(&f.path, &f.bytes)?;
    }
    let leftover = install(&tmp, &dir, force)?;
    sync_dir(&parent)?;
    Ok(Installed {
        leftover,
        earlier: cleanup::leftovers(&parent),
    })
}

/// The folder a package is built in, `.pingyi-report-PID-XXXXXX` beside the destination; removed
/// unless renamed into place, and on SIGINT/SIGTERM.
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new(parent: &Path) -> Result<TempDir, Error> {
        let mut live = cleanup::lock();
        let mut b = tempfile::Builder::new();
        let prefix = format!(".pingyi-report-{}-", std::process::id());
        b.prefix(&prefix);
        #[cfg(unix)]
        {
            // A normal folder's permissions (the umask applies), not the 0700 of a temporary one.
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(0o777));
        }
        let path = b
            .tempdir_in(parent)
            .map_err(|e| Error::io(parent, e))?
            .keep();
        live.add(&path);
        Ok(TempDir { path })
    }

    /// Writes one file (`/`-separated path inside the folder), synced.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let _live = cleanup::lock();
        let path = self.path.join(rel);
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        let mut f = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        f.write_all(bytes).map_err(|e| Error::io(&path, e))?;
        f.sync_all().map_err(|e| Error::io(&path, e))
    }
}

impl Drop for TempDir {
    /// Removes whatever the name holds now: the unfinished package, or — after an exchange —
    /// the replaced one.
    fn drop(&mut self) {
        let mut live = cleanup::lock();
        let _ = std::fs::remove_dir_all(&self.path);
        live.forget(&self.path);
    }
}

/// Puts `tmp` in place as `dir`. An existing `dir` (with `force`, checked again) is exchanged
/// with it in one step where the system can — `dir` never stops existing — else renamed aside
/// first. Returns the old folder if it could not be removed.
fn install(tmp: &TempDir, dir: &Path, force: bool) -> Result<Option<PathBuf>, Error> {
    let exists = std::fs::symlink_metadata(dir).is_ok();
    if !exists {
        let _live = cleanup::lock();
        std::fs::rename(&tmp.path, dir).map_err(|e| Error::io(dir, e))?;
        return Ok(None);
    }
    check_destination(dir, force)?;
    {
        let _live = cleanup::lock();
        if exchange(&tmp.path, dir).is_ok() {
            // The temporary name holds the old package now: removed when `tmp` is dropped.
            let _ = std::fs::remove_dir_all(&tmp.path);
            return Ok(std::fs::symlink_metadata(&tmp.path)
                .is_ok()
                .then(|| tmp.path.clone()));
        }
    }
    // No exchange here: two renames, the old folder under a name the next run recognises.
    let mut live = cleanup::lock();
    let old = tmp
        .path
        .with_file_name(format!(".pingyi-report-{}-old", std::process::id()));
    std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
    live.add(&old);
    if let Err(e) = std::fs::rename(&tmp.path, dir) {
        // Put the old package back: the run fails and leaves things as they were.
        let _ = std::fs::rename(&old, dir);
        live.forget(&old);
        return Err(Error::io(dir, e));
    }
    let removed = std::fs::remove_dir_all(&old).is_ok();
    live.forget(&old);
    Ok((!removed).then_some(old))
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
