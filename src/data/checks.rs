//! Checks on single cells that every way into a [`super::Dataset`] applies — files and memory —
//! so that scoring can trust each value it sees.

use super::Cell;
use crate::config::{Config, Method, MissingPolicy, TrackIndicator};

/// Whether `cell` may be scored for indicator `ti` on track `t`; the message says why not.
pub fn check_cell(cfg: &Config, t: usize, ti: &TrackIndicator, cell: Cell) -> Result<(), String> {
    let ind = cfg.indicator(ti);
    match (cell, &ind.method) {
        (Cell::Missing, _) if ind.missing == MissingPolicy::Error => Err(format!("missing value for `{}` ({}); fill it, mark it `不适用`, or set the indicator's `missing` policy to `zero` or `average`", ind.id, ind.name)),
        (Cell::Value(v), _) if !v.is_finite() => Err(format!("`{v}` is not a finite number")),
        (Cell::Value(v), Method::Proportional) if v < 0.0 => Err(format!(
            "negative value {v}: method `proportional` needs values ≥ 0"
        )),
        (Cell::Value(v), Method::Direct) if !(0.0..=ti.points).contains(&v) => Err(format!(
            "direct score {v} lies outside [0, {}], the indicator's points on track `{}`",
            ti.points, cfg.tracks[t].id
        )),
        (Cell::Value(v), Method::Binary) if v != 0.0 && v != 1.0 => Err(format!(
            "expected 1 or 0 (是 / 否) for a completed / not-completed indicator, found {v}"
        )),
        _ => Ok(()),
    }
}
