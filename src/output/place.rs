//! What an output path names, decided before anything is computed (issue 11 #1):
//!
//! - a regular file, or nothing yet: replaced atomically (a temporary file beside it, renamed);
//! - a symlink: its final target, resolved, is what gets replaced — the link stays a link;
//! - a character device (`/dev/null`, a terminal) or a FIFO: written through, not atomically;
//! - `/dev/stdout` (also `/dev/fd/1`, `/proc/self/fd/1`): pingyi's own standard output;
//! - anything else (a folder, a socket, a block device): refused, exit 2.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Where an output file's bytes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Standard output.
    Stdout,
    /// A device or FIFO, opened and written through.
    Through(PathBuf),
    /// A regular file (existing or new), replaced atomically; symlinks already resolved.
    File(PathBuf),
}

/// How many symlinks are followed before giving up (as the kernel's `ELOOP`).
const MAX_LINKS: usize = 40;

impl Place {
    /// Classifies `path`, given by option `flag` (for messages).
    pub fn of(flag: &str, path: &Path) -> Result<Place, Error> {
        if is_stdout(path) {
            return Ok(Place::Stdout);
        }
        // Following links: a device or FIFO at the end, however reached (`/dev/fd/63` of a
        // shell's process substitution is a link to a pipe with no path of its own).
        if let Ok(m) = std::fs::metadata(path) {
            if through(&m.file_type()) {
                return Ok(Place::Through(path.to_path_buf()));
            }
        }
        let mut p = path.to_path_buf();
        for _ in 0..MAX_LINKS {
            if is_stdout(&p) {
                return Ok(Place::Stdout);
            }
            let meta = match std::fs::symlink_metadata(&p) {
                Ok(m) => m,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Place::File(p)),
                Err(e) => return Err(Error::io(&p, e)),
            };
            let kind = meta.file_type();
            if kind.is_symlink() {
                let to = std::fs::read_link(&p).map_err(|e| Error::io(&p, e))?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
                continue;
            }
            if kind.is_file() {
                return Ok(Place::File(p));
            }
            let what = if kind.is_dir() {
                "a folder"
            } else {
                "neither a regular file, a character device nor a FIFO"
            };
            return Err(Error::Usage(format!(
                "{flag} {} is {what}: pingyi writes a file there only if it is a regular file (replaced atomically), a character device or a FIFO (written through)",
                path.display()
            )));
        }
        Err(Error::Usage(format!(
            "{flag} {}: more than {MAX_LINKS} symbolic links to follow",
            path.display()
        )))
    }

    /// Whether the output is replaced atomically.
    pub fn is_atomic(&self) -> bool {
        matches!(self, Place::File(_))
    }
}

/// Whether `p` names pingyi's standard output.
fn is_stdout(p: &Path) -> bool {
    let own = format!("/proc/{}/fd/1", std::process::id());
    ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", own.as_str()]
        .iter()
        .any(|s| p == Path::new(s))
}

#[cfg(unix)]
fn through(kind: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_char_device() || kind.is_fifo()
}

#[cfg(not(unix))]
fn through(_: &std::fs::FileType) -> bool {
    false
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn places_by_kind() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path();
        assert_eq!(
            Place::of("-o", Path::new("/dev/null")).unwrap(),
            Place::Through("/dev/null".into())
        );
        assert_eq!(
            Place::of("-o", Path::new("/dev/stdout")).unwrap(),
            Place::Stdout
        );
        assert_eq!(
            Place::of("-o", &p.join("new.csv")).unwrap(),
            Place::File(p.join("new.csv"))
        );
        std::fs::write(p.join("t.csv"), "x").unwrap();
        std::os::unix::fs::symlink("t.csv", p.join("l1")).unwrap();
        std::os::unix::fs::symlink(p.join("l1"), p.join("l2")).unwrap();
        assert_eq!(
            Place::of("-o", &p.join("l2")).unwrap(),
            Place::File(p.join("t.csv"))
        );
        std::os::unix::fs::symlink("nowhere/x.csv", p.join("dangling")).unwrap();
        assert_eq!(
            Place::of("-o", &p.join("dangling")).unwrap(),
            Place::File(p.join("nowhere/x.csv"))
        );
        let e = Place::of("--output", p).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("is a folder"), "{e}");
        std::os::unix::fs::symlink("loop", p.join("loop")).unwrap();
        assert!(Place::of("-o", &p.join("loop")).is_err());
    }
}
