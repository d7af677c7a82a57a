//! The rank interval columns of a track's sheet in `results.xlsx` (see
//! [`crate::analysis::robustness`]): the 5th and 95th percentile ranks, the probability of the
//! published grade and whether it is robust — `未计算` there when the analysis did not run (the
//! statements sheet and report.html say why).

use super::grid::{Num, XCell};
use crate::analysis::bundle::Report;
use crate::analysis::robustness::Robust;
use crate::num::round_to;

/// The columns' titles.
pub const HEADER: [&str; 4] = ["名次区间P5", "名次区间P95", "等次概率", "等次稳健"];

/// The cells of the unit at position `pos` of track `t`.
pub fn cells(r: &Report, t: usize, pos: usize) -> [XCell; 4] {
    match r.robust.of_unit(t, pos) {
        Robust::Analysed(i) => [
            XCell::Num(f64::from(i.p5), Num::Fixed(0)),
            XCell::Num(f64::from(i.p95), Num::Fixed(0)),
            XCell::Num(round_to(i.probability, 3), Num::Fixed(3)),
            XCell::text(if i.fragile { "不稳健" } else { "稳健" }),
        ],
        Robust::Skipped(_) => [
            XCell::Empty,
            XCell::Empty,
            XCell::Empty,
            XCell::text("未计算"),
        ],
    }
}
