//! Loading one period's data into validated, columnar form.
//!
//! [`Dataset::load`] reads the registry, every category file of the period, targets,
//! adjustments and — for growth indicators — the earlier period they compare with. Every problem
//! is collected; the result is either a [`Dataset`] that scoring can trust or the full list.

pub mod adjustments;
mod category;
pub mod cell;
mod columns;
pub mod csvfile;
pub mod encoding;
mod growth;
mod layout;
mod memory;
pub mod number;
pub mod registry;
pub mod scores;
pub mod sources;
pub mod table;
mod targets;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::config::{Config, MissingPolicy};
use crate::error::{Error, Problem, Problems};
use crate::period::Period;
use crate::units::Registry;

pub use adjustments::{Adjustment, AdjustmentKind};
pub use cell::{Cell, Column};
pub use encoding::EncodingChoice;
pub use table::{ReadAs, Table};

use columns::Col;

/// How input files are read (the `--encoding` option); the default detects everything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    pub encoding: EncodingChoice,
}

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
    /// How each input table was read (encoding, or workbook sheet), in reading order; the
    /// config is not listed.
    pub read_as: Vec<(PathBuf, ReadAs)>,
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
    /// Raw values only: no growth, no targets.
    pub fn new(raw: Column) -> IndicatorData {
        IndicatorData {
            raw,
            previous: None,
            growth: None,
            targets: None,
        }
    }

    /// The column the scoring method sees.
    pub fn scored(&self) -> &Column {
        self.growth.as_ref().unwrap_or(&self.raw)
    }
}

impl Dataset {
    /// Loads and validates `period` under `data` with the default [`ReadOptions`].
    pub fn load(cfg: &Config, data: &Path, period: Period) -> Result<(Dataset, Problems), Error> {
        Dataset::load_with(cfg, data, period, &ReadOptions::default())
    }

    /// Loads and validates `period` under `data` (`data/units.csv`, `data/<period>/…`).
    /// On success returns the dataset and the warnings; on failure every problem found.
    pub fn load_with(
        cfg: &Config,
        data: &Path,
        period: Period,
        opts: &ReadOptions,
    ) -> Result<(Dataset, Problems), Error> {
        let mut problems = Problems::new();
        let dir = period.dir(data);
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "period folder {} does not exist",
                dir.display()
            )));
        }
        let units_path = data.join("units.csv");
        let units = Table::open_csv(&units_path, opts.encoding, &["id"])?;
        let registry = registry::from_table(&units, &mut problems);
        let unit_track = registry::assign_tracks(&registry, cfg, period, &mut problems);
        if problems.has_errors() {
            return Err(Error::Invalid(problems));
        }
        let (tracks, unit_pos) = empty_tracks(cfg, &unit_track);
        let mut ds = Dataset {
            period,
            dir: dir.clone(),
            registry,
            unit_track,
            unit_pos,
            tracks,
            adjustments: Vec::new(),
            inputs: vec![cfg.path.clone()],
            read_as: Vec::new(),
        };
        ds.note_input(&units);
        drop(units);
        let rows = category::read_all(cfg, &mut ds, opts, &mut problems);
        targets::resolve(cfg, &mut ds, &rows, opts, &mut problems);
        growth::apply(cfg, data, &mut ds, &rows, opts, &mut problems);
        let (adjustments, read_as) =
            adjustments::read_with(&ds.dir, &ds.registry, opts, &mut problems);
        ds.adjustments = adjustments;
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
            problems.push(
                Problem::error(&adj_path, msg)
                    .line(a.line)
                    .place("column unit_id".to_string())
                    .unit(ds.label(a.unit)),
            );
        }
        if let Some(how) = read_as {
            ds.note(adj_path, how);
        }
        check_columns(cfg, &ds, &rows, &mut problems);
        let warnings = problems.into_result()?;
        Ok((ds, warnings))
    }

    /// `id 名称` of a registry unit.
    pub fn label(&self, unit: usize) -> String {
        self.registry.units[unit].label()
    }

    /// Records that `table` was read: its file among the inputs (once, also for a workbook
    /// of several sheets) and how it was read.
    pub fn note_input(&mut self, table: &Table) {
        self.note(table.path.clone(), table.read_as.clone());
    }

    fn note(&mut self, path: PathBuf, how: ReadAs) {
        if !self.inputs.contains(&path) {
            self.inputs.push(path.clone());
        }
        self.read_as.push((path, how));
    }
}

