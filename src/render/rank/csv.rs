//! CSV/TSV of the ranking: one row per unit with everything needed to pivot it in a spreadsheet.
//!
//! [`render`] writes one row per unit with everything needed to pivot it in a spreadsheet. Lead
//! columns `unit_id, unit_name, track, rank, total, grade`; then the unit's category and parent,
//! every dimension subtotal (`dim:<id>`), the rescaling, adjustments, marks, and for every
//! indicator its raw value (`<id>`), growth (`<id>:growth`, growth indicators only) and score
//! (`<id>:score`). Cells for indicators not on the unit's track are empty.

use std::io::Write;

use super::RankView;
use crate::config::MissingPolicy;
use crate::data::Cell;
use crate::num::{push_fixed, push_raw};
use crate::render::sheet::{push_text, CsvOptions, Sheet};
use crate::results::{Status, TrackResult};

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
pub fn render(v: &RankView, opts: CsvOptions) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(v, opts, &mut out);
    out
}

/// How many rows are formatted together. Rows are written in rank order, which reads every
/// column at scattered positions; formatting a chunk of rows one column at a time keeps the
/// column being read in the cache (at a million units, row by row spent most of its time waiting
/// for memory).
const CHUNK: usize = 4096;

/// Writes the ranking to `w`, a chunk of rows at a time.
pub fn write(v: &RankView, opts: CsvOptions, w: &mut dyn Write) -> std::io::Result<()> {
    let mut s = Sheet::new(opts);
    s.header(header(v));
    w.write_all(&s.into_bytes())?;
    let mut rows: Vec<Vec<u8>> = Vec::new();
    let mut out = Vec::new();
    for tr in v.track_results() {
        let cx = Chunk::new(v, tr, opts);
        for chunk in tr.order.chunks(CHUNK) {
            rows.resize_with(chunk.len(), Vec::new);
            for r in rows.iter_mut() {
                r.clear();
            }
            cx.fill(chunk, &mut rows);
            out.clear();
            for r in &rows[..chunk.len()] {
                out.extend_from_slice(r);
                out.push(b'\n');
            }
            w.write_all(&out)?;
        }
    }
    Ok(())
}

/// One track's columns, laid out once: each config indicator's slot on the track and each
/// dimension's subtotal row.
struct Chunk<'a> {
    v: &'a RankView<'a>,
    tr: &'a TrackResult,
    opts: CsvOptions,
    slot: Vec<Option<usize>>,
    dim: Vec<Option<usize>>,
    d: usize,
}

