//! The scoring core: pure functions from validated columns to scores. No I/O, no printing.
//!
//! Each indicator of a track is scored as one column ([`score_indicator`]): the method's peer
//! figures (min, max, ranks, targets) are computed once, and each unit's score is derived from
//! its value when it is read ([`crate::results::Scorer`]); missing cells are filled by the
//! indicator's policy. Each unit's indicator sum is rescaled over the indicators applicable to it
//! ([`score_track`]). Totals, ranks and grades follow in [`rank`].

pub mod absolute;
pub mod aggregate;
pub mod normalised;
pub mod prepare;
pub mod rank;
pub mod relative;

use std::sync::Arc;

use crate::config::{Config, Direction, Method, MissingPolicy};
use crate::data::{Cell, Column, Dataset, IndicatorData};
use crate::num::mean_exact;
use crate::results::{Evenly, Prepared, ScoreColumn, Scorer, Status, TrackScores};
use normalised::Normalised;

/// How one indicator column is scored, with the peer figures it needs, computed once.
#[derive(Debug, Clone)]
enum Rule {
    /// No unit has a value (no peer figures): every value cell scores 0.
    Empty,
    Proportional(Direction, f64, (f64, f64)),
    Efficacy(Direction, f64, f64, (f64, f64)),
    /// The peers' competition ranks.
    Rank(relative::Ranks, f64, f64, f64),
    /// Each position's target (NaN where none).
    Target(Direction, f64, f64, Arc<Vec<f64>>),
    Bands(Vec<(f64, f64)>),
    Deduct(Direction, f64, f64, f64),
    Direct,
    Binary(f64),
    /// The normalisation methods: a per-value formula with the peer figures it needs.
    Normalised(Normalised),
}

impl Rule {
    fn new(
        method: &Method,
        dir: Option<Direction>,
        p: f64,
        col: &Column,
        targets: Option<&Arc<Vec<f64>>>,
    ) -> Rule {
        // Direction is validated to be present for the methods that use it.
        let d = dir.unwrap_or(Direction::Higher);
        let peers = relative::min_max(col);
        match (method, peers) {
            (Method::Proportional, Some(mm)) => Rule::Proportional(d, p, mm),
            (Method::Efficacy { base }, Some(mm)) => Rule::Efficacy(d, p, *base, mm),
            (Method::Proportional | Method::Efficacy { .. }, None) => Rule::Empty,
            (Method::Rank { step, floor }, _) => {
                Rule::Rank(relative::ranks(col, d), p, *step, *floor)
            }
            (Method::Target { cap, .. }, _) => Rule::Target(
                d,
                p,
                *cap,
                targets.cloned().unwrap_or_else(|| Arc::new(Vec::new())),
            ),
            (Method::Bands(b), _) => Rule::Bands(b.clone()),
            (Method::Deduct { per, threshold }, _) => Rule::Deduct(d, p, *per, *threshold),
            (Method::Direct, _) => Rule::Direct,
            (Method::Binary, _) => Rule::Binary(p),
            (m, _) => match Normalised::new(m, d, p, col) {
                Some(n) => Rule::Normalised(n),
                None => Rule::Empty,
            },
        }
    }

    /// The rule's own figures at `positions` (see [`Rule::score_fetched`]).
    fn fetch(&self, positions: &[usize]) -> Fetched {
        match self {
            Rule::Rank(r, ..) => r.at(positions).map_or(Fetched::Nothing, Fetched::Ranks),
            Rule::Target(.., t) => Fetched::Targets(
                positions
                    .iter()
                    .map(|&p| t.get(p).copied().unwrap_or(f64::NAN))
                    .collect(),
            ),
            _ => Fetched::Nothing,
        }
    }

    /// [`Rule::score`] of the value `x` at `pos`, the `k`-th of the positions `fetched` was
    /// fetched for: the same score, the rule's figure read from `fetched`.
    #[inline]
    fn score_fetched(&self, fetched: &Fetched, k: usize, pos: usize, x: f64) -> f64 {
        match (self, fetched) {
            (Rule::Rank(_, p, step, floor), Fetched::Ranks(r)) => {
                relative::rank(r[k], *p, *step, *floor)
            }
            (Rule::Target(d, p, cap, _), Fetched::Targets(t)) => {
                absolute::target(x, *d, *p, *cap, t[k])
            }
            _ => self.score(pos, x),
        }
    }

