//! Where a period's category tables come from.
//!
//! A category's rows may be in `<category>.csv`, in `<category>.xlsx` (its first sheet), or in a
//! sheet of the period workbook `<period>.xlsx` (e.g. `data/2024Q2/2024Q2.xlsx`) named by the
//! category id or its Chinese name (`village` or `村`). The workbook is named after its period so
//! that a file mailed around on its own still says which quarter it holds. Exactly one source per
//! category: two would leave it to chance which rows count, so that is an error.

use std::path::{Path, PathBuf};

use super::encoding::EncodingChoice;
use super::table::{Table, UNIT_ID};
use super::xlsx::Workbook;
use crate::error::{Error, Problem, Problems};
use crate::fold::header_key;
use crate::period::Period;
use crate::units::Category;

/// The sources found in one period folder.
pub struct PeriodSources {
    dir: PathBuf,
    encoding: EncodingChoice,
    workbook_path: PathBuf,
    workbook: Option<Workbook>,
    /// The period workbook exists but could not be opened (already reported).
    workbook_failed: bool,
    /// Sheet of the period workbook for each category that has one.
    sheets: Vec<(Category, String)>,
}

/// The outcome of looking for a category's table.
pub enum Found {
    Table(Table),
    /// No source at all; the path a CSV file would have, for the message.
    Missing(PathBuf),
    /// A source exists but is unusable; its problems are reported.
    Failed,
}

impl PeriodSources {
    /// Looks into `dir`, opening the period workbook if there is one and matching its sheets to
    /// categories. Sheets that are no category are a warning.
    pub fn scan(
        dir: &Path,
        period: Period,
        encoding: EncodingChoice,
        problems: &mut Problems,
    ) -> PeriodSources {
        let workbook_path = dir.join(format!("{period}.xlsx"));
        let mut src = PeriodSources {
            dir: dir.to_path_buf(),
            encoding,
            workbook: None,
            workbook_failed: false,
            sheets: Vec::new(),
            workbook_path,
        };
        if !src.workbook_path.is_file() {
            return src;
        }
        match Workbook::open(&src.workbook_path) {
            Ok(wb) => {
                src.sheets = match_sheets(&wb, problems);
                src.workbook = Some(wb);
            }
            Err(msg) => {
                problems.push(Problem::error(&src.workbook_path, msg));
                src.workbook_failed = true;
            }
        }
        src
    }

    /// The table of `cat`, from whichever single source holds it.
    pub fn category(&mut self, cat: Category, problems: &mut Problems) -> Found {
        let csv = self.dir.join(format!("{}.csv", cat.id()));
        let xlsx = self.dir.join(format!("{}.xlsx", cat.id()));
        let sheet = self
            .sheets
            .iter()
            .find(|(c, _)| *c == cat)
            .map(|(_, s)| s.clone());
        let mut found: Vec<String> = Vec::new();
        if csv.is_file() {
            found.push(csv.display().to_string());
        }
        if xlsx.is_file() {
            found.push(xlsx.display().to_string());
        }
        if let Some(s) = &sheet {
            found.push(format!("sheet {s} of {}", self.workbook_path.display()));
        }
        if found.len() > 1 {
            let msg = format!(
                "{} ({}) rows are given {} times: {}; keep exactly one source",
                cat.id(),
                cat.chinese(),
                found.len(),
                found.join(", ")
            );
            problems.push(Problem::error(&self.dir, msg));
            return Found::Failed;
        }
        let result = if csv.is_file() {
            Table::open_csv(&csv, self.encoding, UNIT_ID).map_err(|e| into_problems(&csv, e))
        } else if xlsx.is_file() {
            first_sheet(&xlsx)
        } else if let (Some(s), Some(wb)) = (sheet, self.workbook.as_mut()) {
            wb.table(&s, UNIT_ID)
        } else if self.workbook_failed {
            return Found::Failed;
        } else {
            return Found::Missing(csv);
        };
        match result {
            Ok(t) => Found::Table(t),
            Err(p) => {
                problems.extend(p);
                Found::Failed
            }
        }
    }

    /// What a missing category's message lists as the places looked at.
    pub fn looked_for(&self, cat: Category) -> String {
        format!(
            "nor {}.xlsx, nor a sheet `{}` or `{}` in {}",
            cat.id(),
            cat.id(),
            cat.chinese(),
            self.workbook_path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        )
    }
}

fn into_problems(path: &Path, e: Error) -> Problems {
    match e {
        Error::Invalid(p) => p,
        other => {
            let mut p = Problems::new();
            p.push(Problem::error(path, other.to_string()));
            p
        }
    }
}

/// A per-category workbook: its first sheet.
fn first_sheet(path: &Path) -> Result<Table, Problems> {
    let mut wb = Workbook::open(path).map_err(|msg| {
        let mut p = Problems::new();
        p.push(Problem::error(path, msg));
        p
    })?;
    let Some(first) = wb.sheet_names().first().cloned() else {
        let mut p = Problems::new();
        p.push(Problem::error(path, "the workbook has no sheet"));
        return Err(p);
    };
    wb.table(&first, UNIT_ID)
}

/// Sheets of the period workbook by category; a sheet that names no category is a warning, two
/// sheets for one category an error.
fn match_sheets(wb: &Workbook, problems: &mut Problems) -> Vec<(Category, String)> {
    let mut out: Vec<(Category, String)> = Vec::new();
    for name in wb.sheet_names() {
        let key = header_key(name);
        let cat = Category::ALL
            .into_iter()
            .find(|c| key == header_key(c.id()) || key == header_key(c.chinese()));
        let place = Some(format!("sheet {name}"));
        match cat {
            None => problems.push(Problem::warning(&wb.path, "sheet ignored: its name is no category (township, subdistrict, hightech_zone, department, village, community or 乡镇, 街道, 高新区, 区直单位, 村, 社区)").place(place)),
            Some(c) => match out.iter().find(|(o, _)| *o == c) {
                Some((_, first)) => {
                    let msg = format!("sheet `{first}` already holds the {} ({}) rows; keep one", c.id(), c.chinese());
                    problems.push(Problem::error(&wb.path, msg).place(place));
                }
                None => out.push((c, name.clone())),
            },
        }
    }
    out
}
