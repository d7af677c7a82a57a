//! The annual total computed on the decimals, rounded once: the README's formula taken exactly on
//! the figures as the outputs print them (a quarter's `total_exact`, a monthly or year-end score
//! as read, a weight as configured), so that two units whose totals are equal as decimals get
//! the same binary total and the same rounded one (0.7·81.85 + 0.2·80.40 + 0.1·80.40 and
//! 0.7·84.55 + 0.2·78.85 + 0.1·64.60 are both 81.415; added in binary they were 81.415 and
//! 81.41499999999999, rounded 81.42 and 81.41).
//!
//! With the sums Σ_i and counts n_i of the parts (quarters, months, year-end review), the
//! configured weights w_i (the year-end one 0 when it is not in the view), S = Σ w and
//! R = S − w_year_end when the year-end weight is spread over the other two (S = R = 1
//! otherwise), and the capped bonus b and deduction d:
//!
//! `total = (S·Σ_i w_i·Σ_i/n_i + (b − d)·R) / R`, one fraction of integers, correctly rounded
//! to the nearest double. Where 128 bits cannot hold it, the binary formula.

use crate::config::Rollup as Weights;
use crate::num::{sum_exact, Decimal};

/// A part's pieces as counted: their sum (exactly, and in binary as a fallback) and number (a
/// piece counted as 0 adds to the number only).
#[derive(Debug, Clone, Copy)]
pub(super) struct Mean {
    sum: f64,
    exact: Option<Decimal>,
    pub n: usize,
}

impl Mean {
    pub fn new() -> Mean {
        Mean {
            sum: 0.0,
            exact: Some(Decimal::ZERO),
            n: 0,
        }
    }

    pub fn push(&mut self, v: f64) {
        self.sum += v;
        self.n += 1;
        self.exact = self.exact.and_then(|s| s.checked_add(Decimal::of(v)?));
    }

    pub fn push_zero(&mut self) {
        self.n += 1;
    }

    /// The exact mean correctly rounded (0 with nothing counted).
    pub fn value(&self) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let exact = self
            .exact
            .and_then(|s| s.ratio(Decimal::int(self.n as u64)));
        exact.unwrap_or(self.sum / self.n as f64)
    }
}

/// `min(Σ points, cap)`, the sum taken on the decimals.
pub(super) fn capped(points: &[f64], cap: Option<f64>) -> f64 {
    let s = sum_exact(points);
    cap.map_or(s, |c| s.min(c))
}

/// The total of the module's formula for the means `[quarterly, monthly, year_end]` (a part
/// whose weight is 0 is left out); `None` where 128 bits cannot hold it.
pub(super) fn total(
    w: Weights,
    with_year_end: bool,
    means: [&Mean; 3],
    bonus: f64,
    deduction: f64,
) -> Option<f64> {
    let y = if with_year_end { w.year_end } else { 0.0 };
    let given = [w.quarterly, w.monthly, y];
    let weights = [
        Decimal::of(given[0])?,
        Decimal::of(given[1])?,
        Decimal::of(y)?,
    ];
    let spread = !with_year_end && w.year_end != 0.0;
    let (s, r) = if spread {
        let r = weights[0].checked_add(weights[1])?;
        (r.checked_add(Decimal::of(w.year_end)?)?, r)
    } else {
        (Decimal::int(1), Decimal::int(1))
    };
    // Over the common denominator R·Π n_i: numerator S·Σ_i w_i·Σ_i·Π_{j≠i} n_j + (b − d)·R·Π n.
    let n = |m: &Mean| Decimal::int(m.n.max(1) as u64);
    let all = means
        .iter()
        .try_fold(Decimal::int(1), |a, m| a.checked_mul(n(m)))?;
    let mut num = Decimal::of(bonus)?
        .checked_add(Decimal::of(deduction)?.checked_neg()?)?
        .checked_mul(r)?
        .checked_mul(all)?;
    for (i, (wi, m)) in weights.iter().zip(means).enumerate() {
        if given[i] == 0.0 || m.n == 0 {
            continue;
        }
        let others = means
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .try_fold(Decimal::int(1), |a, (_, m)| a.checked_mul(n(m)))?;
        num = num.checked_add(
            s.checked_mul(*wi)?
                .checked_mul(m.exact?)?
                .checked_mul(others)?,
        )?;
    }
    num.ratio(r.checked_mul(all)?)
}
