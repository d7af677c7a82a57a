//! JSON of statements (对账单): the run's provenance and one object per statement with every
//! indicator, dimension, adjustment row, subtotal, trend and requirement line.

use serde::Serialize;

use super::robust::RobustJson;
use super::{status_of, StatementView};
use crate::analysis::statement::{IndicatorLine, Statement};
use crate::data::AdjustmentKind;
use crate::render::json_parts::{self, to_json, Head, NextJson, RequirementJson, TrendJson};
use crate::render::labels::Labels;

#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    statements: Vec<StatementJson<'a>>,
}

#[derive(Serialize)]
struct StatementJson<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    /// The township of a village or community (absent for other units).
    #[serde(skip_serializing_if = "str::is_empty")]
    parent_name: &'a str,
    track: &'a str,
    track_name: &'a str,
    units_count: usize,
    rank: u32,
    total: f64,
    total_exact: f64,
    grade: &'a str,
    veto: bool,
    behind_leader: f64,
    next: Option<NextJson>,
    indicator_sum: f64,
    applicable_points: f64,
    scale: f64,
    bonus_claimed: f64,
    bonus: f64,
    deduction_claimed: f64,
    deduction: f64,
    indicators: Vec<IndicatorJson<'a>>,
    dimensions: Vec<DimensionJson<'a>>,
    adjustments: Vec<AdjustmentJson<'a>>,
    trend: Option<TrendJson>,
    requirements: Vec<RequirementJson<'a>>,
    robustness: RobustJson,
}

#[derive(Serialize)]
struct IndicatorJson<'a> {
    id: &'a str,
    name: &'a str,
    unit: &'a str,
    dimension: &'a str,
    /// `null` when missing or not applicable (see `status`).
    value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    growth: Option<Option<f64>>,
    target: Option<f64>,
    peers: usize,
    peer_max: Option<f64>,
    peer_min: Option<f64>,
    peer_mean: Option<f64>,
    points: f64,
    max_score: f64,
    score: Option<f64>,
    points_lost: Option<f64>,
    rank: Option<u32>,
    status: &'static str,
    /// How the value scored came from the cell (denominator, imputation, treatment).
    #[serde(skip_serializing_if = "Option::is_none")]
    derived: Option<DerivedJson>,
    /// The file (and sheet) the value came from and its line there; `null` when none gave it.
    source: Option<SourceJson<'a>>,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    file: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct DerivedJson {
    denominator: Option<String>,
    denominator_value: Option<f64>,
    scale: Option<f64>,
    denominated: Option<f64>,
    imputed: Option<f64>,
    scored: Option<f64>,
    treatment: Option<String>,
    treated: bool,
}

#[derive(Serialize)]
struct DimensionJson<'a> {
    id: &'a str,
    name: &'a str,
    core: bool,
    points: f64,
    score: f64,
    rank: u32,
    /// How many units are ranked on the dimension (those it applies to).
    peers: usize,
}

#[derive(Serialize)]
struct AdjustmentJson<'a> {
    kind: &'static str,
    points: Option<f64>,
    reason: &'a str,
    reference: &'a str,
}

/// JSON of all statements of the view.
pub fn render(v: &StatementView) -> Vec<u8> {
    let n = &v.names;
    let doc = Json {
        head: Head::of(n),
        statements: v.statements.iter().map(|s| statement(v, s)).collect(),
    };
    to_json(&doc)
}

/// [`render`]'s document up to its statements: the head, then `"statements": [` (a streamed
/// document's first piece; [`array_items`] follow, then [`array_end`]).
pub fn array_start(names: &Labels) -> Vec<u8> {
    let doc = Json {
        head: Head::of(names),
        statements: Vec::new(),
    };
    let mut out = to_json(&doc);
    // The empty array and the document's end: `[]`, a line end, `}`, a line end.
    out.truncate(out.len() - b"[]\n}\n".len());
    out.push(b'[');
    out
}

/// The statements of `v` as items of [`render`]'s array, each on its lines as there (indented
/// two levels), the first of the array when `first`.
pub fn array_items(v: &StatementView, first: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, s) in v.statements.iter().enumerate() {
        out.extend_from_slice(if first && k == 0 { b"\n" } else { b",\n" });
        let item = serde_json::to_vec_pretty(&statement(v, s)).unwrap_or_default();
        for (k, line) in item.split(|&b| b == b'\n').enumerate() {
            if k > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(b"    ");
            out.extend_from_slice(line);
        }
    }
    out
}

