//! `.xlsx`: calamine's cell values, with what it leaves out added by our own pass over the same
//! parts (`xlsx_parts`, `xlsx_sheet`). Before calamine opens the file, the archive is checked
//! against the caps in `limits`, so that nothing it inflates can exceed them.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, SheetVisible, Xlsx};
use zip::ZipArchive;

use super::limits::check_archive;
use super::marks::{marked, misaligned, Marks};
use super::xlsx_parts::{open_xml, read_parts, Archive, Names, Parts};
use super::xlsx_sheet::scan;
use super::{cell_text, quietly, Cells, SheetCell, SheetData};

pub struct XlsxBook {
    book: Xlsx<BufReader<File>>,
    zip: Archive,
    names: Names,
    parts: Parts,
}

impl XlsxBook {
    /// Opens the archive, checks it against the caps, reads the workbook-level parts, then
    /// lets calamine open it.
    pub fn open(path: &Path, zip: Archive) -> Result<XlsxBook, String> {
        let mut zip = zip;
        check_archive(&mut zip)?;
        let names = Names::of(&zip);
        let parts = read_parts(&mut zip, &names)?;
        let book = match quietly(|| open_workbook::<Xlsx<_>, _>(path)) {
            Ok(Ok(book)) => book,
            Ok(Err(e)) => return Err(super::cannot_read(&e.to_string())),
            Err(_) => return Err(super::cannot_read("it is damaged")),
        };
        Ok(XlsxBook {
            book,
            zip,
            names,
            parts,
        })
    }

    /// Opens `path` as a zip archive (for the format check).
    pub fn archive(file: File) -> Result<Archive, String> {
        ZipArchive::new(BufReader::new(file)).map_err(|e| super::cannot_read(&e.to_string()))
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

    /// The cells and merged regions of `sheet`.
    pub fn sheet(&mut self, sheet: &str) -> Result<SheetData, String> {
        let marks = self.marks(sheet)?;
        let cells = self.cells(sheet, marks)?;
        let merged = match self.book.worksheet_merge_cells(sheet) {
            Some(Ok(m)) => m,
            Some(Err(e)) => return Err(e.to_string()),
            None => Vec::new(),
        };
        Ok(SheetData { cells, merged })
    }

    fn marks(&mut self, sheet: &str) -> Result<Marks, String> {
        let Some((_, part)) = self.parts.sheets.iter().find(|(n, _)| n == sheet) else {
            return Ok(Marks::new());
        };
        let part = part.clone();
        match open_xml(&mut self.zip, &self.names, &part)? {
            Some(mut xml) => scan(
                &mut xml,
                &part,
                &self.parts.styles,
                self.parts.full_calc_on_load,
            ),
            None => Ok(Marks::new()),
        }
    }

    /// calamine's cells with the marks applied; a mark calamine has no matching value for is an
    /// error, never a guess.
    fn cells(&mut self, sheet: &str, mut marks: Marks) -> Result<Vec<SheetCell>, String> {
        let mut reader = self
            .book
            .worksheet_cells_reader(sheet)
            .map_err(|e| e.to_string())?;
        let mut out = Cells::new();
        while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
            let pos = cell.get_position();
            let value = Data::from(cell.get_value().clone());
            let c = match marks.remove(&pos) {
                None => cell_text(pos, &value)?,
                Some(m) => marked(pos, &value, m)?,
            };
            out.push(c)?;
        }
        if let Some(pos) = marks.keys().min() {
            return Err(misaligned(*pos));
        }
        Ok(out.into_inner())
    }
}
