//! TOPSIS (Hwang & Yoon 1981), as advice: each alternative's relative closeness to the ideal
//! solution, beside pingyi's own ranking. Two normalisations, named for where they come from:
//! [`TopsisNorm::Vector`] (the classical one) and [`TopsisNorm::MinMax`] (pymcdm's default).
//!
//! The closeness `D⁻/(D⁺ + D⁻)` does not change when every weight is multiplied by the same
//! factor, so weights need not sum to 1 (configured points work as they are).

use super::weights::check_matrix;
use super::{CompositeError, Direction};

/// How each criterion is normalised before weighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopsisNorm {
    /// Classical: `r = x / √(Σx²)` (a zero column stays 0); the ideal is the largest weighted
    /// value of a higher-better criterion and the smallest of a lower-better one.
    Vector,
    /// pymcdm's default: `r = (x − min)/(max − min)`, lower-better `(max − x)/(max − min)`
    /// (a constant criterion gives 1); the ideal is then the largest weighted value throughout.
    MinMax,
}

/// The closeness coefficient of each alternative, in [0, 1], higher is better:
/// `vᵢⱼ = wⱼ·rᵢⱼ`; `D⁺ᵢ = √Σⱼ(vᵢⱼ − v⁺ⱼ)²`, `D⁻ᵢ = √Σⱼ(vᵢⱼ − v⁻ⱼ)²` (v⁺ ideal, v⁻ anti-ideal);
/// `Cᵢ = D⁻ᵢ/(D⁺ᵢ + D⁻ᵢ)`, and 1 when every alternative is identical (`D⁺ = D⁻ = 0`).
pub fn topsis(
    cols: &[&[f64]],
    weights: &[f64],
    dirs: &[Direction],
    norm: TopsisNorm,
) -> Result<Vec<f64>, CompositeError> {
    let m = check_matrix(cols)?;
    if weights.len() != cols.len() || dirs.len() != cols.len() {
        return Err(CompositeError::Shape(format!(
            "{} criteria, {} weights, {} directions",
            cols.len(),
            weights.len(),
            dirs.len()
        )));
    }
    if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
        return Err(CompositeError::Parameter {
            what: "TOPSIS weight",
            why: format!("{w}: need a finite value ≥ 0"),
        });
    }
    let (mut d_plus, mut d_minus) = (vec![0.0; m], vec![0.0; m]);
    for ((c, &w), &dir) in cols.iter().zip(weights).zip(dirs) {
        let v: Vec<f64> = normalise(c, dir, norm).iter().map(|r| w * r).collect();
        let (lo, hi) = v
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        let (ideal, anti) = match (norm, dir) {
            (TopsisNorm::Vector, Direction::Lower) => (lo, hi),
            _ => (hi, lo),
        };
        for (i, x) in v.iter().enumerate() {
            d_plus[i] += (x - ideal) * (x - ideal);
            d_minus[i] += (x - anti) * (x - anti);
        }
    }
    Ok(d_plus
        .iter()
        .zip(&d_minus)
        .map(|(p, n)| {
            let (p, n) = (p.sqrt(), n.sqrt());
            if p + n == 0.0 {
                1.0
            } else {
                n / (p + n)
            }
        })
        .collect())
}

fn normalise(c: &[f64], dir: Direction, norm: TopsisNorm) -> Vec<f64> {
    match norm {
        TopsisNorm::Vector => {
            let len = c.iter().map(|x| x * x).sum::<f64>().sqrt();
            c.iter()
                .map(|x| if len == 0.0 { 0.0 } else { x / len })
                .collect()
        }
        TopsisNorm::MinMax => {
            let (min, max) = c
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                    (lo.min(x), hi.max(x))
                });
            c.iter()
                .map(|&x| match dir {
                    _ if min == max => 1.0,
                    Direction::Higher => (x - min) / (max - min),
                    Direction::Lower => (max - x) / (max - min),
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests;
