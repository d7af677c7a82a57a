//! `.xlsx` input (`calamine`): one worksheet read into the same [`Table`] as a CSV file.
//!
//! Cells are streamed (not loaded as a dense range, which one stray cell at XFD1048576 would
//! blow up) and turned into the text a CSV export would hold: numbers in Rust's shortest
//! round-trip form (`12.5`, `320101`), text as is, empty as empty. Cells that hold no value — an
//! error such as `#DIV/0!`, or a date where a number belongs — carry a note so that the reader
//! reports them with sheet and cell. Merged cells at or below the header row are rejected: a
//! merged header hides which column is which, and a merged data cell leaves its other cells empty.

use std::fs::File;
use std::io::BufReader;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use calamine::{open_workbook, DataRef, Dimensions, Reader, Xlsx};
use csv::StringRecord;

use super::table::{column_letters, RawTable, ReadAs, Row, Table};
use crate::error::{Problem, Problems};

/// Excel's grid: 1,048,576 rows by 16,384 columns (XFD).
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLS: u32 = 1 << 14;

/// An open workbook and its sheet names.
pub struct Workbook {
    pub path: PathBuf,
    book: Xlsx<BufReader<File>>,
    sheets: Vec<String>,
}

/// One worksheet cell: position, text, and why it holds no value (if so).
type SheetCell = (u32, u32, String, Option<String>);

impl Workbook {
    /// Opens a workbook; a file that is not a readable .xlsx is a message for the user.
    pub fn open(path: &Path) -> Result<Workbook, String> {
        let opened = quietly(|| open_workbook::<Xlsx<_>, _>(path));
        match opened {
            Ok(Ok(book)) => Ok(Workbook {
                path: path.to_path_buf(),
                sheets: book.sheet_names(),
                book,
            }),
            Ok(Err(e)) => Err(format!(
                "cannot read the workbook ({e}): is it an .xlsx file saved by Excel or WPS?"
            )),
            Err(_) => Err("cannot read the workbook: it is damaged or not an .xlsx file".into()),
        }
    }

    pub fn sheet_names(&self) -> &[String] {
        &self.sheets
    }

    /// Reads `sheet` into a table whose header row is the first row holding one of `key`.
    /// Every problem (unreadable sheet, merged cells, wrong delimiter) is returned, naming the
    /// workbook and the sheet.
    pub fn table(&mut self, sheet: &str, key: &[&str]) -> Result<Table, Problems> {
        let mut problems = Problems::new();
        let place = Some(format!("sheet {sheet}"));
        let read = quietly(AssertUnwindSafe(|| {
            let cells = read_cells(&mut self.book, sheet)?;
            let merged = match self.book.worksheet_merge_cells(sheet) {
                Some(Ok(m)) => m,
                Some(Err(e)) => return Err(e.to_string()),
                None => Vec::new(),
            };
            Ok((cells, merged))
        }));
        let (cells, merged) = match read {
            Ok(Ok(x)) => x,
            Ok(Err(e)) => {
                let msg = format!("cannot read the sheet: {e}");
                problems.push(Problem::error(&self.path, msg).place(place));
                return Err(problems);
            }
            Err(_) => {
                let msg = "cannot read the sheet: the workbook is damaged";
                problems.push(Problem::error(&self.path, msg).place(place));
                return Err(problems);
            }
        };
        let raw = raw_table(&self.path, sheet, cells);
        let table = match Table::build(raw, key) {
            Ok(t) => t,
            Err(msg) => {
                problems.push(Problem::error(&self.path, msg).line(1).place(place));
                return Err(problems);
            }
        };
        check_merged(&table, sheet, &merged, &mut problems);
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(table)
    }
}