/// The end of [`render`]'s document after its array's items (`empty`: none).
pub fn array_end(empty: bool) -> &'static [u8] {
    match empty {
        true => b"]\n}\n",
        false => b"\n  ]\n}\n",
    }
}

/// JSON Lines: one compact statement object per line (the provenance is in the manifest).
pub fn lines(v: &StatementView) -> Vec<u8> {
    let mut out = Vec::new();
    for s in v.statements {
        // Serializing plain data to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, &statement(v, s));
        out.push(b'\n');
    }
    out
}

fn statement<'a>(v: &StatementView<'a>, s: &'a Statement) -> StatementJson<'a> {
    let n = &v.names;
    let t = s.track;
    let cfg = &n.ev.cfg;
    StatementJson {
        unit_id: n.unit_id(s.unit),
        unit_name: n.unit_name(s.unit),
        parent_name: n.parent_name(s.unit),
        track: n.track_id(t),
        track_name: n.track_name(t),
        units_count: s.n,
        rank: s.rank,
        total: s.rounded,
        total_exact: s.total,
        grade: n.grade(t, s.grade),
        veto: s.veto,
        behind_leader: n.round(s.behind_leader),
        next: s.next.map(|np| NextJson {
            rank: np.rank,
            total: np.total,
            gap: n.round(np.gap),
        }),
        indicator_sum: n.round(s.indicator_total),
        applicable_points: s.applicable,
        scale: s.scale,
        bonus_claimed: n.round(s.bonus_claimed),
        bonus: n.round(s.bonus),
        deduction_claimed: n.round(s.deduction_claimed),
        deduction: n.round(s.deduction),
        indicators: s.indicators.iter().map(|l| indicator(n, l)).collect(),
        dimensions: s
            .dimensions
            .iter()
            .map(|d| {
                let dim = &cfg.dimensions[d.dim];
                DimensionJson {
                    id: &dim.id,
                    name: &dim.name,
                    core: dim.core,
                    points: d.points,
                    score: n.round(d.score),
                    rank: d.rank,
                    peers: d.peers,
                }
            })
            .collect(),
        adjustments: s
            .adjustments
            .iter()
            .map(|a| AdjustmentJson {
                kind: a.kind.id(),
                // As entered (a figure of the input, not one computed from it).
                points: (a.kind != AdjustmentKind::Veto).then_some(a.points),
                reason: &a.reason,
                reference: &a.reference,
            })
            .collect(),
        trend: TrendJson::new(s.movement.as_ref(), v.names.against()),
        requirements: json_parts::requirements(n, t, &s.requirements),
        robustness: RobustJson::new(n, t, s.grade, &s.robust),
    }
}

fn indicator<'a>(n: &Labels<'a>, l: &'a IndicatorLine) -> IndicatorJson<'a> {
    let cfg = &n.ev.cfg;
    let ind = &cfg.indicators[l.indicator];
    let status = status_of(l).0;
    let r4 = |x: Option<f64>| x.map(|v| crate::num::round_to(v, 4));
    IndicatorJson {
        id: &ind.id,
        name: &ind.name,
        unit: &ind.unit,
        dimension: &cfg.dimensions[ind.dimension].id,
        value: l.value.value(),
        growth: l.growth.map(|g| r4(g.value())),
        target: l.target,
        peers: l.peers,
        peer_max: r4(l.peer_max),
        peer_min: r4(l.peer_min),
        peer_mean: r4(l.peer_mean),
        points: l.points,
        max_score: n.round(l.max_score),
        score: l.score.map(|x| n.round(x)),
        points_lost: l.lost.map(|x| n.round(x)),
        rank: l.rank,
        status,
        derived: l.derived.as_ref().map(|d| DerivedJson {
            denominator: d.denominator.as_ref().map(|x| x.0.clone()),
            denominator_value: d.denominator.as_ref().and_then(|x| x.1),
            scale: d.denominator.as_ref().map(|x| x.2),
            denominated: d.denominated,
            imputed: d.imputed,
            scored: d.scored,
            treatment: d.treatment.clone(),
            treated: d.treated,
        }),
        source: l
            .source
            .as_ref()
            .map(|(file, line)| SourceJson { file, line: *line }),
    }
}
