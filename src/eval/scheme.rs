//! A period's data scored under a scheme chosen by the caller rather than the one that applies
//! to the period: what `pingyi compare` needs, to put two schemes side by side on the same data.
//!
//! Kept in its own file beside [`Source::evaluate_track`] (which scores a period under its own
//! scheme), with the same checks in the same order.

use super::{bounds, select_tracks, Evaluation, Source};
use crate::config::Config;
use crate::error::{Error, Problems};
use crate::period::Period;
use crate::scoring::rank::evaluate;

/// Where a scheme to compare comes from: a file, or whichever scheme scores a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeOf {
    /// A scoring-config file.
    File(std::path::PathBuf),
    /// The scheme that scores this period: its own `data/<period>/scoring-config.toml`, else the
    /// top-level config.
    Period(Period),
    /// The top-level config (`--config`).
    Top,
}

impl Source {
    /// The scheme `which` names.
    pub fn scheme_of(&self, which: &SchemeOf) -> Result<Config, Error> {
        match which {
            SchemeOf::File(p) => Config::load(p),
            SchemeOf::Period(p) => self.scheme(*p),
            SchemeOf::Top => self.top().cloned(),
        }
    }

    /// Loads `period` and scores it under `cfg`, only the track named `track` when given (an
    /// unknown id is a usage error).
    pub fn evaluate_under(
        &self,
        cfg: Config,
        period: Period,
        track: Option<&str>,
    ) -> Result<Evaluation, Error> {
        let only = match track {
            Some(_) => Some(select_tracks(&cfg, track)?),
            None => None,
        };
        let (ds, problems) = self.read(&cfg, period, only.as_deref())?;
        let mut warnings = problems.into_result()?;
        self.scheme_warnings(&cfg, &ds, only.as_deref(), &mut warnings);
        let mut problems = Problems::new();
        let adj = bounds::adjustments_file(&period.dir(&self.data), &ds.inputs);
        bounds::adjustments(&ds, &ds.adjustments, &adj, &mut problems);
        let res = evaluate(&cfg, &ds);
        bounds::finite(&ds, &res, &cfg.path, &mut problems);
        problems.into_result()?;
        Ok(Evaluation {
            cfg,
            ds,
            res,
            warnings,
        })
    }
}
