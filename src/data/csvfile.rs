//! CSV input: bytes decoded by the encoding rules of [`super::encoding`], split into records,
//! and handed to [`Table`] to find the header row.
//!
//! Records are read flexibly (title rows above the header may be shorter or longer); the width
//! check happens once the header is known. Input files are only ever read.

use std::path::Path;

use csv::StringRecord;

use super::encoding::{decode, EncodingChoice};
use super::table::{RawTable, ReadAs, Row, Table};
use crate::error::{Error, Problem, Problems};

/// The name every CSV reader used before workbooks; a CSV file is read into a [`Table`].
pub type CsvFile = Table;

impl Table {
    /// Reads a CSV file with the encoding detected, its header the first non-empty row.
    pub fn open(path: &Path) -> Result<Table, Error> {
        Table::open_csv(path, EncodingChoice::Auto, &[])
    }

    /// Reads a CSV file; the header row is the first that holds one of `key` (title rows above
    /// it are skipped). An unreadable or undecodable file, or one with the wrong delimiter, is
    /// an `Error::Invalid` naming the file.
    pub fn open_csv(path: &Path, encoding: EncodingChoice, key: &[&str]) -> Result<Table, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let invalid = |line: Option<u64>, msg: String| {
            let mut p = Problems::new();
            p.push(Problem::error(path, msg).line(line));
            Error::Invalid(p)
        };
        let (text, decoded) = decode(&bytes, encoding).map_err(|e| invalid(e.line, e.message))?;
        let (rows, error) = records(&text);
        let raw = RawTable {
            path: path.to_path_buf(),
            sheet: None,
            read_as: ReadAs::Text(decoded),
            first_col: 0,
            rows,
        };
        let table = Table::build(raw, key).map_err(|msg| invalid(Some(1), msg))?;
        match error {
            Some((line, msg)) => Err(invalid(Some(line), msg)),
            None => Ok(table),
        }
    }
}

/// Every record with the line it starts on; a parse error stops reading and is returned.
fn records(text: &str) -> (Vec<Row>, Option<(u64, String)>) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let mut out = Vec::new();
    let mut record = StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {
                let line = lines.at(record.position().map_or(0, |p| p.byte()));
                out.push(Row::new(line, record.clone(), Vec::new()));
            }
            Ok(false) => return (out, None),
            Err(e) => {
                let line = lines.at(e.position().map_or(0, |p| p.byte()));
                return (out, Some((line, e.to_string())));
            }
        }
    }
}

/// Line numbers from byte offsets. The csv crate's own line count is wrong for CRLF files (it
/// reports the second line of `a\r\nb\r\n` as line 1, and places the record on the `\n`),
/// and CRLF is what Excel writes; so count `\n` up to the first byte of the record's content.
struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The line of the record starting at `byte` (offsets must not decrease).
    fn at(&mut self, byte: u64) -> u64 {
        let mut start = (byte as usize).min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.pos {
            let newlines = self.bytes[self.pos..start].iter().filter(|&&b| b == b'\n');
            self.line += newlines.count() as u64;
            self.pos = start;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::UNIT_ID;

    fn open(bytes: &[u8]) -> Result<Table, Error> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, bytes).unwrap();
        Table::open_csv(&path, EncodingChoice::Auto, UNIT_ID)
    }

    #[test]
    fn gbk_bytes_read_with_title_rows() {
        let (bytes, _, _) = encoding_rs::GBK
            .encode("二季度数据,,\r\n单位编码,单位名称,gdp\r\nT1,甲镇,\"1,234\"\r\n");
        let t = open(&bytes).unwrap();
        assert_eq!(t.read_as.to_string(), "GB18030 (no BOM, not UTF-8)");
        assert_eq!(t.headers(), ["单位编码", "单位名称", "gdp"]);
        let mut p = Problems::new();
        let row = t.good_rows(&mut p).next().unwrap();
        assert_eq!((row.line, row.get(1), row.get(2)), (3, "甲镇", "1,234"));
    }

    #[test]
    fn line_numbers_are_right_for_crlf_files() {
        for text in ["a\nb\n\nc\n", "a\r\nb\r\n\r\nc\r\n", "a\r\n\"b\r\nb\"\r\nc"] {
            let (rows, err) = records(text);
            assert!(err.is_none());
            let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
            let want = vec![1, 2, 4];
            assert_eq!(lines, want, "{text:?}");
        }
    }

    #[test]
    fn an_empty_file_has_no_header() {
        let t = open(b"\xEF\xBB\xBF").unwrap();
        assert!(t.is_empty());
        let mut p = Problems::new();
        assert!(t.columns(&[UNIT_ID], &[], &mut p).is_none());
        assert_eq!(
            p.to_string(),
            format!(
                "error: {}:1: the file is empty: expected a header row with unit_id\n1 error(s), 0 warning(s)",
                t.path.display()
            )
        );
    }
}