impl<'a> Chunk<'a> {
    fn new(v: &'a RankView<'a>, tr: &'a TrackResult, opts: CsvOptions) -> Chunk<'a> {
        let cfg = v.labels.cfg();
        let track = &cfg.tracks[tr.track];
        let slot = (0..cfg.indicators.len())
            .map(|i| track.indicators.iter().position(|ti| ti.indicator == i))
            .collect();
        let dim = (0..cfg.dimensions.len())
            .map(|d| tr.scores.dims.iter().position(|&x| x == d))
            .collect();
        Chunk {
            v,
            tr,
            opts,
            slot,
            dim,
            d: cfg.decimals,
        }
    }

    /// Appends the cells of every row of `chunk` (positions), one column at a time.
    fn fill(&self, chunk: &[usize], rows: &mut [Vec<u8>]) {
        let (v, tr, d, opts) = (self.v, self.tr, self.d, self.opts);
        let cfg = v.labels.cfg();
        let reg = &v.labels.ds().registry;
        let track = &cfg.tracks[tr.track];
        let levels = track.grades.level_names();
        let each = |rows: &mut [Vec<u8>], f: &mut dyn FnMut(&mut Vec<u8>, usize)| {
            for (row, &pos) in rows.iter_mut().zip(chunk) {
                if !row.is_empty() {
                    row.push(opts.delimiter);
                }
                f(row, pos);
            }
        };
        let text = |row: &mut Vec<u8>, t: &str| push_text(row, t, opts);
        each(rows, &mut |r, pos| text(r, &reg.units[tr.units[pos]].id));
        each(rows, &mut |r, pos| text(r, &reg.units[tr.units[pos]].name));
        each(rows, &mut |r, _| text(r, &track.id));
        each(rows, &mut |r, pos| {
            r.extend_from_slice(itoa::Buffer::new().format(tr.rank[pos]).as_bytes())
        });
        each(rows, &mut |r, pos| push_fixed(r, tr.total[pos], d));
        each(rows, &mut |r, pos| text(r, levels[tr.grade[pos]]));
        each(rows, &mut |r, pos| {
            text(r, reg.units[tr.units[pos]].category.id())
        });
        each(rows, &mut |r, pos| {
            let unit = &reg.units[tr.units[pos]];
            text(r, unit.parent.map_or("", |p| reg.units[p].id.as_str()))
        });
        for k in &self.dim {
            match k {
                Some(k) => each(rows, &mut |r, pos| {
                    push_fixed(r, tr.scores.dim_scores[*k][pos], d)
                }),
                None => each(rows, &mut |_, _| {}),
            }
        }
        each(rows, &mut |r, pos| {
            push_fixed(r, tr.scores.indicator_total[pos], d)
        });
        each(rows, &mut |r, pos| push_raw(r, tr.scores.applicable[pos]));
        each(rows, &mut |r, pos| push_fixed(r, tr.bonus[pos], d));
        each(rows, &mut |r, pos| push_fixed(r, tr.deduction[pos], d));
        each(rows, &mut |r, pos| {
            r.push(if tr.veto[pos] { b'1' } else { b'0' })
        });
        let marks = self.marks(chunk);
        let mut k = 0;
        each(rows, &mut |r, _| {
            text(r, &marks[k]);
            k += 1;
        });
        let period = v.labels.res().period.to_string();
        each(rows, &mut |r, _| text(r, &period));
        each(rows, &mut |r, _| text(r, &cfg.sha256));
        self.trends(chunk, rows);
        let td = &v.labels.ds().tracks[tr.track];
        for (ind, slot) in cfg.indicators.iter().zip(&self.slot) {
            let Some(slot) = *slot else {
                let blanks = if ind.growth.is_some() { 3 } else { 2 };
                for _ in 0..blanks {
                    each(rows, &mut |_, _| {});
                }
                continue;
            };
            let data = &td.columns[slot];
            each(rows, &mut |r, pos| data.raw.push_raw(pos, r));
            if let Some(g) = &data.growth {
                each(rows, &mut |r, pos| match g.get(pos) {
                    Cell::Value(x) => push_fixed(r, x, d),
                    other => push_cell(r, other),
                });
            }
            let sc = &tr.scores.columns[slot];
            each(rows, &mut |r, pos| {
                if sc.status(pos) != Status::NotApplicable {
                    push_fixed(r, sc.score(pos), d)
                }
            });
        }
    }

    /// `against, prev_rank, rank_change, score_change, trend`; empty without an earlier period.
    fn trends(&self, chunk: &[usize], rows: &mut [Vec<u8>]) {
        let (v, d, opts) = (self.v, self.d, self.opts);
        let against = v
            .labels
            .trends
            .map(|t| t.against.to_string())
            .unwrap_or_default();
        for (row, &pos) in rows.iter_mut().zip(chunk) {
            let sep = |row: &mut Vec<u8>| row.push(opts.delimiter);
            let Some(m) = v.labels.movement(self.tr.track, pos) else {
                for _ in 0..5 {
                    sep(row);
                }
                continue;
            };
            sep(row);
            push_text(row, &against, opts);
            sep(row);
            if let Some(r) = m.prev_rank {
                row.extend_from_slice(itoa::Buffer::new().format(r).as_bytes());
            }
            sep(row);
            if let Some(r) = m.rank_change {
                row.extend_from_slice(itoa::Buffer::new().format(r).as_bytes());
            }
            sep(row);
            if let Some(x) = m.score_change {
                push_fixed(row, x, d);
            }
            sep(row);
            push_text(row, m.label.chinese(), opts);
        }
    }

    /// The marks of every row: veto, then the indicators whose missing cells were filled (only
    /// indicators with a filling policy are looked at).
    fn marks(&self, chunk: &[usize]) -> Vec<String> {
        let (v, tr) = (self.v, self.tr);
        let cfg = v.labels.cfg();
        let track = &cfg.tracks[tr.track];
        let filling: Vec<usize> = (0..track.indicators.len())
            .filter(|&s| cfg.indicator(&track.indicators[s]).missing != MissingPolicy::Error)
            .collect();
        chunk
            .iter()
            .map(|&pos| {
                if !tr.veto[pos]
                    && filling.iter().all(|&s| {
                        tr.scores.columns[s].status(pos) == Status::Scored
                            || tr.scores.columns[s].status(pos) == Status::NotApplicable
                    })
                {
                    String::new()
                } else {
                    v.labels.marks(tr, pos).join("; ")
                }
            })
            .collect()
    }
}

/// A raw cell as written: the value, `不适用`, or nothing for missing.
fn push_cell(out: &mut Vec<u8>, c: Cell) {
    match c {
        Cell::Value(x) => push_raw(out, x),
        Cell::Missing => {}
        Cell::NotApplicable => out.extend_from_slice("不适用".as_bytes()),
    }
}
