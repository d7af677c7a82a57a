//! What a period folder holds: every file is a source of indicator values, a side file, or
//! named as not read — nothing is ignored without a word.
//!
//! - **Category files**: `<category>.csv` / `.xlsx` / `.xls` / `.ods` (by id or Chinese name:
//!   `village.csv`, `村.xlsx`; a workbook's first sheet), or a sheet named after the category in
//!   the period workbook `<period>.xlsx` (e.g. `data/2024Q2/2024Q2.xlsx`, named after its period
//!   so that a file mailed around on its own still says which quarter it holds). Each holds the
//!   rows of every unit of its category; exactly one per category.
//! - **Lead-department submissions** (牵头部门报送): any other CSV or workbook (every sheet of it,
//!   and the period workbook's other sheets), each giving some indicator columns for some units
//!   of any category.
//! - **Side files**: `targets`, `adjustments`, `attributes` (CSV or workbook) and
//!   `scoring-config.toml`.
//! - Spreadsheets in other formats (`.xlsm`, `.et`, `.numbers` …) are errors naming the file;
//!   lock files of an open workbook (`~$x.xlsx`), hidden files and pingyi's own temporary files are
//!   skipped; a folder named like a table (`adjustments.csv/`) is an error; any other file or
//!   folder is listed as not read.

use std::path::{Path, PathBuf};

use super::encoding::EncodingChoice;
use super::table::{Table, UNIT_KEY};
use super::workbook::Workbook;
use crate::error::{code, Error, Problem, Problems};
use crate::filekind;
use crate::fold::header_key;
use crate::period::Period;
use crate::units::Category;

/// Spreadsheet formats read: CSV text and the workbooks calamine reads.
const READ: [&str; 4] = ["csv", "xlsx", "xls", "ods"];
/// Spreadsheet formats recognised but not read.
const UNREAD: [&str; 13] = [
    "xlsm", "xlsb", "xltx", "xltm", "xlt", "et", "ett", "numbers", "wps", "dbf", "tsv", "txt",
    "fods",
];

/// What a source gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Every unit of the category, one row each.
    Category(Category),
    /// Some indicator columns for some units (a lead department's submission).
    Lead,
}

/// One table to read: a CSV file or one sheet of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub path: PathBuf,
    pub sheet: Option<String>,
    pub role: Role,
}

/// A period folder, scanned.
pub struct PeriodSources {
    pub dir: PathBuf,
    encoding: EncodingChoice,
    /// Category sources first (in category order), then lead submissions (by file name).
    pub sources: Vec<SourceRef>,
    /// `targets.*` and `adjustments.*`, when present.
    pub targets: Option<PathBuf>,
    pub adjustments: Option<PathBuf>,
    /// `attributes.*`: unit attributes (population, area …) for denominators.
    pub attributes: Option<PathBuf>,
    /// Files and folders not read, with why.
    pub not_read: Vec<(PathBuf, &'static str)>,
    /// Categories given by more than one source (reported).
    pub conflicted: Vec<Category>,
    /// What the files that are there but cannot be opened were to give (reported): a damaged
    /// workbook, a folder or a named pipe under a table's name. Their categories' rows and
    /// columns are then not reported missing as well — the error that says why is the one to
    /// act on.
    pub failed: Vec<Role>,
    /// The folder exists but cannot be listed (reported).
    pub unreadable: bool,
    /// Workbooks opened while scanning, reused when reading their sheets.
    workbooks: Vec<Workbook>,
}

impl PeriodSources {
    /// Looks into `dir`, opening every workbook to list its sheets. A missing folder has no
    /// sources. `columns` are the headers each indicator's column may carry
    /// ([`super::columns::column_names`]): a category workbook's later sheet headed by names
    /// where the first sheet has ids is still seen to hold more of its rows.
    pub fn scan(
        dir: &Path,
        period: Period,
        encoding: EncodingChoice,
        columns: &[Vec<&str>],
        problems: &mut Problems,
    ) -> PeriodSources {
        let mut src = PeriodSources {
            dir: dir.to_path_buf(),
            encoding,
            sources: Vec::new(),
            targets: None,
            adjustments: None,
            attributes: None,
            not_read: Vec::new(),
            conflicted: Vec::new(),
            failed: Vec::new(),
            unreadable: false,
            workbooks: Vec::new(),
        };
        let mut files = match list(dir) {
            Ok(f) => f,
            Err(e) => {
                problems.push(Problem::error(dir, format!("cannot read the folder: {e}")));
                src.unreadable = true;
                return src;
            }
        };
        files.sort();
        let mut categories: Vec<(Category, SourceRef)> = Vec::new();
        let mut leads: Vec<SourceRef> = Vec::new();
        let columns: Vec<&[&str]> = columns.iter().map(Vec::as_slice).collect();
        for path in files {
            src.classify(
                path,
                period,
                &columns,
                &mut categories,
                &mut leads,
                problems,
            );
        }
        let (sources, conflicted) = one_per_category(categories, dir, problems);
        src.sources = sources;
        src.conflicted = conflicted;
        src.sources.extend(leads);
        src
    }

