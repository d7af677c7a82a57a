//! Gap analysis as JSON: per track, every unit's gaps, weakest and strongest indicators and
//! requirement lines.

use std::cell::RefCell;
use std::io::Write;

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use super::GapsView;
use crate::analysis::gaps::{Gaps, Lost, UnitGap};
use crate::render::json_parts::{self, Batched, Head, NextJson, RequirementJson, TrendJson};

#[derive(Serialize)]
struct Json<'a, T: Serialize> {
    #[serde(flatten)]
    head: Head<'a>,
    tracks: T,
}

#[derive(Serialize)]
struct TrackJson<'a, U: Serialize> {
    track: &'a str,
    track_name: &'a str,
    units_count: usize,
    leader: Option<f64>,
    mean: Option<f64>,
    median: Option<f64>,
    units: U,
}

/// The tracks, each made and serialized as it comes (see [`Gaps::each`]).
struct Tracks<'v, 'a> {
    v: &'v GapsView<'a>,
    g: &'v Gaps<'a>,
}

impl Serialize for Tracks<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (v, n) = (self.v, &self.v.names);
        let mut seq = s.serialize_seq(None)?;
        self.g.each(|_, tg, units| {
            let t = tg.track;
            seq.serialize_element(&TrackJson {
                track: n.track_id(t),
                track_name: n.track_name(t),
                units_count: tg.n,
                leader: tg.leader,
                mean: tg.mean.map(|x| n.round(x)),
                median: tg.median.map(|x| n.round(x)),
                units: Once::new(units.map(|u| unit_json(v, t, &u))),
            })
        })?;
        seq.end()
    }
}

/// A sequence serialized from an iterator, once.
struct Once<I>(RefCell<Option<I>>);

impl<I> Once<I> {
    fn new(items: I) -> Once<I> {
        Once(RefCell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Once<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.borrow_mut().take().into_iter().flatten())
    }
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

/// JSON: the run's provenance and one object per track with its units, pretty with a final
/// newline, written a unit at a time.
pub fn write(v: &GapsView, g: &Gaps, w: &mut dyn Write) -> std::io::Result<()> {
    let doc = Json {
        head: Head::of(&v.names),
        tracks: Tracks { v, g },
    };
    let mut out = Batched::new(w);
    serde_json::to_writer_pretty(&mut out, &doc)?;
    out.write_all(b"\n")?;
    out.finish()
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
/// carries the provenance), each written as it is made.
pub fn write_lines(v: &GapsView, g: &Gaps, w: &mut dyn Write) -> std::io::Result<()> {
    let n = &v.names;
    let mut out = Batched::new(w);
    g.each(|_, tg, units| {
        for u in units {
            let line = LineJson {
                track: n.track_id(tg.track),
                track_name: n.track_name(tg.track),
                unit: unit_json(v, tg.track, &u),
            };
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
        std::io::Result::Ok(())
    })?;
    out.finish()
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
