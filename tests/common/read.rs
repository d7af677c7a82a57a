//! Reading back what the binary printed or wrote: CSV keyed by unit id or by any column, one
//! column of a CSV/TSV, the files of a folder and their digests.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

/// CSV output keyed by `unit_id`, in output order.
#[derive(Debug)]
pub struct Rows {
    pub header: Vec<String>,
    pub order: Vec<String>,
    by_id: HashMap<String, HashMap<String, String>>,
}

impl Rows {
    pub fn parse(text: &str) -> Rows {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let id = header.iter().position(|h| h == "unit_id").expect("unit_id");
        let mut order = Vec::new();
        let mut by_id = HashMap::new();
        for rec in r.records() {
            let rec = rec.expect("well-formed csv");
            let key = rec[id].to_string();
            let row = header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect();
            assert!(
                by_id.insert(key.clone(), row).is_none(),
                "unit {key} appears twice"
            );
            order.push(key);
        }
        Rows {
            header,
            order,
            by_id,
        }
    }

    /// The cell of `unit` in `column`; panics naming what is absent.
    pub fn get(&self, unit: &str, column: &str) -> &str {
        let row = self
            .by_id
            .get(unit)
            .unwrap_or_else(|| panic!("no row for unit {unit}; rows: {:?}", self.order));
        row.get(column)
            .unwrap_or_else(|| panic!("no column {column}; header: {:?}", self.header))
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether the header has `column`.
    pub fn has(&self, column: &str) -> bool {
        self.header.iter().any(|h| h == column)
    }

    /// `column` for each unit in `units`, for compact assertions.
    pub fn col(&self, column: &str, units: &[&str]) -> Vec<String> {
        units
            .iter()
            .map(|u| self.get(u, column).to_string())
            .collect()
    }
}

/// One CSV row: column → value.
pub type Record = HashMap<String, String>;

/// CSV text → rows of `column → value`, checking one header row and equal-length rows.
pub fn records(text: &str) -> Vec<Record> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), header.len());
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The first row whose `key` is `value`.
#[track_caller]
pub fn row<'a>(rows: &'a [Record], key: &str, value: &str) -> &'a Record {
    rows.iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no row with {key} = {value}"))
}

/// The cells of column `name` of a CSV (`,`) or TSV (`\t`) text, in order.
pub fn column(text: &str, delimiter: u8, name: &str) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let i = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .expect(name);
    r.records()
        .map(|row| row.expect("well-formed CSV")[i].to_string())
        .collect()
}

/// Every file under `dir`, relative with `/` separators, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read folder") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).expect("under the folder");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every file under `dir` with the SHA-256 of its bytes, sorted by path: a snapshot to compare.
pub fn tree(dir: &Path) -> Vec<(String, String)> {
    files(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).expect("read file");
            (rel, sha256_hex(&bytes))
        })
        .collect()
}

/// The SHA-256 of `bytes` in lower-case hex, computed here rather than by the code under test.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
