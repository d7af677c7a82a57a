//! Property tests over the scoring core (proptest), for every method in every direction.
//!
//! Each scenario is one track with the method under test (`m`, core dimension) next to a
//! `direct` filler indicator (`f`), so that totals differ and ranks mean something. Configs
//! are built from TOML text with generated parameters and datasets in memory
//! ([`Dataset::from_columns`]), so the properties hold for what users can actually configure.
//! Values mix everyday decimals (with ties) and extreme magnitudes, missing and not-applicable
//! cells. `PROPTEST_CASES` sets the number of cases (default 128 per property).
//!
//! The properties:
//! - the order of rows never changes results (same bytes of CSV, same scores, totals, ranks);
//! - every indicator score lies in [0, P] ([0, P·cap] for `target`);
//! - a better value (higher, or lower for lower-is-better) never lowers the unit's score,
//!   total or rank;
//! - not-applicable cells never push the rescaled indicator sum outside [0, T] ([0, T·cap]
//!   when a `target` indicator can exceed its points).

use std::collections::HashMap;
use std::path::Path;

use pingyi::config::Config;
use pingyi::data::{Adjustment, AdjustmentKind, Cell, Column, Dataset, IndicatorData};
use pingyi::period::Period;
use pingyi::rank::{evaluate, Results};
use pingyi::render::{self, csv::CsvOptions, View};
use pingyi::units::{Category, Registry, Unit};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Dir {
    Higher,
    Lower,
}

/// The method under test and its parameters.
#[derive(Debug, Clone, PartialEq)]
enum Method {
    Proportional(Dir),
    Efficacy(Dir, f64),
    Rank(Dir, f64, f64),
    Target(Dir, f64),
    Bands(Vec<(f64, f64)>),
    Deduct(Dir, f64, f64),
    Direct,
    Binary,
}

/// Which method a property module tests; parameters are generated.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Proportional(Dir),
    Efficacy(Dir),
    Rank(Dir),
    Target(Dir),
    Bands,
    Deduct(Dir),
    Direct,
    Binary,
}

#[derive(Debug, Clone)]
struct Case {
    method: Method,
    /// P of `m` and of the filler `f`.
    p: f64,
    pf: f64,
    average: bool,
    m: Vec<Cell>,
    targets: Vec<f64>,
    f: Vec<Cell>,
    /// A permutation of the units, for the order property.
    perm: Vec<usize>,
    /// Adjustments `(unit, kind, points)`, and a permutation of them for the order property.
    adjustments: Vec<(usize, AdjustmentKind, f64)>,
    adj_perm: Vec<usize>,
}

impl Case {
    fn n(&self) -> usize {
        self.m.len()
    }

    fn dir(&self) -> Option<Dir> {
        match self.method {
            Method::Proportional(d)
            | Method::Efficacy(d, _)
            | Method::Rank(d, ..)
            | Method::Target(d, _)
            | Method::Deduct(d, ..) => Some(d),
            _ => None,
        }
    }

    /// The most `m` can score: P·cap for `target`.
    fn max_score(&self) -> f64 {
        match self.method {
            Method::Target(_, cap) => self.p * cap,
            _ => self.p,
        }
    }

    fn toml(&self) -> String {
        let (name, params) = match &self.method {
            Method::Proportional(_) => ("proportional", String::new()),
            Method::Efficacy(_, b) => ("efficacy", format!("base = {b:?}\n")),
            Method::Rank(_, s, f) => ("rank", format!("step = {s:?}\nfloor = {f:?}\n")),
            Method::Target(_, c) => ("target", format!("cap = {c:?}\n")),
            Method::Bands(b) => {
                let pairs: Vec<String> = b.iter().map(|(l, p)| format!("[{l:?}, {p:?}]")).collect();
                ("bands", format!("bands = [{}]\n", pairs.join(", ")))
            }
            Method::Deduct(_, per, t) => ("deduct", format!("per = {per:?}\nthreshold = {t:?}\n")),
            Method::Direct => ("direct", String::new()),
            Method::Binary => ("binary", String::new()),
        };
        let direction = match self.dir() {
            Some(Dir::Higher) => "direction = \"higher\"\n",
            Some(Dir::Lower) => "direction = \"lower\"\n",
            None => "",
        };
        let missing = if self.average { "average" } else { "zero" };
        format!(
            r#"decimals = 2
[[dimensions]]
id = "core"
name = "核心"
core = true
[[dimensions]]
id = "other"
name = "其他"
[[tracks]]
id = "t"
name = "赛道"
categories = ["township"]
total = {total:?}
tie_breakers = ["core"]
grades = {{ by = "share", levels = [{{ name = "优秀", share = 0.3 }}, {{ name = "一般", share = 1.0 }}] }}
[[indicators]]
id = "m"
name = "被测"
dimension = "core"
method = "{name}"
{direction}{params}missing = "{missing}"
points = {{ t = {p:?} }}
[[indicators]]
id = "f"
name = "直接"
dimension = "other"
method = "direct"
missing = "zero"
points = {{ t = {pf:?} }}
"#,
            total = self.p + self.pf,
            p = self.p,
            pf = self.pf,
        )
    }

