//! Validation of the composite-indicator keys: the normalisation methods' parameters, the steps
//! before scoring (`denominator`/`scale`, `missing = "impute"` with `impute`/`impute_by`,
//! `treat`), the `[treatment]` rule, the dimension tree (`parent`, `weight`) and a track's
//! `aggregation`/`tree`.

use std::collections::HashMap;

use super::super::raw::{RawConfig, RawIndicator, RawTrack, RawTreatment};
use super::super::*;
use super::Ctx;
use crate::composite::{LogTransform, WinsorLimit};

/// The parameters of a normalisation method (`None` when `name` is not one).
pub(super) fn normalisation(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    name: &str,
    r: &RawIndicator,
) -> Option<Method> {
    let mut bad = |key: &str, msg: String| cx.err(start, format!("{place}.{key}"), msg);
    let pair = |v: &Option<Vec<f64>>| -> Option<Result<(f64, f64), String>> {
        v.as_ref().map(|v| match v.as_slice() {
            [a, b] if a.is_finite() && b.is_finite() => Ok((*a, *b)),
            _ => Err(format!("expected two finite numbers, found {v:?}")),
        })
    };
    Some(match name {
        "minmax" => {
            let (lo, hi) = match pair(&r.range) {
                None => (0.0, 100.0),
                Some(Ok((lo, hi))) if 0.0 <= lo && lo < hi && hi <= 100.0 => (lo, hi),
                Some(Ok((lo, hi))) => {
                    bad("range", format!("must be [lower, upper] percent of the points with 0 ≤ lower < upper ≤ 100, found [{lo}, {hi}]"));
                    (0.0, 100.0)
                }
                Some(Err(e)) => {
                    bad("range", e);
                    (0.0, 100.0)
                }
            };
            Method::MinMax { lo, hi }
        }
        "zscore" => {
            let (mean, sd) = match pair(&r.zscore) {
                None => (50.0, 10.0),
                Some(Ok((m, s))) if (0.0..=100.0).contains(&m) && s > 0.0 && s <= 100.0 => (m, s),
                Some(Ok((m, s))) => {
                    bad("zscore", format!("must be [mean, sd] percent of the points with 0 ≤ mean ≤ 100 and 0 < sd ≤ 100, found [{m}, {s}]"));
                    (50.0, 10.0)
                }
                Some(Err(e)) => {
                    bad("zscore", e);
                    (50.0, 10.0)
                }
            };
            Method::ZScore { mean, sd }
        }
        "goalposts" => {
            let (lower, upper) = match pair(&r.goalposts) {
                Some(Ok((l, u))) if l < u => (l, u),
                Some(Ok((l, u))) => {
                    bad(
                        "goalposts",
                        format!("must be [lower, upper] with lower < upper, found [{l}, {u}]"),
                    );
                    (0.0, 1.0)
                }
                Some(Err(e)) => {
                    bad("goalposts", e);
                    (0.0, 1.0)
                }
                None => {
                    bad("goalposts", "method `goalposts` needs `goalposts = [lower, upper]` (in the indicator's units): the value that scores 0 and the one that scores the full points".into());
                    (0.0, 1.0)
                }
            };
            Method::Goalposts { lower, upper }
        }
        "distance_to_target" => {
            let target = match r.target {
                Some(t) if t.is_finite() => t,
                Some(t) => {
                    bad("target", format!("must be a finite number, found {t}"));
                    0.0
                }
                None => {
                    bad("target", "method `distance_to_target` needs `target` (the value that scores the full points)".into());
                    0.0
                }
            };
            Method::DistanceToTarget { target }
        }
        "distance_to_leader" => {
            if r.min.is_none_or(|m| m < 0.0) {
                bad("min", "method `distance_to_leader` scores x/max, defined for values ≥ 0: set `min = 0` (or higher) so that a negative value is an error".into());
            }
            Method::DistanceToLeader
        }
        "percentile" => Method::Percentile,
        _ => return None,
    })
}

/// The parameters each normalisation method takes.
pub(super) fn normalisation_params(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "minmax" => &["range"],
        "zscore" => &["zscore"],
        "goalposts" => &["goalposts"],
        "distance_to_target" => &["target"],
        "distance_to_leader" | "percentile" => &[],
        _ => return None,
    })
}

