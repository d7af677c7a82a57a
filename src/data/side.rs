//! Side files — targets, adjustments, score files — read as CSV or as the first sheet of a
//! workbook, headed in English or Chinese, their rows naming units by id or by name.

use std::path::{Path, PathBuf};

use super::rows::Names;
use super::table::{Head, Row, Table, PARENT, UNIT_ID, UNIT_NAME};
use super::workbook::Workbook;
use super::EncodingChoice;
use crate::echo::{cut, quote};
use crate::error::{Error, Problem, Problems};
use crate::filekind::{broken_link, not_a_file};
use crate::fold::header_key;
use crate::units::Registry;

/// The forms a side file may take, in the order looked for.
const FORMS: [&str; 4] = ["csv", "xlsx", "xls", "ods"];

/// The headers of the targets' indicator and target columns (here, beside the side files'
/// other rules, so that the assembling can tell a misnamed targets file by them).
pub(super) const INDICATOR: &[&str] = &["indicator", "指标", "指标编码", "指标名称"];
pub(super) const TARGET: &[&str] = &["target", "目标值", "目标"];

/// The side file `<stem>.<csv|xlsx|xls|ods>` in `dir`, if there is exactly one; two forms of it
/// are an error, and so is a file that exists but cannot be read, or that is no regular file (a
/// folder, a named pipe, a device: only what does not exist is absent).
pub fn find(dir: &Path, stem: &str, problems: &mut Problems) -> Option<PathBuf> {
    // A link to a folder or file that is gone is no absence: under `missing = "skip"` a month
    // would be left out without a word.
    if let Some(why) = broken_link(dir) {
        problems.push(Problem::error(dir, why));
        return None;
    }
    let mut found: Vec<PathBuf> = Vec::new();
    for e in FORMS {
        let p = dir.join(format!("{stem}.{e}"));
        match std::fs::metadata(&p) {
            Ok(m) if m.is_file() => found.push(p),
            // A folder, a named pipe, a device: not the file it stands for, never an absence.
            Ok(_) => {
                let why = not_a_file(&p).unwrap_or_else(|| "cannot be read".into());
                problems.push(Problem::error(&p, why));
                return None;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(why) = broken_link(&p) {
                    problems.push(Problem::error(&p, why));
                    return None;
                }
            }
            Err(e) => {
                problems.push(Problem::error(&p, format!("cannot be read: {e}")));
                return None;
            }
        }
    }
    match found.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [first, rest @ ..] => {
            for p in rest {
                let msg = format!("{} holds the same table: keep one", first.display());
                problems.push(Problem::error(p, msg));
            }
            None
        }
    }
}

/// The spreadsheets in `dir` that are none of the side files `stems` in any of their forms: a
/// copy (`adjustments - 副本.csv`), a file saved under another name (`效能考评.csv`) or in a format
/// not read (`efficiency.xlsm`) — tables that reading the side files alone would pass over without
/// a word. Files that are never data (hidden files, an open workbook's lock file) and folders are
/// not among them; a folder that is missing or cannot be listed has none (looking for its side
/// files reports it). Sorted by file name.
pub fn others(dir: &Path, stems: &[&str]) -> Vec<PathBuf> {
    let Ok(mut files) = super::sources::list(dir) else {
        return Vec::new();
    };
    files.retain(|p| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        super::sources::is_spreadsheet(&name) && !p.is_dir() && !is_side_file(dir, &name, stems)
    });
    files.sort();
    files
}

/// Whether the file `name` in `dir` is one of the side files `stems` as [`find`] opens them:
/// named `<stem>.<form>` exactly, or — on a file system blind to case — otherwise only in case,
/// and the same file.
fn is_side_file(dir: &Path, name: &str, stems: &[&str]) -> bool {
    let sides = stems
        .iter()
        .flat_map(|stem| FORMS.map(|e| format!("{stem}.{e}")));
    sides.into_iter().any(|side| {
        side == name
            || (side.eq_ignore_ascii_case(name) && same_file(&dir.join(name), &dir.join(&side)))
    })
}

/// Whether two paths open the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        x.dev() == y.dev() && x.ino() == y.ino()
    }
    #[cfg(not(unix))]
    {
        // Two names differing only in case that both open a file are one file on a file system
        // blind to case (Windows, macOS by default).
        x.is_file() && y.is_file()
    }
}

/// Whether `path` is in a form side files are read in (`.csv`, `.xlsx`, `.xls`, `.ods`).
pub fn is_read_form(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    ext.is_some_and(|e| FORMS.contains(&e.as_str()))
}

