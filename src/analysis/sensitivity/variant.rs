//! The score columns a draw may select ([`Variant`]): the nominal one, as the track was scored,
//! and the column of an alternative method or missing-value policy, scored once up front.

use std::sync::Arc;

use crate::config::{Config, Method, MissingPolicy};
use crate::data::{Cell, Dataset, IndicatorData};
use crate::results::{ScoreColumn, Status, TrackResult};
use crate::scoring::{prepare, score_prepared};

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

/// Why a variant of the scheme is refused, and whether by its missing-value policy (else by its
/// method): the command line or config section that gave it is named.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub by_policy: bool,
    pub message: String,
}

impl Refused {
    fn policy(message: String) -> Refused {
        Refused {
            by_policy: true,
            message,
        }
    }
}

/// The column of `slot` of track `t` scored under `cfg` (a variant of the scheme), or why the
/// variant cannot score it — as the scheme's own rules would refuse it, not scored 0 without a
/// word: a missing cell its policy cannot fill (`average` without a peer value, `impute` without a
/// value in the unit's group), or a unit without a target under an alternative `target` method.
///
/// Under `target`, a unit's row of the targets table is kept and every other unit gets the
/// variant's `target` (an indicator scored by another method has no rows there).
pub fn variant_of(cfg: &Config, ds: &Dataset, t: usize, slot: usize) -> Result<Variant, Refused> {
    let ti = &cfg.tracks[t].indicators[slot];
    let ind = cfg.indicator(ti);
    let td = &ds.tracks[t];
    let label = |pos: usize| ds.label(td.units[pos]);
    let nominal = &td.columns[slot];
    let retargeted;
    let data = match ind.method {
        Method::Target { target, .. } => {
            let rows = nominal.target_rows.as_deref();
            let given = nominal.targets.as_deref();
            let targets: Vec<f64> = (0..nominal.raw.len())
                .map(|pos| match (rows, given) {
                    (Some(r), Some(g)) if r[pos] => g[pos],
                    _ => target.unwrap_or(f64::NAN),
                })
                .collect();
            if let Some((pos, _)) = nominal
                .scored()
                .values()
                .find(|&(pos, _)| targets[pos].is_nan())
            {
                return Err(Refused {
                    by_policy: false,
                    message: format!(
                        "method `target` has no target for unit {} (no `target` in the alternative, no row in the targets table): give the alternative a `target`",
                        label(pos)
                    ),
                });
            }
            retargeted = IndicatorData {
                targets: Some(Arc::new(targets)),
                ..nominal.clone()
            };
            &retargeted
        }
        _ => nominal,
    };
    let prepared = prepare::prepare(cfg, ds, t, ind, data);
    let input = prepared.as_ref().map_or(data.scored(), |p| &*p.values);
    let has_value = input.values().next().is_some();
    let missing = (0..input.len()).find(|&pos| input.get(pos) == Cell::Missing);
    match (ind.missing, missing) {
        (MissingPolicy::Average, Some(pos)) if !has_value => {
            return Err(Refused::policy(format!(
                "`average` cannot fill the missing cell of unit {}: no unit of the track has a value: drop the policy",
                label(pos)
            )))
        }
        (MissingPolicy::Impute(_, by), Some(pos)) => {
            return Err(Refused::policy(format!(
                "`impute` (by {}) cannot fill the missing cell of unit {}: no unit of its group has a value: drop the policy, or impute by a wider group",
                by.name(),
                label(pos)
            )))
        }
        _ => {}
    }
    let col = score_prepared(
        &ind.method,
        ind.direction,
        ind.missing,
        ti.points,
        data,
        prepared.as_ref(),
    );
    Ok(Variant::of(&col, col.len()))
}
