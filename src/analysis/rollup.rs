//! The annual comprehensive assessment (全年综合考评) and its half-year view, combined from what
//! [`crate::eval::year`] read.
//!
//! `annual = w_q·mean(quarter totals) + w_m·mean(monthly efficiency scores) + w_y·year-end
//! review + min(Σ bonus, cap) − min(Σ deductions, cap)`. Each quarter is scored with its own
//! config (so later rule changes never rewrite it); the weights, caps and the missing policy come
//! from the top-level config; tracks and grade rules from the last included quarter. Units are
//! those assessed in that quarter, followed back through `former_ids`.

use std::path::{Path, PathBuf};

use crate::analysis::trend::predecessor;
use crate::config::{Config, Rollup as Weights, RollupMissing};
use crate::data::AdjustmentKind;
use crate::error::{Error, Problem, Problems, Severity};
use crate::eval::year::{QuarterSource, Span, Year};
use crate::eval::{Earlier, Evaluation};
use crate::num::round_to;
use crate::period::Period;
use crate::scoring::rank::{competition_order, grade_of, Adjusted};

/// The roll-up of one track: vectors indexed by position, like [`crate::results::TrackResult`].
#[derive(Debug, Clone)]
pub struct RollupTrack {
    pub track: usize,
    pub units: Vec<usize>,
    /// `[q][pos]`: each included quarter's full-precision total; `None` = missing.
    pub quarter_totals: Vec<Vec<Option<f64>>>,
    /// `[m][pos]`: monthly efficiency scores (empty when the monthly weight is 0).
    pub month_scores: Vec<Vec<Option<f64>>>,
    pub quarterly: Vec<f64>,
    pub monthly: Vec<f64>,
    pub year_end: Vec<Option<f64>>,
    pub adj: Adjusted,
    pub total: Vec<f64>,
    pub rounded: Vec<f64>,
    pub rank: Vec<u32>,
    pub grade: Vec<usize>,
    pub order: Vec<usize>,
    /// Per unit: what was skipped or counted as zero.
    pub notes: Vec<Vec<String>>,
}

/// A complete roll-up.
#[derive(Debug, Clone)]
pub struct Rollup {
    pub name: String,
    pub span: Span,
    pub weights: Weights,
    /// Whether the year-end review is part of this view (only a view to Q4).
    pub with_year_end: bool,
    pub quarters: Vec<QuarterSource>,
    pub months: Vec<Period>,
    /// The last included quarter: its tracks, grade rules and registry.
    pub last: Evaluation,
    pub tracks: Vec<RollupTrack>,
    /// Periods skipped or zeroed as a whole.
    pub notes: Vec<String>,
    /// The top-level config (weights, caps, decimals).
    pub top: Config,
    /// Every file read, in reading order, each once.
    pub inputs: Vec<PathBuf>,
}

/// Combines the parts of a year; warnings come back with the result, errors (read or found while
/// combining) fail it.
pub fn rollup(year: Year) -> Result<(Rollup, Problems), Error> {
    let mut problems = year.problems.clone();
    let rollup = combine(year, &mut problems);
    let warnings = problems.into_result()?;
    Ok((rollup, warnings))
}

/// The weights applied: in a view before Q4 the year-end part is left out and the other two are
/// scaled up so that the weights keep their configured sum. A view with nothing left to weigh
/// (only `year_end` weighted, and it left out) never gets here: reading it is an error.
pub fn effective_weights(w: Weights, with_year_end: bool) -> (f64, f64, f64) {
    if with_year_end || w.year_end == 0.0 {
        return (
            w.quarterly,
            w.monthly,
            if with_year_end { w.year_end } else { 0.0 },
        );
    }
    let rest = w.quarterly + w.monthly;
    if rest == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let k = (rest + w.year_end) / rest;
    (w.quarterly * k, w.monthly * k, 0.0)
}

/// One piece of a part for one unit: its label, the file or folder it comes from, its value, and
/// whether the whole piece (folder or file) is missing.
struct Piece<'a> {
    label: String,
    path: &'a Path,
    value: Option<f64>,
    whole_missing: bool,
}

