//! Shared by the integration tests: a private copy of the fixture district, so that no test
//! can write into the repository and each can change its copy freely.

#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};

/// `tests/fixtures/district`: every method, three tracks, growth, targets, adjustments and unit
/// names that spreadsheets would run as formulas.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/district")
}

/// A fresh temporary copy of the fixture district.
pub fn district() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&fixture(), dir.path());
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture folder") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// Every file under `dir` with the SHA-256 of its bytes, sorted by path: a snapshot to compare.
pub fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read folder") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).expect("read file");
                let rel = p.strip_prefix(dir).unwrap_or(&p).display().to_string();
                out.push((rel, pingyi::digest::sha256_hex(&bytes)));
            }
        }
    }
    out.sort();
    out
}
