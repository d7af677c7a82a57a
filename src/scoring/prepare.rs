//! The steps between a cell and the value a method scores, in COINr's order: divide by the
//! unit's attribute (`denominator`, `scale`), fill missing cells from the unit's group (`missing
//! = "impute"`), treat outliers (`treat`). Each step is the mathematics of
//! [`crate::composite`], applied to the indicator's column on one track.
//!
//! An indicator that uses none of them is scored from its column as read (no copy is made); one
//! that does gets its derived column, held once per track ([`Prepared`]). Not-applicable cells
//! stay not applicable and are left out of every statistic; imputation never fills them.

use std::sync::Arc;

use crate::composite::{denominate, impute_by_group, treat};
use crate::config::{Config, Indicator, MissingPolicy};
use crate::data::{Cell, Column, Dataset, IndicatorData};
use crate::num::significant;
pub use crate::results::Prepared;

/// The derived column of indicator `ind` at `slot` of track `t`, or `None` when it uses no step.
pub fn prepare(
    cfg: &Config,
    ds: &Dataset,
    t: usize,
    ind: &Indicator,
    data: &IndicatorData,
) -> Option<Prepared> {
    if !ind.derives() {
        return None;
    }
    let td = &ds.tracks[t];
    let input = data.scored();
    let na: Vec<bool> = input.iter().map(|c| c == Cell::NotApplicable).collect();
    let mut col: Vec<Option<f64>> = input.iter().map(Cell::value).collect();
    let (mut denominator, mut denominated) = (None, None);
    if let Some(d) = &ind.denominator {
        let values = ds.attributes.get(&d.attribute);
        let dcol: Vec<Option<f64>> = td
            .units
            .iter()
            .map(|&u| values.and_then(|v| v[u]))
            .collect();
        // To 12 significant digits: equal values per head compare equal ([`significant`]).
        col = denominate(&col, &dcol, d.scale)
            .into_iter()
            .map(|v| v.map(significant))
            .collect();
        denominated = Some(Arc::new(to_column(&col, &na)));
        denominator = Some(dcol);
    }
    let mut imputed = Vec::new();
    if let MissingPolicy::Impute(fill, by) = ind.missing {
        // Not-applicable cells get a group of their own, which holds no value: never filled.
        let groups: Vec<(bool, (u8, usize))> = td
            .units
            .iter()
            .zip(&na)
            .map(|(&u, &na)| (na, by.key(&ds.registry.units[u])))
            .collect();
        let mut out = impute_by_group(&col, &groups, fill);
        // A group's mean or median to 12 significant digits, as a value typed would compare.
        for &p in &out.filled {
            out.values[p] = out.values[p].map(significant);
        }
        imputed = out
            .filled
            .iter()
            .filter_map(|&p| out.values[p].map(|v| (p, v)))
            .collect();
        col = out.values;
    }
    let mut treatment = None;
    if ind.treat {
        let (x, report) = treat(&col, &cfg.treatment);
        col = x;
        treatment = Some(report);
    }
    Some(Prepared {
        denominator,
        denominated,
        imputed,
        treatment,
        values: Arc::new(to_column(&col, &na)),
    })
}

/// A column of `values`, not-applicable where `na` says.
fn to_column(values: &[Option<f64>], na: &[bool]) -> Column {
    let cells: Vec<Cell> = values
        .iter()
        .zip(na)
        .map(|(v, &na)| match (v, na) {
            (_, true) => Cell::NotApplicable,
            (Some(x), false) => Cell::Value(*x),
            (None, false) => Cell::Missing,
        })
        .collect();
    Column::from_cells(&cells)
}
