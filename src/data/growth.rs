//! The `growth` transform: x becomes `100·(x − x_prev)/|x_prev|` against the same unit in an
//! earlier period — the calendar predecessor (环比) or the same period a year before (同比).
//!
//! The earlier folder is assembled like the current one ([`super::assemble`], in
//! [`Mode::Earlier`]), for the growth indicators only: rows are matched to current units by id or
//! by a `former_ids` entry of the registry (back through each rename), so a renamed unit keeps
//! its history. A unit merged from several earlier units (two or more former ids) has no
//! earlier value: their rows are not its own.

use std::path::Path;

use super::assemble::{Assembler, Mode, Origins};
use super::cell::{Cell, Column};
use super::columns::column_names;

use super::sources::{PeriodSources, Role};
use super::{empty_tracks, Dataset, ReadOptions};
use crate::config::{Compare, Config};
use crate::error::{code, Problem, Problems};
use crate::num::growth_rate;
use crate::units::Category;

pub fn apply(
    cfg: &Config,
    data: &Path,
    ds: &mut Dataset,
    origins: &Origins,
    opts: &ReadOptions,
    problems: &mut Problems,
) {
    for compare in [Compare::Previous, Compare::YearAgo] {
        let wanted: Vec<Vec<bool>> = cfg
            .tracks
            .iter()
            .enumerate()
            .map(|(t, tr)| {
                tr.indicators
                    .iter()
                    .map(|ti| {
                        !ds.tracks[t].units.is_empty()
                            && cfg
                                .indicator(ti)
                                .growth
                                .is_some_and(|g| g.compare == compare)
                    })
                    .collect()
            })
            .collect();
        let slots: Vec<(usize, usize)> = wanted
            .iter()
            .enumerate()
            .flat_map(|(t, w)| {
                w.iter()
                    .enumerate()
                    .filter(|(_, &x)| x)
                    .map(move |(s, _)| (t, s))
            })
            .collect();
        if slots.is_empty() {
            continue;
        }
        let earlier = match compare {
            Compare::Previous => ds.period.previous(),
            Compare::YearAgo => ds.period.year_ago(),
        };
        let dir = earlier.dir(data);
        if !dir.is_dir() {
            let ids: Vec<&str> = slots
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
        // The earlier values land in fresh columns of the current tracks' shape.
        let (fresh, _) = empty_tracks(cfg, &ds.places.tracks());
        let current = std::mem::replace(&mut ds.tracks, fresh);
        let selected = vec![true; ds.registry.len()];
        let mut asm = Assembler::new(cfg, Mode::Earlier(earlier), wanted, selected);
        let mut sources =
            PeriodSources::scan(&dir, earlier, opts.encoding, &column_names(cfg), problems);
        if sources.unreadable {
            ds.tracks = current;
            continue;
        }
        let mut before = Origins::new(ds);
        for i in 0..sources.sources.len() {
            let src = sources.sources[i].clone();
            if let Role::Category(cat) = src.role {
                let feeds = slots.iter().any(|&(t, _)| {
                    cfg.tracks[t].categories.contains(&cat)
                        && ds.tracks[t]
                            .units
                            .iter()
                            .any(|&u| ds.registry.units[u].category == cat)
                });
                if !feeds {
                    continue;
                }
            }
            match sources.table(i) {
                Ok((table, errors)) => {
                    problems.extend(errors);
                    ds.note_input(&table);
                    asm.read(ds, &src, table, &mut before, problems);
                }
                Err(p) => {
                    problems.extend(p);
                    before.fail(src.role);
                }
            }
        }
        // A file of the earlier period that could not be read is reported: the values it was to
        // give are not reported missing on top of it.
        before.failed.extend(sources.conflicted.iter().copied());
        for &role in &sources.failed {
            before.fail(role);
        }
        let prev = std::mem::replace(&mut ds.tracks, current);
        // The categories with a table of their own in the earlier period: a unit of another
        // found without an earlier value is told which table is not there.
        let tables: Vec<Category> = sources
            .sources
            .iter()
            .filter_map(|s| match s.role {
                Role::Category(c) => Some(c),
                Role::Lead => None,
            })
            .collect();
        for (t, s) in slots {
            let given = before.cells[t][s].any_given();
            let unread = cfg.tracks[t].categories.iter().any(|&c| before.unread(c));
            if !given && unread {
                continue;
            }
            if !given {
                let ind = cfg.indicator(&cfg.tracks[t].indicators[s]);
                let msg = format!("no file of {earlier} gives `{}` ({}) for track `{}`: the growth of {} is computed against it", ind.id, ind.name, cfg.tracks[t].id, ds.period);
                problems.push(
                    Problem::error(&dir, msg)
                        .place(format!("column {}", ind.id))
                        .code(code::MISSING_COLUMN),
                );
                continue;
            }
            let column = std::sync::Arc::clone(&prev[t].columns[s].raw);
            compute(
                cfg,
                ds,
                origins,
                t,
                s,
                column,
                earlier,
                &asm.merged,
                &before,
                &tables,
                problems,
            );
        }
    }
}

fn dedup(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v.dedup();
    v
}

#[allow(clippy::too_many_arguments)]
fn compute(
    cfg: &Config,
    ds: &mut Dataset,
    origins: &Origins,
    t: usize,
    s: usize,
    previous: std::sync::Arc<Column>,
    earlier: crate::period::Period,
    merged: &[bool],
    before: &Origins,
    tables: &[Category],
    problems: &mut Problems,
) {
    let ti_indicator = cfg.tracks[t].indicators[s].indicator;
    let ind = &cfg.indicators[ti_indicator];
    let Some(growth) = ind.growth else { return };
    let td = &ds.tracks[t];
    let col = &td.columns[s];
    let mut out: Column = (*col.raw).clone();
    for (pos, x) in col.raw.values() {
        let u = td.units[pos];
        let (file, line, place) = origins.place(ds, cfg, t, s, u);
        let p = if merged[u] {
            Cell::Missing
        } else {
            previous.get(pos)
        };
        // A merger's predecessors' rows are not its own (they were passed over).
        let merged = merged[u] || ds.registry.units[u].is_merger() && p == Cell::Missing;
        let label = || Some(ds.registry.units[u].label());
        match p {
            Cell::Value(p) if p != 0.0 => {
                // The rate to 12 significant digits, from the decimals as read: equal rates
                // compare equal ([`growth_rate`]).
                let g = growth_rate(x, p);
                if g.is_finite() {
                    out.set(pos, Cell::Value(g));
                } else {
                    // A tiny earlier value (1e-317) makes the growth overflow to infinity.
                    let msg = format!("the growth of `{}` from {p} in {earlier} to {x} in {} is too large to compute: check both values", ind.id, ds.period);
                    problems.push(
                        Problem::error(&file, msg)
                            .line(line)
                            .place(place)
                            .unit(label()),
                    );
                }
            }
            _ if growth.none_is_not_applicable => out.set(pos, Cell::NotApplicable),
            // Its earlier value was in a file that could not be read (reported).
            Cell::Missing if !merged && before.unread(ds.registry.units[u].category) => {}
            other => {
                let found = match other {
                    _ if merged => "the unit was merged from several earlier units".to_string(),
                    Cell::Value(_) => "a zero".to_string(),
                    Cell::Missing => {
                        let c = ds.registry.units[u].category;
                        if tables.contains(&c) {
                            "no value".to_string()
                        } else {
                            format!("no value ({earlier} has no {c} table of its own: no {c}.csv, .xlsx, .xls or .ods, nor a sheet `{c}` / `{}`)", c.chinese())
                        }
                    }
                    Cell::NotApplicable => "a not-applicable cell".to_string(),
                };
                problems.push(Problem::error(&file, format!("growth of `{}` for {} needs a non-zero value for {earlier}, found {found}; set `on_no_previous = \"not_applicable\"` to let such units drop the indicator", ind.id, ds.period)).line(line).place(place).unit(label()));
            }
        }
    }
    let col = &mut ds.tracks[t].columns[s];
    col.previous = Some(previous);
    col.growth = Some(std::sync::Arc::new(out));
}
