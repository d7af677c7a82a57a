//! Pieces shared by the analysis renderers (gaps, statement, summary): names, numbers, trend
//! cells and the wording of requirement lines.

use serde::Serialize;

use crate::analysis::requirements::Requirement;
use crate::analysis::trend::Move;
use crate::eval::Evaluation;
use crate::num::round_to;
use crate::period::Period;

use super::{fixed, signed};

/// The head of every analysis JSON document: which pingyi, period and rules produced it.
#[derive(Serialize)]
pub struct Provenance<'a> {
    pub pingyi: &'static str,
    pub period: String,
    pub config: String,
    pub config_sha256: &'a str,
    pub decimals: usize,
}

/// The next place above a unit, in JSON: its rank, its total and the gap to it.
#[derive(Serialize)]
pub struct NextJson {
    pub rank: u32,
    pub total: f64,
    pub gap: f64,
}

/// Names and numbers of one evaluated period, for renderers.
pub struct Names<'a> {
    pub ev: &'a Evaluation,
}

impl<'a> Names<'a> {
    pub fn decimals(&self) -> usize {
        self.ev.cfg.decimals
    }

    /// The provenance head of a JSON document.
    pub fn json_head(&self) -> Provenance<'a> {
        Provenance {
            pingyi: env!("CARGO_PKG_VERSION"),
            period: self.ev.period().to_string(),
            config: self.ev.cfg.path.display().to_string(),
            config_sha256: &self.ev.cfg.sha256,
            decimals: self.decimals(),
        }
    }

    /// A number at the configured decimals.
    pub fn fixed(&self, x: f64) -> String {
        fixed(x, self.decimals())
    }

    pub fn opt(&self, x: Option<f64>) -> String {
        x.map(|v| self.fixed(v)).unwrap_or_default()
    }

    /// Rounded to the configured decimals, for JSON.
    pub fn round(&self, x: f64) -> f64 {
        round_to(x, self.decimals())
    }

    pub fn unit_id(&self, unit: usize) -> &'a str {
        &self.ev.ds.registry.units[unit].id
    }

    pub fn unit_name(&self, unit: usize) -> &'a str {
        &self.ev.ds.registry.units[unit].name
    }

    pub fn track_id(&self, t: usize) -> &'a str {
        &self.ev.cfg.tracks[t].id
    }

    pub fn track_name(&self, t: usize) -> &'a str {
        &self.ev.cfg.tracks[t].name
    }

    /// The indicator at `slot` of track `t`: its config entry.
    pub fn indicator(&self, t: usize, slot: usize) -> &'a crate::config::Indicator {
        self.ev
            .cfg
            .indicator(&self.ev.cfg.tracks[t].indicators[slot])
    }

    /// The name of dimension `k` of track `t`'s dimensions (`scores.dims[k]`).
    pub fn track_dimension(&self, t: usize, k: usize) -> &'a crate::config::Dimension {
        &self.ev.cfg.dimensions[self.ev.res.tracks[t].scores.dims[k]]
    }

    pub fn grade(&self, t: usize, level: usize) -> &'a str {
        self.ev.cfg.tracks[t].grades.level_names()[level]
    }

    /// `评分规则 config: PATH (sha256 …)`, the provenance line of every human-readable output.
    pub fn provenance(&self) -> String {
        format!(
            "评分规则 config: {} (sha256 {})",
            self.ev.cfg.path.display(),
            self.ev.cfg.sha256
        )
    }

    /// The wording of a requirement line of a unit on track `t`.
    pub fn requirement(&self, t: usize, r: &Requirement) -> String {
        let d = self.decimals();
        match r {
            Requirement::Veto { rows } => {
                let why: Vec<String> = rows
                    .iter()
                    .map(|(reason, reference)| match reference.as_str() {
                        "" => reason.clone(),
                        _ => format!("{reason}（{reference}）"),
                    })
                    .collect();
                format!("一票否决：{}，等次定为末档，须限期整改", why.join("、"))
            }
            Requirement::Fell { against, from, to } => format!(
                "较{against}下降{}个名次（第{from}名→第{to}名），须查找原因、迎头赶上",
                to.saturating_sub(*from)
            ),
            Requirement::Slow {
                against,
                change,
                median,
            } => format!(
                "名次与{against}持平，得分变化{}低于赛道中位变化{}（慢进）：不进是退、慢进更是退",
                signed(*change, d),
                signed(*median, d)
            ),
            Requirement::Missing { slot, zero } => format!(
                "「{}」数据缺报，{}，须按时报送",
                self.indicator(t, *slot).name,
                if *zero { "按零分计" } else { "按平均分计" }
            ),
            Requirement::DimensionBottom {
                k,
                score,
                rank,
                n,
                cutoff,
                share,
            } => format!(
                "「{}」板块得分{}，位于赛道后{}（第{rank}/{n}名，{rank} > ⌈{}·{n}⌉ = {cutoff}）",
                self.track_dimension(t, *k).name,
                fixed(*score, d),
                percent(*share),
                trim_num(1.0 - share)
            ),
            Requirement::IndicatorBottom {
                slot,
                rank,
                n,
                cutoff,
                share,
                lost,
            } => format!(
                "「{}」位于赛道后{}（第{rank}/{n}名，{rank} > ⌈{}·{n}⌉ = {cutoff}），失分{}，须补齐短板",
                self.indicator(t, *slot).name,
                percent(*share),
                trim_num(1.0 - share),
                fixed(*lost, d)
            ),
        }
    }
}

