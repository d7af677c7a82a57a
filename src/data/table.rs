//! One input table — a CSV file or a worksheet — with its header row found and its rows indexed (the header row is found in `layout`).
//!
//! Every reader (registry, category files, targets, adjustments, earlier periods) sees the same
//! [`Table`], whatever the file format, so header matching, title-row skipping, the wrong-
//! delimiter check and the wording of places in messages live here once. A CSV place reads
//! `column gdp`; a worksheet place reads `sheet village, cell C5, column gdp`, because a person
//! fixing a workbook navigates by sheet and cell.

use std::fmt;
use std::path::PathBuf;

use csv::StringRecord;

use super::cell::{read_cell, Cell, ValueKind};
use super::echo::quote;
use super::encoding::Decoded;
pub use super::layout::RawTable;
use crate::error::{Problem, Problems};
use crate::fold::header_key;

/// The unit key column of data files, and the Chinese headers it is also known by.
pub const UNIT_ID: &[&str] = &["unit_id", "单位编码", "单位代码"];
/// The unit name column of data files (the unit key of a sheet without ids).
pub const UNIT_NAME: &[&str] = &["unit_name", "单位名称", "名称"];
/// The parent township or sub-district column, which qualifies village and community names.
pub const PARENT: &[&str] = &[
    "parent",
    "所属乡镇",
    "所属街道",
    "所属乡镇街道",
    "所属乡镇（街道）",
    "乡镇（街道）",
    "乡镇街道",
];
/// Every header that marks the header row of a data table: a unit id or name column.
pub const UNIT_KEY: &[&str] = &[
    "unit_id",
    "单位编码",
    "单位代码",
    "unit_name",
    "单位名称",
    "名称",
];

/// How a table's cells were obtained, for `check` and the dataset's list of inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadAs {
    /// A text file, decoded so.
    Text(Decoded),
    /// A worksheet of a workbook in `format` (`xlsx`, `xls`, `ods`).
    Sheet { format: &'static str, sheet: String },
}

impl fmt::Display for ReadAs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadAs::Text(d) => write!(f, "{d}"),
            ReadAs::Sheet { format, sheet } => write!(f, "{format}, sheet {sheet}"),
        }
    }
}

/// One data row: its physical line (CSV) or row number (worksheet), and its fields as text.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub(super) record: StringRecord,
    /// Cells whose text is not a value (worksheet error or date cells): column → message.
    notes: Vec<(usize, String)>,
    /// Worksheet cells formatted as percentages, whose text is the percentage shown (`90%`):
    /// column → the number stored (`0.9`), for the message when the indicator is no percentage.
    percents: Vec<(usize, String)>,
}

impl Row {
    pub fn new(line: u64, record: StringRecord, notes: Vec<(usize, String)>) -> Row {
        Row {
            line,
            record,
            notes,
            percents: Vec::new(),
        }
    }

    /// The row with cells marked as formatted percentages (see [`Row::read`]).
    pub fn with_percents(mut self, percents: Vec<(usize, String)>) -> Row {
        self.percents = percents;
        self
    }

    /// The field at `i` as text (empty when the row is shorter).
    pub fn get(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or("")
    }

    /// The field at `i` as a value's text, or why the cell holds none (`#DIV/0!` in a workbook).
    pub fn cell(&self, i: usize) -> Result<&str, String> {
        match self.notes.iter().find(|(c, _)| *c == i) {
            Some((_, note)) => Err(note.clone()),
            None => Ok(self.get(i)),
        }
    }

    /// Reads the field at `i` as a cell of `kind`. A worksheet cell formatted as a percentage
    /// reads as the percentage it shows; on an indicator that is not a percentage the error says
    /// that the cell is formatted so, and what it stores.
    pub fn read(&self, i: usize, kind: ValueKind) -> Result<Cell, String> {
        let text = self.cell(i)?;
        read_cell(text, kind).map_err(|e| {
            match self.percents.iter().find(|(c, _)| *c == i) {
                Some((_, stored)) if kind == ValueKind::Number => format!(
                    "{} is a cell formatted as a percentage (it stores {stored}), but the indicator is not a percentage: format the cell as a number and enter the value meant, or set `percent = true` on the indicator",
                    quote(text.trim())
                ),
                _ => e,
            }
        })
    }

