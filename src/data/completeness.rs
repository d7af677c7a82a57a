//! What an assembled period has, and what it still lacks.
//!
//! After every table is read ([`super::assemble`]), each cell a track scores is given by one
//! table or absent. The rules:
//! - a category file must have a row for every unit of its category;
//! - every unit must have a row in some table of the period;
//! - an absent cell of an indicator whose `missing` policy is `error` is an error (the whole
//!   column once, when no table gives the indicator for a category); under `zero` or `average`
//!   it is a missing value, filled by the policy and marked;
//! - a percentage given as fractions (0.9) by one table and as percentages (90) by another is an
//!   error, unless the indicator sets `mixed_scales = true`.
//!
//! [`Completeness`] is the table `pingyi check` prints: per indicator and category, the cells
//! expected, given, left empty and absent, and the files they came from.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::assemble::{Origins, NONE};
use super::sources::{describe, Role, SourceRef};
use super::Dataset;
use crate::config::{Config, MissingPolicy};
use crate::error::{code, Problem, Problems};
use crate::units::Category;

/// One line of the completeness table.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Index into the config's indicators.
    pub indicator: usize,
    pub category: Category,
    /// Cells the tracks score (units of the category on tracks with the indicator).
    pub expected: usize,
    /// Cells some table gives (a value, `不适用`, or empty).
    pub given: usize,
    /// Given but empty: missing values, for the indicator's policy.
    pub empty: usize,
    /// Given by no table.
    pub absent: usize,
    /// Whether an absent cell is an error (policy `error`).
    pub required: bool,
    /// The tables that gave the cells (descriptions: path, or sheet and path).
    pub files: Vec<String>,
}

/// The completeness of a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Completeness {
    pub lines: Vec<Line>,
}

impl Completeness {
    /// Whether every required cell is given.
    pub fn complete(&self) -> bool {
        self.lines.iter().all(|l| !l.required || l.absent == 0)
    }
}

/// Counts what the period has and reports what it lacks.
pub fn check(cfg: &Config, ds: &Dataset, o: &Origins, problems: &mut Problems) -> Completeness {
    rows(ds, o, problems);
    let table = table(cfg, ds, o);
    absent_cells(cfg, ds, o, &table, problems);
    scales(cfg, ds, o, problems);
    table
}

/// A category file must list every unit of its category, and every unit needs a row somewhere.
fn rows(ds: &Dataset, o: &Origins, problems: &mut Problems) {
    // The units on a track, by category (in registry order), in one pass.
    let mut by_category: Vec<Vec<usize>> = vec![Vec::new(); Category::ALL.len()];
    for (u, unit) in ds.registry.units.iter().enumerate() {
        if ds.track_of(u).is_some() {
            by_category[unit.category as usize].push(u);
        }
    }
    for (cat, units) in Category::ALL.into_iter().zip(by_category) {
        if units.is_empty() || o.failed.contains(&cat) {
            continue;
        }
        let own = o.tables.iter().find(|t| t.role == Role::Category(cat));
        match own {
            Some(t) => {
                let what = match &t.table.sheet {
                    Some(s) => format!("sheet {s}"),
                    None => t
                        .table
                        .path
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                };
                for u in t.lines.without_row(&units) {
                    let mut msg = format!("registry unit has no row in {what}");
                    // A late row sent in a file of its own (one giving the category table's
                    // indicators): say where it is.
                    let at = |c: &super::columns::Col| matches!(c, super::columns::Col::At(_));
                    let late = o.tables.iter().find(|x| {
                        x.role == Role::Lead
                            && x.lines[u] != 0
                            && x.cols.iter().zip(&t.cols).any(|(a, b)| at(a) && at(b))
                    });
                    if let Some(other) = late {
                        let line = other.lines[u];
                        let at = describe(&SourceRef {
                            path: other.table.path.clone(),
                            sheet: other.table.sheet.clone(),
                            role: other.role,
                        });
                        msg.push_str(&format!(" (its row is in {at}, line {line}, read as a lead department's submission: a category table lists every unit of its category, so copy the row into {what})"));
                    }
                    let p = Problem::error(&t.table.path, msg).unit(ds.label(u));
                    problems.push(p.code(code::MISSING_ROW));
                }
            }
            None if units.iter().all(|&u| o.row(u).is_none()) => {
                let path = ds.dir.join(format!("{}.csv", cat.id()));
                let msg = format!("file not found (nor {}.xlsx, nor a sheet `{}` or `{}` in {}.xlsx, nor rows in any other file): the registry lists {} {} ({}) units, so the period needs their rows", cat.id(), cat.id(), cat.chinese(), ds.period, units.len(), cat.id(), cat.chinese());
                problems.push(Problem::error(&path, msg).code(code::MISSING_FILE));
            }
            None => {
                for &u in units.iter().filter(|&&u| o.row(u).is_none()) {
                    let msg = format!("the unit has no row in any file of {}", ds.period);
                    let p = Problem::error(&ds.dir, msg).unit(ds.label(u));
                    problems.push(p.code(code::MISSING_ROW));
                }
            }
        }
    }
}

