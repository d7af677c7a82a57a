//! CSV input: bytes decoded by the encoding rules of [`super::encoding`], split into records,
//! and handed to [`Table`] to find the header row.
//!
//! A UTF-8 file — what large exports are — is checked once for valid UTF-8 as it is read in
//! chunks, then streamed record by record: only the rows up to the header are held, so a file of
//! a million rows costs one row of memory. A file in another encoding (GBK from Excel, UTF-16) is
//! decoded whole first, since a bad byte must be an error before any row is used.
//!
//! Records are read flexibly (title rows above the header may be shorter or longer); the width
//! check happens once the header is known. Input files are only ever read.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use super::encoding::{decode, utf8_plan, Decoded, EncodingChoice};
use super::table::{ReadAs, Row, RowStream, Table};
use crate::error::{Error, Problem, Problems};
use crate::filekind::not_a_file;

/// The name every CSV reader used before workbooks; a CSV file is read into a [`Table`].
pub type CsvFile = Table;

/// Read-ahead of the CSV reader.
const BUFFER: usize = 1 << 16;

/// The chunk in which a file's UTF-8 is checked ([`valid_utf8`]).
const CHUNK: usize = 1 << 20;

impl Table {
    /// Reads a CSV file with the encoding detected, its header the first non-empty row.
    pub fn open(path: &Path) -> Result<Table, Error> {
        Table::open_csv(path, EncodingChoice::Auto, &[])
    }

    /// Opens a CSV file; the header row is the first that holds one of `key` (title rows above
    /// it are skipped). An unreadable or undecodable file, or one with the wrong delimiter, is
    /// an `Error::Invalid` naming the file; rows after the header stream from the file as they
    /// are read (see [`super::table::RowSource`]).
    pub fn open_csv(path: &Path, encoding: EncodingChoice, key: &[&str]) -> Result<Table, Error> {
        let invalid = |line: Option<u64>, msg: String| {
            let mut p = Problems::new();
            p.push(Problem::error(path, msg).line(line));
            Error::Invalid(p)
        };
        if let Some(why) = not_a_file(path) {
            return Err(invalid(None, why));
        }
        crate::filekind::input_read(path).map_err(|why| invalid(None, why))?;
        let (text, decoded) = match open_text(path, encoding).map_err(|e| Error::io(path, e))? {
            Ok(opened) => opened,
            Err(e) => return Err(invalid(e.line, e.message)),
        };
        let stream = CsvStream::new(text);
        Table::build_streamed(path.to_path_buf(), ReadAs::Text(decoded), stream, key)
            .map_err(|(line, msg)| invalid(Some(line), msg))
    }
}

/// The file's text as a reader, and how it was decoded (or why it does not decode).
#[allow(clippy::type_complexity)]
fn open_text(
    path: &Path,
    choice: EncodingChoice,
) -> io::Result<Result<(Box<dyn Read + Send>, Decoded), super::encoding::DecodeError>> {
    let mut file = File::open(path)?;
    let mut head = [0u8; 4];
    let n = fill(&mut file, &mut head)?;
    if let Some((skip, decoded)) = utf8_plan(&head[..n], choice) {
        file.seek(SeekFrom::Start(skip as u64))?;
        let len = file.metadata().map_or(u64::MAX, |m| m.len());
        if valid_utf8(&mut file, len)? {
            file.seek(SeekFrom::Start(skip as u64))?;
            return Ok(Ok((Box::new(file), decoded)));
        }
    }
    let bytes = std::fs::read(path)?;
    Ok(decode(&bytes, choice).map(|(text, decoded)| {
        (
            Box::new(Cursor::new(text.into_bytes())) as Box<dyn Read + Send>,
            decoded,
        )
    }))
}

