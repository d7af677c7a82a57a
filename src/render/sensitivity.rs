//! Renderers of a sensitivity analysis (`pingyi sensitivity`): the document (table / markdown)
//! with the fragile grades first, then the sensitivity indices and every unit; CSV/TSV with one
//! row per unit; JSON.

mod json;

pub use json::json;

use super::doc::{Blocks, Doc, DocTable};
use super::sheet::{CsvOptions, Sheet};
use super::{Format, Style};
use crate::analysis::sensitivity::{Input, Sensitivity, TrackSensitivity, UnitSensitivity};
use crate::eval::provenance::Provenance;
use crate::eval::Evaluation;
use crate::num::fixed;

/// An analysis with the evaluation it varied.
pub struct SensitivityView<'a> {
    pub ev: &'a Evaluation,
    pub s: &'a Sensitivity,
    pub provenance: Option<&'a Provenance>,
}

/// The analysis in `style`'s format.
pub fn render(v: &SensitivityView, style: &Style) -> Vec<u8> {
    match style.format {
        // The command takes neither xlsx nor jsonl (Format::TEXT).
        Format::Table | Format::Xlsx => doc(v).text(style.width).into_bytes(),
        Format::Markdown => doc(v).markdown().into_bytes(),
        Format::Csv | Format::Tsv => csv(v, style.csv),
        Format::Json | Format::Jsonl => json(v),
    }
}

impl SensitivityView<'_> {
    fn unit(&self, u: &UnitSensitivity) -> &crate::units::Unit {
        &self.ev.ds.registry.units[u.unit]
    }

    fn levels(&self, t: &TrackSensitivity) -> Vec<&str> {
        self.ev.cfg.tracks[t.track].grades.level_names()
    }

    /// An input as a key (`points:dwzj`, `method:dwzj`, `missing`) and as words.
    fn input(&self, i: Input) -> (String, String) {
        let ind = |k: usize| &self.ev.cfg.indicators[k];
        match i {
            Input::Weight(k) => (
                format!("points:{}", ind(k).id),
                format!("{} 分值", ind(k).name),
            ),
            Input::Method(a) => {
                let k = self.s_alternative(a);
                (
                    format!("method:{}", ind(k).id),
                    format!("{} 计分方法", ind(k).name),
                )
            }
            Input::Missing => ("missing".into(), "缺失值处理".into()),
        }
    }

    fn s_alternative(&self, a: usize) -> usize {
        self.s.alternatives.get(a).copied().unwrap_or(0)
    }
}

/// `p` as a probability with three decimals.
fn prob(p: f64) -> String {
    fixed(p, 3)
}

fn interval(u: &UnitSensitivity) -> String {
    format!("{}–{}", u.p5, u.p95)
}

