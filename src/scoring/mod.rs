//! The scoring core: pure functions from validated columns to scores. No I/O, no printing.
//!
//! Each indicator of a track is scored as one column ([`score_column`]); missing cells are then
//! filled by the indicator's policy, and each unit's indicator sum is rescaled over the indicators
//! applicable to it ([`score_track`]). Totals, ranks and grades follow in [`rank`].

pub mod absolute;
pub mod rank;
pub mod relative;

use crate::config::{Config, Direction, Method, MissingPolicy};
use crate::data::{Cell, Column, Dataset, IndicatorData, TrackData};
use crate::results::{ScoreColumn, Status, TrackScores};

/// Scores every peer in `col`; positions without a value are left at 0.
///
/// `p` is the indicator's points on the track. `targets` is required for `target`.
pub fn score_column(
    method: &Method,
    dir: Option<Direction>,
    p: f64,
    col: &Column,
    targets: Option<&[f64]>,
) -> Vec<f64> {
    let mut out = vec![0.0; col.len()];
    // Direction is validated to be present for the methods that use it.
    let d = dir.unwrap_or(Direction::Higher);
    match method {
        Method::Proportional => relative::proportional(col, d, p, &mut out),
        Method::Efficacy { base } => relative::efficacy(col, d, p, *base, &mut out),
        Method::Rank { step, floor } => relative::rank(col, d, p, *step, *floor, &mut out),
        Method::Target { cap, .. } => {
            absolute::target(col, d, p, *cap, targets.unwrap_or(&[]), &mut out)
        }
        Method::Bands(b) => absolute::bands(col, b, &mut out),
        Method::Deduct { per, threshold } => {
            absolute::deduct(col, d, p, *per, *threshold, &mut out)
        }
        Method::Direct => absolute::direct(col, &mut out),
        Method::Binary => absolute::binary(col, p, &mut out),
    }
    out
}

/// Scores one indicator column and applies the missing policy.
pub fn score_indicator(
    method: &Method,
    dir: Option<Direction>,
    missing: MissingPolicy,
    p: f64,
    data: &IndicatorData,
) -> ScoreColumn {
    let col = data.scored();
    let mut score = score_column(method, dir, p, col, data.targets.as_deref());
    let mut status = Vec::with_capacity(col.len());
    for cell in col.iter() {
        status.push(match cell {
            Cell::Value(_) => Status::Scored,
            Cell::NotApplicable => Status::NotApplicable,
            Cell::Missing => match missing {
                MissingPolicy::Average => Status::AverageFilled,
                // `error` never reaches scoring: loading fails on a missing cell.
                MissingPolicy::Zero | MissingPolicy::Error => Status::ZeroFilled,
            },
        });
    }
    let mean = peer_mean(&score, &status);
    for (s, st) in score.iter_mut().zip(&status) {
        match st {
            Status::AverageFilled => *s = mean,
            Status::ZeroFilled | Status::NotApplicable => *s = 0.0,
            Status::Scored => {}
        }
    }
    ScoreColumn { score, status }
}

/// The mean score of the units scored from a value (0 if none), for policy `average`.
///
/// Summed in sorted order, so that the order of the rows cannot change the last bits, and kept
/// within the peers' lowest and highest score, where it lies mathematically (a sum of equal
/// scores can round above n times the score).
fn peer_mean(score: &[f64], status: &[Status]) -> f64 {
    let mut peers: Vec<f64> = score
        .iter()
        .zip(status)
        .filter(|(_, st)| **st == Status::Scored)
        .map(|(s, _)| *s)
        .collect();
    if peers.is_empty() {
        return 0.0;
    }
    peers.sort_by(f64::total_cmp);
    let (lo, hi) = (peers[0], peers[peers.len() - 1]);
    // max/min rather than clamp, which panics on NaN bounds.
    (peers.iter().sum::<f64>() / peers.len() as f64)
        .max(lo)
        .min(hi)
}

