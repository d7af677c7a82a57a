//! One input table — a CSV file or a worksheet — with its header row found and its rows indexed (the header row is found in `layout`).
//!
//! Every reader (registry, category files, targets, adjustments, earlier periods) sees the same
//! [`Table`], whatever the file format, so header matching, title-row skipping, the wrong-
//! delimiter check and the wording of places in messages live here once. A CSV place reads
//! `column gdp`; a worksheet place reads `sheet village, cell C5, column gdp`, because a person
//! fixing a workbook navigates by sheet and cell.

use std::fmt;

use csv::StringRecord;

pub use super::head::{column_letters, Head, Merged, ReadAs};
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
    /// Whether the file stopped being readable before its end (a read error, a quote never
    /// closed): its later rows, if any, were not read.
    broken: bool,
    /// Rows given, and rows refused for their width.
    given: usize,
    refused: usize,
}

impl RowSource {
    pub(super) fn new(held: Vec<Row>, stream: Option<Box<dyn RowStream>>) -> RowSource {
        RowSource {
            held,
            at: 0,
            stream,
            current: Row::new(0, StringRecord::new(), Vec::new()),
            broken: false,
            given: 0,
            refused: 0,
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
                        self.broken = true;
                        problems.push(Problem::error(&head.path, msg).line(line));
                        return None;
                    }
                }
            }
            if self.current.is_blank() {
                continue;
            }
            match head.fit(&mut self.current) {
                Ok(()) => {
                    self.given += 1;
                    return Some(&self.current);
                }
                Err((line, msg)) => {
                    self.refused += 1;
                    problems.push(
                        Problem::error(&head.path, msg)
                            .line(line)
                            .place(head.named_place(None)),
                    )
                }
            }
        }
    }
}

impl RowSource {
    /// Whether the file stopped being readable before its end (reported as it was met): units
    /// without a row there may have had one in the part not read.
    pub fn broken(&self) -> bool {
        self.broken
    }

