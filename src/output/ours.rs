//! What pingyi may delete: a folder it wrote itself. `--force` replaces a folder only when it is
//! empty or a pingyi package — it holds a `manifest.json` written by pingyi, and every other file
//! in it is one the manifest lists — so that `report --out ~/Documents --force` deletes nothing
//! (issue 11 #6). The same test tells the leftovers of an interrupted run from anything else.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

/// The name of the manifest in a package or statement set.
pub const MANIFEST: &str = "manifest.json";

/// The part of a manifest that says who wrote it and what.
#[derive(Deserialize)]
struct Written {
    /// The version of pingyi that wrote it: a string, whatever its value.
    #[allow(dead_code)]
    pingyi: String,
    outputs: Vec<Output>,
}

#[derive(Deserialize)]
struct Output {
    path: String,
}

/// `Ok` when `dir` is an empty folder or a pingyi package; else why not, as the end of a sentence
/// ("… is not a pingyi package: it holds notes.txt, which its manifest does not list").
pub fn package(dir: &Path) -> Result<(), String> {
    let files = files(dir).map_err(|e| format!("it cannot be read ({e})"))?;
    if files.is_empty() {
        return Ok(());
    }
    let text = match std::fs::read(dir.join(MANIFEST)) {
        Ok(t) => t,
        Err(_) => return Err(format!("it holds no {MANIFEST} written by pingyi")),
    };
    let written: Written = serde_json::from_slice(&text)
        .map_err(|_| format!("its {MANIFEST} was not written by pingyi"))?;
    let listed: HashSet<&str> = written.outputs.iter().map(|o| o.path.as_str()).collect();
    match files
        .iter()
        .find(|f| f.as_str() != MANIFEST && !listed.contains(f.as_str()))
    {
        Some(other) => Err(format!(
            "it holds {other}, which its {MANIFEST} does not list"
        )),
        None => Ok(()),
    }
}

/// Whether `dir` holds a `manifest.json` written by pingyi, whatever else it holds: a folder a
/// pingyi run began (its first file is the manifest, a stamp listing nothing yet). Only for a
/// folder that also carries the temporary name of a run that is gone ([`super::cleanup`]); a
/// folder `--force` would replace must be a whole package ([`package`]).
pub fn stamped(dir: &Path) -> bool {
    std::fs::read(dir.join(MANIFEST))
        .ok()
        .is_some_and(|t| serde_json::from_slice::<Written>(&t).is_ok())
}

/// Every file and symlink under `dir`, relative, `/`-separated, sorted; folders only by what
/// they hold.
fn files(dir: &Path) -> std::io::Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            let p = e.path();
            if e.file_type()?.is_dir() {
                walk(root, &p, out)?;
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST_TEXT: &str = r#"{"pingyi": "0.1.0", "outputs": [{"path": "a.md", "sha256": "00"}, {"path": "s/b.csv", "sha256": "11"}], "created": "x"}"#;

    #[test]
    fn only_empty_folders_and_pingyi_packages_are_ours() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path();
        assert_eq!(package(p), Ok(()));
        std::fs::write(p.join("a.md"), "a").unwrap();
        assert_eq!(
            package(p),
            Err("it holds no manifest.json written by pingyi".into())
        );
        std::fs::write(p.join(MANIFEST), "{\"name\": \"my project\"}").unwrap();
        assert_eq!(
            package(p),
            Err("its manifest.json was not written by pingyi".into())
        );
        std::fs::write(p.join(MANIFEST), MANIFEST_TEXT).unwrap();
        std::fs::create_dir(p.join("s")).unwrap();
        std::fs::write(p.join("s/b.csv"), "b").unwrap();
        assert_eq!(package(p), Ok(()));
        std::fs::write(p.join("s/notes.txt"), "mine").unwrap();
        assert_eq!(
            package(p),
            Err("it holds s/notes.txt, which its manifest.json does not list".into())
        );
    }
}
