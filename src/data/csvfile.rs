//! One CSV input file, read whole and decoded once, with its header row indexed.
//!
//! All CSV inputs go through here so that decoding and header matching live in one place.

use std::path::{Path, PathBuf};

use csv::StringRecord;

use crate::error::{Error, Problems};

pub struct CsvFile {
    pub path: PathBuf,
    text: String,
    headers: Vec<String>,
}

/// One data row and the physical line it starts on.
pub struct Row {
    pub line: u64,
    record: StringRecord,
}

impl Row {
    /// The field at `i` (empty when the row is shorter).
    pub fn get(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or("")
    }
}

impl CsvFile {
    /// Reads and decodes the file. A file that is not UTF-8 is an error naming the byte offset.
    pub fn open(path: &Path) -> Result<CsvFile, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let text = match String::from_utf8(body.to_vec()) {
            Ok(t) => t,
            Err(e) => {
                let mut p = Problems::new();
                let off = e.utf8_error().valid_up_to();
                let line = body[..off].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                p.error(path, Some(line), None, None, format!("not valid UTF-8 at byte {off}: save the file as UTF-8 (CSV UTF-8 in Excel)"));
                return Err(Error::Invalid(p));
            }
        };
        let mut file = CsvFile {
            path: path.to_path_buf(),
            text,
            headers: Vec::new(),
        };
        let mut rdr = file.reader();
        if let Ok(h) = rdr.headers() {
            file.headers = h.iter().map(|s| s.trim().to_string()).collect();
        }
        Ok(file)
    }

    fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(self.text.as_bytes())
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Finds required and optional columns by name. Missing required ones are reported; the result
    /// is `None` if any is missing. Indices come back in the order asked, required first.
    pub fn columns(
        &self,
        required: &[&str],
        optional: &[&str],
        problems: &mut Problems,
    ) -> Option<Vec<Option<usize>>> {
        if self.headers.iter().all(|h| h.is_empty()) {
            problems.error(
                &self.path,
                Some(1),
                None,
                None,
                format!(
                    "the file is empty: expected a header row with {}",
                    required.join(", ")
                ),
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for name in required {
            let i = self.find(name);
            if i.is_none() {
                ok = false;
                problems.error(
                    &self.path,
                    Some(1),
                    Some(format!("column {name}")),
                    None,
                    format!(
                        "required column `{name}` is missing (header: {})",
                        self.headers.join(",")
                    ),
                );
            }
            out.push(i);
        }
        out.extend(optional.iter().map(|n| self.find(n)));
        ok.then_some(out)
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// Data rows in order; a malformed row (wrong number of fields, bad quoting) is an `Err`
    /// naming its line, and reading goes on.
    pub fn rows(&self) -> impl Iterator<Item = Result<Row, (u64, String)>> + '_ {
        let mut rdr = self.reader();
        let mut record = StringRecord::new();
        let mut done = false;
        std::iter::from_fn(move || {
            if done {
                return None;
            }
            match rdr.read_record(&mut record) {
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    Some(Ok(Row {
                        line,
                        record: record.clone(),
                    }))
                }
                Ok(false) => None,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    let msg = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => {
                            format!("row has {len} fields but the header has {expected_len}")
                        }
                        _ => e.to_string(),
                    };
                    if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                        done = true;
                    }
                    Some(Err((line, msg)))
                }
            }
        })
    }

    /// Rows, with malformed ones reported into `problems` and skipped.
    pub fn good_rows<'a>(&'a self, problems: &'a mut Problems) -> impl Iterator<Item = Row> + 'a {
        let path = &self.path;
        self.rows().filter_map(move |r| match r {
            Ok(row) => Some(row),
            Err((line, msg)) => {
                problems.error(path, Some(line), None, None, msg);
                None
            }
        })
    }
}
