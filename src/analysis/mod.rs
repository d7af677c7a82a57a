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
pub(crate) mod testkit;
pub mod trend;
pub mod weights;