/// Per indicator and category: expected, given, empty, absent and the files.
fn table(cfg: &Config, ds: &Dataset, o: &Origins) -> Completeness {
    const NCAT: usize = Category::ALL.len();
    let nt = o.tables.len();
    // (indicator, category) → index into `lines`, and per line the tables seen.
    let mut at: Vec<Option<usize>> = vec![None; cfg.indicators.len() * NCAT];
    let mut lines: Vec<Line> = Vec::new();
    let mut seen: Vec<Vec<bool>> = Vec::new();
    for (t, track) in cfg.tracks.iter().enumerate() {
        let td = &ds.tracks[t];
        let cats: Vec<u8> = td
            .units
            .iter()
            .map(|&u| ds.registry.units[u].category as u8)
            .collect();
        // Each column counted per category (expected, given, empty, absent), with which tables
        // gave its cells, on every core; then added to the lines in the indicators' order.
        let counted: Vec<([[usize; 4]; NCAT], Vec<bool>)> = (0..track.indicators.len())
            .into_par_iter()
            .map(|slot| {
                let (raw, cells) = (&td.columns[slot].raw, &o.cells[t][slot]);
                let mut counts = [[0usize; 4]; NCAT];
                let mut tables = vec![false; NCAT * nt];
                for (pos, &c) in cats.iter().enumerate() {
                    let (c, n) = (usize::from(c), &mut counts[usize::from(c)]);
                    n[0] += 1;
                    match cells.at(pos) {
                        NONE => n[3] += 1,
                        i => {
                            n[1] += 1;
                            n[2] += usize::from(raw.is_missing(pos));
                            tables[c * nt + usize::from(i)] = true;
                        }
                    }
                }
                (counts, tables)
            })
            .collect();
        for (ti, (counts, tables)) in track.indicators.iter().zip(counted) {
            let ind = cfg.indicator(ti);
            for (c, n) in counts.iter().enumerate().filter(|(_, n)| n[0] > 0) {
                let k = *at[ti.indicator * NCAT + c].get_or_insert_with(|| {
                    lines.push(Line {
                        indicator: ti.indicator,
                        category: Category::ALL[c],
                        expected: 0,
                        given: 0,
                        empty: 0,
                        absent: 0,
                        required: ind.missing == MissingPolicy::Error,
                        files: Vec::new(),
                    });
                    seen.push(vec![false; nt]);
                    lines.len() - 1
                });
                let line = &mut lines[k];
                line.expected += n[0];
                line.given += n[1];
                line.empty += n[2];
                line.absent += n[3];
                for (s, &given) in seen[k].iter_mut().zip(&tables[c * nt..(c + 1) * nt]) {
                    *s |= given;
                }
            }
        }
    }
    for (line, seen) in lines.iter_mut().zip(&seen) {
        line.files = (0..o.tables.len())
            .filter(|&i| seen[i])
            .map(|i| origin_name(o, i as u16))
            .collect();
    }
    lines.sort_by_key(|l| (l.indicator, l.category));
    Completeness { lines }
}

