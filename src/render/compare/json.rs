//! A comparison of two schemes as JSON: both schemes, and per track every unit's standing under
//! each with the parts of its change.

use std::io::Write;

use serde::Serialize;

use super::{units_text, CompareView};
use crate::analysis::compare::{TrackComparison, UnitChange};
use crate::eval::Evaluation;
use crate::render::json_parts::Batched;

#[derive(Serialize)]
struct Json<'a> {
    pingyi: &'static str,
    period: String,
    decimals: usize,
    from: SchemeJson,
    to: SchemeJson,
    inputs: Vec<crate::eval::provenance::Input>,
    tracks: Vec<TrackJson<'a>>,
}

#[derive(Serialize)]
struct SchemeJson {
    config: String,
    config_sha256: String,
}

#[derive(Serialize)]
struct TrackJson<'a> {
    track: &'a str,
    track_name: &'a str,
    units: Units<'a>,
    /// Unit ids of the movers, in order.
    movers: Vec<&'a str>,
}

/// A track's units, each serialized as it is built (a province's comparison is never held
/// whole).
struct Units<'a> {
    v: &'a CompareView<'a>,
    tc: &'a TrackComparison,
}

impl Serialize for Units<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.tc.units.iter().map(|u| unit(self.v, self.tc, u)))
    }
}

#[derive(Serialize)]
struct StandingJson<'a> {
    track: &'a str,
    rank: u32,
    units_count: usize,
    grade: &'a str,
    total: f64,
    veto: bool,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    /// The township of a village or community (absent for other units).
    #[serde(skip_serializing_if = "str::is_empty")]
    parent_name: &'a str,
    from: Option<StandingJson<'a>>,
    to: StandingJson<'a>,
    rank_change: Option<i64>,
    grade_changed: bool,
    total_change: Option<f64>,
    /// Every indicator's part of the change, then adjustments and rounding: they add up to
    /// `total_change`.
    explanation: Vec<PartJson<'a>>,
}

#[derive(Serialize)]
struct PartJson<'a> {
    item: &'a str,
    name: &'a str,
    change: f64,
}

/// One unit's object.
fn unit<'a>(v: &'a CompareView<'a>, tc: &TrackComparison, u: &'a UnitChange) -> UnitJson<'a> {
    let d = v.d();
    let num = |n: i64| units_text(n, d).parse::<f64>().unwrap_or(0.0);
    let track = &v.to.cfg.tracks[tc.track];
    let from = u.from.as_ref().map(|s| StandingJson {
        track: &v.from.cfg.tracks[s.track].id,
        rank: s.rank,
        units_count: s.n,
        grade: s.grade_name(v.from),
        total: s.rounded,
        veto: s.veto,
    });
    let mut explanation = Vec::new();
    if let Some(e) = &u.explanation {
        for (k, x) in e.parts() {
            let key = &v.comparison.indicators[k];
            explanation.push(PartJson {
                item: &key.id,
                name: &key.name,
                change: num(x),
            });
        }
        explanation.push(PartJson {
            item: "adjustments",
            name: "加减分",
            change: num(e.adjustments),
        });
        explanation.push(PartJson {
            item: "rounding",
            name: "舍入",
            change: num(e.rounding),
        });
    }
    UnitJson {
        unit_id: v.id(u),
        unit_name: v.name(u),
        parent_name: v.parent(u),
        from,
        to: StandingJson {
            track: &track.id,
            rank: u.to.rank,
            units_count: u.to.n,
            grade: u.to.grade_name(v.to),
            total: u.to.rounded,
            veto: u.to.veto,
        },
        rank_change: u.rank_change,
        grade_changed: u.grade_changed,
        total_change: u.explanation.as_ref().map(|e| num(e.change)),
        explanation,
    }
}

/// JSON, for scripts: pretty, with a final newline, written to `w` a unit at a time.
pub fn write(v: &CompareView, w: &mut dyn Write) -> std::io::Result<()> {
    let d = v.d();
    let tracks = v
        .comparison
        .tracks
        .iter()
        .map(|tc| {
            let track = &v.to.cfg.tracks[tc.track];
            TrackJson {
                track: &track.id,
                track_name: &track.name,
                units: Units { v, tc },
                movers: tc.movers.iter().map(|&i| v.id(&tc.units[i])).collect(),
            }
        })
        .collect();
    let scheme = |ev: &Evaluation| SchemeJson {
        config: ev.cfg.path.display().to_string(),
        config_sha256: ev.cfg.sha256.clone(),
    };
    let doc = Json {
        pingyi: env!("CARGO_PKG_VERSION"),
        period: v.to.period().to_string(),
        decimals: d,
        from: scheme(v.from),
        to: scheme(v.to),
        inputs: v.provenance.map(|p| p.inputs.clone()).unwrap_or_default(),
        tracks,
    };
    let mut out = Batched::new(w);
    serde_json::to_writer_pretty(&mut out, &doc)?;
    out.write_all(b"\n")?;
    out.finish()
}