    fn config(&self) -> Config {
        match Config::parse(&self.toml(), Path::new("properties.toml")) {
            Ok(c) => c,
            Err(e) => panic!("generated config is invalid: {e}\n{}", self.toml()),
        }
    }

    /// Evaluates the units in the order `order` (indices into the case's units), with the
    /// adjustment rows in the order `adj_order`.
    fn evaluate_in(
        &self,
        cfg: &Config,
        order: &[usize],
        adj_order: &[usize],
    ) -> Result<(Dataset, Results), TestCaseError> {
        let units = order
            .iter()
            .map(|&k| Unit::new(&format!("U{k:02}"), &format!("单位{k}"), Category::Township));
        let registry = Registry::from_units(units.collect()).map_err(TestCaseError::fail)?;
        let pick = |cells: &[Cell]| {
            Column::from_cells(&order.iter().map(|&k| cells[k]).collect::<Vec<_>>())
        };
        let mut m = IndicatorData::new(pick(&self.m));
        if matches!(self.method, Method::Target(..)) {
            m.targets = Some(order.iter().map(|&k| self.targets[k]).collect());
        }
        let f = IndicatorData::new(pick(&self.f));
        let period = Period::Quarter(2024, 2);
        let (mut ds, _) = Dataset::from_columns(cfg, period, registry, vec![vec![m, f]])
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        ds.adjustments = adj_order
            .iter()
            .map(|&j| {
                let (k, kind, points) = self.adjustments[j];
                Adjustment {
                    unit: order.iter().position(|&u| u == k).unwrap_or(0),
                    kind,
                    points,
                    reason: "理由".into(),
                    reference: "文件".into(),
                }
            })
            .collect();
        let res = evaluate(cfg, &ds);
        Ok((ds, res))
    }

    fn evaluate(&self, cfg: &Config, order: &[usize]) -> Result<(Dataset, Results), TestCaseError> {
        let adj: Vec<usize> = (0..self.adjustments.len()).collect();
        self.evaluate_in(cfg, order, &adj)
    }

    fn identity(&self) -> Vec<usize> {
        (0..self.n()).collect()
    }
}

// ---- strategies ------------------------------------------------------------------------------

fn dir_of(kind: Kind) -> Option<Dir> {
    match kind {
        Kind::Proportional(d)
        | Kind::Efficacy(d)
        | Kind::Rank(d)
        | Kind::Target(d)
        | Kind::Deduct(d) => Some(d),
        _ => None,
    }
}

/// Everyday decimals (many ties) or, now and then, any normal magnitude.
fn signed_value() -> BoxedStrategy<f64> {
    prop_oneof![
        8 => (-200i32..=200).prop_map(|k| f64::from(k) / 4.0),
        1 => prop::num::f64::NORMAL,
    ]
    .boxed()
}

fn non_negative_value() -> BoxedStrategy<f64> {
    prop_oneof![
        8 => (0i32..=400).prop_map(|k| f64::from(k) / 4.0),
        1 => prop::num::f64::POSITIVE | prop::num::f64::NORMAL,
    ]
    .boxed()
}

fn points() -> BoxedStrategy<f64> {
    prop_oneof![
        4 => (1i32..=100).prop_map(f64::from),
        1 => (1i32..=1000).prop_map(|k| f64::from(k) / 10.0),
        1 => Just(0.1),
    ]
    .boxed()
}

