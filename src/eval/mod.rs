//! Opening a period for a command: the scheme that applies to it, its data, its results, and the
//! earlier period its trends compare with.
//!
//! [`Source`] is what every command reads from: the top-level config (loaded once, with its
//! [`Settings`]), the data folder and how files are read. [`Source::open`] evaluates a period and,
//! as [`Against`] says, the earlier one — the one policy every command shares. Warnings come back
//! as values ([`Evaluation::warnings`]); nothing here prints.

pub mod bounds;
mod check;
mod earlier;
mod lookup;
pub mod provenance;
pub mod scheme;
pub mod year;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::config::{Config, Settings};
use crate::data::{Dataset, ReadOptions, SharedRegistry};
use crate::error::{Error, Problem, Problems, Severity};
use crate::period::{latest_quarter, quarters, Period};
use crate::results::{Results, TrackResult};

pub use check::Checked;
pub use earlier::{Earlier, Standing};
pub use lookup::{find_unit, scope};

/// A scored period with everything needed to explain it.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub cfg: Config,
    pub ds: Dataset,
    pub res: Results,
    /// Warnings met while loading.
    pub warnings: Problems,
}

/// The config and data folder a run reads when `--config` and `--data` are not given.
pub const DEFAULT_CONFIG: &str = "scoring-config.toml";
pub const DEFAULT_DATA: &str = "data";

/// Where a run reads from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The top-level config file (`--config`).
    pub config: PathBuf,
    /// The data folder (`--data`).
    pub data: PathBuf,
    pub read: ReadOptions,
    /// The top-level scheme, or why the file cannot be read (kind and message).
    top: Result<Config, (std::io::ErrorKind, String)>,
    /// The top-level settings (defaults when there is no top-level file).
    pub settings: Settings,
    /// The registry, read once by the first period loaded.
    registry: OnceLock<SharedRegistry>,
}

/// Which earlier period trends compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Against {
    /// The calendar predecessor, when its folder exists (the default).
    Previous,
    /// This period (`--against`): its folder must exist.
    Period(Period),
    /// No comparison.
    Nothing,
}

/// A period opened for a command: its evaluation and the earlier one trends compare with.
#[derive(Debug, Clone)]
pub struct Opened {
    pub now: Evaluation,
    pub before: Option<Earlier>,
}

/// Up to this many registry units the earlier period (trend columns) is scored on a second core
/// beside the current one; above it, first and on its own: both periods' columns at once would
/// hold the peak memory of two periods (at a million units 920 MiB rather than 573, in about the
/// same time; at 100,000 side by side took 0.72 s and 102 MiB, one after the other 0.92 s and
/// 84 MiB).
const SIDE_BY_SIDE: usize = 250_000;

/// An earlier period and how its scoring went, if there is one.
type Scored = Option<(Period, Result<Earlier, Error>)>;

impl Source {
    /// Reads the top-level config, if the file exists: a period with its own config does not
    /// need one, and its settings then take their defaults.
    pub fn new(config: &Path, data: &Path, read: ReadOptions) -> Result<Source, Error> {
        let (top, settings) = match std::fs::metadata(config) {
            Ok(m) if m.is_file() => {
                let (cfg, settings) = Config::load_with_settings(config)?;
                (Ok(cfg), settings)
            }
            Ok(_) => {
                let kind = std::io::ErrorKind::InvalidInput;
                let why = crate::filekind::not_a_file(config);
                let why = why.unwrap_or_else(|| "not a file".into());
                (Err((kind, why)), Settings::default())
            }
            Err(e) => (Err((e.kind(), e.to_string())), Settings::default()),
        };
        Ok(Source {
            config: config.to_path_buf(),
            data: data.to_path_buf(),
            read,
            top,
            settings,
            registry: OnceLock::new(),
        })
    }

    /// The registry of the data folder, read on first use and shared by every period.
    pub fn registry(&self) -> Result<&SharedRegistry, Error> {
        if let Some(r) = self.registry.get() {
            return Ok(r);
        }
        let read = SharedRegistry::read(&self.data, &self.read)?;
        Ok(self.registry.get_or_init(|| read))
    }

