//! `.xls` (Excel 97–2003, BIFF8): calamine's values and merged regions, with the number
//! formats calamine keeps to itself read by our own pass over the records (`xls_biff`): a cell
//! formatted as a percentage reads as the percentage it shows, a date format or a format showing
//! other digits than stored is refused, as in an .xlsx workbook. An Excel 5/95 workbook (BIFF5),
//! and a compound file only calamine can read, are read for their values only: their formats are
//! not seen (a cell showing 90% reads as 0.9).
//! A BIFF file is not compressed, but calamine trusts its structure: a damaged compound file or
//! sheet could make it allocate gigabytes, so the file is checked first (`xls_check`), after
//! which its size bounds what calamine and the pass read; calamine holds each sheet as a dense
//! range, which the cap on cells does not bound (at most 65,536 rows by 256 columns in BIFF8).

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{open_workbook, Reader, SheetVisible, Xls, XlsError};

use super::marks::{marked, misaligned};
use super::xls_biff::{BiffFormats, Looks};
use super::xls_check::check;
use super::{cannot_read, cell_text, quietly, Cells, SheetData};

/// The message for a workbook saved with a password to open it (an encrypted .xlsx or .xls).
const ENCRYPTED: &str = "the workbook is protected by a password to open it (encrypted), so its cells cannot be read: open it in Excel or WPS with the password, remove the password (Excel: 文件 → 信息 → 保护工作簿 → 用密码进行加密, clear it) and save it, then run again";

/// Whether the compound file at `path` holds an encrypted OOXML package (MS-OFFCRYPTO: the
/// streams `EncryptionInfo` and `EncryptedPackage`), as an .xlsx saved with a password is.
fn encrypted_package(path: &Path) -> bool {
    let holds = || {
        let file = cfb::open(path).ok()?;
        Some(file.is_stream("/EncryptedPackage") && file.is_stream("/EncryptionInfo"))
    };
    quietly(holds).ok().flatten().unwrap_or(false)
}

pub struct XlsBook {
    book: Xls<BufReader<File>>,
    /// The number formats; `None` for an Excel 5/95 workbook (or a compound file only calamine
    /// reads: see `BiffFormats::read`).
    formats: Option<BiffFormats>,
}

impl XlsBook {
    pub fn open(path: &Path) -> Result<XlsBook, String> {
        // What a damaged compound file or sheet would make calamine allocate, refused first.
        let file = File::open(path).map_err(|e| cannot_read(&e.to_string()))?;
        check(file)?;
        let book = match quietly(|| open_workbook::<Xls<_>, _>(path)) {
            Ok(Ok(book)) => book,
            Ok(Err(XlsError::Password)) => return Err(ENCRYPTED.into()),
            // An .xlsx encrypted with a password is a compound file holding the encrypted
            // package: no workbook stream, and no workbook calamine could read.
            Ok(Err(_)) if encrypted_package(path) => return Err(ENCRYPTED.into()),
            Ok(Err(e)) => return Err(cannot_read(&e.to_string())),
            Err(_) => return Err(cannot_read("it is damaged")),
        };
        // An Excel 5/95 workbook saved on Chinese (or Japanese, Korean) Windows: its text is in
        // a double-byte code page, which calamine reads as single bytes — every unit id, name
        // and header garbled. Refused, saying so, rather than read as text that is not there.
        let code_page = quietly(|| super::xls_biff::biff5_code_page(path)).unwrap_or(None);
        if let Some(cp @ (932 | 936 | 949 | 950)) = code_page {
            return Err(format!("an Excel 5.0/95 workbook whose text is in code page {cp} (Chinese, Japanese or Korean Windows), which pingyi cannot read: open it in Excel or WPS and save it as .xlsx"));
        }
        // The compound-file reader failing where calamine did not — an error or a panic alike —
        // leaves the formats unread (and warned of), as `BiffFormats::read` says.
        let formats = quietly(|| BiffFormats::read(path)).unwrap_or(Ok(None))?;
        Ok(XlsBook { book, formats })
    }

    /// Whether the cells' number formats are read (not for an Excel 5/95 workbook, nor for a
    /// compound file only calamine can read).
    pub fn formats_read(&self) -> bool {
        self.formats.is_some()
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
        // Two sheets named alike (after calamine drops NUL characters): calamine keeps the last.
        let index = self.book.sheet_names().iter().rposition(|n| n == sheet);
        let (formats, mut looks, hidden_rows, hidden_cols) = match (&self.formats, index) {
            (Some(formats), Some(i)) => {
                let pass = formats.sheet(i)?;
                (
                    Some(formats),
                    pass.looks,
                    pass.hidden_rows,
                    pass.hidden_cols,
                )
            }
            _ => (None, Looks::new(), Vec::new(), Vec::new()),
        };
        let mark = |(xf, v): (u32, f64)| formats.and_then(|f| f.mark(xf, v));
        let mut cells = Cells::new();
        let start = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let pos = (start.0 + r as u32, start.1 + c as u32);
            let cell = match looks.remove(&pos).and_then(mark) {
                None => cell_text(pos, v)?,
                Some(m) => marked(pos, v, m)?,
            };
            cells.push(cell)?;
        }
        // A number under a marking format that calamine holds no value for.
        let mut left: Vec<(u32, u32)> = looks
            .into_iter()
            .filter(|&(_, look)| mark(look).is_some())
            .map(|(pos, _)| pos)
            .collect();
        left.sort_unstable();
        if let Some(pos) = left.first() {
            return Err(misaligned(*pos));
        }
        let merged = self.book.worksheet_merge_cells(sheet).unwrap_or_default();
        Ok(SheetData {
            cells,
            merged,
            hidden_rows,
            hidden_cols,
        })
    }
}
