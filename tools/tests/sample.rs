//! The committed sample district is what `gen-sample` writes: a change to the generator or to the
//! top-level `scoring-config.toml` (the old schemes are derived from it) that would alter `data/`
//! fails here until `data/` is regenerated.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let bytes = fs::read(&path).expect("read a file");
                out.insert(
                    path.strip_prefix(dir).expect("under dir").to_path_buf(),
                    bytes,
                );
            }
        }
    }
    out
}

#[test]
fn committed_sample_is_what_gen_sample_writes() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let tmp = tempfile::tempdir().expect("a temporary directory");
    pingyi_tools::sample::generate(tmp.path()).expect("write the sample");

    let (want, got) = (files(&committed), files(tmp.path()));
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "the files of data/");
    let stale: Vec<_> = want
        .iter()
        .filter(|(path, bytes)| got[*path] != **bytes)
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(
        stale.is_empty(),
        "data/ differs from what gen-sample writes in {stale:?}: \
         run `cargo run -p pingyi-tools --bin gen-sample -- data`"
    );
}
