use super::*;
use Direction::{Higher, Lower};

fn some(v: &[f64]) -> Vec<Option<f64>> {
    v.iter().map(|&x| Some(x)).collect()
}

#[test]
fn min_max_with_direction_ties_and_gaps() {
    let col = [Some(2.0), None, Some(6.0), Some(4.0), Some(6.0)];
    let r = Range::new(0.0, 100.0).unwrap();
    assert_eq!(
        min_max(&col, Higher, r),
        vec![Some(0.0), None, Some(100.0), Some(50.0), Some(100.0)]
    );
    assert_eq!(
        min_max(&col, Lower, r),
        vec![Some(100.0), None, Some(0.0), Some(50.0), Some(0.0)]
    );
    let r = Range::new(60.0, 100.0).unwrap();
    assert_eq!(min_max(&col, Higher, r)[3], Some(80.0));
}

#[test]
fn all_equal_gets_the_top_of_every_scale() {
    let col = [Some(3.0), None, Some(3.0)];
    let top = vec![Some(100.0), None, Some(100.0)];
    assert_eq!(min_max(&col, Lower, Range::new(0.0, 100.0).unwrap()), top);
    assert_eq!(
        z_score(&col, Higher, ZScale::new(100.0, 10.0).unwrap()),
        top
    );
    let one = vec![Some(1.0), None, Some(1.0)];
    assert_eq!(distance_to_leader(&col, Higher), one);
    assert_eq!(percentile_rank(&col, Lower), one);
    assert_eq!(percentile_rank(&[Some(7.0)], Higher), vec![Some(1.0)]);
}

#[test]
fn no_values_gives_no_values() {
    let col = [None, None];
    assert_eq!(min_max(&col, Higher, Range::new(0.0, 1.0).unwrap()), col);
    assert_eq!(distance_to_target(&col, Higher, 1.0), col);
    assert_eq!(percentile_rank(&col, Higher), col);
}

#[test]
fn z_score_uses_the_sample_sd() {
    // 2, 4, 6: mean 4, sd = √((4+0+4)/2) = 2.
    let out = z_score(
        &some(&[2.0, 4.0, 6.0]),
        Higher,
        ZScale::new(50.0, 10.0).unwrap(),
    );
    assert_eq!(out, some(&[40.0, 50.0, 60.0]));
    let out = z_score(
        &some(&[2.0, 4.0, 6.0]),
        Lower,
        ZScale::new(0.0, 1.0).unwrap(),
    );
    assert_eq!(out, some(&[1.0, 0.0, -1.0]));
}

#[test]
fn goalposts_are_capped_and_ignore_peers() {
    let gp = Goalposts::new(10.0, 20.0, 100.0).unwrap();
    let col = some(&[5.0, 10.0, 12.5, 20.0, 25.0]);
    assert_eq!(
        goalposts(&col, Higher, gp),
        some(&[0.0, 0.0, 25.0, 100.0, 100.0])
    );
    assert_eq!(
        goalposts(&col, Lower, gp),
        some(&[100.0, 100.0, 75.0, 0.0, 0.0])
    );
    assert!(Goalposts::new(2.0, 1.0, 1.0).is_err());
    assert!(Goalposts::new(1.0, 2.0, 0.0).is_err());
    assert!(Range::new(1.0, 1.0).is_err());
    assert!(ZScale::new(0.0, 0.0).is_err());
}

#[test]
fn distance_to_target_caps_at_one() {
    let col = some(&[2.0, 4.0, 6.0, 10.0]);
    assert_eq!(
        distance_to_target(&col, Higher, 6.0),
        some(&[0.0, 0.5, 1.0, 1.0])
    );
    assert_eq!(
        distance_to_target(&col, Lower, 4.0),
        some(&[1.0, 1.0, 4.0 / 6.0, 0.0])
    );
    // Everyone past the target: all 1, no division by t − min ≤ 0.
    assert_eq!(distance_to_target(&col, Higher, 1.0), some(&[1.0; 4]));
}

#[test]
fn distance_to_leader_is_a_ratio() {
    let col = some(&[0.0, 2.0, 8.0]);
    assert_eq!(distance_to_leader(&col, Higher), some(&[0.0, 0.25, 1.0]));
    let col = some(&[0.0, 2.0, 8.0]);
    assert_eq!(distance_to_leader(&col, Lower), some(&[1.0, 0.0, 0.0]));
    let col = some(&[1.0, 2.0, 8.0]);
    assert_eq!(distance_to_leader(&col, Lower), some(&[1.0, 0.5, 0.125]));
}

#[test]
fn percentile_rank_ties_share_the_lower_rank() {
    let col = [Some(10.0), Some(20.0), Some(20.0), None, Some(30.0)];
    assert_eq!(
        percentile_rank(&col, Higher),
        vec![Some(0.0), Some(1.0 / 3.0), Some(1.0 / 3.0), None, Some(1.0)]
    );
    assert_eq!(
        percentile_rank(&col, Lower),
        vec![Some(1.0), Some(1.0 / 3.0), Some(1.0 / 3.0), None, Some(0.0)]
    );
}

#[test]
fn huge_ranges_do_not_overflow() {
    let col = some(&[-1e308, 0.0, 1e308]);
    let out = min_max(&col, Higher, Range::new(0.0, 100.0).unwrap());
    assert_eq!(out, some(&[0.0, 50.0, 100.0]));
}
