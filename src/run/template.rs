//! Writing a period's collection tables ([`crate::template`]) into a folder: one file per
//! category or lead department, `<stem>.xlsx` (a workbook with a 填报说明 sheet) or `<stem>.csv`
//! (UTF-8 with a byte-order mark). No file is written over: every name is checked before anything is written.
//!
//! A table too large for pingyi to read back as a workbook once filled in (a province's
//! villages) is written as CSV even when workbooks are asked for, with a warning: a collection
//! table pingyi would refuse when it comes back is no table to send out.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::echo::grouped;
use crate::error::{Error, Problem, Problems};
use crate::render::sheet::{CsvOptions, Sheet};
use crate::template::Table;

/// Where each of `tables` goes in `dir`: `<stem>.<format>` (`xlsx` or `csv`) — except that a
/// table whose sheet, every cell filled in, would hold more than `cap` cells (the most pingyi
/// reads from a workbook sheet) goes to `<stem>.csv`, with a warning into `problems`.
pub fn paths(
    tables: &[Table],
    dir: &Path,
    format: &str,
    cap: usize,
    problems: &mut Problems,
) -> Vec<PathBuf> {
    tables
        .iter()
        .map(|t| {
            let cells = (t.rows.len() + 1).saturating_mul(t.header.len());
            if format == "csv" || cells <= cap {
                return dir.join(format!("{}.{format}", t.stem));
            }
            let path = dir.join(format!("{}.csv", t.stem));
            problems.push(Problem::warning(
                &path,
                format!(
                    "written as CSV rather than as a workbook: filled in, its {} rows of {} columns ({} cells) would be more than pingyi reads from a workbook sheet ({} cells); fill it in Excel or WPS and save it as CSV (UTF-8)",
                    grouped(t.rows.len() + 1),
                    t.header.len(),
                    grouped(cells),
                    grouped(cap)
                ),
            ));
            path
        })
        .collect()
}

/// Writes `tables` to `paths` (see [`paths`]; a `.csv` path is written as CSV, any other as a
/// workbook), creating their folder `dir` if needed, and a copy of the file `carried` (an
/// earlier period's targets) under its own name into `dir`; the files written.
pub fn write(
    cfg: &Config,
    tables: &[Table],
    paths: &[PathBuf],
    carried: Option<&Path>,
    dir: &Path,
) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    if let Some(from) = carried {
        let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
        files.push((dir.join(from.file_name().unwrap_or_default()), bytes));
    }
    for (t, path) in tables.iter().zip(paths) {
        let bytes = if path.extension().is_some_and(|e| e == "csv") {
            let mut s = Sheet::new(CsvOptions::CSV);
            s.header(&t.header);
            (0..t.rows.len()).for_each(|k| s.record(t.cells(k)));
            [b"\xEF\xBB\xBF".as_slice(), &s.into_bytes()].concat()
        } else {
            crate::render::xlsx::template::workbook(cfg, t)?
        };
        files.push((path.clone(), bytes));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn table(stem: &str, rows: usize) -> Table {
        Table {
            stem: stem.into(),
            sheet: stem.into(),
            header: vec!["单位编码".into(), "单位名称".into(), "gdp".into()],
            rows: (0..rows)
                .map(|k| vec![format!("U{k}"), format!("单位{k}"), String::new()])
                .collect(),
            indicators: vec![0],
        }
    }

    /// A table whose filled-in sheet would hold more cells than the cap goes to CSV, with a
    /// warning naming the file and the counts; one at the cap stays a workbook; `csv` asked is
    /// CSV for every table, without a warning.
    #[test]
    fn a_table_too_large_to_read_back_as_a_workbook_goes_to_csv() {
        let dir = Path::new("t");
        let tables = [table("township", 3), table("village", 4)];
        let mut problems = Problems::new();
        // township: 4 × 3 = 12 cells; village: 5 × 3 = 15.
        let got = paths(&tables, dir, "xlsx", 12, &mut problems);
        assert_eq!(got, [dir.join("township.xlsx"), dir.join("village.csv")]);
        let warnings: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(warnings, ["warning: t/village.csv: written as CSV rather than as a workbook: filled in, its 5 rows of 3 columns (15 cells) would be more than pingyi reads from a workbook sheet (12 cells); fill it in Excel or WPS and save it as CSV (UTF-8)"]);
        let mut none = Problems::new();
        let got = paths(&tables, dir, "csv", 12, &mut none);
        assert_eq!(got, [dir.join("township.csv"), dir.join("village.csv")]);
        assert_eq!(none.iter().count(), 0);
    }

    /// Each table is written as its path's extension says: the CSV with a byte-order mark, the
    /// workbook as a zip archive.
    #[test]
    fn each_table_is_written_in_its_paths_format() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("out");
        let tables = [table("township", 1), table("village", 2)];
        let mut problems = Problems::new();
        let to = paths(&tables, &dir, "xlsx", 6, &mut problems);
        let cfg = crate::eval::Evaluation::sample().cfg.clone();
        let written = write(&cfg, &tables, &to, None, &dir).unwrap();
        assert_eq!(written, to);
        assert!(std::fs::read(dir.join("township.xlsx"))
            .unwrap()
            .starts_with(b"PK"));
        assert_eq!(
            std::fs::read_to_string(dir.join("village.csv")).unwrap(),
            "\u{feff}单位编码,单位名称,gdp\nU0,单位0,\nU1,单位1,\n"
        );
    }
}
