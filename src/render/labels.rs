//! Names, numbers and wordings of one evaluated period, for every renderer: the one lookup from
//! registry indexes, track indices and indicator slots to what a reader sees.

use super::text::{percent, trim_num};
use super::{fixed, signed};
use crate::analysis::requirements::Requirement;
use crate::analysis::trend::{Move, Trends};
use crate::config::{Config, Dimension, Indicator};
use crate::data::Dataset;
use crate::eval::provenance::Provenance;
use crate::eval::Evaluation;
use crate::num::round_to;
use crate::period::Period;
use crate::results::{Results, Status, TrackResult};

/// One evaluated period as renderers see it: the evaluation, its trends (when an earlier period
/// is compared) and its provenance (when a JSON head or manifest needs it).
#[derive(Clone, Copy)]
pub struct Labels<'a> {
    pub ev: &'a Evaluation,
    pub trends: Option<&'a Trends>,
    pub provenance: Option<&'a Provenance>,
}

impl<'a> Labels<'a> {
    /// The labels of `ev`, without trends or provenance.
    pub fn new(ev: &'a Evaluation) -> Labels<'a> {
        Labels {
            ev,
            trends: None,
            provenance: None,
        }
    }

    /// The labels of `ev` with its trends, without provenance.
    pub fn trending(ev: &'a Evaluation, trends: Option<&'a Trends>) -> Labels<'a> {
        Labels {
            trends,
            ..Labels::new(ev)
        }
    }