/// The movement of a unit, for JSON.
#[derive(Serialize)]
pub struct TrendJson {
    pub against: String,
    pub label: &'static str,
    pub prev_rank: Option<u32>,
    pub prev_total: Option<f64>,
    pub rank_change: Option<i64>,
    pub score_change: Option<f64>,
}

impl TrendJson {
    pub fn new(m: Option<&Move>, against: Option<Period>) -> Option<TrendJson> {
        let (m, against) = (m?, against?);
        Some(TrendJson {
            against: against.to_string(),
            label: m.label.chinese(),
            prev_rank: m.prev_rank,
            prev_total: m.prev_total,
            rank_change: m.rank_change,
            score_change: m.score_change,
        })
    }
}

/// A requirement line for JSON: the rule, its wording and the figures behind it.
#[derive(Serialize)]
pub struct RequirementJson<'a> {
    pub rule: &'static str,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points_lost: Option<f64>,
}

impl<'a> Names<'a> {
    /// The requirement lines of a unit on track `t`, for JSON.
    pub fn requirements_json(&self, t: usize, reqs: &[Requirement]) -> Vec<RequirementJson<'a>> {
        reqs.iter()
            .map(|r| {
                let mut j = RequirementJson {
                    rule: r.rule(),
                    text: self.requirement(t, r),
                    indicator: None,
                    dimension: None,
                    rank: None,
                    n: None,
                    cutoff: None,
                    points_lost: None,
                };
                match r {
                    Requirement::IndicatorBottom {
                        slot,
                        rank,
                        n,
                        cutoff,
                        lost,
                        ..
                    } => {
                        j.indicator = Some(&self.indicator(t, *slot).id);
                        (j.rank, j.n, j.cutoff) = (Some(*rank), Some(*n), Some(*cutoff));
                        j.points_lost = Some(self.round(*lost));
                    }
                    Requirement::DimensionBottom {
                        k, rank, n, cutoff, ..
                    } => {
                        j.dimension = Some(&self.track_dimension(t, *k).id);
                        (j.rank, j.n, j.cutoff) = (Some(*rank), Some(*n), Some(*cutoff));
                    }
                    Requirement::Missing { slot, .. } => {
                        j.indicator = Some(&self.indicator(t, *slot).id)
                    }
                    _ => {}
                }
                j
            })
            .collect()
    }

    /// The requirement lines of a unit on track `t`, worded, joined for one CSV cell.
    pub fn requirements_cell(&self, t: usize, reqs: &[Requirement]) -> String {
        let v: Vec<String> = reqs.iter().map(|r| self.requirement(t, r)).collect();
        v.join("；")
    }
}

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize>(doc: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(doc).unwrap_or_default();
    out.push(b'\n');
    out
}

/// A derived number (growth, peer statistics): at most 4 decimals, empty when absent.
pub fn opt_num(x: Option<f64>) -> String {
    x.map(trim_num).unwrap_or_default()
}

/// `0.25` → `25%`.
pub fn percent(share: f64) -> String {
    format!("{}%", trim_num(share * 100.0))
}

/// A number with at most 4 decimals and no trailing zeros: `0.75`, `12`, `3.1416`.
pub fn trim_num(x: f64) -> String {
    let s = format!("{:.4}", round_to(x, 4));
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Trend cells: `against, prev_rank, rank_change, score_change, trend`; empty without trends.
pub fn trend_cells(m: Option<&Move>, against: Option<Period>, d: usize) -> [String; 5] {
    let (Some(m), Some(against)) = (m, against) else {
        return Default::default();
    };
    [
        against.to_string(),
        m.prev_rank.map(|r| r.to_string()).unwrap_or_default(),
        m.rank_change.map(|r| r.to_string()).unwrap_or_default(),
        m.score_change.map(|s| fixed(s, d)).unwrap_or_default(),
        m.label.chinese().to_string(),
    ]
}

/// The trend of a unit in words: `较2024Q1 名次↑2，得分+1.25，进位`, or `较2024Q1 新增`.
pub fn trend_text(m: &Move, against: Period, d: usize) -> String {
    match (m.rank_change, m.score_change) {
        (Some(r), Some(s)) => format!(
            "较{against} 名次{}，得分{}，{}",
            if r == 0 {
                "不变".to_string()
            } else {
                m.arrow()
            },
            signed(s, d),
            m.label.chinese()
        ),
        _ => format!("较{against} {}", m.label.chinese()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_trimmed() {
        assert_eq!(percent(0.25), "25%");
        assert_eq!(trim_num(1.0 - 0.1), "0.9");
        assert_eq!(trim_num(12.0), "12");
        assert_eq!(trim_num(-0.00001), "0");
    }
}