fn origin_name(o: &Origins, i: u16) -> String {
    let t = &o.tables[usize::from(i)];
    describe(&SourceRef {
        path: t.table.path.clone(),
        sheet: t.table.sheet.clone(),
        role: t.role,
    })
}

/// Absent data: the whole column once when no table gives an indicator for a category — whatever
/// its `missing` policy, which is for cells left empty, not for a column nobody sent (a column
/// headed wrongly, or a late department's file, would otherwise score every unit of the category
/// 0 or the average without a word) — and, for required indicators, each absent cell of a unit
/// that has a row somewhere.
fn absent_cells(
    cfg: &Config,
    ds: &Dataset,
    o: &Origins,
    table: &Completeness,
    problems: &mut Problems,
) {
    let judged = |l: &&super::completeness::Line| !o.unread(l.category);
    for line in table
        .lines
        .iter()
        .filter(|l| l.absent > 0 && (l.required || l.given == 0))
        .filter(judged)
    {
        let ind = &cfg.indicators[line.indicator];
        let tracks: Vec<usize> = (0..cfg.tracks.len())
            .filter(|&t| cfg.track_position(t, line.indicator).is_some())
            .filter(|&t| cfg.tracks[t].categories.contains(&line.category))
            .collect();
        let track_ids: Vec<&str> = tracks.iter().map(|&t| cfg.tracks[t].id.as_str()).collect();
        if line.given == 0 {
            let own = o
                .tables
                .iter()
                .find(|t| t.role == Role::Category(line.category));
            // The category table heads the column, but none of its rows could be read (each
            // reported, as is every unit without a row): the column is not what is missing.
            if own.is_some_and(|t| {
                matches!(t.cols.get(line.indicator), Some(super::columns::Col::At(_)))
            }) {
                continue;
            }
            let msg = format!("indicator column `{}` ({}) is missing: track `{}` scores it (a column may be headed by the indicator's id, name or an alias)", ind.id, ind.name, track_ids.join("`, `"));
            let p = match own {
                Some(t) => Problem::error(&t.table.path, msg)
                    .line(t.table.header_line())
                    .place(t.table.named_place(Some(format!("column {}", ind.id)))),
                // No category file: name the folder, and say what else was looked at.
                None if o.tables.is_empty() => continue,
                None => Problem::error(
                    &ds.dir,
                    format!(
                        "{msg}; no file of {} gives it for the {} ({}) units",
                        ds.period,
                        line.category.id(),
                        line.category.chinese()
                    ),
                )
                .place(format!("column {}", ind.id)),
            };
            problems.push(p.code(code::MISSING_COLUMN));
            continue;
        }
        // The category table that heads the column: a unit without a row there was reported
        // (`registry unit has no row in …`), and its cells of the table's columns are absent
        // because of it — not to be filed again, one per column, under whichever other table
        // has the unit's row.
        let heads = o.tables.iter().find(|t| {
            t.role == Role::Category(line.category)
                && matches!(t.cols.get(line.indicator), Some(super::columns::Col::At(_)))
        });
        for &t in &tracks {
            let slot = cfg.track_position(t, line.indicator).unwrap_or_default();
            for (pos, &u) in ds.tracks[t].units.iter().enumerate() {
                if ds.registry.units[u].category != line.category
                    || o.cells[t][slot].at(pos) != NONE
                    || o.row(u).is_none()
                    || heads.is_some_and(|h| h.lines[u] == 0)
                {
                    continue;
                }
                let msg = format!(
                    "no value for `{}` ({}): no file of {} gives it for this unit ({} of {} {} units have it, from {})",
                    ind.id,
                    ind.name,
                    ds.period,
                    line.given,
                    line.expected,
                    line.category.id(),
                    line.files.join(", ")
                );
                let (path, row, place) = o.row_place(ds, u);
                let p = Problem::error(&path, msg)
                    .line(row)
                    .place(place)
                    .unit(ds.label(u));
                problems.push(p.code(code::MISSING_CELL));
            }
        }
    }
}

