//! A workbook of any command's document (`-o x.xlsx` / `--format xlsx` of rank, gaps, summary,
//! statement and roll-up): one sheet per table, named after the heading above it, through the
//! same cell writer as the report's `results.xlsx` ([`super::grid`]) — numbers of numeric
//! columns as numbers at their decimals, everything else (ids such as 区划代码 included) as text,
//! a frozen and filtered header, widths fitted to Chinese text, grades coloured by level as in the
//! report. A table longer than a sheet holds (1,048,575 rows under the header) continues on
//! `<name>（续2）`, `<name>（续3）` …, each with the header. Titles, notes and bullet lines go to a
//! last sheet, `说明`.

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use std::borrow::Cow;
use std::io::{Seek, Write};

use super::grid::{table_cell, Formats, Rows, XCell};
use super::sheets::statement_rows;
use super::{
    continued, guarded, period_end, SheetNames, Sheets, CONSTANT_MEMORY_UNITS, SHEET_ROWS,
};
use crate::analysis::statement::Statement;
use crate::error::Error;
use crate::period::Period;
use crate::render::doc::{Block, Doc, DocTable};
use crate::render::labels::Labels;
use crate::render::Headers;

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
fn io_error(e: XlsxError) -> std::io::Error {
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
    let mut wb = Workbook::new();
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
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_comment(format!("pingyi {}", env!("CARGO_PKG_VERSION")))
            .set_creation_datetime(&created),
    );
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
const NOTES: &str = "说明";

/// The workbook of the `count` statements of `list` (`statement --all -o x.xlsx`): one sheet
/// `对账单` with a row per statement item — the statement CSV's columns (named by `headers`), as
/// the report's `results.xlsx` has it —, continued past Excel's rows on `对账单（续2）` …, and a
/// last sheet `说明`. A sheet per statement section and unit would be thousands of sheets for a
/// district's villages, none saying whose it is. The statements are made and rendered a batch
/// at a time; above [`CONSTANT_MEMORY_UNITS`] of them the sheet is written in constant-memory
/// mode (its rows through a temporary file), so that a province's set is never held whole.
pub fn statements<'r>(
    names: Labels<'r>,
    count: usize,
    list: impl Iterator<Item = Statement> + Send + 'r,
    headers: Headers,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let temp = std::env::temp_dir();
    let saved = guarded(&temp, || {
        let mut wb = statements_book(names, count, list, headers, SHEET_ROWS)?;
        if count <= CONSTANT_MEMORY_UNITS {
            return Ok(Saved::Buffer(wb.save_to_buffer()?));
        }
        // A province's workbook (700 MB at 100,000 units) is saved through a temporary file,
        // not held in memory.
        let mut file =
            tempfile::tempfile().map_err(|e| XlsxError::TempFileError(temp.clone(), e))?;
        wb.save_to_writer(&mut file)?;
        Ok(Saved::File(file))
    })
    .map_err(io_error)?;
    match saved {
        Saved::Buffer(bytes) => w.write_all(&bytes),
        Saved::File(mut file) => {
            file.rewind()?;
            std::io::copy(&mut file, w).map(|_| ())
        }
    }
}

/// A saved workbook: in memory, or in a temporary file.
enum Saved {
    Buffer(Vec<u8>),
    File(std::fs::File),
}

/// [`statements`]' workbook, with at most `limit` rows (the header's included) per sheet, before
/// it is saved.
fn statements_book<'r>(
    names: Labels<'r>,
    count: usize,
    list: impl Iterator<Item = Statement> + Send + 'r,
    headers: Headers,
    limit: u32,
) -> Result<Workbook, XlsxError> {
    let period = names.ev.period();
    let mut wb = Workbook::new();
    let title = format!("对账单 · {period}");
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_comment(format!("pingyi {}", env!("CARGO_PKG_VERSION")))
            .set_creation_datetime(&period_end(period)?),
    );
    let mut sheet_names = SheetNames::default();
    sheet_names.0.insert(NOTES.to_lowercase());
    let f = Formats::new();
    let mut sheets = Sheets {
        wb: &mut wb,
        names: &mut sheet_names,
        f: &f,
        big: count > CONSTANT_MEMORY_UNITS,
        limit,
    };
    let mut list = list.peekable();
    let chunks = std::iter::from_fn(move || {
        list.peek()?;
        Some(Cow::Owned(
            list.by_ref().take(STATEMENTS_AT_A_TIME).collect(),
        ))
    });
    let name = sheets.names.take("对账单");
    sheets.write(name, statement_rows(names, chunks, headers), false)?;
    let ws = wb.add_worksheet();
    ws.set_name(NOTES)?;
    let notes = [
        format!("{title}（{count} 个单位）"),
        "每行是一个单位对账单的一项：指标（indicator）、板块小计（dimension）、加减分（adjustment）、合计（subtotal）、排名稳健性（robustness）；列与 pingyi statement --all --format csv 相同。".to_string(),
        crate::render::statement::footer(&names),
    ];
    for (r, n) in notes.iter().enumerate() {
        ws.write_string(r as u32, 0, n)?;
    }
    Ok(wb)
}