/// The document: settings, then per track the fragile grades, the indices and every unit.
pub fn doc(v: &SensitivityView) -> Doc {
    let s = v.s;
    let mut doc = Doc::default();
    doc.heading(1, format!("排名稳健性分析 · {}", v.ev.period()));
    doc.note(format!(
        "方案 {} (sha256 {})。模拟 {} 次，种子 {}；各指标分值乘以 U({}, {}) 中的随机系数后按比例折回赛道总分值{}{}。名次区间为第 5 至第 95 百分位（最近秩法），等次稳健的门槛为 {}。",
        v.ev.cfg.path.display(),
        v.ev.cfg.sha256,
        s.runs,
        s.seed,
        fixed(1.0 - s.weights, 2),
        fixed(1.0 + s.weights, 2),
        if v.s.alternatives.is_empty() { "" } else { "；备选计分方法等概率抽取" },
        if s.inputs.contains(&Input::Missing) { "；缺失值处理方式等概率抽取" } else { "" },
        fixed(s.threshold, 2)
    ));
    for t in &s.tracks {
        let track = &v.ev.cfg.tracks[t.track];
        let levels = v.levels(t);
        doc.heading(
            2,
            format!(
                "{} ({}) · {} 个单位 · 等次不稳健 {} 个 · 平均名次变动 {}",
                track.name,
                track.id,
                t.units.len(),
                t.fragile.len(),
                fixed(t.mean_rank_change, 2)
            ),
        );
        if !t.fragile.is_empty() {
            doc.heading(3, "等次不稳健的单位（原等次概率低于门槛）");
            let mut tb = DocTable::new(&[
                ("单位", false),
                ("名次", true),
                ("名次区间", true),
                ("等次", false),
                ("等次概率", true),
            ]);
            for &k in &t.fragile {
                let u = &t.units[k];
                tb.row(vec![
                    v.ev.ds.registry.qualified_name(u.unit),
                    u.nominal_rank.to_string(),
                    interval(u),
                    levels[u.nominal_grade].to_string(),
                    prob(u.grades[u.nominal_grade]),
                ]);
            }
            doc.table(tb);
        }
        if !t.indices.is_empty() {
            doc.heading(3, "敏感性指数（平均名次变动的方差分解）");
            let mut tb =
                DocTable::new(&[("输入", false), ("一阶指数 S", true), ("总效应 ST", true)]);
            for &(i, first, total) in &t.indices {
                tb.row(vec![
                    v.input(s.inputs[i]).1,
                    fixed(first, 3),
                    fixed(total, 3),
                ]);
            }
            doc.table(tb);
        }
        doc.heading(3, "全部单位");
        let mut tb = DocTable::new(&[
            ("名次", true),
            ("单位", false),
            ("中位名次", true),
            ("名次区间", true),
            ("等次", false),
        ]);
        for l in &levels {
            tb.column(format!("P({l})"), true);
        }
        for u in &t.units {
            let mut row = vec![
                u.nominal_rank.to_string(),
                v.ev.ds.registry.qualified_name(u.unit),
                u.median.to_string(),
                interval(u),
                levels[u.nominal_grade].to_string(),
            ];
            row.extend(u.grades.iter().map(|&p| prob(p)));
            tb.row(row);
        }
        doc.table(tb);
    }
    doc.note("一阶指数 S：只因该输入变化而产生的、赛道平均名次变动（相对于原名次）的方差占比；总效应 ST 含其与其他输入的交互（Saltelli 2010 估计量）。");
    doc
}

/// CSV/TSV: one row per unit; a `p:<grade>` column per grade level of the tracks shown.
pub fn csv(v: &SensitivityView, opts: CsvOptions) -> Vec<u8> {
    let mut levels: Vec<&str> = Vec::new();
    for t in &v.s.tracks {
        for l in v.levels(t) {
            if !levels.contains(&l) {
                levels.push(l);
            }
        }
    }
    let mut w = Sheet::new(opts);
    let mut header: Vec<String> = [
        "track",
        "unit_id",
        "unit_name",
        "parent_name",
        "nominal_rank",
        "median_rank",
        "p5_rank",
        "p95_rank",
        "nominal_grade",
        "nominal_grade_probability",
        "fragile",
    ]
    .map(String::from)
    .to_vec();
    header.extend(levels.iter().map(|l| format!("p:{l}")));
    w.header(&header);
    for t in &v.s.tracks {
        let own = v.levels(t);
        for (k, u) in t.units.iter().enumerate() {
            let unit = v.unit(u);
            let mut row = vec![
                v.ev.cfg.tracks[t.track].id.clone(),
                unit.id.to_string(),
                unit.name.to_string(),
                v.ev.ds.registry.parent_name(u.unit).to_string(),
                u.nominal_rank.to_string(),
                u.median.to_string(),
                u.p5.to_string(),
                u.p95.to_string(),
                own[u.nominal_grade].to_string(),
                prob(u.grades[u.nominal_grade]),
                if t.fragile.binary_search(&k).is_ok() {
                    "1"
                } else {
                    "0"
                }
                .into(),
            ];
            for l in &levels {
                row.push(
                    own.iter()
                        .position(|x| x == l)
                        .map(|g| prob(u.grades[g]))
                        .unwrap_or_default(),
                );
            }
            w.record(&row);
        }
    }
    w.into_bytes()
}
