//! The composite-indicator keys checked against a period's data, once it is assembled: every unit
//! with a value of an indicator that has a `denominator` has that attribute, and it is > 0 (a
//! unit without it, under `missing = "impute"`, has its value imputed as COINr does, with a
//! warning); every missing cell of an indicator with `missing = "impute"` has a group with a
//! value to fill it from. Each problem names the cell (file, line, column, unit).

use super::assemble::Origins;
use super::{Cell, Dataset};
use crate::config::{Config, MissingPolicy};
use crate::error::{code, Problem, Problems};

/// Reports denominators that are missing or not positive, and missing cells no group can fill.
pub fn check(cfg: &Config, ds: &Dataset, origins: &Origins, problems: &mut Problems) {
    for (t, td) in ds.tracks.iter().enumerate() {
        for (slot, ti) in cfg.tracks[t].indicators.iter().enumerate() {
            let ind = cfg.indicator(ti);
            let col = td.columns[slot].scored();
            let imputing = matches!(ind.missing, MissingPolicy::Impute(..));
            // Cells that will be missing once divided (no denominator), for the group check; in
            // position order, looked up by binary search.
            let mut undivided = Vec::new();
            if let Some(d) = &ind.denominator {
                // A missing attribute column was reported when reading.
                let Some(values) = ds.attributes.get(&d.attribute) else {
                    continue;
                };
                for (pos, _) in col.values() {
                    let u = td.units[pos];
                    let why = match values[u] {
                        Some(v) if v > 0.0 => continue,
                        Some(v) => {
                            format!("its `{}` is {v}: a denominator must be > 0", d.attribute)
                        }
                        None if imputing => {
                            undivided.push(pos);
                            let (path, line, place) = origins.place(ds, cfg, t, slot, u);
                            let msg = format!("`{}` is divided by the unit's `{}`, which it does not have: its value cannot be divided and is imputed from its group (`missing = \"impute\"`), as a missing value is", ind.id, d.attribute);
                            problems.push(
                                Problem::warning(&path, msg)
                                    .line(line)
                                    .place(place)
                                    .unit(ds.label(u)),
                            );
                            continue;
                        }
                        None => format!("it has no `{}`", d.attribute),
                    };
                    let files: Vec<String> = ds
                        .attributes
                        .files(&d.attribute)
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect();
                    let (path, line, place) = origins.place(ds, cfg, t, slot, u);
                    let msg = format!("`{}` is divided by the unit's `{}`, but {why} (in {}): give every unit with a value its `{}`", ind.id, d.attribute, files.join(" or "), d.attribute);
                    problems.push(
                        Problem::error(&path, msg)
                            .line(line)
                            .place(place)
                            .unit(ds.label(u)),
                    );
                }
            }
            let MissingPolicy::Impute(_, by) = ind.missing else {
                continue;
            };
            let key = |pos: usize| by.key(&ds.registry.units[td.units[pos]]);
            let mut with_value: Vec<(u8, usize)> = col
                .values()
                .filter(|(pos, _)| undivided.binary_search(pos).is_err())
                .map(|(pos, _)| key(pos))
                .collect();
            with_value.sort_unstable();
            with_value.dedup();
            let gaps = (0..col.len())
                .filter(|&p| col.get(p) == Cell::Missing || undivided.binary_search(&p).is_ok());
            for pos in gaps {
                if with_value.binary_search(&key(pos)).is_ok() {
                    continue;
                }
                let u = td.units[pos];
                let (path, line, place) = origins.place(ds, cfg, t, slot, u);
                let msg = format!("missing value for `{}` ({}), and no unit of its group (by {} on track `{}`) has a value to impute it from: fill it, or impute by a wider group (`impute_by`)", ind.id, ind.name, by.name(), cfg.tracks[t].id);
                let mut p = Problem::error(&path, msg)
                    .line(line)
                    .place(place)
                    .unit(ds.label(u));
                // A cell no file gives (its column or row absent) is data not there yet, as
                // a missing column is: a folder holding part of a period, not a wrong value.
                let given = origins.cells[t][slot].at(pos) != super::assemble::NONE;
                if !given {
                    p = p.code(code::MISSING_CELL);
                }
                problems.push(p);
            }
        }
    }
}
