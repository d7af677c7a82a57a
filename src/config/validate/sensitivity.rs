//! `[sensitivity]`: what `pingyi sensitivity` varies — the points of every indicator by a factor
//! from U(1−w, 1+w), alternative methods or parameters per indicator, alternative missing-value
//! policies — and how (runs, seed, the robustness threshold).
//!
//! The section belongs to the settings of the top-level config. Its scalars are checked when the
//! file is read; its alternatives name indicators and methods, so they are checked against the
//! scheme of the period analysed ([`Spec::resolve`]), with the same rules as the scheme's own
//! methods and messages that name the top-level file and key.

mod overrides;

use std::path::PathBuf;

use toml::Spanned;

use super::{context, method, Ctx};
use crate::config::raw::{RawIndicator, RawSensitivity};
use crate::config::{Config, Fill, GroupBy, Method, MissingPolicy};
use crate::error::{Error, Problems};

pub use overrides::{parse_alternative, parse_runs, parse_threshold, parse_weights, Overrides};

/// The default seed: a run without `--seed` or `seed` is reproducible.
pub const DEFAULT_SEED: u64 = 20240601;
/// The default number of runs.
pub const DEFAULT_RUNS: usize = 1000;
/// The default half-width of the points factor U(1−w, 1+w).
pub const DEFAULT_WEIGHTS: f64 = 0.2;
/// A grade is robust when its probability is at least this.
pub const DEFAULT_THRESHOLD: f64 = 0.9;
/// The most runs a command line or config may ask for.
pub const MAX_RUNS: usize = 10_000_000;
/// Statements and the report show rank intervals when the tracks they cover hold at most this
/// many units together (`in_statements_up_to`).
pub const DEFAULT_IN_STATEMENTS_UP_TO: usize = 2_000;

/// `[sensitivity]`, its scalars checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub runs: usize,
    pub seed: u64,
    /// w: each indicator's points × U(1−w, 1+w); 0 keeps the points.
    pub weights: f64,
    pub threshold: f64,
    /// Alternative missing-value policies (besides each indicator's own).
    pub missing: Vec<MissingPolicy>,
    /// Alternatives per indicator, checked against a scheme by [`Spec::resolve`].
    pub alternatives: Vec<(String, Vec<toml::Table>)>,
    /// The file the section was read from (messages of [`Spec::resolve`]).
    pub path: PathBuf,
    /// Statements and the report show each unit's rank interval (`in_statements`), when the
    /// tracks they cover hold at most `in_statements_up_to` units together.
    pub in_statements: bool,
    pub in_statements_up_to: usize,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            runs: DEFAULT_RUNS,
            seed: DEFAULT_SEED,
            weights: DEFAULT_WEIGHTS,
            threshold: DEFAULT_THRESHOLD,
            missing: Vec::new(),
            alternatives: Vec::new(),
            path: PathBuf::new(),
            in_statements: true,
            in_statements_up_to: DEFAULT_IN_STATEMENTS_UP_TO,
        }
    }
}

/// One indicator's alternatives, resolved against a scheme: the configured method first.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternatives {
    /// Index into [`Config::indicators`].
    pub indicator: usize,
    /// The configured method, then each alternative.
    pub methods: Vec<Method>,
}

/// Checks the scalars of `[sensitivity]`.
pub(super) fn validate(cx: &mut Ctx, s: &Spanned<RawSensitivity>) -> Spec {
    let start = Some(s.span().start);
    let s = s.get_ref();
    let mut spec = Spec {
        path: cx.path().to_path_buf(),
        ..Spec::default()
    };
    if let Some(r) = s.runs {
        match check_runs(r) {
            Ok(r) => spec.runs = r,
            Err(msg) => cx.err(start, "sensitivity.runs".into(), msg),
        }
    }
    if let Some(seed) = s.seed {
        match u64::try_from(seed) {
            Ok(v) => spec.seed = v,
            Err(_) => cx.err(
                start,
                "sensitivity.seed".into(),
                format!("must be a whole number ≥ 0, found {seed}"),
            ),
        }
    }
    if let Some(w) = s.weights {
        match check_weights(w) {
            Ok(w) => spec.weights = w,
            Err(msg) => cx.err(start, "sensitivity.weights".into(), msg),
        }
    }
    if let Some(t) = s.threshold {
        match check_threshold(t) {
            Ok(t) => spec.threshold = t,
            Err(msg) => cx.err(start, "sensitivity.threshold".into(), msg),
        }
    }
    spec.in_statements = s.in_statements.unwrap_or(true);
    if let Some(n) = s.in_statements_up_to {
        match usize::try_from(n) {
            Ok(n) => spec.in_statements_up_to = n,
            Err(_) => cx.err(
                start,
                "sensitivity.in_statements_up_to".into(),
                format!("must be a whole number of units ≥ 0, found {n}"),
            ),
        }
    }
    for (i, m) in s.missing.iter().flatten().enumerate() {
        match missing_policy(m) {
            Ok(p) => spec.missing.push(p),
            Err(msg) => cx.err(start, format!("sensitivity.missing[{i}]"), msg),
        }
    }
    for (i, a) in s.alternatives.iter().enumerate() {
        if a.methods.is_empty() {
            let msg = "needs at least one alternative: `methods = [{ method = \"…\", … }]`";
            cx.err(start, format!("sensitivity.alternatives[{i}].methods"), msg);
        }
        spec.alternatives
            .push((a.indicator.clone(), a.methods.clone()));
    }
    spec
}