fn fraction() -> BoxedStrategy<f64> {
    prop_oneof![
        Just(0.0),
        Just(1.0),
        (0i32..=100).prop_map(|k| f64::from(k) / 100.0)
    ]
    .boxed()
}

/// Bands with strictly increasing bounds; with `monotone`, points never fall as bounds rise.
fn bands(p: f64, monotone: bool) -> BoxedStrategy<Method> {
    prop::collection::btree_set(-100i32..100, 1..5)
        .prop_flat_map(move |bounds| {
            let n = bounds.len();
            (Just(bounds), prop::collection::vec(fraction(), n))
        })
        .prop_map(move |(bounds, mut fr)| {
            if monotone {
                fr.sort_by(f64::total_cmp);
            }
            let b = bounds
                .into_iter()
                .zip(fr)
                .map(|(l, f)| (f64::from(l) / 2.0, p * f));
            Method::Bands(b.collect())
        })
        .boxed()
}

fn method(kind: Kind, p: f64, monotone: bool) -> BoxedStrategy<Method> {
    match kind {
        Kind::Proportional(d) => Just(Method::Proportional(d)).boxed(),
        Kind::Efficacy(d) => fraction().prop_map(move |b| Method::Efficacy(d, b)).boxed(),
        Kind::Rank(d) => ((1i32..=200).prop_map(|k| f64::from(k) / 10.0), fraction())
            .prop_map(move |(s, f)| Method::Rank(d, s, p * f))
            .boxed(),
        Kind::Target(d) => prop_oneof![Just(1.0), Just(1.2), Just(1.5), Just(3.0)]
            .prop_map(move |c| Method::Target(d, c))
            .boxed(),
        Kind::Bands => bands(p, monotone),
        Kind::Deduct(d) => ((1i32..=100).prop_map(|k| f64::from(k) / 10.0), -50i32..50)
            .prop_map(move |(per, t)| Method::Deduct(d, per, f64::from(t)))
            .boxed(),
        Kind::Direct => Just(Method::Direct).boxed(),
        Kind::Binary => Just(Method::Binary).boxed(),
    }
}

fn values(kind: Kind, p: f64) -> BoxedStrategy<f64> {
    match kind {
        Kind::Proportional(_) => non_negative_value(),
        Kind::Direct => fraction().prop_map(move |f| p * f).boxed(),
        Kind::Binary => prop_oneof![Just(0.0), Just(1.0)].boxed(),
        _ => signed_value(),
    }
}

/// A cell: mostly a value; `na` is the weight of not-applicable cells (of 20).
fn cell(v: BoxedStrategy<f64>, na: u32) -> BoxedStrategy<Cell> {
    prop_oneof![
        (18 - na) => v.prop_map(Cell::Value),
        2 => Just(Cell::Missing),
        na => Just(Cell::NotApplicable),
    ]
    .boxed()
}

/// Up to 8 adjustment rows for `n` units (tenths, so that sums round), and a shuffle of them.
fn adjustments(n: usize) -> impl Strategy<Value = (Vec<(usize, AdjustmentKind, f64)>, Vec<usize>)> {
    let kind = prop_oneof![
        4 => Just(AdjustmentKind::Bonus),
        4 => Just(AdjustmentKind::Deduction),
        1 => Just(AdjustmentKind::Veto),
    ];
    let row = (0..n, kind, (0i32..=50).prop_map(|k| f64::from(k) / 10.0))
        .prop_map(|(u, k, p)| (u, k, if k == AdjustmentKind::Veto { 0.0 } else { p }));
    prop::collection::vec(row, 0..8).prop_flat_map(|rows| {
        let perm = Just((0..rows.len()).collect::<Vec<_>>()).prop_shuffle();
        (Just(rows), perm)
    })
}

