//! Workbook input — `.xlsx`, `.xls`, `.ods` — one worksheet read into the same [`Table`] as a
//! CSV file.
//!
//! Cells are streamed (not loaded as a dense range, which one stray cell at XFD1048576 would
//! blow up) and turned into the text a CSV export would hold: numbers in Rust's shortest
//! round-trip form (`12.5`, `320101`), a number formatted as a percentage as the percentage it
//! shows (`0.9` shown as `90%` is the text `90%`, see `numfmt`), text as is, empty as empty.
//! Cells that hold no value carry a note that the reader reports with sheet and cell: an error
//! such as `#DIV/0!`, a date where a number belongs, a formula without a saved result. Merged
//! cells in the header row are rejected: a merged header hides which column is which. Those
//! below it are left to the reader, which knows its columns: a merged cell that spreads a value
//! over cells read leaves them empty ([`Table::merged_problems`]).
//!
//! The format is told by the file's content, not its name: a zip archive with an OpenDocument
//! `mimetype` is `.ods`, another zip archive `.xlsx`, an OLE compound file `.xls`.
//!
//! - **`.xlsx`** (`xlsx`): calamine's values; number formats, formulas without a result and
//!   repeated cells from our own pass over the sheet's XML.
//! - **`.ods`** (`ods`): our own streaming reader of `content.xml`; a cell of value type
//!   `percentage` shows its percentage, like an .xlsx percent format, and a number style that
//!   divides or writes text among the digits (`ods_styles`) is refused like an .xlsx format.
//! - **`.xls`** (`xls`): calamine's values; number formats from our own pass over the BIFF8
//!   records (`xls_biff`), applied as in an .xlsx workbook. An Excel 5/95 workbook's formats are
//!   not read, so a cell formatted as a percentage there reads as the fraction it stores (0.9 for
//!   90%), which the fractions warning and the documentation say.
//!   The file's compound-file structure and its sheets' extents are checked first (`xls_check`),
//!   so that a damaged file cannot make calamine allocate beyond the file's size and the grid.
//!
//! Caps on unpacked sizes, cell text and cell counts are in `limits`.

mod limits;
mod marks;
mod numfmt;
mod ods;
mod ods_styles;
mod xls;
mod xls_biff;
mod xls_check;
mod xlsx;
mod xlsx_parts;
mod xlsx_sheet;

#[cfg(test)]
mod tests;

use std::fs::File;
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use calamine::{Data, Dimensions};
use csv::StringRecord;

use super::layout::looks_like_units;
use super::rows::is_total_or_footer;
use super::table::{column_letters, Merged, RawTable, ReadAs, Row, Table, PARENT};
use crate::echo::{grouped, quote};
use crate::error::{Problem, Problems};
use crate::filekind::not_a_file;
use crate::fold::header_key;
use limits::{MAX_CELLS, MAX_CELL_CHARS};

/// The most non-empty cells pingyi reads from one worksheet (see `limits`).
pub const MAX_SHEET_CELLS: usize = MAX_CELLS;

/// Excel's grid: 1,048,576 rows by 16,384 columns (XFD).
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLS: u32 = 1 << 14;

/// The sheet a workbook holding one table is read from ([`Workbook::first_sheet`]): its name, the
/// warnings about the sheets passed over, and the error naming the later sheets that hold more
/// rows of the table (rows that would otherwise be lost without a word).
pub struct FirstSheet {
    pub name: String,
    pub warnings: Vec<String>,
    pub unread: Option<String>,
}

/// An open workbook and its sheet names.
pub struct Workbook {
    pub path: PathBuf,
    book: Book,
    sheets: Vec<String>,
    /// Whether each sheet is hidden.
    hidden: Vec<bool>,
}

enum Book {
    Xlsx(Box<xlsx::XlsxBook>),
    Xls(Box<xls::XlsBook>),
    Ods(ods::OdsBook),
}

/// One worksheet cell: position (0-based), text, and rarely more (kept apart so that a cell
/// costs 40 bytes besides its text).
#[derive(Debug, Clone, PartialEq)]
struct SheetCell {
    pos: (u32, u32),
    text: String,
    extra: Option<Box<Extra>>,
}

/// Why a cell holds no value, or the number stored in a cell shown as a percentage.
#[derive(Debug, Clone, PartialEq)]
enum Extra {
    Note(String),
    Percent(String),
}

