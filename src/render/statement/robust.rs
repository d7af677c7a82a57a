//! A statement's rank interval and grade robustness ([`crate::analysis::robustness`]) in words
//! (table, markdown, the CSV's `robustness` row), as CSV cells and as JSON — or, when the
//! analysis did not run, the one line that says why.

use serde::Serialize;

use crate::analysis::robustness::{Interval, Robust, Skip};
use crate::num::fixed;
use crate::render::labels::Labels;

/// The CSV columns every row of a statement carries.
pub const COLUMNS: [&str; 4] = ["rank_p5", "rank_p95", "grade_probability", "grade_fragile"];

/// The heading of the section in the table and markdown formats.
pub const HEADING: &str = "排名稳健性";

/// The statement's robustness in one line.
pub fn line(n: &Labels, track: usize, grade: usize, r: &Robust) -> String {
    match r {
        Robust::Analysed(i) => analysed(n, track, grade, i),
        Robust::Skipped(why) => skipped(why),
    }
}

fn analysed(n: &Labels, track: usize, grade: usize, i: &Interval) -> String {
    let verdict = if i.fragile {
        format!("低于门槛 {}，等次不稳健", fixed(i.threshold, 2))
    } else {
        format!("不低于门槛 {}，等次稳健", fixed(i.threshold, 2))
    };
    format!(
        "名次区间（第 5 至第 95 百分位）第 {}–{} 名，中位第 {} 名；等次“{}”的概率 {}，{}。（{} 次模拟，各指标分值 × U({}, {}) 后折回赛道总分值，种子 {}，同 pingyi sensitivity。）",
        i.p5,
        i.p95,
        i.median,
        n.grade(track, grade),
        fixed(i.probability, 3),
        verdict,
        i.runs,
        fixed(1.0 - i.weights, 2),
        fixed(1.0 + i.weights, 2),
        i.seed
    )
}

/// Why there is no interval, in one line.
pub fn skipped(why: &Skip) -> String {
    match why {
        Skip::NotAsked => "未计算名次区间。".into(),
        Skip::Off => "未计算名次区间：配置 [sensitivity] in_statements = false；可用 pingyi sensitivity 单独分析。".into(),
        Skip::TooMany { units, up_to } => format!(
            "未计算名次区间：所涉赛道共 {units} 个单位，超过 [sensitivity] in_statements_up_to = {up_to}；可用 pingyi sensitivity --track 单独分析。"
        ),
        Skip::Invalid(msg) => format!("未计算名次区间：[sensitivity] 的设置不适用于本期方案（{msg}）。"),
    }
}

/// The CSV cells of [`COLUMNS`]: empty when not analysed.
pub fn cells(r: &Robust) -> [String; 4] {
    match r {
        Robust::Analysed(i) => [
            i.p5.to_string(),
            i.p95.to_string(),
            fixed(i.probability, 3),
            if i.fragile { "1" } else { "0" }.into(),
        ],
        Robust::Skipped(_) => Default::default(),
    }
}

/// The statement's `robustness` object: the figures (`null` when not analysed) and the line.
#[derive(Serialize)]
pub struct RobustJson {
    analysed: bool,
    runs: Option<usize>,
    seed: Option<u64>,
    weights: Option<f64>,
    threshold: Option<f64>,
    median_rank: Option<u32>,
    p5_rank: Option<u32>,
    p95_rank: Option<u32>,
    grade_probability: Option<f64>,
    fragile: Option<bool>,
    note: String,
}

impl RobustJson {
    pub fn new(n: &Labels, track: usize, grade: usize, r: &Robust) -> RobustJson {
        let i = match r {
            Robust::Analysed(i) => Some(*i),
            Robust::Skipped(_) => None,
        };
        RobustJson {
            analysed: i.is_some(),
            runs: i.map(|i| i.runs),
            seed: i.map(|i| i.seed),
            weights: i.map(|i| i.weights),
            threshold: i.map(|i| i.threshold),
            median_rank: i.map(|i| i.median),
            p5_rank: i.map(|i| i.p5),
            p95_rank: i.map(|i| i.p95),
            grade_probability: i.map(|i| i.probability),
            fragile: i.map(|i| i.fragile),
            note: line(n, track, grade, r),
        }
    }
}
