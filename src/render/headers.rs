//! Column names for people (`--headers zh`): the Chinese name of every machine column name of the
//! ranking, gaps, statement, summary and roll-up CSVs, one table for all of them so that a column
//! is named alike wherever it appears. (The ranking's indicator and dimension columns are named
//! from the config: [`super::rank`].)

use super::Headers;

/// Machine name → the name people read.
const NAMES: &[(&str, &str)] = &[
    // The result, in every output.
    ("unit_id", "单位代码"),
    ("unit_name", "单位"),
    ("parent_name", "所属乡镇"),
    ("track", "赛道"),
    ("rank", "名次"),
    ("total", "总分"),
    ("grade", "等次"),
    ("period", "考核期"),
    ("config_sha256", "评分规则sha256"),
    ("against", "对比期"),
    ("prev_rank", "上期名次"),
    ("rank_change", "名次变化"),
    ("score_change", "得分变化"),
    ("trend", "趋势"),
    // ranking
    ("category", "类别"),
    ("parent", "所属乡镇代码"),
    ("indicator_sum", "指标得分合计"),
    ("applicable_points", "适用分值"),
    ("marks", "备注"),
    // gaps
    ("track_units", "赛道单位数"),
    ("leader_total", "第一名总分"),
    ("behind_leader", "落后第一名"),
    ("next_rank", "前一名次"),
    ("next_total", "前一名次总分"),
    ("behind_next", "落后前一名次"),
    ("track_mean", "赛道平均分"),
    ("vs_mean", "与平均分之差"),
    ("track_median", "赛道中位数"),
    ("vs_median", "与中位数之差"),
    ("closers", "单项可追平"),
    ("requirements", "工作要求"),
    // statement
    ("section", "部分"),
    ("item_id", "项目代码"),
    ("item_name", "项目"),
    ("dimension", "维度"),
    ("value", "数值"),
    ("growth", "增幅"),
    ("target", "目标值"),
    ("peer_max", "同类最高"),
    ("peer_min", "同类最低"),
    ("peer_mean", "同类平均"),
    ("peers", "同类单位数"),
    ("points", "分值"),
    ("score", "得分"),
    ("points_lost", "失分"),
    ("item_rank", "单项名次"),
    ("status", "状态"),
    ("reason", "原因"),
    ("reference", "依据"),
    ("text", "说明"),
    ("source", "数据来源"),
    ("rank_p5", "名次区间下限(P5)"),
    ("rank_p95", "名次区间上限(P95)"),
    ("grade_probability", "等次概率"),
    ("grade_fragile", "等次不稳健"),
    // summary
    ("id", "代码"),
    ("name", "名称"),
    ("count", "单位数"),
    ("mean", "平均值"),
    ("median", "中位数"),
    ("min", "最小值"),
    ("max", "最大值"),
    ("std_dev", "标准差"),
    ("sum", "合计"),
    ("missing", "缺报"),
    ("not_applicable", "不适用"),
    ("vetoes", "一票否决"),
    ("best_id", "最好单位代码"),
    ("best_name", "最好单位"),
    ("best_value", "最好值"),
    ("best_rank", "最好单位名次"),
    ("best_tied", "最好并列数"),
    ("best_parent", "最好单位所属乡镇"),
    ("worst_id", "最差单位代码"),
    ("worst_name", "最差单位"),
    ("worst_value", "最差值"),
    ("worst_rank", "最差单位名次"),
    ("worst_tied", "最差并列数"),
    ("worst_parent", "最差单位所属乡镇"),
    ("all_equal", "均相同"),
    // roll-up
    ("rollup", "汇总期"),
    ("quarterly", "季度均分"),
    ("monthly", "月度均分"),
    ("year_end", "年终"),
    ("bonus", "加分"),
    ("deduction", "扣分"),
    ("veto", "一票否决"),
    ("notes", "备注"),
    ("rollup_notes", "汇总说明"),
];

/// The name of column `id` under `headers`: `id` itself for programs; for people its Chinese
/// name, with the numbered and prefixed families (`weak2_lost`, `grade:优秀`, `q:2024Q1`,
/// `m:2024-03`) named by their parts. A name not in the table stays as it is.
pub fn name(id: &str, headers: Headers) -> String {
    if headers == Headers::Id {
        return id.to_string();
    }
    if let Some((_, zh)) = NAMES.iter().find(|(k, _)| *k == id) {
        return (*zh).to_string();
    }
    if let Some(l) = id.strip_prefix("grade:") {
        return format!("{l}（个）");
    }
    if let Some(q) = id.strip_prefix("q:") {
        return format!("{q}总分");
    }
    if let Some(m) = id.strip_prefix("m:") {
        return format!("{m}效能得分");
    }
    for (prefix, zh) in [("weak", "短板"), ("strong", "长板")] {
        let Some(rest) = id.strip_prefix(prefix) else {
            continue;
        };
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let (k, tail) = rest.split_at(digits);
        if k.is_empty() {
            continue;
        }
        match tail {
            "" => return format!("{zh}{k}"),
            "_lost" => return format!("{zh}{k}失分"),
            "_rate" => return format!("{zh}{k}得分率"),
            _ => {}
        }
    }
    id.to_string()
}

/// Every name of `ids` under `headers`.
pub fn names<S: AsRef<str>>(ids: impl IntoIterator<Item = S>, headers: Headers) -> Vec<String> {
    ids.into_iter().map(|s| name(s.as_ref(), headers)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_read_chinese_names_and_programs_keep_the_ids() {
        let ids = [
            "unit_id",
            "weak2_lost",
            "strong1_rate",
            "grade:优秀",
            "q:2024Q1",
            "m:2024-03",
            "zzz",
        ];
        assert_eq!(
            names(ids, Headers::Zh),
            [
                "单位代码",
                "短板2失分",
                "长板1得分率",
                "优秀（个）",
                "2024Q1总分",
                "2024-03效能得分",
                "zzz"
            ]
        );
        assert_eq!(names(ids, Headers::Id), ids);
        assert_eq!(name("weak3", Headers::Zh), "短板3");
        // Not a numbered family: left as it is.
        assert_eq!(name("weakest", Headers::Zh), "weakest");
    }

    #[test]
    fn no_two_ids_share_a_chinese_name_within_one_output() {
        // The summary's `vetoes` and the roll-up's `veto`, the ranking's `marks` and the roll-up's
        // `notes` never meet in one file; every other name is unique.
        let mut seen = std::collections::HashMap::new();
        for (id, zh) in NAMES {
            if let Some(other) = seen.insert(*zh, *id) {
                assert!(
                    matches!((other, *id), ("vetoes", "veto") | ("marks", "notes")),
                    "{zh}: {other} and {id}"
                );
            }
        }
    }
}
