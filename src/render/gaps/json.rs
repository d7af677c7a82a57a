//! Gap analysis as JSON: per track, every unit's gaps, weakest and strongest indicators and
//! requirement lines.

use serde::Serialize;

use super::GapsView;
use crate::analysis::gaps::{Lost, UnitGap};
use crate::render::json_parts::{self, to_json, Head, NextJson, RequirementJson, TrendJson};

#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    tracks: Vec<TrackJson<'a>>,
}

#[derive(Serialize)]
struct TrackJson<'a> {
    track: &'a str,
    track_name: &'a str,
    units_count: usize,
    leader: Option<f64>,
    mean: Option<f64>,
    median: Option<f64>,
    units: Vec<UnitJson<'a>>,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    /// The township of a village or community (absent for other units).
    #[serde(skip_serializing_if = "str::is_empty")]
    parent_name: &'a str,
    rank: u32,
    total: f64,
    grade: &'a str,
    behind_leader: f64,
    next: Option<NextJson>,
    vs_mean: f64,
    vs_median: f64,
    weakest: Vec<LostJson<'a>>,
    strongest: Vec<StrengthJson<'a>>,
    closers: Vec<LostJson<'a>>,
    trend: Option<TrendJson>,
    requirements: Vec<RequirementJson<'a>>,
}

#[derive(Serialize)]
struct LostJson<'a> {
    indicator: &'a str,
    name: &'a str,
    points_lost: f64,
}

#[derive(Serialize)]
struct StrengthJson<'a> {
    indicator: &'a str,
    name: &'a str,
    score: f64,
    points: f64,
    score_rate: f64,
}

/// JSON: the run's provenance and one object per track with its units.
pub fn json(v: &GapsView) -> Vec<u8> {
    let n = &v.names;
    let tracks = v
        .tracks
        .iter()
        .map(|tg| TrackJson {
            track: n.track_id(tg.track),
            track_name: n.track_name(tg.track),
            units_count: tg.n,
            leader: tg.leader,
            mean: tg.mean.map(|x| n.round(x)),
            median: tg.median.map(|x| n.round(x)),
            units: tg.units.iter().map(|u| unit_json(v, tg.track, u)).collect(),
        })
        .collect();
    to_json(&Json {
        head: Head::of(n),
        tracks,
    })
}

/// One unit's line of JSON Lines: its track, then the unit's object as in the JSON.
#[derive(Serialize)]
struct LineJson<'a> {
    track: &'a str,
    track_name: &'a str,
    #[serde(flatten)]
    unit: UnitJson<'a>,
}

/// JSON Lines: one object per unit, in the JSON's order, without the head (the manifest
/// carries the provenance).
pub fn lines(v: &GapsView) -> Vec<u8> {
    let n = &v.names;
    let mut out = Vec::new();
    for tg in v.tracks {
        for u in &tg.units {
            let line = LineJson {
                track: n.track_id(tg.track),
                track_name: n.track_name(tg.track),
                unit: unit_json(v, tg.track, u),
            };
            // Serializing plain data to a Vec cannot fail.
            let _ = serde_json::to_writer(&mut out, &line);
            out.push(b'\n');
        }
    }
    out
}

fn unit_json<'a>(v: &GapsView<'a>, t: usize, u: &UnitGap) -> UnitJson<'a> {
    let n = &v.names;
    let lost = |l: &Lost| {
        let ind = n.indicator(t, l.slot);
        LostJson {
            indicator: &ind.id,
            name: &ind.name,
            points_lost: n.round(l.lost),
        }
    };
    UnitJson {
        unit_id: n.unit_id(u.unit),
        unit_name: n.unit_name(u.unit),
        parent_name: n.parent_name(u.unit),
        rank: u.rank,
        total: u.total,
        grade: n.grade(t, n.ev.res.tracks[t].grade(u.pos)),
        behind_leader: n.round(u.behind_leader),
        next: u.next.map(|np| NextJson {
            rank: np.rank,
            total: np.total,
            gap: n.round(np.gap),
        }),
        vs_mean: n.round(u.vs_mean),
        vs_median: n.round(u.vs_median),
        weakest: u.weakest.iter().map(lost).collect(),
        strongest: u
            .strongest
            .iter()
            .map(|s| {
                let ind = n.indicator(t, s.slot);
                StrengthJson {
                    indicator: &ind.id,
                    name: &ind.name,
                    score: n.round(s.score),
                    points: n.ev.cfg.tracks[t].indicators[s.slot].points,
                    score_rate: crate::num::round_to(s.rate, 4),
                }
            })
            .collect(),
        closers: u.closers.iter().map(lost).collect(),
        trend: TrendJson::new(u.movement.as_ref(), v.names.against()),
        requirements: json_parts::requirements(n, t, &u.requirements),
    }
}
