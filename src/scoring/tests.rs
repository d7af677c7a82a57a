use std::path::Path;

use super::*;
use crate::period::Period;
use crate::units::{Category, Registry, Unit};

fn filled(values: &[Cell]) -> f64 {
    let data = IndicatorData::new(Column::from_cells(values));
    let col = score_indicator(&Method::Direct, None, MissingPolicy::Average, 1.0, &data);
    col.score(values.len() - 1)
}

#[test]
fn average_fill_does_not_depend_on_row_order() {
    // Found by the property tests: summing in row order gave 0.6000000000000001 / 3 one
    // way and 0.6 / 3 the other, so a permuted file could change a total's last bits.
    let v = |x| Cell::Value(x);
    let a = filled(&[v(0.1), v(0.2), v(0.3), Cell::Missing]);
    let b = filled(&[v(0.3), v(0.2), v(0.1), Cell::Missing]);
    assert_eq!(a.to_bits(), b.to_bits());
}

#[test]
fn average_of_equal_scores_does_not_round_above_them() {
    // Found by the property tests: 0.1 + 0.1 + 0.1 = 0.30000000000000004, / 3 > 0.1.
    let v = Cell::Value(0.1);
    assert_eq!(filled(&[v, v, v, Cell::Missing]), 0.1);
}

#[test]
fn rescaled_sum_never_rounds_above_the_track_total() {
    // Found by the property tests: with `a` not applicable, A = 73 and a full score of 73
    // rescaled as sum·(T/A) gave 118.70000000000002; T·(sum/A) cannot exceed T.
    let cfg = Config::parse(
        r#"
[[dimensions]]
id = "d"
name = "D"
[[tracks]]
id = "t"
name = "T"
categories = ["township"]
total = 118.7
grades = { by = "share", levels = [{ name = "A", share = 1.0 }] }
[[indicators]]
id = "a"
name = "A"
dimension = "d"
method = "binary"
points = { t = 45.7 }
[[indicators]]
id = "b"
name = "B"
dimension = "d"
method = "direct"
points = { t = 73 }
"#,
        Path::new("c.toml"),
    )
    .unwrap();
    let reg = Registry::from_units(vec![Unit::new("T1", "甲镇", Category::Township)]);
    let cols = vec![vec![
        IndicatorData::new(Column::from_cells(&[Cell::NotApplicable])),
        IndicatorData::new(Column::from_cells(&[Cell::Value(73.0)])),
    ]];
    let (ds, _) =
        Dataset::from_columns(&cfg, Period::Quarter(2024, 2), reg.unwrap(), cols).unwrap();
    let s = score_track(&cfg, &ds, 0);
    assert_eq!(s.indicator_total, vec![118.7]);
    assert_eq!(s.dim_scores, vec![vec![118.7]]);
}

/// A batch read from cells the caller gathered (and a rule's ranks or targets fetched for the
/// batch) gives each position's status and score as reading it alone does; cells gathered from
/// another column are not taken for the scored one.
#[test]
fn scores_from_gathered_cells_are_the_scores_read_one_by_one() {
    let cells: Vec<Cell> = (0..50)
        .map(|i| match i % 7 {
            0 => Cell::Missing,
            3 => Cell::NotApplicable,
            _ => Cell::Value(f64::from(i * 37 % 23) / 4.0),
        })
        .collect();
    let mut data = IndicatorData::new(Column::from_cells(&cells));
    data.targets = Some(Arc::new((0..50).map(|i| f64::from(i % 5 + 1)).collect()));
    let methods = [
        Method::Rank {
            step: 0.125,
            floor: 0.0,
        },
        Method::Target {
            cap: 1.2,
            target: None,
        },
        Method::Proportional,
    ];
    let positions: Vec<usize> = (0..50).map(|i| i * 13 % 50).collect();
    let other = Column::from_cells(&vec![Cell::Value(1.0); 50]);
    let mut other_cells = Column::missing(0);
    other.gather(&positions, &mut other_cells);
    for method in &methods {
        for policy in [MissingPolicy::Zero, MissingPolicy::Average] {
            let col = score_indicator(method, Some(Direction::Higher), policy, 2.5, &data);
            let one_by_one: Vec<(Status, f64)> = positions
                .iter()
                .map(|&p| (col.status(p), col.score(p)))
                .collect();
            let mut own = Column::missing(0);
            data.raw.gather(&positions, &mut own);
            for gathered in [
                vec![(&other, &other_cells), (&*data.raw, &own)],
                vec![(&other, &other_cells)],
            ] {
                let mut out = Vec::new();
                col.gather_from(&positions, &gathered, &mut out);
                assert_eq!(out, one_by_one, "{method:?} {policy:?}");
            }
            let mut out = Vec::new();
            col.gather(&positions, &mut out);
            assert_eq!(out, one_by_one, "{method:?} {policy:?}");
        }
    }
}