/// Reads until `buf` is full or the file ends; the count read.
fn fill(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Whether the rest of `r` is valid UTF-8, checked a chunk at a time: a MiB, or the whole of a
/// smaller file of `len` bytes (a district's period reads dozens of small files, and zeroing a
/// MiB for each was a good part of its run).
fn valid_utf8(r: &mut impl Read, len: u64) -> io::Result<bool> {
    // At least a few bytes beyond a character cut at a chunk's end (three), to move on.
    let size = usize::try_from(len).map_or(CHUNK, |n| n.saturating_add(1).clamp(8, CHUNK));
    let mut buf = vec![0u8; size];
    // Bytes of a character cut by the chunk's end, moved to the front of the next chunk.
    let mut carry = 0;
    loop {
        let n = fill(r, &mut buf[carry..])?;
        if n == 0 {
            return Ok(carry == 0);
        }
        let end = carry + n;
        carry = match std::str::from_utf8(&buf[..end]) {
            Ok(_) => 0,
            Err(e) if e.error_len().is_some() => return Ok(false),
            Err(e) => {
                buf.copy_within(e.valid_up_to()..end, 0);
                end - e.valid_up_to()
            }
        };
    }
}

/// The records of a CSV text, read one at a time with the line each starts on.
pub struct CsvStream {
    reader: csv::Reader<Marked>,
    lines: LineCounter,
    /// The line the last record read starts on.
    last: u64,
    /// Whether the last record read ends in a cell holding a line break: a quote opened on the
    /// last line and never closed takes the line's end into its cell.
    line_in_last_cell: bool,
}

impl CsvStream {
    fn new(text: Box<dyn Read + Send>) -> CsvStream {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(BUFFER)
            .from_reader(Marked {
                inner: text,
                offset: 0,
                marks: VecDeque::new(),
                pending_cr: None,
                quotes: 0,
                last_byte: None,
            });
        CsvStream {
            reader,
            lines: LineCounter { line: 1 },
            last: 0,
            line_in_last_cell: false,
        }
    }

    /// At the end of the text: a quote opened in the last record and never closed, which made
    /// the rest of the file one cell (the reader takes the end of the text as the end of the
    /// field). Told by an odd number of `"` in the text, a last record over several lines (or
    /// one whose last cell took the line's end), and a text that does not end in a closing
    /// quote.
    fn unclosed_quote(&mut self) -> Option<(u64, String)> {
        let m = self.reader.get_mut();
        let (last_byte, at) = m.last_byte?;
        // The line of the text's last byte that is no line break (blank lines after it aside).
        let breaks = m.marks.iter().filter(|&&(b, newline)| newline && b < at);
        let last_line = self.last + breaks.count() as u64;
        let swallowed = last_line > self.last || self.line_in_last_cell;
        if m.quotes.is_multiple_of(2) || last_byte == b'"' || !swallowed {
            return None;
        }
        let rest = match last_line > self.last {
            true => format!("the rest of the file, lines {}–{last_line},", self.last),
            // The last line: its cells after the quote were one (the row then too short).
            false => "the rest of the row".to_string(),
        };
        let msg = format!(
            "a quoted cell of this row is never closed (the file holds an odd number of `\"`): {rest} was read as one cell; close the quote or remove it"
        );
        Some((self.last, msg))
    }
}

impl RowStream for CsvStream {
    fn read(&mut self, row: &mut Row) -> Result<bool, (u64, String)> {
        match self.reader.read_record(&mut row.record) {
            Ok(true) => {
                let byte = row.record.position().map_or(0, |p| p.byte());
                row.line = self.lines.at(&mut self.reader.get_mut().marks, byte);
                self.last = row.line;
                self.line_in_last_cell = row
                    .record
                    .iter()
                    .next_back()
                    .is_some_and(|c| c.ends_with(['\n', '\r']));
                row.clear_notes();
                Ok(true)
            }
            Ok(false) => match self.unclosed_quote() {
                Some(e) => Err(e),
                None => Ok(false),
            },
            Err(e) => {
                let byte = e.position().map_or(0, |p| p.byte());
                let line = self.lines.at(&mut self.reader.get_mut().marks, byte);
                Err((line, e.to_string()))
            }
        }
    }
}

/// The text with the offset of every `\r` and `\n` noted as it passes to the CSV reader (which
/// reads ahead only by its buffer, so few are held at a time).
struct Marked {
    inner: Box<dyn Read + Send>,
    offset: u64,
    /// `(offset, ends a line)` of line-break bytes not yet passed by a record: a `\n`, or a `\r`
    /// not followed by one (the line ends of a "CSV (Macintosh)" file); the `\r` of a `\r\n`
    /// does not.
    marks: VecDeque<(u64, bool)>,
    /// A `\r` that ended the last chunk read: whether a `\n` follows is known with the next.
    pending_cr: Option<u64>,
    /// How many `"` bytes have passed, and the last byte that is no line break, with its offset.
    quotes: u64,
    last_byte: Option<(u8, u64)>,
}

impl Read for Marked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        if let Some(at) = self.pending_cr.take() {
            self.marks.push_back((at, chunk.first() != Some(&b'\n')));
        }
        for i in memchr::memchr2_iter(b'\r', b'\n', chunk) {
            let at = self.offset + i as u64;
            match (chunk[i], chunk.get(i + 1)) {
                (b'\n', _) => self.marks.push_back((at, true)),
                (_, Some(&next)) => self.marks.push_back((at, next != b'\n')),
                (_, None) => self.pending_cr = Some(at),
            }
        }
        self.quotes += memchr::memchr_iter(b'"', chunk).count() as u64;
        if let Some(i) = chunk.iter().rposition(|&b| b != b'\r' && b != b'\n') {
            self.last_byte = Some((chunk[i], self.offset + i as u64));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// Line numbers from byte offsets. The csv crate's own line count is wrong for CRLF files (it
/// reports the second line of `a\r\nb\r\n` as line 1, and places the record on the `\n`),
/// and CRLF is what Excel writes; so count `\n` up to the first byte of the record's content.
struct LineCounter {
    line: u64,
}

impl LineCounter {
    /// The line of the record starting at `byte` (offsets must not decrease).
    fn at(&mut self, marks: &mut VecDeque<(u64, bool)>, byte: u64) -> u64 {
        let mut start = byte;
        while let Some(&(at, newline)) = marks.front() {
            // Line breaks before the record, and those it starts with (a record is placed on
            // the break that ends the previous one).
            if at < byte || at == start {
                start += u64::from(at == start);
                self.line += u64::from(newline);
                marks.pop_front();
            } else {
                break;
            }
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::UNIT_ID;

    fn open(bytes: &[u8]) -> (tempfile::TempDir, Result<Table, Error>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, bytes).unwrap();
        let t = Table::open_csv(&path, EncodingChoice::Auto, UNIT_ID);
        (dir, t)
    }

    /// Every data row as (line, fields), and the problems met reading them.
    fn rows(t: &mut Table) -> (Vec<(u64, Vec<String>)>, Problems) {
        let mut p = Problems::new();
        let (head, rows) = t.parts();
        let mut out = Vec::new();
        while let Some(r) = rows.next(head, &mut p) {
            let fields = (0..head.headers().len()).map(|i| r.get(i).to_string());
            out.push((r.line, fields.collect()));
        }
        (out, p)
    }

    #[test]
    fn gbk_bytes_read_with_title_rows() {
        let (bytes, _, _) = encoding_rs::GBK
            .encode("二季度数据,,\r\n单位编码,单位名称,gdp\r\nT1,甲镇,\"1,234\"\r\n");
        let (_dir, t) = open(&bytes);
        let mut t = t.unwrap();
        assert_eq!(t.read_as.to_string(), "GB18030 (no BOM, not UTF-8)");
        assert_eq!(t.headers(), ["单位编码", "单位名称", "gdp"]);
        let (rows, p) = rows(&mut t);
        assert_eq!(
            rows,
            vec![(3, vec!["T1".into(), "甲镇".into(), "1,234".into()])]
        );
        assert!(p.is_empty());
    }

    #[test]
    fn line_numbers_are_right_for_crlf_files() {
        for text in [
            "a\nb\n\nc\n",
            "a\r\nb\r\n\r\nc\r\n",
            "a\r\n\"b\r\nb\"\r\nc",
            "\r\n\na\nb\r\n\r\n\nc",
            // "CSV (Macintosh)": lines end in `\r` alone.
            "a\rb\r\rc\r",
        ] {
            let mut s = CsvStream::new(Box::new(Cursor::new(text.as_bytes().to_vec())));
            let mut row = Row::new(0, csv::StringRecord::new(), Vec::new());
            let mut lines = Vec::new();
            while s.read(&mut row).unwrap() {
                lines.push(row.line);
            }
            let want = if text.starts_with('\r') {
                vec![3, 4, 7]
            } else {
                vec![1, 2, 4]
            };
            assert_eq!(lines, want, "{text:?}");
        }
    }

    #[test]
    fn utf8_is_checked_whatever_the_size_given() {
        // Every size (too small, exact, too large, unknown) and characters of 2, 3 and 4 bytes
        // cut at every place by chunks of 8 bytes.
        let good = "ab中文é😀x".repeat(5);
        let cut = &good.as_bytes()[..good.len() - 2];
        let bad = [good.as_bytes(), b"\xff", good.as_bytes()].concat();
        for len in [0, 1, 7, 8, 9, good.len() as u64, 1 << 30, u64::MAX] {
            let check = |b: &[u8]| valid_utf8(&mut Cursor::new(b.to_vec()), len).unwrap();
            assert!(check(good.as_bytes()), "{len}");
            assert!(check(b""), "{len}");
            assert!(!check(cut), "{len}");
            assert!(!check(&bad), "{len}");
        }
    }

    #[test]
    fn a_large_utf8_file_streams_with_line_numbers_across_chunks() {
        // Multi-byte names cut by the 1 MiB chunks of the UTF-8 check and the reader's buffer.
        let mut text = String::from("\u{feff}说明\r\nunit_id,单位名称,gdp\r\n");
        for i in 0..40_000 {
            text.push_str(&format!("V{i},第{i}村委会,{i}.5\r\n"));
        }
        let (_dir, t) = open(text.as_bytes());
        let mut t = t.unwrap();
        assert_eq!(t.read_as.to_string(), "UTF-8 (byte-order mark)");
        let (rows, p) = rows(&mut t);
        assert!(p.is_empty());
        assert_eq!(rows.len(), 40_000);
        assert_eq!(rows[0].0, 3);
        let last = &rows[39_999];
        assert_eq!(last.0, 40_002);
        assert_eq!(last.1, ["V39999", "第39999村委会", "39999.5"]);
    }

    #[test]
    fn a_gbk_byte_deep_in_a_file_is_found_before_any_row_is_read() {
        let mut text = String::from("unit_id,单位名称,gdp\n");
        for i in 0..30_000 {
            text.push_str(&format!("V{i},第{i}村,{i}\n"));
        }
        text.push_str("V30000,新村,1\n");
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        let (_dir, t) = open(&bytes);
        let mut t = t.unwrap();
        assert_eq!(t.read_as.to_string(), "GB18030 (no BOM, not UTF-8)");
        let (rows, _) = rows(&mut t);
        assert_eq!(rows.len(), 30_001);
        assert_eq!(rows[30_000].1[1], "新村");
        // Asked to read it as UTF-8, the file is refused at the first byte that is not.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, &bytes).unwrap();
        let e = Table::open_csv(&path, EncodingChoice::Utf8, UNIT_ID).unwrap_err();
        assert!(
            e.to_string().contains(
                ":1: not valid UTF-8 at byte offset 8 (read as UTF-8 because --encoding utf-8)"
            ),
            "{e}"
        );
    }

    #[test]
    fn rows_of_another_width_are_reported_as_they_stream() {
        let (_dir, t) = open(b"unit_id,gdp\nT1,1,,\nT2\nT3,1,x\nT4,2\nT5,95,5\n6,7,8\n");
        let (rows, p) = rows(&mut t.unwrap());
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![2, 5]);
        let text = p.to_string();
        assert!(
            text.contains("t.csv:3: row has 1 fields but the header has 2"),
            "{text}"
        );
        // A decimal comma splits the cell: said, with the cell; where two pairs of digits could
        // be it (`6,7,8`), nothing is said of one.
        assert!(
            text.contains("t.csv:7: row has 3 fields but the header has 2\n"),
            "{text}"
        );
        assert!(
            text.contains("t.csv:6: row has 3 fields but the header has 2: is `95,5` one cell split at its comma? Write a decimal with a point (95.5) and a number of thousands without its comma, or quote the cell"),
            "{text}"
        );
        assert!(
            text.contains("t.csv:4: row has 3 fields but the header has 2"),
            "{text}"
        );
    }

    /// A header with a trailing comma (`unit_id,gdp,`): a row may end before its empty header
    /// cells; one that ends before a named column is still short.
    #[test]
    fn a_row_may_end_before_empty_header_cells_at_the_end() {
        let (_dir, t) = open(b"unit_id,gdp,,\nT1,1\nT2,2,\nT3\n");
        let (rows, p) = rows(&mut t.unwrap());
        assert_eq!(
            rows,
            vec![
                (2, vec!["T1".into(), "1".into(), "".into(), "".into()]),
                (3, vec!["T2".into(), "2".into(), "".into(), "".into()]),
            ]
        );
        let text = p.to_string();
        assert!(
            text.contains("t.csv:4: row has 1 fields but the header has 4"),
            "{text}"
        );
    }

    /// A total or a footer on a line of its own, without Excel's padding commas, is read as a
    /// padded one (the rows of the table skip it and list it); a short row of a unit is not.
    #[test]
    fn a_short_total_or_footer_row_is_padded_a_short_unit_row_is_an_error() {
        let (_dir, t) = open("unit_id,gdp,pop\nT1,1,2\n合计,1\nT2,3\n填报人：张三\n".as_bytes());
        let (rows, p) = rows(&mut t.unwrap());
        assert_eq!(
            rows,
            vec![
                (2, vec!["T1".into(), "1".into(), "2".into()]),
                (3, vec!["合计".into(), "1".into(), "".into()]),
                (5, vec!["填报人：张三".into(), "".into(), "".into()]),
            ]
        );
        let text = p.to_string();
        assert!(
            text.contains("t.csv:4: row has 2 fields but the header has 3"),
            "{text}"
        );
        assert!(
            !text.contains("t.csv:3") && !text.contains("t.csv:5"),
            "{text}"
        );
    }

    /// A quote opened and never closed makes the rest of the file one cell: an error on the row
    /// it opens in, naming the lines swallowed (blank lines at the end aside), whatever the line
    /// ends; a quoted cell over several lines and a literal quote inside a cell are no error.
    #[test]
    fn a_quote_never_closed_is_an_error_naming_the_lines_it_swallowed() {
        for text in [
            &b"unit_id,gdp\nT1,\"5\nT2,6\nT3,7\n"[..],
            b"unit_id,gdp\r\nT1,\"5\r\nT2,6\r\nT3,7\r\n\r\n\r\n",
            b"unit_id,gdp\nT1,\"5\nT2,6\nT3,7",
        ] {
            let (_dir, t) = open(text);
            let (rows, p) = rows(&mut t.unwrap());
            assert_eq!(rows.len(), 1, "{rows:?}");
            assert_eq!(rows[0].1[0], "T1");
            assert!(rows[0].1[1].starts_with('5') && rows[0].1[1].contains("T3,7"));
            let text = p.to_string();
            assert!(
                text.contains("t.csv:2: a quoted cell of this row is never closed (the file holds an odd number of `\"`): the rest of the file, lines 2–4, was read as one cell"),
                "{text}"
            );
        }
        // Review's case: a quote opened on the last line swallows only the rest of that line.
        let (_dir, t) = open(b"unit_id,gdp,rate\nT1,5,6\n\"T2,6,7\n");
        let (_, p) = rows(&mut t.unwrap());
        let text = p.to_string();
        assert!(
            text.contains("t.csv:3: a quoted cell of this row is never closed (the file holds an odd number of `\"`): the rest of the row was read as one cell"),
            "{text}"
        );
        for fine in [
            &b"unit_id,name\nT1,\"a\nb\"\nT2,\"x\"\n"[..],
            b"unit_id,name\nT1,\"a\nb\"\nT2,12\" TV\n",
            b"unit_id,name\nT1,12\" TV\nT2,x\n",
        ] {
            let (_dir, t) = open(fine);
            let (rows, p) = rows(&mut t.unwrap());
            assert_eq!(rows.len(), 2, "{rows:?}");
            assert!(!p.has_errors(), "{p}");
        }
    }

    #[test]
    fn an_empty_file_has_no_header() {
        let (_dir, t) = open(b"\xEF\xBB\xBF");
        let t = t.unwrap();
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