impl SheetCell {
    fn text(pos: (u32, u32), text: String) -> SheetCell {
        SheetCell {
            pos,
            text,
            extra: None,
        }
    }

    fn note(pos: (u32, u32), text: String, note: String) -> SheetCell {
        SheetCell {
            extra: Some(Box::new(Extra::Note(note))),
            ..SheetCell::text(pos, text)
        }
    }

    /// A number shown as a percentage: the text shown (`90%`) and the number stored (`0.9`).
    fn percent(pos: (u32, u32), shown: String, stored: String) -> SheetCell {
        SheetCell {
            extra: Some(Box::new(Extra::Percent(stored))),
            ..SheetCell::text(pos, shown)
        }
    }

    fn has_note(&self) -> bool {
        matches!(self.extra.as_deref(), Some(Extra::Note(_)))
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty() && !self.has_note()
    }
}

/// A sheet's cells, merged regions and hidden rows (0-based, ascending; xlsx only).
struct SheetData {
    cells: Cells,
    merged: Vec<Dimensions>,
    hidden_rows: Vec<u32>,
    /// The hidden columns, 0-based (any order).
    hidden_cols: Vec<u32>,
}

impl SheetData {
    fn of(cells: Cells, layout: xlsx_sheet::Layout) -> SheetData {
        SheetData {
            cells,
            merged: layout.merged,
            hidden_rows: layout.hidden_rows,
            hidden_cols: layout.hidden_cols,
        }
    }
}

/// The non-empty cells of a sheet, within the caps on their number and length: their texts
/// kept one after the other in one buffer, so that a cell costs 32 bytes and its text's bytes
/// (a text of its own took a heap block besides, at least 32 bytes more).
struct Cells {
    held: Vec<Held>,
    texts: String,
}

/// A cell of [`Cells`]: where its text lies in the buffer.
struct Held {
    pos: (u32, u32),
    start: usize,
    len: u32,
    extra: Option<Box<Extra>>,
}

impl Cells {
    fn new() -> Cells {
        Cells {
            held: Vec::new(),
            texts: String::new(),
        }
    }

    fn push(&mut self, c: SheetCell) -> Result<(), String> {
        if c.is_empty() {
            return Ok(());
        }
        if c.pos.0 >= MAX_ROWS || c.pos.1 >= MAX_COLS {
            return Err("a cell lies outside Excel's grid: the workbook is damaged".into());
        }
        if c.text.len() > MAX_CELL_CHARS {
            let n = c.text.chars().count();
            if n > MAX_CELL_CHARS {
                return Err(limits::damaged(format!(
                    "cell {} holds {} characters, more than a cell can ({})",
                    a1(c.pos),
                    grouped(n),
                    grouped(MAX_CELL_CHARS)
                )));
            }
        }
        if self.held.len() >= MAX_CELLS {
            return Err(format!(
                "the sheet has more than {} non-empty cells, the most pingyi reads from a workbook: save it as CSV",
                grouped(MAX_CELLS)
            ));
        }
        self.held.push(Held {
            pos: c.pos,
            start: self.texts.len(),
            // Within the cap on a cell's characters (at most four bytes each).
            len: c.text.len() as u32,
            extra: c.extra,
        });
        self.texts.push_str(&c.text);
        Ok(())
    }

    fn text(&self, h: &Held) -> &str {
        &self.texts[h.start..h.start + h.len as usize]
    }
}