    fn classify(
        &mut self,
        path: PathBuf,
        period: Period,
        columns: &[&[&str]],
        categories: &mut Vec<(Category, SourceRef)>,
        leads: &mut Vec<SourceRef>,
        problems: &mut Problems,
    ) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if skipped(&name) {
            return;
        }
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), e.to_ascii_lowercase()),
            None => (name.clone(), String::new()),
        };
        // A broken link is named when it stands for a table; any other is left to the checks
        // below (an `.xlsm` link is still refused as unread, a `.pdf` one listed as not read).
        let broken = || {
            READ.contains(&ext.as_str())
                .then(|| filekind::broken_link(&path))
                .flatten()
        };
        if let Some(why) = filekind::not_a_file(&path).or_else(broken) {
            // A folder named like a table (`adjustments.csv/`) is not the table it stands for; a
            // named pipe or a device (`township.csv -> /dev/zero`) would hang the run if opened.
            if READ.contains(&ext.as_str()) {
                problems.push(Problem::error(&path, why));
                self.failed.extend(roles(&stem, period));
            } else if let Ok(m) = std::fs::metadata(&path) {
                self.not_read
                    .push((path, filekind::describe(&m.file_type())));
            }
            return;
        }
        if name == "scoring-config.toml" {
            return;
        }
        if UNREAD.contains(&ext.as_str()) {
            let msg = format!(
                "`.{ext}` files are not read: save it as .xlsx (or CSV) so that pingyi reads it"
            );
            problems.push(Problem::error(&path, msg).code(code::UNREAD_FILE));
            return;
        }
        if !READ.contains(&ext.as_str()) {
            self.not_read.push((path, "not a CSV file or workbook"));
            return;
        }
        match header_key(&stem).as_str() {
            "targets" | "目标值" => return set_once(&mut self.targets, path, problems),
            "adjustments" | "加减分" => return set_once(&mut self.adjustments, path, problems),
            "attributes" | "单位属性" => return set_once(&mut self.attributes, path, problems),
            _ => {}
        }
        if let Ok(other @ Period::Quarter(..)) = stem.trim().parse::<Period>() {
            if other != period {
                // Last quarter's workbook copied into this quarter's folder would be read as
                // submissions and scored as this quarter's.
                let msg = format!(
                    "named for {other} but lies in the folder of {period}: its rows would be scored as {period}'s; move it to the folder {other}, or rename it if it holds {period}'s figures"
                );
                problems.push(Problem::error(&path, msg));
                return;
            }
        }
        let category = category_named(&stem);
        if ext == "csv" {
            let role = category.map_or(Role::Lead, Role::Category);
            let s = SourceRef {
                path,
                sheet: None,
                role,
            };
            match category {
                Some(c) => categories.push((c, s)),
                None => leads.push(s),
            }
            return;
        }
        let mut wb = match Workbook::open(&path) {
            Ok(wb) => wb,
            Err(msg) => {
                problems.push(Problem::error(&path, msg));
                self.failed.extend(roles(&stem, period));
                return;
            }
        };
        if let Some(msg) = wb.unread_formats() {
            problems.push(Problem::warning(&path, msg));
        }
        if let Some(c) = category {
            // A category's own workbook: its first sheet (an error if others hold more rows).
            match wb.first_sheet(UNIT_KEY, columns, false) {
                Ok(first) => {
                    for msg in first.warnings {
                        problems.push(Problem::warning(&path, msg));
                    }
                    if let Some(msg) = first.unread {
                        problems.push(Problem::error(&path, msg));
                    }
                    categories.push((c, sheet_ref(&path, &first.name, Role::Category(c))));
                }
                Err(msg) => problems.push(Problem::error(&path, msg)),
            }
        } else {
            // The period workbook (a sheet per category, other sheets submissions) or a
            // submission: its visible sheets.
            let (sheets, hidden) = wb.visible_sheets();
            if let Some(msg) = hidden {
                problems.push(Problem::warning(&path, msg));
            }
            if header_key(&stem) == header_key(&period.to_string()) {
                for s in &sheets {
                    match category_named(s) {
                        Some(c) => categories.push((c, sheet_ref(&path, s, Role::Category(c)))),
                        None => leads.push(sheet_ref(&path, s, Role::Lead)),
                    }
                }
            } else {
                leads.extend(sheets.iter().map(|s| sheet_ref(&path, s, Role::Lead)));
            }
        }
        self.workbooks.push(wb);
    }

    /// Reads source `i` into a table whose header row holds a unit column, with the errors that
    /// do not stop its rows being read (merged cells below a sheet's header).
    pub fn table(&mut self, i: usize) -> Result<(Table, Problems), Problems> {
        let s = &self.sources[i];
        match &s.sheet {
            None => Table::open_csv(&s.path, self.encoding, UNIT_KEY)
                .map(|t| (t, Problems::new()))
                .map_err(|e| into_problems(&s.path, e)),
            Some(sheet) => match self.workbooks.iter_mut().find(|w| w.path == s.path) {
                Some(wb) => wb.table_and_errors(sheet, UNIT_KEY),
                None => {
                    let mut p = Problems::new();
                    p.push(Problem::error(&s.path, "the workbook could not be opened"));
                    Err(p)
                }
            },
        }
    }

    /// The source of category `cat`, if there is one.
    pub fn category(&self, cat: Category) -> Option<usize> {
        self.sources
            .iter()
            .position(|s| s.role == Role::Category(cat))
    }

    /// Where a category's rows were looked for, for the message of a missing one.
    pub fn looked_for(&self, cat: Category, period: Period) -> String {
        format!(
            "nor {}.xlsx, nor a sheet `{}` or `{}` in {period}.xlsx",
            cat.id(),
            cat.id(),
            cat.chinese(),
        )
    }
}

