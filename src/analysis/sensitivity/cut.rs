//! A track's grade rule resolved once for its n units, so that grading a draw allocates nothing.

use crate::config::GradeRule;

/// A grade rule ready for n units: by share, the last rank of each level,
/// `floor(share·n + 1e-9)`; by score, each level's lowest rounded total (`None`: any). The same
/// comparisons as `scoring::rank::grade_of`, without its allocation per call.
///
/// Where the levels are in order (the last ranks rising; the lowest totals falling, any
/// (`None`) only at the end) — as validated schemes have them — the level a unit falls in is
/// the number of levels it misses, counted without a branch (a draw grades every unit, and
/// where the first match lies varies from unit to unit, so a search mispredicts about once
/// a unit).
#[derive(Debug, Clone)]
pub(super) struct Cut {
    levels: Levels,
    ordered: bool,
}

#[derive(Debug, Clone)]
enum Levels {
    Share(Vec<f64>),
    Score(Vec<Option<f64>>),
}

impl Cut {
    pub(super) fn new(rule: &GradeRule, n: usize) -> Cut {
        let levels = match rule {
            GradeRule::Share(levels) => Levels::Share(
                levels
                    .iter()
                    .map(|(_, share)| (share * n as f64 + 1e-9).floor())
                    .collect(),
            ),
            GradeRule::Score(levels) => Levels::Score(levels.iter().map(|(_, m)| *m).collect()),
        };
        let ordered = match &levels {
            Levels::Share(v) => v.windows(2).all(|w| w[0] <= w[1]),
            Levels::Score(v) => v.windows(2).all(|w| match (w[0], w[1]) {
                (Some(a), Some(b)) => a >= b,
                (_, None) => true,
                (None, Some(_)) => false,
            }),
        };
        Cut { levels, ordered }
    }

    pub(super) fn grade(&self, rank: u32, rounded: f64, veto: bool) -> usize {
        let lowest = match &self.levels {
            Levels::Share(v) => v.len() - 1,
            Levels::Score(v) => v.len() - 1,
        };
        if veto {
            return lowest;
        }
        let r = f64::from(rank);
        let fits = |m: &Option<f64>| m.is_none_or(|m| m <= rounded);
        if self.ordered {
            // The levels a unit misses come first: their number is the first it fits.
            let missed = match &self.levels {
                Levels::Share(v) => v.iter().map(|&last| usize::from(last < r)).sum(),
                Levels::Score(v) => v.iter().map(|m| usize::from(!fits(m))).sum(),
            };
            return lowest.min(missed);
        }
        match &self.levels {
            Levels::Share(v) => v.iter().position(|&last| last >= r),
            Levels::Score(v) => v.iter().position(fits),
        }
        .unwrap_or(lowest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::rank::grade_of;

    /// Every rank and a spread of totals (and NaN) graded as the scorer grades them, with the
    /// levels in order (counted) and out of order (searched).
    #[test]
    fn grades_as_the_scorer_does_counted_or_searched() {
        let name = |s: &str| s.to_string();
        let rules = [
            GradeRule::Share(vec![(name("A"), 0.2), (name("B"), 0.7), (name("C"), 1.0)]),
            GradeRule::Share(vec![(name("A"), 0.5), (name("B"), 0.3), (name("C"), 1.0)]),
            GradeRule::Share(vec![(name("A"), 0.1), (name("B"), 0.9)]),
            GradeRule::Score(vec![
                (name("A"), Some(90.0)),
                (name("B"), Some(75.5)),
                (name("C"), Some(60.0)),
                (name("D"), None),
            ]),
            GradeRule::Score(vec![(name("A"), Some(90.0)), (name("B"), Some(60.0))]),
            GradeRule::Score(vec![(name("A"), Some(60.0)), (name("B"), Some(90.0))]),
            GradeRule::Score(vec![(name("A"), None), (name("B"), Some(90.0))]),
        ];
        let totals = [
            -5.0,
            0.0,
            59.99,
            60.0,
            75.49,
            75.5,
            89.99,
            90.0,
            120.0,
            f64::NAN,
        ];
        let mut counted = 0;
        for rule in &rules {
            for n in [1usize, 7, 10, 19] {
                let cut = Cut::new(rule, n);
                counted += usize::from(cut.ordered);
                for rank in 1..=n as u32 + 1 {
                    for &t in &totals {
                        for veto in [false, true] {
                            assert_eq!(
                                cut.grade(rank, t, veto),
                                grade_of(rule, rank, n, t, veto),
                                "{rule:?} n {n} rank {rank} total {t} veto {veto}"
                            );
                        }
                    }
                }
            }
        }
        // Both ways were taken: 4 of the 7 rules in order for each n, and the shares out of
        // order also for n = 1 (both of its first levels end at rank 0).
        assert_eq!(counted, 4 * 4 + 1);
    }
}
