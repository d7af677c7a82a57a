//! A workbook of any command's document (`-o x.xlsx` / `--format xlsx` of rank, gaps, summary,
//! statement and roll-up): one sheet per table, named after the heading above it, through the
//! same cell writer as the report's `results.xlsx` ([`super::grid`]) — numbers of numeric
//! columns as numbers at their decimals, everything else (ids such as 区划代码 included) as text,
//! a frozen and filtered header, widths fitted to Chinese text. Titles, notes and bullet lines go
//! to a last sheet, `说明`.

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use super::grid::{parse_decimal, write_grid, Formats, Grid, Num, XCell};
use super::{period_end, SheetNames};
use crate::error::Error;
use crate::period::Period;
use crate::render::doc::{Block, Doc, DocTable};

/// The most data rows one sheet holds (Excel's limit, less the header).
const MAX_ROWS: usize = 1_048_575;

/// The workbook of `doc`; its creation date is the last day of `period` (or a fixed date), so
/// that reruns give the same bytes.
pub fn book(doc: &Doc, period: Option<Period>) -> Result<Vec<u8>, Error> {
    build(doc, period).map_err(|e| {
        Error::io(
            std::path::Path::new("<xlsx>"),
            std::io::Error::other(e.to_string()),
        )
    })
}

fn build(doc: &Doc, period: Option<Period>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = match period {
        Some(p) => period_end(p)?,
        None => rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    let mut notes: Vec<String> = Vec::new();
    let mut title = String::new();
    let mut heading = String::new();
    let mut names = SheetNames::default();
    names.0.insert(NOTES.to_lowercase());
    for b in &doc.0 {
        match b {
            Block::Heading(1, t) => {
                title = t.clone();
                notes.push(t.clone());
            }
            Block::Heading(_, t) => heading = t.clone(),
            Block::Note(t) => notes.push(t.clone()),
            Block::Lines(lines) => notes.extend(lines.iter().map(|l| format!("· {l}"))),
            Block::Table(t) => {
                if t.rows.len() > MAX_ROWS {
                    return Err(XlsxError::RowColumnLimitError);
                }
                let wanted = if heading.is_empty() { &title } else { &heading };
                let ws = wb.add_worksheet();
                ws.set_name(names.take(wanted.split(" · ").next().unwrap_or("")))?;
                write_grid(ws, &grid(t), &Formats::new())?;
            }
        }
    }
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_comment(format!("pingyi {}", env!("CARGO_PKG_VERSION")))
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    ws.set_name(NOTES)?;
    for (r, n) in notes.iter().enumerate() {
        ws.write_string(r as u32, 0, n)?;
    }
    wb.save_to_buffer()
}

/// The sheet of titles, notes and bullet lines.
const NOTES: &str = "说明";

/// A document table as typed cells: numeric columns' decimals as numbers (at their decimals),
/// every other cell as text.
fn grid(t: &DocTable) -> Grid {
    let rows = t
        .rows
        .iter()
        .map(|cells| {
            cells
                .iter()
                .enumerate()
                .map(|(c, s)| match parse_decimal(s) {
                    Some((v, k)) if t.right.get(c) == Some(&true) => XCell::Num(v, Num::Fixed(k)),
                    _ if s.is_empty() => XCell::Empty,
                    _ => XCell::text(s.clone()),
                })
                .collect()
        })
        .collect();
    Grid {
        header: t.header.clone(),
        rows,
        freeze_cols: 0,
    }
}
