//! Turns the raw TOML schema into a [`Config`], checking every reference and parameter.
//!
//! Every check pushes into the shared problem list and goes on, so one run lists every mistake.
//! Messages name the key path (`indicators[4] (petitions).per`) and the line of the table.

use std::collections::HashMap;
use std::path::Path;

use super::raw::RawConfig;
use super::*;
use crate::error::{Problem, Problems};

mod columns;
mod composite;
mod indicators;
pub mod sensitivity;
mod tracks;

pub(crate) use indicators::method;
use indicators::{indicator, points};
use tracks::track;

/// Tolerance for "the points add up to the track total".
const SUM_TOLERANCE: f64 = 1e-6;

/// The largest points, track total, cap or weight a scheme may give. A double holds about 15
/// significant digits, so totals up to 1e9 keep every one of 6 decimals exact, and no sum of
/// scores can overflow to infinity (issue 11 #11: points of 1.7e308 ranked every unit first).
pub const MAX_POINTS: f64 = 1e9;

/// A value above [`MAX_POINTS`] as written in a message: `1.7e308`, not 309 digits.
pub fn beyond(x: f64) -> String {
    if x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Why [`MAX_POINTS`] bounds a value: the end of every message that enforces it.
pub const MAX_POINTS_WHY: &str = "at most 1e9 (1,000,000,000): beyond that totals can no longer be rounded to 6 decimals exactly, and sums may overflow";

pub(crate) struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    problems: &'a mut Problems,
}

impl Ctx<'_> {
    /// The config file being validated.
    pub(crate) fn path(&self) -> &Path {
        self.path
    }

    pub(crate) fn err(&mut self, span_start: Option<usize>, place: String, msg: impl Into<String>) {
        let line = span_start.map(|s| line_of(self.text, s));
        self.problems
            .push(Problem::error(self.path, msg).line(line).place(place));
    }
}

/// A context for checking keys of `path` outside a whole scheme (the `[sensitivity]`
/// alternatives, resolved against the scheme of a period): problems go into `problems`.
pub(crate) fn context<'a>(path: &'a Path, text: &'a str, problems: &'a mut Problems) -> Ctx<'a> {
    Ctx {
        path,
        text,
        problems,
    }
}

