//! Properties that hold for any column: normalised scores stay on their scale, a better value
//! never scores lower, the order of units does not matter, and the three means keep their order.

use proptest::prelude::*;

use super::*;

/// A column of 1–40 cells, about one in six missing, values in a realistic range.
fn column() -> impl Strategy<Value = Vec<Option<f64>>> {
    prop::collection::vec(prop::option::weighted(0.85, -1e6..1e6f64), 1..40)
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::Higher), Just(Direction::Lower)]
}

type Normaliser = Box<dyn Fn(&[Option<f64>], Direction) -> Vec<Option<f64>>>;

/// Every normalisation with fixed parameters.
fn normalisers() -> Vec<(&'static str, Normaliser)> {
    let range = Range::new(60.0, 100.0).unwrap();
    let z = ZScale::new(80.0, 10.0).unwrap();
    let gp = Goalposts::new(-1e5, 5e5, 100.0).unwrap();
    vec![
        ("min_max", Box::new(move |c, d| min_max(c, d, range))),
        ("z_score", Box::new(move |c, d| z_score(c, d, z))),
        ("goalposts", Box::new(move |c, d| goalposts(c, d, gp))),
        ("target", Box::new(|c, d| distance_to_target(c, d, 2e5))),
        ("percentile", Box::new(percentile_rank)),
    ]
}

/// `true` when `x` is at least as good as `y`.
fn better_or_equal(dir: Direction, x: f64, y: f64) -> bool {
    match dir {
        Direction::Higher => x >= y,
        Direction::Lower => x <= y,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn normalised_scores_stay_on_scale(col in column(), dir in direction()) {
        let scales = [(60.0, 100.0), (f64::NEG_INFINITY, f64::INFINITY), (0.0, 100.0), (0.0, 1.0), (0.0, 1.0)];
        for ((name, f), (lo, hi)) in normalisers().iter().zip(scales) {
            let out = f(&col, dir);
            for (x, y) in col.iter().zip(&out) {
                prop_assert_eq!(x.is_some(), y.is_some(), "{}", name);
                if let Some(y) = y {
                    prop_assert!(y.is_finite() && *y >= lo - 1e-9 && *y <= hi + 1e-9, "{}: {}", name, y);
                }
            }
        }
    }

    #[test]
    fn a_better_value_never_scores_lower(col in column(), dir in direction()) {
        for (name, f) in normalisers() {
            let out = f(&col, dir);
            for (i, (xi, yi)) in col.iter().zip(&out).enumerate() {
                for (xj, yj) in col.iter().zip(&out).skip(i + 1) {
                    if let (Some(xi), Some(yi), Some(xj), Some(yj)) = (xi, yi, xj, yj) {
                        if better_or_equal(dir, *xi, *xj) {
                            prop_assert!(yi >= yj, "{}: {} → {}, {} → {}", name, xi, yi, xj, yj);
                        } else {
                            prop_assert!(yi <= yj, "{}: {} → {}, {} → {}", name, xi, yi, xj, yj);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn unit_order_does_not_matter(col in column(), dir in direction(), seed in any::<u64>()) {
        // Reverse and rotate: the outputs move with their units.
        let k = (seed as usize) % col.len();
        let mut perm: Vec<usize> = (0..col.len()).rev().collect();
        perm.rotate_left(k);
        let shuffled: Vec<Option<f64>> = perm.iter().map(|&i| col[i]).collect();
        for (name, f) in normalisers() {
            let (a, b) = (f(&col, dir), f(&shuffled, dir));
            for (p, &i) in perm.iter().enumerate() {
                match (a[i], b[p]) {
                    (Some(x), Some(y)) => prop_assert!((x - y).abs() <= 1e-9 * (1.0 + x.abs()), "{}", name),
                    (x, y) => prop_assert_eq!(x, y),
                }
            }
        }
        let groups: Vec<u8> = (0..col.len()).map(|i| (i % 3) as u8).collect();
        let shuffled_groups: Vec<u8> = perm.iter().map(|&i| groups[i]).collect();
        let a = impute_by_group(&col, &groups, Fill::Median).values;
        let b = impute_by_group(&shuffled, &shuffled_groups, Fill::Median).values;
        for (p, &i) in perm.iter().enumerate() {
            prop_assert_eq!(a[i], b[p]);
        }
    }

    #[test]
    fn harmonic_le_geometric_le_arithmetic(
        values in prop::collection::vec(prop::option::weighted(0.8, 0.0..100.0f64), 1..12),
        weights in prop::collection::vec(0.0..5.0f64, 12),
    ) {
        let w = &weights[..values.len()];
        let a = weighted_mean(&values, w, Mean::Arithmetic);
        let g = weighted_mean(&values, w, Mean::Geometric);
        let h = weighted_mean(&values, w, Mean::Harmonic);
        prop_assert_eq!(a.is_some(), g.is_some());
        prop_assert_eq!(a.is_some(), h.is_some());
        if let (Some(a), Some(g), Some(h)) = (a, g, h) {
            let present = values.iter().zip(w).filter(|(v, w)| v.is_some() && **w > 0.0);
            let (lo, hi) = present.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (v, _)| {
                (lo.min(v.unwrap()), hi.max(v.unwrap()))
            });
            let eps = 1e-9 * (1.0 + hi);
            prop_assert!(lo - eps <= h && h <= g + eps && g <= a + eps && a <= hi + eps,
                "{} ≤ {} ≤ {} ≤ {} ≤ {}", lo, h, g, a, hi);
        }
    }

    #[test]
    fn treatment_passes_or_says_why(col in prop::collection::vec(prop::option::weighted(0.9, 0.0..1e3f64), 4..40), tail in 1e4..1e7f64) {
        // An outlier appended: the result is within the limits, or winsorisation gave up.
        let mut col = col;
        col.push(Some(tail));
        let rule = OutlierRule::default();
        let (x, report) = treat(&col, &rule);
        prop_assert_eq!(x.len(), col.len());
        match &report.treatment {
            Treatment::None => prop_assert!(report.before.is_none_or(|m| !rule.fails(&m))),
            Treatment::Winsorised { high, low } => {
                prop_assert!(!rule.fails(&report.after.unwrap()));
                prop_assert!(high.len() + low.len() >= 1);
            }
            Treatment::Log(_) | Treatment::LogImpossible => {}
        }
    }
}
