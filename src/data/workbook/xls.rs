//! `.xls` (Excel 97–2003, BIFF): calamine's values and merged regions.
//!
//! What this does **not** do, and why: calamine reads the BIFF number formats only to tell dates
//! from numbers, so a cell formatted as a percentage reads as the fraction it stores (0.9 for a
//! cell showing 90%). pingyi cannot see that format and does not guess; a `percent = true`
//! column whose values all lie within [-1, 1] draws the fractions warning, and the documentation
//! asks offices to save such workbooks as .xlsx. Nor is a format that divides the number or
//! writes text among its digits seen (`#,##0.0,` shows 9600 as 9.6): such a cell reads as the
//! number it stores, without a word. calamine 0.35 keeps only whether each BIFF format is a date
//! (its `CellFormat`), privately, and exposes no cell's format. A BIFF file is not compressed, so its size
//! bounds what calamine reads; calamine holds each sheet as a dense range, which the cap on
//! cells does not bound (at most 65,536 rows by 256 columns in BIFF8).

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{open_workbook, Reader, SheetVisible, Xls};

use super::{cannot_read, cell_text, quietly, Cells, SheetData};

pub struct XlsBook {
    book: Xls<BufReader<File>>,
}

impl XlsBook {
    pub fn open(path: &Path) -> Result<XlsBook, String> {
        match quietly(|| open_workbook::<Xls<_>, _>(path)) {
            Ok(Ok(book)) => Ok(XlsBook { book }),
            Ok(Err(e)) => Err(cannot_read(&e.to_string())),
            Err(_) => Err(cannot_read("it is damaged")),
        }
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// Whether each sheet is hidden (or "very hidden", which only a macro can show).
    pub fn hidden(&self) -> Vec<bool> {
        let meta = self.book.sheets_metadata();
        meta.iter()
            .map(|s| s.visible != SheetVisible::Visible)
            .collect()
    }

    pub fn sheet(&mut self, sheet: &str) -> Result<SheetData, String> {
        let range = self
            .book
            .worksheet_range(sheet)
            .map_err(|e| e.to_string())?;
        let mut cells = Cells::new();
        let start = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let pos = (start.0 + r as u32, start.1 + c as u32);
            cells.push(cell_text(pos, v)?)?;
        }
        let merged = self.book.worksheet_merge_cells(sheet).unwrap_or_default();
        Ok(SheetData {
            cells: cells.into_inner(),
            merged,
        })
    }
}