/// `runs`: a whole number from 2 to [`MAX_RUNS`].
pub fn check_runs(r: i64) -> Result<usize, String> {
    usize::try_from(r)
        .ok()
        .filter(|r| (2..=MAX_RUNS).contains(r))
        .ok_or_else(|| format!("must be a whole number from 2 to {MAX_RUNS}, found {r}"))
}

/// `weights` (w): 0 ≤ w < 1, so that every factor stays > 0.
pub fn check_weights(w: f64) -> Result<f64, String> {
    if w.is_finite() && (0.0..1.0).contains(&w) {
        Ok(w)
    } else {
        Err(format!(
            "must lie in [0, 1) (points × U(1−w, 1+w); 0 keeps them), found {w}"
        ))
    }
}

/// `threshold`: in (0, 1].
pub fn check_threshold(t: f64) -> Result<f64, String> {
    if t.is_finite() && t > 0.0 && t <= 1.0 {
        Ok(t)
    } else {
        Err(format!(
            "must lie in (0, 1] (a grade is robust when its probability is at least this), found {t}"
        ))
    }
}

/// `zero`, `average`, `impute` (mean of the track) or `impute:<mean|median>:<track|category|parent>`.
pub fn missing_policy(s: &str) -> Result<MissingPolicy, String> {
    let bad = || {
        format!("expected `zero`, `average`, `impute` or `impute:<mean|median>:<track|category|parent>`, found `{s}`")
    };
    match s.split(':').collect::<Vec<_>>().as_slice() {
        ["zero"] => Ok(MissingPolicy::Zero),
        ["average"] => Ok(MissingPolicy::Average),
        ["impute"] => Ok(MissingPolicy::Impute(Fill::Mean, GroupBy::Track)),
        ["impute", fill, by] => {
            let fill = match *fill {
                "mean" => Fill::Mean,
                "median" => Fill::Median,
                _ => return Err(bad()),
            };
            let by = match *by {
                "track" => GroupBy::Track,
                "category" => GroupBy::Category,
                "parent" => GroupBy::Parent,
                _ => return Err(bad()),
            };
            Ok(MissingPolicy::Impute(fill, by))
        }
        _ => Err(bad()),
    }
}

/// The keys an alternative may set: the method, its direction and the methods' parameters.
const KEYS: [&str; 14] = [
    "method",
    "direction",
    "base",
    "step",
    "floor",
    "cap",
    "target",
    "bands",
    "per",
    "threshold",
    "range",
    "zscore",
    "goalposts",
    "transform",
];

impl Spec {
    /// The alternatives checked against `cfg`, the scheme analysed: each names an indicator of
    /// it, and each method is valid for it (the same rules as the scheme's own, on the
    /// indicator's points on every track).
    pub fn resolve(&self, cfg: &Config) -> Result<Vec<Alternatives>, Error> {
        let mut problems = Problems::new();
        let mut out = Vec::new();
        for (i, (id, tables)) in self.alternatives.iter().enumerate() {
            let place = format!("sensitivity.alternatives[{i}]");
            let mut cx = context(&self.path, "", &mut problems);
            let Some(k) = cfg.indicators.iter().position(|x| x.id == *id) else {
                let msg = format!("`{id}` is not an indicator of the scheme {} (the scheme that scores the period analysed)", cfg.path.display());
                cx.err(None, format!("{place}.indicator"), msg);
                continue;
            };
            let mut methods = vec![cfg.indicators[k].method.clone()];
            for (j, t) in tables.iter().enumerate() {
                let place = format!("{place}.methods[{j}]");
                if let Some(m) = alternative(&mut cx, &place, cfg, k, t) {
                    methods.push(m);
                }
            }
            out.push(Alternatives {
                indicator: k,
                methods,
            });
        }
        problems.into_result()?;
        Ok(out)
    }
}

