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
    /// Units in the matrix, in pingyi's display order.
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
        units,
        left_out: tr.units.len() - rows.len(),
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::Fixture;

    #[test]
    fn fixture_a_by_hand() {
        // Fixture A: D has `tgt` not applicable, so A, B, C, E are in the matrix. Attainments
        // (out/50, tgt/30, acc/20): A (1, 1.2, 1), B (0.8, 1, 0.75), C (0.8, 0.8, 1),
        // E (0.4, 0.6, 0).
        let ev = Fixture::a().eval("2024Q2");
        let w = track_weights(&ev, 0);
        assert_eq!(w.left_out, 1);
        let ids: Vec<&str> = w
            .units
            .iter()
            .map(|u| ev.ds.registry.units[u.unit].id.as_str())
            .collect();
        assert_eq!(ids, ["A", "B", "C", "E"]);
        let configured: Vec<f64> = w.indicators.iter().map(|i| i.configured).collect();
        assert_eq!(configured, [0.5, 0.3, 0.2]);
        // Entropy of out: column (1, 0.8, 0.8, 0.4), sum 3; p = (1/3, 4/15, 4/15, 2/15).
        let e = |p: &[f64]| -p.iter().map(|&x| x * x.ln()).sum::<f64>() / 4f64.ln();
        let d_out = 1.0 - e(&[1.0 / 3.0, 4.0 / 15.0, 4.0 / 15.0, 2.0 / 15.0]);
        let d_tgt = 1.0 - e(&[1.2 / 3.6, 1.0 / 3.6, 0.8 / 3.6, 0.6 / 3.6]);
        // acc (1, 0.75, 1, 0), sum 2.75; 0·ln 0 = 0.
        let d_acc = 1.0 - e(&[1.0 / 2.75, 0.75 / 2.75, 1.0 / 2.75]);
        let total = d_out + d_tgt + d_acc;
        let entropy: Vec<f64> = w.indicators.iter().map(|i| i.entropy.unwrap()).collect();
        for (got, want) in entropy
            .iter()
            .zip([d_out / total, d_tgt / total, d_acc / total])
        {
            assert!((got - want).abs() < 1e-12, "{entropy:?}");
        }
        // TOPSIS: A is best on every criterion but tgt… and best there too: closeness 1.
        assert_eq!(w.units[0].topsis_rank, 1);
        assert!((w.units[0].closeness - 1.0).abs() < 1e-12);
        // E is worst on every criterion: closeness 0.
        assert_eq!(w.units[3].closeness, 0.0);
        assert_eq!(w.units[3].topsis_rank, 4);
    }

    #[test]
    fn size_correlation_of_fixture_a_by_hand() {
        // Totals A 108, B 85, C 85, D 47, E 38 against sizes 5, 4, 3, 2, 1 (by registry order
        // A..E). Pearson: x̄ = 72.6, ȳ = 3; Σdxdy = 2·35.4 + 12.4 + 0 + 25.6 + 2·34.6 = 178,
        // Σdx² = 3413.2, Σdy² = 10 ⇒ r = 178/√34132. Spearman on ranks (5, 3.5, 3.5, 2, 1) and
        // (5, 4, 3, 2, 1): Σ = 9.5, Σdx² = 9.5, Σdy² = 10 ⇒ ρ = 9.5/√95.
        let ev = Fixture::a().eval("2024Q2");
        let size: Vec<Option<f64>> = ev
            .ds
            .registry
            .units
            .iter()
            .map(|u| {
                Some(match u.id.as_str() {
                    "A" => 5.0,
                    "B" => 4.0,
                    "C" => 3.0,
                    "D" => 2.0,
                    _ => 1.0,
                })
            })
            .collect();
        let c = size_correlation(&ev, 0, &size);
        assert_eq!(c.n, 5);
        assert!(
            (c.pearson.unwrap() - 178.0 / 34132f64.sqrt()).abs() < 1e-12,
            "{c:?}"
        );
        assert!(
            (c.spearman.unwrap() - 9.5 / 95f64.sqrt()).abs() < 1e-12,
            "{c:?}"
        );
        // A unit without the attribute is left out; fewer than 3 give no figure.
        let two: Vec<Option<f64>> = size
            .iter()
            .enumerate()
            .map(|(i, s)| s.filter(|_| i < 2))
            .collect();
        let c = size_correlation(&ev, 0, &two);
        assert_eq!((c.n, c.pearson, c.spearman), (2, None, None));
    }
}