/// `missing = "impute"`: the statistic and the group. Reports `impute`/`impute_by` given without
/// it, and values that are not known.
pub(super) fn impute(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    r: &RawIndicator,
    imputing: bool,
) -> (Fill, GroupBy) {
    if !imputing && (r.impute.is_some() || r.impute_by.is_some()) {
        cx.err(
            start,
            place.to_string(),
            "`impute` and `impute_by` apply only with `missing = \"impute\"`",
        );
    }
    let fill = match r.impute.as_deref() {
        None | Some("mean") => Fill::Mean,
        Some("median") => Fill::Median,
        Some(o) => {
            let msg = format!("must be `mean` or `median`, found `{o}`");
            cx.err(start, format!("{place}.impute"), msg);
            Fill::Mean
        }
    };
    let by = match r.impute_by.as_deref() {
        None | Some("track") => GroupBy::Track,
        Some("category") => GroupBy::Category,
        Some("parent") => GroupBy::Parent,
        Some(o) => {
            let msg = format!("must be `track`, `category` or `parent` (the parent township or sub-district), found `{o}`");
            cx.err(start, format!("{place}.impute_by"), msg);
            GroupBy::Track
        }
    };
    (fill, by)
}

/// `denominator`, `scale` and `treat`, checked against the method and the growth transform.
pub(super) fn steps(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    r: &RawIndicator,
    method: &Method,
    missing: MissingPolicy,
) -> (Option<Denominator>, bool) {
    let given = |m: &Method| matches!(m, Method::Direct | Method::Binary);
    let denominator = match r.denominator.as_deref().map(str::trim) {
        None => {
            if r.scale.is_some() {
                let msg = "`scale` applies only with a `denominator` (value / denominator · scale)";
                cx.err(start, format!("{place}.scale"), msg);
            }
            None
        }
        Some("") => {
            let msg = "must name a unit attribute (a column of units.csv or of the period's attributes file), e.g. `population`";
            cx.err(start, format!("{place}.denominator"), msg);
            None
        }
        Some(a) => {
            if given(method) {
                let msg = format!(
                    "method `{}` takes the cell as it is: it cannot be divided by a denominator",
                    method.name()
                );
                cx.err(start, format!("{place}.denominator"), msg);
            }
            if r.transform.is_some() {
                let msg = "a growth rate cannot be divided by a denominator: remove `transform` or `denominator`";
                cx.err(start, format!("{place}.denominator"), msg);
            }
            let scale = r.scale.unwrap_or(1.0);
            if !(scale.is_finite() && scale > 0.0) {
                cx.err(
                    start,
                    format!("{place}.scale"),
                    format!(
                        "must be a number > 0 (e.g. 10000 for per 10,000 people), found {scale}"
                    ),
                );
            }
            Some(Denominator {
                attribute: a.to_string(),
                scale,
            })
        }
    };
    if r.treat
        && !matches!(
            method,
            Method::Efficacy { .. }
                | Method::Rank { .. }
                | Method::MinMax { .. }
                | Method::ZScore { .. }
                | Method::Percentile
        )
    {
        let msg = format!("method `{}` cannot take `treat = true`: outlier treatment (which may log-transform the values) applies to efficacy, rank, minmax, zscore and percentile", method.name());
        cx.err(start, format!("{place}.treat"), msg);
    }
    if matches!(missing, MissingPolicy::Impute(..))
        && matches!(method, Method::Target { .. } | Method::Binary)
    {
        let msg = format!("method `{}` cannot take `missing = \"impute\"` (an imputed value has no target, and a binary cell is 1 or 0): use `zero` or `average`", method.name());
        cx.err(start, format!("{place}.missing"), msg);
    }
    (denominator, r.treat)
}

/// `[treatment]`: the outlier rule (defaults: |skew| > 2 and kurtosis > 3.5, at most 5 points,
/// else the COIN Tool log).
pub(super) fn treatment(cx: &mut Ctx, raw: Option<&RawTreatment>) -> OutlierRule {
    let mut rule = OutlierRule::default();
    let Some(t) = raw else { return rule };
    for (key, v, slot) in [
        ("skew", t.skew, &mut rule.skew_limit),
        ("kurtosis", t.kurtosis, &mut rule.kurt_limit),
    ] {
        match v {
            Some(x) if x.is_finite() && x > 0.0 => *slot = x,
            Some(x) => cx.err(
                None,
                format!("treatment.{key}"),
                format!("must be a number > 0, found {x}"),
            ),
            None => {}
        }
    }
    rule.inclusive = t.inclusive.unwrap_or(false);
    let n = match t.winsorise {
        None => 5,
        Some(n) if (1..=1_000_000).contains(&n) => n as usize,
        Some(n) => {
            let msg = format!("must be a whole number from 1 to 1000000 (how many points, or steps, may be winsorised), found {n}");
            cx.err(None, "treatment.winsorise".into(), msg);
            5
        }
    };
    rule.limit = match t.limit.as_deref() {
        None | Some("points") => WinsorLimit::Points(n),
        Some("steps") => WinsorLimit::Steps(n),
        Some(o) => {
            let msg =
                format!("must be `points` (COINr ≥ 1.0) or `steps` (COINr < 1.0), found `{o}`");
            cx.err(None, "treatment.limit".into(), msg);
            WinsorLimit::Points(n)
        }
    };
    rule.log = match t.log.as_deref() {
        None | Some("coin_tool") => LogTransform::CoinTool,
        Some("natural") => LogTransform::Natural,
        Some(o) => {
            let msg = format!("must be `coin_tool` (ln(x − min + 0.01·(max − min))) or `natural` (ln x), found `{o}`");
            cx.err(None, "treatment.log".into(), msg);
            LogTransform::CoinTool
        }
    };
    rule
}