/// Scores all indicators of track `t` and rescales each unit's sum to the track total.
pub fn score_track(cfg: &Config, t: usize, td: &TrackData) -> TrackScores {
    let track = &cfg.tracks[t];
    let n = td.units.len();
    let columns: Vec<ScoreColumn> = track
        .indicators
        .iter()
        .zip(&td.columns)
        .map(|(ti, data)| {
            let ind = cfg.indicator(ti);
            score_indicator(&ind.method, ind.direction, ind.missing, ti.points, data)
        })
        .collect();
    let mut dims: Vec<usize> = track
        .indicators
        .iter()
        .map(|ti| cfg.indicator(ti).dimension)
        .collect();
    dims.sort_unstable();
    dims.dedup();
    let slot_dim: Vec<usize> = track
        .indicators
        .iter()
        .map(|ti| {
            dims.binary_search(&cfg.indicator(ti).dimension)
                .unwrap_or(0)
        })
        .collect();
    let mut applicable = vec![0.0; n];
    let mut raw_sum = vec![0.0; n];
    let mut dim_scores = vec![vec![0.0; n]; dims.len()];
    for (slot, (ti, col)) in track.indicators.iter().zip(&columns).enumerate() {
        for pos in 0..n {
            if col.status[pos] != Status::NotApplicable {
                applicable[pos] += ti.points;
                raw_sum[pos] += col.score[pos];
                dim_scores[slot_dim[slot]][pos] += col.score[pos];
            }
        }
    }
    // A = 0 is rejected when loading; guard anyway so that no NaN can escape.
    let scale: Vec<f64> = applicable
        .iter()
        .map(|&a| if a > 0.0 { track.total / a } else { 0.0 })
        .collect();
    // With every indicator applicable (A = T) the sum is taken as it is, bit for bit, as anyone
    // adding up the scores would. Otherwise T·(sum/A), not sum·(T/A): the 得分率 sum/A is at
    // most 1 when every score is at most its points, even in floating point, so the rescaled
    // sum cannot round above T.
    let rescale = |x: f64, a: f64| {
        if a == track.total {
            x
        } else if a > 0.0 {
            track.total * (x / a)
        } else {
            0.0
        }
    };
    for d in &mut dim_scores {
        for (v, &a) in d.iter_mut().zip(&applicable) {
            *v = rescale(*v, a);
        }
    }
    let indicator_total = raw_sum
        .iter()
        .zip(&applicable)
        .map(|(&s, &a)| rescale(s, a))
        .collect();
    TrackScores {
        columns,
        applicable,
        raw_sum,
        scale,
        dims,
        dim_scores,
        indicator_total,
    }
}

/// Scores every track of a dataset.
pub fn score_all(cfg: &Config, ds: &Dataset) -> Vec<TrackScores> {
    ds.tracks
        .iter()
        .enumerate()
        .map(|(t, td)| score_track(cfg, t, td))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::period::Period;
    use crate::units::{Category, Registry, Unit};

    fn filled(values: &[Cell]) -> f64 {
        let data = IndicatorData::new(Column::from_cells(values));
        let col = score_indicator(&Method::Direct, None, MissingPolicy::Average, 1.0, &data);
        col.score[values.len() - 1]
    }

    #[test]
    fn average_fill_does_not_depend_on_row_order() {
        // Found by the property tests: summing in row order gave 0.6000000000000001 / 3 one
        // way and 0.6 / 3 the other, so a permuted file could change a total's last bits.
        let v = |x| Cell::Value(x);
        let a = filled(&[v(0.1), v(0.2), v(0.3), Cell::Missing]);
        let b = filled(&[v(0.3), v(0.2), v(0.1), Cell::Missing]);
        assert_eq!(a.to_bits(), b.to_bits());
    }

    #[test]
    fn average_of_equal_scores_does_not_round_above_them() {
        // Found by the property tests: 0.1 + 0.1 + 0.1 = 0.30000000000000004, / 3 > 0.1.
        let v = Cell::Value(0.1);
        assert_eq!(filled(&[v, v, v, Cell::Missing]), 0.1);
    }

    #[test]
    fn rescaled_sum_never_rounds_above_the_track_total() {
        // Found by the property tests: with `a` not applicable, A = 73 and a full score of 73
        // rescaled as sum·(T/A) gave 118.70000000000002; T·(sum/A) cannot exceed T.
        let cfg = Config::parse(
            r#"
[[dimensions]]
id = "d"
name = "D"
[[tracks]]
id = "t"
name = "T"
categories = ["township"]
total = 118.7
grades = { by = "share", levels = [{ name = "A", share = 1.0 }] }
[[indicators]]
id = "a"
name = "A"
dimension = "d"
method = "binary"
points = { t = 45.7 }
[[indicators]]
id = "b"
name = "B"
dimension = "d"
method = "direct"
points = { t = 73 }
"#,
            Path::new("c.toml"),
        )
        .unwrap();
        let reg = Registry::from_units(vec![Unit::new("T1", "甲镇", Category::Township)]);
        let cols = vec![vec![
            IndicatorData::new(Column::from_cells(&[Cell::NotApplicable])),
            IndicatorData::new(Column::from_cells(&[Cell::Value(73.0)])),
        ]];
        let (ds, _) =
            Dataset::from_columns(&cfg, Period::Quarter(2024, 2), reg.unwrap(), cols).unwrap();
        let s = score_track(&cfg, 0, &ds.tracks[0]);
        assert_eq!(s.indicator_total, vec![118.7]);
        assert_eq!(s.dim_scores, vec![vec![118.7]]);
    }
}
