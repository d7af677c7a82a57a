//! Input files must be regular files. A named pipe (FIFO) blocks the process that opens it until
//! something writes to it, and a character device such as `/dev/zero` never ends: either hangs a
//! run (a cron job waits forever) instead of failing it. So the kind of every input path is read
//! from its metadata — symbolic links followed — before it is opened, and anything but a regular
//! file is refused, naming what it is. A missing file or a broken link is left to the opening,
//! whose error says why.

use std::fs::FileType;
use std::path::Path;

/// Why `path` cannot be read as a file, when it is no regular file: `cannot be read: it is a
/// named pipe (FIFO)`, `… it is a symbolic link to /dev/zero, a character device`. `None` for a
/// regular file, and for a path whose kind cannot be told (opening it reports the error).
pub fn not_a_file(path: &Path) -> Option<String> {
    let kind = std::fs::metadata(path).ok()?.file_type();
    if kind.is_file() {
        return None;
    }
    let what = describe(&kind);
    let linked = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = linked.then(|| std::fs::canonicalize(path).ok()).flatten();
    Some(match target {
        Some(t) => format!(
            "cannot be read: it is a symbolic link to {}, {what}",
            t.display()
        ),
        None => format!("cannot be read: it is {what}"),
    })
}

/// Why `path` is no absence though nothing is there: a symbolic link whose target does not
/// exist (`cannot be read: it is a symbolic link to /mnt/share/x.csv, which does not exist`),
/// or that leads back to itself through links (`a.csv` → `b.csv` → `a.csv`). `None` for anything
/// else.
pub fn broken_link(path: &Path) -> Option<String> {
    let link = std::fs::symlink_metadata(path).ok()?;
    let error = match std::fs::metadata(path) {
        Ok(_) => return None,
        Err(e) => e,
    };
    if !link.file_type().is_symlink() {
        return None;
    }
    let target = std::fs::read_link(path).ok()?;
    // ELOOP: too many links followed, which a loop of links makes.
    #[cfg(unix)]
    let looped = rustix::io::Errno::from_io_error(&error) == Some(rustix::io::Errno::LOOP);
    #[cfg(not(unix))]
    let looped = false;
    Some(match looped {
        true => format!(
            "cannot be read: it is a symbolic link to {}, which leads back to itself through symbolic links (a loop): link it to the file meant",
            target.display()
        ),
        false => format!(
            "cannot be read: it is a symbolic link to {}, which does not exist",
            target.display()
        ),
    })
}

/// What a file that is not regular is, for messages and `check`'s list of files not read.
pub fn describe(kind: &FileType) -> &'static str {
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO), not a file";
        }
        if kind.is_char_device() {
            return "a character device, not a file";
        }
        if kind.is_block_device() {
            return "a block device, not a file";
        }
        if kind.is_socket() {
            return "a socket, not a file";
        }
    }
    "not a regular file"
}

/// The input files of a run as they were when first read: its length, modification time and
/// (on Unix) device and inode — an input replaced (a new file renamed over it) or rewritten while
/// pingyi runs no longer matches. A file read twice in a run (the previous quarter read for the
/// trends, then again as the next quarter's base) must be the same file both times, and every
/// input must still be so when an output is put in place: else the results could mix two
/// versions of a table, or a manifest name a file the run did not read.
///
/// Kept for the process (the reading happens on several threads) and only once
/// [`watch_inputs`] is called — by the binary, not by the library's unit tests, which rewrite
/// their fixtures between runs in one process.
mod stamps {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;
    use std::time::SystemTime;

    static ON: AtomicBool = AtomicBool::new(false);
    /// The run's inputs.
    pub static RUN: Stamps = Stamps::new();

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct Stamp {
        len: u64,
        modified: Option<SystemTime>,
        file: (u64, u64),
    }

    fn stamp(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let file = {
            use std::os::unix::fs::MetadataExt;
            (m.dev(), m.ino())
        };
        #[cfg(not(unix))]
        let file = (0, 0);
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            file,
        })
    }

    pub fn watch() {
        ON.store(true, Ordering::Relaxed);
    }

    pub fn watching() -> bool {
        ON.load(Ordering::Relaxed)
    }

    /// Files as first read.
    pub struct Stamps(Mutex<Option<HashMap<PathBuf, Stamp>>>);

    impl Stamps {
        pub const fn new() -> Stamps {
            Stamps(Mutex::new(None))
        }

        /// Notes `path` as read now: `false` when it was read before and is not that file now.
        pub fn read(&self, path: &Path) -> bool {
            let Some(now) = stamp(path) else {
                return true;
            };
            let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
            let seen = seen.get_or_insert_with(HashMap::new);
            match seen.get(path) {
                Some(was) => *was == now,
                None => {
                    seen.insert(path.to_path_buf(), now);
                    true
                }
            }
        }

        /// The files noted that are not now as they were first read (or are gone), in order.
        pub fn changed(&self) -> Vec<PathBuf> {
            let seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
            let mut out: Vec<PathBuf> = seen
                .iter()
                .flatten()
                .filter(|(p, was)| stamp(p) != Some(**was))
                .map(|(p, _)| p.clone())
                .collect();
            out.sort();
            out
        }
    }
}

