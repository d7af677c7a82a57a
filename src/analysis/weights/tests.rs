use super::*;
use crate::analysis::testkit::Fixture;

#[test]
fn fixture_a_by_hand() {
    // Fixture A: D has `tgt` not applicable, so A, B, C, E are in the matrix. Attainments
    // (out/50, tgt/30, acc/20): A (1, 1.2, 1), B (0.8, 1, 0.75), C (0.8, 0.8, 1),
    // E (0.4, 0.6, 0).
    let ev = Fixture::a().eval("2024Q2");
    let w = track_weights(&ev, 0);
    assert_eq!(w.left_out, 1);
    let ids: Vec<&str> = w
        .units
        .iter()
        .map(|u| ev.ds.registry.units[u.unit].id.as_str())
        .collect();
    assert_eq!(ids, ["A", "B", "C", "E"]);
    let configured: Vec<f64> = w.indicators.iter().map(|i| i.configured).collect();
    assert_eq!(configured, [0.5, 0.3, 0.2]);
    // Entropy of out: column (1, 0.8, 0.8, 0.4), sum 3; p = (1/3, 4/15, 4/15, 2/15).
    let e = |p: &[f64]| -p.iter().map(|&x| x * x.ln()).sum::<f64>() / 4f64.ln();
    let d_out = 1.0 - e(&[1.0 / 3.0, 4.0 / 15.0, 4.0 / 15.0, 2.0 / 15.0]);
    let d_tgt = 1.0 - e(&[1.2 / 3.6, 1.0 / 3.6, 0.8 / 3.6, 0.6 / 3.6]);
    // acc (1, 0.75, 1, 0), sum 2.75; 0·ln 0 = 0.
    let d_acc = 1.0 - e(&[1.0 / 2.75, 0.75 / 2.75, 1.0 / 2.75]);
    let total = d_out + d_tgt + d_acc;
    let entropy: Vec<f64> = w.indicators.iter().map(|i| i.entropy.unwrap()).collect();
    for (got, want) in entropy
        .iter()
        .zip([d_out / total, d_tgt / total, d_acc / total])
    {
        assert!((got - want).abs() < 1e-12, "{entropy:?}");
    }
    // TOPSIS: A is best on every criterion but tgt… and best there too: closeness 1.
    assert_eq!(w.units[0].topsis_rank, 1);
    assert!((w.units[0].closeness - 1.0).abs() < 1e-12);
    // E is worst on every criterion: closeness 0.
    assert_eq!(w.units[3].closeness, 0.0);
    assert_eq!(w.units[3].topsis_rank, 4);
}

#[test]
fn size_correlation_of_fixture_a_by_hand() {
    // Totals A 108, B 85, C 85, D 47, E 38 against sizes 5, 4, 3, 2, 1 (by registry order
    // A..E). Pearson: x̄ = 72.6, ȳ = 3; Σdxdy = 2·35.4 + 12.4 + 0 + 25.6 + 2·34.6 = 178,
    // Σdx² = 3413.2, Σdy² = 10 ⇒ r = 178/√34132. Spearman on ranks (5, 3.5, 3.5, 2, 1) and
    // (5, 4, 3, 2, 1): Σ = 9.5, Σdx² = 9.5, Σdy² = 10 ⇒ ρ = 9.5/√95.
    let ev = Fixture::a().eval("2024Q2");
    let size: Vec<Option<f64>> = ev
        .ds
        .registry
        .units
        .iter()
        .map(|u| {
            Some(match u.id.as_str() {
                "A" => 5.0,
                "B" => 4.0,
                "C" => 3.0,
                "D" => 2.0,
                _ => 1.0,
            })
        })
        .collect();
    let c = size_correlation(&ev, 0, &size);
    assert_eq!(c.n, 5);
    assert!(
        (c.pearson.unwrap() - 178.0 / 34132f64.sqrt()).abs() < 1e-12,
        "{c:?}"
    );
    assert!(
        (c.spearman.unwrap() - 9.5 / 95f64.sqrt()).abs() < 1e-12,
        "{c:?}"
    );
    // A unit without the attribute is left out; fewer than 3 give no figure.
    let two: Vec<Option<f64>> = size
        .iter()
        .enumerate()
        .map(|(i, s)| s.filter(|_| i < 2))
        .collect();
    let c = size_correlation(&ev, 0, &two);
    assert_eq!((c.n, c.pearson, c.spearman), (2, None, None));
}
