//! Aggregation: weighted means of normalised indicators, per unit, and through a tree
//! (indicator → pillar → sub-index → index, each level a weighted mean of its children, as
//! COINr's ASEM index does).
//!
//! Missing values are left out and the weights of the values present renormalised: a unit's
//! mean is over what it has (as pingyi rescales over applicable indicators). Components with
//! weight 0 are ignored. The geometric and harmonic means are defined for values ≥ 0: a zero
//! makes either mean 0 (their limit), a negative value makes it undefined (`None`).

use super::CompositeError;

/// Which weighted mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mean {
    /// `Σwᵢxᵢ / Σwᵢ`.
    Arithmetic,
    /// `exp(Σwᵢ·ln xᵢ / Σwᵢ)`, i.e. `Πxᵢ^(wᵢ/Σw)`; 0 if any `xᵢ = 0`.
    Geometric,
    /// `Σwᵢ / Σ(wᵢ/xᵢ)`; 0 if any `xᵢ = 0`.
    Harmonic,
}

/// The weighted mean of one unit's values; `None` when no value with weight > 0 is present, or
/// for a geometric or harmonic mean over a negative value.
///
/// # Panics
/// If `weights` is not as long as `values`.
pub fn weighted_mean(values: &[Option<f64>], weights: &[f64], mean: Mean) -> Option<f64> {
    assert_eq!(values.len(), weights.len(), "one weight per value");
    let pairs = || {
        values
            .iter()
            .zip(weights)
            .filter_map(|(v, &w)| v.filter(|_| w > 0.0).map(|x| (x, w)))
    };
    let total: f64 = pairs().map(|(_, w)| w).sum();
    if total == 0.0 {
        return None;
    }
    match mean {
        Mean::Arithmetic => Some(pairs().map(|(x, w)| w * x).sum::<f64>() / total),
        Mean::Geometric | Mean::Harmonic if pairs().any(|(x, _)| x < 0.0) => None,
        Mean::Geometric | Mean::Harmonic if pairs().any(|(x, _)| x == 0.0) => Some(0.0),
        // Equal values: their mean is the value, not what exp(Σ w·ln x / Σ w) leaves of it
        // (0.35 and 0.35 gave 0.34999999999999995, and a total of 3.5 was published 3).
        Mean::Geometric | Mean::Harmonic
            if pairs().all(|(x, _)| x == pairs().next().map_or(x, |p| p.0)) =>
        {
            pairs().next().map(|p| p.0)
        }
        Mean::Geometric => Some((pairs().map(|(x, w)| w * x.ln()).sum::<f64>() / total).exp()),
        Mean::Harmonic => Some(total / pairs().map(|(x, w)| w / x).sum::<f64>()),
    }
}

/// The weighted mean of several columns, unit by unit.
///
/// # Panics
/// If the columns differ in length or `weights` is not one per column.
pub fn aggregate(cols: &[&[Option<f64>]], weights: &[f64], mean: Mean) -> Vec<Option<f64>> {
    assert_eq!(cols.len(), weights.len(), "one weight per column");
    let n = cols.first().map_or(0, |c| c.len());
    assert!(cols.iter().all(|c| c.len() == n), "columns of equal length");
    let mut row = vec![None; cols.len()];
    (0..n)
        .map(|i| {
            for (slot, c) in row.iter_mut().zip(cols) {
                *slot = c[i];
            }
            weighted_mean(&row, weights, mean)
        })
        .collect()
}

/// An aggregate: its children (positions in the level below) with their weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub children: Vec<(usize, f64)>,
}

/// An aggregation tree: level 0 is the leaves (the indicators), each further level a list of
/// nodes over the level below. Validated when built.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    leaves: usize,
    levels: Vec<Vec<Node>>,
}

impl Tree {
    /// Checks that every child position exists, every weight is finite and ≥ 0, and every node
    /// has a child with weight > 0.
    pub fn new(leaves: usize, levels: Vec<Vec<Node>>) -> Result<Tree, CompositeError> {
        let mut below = leaves;
        for (l, level) in levels.iter().enumerate() {
            for (k, node) in level.iter().enumerate() {
                let bad = |why: String| CompositeError::Parameter {
                    what: "aggregation tree",
                    why: format!("level {}, node {k}: {why}", l + 1),
                };
                if let Some(&(c, _)) = node.children.iter().find(|(c, _)| *c >= below) {
                    return Err(bad(format!("child {c} does not exist (level has {below})")));
                }
                if let Some(&(_, w)) = node
                    .children
                    .iter()
                    .find(|(_, w)| !(w.is_finite() && *w >= 0.0))
                {
                    return Err(bad(format!("weight {w} is not a finite value ≥ 0")));
                }
                if !node.children.iter().any(|(_, w)| *w > 0.0) {
                    return Err(bad("no child with weight > 0".into()));
                }
            }
            below = level.len();
        }
        Ok(Tree { leaves, levels })
    }

    /// Aggregates leaf columns up the tree: one list of columns per level above the leaves.
    ///
    /// # Panics
    /// If `leaves` does not hold one column per leaf.
    pub fn aggregate(&self, leaves: &[Vec<Option<f64>>], mean: Mean) -> Vec<Vec<Vec<Option<f64>>>> {
        assert_eq!(leaves.len(), self.leaves, "one column per leaf");
        let mut out: Vec<Vec<Vec<Option<f64>>>> = Vec::with_capacity(self.levels.len());
        for level in &self.levels {
            let below = out.last().map_or(leaves, |v| v.as_slice());
            let cols = level
                .iter()
                .map(|node| {
                    let cols: Vec<&[Option<f64>]> = node
                        .children
                        .iter()
                        .map(|&(c, _)| below[c].as_slice())
                        .collect();
                    let weights: Vec<f64> = node.children.iter().map(|&(_, w)| w).collect();
                    aggregate(&cols, &weights, mean)
                })
                .collect();
            out.push(cols);
        }
        out
    }
}

/// Competition ranks, higher is better: 1 + the number of units with a strictly higher value
/// (ties share the best rank: 1, 2, 2, 4); missing values get no rank.
pub fn competition_ranks(col: &[Option<f64>]) -> Vec<Option<usize>> {
    let mut sorted: Vec<f64> = col.iter().flatten().copied().collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    col.iter()
        .map(|v| v.map(|x| 1 + sorted.partition_point(|&s| s > x)))
        .collect()
}

#[cfg(test)]
mod tests;