    /// Whether every data row was refused for its width (each reported), none given: a header
    /// of another width than the rows (a column added to it alone), which no row of the file
    /// fits. Its units are then not also reported without a row.
    pub fn none_fit(&self) -> bool {
        self.refused > 0 && self.given == 0
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

    /// Reads a column of labels (field `col`: a township `所属乡镇` merged down over its villages,
    /// an adjustment's `文号` over a batch) as it shows: each empty cell of a region merged down
    /// it takes the region's first cell's text, in the rows of units (a blank row stays blank;
    /// a total or a footer under it, whose first other cell reads so, keeps it empty). A label,
    /// unlike a figure, means the same in every row it is shown on. A cell of the region that
    /// holds another value is left as it is, for [`Table::merged_problems`] to report.
    pub fn fill_down(&mut self, col: usize) {
        let first = self.head.first_col;
        let Some(c) = u32::try_from(col).ok().and_then(|c| c.checked_add(first)) else {
            return;
        };
        let held = &mut self.rows.held;
        for m in self.head.merged.iter().filter(|m| m.cols == (c, c)) {
            let Some(a) = held_at(held, m.rows.0).filter(|&a| !held[a].noted(col)) else {
                continue;
            };
            let label = held[a].get(col).trim().to_string();
            for r in m.rows.0 + 1..=m.rows.1 {
                let Some(i) = held_at(held, r) else { continue };
                let row = &mut held[i];
                // A unit's row: its first filled cell besides this one is no total or footer
                // (a 小计 or a `注：` under the township keeps its first cell).
                let unit = (row.record.iter().enumerate())
                    .filter(|&(k, f)| k != col && !f.trim().is_empty())
                    .map(|(_, f)| f.trim())
                    .next()
                    .is_some_and(|f| !super::rows::is_total_or_footer(f));
                if unit && row.get(col).trim().is_empty() && !row.noted(col) {
                    row.fill(col, &label);
                }
            }
        }
    }

    /// Reports a worksheet's merged regions below the header that show something else than
    /// what is read: a merged cell shows its first cell's value across the region, while each
    /// other cell is read as the file holds it — empty, as a rule, or (LibreOffice keeps them)
    /// the value it had before the merge. A region is an error when one of its other cells lies
    /// in a column read (`read`: by field index), in a row that is read, and holds something
    /// else than the first cell; so a `备注` merged down the rows, a value merged across into
    /// unread columns, an empty block and a cell merged over copies of its value pass. A row is
    /// not read when it is blank or a total or footer the reader skips: its first filled cell
    /// totals or signs the table (`footer`, the reader's test) and each of its unit columns
    /// (`units`) is empty or that cell (`合计` merged over the id and name columns, sums
    /// beside it; `填报人：张三` merged across, `填报日期：…` merged beside it). Hidden columns
    /// read, other than the unit columns, are named in a warning: they are read like the others.
    pub fn merged_problems(
        &self,
        read: impl Fn(usize) -> bool,
        units: &[usize],
        footer: impl Fn(&str) -> bool,
        problems: &mut Problems,
    ) {
        let head = &self.head;
        let first = head.first_col;
        let row_at = |r: u32| self.held_row(r);
        // A cell's text as read; `None` for one holding no value but a note (an error cell).
        fn text(row: Option<&Row>, c: Option<u32>) -> Option<&str> {
            match (row, c) {
                (Some(row), Some(f)) if row.noted(f as usize) => None,
                (Some(row), Some(f)) => Some(row.get(f as usize).trim()),
                _ => Some(""),
            }
        }
        let cell = |row, c: u32| text(row, c.checked_sub(first));
        let read_row = |row: &Row| {
            let mut filled = row.record.iter().map(str::trim).filter(|f| !f.is_empty());
            match filled.next() {
                None => false,
                Some(f) => {
                    !(footer(f) && units.iter().all(|&u| [f, ""].contains(&row.get(u).trim())))
                }
            }
        };
        for m in &head.merged {
            let shown = cell(row_at(m.rows.0), m.cols.0);
            let hides = (m.rows.0..=m.rows.1).any(|r| {
                let Some(row) = row_at(r).filter(|row| read_row(row)) else {
                    return false;
                };
                (m.cols.0.max(first)..=m.cols.1).any(|c| {
                    (r, c) != (m.rows.0, m.cols.0)
                        && read((c - first) as usize)
                        && (shown.is_none() || cell(Some(row), c) != shown)
                })
            });
            if !hides {
                continue;
            }
            let (start, end) = (a1(m.rows.0, m.cols.0), a1(m.rows.1, m.cols.1));
            let msg = format!(
                "merged cells ({start}:{end}) below the header: unmerge them and fill every cell"
            );
            let sheet = head.sheet.as_deref().unwrap_or_default();
            problems.push(
                Problem::error(&head.path, msg)
                    .line(u64::from(m.rows.0) + 1)
                    .place(Some(format!("sheet {sheet}, cell {start}"))),
            );
        }
        // Hidden columns read: read like the others, which the person who hid them may not
        // expect (a `得分` hidden beside the `复核后得分` that shows) — one warning naming them.
        // Not the unit columns: a template's id column is often hidden, and rows are matched
        // by it as shown beside the names.
        let hidden: Vec<String> = (0..head.headers.len())
            .filter(|&c| read(c) && !units.contains(&c))
            .filter(|&c| head.hidden_cols.contains(&(first + c as u32)))
            .map(|c| {
                let col = column_letters(first as usize + c);
                format!("{col} ({})", crate::echo::quote(&head.headers[c]))
            })
            .collect();
        if !hidden.is_empty() {
            let msg = format!("hidden column(s) {} are read like the others (hiding a column does not leave it out): unhide them to check them; if another column holds the figures to read, delete the hidden one", hidden.join(", "));
            let sheet = head.sheet.as_deref().unwrap_or_default();
            problems.push(Problem::warning(&head.path, msg).place(Some(format!("sheet {sheet}"))));
        }
    }

    /// The held row of the worksheet's 0-based row `r`, if it is held.
    pub fn held_row(&self, r: u32) -> Option<&Row> {
        let held = &self.rows.held;
        held_at(held, r).map(|i| &held[i])
    }

    /// The table without its rows, kept to name places after reading.
    pub fn without_rows(self) -> Head {
        self.head
    }
}

/// The index among `held` rows of the worksheet's 0-based row `r`, if it is held.
fn held_at(held: &[Row], r: u32) -> Option<usize> {
    held.binary_search_by_key(&(u64::from(r) + 1), |row| row.line)
        .ok()
}

/// `(2, 1)` → `B3`.
fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col as usize), u64::from(row) + 1)
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

    /// A merged region's first and last rows, first and last columns.
    type Span = ((u32, u32), (u32, u32));

    /// Hand-placed regions on `unit_id, x, 备注, y` (all read but 备注): rows 2–3 two units,
    /// row 4 a total with sums, row 5 blank, row 6 a signature and a date.
    #[test]
    fn merged_cells_are_errors_where_they_show_other_than_is_read() {
        let lines: &[&[&str]] = &[
            &["unit_id", "x", "备注", "y"],
            &["T1", "5", "待核", "7"],
            &["T2", "6", "", "7"],
            &["合计", "11", "", "14"],
            &["", "", "", ""],
            &["填报人：张三", "", "填报日期：7月5日", ""],
        ];
        let errors = |regions: &[Span], footer: &dyn Fn(&str) -> bool| {
            let mut t = table(lines, UNIT_ID).unwrap();
            t.head.sheet = Some("乡镇".into());
            t.head.merged = regions
                .iter()
                .map(|&(rows, cols)| Merged { rows, cols })
                .collect();
            let mut p = Problems::new();
            t.merged_problems(|c| c != 2, &[0], footer, &mut p);
            p.iter()
                .map(|p| format!("{}: {}", p.place.clone().unwrap_or_default(), p.message))
                .collect::<Vec<_>>()
        };
        let footer = |t: &str| t == "合计" || t.starts_with("填报");
        let harmless = [
            // 备注 merged down (not read); x merged across into 备注 (its own cell holds it).
            ((1, 2), (2, 2)),
            ((1, 1), (1, 2)),
            // y merged down over copies of its value.
            ((1, 2), (3, 3)),
            // 合计 over the id and x (the total's row is skipped, sums and all).
            ((3, 3), (0, 1)),
            // An empty block over the blank row and the signature's; the signature and the
            // date merged across their row.
            ((4, 5), (0, 1)),
            ((5, 5), (0, 1)),
            ((5, 5), (2, 3)),
        ];
        assert_eq!(errors(&harmless, &footer), Vec::<String>::new());
        let hiding = [
            // x merged down over two units' values.
            ((1, 2), (1, 1)),
            // A unit's id merged into x.
            ((1, 1), (0, 1)),
            // An empty 备注 merged over y, whose cell holds a value kept from before the merge.
            ((2, 2), (2, 3)),
        ];
        assert_eq!(
            errors(&hiding, &footer),
            [
                "sheet 乡镇, cell B2: merged cells (B2:B3) below the header: unmerge them and fill every cell",
                "sheet 乡镇, cell A2: merged cells (A2:B2) below the header: unmerge them and fill every cell",
                "sheet 乡镇, cell C3: merged cells (C3:D3) below the header: unmerge them and fill every cell",
            ]
        );
        // A row the reader does not skip (合计 a unit's name) is read.
        assert_eq!(errors(&[((3, 3), (0, 1))], &|_| false).len(), 1);
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
