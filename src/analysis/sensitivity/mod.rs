//! Monte Carlo uncertainty and sensitivity analysis of one period (`pingyi sensitivity`).
//!
//! What varies is declared by a [`Spec`] (the `[sensitivity]` section, or the command line):
//! each indicator's points × a factor from U(1−w, 1+w), the track's points rescaled so that they
//! keep their sum (an indicator's score moves with its points: its share of its points is kept);
//! alternative methods or parameters per indicator, each equally likely; alternative
//! missing-value policies, each equally likely beside the indicators' own.
//!
//! Every varied input is driven by one uniform number per run, so a run is a row of a matrix `A`
//! (N × D). The rank statistics come from the N rows of `A`. The first-order and total
//! sensitivity indices follow Saltelli (2010), as COINr does: a second matrix `B` and, per input
//! i, `A` with column i taken from `B`; the output is each track's mean absolute rank change
//! from the nominal ranks. The draws are seeded: the same seed gives the same bytes.

mod cut;
mod delta;
mod engine;
mod indices;
mod keys;
mod rank;
pub mod rng;
mod stats;
mod variant;

use crate::config::sensitivity::{Alternatives, Spec};
use crate::config::{Config, Method, MissingPolicy};
use crate::eval::Evaluation;
use engine::{Choice, Scratch, Start, TrackModel};
use indices::Indices;
use rng::Rng;
pub use stats::quantile;
pub use variant::Refused;
use variant::{variant_of, Variant};

/// What one run varies, resolved against the scheme analysed.
#[derive(Debug, Clone)]
pub struct Plan {
    pub runs: usize,
    pub seed: u64,
    pub weights: f64,
    pub threshold: f64,
    pub missing: Vec<MissingPolicy>,
    pub alternatives: Vec<Alternatives>,
    /// Compute the sensitivity indices (N·(d+1) more evaluations per track).
    pub indices: bool,
}

impl Plan {
    pub fn new(spec: &Spec, alternatives: Vec<Alternatives>) -> Plan {
        Plan {
            runs: spec.runs,
            seed: spec.seed,
            weights: spec.weights,
            threshold: spec.threshold,
            missing: spec.missing.clone(),
            alternatives,
            indices: true,
        }
    }
}

/// One varied input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The points of a config indicator.
    Weight(usize),
    /// The method of a config indicator (index into [`Plan::alternatives`]).
    Method(usize),
    /// The missing-value policy.
    Missing,
}

/// The analysis of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub runs: usize,
    pub seed: u64,
    pub weights: f64,
    pub threshold: f64,
    /// Every input varied, in column order of the draws.
    pub inputs: Vec<Input>,
    /// The config indicator of each alternative ([`Input::Method`]).
    pub alternatives: Vec<usize>,
    pub tracks: Vec<TrackSensitivity>,
}

/// One track.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackSensitivity {
    pub track: usize,
    /// In nominal display order.
    pub units: Vec<UnitSensitivity>,
    /// Indexes into `units` of the units whose nominal grade has a probability below the threshold,
    /// ascending.
    pub fragile: Vec<usize>,
    /// Per input that reaches the track: (index into `inputs`, first-order S, total ST); empty
    /// without indices or when the ranks never change.
    pub indices: Vec<(usize, f64, f64)>,
    /// The mean over runs of the mean absolute rank change from the nominal ranks.
    pub mean_rank_change: f64,
}

/// One unit's ranks and grades over the runs.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSensitivity {
    /// Registry index.
    pub unit: usize,
    pub nominal_rank: u32,
    pub nominal_grade: usize,
    pub median: u32,
    pub p5: u32,
    pub p95: u32,
    /// Probability of each grade level.
    pub grades: Vec<f64>,
}