impl Workbook {
    /// Opens a workbook; a file that is not a readable workbook, or one beyond the caps, is a
    /// message for the user.
    pub fn open(path: &Path) -> Result<Workbook, String> {
        if let Some(why) = not_a_file(path) {
            return Err(why);
        }
        crate::filekind::input_read(path)?;
        let mut file = File::open(path).map_err(|e| cannot_read(&e.to_string()))?;
        let mut magic = [0u8; 8];
        let n = read_up_to(&mut file, &mut magic).map_err(|e| cannot_read(&e.to_string()))?;
        let book = match &magic[..n] {
            [b'P', b'K', ..] => {
                let file = File::open(path).map_err(|e| cannot_read(&e.to_string()))?;
                let zip = xlsx::XlsxBook::archive(file)?;
                if zip.index_for_name("mimetype").is_some() {
                    Book::Ods(ods::OdsBook::open(zip)?)
                } else {
                    Book::Xlsx(Box::new(xlsx::XlsxBook::open(path, zip)?))
                }
            }
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] => {
                Book::Xls(Box::new(xls::XlsBook::open(path)?))
            }
            [] => return Err(cannot_read("the file is empty")),
            _ => {
                return Err(cannot_read(
                    "it is neither an .xlsx or .ods archive nor an .xls workbook",
                ))
            }
        };
        let (sheets, hidden) = match &book {
            Book::Xlsx(b) => (b.sheet_names(), b.hidden()),
            Book::Xls(b) => (b.sheet_names(), b.hidden()),
            Book::Ods(b) => (b.sheet_names(), b.hidden()),
        };
        Ok(Workbook {
            path: path.to_path_buf(),
            book,
            sheets,
            hidden,
        })
    }

    pub fn sheet_names(&self) -> &[String] {
        &self.sheets
    }

    /// An .xlsx workbook's sheets read side by side however small (tests of that reading).
    #[cfg(test)]
    pub fn always_side_by_side(&mut self) {
        if let Book::Xlsx(b) = &mut self.book {
            b.always_side_by_side();
        }
    }

    /// The warning for a workbook whose cells' number formats cannot be read (an `.xls` of
    /// Excel 5/95, or a compound file only calamine can read): its percentages read as the
    /// fractions stored, and nothing else of its formats is checked.
    pub fn unread_formats(&self) -> Option<String> {
        match &self.book {
            Book::Xls(b) if !b.formats_read() => Some("the workbook's number formats cannot be read (an Excel 5.0/95 workbook, or one whose file structure only some readers accept): a cell formatted as a percentage reads as the fraction it stores (0.9 for 90%), and a format that scales the number shown (`#,##0.0,`) is not seen; save it as .xlsx in Excel or WPS to have its formats read".into()),
            _ => None,
        }
    }

    /// The sheets a workbook of several tables (the period workbook, a submission) is read from:
    /// its visible ones, and a warning naming the hidden ones passed over (last quarter's copy,
    /// kept out of sight, must not be scored in this quarter's place).
    pub fn visible_sheets(&self) -> (Vec<String>, Option<String>) {
        let hidden = |i: usize| self.hidden.get(i).copied().unwrap_or(false);
        let (mut shown, mut passed) = (Vec::new(), Vec::new());
        for (i, s) in self.sheets.iter().enumerate() {
            if hidden(i) {
                passed.push(crate::echo::cut(s));
            } else {
                shown.push(s.clone());
            }
        }
        let warning = (!passed.is_empty()).then(|| {
            format!(
                "hidden sheet(s) {} passed over: only visible sheets are read (unhide a sheet to have it read)",
                passed.join(", ")
            )
        });
        (shown, warning)
    }

    /// The sheet a workbook holding one table is read from when nothing else is known of it (the
    /// registry, the attributes): its first visible sheet — the first sheet, unless it was hidden
    /// (last quarter's copy, kept out of sight, must not be read in this quarter's place) — and a
    /// warning naming the hidden sheets passed over.
    pub fn first_visible(&self) -> Result<(String, Option<String>), String> {
        if self.sheets.is_empty() {
            return Err("the workbook has no sheet".into());
        }
        let Some(i) =
            (0..self.sheets.len()).find(|&i| !self.hidden.get(i).copied().unwrap_or(false))
        else {
            return Err(
                "every sheet of the workbook is hidden: show (unhide) the sheet to be read".into(),
            );
        };
        let first = self.sheets[i].clone();
        let warning = (i > 0).then(|| {
            format!(
                "hidden sheet(s) {} passed over: the first visible sheet ({}) is read",
                self.sheets[..i]
                    .iter()
                    .map(|s| crate::echo::cut(s))
                    .collect::<Vec<_>>()
                    .join(", "),
                crate::echo::cut(&first)
            )
        });
        Ok((first, warning))
    }

    /// The sheet a workbook holding one table is read from (a category's own workbook, a side
    /// file): its first visible one, as [`Workbook::first_visible`] — and an error when another
    /// visible sheet after it looks like more of the same table (its header holds one of `key`
    /// and a column of the read sheet's besides, with rows under it): deductions kept on a second
    /// sheet, last quarter's copy kept beside, which would otherwise go unread without a word
    /// (the fix: move the rows, or hide the sheet). A sheet of notes, a drop-down list of names
    /// or a summary shares no such column and is passed over quietly. Columns are compared by what they are:
    /// a header in one of `same` (the names of one column: `points`, `分值`, `分数`) stands for
    /// them all, so that `分值` on one sheet and `分数` on the other are the same column. When
    /// `unkeyed`, a later sheet without a column of `key` that has two of the read sheet's columns
    /// (a side file's adjustments headed `单位,类型,分值,事由,文号`, whose `单位` is no unit column
    /// pingyi reads — or a reference of the points of each award) is named in a warning that its
    /// rows are not read; a category workbook passes `false`, since its notes sheets may well be
    /// headed by the indicators' names.
    pub fn first_sheet(
        &mut self,
        key: &[&str],
        same: &[&[&str]],
        unkeyed: bool,
    ) -> Result<FirstSheet, String> {
        let (mut first, hidden) = self.first_visible()?;
        let mut warnings: Vec<String> = hidden.into_iter().collect();
        let mut at = self.sheets.iter().position(|s| *s == first).unwrap_or(0);
        // A hidden sheet after the one read is passed over and named as hidden (last quarter's
        // copy kept out of sight): moving its rows to the sheet read would be the wrong advice.
        let flags: Vec<bool> = (0..self.sheets.len())
            .map(|i| self.hidden.get(i).copied().unwrap_or(false))
            .collect();
        let hidden = |i: usize| flags[i];
        // Instructions first (填表说明: no unit column, nothing headed as units or as a column of
        // the table): the table is read from the first visible sheet after them that has a unit
        // column, and they are named. A first sheet that may hold units' rows stays the one read.
        let keys: Vec<String> = key.iter().map(|k| header_key(k)).collect();
        let columns: Vec<String> = same.concat().iter().map(|n| header_key(n)).collect();
        // Figures are no instructions: a sheet holding numbers (`综合得分` under `考评对象`, neither
        // a header pingyi reads) may be the table itself, and stays the one read.
        let number = |f: &str| f.trim().parse::<f64>().is_ok();
        let look = |wb: &mut Self, s: &str| match wb.table_and_errors(s, key) {
            Ok((t, _)) => {
                let keyed = t.headers().iter().any(|h| keys.contains(&header_key(h)));
                let cells = t.headers().iter().map(String::as_str);
                let rows = t.held_rows().iter().flat_map(|r| r.record.iter());
                let tabular = t
                    .headers()
                    .iter()
                    .any(|h| looks_like_units(h) || columns.contains(&header_key(h)))
                    || cells.chain(rows).filter(|f| number(f)).nth(1).is_some();
                (keyed, tabular)
            }
            Err(_) => (false, true),
        };
        if look(self, &first) == (false, false) {
            let mut next = None;
            for i in (at + 1..self.sheets.len()).filter(|&i| !hidden(i)) {
                let name = self.sheets[i].clone();
                if look(self, &name).0 {
                    next = Some(i);
                    break;
                }
            }
            if let Some(i) = next {
                let passed: Vec<String> = (at..i)
                    .filter(|&k| !hidden(k))
                    .map(|k| crate::echo::cut(&self.sheets[k]).into_owned())
                    .collect();
                warnings.push(format!(
                    "sheet(s) {} passed over: no unit column (unit_id / 单位编码, or unit_name / 单位名称), and nothing of the table; the table is read from sheet {}",
                    passed.join(", "),
                    crate::echo::cut(&self.sheets[i])
                ));
                first = self.sheets[i].clone();
                at = i;
            }
        }
        let passed: Vec<String> = (at + 1..self.sheets.len())
            .filter(|&i| hidden(i))
            .map(|i| crate::echo::cut(&self.sheets[i]).into_owned())
            .collect();
        if !passed.is_empty() {
            warnings.push(format!(
                "hidden sheet(s) {} passed over: only the first visible sheet ({}) is read",
                passed.join(", "),
                crate::echo::cut(&first)
            ));
        }
        let later: Vec<String> = (at + 1..self.sheets.len())
            .filter(|&i| !hidden(i))
            .map(|i| self.sheets[i].clone())
            .collect();
        let done = |name, warnings| FirstSheet {
            name,
            warnings,
            unread: None,
        };
        if later.is_empty() {
            return Ok(done(first, warnings));
        }
        let keys: Vec<String> = key.iter().map(|k| header_key(k)).collect();
        let same: Vec<Vec<String>> = same
            .iter()
            .map(|names| names.iter().map(|n| header_key(n)).collect())
            .collect();
        let meaning = |h: String| -> String {
            match same.iter().find(|names| names.contains(&h)) {
                Some(names) => names[0].clone(),
                None => h,
            }
        };
        let columns = |t: &Table| -> Vec<String> {
            t.headers()
                .iter()
                .map(|h| header_key(h))
                .filter(|h| !h.is_empty() && !keys.contains(h))
                .map(meaning)
                .collect()
        };
        // The other sheets with unit rows first (most workbooks have none: a cover or notes
        // sheet), then only for those the first sheet's columns — read again by the caller.
        // Each with its columns, whether a unit column is read, and the first header that
        // names units as offices head them but pingyi does not read (`部门名称`, `单位`); in
        // `named`, that column's texts, folded.
        let mut rows: Vec<(&String, Vec<String>, bool, Option<String>)> = Vec::new();
        let mut named: Vec<Vec<String>> = Vec::new();
        for s in &later {
            if let Ok((t, _)) = self.table_and_errors(s, key) {
                let c = columns(&t);
                let keyed = t.headers().iter().any(|h| keys.contains(&header_key(h)));
                let at = t.headers().iter().position(|h| looks_like_units(h));
                let unit_like = at.map(|i| crate::echo::cut(&t.headers()[i]).into_owned());
                let texts: Option<Vec<String>> = at.map(|i| {
                    let cells = t.held_rows().iter().map(|r| header_key(r.get(i)));
                    cells.filter(|k| !k.is_empty()).collect()
                });
                if (keyed || unkeyed) && t.has_rows() {
                    rows.push((s, c, keyed, unit_like));
                    named.push(texts.unwrap_or_default());
                }
            }
        }
        if rows.is_empty() {
            return Ok(done(first, warnings));
        }
        // Merged cells are for the reader of the sheet to judge.
        let Ok((head, _)) = self.table_and_errors(&first, key) else {
            return Ok(done(first, warnings));
        };
        let ours = columns(&head);
        let shared = |c: &[String]| c.iter().filter(|c| ours.contains(c)).count();
        let more: Vec<&String> = rows
            .iter()
            .filter(|(_, c, keyed, _)| *keyed && shared(c) >= 1)
            .map(|(s, _, _, _)| *s)
            .collect();
        // A column the reader reads (`得分`, `分值`; not a `序号` or `备注` every list has) beside
        // a unit column headed otherwise (`部门名称,得分` under a first sheet of `单位名称,得分`):
        // more rows of the table all the same, which would be lost.
        let read_shared = |c: &[String]| {
            c.iter()
                .any(|c| ours.contains(c) && same.iter().any(|names| names[0] == *c))
        };
        // … unless every unit it names is one the first sheet names too (a ranking of the same
        // units beside their scores): nothing would be lost.
        // The first sheet's texts, folded only when a sheet is in question (the first sheet
        // may be a province's list, and most workbooks have no such sheet).
        let firsts = std::cell::OnceCell::new();
        let firsts = || {
            firsts.get_or_init(|| {
                (head.held_rows().iter())
                    .flat_map(|r| r.record.iter().map(header_key))
                    .filter(|k| !k.is_empty())
                    .collect::<std::collections::HashSet<String>>()
            })
        };
        let misheaded: Vec<(&String, &String)> = rows
            .iter()
            .zip(&named)
            .filter(|((_, c, keyed, _), texts)| {
                !*keyed && read_shared(c) && !texts.iter().all(|k| firsts().contains(k))
            })
            .filter_map(|((s, _, _, like), _)| like.as_ref().map(|h| (*s, h)))
            .collect();
        // Without a unit column, the sheet may as well be a reference (the points of each kind
        // of award, headed 类型, 事由, 分值): a warning, not an error.
        let like: Vec<&str> = rows
            .iter()
            .filter(|(_, c, keyed, unit_like)| !*keyed && unit_like.is_none() && shared(c) >= 2)
            .map(|(s, _, _, _)| s.as_str())
            .collect();
        if !like.is_empty() {
            warnings.push(format!(
                "sheet(s) {} share columns with this table but have no unit column (unit_id / 单位编码, or unit_name / 单位名称), so their rows are not read: if they hold more of the table, move the rows to the first sheet ({first})",
                like.join(", ")
            ));
        }
        let which = if at == 0 {
            "first sheet"
        } else {
            "first visible sheet"
        };
        let mut unread: Vec<String> = Vec::new();
        if !more.is_empty() {
            let names: Vec<&str> = more.iter().map(|s| s.as_str()).collect();
            unread.push(format!(
                "sheet(s) {} hold more rows of this table, but only the {which} ({first}) is read: move their rows to it, or hide the sheet(s) if their rows are not this period's",
                names.join(", ")
            ));
        }
        if !misheaded.is_empty() {
            let names: Vec<String> = misheaded
                .iter()
                .map(|(s, h)| format!("{s} (unit column {})", quote(h)))
                .collect();
            unread.push(format!(
                "sheet(s) {} hold more rows of this table, but only the {which} ({first}) is read, and their unit column is not one pingyi reads: move their rows to the {which}, under its unit column (unit_id / 单位编码, or unit_name / 单位名称), or hide the sheet(s) if their rows are not this period's",
                names.join(", ")
            ));
        }
        let unread = (!unread.is_empty()).then(|| unread.join("; "));
        Ok(FirstSheet {
            name: first,
            warnings,
            unread,
        })
    }

    /// Reads `sheet` into a table whose header row is the first row holding one of `key`, with
    /// its warnings (hidden rows). Every error (unreadable sheet, merged cells, wrong delimiter)
    /// is returned, naming the workbook and the sheet. Merged cells hiding a value of a column
    /// headed by one of `read` (every column when it is empty) are errors; a footer typed under
    /// the list is skipped with its row when the columns headed by one of `units` are empty or
    /// hold it (the registry's rule). The columns headed by one of `labels` merged down read as
    /// they show ([`Table::fill_down`]).
    pub fn table(
        &mut self,
        sheet: &str,
        key: &[&str],
        (read, units, labels): (&[&str], &[&str], &[&str]),
    ) -> Result<(Table, Problems), Problems> {
        match self.table_and_errors(sheet, key) {
            Ok((mut t, mut p)) => {
                for c in t.find_all(labels) {
                    t.fill_down(c);
                }
                let units = t.find_all(units);
                let footer = crate::data::rows::is_total_or_footer;
                t.merged_problems(t.reads(read), &units, footer, &mut p);
                match p.has_errors() {
                    true => Err(p),
                    false => Ok((t, p)),
                }
            }
            Err(p) => Err(p),
        }
    }

    /// [`Workbook::table`], but the merged regions below the header are left in the table's
    /// head for the caller, which knows the columns it reads, to report
    /// ([`Table::merged_problems`]); a sheet is given beside its other errors where its rows
    /// can be read.
    pub fn table_and_errors(
        &mut self,
        sheet: &str,
        key: &[&str],
    ) -> Result<(Table, Problems), Problems> {
        let mut problems = Problems::new();
        let place = Some(format!("sheet {sheet}"));
        let read = quietly(AssertUnwindSafe(|| match &mut self.book {
            Book::Xlsx(b) => b.sheet(sheet),
            Book::Xls(b) => b.sheet(sheet),
            Book::Ods(b) => b.sheet(sheet),
        }));
        let data = match read {
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
        let format = match &self.book {
            Book::Xlsx(_) => "xlsx",
            Book::Xls(_) => "xls",
            Book::Ods(_) => "ods",
        };
        let read_as = ReadAs::Sheet {
            format,
            sheet: sheet.to_string(),
        };
        // The hidden rows holding a cell (a hidden empty row says nothing).
        let rows_with_cells: Vec<u32> = if data.hidden_rows.is_empty() {
            Vec::new()
        } else {
            let mut r: Vec<u32> = data.cells.held.iter().map(|h| h.pos.0).collect();
            r.dedup();
            r.sort_unstable();
            r.dedup();
            r
        };
        let raw = match raw_table(&self.path, read_as, sheet, data.cells) {
            Ok(raw) => raw,
            Err(msg) => {
                let msg = format!("cannot read the sheet: {msg}");
                problems.push(Problem::error(&self.path, msg).place(place));
                return Err(problems);
            }
        };
        let mut table = match Table::build(raw, key) {
            Ok(t) => t,
            Err(msg) => {
                problems.push(Problem::error(&self.path, msg).line(1).place(place));
                return Err(problems);
            }
        };
        if check_merged(&mut table, sheet, &data.merged, &mut problems) {
            return Err(problems);
        }
        table.head.hidden_cols = data.hidden_cols;
        // A township column merged down over its villages reads as it shows (the registry's
        // `上级单位` too).
        let mut towns = table.find_all(PARENT);
        towns.extend(table.find_all(&["上级单位"]));
        for c in towns {
            table.fill_down(c);
        }
        hidden_rows(
            &table,
            sheet,
            &data.hidden_rows,
            &rows_with_cells,
            &mut problems,
        );
        Ok((table, problems))
    }
}

