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
