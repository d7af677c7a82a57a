use super::*;
use Direction::{Higher, Lower};

fn close(a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() < 1e-12, "{a:?} vs {b:?}");
    }
}

#[test]
fn entropy_hand_computed() {
    // Column a = (1, 1): constant, e = 1, weight 0. Column b = (1, 3): p = ¼, ¾,
    // e = −(¼ ln ¼ + ¾ ln ¾)/ln 2 = 0.8112781…; only b has information, so it takes it all.
    let w = entropy_weights(&[&[1.0, 1.0], &[1.0, 3.0]]).unwrap();
    close(&w, &[0.0, 1.0]);
    // b = (1, 3) and c = (0, 2): c has e = 0 (all mass on one alternative).
    let eb = -(0.25f64 * 0.25f64.ln() + 0.75 * 0.75f64.ln()) / 2f64.ln();
    let w = entropy_weights(&[&[1.0, 3.0], &[0.0, 2.0]]).unwrap();
    close(&w, &[(1.0 - eb) / (2.0 - eb), 1.0 / (2.0 - eb)]);
}

#[test]
fn entropy_refuses_negatives_and_no_information() {
    assert!(matches!(
        entropy_weights(&[&[1.0, -2.0]]),
        Err(CompositeError::Negative {
            criterion: 0,
            row: 1,
            ..
        })
    ));
    assert_eq!(
        entropy_weights(&[&[2.0, 2.0], &[0.0, 0.0]]),
        Err(CompositeError::NoInformation)
    );
    assert!(matches!(
        entropy_weights(&[&[1.0, 2.0], &[1.0]]),
        Err(CompositeError::Shape(_))
    ));
    assert!(matches!(
        entropy_weights(&[&[1.0]]),
        Err(CompositeError::Shape(_))
    ));
}

#[test]
fn critic_hand_computed() {
    // a = (0, 1, 2), b = (0, 2, 1), c = (1, 0, 2): normalised (0, ½, 1), (0, 1, ½), (½, 0, 1),
    // each σ = ½; ρab = ρac = ½, ρbc = −½. Ca = ½·(½ + ½) = ½, Cb = Cc = ½·(½ + 3/2) = 1.
    let (a, b, c) = ([0.0, 1.0, 2.0], [0.0, 2.0, 1.0], [1.0, 0.0, 2.0]);
    let w = critic_weights(&[&a, &b, &c], &[Higher; 3]).unwrap();
    close(&w, &[0.2, 0.4, 0.4]);
    // b lower-better: (1, 0, ½), so ρab = −½, ρbc = ½: Ca = Cb = 1, Cc = ½.
    let w = critic_weights(&[&a, &b, &c], &[Higher, Lower, Higher]).unwrap();
    close(&w, &[0.4, 0.4, 0.2]);
}

#[test]
fn critic_constant_criteria() {
    // A constant criterion gets 0 and counts as uncorrelated with the others: a and
    // b = (2, 1, 0) have ρ = −1, so Ca = Cb = ½·(0 + 2 + 1) and Cc = 0.
    let (a, b, c) = ([0.0, 1.0, 2.0], [2.0, 1.0, 0.0], [5.0; 3]);
    let w = critic_weights(&[&a, &b, &c], &[Higher; 3]).unwrap();
    close(&w, &[0.5, 0.5, 0.0]);
    assert_eq!(
        critic_weights(&[&c, &c], &[Higher; 2]),
        Err(CompositeError::NoInformation)
    );
}