    /// Reads `period` as far as it goes, with every problem found (see [`Dataset::read`]).
    pub fn read(
        &self,
        cfg: &Config,
        period: Period,
        only: Option<&[usize]>,
    ) -> Result<(Dataset, Problems), Error> {
        Dataset::folder(&self.data, period)?;
        let registry = self.registry()?;
        Dataset::read_in(cfg, registry, &self.data, period, &self.read, only)
    }

    /// The top-level scheme (an error naming the file when there is none).
    pub fn top(&self) -> Result<&Config, Error> {
        self.top
            .as_ref()
            .map_err(|(kind, msg)| Error::io(&self.config, std::io::Error::new(*kind, msg.clone())))
    }

    /// The scheme that scores `period`: `data/<period>/scoring-config.toml` when it exists (rules
    /// as they were then), else the top-level one — so refining the rules never rewrites
    /// published results.
    pub fn scheme(&self, period: Period) -> Result<Config, Error> {
        let own = period.dir(&self.data).join("scoring-config.toml");
        // Anything of that name is the period's scheme: a folder, a named pipe or a broken link
        // there is an error (`Config::load` says what it is), never the top-level rules instead.
        if std::fs::symlink_metadata(&own).is_ok() {
            Config::load(&own)
        } else {
            self.top().cloned()
        }
    }

    /// The warnings of scoring `period` under `cfg` (only the tracks of `only`, when given) that
    /// reading its data does not give: a track without units, a tie-breaker that breaks no tie,
    /// a settings section of the period's own config that is not read.
    fn scheme_warnings(
        &self,
        cfg: &Config,
        ds: &Dataset,
        only: Option<&[usize]>,
        warnings: &mut Problems,
    ) {
        bounds::empty_tracks(cfg, ds, only, warnings);
        bounds::idle_tie_breakers(cfg, only, warnings);
        let own = ds.period.dir(&self.data).join("scoring-config.toml");
        if cfg.path == own && cfg.path != self.config {
            bounds::ignored_settings(&own, &self.config, warnings);
        }
    }

    /// The files read for the settings beside a period's own scheme: the top-level config when
    /// it is not the one that scored `ev` (for provenance).
    pub fn settings_inputs(&self, ev: &Evaluation) -> Vec<PathBuf> {
        Some(self.config.clone())
            .filter(|p| self.top.is_ok() && *p != ev.cfg.path)
            .into_iter()
            .collect()
    }

    /// Loads and scores `period`.
    pub fn evaluate(&self, period: Period) -> Result<Evaluation, Error> {
        self.evaluate_track(period, None)
    }

    /// Loads and scores `period`, only the track named `track` when given (an unknown id is a
    /// usage error): the files and cells of other tracks are not needed.
    pub fn evaluate_track(&self, period: Period, track: Option<&str>) -> Result<Evaluation, Error> {
        self.evaluate_under(self.scheme(period)?, period, track)
    }

    /// `period`, or the latest quarter folder.
    pub fn period(&self, period: Option<Period>) -> Result<Period, Error> {
        match period {
            Some(p) => Ok(p),
            None => latest_quarter(&self.data),
        }
    }

    /// Evaluates `period` (default: the latest quarter) and the earlier period `against` names,
    /// only the track named `track` when given. An earlier period that exists but cannot be
    /// scored is an error, as the current one is: a trend against a period that is wrong would be
    /// wrong too. When the latest quarter (the default) is incomplete, the error says so in one
    /// line and names the latest complete quarter.
    pub fn open(
        &self,
        period: Option<Period>,
        against: Against,
        track: Option<&str>,
    ) -> Result<Opened, Error> {
        let p = self.period(period)?;
        // The earlier period is reduced to its standings; its outcome counts only once the
        // period itself scores.
        let earlier_period = self.earlier_period(p, against);
        let e = earlier_period.as_ref().ok().copied().flatten();
        let (earlier, now) = self.with_earlier(e, track, || self.evaluate_track(p, track));
        let earlier = earlier_period.map(|_| earlier);
        let mut now = match now {
            Ok(ev) => ev,
            Err(Error::Invalid(e)) if period.is_none() && e.only_absences() => {
                return Err(self.incomplete(p, e, track));
            }
            Err(e) => return Err(e),
        };
        let before = self.settle(earlier?, against, &mut now.warnings)?;
        Ok(Opened { now, before })
    }

