//! Analysis over scoring results: plain data computed from [`crate::results::Results`], no new
//! scoring logic and no I/O.
//!
//! [`facts`] computes, once per track, what the others read (indicator and dimension ranks, peer
//! statistics, points lost); [`gaps`], [`statement`], [`summary`] and [`requirements`] build on
//! it; [`trend`] compares two periods.

pub mod bundle;
pub mod compare;
pub mod facts;
pub mod gaps;
pub mod requirements;
pub mod robustness;
pub mod rollup;
pub mod sensitivity;
pub mod statement;
pub mod steps;
pub mod summary;
#[cfg(test)]
mod testkit;
pub mod trend;
pub mod weights;

/// Σ `values` added in ascending order: the same bits whatever order the units came in (the
/// registry's rows, a category file's rows), so that reordering an input file changes nothing,
/// not even the last bit of a mean (issue 11 #12).
pub fn sum_sorted(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v.into_iter().sum()
}
