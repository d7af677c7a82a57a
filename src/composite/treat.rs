//! Outlier treatment by COINr's default rule: an indicator whose |skewness| and kurtosis both
//! exceed their limits is winsorised one extreme at a time, on the side its skew points to, up
//! to a limit; if that does not bring it within the limits, the winsorisation is undone and a
//! log transform is applied to the original values instead.
//!
//! Two versions of COINr differ in the details, and both are offered:
//!
//! | | COINr < 1.0 (`treat`, which produced the ASEM reference data) | COINr ≥ 1.0 (`Treat`) |
//! | --- | --- | --- |
//! | treat when | `abs(skew) > 2 & kurt > 3.5` | `!(abs(skew) < 2 \| kurt < 3.5)`, i.e. `≥` |
//! | limit counts | steps (`winmax` = ⌈n/10⌉ by default) | points (`winmax = 5`) |
//! | fallback | `CTlog`: `ln(x − min + 0.01·(max − min))` | a log transform (`log_GII` or `log_CT`, by release) |
//!
//! One step replaces every value tied at the extreme with the next value in from that side, so a
//! step can move more than one point; the point limit is checked before each step (as COINr
//! does), so a last step over tied values can pass it.

use std::collections::BTreeSet;
use std::fmt;

use crate::num::significant;

use super::moments::Moments;

/// How many winsorisation steps or points are allowed before falling back to the log transform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WinsorLimit {
    /// Stop once this many distinct points have been winsorised (COINr ≥ 1.0; default 5).
    Points(usize),
    /// Stop after this many steps (COINr < 1.0's `winmax`).
    Steps(usize),
}

/// The transform applied when winsorisation fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogTransform {
    /// COIN Tool log: `ln(x − min + 0.01·(max − min))`; defined for any values.
    CoinTool,
    /// Natural log `ln(x)`; impossible when any value is ≤ 0 (the column is then left as is).
    Natural,
}

/// The rule: limits, how they are compared, the winsorisation limit and the fallback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutlierRule {
    /// Limit on |skewness| (COINr: 2).
    pub skew_limit: f64,
    /// Limit on excess kurtosis (COINr: 3.5).
    pub kurt_limit: f64,
    /// `false`: treat when |skew| > limit and kurt > limit (COINr < 1.0). `true`: when ≥ (COINr ≥ 1.0).
    pub inclusive: bool,
    pub limit: WinsorLimit,
    pub log: LogTransform,
}

impl Default for OutlierRule {
    /// |skew| > 2 and kurtosis > 3.5, at most 5 points, else the COIN Tool log.
    fn default() -> Self {
        OutlierRule {
            skew_limit: 2.0,
            kurt_limit: 3.5,
            inclusive: false,
            limit: WinsorLimit::Points(5),
            log: LogTransform::CoinTool,
        }
    }
}

impl OutlierRule {
    /// Whether a column with these moments needs treatment. The moments are compared to 12
    /// significant digits ([`significant`]): a column exactly at a limit is decided by the rule,
    /// not by the last bits of floating point — 3, 1, 1, 1 has a skewness of exactly 2, which
    /// computes as 1.9999999999999998, and 0.3, 0.1, 0.1, 0.1 (the same shape) as 2.0, so that
    /// under `inclusive` one was treated and the other not.
    pub fn fails(&self, m: &Moments) -> bool {
        let (s, k) = (significant(m.skewness.abs()), significant(m.kurtosis));
        if self.inclusive {
            s >= self.skew_limit && k >= self.kurt_limit
        } else {
            s > self.skew_limit && k > self.kurt_limit
        }
    }
}

/// What was done to a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Treatment {
    /// Within the limits (or moments undefined: fewer than 4 values, or all equal).
    None,
    /// Winsorised: positions (into the column) of the points pulled in from above and below.
    Winsorised { high: Vec<usize>, low: Vec<usize> },
    /// Winsorisation failed; every value was log-transformed.
    Log(LogTransform),
    /// Winsorisation failed and the natural log is impossible (a value ≤ 0): left as is.
    LogImpossible,
}

/// A column's treatment, for `check` and statements.
#[derive(Debug, Clone, PartialEq)]
pub struct TreatReport {
    /// Moments of the column as given (`None` when undefined).
    pub before: Option<Moments>,
    /// Moments of the treated column.
    pub after: Option<Moments>,
    pub treatment: Treatment,
}

impl TreatReport {
    /// Number of winsorised points (0 unless winsorised).
    pub fn points(&self) -> usize {
        match &self.treatment {
            Treatment::Winsorised { high, low } => high.len() + low.len(),
            _ => 0,
        }
    }
}

