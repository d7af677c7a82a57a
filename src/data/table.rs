//! One input table — a CSV file or a worksheet — with its header row found and its rows indexed (the header row is found in `layout`).
//!
//! Every reader (registry, category files, targets, adjustments, earlier periods) sees the same
//! [`Table`], whatever the file format, so header matching, title-row skipping, the wrong-
//! delimiter check and the wording of places in messages live here once. A CSV place reads
//! `column gdp`; a worksheet place reads `sheet village, cell C5, column gdp`, because a person
//! fixing a workbook navigates by sheet and cell.

use std::fmt;

use csv::StringRecord;

pub use super::head::{column_letters, Head, ReadAs};
pub use super::layout::RawTable;
pub use super::row::Row;
use crate::error::{Problem, Problems};

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

/// Rows read one at a time from a file (a CSV file's records).
pub trait RowStream {
    /// Reads the next record into `row`: `false` at the end; a parse or read error (which ends
    /// the file) with its line.
    fn read(&mut self, row: &mut Row) -> Result<bool, (u64, String)>;
}

/// The data rows of a table, read once, in order: rows held in memory first, then the rest of a
/// CSV file, one row at a time into the same buffer. Blank rows are passed over; a row whose width
/// does not fit the header is reported and passed over.
pub struct RowSource {
    held: Vec<Row>,
    /// The next held row.
    at: usize,
    stream: Option<Box<dyn RowStream>>,
    current: Row,
}

impl RowSource {
    pub(super) fn new(held: Vec<Row>, stream: Option<Box<dyn RowStream>>) -> RowSource {
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

    /// Whether a data row follows the header (blank rows aside).
    pub fn has_rows(mut self) -> bool {
        let (head, rows) = self.parts();
        rows.next(head, &mut Problems::new()).is_some()
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::data::encoding::{DecidedBy, Decoded, TextEncoding};

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
