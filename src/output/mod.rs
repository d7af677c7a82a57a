//! Routing rendered bytes: to stdout, or to a file; and diagnostics to stderr.
//!
//! A regular file is written to a temporary file in the same folder and put in place in one step
//! ([`atomic`]), so that an interrupted or failed run never leaves a truncated result behind, and
//! an existing file is only ever replaced whole; a symlink's target is what gets replaced; a
//! device or FIFO is written through ([`place`]). A closed pipe (`pingyi | head`,
//! `pingyi 2>&1 | head`) is not an error: neither output nor diagnostics may fail a run or panic
//! (`eprintln!` would).

use std::fmt::Display;
use std::io::{ErrorKind, IsTerminal, Write};
use std::path::Path;

use crate::error::Error;

pub mod atomic;
pub mod cleanup;
pub mod folder;
pub mod guard;
pub mod manifest;
pub mod names;
pub mod ours;
pub mod package;
pub mod place;
pub mod publish;
pub mod request;

use place::Place;

/// Writes `bytes` to `path` (atomically when it is a regular file), or to stdout when `path` is
/// `None`.
pub fn write(bytes: &[u8], path: Option<&Path>) -> Result<(), Error> {
    match path {
        Some(p) => write_to(&Place::of("--output", p)?, bytes),
        None => write_stdout(bytes),
    }
}

/// Writes `bytes` to `place`.
pub fn write_to(place: &Place, bytes: &[u8]) -> Result<(), Error> {
    match place {
        Place::Stdout => write_stdout(bytes),
        Place::Through(p) => atomic::write_through(p, bytes),
        Place::File(p) => write_atomic(p, bytes),
    }
}

/// Writes `bytes` to a temporary file next to `path`, syncs it and puts it in place. On any
/// failure the temporary file is removed and `path` is left as it was. Leftovers of killed runs
/// in the folder are removed afterwards (see [`cleanup::leftovers`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    atomic::Staged::write(path, bytes)?.commit()?.finish()?;
    cleanup::leftovers(&atomic::parent(path));
    Ok(())
}

fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    write_stdout_with(&mut |w| w.write_all(bytes))
}

/// Writes what `write` writes to stdout, through a buffer; a closed pipe ends it quietly.
pub(crate) fn write_stdout_with(
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(Error::io(Path::new("<stdout>"), e)),
        _ => Ok(()),
    }
}

/// Whether `a` and `b` name the same file: both canonicalize to the same path, or — for a
/// target that does not exist yet — its folder does and holds the same file name.
pub fn same_target(a: &Path, b: &Path) -> bool {
    match (canonical(a), canonical(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// The canonical path of `p`, or of its folder joined with its name when `p` does not exist.
pub fn canonical(p: &Path) -> Option<std::path::PathBuf> {
    if let Ok(c) = std::fs::canonicalize(p) {
        return Some(c);
    }
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(p.file_name()?))
}

/// Prints one diagnostic line to stderr, control characters from the data shown escaped. A closed or failing stderr is ignored: losing a warning
/// must not turn a good run into a crash.
pub fn diagnostic(line: impl Display) {
    let line = line.to_string();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", crate::error::escape_controls(&line, true));
}

/// Whether output to stdout may be coloured: stdout is a terminal, `NO_COLOR` is unset or empty
/// and `TERM` is not `dumb` (<https://no-color.org>). No renderer colours anything yet; the
/// table renderer already passes this to comfy-table, which does not read `NO_COLOR` itself.
pub fn colour_enabled() -> bool {
    colour_allowed(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("TERM").as_deref(),
    )
}

/// [`colour_enabled`] over explicit inputs, for testing.
pub fn colour_allowed(
    terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::*;

    #[test]
    fn an_output_in_a_missing_folder_creates_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/2024Q4/ranks.csv");
        write_atomic(&path, b"a,b\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left beside the output");
    }

    #[test]
    fn colour_needs_a_terminal_and_respects_no_color_and_dumb_terminals() {
        let s = |x: &'static str| Some(OsStr::new(x));
        assert!(colour_allowed(true, None, s("xterm-256color")));
        assert!(colour_allowed(true, s(""), None));
        assert!(!colour_allowed(false, None, s("xterm")));
        assert!(!colour_allowed(true, s("1"), s("xterm")));
        assert!(!colour_allowed(true, None, s("dumb")));
    }

    #[test]
    fn a_failed_atomic_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // Renaming a file onto a non-empty directory fails after the temporary file is written.
        let target = dir.path().join("out.csv");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), b"old").unwrap();
        assert!(write_atomic(&target, b"new").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.csv")]);
        assert_eq!(std::fs::read(target.join("keep")).unwrap(), b"old");
    }

    #[test]
    fn an_atomic_write_replaces_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, b"a much longer old content").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