    /// Forgets the worksheet notes of the row read before (a buffer row is reused).
    pub(super) fn clear_notes(&mut self) {
        self.notes.clear();
        self.percents.clear();
    }

    pub(super) fn is_blank(&self) -> bool {
        self.record.iter().all(|f| f.trim().is_empty()) && self.notes.is_empty()
    }

    pub(super) fn len(&self) -> usize {
        self.record.len()
    }
}

/// What is known of a table once its header row is found: where it is, how it was read, its
/// headers — everything places in messages are named from.
#[derive(Debug, Clone)]
pub struct Head {
    pub path: PathBuf,
    /// The worksheet, for a table read from a workbook.
    pub sheet: Option<String>,
    pub read_as: ReadAs,
    pub(super) headers: Vec<String>,
    pub(super) keys: Vec<String>,
    pub(super) header_line: u64,
    /// Worksheet column index of field 0, for A1 names.
    pub(super) first_col: u32,
}

/// A table: its head, and its data rows — held (worksheets) or streamed from the file (CSV), so
/// that a large file is never held in memory.
pub struct Table {
    pub head: Head,
    rows: RowSource,
}

impl std::ops::Deref for Table {
    type Target = Head;
    fn deref(&self) -> &Head {
        &self.head
    }
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Table").field("head", &self.head).finish()
    }
}

/// The data rows of a table, read once, in order: rows held in memory first, then the rest of a
/// CSV file, one row at a time into the same buffer. Blank rows are passed over; a row whose width
/// does not fit the header is reported and passed over.
pub struct RowSource {
    held: Vec<Row>,
    /// The next held row.
    at: usize,
    stream: Option<super::csvfile::CsvStream>,
    current: Row,
}

impl RowSource {
    pub(super) fn new(held: Vec<Row>, stream: Option<super::csvfile::CsvStream>) -> RowSource {
        RowSource {
            held,
            at: 0,
            stream,
            current: Row::new(0, StringRecord::new(), Vec::new()),
        }
    }

    /// The next well-formed data row; malformed rows, and a file that stops being readable, are
    /// reported into `problems` as they are met.
    pub fn next(&mut self, head: &Head, problems: &mut Problems) -> Option<&Row> {
        loop {
            if let Some(row) = self.held.get(self.at) {
                self.current.clone_from(row);
                self.at += 1;
            } else {
                match self.stream.as_mut()?.read(&mut self.current) {
                    Ok(true) => {}
                    Ok(false) => {
                        self.stream = None;
                        return None;
                    }
                    Err((line, msg)) => {
                        self.stream = None;
                        problems.push(Problem::error(&head.path, msg).line(line));
                        return None;
                    }
                }
            }
            if self.current.is_blank() {
                continue;
            }
            match head.fit(&mut self.current) {
                Ok(()) => return Some(&self.current),
                Err((line, msg)) => problems.push(
                    Problem::error(&head.path, msg)
                        .line(line)
                        .place(head.named_place(None)),
                ),
            }
        }
    }
}

impl Table {
    pub(super) fn new(head: Head, rows: RowSource) -> Table {
        Table { head, rows }
    }

    /// The head, to name places while the rows are read.
    pub fn parts(&mut self) -> (&Head, &mut RowSource) {
        (&self.head, &mut self.rows)
    }

    /// The data rows held in memory (a worksheet's; none of a streamed CSV file), for checks that
    /// look at a whole column before reading.
    pub fn held_rows(&self) -> &[Row] {
        &self.rows.held
    }

