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
mod tests {
    use super::*;
    use Mean::{Arithmetic, Geometric, Harmonic};

    fn close(a: Option<f64>, b: f64) {
        let a = a.unwrap();
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    #[test]
    fn three_means_hand_computed() {
        let v = [Some(1.0), Some(4.0), Some(16.0)];
        let w = [1.0, 1.0, 2.0];
        close(weighted_mean(&v, &w, Arithmetic), 37.0 / 4.0);
        // (1·4·16²)^(1/4) = 1024^(1/4) = 4·√2.
        close(weighted_mean(&v, &w, Geometric), 4.0 * 2f64.sqrt());
        // 4 / (1 + 1/4 + 2/16) = 4 / 1.375.
        close(weighted_mean(&v, &w, Harmonic), 4.0 / 1.375);
    }

    #[test]
    fn zeros_make_geometric_and_harmonic_zero() {
        let v = [Some(0.0), Some(50.0)];
        assert_eq!(weighted_mean(&v, &[1.0, 1.0], Geometric), Some(0.0));
        assert_eq!(weighted_mean(&v, &[1.0, 1.0], Harmonic), Some(0.0));
        assert_eq!(weighted_mean(&v, &[1.0, 1.0], Arithmetic), Some(25.0));
        // A zero with weight 0 is ignored.
        close(weighted_mean(&v, &[0.0, 1.0], Geometric), 50.0);
    }

    #[test]
    fn negatives_are_undefined_for_geometric_and_harmonic() {
        let v = [Some(-1.0), Some(0.0), Some(4.0)];
        assert_eq!(weighted_mean(&v, &[1.0; 3], Geometric), None);
        assert_eq!(weighted_mean(&v, &[1.0; 3], Harmonic), None);
        close(weighted_mean(&v, &[1.0; 3], Arithmetic), 1.0);
    }

    #[test]
    fn missing_values_renormalise_the_weights() {
        let v = [Some(10.0), None, Some(40.0)];
        close(weighted_mean(&v, &[1.0, 5.0, 2.0], Arithmetic), 30.0);
        assert_eq!(weighted_mean(&[None, None], &[1.0, 1.0], Arithmetic), None);
        assert_eq!(weighted_mean(&[Some(1.0)], &[0.0], Arithmetic), None);
    }

    #[test]
    fn tree_of_means() {
        // Leaves a, b, c; pillars P = mean(a, b), Q = c; index = mean(P, Q).
        let tree = Tree::new(
            3,
            vec![
                vec![
                    Node {
                        children: vec![(0, 1.0), (1, 1.0)],
                    },
                    Node {
                        children: vec![(2, 1.0)],
                    },
                ],
                vec![Node {
                    children: vec![(0, 1.0), (1, 1.0)],
                }],
            ],
        )
        .unwrap();
        let leaves = vec![
            vec![Some(10.0), Some(0.0)],
            vec![Some(30.0), None],
            vec![Some(100.0), Some(50.0)],
        ];
        let out = tree.aggregate(&leaves, Arithmetic);
        assert_eq!(out[0][0], vec![Some(20.0), Some(0.0)]);
        assert_eq!(out[1][0], vec![Some(60.0), Some(25.0)]);
    }

    #[test]
    fn bad_trees_are_refused() {
        let node = |c: Vec<(usize, f64)>| Node { children: c };
        assert!(Tree::new(2, vec![vec![node(vec![(2, 1.0)])]]).is_err());
        assert!(Tree::new(2, vec![vec![node(vec![(0, -1.0)])]]).is_err());
        assert!(Tree::new(2, vec![vec![node(vec![(0, 0.0)])]]).is_err());
        assert!(Tree::new(2, vec![vec![node(vec![])]]).is_err());
    }

    #[test]
    fn competition_ranking_shares_the_best_rank() {
        let col = [Some(5.0), Some(9.0), None, Some(5.0), Some(1.0)];
        assert_eq!(
            competition_ranks(&col),
            vec![Some(2), Some(1), None, Some(2), Some(4)]
        );
    }
}