/// A CSV file whose every value of a declared percentage lies within [-1, 1], some of them
/// fractions (0.9, 0.82), none typed with a `%`, when no file has a value beyond: most likely the
/// whole column was
/// entered as fractions (a workbook's sheet gets its own warning, which also speaks of cell
/// formats). A warning (0.3 % growth rates are possible), when the column holds three values
/// or more.
fn whole_fractions(
    o: &Origins,
    (i, ind): (usize, &crate::config::Indicator),
    track: &crate::config::Track,
    by_table: &[(u16, bool, bool, f64)],
    values: &[Vec<(usize, f64)>],
    problems: &mut Problems,
) {
    if values.iter().map(Vec::len).sum::<usize>() < 3 {
        return;
    }
    for b in by_table {
        let origin = &o.tables[usize::from(b.0)];
        let table = &origin.table;
        if !b.2 || table.sheet.is_some() || origin.percent_signs.contains(&i) {
            continue;
        }
        let place = match origin.cols.get(i) {
            Some(super::columns::Col::At(c)) => table.column_place(*c),
            _ => Some(format!("column {}", ind.id)),
        };
        let msg = format!(
            "every value of the percentage `{}` ({}) on track `{}` lies within [-1, 1] (e.g. {}): if these are fractions (0.9 for 90%), enter percentages (90)",
            ind.id, ind.name, track.id, b.3
        );
        problems.push(
            Problem::warning(&table.path, msg)
                .line(table.header_line())
                .place(place),
        );
    }
}

/// A fraction (0.993) among a table's percentages (its median beyond 10): most likely the one
/// cell typed on the other scale (99.3 %), scored as 0.993 % without a word; so is a 1 among
/// percentages whose median is beyond 50 (100 % typed as 1), unless the table typed `%`. A
/// warning for each (a rate of 0.5 % beside 99 % can be right). `vals`: the table's `(pos, value)` of the
/// indicator at `slot` of track `t`.
fn lone_fractions(
    cfg: &Config,
    ds: &Dataset,
    o: &Origins,
    (t, slot): (usize, usize),
    table: u16,
    vals: &mut [(usize, f64)],
    problems: &mut Problems,
) {
    let fraction = |v: f64| v != 0.0 && v.abs() < 1.0 && v.fract() != 0.0;
    // A 1 among percentages near 100 is most likely 100 % typed as the fraction 1 — unless
    // the table typed its percentages with `%` (`1%`).
    let ti = &cfg.tracks[t].indicators[slot];
    let origin = &o.tables[usize::from(table)];
    let ones = !origin.percent_signs.contains(&ti.indicator);
    let maybe = |v: f64| fraction(v) || (ones && v == 1.0);
    if vals.len() < 3 || !vals.iter().any(|&(_, v)| maybe(v)) {
        return;
    }
    let mid = vals.len() / 2;
    let median = vals
        .select_nth_unstable_by(mid, |a, b| a.1.abs().total_cmp(&b.1.abs()))
        .1
         .1
        .abs();
    if median <= 10.0 {
        return;
    }
    let suspect = |v: f64| fraction(v) || (ones && v == 1.0 && median > 50.0);
    let ind = cfg.indicator(ti);
    let col = match origin.cols.get(ti.indicator) {
        Some(super::columns::Col::At(c)) => Some(*c),
        _ => None,
    };
    vals.sort_unstable_by_key(|&(pos, _)| pos);
    for &(pos, v) in vals.iter().filter(|&&(_, v)| suspect(v)) {
        let u = ds.tracks[t].units[pos];
        let line = u64::from(origin.lines[u]);
        let meant = crate::num::significant(v * 100.0);
        let msg = format!(
            "{v} looks like a fraction among percentages (the column's median is {}): `{}` ({}) is a percentage, so {v} is scored as {v} %; enter {meant} if {meant} % is meant",
            crate::num::significant(median),
            ind.id,
            ind.name,
        );
        let place = col.and_then(|c| origin.table.place(line, c));
        problems.push(
            Problem::warning(&origin.table.path, msg)
                .line((line != 0).then_some(line))
                .place(place)
                .unit(ds.label(u)),
        );
    }
}

