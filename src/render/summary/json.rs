//! JSON of the district overview (`pingyi summary`): tracks, indicators, and townships and
//! sub-districts with their villages and communities.

use serde::Serialize;

use super::SummaryView;
use crate::analysis::summary::Extreme;
use crate::render::json_parts::{to_json, Head};

#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    tracks: Vec<TrackJson<'a>>,
    indicators: Vec<IndicatorJson<'a>>,
    parents: Vec<ParentJson<'a>>,
}

#[derive(Serialize)]
struct TrackJson<'a> {
    track: &'a str,
    track_name: &'a str,
    units_count: usize,
    mean: Option<f64>,
    median: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    std_dev: Option<f64>,
    grades: Vec<GradeJson<'a>>,
    vetoes: usize,
}

#[derive(Serialize)]
struct GradeJson<'a> {
    grade: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct IndicatorJson<'a> {
    track: &'a str,
    indicator: &'a str,
    name: &'a str,
    unit: &'a str,
    /// `growth` (the values are growth rates) or `value`.
    of: &'static str,
    count: usize,
    /// Only for amounts and counts; `null` for rates, scores and growth.
    sum: Option<f64>,
    mean: Option<f64>,
    median: Option<f64>,
    /// Every unit has the same value: `best` and `worst` are `null`.
    all_equal: bool,
    missing: usize,
    not_applicable: usize,
    best: Option<ExtremeJson<'a>>,
    worst: Option<ExtremeJson<'a>>,
}

#[derive(Serialize)]
struct ExtremeJson<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    /// The township of a village or community (absent for other units).
    #[serde(skip_serializing_if = "str::is_empty")]
    parent_name: &'a str,
    value: f64,
    rank: u32,
    tied: usize,
}

#[derive(Serialize)]
struct ParentJson<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    track: &'a str,
    track_units: usize,
    count: usize,
    mean: f64,
    best: PlaceJson<'a>,
    worst: PlaceJson<'a>,
}

#[derive(Serialize)]
struct PlaceJson<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    rank: u32,
    total: f64,
}

/// JSON of the three parts.
pub fn render(v: &SummaryView) -> Vec<u8> {
    let n = &v.names;
    let r = |x: f64| n.round(x);
    let r4 = |x: f64| crate::num::round_to(x, 4);
    let extreme = |e: Option<Extreme>| {
        e.map(|e| ExtremeJson {
            unit_id: n.unit_id(e.unit),
            unit_name: n.unit_name(e.unit),
            parent_name: n.parent_name(e.unit),
            value: r4(e.value),
            rank: e.rank,
            tied: e.tied,
        })
    };
    let place = |t: usize, unit: usize, rank: u32| PlaceJson {
        unit_id: n.unit_id(unit),
        unit_name: n.unit_name(unit),
        rank,
        total: n.ev.res.tracks[t].rounded[n.ev.ds.pos_of(unit)],
    };
    let tracks = v
        .summary
        .tracks
        .iter()
        .map(|ts| TrackJson {
            track: n.track_id(ts.track),
            track_name: n.track_name(ts.track),
            units_count: ts.n,
            mean: ts.stats.map(|s| r(s.mean)),
            median: ts.stats.map(|s| r(s.median)),
            min: ts.stats.map(|s| s.min),
            max: ts.stats.map(|s| s.max),
            std_dev: ts.stats.map(|s| r(s.std_dev)),
            grades: n.ev.cfg.tracks[ts.track]
                .grades
                .level_names()
                .into_iter()
                .zip(&ts.grades)
                .map(|(grade, &count)| GradeJson { grade, count })
                .collect(),
            vetoes: ts.vetoes,
        })
        .collect();
    let indicators = v
        .summary
        .indicators
        .iter()
        .map(|is| {
            let ind = &n.ev.cfg.indicators[is.indicator];
            IndicatorJson {
                track: n.track_id(is.track),
                indicator: &ind.id,
                name: &ind.name,
                unit: &ind.unit,
                of: if ind.growth.is_some() {
                    "growth"
                } else {
                    "value"
                },
                count: is.count,
                sum: is.sum.map(r),
                mean: is.mean.map(r),
                median: is.median.map(r),
                all_equal: is.all_equal,
                missing: is.missing,
                not_applicable: is.not_applicable,
                best: extreme(is.best),
                worst: extreme(is.worst),
            }
        })
        .collect();
    let parents = v
        .summary
        .parents
        .iter()
        .map(|p| ParentJson {
            unit_id: n.unit_id(p.parent),
            unit_name: n.unit_name(p.parent),
            track: n.track_id(p.track),
            track_units: p.track_n,
            count: p.count,
            mean: r(p.mean),
            best: place(p.track, p.best_unit, p.best_rank),
            worst: place(p.track, p.worst_unit, p.worst_rank),
        })
        .collect();
    let doc = Json {
        head: Head::of(n),
        tracks,
        indicators,
        parents,
    };
    to_json(&doc)
}
