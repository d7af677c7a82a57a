//! CSV/TSV of the ranking: one row per unit with everything needed to pivot it in a spreadsheet.
//!
//! [`render`] writes one row per unit with everything needed to pivot it in a spreadsheet. Lead
//! columns `unit_id, unit_name, track, rank, total, grade`; then the unit's category and parent,
//! every dimension subtotal (`dim:<id>`), the rescaling, adjustments, marks, and for every
//! indicator its raw value (`<id>`), growth (`<id>:growth`, growth indicators only) and score
//! (`<id>:score`). Cells for indicators not on the unit's track are empty.

use super::RankView;
use crate::data::Cell;
use crate::render::sheet::{CsvOptions, Sheet};
use crate::results::Status;

/// `against, prev_rank, rank_change, score_change, trend`; empty without an earlier period.
fn trend_cells(v: &RankView, t: usize, pos: usize, s: &mut Sheet) {
    let Some(m) = v.labels.movement(t, pos) else {
        for _ in 0..5 {
            s.number("");
        }
        return;
    };
    let against = v
        .labels
        .trends
        .map(|t| t.against.to_string())
        .unwrap_or_default();
    s.text(&against);
    s.number(&m.prev_rank.map(|r| r.to_string()).unwrap_or_default());
    s.number(&m.rank_change.map(|r| r.to_string()).unwrap_or_default());
    s.number(
        &m.score_change
            .map(|x| v.labels.fixed(x))
            .unwrap_or_default(),
    );
    s.text(m.label.chinese());
}

fn header(v: &RankView) -> Vec<String> {
    let cfg = v.labels.cfg();
    let mut header: Vec<String> = [
        "unit_id",
        "unit_name",
        "track",
        "rank",
        "total",
        "grade",
        "category",
        "parent",
    ]
    .map(String::from)
    .to_vec();
    header.extend(cfg.dimensions.iter().map(|d| format!("dim:{}", d.id)));
    header.extend(
        [
            "indicator_sum",
            "applicable_points",
            "bonus",
            "deduction",
            "veto",
            "marks",
            "period",
            "config_sha256",
            "against",
            "prev_rank",
            "rank_change",
            "score_change",
            "trend",
        ]
        .map(String::from),
    );
    for ind in &cfg.indicators {
        header.push(ind.id.clone());
        if ind.growth.is_some() {
            header.push(format!("{}:growth", ind.id));
        }
        header.push(format!("{}:score", ind.id));
    }
    header
}

/// The ranking as CSV or TSV.
///
/// Rows are written in position order, which reads every per-unit column sequentially, and then
/// copied out in rank order: at a million units, writing them in rank order directly spent most
/// of its time waiting for cache misses.
pub fn render(v: &RankView, opts: CsvOptions) -> Vec<u8> {
    let mut s = Sheet::new(opts);
    s.header(header(v));
    let mut out = s.into_bytes();
    for tr in v.track_results() {
        let lookup = Lookup::new(v, tr);
        let mut body = Sheet::new(opts);
        let mut ends = Vec::with_capacity(tr.units.len() + 1);
        ends.push(0);
        let mut buf = Buf::default();
        for pos in 0..tr.units.len() {
            unit_row(v, tr, &lookup, pos, &mut body, &mut buf);
            ends.push(body.written());
        }
        let body = body.into_bytes();
        for &pos in &tr.order {
            out.extend_from_slice(&body[ends[pos]..ends[pos + 1]]);
        }
    }
    out
}

/// Per-track lookups, computed once: each config indicator's slot on the track and each
/// dimension's subtotal row.
struct Lookup {
    slot: Vec<Option<usize>>,
    dim: Vec<Option<usize>>,
}

impl Lookup {
    fn new(v: &RankView, tr: &crate::results::TrackResult) -> Lookup {
        let track = &v.labels.cfg().tracks[tr.track];
        let slot = (0..v.labels.cfg().indicators.len())
            .map(|i| track.indicators.iter().position(|ti| ti.indicator == i))
            .collect();
        let dim = (0..v.labels.cfg().dimensions.len())
            .map(|d| tr.scores.dims.iter().position(|&x| x == d))
            .collect();
        Lookup { slot, dim }
    }
}

/// A reused formatting buffer for numbers.
#[derive(Default)]
struct Buf(String);

impl Buf {
    /// `fixed(x, d)` without allocating.
    fn fixed(&mut self, x: f64, d: usize) -> &str {
        use std::fmt::Write;
        self.0.clear();
        let _ = write!(self.0, "{x:.d$}");
        if self.0.starts_with('-') && self.0.bytes().skip(1).all(|b| b == b'0' || b == b'.') {
            self.0.remove(0);
        }
        &self.0
    }

    /// A raw value as written (`{}` of the f64), `不适用`, or empty.
    fn raw(&mut self, c: Cell) -> &str {
        use std::fmt::Write;
        self.0.clear();
        match c {
            Cell::Value(x) => {
                let _ = write!(self.0, "{x}");
            }
            Cell::Missing => {}
            Cell::NotApplicable => self.0.push_str("不适用"),
        }
        &self.0
    }
}

fn unit_row(
    v: &RankView,
    tr: &crate::results::TrackResult,
    lookup: &Lookup,
    pos: usize,
    s: &mut Sheet,
    buf: &mut Buf,
) {
    let cfg = v.labels.cfg();
    let d = cfg.decimals;
    let track = &cfg.tracks[tr.track];
    let unit = &v.labels.ds().registry.units[tr.units[pos]];
    s.text(&unit.id).text(&unit.name).text(&track.id);
    s.own_number(&tr.rank[pos].to_string());
    s.own_number(buf.fixed(tr.total[pos], d));
    s.text(track.grades.level_names()[tr.grade[pos]]);
    s.text(unit.category.id());
    s.text(
        unit.parent
            .map_or("", |p| v.labels.ds().registry.units[p].id.as_str()),
    );
    for k in &lookup.dim {
        match k {
            Some(k) => s.own_number(buf.fixed(tr.scores.dim_scores[*k][pos], d)),
            None => s.own_number(""),
        };
    }
    s.own_number(buf.fixed(tr.scores.indicator_total[pos], d));
    s.own_number(&format!("{}", tr.scores.applicable[pos]));
    s.own_number(buf.fixed(tr.bonus[pos], d));
    s.own_number(buf.fixed(tr.deduction[pos], d));
    s.own_number(if tr.veto[pos] { "1" } else { "0" });
    s.text(&v.labels.marks(tr, pos).join("; "));
    s.text(&v.labels.res().period.to_string()).text(&cfg.sha256);
    trend_cells(v, tr.track, pos, s);
    let td = &v.labels.ds().tracks[tr.track];
    for (ind, slot) in cfg.indicators.iter().zip(&lookup.slot) {
        let Some(slot) = *slot else {
            let blanks = if ind.growth.is_some() { 3 } else { 2 };
            for _ in 0..blanks {
                s.own_number("");
            }
            continue;
        };
        let data = &td.columns[slot];
        s.own_number(buf.raw(data.raw.get(pos)));
        if let Some(g) = &data.growth {
            match g.get(pos) {
                Cell::Value(x) => s.own_number(buf.fixed(x, d)),
                other => s.own_number(buf.raw(other)),
            };
        }
        let sc = &tr.scores.columns[slot];
        match sc.status(pos) {
            Status::NotApplicable => s.own_number(""),
            _ => s.own_number(buf.fixed(sc.score(pos), d)),
        };
    }
    s.end_row();
}
