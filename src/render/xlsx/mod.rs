//! `results.xlsx`: the workbook the leadership gets. One sheet per track (ranked, dimension
//! subtotals, total, grade, rank change), `指标明细` (every indicator's raw value and score),
//! `对账单` (every statement item) and `全区基本面` (the district overview).
//!
//! Every sheet has a frozen, filtered header, column widths fitted to Chinese text and number
//! formats at the configured decimals; grade cells are coloured. Text is always a string cell,
//! never a formula ([`grid`]). The workbook's creation date is the last day of the period, so
//! that reruns over the same inputs give the same bytes.

pub mod book;
pub mod grid;
pub mod sheets;

use std::collections::HashSet;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use self::grid::{column_width, display_width, parse_decimal, write_cell, Formats, Num, XCell};
use crate::analysis::bundle::Report;
use crate::error::Error;
use crate::period::Period;
use crate::render::doc::{Block, Doc, DocTable};
use crate::render::summary::{self, SummaryView};

/// The workbook's bytes.
pub fn render(r: &Report) -> Result<Vec<u8>, Error> {
    build(r).map_err(|e| {
        Error::io(
            std::path::Path::new("results.xlsx"),
            std::io::Error::other(e.to_string()),
        )
    })
}

fn build(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = period_end(r.period())?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("考核结果 · {}", r.period()))
            .set_comment(format!("pingyi {}", env!("CARGO_PKG_VERSION")))
            .set_creation_datetime(&created),
    );
    let f = Formats::new();
    // The fixed sheets keep their names: a track named `指标明细` gets `指标明细(2)`, never the
    // sheet every reader of the workbook looks for.
    let mut names = SheetNames::default();
    for name in FIXED_SHEETS {
        names.0.insert(name.to_lowercase());
    }
    for (i, &t) in r.tracks.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(names.take(&r.ev.cfg.tracks[t].name))?;
        print_setup(ws);
        grid::write_grid(ws, &sheets::track_grid(r, i), &f)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("指标明细")?;
    grid::write_grid(ws, &sheets::indicator_grid(r), &f)?;
    let ws = wb.add_worksheet();
    ws.set_name("对账单")?;
    grid::write_grid(ws, &sheets::statement_grid(r), &f)?;
    let ws = wb.add_worksheet();
    ws.set_name("全区基本面")?;
    let v = SummaryView {
        names: r.labels(),
        summary: &r.summary,
    };
    write_doc(ws, &summary::doc(&v), &f)?;
    wb.save_to_buffer()
}

/// The sheets every workbook has after the tracks' sheets; their names are reserved.
pub const FIXED_SHEETS: [&str; 3] = ["指标明细", "对账单", "全区基本面"];

/// The last day of the period, 00:00 UTC.
pub(crate) fn period_end(p: Period) -> Result<ExcelDateTime, XlsxError> {
    let (y, m) = p.last_month();
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let day = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    ExcelDateTime::from_ymd(u16::try_from(y).unwrap_or(1900), m, day)
}

/// A4 landscape, one page wide, the header row on every page.
fn print_setup(ws: &mut Worksheet) {
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    let _ = ws.set_repeat_rows(0, 0);
}

/// Unique, valid sheet names: at most 31 characters, none of `[]:*?/\`, not quoted, compared
/// without case (as Excel does).
#[derive(Default)]
pub(crate) struct SheetNames(pub(crate) HashSet<String>);

impl SheetNames {
    pub(crate) fn take(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|c| match c {
                '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
                c if c.is_control() => '_',
                c => c,
            })
            .collect();
        let clean = clean.trim_matches('\'').to_string();
        let base = if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
            format!("{clean}_")
        } else {
            clean
        };
        let mut k = 1u32;
        loop {
            let suffix = if k == 1 {
                String::new()
            } else {
                format!("({k})")
            };
            let keep = 31 - suffix.chars().count();
            let name: String = base.chars().take(keep).collect::<String>() + &suffix;
            if self.0.insert(name.to_lowercase()) {
                return name;
            }
            k += 1;
        }
    }
}

