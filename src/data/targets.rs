//! Targets for `target` indicators: `targets.csv` (or a workbook; `unit_id,indicator,target`,
//! in Chinese 单位编码/单位名称, 指标, 目标值) overrides the config's `target`; a unit with a value
//! and no positive target is an error.

use std::collections::HashMap;
use std::path::Path;

use super::assemble::Origins;
use super::rows::Names;
use super::side::{INDICATOR, TARGET};
use super::{side, Dataset, ReadOptions};
use crate::config::{Config, Method};
use crate::echo::quote;
use crate::error::{Problem, Problems};
use crate::fold::header_key;

pub fn resolve(
    cfg: &Config,
    ds: &mut Dataset,
    origins: &Origins,
    file: Option<&Path>,
    opts: &ReadOptions,
    problems: &mut Problems,
) {
    let overrides = match file {
        Some(f) => read(cfg, ds, f, opts, problems),
        None => {
            late(cfg, ds, problems);
            HashMap::new()
        }
    };
    let path = file.map_or_else(|| ds.dir.join("targets.csv"), Path::to_path_buf);
    for t in 0..ds.tracks.len() {
        for (slot, ti) in cfg.tracks[t].indicators.iter().enumerate() {
            let ind = cfg.indicator(ti);
            let Method::Target { target, .. } = ind.method else {
                continue;
            };
            let td = &ds.tracks[t];
            let col = &td.columns[slot];
            let mut out = vec![f64::NAN; td.units.len()];
            let mut rows = vec![false; td.units.len()];
            for (pos, _) in col.scored().values() {
                let u = td.units[pos];
                let (t_val, from, line) = match overrides.get(&(u, ti.indicator)) {
                    Some(&(v, line)) => {
                        rows[pos] = true;
                        (Some(v), "targets.csv", Some(line))
                    }
                    None => (target, "the config's `target`", None),
                };
                match t_val {
                    Some(v) if v > 0.0 => out[pos] = v,
                    Some(v) => problems.push(
                        Problem::error(&path, format!("target {v} from {from} is not positive"))
                            .line(line)
                            .place(format!("indicator {}", ind.id))
                            .unit(ds.registry.units[u].label()),
                    ),
                    None => {
                        let (file, line, place) = origins.place(ds, cfg, t, slot, u);
                        problems.push(Problem::error(&file, format!("no target for `{}`: add a row to {} or a `target` to the indicator in the config", ind.id, path.display())).line(line).place(place).unit(ds.registry.units[u].label()));
                    }
                }
            }
            let col = &mut ds.tracks[t].columns[slot];
            col.targets = Some(std::sync::Arc::new(out));
            col.target_rows = Some(std::sync::Arc::new(rows));
        }
    }
}

