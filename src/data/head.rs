//! The head of an input table: where it is, how it was read, its header row — and how places in
//! messages are named from it (`column gdp` in a CSV file; `sheet village, cell C5, column gdp` in
//! a workbook, because a person fixing a workbook navigates by sheet and cell).

use std::fmt;
use std::path::PathBuf;

use super::encoding::Decoded;
use super::row::Row;
use super::rows::is_total_or_footer;
use crate::echo::{cut, quote};
use crate::error::{Problem, Problems};
use crate::fold::header_key;

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
    /// A unit of amounts stated in a title row above the header (`单位：万元`): its line, the
    /// text found, and the unit.
    pub(super) title_unit: Option<TitleUnit>,
    /// The title rows above the header: each one's line and its cells' text (`2024年3月份效能考评得分`).
    pub(super) titles: Vec<(u64, String)>,
    /// A worksheet's merged regions below the header row, each to be reported by the reader
    /// that knows which columns it reads ([`super::table::Table::merged_problems`]).
    pub merged: Vec<Merged>,
    /// A worksheet's hidden columns (0-based sheet columns), for the reader to name those it
    /// reads.
    pub hidden_cols: Vec<u32>,
}

/// A merged region of a worksheet below its header row: 0-based sheet rows and columns, first
/// and last.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub rows: (u32, u32),
    pub cols: (u32, u32),
}

/// A unit of amounts stated above a table's header: `单位：万元` in a title row.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleUnit {
    pub line: u64,
    /// The title cell, as found.
    pub text: String,
    /// The unit it states (`万元`).
    pub unit: String,
}

impl Head {
    /// A data row as it fits the header: extra fields that are all empty are Excel padding, a
    /// worksheet row simply ends at its last filled cell, and a CSV row may lack the fields of
    /// empty header cells at the header's end; any other width is an error.
    pub(super) fn fit(&self, row: &mut Row) -> Result<(), (u64, String)> {
        let n = self.headers.len();
        // Only a row longer than the header has extra fields (`skip` walks a record's fields).
        let extra = if row.len() > n {
            row.record.iter().skip(n).position(|f| !f.trim().is_empty())
        } else {
            None
        };
        if let (Some(_), Some(i)) = (&self.sheet, extra) {
            let (col, text) = (n + i, row.get(n + i));
            let msg = format!(
                "cell {}{} holds {} but its column has no header",
                self.letters(col),
                row.line,
                quote(text)
            );
            Err((row.line, msg))
        } else if row.len() < n
            && (self.sheet.is_some()
                || self.headers[row.len()..]
                    .iter()
                    .all(|h| h.trim().is_empty())
                || row
                    .record
                    .iter()
                    .find(|f| !f.trim().is_empty())
                    .is_some_and(is_total_or_footer))
        {
            // A worksheet row ends at its last filled cell; a CSV row may end before header
            // cells that are empty (`…,djkh,`: a header with a trailing comma) — no column lost.
            // A total or footer typed as a line of its own (`填报人：张三`, without the commas
            // Excel pads a row with) is skipped and listed as one padded would be: no value is
            // read from it, so none is lost. Marked, so that a row that names a unit after all
            // is still refused for its width.
            let named = self.sheet.is_none()
                && !self.headers[row.len()..]
                    .iter()
                    .all(|h| h.trim().is_empty());
            if named {
                row.pad_as_footer(row.len(), n);
            }
            while row.record.len() < n {
                row.record.push_field("");
            }
            Ok(())
        } else if row.len() < n || extra.is_some() {
            let fields: Vec<&str> = row.record.iter().collect();
            let mut msg = format!("row has {} fields but the header has {n}", row.len());
            // Digits on both sides of a comma that split a cell (`95,5`): said only where one
            // such pair is in the row — among many figures the split cannot be told, and a
            // wrong cell named would be worse than none.
            let digits = |f: &str| !f.is_empty() && f.trim().chars().all(|c| c.is_ascii_digit());
            let pairs: Vec<usize> = match row.len() == n + 1 {
                true => (0..fields.len() - 1)
                    .filter(|&i| digits(fields[i]) && digits(fields[i + 1]))
                    .collect(),
                false => Vec::new(),
            };
            if let [i] = pairs[..] {
                let cell = format!("{},{}", fields[i].trim(), fields[i + 1].trim());
                msg.push_str(&format!(
                    ": is {} one cell split at its comma? Write a decimal with a point ({}.{}) and a number of thousands without its comma, or quote the cell",
                    quote(&cell),
                    fields[i].trim(),
                    fields[i + 1].trim()
                ));
            }
            Err((row.line, msg))
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

    /// The unit of amounts a title row above the header states (`单位：万元`), if any.
    pub fn title_unit(&self) -> Option<&TitleUnit> {
        self.title_unit.as_ref()
    }

    /// The title rows above the header: each one's line and text.
    pub fn titles(&self) -> &[(u64, String)] {
        &self.titles
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

    /// Whether column `c` is headed by one of `names` (every column when `names` is empty): the
    /// columns a reader reads, for [`super::table::Table::merged_problems`].
    pub fn reads(&self, names: &[&str]) -> impl Fn(usize) -> bool + '_ {
        let keys: Vec<String> = names.iter().map(|n| header_key(n)).collect();
        move |c| keys.is_empty() || self.keys.get(c).is_some_and(|k| keys.contains(k))
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

    /// Whether the table has a header row; a problem naming the columns `expected` when it has
    /// none (an empty file or sheet).
    pub fn expect_header(&self, expected: &[String], problems: &mut Problems) -> bool {
        if !self.is_empty() {
            return true;
        }
        let what = if self.sheet.is_some() {
            "sheet"
        } else {
            "file"
        };
        let msg = format!(
            "the {what} is empty: expected a header row with {}",
            expected.join(", ")
        );
        problems.push(
            Problem::error(&self.path, msg)
                .line(1)
                .place(self.named_place(None)),
        );
        false
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
        // Asked for optional columns only, one of them is expected.
        let names: Vec<String> = match required {
            [] => vec![optional
                .iter()
                .map(|o| o[0])
                .collect::<Vec<_>>()
                .join(" or ")],
            _ => required.iter().map(|r| r[0].to_string()).collect(),
        };
        if !self.expect_header(&names, problems) {
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
                    cut(&self.headers.join(","))
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
        let h = cut(self.headers.get(col).map_or("", String::as_str));
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
        let h = cut(&self.headers[col]);
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