/// Runs `f`, turning a panic into `Err` without printing it. calamine can panic on damaged
/// files (e.g. an arithmetic overflow on an absurd cell reference in debug builds); a damaged
/// workbook is bad input, reported as such, not a crash. The hook is swapped only for the call
/// (the binary is single-threaded while reading).
fn quietly<T>(f: impl FnOnce() -> T + panic::UnwindSafe) -> std::thread::Result<T> {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(f);
    panic::set_hook(hook);
    result
}

/// Every non-empty cell of the sheet, in row then column order.
fn read_cells(book: &mut Xlsx<BufReader<File>>, sheet: &str) -> Result<Vec<SheetCell>, String> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        let (row, col) = cell.get_position();
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err("a cell lies outside Excel's grid: the workbook is damaged".into());
        }
        let (text, note) = cell_text(cell.get_value());
        if !text.is_empty() || note.is_some() {
            out.push((row, col, text, note));
        }
    }
    out.sort_by_key(|c| (c.0, c.1));
    Ok(out)
}

/// The text of a cell as a CSV export would hold it, and a note when it holds no value.
fn cell_text(v: &DataRef) -> (String, Option<String>) {
    let date = |t: String| {
        let note = format!("the cell holds a date or time ({t}), not a number: format it as a number (Excel turns entries such as `3-5` into dates)");
        (t, Some(note))
    };
    match v {
        DataRef::Empty => (String::new(), None),
        DataRef::String(s) => (s.clone(), None),
        DataRef::SharedString(s) => (s.to_string(), None),
        DataRef::Float(f) => (format!("{f}"), None),
        DataRef::Int(i) => (i.to_string(), None),
        DataRef::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).into(), None),
        DataRef::DateTime(d) => date(d.to_string()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => date(s.clone()),
        DataRef::Error(e) => {
            let note = format!("the cell holds the spreadsheet error `{e}`: fix its formula in the workbook or enter the value");
            (e.to_string(), Some(note))
        }
    }
}

/// Groups cells into rows (row numbers 1-based, as Excel shows them), from the leftmost column.
fn raw_table(path: &Path, sheet: &str, cells: Vec<SheetCell>) -> RawTable {
    let first_col = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let mut rows: Vec<Row> = Vec::new();
    let mut cells = cells.into_iter().peekable();
    while let Some(&(r, ..)) = cells.peek() {
        let mut record = StringRecord::new();
        let mut notes = Vec::new();
        while let Some((_, c, text, note)) = cells.next_if(|cell| cell.0 == r) {
            let i = (c - first_col) as usize;
            if record.len() > i {
                continue; // the same cell twice in a damaged sheet: keep the first
            }
            while record.len() < i {
                record.push_field("");
            }
            record.push_field(&text);
            if let Some(n) = note {
                notes.push((i, n));
            }
        }
        rows.push(Row::new(r as u64 + 1, record, notes));
    }
    RawTable {
        path: path.to_path_buf(),
        sheet: Some(sheet.to_string()),
        read_as: ReadAs::Sheet(sheet.to_string()),
        first_col,
        rows,
    }
}

/// Merged regions that reach the header row or the data rows are errors; titles may be merged.
fn check_merged(table: &Table, sheet: &str, merged: &[Dimensions], problems: &mut Problems) {
    let header_row = table.header_line().saturating_sub(1) as u32;
    let mut regions: Vec<&Dimensions> = merged.iter().filter(|m| m.end.0 >= header_row).collect();
    regions.sort();
    for m in regions {
        let a1 = |(r, c): (u32, u32)| format!("{}{}", column_letters(c as usize), r + 1);
        let (start, end) = (a1(m.start), a1(m.end));
        let msg = if m.start.0 <= header_row {
            format!("merged header cells ({start}:{end}): unmerge them so that every column has its own header")
        } else {
            format!(
                "merged cells ({start}:{end}) below the header: unmerge them and fill every cell"
            )
        };
        let place = Some(format!("sheet {sheet}, cell {start}"));
        problems.push(
            Problem::error(&table.path, msg)
                .line(m.start.0 as u64 + 1)
                .place(place),
        );
    }
}
