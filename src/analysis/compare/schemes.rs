//! Opening one period under two schemes for [`compare`](super::compare): each evaluation, the
//! old scheme's warnings the new one does not repeat, every file read (which no output may
//! replace) and one provenance for both.

use std::path::{Path, PathBuf};

use crate::error::{Error, Problems};
use crate::eval::provenance::Provenance;
use crate::eval::scheme::SchemeOf;
use crate::eval::{Evaluation, Source};
use crate::period::Period;

/// One period's data scored under the old scheme (`from`) and the new one (`to`).
#[derive(Debug)]
pub struct Schemes {
    pub from: Evaluation,
    pub to: Evaluation,
    /// The old scheme's warnings that the new scheme's do not already say (same message and file).
    pub more_warnings: Problems,
}

impl Schemes {
    /// Scores `period` (default: the latest) under `from` (default: the period's own scheme) and
    /// `to` (default: the top-level config); only `track` of the new scheme when given — the old
    /// scheme may not have it, and then scores every unit of the period.
    pub fn open(
        src: &Source,
        period: Option<Period>,
        from: Option<&SchemeOf>,
        to: Option<&SchemeOf>,
        track: Option<&str>,
    ) -> Result<Schemes, Error> {
        let period = src.period(period)?;
        let from_cfg = src.scheme_of(from.unwrap_or(&SchemeOf::Period(period)))?;
        let to_cfg = src.scheme_of(to.unwrap_or(&SchemeOf::Top))?;
        let to = src.evaluate_under(to_cfg, period, track)?;
        let old_track = track.filter(|t| from_cfg.tracks.iter().any(|x| x.id == *t));
        let from = src.evaluate_under(from_cfg, period, old_track)?;
        let more_warnings = from.warnings.warnings_not_in(&to.warnings);
        Ok(Schemes {
            from,
            to,
            more_warnings,
        })
    }

    /// Every file read: both evaluations' inputs and both configs.
    pub fn inputs(&self) -> Vec<&Path> {
        let (from, to) = (&self.from, &self.to);
        to.ds
            .inputs
            .iter()
            .chain(&from.ds.inputs)
            .chain([&from.cfg.path, &to.cfg.path])
            .map(PathBuf::as_path)
            .collect()
    }

    /// The new scheme's provenance with the old config, and the old evaluation's inputs not
    /// already listed.
    pub fn provenance(&self) -> Result<Provenance, Error> {
        let extra = vec![self.from.cfg.path.clone()];
        let mut p = Provenance::collect_with(&self.to, None, &extra)?;
        let more = Provenance::collect(&self.from, None)?;
        for i in more.inputs {
            if !p.inputs.contains(&i) {
                p.inputs.push(i);
            }
        }
        Ok(p)
    }
}
