//! Reading the wide per-category tables — `<category>.csv`, `<category>.xlsx` or a sheet of the
//! period workbook (see [`super::sources`]) — into track columns.
//!
//! Each row is claimed by its unit (unknown, misfiled, inactive and duplicate rows are errors),
//! then each indicator cell is parsed, range-checked and stored. Every problem is collected.

use std::collections::{BTreeSet, HashSet};

use super::cell::{read_cell, Cell, ValueKind};
use super::columns::{match_headers, warn_unknown, Col};
use super::sources::{Found, PeriodSources};
use super::table::{Row, Table, UNIT_ID, UNIT_NAME};
use super::{Dataset, Origin, ReadOptions, RowIndex};
use crate::config::{Config, Indicator, Method, MissingPolicy, TrackIndicator};
use crate::error::{code, Problem, Problems};
use crate::units::Category;

/// Reads every category table that has units in the registry.
pub fn read_all(
    cfg: &Config,
    ds: &mut Dataset,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> RowIndex {
    let mut rows = RowIndex::new(ds.registry.len());
    let mut sources = PeriodSources::scan(&ds.dir, ds.period, opts.encoding, problems);
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
        match sources.category(cat, problems) {
            Found::Table(table) => {
                ds.note_input(&table);
                let cols = read_table(cfg, ds, cat, &table, &mut rows, problems);
                rows.files.push(Origin {
                    table: table.without_rows(),
                    cols,
                });
            }
            Found::Missing(path) => {
                let msg = format!("file not found ({}): the registry lists {count} {} ({}) units, so the period needs their rows", sources.looked_for(cat), cat.id(), cat.chinese());
                problems.push(Problem::error(&path, msg).code(code::MISSING_FILE));
            }
            Found::Failed => {}
        }
    }
    rows
}

/// Reads one table; returns where each config indicator's column is.
fn read_table(
    cfg: &Config,
    ds: &mut Dataset,
    cat: Category,
    file: &Table,
    rows: &mut RowIndex,
    problems: &mut Problems,
) -> Vec<Col> {
    let Some(key) = file.columns(&[UNIT_ID], &[UNIT_NAME], problems) else {
        return Vec::new();
    };
    let Some(id_col) = key[0] else {
        return Vec::new();
    };
    let m = match_headers(cfg, file, problems);
    let keep: Vec<usize> = key.iter().flatten().copied().collect();
    warn_unknown(file, &m, &keep, problems);
    if file.sheet.is_some() {
        warn_fractions(cfg, file, &m.of_indicator, problems);
    }
    let reader = Reader {
        cfg,
        file,
        cat,
        file_no: rows.files.len(),
        id_col,
        name_col: key[1],
        slot_cols: slot_columns(cfg, ds, cat, file, &m.of_indicator, problems),
    };
    for row in file.good_rows(problems) {
        if let Some(u) = reader.claim(ds, row, rows, problems) {
            reader.cells(ds, row, u, problems);
        }
    }
    let what = match &file.sheet {
        Some(s) => format!("sheet {s}"),
        None => file
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
    };
    for (u, unit) in ds.registry.units.iter().enumerate() {
        if unit.category == cat && rows.line[u] == 0 && ds.unit_track[u].is_some() {
            let msg = format!("registry unit has no row in {what}");
            let p = Problem::error(&file.path, msg).unit(unit.label());
            problems.push(p.code(code::MISSING_ROW));
        }
    }
    m.of_indicator
}

/// For each track this category feeds, the column of each of its indicator slots; a missing
/// indicator column is reported once.
fn slot_columns(
    cfg: &Config,
    ds: &Dataset,
    cat: Category,
    file: &Table,
    of_indicator: &[Col],
    problems: &mut Problems,
) -> Vec<Vec<Option<usize>>> {
    let tracks: BTreeSet<usize> = ds
        .registry
        .units
        .iter()
        .zip(&ds.unit_track)
        .filter(|(u, _)| u.category == cat)
        .filter_map(|(_, &t)| t)
        .collect();
    let mut out: Vec<Vec<Option<usize>>> = vec![Vec::new(); cfg.tracks.len()];
    let mut reported = HashSet::new();
    for &t in &tracks {
        for ti in &cfg.tracks[t].indicators {
            let ind = cfg.indicator(ti);
            let col = match of_indicator[ti.indicator] {
                Col::At(c) => Some(c),
                Col::Ambiguous => None,
                Col::Absent => {
                    if reported.insert(ti.indicator) {
                        let msg = format!("indicator column `{}` ({}) is missing: track `{}` scores it (a column may be headed by the indicator's id, name or an alias)", ind.id, ind.name, cfg.tracks[t].id);
                        let place = file.named_place(Some(format!("column {}", ind.id)));
                        problems.push(
                            Problem::error(&file.path, msg)
                                .line(file.header_line())
                                .place(place)
                                .code(code::MISSING_COLUMN),
                        );
                    }
                    None
                }
            };
            out[t].push(col);
        }
    }
    out
}

