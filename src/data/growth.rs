//! The `growth` transform: x becomes `100·(x − x_prev)/|x_prev|` against the same unit in an
//! earlier period — the calendar predecessor (环比) or the same period a year before (同比).
//!
//! Earlier rows are matched to current units by id or by a `former_ids` entry of the registry,
//! so a renamed unit keeps its history. A unit merged from several earlier units has no single
//! earlier value.

use std::path::Path;

use super::cell::{parse_cell, Cell, Column};
use super::csvfile::CsvFile;
use super::{period_dir, Dataset, RowIndex};
use crate::config::{Compare, Config};
use crate::error::{Error, Problems};
use crate::units::Category;

pub fn apply(
    cfg: &Config,
    data: &Path,
    ds: &mut Dataset,
    rows: &RowIndex,
    problems: &mut Problems,
) {
    for compare in [Compare::Previous, Compare::YearAgo] {
        let wanted: Vec<(usize, usize)> = cfg
            .tracks
            .iter()
            .enumerate()
            .flat_map(|(t, tr)| {
                tr.indicators
                    .iter()
                    .enumerate()
                    .map(move |(s, ti)| (t, s, ti))
            })
            .filter(|(_, _, ti)| {
                cfg.indicator(ti)
                    .growth
                    .is_some_and(|g| g.compare == compare)
            })
            .map(|(t, s, _)| (t, s))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let earlier = match compare {
            Compare::Previous => ds.period.previous(),
            Compare::YearAgo => ds.period.year_ago(),
        };
        let dir = period_dir(data, earlier);
        if !dir.is_dir() {
            let ids: Vec<&str> = wanted
                .iter()
                .map(|&(t, s)| cfg.indicator(&cfg.tracks[t].indicators[s]).id.as_str())
                .collect();
            problems.error(
                &dir,
                None,
                None,
                None,
                format!(
                    "folder not found: growth indicators ({}) of {} compare with {earlier}",
                    dedup(ids).join(", "),
                    ds.period
                ),
            );
            continue;
        }
        let mut prev: Vec<Vec<Option<Column>>> = ds
            .tracks
            .iter()
            .map(|td| vec![None; td.columns.len()])
            .collect();
        for &(t, s) in &wanted {
            prev[t][s] = Some(Column::missing(ds.tracks[t].units.len()));
        }
        let mut merged = vec![false; ds.registry.len()];
        for cat in Category::ALL {
            let tracks: Vec<usize> = wanted
                .iter()
                .map(|&(t, _)| t)
                .filter(|&t| cfg.tracks[t].categories.contains(&cat))
                .collect();
            let has_units = ds
                .registry
                .units
                .iter()
                .zip(&ds.unit_track)
                .any(|(u, t)| u.category == cat && t.is_some_and(|t| tracks.contains(&t)));
            if has_units {
                read_earlier(
                    cfg,
                    ds,
                    &dir.join(format!("{}.csv", cat.id())),
                    cat,
                    &wanted,
                    &mut prev,
                    &mut merged,
                    problems,
                );
            }
        }
        for (t, s) in wanted {
            let column = prev[t][s]
                .take()
                .expect("allocated above for every wanted slot");
            compute(cfg, ds, rows, t, s, column, earlier, &merged, problems);
        }
    }
}

fn dedup(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v.dedup();
    v
}

