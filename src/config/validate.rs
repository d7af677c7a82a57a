//! Turns the raw TOML schema into a [`Config`], checking every reference and parameter.
//!
//! Every check pushes into the shared problem list and goes on, so one run lists every mistake.
//! Messages name the key path (`indicators[4] (petitions).per`) and the line of the table.

use std::collections::HashMap;
use std::path::Path;

use super::raw::{RawConfig, RawGrades, RawIndicator, RawTrack};
use super::*;
use crate::error::Problems;
use crate::units::Category;

/// Tolerance for "the points add up to the track total".
const SUM_TOLERANCE: f64 = 1e-6;

pub(super) struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    problems: &'a mut Problems,
}

impl Ctx<'_> {
    pub(super) fn err(&mut self, span_start: Option<usize>, place: String, msg: impl Into<String>) {
        let line = span_start.map(|s| line_of(self.text, s));
        self.problems.error(self.path, line, Some(place), None, msg);
    }
}

/// Validates `raw`; returns `None` when a problem makes the scheme unusable.
pub fn validate(
    raw: RawConfig,
    text: &str,
    path: &Path,
    problems: &mut Problems,
) -> Option<Config> {
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

    let dimensions = dimensions(&mut cx, &raw);
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
    super::reading::header_collisions(&mut cx, &raw_indicators);

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

    Some(Config {
        path: path.to_path_buf(),
        sha256: String::new(),
        decimals,
        bonus_cap,
        deduction_cap,
        dimensions,
        tracks,
        indicators,
        rollup: rollup(&mut cx, raw.rollup.as_ref()),
        requirements: requirements(&mut cx, raw.requirements.as_ref()),
    })
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
        Some(w) if w.is_finite() && w >= 0.0 => w,
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
        other => other,
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

fn track(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    t: &RawTrack,
    dims: &HashMap<&str, usize>,
) -> Track {
    let mut categories = Vec::new();
    for c in &t.categories {
        match c.parse::<Category>() {
            Ok(cat) => categories.push(cat),
            Err(e) => cx.err(start, format!("{place}.categories"), e),
        }
    }
    if t.categories.is_empty() {
        cx.err(
            start,
            format!("{place}.categories"),
            "must name at least one category",
        );
    }
    if !t.classes.is_empty() && !categories.contains(&Category::Department) {
        cx.err(
            start,
            format!("{place}.classes"),
            "classes select departments, but `department` is not among the track's categories",
        );
    }
    if !(t.total.is_finite() && t.total > 0.0) {
        cx.err(
            start,
            format!("{place}.total"),
            format!("must be a number > 0, found {}", t.total),
        );
    }
    let mut tie_breakers = Vec::new();
    for tb in &t.tie_breakers {
        if tb == "core" {
            tie_breakers.push(TieBreaker::Core);
        } else if let Some(&d) = dims.get(tb.as_str()) {
            tie_breakers.push(TieBreaker::Dimension(d));
        } else {
            cx.err(
                start,
                format!("{place}.tie_breakers"),
                format!("`{tb}` is neither `core` nor a dimension id"),
            );
        }
    }
    let grades = grades(cx, start, &format!("{place}.grades"), &t.grades);
    Track {
        id: t.id.clone(),
        name: t.name.clone(),
        categories,
        classes: t.classes.clone(),
        total: t.total,
        tie_breakers,
        grades,
        indicators: Vec::new(),
    }
}

fn grades(cx: &mut Ctx, start: Option<usize>, place: &str, g: &RawGrades) -> GradeRule {
    if g.levels.is_empty() {
        cx.err(start, format!("{place}.levels"), "needs at least one level");
    }
    match g.by.as_str() {
        "share" => {
            let mut prev = 0.0;
            let mut out = Vec::new();
            for (i, l) in g.levels.iter().enumerate() {
                let p = format!("{place}.levels[{i}] ({})", l.name);
                if l.min.is_some() {
                    cx.err(
                        start,
                        p.clone(),
                        "`min` belongs to grades by score; by share use `share`",
                    );
                }
                match l.share {
                    Some(s) if s.is_finite() && s > prev && s <= 1.0 => prev = s,
                    Some(s) => cx.err(start, format!("{p}.share"), format!("cumulative shares must increase strictly within (0, 1]: found {s} after {prev}")),
                    None => cx.err(start, format!("{p}.share"), "missing: each level by share needs its cumulative `share`"),
                }
                out.push((l.name.clone(), l.share.unwrap_or(1.0)));
            }
            GradeRule::Share(out)
        }
        "score" => {
            let mut prev = f64::INFINITY;
            let mut out = Vec::new();
            let n = g.levels.len();
            for (i, l) in g.levels.iter().enumerate() {
                let p = format!("{place}.levels[{i}] ({})", l.name);
                if l.share.is_some() {
                    cx.err(
                        start,
                        p.clone(),
                        "`share` belongs to grades by share; by score use `min`",
                    );
                }
                match l.min {
                    Some(m) if m.is_finite() && m < prev => prev = m,
                    Some(m) => cx.err(
                        start,
                        format!("{p}.min"),
                        format!("thresholds must decrease strictly: found {m} after {prev}"),
                    ),
                    None if i + 1 == n => {}
                    None => cx.err(
                        start,
                        format!("{p}.min"),
                        "missing: only the last level may omit its threshold",
                    ),
                }
                out.push((l.name.clone(), l.min));
            }
            GradeRule::Score(out)
        }
        other => {
            cx.err(
                start,
                format!("{place}.by"),
                format!("must be `share` or `score`, found `{other}`"),
            );
            GradeRule::Share(vec![("-".into(), 1.0)])
        }
    }
}

/// `points = { track = P, … }` → `(track index, P)` pairs, and the tracks whose entry is invalid.
fn points(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    r: &RawIndicator,
    tracks: &HashMap<&str, usize>,
) -> (Vec<(usize, f64)>, Vec<usize>) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (k, v) in &r.points {
        let key = format!("{place}.points.{k}");
        let Some(&t) = tracks.get(k.as_str()) else {
            cx.err(start, key, format!("`{k}` is not a track id"));
            continue;
        };
        let p = match v {
            toml::Value::Integer(i) => *i as f64,
            toml::Value::Float(f) => *f,
            other => {
                bad.push(t);
                cx.err(
                    start,
                    key,
                    format!("expected a number of points, found {other}"),
                );
                continue;
            }
        };
        if !(p.is_finite() && p > 0.0) {
            bad.push(t);
            cx.err(
                start,
                key,
                format!("points must be a number > 0, found {p}"),
            );
            continue;
        }
        out.push((t, p));
    }
    if r.points.is_empty() {
        cx.err(
            start,
            format!("{place}.points"),
            "the indicator applies to no track: give `points = { <track id> = P }`",
        );
    }
    (out, bad)
}

