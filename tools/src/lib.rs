//! Development tools of pingyi, kept out of the installed package: the generator of the shipped
//! sample district (`gen-sample`) and the scale benchmark's synthetic district, both drawing from
//! one seeded random-number generator.
//!
//! Nothing here depends on pingyi itself: the generators write files, and pingyi reads them like
//! any district.

pub mod rng;
pub mod sample;
pub mod scale;