    /// These labels with `provenance` (a JSON head or manifest needs it).
    pub fn with_provenance<'b>(self, provenance: Option<&'b Provenance>) -> Labels<'b>
    where
        'a: 'b,
    {
        Labels { provenance, ..self }
    }

    pub fn cfg(&self) -> &'a Config {
        &self.ev.cfg
    }

    pub fn ds(&self) -> &'a Dataset {
        &self.ev.ds
    }

    pub fn res(&self) -> &'a Results {
        &self.ev.res
    }

    /// The period trends compare with, if any.
    pub fn against(&self) -> Option<Period> {
        self.trends.map(|t| t.against)
    }

    /// The movement of the unit at `pos` of track `t`, if trends are shown.
    pub fn movement(&self, t: usize, pos: usize) -> Option<Move> {
        self.trends.map(|tr| tr.get(&self.ev.res.tracks[t], pos))
    }

    /// Whether a unit of `tr` has a parent township (a village or community track): such tracks
    /// list the parent's name beside every unit.
    pub fn has_parents(&self, tr: &TrackResult) -> bool {
        let units = &self.ev.ds.registry.units;
        tr.units.iter().any(|&u| units[u].parent().is_some())
    }

    /// The name of the parent township of registry unit `unit`, or "" when it has none.
    pub fn parent_name(&self, unit: usize) -> &'a str {
        self.ev.ds.registry.parent_name(unit)
    }

    /// The name of registry unit `unit` as people tell it apart: with its township in brackets
    /// when it has one (`东湖村（城关镇）`), else its name.
    pub fn qualified_name(&self, unit: usize) -> String {
        self.ev.ds.registry.qualified_name(unit)
    }

    /// Flags of a unit: veto and the indicators whose missing cells were filled.
    pub fn marks(&self, tr: &TrackResult, pos: usize) -> Vec<String> {
        self.marks_of(tr, tr.veto[pos], |slot| tr.scores.columns[slot].status(pos))
    }

    /// [`Labels::marks`] of a unit of `tr` from its veto and the status of each slot's score,
    /// for a writer that has them at hand (the CSV ranking reads a chunk's statuses at once).
    pub fn marks_of(
        &self,
        tr: &TrackResult,
        veto: bool,
        status: impl Fn(usize) -> Status,
    ) -> Vec<String> {
        let mut out = Vec::new();
        if veto {
            out.push("一票否决".to_string());
        }
        let track = &self.ev.cfg.tracks[tr.track];
        let mut zero = Vec::new();
        let mut avg = Vec::new();
        let mut imputed = Vec::new();
        for slot in 0..tr.scores.columns.len() {
            let id = &self.ev.cfg.indicator(&track.indicators[slot]).id;
            match status(slot) {
                Status::ZeroFilled => zero.push(id.as_str()),
                Status::AverageFilled => avg.push(id.as_str()),
                Status::Imputed => imputed.push(id.as_str()),
                _ => {}
            }
        }
        if !zero.is_empty() {
            out.push(format!("缺报补零({})", zero.join(",")));
        }
        if !avg.is_empty() {
            out.push(format!("缺报按均分({})", avg.join(",")));
        }
        if !imputed.is_empty() {
            out.push(format!("缺报插补({})", imputed.join(",")));
        }
        out
    }

    /// The grade level names of track `t`.
    pub fn levels(&self, t: usize) -> Vec<&'a str> {
        self.ev.cfg.tracks[t].grades.level_names()
    }

    pub fn decimals(&self) -> usize {
        self.ev.cfg.decimals
    }

    /// A number at the configured decimals.
    pub fn fixed(&self, x: f64) -> String {
        fixed(x, self.decimals())
    }

    /// A number as entered in an input file (an adjustment row's points): at the configured
    /// decimals, or at more when it was written with more — 1.5 at 0 decimals is `1.5`, not the
    /// `2` a figure would print; 2 at 2 decimals is `2.00`.
    pub fn entered(&self, x: f64) -> String {
        let raw = crate::num::raw(x);
        let given = match raw.split_once('.') {
            Some((_, frac)) if !raw.contains('e') => frac.len(),
            _ => 0,
        };
        fixed(x, self.decimals().max(given))
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
    pub fn indicator(&self, t: usize, slot: usize) -> &'a Indicator {
        self.ev
            .cfg
            .indicator(&self.ev.cfg.tracks[t].indicators[slot])
    }

    /// The name of dimension `k` of track `t`'s dimensions (`scores.dims[k]`).
    pub fn track_dimension(&self, t: usize, k: usize) -> &'a Dimension {
        &self.ev.cfg.dimensions[self.ev.res.tracks[t].scores.dims[k]]
    }

    pub fn grade(&self, t: usize, level: usize) -> &'a str {
        self.ev.cfg.tracks[t].grades.level_names()[level]
    }

    /// `评分规则 config: PATH (sha256 …)`, the provenance line of every human-readable output.
    pub fn provenance_line(&self) -> String {
        format!(
            "评分规则 config: {} (sha256 {})",
            self.ev.cfg.path.display(),
            self.ev.cfg.sha256
        )
    }

    /// The wording of a requirement line of a unit on track `t`.
    pub fn requirement(&self, t: usize, r: &Requirement) -> String {
        let mut out = String::new();
        self.push_requirement(&mut out, t, r);
        out
    }

    /// Appends [`Labels::requirement`] to `out`.
    pub fn push_requirement(&self, out: &mut String, t: usize, r: &Requirement) {
        use std::fmt::Write;
        let d = self.decimals();
        // Writing into a String cannot fail.
        let _ = match r {
            Requirement::Veto { rows } => {
                let why: Vec<String> = rows
                    .iter()
                    .map(|(reason, reference)| match reference.as_str() {
                        "" => reason.clone(),
                        _ => format!("{reason}（{reference}）"),
                    })
                    .collect();
                write!(out, "一票否决：{}，等次定为末档，须限期整改", why.join("、"))
            }
            Requirement::Fell { against, from, to } => write!(
                out,
                "较{against}下降{}个名次（第{from}名→第{to}名），须查找原因、迎头赶上",
                to.saturating_sub(*from)
            ),
            Requirement::Slow {
                against,
                change,
                median,
            } => write!(
                out,
                "名次与{against}持平，得分变化{}低于赛道中位变化{}（慢进）：不进是退、慢进更是退",
                signed(*change, d),
                signed(*median, d)
            ),
            Requirement::Missing { slot, zero } => write!(
                out,
                "「{}」数据缺报，{}，须按时报送",
                self.indicator(t, *slot).name,
                if *zero { "按零分计" } else { "按平均分计" }
            ),
            Requirement::Imputed { slot } => write!(
                out,
                "「{}」数据缺报，按同组插补的值计分，须按时报送",
                self.indicator(t, *slot).name
            ),
            Requirement::DimensionBottom {
                k,
                score,
                rank,
                n,
                cutoff,
                share,
            } => write!(
                out,
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
            } => write!(
                out,
                "「{}」位于赛道后{}（第{rank}/{n}名，{rank} > ⌈{}·{n}⌉ = {cutoff}），失分{}，须补齐短板",
                self.indicator(t, *slot).name,
                percent(*share),
                trim_num(1.0 - share),
                fixed(*lost, d)
            ),
        };
    }

    /// The requirement lines of a unit on track `t`, worded, joined for one CSV cell.
    pub fn requirements_cell(&self, t: usize, reqs: &[Requirement]) -> String {
        let mut out = String::new();
        for (k, r) in reqs.iter().enumerate() {
            if k > 0 {
                out.push('；');
            }
            self.push_requirement(&mut out, t, r);
        }
        out
    }
}
