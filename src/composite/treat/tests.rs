use super::*;

fn some(v: &[f64]) -> Vec<Option<f64>> {
    v.iter().map(|&x| Some(x)).collect()
}

/// Twenty values 1..=20 plus `tail`.
fn with_tail(tail: &[f64]) -> Vec<Option<f64>> {
    let mut v: Vec<f64> = (1..=20).map(f64::from).collect();
    v.extend_from_slice(tail);
    some(&v)
}

#[test]
fn within_limits_is_untouched() {
    let col = with_tail(&[]);
    let (x, report) = treat(&col, &OutlierRule::default());
    assert_eq!(x, col);
    assert_eq!(report.treatment, Treatment::None);
    assert_eq!(report.to_string(), "none");
}

#[test]
fn one_high_outlier_is_pulled_to_the_next_value() {
    let col = with_tail(&[1000.0]);
    let (x, report) = treat(&col, &OutlierRule::default());
    assert_eq!(x[20], Some(20.0));
    assert_eq!(x[..20], col[..20]);
    assert_eq!(
        report.treatment,
        Treatment::Winsorised {
            high: vec![20],
            low: vec![]
        }
    );
    assert_eq!(report.to_string(), "winsorised 1 point (1 high, 0 low)");
    assert!(!OutlierRule::default().fails(&report.after.unwrap()));
}

#[test]
fn negative_skew_winsorises_from_below_and_missing_cells_stay() {
    let mut col = with_tail(&[-1000.0]);
    col.insert(3, None);
    let (x, report) = treat(&col, &OutlierRule::default());
    assert_eq!(x[3], None);
    assert_eq!(x[21], Some(1.0));
    assert_eq!(
        report.treatment,
        Treatment::Winsorised {
            high: vec![],
            low: vec![21]
        }
    );
}

#[test]
fn tied_extremes_move_together() {
    // Two tied outliers: one step moves both (COINr's `which(x == max(x))`).
    let col = with_tail(&[1000.0, 1000.0]);
    let (x, report) = treat(&col, &OutlierRule::default());
    assert_eq!((x[20], x[21]), (Some(20.0), Some(20.0)));
    assert_eq!(report.points(), 2);
}

#[test]
fn limit_reached_falls_back_to_log_of_the_original() {
    // A long geometric tail needs more than one point; with a limit of 1 the log applies.
    let mut v: Vec<f64> = vec![1.0; 15];
    v.extend([2.0, 4.0, 8.0, 16.0, 1000.0]);
    let col = some(&v);
    let rule = OutlierRule {
        limit: WinsorLimit::Points(1),
        ..OutlierRule::default()
    };
    let (x, report) = treat(&col, &rule);
    assert_eq!(report.treatment, Treatment::Log(LogTransform::CoinTool));
    // ln(x − 1 + 0.01·999): the original 1000, not a winsorised value, is transformed.
    assert_eq!(x[19], Some((1000.0f64 - 1.0 + 9.99).ln()));
    assert_eq!(x[0], Some(9.99f64.ln()));
    assert_eq!(report.to_string(), "log (COIN Tool)");
}

#[test]
fn steps_limit_counts_steps_not_points() {
    // One step over two tied outliers counts once under Steps, twice under Points.
    let col = with_tail(&[1000.0, 1000.0, 500.0]);
    let steps = OutlierRule {
        limit: WinsorLimit::Steps(2),
        ..OutlierRule::default()
    };
    let (_, r) = treat(&col, &steps);
    assert_eq!(r.points(), 3);
    let points = OutlierRule {
        limit: WinsorLimit::Points(2),
        ..OutlierRule::default()
    };
    let (_, r) = treat(&col, &points);
    assert!(matches!(r.treatment, Treatment::Log(_)));
}

#[test]
fn natural_log_of_nonpositive_values_is_impossible() {
    let mut v = vec![0.0; 15];
    v.extend([2.0, 4.0, 8.0, 16.0, 1000.0]);
    let col = some(&v);
    let rule = OutlierRule {
        limit: WinsorLimit::Points(0),
        log: LogTransform::Natural,
        ..OutlierRule::default()
    };
    let (x, report) = treat(&col, &rule);
    assert_eq!(x, col);
    assert_eq!(report.treatment, Treatment::LogImpossible);
}

#[test]
fn strict_and_inclusive_limits_differ_only_at_the_boundary() {
    let m = Moments {
        skewness: -2.0,
        kurtosis: 3.5,
    };
    assert!(!OutlierRule::default().fails(&m));
    let inclusive = OutlierRule {
        inclusive: true,
        ..OutlierRule::default()
    };
    assert!(inclusive.fails(&m));
}

#[test]
fn all_equal_or_too_few_values_are_not_treated() {
    for col in [some(&[3.0; 10]), some(&[1.0, 1000.0, 2.0])] {
        let (x, report) = treat(&col, &OutlierRule::default());
        assert_eq!(x, col);
        assert_eq!(report.treatment, Treatment::None);
        assert_eq!(report.before, None);
    }
}

#[test]
fn never_winsorises_down_to_a_single_value() {
    // Two distinct values only: a step would leave one; falls back to the log.
    let mut v = vec![0.0; 30];
    v.push(1.0);
    let (_, report) = treat(&some(&v), &OutlierRule::default());
    assert_eq!(report.treatment, Treatment::Log(LogTransform::CoinTool));
}

/// A column exactly at the limits is decided by the rule, whatever its scale: 3, 1, 1, 1 and
/// 0.3, 0.1, 0.1, 0.1 both have a skewness of exactly 2 and a kurtosis of exactly 4 (computed
/// as 1.9999999999999998 for the first and 2.0 for the second), so `inclusive` (≥) treats
/// both and the strict rule (>) neither.
#[test]
fn a_column_exactly_at_the_limits_is_decided_alike_at_any_scale() {
    let rule = |inclusive| OutlierRule {
        kurt_limit: 4.0,
        inclusive,
        ..OutlierRule::default()
    };
    for col in [[3.0, 1.0, 1.0, 1.0], [0.3, 0.1, 0.1, 0.1]] {
        let m = Moments::of(&some(&col)).unwrap();
        assert!((m.skewness - 2.0).abs() < 1e-12 && (m.kurtosis - 4.0).abs() < 1e-12);
        assert!(rule(true).fails(&m), "{col:?}");
        assert!(!rule(false).fails(&m), "{col:?}");
    }
}
