//! Errors and diagnostics.
//!
//! Loading collects every problem it finds into a [`Problems`] list instead of stopping at the
//! first, so that one run tells the assessment office everything that is wrong with a quarter's
//! files. Each [`Problem`] names the file, the line or row, the column or key path and the unit,
//! where those are known.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors stop the run, warnings are printed and the run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about the config or the data, with everything needed to find and fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line of the file (for CSV: the physical line of the row).
    pub line: Option<u64>,
    /// A key path (`indicators[3].points.town`) or a column (`column gdp`).
    pub place: Option<String>,
    /// The unit concerned: `id 名称`.
    pub unit: Option<String>,
    pub message: String,
    /// What kind of problem it is, for programs (see [`code`]); `None` for most.
    pub code: Option<&'static str>,
}

/// Stable codes of the problems programs need to tell apart.
pub mod code {
    /// A file the period needs (a category's rows, a growth base) is not there.
    pub const MISSING_FILE: &str = "missing-file";
    /// A period folder a growth indicator compares with is not there.
    pub const MISSING_FOLDER: &str = "missing-folder";
    /// A table lacks an indicator column the scheme scores.
    pub const MISSING_COLUMN: &str = "missing-column";
    /// A registry unit has no row in its category's table.
    pub const MISSING_ROW: &str = "missing-row";
    /// A required cell is given by no file.
    pub const MISSING_CELL: &str = "missing-cell";
    /// A spreadsheet in a format pingyi does not read.
    pub const UNREAD_FILE: &str = "unread-file";

    /// Whether a problem of this code says that data is absent (the period is incomplete), as
    /// opposed to present and wrong.
    pub fn is_absence(code: Option<&str>) -> bool {
        matches!(
            code,
            Some(MISSING_FILE | MISSING_FOLDER | MISSING_COLUMN | MISSING_ROW | MISSING_CELL)
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(place) = &self.place {
            write!(f, ": {place}")?;
        }
        if let Some(unit) = &self.unit {
            write!(f, " (unit {unit})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A growing list of problems. Loading code pushes into it and carries on.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problem {
    /// An error in `file`; narrow it down with [`Problem::line`], [`Problem::place`] and
    /// [`Problem::unit`].
    pub fn error(file: &Path, message: impl Into<String>) -> Problem {
        Problem::new(Severity::Error, file, message.into())
    }

    /// A warning in `file`; warnings never fail a run.
    pub fn warning(file: &Path, message: impl Into<String>) -> Problem {
        Problem::new(Severity::Warning, file, message.into())
    }

    fn new(severity: Severity, file: &Path, message: String) -> Problem {
        Problem {
            severity,
            file: file.to_path_buf(),
            line: None,
            place: None,
            unit: None,
            message,
            code: None,
        }
    }

    /// Its [`code`].
    pub fn code(mut self, code: &'static str) -> Problem {
        self.code = Some(code);
        self
    }

    /// The 1-based line (CSV) or row (worksheet).
    pub fn line(mut self, line: impl Into<Option<u64>>) -> Problem {
        self.line = line.into();
        self
    }

    /// The key path or column (`column gdp`, `sheet village, cell C5, column gdp`).
    pub fn place(mut self, place: impl Into<Option<String>>) -> Problem {
        self.place = place.into();
        self
    }

    /// The unit concerned (`id 名称`).
    pub fn unit(mut self, unit: impl Into<Option<String>>) -> Problem {
        self.unit = unit.into();
        self
    }
}

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, p: Problem) {
        self.list.push(p);
    }

    pub fn extend(&mut self, other: Problems) {
        self.list.extend(other.list);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|p| p.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.list
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter()
    }

    /// Whether every error says that data is absent ([`code::is_absence`]): the files describe
    /// part of a period, not a wrong one.
    pub fn only_absences(&self) -> bool {
        self.list
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .all(|p| code::is_absence(p.code))
    }

    /// Only the warnings, for printing when the run succeeds.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter().filter(|p| p.severity == Severity::Warning)
    }

    /// Turns the list into `Err` if it holds any error, else hands back the warnings.
    pub fn into_result(self) -> Result<Problems, Error> {
        if self.has_errors() {
            Err(Error::Invalid(self))
        } else {
            Ok(self)
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sorted: Vec<&Problem> = self.list.iter().collect();
        // Errors first, then by file and line, so that the listing reads top to bottom.
        sorted.sort_by(|a, b| {
            (a.severity, &a.file, a.line.unwrap_or(0)).cmp(&(
                b.severity,
                &b.file,
                b.line.unwrap_or(0),
            ))
        });
        for p in sorted {
            writeln!(f, "{p}")?;
        }
        let errors = self.error_count();
        let warnings = self.list.len() - errors;
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

/// The library's error type. `main` maps it to an exit code with [`Error::exit_code`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The config or the data is invalid; every problem found is listed.
    #[error("invalid config or data:\n{0}")]
    Invalid(Problems),
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The command line asks for something that does not exist (a track, a period …).
    #[error("{0}")]
    Usage(String),
    /// The period asked for by default is not complete yet (one line says what to do).
    #[error("{0}")]
    Incomplete(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// 1 for bad data, config or files; 2 for usage.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) | Error::Io { .. } | Error::Incomplete(_) => 1,
            Error::Usage(_) => 2,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