#[allow(clippy::too_many_arguments)]
fn indicator(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    r: &RawIndicator,
    dims: &HashMap<&str, usize>,
    points: &[(usize, f64)],
    tracks: &[Track],
) -> Option<Indicator> {
    let dimension = dims.get(r.dimension.as_str()).copied();
    if dimension.is_none() {
        cx.err(
            start,
            format!("{place}.dimension"),
            format!("`{}` is not a dimension id", r.dimension),
        );
    }
    let direction = match r.direction.as_deref() {
        None => None,
        Some("higher") => Some(Direction::Higher),
        Some("lower") => Some(Direction::Lower),
        Some(o) => {
            cx.err(
                start,
                format!("{place}.direction"),
                format!("must be `higher` or `lower`, found `{o}`"),
            );
            None
        }
    };
    let missing = match r.missing.as_deref() {
        None | Some("error") => MissingPolicy::Error,
        Some("zero") => MissingPolicy::Zero,
        Some("average") => MissingPolicy::Average,
        Some(o) => {
            cx.err(
                start,
                format!("{place}.missing"),
                format!("must be `error`, `zero` or `average`, found `{o}`"),
            );
            MissingPolicy::Error
        }
    };
    let method = method(cx, start, place, r, points, tracks)?;
    let needs_direction = !matches!(method, Method::Bands(_) | Method::Direct | Method::Binary);
    if needs_direction && r.direction.is_none() {
        cx.err(
            start,
            format!("{place}.direction"),
            format!(
                "method `{}` needs `direction = \"higher\"` or `\"lower\"`",
                method.name()
            ),
        );
    }
    if !needs_direction && r.direction.is_some() {
        cx.err(
            start,
            format!("{place}.direction"),
            format!("method `{}` takes no direction: remove it", method.name()),
        );
    }
    let growth = growth(cx, start, place, r, &method);
    let (aliases, percent, valid) = super::reading::keys(cx, start, place, r, &method);
    Some(Indicator {
        id: r.id.clone(),
        name: r.name.clone(),
        unit: r.unit.clone(),
        dimension: dimension?,
        direction,
        method,
        growth,
        missing,
        aliases,
        percent,
        valid,
    })
}