/// A unit's pieces counted under the missing policy; notes what was skipped or zeroed.
fn mean_of(
    pieces: &[Piece],
    policy: RollupMissing,
    unit: &str,
    notes: &mut Vec<String>,
    problems: &mut Problems,
) -> Mean {
    let mut mean = Mean::new();
    for p in pieces {
        match (p.value, p.whole_missing, policy) {
            (Some(v), _, _) => mean.push(v),
            (None, true, RollupMissing::Zero) => mean.push_zero(),
            (None, true, _) => {}
            (None, false, RollupMissing::Error) => problems.push(Problem::error(p.path, format!("no score for {}; set `[rollup] missing = \"skip\"` or `\"zero\"` to go on without it", p.label)).unit(unit.to_string())),
            (None, false, RollupMissing::Skip) => notes.push(format!("skipped {}", p.label)),
            (None, false, RollupMissing::Zero) => {
                notes.push(format!("{} counted as 0", p.label));
                mean.push_zero();
            }
        }
    }
    if mean.n == 0 {
        // Named by the parts that were there but had no score for the unit (a month's file
        // without its row), not by the first part, whose file may never have existed.
        let there: Vec<&Piece> = pieces.iter().filter(|p| !p.whole_missing).collect();
        let absent = pieces.len() - there.len();
        let msg = match there.as_slice() {
            [] => pieces.first().map(|p| {
                (
                    p.path,
                    format!(
                        "nothing to average: none of the {absent} parts (from {}) was found",
                        p.label
                    ),
                )
            }),
            [first, ..] => {
                let labels: Vec<&str> = there.iter().map(|p| p.label.as_str()).collect();
                let rest = match absent {
                    0 => String::new(),
                    n => format!("; {n} other part(s) were not found"),
                };
                Some((
                    first.path,
                    format!(
                        "nothing to average: no score for the unit in {}{rest}",
                        labels.join(", ")
                    ),
                ))
            }
        };
        // Not when the unit's cell in that file is an error already (a score that is no number,
        // or out of range): the one to fix.
        let said = |path: &Path| {
            problems.iter().any(|q| {
                q.severity == Severity::Error && q.file == path && q.unit.as_deref() == Some(unit)
            })
        };
        if let Some((path, msg)) = msg.filter(|(path, _)| there.is_empty() || !said(path)) {
            problems.push(Problem::error(path, msg).unit(unit.to_string()));
        }
    }
    mean
}

/// The file of `stem` read in `dir` (`efficiency.xlsx`), among `files`; `<stem>.csv` when none
/// was read there.
fn file_read(files: &[PathBuf], dir: &std::path::Path, stem: &str) -> PathBuf {
    let named = |p: &&PathBuf| {
        p.parent() == Some(dir)
            && p.file_stem()
                .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case(stem))
    };
    match files.iter().find(named) {
        Some(p) => p.clone(),
        None => dir.join(format!("{stem}.csv")),
    }
}

