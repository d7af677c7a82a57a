//! A workbook of any command's document (`-o x.xlsx` / `--format xlsx` of rank, gaps, summary,
//! statement and roll-up): one sheet per table, named after the heading above it, through the
//! same cell writer as the report's `results.xlsx` ([`super::grid`]) — numbers of numeric
//! columns as numbers at their decimals, everything else (ids such as 区划代码 included) as text,
//! a frozen and filtered header, widths fitted to Chinese text, grades coloured by level as in the
//! report. A table longer than a sheet holds (1,048,575 rows under the header) continues on
//! `<name>（续2）`, `<name>（续3）` …, each with the header. Titles, notes and bullet lines go to a
//! last sheet, `说明`, continued the same way. A document of more than 20,000 rows is written in
//! constant-memory mode; one whose maker knows that much before it is made (a province's
//! ranking or gap analysis) is laid out as it is made ([`stream`]), the same bytes, the document
//! never held.
//! (Every unit's statement is a workbook of its own: [`super::statements`].)

use std::io::Seek;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::grid::{table_cell, Formats, Rows, XCell};
use super::{continued, guarded, period_end, properties, SheetNames, Sheets, SHEET_ROWS};
use crate::error::Error;
use crate::period::Period;
use crate::render::doc::{Block, Doc, DocTable};

/// A document of more rows than this (its tables' and its notes' together) is written in
/// constant-memory mode: each sheet's rows go to a temporary file (in TMPDIR) as they are
/// written, so that a province's gap analysis (a requirement line or more per unit) does not hold
/// every cell until the save.
pub const CONSTANT_MEMORY_ROWS: usize = 20_000;

/// The workbook of `doc`; its creation date is the last day of `period` (or a fixed date), so
/// that reruns give the same bytes.
pub fn book(doc: &Doc, period: Option<Period>) -> Result<Vec<u8>, Error> {
    built(doc, period).map_err(as_error)
}

/// [`book`], its error as rust_xlsxwriter gives it.
fn built(doc: &Doc, period: Option<Period>) -> Result<Vec<u8>, XlsxError> {
    guarded(&std::env::temp_dir(), || {
        build(doc, period, SHEET_ROWS, CONSTANT_MEMORY_ROWS)
    })
}

/// [`book`] written to `w`; its error as [`io_error`] gives it (the writer names the output).
pub fn write_book(
    doc: &Doc,
    period: Option<Period>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    w.write_all(&built(doc, period).map_err(io_error)?)
}

/// A workbook's error as the run reports it ([`io_error`]).
fn as_error(e: XlsxError) -> Error {
    Error::io(std::path::Path::new("<xlsx>"), io_error(e))
}

/// A workbook's error as an I/O error: a temporary file that cannot be made names its folder
/// and TMPDIR.
pub(super) fn io_error(e: XlsxError) -> std::io::Error {
    match e {
        XlsxError::TempFileError(dir, source) => std::io::Error::new(
            source.kind(),
            format!(
                "cannot make a temporary file for the workbook in {} ({source}); set TMPDIR to a writable folder",
                dir.display()
            ),
        ),
        XlsxError::IoError(e) => e,
        e => std::io::Error::other(e.to_string()),
    }
}

/// The workbook, with at most `limit` rows (a table's header included) per sheet, in
/// constant-memory mode when the document has more than `big_rows` rows.
fn build(
    doc: &Doc,
    period: Option<Period>,
    limit: u32,
    big_rows: usize,
) -> Result<Vec<u8>, XlsxError> {
    let big = doc_rows(doc) > big_rows;
    let title = doc
        .0
        .iter()
        .rev()
        .find_map(|b| match b {
            Block::Heading(1, t) => Some(t.as_str()),
            _ => None,
        })
        .unwrap_or("");
    made(period, title, limit, big, |book| {
        // A table's sheet is named after the heading above it, else the title above it.
        let (mut above, mut heading) = ("", "");
        for b in &doc.0 {
            match b {
                Block::Heading(1, t) => above = t,
                Block::Heading(_, t) => heading = t,
                Block::Table(t) => {
                    let wanted = if heading.is_empty() { above } else { heading };
                    book.table(wanted, t)?;
                }
                _ => {}
            }
        }
        for b in &doc.0 {
            match b {
                Block::Heading(1, t) | Block::Note(t) => book.note(t)?,
                Block::Lines(lines) => lines.iter().try_for_each(|l| book.bullet(l))?,
                _ => {}
            }
        }
        Ok(())
    })
}

/// The workbook `write` lays out on a [`Book`]: its tables' sheets, then the notes sheet, with
/// at most `limit` rows per sheet, every sheet in constant-memory mode when `big`; `title` is
/// the workbook's title property.
fn made(
    period: Option<Period>,
    title: &str,
    limit: u32,
    big: bool,
    write: impl FnOnce(&mut Book) -> Result<(), XlsxError>,
) -> Result<Vec<u8>, XlsxError> {
    made_with(period, title, limit, big, write, Workbook::save_to_buffer)
}