fn growth(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    r: &RawIndicator,
    m: &Method,
) -> Option<Growth> {
    let growth = match r.transform.as_deref() {
        None => false,
        Some("growth") => true,
        Some(o) => {
            cx.err(
                start,
                format!("{place}.transform"),
                format!("the only transform is `growth`, found `{o}`"),
            );
            false
        }
    };
    if growth && matches!(m, Method::Proportional | Method::Direct | Method::Binary) {
        cx.err(start, format!("{place}.transform"), format!("method `{}` cannot take `transform = \"growth\"` (efficacy, rank, target, bands and deduct can)", m.name()));
    }
    let compare = match r.compare.as_deref() {
        None | Some("previous") => Compare::Previous,
        Some("year_ago") => Compare::YearAgo,
        Some(o) => {
            cx.err(
                start,
                format!("{place}.compare"),
                format!("must be `previous` (环比) or `year_ago` (同比), found `{o}`"),
            );
            Compare::Previous
        }
    };
    let none_is_not_applicable = match r.on_no_previous.as_deref() {
        None | Some("error") => false,
        Some("not_applicable") => true,
        Some(o) => {
            cx.err(
                start,
                format!("{place}.on_no_previous"),
                format!("must be `error` or `not_applicable`, found `{o}`"),
            );
            false
        }
    };
    if !growth && (r.compare.is_some() || r.on_no_previous.is_some()) {
        cx.err(
            start,
            place.to_string(),
            "`compare` and `on_no_previous` only apply with `transform = \"growth\"`",
        );
    }
    growth.then_some(Growth {
        compare,
        none_is_not_applicable,
    })
}

fn method(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    r: &RawIndicator,
    points: &[(usize, f64)],
    tracks: &[Track],
) -> Option<Method> {
    let allowed: &[&str] = match r.method.as_str() {
        "proportional" | "direct" | "binary" => &[],
        "efficacy" => &["base"],
        "rank" => &["step", "floor"],
        "target" => &["cap", "target"],
        "bands" => &["bands"],
        "deduct" => &["per", "threshold"],
        o => {
            cx.err(start, format!("{place}.method"), format!("unknown method `{o}`: expected proportional, efficacy, rank, target, bands, deduct, direct or binary"));
            return None;
        }
    };
    for k in r.params_set() {
        if !allowed.contains(&k) {
            cx.err(
                start,
                format!("{place}.{k}"),
                format!("method `{}` takes no `{k}`", r.method),
            );
        }
    }
    let track_of = |bad: &dyn Fn(f64) -> bool| -> Option<(String, f64)> {
        points
            .iter()
            .find(|&&(_, p)| bad(p))
            .map(|&(t, p)| (tracks[t].id.clone(), p))
    };
    let mut bad = |key: &str, msg: String| cx.err(start, format!("{place}.{key}"), msg);
    let m = match r.method.as_str() {
        "proportional" => Method::Proportional,
        "direct" => Method::Direct,
        "binary" => Method::Binary,
        "efficacy" => {
            let base = r.base.unwrap_or(0.6);
            if !(0.0..=1.0).contains(&base) {
                bad("base", format!("must lie in [0, 1], found {base}"));
            }
            Method::Efficacy { base }
        }
        "rank" => {
            let step = r.step.unwrap_or(f64::NAN);
            if r.step.is_none() {
                bad(
                    "step",
                    "method `rank` needs `step` (points lost per place)".into(),
                );
            } else if !(step.is_finite() && step > 0.0) {
                bad("step", format!("must be > 0, found {step}"));
            }
            let floor = r.floor.unwrap_or(0.0);
            if !(floor.is_finite() && floor >= 0.0) {
                bad("floor", format!("must be ≥ 0, found {floor}"));
            } else if let Some((t, p)) = track_of(&|p| floor > p) {
                bad(
                    "floor",
                    format!("{floor} exceeds the indicator's points on track `{t}` ({p})"),
                );
            }
            Method::Rank { step, floor }
        }
        "target" => {
            let cap = r.cap.unwrap_or(1.0);
            if !(cap.is_finite() && cap >= 1.0) {
                bad("cap", format!("must be ≥ 1, found {cap}"));
            }
            if let Some(t) = r.target {
                if !(t.is_finite() && t > 0.0) {
                    bad("target", format!("must be > 0, found {t}"));
                }
            }
            Method::Target {
                cap,
                target: r.target,
            }
        }
        "deduct" => {
            let per = r.per.unwrap_or(f64::NAN);
            if r.per.is_none() {
                bad(
                    "per",
                    "method `deduct` needs `per` (points deducted per unit of shortfall)".into(),
                );
            } else if !(per.is_finite() && per > 0.0) {
                bad("per", format!("must be > 0, found {per}"));
            }
            let threshold = r.threshold.unwrap_or(0.0);
            if !threshold.is_finite() {
                bad(
                    "threshold",
                    format!("must be a finite number, found {threshold}"),
                );
            }
            Method::Deduct { per, threshold }
        }
        "bands" => {
            let Some(raw) = &r.bands else {
                bad(
                    "bands",
                    "method `bands` needs `bands = [[lower_bound, points], …]`".into(),
                );
                return None;
            };
            let mut bands = Vec::new();
            for (i, b) in raw.iter().enumerate() {
                match b.as_slice() {
                    [lo, pts] if lo.is_finite() && pts.is_finite() && *pts >= 0.0 => {
                        bands.push((*lo, *pts))
                    }
                    _ => bad(
                        &format!("bands[{i}]"),
                        format!("expected [lower_bound, points ≥ 0], found {b:?}"),
                    ),
                }
            }
            if bands.is_empty() {
                bad(
                    "bands",
                    "needs at least one [lower_bound, points] pair".into(),
                );
            }
            bands.sort_by(|a, b| a.0.total_cmp(&b.0));
            if let Some(w) = bands.windows(2).find(|w| w[0].0 >= w[1].0) {
                bad(
                    "bands",
                    format!(
                        "lower bounds must be strictly increasing after sorting: {} appears twice",
                        w[0].0
                    ),
                );
            }
            let top = bands.iter().map(|b| b.1).fold(0.0, f64::max);
            if let Some((t, p)) = track_of(&|p| top > p) {
                bad(
                    "bands",
                    format!("band points {top} exceed the indicator's points on track `{t}` ({p})"),
                );
            }
            Method::Bands(bands)
        }
        _ => unreachable!("method names are matched above"),
    };
    Some(m)
}

