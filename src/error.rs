//! Errors and diagnostics.
//!
//! Loading collects every problem it finds into a [`Problems`] list instead of stopping at the
//! first, so that one run tells the assessment office everything that is wrong with a quarter's
//! files. Each [`Problem`] names the file, the line or row, the column or key path and the unit,
//! where those are known.

// foldhash (hashbrown's default): every problem of a wrong national file is hashed to its kind.
use hashbrown::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors stop the run, warnings are printed and the run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// A required cell left empty in a table that gives its column (`missing = "error"`): data
    /// not filled in, which is no absence in the period being ranked, but is one in a folder that
    /// holds only part of an earlier period (growth bases, some of them blank).
    pub const EMPTY_CELL: &str = "empty-cell";
    /// A blank of a table that holds no value at all, or a column no unit has a value in under
    /// `average` (a collection table put in the folder before it is filled in): data not there
    /// yet in the latest quarter ([`super::Problems::only_absences`]), but no "part of a period"
    /// in an earlier one, which was complete once.
    pub const UNFILLED: &str = "unfilled";
    /// A spreadsheet in a format pingyi does not read, or one under a name the roll-up's folders
    /// are not read by.
    pub const UNREAD_FILE: &str = "unread-file";
    /// Problems of one kind past the first [`super::KEPT`], counted in one (see
    /// [`super::Problems::repeated`]).
    pub const REPEATED: &str = "repeated";

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
///
/// Every problem is counted, and the first [`KEPT`] of each kind (the same severity, file and
/// code, the same column, and the same message once quoted text and numbers are set aside) are kept
/// whole; the rest of a kind are counted with the lines they were on and listed as one line
/// ([`Problems::repeated`]). A national file whose every cell is wrong is then a few thousand
/// lines and a few megabytes, not tens of millions of messages held in memory and printed.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    list: Vec<Problem>,
    kinds: HashMap<Kind, Tally>,
    errors: usize,
    warnings: usize,
}

/// How many problems of one kind are kept whole (see [`Problems`]).
pub const KEPT: usize = 100;

/// What makes two problems alike (see [`Problems`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Kind {
    severity: Severity,
    file: PathBuf,
    code: Option<&'static str>,
    place: String,
    message: String,
}

impl Kind {
    fn of(p: &Problem) -> Kind {
        Kind {
            severity: p.severity,
            file: p.file.clone(),
            code: p.code,
            place: p.place.as_deref().map(place_kind).unwrap_or_default(),
            message: kind(&p.message),
        }
    }
}

/// The problems of one kind: how many there were, the last line of those kept, and those past
/// [`KEPT`].
#[derive(Debug, Clone, Default)]
struct Tally {
    count: usize,
    last_kept: u64,
    past: Option<Past>,
}

/// The problems of a kind past the first [`KEPT`]: how many, the first of them (its place and
/// message stand for the rest), and the lowest and highest line among them.
#[derive(Debug, Clone)]
struct Past {
    count: usize,
    first: Problem,
    lines: Option<(u64, u64)>,
}