/// [`made`], saved by `save`.
fn made_with<T>(
    period: Option<Period>,
    title: &str,
    limit: u32,
    big: bool,
    write: impl FnOnce(&mut Book) -> Result<(), XlsxError>,
    save: impl FnOnce(&mut Workbook) -> Result<T, XlsxError>,
) -> Result<T, XlsxError> {
    let mut wb = super::new_workbook();
    let created = match period {
        Some(p) => period_end(p)?,
        None => rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    let mut names = SheetNames::default();
    names.0.insert(NOTES.to_lowercase());
    let formats = Formats::new();
    let mut book = Book {
        sheets: Sheets {
            wb: &mut wb,
            names: &mut names,
            f: &formats,
            big,
            limit,
        },
        notes: None,
    };
    write(&mut book)?;
    // The notes sheet is there even without notes.
    if book.notes.is_none() {
        book.notes_sheet(0)?;
    }
    wb.set_properties(&properties(title, &created));
    save(&mut wb)
}

/// A document's workbook being laid out: a sheet per table, named after the heading above it
/// (to its first ` · `), each continued past the sheet's rows; then the titles, notes and bullet
/// lines, a row each, on the notes sheet ([`NOTES`]), continued the same way.
pub struct Book<'w> {
    sheets: Sheets<'w>,
    /// The notes sheet being written (its index in the workbook), its part (0 for the first)
    /// and its next row; `None` before the first note.
    notes: Option<(usize, usize, u32)>,
}

impl Book<'_> {
    /// A sheet of `t`'s rows, named after `heading`, made on a thread of their own.
    fn table(&mut self, heading: &str, t: &DocTable) -> Result<(), XlsxError> {
        self.rows_ahead(heading, t, t.rows.iter())
    }

    /// A sheet of the header of `t` and `rows`, named after `heading`, as they are made (here:
    /// `rows` need not be sent to another thread).
    pub fn rows(
        &mut self,
        heading: &str,
        t: &DocTable,
        rows: impl Iterator<Item = Vec<String>>,
    ) -> Result<(), XlsxError> {
        debug_assert!(self.notes.is_none(), "tables come before the notes");
        let name = self.sheet_name(heading);
        self.sheets
            .write_from(name, &t.header, typed(t, rows), 0, false)
    }

    /// [`Book::rows`] made on a thread of their own, a few batches ahead of their storing.
    pub fn rows_ahead<R: AsRef<[String]>>(
        &mut self,
        heading: &str,
        t: &DocTable,
        rows: impl Iterator<Item = R> + Send,
    ) -> Result<(), XlsxError> {
        debug_assert!(self.notes.is_none(), "tables come before the notes");
        let name = self.sheet_name(heading);
        let rows = Rows {
            header: t.header.clone(),
            rows: Box::new(typed(t, rows)),
            freeze_cols: 0,
        };
        self.sheets.write(name, rows, false)
    }

    fn sheet_name(&mut self, heading: &str) -> String {
        self.sheets
            .names
            .take(heading.split(" · ").next().unwrap_or(""))
    }

    /// A title or note, as written, on the notes sheet.
    pub fn note(&mut self, text: &str) -> Result<(), XlsxError> {
        let (ws, row) = self.next_note()?;
        ws.write_string(row, 0, text)?;
        Ok(())
    }

    /// A bullet line (`· line`) on the notes sheet.
    pub fn bullet(&mut self, line: &str) -> Result<(), XlsxError> {
        let (ws, row) = self.next_note()?;
        ws.write_string(row, 0, format!("· {line}"))?;
        Ok(())
    }

    /// The notes sheet and row the next note goes to: the first sheet's first row, else the
    /// row after the last, on a further sheet when that one is full.
    fn next_note(&mut self) -> Result<(&mut Worksheet, u32), XlsxError> {
        let (index, row) = match self.notes {
            Some((_, part, row)) if row >= self.sheets.limit => (self.notes_sheet(part + 1)?, 0),
            Some((index, _, row)) => (index, row),
            None => (self.notes_sheet(0)?, 0),
        };
        if let Some(n) = &mut self.notes {
            n.2 = row + 1;
        }
        Ok((self.sheets.wb.worksheet_from_index(index)?, row))
    }

    /// Adds part `part` (0 for the first) of the notes sheet; its index in the workbook.
    fn notes_sheet(&mut self, part: usize) -> Result<usize, XlsxError> {
        let ws = match self.sheets.big {
            true => self.sheets.wb.add_worksheet_with_constant_memory()?,
            false => self.sheets.wb.add_worksheet(),
        };
        ws.set_name(match part {
            0 => NOTES.to_string(),
            k => self.sheets.names.take(&continued(NOTES, k + 1)),
        })?;
        let index = self.sheets.wb.worksheets().len() - 1;
        self.notes = Some((index, part, 0));
        Ok(index)
    }
}

