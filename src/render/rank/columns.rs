//! The columns of the ranking CSV/TSV, by machine name and by the name people read
//! (`--headers zh`): the full ranking's, and the lean ranking's (`rank --lean`).

use super::RankView;
use crate::render::Headers;

/// The lead columns: machine name, then the name people read (`--headers zh`).
const LEAD: [(&str, &str); 9] = [
    ("unit_id", "单位代码"),
    ("unit_name", "单位"),
    ("track", "赛道"),
    ("rank", "名次"),
    ("total", "总分"),
    ("grade", "等次"),
    ("category", "类别"),
    ("parent", "所属乡镇代码"),
    ("parent_name", "所属乡镇"),
];

/// The columns after the dimension subtotals.
const MIDDLE: [(&str, &str); 13] = [
    ("indicator_sum", "指标得分合计"),
    ("applicable_points", "适用分值"),
    ("bonus", "加分"),
    ("deduction", "扣分"),
    ("veto", "一票否决"),
    ("marks", "备注"),
    ("period", "考核期"),
    ("config_sha256", "评分规则sha256"),
    ("against", "对比期"),
    ("prev_rank", "上期名次"),
    ("rank_change", "名次变化"),
    ("score_change", "得分变化"),
    ("trend", "趋势"),
];

/// Where the period and trend columns begin in [`MIDDLE`]: a lean ranking has the lead columns,
/// then these.
const PERIOD_ON: usize = 6;

/// The header row of `v`.
pub fn header(v: &RankView, headers: Headers) -> Vec<String> {
    let cfg = v.labels.cfg();
    let zh = headers == Headers::Zh;
    let pick = |(id, name): &(&str, &str)| if zh { name } else { id }.to_string();
    let mut header: Vec<String> = LEAD.iter().map(pick).collect();
    if v.lean {
        header.extend(MIDDLE[PERIOD_ON..].iter().map(pick));
        return header;
    }
    header.extend(cfg.dimensions.iter().map(|d| match zh {
        true => d.name.clone(),
        false => format!("dim:{}", d.id),
    }));
    header.extend(MIDDLE.iter().map(pick));
    for ind in &cfg.indicators {
        let with_unit = match ind.unit.is_empty() {
            true => ind.name.clone(),
            false => format!("{}({})", ind.name, ind.unit),
        };
        let [value, growth, score] = match zh {
            true => [
                with_unit,
                format!("{}增幅", ind.name),
                format!("{}得分", ind.name),
            ],
            false => [
                ind.id.clone(),
                format!("{}:growth", ind.id),
                format!("{}:score", ind.id),
            ],
        };
        header.push(value);
        if ind.growth.is_some() {
            header.push(growth);
        }
        header.push(score);
    }
    header
}
