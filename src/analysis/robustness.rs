//! How robust a unit's rank is, for its statement and the report: the `pingyi sensitivity`
//! analysis (the same engine, draws and statistics) run over the tracks a statement or report
//! covers, with the `[sensitivity]` settings (else the command's defaults) and without the
//! sensitivity indices, then read per unit.
//!
//! The Monte Carlo costs runs × units: a province's statements would wait minutes for it. So it
//! runs only when `in_statements` is on (the default) and the tracks covered hold at most
//! `in_statements_up_to` units together (default 2,000); otherwise every statement and the
//! report say in one line why there is no interval — never a silently missing figure. The same
//! seed gives the same bytes, and a track's figures do not depend on which other tracks are
//! covered: `statement UNIT` shows what `pingyi sensitivity` prints for that unit.

use crate::analysis::sensitivity::{analyse, Plan, TrackSensitivity};
use crate::config::sensitivity::Spec;
use crate::eval::Evaluation;

/// One unit's robustness, as its statement shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Robust {
    /// The unit's ranks and grade over the runs.
    Analysed(Interval),
    /// Not analysed, and why.
    Skipped(Skip),
}

/// A unit's figures over the runs, with the settings that drew them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub runs: usize,
    pub seed: u64,
    pub weights: f64,
    pub threshold: f64,
    pub median: u32,
    /// The 5th and 95th percentile ranks (nearest rank).
    pub p5: u32,
    pub p95: u32,
    /// The probability of the unit's published grade (share of runs).
    pub probability: f64,
    /// `probability < threshold`.
    pub fragile: bool,
}

/// Why a statement has no rank interval.
#[derive(Debug, Clone, PartialEq)]
pub enum Skip {
    /// The statement was made without asking (a library caller that did not attach one).
    NotAsked,
    /// `[sensitivity] in_statements = false`.
    Off,
    /// The tracks covered hold more units than `in_statements_up_to`.
    TooMany { units: usize, up_to: usize },
    /// The `[sensitivity]` alternatives do not fit the period's scheme (the message).
    Invalid(String),
}

/// The analysis of the tracks a statement or report covers, ready to be read per unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness {
    /// `Ok`: the analysis of every covered track; `Err`: why there is none.
    outcome: Result<Analysed, Skip>,
}

#[derive(Debug, Clone, PartialEq)]
struct Analysed {
    runs: usize,
    seed: u64,
    weights: f64,
    threshold: f64,
    /// Per covered track: its analysis, and per position on the track the index into its
    /// `units` (which are in display order).
    tracks: Vec<(TrackSensitivity, Vec<usize>)>,
}

impl Robustness {
    /// The analysis for statements of `tracks`, or of unit `only` (its track alone).
    pub fn of_statements(
        ev: &Evaluation,
        tracks: &[usize],
        only: Option<usize>,
        spec: Option<&Spec>,
    ) -> Robustness {
        let covered = match only {
            Some(u) => vec![ev.ds.track_of(u).unwrap_or_default()],
            None => tracks.to_vec(),
        };
        Robustness::of(ev, &covered, spec)
    }

    /// Runs the analysis of `tracks` of `ev` under `spec` (else the command's defaults), when
    /// the rule above allows it.
    pub fn of(ev: &Evaluation, tracks: &[usize], spec: Option<&Spec>) -> Robustness {
        let default = Spec::default();
        let spec = spec.unwrap_or(&default);
        Robustness {
            outcome: run(ev, tracks, spec),
        }
    }

    /// Why the analysis did not run, if it did not.
    pub fn skipped(&self) -> Option<&Skip> {
        self.outcome.as_ref().err()
    }

    /// The analysis of track `t`, when it ran.
    pub fn track(&self, t: usize) -> Option<&TrackSensitivity> {
        let a = self.outcome.as_ref().ok()?;
        a.tracks.iter().map(|(s, _)| s).find(|s| s.track == t)
    }

    /// The settings of the runs: (runs, seed, w, threshold), when it ran.
    pub fn settings(&self) -> Option<(usize, u64, f64, f64)> {
        let a = self.outcome.as_ref().ok()?;
        Some((a.runs, a.seed, a.weights, a.threshold))
    }

    /// The robustness of the unit at position `pos` of track `t`.
    pub fn of_unit(&self, t: usize, pos: usize) -> Robust {
        let a = match &self.outcome {
            Ok(a) => a,
            Err(why) => return Robust::Skipped(why.clone()),
        };
        let Some((s, at)) = a.tracks.iter().find(|(s, _)| s.track == t) else {
            return Robust::Skipped(Skip::NotAsked);
        };
        let Some(u) = at.get(pos).and_then(|&k| s.units.get(k)) else {
            return Robust::Skipped(Skip::NotAsked);
        };
        let probability = u.grades.get(u.nominal_grade).copied().unwrap_or(0.0);
        Robust::Analysed(Interval {
            runs: a.runs,
            seed: a.seed,
            weights: a.weights,
            threshold: a.threshold,
            median: u.median,
            p5: u.p5,
            p95: u.p95,
            probability,
            fragile: probability < a.threshold,
        })
    }
}

/// The rule, then the analysis.
fn run(ev: &Evaluation, tracks: &[usize], spec: &Spec) -> Result<Analysed, Skip> {
    if !spec.in_statements {
        return Err(Skip::Off);
    }
    let units: usize = tracks.iter().map(|&t| ev.res.tracks[t].units.len()).sum();
    if units > spec.in_statements_up_to {
        return Err(Skip::TooMany {
            units,
            up_to: spec.in_statements_up_to,
        });
    }
    let alternatives = spec
        .resolve(&ev.cfg)
        .map_err(|e| Skip::Invalid(one_line(&e.to_string())))?;
    let mut plan = Plan::new(spec, alternatives);
    plan.indices = false;
    let s = analyse(ev, tracks, &plan).map_err(|why| {
        let all: Vec<String> = why.into_iter().map(|r| r.message).collect();
        Skip::Invalid(one_line(&all.join("; ")))
    })?;
    let tracks = s
        .tracks
        .into_iter()
        .map(|ts| {
            let order = &ev.res.tracks[ts.track].order;
            let mut at = vec![0; order.len()];
            for (k, &pos) in order.iter().enumerate() {
                at[pos] = k;
            }
            (ts, at)
        })
        .collect();
    Ok(Analysed {
        runs: s.runs,
        seed: s.seed,
        weights: s.weights,
        threshold: s.threshold,
        tracks,
    })
}

/// A message on one line: its lines trimmed and joined by `; `.
fn one_line(msg: &str) -> String {
    let lines: Vec<&str> = msg
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("; ")
}

#[cfg(test)]
mod tests;
