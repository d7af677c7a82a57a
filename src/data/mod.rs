//! Loading one period's data into validated, columnar form.
//!
//! [`Dataset::load`] reads the registry, assembles the period cell by cell from every source table
//! in its folder — category files and lead-department submissions ([`sources`], [`assemble`]) —,
//! judges what is still missing ([`completeness`]), then reads targets, adjustments and — for
//! growth indicators — the earlier period they compare with. Every problem is collected; the
//! result is either a [`Dataset`] that scoring can trust or the full list.

pub mod adjustments;
mod ahead;
pub mod assemble;
pub mod attributes;
pub mod cell;
mod columns;
pub mod completeness;
mod composite;
pub mod csvfile;
pub mod encoding;
mod growth;
mod head;
mod layout;
mod load;
mod memory;
pub mod number;
pub mod registry;
mod row;
pub mod rows;
pub mod scores;
pub mod side;
pub mod sources;
pub mod table;
pub mod targets;
pub mod workbook;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::error::{Error, Problem, Problems};
use crate::period::Period;
use crate::units::Registry;

pub use adjustments::{Adjustment, AdjustmentKind};
pub use attributes::Attributes;
pub use cell::{Cell, Column};
pub use encoding::EncodingChoice;
pub use sources::targets_file;
pub use table::{ReadAs, Table};

use completeness::Completeness;

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
    /// The registry, shared by every period of a run.
    pub registry: Arc<Registry>,
    /// The track of each registry unit and its position there ([`Dataset::track_of`],
    /// [`Dataset::pos_of`]).
    pub places: Places,
    /// One entry per config track.
    pub tracks: Vec<TrackData>,
    pub adjustments: Vec<Adjustment>,
    /// Every file read, in reading order (for manifests and reproducibility).
    pub inputs: Vec<PathBuf>,
    /// How each input table was read (encoding, or workbook sheet), in reading order; the
    /// config is not listed.
    pub read_as: Vec<(PathBuf, ReadAs)>,
    /// What the period has of what its tracks score.
    pub completeness: Completeness,
    /// Rows skipped as totals or footers: file, sheet, line and first cell.
    pub skipped: Vec<(PathBuf, Option<String>, u64, String)>,
    /// Files and folders of the period folder that were not read, with why.
    pub not_read: Vec<(PathBuf, &'static str)>,
    /// Unit attributes the scheme's denominators use (empty without denominators).
    pub attributes: Arc<Attributes>,
    /// Where each value came from (file and line), for statements.
    pub sources: Arc<assemble::CellSources>,
}

/// The registry of a data folder as read once for a run, shared by every period it loads: the
/// registry, how its file was read, and the problems found in it (given again with each period).
#[derive(Debug, Clone)]
pub struct SharedRegistry {
    pub registry: Arc<Registry>,
    read_as: (PathBuf, ReadAs),
    problems: Problems,
}

impl SharedRegistry {
    /// The registry's errors, for a command that writes from the registry alone (`template`):
    /// the others meet them with the period's problems.
    pub fn check(&self) -> Result<(), Error> {
        if self.problems.has_errors() {
            return Err(Error::Invalid(self.problems.clone()));
        }
        Ok(())
    }

    /// Reads the registry of `data`; fails when it cannot be read at all. The folders of `data`
    /// named like a period but not by its own name are reported with it ([`misnamed_folders`]).
    pub fn read(data: &Path, opts: &ReadOptions) -> Result<SharedRegistry, Error> {
        let mut problems = Problems::new();
        let (registry, read_as) = registry::read(data, opts, &mut problems)?;
        misnamed_folders(data, &mut problems);
        Ok(SharedRegistry {
            registry: Arc::new(registry),
            read_as,
            problems,
        })
    }
}