    /// The score of the value `x` at position `pos`.
    fn score(&self, pos: usize, x: f64) -> f64 {
        match self {
            Rule::Empty => 0.0,
            Rule::Proportional(d, p, mm) => relative::proportional(x, *d, *p, *mm),
            Rule::Efficacy(d, p, b, mm) => relative::efficacy(x, *d, *p, *b, *mm),
            Rule::Rank(r, p, step, floor) => relative::rank(r.get(pos, x), *p, *step, *floor),
            Rule::Target(d, p, cap, t) => {
                absolute::target(x, *d, *p, *cap, t.get(pos).copied().unwrap_or(f64::NAN))
            }
            Rule::Bands(b) => absolute::bands(x, b),
            Rule::Deduct(d, p, per, th) => absolute::deduct(x, *d, *p, *per, *th),
            Rule::Direct => absolute::direct(x),
            Rule::Binary(p) => absolute::binary(x, *p),
            Rule::Normalised(n) => n.score(x),
        }
    }
}

/// A rule's figures of its own (ranks, targets) at a batch of positions, in their order.
enum Fetched {
    Nothing,
    Ranks(Vec<u32>),
    Targets(Vec<f64>),
}

/// One indicator column's scores, derived when read: the rule applied to the unit's value, the
/// missing policy's fill for a missing cell, 0 where not applicable.
#[derive(Debug)]
struct SlotScorer {
    input: Arc<Column>,
    rule: Rule,
    policy: MissingPolicy,
    /// The peers' mean score, for policy `average`.
    mean: f64,
    /// Positions whose value was imputed (policy `impute`), in order.
    imputed: Vec<usize>,
}

impl Scorer for SlotScorer {
    fn len(&self) -> usize {
        self.input.len()
    }

    fn status(&self, pos: usize) -> Status {
        self.status_of(pos, self.input.get(pos))
    }

    fn score(&self, pos: usize) -> f64 {
        self.score_of(pos, self.input.get(pos))
    }

    fn gather(&self, positions: &[usize], out: &mut Vec<(Status, f64)>) {
        let mut cells = Column::missing(0);
        self.input.gather(positions, &mut cells);
        self.of_cells(positions, &cells, out);
    }

    fn gather_from(
        &self,
        positions: &[usize],
        gathered: &[(&Column, &Column)],
        out: &mut Vec<(Status, f64)>,
    ) {
        match gathered
            .iter()
            .find(|(c, _)| std::ptr::eq(*c, &*self.input))
        {
            Some((_, cells)) => self.of_cells(positions, cells, out),
            None => self.gather(positions, out),
        }
    }

    fn span(&self, span: std::ops::Range<usize>, out: &mut Vec<(Status, f64)>) {
        out.clear();
        // The rule matched once for the span rather than once per cell: the totals read every
        // cell of every column this way.
        let at = |k| k;
        match &self.rule {
            Rule::Proportional(d, p, mm) => self.fill(&self.input, span, at, out, |_, _, x| {
                relative::proportional(x, *d, *p, *mm)
            }),
            Rule::Efficacy(d, p, b, mm) => self.fill(&self.input, span, at, out, |_, _, x| {
                relative::efficacy(x, *d, *p, *b, *mm)
            }),
            Rule::Rank(r, p, step, floor) => self.fill(&self.input, span, at, out, |_, pos, x| {
                relative::rank(r.get(pos, x), *p, *step, *floor)
            }),
            rule => self.fill(&self.input, span, at, out, |_, pos, x| rule.score(pos, x)),
        }
    }
}

impl SlotScorer {
    /// The status and score at each of `positions`, from `cells`, the input's cells there. The
    /// rule's own figure at each position (a rank, a target) is fetched for the whole batch
    /// first, in one tight pass, for the reason the cells are (see [`Column::gather`]): read
    /// one cell at a time between the formulas, each was a cache miss of its own.
    fn of_cells(&self, positions: &[usize], cells: &Column, out: &mut Vec<(Status, f64)>) {
        let fetched = self.rule.fetch(positions);
        out.clear();
        let (all, at) = (0..positions.len(), |k: usize| positions[k]);
        match (&self.rule, &fetched) {
            (Rule::Proportional(d, p, mm), _) => self.fill(cells, all, at, out, |_, _, x| {
                relative::proportional(x, *d, *p, *mm)
            }),
            (Rule::Efficacy(d, p, b, mm), _) => self.fill(cells, all, at, out, |_, _, x| {
                relative::efficacy(x, *d, *p, *b, *mm)
            }),
            (Rule::Rank(_, p, step, floor), Fetched::Ranks(r)) => {
                self.fill(cells, all, at, out, |k, _, _| {
                    relative::rank(r[k], *p, *step, *floor)
                })
            }
            (rule, fetched) => self.fill(cells, all, at, out, |k, pos, x| {
                rule.score_fetched(fetched, k, pos, x)
            }),
        }
    }