/// Validates `raw`; returns `None` when a problem makes the scheme unusable.
pub fn validate(
    raw: RawConfig,
    text: &str,
    path: &Path,
    problems: &mut Problems,
) -> Option<(Config, Settings)> {
    let mut cx = Ctx {
        path,
        text,
        problems,
    };
    let decimals = match raw.decimals {
        None => 2,
        Some(d) if (0..=6).contains(&d) => d as usize,
        Some(d) => {
            cx.err(
                None,
                "decimals".into(),
                format!("must be 0 to 6, found {d}"),
            );
            2
        }
    };
    let (bonus_cap, deduction_cap) = match &raw.adjustments {
        None => (None, None),
        Some(a) => (
            cap(&mut cx, "adjustments.bonus_cap", a.bonus_cap),
            cap(&mut cx, "adjustments.deduction_cap", a.deduction_cap),
        ),
    };

    long_names(&mut cx, &raw);
    let mut dimensions = dimensions(&mut cx, &raw);
    composite::dimension_tree(&mut cx, &raw, &mut dimensions);
    let treatment = composite::treatment(&mut cx, raw.treatment.as_ref());
    let dim_index: HashMap<&str, usize> = dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();

    let mut tracks = Vec::new();
    let mut seen = HashMap::new();
    for (i, t) in raw.tracks.iter().enumerate() {
        let start = Some(t.span().start);
        let t = t.get_ref();
        let place = format!("tracks[{i}] ({})", t.id);
        if seen.insert(t.id.clone(), i).is_some() {
            cx.err(
                start,
                place.clone(),
                format!("track id `{}` is used twice", t.id),
            );
        }
        tracks.push(track(&mut cx, start, &place, t, &dim_index));
    }
    if tracks.is_empty() {
        cx.err(
            None,
            "tracks".into(),
            "no track is defined: add at least one [[tracks]] table",
        );
    }
    let track_index: HashMap<&str, usize> = tracks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();

    let mut indicators = Vec::new();
    let mut seen = HashMap::new();
    let mut track_points: Vec<Vec<TrackIndicator>> = vec![Vec::new(); tracks.len()];
    let mut tainted: Vec<usize> = Vec::new();
    for (i, s) in raw.indicators.iter().enumerate() {
        let start = Some(s.span().start);
        let r = s.get_ref();
        let place = format!("indicators[{i}] ({})", r.id);
        if r.id.trim().is_empty() {
            cx.err(start, format!("indicators[{i}].id"), "must not be empty");
        }
        if seen.insert(r.id.clone(), i).is_some() {
            cx.err(
                start,
                place.clone(),
                format!("indicator id `{}` is used twice", r.id),
            );
        }
        let (points, bad_points) = points(&mut cx, start, &place, r, &track_index);
        let ind = indicator(&mut cx, start, &place, r, &dim_index, &points, &tracks);
        // A rejected indicator or points entry must not also show up as a wrong track sum.
        tainted.extend(bad_points);
        let Some(ind) = ind else {
            tainted.extend(points.iter().map(|&(t, _)| t));
            continue;
        };
        let idx = indicators.len();
        indicators.push(ind);
        for (t, p) in points {
            track_points[t].push(TrackIndicator {
                indicator: idx,
                points: p,
            });
        }
    }

    let raw_indicators: Vec<_> = raw
        .indicators
        .iter()
        .map(|s| (Some(s.span().start), s.get_ref()))
        .collect();
    columns::header_collisions(&mut cx, &raw_indicators);

    for (i, (t, list)) in tracks.iter_mut().zip(track_points).enumerate() {
        t.indicators = list;
        let sum: f64 = t.indicators.iter().map(|x| x.points).sum::<f64>() + 0.0;
        if (sum - t.total).abs() > SUM_TOLERANCE && !tainted.contains(&i) {
            let place = format!("tracks[{i}] ({}).total", t.id);
            cx.err(
                Some(raw.tracks[i].span().start),
                place,
                format!(
                    "the indicator points on track `{}` add up to {} but the track's total is {}",
                    t.id,
                    fmt_num(sum),
                    fmt_num(t.total)
                ),
            );
        }
    }

    let settings = Settings {
        rollup: rollup(&mut cx, raw.rollup.as_ref()),
        requirements: requirements(&mut cx, raw.requirements.as_ref()),
        sensitivity: raw
            .sensitivity
            .as_ref()
            .map(|s| sensitivity::validate(&mut cx, s)),
    };
    let cfg = Config {
        path: path.to_path_buf(),
        sha256: String::new(),
        decimals,
        bonus_cap,
        deduction_cap,
        dimensions,
        tracks,
        indicators,
        treatment,
    };
    composite::tree_shape(&mut cx, &raw, &cfg);
    Some((cfg, settings))
}

fn requirements(cx: &mut Ctx, r: Option<&super::raw::RawRequirements>) -> Requirements {
    let mut out = Requirements::default();
    let Some(r) = r else { return out };
    if let Some(s) = r.bottom_share {
        if s.is_finite() && (0.0..1.0).contains(&s) {
            out.bottom_share = s;
        } else {
            cx.err(
                None,
                "requirements.bottom_share".into(),
                format!("must lie in [0, 1) (0 turns the lines off), found {s}"),
            );
        }
    }
    if let Some(m) = r.min_points_lost {
        if m.is_finite() && m >= 0.0 {
            out.min_points_lost = m;
        } else {
            cx.err(
                None,
                "requirements.min_points_lost".into(),
                format!("must be a number ≥ 0, found {m}"),
            );
        }
    }
    if let Some(f) = r.fall_places {
        match u32::try_from(f) {
            Ok(f) if f >= 1 => out.fall_places = f,
            _ => cx.err(
                None,
                "requirements.fall_places".into(),
                format!("must be a whole number of places ≥ 1, found {f}"),
            ),
        }
    }
    out.slow_progress = r.slow_progress.unwrap_or(out.slow_progress);
    out.dimensions = r.dimensions.unwrap_or(out.dimensions);
    out
}

