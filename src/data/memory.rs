//! Datasets built in memory, for tests, benchmarks and property tests: the same checks as
//! loading files, so that nothing unvalidated reaches scoring by the back door.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::assemble::{check_cell, Lines, Origin, Origins};
use super::columns::Col;
use super::completeness::Completeness;
use super::empty_tracks;
use super::encoding::{DecidedBy, Decoded, TextEncoding};
use super::load::check_columns;
use super::sources::Role;
use super::table::Head;
use super::{Cell, Dataset, IndicatorData, ReadAs};
use crate::config::{Config, Method};
use crate::error::{Error, Problem, Problems};
use crate::period::Period;
use crate::units::Registry;

/// The file name that problems found in memory are reported against.
pub const MEMORY: &str = "<memory>";

impl Dataset {
    /// Builds a dataset without files. Units are assigned to tracks by the config, as when
    /// loading; `columns[t][slot]` holds indicator `slot` of track `t` for the track's units in
    /// registry order. A `target` indicator without `targets` takes the config's `target`; a
    /// growth indicator must bring its `growth` column. Every cell is checked as a loaded one
    /// is; problems name the file `<memory>`, line k+2 for the k-th unit of a track.
    pub fn from_columns(
        cfg: &Config,
        period: Period,
        registry: Registry,
        columns: Vec<Vec<IndicatorData>>,
    ) -> Result<(Dataset, Problems), Error> {
        let mut problems = Problems::new();
        let unit_track = super::registry::assign_tracks(&registry, cfg, period, &mut problems);
        let (mut tracks, places) = empty_tracks(cfg, &unit_track);
        if columns.len() != tracks.len() {
            shape(
                &mut problems,
                format!(
                    "{} tracks of columns for {} tracks",
                    columns.len(),
                    tracks.len()
                ),
            );
        }
        if problems.has_errors() {
            return Err(Error::Invalid(problems));
        }
        for (t, (td, cols)) in tracks.iter_mut().zip(columns).enumerate() {
            let (n, want) = (td.units.len(), cfg.tracks[t].indicators.len());
            if cols.len() != want {
                shape(
                    &mut problems,
                    format!(
                        "track `{}`: {} columns for {want} indicators",
                        cfg.tracks[t].id,
                        cols.len()
                    ),
                );
                continue;
            }
            for (slot, mut col) in cols.into_iter().enumerate() {
                if check_slot(cfg, t, slot, n, &mut col, &mut problems) {
                    td.columns[slot] = col;
                }
            }
        }
        let ds = Dataset {
            period,
            dir: PathBuf::from(MEMORY),
            registry: Arc::new(registry),
            places,
            tracks,
            adjustments: Vec::new(),
            inputs: Vec::new(),
            read_as: Vec::new(),
            completeness: Completeness::default(),
            skipped: Vec::new(),
            not_read: Vec::new(),
            attributes: Arc::default(),
            sources: Arc::default(),
        };
        if !problems.has_errors() {
            check_columns(cfg, &ds, &memory_origins(cfg, &ds), &mut problems);
        }
        let warnings = problems.into_result()?;
        Ok((ds, warnings))
    }
}

fn shape(problems: &mut Problems, msg: String) {
    problems.push(Problem::error(Path::new(MEMORY), msg));
}

/// Checks one column's shape and cells and fills in config targets; `false` if unusable.
fn check_slot(
    cfg: &Config,
    t: usize,
    slot: usize,
    n: usize,
    col: &mut IndicatorData,
    problems: &mut Problems,
) -> bool {
    let ti = cfg.tracks[t].indicators[slot];
    let ind = cfg.indicator(&ti);
    let place = format!("tracks[{t}] ({}) column {}", cfg.tracks[t].id, ind.id);
    let mut err = |line: Option<u64>, msg: String| {
        problems.push(
            Problem::error(Path::new(MEMORY), msg)
                .line(line)
                .place(place.clone()),
        )
    };
    let lens = [Some(col.raw.len()), col.growth.as_ref().map(|g| g.len())];
    let lens = lens
        .into_iter()
        .flatten()
        .chain(col.targets.as_ref().map(|t| t.len()));
    if lens.clone().any(|l| l != n) || (ind.growth.is_some() != col.growth.is_some()) {
        let msg = format!(
            "{n} units, but columns of lengths {:?} (growth needed: {})",
            lens.collect::<Vec<_>>(),
            ind.growth.is_some()
        );
        err(None, msg);
        return false;
    }
    let mut ok = true;
    for (pos, cell) in col.raw.iter().enumerate() {
        // Files can hold only finite numbers, and 1/0 (是/否) for `binary`: check those too.
        let problem = match cell {
            Cell::Value(v) if !v.is_finite() => Some(format!("`{v}` is not a finite number")),
            Cell::Value(v) if ind.method == Method::Binary && v != 0.0 && v != 1.0 => Some(
                format!("expected 1 or 0 for a completed / not-completed indicator, found {v}"),
            ),
            _ => check_cell(cfg, t, &ti, cell),
        };
        if let Some(msg) = problem {
            err(Some(pos as u64 + 2), msg);
            ok = false;
        }
    }
    for (pos, g) in col.growth.iter().flat_map(|g| g.values()) {
        if !g.is_finite() {
            err(
                Some(pos as u64 + 2),
                format!("growth `{g}` is not a finite number"),
            );
            ok = false;
        }
    }
    if let Method::Target { target, .. } = ind.method {
        let targets = col
            .targets
            .get_or_insert_with(|| std::sync::Arc::new(vec![target.unwrap_or(f64::NAN); n]));
        let scored = col.growth.as_ref().unwrap_or(&col.raw);
        for (pos, _) in scored.values() {
            let t = targets[pos];
            if !(t.is_finite() && t > 0.0) {
                err(
                    Some(pos as u64 + 2),
                    format!("target {t} is not a positive number"),
                );
                ok = false;
            }
        }
    }
    ok
}

