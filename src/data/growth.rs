//! The `growth` transform: x becomes `100·(x − x_prev)/|x_prev|` against the same unit in an
//! earlier period — the calendar predecessor (环比) or the same period a year before (同比).
//!
//! Earlier rows are matched to current units by id or by a `former_ids` entry of the registry,
//! so a renamed unit keeps its history. A unit merged from several earlier units has no single
//! earlier value.

use std::path::Path;

use super::category::value_kind;
use super::cell::{read_cell, Cell, Column};
use super::columns::{match_headers, Col};
use super::sources::{Found, PeriodSources};
use super::table::{Table, UNIT_ID};
use super::{Dataset, ReadOptions, RowIndex};
use crate::config::{Compare, Config};
use crate::error::{code, Problem, Problems};
use crate::units::Category;

pub fn apply(
    cfg: &Config,
    data: &Path,
    ds: &mut Dataset,
    rows: &RowIndex,
    opts: &ReadOptions,
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
        let dir = earlier.dir(data);
        if !dir.is_dir() {
            let ids: Vec<&str> = wanted
                .iter()
                .map(|&(t, s)| cfg.indicator(&cfg.tracks[t].indicators[s]).id.as_str())
                .collect();
            let msg = format!(
                "folder not found: growth indicators ({}) of {} compare with {earlier}",
                dedup(ids).join(", "),
                ds.period
            );
            problems.push(Problem::error(&dir, msg).code(code::MISSING_FOLDER));
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
        let mut sources = PeriodSources::scan(&dir, earlier, opts.encoding, problems);
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
            if !has_units {
                continue;
            }
            let table = match sources.category(cat, problems) {
                Found::Table(t) => t,
                Found::Missing(path) => {
                    let msg = format!(
                        "file not found ({}): growth indicators of {} units need it",
                        sources.looked_for(cat),
                        cat.id()
                    );
                    problems.push(Problem::error(&path, msg).code(code::MISSING_FILE));
                    continue;
                }
                Found::Failed => continue,
            };
            ds.note_input(&table);
            let earlier = Earlier {
                file: &table,
                cat,
                wanted: &wanted,
            };
            earlier.read(cfg, ds, &mut prev, &mut merged, problems);
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

/// One earlier-period table and the growth slots it feeds.
struct Earlier<'a> {
    file: &'a Table,
    cat: Category,
    wanted: &'a [(usize, usize)],
}

impl Earlier<'_> {
    /// The column of each wanted slot of a track this category feeds: `(track, slot, column)`.
    fn columns(
        &self,
        cfg: &Config,
        ds: &Dataset,
        problems: &mut Problems,
    ) -> Vec<(usize, usize, usize)> {
        let (path, file) = (&self.file.path, self.file);
        let m = match_headers(cfg, file, problems);
        let mut cols = Vec::new();
        for &(t, s) in self.wanted {
            if !cfg.tracks[t].categories.contains(&self.cat) {
                continue;
            }
            let ti = &cfg.tracks[t].indicators[s];
            let id = &cfg.indicator(ti).id;
            match m.of_indicator[ti.indicator] {
                Col::At(c) => cols.push((t, s, c)),
                Col::Ambiguous => {}
                Col::Absent => {
                    let place = file.named_place(Some(format!("column {id}")));
                    let msg = format!("indicator column `{id}` is missing: the growth of {} is computed against this file", ds.period);
                    problems.push(
                        Problem::error(path, msg)
                            .line(file.header_line())
                            .place(place)
                            .code(code::MISSING_COLUMN),
                    );
                }
            }
        }
        cols
    }

    fn read(
        &self,
        cfg: &Config,
        ds: &mut Dataset,
        prev: &mut [Vec<Option<Column>>],
        merged: &mut [bool],
        problems: &mut Problems,
    ) {
        let (path, file, cat) = (&self.file.path, self.file, self.cat);
        let Some(key) = file.columns(&[UNIT_ID], &[], problems) else {
            return;
        };
        let Some(id_col) = key[0] else { return };
        let cols = self.columns(cfg, ds, problems);
        let mut seen: Vec<u64> = vec![0; ds.registry.len()];
        let mut which_id: Vec<u32> = vec![0; ds.registry.len()];
        for row in file.good_rows(problems) {
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
                    problems.push(
                        Problem::error(
                            path,
                            format!(
                                "duplicate row: the unit already has a row at line {}",
                                seen[u]
                            ),
                        )
                        .line(row.line)
                        .place(file.place(row.line, id_col))
                        .unit(ds.label(u)),
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
                let kind = value_kind(cfg.indicator(&cfg.tracks[t].indicators[s]));
                match row.cell(c).and_then(|text| read_cell(text, kind)) {
                    Ok(cell) => {
                        if let Some(col) = prev[t][s].as_mut() {
                            col.set(pos, cell);
                        }
                    }
                    Err(msg) => {
                        let place = file.place(row.line, c);
                        problems.push(
                            Problem::error(path, msg)
                                .line(row.line)
                                .place(place)
                                .unit(ds.label(u)),
                        );
                    }
                }
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
    let ti_indicator = cfg.tracks[t].indicators[s].indicator;
    let ind = &cfg.indicators[ti_indicator];
    let Some(growth) = ind.growth else { return };
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
        let place = || rows.place(u, ti_indicator, &ind.id);
        match p {
            Cell::Value(p) if p != 0.0 => {
                let g = 100.0 * (x - p) / p.abs();
                if g.is_finite() {
                    out.set(pos, Cell::Value(g));
                } else {
                    // A tiny earlier value (1e-317) makes the growth overflow to infinity.
                    let msg = format!("the growth of `{}` from {p} in {earlier} to {x} in {} is too large to compute: check both values", ind.id, ds.period);
                    problems.push(
                        Problem::error(rows.file(u), msg)
                            .line(rows.line[u])
                            .place(place())
                            .unit(label()),
                    );
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
                problems.push(Problem::error(rows.file(u), format!("growth of `{}` for {} needs a non-zero value for {earlier}, found {found}; set `on_no_previous = \"not_applicable\"` to let such units drop the indicator", ind.id, ds.period)).line(rows.line[u]).place(place()).unit(label()));
            }
        }
    }
    col.previous = Some(previous);
    col.growth = Some(out);
}
