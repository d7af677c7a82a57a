//! The district overview (全区基本面): per track the distribution of totals and the grade counts;
//! per track and indicator the mean and median of the values scored (the growth, for a growth
//! indicator), their sum only where a sum means something ([`additive`]: amounts and counts,
//! never rates, scores or growth), and the best and worst unit — or that all are equal; per
//! township and sub-district how its villages and communities rank on their (district-wide)
//! track.
//!
//! Statistics of totals are over the published (rounded) totals, like the gaps, so that they can
//! be redone from the ranked table.

use std::collections::BTreeMap;

use crate::analysis::facts::TrackContext;
use crate::config::{Indicator, COUNTS};
use crate::data::Cell;
use crate::eval::Evaluation;
use crate::num::{mean_exact, median, std_dev_exact, sum_exact, sum_sorted};

/// The whole overview.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub tracks: Vec<TrackSummary>,
    pub indicators: Vec<IndicatorSummary>,
    pub parents: Vec<ParentSummary>,
}

/// Mean, median, min, max and population standard deviation `√(Σ(x − mean)²/n)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    pub n: usize,
    pub mean: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub std_dev: f64,
}

impl Stats {
    /// `None` for no values.
    pub fn of(values: &[f64]) -> Option<Stats> {
        let n = values.len();
        if n == 0 {
            return None;
        }
        let mean = mean_exact(values)?;
        // On the decimals (a deviation on a half rounds as that decimal does); in binary where
        // 128 bits cannot hold the sums.
        let std_dev = std_dev_exact(values).unwrap_or_else(|| {
            (sum_sorted(values.iter().map(|x| (x - mean).powi(2))) / n as f64).sqrt()
        });
        Some(Stats {
            n,
            mean,
            median: median(values.to_vec())?,
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            std_dev,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrackSummary {
    pub track: usize,
    pub n: usize,
    /// Of the rounded totals; `None` for a track without units.
    pub stats: Option<Stats>,
    /// Units per grade level, in the track's level order.
    pub grades: Vec<usize>,
    pub vetoes: usize,
}

/// One indicator on one track.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorSummary {
    pub track: usize,
    pub slot: usize,
    pub indicator: usize,
    /// Units with a value scored (the growth, for a growth indicator); their Σ only for an
    /// [`additive`] indicator; their mean and median.
    pub count: usize,
    pub sum: Option<f64>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Every unit with a value has the same one (so none is best or worst).
    pub all_equal: bool,
    /// Units with a missing and with a not-applicable cell.
    pub missing: usize,
    pub not_applicable: usize,
    /// Best and worst unit by the indicator rank (scored value, in the indicator's direction);
    /// `None` when all are equal.
    pub best: Option<Extreme>,
    pub worst: Option<Extreme>,
}

/// The unit at one end of an indicator's ranking; with ties, the lowest unit id of the tied
/// units, and how many share that rank.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extreme {
    pub unit: usize,
    pub value: f64,
    pub rank: u32,
    pub tied: usize,
}

/// The villages and communities of one township or sub-district on one track.
#[derive(Debug, Clone, PartialEq)]
pub struct ParentSummary {
    /// Registry index of the township or sub-district.
    pub parent: usize,
    pub track: usize,
    /// Units on the whole track, for "rank r of n".
    pub track_n: usize,
    pub count: usize,
    /// Mean of the children's rounded totals.
    pub mean: f64,
    /// Best (lowest) and worst rank, each with the lowest unit id holding it.
    pub best_rank: u32,
    pub best_unit: usize,
    pub worst_rank: u32,
    pub worst_unit: usize,
}

/// The overview of the given tracks.
pub fn summary(ev: &Evaluation, contexts: &[TrackContext]) -> Summary {
    let tracks = contexts.iter().map(track_summary).collect();
    let indicators = contexts.iter().flat_map(indicator_summaries).collect();
    Summary {
        tracks,
        indicators,
        parents: parent_summaries(ev, contexts),
    }
}

fn track_summary(cx: &TrackContext) -> TrackSummary {
    let tr = cx.tr;
    let levels = cx.ev.cfg.tracks[tr.track].grades.level_names().len();
    let mut grades = vec![0; levels];
    for &g in &tr.grades {
        grades[usize::from(g)] += 1;
    }
    TrackSummary {
        track: tr.track,
        n: tr.units.len(),
        stats: Stats::of(&tr.rounded),
        grades,
        vetoes: tr.veto.iter().filter(|&&v| v).count(),
    }
}

fn indicator_summaries<'a>(cx: &'a TrackContext) -> impl Iterator<Item = IndicatorSummary> + 'a {
    let td = &cx.ev.ds.tracks[cx.tr.track];
    cx.facts
        .indicators
        .iter()
        .enumerate()
        .map(move |(slot, f)| {
            let data = &td.columns[slot];
            let values: Vec<f64> = data.scored().values().map(|(_, v)| v).collect();
            let count = values.len();
            let sum = sum_exact(&values);
            let ind = &cx.ev.cfg.indicators[f.indicator];
            let (best, worst) = (extreme(cx, slot, true), extreme(cx, slot, false));
            let all_equal = matches!((best, worst), (Some(b), Some(w)) if b.rank == w.rank);
            let (best, worst) = if all_equal {
                (None, None)
            } else {
                (best, worst)
            };
            let (mut missing, mut na) = (0, 0);
            for c in data.scored().iter() {
                match c {
                    Cell::Missing => missing += 1,
                    Cell::NotApplicable => na += 1,
                    Cell::Value(_) => {}
                }
            }
            IndicatorSummary {
                track: cx.tr.track,
                slot,
                indicator: f.indicator,
                count,
                sum: additive(ind).then_some(sum),
                mean: mean_exact(&values),
                median: median(values),
                all_equal,
                missing,
                not_applicable: na,
                best,
                worst,
            }
        })
}

