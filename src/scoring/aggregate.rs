//! How a track combines its indicator scores into the indicator total, when it does not simply
//! add them up (`aggregation = "geometric"` or `"harmonic"`, `tree = true`).
//!
//! Each score s of P points is read as its attainment `r = s/P`. Flat: the indicator total is
//! `T · M(r, weights P)` over the applicable indicators, M the track's weighted mean
//! ([`crate::composite::weighted_mean`]). Through the tree: each dimension that holds indicators
//! is the mean of their attainments (weights P), each dimension above the mean of its children
//! (weights: the dimensions' `weight`), and the total `T ·` the mean of the top dimensions. A
//! node without an applicable indicator below it is left out of its parent's mean (its weight
//! renormalised away), as not-applicable indicators are.
//!
//! The arithmetic flat mean is today's sum of scores rescaled over the applicable points; it
//! stays computed as such (`crate::scoring::score_track`), bit for bit.
//!
//! **Each indicator's part of the total** ([`Shape::parts`]): `total · (e·r / Σ e·r)`, with e the
//! indicator's effective weight in the arithmetic reading (its points over the applicable points,
//! times each node's weight share on its path up the tree). For an arithmetic mean these parts are
//! exactly `T·e·r` and add up to the total; for the geometric and harmonic means, which are not
//! sums, the total is shared out in proportion to the weighted attainments. The per-indicator
//! explanation of `pingyi compare` uses them. A dimension's subtotal ([`Shape::add_dim_parts`],
//! in the ranking and the sensitivity engine alike) is `T · Σ_d e·r` under the arithmetic mean and
//! the share `total · (Σ_d e·r / Σ e·r)` under the others; a dimension holding every applicable
//! indicator has the total itself.

use crate::composite::{weighted_mean, Mean};
use crate::config::{Aggregation, Config};
use crate::num::Fraction;

/// One node of a track's dimension tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Index into [`Config::dimensions`].
    pub dim: usize,
    /// Index of the parent node (`None` at the top).
    pub parent: Option<usize>,
    pub weight: f64,
}

/// A track's aggregation, resolved once from the config.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub aggregation: Aggregation,
    /// T.
    pub total: f64,
    /// P per slot.
    pub points: Vec<f64>,
    /// The tree's nodes, children before their parents (empty when flat).
    pub nodes: Vec<Node>,
    /// Per slot: the node holding the indicator (tree only).
    pub leaf: Vec<usize>,
}

impl Shape {
    /// The aggregation of track `t`.
    pub fn of(cfg: &Config, t: usize) -> Shape {
        let track = &cfg.tracks[t];
        let points = track.indicators.iter().map(|ti| ti.points).collect();
        let mut shape = Shape {
            aggregation: track.aggregation,
            total: track.total,
            points,
            nodes: Vec::new(),
            leaf: Vec::new(),
        };
        if !track.aggregation.tree {
            return shape;
        }
        // Every dimension on a path from an indicator's dimension to the top, deepest first.
        let depth = |mut d: usize| {
            let mut k = 0;
            while let Some(p) = cfg.dimensions[d].parent {
                d = p;
                k += 1;
            }
            k
        };
        let mut dims: Vec<usize> = Vec::new();
        for ti in &track.indicators {
            let mut d = Some(cfg.indicator(ti).dimension);
            while let Some(x) = d {
                if !dims.contains(&x) {
                    dims.push(x);
                }
                d = cfg.dimensions[x].parent;
            }
        }
        dims.sort_by_key(|&d| (std::cmp::Reverse(depth(d)), d));
        shape.nodes = dims
            .iter()
            .map(|&d| Node {
                dim: d,
                parent: cfg.dimensions[d]
                    .parent
                    .and_then(|p| dims.iter().position(|&x| x == p)),
                weight: cfg.dimensions[d].weight,
            })
            .collect();
        shape.leaf = track
            .indicators
            .iter()
            .map(|ti| {
                let d = cfg.indicator(ti).dimension;
                dims.iter().position(|&x| x == d).unwrap_or(0)
            })
            .collect();
        shape
    }

    fn mean(&self) -> Mean {
        self.aggregation.mean
    }

