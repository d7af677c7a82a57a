//! File names made from unit ids — one rule for `statement --all --out DIR` and the report
//! package's `statements/`, checked for every unit before anything is written: characters a file
//! name cannot hold are replaced, names Windows reserves or a shell would take for an option are
//! prefixed, and an id too long for a file name, or two ids that would give the same name (also
//! ignoring case, which some file systems ignore), are an error.

use std::collections::HashSet;

use crate::error::{Error, Problem, Problems};
use crate::eval::Evaluation;

/// The longest file stem, in bytes: file systems take 255 bytes per name, and the stem needs room
/// for its extension.
pub const MAX_STEM_BYTES: usize = 200;

/// Names Windows reserves for devices, whatever the extension (`CON.md` is the console).
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6",
    "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// A unit id as a file name: path separators and control characters replaced; a leading dot or
/// `-` (hidden files, options to `rm *`), a trailing dot or space (Windows drops them), a name
/// Windows reserves (`CON`, `NUL`, `COM1` …) and `manifest` (the set's own `manifest.json`)
/// get a `_`.
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
    if s.ends_with(['.', ' ']) {
        s.push('_');
    }
    let base = s.split('.').next().unwrap_or("").trim_end();
    let reserved = RESERVED.iter().any(|r| base.eq_ignore_ascii_case(r))
        || base.eq_ignore_ascii_case("manifest");
    if s.is_empty() || s.starts_with(['.', '-']) || reserved {
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
        let registry = || {
            ev.ds.dir.parent().map_or_else(
                || std::path::PathBuf::from("units.csv"),
                |d| d.join("units.csv"),
            )
        };
        if stem.len() > MAX_STEM_BYTES {
            let msg = format!("the unit id is too long for a statement file name ({} bytes; at most {MAX_STEM_BYTES}): shorten it in units.csv", stem.len());
            let mut p = Problems::new();
            p.push(
                Problem::error(&registry(), msg)
                    .place("column id".to_string())
                    .unit(ev.ds.label(u)),
            );
            return Err(Error::Invalid(p));
        }
        if !seen.insert(stem.to_lowercase()) {
            let registry = registry();
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

    #[test]
    fn file_stems_are_valid_on_every_system() {
        let stem = super::file_stem;
        assert_eq!(stem("CON"), "_CON");
        assert_eq!(stem("nul"), "_nul");
        assert_eq!(stem("Com1"), "_Com1");
        assert_eq!(stem("LPT9.x"), "_LPT9.x");
        assert_eq!(stem("COM10"), "COM10");
        assert_eq!(stem("CONSOLE"), "CONSOLE");
        assert_eq!(stem("-T3"), "_-T3");
        assert_eq!(stem(".x"), "_.x");
        assert_eq!(stem("T1."), "T1._");
        assert_eq!(stem("T1 "), "T1 _");
        assert_eq!(stem("manifest"), "_manifest");
        assert_eq!(stem(""), "_");
    }
}