/// Every folder of `data` named like a period but not by the period's own name (`2024年10月`,
/// `2024年第四季度`; [`crate::period::loose_period`]), for every command: a warning, since a
/// folder of a month, a year or an old quarter is read only by the commands that read that
/// period (the roll-up makes its own an error: [`misnamed_problem`]) — and an error for a quarter
/// without a folder of its own that is later than every quarter folder, or the one before the
/// latest: the latest quarter (the default period) or its trends would be taken from the wrong
/// folder without a word. A folder named like a period without its year (`Q1`, `10月`;
/// [`crate::period::yearless_period`]) is a warning: which period it holds cannot be told.
pub fn misnamed_folders(data: &Path, problems: &mut Problems) {
    let latest = crate::period::quarters(data)
        .ok()
        .and_then(|q| q.first().copied());
    for m in crate::period::misnamed_folders(data) {
        let error = !m.beside
            && m.period.is_quarter()
            && latest.is_none_or(|l| m.period > l || m.period == l.previous());
        problems.push(misnamed_problem(data, &m, error));
    }
    for (path, what) in crate::period::yearless_folders(data) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        // The period it would be in the latest quarter's year, by the number in its name (`8月`:
        // `2024-08`), else the first of them.
        let year = latest.map_or(2025, |l| l.last_month().0);
        let n: u8 = (name.as_deref().unwrap_or_default())
            .split(|c: char| !c.is_ascii_digit())
            .find_map(|t| t.parse().ok())
            .unwrap_or(1);
        let example = match what {
            "quarter" => format!("{year}Q{}", n.clamp(1, 4)),
            "month" => format!("{year}-{:02}", n.clamp(1, 12)),
            _ => format!("{year}H{}", n.clamp(1, 2)),
        };
        let msg = format!(
            "folder `{}` is named like a {what} without its year, and is not read: a period is read only from the folder named exactly for it, such as `{example}` (rename it, or move it out of {})",
            name.unwrap_or_default(),
            data.display()
        );
        problems.push(Problem::warning(&path, msg));
    }
}

/// The problem of a misnamed folder (see [`misnamed_folders`]): an error when `error`, else a
/// warning; beside the period's own folder, that it is not read.
pub fn misnamed_problem(data: &Path, m: &crate::period::Misnamed, error: bool) -> Problem {
    let name = m
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let p = m.period;
    let what = match p {
        Period::Year(..) => "year",
        Period::Half(..) => "half-year",
        Period::Quarter(..) => "quarter",
        Period::Month(..) => "month",
    };
    let msg = if m.beside {
        format!(
            "folder `{name}` is named like the {what} {p} but is not read: only the folder `{p}` beside it is (move `{name}` out of {}, or merge it into `{p}`)",
            data.display()
        )
    } else {
        format!(
            "folder `{name}` is named like the {what} {p}, but a period is read only from the folder named exactly for it: rename it `{p}` if it holds the {what}'s data (or move it out of {})",
            data.display()
        )
    };
    if error {
        Problem::error(&m.path, msg)
    } else {
        Problem::warning(&m.path, msg)
    }
}

/// The units of one track and one column per indicator of the track.
#[derive(Debug, Clone, Default)]
pub struct TrackData {
    /// Registry indexes, in registry order (shared with the track's results).
    pub units: Arc<[usize]>,
    /// Parallel to the config track's `indicators`.
    pub columns: Vec<IndicatorData>,
}

#[derive(Debug, Clone)]
pub struct IndicatorData {
    /// The values as read from the file.
    pub raw: Arc<Column>,
    /// For growth indicators: the earlier period's raw values.
    pub previous: Option<Arc<Column>>,
    /// For growth indicators: the growth in percent, which is what gets scored.
    pub growth: Option<Arc<Column>>,
    /// For target indicators: each unit's target (NaN where the unit has no value).
    pub targets: Option<Arc<Vec<f64>>>,
    /// For target indicators: whether each unit's target is its row of the targets table (not
    /// the config's `target`), which a variant of the scheme with another `target` keeps.
    pub target_rows: Option<Arc<Vec<bool>>>,
}

impl IndicatorData {
    /// Raw values only: no growth, no targets.
    pub fn new(raw: Column) -> IndicatorData {
        IndicatorData {
            raw: Arc::new(raw),
            previous: None,
            growth: None,
            targets: None,
            target_rows: None,
        }
    }

    /// The column the scoring method sees.
    pub fn scored(&self) -> &Column {
        self.growth.as_ref().unwrap_or(&self.raw)
    }

    /// The column the scoring method sees, shared.
    pub fn scored_arc(&self) -> Arc<Column> {
        Arc::clone(self.growth.as_ref().unwrap_or(&self.raw))
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
        Dataset::load_tracks(cfg, data, period, opts, None)
    }

    /// [`Dataset::load_with`] for the tracks `only` (indices; all when `None`): the files and
    /// cells of other tracks are not needed, and their units are not assessed in this load.
    pub fn load_tracks(
        cfg: &Config,
        data: &Path,
        period: Period,
        opts: &ReadOptions,
        only: Option<&[usize]>,
    ) -> Result<(Dataset, Problems), Error> {
        let (ds, problems) = Dataset::read(cfg, data, period, opts, only)?;
        let warnings = problems.into_result()?;
        Ok((ds, warnings))
    }