    /// Appends the status and score of cell `k` of `cells` for each `k` of `ks`, the cell at
    /// position `at(k)`; `score(k, pos, x)` is the rule's score of a value. One loop for each
    /// rule and column representation (see [`Column::each_in`]), where a match on both for every
    /// cell cost as much as the formulas.
    #[inline(always)]
    fn fill(
        &self,
        cells: &Column,
        ks: std::ops::Range<usize>,
        at: impl Fn(usize) -> usize,
        out: &mut Vec<(Status, f64)>,
        score: impl Fn(usize, usize, f64) -> f64,
    ) {
        out.reserve(ks.len());
        cells.each_in(ks, |k, cell| {
            let pos = at(k);
            let s = match cell {
                Cell::Value(x) => score(k, pos, x),
                other => self.score_of(pos, other),
            };
            out.push((self.status_of(pos, cell), s));
        });
    }

    /// The status of `cell`, the cell at `pos`.
    #[inline]
    fn status_of(&self, pos: usize, cell: Cell) -> Status {
        match cell {
            Cell::Value(_) if self.imputed.binary_search(&pos).is_ok() => Status::Imputed,
            Cell::Value(_) => Status::Scored,
            Cell::NotApplicable => Status::NotApplicable,
            Cell::Missing => match self.policy {
                MissingPolicy::Average => Status::AverageFilled,
                // `error` never reaches scoring: loading fails on a missing cell, and on one that
                // no group can impute.
                MissingPolicy::Zero | MissingPolicy::Error | MissingPolicy::Impute(..) => {
                    Status::ZeroFilled
                }
            },
        }
    }

    /// The score of `cell`, the cell at `pos`: the rule's for a value, the peers' mean for a
    /// missing cell under `average`, else 0.
    #[inline]
    fn score_of(&self, pos: usize, cell: Cell) -> f64 {
        match cell {
            Cell::Value(x) => self.rule.score(pos, x),
            Cell::Missing if self.policy == MissingPolicy::Average => self.mean,
            _ => 0.0,
        }
    }
}

/// Scores every peer in `col`; positions without a value are left at 0.
///
/// `p` is the indicator's points on the track. `targets` is required for `target`.
pub fn score_column(
    method: &Method,
    dir: Option<Direction>,
    p: f64,
    col: &Column,
    targets: Option<&[f64]>,
) -> Vec<f64> {
    let targets = targets.map(|t| Arc::new(t.to_vec()));
    let rule = Rule::new(method, dir, p, col, targets.as_ref());
    let mut out = vec![0.0; col.len()];
    for (i, x) in col.values() {
        out[i] = rule.score(i, x);
    }
    out
}

/// Scores one indicator column and applies the missing policy.
pub fn score_indicator(
    method: &Method,
    dir: Option<Direction>,
    missing: MissingPolicy,
    p: f64,
    data: &IndicatorData,
) -> ScoreColumn {
    score_prepared(method, dir, missing, p, data, None)
}

/// [`score_indicator`] of the derived column `prepared` when there is one.
pub fn score_prepared(
    method: &Method,
    dir: Option<Direction>,
    missing: MissingPolicy,
    p: f64,
    data: &IndicatorData,
    prepared: Option<&Prepared>,
) -> ScoreColumn {
    let input = prepared.map_or_else(|| data.scored_arc(), |x| Arc::clone(&x.values));
    let imputed = prepared.map_or_else(Vec::new, |x| x.imputed.iter().map(|&(p, _)| p).collect());
    let rule = Rule::new(method, dir, p, &input, data.targets.as_ref());
    let needs_mean = missing == MissingPolicy::Average && input.iter().any(|c| c == Cell::Missing);
    let mean = if needs_mean {
        peer_mean(input.values().map(|(i, x)| rule.score(i, x)).collect())
    } else {
        0.0
    };
    ScoreColumn::new(SlotScorer {
        input,
        rule,
        policy: missing,
        mean,
        imputed,
    })
}

