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

mod case;
mod strategy;

use std::collections::HashMap;

use case::{Case, Dir, Kind, Method};
use pingyi::config::Config;
use pingyi::data::{Cell, Dataset};
use pingyi::eval::Evaluation;
use pingyi::render::labels::Labels;
use pingyi::render::rank::{self, RankView};
use pingyi::render::sheet::CsvOptions;
use pingyi::Results;
use proptest::prelude::*;
use proptest::test_runner::{contextualize_config, TestCaseError, TestRunner};
use strategy::{dir_of, scenario};

fn csv(cfg: &Config, ds: &Dataset, res: &Results) -> Vec<u8> {
    let ev = Evaluation {
        cfg: cfg.clone(),
        ds: ds.clone(),
        res: res.clone(),
        warnings: Default::default(),
    };
    let view = RankView {
        labels: Labels::new(&ev),
        tracks: vec![0],
        lean: false,
    };
    rank::csv::render(&view, CsvOptions::CSV)
}

/// Per unit id: (m score bits, total bits, rank, grade).
fn by_unit(ds: &Dataset, res: &Results) -> HashMap<String, (u64, u64, u32, usize)> {
    let tr = &res.tracks[0];
    (0..tr.units.len())
        .map(|pos| {
            let id = ds.registry.units[tr.units[pos]].id.to_string();
            let m = tr.scores.columns[0].score(pos).to_bits();
            (
                id,
                (m, tr.total(pos).to_bits(), tr.rank[pos], tr.grade(pos)),
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
        for s in tr.scores.columns[slot].scores() {
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
    let mut x2 = better(case, x, step);
    if matches!(case.method, Method::Target(Dir::Lower, _)) {
        // As specified, rate = t/x scores a negative x 0 (loading warns): the property holds
        // for positive values, which a lower-is-better target is about.
        prop_assume!(x > 0.0);
        if x2 <= 0.0 {
            x2 = x / 2.0;
        }
    }
    prop_assume!(x2.is_finite());
    let mut raised = case.clone();
    raised.m[i] = Cell::Value(x2);
    let cfg = case.config();
    let (_, before) = case.evaluate(&cfg, &case.identity())?;
    let (_, after) = raised.evaluate(&cfg, &case.identity())?;
    let (b, a) = (&before.tracks[0], &after.tracks[0]);
    let (sb, sa) = (b.scores.columns[0].score(i), a.scores.columns[0].score(i));
    prop_assert!(
        sa >= sb,
        "score fell from {} to {} ({} → {})",
        sb,
        sa,
        x,
        x2
    );
    prop_assert!(
        a.total(i) >= b.total(i),
        "total fell from {} to {}",
        b.total(i),
        a.total(i)
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
    ProptestConfig {
        failure_persistence: super::regressions(),
        ..ProptestConfig::with_cases(cases)
    }
}

/// Runs `property` over `strategy` as `proptest!` would (the same configuration, persisted
/// regressions and failure message), through one copy of proptest's runner per strategy type:
/// written as 52 `proptest!` blocks, the properties compiled 52 copies of it, which made this the
/// slowest test crate to build.
fn check<S: Strategy>(
    test: &'static str,
    strategy: S,
    property: fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut config = contextualize_config(config());
    config.source_file = Some(file!());
    config.test_name = Some(test);
    let mut runner = TestRunner::new(config);
    if let Err(e) = runner.run(&strategy, property) {
        panic!("{e}\n{runner}");
    }
}

/// The strategy of the step by which a value gets better: everyday quarters, or any magnitude.
fn step() -> impl Strategy<Value = f64> {
    prop_oneof![
        (1i32..=100).prop_map(|k| f64::from(k) / 4.0),
        prop::num::f64::POSITIVE | prop::num::f64::NORMAL
    ]
}

/// One property test: `$test` checks `$property` on the cases of `$strategy` (see [`check`]).
macro_rules! property {
    ($test:ident, $strategy:expr, $property:expr) => {
        #[test]
        fn $test() {
            let name = concat!(module_path!(), "::", stringify!($test));
            check(name, $strategy, $property);
        }
    };
}

macro_rules! method_properties {
    ($($name:ident: $kind:expr;)*) => {$(
        mod $name {
            use super::*;

            property!(
                order_of_rows_never_changes_results,
                scenario($kind, false, 2),
                |case| order_never_matters(&case)
            );

            property!(
                every_score_lies_between_zero_and_its_maximum,
                scenario($kind, false, 2),
                |case| scores_in_range(&case)
            );

            property!(
                a_better_value_never_lowers_score_or_rank,
                (scenario($kind, true, 2), any::<prop::sample::Index>(), step()),
                |(case, i, step)| better_never_hurts(&case, i.index(case.n()), step)
            );

            property!(
                not_applicable_cells_keep_the_rescaled_sum_in_range,
                scenario($kind, false, 8),
                |case| rescaled_sum_in_range(&case)
            );

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