/// The message for a file that is no readable workbook.
fn cannot_read(why: &str) -> String {
    format!("cannot read the workbook ({why}): is it an .xlsx, .xls or .ods file saved by Excel, WPS or LibreOffice?")
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// [`crate::error::quietly`]: calamine can panic on damaged files (e.g. an arithmetic overflow
/// on an absurd cell reference in debug builds); a damaged workbook is bad input, reported as
/// such, not a crash.
pub(super) use crate::error::quietly;

/// `(2, 1)` → `B3`.
fn a1((row, col): (u32, u32)) -> String {
    format!("{}{}", column_letters(col as usize), u64::from(row) + 1)
}

/// The cell of a calamine value, as a CSV export would hold it, with a note when it holds no
/// value.
fn cell_text(pos: (u32, u32), v: &Data) -> Result<SheetCell, String> {
    Ok(match v {
        Data::Empty => SheetCell::text(pos, String::new()),
        Data::String(s) => SheetCell::text(pos, s.clone()),
        Data::Float(f) => SheetCell::text(pos, numfmt::plain_text(*f)),
        Data::Int(i) => SheetCell::text(pos, i.to_string()),
        Data::Bool(b) => SheetCell::text(pos, (if *b { "TRUE" } else { "FALSE" }).into()),
        Data::DateTime(d) => date_cell(pos, d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => date_cell(pos, s.clone()),
        Data::Error(e) => {
            let note = format!("the cell holds the spreadsheet error `{e}`: fix its formula in the workbook or enter the value");
            SheetCell::note(pos, e.to_string(), note)
        }
    })
}

/// A cell holding a date or time where a number belongs; `t` is what it stores (the day's serial
/// number in an .xlsx or .xls workbook).
fn date_cell(pos: (u32, u32), t: String) -> SheetCell {
    let note = format!("the cell holds a date or time ({t}), not a number: format it as a number (Excel turns entries such as `3-5` into dates)");
    SheetCell::note(pos, t, note)
}

/// A number whose format shows other digits than it stores (see `numfmt`): read neither as
/// stored nor as shown, since which of the two the office meant is a guess. `format` names the
/// format (`` number format `#,##0.0,` ``), `how` says what it does.
fn altered_cell(
    pos: (u32, u32),
    stored: String,
    format: &str,
    how: &str,
    shown: &str,
) -> SheetCell {
    let note = format!(
        "the cell's {format} {how}: the cell stores {stored} but shows {}, and which one is meant cannot be told: format the cell as General or a plain number (`0.0`, `#,##0`) so that it shows the number it stores, and if that is not the value meant, enter the value as shown",
        quote(shown),
    );
    SheetCell::note(pos, stored, note)
}

/// Groups cells into rows (row numbers 1-based, as Excel shows them), from the leftmost column.
/// The same cell twice is an error: which one holds the value would be a guess.
fn raw_table(
    path: &Path,
    read_as: ReadAs,
    sheet: &str,
    mut cells: Cells,
) -> Result<RawTable, String> {
    let mut held = std::mem::take(&mut cells.held);
    held.sort_by_key(|c| c.pos);
    if let Some(w) = held.windows(2).find(|w| w[0].pos == w[1].pos) {
        return Err(format!(
            "cell {} is given twice in the sheet's file: the workbook is damaged; open it in Excel or WPS, check the cell and save it",
            a1(w[0].pos)
        ));
    }
    let first_col = held.iter().map(|c| c.pos.1).min().unwrap_or(0);
    let mut rows: Vec<Row> = Vec::new();
    let mut held = held.into_iter().peekable();
    while let Some(r) = held.peek().map(|c| c.pos.0) {
        let mut record = StringRecord::new();
        let mut notes = Vec::new();
        let mut percents = Vec::new();
        while let Some(c) = held.next_if(|c| c.pos.0 == r) {
            let i = (c.pos.1 - first_col) as usize;
            while record.len() < i {
                record.push_field("");
            }
            record.push_field(cells.text(&c));
            match c.extra.map(|e| *e) {
                Some(Extra::Note(n)) => notes.push((i, n)),
                Some(Extra::Percent(p)) => percents.push((i, p)),
                None => {}
            }
        }
        rows.push(Row::new(u64::from(r) + 1, record, notes).with_percents(percents));
    }
    Ok(RawTable {
        path: path.to_path_buf(),
        sheet: Some(sheet.to_string()),
        read_as,
        first_col,
        rows,
    })
}

/// Rows below the header that are hidden (by hand, or by a filter) and hold cells: read like
/// every other row, which the person who hid them may not expect — one warning naming them. A
/// hidden total or footer (`合计`, `制表：李四` as its first filled cell) is not named: no reader
/// reads it as a unit's row.
fn hidden_rows(
    table: &Table,
    sheet: &str,
    hidden: &[u32],
    with_cells: &[u32],
    problems: &mut Problems,
) {
    let header_row = table.header_line().saturating_sub(1) as u32;
    let footer = |r: u32| {
        let row = table.held_row(r);
        let first = row.and_then(|row| row.record.iter().map(str::trim).find(|f| !f.is_empty()));
        first.is_some_and(is_total_or_footer)
    };
    let rows: Vec<String> = hidden
        .iter()
        .filter(|&&r| r > header_row && with_cells.binary_search(&r).is_ok() && !footer(r))
        .map(|r| (r + 1).to_string())
        .collect();
    if rows.is_empty() {
        return;
    }
    let shown = if rows.len() > 10 {
        format!("{} … ({} rows)", rows[..10].join(", "), rows.len())
    } else {
        rows.join(", ")
    };
    let msg = format!("hidden row(s) {shown} are read like the others (hiding a row, or filtering it out, does not leave it out): delete the rows that should not count, or unhide them to check them");
    problems.push(Problem::warning(&table.path, msg).place(Some(format!("sheet {sheet}"))));
}

/// Merged regions that reach the header row are errors; titles may be merged. `true` when one
/// reaches the header row: the columns cannot be told apart, and the sheet is not read. Those
/// below the header are kept in the table's head, for its reader to report the ones that hide
/// a value it reads ([`Table::merged_problems`]).
fn check_merged(
    table: &mut Table,
    sheet: &str,
    merged: &[Dimensions],
    problems: &mut Problems,
) -> bool {
    let mut header = false;
    let header_row = table.header_line().saturating_sub(1) as u32;
    let mut regions: Vec<&Dimensions> = merged.iter().filter(|m| m.end.0 >= header_row).collect();
    regions.sort();
    // A header of two rows: the unit columns merged down over a second row, which names the
    // indicators under a row of group names (经济发展 over two indicators). One error saying
    // so, rather than one per merged cell telling to unmerge.
    let two_rows: Vec<&Dimensions> = regions
        .iter()
        .copied()
        .filter(|m| m.start.0 <= header_row && m.end.0 > header_row)
        .collect();
    // … with a group name over two columns or more in the header row (a lone header cell
    // merged down, 备注 over two rows, is no second header row).
    let groups = regions
        .iter()
        .any(|m| m.start.0 == header_row && m.end.0 == header_row && m.end.1 > m.start.1);
    if !two_rows.is_empty() && groups {
        let cells: Vec<String> = regions
            .iter()
            .filter(|m| m.start.0 <= header_row)
            .map(|m| format!("{}:{}", a1(m.start), a1(m.end)))
            .collect();
        let below = header_row + 2;
        let msg = format!(
            "the header takes two rows (merged cells {}): a row of group names above the indicators' names is not read — unmerge the cells, write the unit columns' headers (单位编码, 单位名称) into row {below} beside the indicators' names, and delete row {} (the group names), so that one row heads every column",
            cells.join(", "),
            header_row + 1
        );
        let place = Some(format!("sheet {sheet}, cell {}", a1(two_rows[0].start)));
        problems.push(
            Problem::error(&table.path, msg)
                .line(u64::from(header_row) + 1)
                .place(place),
        );
        regions.retain(|m| m.start.0 > header_row);
        header = true;
    }
    for m in regions {
        if m.start.0 > header_row {
            // Below the header: for the reader that knows its columns.
            table.head.merged.push(Merged {
                rows: (m.start.0, m.end.0),
                cols: (m.start.1, m.end.1),
            });
            continue;
        }
        let (start, end) = (a1(m.start), a1(m.end));
        header = true;
        let msg = format!("merged header cells ({start}:{end}): unmerge them so that every column has its own header");
        let place = Some(format!("sheet {sheet}, cell {start}"));
        problems.push(
            Problem::error(&table.path, msg)
                .line(m.start.0 as u64 + 1)
                .place(place),
        );
    }
    header
}
