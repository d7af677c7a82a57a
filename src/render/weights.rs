//! Renderers of the objective-weights advice (`pingyi weights`): the document (table /
//! markdown) with per track the weights beside the points and TOPSIS beside pingyi's ranks;
//! CSV/TSV with one row per indicator of each track; JSON with both.

use serde::Serialize;

use super::doc::{Blocks, Doc, DocTable};
use super::json_parts::to_json;
use super::sheet::{CsvOptions, Sheet};
use super::{Format, Style};
use crate::analysis::weights::{SizeCorrelation, TrackWeights};
use crate::eval::provenance::Provenance;
use crate::eval::Evaluation;
use crate::num::fixed;

pub struct WeightsView<'a> {
    pub ev: &'a Evaluation,
    pub tracks: &'a [TrackWeights],
    /// `--size`: the attribute and each track's correlation (in the order of `tracks`).
    pub size: Option<(&'a str, &'a [SizeCorrelation])>,
    pub provenance: Option<&'a Provenance>,
}

pub fn render(v: &WeightsView, style: &Style) -> Vec<u8> {
    match style.format {
        // The command takes neither xlsx nor jsonl (Format::TEXT).
        Format::Table | Format::Xlsx => doc(v).text(style.width).into_bytes(),
        Format::Markdown => doc(v).markdown().into_bytes(),
        Format::Csv | Format::Tsv => csv(v, style.csv),
        Format::Json | Format::Jsonl => json(v),
    }
}

fn share(x: Option<f64>) -> String {
    x.map(|x| fixed(x, 4)).unwrap_or_default()
}

pub fn doc(v: &WeightsView) -> Doc {
    let cfg = &v.ev.cfg;
    let mut doc = Doc::default();
    doc.heading(1, format!("客观赋权参考 · {}", v.ev.period()));
    doc.note("仅供参考，不改变评分：熵权法、CRITIC 法按各指标得分率（得分 ÷ 分值）计算；TOPSIS 以现行分值为权重（向量归一化）。");
    for (k, t) in v.tracks.iter().enumerate() {
        let track = &cfg.tracks[t.track];
        doc.heading(
            2,
            format!(
                "{} ({}) · 参与计算 {} 个单位 · 未参与 {} 个（有缺报补分或不适用指标）",
                track.name, track.id, t.complete, t.left_out
            ),
        );
        if let Some(e) = &t.error {
            doc.note(format!("无法计算：{e}"));
        }
        if let Some((name, c)) = v.size {
            let c = &c[k];
            let r = |x: Option<f64>| x.map_or("—".to_string(), |x| fixed(x, 3));
            doc.note(format!(
                "总分与 {name} 的相关（{} 个单位有该属性）：Pearson r = {}，Spearman ρ = {}",
                c.n,
                r(c.pearson),
                r(c.spearman)
            ));
        }
        let mut tb = DocTable::new(&[
            ("指标", false),
            ("分值", true),
            ("现行权重", true),
            ("熵权", true),
            ("CRITIC", true),
        ]);
        for i in &t.indicators {
            tb.row(vec![
                cfg.indicators[i.indicator].name.clone(),
                fixed(i.points, 2),
                share(Some(i.configured)),
                share(i.entropy),
                share(i.critic),
            ]);
        }
        doc.table(tb);
        if !t.units.is_empty() {
            let mut tb = DocTable::new(&[
                ("名次", true),
                ("单位", false),
                ("TOPSIS 贴近度", true),
                ("TOPSIS 名次", true),
            ]);
            for u in &t.units {
                tb.row(vec![
                    u.rank.to_string(),
                    v.ev.ds.registry.qualified_name(u.unit),
                    fixed(u.closeness, 4),
                    u.topsis_rank.to_string(),
                ]);
            }
            doc.table(tb);
        }
    }
    doc
}

pub fn csv(v: &WeightsView, opts: CsvOptions) -> Vec<u8> {
    let cfg = &v.ev.cfg;
    let mut w = Sheet::new(opts);
    w.header([
        "track",
        "indicator_id",
        "indicator_name",
        "points",
        "configured",
        "entropy",
        "critic",
        "units",
        "left_out",
    ]);
    for t in v.tracks {
        for i in &t.indicators {
            let ind = &cfg.indicators[i.indicator];
            w.record([
                cfg.tracks[t.track].id.clone(),
                ind.id.clone(),
                ind.name.clone(),
                fixed(i.points, 2),
                share(Some(i.configured)),
                share(i.entropy),
                share(i.critic),
                t.complete.to_string(),
                t.left_out.to_string(),
            ]);
        }
    }
    w.into_bytes()
}

#[derive(Serialize)]
struct Json<'a> {
    pingyi: &'static str,
    period: String,
    config: String,
    config_sha256: &'a str,
    inputs: Vec<crate::eval::provenance::Input>,
    tracks: Vec<TrackJson<'a>>,
}

#[derive(Serialize)]
struct TrackJson<'a> {
    track: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<SizeJson<'a>>,
    /// Units in the matrix (every indicator scored from a value).
    units_count: usize,
    left_out: usize,
    error: Option<&'a str>,
    indicators: Vec<IndJson<'a>>,
    units: Vec<UnitJson<'a>>,
}

#[derive(Serialize)]
struct SizeJson<'a> {
    attribute: &'a str,
    units: usize,
    pearson: Option<f64>,
    spearman: Option<f64>,
}

#[derive(Serialize)]
struct IndJson<'a> {
    indicator_id: &'a str,
    points: f64,
    configured: f64,
    entropy: Option<f64>,
    critic: Option<f64>,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    /// The township of a village or community (absent for other units).
    #[serde(skip_serializing_if = "str::is_empty")]
    parent_name: &'a str,
    rank: u32,
    topsis_closeness: f64,
    topsis_rank: usize,
}

pub fn json(v: &WeightsView) -> Vec<u8> {
    let cfg = &v.ev.cfg;
    let tracks = v
        .tracks
        .iter()
        .enumerate()
        .map(|(k, t)| TrackJson {
            track: &cfg.tracks[t.track].id,
            size: v.size.map(|(name, c)| SizeJson {
                attribute: name,
                units: c[k].n,
                pearson: c[k].pearson,
                spearman: c[k].spearman,
            }),
            units_count: t.complete,
            left_out: t.left_out,
            error: t.error.as_deref(),
            indicators: t
                .indicators
                .iter()
                .map(|i| IndJson {
                    indicator_id: &cfg.indicators[i.indicator].id,
                    points: i.points,
                    configured: i.configured,
                    entropy: i.entropy,
                    critic: i.critic,
                })
                .collect(),
            units: t
                .units
                .iter()
                .map(|u| UnitJson {
                    unit_id: &v.ev.ds.registry.units[u.unit].id,
                    unit_name: &v.ev.ds.registry.units[u.unit].name,
                    parent_name: v.ev.ds.registry.parent_name(u.unit),
                    rank: u.rank,
                    topsis_closeness: u.closeness,
                    topsis_rank: u.topsis_rank,
                })
                .collect(),
        })
        .collect();
    to_json(&Json {
        pingyi: env!("CARGO_PKG_VERSION"),
        period: v.ev.period().to_string(),
        config: cfg.path.display().to_string(),
        config_sha256: &cfg.sha256,
        inputs: v.provenance.map(|p| p.inputs.clone()).unwrap_or_default(),
        tracks,
    })
}
