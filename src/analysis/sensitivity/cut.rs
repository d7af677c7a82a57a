//! A track's grade rule resolved once for its n units, so that grading a draw allocates nothing.

use crate::config::GradeRule;

/// A grade rule ready for n units: by share, the last rank of each level,
/// `floor(share·n + 1e-9)`; by score, each level's lowest rounded total (`None`: any). The same
/// comparisons as `scoring::rank::grade_of`, without its allocation per call.
#[derive(Debug, Clone)]
pub(super) enum Cut {
    Share(Vec<f64>),
    Score(Vec<Option<f64>>),
}

impl Cut {
    pub(super) fn new(rule: &GradeRule, n: usize) -> Cut {
        match rule {
            GradeRule::Share(levels) => Cut::Share(
                levels
                    .iter()
                    .map(|(_, share)| (share * n as f64 + 1e-9).floor())
                    .collect(),
            ),
            GradeRule::Score(levels) => Cut::Score(levels.iter().map(|(_, m)| *m).collect()),
        }
    }

    pub(super) fn grade(&self, rank: u32, rounded: f64, veto: bool) -> usize {
        let lowest = match self {
            Cut::Share(v) => v.len() - 1,
            Cut::Score(v) => v.len() - 1,
        };
        if veto {
            return lowest;
        }
        match self {
            Cut::Share(v) => v.iter().position(|&last| last >= rank as f64),
            Cut::Score(v) => v.iter().position(|m| m.is_none_or(|m| m <= rounded)),
        }
        .unwrap_or(lowest)
    }
}
