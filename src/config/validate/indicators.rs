//! Validation of `[[indicators]]`: points per track, dimension, direction, missing policy,
//! the growth transform and every method's parameters.

use std::collections::HashMap;

use super::super::raw::RawIndicator;
use super::super::*;
use super::Ctx;

/// The largest `cap` of a `target` indicator.
const MAX_CAP: f64 = 1000.0;

/// `points = { track = P, … }` → `(track index, P)` pairs, and the tracks whose entry is invalid.
pub(super) fn points(
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
        if p > super::MAX_POINTS {
            bad.push(t);
            let msg = format!(
                "points must be {}; found {}",
                super::MAX_POINTS_WHY,
                super::beyond(p)
            );
            cx.err(start, key, msg);
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
pub(super) fn indicator(
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
    let imputing = r.missing.as_deref() == Some("impute");
    let (fill, by) = super::composite::impute(cx, start, place, r, imputing);
    let missing = match r.missing.as_deref() {
        None | Some("error") => MissingPolicy::Error,
        Some("zero") => MissingPolicy::Zero,
        Some("average") => MissingPolicy::Average,
        Some("impute") => MissingPolicy::Impute(fill, by),
        Some(o) => {
            cx.err(
                start,
                format!("{place}.missing"),
                format!("must be `error`, `zero`, `average` or `impute`, found `{o}`"),
            );
            MissingPolicy::Error
        }
    };
    let method = method(cx, start, place, r, points, tracks)?;
    let (denominator, treat) = super::composite::steps(cx, start, place, r, &method, missing);
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
    let (aliases, percent, valid) = super::columns::keys(cx, start, place, r, &method);
    let duplicates = match r.duplicates.as_deref() {
        None | Some("error") => Duplicates::Error,
        Some("equal") => Duplicates::Equal,
        Some(o) => {
            let msg = format!("must be `error` or `equal`, found `{o}`");
            cx.err(start, format!("{place}.duplicates"), msg);
            Duplicates::Error
        }
    };
    let source = r.source.as_deref().map(str::trim).map(String::from);
    if source.as_deref() == Some("") {
        cx.err(start, format!("{place}.source"), "must not be empty");
    }
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
        source,
        duplicates,
        mixed_scales: r.mixed_scales,
        denominator,
        treat,
    })
}

pub(super) fn growth(
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
    if growth
        && matches!(
            m,
            Method::Proportional | Method::Direct | Method::Binary | Method::DistanceToLeader
        )
    {
        cx.err(start, format!("{place}.transform"), format!("method `{}` cannot take `transform = \"growth\"` (efficacy, rank, target, bands, deduct, minmax, zscore, goalposts, distance_to_target and percentile can)", m.name()));
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

pub(crate) fn method(
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
        o => match super::composite::normalisation_params(o) {
            Some(p) => p,
            None => {
                cx.err(start, format!("{place}.method"), format!("unknown method `{o}`: expected proportional, efficacy, rank, target, bands, deduct, direct, binary, minmax, zscore, goalposts, distance_to_target, distance_to_leader or percentile"));
                return None;
            }
        },
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
            } else if cap > MAX_CAP {
                bad("cap", format!("must be at most {MAX_CAP} (a score of 1000 times the indicator's points), found {}", super::beyond(cap)));
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
        other => super::composite::normalisation(cx, start, place, other, r)?,
    };
    Some(m)
}
