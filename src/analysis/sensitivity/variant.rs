//! The score columns a draw may select ([`Variant`]): the nominal one, as the track was scored,
//! and the column of an alternative method or missing-value policy, scored once up front.

use crate::config::Config;
use crate::data::Dataset;
use crate::results::{ScoreColumn, Status, TrackResult};

/// One score column a draw may select: the score per position (0 where not applicable).
#[derive(Debug, Clone)]
pub struct Variant {
    pub score: Vec<f64>,
    pub applicable: Vec<bool>,
    /// 1 where applicable, 0 where not: `app += p·mask` adds p or exactly nothing, without a
    /// branch per cell.
    pub(super) mask: Vec<f64>,
}

impl Variant {
    pub(super) fn new(score: Vec<f64>, applicable: Vec<bool>) -> Variant {
        let mask = applicable.iter().map(|&a| f64::from(u8::from(a))).collect();
        Variant {
            score,
            applicable,
            mask,
        }
    }

    /// The scores of `col`'s `n` positions.
    fn of(col: &ScoreColumn, n: usize) -> Variant {
        let applicable: Vec<bool> = (0..n)
            .map(|i| col.status(i) != Status::NotApplicable)
            .collect();
        let score = (0..n)
            .map(|i| if applicable[i] { col.score(i) } else { 0.0 })
            .collect();
        Variant::new(score, applicable)
    }
}

/// The nominal column of `slot`, as scored.
pub(super) fn nominal(tr: &TrackResult, slot: usize) -> Variant {
    Variant::of(&tr.scores.columns[slot], tr.units.len())
}

/// The column of `slot` of track `t` scored under `cfg` (a variant of the scheme).
pub fn variant_of(cfg: &Config, ds: &Dataset, t: usize, slot: usize) -> Variant {
    let s = crate::scoring::score_track(cfg, ds, t);
    let col = &s.columns[slot];
    Variant::of(col, col.len())
}
