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

/// Mantissas about the ends of the two-byte range (±32,767) and beyond.
fn mantissa() -> impl Strategy<Value = i64> {
    prop_oneof![-32_800i64..-32_700, 32_700i64..32_800, -400_000i64..400_000]
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: super::regressions(),
        ..ProptestConfig::default()
    })]

    /// A column reads back every cell as last set, whatever order short and long decimals,
    /// raised scales, codes and computed values arrive in (it narrows, widens and turns to
    /// floats on the way): the same f64 as parsing the decimal's text.
    #[test]
    fn a_column_reads_back_the_cells_set_in_any_order(
        ops in prop::collection::vec((0usize..12, mantissa(), 0u32..5, 0u8..12), 1..60)
    ) {
        let mut col = Column::missing(12);
        let mut model = [Cell::Missing; 12];
        for (i, m, k, what) in ops {
            let cell = match what {
                0 => Cell::Missing,
                1 => Cell::NotApplicable,
                2 => Cell::Value(m as f64 / 7.0),
                _ => {
                    let v: f64 = format!("{}", m as f64 / 10f64.powi(k as i32)).parse().unwrap();
                    col.set_decimal(i, m, k);
                    model[i] = Cell::Value(v);
                    continue;
                }
            };
            col.set(i, cell);
            model[i] = cell;
        }
        for (i, want) in model.iter().enumerate() {
            match (col.get(i), want) {
                (Cell::Value(a), Cell::Value(b)) => prop_assert_eq!(a.to_bits(), b.to_bits(), "cell {}", i),
                (got, want) => prop_assert_eq!(got, *want, "cell {}", i),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: super::regressions(),
        ..ProptestConfig::default()
    })]

    /// 按位次赋分 gives each peer `max(P − step·(r−1), floor)` with r = 1 + the peers strictly
    /// better, however the ranks are held: columns of few or many distinct values (whole
    /// numbers or quarters, up to 3,000 cells), decimal or not (`third` puts a value no decimal
    /// holds among them), with cells left empty.
    #[test]
    fn rank_scores_follow_the_peers_strictly_better(
        cells in prop::collection::vec(prop::option::weighted(0.7, -40i64..40), 1..3000),
        quarters in any::<bool>(),
        third in any::<bool>(),
        low in any::<bool>(),
    ) {
        let unit = if quarters { 4.0 } else { 1.0 };
        let mut vals: Vec<Cell> = cells
            .iter()
            .map(|c| c.map_or(Cell::Missing, |m| Cell::Value(m as f64 / unit)))
            .collect();
        if third {
            vals[0] = Cell::Value(1.0 / 3.0);
        }
        let dir = if low { Direction::Lower } else { Direction::Higher };
        let (step, floor) = (0.5, 1.0);
        let got = score_column(
            &Method::Rank { step, floor },
            Some(dir),
            10.0,
            &Column::from_cells(&vals),
            None,
        );
        let mut peers: Vec<f64> = vals.iter().filter_map(|c| c.value()).collect();
        peers.sort_by(f64::total_cmp);
        for (i, c) in vals.iter().enumerate() {
            let want = match c.value() {
                Some(x) => {
                    let better = if low {
                        peers.partition_point(|&y| y < x)
                    } else {
                        peers.len() - peers.partition_point(|&y| y <= x)
                    };
                    (10.0 - step * better as f64).max(floor)
                }
                None => 0.0,
            };
            prop_assert_eq!(got[i], want, "cell {}", i);
        }
    }
}
