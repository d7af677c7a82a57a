//! Strategies: methods with generated parameters, and values that mix everyday decimals (with
//! ties), extreme magnitudes, missing and not-applicable cells.

use pingyi::data::{AdjustmentKind, Cell};
use proptest::prelude::*;

use super::case::{Case, Dir, Kind, Method};

pub fn dir_of(kind: Kind) -> Option<Dir> {
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
pub fn signed_value() -> BoxedStrategy<f64> {
    prop_oneof![
        8 => (-200i32..=200).prop_map(|k| f64::from(k) / 4.0),
        1 => prop::num::f64::NORMAL,
    ]
    .boxed()
}

pub fn non_negative_value() -> BoxedStrategy<f64> {
    prop_oneof![
        8 => (0i32..=400).prop_map(|k| f64::from(k) / 4.0),
        1 => prop::num::f64::POSITIVE | prop::num::f64::NORMAL,
    ]
    .boxed()
}

pub fn points() -> BoxedStrategy<f64> {
    prop_oneof![
        4 => (1i32..=100).prop_map(f64::from),
        1 => (1i32..=1000).prop_map(|k| f64::from(k) / 10.0),
        1 => Just(0.1),
    ]
    .boxed()
}

pub fn fraction() -> BoxedStrategy<f64> {
    prop_oneof![
        Just(0.0),
        Just(1.0),
        (0i32..=100).prop_map(|k| f64::from(k) / 100.0)
    ]
    .boxed()
}

/// Bands with strictly increasing bounds; with `monotone`, points never fall as bounds rise.
pub fn bands(p: f64, monotone: bool) -> BoxedStrategy<Method> {
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

pub fn method(kind: Kind, p: f64, monotone: bool) -> BoxedStrategy<Method> {
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

pub fn values(kind: Kind, p: f64) -> BoxedStrategy<f64> {
    match kind {
        Kind::Proportional(_) => non_negative_value(),
        Kind::Direct => fraction().prop_map(move |f| p * f).boxed(),
        Kind::Binary => prop_oneof![Just(0.0), Just(1.0)].boxed(),
        _ => signed_value(),
    }
}

/// A cell: mostly a value; `na` is the weight of not-applicable cells (of 20).
pub fn cell(v: BoxedStrategy<f64>, na: u32) -> BoxedStrategy<Cell> {
    prop_oneof![
        (18 - na) => v.prop_map(Cell::Value),
        2 => Just(Cell::Missing),
        na => Just(Cell::NotApplicable),
    ]
    .boxed()
}

/// Up to 8 adjustment rows for `n` units (tenths, so that sums round), and a shuffle of them.
pub fn adjustments(
    n: usize,
) -> impl Strategy<Value = (Vec<(usize, AdjustmentKind, f64)>, Vec<usize>)> {
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

pub fn scenario(kind: Kind, monotone: bool, na: u32) -> impl Strategy<Value = Case> {
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
