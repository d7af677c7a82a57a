//! The quarterly report package (`pingyi report`): its files, rendered from the analysis bundle
//! ([`files`]: `results.xlsx`, `report.html`, `notice.md`, `statements/`), and writing the folder
//! atomically ([`write`]): every file goes into a temporary folder beside the destination, which
//! is then renamed into place — so a failed run leaves no half-filled folder, and readers never
//! see one. Every file except the manifest's run time is the same bytes on every run over the
//! same inputs.
//!
//! An existing destination is refused unless `force`; then it is renamed away first, the new
//! folder renamed in, and only then the old one removed (renamed back if the second rename
//! fails). Only the destination folder itself is atomic: missing parent folders are created.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::names::unit_stems;
use crate::analysis::bundle::Report;
use crate::analysis::statement::Statement;
use crate::error::Error;
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

/// What installing a package left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// The replaced folder, when it could not be removed (a warning, not an error: the new
    /// package is in place).
    pub leftover: Option<PathBuf>,
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

/// Refuses an existing destination unless `force` (and then only a folder).
pub fn check_destination(dir: &Path, force: bool) -> Result<(), Error> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => Ok(()),
        Ok(m) if m.is_dir() && force => Ok(()),
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

/// Writes `files` into a new folder `dir`, atomically.
pub fn write(dir: &Path, files: &[PackageFile], force: bool) -> Result<Installed, Error> {
    let (parent, dir) = destination(dir)?;
    check_destination(&dir, force)?;
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let tmp = temp_dir(&parent)?;
    for f in files {
        write_file(&tmp.path().join(&f.path), &f.bytes)?;
    }
    let installed = install(tmp.path(), &dir, force)?;
    // Renamed into place: nothing left to clean up.
    let _ = tmp.keep();
    Ok(installed)
}

fn temp_dir(parent: &Path) -> Result<tempfile::TempDir, Error> {
    let mut b = tempfile::Builder::new();
    b.prefix(".pingyi-report-");
    #[cfg(unix)]
    {
        // A normal folder's permissions (the umask applies), not the 0700 of a temporary one.
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o777));
    }
    b.tempdir_in(parent).map_err(|e| Error::io(parent, e))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
    }
    let mut f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    f.write_all(bytes).map_err(|e| Error::io(path, e))?;
    f.sync_all().map_err(|e| Error::io(path, e))
}

/// Renames `tmp` to `dir`; with `force`, moves an existing `dir` out of the way first.
fn install(tmp: &Path, dir: &Path, force: bool) -> Result<Installed, Error> {
    let exists = std::fs::symlink_metadata(dir).is_ok();
    if !exists {
        std::fs::rename(tmp, dir).map_err(|e| Error::io(dir, e))?;
        return Ok(Installed { leftover: None });
    }
    check_destination(dir, force)?;
    let old = aside(dir);
    std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
    if let Err(e) = std::fs::rename(tmp, dir) {
        // Put the old package back: the run fails and leaves things as they were.
        let _ = std::fs::rename(&old, dir);
        return Err(Error::io(dir, e));
    }
    Ok(Installed {
        leftover: std::fs::remove_dir_all(&old).err().map(|_| old),
    })
}

/// A free name beside `dir` to move the old package to: `.NAME.pingyi-old-PID-K`.
fn aside(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pid = std::process::id();
    (0u32..)
        .map(|k| dir.with_file_name(format!(".{name}.pingyi-old-{pid}-{k}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| dir.with_file_name(format!(".{name}.pingyi-old")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Vec<PackageFile> {
        vec![
            PackageFile::new("a.txt", text.as_bytes().to_vec()),
            PackageFile::new("sub/b.txt", b"b".to_vec()),
        ]
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
