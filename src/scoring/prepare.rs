//! The steps between a cell and the value a method scores, in COINr's order: divide by the
//! unit's attribute (`denominator`, `scale`), fill missing cells from the unit's group (`missing
//! = "impute"`), treat outliers (`treat`). Each step is the mathematics of
//! [`crate::composite`], applied to the indicator's column on one track.
//!
//! An indicator that uses none of them is scored from its column as read (no copy is made); one
//! that does gets its derived column, held once per track ([`Prepared`]). Not-applicable cells
//! stay not applicable and are left out of every statistic; imputation never fills them.

use std::sync::Arc;

use crate::composite::{impute_by_group_with, treat, Fill};
use crate::config::{Config, Indicator, MissingPolicy};
use crate::data::{Cell, Column, Dataset, IndicatorData};
use crate::num::{per_head, significant_mean};
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
        // To 12 significant digits, from the decimals read: equal values per head compare
        // equal ([`per_head`]).
        col = col
            .iter()
            .zip(&dcol)
            .map(|(x, by)| match (x, by) {
                (Some(x), Some(by)) if *by != 0.0 => Some(per_head(*x, *by, d.scale)),
                _ => None,
            })
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
        // A group's mean or median to 12 significant digits, from the decimals read, as a
        // value typed would compare ([`significant_mean`]).
        let out = impute_by_group_with(&col, &groups, |values| group_stat(values, fill));
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

/// The mean or median of a group's `values` to 12 significant digits, each taken on the exact
/// decimals read: the mean of them all, the middle value, or the mean of the two middle ones.
fn group_stat(values: &mut [f64], fill: Fill) -> Option<f64> {
    match fill {
        Fill::Mean => significant_mean(values),
        Fill::Median => {
            values.sort_by(f64::total_cmp);
            let n = values.len();
            match n {
                0 => None,
                _ if n % 2 == 1 => significant_mean(&values[n / 2..=n / 2]),
                _ => significant_mean(&values[n / 2 - 1..=n / 2]),
            }
        }
    }
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
