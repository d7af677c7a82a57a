use super::*;
use crate::config::{Rollup as Weights, RollupMissing};

#[test]
fn year_end_weight_moves_to_the_other_parts_before_q4() {
    let w = Weights {
        quarterly: 0.7,
        monthly: 0.2,
        year_end: 0.1,
        missing: RollupMissing::Error,
    };
    let (q, m, y) = effective_weights(w, false);
    // 0.7 · 1.0/0.9 and 0.2 · 1.0/0.9
    assert!((q - 0.7 / 0.9).abs() < 1e-12 && (m - 0.2 / 0.9).abs() < 1e-12 && y == 0.0);
    assert_eq!(effective_weights(w, true), (0.7, 0.2, 0.1));
}
