//! Reading the wide per-category files `data/<period>/<category>.csv` into track columns.

use std::collections::{BTreeSet, HashSet};

use super::cell::parse_cell;
use super::csvfile::CsvFile;
use super::{Dataset, RowIndex};
use crate::config::{Config, Method};
use crate::error::{Error, Problems};
use crate::units::Category;

/// Reads every category file that has units in the registry.
pub fn read_all(cfg: &Config, ds: &mut Dataset, problems: &mut Problems) -> RowIndex {
    let mut rows = RowIndex {
        line: vec![0; ds.registry.len()],
        files: Vec::new(),
        file_of: vec![0; ds.registry.len()],
    };
    for cat in Category::ALL {
        let count = ds
            .registry
            .units
            .iter()
            .zip(&ds.unit_track)
            .filter(|(u, t)| u.category == cat && t.is_some())
            .count();
        if count == 0 {
            continue;
        }
        let path = ds.dir.join(format!("{}.csv", cat.id()));
        rows.files.push(path.clone());
        if !path.is_file() {
            problems.error(&path, None, None, None, format!("file not found: the registry lists {count} {} ({}) units, so the period needs this file", cat.id(), cat.chinese()));
            continue;
        }
        match CsvFile::open(&path) {
            Ok(file) => {
                ds.inputs.push(path);
                read_file(cfg, ds, cat, &file, &mut rows, problems);
            }
            Err(Error::Invalid(p)) => problems.extend(p),
            Err(e) => problems.error(&path, None, None, None, e.to_string()),
        }
    }
    rows
}

fn read_file(
    cfg: &Config,
    ds: &mut Dataset,
    cat: Category,
    file: &CsvFile,
    rows: &mut RowIndex,
    problems: &mut Problems,
) {
    let path = file.path.clone();
    let file_no = rows.files.len() - 1;
    let Some(key) = file.columns(&["unit_id"], &["unit_name"], problems) else {
        return;
    };
    let (id_col, name_col) = (key[0].unwrap(), key[1]);

    // The tracks this file feeds, and for each of their indicator slots the column it comes from.
    let tracks: BTreeSet<usize> = ds
        .registry
        .units
        .iter()
        .zip(&ds.unit_track)
        .filter(|(u, _)| u.category == cat)
        .filter_map(|(_, &t)| t)
        .collect();
    let mut slot_cols: Vec<Vec<Option<usize>>> = vec![Vec::new(); cfg.tracks.len()];
    let mut reported = HashSet::new();
    for &t in &tracks {
        for ti in &cfg.tracks[t].indicators {
            let ind = cfg.indicator(ti);
            let col = file.find(&ind.id);
            if col.is_none() && reported.insert(ti.indicator) {
                problems.error(
                    &path,
                    Some(1),
                    Some(format!("column {}", ind.id)),
                    None,
                    format!(
                        "indicator column `{}` ({}) is missing: track `{}` scores it",
                        ind.id, ind.name, cfg.tracks[t].id
                    ),
                );
            }
            slot_cols[t].push(col);
        }
    }
    for (i, h) in file.headers().iter().enumerate() {
        let known =
            i == id_col || Some(i) == name_col || cfg.indicators.iter().any(|ind| &ind.id == h);
        if !known {
            problems.warning(
                &path,
                Some(1),
                Some(format!("column {h}")),
                None,
                "unknown column, ignored: it is not an indicator id of the config",
            );
        }
    }

    let rows_iter: Vec<_> = file.good_rows(problems).collect();
    for row in rows_iter {
        let line = Some(row.line);
        let id = row.get(id_col).trim();
        let Some(u) = ds.registry.get(id) else {
            problems.error(
                &path,
                line,
                Some("column unit_id".into()),
                Some(id.into()),
                "unit is not in the registry (units.csv)",
            );
            continue;
        };
        let unit = &ds.registry.units[u];
        if unit.category != cat {
            problems.error(
                &path,
                line,
                Some("column unit_id".into()),
                Some(unit.label()),
                format!(
                    "the registry says this unit is a {}, so its row belongs in {}.csv",
                    unit.category,
                    unit.category.id()
                ),
            );
            continue;
        }
        let Some(t) = ds.unit_track[u] else {
            let msg = format!(
                "the unit is not assessed in {} (see its from/until in units.csv)",
                ds.period
            );
            problems.error(
                &path,
                line,
                Some("column unit_id".into()),
                Some(unit.label()),
                msg,
            );
            continue;
        };
        if rows.line[u] != 0 {
            problems.error(
                &path,
                line,
                Some("column unit_id".into()),
                Some(unit.label()),
                format!(
                    "duplicate row: the unit already has a row at line {}",
                    rows.line[u]
                ),
            );
            continue;
        }
        rows.line[u] = row.line;
        rows.file_of[u] = file_no;
        if let Some(nc) = name_col {
            let name = row.get(nc).trim();
            if !name.is_empty() && name != unit.name {
                problems.warning(
                    &path,
                    line,
                    Some("column unit_name".into()),
                    Some(unit.label()),
                    format!("name `{name}` differs from the registry's"),
                );
            }
        }
        let pos = ds.unit_pos[u];
        for (slot, col) in slot_cols[t].iter().enumerate() {
            let Some(col) = *col else { continue };
            let ti = cfg.tracks[t].indicators[slot];
            let ind = cfg.indicator(&ti);
            let place = || Some(format!("column {}", ind.id));
            let label = || Some(unit.label());
            let cell = match parse_cell(row.get(col), ind.method == Method::Binary) {
                Ok(c) => c,
                Err(msg) => {
                    problems.error(&path, line, place(), label(), msg);
                    continue;
                }
            };
            if let Err(msg) = super::checks::check_cell(cfg, t, &ti, cell) {
                problems.error(&path, line, place(), label(), msg);
            }
            ds.tracks[t].columns[slot].raw.set(pos, cell);
        }
    }
    for (u, unit) in ds.registry.units.iter().enumerate() {
        if unit.category == cat && rows.line[u] == 0 && ds.unit_track[u].is_some() {
            problems.error(
                &path,
                None,
                None,
                Some(unit.label()),
                format!("registry unit has no row in {}.csv", cat.id()),
            );
        }
    }
}