/// Opens a side file: CSV, or the first sheet of a workbook (an error into `problems` when
/// another visible sheet holds more of its rows: a column of `columns`, each given by its names,
/// under any of them), with its header row the first that holds a unit column. Merged cells
/// hiding a value of a unit column or of `columns` are errors (a footer row of `reg`'s is no
/// unit's row, see [`Table::merged_problems`]); the columns of `labels` (text that means the
/// same on every row it is shown on) merged down read as they show ([`Table::fill_down`]).
pub fn open(
    path: &Path,
    encoding: EncodingChoice,
    (columns, labels): (&[&[&str]], &[&[&str]]),
    reg: &Registry,
    problems: &mut Problems,
) -> Result<Table, Problems> {
    let key: Vec<&str> = UNIT_ID.iter().chain(UNIT_NAME).copied().collect();
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        return Table::open_csv(path, encoding, &key).map_err(|e| {
            let msg = match e {
                Error::Invalid(p) => return p,
                // The problem names the file already: the reason alone (it was said twice).
                Error::Io { source, .. } => source.to_string(),
                other => other.to_string(),
            };
            let mut p = Problems::new();
            p.push(Problem::error(path, msg));
            p
        });
    }
    let fail = |msg: String| {
        let mut p = Problems::new();
        p.push(Problem::error(path, msg));
        p
    };
    let mut wb = Workbook::open(path).map_err(fail)?;
    let first = wb.first_sheet(&key, columns, true).map_err(fail)?;
    for msg in wb.unread_formats().into_iter().chain(first.warnings) {
        problems.push(Problem::warning(path, msg));
    }
    if let Some(msg) = first.unread {
        problems.push(Problem::error(path, msg));
    }
    // Warnings of the sheet (hidden rows: a deduction filtered out is still read) beside it;
    // merged cells below the header that hide a value read stop a side file.
    let (mut table, mut p) = wb.table_and_errors(&first.name, &key)?;
    // Labels merged down over rows (one 文号 over a batch of deductions) read as they show.
    for c in table.find_all(&labels.concat()) {
        table.fill_down(c);
    }
    // The columns read: the unit columns and `columns` (every column when none is named: a
    // unit's attributes).
    let wanted: Vec<&str> = match columns {
        [] => Vec::new(),
        _ => [UNIT_ID, UNIT_NAME, PARENT]
            .iter()
            .chain(columns)
            .flat_map(|n| n.iter().copied())
            .collect(),
    };
    let names = Names::new();
    let mut units = table.find_all(UNIT_ID);
    units.extend(table.find_all(UNIT_NAME));
    let footer = |text: &str| names.is_footer(reg, text);
    table.merged_problems(table.reads(&wanted), &units, footer, &mut p);
    match p.has_errors() {
        true => Err(p),
        false => {
            problems.extend(p);
            Ok(table)
        }
    }
}

/// The unit columns of a side file: its id column, else its name column; a problem when it has
/// neither, or no header row at all (naming the unit column and the columns of `rest`, each by
/// its first header, that the file is to hold).
pub fn unit_columns(
    table: &super::table::Head,
    rest: &[&[&str]],
    problems: &mut Problems,
) -> Option<(Option<usize>, Option<usize>)> {
    let expected = ["unit_id (or unit_name)"]
        .into_iter()
        .chain(rest.iter().map(|r| r[0]));
    if !table.expect_header(&expected.map(String::from).collect::<Vec<_>>(), problems) {
        return None;
    }
    let cols = table.columns(&[], &[UNIT_ID, UNIT_NAME], problems)?;
    if cols[0].is_none() && cols[1].is_none() {
        let msg = format!(
            "required column `unit_id` (单位编码) or `unit_name` (单位名称) is missing (header: {})",
            table.headers().join(",")
        );
        problems.push(
            Problem::error(&table.path, msg)
                .line(table.header_line())
                .place(table.named_place(Some("column unit_id".into()))),
        );
        return None;
    }
    Some((cols[0], cols[1]))
}

/// Where a row's unit cell is, under the file's own header (`column 单位名称`, or `sheet 加减分,
/// cell A3, column 单位编码` in a workbook): the id cell when it is filled, else the name cell.
pub fn unit_place(head: &Head, row: &Row, cols: (Option<usize>, Option<usize>)) -> Option<String> {
    let col = match cols {
        (Some(id), Some(name)) if row.get(id).trim().is_empty() => name,
        (Some(id), _) => id,
        (None, Some(name)) => name,
        (None, None) => return head.named_place(Some("column unit_id".into())),
    };
    head.place(row.line, col)
}