/// The workbook of `doc` as [`book`] makes it, in constant-memory mode whatever its size (for
/// tests of what [`stream`] makes).
#[cfg(test)]
pub(crate) fn constant_memory(doc: &Doc, period: Option<Period>) -> Vec<u8> {
    build(doc, period, SHEET_ROWS, 0).expect("a workbook")
}

/// [`stream`] at every size (for tests: the same bytes as [`constant_memory`]).
#[cfg(test)]
pub(crate) fn streamed(
    period: Option<Period>,
    title: &str,
    write: impl FnOnce(&mut Book) -> Result<(), XlsxError>,
) -> Vec<u8> {
    made(period, title, SHEET_ROWS, true, write).expect("a workbook")
}

/// A document of more than [`CONSTANT_MEMORY_ROWS`] rows laid out as it is made by `write` on
/// a [`Book`], in constant-memory mode, and written to `w`: the same bytes as [`book`] of the
/// document `write` lays out when that has more rows than [`CONSTANT_MEMORY_ROWS`] (the caller
/// knows it has: its tables alone do). Neither the document nor its cells are held, nor the
/// workbook: it is saved to a temporary file (in TMPDIR, as the sheets' rows are) and copied to
/// `w` once whole, so that nothing is written to `w` when it cannot be made.
pub fn stream(
    period: Option<Period>,
    title: &str,
    write: impl FnOnce(&mut Book) -> Result<(), XlsxError>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let temp = std::env::temp_dir();
    let saved = guarded(&temp, || {
        made_with(period, title, SHEET_ROWS, true, write, |wb| {
            let file = tempfile::tempfile_in(&temp)
                .map_err(|e| XlsxError::TempFileError(temp.clone(), e))?;
            // The workbook's own temporary file, in TMPDIR as its sheets' are: a failure to
            // write it names the folder (the output is not written yet).
            let mut held = Held { file, failed: None };
            let saved = wb.save_to_writer(&mut held);
            match held.failed.take().map_or(saved.map(|_| ()), |e| Err(e.into())) {
                Ok(()) => Ok(held.file),
                Err(XlsxError::IoError(e)) => Err(XlsxError::IoError(std::io::Error::new(
                    e.kind(),
                    format!(
                        "the workbook could not be saved ({e}); is there room in {} for its temporary files?",
                        temp.display()
                    ),
                ))),
                Err(e) => Err(e),
            }
        })
    });
    let mut file = saved.map_err(io_error)?;
    file.seek(std::io::SeekFrom::Start(0))?;
    std::io::copy(&mut file, w).map(|_| ())
}

/// The file a workbook is saved to, which after its first failure takes every write and seek
/// without doing it, keeping the failure: the zip writer that fails part-way would otherwise be
/// dropped unfinished and print its own line to stderr beside the run's error.
struct Held {
    file: std::fs::File,
    failed: Option<std::io::Error>,
}

impl std::io::Write for Held {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed.is_none() {
            match self.file.write(buf) {
                Ok(n) => return Ok(n),
                Err(e) => self.failed = Some(e),
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed.is_none() {
            if let Err(e) = self.file.flush() {
                self.failed = Some(e);
            }
        }
        Ok(())
    }
}

impl Seek for Held {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        if self.failed.is_none() {
            match self.file.seek(to) {
                Ok(at) => return Ok(at),
                Err(e) => self.failed = Some(e),
            }
        }
        Ok(0)
    }
}

/// The rows `doc` puts in a workbook: its tables' and its notes'.
fn doc_rows(doc: &Doc) -> usize {
    doc.0
        .iter()
        .map(|b| match b {
            Block::Heading(1, _) | Block::Note(_) => 1,
            Block::Heading(..) => 0,
            Block::Lines(lines) => lines.len(),
            Block::Table(t) => t.rows.len() + 1,
        })
        .sum()
}

/// The sheet of titles, notes and bullet lines.
pub(super) const NOTES: &str = "说明";