impl Past {
    fn add(&mut self, count: usize, lines: Option<(u64, u64)>) {
        self.count += count;
        self.lines = match (self.lines, lines) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, y) => x.or(y),
        };
    }
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
        match p.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        let tally = self.kinds.entry(Kind::of(&p)).or_default();
        tally.count += 1;
        if tally.count <= KEPT {
            tally.last_kept = tally.last_kept.max(p.line.unwrap_or(0));
            self.list.push(p);
            return;
        }
        let lines = p.line.map(|l| (l, l));
        match &mut tally.past {
            Some(past) => past.add(1, lines),
            None => {
                tally.past = Some(Past {
                    count: 1,
                    first: p,
                    lines,
                })
            }
        }
    }

    /// Adds `other`'s problems, as if each had been pushed here.
    pub fn extend(&mut self, other: Problems) {
        for p in other.list {
            self.push(p);
        }
        for (kind, t) in other.kinds {
            if let Some(past) = t.past {
                self.absorb(kind, past);
            }
        }
    }

    /// [`Problems::extend`], leaving out the problems this list shows already (a period and
    /// the one before it share the registry's problems: each is reported once).
    pub fn extend_new(&mut self, mut other: Problems) {
        let shown: std::collections::HashSet<String> =
            self.list.iter().map(|p| p.to_string()).collect();
        other.list.retain(|p| !shown.contains(&p.to_string()));
        self.extend(other);
    }

    /// Counts here the problems of `kind` another list counted past its first KEPT (the first
    /// of them standing for the rest, when the kind has none past its first KEPT here yet).
    fn absorb(&mut self, kind: Kind, past: Past) {
        match kind.severity {
            Severity::Error => self.errors += past.count,
            Severity::Warning => self.warnings += past.count,
        }
        let here = self.kinds.entry(kind).or_default();
        here.count += past.count;
        match &mut here.past {
            Some(mine) => mine.add(past.count, past.lines),
            None => here.past = Some(past),
        }
    }

    /// The warnings here that `other` does not report (the same file and message, as a warning
    /// or as an error: a roll-up makes some of its quarters' warnings errors), those counted past
    /// the first KEPT of a kind included when `other` has no warning of their kind.
    pub fn warnings_not_in(&self, other: &Problems) -> Problems {
        let mut out = Problems::new();
        for p in self.warnings() {
            if !other
                .list
                .iter()
                .any(|q| q.message == p.message && q.file == p.file)
            {
                out.push(p.clone());
            }
        }
        for (kind, t) in &self.kinds {
            match &t.past {
                Some(past)
                    if kind.severity == Severity::Warning && !other.kinds.contains_key(kind) =>
                {
                    out.absorb(kind.clone(), past.clone())
                }
                _ => {}
            }
        }
        out
    }

    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// Every error pushed, the kept and the counted alike.
    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// Every warning pushed, the kept and the counted alike.
    pub fn warning_count(&self) -> usize {
        self.warnings
    }

    pub fn is_empty(&self) -> bool {
        self.errors + self.warnings == 0
    }

    /// The problems kept whole, in the order they were pushed (see [`Problems`]).
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter()
    }

    /// One problem for each kind with problems past the first [`KEPT`]: code `repeated`, the
    /// place of the first of them, and a message counting them with their lines and quoting the
    /// first one's message; by file, place and message.
    pub fn repeated(&self) -> Vec<Problem> {
        let mut out: Vec<Problem> = self.counted().into_iter().map(|(_, p)| p).collect();
        out.sort_by(|a, b| {
            (a.severity, &a.file, &a.place, &a.message)
                .cmp(&(b.severity, &b.file, &b.place, &b.message))
        });
        out
    }

    /// [`Problems::repeated`]'s problems, each with the last line of its kind's kept ones.
    fn counted(&self) -> Vec<(u64, Problem)> {
        self.kinds
            .iter()
            .filter_map(|(kind, t)| {
                t.past
                    .as_ref()
                    .map(|past| (kind.severity, t.last_kept, past))
            })
            .map(|(severity, last, past)| {
                let what = match severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let lines = match past.lines {
                    Some((a, b)) if a == b => format!(" (line {a})"),
                    Some((a, b)) => format!(" (lines {a}–{b})"),
                    None => String::new(),
                };
                let p = &past.first;
                let counted = Problem {
                    severity,
                    file: p.file.clone(),
                    line: None,
                    place: p.place.clone(),
                    unit: None,
                    message: format!(
                        "… and {} more {what}(s) like the last{lines}: {}",
                        past.count,
                        cut(&p.message)
                    ),
                    code: Some(code::REPEATED),
                };
                (last, counted)
            })
            .collect()
    }

    /// Whether every error says that data is absent ([`code::is_absence`]) or not filled in yet
    /// ([`code::UNFILLED`]): the files describe part of a period, not a wrong one. (Each kind has
    /// a problem kept, with the kind's code.)
    pub fn only_absences(&self) -> bool {
        self.list
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .all(|p| code::is_absence(p.code) || p.code == Some(code::UNFILLED))
    }

    /// Whether the errors describe a folder holding part of a period: some data absent
    /// ([`code::is_absence`]) and, besides, at most cells left empty ([`code::EMPTY_CELL`]) —
    /// say, an earlier quarter's folder with only the values a growth indicator compares with,
    /// some of them blank.
    pub fn only_part(&self) -> bool {
        let mut errors = self.list.iter().filter(|p| p.severity == Severity::Error);
        let mut absent = false;
        let gaps = errors.all(|p| {
            absent |= code::is_absence(p.code);
            code::is_absence(p.code) || p.code == Some(code::EMPTY_CELL)
        });
        gaps && absent
    }

    /// Only the warnings kept, for printing when the run succeeds ([`Problems::warning_lines`]
    /// prints them with the rest counted).
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
        // Each kind's count: those kept, and those past them.
        let mut counts: HashMap<(&Path, &str), usize> = HashMap::new();
        for (k, t) in &self.kinds {
            if k.severity == Severity::Warning {
                *counts
                    .entry((k.file.as_path(), k.message.as_str()))
                    .or_default() += t.count;
            }
        }
        summarised(sorted, &counts)
    }
}