/// One alternative method of indicator `k`, checked as the scheme's own methods are.
fn alternative(
    cx: &mut Ctx,
    place: &str,
    cfg: &Config,
    k: usize,
    t: &toml::Table,
) -> Option<Method> {
    if let Some(key) = t.keys().find(|key| !KEYS.contains(&key.as_str())) {
        let msg = format!(
            "unknown key `{key}`: an alternative sets `method` and its parameters ({})",
            KEYS[2..13].join(", ")
        );
        cx.err(None, place.to_string(), msg);
        return None;
    }
    if t.contains_key("transform") {
        let msg = "the growth transform is the indicator's own: an alternative cannot change it";
        cx.err(None, format!("{place}.transform"), msg);
        return None;
    }
    let ind = &cfg.indicators[k];
    let mut table = toml::Table::new();
    table.insert("id".into(), ind.id.clone().into());
    table.insert("name".into(), ind.name.clone().into());
    table.insert(
        "dimension".into(),
        cfg.dimensions[ind.dimension].id.clone().into(),
    );
    let mut points = toml::Table::new();
    for (ti, tr) in cfg.tracks.iter().enumerate() {
        if let Some(p) = cfg.track_position(ti, k) {
            points.insert(tr.id.clone(), tr.indicators[p].points.into());
        }
    }
    table.insert("points".into(), points.into());
    if let Some(d) = ind.direction {
        let d = match d {
            super::Direction::Higher => "higher",
            super::Direction::Lower => "lower",
        };
        table.insert("direction".into(), d.into());
    }
    if !t.contains_key("method") {
        table.insert("method".into(), ind.method.name().into());
        table.extend(params_of(&ind.method));
    }
    // The indicator's valid range: `distance_to_leader` needs values ≥ 0.
    if let Some(m) = ind.valid.min {
        table.insert("min".into(), m.into());
    }
    table.extend(t.clone());
    let raw: RawIndicator = match toml::Value::Table(table).try_into() {
        Ok(r) => r,
        Err(e) => {
            cx.err(None, place.to_string(), e.message().to_string());
            return None;
        }
    };
    let pts: Vec<(usize, f64)> = (0..cfg.tracks.len())
        .filter_map(|ti| {
            cfg.track_position(ti, k)
                .map(|p| (ti, cfg.tracks[ti].indicators[p].points))
        })
        .collect();
    let m = method(cx, None, place, &raw, &pts, &cfg.tracks)?;
    let takes_direction = !matches!(m, Method::Bands(_) | Method::Direct | Method::Binary);
    if takes_direction && ind.direction.is_none() && raw.direction.is_none() {
        let msg = format!(
            "method `{}` needs `direction = \"higher\"` or `\"lower\"`",
            m.name()
        );
        cx.err(None, format!("{place}.direction"), msg);
    }
    if raw.direction.is_some() && t.contains_key("direction") && ind.direction.is_some() {
        let msg = "an alternative keeps the indicator's direction: remove `direction`";
        cx.err(None, format!("{place}.direction"), msg);
    }
    if ind.growth.is_some()
        && matches!(
            m,
            Method::Proportional | Method::Direct | Method::Binary | Method::DistanceToLeader
        )
    {
        let msg = format!(
            "the indicator is scored on its growth rate, which method `{}` cannot take",
            m.name()
        );
        cx.err(None, format!("{place}.method"), msg);
    }
    Some(m)
}

/// The parameters of a method as config keys (an alternative that sets only some of them keeps
/// the others).
fn params_of(m: &Method) -> toml::Table {
    let mut t = toml::Table::new();
    let mut set = |k: &str, v: toml::Value| {
        t.insert(k.into(), v);
    };
    let pair = |a: f64, b: f64| toml::Value::Array(vec![a.into(), b.into()]);
    match m {
        Method::Efficacy { base } => set("base", (*base).into()),
        Method::Rank { step, floor } => {
            set("step", (*step).into());
            set("floor", (*floor).into());
        }
        Method::Target { cap, target } => {
            set("cap", (*cap).into());
            if let Some(x) = target {
                set("target", (*x).into());
            }
        }
        Method::Bands(b) => set(
            "bands",
            toml::Value::Array(b.iter().map(|&(l, p)| pair(l, p)).collect()),
        ),
        Method::Deduct { per, threshold } => {
            set("per", (*per).into());
            set("threshold", (*threshold).into());
        }
        Method::MinMax { lo, hi } => set("range", pair(*lo, *hi)),
        Method::ZScore { mean, sd } => set("zscore", pair(*mean, *sd)),
        Method::Goalposts { lower, upper } => set("goalposts", pair(*lower, *upper)),
        Method::DistanceToTarget { target } => set("target", (*target).into()),
        Method::Proportional
        | Method::Direct
        | Method::Binary
        | Method::DistanceToLeader
        | Method::Percentile => {}
    }
    t
}