/// The mean score of the units scored from a value (0 if none), for policy `average`.
///
/// The exact mean of the scores' decimals (their shortest digits), rounded once
/// ([`mean_exact`]): the order of the rows cannot change it, and a mean that is a decimal is
/// that decimal's f64 — 40.02, 40.03, 40.02, 40.03 average 40.025 (added in binary,
/// 40.025000000000006, which rounded to 40.03 where a typed 40.025 rounds to 40.02). Kept
/// within the peers' lowest and highest score, where it lies mathematically.
fn peer_mean(peers: Vec<f64>) -> f64 {
    let Some(mean) = mean_exact(&peers) else {
        return 0.0;
    };
    let lo = peers.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = peers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // max/min rather than clamp, which panics on NaN bounds.
    mean.max(lo).min(hi)
}

/// Scores all indicators of track `t` of `ds` and combines each unit's scores: the sum rescaled
/// to the track total (or the track's other aggregation, [`aggregate`]).
pub fn score_track(cfg: &Config, ds: &Dataset, t: usize) -> TrackScores {
    use rayon::prelude::*;
    let track = &cfg.tracks[t];
    let td = &ds.tracks[t];
    let n = td.units.len();
    let prepared: Vec<Option<Arc<Prepared>>> = track
        .indicators
        .iter()
        .zip(&td.columns)
        .map(|(ti, data)| prepare::prepare(cfg, ds, t, cfg.indicator(ti), data).map(Arc::new))
        .collect();
    // Each column's peer figures (a sort for the rank methods) on every core.
    let columns: Vec<ScoreColumn> = track
        .indicators
        .par_iter()
        .zip(&td.columns)
        .zip(&prepared)
        .map(|((ti, data), prep)| {
            let ind = cfg.indicator(ti);
            let (m, d) = (&ind.method, ind.direction);
            score_prepared(m, d, ind.missing, ti.points, data, prep.as_deref())
        })
        .collect();
    let mut dims: Vec<usize> = track
        .indicators
        .iter()
        .map(|ti| cfg.indicator(ti).dimension)
        .collect();
    dims.sort_unstable();
    dims.dedup();
    let slot_dim: Vec<usize> = track
        .indicators
        .iter()
        .map(|ti| {
            dims.binary_search(&cfg.indicator(ti).dimension)
                .unwrap_or(0)
        })
        .collect();
    // A, the applicable points, as the exact sum of their decimals (in integer quanta of the
    // points' least decimal place), rounded once: with every indicator applicable it is T, even
    // where the points' doubles add up to a hair less (5.26 + 10.5 + 13 + 5.3 + 15.94 is
    // 49.99999999999999 in binary, and T/A was then 1.0000000000000002). Points whose decimals
    // do not align in 64 bits are added as doubles.
    let points: Vec<f64> = track.indicators.iter().map(|ti| ti.points).collect();
    let quanta = crate::num::quanta(&points);
    let is_sum = track.aggregation.is_sum();
    let mut applicable = vec![0.0; n];
    let mut raw_sum = vec![0.0; n];
    let mut dim_scores = vec![vec![0.0; n]; dims.len()];
    // A block of units at a time, on every core: each column's cells of the block read once for
    // their status and score, and added in the indicators' order (as one pass would); on a
    // summed track the block's sums and subtotals are then rescaled.
    const BLOCK: usize = 4096;
    let mut dim_blocks: Vec<Vec<&mut [f64]>> = (0..n.div_ceil(BLOCK)).map(|_| Vec::new()).collect();
    for d in &mut dim_scores {
        for (b, part) in d.chunks_mut(BLOCK).enumerate() {
            dim_blocks[b].push(part);
        }
    }
    let not_finite: Vec<Vec<u32>> = applicable
        .par_chunks_mut(BLOCK)
        .zip(raw_sum.par_chunks_mut(BLOCK))
        .zip(dim_blocks)
        .enumerate()
        .map_init(
            || (Vec::with_capacity(BLOCK), Vec::with_capacity(BLOCK)),
            |(block, counts), (b, ((applicable, raw_sum), mut dims))| {
                let start = b * BLOCK;
                counts.clear();
                counts.resize(applicable.len(), 0i64);
                for (slot, (ti, col)) in track.indicators.iter().zip(&columns).enumerate() {
                    let dim = &mut dims[slot_dim[slot]];
                    let q = quanta.as_ref().map_or(0, |(q, _)| q[slot]);
                    col.span(start..start + applicable.len(), block);
                    for (k, &(status, score)) in block.iter().enumerate() {
                        if status != Status::NotApplicable {
                            applicable[k] += ti.points;
                            counts[k] += q;
                            raw_sum[k] += score;
                            dim[k] += score;
                        }
                    }
                }
                let mut not_finite = Vec::new();
                for k in 0..applicable.len() {
                    if !raw_sum[k].is_finite() {
                        not_finite.push((start + k) as u32);
                    }
                    let binary = applicable[k];
                    let exact = quanta
                        .as_ref()
                        .map_or(binary, |&(_, e)| crate::num::from_quanta(counts[k], e));
                    applicable[k] = exact;
                    if is_sum {
                        // Divided by the larger of the two: the scores' binary sum is at most
                        // the points' binary sum when every score is at most its points, so the
                        // rescaled sum still cannot round above T.
                        let by = exact.max(binary);
                        raw_sum[k] = rescale_by(raw_sum[k], exact, by, track.total);
                        for d in dims.iter_mut() {
                            d[k] = rescale_by(d[k], exact, by, track.total);
                        }
                    }
                }
                not_finite
            },
        )
        .collect();
    let not_finite = not_finite.concat();
    let mut nodes = Vec::new();
    let indicator_total = if is_sum {
        raw_sum
    } else {
        let shape = aggregate::Shape::of(cfg, t);
        let (totals, node_values) = combine(&shape, &columns, &slot_dim, &mut dim_scores);
        nodes = node_values;
        totals
    };
    TrackScores {
        columns,
        applicable: Evenly::from_vec(applicable),
        track_total: track.total,
        not_finite,
        dims,
        dim_scores,
        indicator_total,
        prepared,
        nodes,
    }
}

