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
    /// A spreadsheet in a format pingyi does not read, or one under a name the roll-up's folders
    /// are not read by.
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
        let file = self.file.display().to_string();
        write!(f, "{label}: {}", escape_controls(&file, false))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(place) = &self.place {
            write!(f, ": {}", escape_controls(place, false))?;
        }
        if let Some(unit) = &self.unit {
            write!(f, " (unit {})", escape_controls(unit, false))?;
        }
        write!(f, ": {}", escape_controls(&self.message, false))
    }
}

/// `s` with control characters shown escaped — `\x1b`, `\x07`, `\t`, `\r`, `\u{9b}` — and
/// the bidirectional overrides that reorder what a terminal shows (`\u{202e}`): text from the
/// data (a unit name, a cell, a file name) can then never move the cursor, retitle the terminal
/// or hide itself in a table, a Markdown file or a diagnostic (issue 11 #15). Line breaks stay
/// when `keep_newlines` (a whole rendered document), else are shown as `\n`.
pub fn escape_controls(s: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let escape = |c: char| (c.is_control() && !(keep_newlines && c == '\n')) || bidi(c);
    if !s.chars().any(escape) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !escape(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    std::borrow::Cow::Owned(out)
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

    /// The unit concerned (`id 名称`); an empty one (a row that names no unit) is none.
    pub fn unit(mut self, unit: impl Into<Option<String>>) -> Problem {
        self.unit = unit.into().filter(|u| !u.is_empty());
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

/// How many warnings of one kind are printed before the rest are counted in one line.
pub const REPEATS_SHOWN: usize = 10;

impl Problems {
    /// The lines that show the warnings: each kind (same file, same message once quoted text is
    /// set aside) up to [`REPEATS_SHOWN`] times, then one line counting the rest — a header of a
    /// million unknown columns gives eleven lines, not a million (issue 11 #14).
    pub fn warning_lines(&self) -> Vec<String> {
        let mut sorted: Vec<&Problem> = self.warnings().collect();
        sorted.sort_by(|a, b| (&a.file, a.line.unwrap_or(0)).cmp(&(&b.file, b.line.unwrap_or(0))));
        summarised(sorted)
    }
}

/// `list` as lines, each kind shown at most [`REPEATS_SHOWN`] times; the count of the rest of a
/// kind follows its last line shown.
fn summarised(list: Vec<&Problem>) -> Vec<String> {
    let mut seen: std::collections::HashMap<(&Path, String), usize> = Default::default();
    let mut order: Vec<(&Path, String, String)> = Vec::new();
    let mut out: Vec<(String, Option<usize>)> = Vec::new();
    for p in list {
        let key = (p.file.as_path(), kind(&p.message));
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n <= REPEATS_SHOWN {
            out.push((p.to_string(), None));
        }
        if *n == REPEATS_SHOWN + 1 {
            order.push((key.0, key.1, p.message.clone()));
            out.push((String::new(), Some(order.len() - 1)));
        }
    }
    out.into_iter()
        .map(|(line, more)| match more {
            None => line,
            Some(k) => {
                let (file, key, message) = &order[k];
                let rest = seen[&(*file, key.clone())] - REPEATS_SHOWN;
                format!(
                    "warning: {}: … and {rest} more warning(s) like the last: {}",
                    file.display(),
                    cut(message)
                )
            }
        })
        .collect()
}

/// A message with its quoted parts (`…`) and numbers set aside: what makes two warnings alike.
fn kind(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '`' => {
                quoted = !quoted;
                out.push('`');
            }
            _ if quoted => {}
            c if c.is_ascii_digit() => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The first 80 characters of a message.
fn cut(message: &str) -> String {
    let mut s: String = message.chars().take(80).collect();
    if s.len() < message.len() {
        s.push('…');
    }
    s
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sorted: Vec<&Problem> = self
            .list
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
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
        for line in self.warning_lines() {
            writeln!(f, "{line}")?;
        }
        let errors = self.error_count();
        let warnings = self.list.len() - errors;
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

/// The exit-code table, as `--help` prints it: [`Error::exit_code`] is its code.
pub const EXIT_CODES: &str = "Exit codes: 0 success (a closed output pipe, as in `pingyi | head`, is success too); 1 invalid data or config (every problem is listed on stderr), or a file that cannot be read or written; 2 usage (bad arguments, unknown track, unit or period, --output or --manifest naming an input file, a file in the data folder or a folder, --out DIR existing without --force, or with --force neither empty nor a pingyi package). SIGINT/SIGTERM remove what was being written.

CSV/TSV text cells beginning with = + - @ tab or CR get a leading ' so that spreadsheets do not run them as formulas (--raw turns this off); numbers are never changed. See docs/output.md.";

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
    /// `--strict`: the run had warnings (listed before), which fail it.
    #[error("{0} warning(s), and --strict makes warnings fail the run")]
    Strict(usize),
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
            Error::Invalid(_) | Error::Io { .. } | Error::Incomplete(_) | Error::Strict(_) => 1,
            Error::Usage(_) => 2,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

thread_local! {
    /// Whether a panic on this thread is being caught by [`quietly`] (and not printed).
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic on this thread into `Err` without printing it. Libraries panic
/// where this program reports: calamine on some damaged files, rust_xlsxwriter when a
/// constant-memory sheet's temporary file cannot be written (a full TMPDIR). The process's
/// panic hook, set once, stays silent for a thread inside `quietly` and prints as ever for the
/// others, so that nothing running beside it is silenced.
pub fn quietly<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let print = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                print(info)
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(f);
    QUIET.with(|q| q.set(was));
    result
}

/// What a caught panic said (its message, when it has one).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    match (
        payload.downcast_ref::<&str>(),
        payload.downcast_ref::<String>(),
    ) {
        (Some(s), _) => s,
        (_, Some(s)) => s,
        _ => "a panic without a message",
    }
}
