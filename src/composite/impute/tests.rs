use super::*;

#[test]
fn group_mean_and_median() {
    let col = [Some(1.0), Some(2.0), Some(9.0), None, Some(10.0), None];
    let groups = ["a", "a", "a", "a", "b", "b"];
    let mean = impute_by_group(&col, &groups, Fill::Mean);
    assert_eq!(mean.values[3], Some(4.0));
    assert_eq!(mean.values[5], Some(10.0));
    assert_eq!(mean.filled, vec![3, 5]);
    let median = impute_by_group(&col, &groups, Fill::Median);
    assert_eq!(median.values[3], Some(2.0));
}

#[test]
fn even_median_is_the_mean_of_the_middle_pair() {
    let col = [Some(4.0), Some(1.0), None, Some(3.0), Some(2.0)];
    assert_eq!(impute_global(&col, Fill::Median).values[2], Some(2.5));
    assert_eq!(impute_global(&col, Fill::Mean).values[2], Some(2.5));
}

#[test]
fn a_group_with_no_value_stays_missing() {
    let col = [Some(1.0), None, None];
    let groups = ["a", "b", "b"];
    let out = impute_by_group(&col, &groups, Fill::Mean);
    assert_eq!(out.values, vec![Some(1.0), None, None]);
    assert!(out.filled.is_empty());
    assert_eq!(out.unfilled, vec![1, 2]);
}

#[test]
fn fills_use_the_values_before_filling() {
    // Two gaps in one group get the same value, whatever their order.
    let col = [None, Some(2.0), None, Some(6.0)];
    let out = impute_global(&col, Fill::Mean);
    assert_eq!(out.values, vec![Some(4.0), Some(2.0), Some(4.0), Some(6.0)]);
}

#[test]
fn nothing_missing_changes_nothing() {
    let col = [Some(1.0), Some(2.0)];
    let out = impute_by_group(&col, &[1, 2], Fill::Median);
    assert_eq!(out.values, col.to_vec());
    assert!(out.filled.is_empty() && out.unfilled.is_empty());
}