/// A percentage whose values are fractions (all within [-1, 1], not all whole) in one table and
/// percentages (some beyond ±1) in another was entered on two scales: an error for `percent =
/// true`, a warning for an indicator in `%` without it.
fn scales(cfg: &Config, ds: &Dataset, o: &Origins, problems: &mut Problems) {
    for (t, track) in cfg.tracks.iter().enumerate() {
        let td = &ds.tracks[t];
        for (slot, ti) in track.indicators.iter().enumerate() {
            let ind = cfg.indicator(ti);
            if !ind.is_percentage() || ind.mixed_scales {
                continue;
            }
            // Per table: (any beyond ±1, any fraction, an example value), and its values.
            let mut by_table: Vec<(u16, bool, bool, f64)> = Vec::new();
            let mut values: Vec<Vec<(usize, f64)>> = Vec::new();
            for (pos, v) in td.columns[slot].raw.values() {
                let i = o.cells[t][slot].at(pos);
                let at = match by_table.iter().position(|b| b.0 == i) {
                    Some(k) => k,
                    None => {
                        by_table.push((i, false, false, v));
                        values.push(Vec::new());
                        by_table.len() - 1
                    }
                };
                values[at].push((pos, v));
                let b = &mut by_table[at];
                if v.abs() > 1.0 {
                    b.1 = true;
                    b.3 = v;
                } else if v.fract() != 0.0 && !b.1 {
                    b.2 = true;
                    b.3 = v;
                }
            }
            for (b, vals) in by_table.iter().zip(&mut values) {
                lone_fractions(cfg, ds, o, (t, slot), b.0, vals, problems);
            }
            let fractions: BTreeSet<u16> = by_table
                .iter()
                .filter(|b| !b.1 && b.2)
                .map(|b| b.0)
                .collect();
            let percents: Vec<&(u16, bool, bool, f64)> = by_table.iter().filter(|b| b.1).collect();
            if percents.is_empty() && ind.percent {
                whole_fractions(o, (ti.indicator, ind), track, &by_table, &values, problems);
            }
            let (Some(&f), Some(p)) = (fractions.iter().next(), percents.first()) else {
                continue;
            };
            let fv = by_table.iter().find(|b| b.0 == f).map_or(0.0, |b| b.3);
            let msg = format!(
                "`{}` ({}) on track `{}` looks entered on two scales: fractions in {} (e.g. {fv}) and percentages in {} (e.g. {}); enter percentages everywhere (90 for 90%), or set `mixed_scales = true` on the indicator if both are right",
                ind.id,
                ind.name,
                track.id,
                origin_name(o, f),
                origin_name(o, p.0),
                p.3
            );
            let path = o.tables[usize::from(f)].table.path.clone();
            // Declared a percentage, an error; a percentage by its unit alone (`%`), a warning
            // (an error under --strict): small rates such as 0.79 % beside 1.2 % are right.
            let problem = if ind.percent {
                Problem::error(&path, msg)
            } else {
                Problem::warning(&path, msg)
            };
            problems.push(problem.place(format!("column {}", ind.id)));
        }
    }
}