/// What a table file named `stem` was to give: a category's rows (`township`), any category's
/// and submissions (the period workbook, whose sheets are not known), a submission's columns
/// (any other name); nothing for targets, adjustments and attributes (the names `classify`
/// sets aside for them).
fn roles(stem: &str, period: Period) -> Vec<Role> {
    let key = header_key(stem);
    if matches!(
        key.as_str(),
        "targets" | "目标值" | "adjustments" | "加减分" | "attributes" | "单位属性"
    ) {
        return Vec::new();
    }
    if let Some(c) = category_named(stem) {
        return vec![Role::Category(c)];
    }
    if key == header_key(&period.to_string()) {
        let all = Category::ALL.into_iter().map(Role::Category);
        return all.chain([Role::Lead]).collect();
    }
    vec![Role::Lead]
}

/// The targets table of the period folder `dir` (`targets.*` or `目标值.*` in a form read), the
/// first by name if there are several; `None` for a folder without one, missing or unreadable.
pub fn targets_file(dir: &Path) -> Option<PathBuf> {
    let mut files = list(dir).ok()?;
    files.sort();
    files.into_iter().find(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let Some((stem, ext)) = name.rsplit_once('.') else {
            return false;
        };
        READ.contains(&ext.to_ascii_lowercase().as_str())
            && matches!(header_key(stem).as_str(), "targets" | "目标值")
            && p.is_file()
    })
}