/// Runs the analysis of `tracks` of `ev` under `plan`; or, for every variant of the scheme the
/// plan draws that its own rules refuse (a missing cell its policy cannot fill, a unit without
/// a target), why — as `rank` refuses such a scheme rather than scoring those cells 0.
pub fn analyse(
    ev: &Evaluation,
    tracks: &[usize],
    plan: &Plan,
) -> Result<Sensitivity, Vec<Refused>> {
    let inputs = inputs_of(&ev.cfg, plan);
    let (a, b) = draws(plan, inputs.len());
    let mut out = Vec::new();
    let mut refused = Vec::new();
    for &t in tracks {
        match model(ev, t, plan) {
            Ok(m) => out.push(track(ev, t, &m, plan, &inputs, &a, &b)),
            Err(why) => refused.extend(why),
        }
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    Ok(Sensitivity {
        runs: plan.runs,
        seed: plan.seed,
        weights: plan.weights,
        threshold: plan.threshold,
        inputs,
        alternatives: plan.alternatives.iter().map(|a| a.indicator).collect(),
        tracks: out,
    })
}

/// About the most memory the analysis of `tracks` under `plan` holds at once, in bytes: the
/// draws (A and B, N × d each), the indices' N model runs per input, and each unit's rank in
/// every run of the largest track (four bytes each, until the ranks are counted instead).
/// `None` beyond what an address can count.
pub fn planned_bytes(ev: &Evaluation, tracks: &[usize], plan: &Plan) -> Option<usize> {
    let d = inputs_of(&ev.cfg, plan).len();
    let per_run = match plan.indices {
        true => d.checked_mul(3)?.checked_add(1)?,
        false => d,
    };
    let largest = tracks
        .iter()
        .map(|&t| ev.res.tracks[t].units.len())
        .max()
        .unwrap_or(0);
    let draws = plan.runs.checked_mul(per_run)?.checked_mul(8)?;
    let ranks = plan.runs.checked_mul(largest)?.checked_mul(4)?;
    draws.checked_add(ranks)
}

/// The matrices A and B (N × d, row-major; B empty without indices), from two streams.
fn draws(plan: &Plan, d: usize) -> (Vec<f64>, Vec<f64>) {
    let mut rng_a = Rng::new(plan.seed);
    let a: Vec<f64> = (0..plan.runs * d).map(|_| rng_a.uniform()).collect();
    let b: Vec<f64> = if plan.indices {
        let mut rng_b = Rng::new(plan.seed ^ 0x5EED_B00C_0FF1_CE00);
        (0..plan.runs * d).map(|_| rng_b.uniform()).collect()
    } else {
        Vec::new()
    };
    (a, b)
}

/// The inputs: every indicator's points (when w > 0), each indicator with alternatives, the
/// missing-value policy (when there are alternatives).
fn inputs_of(cfg: &Config, plan: &Plan) -> Vec<Input> {
    let mut v = Vec::new();
    if plan.weights > 0.0 {
        v.extend((0..cfg.indicators.len()).map(Input::Weight));
    }
    v.extend((0..plan.alternatives.len()).map(Input::Method));
    if !plan.missing.is_empty() {
        v.push(Input::Missing);
    }
    v
}

/// The model of track `t`: its variants scored once; or, for each variant the scheme's own rules
/// would refuse (see [`variant_of`]), why.
fn model(ev: &Evaluation, t: usize, plan: &Plan) -> Result<TrackModel, Vec<Refused>> {
    let cfg = &ev.cfg;
    let tr = &ev.res.tracks[t];
    let track = &cfg.tracks[t];
    let alt_of = |slot: usize| {
        let k = track.indicators[slot].indicator;
        plan.alternatives.iter().find(|a| a.indicator == k)
    };
    let methods: Vec<usize> = (0..track.indicators.len())
        .map(|s| alt_of(s).map_or(1, |a| a.methods.len()))
        .collect();
    let policies = 1 + plan.missing.len();
    let mut refused = Vec::new();
    let model = TrackModel::new(cfg, tr, &methods, policies, |slot, m, q| {
        let mut c = cfg.clone();
        // The method first: whether the policy applies depends on the method scored.
        if let Some(a) = alt_of(slot) {
            c.indicators[a.indicator].method = a.methods[m].clone();
        }
        if q > 0 {
            // As the scheme's own rules: an imputed value has no target, a binary cell is 1 or
            // 0 — those indicators (by the method this variant scores) keep their policy when
            // the alternative imputes.
            let policy = plan.missing[q - 1];
            for ind in &mut c.indicators {
                let imputes = matches!(policy, MissingPolicy::Impute(..));
                if !(imputes && matches!(ind.method, Method::Target { .. } | Method::Binary)) {
                    ind.missing = policy;
                }
            }
        }
        variant_of(&c, &ev.ds, t, slot).unwrap_or_else(|why| {
            let ind = &c.indicators[track.indicators[slot].indicator];
            let mut under = Vec::new();
            if m > 0 {
                under.push(format!(
                    "its alternative method {m} (`{}`)",
                    ind.method.name()
                ));
            }
            if q > 0 {
                under.push(format!(
                    "the alternative missing-value policy `{}`",
                    policy_text(plan.missing[q - 1])
                ));
            }
            refused.push(Refused {
                by_policy: why.by_policy,
                message: format!(
                    "`{}` ({}) on track `{}` under {}: {}",
                    ind.id,
                    ind.name,
                    track.id,
                    under.join(" and "),
                    why.message
                ),
            });
            Variant::new(vec![0.0; tr.units.len()], vec![false; tr.units.len()])
        })
    });
    if refused.is_empty() {
        Ok(model)
    } else {
        Err(refused)
    }
}

/// A missing-value policy as `--missing` takes it.
fn policy_text(p: MissingPolicy) -> String {
    match p {
        MissingPolicy::Error => "error".into(),
        MissingPolicy::Zero => "zero".into(),
        MissingPolicy::Average => "average".into(),
        MissingPolicy::Impute(fill, by) => {
            let fill = match fill {
                crate::composite::Fill::Mean => "mean",
                crate::composite::Fill::Median => "median",
            };
            format!("impute:{fill}:{}", by.name())
        }
    }
}

/// Which inputs reach track `t` (indexes into `inputs`).
fn reaching(m: &TrackModel, plan: &Plan, inputs: &[Input]) -> Vec<usize> {
    (0..inputs.len())
        .filter(|&i| match inputs[i] {
            Input::Weight(k) => m.indicator.contains(&k),
            Input::Method(a) => m.indicator.contains(&plan.alternatives[a].indicator),
            Input::Missing => m.variants.iter().any(|v| {
                v.chunks(m.policies)
                    .any(|c| c.iter().any(|x| x.score != c[0].score))
            }),
        })
        .collect()
}

/// Per input, the slot of the track it sets (`None`: the policy, or an indicator not on the
/// track): resolved once per track, not per draw.
pub(super) type Slots = Vec<Option<usize>>;

fn slots_of(m: &TrackModel, plan: &Plan, inputs: &[Input]) -> Slots {
    let slot = |k: usize| m.indicator.iter().position(|&x| x == k);
    inputs
        .iter()
        .map(|&input| match input {
            Input::Weight(k) => slot(k),
            Input::Method(a) => slot(plan.alternatives[a].indicator),
            Input::Missing => None,
        })
        .collect()
}

/// Sets `c` from one row of uniforms.
fn decode(
    m: &TrackModel,
    plan: &Plan,
    inputs: &[Input],
    slots: &Slots,
    row: &[f64],
    c: &mut Choice,
) {
    let n_slots = m.points.len();
    c.factor.clear();
    c.factor.resize(n_slots, 1.0);
    c.method.clear();
    c.method.resize(n_slots, 0);
    c.policy = 0;
    let pick = |u: f64, k: usize| ((u * k as f64) as usize).min(k - 1);
    for (i, &input) in inputs.iter().enumerate() {
        match (input, slots[i]) {
            (Input::Weight(_), Some(s)) => {
                c.factor[s] = factor(plan, row[i]);
            }
            (Input::Method(a), Some(s)) => {
                c.method[s] = pick(row[i], plan.alternatives[a].methods.len());
            }
            (Input::Missing, _) => c.policy = pick(row[i], m.policies),
            _ => {}
        }
    }
    if plan.weights > 0.0 {
        keep_sum(m, &mut c.factor);
    }
}

/// A points factor before the rescaling, from its uniform: U(1 − w, 1 + w).
fn factor(plan: &Plan, u: f64) -> f64 {
    1.0 - plan.weights + 2.0 * plan.weights * u
}

/// Rescales drawn points factors so that the points keep their sum.
fn keep_sum(m: &TrackModel, factor: &mut [f64]) {
    let drawn: f64 = m.points.iter().zip(&*factor).map(|(p, f)| p * f).sum();
    let k = if drawn > 0.0 {
        m.points_sum / drawn
    } else {
        1.0
    };
    factor.iter_mut().for_each(|f| *f *= k);
}

/// The mean absolute rank change of `rank` from the `nominal` ranks (the output the indices
/// decompose).
fn marc(rank: &[u32], nominal: &[u32]) -> f64 {
    let s: u64 = rank
        .iter()
        .zip(nominal)
        .map(|(&r, &r0)| u64::from(r.abs_diff(r0)))
        .sum();
    s as f64 / rank.len().max(1) as f64
}

/// One track over every run.
fn track(
    ev: &Evaluation,
    t: usize,
    m: &TrackModel,
    plan: &Plan,
    inputs: &[Input],
    a: &[f64],
    b: &[f64],
) -> TrackSensitivity {
    let tr = &ev.res.tracks[t];
    let d = inputs.len();
    let (n, levels) = (m.n, m.grades.level_names().len());
    let mut c = Choice::default();
    let mut w = Scratch::default();
    let mut ranks = vec![stats::Ranks::default(); n];
    let mut grade = vec![0u32; n * levels];
    let mut y_a = Vec::with_capacity(plan.runs);
    let slots = slots_of(m, plan, inputs);
    let reach = reaching(m, plan, inputs);
    let mut ix = (plan.indices && !reach.is_empty()).then(|| Indices::new(&reach, plan.runs, d));
    for j in 0..plan.runs {
        let row_a = &a[j * d..(j + 1) * d];
        decode(m, plan, inputs, &slots, row_a, &mut c);
        let done = ix
            .as_mut()
            .is_some_and(|ix| ix.a(m, plan, inputs, &slots, row_a, &c, &mut w));
        if !done {
            m.eval(&c, &mut w, Start::Nominal, true);
        }
        for i in 0..n {
            ranks[i].add(w.rank[i]);
            grade[i * levels + w.grade[i]] += 1;
        }
        y_a.push(marc(&w.rank, &tr.rank));
        if let Some(ix) = &mut ix {
            let row_b = &b[j * d..(j + 1) * d];
            ix.step(m, plan, inputs, &slots, row_a, row_b, &w, &tr.rank);
        }
    }
    let indices = ix.map_or_else(Vec::new, |ix| ix.finish(&y_a));
    let runs = plan.runs as u32;
    let units: Vec<UnitSensitivity> = tr
        .order
        .iter()
        .map(|&i| {
            let h = &ranks[i];
            UnitSensitivity {
                unit: tr.units[i],
                nominal_rank: tr.rank[i],
                nominal_grade: tr.grade(i),
                median: h.quantile(n, runs, 1, 2),
                p5: h.quantile(n, runs, 5, 100),
                p95: h.quantile(n, runs, 95, 100),
                grades: grade[i * levels..(i + 1) * levels]
                    .iter()
                    .map(|&k| f64::from(k) / plan.runs as f64)
                    .collect(),
            }
        })
        .collect();
    let fragile = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.grades[u.nominal_grade] < plan.threshold)
        .map(|(k, _)| k)
        .collect();
    TrackSensitivity {
        track: t,
        units,
        fragile,
        indices,
        mean_rank_change: y_a.iter().sum::<f64>() / plan.runs as f64,
    }
}

#[cfg(test)]
mod tests;
