use super::*;
use Direction::{Higher, Lower};

fn close(a: &[f64], b: &[f64]) {
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() < 1e-12, "{a:?} vs {b:?}");
    }
}

#[test]
fn vector_topsis_hand_computed() {
    // c₁ = (3, 4, 0) higher-better, c₂ = (4, 3, 0) lower-better, weights ½: both norms are 5,
    // so v₁ = (.3, .4, 0), v₂ = (.4, .3, 0); ideal (.4, 0), anti-ideal (0, .4).
    // A: D⁺ = √(.01 + .16), D⁻ = .3; B: D⁺ = .3, D⁻ = √.17; C: D⁺ = D⁻ = .4.
    let c = topsis(
        &[&[3.0, 4.0, 0.0], &[4.0, 3.0, 0.0]],
        &[0.5, 0.5],
        &[Higher, Lower],
        TopsisNorm::Vector,
    )
    .unwrap();
    let s = 0.17f64.sqrt();
    close(&c, &[0.3 / (0.3 + s), s / (0.3 + s), 0.5]);
}

#[test]
fn weights_need_not_sum_to_one() {
    let cols: [&[f64]; 2] = [&[3.0, 4.0, 0.0], &[4.0, 3.0, 1.0]];
    for norm in [TopsisNorm::Vector, TopsisNorm::MinMax] {
        let a = topsis(&cols, &[0.25, 0.75], &[Higher, Lower], norm).unwrap();
        let b = topsis(&cols, &[10.0, 30.0], &[Higher, Lower], norm).unwrap();
        close(&a, &b);
    }
}

#[test]
fn identical_alternatives_all_get_one() {
    let c = topsis(&[&[2.0, 2.0]], &[1.0], &[Higher], TopsisNorm::MinMax).unwrap();
    assert_eq!(c, vec![1.0, 1.0]);
    let c = topsis(&[&[0.0, 0.0]], &[1.0], &[Lower], TopsisNorm::Vector).unwrap();
    assert_eq!(c, vec![1.0, 1.0]);
}

#[test]
fn shapes_and_weights_are_checked() {
    let cols: [&[f64]; 1] = [&[1.0, 2.0]];
    assert!(topsis(&cols, &[1.0, 1.0], &[Higher], TopsisNorm::Vector).is_err());
    assert!(topsis(&cols, &[-1.0], &[Higher], TopsisNorm::Vector).is_err());
}