fn rollup(cx: &mut Ctx, r: Option<&super::raw::RawRollup>) -> Rollup {
    let Some(r) = r else { return Rollup::default() };
    let mut weight = |key: &str, v: Option<f64>| match v {
        None => 0.0,
        Some(w) if w.is_finite() && (0.0..=MAX_POINTS).contains(&w) => w,
        Some(w) if w > MAX_POINTS => {
            cx.err(
                None,
                format!("rollup.{key}"),
                format!("a weight must be {MAX_POINTS_WHY}; found {}", beyond(w)),
            );
            0.0
        }
        Some(w) => {
            cx.err(
                None,
                format!("rollup.{key}"),
                format!("a weight must be a number ≥ 0, found {w}"),
            );
            0.0
        }
    };
    let (quarterly, monthly, year_end) = (
        weight("quarterly", r.quarterly),
        weight("monthly", r.monthly),
        weight("year_end", r.year_end),
    );
    let missing = match r.missing.as_deref() {
        None | Some("error") => RollupMissing::Error,
        Some("skip") => RollupMissing::Skip,
        Some("zero") => RollupMissing::Zero,
        Some(o) => {
            cx.err(
                None,
                "rollup.missing".into(),
                format!("must be `error`, `skip` or `zero`, found `{o}`"),
            );
            RollupMissing::Error
        }
    };
    if quarterly + monthly + year_end == 0.0 {
        cx.err(
            None,
            "rollup".into(),
            "every weight is 0: give `quarterly`, `monthly` or `year_end` a weight",
        );
    }
    Rollup {
        quarterly,
        monthly,
        year_end,
        missing,
    }
}

/// Prints a number without trailing noise (`10`, `2.5`).
fn fmt_num(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn cap(cx: &mut Ctx, key: &str, v: Option<f64>) -> Option<f64> {
    match v {
        Some(c) if !(c.is_finite() && c >= 0.0) => {
            cx.err(None, key.into(), format!("must be a number ≥ 0, found {c}"));
            None
        }
        Some(c) if c > MAX_POINTS => {
            cx.err(
                None,
                key.into(),
                format!("must be {MAX_POINTS_WHY}; found {}", beyond(c)),
            );
            None
        }
        other => other,
    }
}

/// The longest name of a dimension, track or indicator taken: a name is printed on every
/// statement, table and chart (one of millions of characters filled a gigabyte of report).
const MAX_NAME_CHARS: usize = 200;

fn long_names(cx: &mut Ctx, raw: &RawConfig) {
    let names = raw
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                d.span().start,
                format!("dimensions[{i}].name"),
                &d.get_ref().name,
            )
        })
        .chain(raw.tracks.iter().enumerate().map(|(i, t)| {
            (
                t.span().start,
                format!("tracks[{i}].name"),
                &t.get_ref().name,
            )
        }))
        .chain(raw.indicators.iter().enumerate().map(|(i, x)| {
            (
                x.span().start,
                format!("indicators[{i}].name"),
                &x.get_ref().name,
            )
        }));
    let long: Vec<(usize, String, usize)> = names
        .filter_map(|(start, place, name)| {
            let n = name.chars().count();
            (n > MAX_NAME_CHARS).then_some((start, place, n))
        })
        .collect();
    for (start, place, n) in long {
        let msg = format!("a name of {n} characters: at most {MAX_NAME_CHARS}");
        cx.err(Some(start), place, msg);
    }
}

fn dimensions(cx: &mut Ctx, raw: &RawConfig) -> Vec<Dimension> {
    let mut out: Vec<Dimension> = Vec::new();
    for (i, d) in raw.dimensions.iter().enumerate() {
        let start = Some(d.span().start);
        let d = d.get_ref();
        if d.id.trim().is_empty() {
            cx.err(start, format!("dimensions[{i}].id"), "must not be empty");
        }
        if out.iter().any(|o| o.id == d.id) {
            cx.err(
                start,
                format!("dimensions[{i}] ({})", d.id),
                format!("dimension id `{}` is used twice", d.id),
            );
        }
        out.push(Dimension {
            id: d.id.clone(),
            name: d.name.clone(),
            core: d.core,
            parent: None,
            weight: 1.0,
        });
    }
    if out.is_empty() {
        cx.err(
            None,
            "dimensions".into(),
            "no dimension is defined: add [[dimensions]] tables (the 3 core areas and N others)",
        );
    }
    out
}

#[cfg(test)]
mod requirements_tests;