/// Writes a document (the district overview) down the sheet: headings in bold, tables with a
/// header row, numbers of right-aligned columns as numbers. The title row is frozen; the
/// largest table gets the autofilter.
fn write_doc(ws: &mut Worksheet, doc: &Doc, f: &Formats) -> Result<(), XlsxError> {
    let mut row = 0u32;
    let mut widths: Vec<usize> = Vec::new();
    let mut largest: Option<(u32, u32, u16)> = None;
    for b in &doc.0 {
        match b {
            Block::Heading(1, t) => {
                ws.write_string_with_format(row, 0, t, &f.title)?;
                row += 2;
            }
            Block::Heading(_, t) => {
                ws.write_string_with_format(row, 0, t, &f.bold)?;
                row += 1;
            }
            Block::Table(t) => {
                let last = write_doc_table(ws, row, t, f, &mut widths)?;
                let cols = t.header.len().max(1) as u16 - 1;
                if largest.is_none_or(|(a, b, _)| b - a < last - row) {
                    largest = Some((row, last, cols));
                }
                row = last + 2;
            }
            Block::Lines(lines) => {
                for l in lines {
                    ws.write_string(row, 0, format!("· {l}"))?;
                    row += 1;
                }
                row += 1;
            }
            Block::Note(t) => {
                ws.write_string(row, 0, t)?;
                row += 2;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, column_width(*w))?;
    }
    ws.set_freeze_panes(1, 0)?;
    if let Some((first, last, cols)) = largest {
        ws.autofilter(first, 0, last, cols)?;
    }
    Ok(())
}

/// Writes a table with its header at `top`; returns its last row.
fn write_doc_table(
    ws: &mut Worksheet,
    top: u32,
    t: &DocTable,
    f: &Formats,
    widths: &mut Vec<usize>,
) -> Result<u32, XlsxError> {
    let mut grow = |c: usize, w: usize| {
        if widths.len() <= c {
            widths.resize(c + 1, 0);
        }
        widths[c] = widths[c].max(w);
    };
    for (c, h) in t.header.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, h, &f.header)?;
        grow(c, display_width(h) + 2);
    }
    let mut row = top;
    for cells in &t.rows {
        row += 1;
        for (c, s) in cells.iter().enumerate() {
            let numeric = t.right.get(c) == Some(&true);
            let cell = match parse_decimal(s) {
                Some((v, k)) if numeric => XCell::Num(v, Num::Fixed(k)),
                _ if s.is_empty() => XCell::Empty,
                _ => XCell::text(s.clone()),
            };
            write_cell(ws, row, c as u16, &cell, f)?;
            grow(c, display_width(s));
        }
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut n = SheetNames::default();
        assert_eq!(n.take("乡镇（街道、园区）"), "乡镇（街道、园区）");
        assert_eq!(n.take("a/b:c"), "a_b_c");
        assert_eq!(n.take("A_B_C"), "A_B_C(2)");
        assert_eq!(n.take("'x'"), "x");
        assert_eq!(n.take(""), "_");
        assert_eq!(n.take("History"), "History_");
        let long = "很".repeat(40);
        assert_eq!(n.take(&long).chars().count(), 31);
        assert_eq!(n.take(&long).chars().count(), 31);
    }

    #[test]
    fn the_creation_date_is_the_last_day_of_the_period() {
        let d = |p: &str| period_end(p.parse().unwrap()).unwrap().to_excel();
        let dec31 = ExcelDateTime::from_ymd(2024, 12, 31).unwrap().to_excel();
        assert_eq!(d("2024Q4"), dec31);
        assert_eq!(d("2024"), dec31);
        let feb = ExcelDateTime::from_ymd(2024, 2, 29).unwrap().to_excel();
        assert_eq!(d("2024-02"), feb);
    }
}