fn scenario(kind: Kind, monotone: bool, na: u32) -> impl Strategy<Value = Case> {
    (points(), points(), any::<bool>(), 1usize..12)
        .prop_flat_map(move |(p, pf, average, n)| {
            let targets = prop_oneof![
                4 => (1i32..=400).prop_map(|k| f64::from(k) / 4.0),
                1 => prop::num::f64::POSITIVE | prop::num::f64::NORMAL,
            ];
            (
                method(kind, p, monotone),
                Just((p, pf, average)),
                prop::collection::vec(cell(values(kind, p), na), n),
                prop::collection::vec(targets, n),
                prop::collection::vec(cell(fraction().prop_map(move |f| pf * f).boxed(), na), n),
                Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
                adjustments(n),
            )
        })
        .prop_map(
            |(method, (p, pf, average), mut m, targets, mut f, perm, (adjustments, adj_perm))| {
                // Every unit needs something applicable; `average` needs a peer with a value.
                for (a, b) in m.iter().zip(f.iter_mut()) {
                    if *a == Cell::NotApplicable && *b == Cell::NotApplicable {
                        *b = Cell::Value(0.0);
                    }
                }
                if !m.iter().any(|c| matches!(c, Cell::Value(_))) {
                    m[0] = Cell::Value(if method == Method::Direct { p } else { 1.0 });
                }
                Case {
                    method,
                    p,
                    pf,
                    average,
                    m,
                    targets,
                    f,
                    perm,
                    adjustments,
                    adj_perm,
                }
            },
        )
}

// ---- properties ------------------------------------------------------------------------------

fn csv(cfg: &Config, ds: &Dataset, res: &Results) -> Vec<u8> {
    let view = View {
        cfg,
        ds,
        res,
        tracks: vec![0],
        trends: None,
    };
    render::csv::render(&view, CsvOptions::CSV)
}

/// Per unit id: (m score bits, total bits, rank, grade).
fn by_unit(ds: &Dataset, res: &Results) -> HashMap<String, (u64, u64, u32, usize)> {
    let tr = &res.tracks[0];
    (0..tr.units.len())
        .map(|pos| {
            let id = ds.registry.units[tr.units[pos]].id.clone();
            let m = tr.scores.columns[0].score[pos].to_bits();
            (
                id,
                (m, tr.total[pos].to_bits(), tr.rank[pos], tr.grade[pos]),
            )
        })
        .collect()
}

fn order_never_matters(case: &Case) -> Result<(), TestCaseError> {
    let cfg = case.config();
    let (ds, res) = case.evaluate(&cfg, &case.identity())?;
    let (ds2, res2) = case.evaluate_in(&cfg, &case.perm, &case.adj_perm)?;
    prop_assert_eq!(by_unit(&ds, &res), by_unit(&ds2, &res2));
    prop_assert_eq!(csv(&cfg, &ds, &res), csv(&cfg, &ds2, &res2));
    Ok(())
}

fn scores_in_range(case: &Case) -> Result<(), TestCaseError> {
    let (_, res) = case.evaluate(&case.config(), &case.identity())?;
    let tr = &res.tracks[0];
    for (slot, max) in [(0, case.max_score()), (1, case.pf)] {
        for &s in &tr.scores.columns[slot].score {
            prop_assert!(
                (0.0..=max).contains(&s),
                "indicator {slot}: score {s} outside [0, {max}]"
            );
        }
    }
    Ok(())
}

/// Unit `i`'s value made better by `step` (within the method's domain).
fn better(case: &Case, x: f64, step: f64) -> f64 {
    match (&case.method, case.dir()) {
        (Method::Binary, _) => 1.0,
        (Method::Direct, _) => (x + step).min(case.p),
        (Method::Proportional(_), Some(Dir::Lower)) => (x - step).max(0.0),
        (_, Some(Dir::Lower)) => x - step,
        _ => x + step,
    }
}

