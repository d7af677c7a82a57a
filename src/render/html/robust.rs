//! The robustness section of a track in `report.html`: every unit's rank interval and the
//! probability of its grade, fragile grades marked — or the one line that says why the
//! analysis did not run ([`crate::analysis::robustness`]).

use crate::analysis::bundle::Report;
use crate::num::fixed;
use crate::render::doc::{Blocks, Doc, DocTable};
use crate::render::statement::robust::skipped;

/// The section's document for the track at `index` of the report.
pub fn doc(r: &Report, index: usize) -> Doc {
    let t = r.tracks[index];
    let mut doc = Doc::default();
    let (Some(ts), Some((runs, seed, w, threshold))) = (r.robust.track(t), r.robust.settings())
    else {
        let why = r
            .robust
            .skipped()
            .map_or_else(|| "未计算名次区间。".to_string(), skipped);
        doc.note(why);
        return doc;
    };
    doc.note(format!(
        "{runs} 次模拟（各指标分值 × U({}, {}) 后折回赛道总分值，种子 {seed}，同 pingyi sensitivity）：名次区间为第 5 至第 95 百分位；原等次概率低于 {} 为等次不稳健，本赛道 {} 个。",
        fixed(1.0 - w, 2),
        fixed(1.0 + w, 2),
        fixed(threshold, 2),
        ts.fragile.len()
    ));
    let levels = r.levels(t);
    let reg = &r.ev.ds.registry;
    let mut tb = DocTable::new(&[
        ("名次", true),
        ("单位", false),
        ("名次区间", true),
        ("中位名次", true),
        ("等次", false),
        ("等次概率", true),
        ("等次稳健", false),
    ]);
    for (k, u) in ts.units.iter().enumerate() {
        let p = u.grades.get(u.nominal_grade).copied().unwrap_or(0.0);
        tb.row(vec![
            u.nominal_rank.to_string(),
            reg.units[u.unit].name.to_string(),
            format!("{}–{}", u.p5, u.p95),
            u.median.to_string(),
            levels[u.nominal_grade].to_string(),
            fixed(p, 3),
            if ts.fragile.binary_search(&k).is_ok() {
                "不稳健"
            } else {
                "稳健"
            }
            .into(),
        ]);
    }
    doc.table(tb);
    doc
}
