//! What a run says on stderr besides its error: warnings unless `--quiet` (with `--strict` they
//! are listed anyway and fail the run), what it did unless `--quiet`, and how each file was
//! read only with `--verbose`.

use crate::error::{Error, Problems};
use crate::output::progress::Progress;

/// `--quiet`, `--verbose` and `--strict`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Voice {
    pub quiet: bool,
    pub verbose: bool,
    pub strict: bool,
}

impl Voice {
    /// Prints the warnings of a run, unless quiet; with strict, warnings are an error.
    pub fn warn(&self, problems: &Problems) -> Result<(), Error> {
        if !self.quiet || self.strict {
            for line in problems.warning_lines() {
                crate::output::diagnostic(line);
            }
        }
        match problems.warning_count() {
            n if n > 0 && self.strict => Err(Error::Strict(n)),
            _ => Ok(()),
        }
    }

    /// Runs `f` with a spinner saying `what` on stderr once it has taken more than a second
    /// (only on a terminal and unless quiet: see [`Progress::spinner`]).
    pub fn working<T>(&self, what: &str, f: impl FnOnce() -> T) -> T {
        let spinner = Progress::spinner(what, self.quiet);
        let out = f();
        spinner.finish();
        out
    }

    /// Prints what a run did, unless quiet.
    pub fn say(&self, lines: Vec<String>) {
        if !self.quiet {
            lines.into_iter().for_each(crate::output::diagnostic);
        }
    }

    /// Prints what a check found, unless quiet; the `read: …` lines only when verbose.
    pub fn say_found(&self, lines: Vec<String>) {
        let verbose = self.verbose;
        let lines = lines
            .into_iter()
            .filter(|l| verbose || !l.starts_with("read: "));
        self.say(lines.collect());
    }
}