    /// The indicator total of one unit from its scores per slot (`None`: not applicable), and
    /// each node's value (attainment) into `nodes` (tree only; `None` for a node with nothing
    /// applicable below it).
    pub fn total(&self, scores: &[Option<f64>], nodes: &mut [Option<f64>]) -> f64 {
        let r: Vec<Option<f64>> = scores
            .iter()
            .zip(&self.points)
            .map(|(s, &p)| s.map(|s| s / p))
            .collect();
        let m = if self.nodes.is_empty() {
            weighted_mean(&r, &self.points, self.mean())
        } else {
            for (k, _) in self.nodes.iter().enumerate() {
                nodes[k] = self.node_value(k, &r, nodes);
            }
            let top: Vec<usize> = (0..self.nodes.len())
                .filter(|&k| self.nodes[k].parent.is_none())
                .collect();
            let values: Vec<Option<f64>> = top.iter().map(|&k| nodes[k]).collect();
            let weights: Vec<f64> = top.iter().map(|&k| self.nodes[k].weight).collect();
            weighted_mean(&values, &weights, self.mean())
        };
        m.map_or(0.0, |m| self.total * m)
    }

    /// Node `k`'s value: the mean of its indicators' attainments, or of its children's values
    /// (computed before it: children come first).
    fn node_value(&self, k: usize, r: &[Option<f64>], nodes: &[Option<f64>]) -> Option<f64> {
        let (mut values, mut weights) = (Vec::new(), Vec::new());
        for (slot, &leaf) in self.leaf.iter().enumerate() {
            if leaf == k {
                values.push(r[slot]);
                weights.push(self.points[slot]);
            }
        }
        for (c, node) in self.nodes.iter().enumerate() {
            if node.parent == Some(k) {
                values.push(nodes[c]);
                weights.push(node.weight);
            }
        }
        weighted_mean(&values, &weights, self.mean())
    }

