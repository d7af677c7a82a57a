//! Invariants of the peer-relative methods, through the library: scores stay in [0, P], row
//! order does not matter, and a better value never scores less.

use pingyi::config::{Direction, Method};
use pingyi::data::{Cell, Column};
use pingyi::scoring::score_column;
use proptest::prelude::*;

fn method(m: usize) -> Method {
    match m {
        0 => Method::Proportional,
        1 => Method::Efficacy { base: 0.6 },
        _ => Method::Rank {
            step: 1.5,
            floor: 1.0,
        },
    }
}

fn score(m: usize, low: bool, vals: &[f64]) -> Vec<f64> {
    let dir = if low {
        Direction::Lower
    } else {
        Direction::Higher
    };
    let cells: Vec<Cell> = vals.iter().map(|&v| Cell::Value(v)).collect();
    score_column(
        &method(m),
        Some(dir),
        10.0,
        &Column::from_cells(&cells),
        None,
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: super::regressions(),
        ..ProptestConfig::default()
    })]

    #[test]
    fn in_range_order_free_and_monotone(
        vals in prop::collection::vec(0u32..1000, 1..25),
        m in 0usize..3,
        low in any::<bool>(),
    ) {
        let vals: Vec<f64> = vals.into_iter().map(|v| f64::from(v) / 10.0).collect();
        let a = score(m, low, &vals);
        let rev: Vec<f64> = vals.iter().rev().copied().collect();
        let b = score(m, low, &rev);
        let n = vals.len();
        for i in 0..n {
            prop_assert!((0.0..=10.0 + 1e-9).contains(&a[i]), "score {} out of range", a[i]);
            prop_assert!((a[i] - b[n - 1 - i]).abs() < 1e-9, "row order changed a score");
            for j in 0..n {
                let better = if low { vals[i] <= vals[j] } else { vals[i] >= vals[j] };
                if better {
                    prop_assert!(a[i] >= a[j] - 1e-9, "better value {} scored less", vals[i]);
                }
            }
        }
    }
}
