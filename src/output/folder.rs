//! A folder written as one — a report package or a statement set: built file by file in a
//! temporary folder beside the destination, synced once, then put in place (exchanged with an
//! existing one where the system can). A failed or interrupted run leaves no half-filled
//! destination; readers never see one. Files are streamed into place as they are rendered, so a
//! package of a million statements is never held in memory.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::atomic::{exchange, sync_dir};
use super::cleanup::{self, Leftovers};
use super::manifest::{PackageFile, Written};
use super::ours::{self, MANIFEST};
use crate::digest::Hashing;
use crate::error::Error;

/// A folder being built: its temporary place, and the files written so far with their digests.
pub struct Folder {
    tmp: TempDir,
    dir: PathBuf,
    parent: PathBuf,
    force: bool,
    written: Written,
    progress: super::progress::Progress,
}

impl Folder {
    /// Starts building `dir` (refused when it exists, unless `force` and it is empty or
    /// pingyi's). `stamp` is written first as the manifest, so that even a half-built folder
    /// left by a killed run is provably pingyi's; [`Folder::finish`] replaces it.
    pub fn begin(dir: &Path, force: bool, stamp: &[u8]) -> Result<Folder, Error> {
        let (parent, dir) = destination(dir)?;
        check_destination(&dir, force)?;
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let tmp = TempDir::new(&parent)?;
        let (path, mut f) = tmp.create(MANIFEST)?;
        f.write_all(stamp).map_err(|e| Error::io(&path, e))?;
        Ok(Folder {
            tmp,
            dir,
            parent,
            force,
            written: Written::default(),
            progress: Default::default(),
        })
    }

    /// Counts every file written from now on on `progress`.
    pub fn show(&mut self, progress: super::progress::Progress) {
        self.progress = progress;
    }

    /// Writes the file `rel` holding `bytes` (no buffer between: one write).
    pub fn file_bytes(&mut self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let (path, f) = self.tmp.create(rel)?;
        let mut w = Hashing::new(f);
        w.write_all(bytes).map_err(|e| Error::io(&path, e))?;
        let (_, digest) = w.finish_digest();
        self.written.push(rel, digest);
        self.progress.tick();
        Ok(())
    }

    /// Writes the file `rel` with what `write` writes, through a buffer as it is made.
    pub fn file_with(
        &mut self,
        rel: &str,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        let (path, f) = self.tmp.create(rel)?;
        let mut w = Hashing::new(std::io::BufWriter::with_capacity(1 << 16, f));
        write(&mut w)
            .and_then(|()| w.flush())
            .map_err(|e| Error::io(&path, e))?;
        let (_, digest) = w.finish_digest();
        self.written.push(rel, digest);
        self.progress.tick();
        Ok(())
    }

    /// Writes the files `make` renders from each of `items` (name and bytes), on every core at
    /// once; they are listed, and counted, in the items' order.
    pub fn files_each<T: Send>(
        &mut self,
        items: Vec<T>,
        make: impl Fn(T) -> Result<Vec<(String, Vec<u8>)>, Error> + Sync,
    ) -> Result<(), Error> {
        use rayon::prelude::*;
        let tmp = &self.tmp;
        let written: Vec<Vec<(String, [u8; 32])>> = items
            .into_par_iter()
            .map(|item| {
                let files = make(item)?;
                let each = |(rel, bytes): (String, Vec<u8>)| {
                    let digest = crate::digest::sha256(&bytes);
                    let (path, mut f) = tmp.create_shared(&rel)?;
                    f.write_all(&bytes).map_err(|e| Error::io(&path, e))?;
                    Ok((rel, digest))
                };
                files.into_iter().map(each).collect()
            })
            .collect::<Result<_, Error>>()?;
        for (rel, digest) in written.into_iter().flatten() {
            self.written.push(&rel, digest);
            self.progress.tick();
        }
        Ok(())
    }

    /// Writes the file `rel` made by `make` at a path of its own (a workbook library that writes
    /// only to files), then takes its digest.
    pub fn file_at(
        &mut self,
        rel: &str,
        make: impl FnOnce(&Path) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let (path, f) = self.tmp.create(rel)?;
        drop(f);
        make(&path)?;
        self.written.push(rel, crate::digest::file_digest(&path)?);
        Ok(())
    }

