//! Objective weights, as advice beside the configured points (never applied silently): entropy
//! and CRITIC over a complete decision matrix given as columns, one per criterion (indicator),
//! each with one value per alternative (unit). Units with a missing value must be left out or
//! imputed first.
//!
//! Both match pymcdm (`entropy_weights`, `critic_weights`) on its published reference cases;
//! where pymcdm's conventions differ from the methods' authors, the authors are followed (see
//! each function).

use super::{CompositeError, Direction};

/// Checks a matrix: at least one criterion, all of one length, at least two alternatives.
/// Returns the number of alternatives.
pub(crate) fn check_matrix(cols: &[&[f64]]) -> Result<usize, CompositeError> {
    let Some(first) = cols.first() else {
        return Err(CompositeError::Shape("no criteria".into()));
    };
    let m = first.len();
    if let Some((j, c)) = cols.iter().enumerate().find(|(_, c)| c.len() != m) {
        return Err(CompositeError::Shape(format!(
            "criterion {j} has {} values, criterion 0 has {m}",
            c.len()
        )));
    }
    if m < 2 {
        return Err(CompositeError::Shape(format!(
            "{m} alternative(s): at least 2 are needed to compare"
        )));
    }
    Ok(m)
}

fn is_constant(c: &[f64]) -> bool {
    c.iter().all(|&v| v == c[0])
}

/// Normalises `d` to sum 1; `NoInformation` when it sums to 0.
fn share(d: Vec<f64>) -> Result<Vec<f64>, CompositeError> {
    let total: f64 = d.iter().sum();
    if total <= 0.0 {
        return Err(CompositeError::NoInformation);
    }
    Ok(d.into_iter().map(|v| v / total).collect())
}

/// Entropy weights (Shannon): `pᵢⱼ = xᵢⱼ / Σᵢxᵢⱼ`, `eⱼ = −Σᵢ pᵢⱼ·ln pᵢⱼ / ln m`,
/// `wⱼ = (1 − eⱼ) / Σₖ(1 − eₖ)`, m the number of alternatives.
///
/// Values must be ≥ 0 (normalised scores are). `0·ln 0` is taken as 0 (its limit); pymcdm
/// instead sets the entropy of any column containing a 0 to 0, giving it the largest weight. A
/// constant (or all-zero) column carries no information: `eⱼ = 1`, weight 0.
pub fn entropy_weights(cols: &[&[f64]]) -> Result<Vec<f64>, CompositeError> {
    let m = check_matrix(cols)?;
    let ln_m = (m as f64).ln();
    let mut d = Vec::with_capacity(cols.len());
    for (j, c) in cols.iter().enumerate() {
        if let Some((row, &value)) = c.iter().enumerate().find(|(_, v)| **v < 0.0) {
            return Err(CompositeError::Negative {
                criterion: j,
                row,
                value,
            });
        }
        if is_constant(c) {
            d.push(0.0);
            continue;
        }
        let total: f64 = c.iter().sum();
        let h: f64 = c
            .iter()
            .filter(|&&x| x > 0.0)
            .map(|&x| {
                let p = x / total;
                p * p.ln()
            })
            .sum();
        d.push((1.0 + h / ln_m).max(0.0));
    }
    share(d)
}

/// Min-max of one column toward its better end; a constant column gives `None`.
fn min_max(c: &[f64], dir: Direction) -> Option<Vec<f64>> {
    let (min, max) = c
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if min == max {
        return None;
    }
    Some(
        c.iter()
            .map(|&x| match dir {
                Direction::Higher => (x - min) / (max - min),
                Direction::Lower => (max - x) / (max - min),
            })
            .collect(),
    )
}

/// Deviations from the mean and their root sum of squares.
fn centred(c: &[f64]) -> (Vec<f64>, f64) {
    let mean = c.iter().sum::<f64>() / c.len() as f64;
    let d: Vec<f64> = c.iter().map(|x| x - mean).collect();
    let ss = d.iter().map(|v| v * v).sum::<f64>().sqrt();
    (d, ss)
}

/// CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995): each criterion is min-max
/// normalised toward its better end, `rⱼ = (x − min)/(max − min)` (lower-better `(max − x)`);
/// `σⱼ` is the sample standard deviation of `rⱼ` (divisor m − 1) and `ρⱼₖ` the Pearson
/// correlation of `rⱼ` and `rₖ`; `Cⱼ = σⱼ·Σₖ(1 − ρⱼₖ)`, `wⱼ = Cⱼ / ΣₖCₖ`.
///
/// pymcdm ignores directions (every criterion normalised as higher-better); pass
/// `Direction::Higher` for all to get its numbers. A constant criterion has σ = 0 and weight 0,
/// and its correlation with the others is taken as 0.
///
/// # Panics
/// If `dirs` is not one per criterion.
pub fn critic_weights(cols: &[&[f64]], dirs: &[Direction]) -> Result<Vec<f64>, CompositeError> {
    let m = check_matrix(cols)?;
    assert_eq!(cols.len(), dirs.len(), "one direction per criterion");
    let centred: Vec<Option<(Vec<f64>, f64)>> = cols
        .iter()
        .zip(dirs)
        .map(|(c, &dir)| min_max(c, dir).map(|r| centred(&r)))
        .collect();
    // A perfect correlation is ±1, not the 0.9999999999999998 the division leaves: two units'
    // columns, always perfectly correlated, would otherwise share out that rounding noise as
    // weights instead of having no information.
    let rho = |a: &(Vec<f64>, f64), b: &(Vec<f64>, f64)| {
        let r = a.0.iter().zip(&b.0).map(|(x, y)| x * y).sum::<f64>() / (a.1 * b.1);
        if (r.abs() - 1.0).abs() < 1e-12 {
            r.signum()
        } else {
            r
        }
    };
    let c = centred
        .iter()
        .map(|a| {
            let Some(a) = a else { return 0.0 };
            let sigma = a.1 / ((m - 1) as f64).sqrt();
            let conflict: f64 = centred
                .iter()
                .map(|b| b.as_ref().map_or(1.0, |b| 1.0 - rho(a, b)))
                .sum();
            sigma * conflict
        })
        .collect();
    share(c)
}

#[cfg(test)]
mod tests;
