//! Filling missing cells from peers: the mean or median of the unit's group (its category,
//! parent township or track, given as a parallel slice of labels) or of every unit.
//!
//! Filled values are computed from the values present *before* filling, so the order of units
//! does not matter. A group in which no unit has a value cannot fill its gaps: they stay missing
//! and are listed in [`Imputation::unfilled`], for the caller to report or fill otherwise.

use std::collections::HashMap;
use std::hash::Hash;

/// The statistic that fills a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Arithmetic mean of the values present.
    Mean,
    /// Median of the values present: the middle value, or the mean of the two middle values.
    Median,
}

/// An imputed column and which cells were filled.
#[derive(Debug, Clone, PartialEq)]
pub struct Imputation {
    pub values: Vec<Option<f64>>,
    /// Positions filled from peers.
    pub filled: Vec<usize>,
    /// Positions still missing: no peer in the group had a value.
    pub unfilled: Vec<usize>,
}

/// The statistic of `values` (non-empty).
fn stat(values: &mut [f64], fill: Fill) -> Option<f64> {
    match fill {
        Fill::Mean => super::moments::mean(values),
        Fill::Median => {
            if values.is_empty() {
                return None;
            }
            values.sort_by(f64::total_cmp);
            let n = values.len();
            Some(if n % 2 == 1 {
                values[n / 2]
            } else {
                (values[n / 2 - 1] + values[n / 2]) / 2.0
            })
        }
    }
}

/// Fills every gap with the statistic of all values present.
pub fn impute_global(col: &[Option<f64>], fill: Fill) -> Imputation {
    impute_by_group(col, &vec![(); col.len()], fill)
}

/// Fills each gap with the statistic of the values present in the same group.
///
/// # Panics
/// If `groups` is not as long as `col`.
pub fn impute_by_group<K: Eq + Hash>(col: &[Option<f64>], groups: &[K], fill: Fill) -> Imputation {
    impute_by_group_with(col, groups, |values| stat(values, fill))
}

/// [`impute_by_group`] with the statistic `stat` computes from a group's values present (in
/// no particular order; `None` when it cannot fill): for a caller that computes the mean or
/// median otherwise (the scoring layer's, exactly on the decimals read).
///
/// # Panics
/// If `groups` is not as long as `col`.
pub fn impute_by_group_with<K: Eq + Hash>(
    col: &[Option<f64>],
    groups: &[K],
    stat: impl Fn(&mut [f64]) -> Option<f64>,
) -> Imputation {
    assert_eq!(col.len(), groups.len(), "one group label per cell");
    let mut members: HashMap<&K, Vec<f64>> = HashMap::new();
    for (v, g) in col.iter().zip(groups) {
        let entry = members.entry(g).or_default();
        if let Some(x) = v {
            entry.push(*x);
        }
    }
    let stats: HashMap<&K, Option<f64>> = members
        .into_iter()
        .map(|(g, mut values)| (g, stat(&mut values)))
        .collect();
    let (mut filled, mut unfilled) = (Vec::new(), Vec::new());
    let values = col
        .iter()
        .zip(groups)
        .enumerate()
        .map(|(i, (v, g))| match v {
            Some(x) => Some(*x),
            None => {
                let s = stats[g];
                if s.is_some() {
                    filled.push(i);
                } else {
                    unfilled.push(i);
                }
                s
            }
        })
        .collect();
    Imputation {
        values,
        filled,
        unfilled,
    }
}

#[cfg(test)]
mod tests;