/// A worksheet cell formatted as a percentage stores 12.5% as 0.125; the workbook reader gives
/// it as the percentage it shows (`12.5%`), except in .xls workbooks, whose formats it cannot see.
/// A percentage column whose values all lie within [-1, 1] and carry no `%` most likely holds
/// fractions: say so, since pingyi reads 0.125 as 0.125%.
fn warn_fractions(cfg: &Config, file: &Table, of_indicator: &[Col], problems: &mut Problems) {
    for (i, ind) in cfg.indicators.iter().enumerate() {
        let Some(Col::At(c)) = of_indicator.get(i).copied() else {
            continue;
        };
        if !ind.percent {
            continue;
        }
        let values: Vec<f64> = file
            .rows()
            .iter()
            .filter_map(|r| r.cell(c).ok())
            .filter(|t| !t.contains('%'))
            .filter_map(|t| read_cell(t, ValueKind::Percent).ok()?.value())
            .collect();
        if values.iter().any(|v| *v != 0.0) && values.iter().all(|v| v.abs() <= 1.0) {
            let msg = format!("every value of the percentage `{}` lies within [-1, 1]: if these are fractions (0.125 for 12.5%), enter 12.5, or format the cells as percentages in an .xlsx or .ods workbook (pingyi cannot see the formats of an .xls workbook)", ind.id);
            problems.push(
                Problem::warning(&file.path, msg)
                    .line(file.header_line())
                    .place(file.column_place(c)),
            );
        }
    }
}

/// How an indicator's cells are read.
pub fn value_kind(ind: &Indicator) -> ValueKind {
    match (&ind.method, ind.percent) {
        (Method::Binary, _) => ValueKind::Binary,
        (_, true) => ValueKind::Percent,
        _ => ValueKind::Number,
    }
}

struct Reader<'a> {
    cfg: &'a Config,
    file: &'a Table,
    cat: Category,
    file_no: usize,
    id_col: usize,
    name_col: Option<usize>,
    slot_cols: Vec<Vec<Option<usize>>>,
}

impl Reader<'_> {
    /// The registry unit a row belongs to, if it may have one here and has no row yet.
    fn claim(
        &self,
        ds: &Dataset,
        row: &Row,
        rows: &mut RowIndex,
        problems: &mut Problems,
    ) -> Option<usize> {
        let (f, line) = (self.file, Some(row.line));
        let id_place = || f.place(row.line, self.id_col);
        let id = row.get(self.id_col).trim();
        let Some(u) = ds.registry.get(id) else {
            let msg = "unit is not in the registry (units.csv)";
            problems.push(
                Problem::error(&f.path, msg)
                    .line(line)
                    .place(id_place())
                    .unit(id.to_string()),
            );
            return None;
        };
        let unit = &ds.registry.units[u];
        let err = |problems: &mut Problems, msg: String| {
            problems.push(
                Problem::error(&f.path, msg)
                    .line(line)
                    .place(id_place())
                    .unit(unit.label()),
            );
        };
        if unit.category != self.cat {
            err(problems, format!("the registry says this unit is a {}, so its row belongs in {}.csv (or its sheet)", unit.category, unit.category.id()));
            return None;
        }
        if ds.unit_track[u].is_none() {
            err(
                problems,
                format!(
                    "the unit is not assessed in {} (see its from/until in units.csv)",
                    ds.period
                ),
            );
            return None;
        }
        if rows.line[u] != 0 {
            let first = rows.line[u];
            err(
                problems,
                format!("duplicate row: the unit already has a row at line {first}"),
            );
            return None;
        }
        rows.line[u] = row.line;
        rows.file_of[u] = self.file_no;
        if let Some(nc) = self.name_col {
            let name = row.get(nc).trim();
            if !name.is_empty() && name != unit.name {
                let msg = format!("name `{name}` differs from the registry's");
                problems.push(
                    Problem::warning(&f.path, msg)
                        .line(line)
                        .place(f.place(row.line, nc))
                        .unit(unit.label()),
                );
            }
        }
        Some(u)
    }

    /// Parses and checks the unit's indicator cells into its track's columns.
    fn cells(&self, ds: &mut Dataset, row: &Row, u: usize, problems: &mut Problems) {
        let Some(t) = ds.unit_track[u] else { return };
        let pos = ds.unit_pos[u];
        for (slot, col) in self.slot_cols[t].iter().enumerate() {
            let Some(col) = *col else { continue };
            let ti = self.cfg.tracks[t].indicators[slot];
            let ind = self.cfg.indicator(&ti);
            let parsed = row.read(col, value_kind(ind));
            let problem = match parsed {
                Ok(cell) => {
                    ds.tracks[t].columns[slot].raw.set(pos, cell);
                    check_cell(self.cfg, t, &ti, cell)
                }
                Err(msg) => Some(msg),
            };
            if let Some(msg) = problem {
                let place = self.file.place(row.line, col);
                let label = Some(ds.label(u));
                problems.push(
                    Problem::error(&self.file.path, msg)
                        .line(row.line)
                        .place(place)
                        .unit(label),
                );
            }
        }
    }
}

/// What is wrong with a parsed cell, if anything: a missing value the policy forbids, a value
/// outside the indicator's valid range, or one its method cannot score.
pub(super) fn check_cell(
    cfg: &Config,
    t: usize,
    ti: &TrackIndicator,
    cell: Cell,
) -> Option<String> {
    let ind = cfg.indicator(ti);
    match (cell, &ind.method) {
        (Cell::Missing, _) if ind.missing == MissingPolicy::Error => Some(format!("missing value for `{}` ({}); fill it, mark it `不适用`, or set the indicator's `missing` policy to `zero` or `average`", ind.id, ind.name)),
        (Cell::Value(v), _) if !ind.valid.contains(v) => Some(format!("value {v} is outside the valid range {} of `{}` ({})", ind.valid, ind.id, ind.name)),
        (Cell::Value(v), Method::Proportional) if v < 0.0 => Some(format!("negative value {v}: method `proportional` needs values ≥ 0")),
        (Cell::Value(v), Method::Direct) if !(0.0..=ti.points).contains(&v) => Some(format!("direct score {v} lies outside [0, {}], the indicator's points on track `{}`", ti.points, cfg.tracks[t].id)),
        _ => None,
    }
}
