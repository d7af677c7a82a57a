//! Analysis over scoring results: plain data computed from [`crate::rank::Results`], no new
//! scoring logic and no I/O.

pub mod trend;