/// The rescaled sum `T·(x/A)`: with every indicator applicable (A = T) the sum is taken as it
/// is, bit for bit, as anyone adding up the scores would. Otherwise T·(sum/A), not sum·(T/A):
/// the 得分率 sum/A is at most 1 when every score is at most its points, even in floating point,
/// so the rescaled sum cannot round above T.
pub fn rescale(x: f64, a: f64, total: f64) -> f64 {
    rescale_by(x, a, a, total)
}

/// [`rescale`] with A = `a` (whether it is T, or none) and the sum divided by `by`.
fn rescale_by(x: f64, a: f64, by: f64, total: f64) -> f64 {
    if a == total {
        x
    } else if a > 0.0 {
        total * (x / by)
    } else {
        0.0
    }
}

/// The indicator totals of a track that does not simply add up its scores, with each
/// dimension's subtotal (the parts of its indicators) into `dim_scores` and each tree node's
/// value per position.
fn combine(
    shape: &aggregate::Shape,
    columns: &[ScoreColumn],
    slot_dim: &[usize],
    dim_scores: &mut [Vec<f64>],
) -> (Vec<f64>, Vec<Vec<Option<f64>>>) {
    let n = columns.first().map_or(0, ScoreColumn::len);
    let mut nodes = vec![vec![None; n]; shape.nodes.len()];
    let mut scores = vec![None; columns.len()];
    let mut node = vec![None; shape.nodes.len()];
    let mut totals = Vec::with_capacity(n);
    for d in dim_scores.iter_mut() {
        d.iter_mut().for_each(|v| *v = 0.0);
    }
    for pos in 0..n {
        for (s, col) in scores.iter_mut().zip(columns) {
            *s = (col.status(pos) != Status::NotApplicable).then(|| col.score(pos));
        }
        let total = shape.total(&scores, &mut node);
        shape.add_dim_parts(&scores, &node, total, slot_dim, |d, v| {
            dim_scores[d][pos] += v
        });
        for (k, v) in node.iter().enumerate() {
            nodes[k][pos] = *v;
        }
        totals.push(total);
    }
    (totals, nodes)
}

/// Scores every track of a dataset (the tracks side by side on every core: each is scored from
/// its own columns alone).
pub fn score_all(cfg: &Config, ds: &Dataset) -> Vec<TrackScores> {
    use rayon::prelude::*;
    (0..ds.tracks.len())
        .into_par_iter()
        .map(|t| score_track(cfg, ds, t))
        .collect()
}

#[cfg(test)]
mod tests;