/// The files of `dir`; a missing folder has none.
pub(super) fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.map(|e| e.path())).collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Files that are never data: hidden files, an open workbook's lock file, system clutter and
/// pingyi's own temporary files.
fn skipped(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Whether a file named `name` is a spreadsheet by its kind — one read (`.csv`, `.xlsx`, `.xls`,
/// `.ods`) or one recognised but not read (`.xlsm`, `.et` …) — and not one of the files that are
/// never data.
pub(super) fn is_spreadsheet(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let ext = ext.as_deref().unwrap_or("");
    !skipped(name) && (READ.contains(&ext) || UNREAD.contains(&ext))
}

/// The category a file or sheet is named after: its id or Chinese name (`village`, `村`).
pub fn category_named(name: &str) -> Option<Category> {
    let key = header_key(name);
    Category::ALL
        .into_iter()
        .find(|c| key == header_key(c.id()) || key == header_key(c.chinese()))
}

fn sheet_ref(path: &Path, sheet: &str, role: Role) -> SourceRef {
    SourceRef {
        path: path.to_path_buf(),
        sheet: Some(sheet.to_string()),
        role,
    }
}

fn set_once(slot: &mut Option<PathBuf>, path: PathBuf, problems: &mut Problems) {
    match slot {
        Some(first) => {
            let msg = format!("{} holds the same table: keep one", first.display());
            problems.push(Problem::error(&path, msg));
        }
        None => *slot = Some(path),
    }
}

/// Exactly one source per category: two would leave it to chance which rows count.
fn one_per_category(
    mut found: Vec<(Category, SourceRef)>,
    dir: &Path,
    problems: &mut Problems,
) -> (Vec<SourceRef>, Vec<Category>) {
    found.sort_by_key(|(c, _)| *c);
    let mut out = Vec::new();
    let mut conflicted = Vec::new();
    for cat in Category::ALL {
        let of: Vec<&SourceRef> = found
            .iter()
            .filter(|(c, _)| *c == cat)
            .map(|(_, s)| s)
            .collect();
        match of.as_slice() {
            [] => {}
            [one] => out.push((*one).clone()),
            many => {
                let list: Vec<String> = many.iter().map(|s| describe(s)).collect();
                let msg = format!(
                    "{} ({}) rows are given {} times: {}; keep exactly one source",
                    cat.id(),
                    cat.chinese(),
                    many.len(),
                    list.join(", ")
                );
                problems.push(Problem::error(dir, msg));
                conflicted.push(cat);
            }
        }
    }
    (out, conflicted)
}

/// `path`, or `sheet S of path`.
pub fn describe(s: &SourceRef) -> String {
    match &s.sheet {
        None => s.path.display().to_string(),
        Some(sheet) => format!("sheet {sheet} of {}", s.path.display()),
    }
}

fn into_problems(path: &Path, e: Error) -> Problems {
    match e {
        Error::Invalid(p) => p,
        // The problem names the file: the I/O error's own text says what went wrong.
        Error::Io { source, .. } => {
            let mut p = Problems::new();
            p.push(Problem::error(path, format!("cannot be read: {source}")));
            p
        }
        other => {
            let mut p = Problems::new();
            p.push(Problem::error(path, other.to_string()));
            p
        }
    }
}
