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
}