    /// The table without its rows, kept to name places after reading.
    pub fn without_rows(self) -> Head {
        self.head
    }
}

impl Head {
    /// A data row as it fits the header: extra fields that are all empty are Excel padding, and
    /// a worksheet row simply ends at its last filled cell; any other width is an error.
    fn fit(&self, row: &mut Row) -> Result<(), (u64, String)> {
        let n = self.headers.len();
        let extra = row.record.iter().skip(n).position(|f| !f.trim().is_empty());
        if let (Some(_), Some(i)) = (&self.sheet, extra) {
            let (col, text) = (n + i, row.get(n + i));
            let msg = format!(
                "cell {}{} holds {} but its column has no header",
                self.letters(col),
                row.line,
                quote(text)
            );
            Err((row.line, msg))
        } else if row.len() < n && self.sheet.is_some() {
            while row.record.len() < n {
                row.record.push_field("");
            }
            Ok(())
        } else if row.len() < n || extra.is_some() {
            Err((
                row.line,
                format!("row has {} fields but the header has {n}", row.len()),
            ))
        } else {
            Ok(())
        }
    }
}

impl Head {
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The header row's line (CSV) or row number (worksheet).
    pub fn header_line(&self) -> u64 {
        self.header_line
    }

    /// Whether there is no header row at all.
    pub fn is_empty(&self) -> bool {
        self.headers.iter().all(|h| h.is_empty())
    }

    /// The first column whose header matches `name` (see [`header_key`]).
    pub fn find(&self, name: &str) -> Option<usize> {
        let k = header_key(name);
        self.keys.iter().position(|h| *h == k)
    }

    /// Every column whose header matches one of `names`.
    pub fn find_all(&self, names: &[&str]) -> Vec<usize> {
        let ks: Vec<String> = names.iter().map(|n| header_key(n)).collect();
        (0..self.keys.len())
            .filter(|&i| !self.keys[i].is_empty() && ks.contains(&self.keys[i]))
            .collect()
    }

    /// The folded header of column `i`.
    pub fn key(&self, i: usize) -> &str {
        &self.keys[i]
    }

