//! JSON of the ranking: the provenance head ([`Head`]) and one object per unit, with every
//! indicator's value and score.

use std::io::Write;

use serde::Serialize;

use super::RankView;
use crate::data::Cell;
use crate::render::json_parts::{Batched, Head};
use crate::results::{Status, TrackResult};

#[derive(Serialize)]
struct Doc<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    units: Units<'a>,
}

/// The units in rank order, each serialized as it is built (a national-scale ranking is never
/// held whole).
struct Units<'a>(&'a RankView<'a>);

impl Serialize for Units<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        s.collect_seq(
            v.track_results()
                .flat_map(move |tr| tr.order.iter().map(move |&pos| unit_row(v, tr, pos))),
        )
    }
}

#[derive(Serialize)]
struct UnitRow<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    track: &'a str,
    track_name: &'a str,
    rank: u32,
    total: f64,
    total_exact: f64,
    grade: &'a str,
    category: &'a str,
    parent: Option<&'a str>,
    parent_name: Option<&'a str>,
    dimensions: Vec<DimRow<'a>>,
    indicator_sum: f64,
    applicable_points: f64,
    bonus: f64,
    deduction: f64,
    veto: bool,
    marks: Vec<String>,
    trend: Option<TrendRow>,
    indicators: Vec<IndRow<'a>>,
}

#[derive(Serialize)]
struct TrendRow {
    against: String,
    label: &'static str,
    prev_rank: Option<u32>,
    prev_total: Option<f64>,
    rank_change: Option<i64>,
    score_change: Option<f64>,
}

#[derive(Serialize)]
struct DimRow<'a> {
    id: &'a str,
    name: &'a str,
    score: f64,
}

#[derive(Serialize)]
struct IndRow<'a> {
    id: &'a str,
    name: &'a str,
    /// The measurement unit (万元, %, 个 …); "" when none.
    unit: &'a str,
    /// The raw value; `null` when missing or not applicable (see `status`).
    value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    growth: Option<f64>,
    points: f64,
    /// `null` when not applicable.
    score: Option<f64>,
    status: &'static str,
}

/// The ranking as pretty JSON with a final newline.
pub fn render(v: &RankView) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(v, &mut out);
    out
}

/// Writes the ranking as pretty JSON with a final newline, a unit at a time.
pub fn write(v: &RankView, w: &mut dyn Write) -> std::io::Result<()> {
    let doc = Doc {
        head: Head::of(&v.labels),
        units: Units(v),
    };
    let mut out = Batched::new(w);
    serde_json::to_writer_pretty(&mut out, &doc)?;
    out.write_all(b"\n")?;
    out.finish()
}

/// Writes the ranking as JSON Lines: one compact object per unit, in rank order, each written
/// as it is built (the provenance is in the manifest, `--manifest`).
pub fn write_lines(v: &RankView, w: &mut dyn Write) -> std::io::Result<()> {
    let mut out = Batched::new(w);
    for tr in v.track_results() {
        for &pos in &tr.order {
            serde_json::to_writer(&mut out, &unit_row(v, tr, pos))?;
            out.write_all(b"\n")?;
        }
    }
    out.finish()
}

/// One unit's object.
fn unit_row<'a>(v: &'a RankView<'a>, tr: &'a TrackResult, pos: usize) -> UnitRow<'a> {
    let cfg = v.labels.cfg();
    let d = cfg.decimals;
    let r = |x: f64| crate::num::round_to(x, d);
    let track = &cfg.tracks[tr.track];
    let levels = track.grades.level_names();
    let td = &v.labels.ds().tracks[tr.track];
    let unit = &v.labels.ds().registry.units[tr.units[pos]];
    let dimensions = tr
        .scores
        .dims
        .iter()
        .enumerate()
        .map(|(k, &dim)| DimRow {
            id: &cfg.dimensions[dim].id,
            name: &cfg.dimensions[dim].name,
            score: r(tr.scores.dim_scores[k][pos]),
        })
        .collect();
    let indicators = track
        .indicators
        .iter()
        .enumerate()
        .map(|(slot, ti)| {
            let data = &td.columns[slot];
            let sc = &tr.scores.columns[slot];
            let status = match (sc.status(pos), data.scored().get(pos)) {
                (Status::Scored, _) => "scored",
                (Status::ZeroFilled, _) => "missing_zero",
                (Status::AverageFilled, _) => "missing_average",
                (Status::Imputed, _) => "missing_imputed",
                (Status::NotApplicable, Cell::NotApplicable)
                    if data.raw.get(pos) != Cell::NotApplicable =>
                {
                    "no_previous"
                }
                (Status::NotApplicable, _) => "not_applicable",
            };
            let ind = cfg.indicator(ti);
            IndRow {
                id: &ind.id,
                name: &ind.name,
                unit: &ind.unit,
                value: data.raw.get(pos).value(),
                growth: data.growth.as_ref().and_then(|g| g.get(pos).value()).map(r),
                points: ti.points,
                score: (sc.status(pos) != Status::NotApplicable).then(|| r(sc.score(pos))),
                status,
            }
        })
        .collect();
    UnitRow {
        unit_id: &unit.id,
        unit_name: &unit.name,
        track: &track.id,
        track_name: &track.name,
        rank: tr.rank[pos],
        total: tr.rounded[pos],
        total_exact: tr.total(pos),
        grade: levels[tr.grade(pos)],
        category: unit.category.id(),
        parent: unit
            .parent()
            .map(|p| v.labels.ds().registry.units[p].id.as_str()),
        parent_name: unit
            .parent()
            .map(|p| v.labels.ds().registry.units[p].name.as_str()),
        dimensions,
        indicator_sum: r(tr.scores.indicator_total[pos]),
        applicable_points: tr.scores.applicable[pos],
        bonus: r(tr.bonus[pos]),
        deduction: r(tr.deduction[pos]),
        veto: tr.veto[pos],
        marks: v.labels.marks(tr, pos),
        trend: v.labels.movement(tr.track, pos).map(|m| TrendRow {
            against: v
                .labels
                .trends
                .map(|t| t.against.to_string())
                .unwrap_or_default(),
            label: m.label.chinese(),
            prev_rank: m.prev_rank(),
            prev_total: m.prev_total(),
            rank_change: m.rank_change(),
            score_change: m.score_change(),
        }),
        indicators,
    }
}