#[allow(clippy::too_many_arguments)]
fn read_earlier(
    cfg: &Config,
    ds: &mut Dataset,
    path: &Path,
    cat: Category,
    wanted: &[(usize, usize)],
    prev: &mut [Vec<Option<Column>>],
    merged: &mut [bool],
    problems: &mut Problems,
) {
    if !path.is_file() {
        problems.error(
            path,
            None,
            None,
            None,
            format!(
                "file not found: growth indicators of {} units need it",
                cat.id()
            ),
        );
        return;
    }
    let file = match CsvFile::open(path) {
        Ok(f) => f,
        Err(Error::Invalid(p)) => return problems.extend(p),
        Err(e) => return problems.error(path, None, None, None, e.to_string()),
    };
    ds.inputs.push(path.to_path_buf());
    let Some(key) = file.columns(&["unit_id"], &[], problems) else {
        return;
    };
    let id_col = key[0].unwrap();
    // Column of each wanted slot in this file (slots of tracks this category feeds).
    let mut cols: Vec<(usize, usize, usize)> = Vec::new();
    for &(t, s) in wanted {
        if !cfg.tracks[t].categories.contains(&cat) {
            continue;
        }
        let id = &cfg.indicator(&cfg.tracks[t].indicators[s]).id;
        match file.find(id) {
            Some(c) => cols.push((t, s, c)),
            None => problems.error(path, Some(1), Some(format!("column {id}")), None, format!("indicator column `{id}` is missing: the growth of {} is computed against this file", ds.period)),
        }
    }
    let mut seen: Vec<u64> = vec![0; ds.registry.len()];
    let mut which_id: Vec<u32> = vec![0; ds.registry.len()];
    let rows: Vec<_> = file.good_rows(problems).collect();
    for row in rows {
        let id = row.get(id_col).trim();
        // Units that no longer exist, or moved category, have no current counterpart.
        let Some(u) = ds.registry.resolve_past(id, ds.period) else {
            continue;
        };
        if ds.registry.units[u].category != cat {
            continue;
        }
        // Which of the unit's ids this row uses: 0 its own, k its k-th former id.
        let unit = &ds.registry.units[u];
        let which = unit
            .former_ids
            .iter()
            .position(|f| f == id)
            .map_or(0, |k| k + 1) as u32;
        if seen[u] != 0 {
            if which_id[u] != which {
                merged[u] = true;
            } else {
                problems.error(
                    path,
                    Some(row.line),
                    Some("column unit_id".into()),
                    Some(ds.label(u)),
                    format!(
                        "duplicate row: the unit already has a row at line {}",
                        seen[u]
                    ),
                );
            }
            continue;
        }
        seen[u] = row.line;
        which_id[u] = which;
        let Some(t) = ds.unit_track[u] else { continue };
        let pos = ds.unit_pos[u];
        for &(ct, s, c) in &cols {
            if ct != t {
                continue;
            }
            match parse_cell(row.get(c), false) {
                Ok(cell) => prev[t][s].as_mut().expect("wanted slot").set(pos, cell),
                Err(msg) => problems.error(
                    path,
                    Some(row.line),
                    Some(format!(
                        "column {}",
                        cfg.indicator(&cfg.tracks[t].indicators[s]).id
                    )),
                    Some(ds.label(u)),
                    msg,
                ),
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn compute(
    cfg: &Config,
    ds: &mut Dataset,
    rows: &RowIndex,
    t: usize,
    s: usize,
    previous: Column,
    earlier: crate::period::Period,
    merged: &[bool],
    problems: &mut Problems,
) {
    let ind = cfg.indicator(&cfg.tracks[t].indicators[s]);
    let growth = ind.growth.expect("only growth slots are computed");
    let td = &mut ds.tracks[t];
    let col = &mut td.columns[s];
    let mut out = col.raw.clone();
    for (pos, x) in col.raw.values() {
        let u = td.units[pos];
        let p = if merged[u] {
            Cell::Missing
        } else {
            previous.get(pos)
        };
        let label = || Some(ds.registry.units[u].label());
        let place = || Some(format!("column {}", ind.id));
        match p {
            Cell::Value(p) if p != 0.0 => {
                let g = 100.0 * (x - p) / p.abs();
                if g.is_finite() {
                    out.set(pos, Cell::Value(g));
                } else {
                    // A tiny earlier value (1e-317) makes the growth overflow to infinity.
                    let msg = format!("the growth of `{}` from {p} in {earlier} to {x} in {} is too large to compute: check both values", ind.id, ds.period);
                    problems.error(rows.file(u), Some(rows.line[u]), place(), label(), msg);
                }
            }
            _ if growth.none_is_not_applicable => out.set(pos, Cell::NotApplicable),
            other => {
                let found = match other {
                    _ if merged[u] => "the unit was merged from several earlier units".to_string(),
                    Cell::Value(_) => "a zero".to_string(),
                    Cell::Missing => "no value".to_string(),
                    Cell::NotApplicable => "a not-applicable cell".to_string(),
                };
                problems.error(rows.file(u), Some(rows.line[u]), place(), label(), format!("growth of `{}` for {} needs a non-zero value for {earlier}, found {found}; set `on_no_previous = \"not_applicable\"` to let such units drop the indicator", ind.id, ds.period));
            }
        }
    }
    col.previous = Some(previous);
    col.growth = Some(out);
}
