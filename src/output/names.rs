//! File names made from unit ids — one rule for `statement --all --out DIR` and the report
//! package's `statements/`: characters a file name cannot hold are replaced, and two ids that
//! would give the same name (also ignoring case, which some file systems ignore) are an error.

use std::collections::HashSet;

use crate::error::{Error, Problem, Problems};
use crate::eval::Evaluation;

/// A unit id as a file name: path separators, control characters and a leading dot replaced.
pub fn file_stem(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|ch| {
            if ch.is_control() || matches!(ch, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            {
                '_'
            } else {
                ch
            }
        })
        .collect();
    if s.starts_with('.') || s.is_empty() {
        s.insert(0, '_');
    }
    s
}

/// The file stem of each unit (registry indexes of `ev`), in order; an error naming `units.csv`
/// when two units would share one.
pub fn unit_stems(ev: &Evaluation, units: &[usize]) -> Result<Vec<String>, Error> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(units.len());
    for &u in units {
        let stem = file_stem(&ev.ds.registry.units[u].id);
        if !seen.insert(stem.to_lowercase()) {
            let registry = ev.ds.dir.parent().map_or_else(
                || std::path::PathBuf::from("units.csv"),
                |d| d.join("units.csv"),
            );
            let msg = format!("two unit ids give the same statement file name `{stem}` (ignoring case): rename one in units.csv");
            let mut p = Problems::new();
            p.push(
                Problem::error(&registry, msg)
                    .place("column id".to_string())
                    .unit(ev.ds.label(u)),
            );
            return Err(Error::Invalid(p));
        }
        out.push(stem);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_stems_cannot_escape_the_folder() {
        assert_eq!(super::file_stem("T1"), "T1");
        assert_eq!(super::file_stem("../x"), "_.._x");
        assert_eq!(super::file_stem("a/b"), "a_b");
        assert_eq!(super::file_stem("村01"), "村01");
    }
}