/// Measurement units of amounts (money, weights, areas, lengths) whose values add up over units,
/// as counts ([`COUNTS`]) do; anything else — %, 分, ratios such as 吨标煤/万元, yes/no — does not.
const AMOUNTS: [&str; 10] = [
    "元",
    "万元",
    "亿元",
    "吨",
    "万吨",
    "亩",
    "公顷",
    "公里",
    "千米",
    "平方米",
];

/// Whether the sum of an indicator's values over units means something: an amount or a count
/// ([`AMOUNTS`], [`COUNTS`]), not a growth indicator and not a percentage.
pub fn additive(ind: &Indicator) -> bool {
    let unit = ind.unit.trim();
    ind.growth.is_none() && !ind.percent && (AMOUNTS.contains(&unit) || COUNTS.contains(&unit))
}

/// The best (rank 1) or worst (highest rank) unit of an indicator.
fn extreme(cx: &TrackContext, slot: usize, best: bool) -> Option<Extreme> {
    let f = &cx.facts.indicators[slot];
    let ranks = (0..cx.tr.units.len()).filter_map(|p| f.rank(p));
    let target = if best { ranks.min() } else { ranks.max() }?;
    let ids = &cx.ev.ds.registry.units;
    let holders = (0..cx.tr.units.len()).filter(|&p| f.rank(p) == Some(target));
    let pos = holders
        .clone()
        .min_by(|&a, &b| ids[cx.tr.units[a]].id.cmp(&ids[cx.tr.units[b]].id))?;
    // Ranked by the value scored (per head, imputed, treated), shown as collected (the growth
    // for a growth indicator), in the row's unit like its mean and sum — or, for a gap filled
    // by imputation, as filled.
    let data = &cx.ev.ds.tracks[cx.tr.track].columns[slot];
    let scored = || {
        cx.tr
            .scores
            .scored_column(&cx.ev.ds.tracks[cx.tr.track], slot)
            .get(pos)
            .value()
    };
    Some(Extreme {
        unit: cx.tr.units[pos],
        value: data.scored().get(pos).value().or_else(scored)?,
        rank: target,
        tied: holders.count(),
    })
}

/// Children grouped by (parent, track); ordered by track, mean (rounded to `decimals`, as
/// printed) descending, then parent id.
fn parent_summaries(ev: &Evaluation, contexts: &[TrackContext]) -> Vec<ParentSummary> {
    let reg = &ev.ds.registry.units;
    let mut out = Vec::new();
    for cx in contexts {
        let tr = cx.tr;
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (pos, &u) in tr.units.iter().enumerate() {
            if let Some(p) = reg[u].parent() {
                groups.entry(p).or_default().push(pos);
            }
        }
        let start = out.len();
        for (parent, positions) in groups {
            // (rank, unit id) orders the children totally: first = best, last = worst.
            let key = |&p: &usize| (tr.rank[p], reg[tr.units[p]].id.as_str());
            let best = positions.iter().min_by_key(|p| key(p)).copied();
            let worst_rank = positions.iter().map(|&p| tr.rank[p]).max();
            let worst = positions
                .iter()
                .filter(|&&p| Some(tr.rank[p]) == worst_rank)
                .min_by_key(|p| key(p))
                .copied();
            let (Some(best), Some(worst)) = (best, worst) else {
                continue;
            };
            let totals: Vec<f64> = positions.iter().map(|&p| tr.rounded[p]).collect();
            out.push(ParentSummary {
                parent,
                track: tr.track,
                track_n: tr.units.len(),
                count: positions.len(),
                mean: mean_exact(&totals).unwrap_or(0.0),
                best_rank: tr.rank[best],
                best_unit: tr.units[best],
                worst_rank: tr.rank[worst],
                worst_unit: tr.units[worst],
            });
        }
        // By the mean as printed: two townships shown at the same mean are in id order.
        let shown = |p: &ParentSummary| crate::num::round_to(p.mean, ev.cfg.decimals);
        out[start..].sort_by(|a, b| {
            shown(b)
                .total_cmp(&shown(a))
                .then_with(|| reg[a.parent].id.cmp(&reg[b.parent].id))
        });
    }
    out
}

#[cfg(test)]
mod tests;
