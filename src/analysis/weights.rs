//! Objective weights as advice (`pingyi weights`), never applied: per track, entropy and CRITIC
//! weights of its indicators beside the configured points, and a TOPSIS ranking beside pingyi's.
//!
//! The decision matrix is the indicators' attainments, score / P (in [0, 1], higher is better
//! whatever the indicator's direction, since scoring has applied it), of the units whose every
//! indicator was scored from a value (imputed values count; zero- or average-filled cells and
//! not-applicable indicators leave the unit out — listed by number). Scores rather than raw
//! values: they are ≥ 0 (entropy needs it), share one direction, and are what the points weigh.

use crate::composite::{competition_ranks, critic_weights, entropy_weights, topsis, Direction};
use crate::composite::{CompositeError, TopsisNorm};
use crate::eval::Evaluation;
use crate::results::Status;

/// One track's advice.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackWeights {
    pub track: usize,
    /// Per slot: configured share P/ΣP, entropy weight, CRITIC weight.
    pub indicators: Vec<IndicatorWeights>,
    /// How many units the matrix has (every indicator scored from a value).
    pub complete: usize,
    /// Units in the matrix with their TOPSIS result, in pingyi's display order (none when TOPSIS
    /// cannot be computed).
    pub units: Vec<UnitTopsis>,
    /// Units left out (a filled or not-applicable cell).
    pub left_out: usize,
    /// Why no weights could be derived, when none could.
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorWeights {
    /// Config indicator index.
    pub indicator: usize,
    pub points: f64,
    pub configured: f64,
    pub entropy: Option<f64>,
    pub critic: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitTopsis {
    /// Registry index.
    pub unit: usize,
    pub rank: u32,
    /// TOPSIS closeness with the configured points as weights (vector normalisation).
    pub closeness: f64,
    /// Competition rank on the closeness among the units in the matrix.
    pub topsis_rank: usize,
}

/// Is a big unit winning because it is big? The correlation of the published (rounded) totals
/// of a track with a unit attribute (population, area, GDP …), over the units that have it.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeCorrelation {
    pub track: usize,
    /// Units with the attribute.
    pub n: usize,
    /// Pearson's r of total and attribute; `None` with fewer than 3 units or a constant side.
    pub pearson: Option<f64>,
    /// Spearman's ρ: Pearson's r of the ranks (ties take their average rank).
    pub spearman: Option<f64>,
}

/// The correlation of track `t`'s totals with `size` (per registry unit).
pub fn size_correlation(ev: &Evaluation, t: usize, size: &[Option<f64>]) -> SizeCorrelation {
    let tr = &ev.res.tracks[t];
    let (x, y): (Vec<f64>, Vec<f64>) = tr
        .order
        .iter()
        .filter_map(|&pos| size[tr.units[pos]].map(|s| (tr.rounded[pos], s)))
        .unzip();
    let ok = x.len() >= 3;
    SizeCorrelation {
        track: t,
        n: x.len(),
        pearson: ok.then(|| pearson(&x, &y)).flatten(),
        spearman: ok
            .then(|| pearson(&average_ranks(&x), &average_ranks(&y)))
            .flatten(),
    }
}

/// `Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)²·Σ(y − ȳ)²)`; `None` when either side is constant.
fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Ranks from 1 (smallest) with ties given the mean of the ranks they span.
fn average_ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i + 1;
        while j < idx.len() && v[idx[j]] == v[idx[i]] {
            j += 1;
        }
        let mean = (i + 1 + j) as f64 / 2.0;
        for &k in &idx[i..j] {
            r[k] = mean;
        }
        i = j;
    }
    r
}

/// The advice for track `t`.
pub fn track_weights(ev: &Evaluation, t: usize) -> TrackWeights {
    let cfg = &ev.cfg;
    let tr = &ev.res.tracks[t];
    let track = &cfg.tracks[t];
    let cols = &tr.scores.columns;
    let complete = |pos: usize| {
        cols.iter()
            .all(|c| matches!(c.status(pos), Status::Scored | Status::Imputed))
    };
    let rows: Vec<usize> = tr.order.iter().copied().filter(|&p| complete(p)).collect();
    let points: Vec<f64> = track.indicators.iter().map(|ti| ti.points).collect();
    let sum: f64 = points.iter().sum();
    let matrix: Vec<Vec<f64>> = cols
        .iter()
        .zip(&points)
        .map(|(c, &p)| rows.iter().map(|&pos| c.score(pos) / p).collect())
        .collect();
    let view: Vec<&[f64]> = matrix.iter().map(Vec::as_slice).collect();
    let dirs = vec![Direction::Higher; view.len()];
    let entropy = entropy_weights(&view);
    let critic = critic_weights(&view, &dirs);
    let closeness = topsis(&view, &points, &dirs, TopsisNorm::Vector);
    let error = [&entropy, &critic, &closeness]
        .iter()
        .find_map(|r| r.as_ref().err().map(CompositeError::to_string));
    let indicators = track
        .indicators
        .iter()
        .enumerate()
        .map(|(k, ti)| IndicatorWeights {
            indicator: ti.indicator,
            points: ti.points,
            configured: ti.points / sum,
            entropy: entropy.as_ref().ok().map(|w| w[k]),
            critic: critic.as_ref().ok().map(|w| w[k]),
        })
        .collect();
    let units = match &closeness {
        Ok(c) => {
            let ranks = competition_ranks(&c.iter().map(|&x| Some(x)).collect::<Vec<_>>());
            rows.iter()
                .zip(c)
                .zip(ranks)
                .map(|((&pos, &closeness), r)| UnitTopsis {
                    unit: tr.units[pos],
                    rank: tr.rank[pos],
                    closeness,
                    topsis_rank: r.unwrap_or(0),
                })
                .collect()
        }
        Err(_) => Vec::new(),
    };
    TrackWeights {
        track: t,
        indicators,
        complete: rows.len(),
        units,
        left_out: tr.units.len() - rows.len(),
        error,
    }
}

#[cfg(test)]
mod tests;
