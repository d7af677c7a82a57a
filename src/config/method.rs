//! How an indicator is scored: its direction and its method with the method's parameters.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// 正向: higher is better.
    Higher,
    /// 逆向: lower is better.
    Lower,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    Proportional,
    Efficacy {
        base: f64,
    },
    Rank {
        step: f64,
        floor: f64,
    },
    Target {
        cap: f64,
        target: Option<f64>,
    },
    /// `(lower_bound, points)`, sorted by bound, bounds strictly increasing.
    Bands(Vec<(f64, f64)>),
    Deduct {
        per: f64,
        threshold: f64,
    },
    Direct,
    Binary,
    /// Min-max to `[lo, hi]` percent of P: `P·(lo + (hi − lo)·(x − min)/(max − min))/100`.
    MinMax {
        lo: f64,
        hi: f64,
    },
    /// Z-score rescaled to percent of P: `P·clamp(mean + sd·z, 0, 100)/100`.
    ZScore {
        mean: f64,
        sd: f64,
    },
    /// Goalposts in the indicator's units: `P·clamp((x − lower)/(upper − lower), 0, 1)`.
    Goalposts {
        lower: f64,
        upper: f64,
    },
    /// Distance to a target, capped: `P` at or beyond it, else `P·(x − min)/(t − min)`.
    DistanceToTarget {
        target: f64,
    },
    /// Distance to the leader: `P·x/max` (lower: `P·min/x`).
    DistanceToLeader,
    /// Percentile rank: `P·#{peers strictly worse}/(n − 1)`.
    Percentile,
}

impl Method {
    pub fn name(&self) -> &'static str {
        match self {
            Method::Proportional => "proportional",
            Method::Efficacy { .. } => "efficacy",
            Method::Rank { .. } => "rank",
            Method::Target { .. } => "target",
            Method::Bands(_) => "bands",
            Method::Deduct { .. } => "deduct",
            Method::Direct => "direct",
            Method::Binary => "binary",
            Method::MinMax { .. } => "minmax",
            Method::ZScore { .. } => "zscore",
            Method::Goalposts { .. } => "goalposts",
            Method::DistanceToTarget { .. } => "distance_to_target",
            Method::DistanceToLeader => "distance_to_leader",
            Method::Percentile => "percentile",
        }
    }

    /// Whether the method scores a unit against its peers' values (treatment and imputation
    /// change those), rather than on its own value alone.
    pub fn is_relative(&self) -> bool {
        matches!(
            self,
            Method::Proportional
                | Method::Efficacy { .. }
                | Method::Rank { .. }
                | Method::MinMax { .. }
                | Method::ZScore { .. }
                | Method::DistanceToTarget { .. }
                | Method::DistanceToLeader
                | Method::Percentile
        )
    }

    /// The most points a unit can score with P points on the track (P·cap for target methods).
    pub fn max_score(&self, p: f64) -> f64 {
        match self {
            Method::Target { cap, .. } => p * cap,
            _ => p,
        }
    }
}