    /// The earlier period `e` scored to its standings, and `now()`: side by side on two cores
    /// for a registry of at most [`SIDE_BY_SIDE`] units; above it the earlier period first, on
    /// its own, so that the two periods' columns are never held at once.
    fn with_earlier<T>(
        &self,
        e: Option<Period>,
        track: Option<&str>,
        now: impl FnOnce() -> T,
    ) -> (Scored, T) {
        // An unreadable registry is reported by the reads.
        let small = self
            .registry()
            .is_ok_and(|r| r.registry.len() <= SIDE_BY_SIDE);
        self.earlier_beside(e, track, small, now)
    }

    /// [`Source::with_earlier`], side by side or not as `side_by_side` says (and not when no
    /// second thread can be started).
    fn earlier_beside<T>(
        &self,
        e: Option<Period>,
        track: Option<&str>,
        side_by_side: bool,
        now: impl FnOnce() -> T,
    ) -> (Scored, T) {
        let Some(e) = e else {
            return (None, now());
        };
        let now = if side_by_side {
            let done = std::thread::scope(|s| {
                let spawned = std::thread::Builder::new()
                    .spawn_scoped(s, move || (e, self.evaluate_earlier(e, track)));
                match spawned {
                    Ok(before) => {
                        let now = now();
                        let before = before
                            .join()
                            .unwrap_or_else(|p| std::panic::resume_unwind(p));
                        Ok((Some(before), now))
                    }
                    // No second thread could be started: one after the other, below.
                    Err(_) => Err(now),
                }
            });
            match done {
                Ok(both) => return both,
                Err(now) => now,
            }
        } else {
            now
        };
        let before = (e, self.evaluate_earlier(e, track));
        (Some(before), now())
    }

    /// The earlier period trends of `period` compare with, as `against` says: `None` when there
    /// is none (no folder, `Against::Nothing`, or a folder holding only part of a period — with a
    /// warning pushed into `warnings`); an error when it exists but cannot be scored.
    pub fn earlier(
        &self,
        period: Period,
        against: Against,
        track: Option<&str>,
        warnings: &mut Problems,
    ) -> Result<Option<Earlier>, Error> {
        let earlier = self
            .earlier_period(period, against)?
            .map(|e| (e, self.evaluate_earlier(e, track)));
        self.settle(earlier, against, warnings)
    }

    /// The earlier period `against` names for `period`, if its folder exists; an error when
    /// `against` names a period without a folder.
    fn earlier_period(&self, period: Period, against: Against) -> Result<Option<Period>, Error> {
        Ok(match against {
            Against::Nothing => None,
            Against::Previous => Some(period.previous()).filter(|p| p.dir(&self.data).is_dir()),
            // Trends say how a unit moved since then: a period not before this one has no
            // "since" (its rank changes would read backwards).
            Against::Period(p) if p >= period => {
                return Err(Error::Usage(format!(
                    "--against {p} is not before {period}: trends compare with an earlier quarter"
                )))
            }
            Against::Period(p) if p.dir(&self.data).is_dir() => Some(p),
            Against::Period(p) => {
                return Err(Error::Usage(format!(
                    "--against {p}: folder {} does not exist",
                    p.dir(&self.data).display()
                )))
            }
        })
    }

