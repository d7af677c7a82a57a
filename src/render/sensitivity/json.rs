//! The sensitivity analysis as JSON: per track, the sensitivity indices and every unit's rank
//! interval and grade probabilities.

use serde::Serialize;

use super::SensitivityView;
use crate::render::json_parts::to_json;

#[derive(Serialize)]
struct Json<'a> {
    pingyi: &'static str,
    period: String,
    config: String,
    config_sha256: &'a str,
    runs: usize,
    seed: u64,
    weights: f64,
    threshold: f64,
    inputs: Vec<crate::eval::provenance::Input>,
    tracks: Vec<TrackJson<'a>>,
}

#[derive(Serialize)]
struct TrackJson<'a> {
    track: &'a str,
    track_name: &'a str,
    mean_rank_change: f64,
    fragile: Vec<&'a str>,
    indices: Vec<IndexJson>,
    units: Vec<UnitJson<'a>>,
}

#[derive(Serialize)]
struct IndexJson {
    input: String,
    name: String,
    first_order: f64,
    total: f64,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    /// The township of a village or community (absent for other units).
    #[serde(skip_serializing_if = "str::is_empty")]
    parent_name: &'a str,
    nominal_rank: u32,
    median_rank: u32,
    p5_rank: u32,
    p95_rank: u32,
    nominal_grade: &'a str,
    grades: Vec<GradeJson<'a>>,
}

#[derive(Serialize)]
struct GradeJson<'a> {
    grade: &'a str,
    probability: f64,
}

/// JSON, for scripts: probabilities and indices as numbers (full precision).
pub fn json(v: &SensitivityView) -> Vec<u8> {
    let s = v.s;
    let tracks = s
        .tracks
        .iter()
        .map(|t| {
            let track = &v.ev.cfg.tracks[t.track];
            let levels = track.grades.level_names();
            TrackJson {
                track: &track.id,
                track_name: &track.name,
                mean_rank_change: t.mean_rank_change,
                fragile: t
                    .fragile
                    .iter()
                    .map(|&k| v.unit(&t.units[k]).id.as_str())
                    .collect(),
                indices: t
                    .indices
                    .iter()
                    .map(|&(i, first, total)| {
                        let (input, name) = v.input(s.inputs[i]);
                        IndexJson {
                            input,
                            name,
                            first_order: first,
                            total,
                        }
                    })
                    .collect(),
                units: t
                    .units
                    .iter()
                    .map(|u| {
                        let unit = v.unit(u);
                        UnitJson {
                            unit_id: &unit.id,
                            unit_name: &unit.name,
                            parent_name: v.ev.ds.registry.parent_name(u.unit),
                            nominal_rank: u.nominal_rank,
                            median_rank: u.median,
                            p5_rank: u.p5,
                            p95_rank: u.p95,
                            nominal_grade: levels[u.nominal_grade],
                            grades: levels
                                .iter()
                                .zip(&u.grades)
                                .map(|(g, &p)| GradeJson {
                                    grade: g,
                                    probability: p,
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    to_json(&Json {
        pingyi: env!("CARGO_PKG_VERSION"),
        period: v.ev.period().to_string(),
        config: v.ev.cfg.path.display().to_string(),
        config_sha256: &v.ev.cfg.sha256,
        runs: s.runs,
        seed: s.seed,
        weights: s.weights,
        threshold: s.threshold,
        inputs: v.provenance.map(|p| p.inputs.clone()).unwrap_or_default(),
        tracks,
    })
}
