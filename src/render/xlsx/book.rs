//! A workbook of any command's document (`-o x.xlsx` / `--format xlsx` of rank, gaps, summary,
//! statement and roll-up): one sheet per table, named after the heading above it, through the
//! same cell writer as the report's `results.xlsx` ([`super::grid`]) — numbers of numeric
//! columns as numbers at their decimals, everything else (ids such as 区划代码 included) as text,
//! a frozen and filtered header, widths fitted to Chinese text, grades coloured by level as in the
//! report. A table longer than a sheet holds (1,048,575 rows under the header) continues on
//! `<name>（续2）`, `<name>（续3）` …, each with the header. Titles, notes and bullet lines go to a
//! last sheet, `说明`, continued the same way. A document of more than 20,000 rows is written in
//! constant-memory mode. (Every unit's statement is a workbook of its own: [`super::statements`].)

use rust_xlsxwriter::XlsxError;

use super::grid::{table_cell, Formats, Rows, XCell};
use super::{continued, guarded, period_end, properties, SheetNames, Sheets, SHEET_ROWS};
use crate::error::Error;
use crate::period::Period;
use crate::render::doc::{Block, Doc, DocTable};

/// A document of more rows than this (its tables' and its notes' together) is written in
/// constant-memory mode: each sheet's rows go to a temporary file (in TMPDIR) as they are
/// written, so that a province's gap analysis (a requirement line or more per unit) does not hold
/// every cell until the save.
const CONSTANT_MEMORY_ROWS: usize = 20_000;

/// The workbook of `doc`; its creation date is the last day of `period` (or a fixed date), so
/// that reruns give the same bytes.
pub fn book(doc: &Doc, period: Option<Period>) -> Result<Vec<u8>, Error> {
    guarded(&std::env::temp_dir(), || {
        build(doc, period, SHEET_ROWS, CONSTANT_MEMORY_ROWS)
    })
    .map_err(as_error)
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
    let mut wb = super::new_workbook();
    let created = match period {
        Some(p) => period_end(p)?,
        None => rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    let big = doc_rows(doc) > big_rows;
    let mut notes: Vec<Note> = Vec::new();
    let mut title = String::new();
    let mut heading = String::new();
    let mut names = SheetNames::default();
    names.0.insert(NOTES.to_lowercase());
    let formats = Formats::new();
    let mut sheets = Sheets {
        wb: &mut wb,
        names: &mut names,
        f: &formats,
        big,
        limit,
    };
    for b in &doc.0 {
        match b {
            Block::Heading(1, t) => {
                title = t.clone();
                notes.push(Note::Text(t));
            }
            Block::Heading(_, t) => heading = t.clone(),
            Block::Note(t) => notes.push(Note::Text(t)),
            Block::Lines(lines) => notes.extend(lines.iter().map(|l| Note::Bullet(l))),
            Block::Table(t) => {
                let wanted = if heading.is_empty() { &title } else { &heading };
                let name = sheets.names.take(wanted.split(" · ").next().unwrap_or(""));
                sheets.write(name, typed_rows(t), false)?;
            }
        }
    }
    // Titles, notes and bullet lines, one a row, continued past the limit as tables are.
    let mut parts = notes.chunks(limit as usize);
    let first = parts.next().unwrap_or(&[]);
    for (k, part) in std::iter::once(first).chain(parts).enumerate() {
        let ws = match big {
            true => sheets.wb.add_worksheet_with_constant_memory()?,
            false => sheets.wb.add_worksheet(),
        };
        ws.set_name(match k {
            0 => NOTES.to_string(),
            k => sheets.names.take(&continued(NOTES, k + 1)),
        })?;
        for (r, n) in part.iter().enumerate() {
            match n {
                Note::Text(t) => ws.write_string(r as u32, 0, *t)?,
                Note::Bullet(l) => ws.write_string(r as u32, 0, format!("· {l}"))?,
            };
        }
    }
    wb.set_properties(&properties(title, &created));
    wb.save_to_buffer()
}

/// A row of the notes sheet: a title or note as written, or a bullet line.
enum Note<'d> {
    Text(&'d str),
    Bullet(&'d str),
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

/// The rows of a document table as typed cells: numeric columns' decimals as numbers (at their
/// decimals), grades of a `…等次` column by their level, every other cell as text.
fn typed_rows(t: &DocTable) -> Rows<'_> {
    let graded: Vec<bool> = t.header.iter().map(|h| h.ends_with("等次")).collect();
    let rows = t.rows.iter().map(move |cells| {
        let level = |c: usize, s: &str| {
            graded[c]
                .then(|| t.grades.iter().position(|g| g == s))
                .flatten()
        };
        cells
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
    });
    Rows {
        header: t.header.clone(),
        rows: Box::new(rows),
        freeze_cols: 0,
    }
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

    #[test]
    fn grades_of_a_grade_column_are_typed_by_level_and_other_text_stays_text() {
        let t = ranked();
        let rows: Vec<Vec<XCell>> = typed_rows(&t).rows.collect();
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
