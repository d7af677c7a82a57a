//! What happened to each value before it was scored, per track and indicator: the division by a
//! unit attribute, the imputation of missing cells, and the outlier treatment with the skewness
//! and kurtosis before and after — what `pingyi check` reports, so that the office sees it before
//! any result is published.

use crate::composite::TreatReport;
use crate::config::{Config, MissingPolicy};
use crate::data::Dataset;
use crate::results::Results;

/// One indicator on one track that is not scored from its cells as they are.
#[derive(Debug, Clone, PartialEq)]
pub struct StepLine {
    pub track: usize,
    /// Index into [`Config::indicators`].
    pub indicator: usize,
    /// `(attribute, scale, values divided)`, when divided by a denominator.
    pub denominator: Option<(String, f64, usize)>,
    /// Cells filled by imputation, when the policy is `impute`.
    pub imputed: Option<usize>,
    /// The outlier treatment, when the indicator is treated.
    pub treatment: Option<TreatReport>,
}

/// The steps of a checked period: none when it has errors (it cannot be scored) or when no
/// indicator derives its values.
pub fn checked_steps(cfg: &Config, ds: &Dataset, failed: bool) -> Vec<StepLine> {
    if failed || !cfg.indicators.iter().any(|i| i.derives()) {
        return Vec::new();
    }
    step_lines(cfg, ds, &crate::evaluate(cfg, ds))
}

/// Every derived indicator of every track, in track and config order.
pub fn step_lines(cfg: &Config, ds: &Dataset, res: &Results) -> Vec<StepLine> {
    let mut out = Vec::new();
    for tr in &res.tracks {
        let track = &cfg.tracks[tr.track];
        if ds.tracks[tr.track].units.is_empty() {
            continue;
        }
        for (slot, ti) in track.indicators.iter().enumerate() {
            let Some(p) = tr.scores.prepared[slot].as_deref() else {
                continue;
            };
            let ind = cfg.indicator(ti);
            out.push(StepLine {
                track: tr.track,
                indicator: ti.indicator,
                denominator: ind.denominator.as_ref().map(|d| {
                    let n = p.denominated.as_ref().map_or(0, |c| c.values().count());
                    (d.attribute.clone(), d.scale, n)
                }),
                imputed: matches!(ind.missing, MissingPolicy::Impute(..))
                    .then_some(p.imputed.len()),
                treatment: p.treatment.clone(),
            });
        }
    }
    out
}