    /// Finds required and optional columns, each given with its accepted headers. A missing
    /// required column or a column given twice is reported; the result is `None` if any required
    /// column is unusable. Indices come back in the order asked, required first.
    pub fn columns(
        &self,
        required: &[&[&str]],
        optional: &[&[&str]],
        problems: &mut Problems,
    ) -> Option<Vec<Option<usize>>> {
        if self.is_empty() {
            let what = if self.sheet.is_some() {
                "sheet"
            } else {
                "file"
            };
            let names: Vec<&str> = required.iter().map(|r| r[0]).collect();
            let msg = format!(
                "the {what} is empty: expected a header row with {}",
                names.join(", ")
            );
            problems.push(
                Problem::error(&self.path, msg)
                    .line(1)
                    .place(self.named_place(None)),
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (k, names) in required.iter().chain(optional).enumerate() {
            let hits = self.find_all(names);
            if hits.len() > 1 {
                ok &= k >= required.len();
                self.report_twice(names[0], &hits, problems);
            } else if hits.is_empty() && k < required.len() {
                ok = false;
                let msg = format!(
                    "required column `{}` is missing: head it {} (header: {})",
                    names[0],
                    any_of(names),
                    self.headers.join(",")
                );
                let place = self.named_place(Some(format!("column {}", names[0])));
                problems.push(
                    Problem::error(&self.path, msg)
                        .line(self.header_line)
                        .place(place),
                );
            }
            out.push(hits.first().copied().filter(|_| hits.len() == 1));
        }
        ok.then_some(out)
    }

    /// "Two columns for one thing" — an error, since either could be the right one.
    pub fn report_twice(&self, what: &str, cols: &[usize], problems: &mut Problems) {
        let list: Vec<String> = cols
            .iter()
            .map(|&c| format!("`{}` ({})", self.headers[c], self.col_label(c)))
            .collect();
        let msg = format!(
            "{} columns answer to `{what}`: {}; keep one",
            cols.len(),
            list.join(" and ")
        );
        let place = self.named_place(Some(format!("column {what}")));
        problems.push(
            Problem::error(&self.path, msg)
                .line(self.header_line)
                .place(place),
        );
    }

    /// Where a cell is: `column gdp`, or `sheet village, cell C5, column gdp`.
    pub fn place(&self, line: u64, col: usize) -> Option<String> {
        let h = self.headers.get(col).map_or("", String::as_str);
        Some(match &self.sheet {
            None => format!("column {h}"),
            Some(s) => format!("sheet {s}, cell {}{line}, column {h}", self.letters(col)),
        })
    }

    /// A place named by text (a column that is not there, or nothing), prefixed by the sheet.
    pub fn named_place(&self, what: Option<String>) -> Option<String> {
        match (&self.sheet, what) {
            (None, w) => w,
            (Some(s), None) => Some(format!("sheet {s}")),
            (Some(s), Some(w)) => Some(format!("sheet {s}, {w}")),
        }
    }

    /// A column as a whole: `column gdp`, or `sheet village, column C (gdp)`.
    pub fn column_place(&self, col: usize) -> Option<String> {
        let h = &self.headers[col];
        match &self.sheet {
            None => Some(format!("column {h}")),
            Some(s) => Some(format!("sheet {s}, column {} ({h})", self.letters(col))),
        }
    }

    /// `column 3` in a CSV file, `column C` in a worksheet.
    pub fn col_label(&self, col: usize) -> String {
        match self.sheet {
            None => format!("column {}", col + 1),
            Some(_) => format!("column {}", self.letters(col)),
        }
    }

    pub(super) fn letters(&self, col: usize) -> String {
        column_letters(self.first_col as usize + col)
    }
}

/// The headers a column is known by, for a message: `` `category`, 类别 or 单位类别 ``.
fn any_of(names: &[&str]) -> String {
    let mut shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let last = shown.pop().unwrap_or_default();
    if shown.is_empty() {
        last
    } else {
        format!("{} or {last}", shown.join(", "))
    }
}

/// `0 → A`, `25 → Z`, `26 → AA`: spreadsheet column names.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::data::encoding::{DecidedBy, TextEncoding};

    /// A table built from rows of cells, as the CSV reader would (shared with the layout tests).
    pub(crate) fn table(lines: &[&[&str]], key: &[&str]) -> Result<Table, String> {
        let rows = lines
            .iter()
            .enumerate()
            .map(|(i, l)| Row::new(i as u64 + 1, StringRecord::from(l.to_vec()), Vec::new()))
            .collect();
        let read_as = ReadAs::Text(Decoded {
            encoding: TextEncoding::Utf8,
            by: DecidedBy::Detected,
        });
        let raw = RawTable {
            path: "t.csv".into(),
            sheet: None,
            read_as,
            first_col: 0,
            rows,
        };
        Table::build(raw, key)
    }

    /// The lines of the well-formed data rows.
    pub(crate) fn data_lines(t: &mut Table, problems: &mut Problems) -> Vec<u64> {
        let (head, rows) = t.parts();
        let mut out = Vec::new();
        while let Some(r) = rows.next(head, problems) {
            out.push(r.line);
        }
        out
    }

    #[test]
    fn a_column_given_twice_is_reported() {
        let t = table(&[&["unit_id", "单位编码"]], UNIT_ID).unwrap();
        let mut p = Problems::new();
        assert!(t.columns(&[UNIT_ID], &[], &mut p).is_none());
        let msg = p.iter().next().unwrap().message.clone();
        assert_eq!(msg, "2 columns answer to `unit_id`: `unit_id` (column 1) and `单位编码` (column 2); keep one");
    }

    #[test]
    fn spreadsheet_column_letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
