//! Finding the header row of a table and splitting off its data rows.
//!
//! Offices put a title, a date or a note above the header; Excel pads every row to the same width
//! and leaves blank rows; a file saved with semicolons arrives as one wide column. So the header
//! is the first row that holds the table's key column (`unit_id` …), blank rows are dropped, Excel
//! padding is not a width error, and a one-field header with `;` or a tab is named for what it is.

use std::path::PathBuf;

use super::table::{ReadAs, Row, Table};
use crate::fold::header_key;

/// How many non-empty rows may stand above the header row (titles, notes, dates).
const MAX_TITLE_ROWS: usize = 50;

/// What a table is made from: its rows in order, before the header row is known.
pub struct RawTable {
    pub path: PathBuf,
    pub sheet: Option<String>,
    pub read_as: ReadAs,
    pub first_col: u32,
    pub rows: Vec<Row>,
}

impl Table {
    /// Finds the header row — the first row holding one of `key` (so title rows above it are
    /// skipped), else the first non-empty row — and splits off the data rows. A table whose
    /// header is one field with `;` or a tab is rejected as having the wrong delimiter.
    pub fn build(raw: RawTable, key: &[&str]) -> Result<Table, String> {
        let keys: Vec<String> = key.iter().map(|k| header_key(k)).collect();
        let mut rows = raw.rows.into_iter().filter(|r| !r.is_blank());
        let mut head: Vec<Row> = Vec::new();
        let found = loop {
            match rows.next() {
                None => break None,
                Some(r) => {
                    let hit = r.record.iter().any(|f| keys.contains(&header_key(f)));
                    head.push(r);
                    if hit {
                        break head.pop();
                    }
                    if head.len() > MAX_TITLE_ROWS {
                        break None;
                    }
                }
            }
        };
        let (header, data): (Option<Row>, Vec<Row>) = match found {
            Some(h) => (Some(h), rows.collect()),
            None => {
                let mut all = head.into_iter().chain(rows);
                let first = all.next();
                if let Some(f) = &first {
                    if !key.is_empty() {
                        wrong_delimiter(f)?;
                    }
                }
                (first, all.collect())
            }
        };
        let headers: Vec<String> = header
            .as_ref()
            .map(|h| h.record.iter().map(|s| s.trim().to_string()).collect())
            .unwrap_or_default();
        let mut table = Table {
            keys: headers.iter().map(|h| header_key(h)).collect(),
            headers,
            header_line: header.map_or(1, |h| h.line),
            path: raw.path,
            sheet: raw.sheet,
            read_as: raw.read_as,
            first_col: raw.first_col,
            rows: Vec::with_capacity(data.len()),
            row_errors: Vec::new(),
        };
        for row in data {
            table.push_row(row);
        }
        Ok(table)
    }

    /// Keeps a data row, or records it as malformed when its width differs from the header's
    /// (extra fields that are all empty are Excel padding, not an error).
    fn push_row(&mut self, mut row: Row) {
        let n = self.headers.len();
        let extra = row.record.iter().skip(n).position(|f| !f.trim().is_empty());
        if let (Some(_), Some(i)) = (&self.sheet, extra) {
            let (col, text) = (n + i, row.get(n + i));
            let msg = format!(
                "cell {}{} holds `{text}` but its column has no header",
                self.letters(col),
                row.line
            );
            self.row_errors.push((row.line, msg));
        } else if row.len() < n && self.sheet.is_some() {
            // A worksheet row simply ends at its last filled cell.
            while row.record.len() < n {
                row.record.push_field("");
            }
            self.rows.push(row);
        } else if row.len() < n || extra.is_some() {
            let msg = format!("row has {} fields but the header has {n}", row.len());
            self.row_errors.push((row.line, msg));
        } else {
            self.rows.push(row);
        }
    }
}

/// A header that is one field holding `;` or a tab: the file was split on the wrong character.
fn wrong_delimiter(header: &Row) -> Result<(), String> {
    let filled: Vec<&str> = header.record.iter().filter(|f| !f.is_empty()).collect();
    let [only] = filled.as_slice() else {
        return Ok(());
    };
    let kind = if only.contains(';') {
        "semicolon"
    } else if only.contains('\t') {
        "tab"
    } else {
        return Ok(());
    };
    let shown: String = only.chars().take(40).collect();
    Err(format!(
        "looks like a {kind}-separated file (the header row is one field: `{}`): save it as comma-separated CSV",
        shown.escape_default()
    ))
}

#[cfg(test)]
mod tests {
    use crate::data::table::tests::table;
    use crate::data::table::UNIT_ID;
    use crate::error::Problems;

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let t = table(
            &[
                &["2024年第二季度考核数据", "", ""],
                &["", "", ""],
                &["单位代码", "单位名称", "gdp"],
                &["T1", "甲镇", "1"],
            ],
            UNIT_ID,
        )
        .unwrap();
        assert_eq!(t.header_line(), 3);
        assert_eq!(t.find("unit_id"), None);
        assert_eq!(t.find_all(UNIT_ID), vec![0]);
        let mut p = Problems::new();
        let rows: Vec<u64> = t.good_rows(&mut p).map(|r| r.line).collect();
        assert_eq!(rows, vec![4]);
    }

    #[test]
    fn a_semicolon_header_is_the_wrong_delimiter() {
        let e = table(&[&["unit_id;gdp"], &["T1;1"]], UNIT_ID).unwrap_err();
        assert_eq!(e, "looks like a semicolon-separated file (the header row is one field: `unit_id;gdp`): save it as comma-separated CSV");
        let e = table(&[&["unit_id\tgdp"]], UNIT_ID).unwrap_err();
        assert!(e.starts_with("looks like a tab-separated file"), "{e}");
    }

    #[test]
    fn rows_of_another_width_are_reported_and_padding_is_not() {
        let t = table(
            &[
                &["unit_id", "gdp"],
                &["T1", "1", "", ""],
                &["T2"],
                &["T3", "1", "x"],
            ],
            UNIT_ID,
        )
        .unwrap();
        let mut p = Problems::new();
        let rows: Vec<u64> = t.good_rows(&mut p).map(|r| r.line).collect();
        assert_eq!(rows, vec![2]);
        assert_eq!(p.error_count(), 2);
    }
}