    /// [`Folder::file_at`] with `make` run on a thread of its own while `meanwhile` writes the
    /// files that follow: the manifest lists `rel` first all the same. Both run to the end
    /// before an error of either is returned (`make`'s first).
    pub fn file_at_while<T: Send>(
        &mut self,
        rel: &str,
        make: impl FnOnce(&Path) -> Result<(), Error> + Send,
        meanwhile: impl FnOnce(&mut Folder) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let (path, f) = self.tmp.create(rel)?;
        drop(f);
        let at = self.written.len();
        let (made, rest) = std::thread::scope(|s| {
            let made = s.spawn(|| make(&path));
            let rest = meanwhile(self);
            let made = made.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            (made, rest)
        });
        made?;
        let rest = rest?;
        let digest = crate::digest::file_digest(&path)?;
        self.written.insert(at, rel, digest);
        Ok(rest)
    }

    /// Takes the list of the files written so far (for the manifest), leaving it empty.
    pub fn take_written(&mut self) -> Written {
        std::mem::take(&mut self.written)
    }

    /// Writes the final manifest, syncs the folder and puts it in place.
    pub fn finish(self, manifest: &[u8]) -> Result<Installed, Error> {
        self.finish_with(|w| w.write_all(manifest))
    }

    /// [`Folder::finish`] with the manifest written by `write`, through a buffer (a manifest
    /// listing a million statements is never held whole).
    pub fn finish_with(
        self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<Installed, Error> {
        self.progress.finish();
        let (path, f) = self.tmp.create(MANIFEST)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
        write(&mut w)
            .and_then(|()| w.flush())
            .map_err(|e| Error::io(&path, e))?;
        drop(w);
        sync_tree(&self.tmp.path)?;
        super::atomic::settled_inputs(
            "the results could mix its two versions, so the folder was not put in place",
        )?;
        let leftover = install(&self.tmp, &self.dir, self.force)?;
        sync_dir(&self.parent)?;
        Ok(Installed {
            leftover,
            earlier: cleanup::leftovers(&self.parent),
        })
    }
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

/// Writes `files` into a new folder `dir`, as one (see [`Folder`]).
pub fn write(dir: &Path, files: &[PackageFile], force: bool) -> Result<Installed, Error> {
    let manifest = files.iter().find(|f| f.path == MANIFEST);
    let stamp = manifest.map_or(&[][..], |m| &m.bytes[..]);
    let mut folder = Folder::begin(dir, force, stamp)?;
    for f in files.iter().filter(|f| f.path != MANIFEST) {
        folder.file_bytes(&f.path, &f.bytes)?;
    }
    folder.finish(stamp)
}

/// Makes everything under `root` durable: one `syncfs` of its file system on Linux (one flush
/// instead of one per file), else every file and folder synced in turn.
fn sync_tree(root: &Path) -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    {
        let f = std::fs::File::open(root).map_err(|e| Error::io(root, e))?;
        rustix::fs::syncfs(&f).map_err(|e| Error::io(root, e.into()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        fn walk(p: &Path) -> std::io::Result<()> {
            for e in std::fs::read_dir(p)? {
                let e = e?;
                if e.file_type()?.is_dir() {
                    walk(&e.path())?;
                } else {
                    std::fs::File::open(e.path())?.sync_all()?;
                }
            }
            Ok(())
        }
        walk(root).map_err(|e| Error::io(root, e))?;
        sync_dir(root)
    }
}

/// The folder a package is built in, `.pingyi-report-PID-XXXXXX` beside the destination; removed
/// unless renamed into place, and on SIGINT/SIGTERM.
struct TempDir {
    path: PathBuf,
    /// Folders known to exist inside it (the folder itself first): each is made once, not
    /// looked up again for every file.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
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
        let made = std::sync::Mutex::new(std::iter::once(path.clone()).collect());
        Ok(TempDir { path, made })
    }

    /// Creates one file (`/`-separated path inside the folder) and its folders; not synced
    /// ([`Folder::finish`] syncs the whole folder once).
    fn create(&self, rel: &str) -> Result<(PathBuf, std::fs::File), Error> {
        let _live = cleanup::lock();
        self.create_unlocked(rel)
    }

    /// [`TempDir::create`] on one of several threads creating files at once.
    fn create_shared(&self, rel: &str) -> Result<(PathBuf, std::fs::File), Error> {
        let _creating = cleanup::creating();
        self.create_unlocked(rel)
    }

    fn create_unlocked(&self, rel: &str) -> Result<(PathBuf, std::fs::File), Error> {
        let path = self.path.join(rel);
        if let Some(d) = path.parent() {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(d) {
                std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
                made.insert(d.to_path_buf());
            }
        }
        let f = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok((path, f))
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
mod tests;