#[cfg(test)]
mod requirements_tests {
    use std::path::Path;

    use crate::config::{Config, Requirements};

    const BASE: &str = r#"
[[dimensions]]
id = "d"
name = "工作"

[[tracks]]
id = "t"
name = "乡镇"
categories = ["township"]
total = 10
grades = { by = "share", levels = [{ name = "一般", share = 1.0 }] }

[[indicators]]
id = "x"
name = "X"
dimension = "d"
method = "direct"
points = { t = 10 }
"#;

    fn parse(extra: &str) -> Result<Config, String> {
        Config::parse(&format!("{extra}\n{BASE}"), Path::new("c.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn requirements_default_when_absent_and_read_when_given() {
        assert_eq!(parse("").unwrap().requirements, Requirements::default());
        let r = parse(
            "[requirements]\nbottom_share = 0.1\nmin_points_lost = 0.5\nfall_places = 5\nslow_progress = false\ndimensions = false",
        )
        .unwrap()
        .requirements;
        assert_eq!(
            r,
            Requirements {
                bottom_share: 0.1,
                min_points_lost: 0.5,
                fall_places: 5,
                slow_progress: false,
                dimensions: false,
            }
        );
    }

    #[test]
    fn bad_requirement_thresholds_are_errors_naming_the_key() {
        let e = parse("[requirements]\nbottom_share = 1.0\nmin_points_lost = -1\nfall_places = 0")
            .unwrap_err();
        assert!(
            e.contains("requirements.bottom_share: must lie in [0, 1)"),
            "{e}"
        );
        assert!(
            e.contains("requirements.min_points_lost: must be a number ≥ 0"),
            "{e}"
        );
        assert!(
            e.contains("requirements.fall_places: must be a whole number"),
            "{e}"
        );
        assert!(e.contains("3 error(s)"), "{e}");
        let e = parse("[requirements]\nbottom_shar = 0.2").unwrap_err();
        assert!(e.contains("c.toml:2") && e.contains("bottom_shar"), "{e}");
    }
}