/// `(unit, indicator) → (target, line)` from the targets file.
fn read(
    cfg: &Config,
    ds: &mut Dataset,
    path: &Path,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> HashMap<(usize, usize), (f64, u64)> {
    let mut out = HashMap::new();
    let mut file = match side::open(
        path,
        opts.encoding,
        (&[side::INDICATOR, side::TARGET], &[side::INDICATOR]),
        &ds.registry,
        problems,
    ) {
        Ok(f) => f,
        Err(p) => {
            problems.extend(p);
            return out;
        }
    };
    ds.note_input(&file);
    let Some(units) = side::unit_columns(&file, &[INDICATOR, TARGET], problems) else {
        return out;
    };
    let Some(cols) = file.columns(&[INDICATOR, TARGET], &[], problems) else {
        return out;
    };
    let [Some(c_ind), Some(c_t)] = cols[..] else {
        return out;
    };
    let read: Vec<usize> = side::unit_cols(units).chain([c_ind, c_t]).collect();
    side::unknown_columns(
        &file,
        &read,
        "unit_id (or unit_name), indicator, target",
        problems,
    );
    let names = Names::new();
    let (head, rows) = file.parts();
    let who = (units, side::parent_column(head));
    let path = &head.path;
    // Indicators whose targets were found under a title stating another unit of money.
    let mut titled = vec![false; cfg.indicators.len()];
    while let Some(row) = rows.next(head, problems) {
        let line = Some(row.line);
        // Units of tracks left out with --track are assessed too (their rows are passed over).
        let alive = |u: usize| ds.track_of(u).is_some() || !ds.selected(u);
        let u = match side::unit_of(&ds.registry, &names, row, who, alive) {
            Ok(u) => u,
            Err(e) => {
                side::unit_not_found((&ds.registry, &names), head, row, units, e, problems);
                continue;
            }
        };
        side::name_differs(&ds.registry, &names, head, row, units, u, problems);
        let label = || Some(ds.registry.units[u].label());
        let ind_id = row.get(c_ind).trim();
        let Some(i) = indicator(cfg, ind_id) else {
            problems.push(
                Problem::error(
                    path,
                    format!(
                        "{} is not an indicator id or name of the config",
                        quote(ind_id)
                    ),
                )
                .line(line)
                .place(head.place(row.line, c_ind))
                .unit(label()),
            );
            continue;
        };
        if !matches!(cfg.indicators[i].method, Method::Target { .. }) {
            problems.push(
                Problem::error(
                    path,
                    format!(
                        "indicator `{ind_id}` uses method `{}`, not `target`",
                        cfg.indicators[i].method.name()
                    ),
                )
                .line(line)
                .place(head.place(row.line, c_ind))
                .unit(label()),
            );
            continue;
        }
        // `单位：万元` above targets of an indicator in 亿元: read as they stand, each 10,000 times
        // the target meant — every unit's score of the indicator 0, with exit 0.
        if let Some(title) = head.title_unit().filter(|_| !titled[i]) {
            let what = "the targets";
            if let Some(msg) = super::columns::title_unit_conflict(title, &cfg.indicators[i], what)
            {
                titled[i] = true;
                problems.push(
                    Problem::error(path, msg)
                        .line(Some(title.line))
                        .place(head.column_place(c_t)),
                );
            }
        }
        if !ds.selected(u) {
            // A unit of a track left out with --track.
            continue;
        }
        let Some(track) = ds.track_of(u) else {
            let msg = ds.registry.not_assessed(u, ds.period);
            problems.push(
                Problem::error(path, msg)
                    .line(line)
                    .place(side::unit_place(head, row, units))
                    .unit(label()),
            );
            continue;
        };
        if cfg.track_position(track, i).is_none() {
            problems.push(
                Problem::error(
                    path,
                    format!(
                        "indicator `{ind_id}` does not apply on the unit's track `{}`",
                        cfg.tracks[track].id
                    ),
                )
                .line(line)
                .place(head.place(row.line, c_ind))
                .unit(label()),
            );
            continue;
        }
        let v = match row.side_number(c_t) {
            Ok(v) => v,
            Err(msg) => {
                problems.push(
                    Problem::error(path, msg)
                        .line(line)
                        .place(head.place(row.line, c_t))
                        .unit(label()),
                );
                continue;
            }
        };
        if let Some(&(_, first)) = out.get(&(u, i)) {
            problems.push(
                Problem::error(
                    path,
                    format!("duplicate target for `{ind_id}`: already given at line {first}"),
                )
                .line(line)
                .place(head.place(row.line, c_ind))
                .unit(label()),
            );
            continue;
        }
        out.insert((u, i), (v, row.line));
    }
    out
}

/// The rows of an earlier period's targets table, carried into period `now` (by `pingyi
/// template`), that name a unit not assessed then: a warning each, naming the unit that
/// continues it when one does (a township renamed since), for the office to change before the
/// table is read — where such a row is an error.
pub fn carried(
    path: &Path,
    reg: &crate::units::Registry,
    now: crate::period::Period,
    encoding: super::EncodingChoice,
    problems: &mut Problems,
) {
    let mut quiet = Problems::new();
    let Ok(mut file) = side::open(
        path,
        encoding,
        (&[INDICATOR, TARGET], &[INDICATOR]),
        reg,
        &mut quiet,
    ) else {
        return;
    };
    let Some(units) = side::unit_columns(&file, &[INDICATOR, TARGET], &mut quiet) else {
        return;
    };
    let names = Names::new();
    let (head, rows) = file.parts();
    let who = (units, side::parent_column(head));
    while let Some(row) = rows.next(head, &mut quiet) {
        let Ok(u) = side::unit_of(reg, &names, row, who, |_| true) else {
            continue;
        };
        if reg.units[u].active_in(now) {
            continue;
        }
        problems.push(
            Problem::warning(&head.path, reg.not_assessed(u, now))
                .line(row.line)
                .place(side::unit_place(head, row, units))
                .unit(reg.units[u].label()),
        );
    }
}

/// The indicator a targets row names: by id, else by name or alias.
fn indicator(cfg: &Config, text: &str) -> Option<usize> {
    let k = header_key(text);
    let by_id = cfg.indicators.iter().position(|x| header_key(&x.id) == k);
    by_id.or_else(|| {
        cfg.indicators
            .iter()
            .position(|x| header_key(&x.name) == k || x.aliases.iter().any(|a| header_key(a) == k))
    })
}

/// Whether the period's scheme scores some unit of `ds` by a `target` indicator.
fn scored_by_target(cfg: &Config, ds: &Dataset) -> bool {
    let by_target = |ti| matches!(cfg.indicator(ti).method, Method::Target { .. });
    (0..ds.tracks.len())
        .any(|t| !ds.tracks[t].units.is_empty() && cfg.tracks[t].indicators.iter().any(by_target))
}

/// A period without a targets table whose previous quarter has one: most likely the file is
/// late, and the config's `target` scores every unit of the `target` indicators without a word
/// (14 totals of the sample district change so). A warning — the office may mean the config's
/// targets, and the collection tables of a new quarter come without one — that `--strict` (the
/// cron run) turns into a failure; `pingyi template` carries the previous quarter's table forward.
fn late(cfg: &Config, ds: &Dataset, problems: &mut Problems) {
    let Some(data) = ds.dir.parent() else { return };
    if !scored_by_target(cfg, ds) {
        return;
    }
    let before = ds.period.previous();
    let Some(earlier) = super::sources::targets_file(&before.dir(data)) else {
        return;
    };
    let ids: Vec<String> = cfg
        .indicators
        .iter()
        .filter(|i| matches!(i.method, Method::Target { .. }))
        .map(|i| format!("`{}`", i.id))
        .collect();
    let msg = format!(
        "file not found, though {before} has one ({}): the config's `target` scores every unit on {}; if this quarter's targets are late, add them; if {before}'s still hold, copy that file here (`pingyi template` carries it forward); a targets.csv holding only its header (unit_id,indicator,target) says the config's targets apply",
        earlier.display(),
        ids.join(", ")
    );
    problems.push(Problem::warning(&ds.dir.join("targets.csv"), msg));
}