    /// What the scoring of an earlier period comes to: its standings; nothing when the folder
    /// holds only part of a period (with a warning pushed into `warnings`); else its error.
    fn settle(
        &self,
        earlier: Scored,
        against: Against,
        warnings: &mut Problems,
    ) -> Result<Option<Earlier>, Error> {
        match earlier {
            None => Ok(None),
            Some((_, Ok(ev))) => Ok(Some(ev)),
            // The folder holds part of a period (say, only the values a growth indicator of the
            // next quarter compares with): it was never assessed, so there is nothing to compare.
            Some((p, Err(Error::Invalid(e)))) if against == Against::Previous && e.only_part() => {
                let msg = format!("no trend columns: {p} holds only part of a period ({} problem(s) such as: {}); `{}` lists them", e.error_count(), first_error(&e), self.check_command(p));
                warnings.push(Problem::warning(&p.dir(&self.data), msg));
                Ok(None)
            }
            Some((p, Err(e))) => Err(earlier_failed(&p.dir(&self.data), p, against, e)),
        }
    }

    /// The earlier period's standings, restricted to `track` when its scheme has that track.
    fn evaluate_earlier(&self, p: Period, track: Option<&str>) -> Result<Earlier, Error> {
        let has = |t: &str| {
            self.scheme(p)
                .is_ok_and(|c| c.tracks.iter().any(|x| x.id == t))
        };
        let ev = self.evaluate_track(p, track.filter(|t| has(t)))?;
        Ok(Earlier::of(&ev))
    }

    /// The command that lists a period's problems, with the config and data folder of this run
    /// when they are not the defaults (`pingyi check --period 2024Q4 --data /srv/考核/data`).
    fn check_command(&self, p: Period) -> String {
        let mut cmd = format!("pingyi check --period {p}");
        let shell = |path: &Path| {
            let s = path.display().to_string();
            // Anything but letters, digits and `-_./=:,+@%` quoted: `data(备份)` too.
            let plain = |c: char| c.is_alphanumeric() || "-_./=:,+@%".contains(c);
            match s.chars().all(plain) {
                true => s,
                false => format!("'{}'", s.replace('\'', "'\\''")),
            }
        };
        if self.config != Path::new(DEFAULT_CONFIG) {
            cmd.push_str(&format!(" --config {}", shell(&self.config)));
        }
        if self.data != Path::new(DEFAULT_DATA) {
            cmd.push_str(&format!(" --data {}", shell(&self.data)));
        }
        cmd
    }

    /// The error of an incomplete latest quarter when an earlier quarter is complete (looking
    /// back at most a year): one line, naming what lacks and that quarter. Without one, the
    /// problems themselves.
    fn incomplete(&self, p: Period, e: Problems, track: Option<&str>) -> Error {
        let complete = quarters(&self.data)
            .unwrap_or_default()
            .into_iter()
            .filter(|q| *q < p)
            .take(4)
            .find(|q| self.evaluate_track(*q, track).is_ok());
        match complete {
            Some(q) => Error::Incomplete(format!(
                "the latest quarter {p} is incomplete ({} problem(s) such as: {}; `{}` lists them); the latest complete quarter is {q}: add --period {q} to use it",
                e.error_count(),
                first_error(&e),
                self.check_command(p)
            )),
            None => Error::Invalid(e),
        }
    }
}

/// The first error with its file, line, place and unit (the message alone may say "this unit").
fn first_error(e: &Problems) -> String {
    e.iter()
        .find(|p| p.severity == Severity::Error)
        .map_or_else(String::new, |p| {
            let shown = p.to_string();
            shown.strip_prefix("error: ").unwrap_or(&shown).to_string()
        })
}

/// An earlier period that cannot be scored: its problems, and how to go on without trends.
fn earlier_failed(dir: &Path, p: Period, against: Against, e: Error) -> Error {
    let hint = match against {
        Against::Previous => format!(
            "the previous period {p} is compared for the trend columns but cannot be scored; fix it, compare with another period (--against PERIOD) or rank without trends (--against none)"
        ),
        _ => format!("--against {p}: the period cannot be scored"),
    };
    match e {
        Error::Invalid(mut problems) => {
            problems.push(Problem::error(dir, hint));
            Error::Invalid(problems)
        }
        other => other,
    }
}

impl Opened {
    /// Every file read for the period and the earlier one.
    pub fn inputs(&self) -> Vec<&Path> {
        let before = self.before.iter().flat_map(|b| &b.inputs);
        self.now
            .ds
            .inputs
            .iter()
            .chain(before)
            .map(PathBuf::as_path)
            .collect()
    }
}

