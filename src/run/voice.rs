//! What a run says on stderr besides its error: warnings unless `--quiet` (with `--strict` they
//! are listed anyway and fail the run), what it did unless `--quiet`, and how each file was
//! read only with `--verbose`.

use crate::error::{Error, Problems};

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
        match problems.warnings().count() {
            n if n > 0 && self.strict => Err(Error::Strict(n)),
            _ => Ok(()),
        }
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