/// `list` as lines, each kind shown at most [`REPEATS_SHOWN`] times; the count of the rest of a
/// kind (from `counts`, by file and [`kind`] of message) follows its last line shown.
fn summarised(list: Vec<&Problem>, counts: &HashMap<(&Path, &str), usize>) -> Vec<String> {
    let mut seen: HashMap<(&Path, String), usize> = Default::default();
    let mut out = Vec::new();
    for p in list {
        let key = (p.file.as_path(), kind(&p.message));
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n <= REPEATS_SHOWN {
            out.push(p.to_string());
        }
        if *n == REPEATS_SHOWN + 1 {
            let rest = counts.get(&(key.0, key.1.as_str())).copied().unwrap_or(*n) - REPEATS_SHOWN;
            out.push(format!(
                "warning: {}: … and {rest} more warning(s) like the last: {}",
                p.file.display(),
                cut(&p.message)
            ));
        }
    }
    out
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

/// A place with its cell set aside (`sheet 乡镇, cell C5, column gdp` → `sheet 乡镇, cell,
/// column gdp`): the column stays, whatever its name.
fn place_kind(place: &str) -> String {
    place
        .split(", ")
        .map(|part| {
            if part.starts_with("cell ") {
                "cell"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first 80 characters of a message.
fn cut(message: &str) -> String {
    let mut s: String = message.chars().take(80).collect();
    if s.len() < message.len() {
        s.push('…');
    }
    s
}

impl Problems {
    /// The errors as the listing shows them: by file and line, so that it reads top to bottom
    /// (in the order found on a line); a kind's count of those past its first KEPT follows the
    /// last one kept.
    pub fn errors_in_order(&self) -> Vec<std::borrow::Cow<'_, Problem>> {
        use std::borrow::Cow;
        let mut lines: Vec<((PathBuf, u64, usize), Cow<Problem>)> = self
            .list
            .iter()
            .enumerate()
            .filter(|(_, p)| p.severity == Severity::Error)
            .map(|(i, p)| ((p.file.clone(), p.line.unwrap_or(0), i), Cow::Borrowed(p)))
            .collect();
        for (last, p) in self.counted() {
            if p.severity == Severity::Error {
                lines.push(((p.file.clone(), last, usize::MAX), Cow::Owned(p)));
            }
        }
        // Ties (two kinds counted after one line) by their text, as the listing always was.
        lines.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.to_string().cmp(&b.1.to_string()))
        });
        lines.into_iter().map(|(_, p)| p).collect()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in self.errors_in_order() {
            writeln!(f, "{p}")?;
        }
        for line in self.warning_lines() {
            writeln!(f, "{line}")?;
        }
        write!(f, "{} error(s), {} warning(s)", self.errors, self.warnings)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(file: &str, line: u64, col: &str, found: &str) -> Problem {
        Problem::error(
            Path::new(file),
            format!("expected a number, found `{found}`"),
        )
        .line(line)
        .place(format!("column {col}"))
        .unit(format!("V{line} 村"))
    }

    #[test]
    fn extend_new_leaves_out_what_is_listed_already() {
        let shared = Problem::warning(Path::new("units.csv"), "former id `Z77` …")
            .unit("Z13 柳河镇".to_string());
        let mut now = Problems::new();
        now.push(shared.clone());
        let mut before = Problems::new();
        before.push(shared.clone());
        before.push(bad("q3.csv", 4, "gdp", "x"));
        now.extend_new(before);
        assert_eq!((now.error_count(), now.warning_count()), (1, 1));
        assert_eq!(now.iter().filter(|p| **p == shared).count(), 1);
    }

    /// Past the first KEPT of a kind (file, column, message but for the quoted text), problems
    /// are counted, with their lines, in one line after the last one kept; each column is a kind
    /// of its own, whatever its name (`i1`, `i2`), and every problem is in the counts.
    #[test]
    fn problems_past_the_first_hundred_of_a_kind_are_counted_in_one_line() {
        let mut p = Problems::new();
        for line in 2..=251 {
            p.push(bad("v.csv", line, "i1", &format!("x{line}")));
            if line <= 151 {
                p.push(bad("v.csv", line, "i2", "abc"));
            }
        }
        p.push(bad("t.csv", 7, "i1", "y"));
        p.push(
            Problem::warning(Path::new("v.csv"), "unknown column, ignored")
                .place("column z".to_string()),
        );
        assert_eq!((p.error_count(), p.warning_count()), (250 + 150 + 1, 1));
        assert_eq!(p.iter().count(), 100 + 100 + 1 + 1);
        let repeated = p.repeated();
        let shown: Vec<String> = repeated.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            shown,
            [
                "error: v.csv: column i1: … and 150 more error(s) like the last (lines 102–251): expected a number, found `x102`",
                "error: v.csv: column i2: … and 50 more error(s) like the last (lines 102–151): expected a number, found `abc`",
            ]
        );
        assert!(repeated.iter().all(|r| r.code == Some(code::REPEATED)));
        let text = p.to_string();
        let lines: Vec<&str> = text.lines().collect();
        // t.csv, then v.csv's 200 kept by line (i1 before i2 on a line), the two counts after
        // the last line kept, the warning and the totals.
        assert_eq!(lines.len(), 1 + 200 + 2 + 1 + 1, "{text}");
        assert_eq!(
            lines[0],
            "error: t.csv:7: column i1 (unit V7 村): expected a number, found `y`"
        );
        assert_eq!(
            lines[1],
            "error: v.csv:2: column i1 (unit V2 村): expected a number, found `x2`"
        );
        assert_eq!(
            lines[2],
            "error: v.csv:2: column i2 (unit V2 村): expected a number, found `abc`"
        );
        assert_eq!(
            lines[200],
            "error: v.csv:101: column i2 (unit V101 村): expected a number, found `abc`"
        );
        assert_eq!(lines[201..203], shown[..]);
        assert_eq!(
            lines[203],
            "warning: v.csv: column z: unknown column, ignored"
        );
        assert_eq!(lines[204], "401 error(s), 1 warning(s)");
    }

    /// A worksheet's places differ by their cell only: one kind per column.
    #[test]
    fn a_worksheet_column_is_one_kind_whatever_its_cells() {
        let mut p = Problems::new();
        for row in 2..=120 {
            p.push(
                Problem::error(Path::new("v.xlsx"), "expected a number, found `abc`")
                    .line(row)
                    .place(format!("sheet 村, cell C{row}, column gdp")),
            );
        }
        let repeated = p.repeated();
        assert_eq!(repeated.len(), 1);
        assert_eq!(
            repeated[0].to_string(),
            "error: v.xlsx: sheet 村, cell C102, column gdp: … and 19 more error(s) like the last (lines 102–120): expected a number, found `abc`"
        );
    }

    /// The warnings one evaluation has and another has not (`compare`'s), those counted past
    /// the first KEPT of a kind included.
    #[test]
    fn warnings_not_in_another_list_keep_their_counts() {
        let w = |line: u64, col: &str| {
            Problem::warning(Path::new("v.csv"), format!("a cell of {col} is odd"))
                .line(line)
                .place(format!("column {col}"))
        };
        let (mut a, mut b) = (Problems::new(), Problems::new());
        for line in 1..=150 {
            a.push(w(line, "i1"));
            a.push(w(line, "i2"));
        }
        b.push(w(1, "i2"));
        let more = a.warnings_not_in(&b);
        // i1's 150, none of i2's: its kept ones match b's by message, its counted by kind.
        assert_eq!(more.warning_count(), 150);
        assert_eq!(more.iter().count(), 100);
        assert_eq!(more.repeated().len(), 1);
        assert!(a.warnings_not_in(&a).is_empty());
        // Reported as an error there (a roll-up's own misnamed month): not again as a warning.
        let mut c = Problems::new();
        c.push(Problem::error(Path::new("v.csv"), "a cell of i1 is odd"));
        assert_eq!(b.warnings_not_in(&c).warning_count(), 1);
        let mut d = Problems::new();
        d.push(Problem::error(Path::new("v.csv"), "a cell of i2 is odd"));
        assert!(b.warnings_not_in(&d).is_empty());
    }

    /// Extending counts the other list's problems as pushed here, the counted ones too, and a
    /// list of only warnings has no error.
    #[test]
    fn extending_keeps_every_count() {
        let mut a = Problems::new();
        let mut b = Problems::new();
        for line in 1..=30 {
            a.push(bad("v.csv", line, "i1", "a"));
        }
        for line in 31..=180 {
            b.push(bad("v.csv", line, "i1", "b"));
        }
        a.extend(b);
        assert_eq!(a.error_count(), 180);
        assert_eq!(a.iter().count(), 100);
        let repeated = a.repeated();
        assert_eq!(repeated.len(), 1);
        assert!(
            repeated[0]
                .message
                .starts_with("… and 80 more error(s) like the last (lines 101–180)"),
            "{}",
            repeated[0].message
        );
        let mut w = Problems::new();
        assert!(w.is_empty());
        w.push(Problem::warning(Path::new("x"), "w"));
        assert!(!w.has_errors() && !w.is_empty());
        assert!(w.into_result().is_ok());
    }
}