impl Evaluation {
    /// Loads `period` with its own config (`data/<period>/scoring-config.toml`, else `top`), and
    /// scores it.
    pub fn run(top: &Path, data: &Path, period: Period) -> Result<Evaluation, Error> {
        Source::new(top, data, ReadOptions::default())?.evaluate(period)
    }

    /// The shipped sample district's 2024Q3, scored as shipped (a fixture of the unit tests).
    #[cfg(test)]
    pub(crate) fn sample() -> Evaluation {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let period = "2024Q3".parse().expect("a period");
        Evaluation::run(
            &root.join("scoring-config.toml"),
            &root.join("data"),
            period,
        )
        .expect("the sample district scores")
    }

    pub fn period(&self) -> Period {
        self.ds.period
    }

    /// Track result and position of a registry unit, if it was assessed in this period.
    pub fn locate(&self, unit: usize) -> Option<(&TrackResult, usize)> {
        let t = self.ds.track_of(unit)?;
        Some((&self.res.tracks[t], self.ds.pos_of(unit)))
    }

    /// The track id of a unit in this period.
    pub fn track_id(&self, unit: usize) -> Option<&str> {
        self.ds
            .track_of(unit)
            .map(|t| self.cfg.tracks[t].id.as_str())
    }

    /// The tracks and unit a command analyses: see [`scope`].
    pub fn scope(
        &self,
        tracks: Vec<usize>,
        unit: Option<&str>,
        track: Option<&str>,
    ) -> Result<(Vec<usize>, Option<usize>), Error> {
        scope(self, tracks, unit, track)
    }

    /// The track indices to show: all, or the one named `track`; an unknown id is a usage error
    /// naming the tracks there are.
    pub fn tracks(&self, track: Option<&str>) -> Result<Vec<usize>, Error> {
        select_tracks(&self.cfg, track)
    }
}

/// The track indices of `cfg` to show: all, or the one named `track`.
pub fn select_tracks(cfg: &Config, track: Option<&str>) -> Result<Vec<usize>, Error> {
    match track {
        None => Ok((0..cfg.tracks.len()).collect()),
        Some(id) => cfg
            .tracks
            .iter()
            .position(|t| t.id == id)
            .map(|t| vec![t])
            .ok_or_else(|| {
                let ids: Vec<&str> = cfg.tracks.iter().map(|t| t.id.as_str()).collect();
                Error::Usage(format!(
                    "unknown track `{id}`: the config defines {}",
                    ids.join(", ")
                ))
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earlier_period_scores_the_same_beside_the_current_one_or_before_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let src = Source::new(
            &root.join("scoring-config.toml"),
            &root.join("data"),
            ReadOptions::default(),
        )
        .unwrap();
        let p: Period = "2024Q4".parse().unwrap();
        let e: Period = "2024Q3".parse().unwrap();
        let run = |side| src.earlier_beside(Some(e), None, side, || src.evaluate_track(p, None));
        let ((side_e, side_now), (seq_e, seq_now)) = (run(true), run(false));
        let (side_e, seq_e) = (side_e.unwrap(), seq_e.unwrap());
        assert_eq!((side_e.0, seq_e.0), (e, e));
        let (side_e, seq_e) = (side_e.1.unwrap(), seq_e.1.unwrap());
        let units = side_e.registry.len();
        let standings: Vec<_> = (0..units).map(|u| side_e.standing(u)).collect();
        assert_eq!(
            standings,
            (0..units).map(|u| seq_e.standing(u)).collect::<Vec<_>>()
        );
        assert!(
            standings.iter().flatten().count() > 300,
            "the sample's 2024Q3 is assessed"
        );
        let (side_now, seq_now) = (side_now.unwrap(), seq_now.unwrap());
        for (a, b) in side_now.res.tracks.iter().zip(&seq_now.res.tracks) {
            assert_eq!((&a.rounded, &a.rank), (&b.rounded, &b.rank));
        }
        // Without an earlier period only `now` runs.
        assert!(matches!(
            src.earlier_beside(None, None, true, || 7),
            (None, 7)
        ));
    }
}