/// The dimension tree: each `parent` names another dimension, no dimension is its own
/// ancestor, weights are finite and > 0.
pub(super) fn dimension_tree(cx: &mut Ctx, raw: &RawConfig, dims: &mut [Dimension]) {
    let index: HashMap<String, usize> = dims
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    for (i, d) in raw.dimensions.iter().enumerate() {
        let start = Some(d.span().start);
        let d = d.get_ref();
        let place = format!("dimensions[{i}] ({})", d.id);
        if let Some(p) = &d.parent {
            match index.get(p) {
                Some(&j) if j != i => dims[i].parent = Some(j),
                Some(_) => cx.err(
                    start,
                    format!("{place}.parent"),
                    "a dimension cannot be its own parent",
                ),
                None => cx.err(
                    start,
                    format!("{place}.parent"),
                    format!("`{p}` is not a dimension id"),
                ),
            }
        }
        match d.weight {
            Some(w) if w.is_finite() && w > 0.0 && w <= super::MAX_POINTS => dims[i].weight = w,
            Some(w) => cx.err(
                start,
                format!("{place}.weight"),
                format!("must be a number > 0 and at most 1e9, found {w}"),
            ),
            None => {}
        }
    }
    for i in 0..dims.len() {
        let (mut at, mut steps) = (dims[i].parent, 0);
        while let Some(p) = at {
            steps += 1;
            if p == i || steps > dims.len() {
                let msg = "the dimension is its own ancestor (a cycle of `parent`s)";
                let start = Some(raw.dimensions[i].span().start);
                cx.err(
                    start,
                    format!("dimensions[{i}] ({}).parent", dims[i].id),
                    msg,
                );
                dims[i].parent = None;
                break;
            }
            at = dims[p].parent;
        }
    }
}

/// A track's `aggregation` and `tree`.
pub(super) fn aggregation(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    t: &RawTrack,
) -> Aggregation {
    let mean = match t.aggregation.as_deref() {
        None | Some("arithmetic") => Mean::Arithmetic,
        Some("geometric") => Mean::Geometric,
        Some("harmonic") => Mean::Harmonic,
        Some(o) => {
            let msg = format!(
                "must be `arithmetic` (the sum of scores), `geometric` or `harmonic`, found `{o}`"
            );
            cx.err(start, format!("{place}.aggregation"), msg);
            Mean::Arithmetic
        }
    };
    Aggregation { mean, tree: t.tree }
}

/// A dimension with both indicators of a `tree` track and child dimensions would weigh an
/// indicator against whole dimensions: refused.
pub(super) fn tree_shape(cx: &mut Ctx, raw: &RawConfig, cfg: &Config) {
    for (ti, t) in cfg.tracks.iter().enumerate() {
        if !t.aggregation.tree {
            continue;
        }
        // Each dimension once, however many of its indicators the track scores.
        let used: std::collections::BTreeSet<usize> = t
            .indicators
            .iter()
            .map(|x| cfg.indicators[x.indicator].dimension)
            .collect();
        for &d in &used {
            if cfg.dimensions.iter().any(|c| c.parent == Some(d)) {
                let msg = format!(
                    "track `{}` aggregates through the dimension tree, but dimension `{}` holds both indicators and child dimensions: move its indicators into a child dimension",
                    t.id, cfg.dimensions[d].id
                );
                cx.err(
                    Some(raw.tracks[ti].span().start),
                    format!("tracks[{ti}] ({}).tree", t.id),
                    msg,
                );
            }
        }
    }
}