fn better_never_hurts(case: &Case, i: usize, step: f64) -> Result<(), TestCaseError> {
    let Cell::Value(x) = case.m[i] else {
        return Ok(()); // only values can get better
    };
    let x2 = better(case, x, step);
    prop_assume!(x2.is_finite());
    let mut raised = case.clone();
    raised.m[i] = Cell::Value(x2);
    let cfg = case.config();
    let (_, before) = case.evaluate(&cfg, &case.identity())?;
    let (_, after) = raised.evaluate(&cfg, &case.identity())?;
    let (b, a) = (&before.tracks[0], &after.tracks[0]);
    let (sb, sa) = (b.scores.columns[0].score[i], a.scores.columns[0].score[i]);
    prop_assert!(
        sa >= sb,
        "score fell from {} to {} ({} → {})",
        sb,
        sa,
        x,
        x2
    );
    prop_assert!(
        a.total[i] >= b.total[i],
        "total fell from {} to {}",
        b.total[i],
        a.total[i]
    );
    // Under `average`, a unit's gain also lifts the units filled with the peers' mean, and
    // rescaling can lift one of them past it: the spec's formulas, not a defect.
    let filled = case.average && case.m.contains(&Cell::Missing);
    if !filled {
        prop_assert!(
            a.rank[i] <= b.rank[i],
            "rank fell from {} to {} ({} → {})",
            b.rank[i],
            a.rank[i],
            x,
            x2
        );
    }
    Ok(())
}

fn rescaled_sum_in_range(case: &Case) -> Result<(), TestCaseError> {
    let cfg = case.config();
    let (_, res) = case.evaluate(&cfg, &case.identity())?;
    let tr = &res.tracks[0];
    let t = cfg.tracks[0].total;
    // With every score at most its points the bound is exact. A `target` score may reach
    // P·cap, and T·cap is itself rounded: allow it a few units in the last place.
    let bound = match case.method {
        Method::Target(_, cap) => t * cap * (1.0 + 1e-12),
        _ => t,
    };
    for pos in 0..tr.units.len() {
        let sum = tr.scores.indicator_total[pos];
        prop_assert!(
            (0.0..=bound).contains(&sum),
            "unit {pos}: rescaled sum {sum} outside [0, {bound}]"
        );
        let dims: f64 = tr.scores.dim_scores.iter().map(|d| d[pos]).sum();
        prop_assert!(
            (dims - sum).abs() <= 1e-9 * sum.max(1.0),
            "dimension subtotals {dims} ≠ {sum}"
        );
    }
    Ok(())
}

/// 128 cases per property (52 properties: well under a minute in a debug build, where parsing
/// TOML dominates); `PROPTEST_CASES` sets another count.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(128);
    ProptestConfig::with_cases(cases)
}

macro_rules! method_properties {
    ($($name:ident: $kind:expr;)*) => {$(
        mod $name {
            use super::*;

            proptest! {
                #![proptest_config(config())]

                #[test]
                fn order_of_rows_never_changes_results(case in scenario($kind, false, 2)) {
                    order_never_matters(&case)?;
                }

                #[test]
                fn every_score_lies_between_zero_and_its_maximum(case in scenario($kind, false, 2)) {
                    scores_in_range(&case)?;
                }

                #[test]
                fn a_better_value_never_lowers_score_or_rank(
                    case in scenario($kind, true, 2),
                    i in any::<prop::sample::Index>(),
                    step in prop_oneof![(1i32..=100).prop_map(|k| f64::from(k) / 4.0), prop::num::f64::POSITIVE | prop::num::f64::NORMAL],
                ) {
                    better_never_hurts(&case, i.index(case.n()), step)?;
                }

                #[test]
                fn not_applicable_cells_keep_the_rescaled_sum_in_range(case in scenario($kind, false, 8)) {
                    rescaled_sum_in_range(&case)?;
                }
            }

            #[test]
            fn covers_its_direction() {
                assert_eq!(dir_of($kind).is_some(), !matches!($kind, Kind::Bands | Kind::Direct | Kind::Binary));
            }
        }
    )*};
}

method_properties! {
    proportional_higher: Kind::Proportional(Dir::Higher);
    proportional_lower: Kind::Proportional(Dir::Lower);
    efficacy_higher: Kind::Efficacy(Dir::Higher);
    efficacy_lower: Kind::Efficacy(Dir::Lower);
    rank_higher: Kind::Rank(Dir::Higher);
    rank_lower: Kind::Rank(Dir::Lower);
    target_higher: Kind::Target(Dir::Higher);
    target_lower: Kind::Target(Dir::Lower);
    bands: Kind::Bands;
    deduct_higher: Kind::Deduct(Dir::Higher);
    deduct_lower: Kind::Deduct(Dir::Lower);
    direct: Kind::Direct;
    binary: Kind::Binary;
}
