//! The normalisation methods as scoring methods: `minmax`, `zscore`, `goalposts`,
//! `distance_to_target`, `distance_to_leader`, `percentile`.
//!
//! Each maps a value to a normalised value N on a scale of 0 to 100 (percent of the points) by
//! the formula of [`crate::composite::normalise`], with the peer figures computed once (min and
//! max, mean and standard deviation, the sorted values), and scores `P·N/100`. N is kept within
//! [0, 100], so a score lies within [0, P].

use crate::composite::normalise::{
    distance_to_leader_at, distance_to_target_at, goalposts_at, min_max_at, percentile_at,
    percentile_keys, z_peers, z_score_at,
};
use crate::composite::Direction as Dir;
use crate::config::{Direction, Method};
use crate::data::Column;

/// A normalisation with its peer figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalised {
    dir: Dir,
    p: f64,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    MinMax(f64, f64, (f64, f64)),
    /// `m`, `s`, and the peers' (x̄, σ, n).
    ZScore(f64, f64, (f64, f64, usize)),
    Goalposts(f64, f64),
    Target(f64, (f64, f64)),
    Leader((f64, f64)),
    /// The peers' percentile keys, sorted.
    Percentile(Vec<f64>),
}

fn dir(d: Direction) -> Dir {
    match d {
        Direction::Higher => Dir::Higher,
        Direction::Lower => Dir::Lower,
    }
}

impl Normalised {
    /// The rule of a normalisation method over the peers in `col`; `None` for a method that is
    /// not one, or when no unit has a value (every value cell then scores 0).
    pub fn new(m: &Method, d: Direction, p: f64, col: &Column) -> Option<Normalised> {
        let peers = super::relative::min_max(col);
        let kind = match m {
            Method::MinMax { lo, hi } => Kind::MinMax(*lo, *hi, peers?),
            Method::ZScore { mean, sd } => {
                let x: Vec<f64> = col.values().map(|(_, v)| v).collect();
                Kind::ZScore(*mean, *sd, z_peers(&x)?)
            }
            Method::Goalposts { lower, upper } => Kind::Goalposts(*lower, *upper),
            Method::DistanceToTarget { target } => Kind::Target(*target, peers?),
            Method::DistanceToLeader => Kind::Leader(peers?),
            Method::Percentile => {
                Kind::Percentile(percentile_keys(col.values().map(|(_, v)| v), dir(d)))
            }
            _ => return None,
        };
        Some(Normalised {
            dir: dir(d),
            p,
            kind,
        })
    }

    /// N, the normalised value of `x` in [0, 100].
    pub fn normalised(&self, x: f64) -> f64 {
        let d = self.dir;
        let n = match &self.kind {
            Kind::MinMax(lo, hi, mm) => min_max_at(x, d, *lo, *hi, *mm),
            Kind::ZScore(m, s, peers) => z_score_at(x, d, *m, *s, *peers),
            Kind::Goalposts(l, u) => 100.0 * goalposts_at(x, d, *l, *u),
            Kind::Target(t, mm) => 100.0 * distance_to_target_at(x, d, *t, *mm),
            Kind::Leader(mm) => 100.0 * distance_to_leader_at(x, d, *mm),
            Kind::Percentile(keys) => 100.0 * percentile_at(x, d, keys),
        };
        // max/min rather than clamp: a NaN becomes 0 (clamp would pass it on).
        #[allow(clippy::manual_clamp)]
        let n = n.max(0.0).min(100.0);
        n
    }

    /// The score `P·N/100`.
    pub fn score(&self, x: f64) -> f64 {
        (self.p * (self.normalised(x) / 100.0)).min(self.p)
    }
}
