//! Sample skewness and kurtosis as COINr computes them: `e1071::skewness(type = 2)` and
//! `e1071::kurtosis(type = 2)` (COINr's own `skew()` and `kurt()` copy those), the bias-adjusted
//! estimators that Excel's `SKEW` and `KURT` and SAS/SPSS report. Kurtosis is *excess* kurtosis:
//! 0 for a normal distribution, so COINr's threshold 3.5 means a heavy tail.
//!
//! Both are undefined (`None`) for too few values or a constant column, where R returns `NaN`.

/// The mean, refined by a second pass (`m + Σ(x − m)/n`) as R's `mean()` does.
///
/// `None` for an empty slice.
pub fn mean(x: &[f64]) -> Option<f64> {
    if x.is_empty() {
        return None;
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    Some(m + x.iter().map(|v| v - m).sum::<f64>() / n)
}

/// Central sums `(Σd², Σd³, Σd⁴)`, `d = x − mean`.
fn central_sums(x: &[f64]) -> Option<(f64, f64, f64)> {
    let m = mean(x)?;
    Some(x.iter().fold((0.0, 0.0, 0.0), |(s2, s3, s4), v| {
        let d = v - m;
        let d2 = d * d;
        (s2 + d2, s3 + d2 * d, s4 + d2 * d2)
    }))
}

/// Type-2 sample skewness `G₁ = g₁·√(n(n−1))/(n−2)`, `g₁ = √n·Σd³/(Σd²)^{3/2}`.
///
/// `None` when fewer than 3 values or all values are equal.
pub fn skewness(x: &[f64]) -> Option<f64> {
    if x.len() < 3 {
        return None;
    }
    let (s2, s3, _) = central_sums(x)?;
    if s2 == 0.0 {
        return None;
    }
    let n = x.len() as f64;
    let g1 = n.sqrt() * s3 / s2.powf(1.5);
    Some(g1 * (n * (n - 1.0)).sqrt() / (n - 2.0))
}

/// Type-2 sample excess kurtosis `G₂ = ((n+1)(r−3) + 6)·(n−1)/((n−2)(n−3))`, `r = n·Σd⁴/(Σd²)²`.
///
/// `None` when fewer than 4 values or all values are equal.
pub fn kurtosis(x: &[f64]) -> Option<f64> {
    if x.len() < 4 {
        return None;
    }
    let (s2, _, s4) = central_sums(x)?;
    if s2 == 0.0 {
        return None;
    }
    let n = x.len() as f64;
    let r = n * s4 / (s2 * s2);
    Some(((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0)))
}

/// Skewness and kurtosis of one column, both defined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    pub skewness: f64,
    pub kurtosis: f64,
}

impl Moments {
    /// Both moments of the values present in `col`; `None` when either is undefined (fewer than
    /// 4 values, or all equal).
    pub fn of(col: &[Option<f64>]) -> Option<Moments> {
        let x = super::present(col);
        Some(Moments {
            skewness: skewness(&x)?,
            kurtosis: kurtosis(&x)?,
        })
    }
}

#[cfg(test)]
mod tests;
