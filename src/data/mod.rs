//! Loading one period's data into validated, columnar form.
//!
//! [`Dataset::load`] reads the registry, every category file of the period, targets,
//! adjustments and — for growth indicators — the earlier period they compare with. Every problem
//! is collected; the result is either a [`Dataset`] that scoring can trust or the full list.

pub mod adjustments;
mod category;
pub mod cell;
pub mod csvfile;
mod growth;
pub mod scores;
mod targets;

use std::path::{Path, PathBuf};

use crate::config::{Config, MissingPolicy};
use crate::error::{Error, Problems};
use crate::period::Period;
use crate::units::Registry;

pub use adjustments::{Adjustment, AdjustmentKind};
pub use cell::{Cell, Column};

/// One period's validated data.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub period: Period,
    /// The period's folder.
    pub dir: PathBuf,
    pub registry: Registry,
    /// Track of each registry unit.
    /// `None` for units not assessed in this period (the registry's `from`/`until`).
    pub unit_track: Vec<Option<usize>>,
    /// Position of each registry unit within its track.
    pub unit_pos: Vec<usize>,
    /// One entry per config track.
    pub tracks: Vec<TrackData>,
    pub adjustments: Vec<Adjustment>,
    /// Every file read, in reading order (for manifests and reproducibility).
    pub inputs: Vec<PathBuf>,
}

/// The units of one track and one column per indicator of the track.
#[derive(Debug, Clone, Default)]
pub struct TrackData {
    /// Registry indexes, in registry order.
    pub units: Vec<usize>,
    /// Parallel to the config track's `indicators`.
    pub columns: Vec<IndicatorData>,
}

#[derive(Debug, Clone)]
pub struct IndicatorData {
    /// The values as read from the file.
    pub raw: Column,
    /// For growth indicators: the earlier period's raw values.
    pub previous: Option<Column>,
    /// For growth indicators: the growth in percent, which is what gets scored.
    pub growth: Option<Column>,
    /// For target indicators: each unit's target (NaN where the unit has no value).
    pub targets: Option<Vec<f64>>,
}

impl IndicatorData {
    /// The column the scoring method sees.
    pub fn scored(&self) -> &Column {
        self.growth.as_ref().unwrap_or(&self.raw)
    }
}

/// Where to find a period's files.
pub fn period_dir(data: &Path, period: Period) -> PathBuf {
    data.join(period.to_string())
}

/// The latest `YYYYQn` folder under `data`.
pub fn latest_quarter(data: &Path) -> Result<Period, Error> {
    let entries = std::fs::read_dir(data).map_err(|e| Error::io(data, e))?;
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str()?.parse::<Period>().ok())
        .filter(|p| p.is_quarter())
        .max()
        .ok_or_else(|| {
            Error::Usage(format!(
                "no quarter folder (such as 2024Q2) under {}",
                data.display()
            ))
        })
}