/// Each track's units (in registry order) with all-missing columns, and each unit's position
/// within its track.
fn empty_tracks(cfg: &Config, unit_track: &[Option<usize>]) -> (Vec<TrackData>, Vec<usize>) {
    let mut tracks: Vec<TrackData> = vec![TrackData::default(); cfg.tracks.len()];
    let mut unit_pos = Vec::with_capacity(unit_track.len());
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
            .map(|_| IndicatorData::new(Column::missing(td.units.len())))
            .collect();
    }
    (tracks, unit_pos)
}

/// Where each unit's row was found: table and line, for messages after reading.
pub struct RowIndex {
    /// Per registry unit: the line (worksheet row) of its row; 0 = no row.
    pub line: Vec<u64>,
    /// The category tables read, without their rows.
    pub files: Vec<Origin>,
    /// Per registry unit: index into `files`.
    pub file_of: Vec<usize>,
}

/// A category table read, kept to name places: its header, and each indicator's column.
pub struct Origin {
    pub table: Table,
    /// Per config indicator.
    pub cols: Vec<Col>,
}

impl RowIndex {
    pub fn new(units: usize) -> RowIndex {
        RowIndex {
            line: vec![0; units],
            files: Vec::new(),
            file_of: vec![0; units],
        }
    }

    /// The file of a unit's row (only for units that have one).
    pub fn file(&self, unit: usize) -> &Path {
        &self.files[self.file_of[unit]].table.path
    }

    /// The place of a unit's cell for config indicator `ind` (`id` is its id): the column, or
    /// in a worksheet the sheet and cell.
    pub fn place(&self, unit: usize, ind: usize, id: &str) -> Option<String> {
        let origin = &self.files[self.file_of[unit]];
        match origin.cols.get(ind) {
            Some(Col::At(c)) => origin.table.place(self.line[unit], *c),
            _ => origin.table.named_place(Some(format!("column {id}"))),
        }
    }

    /// The place of a unit's row as a whole (the sheet, in a workbook).
    pub fn row_place(&self, unit: usize) -> Option<String> {
        self.files[self.file_of[unit]].table.named_place(None)
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
                problems.push(Problem::error(&cfg.path, format!("`average` needs at least one unit with a value on track `{}`, but none has one", track.id)).place(format!("indicators ({}).missing", ind.id)));
            }
            if ind.method == Method::Proportional && ind.direction == Some(Direction::Lower) {
                let zero = scored.values().any(|(_, v)| v == 0.0);
                let nonzero = scored.values().any(|(_, v)| v != 0.0);
                if zero && nonzero {
                    problems.push(Problem::warning(&cfg.path, format!("lower-is-better `proportional` with a zero among the peers of track `{}`: every unit with a non-zero value scores 0 (consider `deduct` for counts)", track.id)).place(format!("indicators ({})", ind.id)));
                }
            }
            let lower_target = matches!(ind.method, Method::Target { .. })
                && ind.direction == Some(Direction::Lower);
            for (pos, v) in scored.values().filter(|&(_, v)| lower_target && v < 0.0) {
                let u = td.units[pos];
                problems.push(Problem::warning(rows.file(u), format!("value {v} below zero scores 0 on the lower-is-better `target` `{}` (rate = target / value), although it is lower than every positive value", ind.id)).line(rows.line[u]).place(rows.place(u, track.indicators[slot].indicator, &ind.id)).unit(ds.label(u)));
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
                problems.push(Problem::error(rows.file(u), "no indicator applies to this unit (every cell is not applicable): it cannot be scored").line(rows.line[u]).place(rows.row_place(u)).unit(ds.label(u)));
            }
        }
    }
}
