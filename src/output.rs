//! Routing rendered bytes: to stdout, or atomically to a file.
//!
//! A file is written to a temporary file in the same folder and renamed into place, so that an
//! interrupted or failed run never leaves a truncated result behind. A closed stdout pipe
//! (`pingyi | head`) is not an error.

use std::io::{ErrorKind, Write};
use std::path::Path;

use crate::error::Error;

/// Writes `bytes` to `path` atomically, or to stdout when `path` is `None`.
pub fn write(bytes: &[u8], path: Option<&Path>) -> Result<(), Error> {
    match path {
        Some(p) => write_atomic(p, bytes),
        None => write_stdout(bytes),
    }
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".pingyi-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// A unit id as a file name: path separators, control characters and a leading dot replaced.
pub fn file_stem(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|ch| {
            if ch.is_control() || matches!(ch, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            {
                '_'
            } else {
                ch
            }
        })
        .collect();
    if s.starts_with('.') || s.is_empty() {
        s.insert(0, '_');
    }
    s
}

fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(Error::io(Path::new("<stdout>"), e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_stems_cannot_escape_the_folder() {
        assert_eq!(super::file_stem("T1"), "T1");
        assert_eq!(super::file_stem("../x"), "_.._x");
        assert_eq!(super::file_stem("a/b"), "a_b");
        assert_eq!(super::file_stem("村01"), "村01");
    }
}