/// What an input that changed while pingyi ran is told, before what became of the run.
pub const CHANGED: &str =
    "changed while pingyi was running (replaced or rewritten since this run first read it)";

/// What is told of a run whose input changed.
pub const SETTLE: &str = "run again once the data folder is settled";

/// From now on, every input read is noted as it is ([`input_read`]) and checked again before an
/// output is put in place ([`inputs_changed`]).
pub fn watch_inputs() {
    stamps::watch();
}

/// Notes that `path` is being read; the message of [`CHANGED`] when this run read it before
/// and it is no longer that file.
pub fn input_read(path: &Path) -> Result<(), String> {
    match !stamps::watching() || stamps::RUN.read(path) {
        true => Ok(()),
        false => Err(format!(
            "{CHANGED}: the results would mix its two versions; {SETTLE}"
        )),
    }
}

/// The inputs read in this run that are no longer as they were when first read (also those
/// since removed), in path order.
pub fn inputs_changed() -> Vec<std::path::PathBuf> {
    stamps::RUN.changed()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_regular_file_is_named() {
        let d = tempfile::tempdir().unwrap();
        let file = d.path().join("t.csv");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(not_a_file(&file), None);
        assert_eq!(not_a_file(&d.path().join("missing.csv")), None);
        assert_eq!(
            not_a_file(d.path()).as_deref(),
            Some("cannot be read: it is a folder")
        );
        let link = d.path().join("z.csv");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert_eq!(
            not_a_file(&link).as_deref(),
            Some("cannot be read: it is a symbolic link to /dev/zero, a character device, not a file")
        );
        let fifo = d.path().join("p.csv");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
        )
        .unwrap();
        assert_eq!(
            not_a_file(&fifo).as_deref(),
            Some("cannot be read: it is a named pipe (FIFO), not a file")
        );
        // An input read again, or checked before an output is put in place, is the file first
        // read: not when rewritten (another length), nor when replaced by a copy of the same
        // bytes renamed over it (another file); a file read for the first time is noted as is.
        let seen = stamps::Stamps::new();
        let (t, u) = (d.path().join("t.csv"), d.path().join("u.csv"));
        std::fs::write(&t, "unit_id,x\nT1,1\n").unwrap();
        std::fs::write(&u, "unit_id,x\n").unwrap();
        assert!(seen.read(&t) && seen.read(&u) && seen.read(&t));
        assert!(seen.changed().is_empty());
        std::fs::write(&t, "unit_id,x\nT1,10\n").unwrap();
        assert!(!seen.read(&t));
        assert_eq!(seen.changed(), std::slice::from_ref(&t));
        let seen = stamps::Stamps::new();
        assert!(seen.read(&t));
        let copy = d.path().join(".t.csv");
        std::fs::copy(&t, &copy).unwrap();
        std::fs::rename(&copy, &t).unwrap();
        assert!(!seen.read(&t));
        std::fs::remove_file(&u).unwrap();
        assert!(seen.read(&u), "a file first met gone is no input read");
        assert_eq!(seen.changed(), std::slice::from_ref(&t));
        // Links in a loop are named as such.
        let (a, b) = (d.path().join("a.csv"), d.path().join("b.csv"));
        std::os::unix::fs::symlink("b.csv", &a).unwrap();
        std::os::unix::fs::symlink("a.csv", &b).unwrap();
        assert_eq!(
            broken_link(&a).as_deref(),
            Some("cannot be read: it is a symbolic link to b.csv, which leads back to itself through symbolic links (a loop): link it to the file meant")
        );
        // A link to what is gone is named as such; a missing path, a file, a live link are not.
        let gone = d.path().join("gone.csv");
        std::os::unix::fs::symlink("/nonexistent/e.csv", &gone).unwrap();
        assert_eq!(
            broken_link(&gone).as_deref(),
            Some(
                "cannot be read: it is a symbolic link to /nonexistent/e.csv, which does not exist"
            )
        );
        assert_eq!(broken_link(&d.path().join("missing.csv")), None);
        assert_eq!(broken_link(&file), None);
        let live = d.path().join("live.csv");
        std::os::unix::fs::symlink(&file, &live).unwrap();
        assert_eq!(broken_link(&live), None);
    }
}