    /// Reads `period` as far as it goes: the dataset with every problem found, errors included
    /// (`pingyi check` shows what the period has even when it is not complete). Fails outright
    /// only when nothing can be read (no folder, a registry or config that does not assign).
    pub fn read(
        cfg: &Config,
        data: &Path,
        period: Period,
        opts: &ReadOptions,
        only: Option<&[usize]>,
    ) -> Result<(Dataset, Problems), Error> {
        Dataset::folder(data, period)?;
        let registry = SharedRegistry::read(data, opts)?;
        Dataset::read_in(cfg, &registry, data, period, opts, only)
    }

    /// The folder of `period` under `data`; a usage error when there is none.
    pub fn folder(data: &Path, period: Period) -> Result<PathBuf, Error> {
        let dir = period.dir(data);
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "period folder {} does not exist",
                dir.display()
            )));
        }
        Ok(dir)
    }

    /// `id 名称` of a registry unit.
    pub fn label(&self, unit: usize) -> String {
        self.registry.units[unit].label()
    }

    /// The track of registry unit `unit`; `None` for a unit not assessed in this period (the
    /// registry's `from`/`until`) or of a track left out.
    #[inline]
    pub fn track_of(&self, unit: usize) -> Option<usize> {
        self.places.track(unit)
    }

    /// The position of registry unit `unit` within its track (meaningless for a unit without
    /// one).
    #[inline]
    pub fn pos_of(&self, unit: usize) -> usize {
        self.places.pos(unit)
    }

    /// Whether a unit's rows were read: every unit, but those of tracks left out.
    pub(crate) fn selected(&self, unit: usize) -> bool {
        self.track_of(unit).is_some() || !self.registry.units[unit].active_in(self.period)
    }

    /// Records that `table` was read: its file among the inputs (once, also for a workbook
    /// of several sheets) and how it was read.
    pub fn note_input(&mut self, table: &table::Head) {
        self.note(table.path.clone(), table.read_as.clone());
    }

    fn note(&mut self, path: PathBuf, how: ReadAs) {
        if !self.inputs.contains(&path) {
            self.inputs.push(path.clone());
        }
        self.read_as.push((path, how));
    }
}

/// Where each registry unit sits in a period: its track and its position there, 8 bytes a
/// unit (24 as an `Option<usize>` and a `usize`).
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// `(track, position)`; track [`Places::NONE`] for a unit without one.
    at: Vec<(u32, u32)>,
}

impl Places {
    const NONE: u32 = u32::MAX;

    /// Each unit's track (`None`: none) and position within it.
    fn new(unit_track: &[Option<usize>], pos: impl Iterator<Item = usize>) -> Places {
        let at = unit_track
            .iter()
            .zip(pos)
            .map(|(t, p)| match t {
                Some(t) => (*t as u32, p as u32),
                None => (Places::NONE, u32::MAX),
            })
            .collect();
        Places { at }
    }

    #[inline]
    pub fn track(&self, unit: usize) -> Option<usize> {
        let t = self.at[unit].0;
        (t != Places::NONE).then_some(t as usize)
    }

    #[inline]
    pub fn pos(&self, unit: usize) -> usize {
        match self.at[unit] {
            (Places::NONE, _) => usize::MAX,
            (_, p) => p as usize,
        }
    }

    /// Every unit's track.
    pub fn tracks(&self) -> Vec<Option<usize>> {
        (0..self.at.len()).map(|u| self.track(u)).collect()
    }
}

/// Each track's units (in registry order) with all-missing columns, and where each unit sits.
pub(super) fn empty_tracks(cfg: &Config, unit_track: &[Option<usize>]) -> (Vec<TrackData>, Places) {
    // Each track's units counted first: held for the whole run, so not grown by doubling.
    let mut units: Vec<Vec<usize>> = vec![Vec::new(); cfg.tracks.len()];
    let mut sizes = vec![0usize; cfg.tracks.len()];
    for t in unit_track.iter().flatten() {
        sizes[*t] += 1;
    }
    for (us, &n) in units.iter_mut().zip(&sizes) {
        us.reserve_exact(n);
    }
    let mut unit_pos = Vec::with_capacity(unit_track.len());
    for (u, t) in unit_track.iter().enumerate() {
        // Units not assessed in this period keep a position that nothing reads.
        let pos = t.map_or(usize::MAX, |t| units[t].len());
        unit_pos.push(pos);
        if let Some(t) = *t {
            units[t].push(u);
        }
    }
    let places = Places::new(unit_track, unit_pos.into_iter());
    let tracks = units
        .into_iter()
        .enumerate()
        .map(|(t, units)| TrackData {
            columns: cfg.tracks[t]
                .indicators
                .iter()
                .map(|_| IndicatorData::new(Column::missing(units.len())))
                .collect(),
            units: units.into(),
        })
        .collect();
    (tracks, places)
}
