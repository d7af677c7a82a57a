use super::*;
use Mean::{Arithmetic, Geometric, Harmonic};

fn close(a: Option<f64>, b: f64) {
    let a = a.unwrap();
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

#[test]
fn three_means_hand_computed() {
    let v = [Some(1.0), Some(4.0), Some(16.0)];
    let w = [1.0, 1.0, 2.0];
    close(weighted_mean(&v, &w, Arithmetic), 37.0 / 4.0);
    // (1·4·16²)^(1/4) = 1024^(1/4) = 4·√2.
    close(weighted_mean(&v, &w, Geometric), 4.0 * 2f64.sqrt());
    // 4 / (1 + 1/4 + 2/16) = 4 / 1.375.
    close(weighted_mean(&v, &w, Harmonic), 4.0 / 1.375);
}

#[test]
fn zeros_make_geometric_and_harmonic_zero() {
    let v = [Some(0.0), Some(50.0)];
    assert_eq!(weighted_mean(&v, &[1.0, 1.0], Geometric), Some(0.0));
    assert_eq!(weighted_mean(&v, &[1.0, 1.0], Harmonic), Some(0.0));
    assert_eq!(weighted_mean(&v, &[1.0, 1.0], Arithmetic), Some(25.0));
    // A zero with weight 0 is ignored.
    close(weighted_mean(&v, &[0.0, 1.0], Geometric), 50.0);
}

/// Review's case: every attainment 0.35 (two indicators of 5 points scoring 1.75) gave the
/// geometric mean 0.34999999999999995, and T = 10 a total of 3.4999999999999996, published 3 at
/// 0 decimals where the unit's total is 3.5, published 4. Equal values' mean is the value.
#[test]
fn equal_values_are_their_own_mean() {
    for x in [0.35, 0.05, 0.1, 1.0 / 3.0] {
        let v = [Some(x), None, Some(x), Some(x)];
        let w = [5.0, 1.0, 5.0, 2.5];
        for mean in [Geometric, Harmonic] {
            assert_eq!(weighted_mean(&v, &w, mean), Some(x), "{mean:?} of {x}");
        }
    }
    assert_ne!((0.5 * 0.35f64.ln() + 0.5 * 0.35f64.ln()).exp(), 0.35);
}

#[test]
fn negatives_are_undefined_for_geometric_and_harmonic() {
    let v = [Some(-1.0), Some(0.0), Some(4.0)];
    assert_eq!(weighted_mean(&v, &[1.0; 3], Geometric), None);
    assert_eq!(weighted_mean(&v, &[1.0; 3], Harmonic), None);
    close(weighted_mean(&v, &[1.0; 3], Arithmetic), 1.0);
}

#[test]
fn missing_values_renormalise_the_weights() {
    let v = [Some(10.0), None, Some(40.0)];
    close(weighted_mean(&v, &[1.0, 5.0, 2.0], Arithmetic), 30.0);
    assert_eq!(weighted_mean(&[None, None], &[1.0, 1.0], Arithmetic), None);
    assert_eq!(weighted_mean(&[Some(1.0)], &[0.0], Arithmetic), None);
}

#[test]
fn tree_of_means() {
    // Leaves a, b, c; pillars P = mean(a, b), Q = c; index = mean(P, Q).
    let tree = Tree::new(
        3,
        vec![
            vec![
                Node {
                    children: vec![(0, 1.0), (1, 1.0)],
                },
                Node {
                    children: vec![(2, 1.0)],
                },
            ],
            vec![Node {
                children: vec![(0, 1.0), (1, 1.0)],
            }],
        ],
    )
    .unwrap();
    let leaves = vec![
        vec![Some(10.0), Some(0.0)],
        vec![Some(30.0), None],
        vec![Some(100.0), Some(50.0)],
    ];
    let out = tree.aggregate(&leaves, Arithmetic);
    assert_eq!(out[0][0], vec![Some(20.0), Some(0.0)]);
    assert_eq!(out[1][0], vec![Some(60.0), Some(25.0)]);
}

#[test]
fn bad_trees_are_refused() {
    let node = |c: Vec<(usize, f64)>| Node { children: c };
    assert!(Tree::new(2, vec![vec![node(vec![(2, 1.0)])]]).is_err());
    assert!(Tree::new(2, vec![vec![node(vec![(0, -1.0)])]]).is_err());
    assert!(Tree::new(2, vec![vec![node(vec![(0, 0.0)])]]).is_err());
    assert!(Tree::new(2, vec![vec![node(vec![])]]).is_err());
}

#[test]
fn competition_ranking_shares_the_best_rank() {
    let col = [Some(5.0), Some(9.0), None, Some(5.0), Some(1.0)];
    assert_eq!(
        competition_ranks(&col),
        vec![Some(2), Some(1), None, Some(2), Some(4)]
    );
}