fn combine(year: Year, problems: &mut Problems) -> Rollup {
    let here = year.dir();
    let files = year.inputs();
    let Year {
        span,
        top,
        settings,
        quarters,
        last,
        months,
        with_year_end,
        year_end: year_end_scores,
        adjustments,
        notes: year_notes,
        data,
        ..
    } = year;
    let (wq, wm, wy) = effective_weights(settings.rollup, with_year_end);
    let policy = settings.rollup.missing;
    let quarter_paths: Vec<PathBuf> = quarters.iter().map(|(q, _)| q.dir(&data)).collect();
    let month_paths: Vec<PathBuf> = months
        .iter()
        .map(|(m, _)| file_read(&files, &m.dir(&data), "efficiency"))
        .collect();
    let y_path = file_read(&files, &here, "year_end");
    // A part none of whose pieces is there for any unit (no month folder of the year at all, no
    // year-end review), under a policy that does not count it as 0: one error naming the part,
    // not one "nothing to average" per unit.
    let whole = policy != RollupMissing::Zero;
    let absent = [
        whole && wq > 0.0 && quarters.iter().all(|(_, ev)| ev.is_none()),
        whole && wm > 0.0 && !months.is_empty() && months.iter().all(|(_, s)| s.is_none()),
        whole && wy > 0.0 && year_end_scores.is_none(),
    ];
    let span_of = |first: Option<String>, last: Option<String>, n: usize| match (first, last) {
        (Some(a), Some(b)) if n > 1 => format!("{a} … {b}"),
        (Some(a), _) => a,
        _ => String::new(),
    };
    if absent[0] {
        let (first, last_q) = (quarters.first(), quarters.last());
        let named = span_of(
            first.map(|q| q.0.to_string()),
            last_q.map(|q| q.0.to_string()),
            quarters.len(),
        );
        let msg = format!("nothing to average for the quarterly reviews: none of the quarters of the roll-up ({named}) has a folder under {}; `[rollup] quarterly = {}` counts them", data.display(), settings.rollup.quarterly);
        problems.push(Problem::error(&quarter_paths[0], msg));
    }
    if absent[1] {
        let named = span_of(
            months.first().map(|m| m.0.to_string()),
            months.last().map(|m| m.0.to_string()),
            months.len(),
        );
        let msg = format!("nothing to average for the monthly efficiency scores: none of the {} months of the roll-up ({named}) has a file; `[rollup] monthly = {}` counts them: add them, or set `monthly = 0` to roll up without", months.len(), settings.rollup.monthly);
        problems.push(Problem::error(&month_paths[0], msg));
    }
    if absent[2] {
        let msg = format!("nothing to average for the year-end review: the file is not there; `[rollup] year_end = {}` counts it: add it, or set `year_end = 0` to roll up without", settings.rollup.year_end);
        problems.push(Problem::error(&y_path, msg));
    }
    let mut tracks = Vec::new();
    for tr in &last.res.tracks {
        let n = tr.units.len();
        let quarter_totals: Vec<Vec<Option<f64>>> = quarters
            .iter()
            .map(|(_, ev)| {
                tr.units
                    .iter()
                    .map(|&u| quarter_total(ev.as_ref(), u, last.period()))
                    .collect()
            })
            .collect();
        let month_scores: Vec<Vec<Option<f64>>> = months
            .iter()
            .map(|(_, s)| {
                tr.units
                    .iter()
                    .map(|&u| s.as_ref().and_then(|s| s[u]))
                    .collect()
            })
            .collect();
        let year_end: Vec<Option<f64>> = tr
            .units
            .iter()
            .map(|&u| year_end_scores.as_ref().and_then(|s| s[u]))
            .collect();
        let mut notes = vec![Vec::new(); n];
        let mut means = vec![[Mean::new(); 3]; n];
        for pos in 0..n {
            let label = last.ds.label(tr.units[pos]);
            let q: Vec<Piece> = quarters
                .iter()
                .enumerate()
                .map(|(k, (p, ev))| Piece {
                    label: format!("quarter {p}"),
                    path: &quarter_paths[k],
                    value: quarter_totals[k][pos],
                    whole_missing: ev.is_none(),
                })
                .collect();
            // A part wholly absent is reported above, once: its units' means stay empty.
            let mut quiet = Problems::new();
            if wq > 0.0 {
                let out = if absent[0] {
                    &mut quiet
                } else {
                    &mut *problems
                };
                means[pos][0] = mean_of(&q, policy, &label, &mut notes[pos], out);
            }
            let m: Vec<Piece> = months
                .iter()
                .enumerate()
                .map(|(k, (p, s))| Piece {
                    label: format!("month {p}"),
                    path: &month_paths[k],
                    value: month_scores[k][pos],
                    whole_missing: s.is_none(),
                })
                .collect();
            if wm > 0.0 {
                let out = if absent[1] {
                    &mut quiet
                } else {
                    &mut *problems
                };
                means[pos][1] = mean_of(&m, policy, &label, &mut notes[pos], out);
            }
            if wy > 0.0 {
                let y = [Piece {
                    label: "year-end review".into(),
                    path: &y_path,
                    value: year_end[pos],
                    whole_missing: year_end_scores.is_none(),
                }];
                let out = if absent[2] {
                    &mut quiet
                } else {
                    &mut *problems
                };
                means[pos][2] = mean_of(&y, policy, &label, &mut notes[pos], out);
            }
        }
        let rows = adjustments
            .iter()
            .filter(|a| last.ds.track_of(a.unit) == Some(tr.track))
            .map(|a| (last.ds.pos_of(a.unit), a));
        let mut adj = Adjusted::sum(n, rows.clone(), &top);
        let mut points = vec![(Vec::new(), Vec::new()); n];
        for (pos, a) in rows {
            match a.kind {
                AdjustmentKind::Bonus => points[pos].0.push(a.points),
                AdjustmentKind::Deduction => points[pos].1.push(a.points),
                AdjustmentKind::Veto => {}
            }
        }
        // The capped sums taken on the decimals are the ones the total adds and the outputs
        // print beside it (the binary sums could differ in the last bit).
        for (i, (b, d)) in points.iter().enumerate() {
            adj.bonus[i] = capped(b, top.bonus_cap);
            adj.deduction[i] = capped(d, top.deduction_cap);
        }
        let value = |i: usize, k: usize| means[i][k].value();
        let (quarterly, monthly): (Vec<f64>, Vec<f64>) =
            (0..n).map(|i| (value(i, 0), value(i, 1))).unzip();
        let total: Vec<f64> = (0..n)
            .map(|i| {
                let (b, d) = (adj.bonus[i], adj.deduction[i]);
                let [q, m, y] = &means[i];
                exact::total(settings.rollup, with_year_end, [q, m, y], b, d).unwrap_or_else(|| {
                    wq * value(i, 0) + wm * value(i, 1) + wy * value(i, 2) + adj.bonus[i]
                        - adj.deduction[i]
                })
            })
            .collect();
        let rounded: Vec<f64> = total.iter().map(|&x| round_to(x, top.decimals)).collect();
        let (order, rank) = competition_order(std::slice::from_ref(&rounded), |pos| {
            &last.ds.registry.units[tr.units[pos]].id
        });
        let rule = &last.cfg.tracks[tr.track].grades;
        let grade = (0..n)
            .map(|i| grade_of(rule, rank[i], n, rounded[i], adj.veto[i]))
            .collect();
        tracks.push(RollupTrack {
            track: tr.track,
            units: tr.units.to_vec(),
            quarter_totals,
            month_scores,
            quarterly,
            monthly,
            year_end,
            adj,
            total,
            rounded,
            rank,
            grade,
            order,
            notes,
        });
    }
    for a in adjustments
        .iter()
        .filter(|a| last.ds.track_of(a.unit).is_none())
    {
        let msg = format!(
            "the unit is not assessed in {}, the last quarter of the roll-up",
            last.period()
        );
        problems.push(
            Problem::error(&here.join("adjustments.csv"), msg)
                .line(a.line)
                .place("column unit_id".to_string())
                .unit(last.ds.label(a.unit)),
        );
    }
    let quarters = quarters
        .iter()
        .map(|(p, ev)| QuarterSource {
            period: *p,
            config: ev
                .as_ref()
                .map(|e| (e.cfg.path.clone(), e.cfg.sha256.clone())),
        })
        .collect();
    Rollup {
        name: span.name(),
        span,
        weights: settings.rollup,
        with_year_end,
        quarters,
        months: months.iter().map(|(m, _)| *m).collect(),
        last,
        tracks,
        notes: year_notes,
        top,
        inputs: files,
    }
}

/// A unit's full-precision total in a quarter, following `former_ids` back from the last quarter.
fn quarter_total(ev: Option<&Earlier>, unit: usize, now: Period) -> Option<f64> {
    let ev = ev?;
    let p = predecessor(ev, unit, now)?;
    Some(ev.standing(p)?.total)
}

mod exact;
use exact::{capped, Mean};

#[cfg(test)]
mod tests;
