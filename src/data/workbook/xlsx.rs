//! `.xlsx`: calamine's cell values, with what it leaves out added by our own pass over the same
//! parts (`xlsx_parts`, `xlsx_sheet`). Before calamine opens the file, the archive is checked
//! against the caps in `limits`, so that nothing it inflates can exceed them.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, SheetVisible, Xlsx};
use zip::ZipArchive;

use super::limits::check_archive;
use super::numfmt::{percent_text, plain_text};
use super::xlsx_parts::{open_xml, read_parts, Archive, Names, Parts};
use super::xlsx_sheet::{scan, Mark, Marks};
use super::{a1, altered_cell, cell_text, date_cell, quietly, Cells, SheetCell, SheetData};
use crate::echo::quote;

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

/// A cell with its mark applied.
fn marked(pos: (u32, u32), value: &Data, mark: Mark) -> Result<SheetCell, String> {
    let number = match value {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    };
    match mark {
        Mark::Percent(v) if number == Some(v) => {
            Ok(SheetCell::percent(pos, percent_text(v), plain_text(v)))
        }
        Mark::Unclear(code) if number.is_some() => {
            let note = format!("the cell's number format {} shows some numbers as percentages and others not: format the cell as a number, or as a percentage", quote(&code));
            Ok(SheetCell::note(
                pos,
                plain_text(number.unwrap_or_default()),
                note,
            ))
        }
        Mark::Altered(v, a) if number == Some(v) => {
            let format = format!("number format {}", quote(&a.code));
            Ok(altered_cell(pos, plain_text(v), &format, &a.how, &a.shown))
        }
        Mark::Date(v) if number == Some(v) => Ok(date_cell(pos, plain_text(v))),
        // A date calamine sees as one already.
        Mark::Date(_)
            if matches!(
                value,
                Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_)
            ) =>
        {
            cell_text(pos, value)
        }
        Mark::OutOfRange(t) if !matches!(value, Data::Empty) => {
            let note = format!("the cell stores {}, out of range for a number: the workbook is damaged; enter the value in Excel or WPS and save it", quote(&t));
            Ok(SheetCell::note(pos, t, note))
        }
        Mark::NoResult if matches!(value, Data::Empty) => {
            let note = "the cell holds a formula with no saved result: open and save the workbook in Excel or WPS (a workbook written by a program holds formulas that only a spreadsheet computes)";
            Ok(SheetCell::note(pos, String::new(), note.into()))
        }
        Mark::Stale => {
            let c = cell_text(pos, value)?;
            if c.has_note() {
                return Ok(c);
            }
            let note = "the cell holds a formula whose saved result may be out of date (the workbook asks to be recalculated when opened, as workbooks written by programs do): open and save the workbook in Excel or WPS";
            Ok(SheetCell::note(pos, c.text, note.into()))
        }
        _ => Err(misaligned(pos)),
    }
}

fn misaligned(pos: (u32, u32)) -> String {
    format!(
        "cell {} cannot be read reliably (its format and its value disagree): the workbook is damaged; open and save it in Excel or WPS",
        a1(pos)
    )
}