impl Dataset {
    /// Loads and validates `period` under `data` (`data/units.csv`, `data/<period>/…`).
    /// On success returns the dataset and the warnings; on failure every problem found.
    pub fn load(cfg: &Config, data: &Path, period: Period) -> Result<(Dataset, Problems), Error> {
        let mut problems = Problems::new();
        let dir = period_dir(data, period);
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "period folder {} does not exist",
                dir.display()
            )));
        }
        let units_path = data.join("units.csv");
        let registry = Registry::load(&units_path, &mut problems)?;
        let unit_track = registry.assign_tracks(cfg, period, &mut problems);
        if problems.has_errors() {
            return Err(Error::Invalid(problems));
        }
        let mut tracks: Vec<TrackData> = vec![TrackData::default(); cfg.tracks.len()];
        let mut unit_pos = Vec::with_capacity(registry.len());
        for (u, t) in unit_track.iter().enumerate() {
            // Units not assessed in this period keep a position that nothing reads.
            let pos = t.map_or(usize::MAX, |t| tracks[t].units.len());
            unit_pos.push(pos);
            if let Some(t) = *t {
                tracks[t].units.push(u);
            }
        }
        for (t, td) in tracks.iter_mut().enumerate() {
            td.columns = cfg.tracks[t]
                .indicators
                .iter()
                .map(|_| IndicatorData {
                    raw: Column::missing(td.units.len()),
                    previous: None,
                    growth: None,
                    targets: None,
                })
                .collect();
        }
        let mut ds = Dataset {
            period,
            dir: dir.clone(),
            registry,
            unit_track,
            unit_pos,
            tracks,
            adjustments: Vec::new(),
            inputs: vec![cfg.path.clone(), units_path],
        };
        let rows = category::read_all(cfg, &mut ds, &mut problems);
        targets::resolve(cfg, &mut ds, &rows, &mut problems);
        growth::apply(cfg, data, &mut ds, &rows, &mut problems);
        ds.adjustments = adjustments::read(&ds.dir, &ds.registry, &mut problems);
        let adj_path = ds.dir.join("adjustments.csv");
        for a in ds
            .adjustments
            .iter()
            .filter(|a| ds.unit_track[a.unit].is_none())
        {
            let msg = format!(
                "the unit is not assessed in {} (see its from/until in units.csv)",
                ds.period
            );
            problems.error(
                &adj_path,
                Some(a.line),
                Some("column unit_id".into()),
                Some(ds.label(a.unit)),
                msg,
            );
        }
        if adj_path.is_file() {
            ds.inputs.push(adj_path);
        }
        check_columns(cfg, &ds, &rows, &mut problems);
        let warnings = problems.into_result()?;
        Ok((ds, warnings))
    }

    /// `id 名称` of a registry unit.
    pub fn label(&self, unit: usize) -> String {
        self.registry.units[unit].label()
    }
}

/// Where each unit's row was found: file and line, for messages after reading.
pub struct RowIndex {
    /// Per registry unit: (category file path index, line); line 0 = no row.
    pub line: Vec<u64>,
    pub files: Vec<PathBuf>,
    pub file_of: Vec<usize>,
}

impl RowIndex {
    pub fn file(&self, unit: usize) -> &Path {
        &self.files[self.file_of[unit]]
    }
}

/// Checks that need whole columns: `average` with no peer, a unit with nothing applicable, and a
/// zero among lower-is-better proportional peers (a warning).
fn check_columns(cfg: &Config, ds: &Dataset, rows: &RowIndex, problems: &mut Problems) {
    use crate::config::{Direction, Method};
    for (t, td) in ds.tracks.iter().enumerate() {
        let track = &cfg.tracks[t];
        for (slot, col) in td.columns.iter().enumerate() {
            let ind = cfg.indicator(&track.indicators[slot]);
            let scored = col.scored();
            let has_peer = scored.values().next().is_some();
            if ind.missing == MissingPolicy::Average
                && !has_peer
                && scored.iter().any(|c| c == Cell::Missing)
            {
                problems.error(&cfg.path, None, Some(format!("indicators ({}).missing", ind.id)), None, format!("`average` needs at least one unit with a value on track `{}`, but none has one", track.id));
            }
            if ind.method == Method::Proportional && ind.direction == Some(Direction::Lower) {
                let zero = scored.values().any(|(_, v)| v == 0.0);
                let nonzero = scored.values().any(|(_, v)| v != 0.0);
                if zero && nonzero {
                    problems.warning(&cfg.path, None, Some(format!("indicators ({})", ind.id)), None, format!("lower-is-better `proportional` with a zero among the peers of track `{}`: every unit with a non-zero value scores 0 (consider `deduct` for counts)", track.id));
                }
            }
        }
        for (pos, &u) in td.units.iter().enumerate() {
            if rows.line[u] == 0 || td.columns.is_empty() {
                continue;
            }
            if td
                .columns
                .iter()
                .all(|c| c.scored().get(pos) == Cell::NotApplicable)
            {
                problems.error(rows.file(u), Some(rows.line[u]), None, Some(ds.label(u)), "no indicator applies to this unit (every cell is not applicable): it cannot be scored");
            }
        }
    }
}