/// An empty table named `<memory>`, so that problems name where the data came from.
fn memory_table() -> Head {
    Head {
        path: PathBuf::from(MEMORY),
        sheet: None,
        read_as: ReadAs::Text(Decoded {
            encoding: TextEncoding::Utf8,
            by: DecidedBy::Detected,
        }),
        headers: Vec::new(),
        keys: Vec::new(),
        header_line: 1,
        first_col: 0,
        title_unit: None,
        titles: Vec::new(),
        merged: Vec::new(),
        hidden_cols: Vec::new(),
    }
}

/// Every cell given by `<memory>`, each unit "found" at line k+2, k its position in its track.
fn memory_origins(cfg: &Config, ds: &Dataset) -> Origins {
    let mut o = Origins::new(ds);
    for col in o.cells.iter_mut().flatten() {
        col.fill(0);
    }
    o.tables.push(Origin {
        table: memory_table(),
        role: Role::Lead,
        cols: vec![Col::Absent; cfg.indicators.len()],
        lines: Lines::from_dense(
            (0..ds.registry.len())
                .map(|u| match ds.track_of(u) {
                    Some(_) => ds.pos_of(u) as u32 + 2,
                    None => 0,
                })
                .collect(),
        ),
        percent_signs: Vec::new(),
    });
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Cell, Column};
    use crate::units::{Category, Unit};

    const CFG: &str = r#"
[[dimensions]]
id = "d"
name = "D"
[[tracks]]
id = "town"
name = "乡镇"
categories = ["township"]
total = 10
grades = { by = "share", levels = [{ name = "A", share = 1.0 }] }
[[indicators]]
id = "x"
name = "X"
dimension = "d"
method = "proportional"
direction = "higher"
points = { town = 10 }
"#;

    fn registry(n: usize) -> Registry {
        let units = (0..n).map(|i| Unit::new(&format!("T{i}"), "镇", Category::Township));
        Registry::from_units(units.collect()).unwrap()
    }

    fn run(cells: &[Cell]) -> Result<(Dataset, Problems), Error> {
        let cfg = Config::parse(CFG, Path::new("c.toml")).unwrap();
        let col = IndicatorData::new(Column::from_cells(cells));
        Dataset::from_columns(
            &cfg,
            Period::Quarter(2024, 2),
            registry(cells.len()),
            vec![vec![col]],
        )
    }

    #[test]
    fn memory_datasets_are_checked_like_files() {
        assert!(run(&[Cell::Value(1.0), Cell::Value(2.0)]).is_ok());
        let Err(Error::Invalid(p)) = run(&[Cell::Value(-1.0), Cell::Missing]) else {
            panic!("negative and missing cells must be rejected");
        };
        assert_eq!(p.error_count(), 2, "{p}");
        let Err(Error::Invalid(p)) = run(&[Cell::NotApplicable]) else {
            panic!("a unit with nothing applicable must be rejected");
        };
        assert!(p.to_string().contains("no indicator applies"), "{p}");
    }

    #[test]
    fn negative_values_on_a_lower_is_better_target_are_warned_about() {
        // Found by the property tests: rate = t/x scores −10 at 0 although it is lower (better)
        // than every positive value. The formula stays as specified; the user is told.
        let text = CFG.replace(
            "method = \"proportional\"\ndirection = \"higher\"",
            "method = \"target\"\ndirection = \"lower\"\ntarget = 5",
        );
        let cfg = Config::parse(&text, Path::new("c.toml")).unwrap();
        let cells = [Cell::Value(-10.0), Cell::Value(10.0)];
        let col = IndicatorData::new(Column::from_cells(&cells));
        let period = Period::Quarter(2024, 2);
        let (_, warnings) =
            Dataset::from_columns(&cfg, period, registry(2), vec![vec![col]]).unwrap();
        let text = warnings.to_string();
        assert!(
            text.contains("<memory>:2: column x (unit T0 镇): value -10 below zero"),
            "{text}"
        );
    }
}