impl fmt::Display for TreatReport {
    /// `none`, `winsorised 3 points (3 high, 0 low)`, `log (COIN Tool)`, `log impossible (a value ≤ 0)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.treatment {
            Treatment::None => write!(f, "none"),
            Treatment::Winsorised { high, low } => write!(
                f,
                "winsorised {} point{} ({} high, {} low)",
                self.points(),
                if self.points() == 1 { "" } else { "s" },
                high.len(),
                low.len()
            ),
            Treatment::Log(LogTransform::CoinTool) => write!(f, "log (COIN Tool)"),
            Treatment::Log(LogTransform::Natural) => write!(f, "log"),
            Treatment::LogImpossible => write!(f, "log impossible (a value ≤ 0): untreated"),
        }
    }
}

/// Treats one column by `rule`; missing cells stay missing and are left out of every statistic.
pub fn treat(col: &[Option<f64>], rule: &OutlierRule) -> (Vec<Option<f64>>, TreatReport) {
    let before = Moments::of(col);
    let (x, treatment) = match before {
        Some(m) if rule.fails(&m) => {
            winsorise(col, rule).unwrap_or_else(|| match log_transform(col, rule.log) {
                Some(x) => (x, Treatment::Log(rule.log)),
                None => (col.to_vec(), Treatment::LogImpossible),
            })
        }
        _ => (col.to_vec(), Treatment::None),
    };
    let after = Moments::of(&x);
    let report = TreatReport {
        before,
        after,
        treatment,
    };
    (x, report)
}

/// Winsorises until the moments pass or the limit is reached: the treated column and the
/// [`Treatment::Winsorised`] positions, or `None` when the limit was reached still failing (or a
/// further step would leave fewer than two distinct values).
fn winsorise(col: &[Option<f64>], rule: &OutlierRule) -> Option<(Vec<Option<f64>>, Treatment)> {
    let mut x = col.to_vec();
    let (mut high, mut low) = (BTreeSet::new(), BTreeSet::new());
    let mut steps = 0;
    loop {
        // Defined at the start (checked by the caller) and after every step (≥ 2 distinct
        // values remain, so the variance is positive while n ≥ 4).
        let m = Moments::of(&x)?;
        if !rule.fails(&m) {
            let (high, low) = (high.into_iter().collect(), low.into_iter().collect());
            return Some((x, Treatment::Winsorised { high, low }));
        }
        let reached = match rule.limit {
            WinsorLimit::Points(n) => high.len() + low.len() >= n,
            WinsorLimit::Steps(n) => steps >= n,
        };
        if reached {
            return None;
        }
        let from_above = m.skewness >= 0.0;
        let moved = step(&mut x, from_above)?;
        if from_above {
            high.extend(moved);
        } else {
            low.extend(moved);
        }
        steps += 1;
    }
}

/// Replaces every value tied at the maximum (`from_above`) or minimum with the next value in;
/// returns the positions moved, or `None` if fewer than 3 distinct values remain.
fn step(x: &mut [Option<f64>], from_above: bool) -> Option<Vec<usize>> {
    let beyond = |a: f64, b: f64| if from_above { a > b } else { a < b };
    let extreme = x
        .iter()
        .flatten()
        .copied()
        .reduce(|a, b| if beyond(b, a) { b } else { a })?;
    let next = x
        .iter()
        .flatten()
        .copied()
        .filter(|&v| v != extreme)
        .reduce(|a, b| if beyond(b, a) { b } else { a })?;
    let third = x.iter().flatten().any(|&v| v != extreme && v != next);
    if !third {
        return None;
    }
    let mut moved = Vec::new();
    for (i, v) in x.iter_mut().enumerate() {
        if *v == Some(extreme) {
            *v = Some(next);
            moved.push(i);
        }
    }
    Some(moved)
}

/// The log transform of every value present; `None` for the natural log of a value ≤ 0.
fn log_transform(col: &[Option<f64>], kind: LogTransform) -> Option<Vec<Option<f64>>> {
    match kind {
        LogTransform::CoinTool => {
            let (min, max) = super::min_max_present(col)?;
            let shift = 0.01 * (max - min);
            Some(
                col.iter()
                    .map(|v| v.map(|x| (x - min + shift).ln()))
                    .collect(),
            )
        }
        LogTransform::Natural => {
            if col.iter().flatten().any(|&x| x <= 0.0) {
                return None;
            }
            Some(col.iter().map(|v| v.map(f64::ln)).collect())
        }
    }
}

#[cfg(test)]
mod tests;