    /// Each slot's effective weight in the arithmetic reading (0 where not applicable): its points
    /// over the applicable points of its node (flat: of the track), times each node's weight share
    /// among its siblings with a value, up the tree.
    pub fn effective_weights(&self, scores: &[Option<f64>], nodes: &[Option<f64>]) -> Vec<f64> {
        let n = scores.len();
        if self.nodes.is_empty() {
            let a: f64 = (0..n)
                .filter(|&s| scores[s].is_some())
                .map(|s| self.points[s])
                .sum();
            return (0..n)
                .map(|s| match scores[s] {
                    Some(_) if a > 0.0 => self.points[s] / a,
                    _ => 0.0,
                })
                .collect();
        }
        // The share of each node in its parent (or among the top nodes), over nodes with a value.
        let share = |k: usize| -> f64 {
            let parent = self.nodes[k].parent;
            let siblings: f64 = (0..self.nodes.len())
                .filter(|&c| self.nodes[c].parent == parent && nodes[c].is_some())
                .map(|c| self.nodes[c].weight)
                .sum();
            if nodes[k].is_some() && siblings > 0.0 {
                self.nodes[k].weight / siblings
            } else {
                0.0
            }
        };
        let path = |mut k: usize| {
            let mut w = share(k);
            while let Some(p) = self.nodes[k].parent {
                w *= share(p);
                k = p;
            }
            w
        };
        (0..n)
            .map(|s| {
                let Some(_) = scores[s] else { return 0.0 };
                let leaf = self.leaf[s];
                let a: f64 = (0..n)
                    .filter(|&j| self.leaf[j] == leaf && scores[j].is_some())
                    .map(|j| self.points[j])
                    .sum();
                if a > 0.0 {
                    self.points[s] / a * path(leaf)
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// The indicator total of an arithmetic tree, `T · Σ e·r`, taken exactly on the decimals —
    /// the scores' shortest digits, the points, the dimensions' weights and T — as fractions
    /// (a weight share `w / Σ w` is no decimal): `e·r = s / A_leaf · Π shares`. `None` for
    /// another aggregation, or where 128 bits cannot hold it.
    pub fn exact_arithmetic_total(
        &self,
        scores: &[Option<f64>],
        nodes: &[Option<f64>],
    ) -> Option<Fraction> {
        self.exact_arithmetic_part(scores, nodes, |_| true)
    }

    /// [`Shape::exact_arithmetic_total`] over the slots `part` takes: `T · Σ_part e·r`, the
    /// weights e those of every applicable slot — a dimension's subtotal
    /// ([`Shape::add_dim_parts`]), or a tie-breaker's sum of them.
    pub fn exact_arithmetic_part(
        &self,
        scores: &[Option<f64>],
        nodes: &[Option<f64>],
        part: impl Fn(usize) -> bool,
    ) -> Option<Fraction> {
        if self.nodes.is_empty() || self.mean() != Mean::Arithmetic {
            return None;
        }
        let share = |k: usize| -> Option<Fraction> {
            let parent = self.nodes[k].parent;
            let mut siblings = Fraction::ZERO;
            for (c, node) in self.nodes.iter().enumerate() {
                if node.parent == parent && nodes[c].is_some() && node.weight > 0.0 {
                    siblings = siblings.checked_add(Fraction::of(node.weight)?)?;
                }
            }
            if nodes[k].is_none() || self.nodes[k].weight <= 0.0 || !siblings.is_positive() {
                return Some(Fraction::ZERO);
            }
            Fraction::of(self.nodes[k].weight)?.checked_div(siblings)
        };
        let path = |mut k: usize| -> Option<Fraction> {
            let mut w = share(k)?;
            while let Some(p) = self.nodes[k].parent {
                w = w.checked_mul(share(p)?)?;
                k = p;
            }
            Some(w)
        };
        let mut sum = Fraction::ZERO;
        for (s, score) in scores.iter().enumerate() {
            let Some(score) = *score else { continue };
            if !part(s) {
                continue;
            }
            let leaf = self.leaf[s];
            let mut a = Fraction::ZERO;
            for (j, p) in self.points.iter().enumerate() {
                if self.leaf[j] == leaf && scores[j].is_some() {
                    a = a.checked_add(Fraction::of(*p)?)?;
                }
            }
            if !a.is_positive() {
                continue;
            }
            let er = Fraction::of(score)?
                .checked_div(a)?
                .checked_mul(path(leaf)?)?;
            sum = sum.checked_add(er)?;
        }
        Fraction::of(self.total)?.checked_mul(sum)
    }

    /// Each slot's part of the indicator `total` (see the module notes); 0 where not applicable.
    pub fn parts(&self, scores: &[Option<f64>], nodes: &[Option<f64>], total: f64) -> Vec<f64> {
        let er = self.weighted_attainments(scores, nodes);
        let sum: f64 = er.iter().sum();
        er.iter()
            .map(|x| if sum > 0.0 { total * (x / sum) } else { 0.0 })
            .collect()
    }

    /// Each dimension's subtotal, given to `out` as `(dimension, subtotal)` for every dimension
    /// `slot_dim` maps an applicable slot to. Under the arithmetic mean, the sum of its slots'
    /// parts `T·e·r`, taken as `T · Σ_d e·r` (the rescaled scores: a subtotal that is exactly a
    /// decimal half, such as 2.5 = 10·0.25, stays one, as its reader computes it); under the
    /// geometric and harmonic means the total's share of its slots, `total · (Σ_d e·r / Σ e·r)`.
    /// A dimension holding every applicable slot has the total itself, never a float's last
    /// digit beside it (which could print 37.50 beside a total of 37.51).
    pub fn add_dim_parts(
        &self,
        scores: &[Option<f64>],
        nodes: &[Option<f64>],
        total: f64,
        slot_dim: &[usize],
        mut out: impl FnMut(usize, f64),
    ) {
        let er = self.weighted_attainments(scores, nodes);
        let sum: f64 = er.iter().sum();
        if sum <= 0.0 {
            return;
        }
        // Each dimension's Σ e·r in slot order, as `sum` is: with every other slot at 0 the two
        // sums are the same number.
        let dims = slot_dim.iter().max().map_or(0, |&d| d + 1);
        let mut own: Vec<Option<f64>> = vec![None; dims];
        let mut holders = 0;
        for ((x, &d), s) in er.iter().zip(slot_dim).zip(scores) {
            if s.is_none() {
                continue;
            }
            if own[d].is_none() {
                holders += 1;
            }
            own[d] = Some(own[d].unwrap_or(0.0) + x);
        }
        for (d, own) in own.into_iter().enumerate() {
            let Some(own) = own else { continue };
            out(
                d,
                if holders == 1 {
                    total
                } else if self.mean() == Mean::Arithmetic {
                    self.total * own
                } else {
                    total * (own / sum)
                },
            );
        }
    }

    /// Each slot's `e·r`: its effective weight times its attainment (0 where not applicable).
    fn weighted_attainments(&self, scores: &[Option<f64>], nodes: &[Option<f64>]) -> Vec<f64> {
        let e = self.effective_weights(scores, nodes);
        scores
            .iter()
            .zip(&e)
            .zip(&self.points)
            .map(|((s, e), p)| s.map_or(0.0, |s| e * (s / p)))
            .collect()
    }
}
