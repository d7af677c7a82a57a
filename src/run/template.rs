//! Writing a period's collection tables ([`crate::template`]) into a folder: one file per
//! category or lead department, `<stem>.xlsx` (a workbook with a 填报说明 sheet) or `<stem>.csv`
//! (UTF-8 with a byte-order mark). No file is written over: every name is checked before anything is written.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::Error;
use crate::render::sheet::{CsvOptions, Sheet};
use crate::template::Table;

/// Writes `tables` into `dir` (created if needed) as `format` files (`xlsx` or `csv`), and a copy
/// of the file `carried` (an earlier period's targets) under its own name; the files written.
pub fn write(
    cfg: &Config,
    tables: &[Table],
    carried: Option<&Path>,
    dir: &Path,
    format: &str,
) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    if let Some(from) = carried {
        let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
        files.push((dir.join(from.file_name().unwrap_or_default()), bytes));
    }
    for t in tables {
        let path = dir.join(format!("{}.{}", t.stem, format));
        let bytes = if format == "csv" {
            let mut s = Sheet::new(CsvOptions::CSV);
            s.header(&t.header);
            t.rows.iter().for_each(|r| s.record(r));
            [b"\xEF\xBB\xBF".as_slice(), &s.into_bytes()].concat()
        } else {
            crate::render::xlsx::template::workbook(cfg, t)?
        };
        files.push((path, bytes));
    }
    for (path, _) in &files {
        if path.exists() {
            let msg = format!("{} exists already: choose another --out", path.display());
            return Err(Error::Usage(msg));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (path, bytes) in &files {
        crate::output::write_atomic(path, bytes)?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}
