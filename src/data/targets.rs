//! Targets for `target` indicators: `targets.csv` (`unit_id,indicator,target`) overrides the
//! config's `target`; a unit with a value and no positive target is an error.

use std::collections::HashMap;

use super::cell::parse_number;
use super::table::{Table, UNIT_ID};
use super::{Dataset, ReadOptions, RowIndex};
use crate::config::{Config, Method};
use crate::error::{Error, Problem, Problems};

pub fn resolve(
    cfg: &Config,
    ds: &mut Dataset,
    rows: &RowIndex,
    opts: &ReadOptions,
    problems: &mut Problems,
) {
    let overrides = read(cfg, ds, opts, problems);
    let path = ds.dir.join("targets.csv");
    for (t, td) in ds.tracks.iter_mut().enumerate() {
        for (slot, ti) in cfg.tracks[t].indicators.iter().enumerate() {
            let ind = cfg.indicator(ti);
            let Method::Target { target, .. } = ind.method else {
                continue;
            };
            let col = &mut td.columns[slot];
            let mut out = vec![f64::NAN; td.units.len()];
            for (pos, _) in col.scored().values() {
                let u = td.units[pos];
                let (t_val, from, line) = match overrides.get(&(u, ti.indicator)) {
                    Some(&(v, line)) => (Some(v), "targets.csv", Some(line)),
                    None => (target, "the config's `target`", None),
                };
                match t_val {
                    Some(v) if v > 0.0 => out[pos] = v,
                    Some(v) => problems.push(Problem::error(&path, format!("target {v} from {from} is not positive")).line(line).place(format!("indicator {}", ind.id)).unit(ds.registry.units[u].label())),
                    None => problems.push(Problem::error(rows.file(u), format!("no target for `{}`: add a row to {} or a `target` to the indicator in the config", ind.id, path.display())).line(rows.line[u]).place(rows.place(u, ti.indicator, &ind.id)).unit(ds.registry.units[u].label())),
                }
            }
            col.targets = Some(out);
        }
    }
}

/// `(unit, indicator) → target` from the optional `targets.csv`.
fn read(
    cfg: &Config,
    ds: &mut Dataset,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> HashMap<(usize, usize), (f64, u64)> {
    let mut out = HashMap::new();
    let path = ds.dir.join("targets.csv");
    if !path.is_file() {
        return out;
    }
    let file = match Table::open_csv(&path, opts.encoding, UNIT_ID) {
        Ok(f) => f,
        Err(Error::Invalid(p)) => {
            problems.extend(p);
            return out;
        }
        Err(e) => {
            problems.push(Problem::error(&path, e.to_string()));
            return out;
        }
    };
    ds.note_input(&file);
    let Some(cols) = file.columns(&[UNIT_ID, &["indicator"], &["target"]], &[], problems) else {
        return out;
    };
    let [Some(c_unit), Some(c_ind), Some(c_t)] = cols[..] else {
        return out;
    };
    for row in file.good_rows(problems) {
        let line = Some(row.line);
        let id = row.get(c_unit).trim();
        let Some(u) = ds.registry.get(id) else {
            problems.push(
                Problem::error(&path, "unit is not in the registry (units.csv)")
                    .line(line)
                    .place("column unit_id".to_string())
                    .unit(id.to_string()),
            );
            continue;
        };
        let label = Some(ds.registry.units[u].label());
        let ind_id = row.get(c_ind).trim();
        let Some(i) = cfg.indicators.iter().position(|x| x.id == ind_id) else {
            problems.push(
                Problem::error(
                    &path,
                    format!("`{ind_id}` is not an indicator id of the config"),
                )
                .line(line)
                .place("column indicator".to_string())
                .unit(label),
            );
            continue;
        };
        if !matches!(cfg.indicators[i].method, Method::Target { .. }) {
            problems.push(
                Problem::error(
                    &path,
                    format!(
                        "indicator `{ind_id}` uses method `{}`, not `target`",
                        cfg.indicators[i].method.name()
                    ),
                )
                .line(line)
                .place("column indicator".to_string())
                .unit(label),
            );
            continue;
        }
        let Some(track) = ds.unit_track[u] else {
            let msg = format!("the unit is not assessed in {}", ds.period);
            problems.push(
                Problem::error(&path, msg)
                    .line(line)
                    .place("column unit_id".to_string())
                    .unit(label),
            );
            continue;
        };
        if cfg.track_position(track, i).is_none() {
            problems.push(
                Problem::error(
                    &path,
                    format!(
                        "indicator `{ind_id}` does not apply on the unit's track `{}`",
                        cfg.tracks[track].id
                    ),
                )
                .line(line)
                .place("column indicator".to_string())
                .unit(label),
            );
            continue;
        }
        let v = match row.cell(c_t).and_then(parse_number) {
            Ok(v) => v,
            Err(msg) => {
                problems.push(
                    Problem::error(&path, msg)
                        .line(line)
                        .place("column target".to_string())
                        .unit(label),
                );
                continue;
            }
        };
        if let Some(&(_, first)) = out.get(&(u, i)) {
            problems.push(
                Problem::error(
                    &path,
                    format!("duplicate target for `{ind_id}`: already given at line {first}"),
                )
                .line(line)
                .place("column indicator".to_string())
                .unit(label),
            );
            continue;
        }
        out.insert((u, i), (v, row.line));
    }
    out
}
