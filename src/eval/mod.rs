//! One period, evaluated end to end: the config that applies to it, its data, its results.

pub mod provenance;

use std::path::Path;

use crate::config::Config;
use crate::data::{Dataset, ReadOptions};
use crate::error::{Error, Problems};
use crate::period::Period;
use crate::results::{Results, TrackResult};
use crate::scoring::rank::evaluate;

/// A scored period with everything needed to explain it.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub cfg: Config,
    pub ds: Dataset,
    pub res: Results,
    /// Warnings met while loading.
    pub warnings: Problems,
}

impl Evaluation {
    /// Loads `period` with its own config (`data/<period>/scoring-config.toml`, else `top`), and
    /// scores it.
    pub fn run(top: &Path, data: &Path, period: Period) -> Result<Evaluation, Error> {
        Evaluation::run_with(top, data, period, &ReadOptions::default())
    }

    /// [`Evaluation::run`], reading the data files as `opts` says.
    pub fn run_with(
        top: &Path,
        data: &Path,
        period: Period,
        opts: &ReadOptions,
    ) -> Result<Evaluation, Error> {
        let cfg = Config::for_period(top, data, period)?;
        let (ds, warnings) = Dataset::load_with(&cfg, data, period, opts)?;
        let res = evaluate(&cfg, &ds);
        Ok(Evaluation {
            cfg,
            ds,
            res,
            warnings,
        })
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
}
