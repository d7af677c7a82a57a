//! Opening a period for a command: the scheme that applies to it, its data, its results, and the
//! earlier period its trends compare with.
//!
//! [`Source`] is what every command reads from: the top-level config (loaded once, with its
//! [`Settings`]), the data folder and how files are read. [`Source::open`] evaluates a period and,
//! as [`Against`] says, the earlier one — the one policy every command shares. Warnings come back
//! as values ([`Evaluation::warnings`]); nothing here prints.

mod lookup;
pub mod provenance;
pub mod year;

use std::path::{Path, PathBuf};

use crate::config::{Config, Settings};
use crate::data::{Dataset, ReadOptions};
use crate::error::{Error, Problem, Problems, Severity};
use crate::period::{latest_quarter, Period};
use crate::results::{Results, TrackResult};
use crate::scoring::rank::evaluate;

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
    pub before: Option<Evaluation>,
}

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
                (Err((kind, "not a file".to_string())), Settings::default())
            }
            Err(e) => (Err((e.kind(), e.to_string())), Settings::default()),
        };
        Ok(Source {
            config: config.to_path_buf(),
            data: data.to_path_buf(),
            read,
            top,
            settings,
        })
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
        if own.is_file() {
            Config::load(&own)
        } else {
            self.top().cloned()
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
        let cfg = self.scheme(period)?;
        let (ds, warnings) = Dataset::load_with(&cfg, &self.data, period, &self.read)?;
        let res = evaluate(&cfg, &ds);
        Ok(Evaluation {
            cfg,
            ds,
            res,
            warnings,
        })
    }

    /// `period`, or the latest quarter folder.
    pub fn period(&self, period: Option<Period>) -> Result<Period, Error> {
        match period {
            Some(p) => Ok(p),
            None => latest_quarter(&self.data),
        }
    }

    /// Evaluates `period` (default: the latest quarter) and the earlier period `against` names.
    /// An earlier period that exists but cannot be scored is an error, as the current one is:
    /// a trend against a period that is wrong would be wrong too.
    pub fn open(&self, period: Option<Period>, against: Against) -> Result<Opened, Error> {
        let now = self.evaluate(self.period(period)?)?;
        let earlier = match against {
            Against::Nothing => None,
            Against::Previous => {
                Some(now.period().previous()).filter(|p| p.dir(&self.data).is_dir())
            }
            Against::Period(p) if p.dir(&self.data).is_dir() => Some(p),
            Against::Period(p) => {
                return Err(Error::Usage(format!(
                    "--against {p}: folder {} does not exist",
                    p.dir(&self.data).display()
                )))
            }
        };
        let mut now = now;
        let before = match earlier.map(|p| (p, self.evaluate(p))) {
            None => None,
            Some((_, Ok(ev))) => Some(ev),
            // The folder holds part of a period (say, only the values a growth indicator of the
            // next quarter compares with): it was never assessed, so there is nothing to compare.
            Some((p, Err(Error::Invalid(e))))
                if against == Against::Previous && e.only_absences() =>
            {
                let msg = format!("no trend columns: {p} holds only part of a period ({} problem(s) such as: {}); `pingyi check --period {p}` lists them", e.error_count(), first_error(&e));
                now.warnings.push(Problem::warning(&p.dir(&self.data), msg));
                None
            }
            Some((p, Err(e))) => return Err(earlier_failed(&p.dir(&self.data), p, against, e)),
        };
        Ok(Opened { now, before })
    }
}

fn first_error(e: &Problems) -> String {
    e.iter()
        .find(|p| p.severity == Severity::Error)
        .map_or_else(String::new, |p| p.message.clone())
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
        std::iter::once(&self.now)
            .chain(&self.before)
            .flat_map(|ev| ev.ds.inputs.iter().map(PathBuf::as_path))
            .collect()
    }
}

impl Evaluation {
    /// Loads `period` with its own config (`data/<period>/scoring-config.toml`, else `top`), and
    /// scores it.
    pub fn run(top: &Path, data: &Path, period: Period) -> Result<Evaluation, Error> {
        Source::new(top, data, ReadOptions::default())?.evaluate(period)
    }

    pub fn period(&self) -> Period {
        self.ds.period
    }

    /// Track result and position of a registry unit, if it was assessed in this period.
    pub fn locate(&self, unit: usize) -> Option<(&TrackResult, usize)> {
        let t = self.ds.unit_track[unit]?;
        Some((&self.res.tracks[t], self.ds.unit_pos[unit]))
    }

    /// The track id of a unit in this period.
    pub fn track_id(&self, unit: usize) -> Option<&str> {
        self.ds.unit_track[unit].map(|t| self.cfg.tracks[t].id.as_str())
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
