//! `check`'s policy: a period read as far as it goes, with every problem found — in its own data,
//! its adjustments, and the earlier period its trends would compare with.

use crate::config::Config;
use crate::data::Dataset;
use crate::error::{Error, Problems};
use crate::period::Period;

use super::{bounds, select_tracks, Against, Evaluation, Source};

/// A period checked: its scheme, what could be read of its data, and every problem.
#[derive(Debug)]
pub struct Checked {
    pub cfg: Config,
    pub ds: Dataset,
    pub problems: Problems,
}

impl Source {
    /// Checks `period` (default: the latest quarter), only the track named `track` when given.
    /// Unlike [`Source::open`], problems are returned rather than raised, so that the caller can
    /// still show what the period has; the earlier period is checked only when this one has no
    /// error (its problems would bury the period's own).
    pub fn check(&self, period: Option<Period>, track: Option<&str>) -> Result<Checked, Error> {
        let period = self.period(period)?;
        let cfg = self.scheme(period)?;
        let only = track.map(|_| select_tracks(&cfg, track)).transpose()?;
        // The earlier period is scored to its standings as `Source::open` does; its outcome
        // counts only when this period has no error.
        let e = self.earlier_period(period, Against::Previous)?;
        let (earlier, read) =
            self.with_earlier(e, track, || self.read(&cfg, period, only.as_deref()));
        let (ds, mut problems) = read?;
        self.scheme_warnings(&cfg, &ds, only.as_deref(), &mut problems);
        let adj = bounds::adjustments_file(&period.dir(&self.data), &ds.inputs);
        bounds::adjustments(&ds, &ds.adjustments, &adj, &mut problems);
        if !problems.has_errors() {
            match self.settle(earlier, Against::Previous, &mut problems) {
                Ok(_) => {}
                Err(Error::Invalid(e)) => problems.extend_new(e),
                Err(e) => return Err(e),
            }
        }
        // The [sensitivity] alternatives name indicators and methods of this scheme.
        if let Some(spec) = &self.settings.sensitivity {
            if let Err(Error::Invalid(e)) = spec.resolve(&cfg) {
                problems.extend(e);
            }
        }
        Ok(Checked { cfg, ds, problems })
    }
}

impl Checked {
    /// The period scored as read, for provenance.
    pub fn scored(&self) -> Evaluation {
        Evaluation {
            cfg: self.cfg.clone(),
            ds: self.ds.clone(),
            res: crate::evaluate(&self.cfg, &self.ds),
            warnings: Problems::new(),
        }
    }

    /// The summary lines printed after a successful check.
    pub fn summary(&self) -> Vec<String> {
        let (cfg, ds) = (&self.cfg, &self.ds);
        let mut lines = vec![format!(
            "config: {} (sha256 {})",
            cfg.path.display(),
            cfg.sha256
        )];
        for (path, how) in &ds.read_as {
            lines.push(format!("read: {} as {how}", path.display()));
        }
        let units: usize = ds.tracks.iter().map(|t| t.units.len()).sum();
        lines.push(format!(
            "ok: {} — {} tracks, {} indicators, {units} units, {} adjustments; {} warning(s)",
            ds.period,
            cfg.tracks.len(),
            cfg.indicators.len(),
            ds.adjustments.len(),
            self.problems.warning_count()
        ));
        lines
    }
}
