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
