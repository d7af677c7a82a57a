use super::*;

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

#[test]
fn hand_computed_small_sample() {
    // x = 1, 2, 3, 10: mean 4, d = −3, −2, −1, 6; Σd² = 50, Σd³ = 180, Σd⁴ = 1394.
    // g₁ = 2·180/50^1.5 = 1.0182337649…; G₁ = g₁·√12/2.
    let x = [1.0, 2.0, 3.0, 10.0];
    close(
        skewness(&x).unwrap(),
        2.0 * 180.0 / 50f64.powf(1.5) * 12f64.sqrt() / 2.0,
    );
    // r = 4·1394/2500 = 2.2304; G₂ = (5·(−0.7696) + 6)·3/(2·1) = 3.228.
    close(kurtosis(&x).unwrap(), 3.228);
}

#[test]
fn excel_reference_values() {
    // Excel: SKEW(3,4,5,2,3,4,5,6,4,7) = 0.359543071, KURT(...) = −0.151799637 (its help page).
    let x = [3.0, 4.0, 5.0, 2.0, 3.0, 4.0, 5.0, 6.0, 4.0, 7.0];
    assert!((skewness(&x).unwrap() - 0.359543071).abs() < 1e-9);
    assert!((kurtosis(&x).unwrap() + 0.151799637).abs() < 1e-9);
}

#[test]
fn undefined_for_few_or_equal_values() {
    assert_eq!(skewness(&[1.0, 2.0]), None);
    assert_eq!(kurtosis(&[1.0, 2.0, 3.0]), None);
    assert_eq!(skewness(&[5.0; 6]), None);
    assert_eq!(kurtosis(&[5.0; 6]), None);
    assert_eq!(mean(&[]), None);
    assert_eq!(Moments::of(&[Some(1.0), None, Some(2.0), Some(3.0)]), None);
}

#[test]
fn symmetric_sample_has_zero_skew() {
    close(skewness(&[-2.0, -1.0, 0.0, 1.0, 2.0]).unwrap(), 0.0);
}