/// `rows` of table `t` as typed cells: numeric columns' decimals as numbers (at their decimals),
/// grades of a `…等次` column by their level, every other cell as text.
fn typed<'t, R: AsRef<[String]>>(
    t: &'t DocTable,
    rows: impl Iterator<Item = R> + 't,
) -> impl Iterator<Item = Vec<XCell>> + 't {
    let graded: Vec<bool> = t.header.iter().map(|h| h.ends_with("等次")).collect();
    rows.map(move |cells| {
        let level = |c: usize, s: &str| {
            graded[c]
                .then(|| t.grades.iter().position(|g| g == s))
                .flatten()
        };
        cells
            .as_ref()
            .iter()
            .enumerate()
            .map(
                |(c, s)| match table_cell(s, t.right.get(c) == Some(&true)) {
                    XCell::Text(s) => match level(c, &s) {
                        Some(l) => XCell::Grade(s, l),
                        None => XCell::Text(s),
                    },
                    cell => cell,
                },
            )
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::super::grid::Num;
    use super::*;
    use crate::render::doc::Blocks;
    use calamine::{Reader, Xlsx};

    fn ranked() -> DocTable {
        let mut t = DocTable::new(&[
            ("名次", true),
            ("单位", false),
            ("总分", true),
            ("等次", false),
        ]);
        t.grades = vec!["优秀".into(), "良好".into(), "一般".into()];
        for (r, name, total, grade) in [
            ("1", "甲镇", "98.50", "优秀"),
            ("2", "乙镇", "90.25", "良好"),
            ("3", "丙镇", "80.00", "一般"),
            ("4", "丁镇", "79.00", "待定"),
        ] {
            t.row(vec![r.into(), name.into(), total.into(), grade.into()]);
        }
        t
    }

    /// A workbook saved to a file that cannot take it (`/dev/full`): the zip writer is given
    /// every write and seek as done, so it finishes rather than printing its failure from its
    /// drop, and the first failure is kept for the run's error.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_save_that_fails_keeps_its_first_failure() {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let mut held = Held { file, failed: None };
        let mut wb = super::super::new_workbook();
        wb.add_worksheet().write_string(0, 0, "甲").unwrap();
        assert!(wb.save_to_writer(&mut held).is_ok());
        let failed = held.failed.expect("the failure is kept");
        assert_eq!(failed.kind(), std::io::ErrorKind::StorageFull);
    }

    #[test]
    fn grades_of_a_grade_column_are_typed_by_level_and_other_text_stays_text() {
        let t = ranked();
        let rows: Vec<Vec<XCell>> = typed(&t, t.rows.iter()).collect();
        let cells: Vec<&XCell> = rows.iter().map(|r| &r[3]).collect();
        assert!(matches!(cells[0], XCell::Grade(s, 0) if s == "优秀"));
        assert!(matches!(cells[1], XCell::Grade(s, 1) if s == "良好"));
        assert!(matches!(cells[2], XCell::Grade(s, 2) if s == "一般"));
        // Not one of the track's levels: plain text.
        assert!(matches!(cells[3], XCell::Text(s) if s == "待定"));
        // The unit's name is no grade even where it equals one.
        assert!(matches!(&rows[0][1], XCell::Text(s) if s == "甲镇"));
        assert!(matches!(rows[1][2], XCell::Num(v, Num::Fixed(2)) if v == 90.25));
    }

    /// The same cells in both modes: a table past the limit continues on numbered sheets, each
    /// with the header, and so do the notes (a province's requirement lines: 1.07 million at
    /// 100,000 units, where a sheet holds 1,048,576 rows).
    #[test]
    fn a_table_or_notes_longer_than_a_sheet_continue_on_numbered_sheets() {
        let mut doc = Doc::default();
        doc.heading(1, "考核结果通报");
        doc.heading(2, "乡镇 (town) · 4 个单位");
        doc.table(ranked());
        doc.lines(["甲", "乙", "丙", "丁"].map(String::from).to_vec());
        assert_eq!(doc_rows(&doc), 1 + 5 + 4);
        let mut read = Vec::new();
        for big_rows in [usize::MAX, 8] {
            let bytes = build(&doc, None, 4, big_rows).expect("a workbook");
            // Constant-memory mode stores strings inline, never in the shared table.
            let zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            let shared = zip.file_names().any(|n| n == "xl/sharedStrings.xml");
            assert_eq!(shared, big_rows == usize::MAX);
            let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("calamine reads it");
            let names = book.sheet_names();
            assert_eq!(
                names,
                ["乡镇 (town)", "乡镇 (town)（续2）", "说明", "说明（续2）"]
            );
            let cells: Vec<Vec<String>> = names
                .iter()
                .map(|n| {
                    let r = book.worksheet_range(n).unwrap();
                    r.rows()
                        .map(|row| {
                            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
                            cells.join(",")
                        })
                        .collect()
                })
                .collect();
            assert_eq!(
                cells[0],
                [
                    "名次,单位,总分,等次",
                    "1,甲镇,98.5,优秀",
                    "2,乙镇,90.25,良好",
                    "3,丙镇,80,一般"
                ]
            );
            assert_eq!(cells[1], ["名次,单位,总分,等次", "4,丁镇,79,待定"]);
            assert_eq!(cells[2], ["考核结果通报", "· 甲", "· 乙", "· 丙"]);
            assert_eq!(cells[3], ["· 丁"]);
            read.push(cells);
        }
        assert_eq!(read[0], read[1]);
    }
}