/// Statements rendered into the sheet at a time.
const STATEMENTS_AT_A_TIME: usize = 256;

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

    /// Every statement item of the sample district's 2024Q3 is a row of `对账单` and its
    /// continuations, in the statement CSV's order and with its cells, each sheet under the
    /// header; numeric columns hold numbers; `说明` comes last.
    #[test]
    fn statements_fill_one_sheet_and_its_continuations_in_the_csv_order() {
        use crate::analysis::statement::statements as make;
        use crate::render::sheet::{CsvOptions, Escaping};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let ev = crate::eval::Evaluation::run(
            &root.join("scoring-config.toml"),
            &root.join("data"),
            "2024Q3".parse().unwrap(),
        )
        .expect("the sample district scores");
        let tracks: Vec<usize> = (0..ev.cfg.tracks.len()).collect();
        let list = make(&ev, &tracks, None, Default::default(), None);
        let v = crate::render::statement::StatementView {
            names: Labels::new(&ev),
            statements: &list,
        };
        let raw = CsvOptions {
            escaping: Escaping::Raw,
            ..CsvOptions::CSV
        };
        let csv = crate::render::statement::rows::render(&v, raw, Headers::Zh);
        let want: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&csv[..])
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        let items = want.len() - 1;
        assert!(items > 2000, "{items} items");
        let limit = 1000;
        let each = list.iter().cloned();
        let bytes = statements_book(v.names, list.len(), each, Headers::Zh, limit)
            .and_then(|mut wb| wb.save_to_buffer())
            .expect("a workbook");
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("calamine reads it");
        let names = book.sheet_names();
        let parts = items.div_ceil(limit as usize - 1);
        assert_eq!(names.len(), parts + 1);
        assert_eq!(names[0], "对账单");
        assert_eq!(names[1], "对账单（续2）");
        assert_eq!(names[parts], "说明");
        let mut got: Vec<Vec<String>> = Vec::new();
        let score = want[0].iter().position(|h| h == "得分").unwrap();
        for name in &names[..parts] {
            let range = book.worksheet_range(name).unwrap();
            let mut rows = range.rows();
            let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
            assert_eq!(header, want[0], "{name}");
            for row in rows {
                if let calamine::Data::String(s) = &row[score] {
                    panic!("{name}: a score stored as text {s:?}");
                }
                // Numbers read back as the CSV wrote them, but for trailing zeros.
                got.push(row.iter().map(|c| c.to_string()).collect());
            }
        }
        assert_eq!(got.len(), items);
        let same = |a: &str, b: &str| {
            a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
        };
        for (k, (g, w)) in got.iter().zip(&want[1..]).enumerate() {
            assert_eq!(g.len(), w.len(), "item {k}");
            for (c, (a, b)) in g.iter().zip(w).enumerate() {
                assert!(
                    same(a, b),
                    "item {k}, column {}: {a:?} for {b:?}",
                    want[0][c]
                );
            }
        }
        // A province's set (counted above CONSTANT_MEMORY_UNITS) takes the other path —
        // constant-memory sheet, saved through a temporary file — to the same cells.
        let mut sheets = Vec::new();
        for count in [list.len(), CONSTANT_MEMORY_UNITS + 1] {
            let mut out = Vec::new();
            statements(v.names, count, list.iter().cloned(), Headers::Zh, &mut out).unwrap();
            // The statement sheet (the first) stores its strings inline in constant-memory mode.
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&out)).unwrap();
            let mut xml = String::new();
            let mut sheet = zip.by_name("xl/worksheets/sheet1.xml").unwrap();
            std::io::Read::read_to_string(&mut sheet, &mut xml).unwrap();
            drop(sheet);
            assert_eq!(xml.contains("t=\"inlineStr\""), count > list.len());
            let mut book = Xlsx::new(std::io::Cursor::new(out)).unwrap();
            let range = book.worksheet_range("对账单").unwrap();
            let cells: Vec<Vec<String>> = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            assert_eq!(cells.len(), items + 1);
            sheets.push(cells);
        }
        assert!(sheets[0] == sheets[1]);
    }
}