/// Reports a side row whose unit was not found (`shown`, `msg`: from [`unit_of`]): a total or a
/// footer under the list — its first filled cell, or its unit cell, says so (`合计`,
/// `填报人：张三`; `小计` beside the township) — is skipped with
/// a warning, as it names no unit and holds nothing to read (a category table skips and lists
/// them); any other row is an error.
pub fn unit_not_found(
    (reg, names): (&Registry, &Names),
    head: &Head,
    row: &Row,
    units: (Option<usize>, Option<usize>),
    (shown, msg): (String, String),
    problems: &mut Problems,
) {
    // Its first filled cell, else its unit cell (a 小计 row under a township typed on it).
    let first = (row.record.iter().map(str::trim).enumerate()).find(|(_, f)| !f.is_empty());
    let unit = unit_cols(units)
        .map(|c| (c, row.get(c).trim()))
        .find(|(_, f)| !f.is_empty());
    let footer = first
        .filter(|(_, f)| names.is_footer(reg, f))
        .or_else(|| unit.filter(|(_, f)| names.is_footer(reg, f)));
    let p = match footer {
        Some((col, first)) => Problem::warning(
            &head.path,
            format!(
                "row skipped: {} totals or signs the list, it names no unit",
                quote(first)
            ),
        )
        .place(head.place(row.line, col)),
        None => Problem::error(&head.path, msg)
            .unit(shown)
            .place(unit_place(head, row, units)),
    };
    problems.push(p.line(Some(row.line)));
}

/// Warns of each headed column of a side file that is not read (`read`: the columns used, the
/// unit columns included), as a category table's unknown columns are: a `最终得分` beside the
/// `得分` read, an `调整后目标值` beside the target, would otherwise go unread without a word.
/// A row number (`序号`) and a unit's township (`所属乡镇`) hold nothing to read and pass quietly.
/// `reads` names the columns the file is read from.
pub fn unknown_columns(head: &Head, read: &[usize], reads: &str, problems: &mut Problems) {
    let quiet: Vec<String> = ["序号", "行号", "no."]
        .iter()
        .chain(super::table::PARENT)
        .map(|h| header_key(h))
        .collect();
    for (c, h) in head.headers().iter().enumerate() {
        if h.trim().is_empty() || read.contains(&c) || quiet.contains(&header_key(h)) {
            continue;
        }
        let msg = format!("unknown column, ignored: the file is read from its columns {reads}");
        problems.push(
            Problem::warning(&head.path, msg)
                .line(head.header_line())
                .place(head.column_place(c)),
        );
    }
}

/// The columns of `units` that are there.
pub fn unit_cols(units: (Option<usize>, Option<usize>)) -> impl Iterator<Item = usize> {
    [units.0, units.1].into_iter().flatten()
}

/// Warns when a row names its unit by id and gives a name beside it that is not the registry's
/// (as in a category table): a bonus or a score typed on the wrong row goes to the id. An error
/// when the name is another unit's: the rows' ids or names are swapped.
pub fn name_differs(
    reg: &Registry,
    names: &Names,
    head: &Head,
    row: &Row,
    cols: (Option<usize>, Option<usize>),
    u: usize,
    problems: &mut Problems,
) {
    let (Some(ic), Some(nc)) = cols else { return };
    let id = row.get(ic).trim();
    // A former id names the unit under its old name: nothing to compare.
    if id.is_empty() || reg.get(id) != Some(u) {
        return;
    }
    let name = row.get(nc).trim();
    if name.is_empty()
        || super::rows::names_unit(reg, name, u)
        || names.former_name_of(reg, name, u)
    {
        return;
    }
    problems.push(
        names
            .name_beside(reg, &head.path, name, u)
            .line(row.line)
            .place(head.place(row.line, nc))
            .unit(reg.units[u].label()),
    );
}

/// The township column (`所属乡镇`) of a side file, which tells villages of one name apart.
pub fn parent_column(head: &Head) -> Option<usize> {
    let mut quiet = Problems::new();
    head.columns(&[], &[PARENT], &mut quiet)?[0]
}

/// The unit a side row names: by id, else by name (unique among the units `alive` says; under
/// the township in column `parent`, when the file has one), or why not, listing the candidates.
pub fn unit_of(
    reg: &Registry,
    names: &Names,
    row: &Row,
    (cols, parent): ((Option<usize>, Option<usize>), Option<usize>),
    alive: impl Fn(usize) -> bool,
) -> Result<usize, (String, String)> {
    let id = cols.0.map_or("", |c| row.get(c).trim());
    if !id.is_empty() || cols.1.is_none() {
        return reg
            .get(id)
            .ok_or_else(|| {
                (
                    cut(id).into_owned(),
                    "unit is not in the registry (units.csv)".to_string(),
                )
            })
            .and_then(|u| whole(reg, row, u));
    }
    let name = cols.1.map_or("", |c| row.get(c).trim());
    // An empty township cell is passed on as such: the message then asks for it.
    let parent = parent.map(|c| row.get(c).trim());
    names
        .find(reg, name, parent, None, alive)
        .map_err(|e| (cut(name).into_owned(), e.explain(reg, name, parent)))
        .and_then(|u| whole(reg, row, u))
}

/// Unit `u`, found for `row`, unless the row is a short one let through as a footer
/// ([`Row::short`]): a unit's row of another width than the header is refused, as always.
pub fn whole(reg: &Registry, row: &Row, u: usize) -> Result<usize, (String, String)> {
    match row.short() {
        Some(msg) => Err((reg.units[u].label(), msg)),
        None => Ok(u),
    }
}
