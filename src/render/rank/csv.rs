//! CSV/TSV of the ranking: one row per unit with everything needed to pivot it in a spreadsheet.
//!
//! [`render`] writes one row per unit with everything needed to pivot it in a spreadsheet. Lead
//! columns `unit_id, unit_name, track, rank, total, grade`; then the unit's category and parent,
//! every dimension subtotal (`dim:<id>`), the rescaling, adjustments, marks, and for every
//! indicator its raw value (`<id>`), growth (`<id>:growth`, growth indicators only) and score
//! (`<id>:score`). Cells for indicators not on the unit's track are empty.

use std::io::Write;

use super::columns::header;
use super::RankView;
use crate::analysis::trend::Move;
use crate::config::MissingPolicy;
use crate::data::{Cell, Column};
use crate::num::{push_fixed, push_raw};
use crate::render::sheet::{push_text, CsvOptions, Sheet};
use crate::render::Headers;
use crate::results::{Status, TrackResult};
use crate::units::Unit;

/// The ranking as CSV or TSV.
pub fn render(v: &RankView, opts: CsvOptions) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(v, opts, Headers::Id, &mut out);
    out
}

/// How many rows are formatted together. Rows are written in rank order, which reads every
/// column at scattered positions; formatting a chunk of rows one column at a time keeps the
/// column being read in the cache (at a million units, row by row spent most of its time waiting
/// for memory).
const CHUNK: usize = 1024;

/// How many chunks are formatted at once (in parallel, then written in order): bounds the
/// memory of the rows waiting to be written.
const BATCH: usize = 16;

/// Rankings of at most this many rows are formatted on the calling thread: for a district's few
/// hundred units, starting the formatting threads took longer than the formatting.
const SMALL: usize = 2 * CHUNK;

/// Writes the ranking to `w`, a chunk of rows at a time; the chunks of a batch are formatted on
/// every core and written in order, so the bytes are the same as formatting them one by one.
/// Formatting runs on its own thread, a batch ahead of the writing (which also hashes what it
/// writes), so that neither waits for the other — except for a ranking of at most [`SMALL`]
/// rows, formatted and written chunk by chunk on the calling thread.
pub fn write(
    v: &RankView,
    opts: CsvOptions,
    headers: Headers,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    write_in(v, opts, headers, w, SMALL)
}

/// [`write`], on the calling thread when the ranking has at most `small` rows.
fn write_in(
    v: &RankView,
    opts: CsvOptions,
    headers: Headers,
    w: &mut dyn Write,
    small: usize,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mut s = Sheet::new(opts);
    let header = header(v, headers);
    // Room for a row of short numbers, so that most rows are built without growing.
    let room = header.len() * 8;
    s.header(header);
    w.write_all(&s.into_bytes())?;
    let rows: usize = v.track_results().map(|tr| tr.order.len()).sum();
    if rows <= small {
        for tr in v.track_results() {
            let cx = Chunk::new(v, tr, opts);
            for chunk in tr.order.chunks(CHUNK) {
                w.write_all(&cx.lines(chunk, room))?;
            }
        }
        return Ok(());
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for tr in v.track_results() {
                let cx = Chunk::new(v, tr, opts);
                let chunks: Vec<&[usize]> = tr.order.chunks(CHUNK).collect();
                for batch in chunks.chunks(BATCH) {
                    let done: Vec<Vec<u8>> = batch
                        .par_iter()
                        .map(|chunk| cx.lines(chunk, room))
                        .collect();
                    // The writer stopped on an error: nothing more to format.
                    if tx.send(done).is_err() {
                        return;
                    }
                }
            }
        });
        for done in rx {
            for out in &done {
                w.write_all(out)?;
            }
        }
        Ok(())
    })
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

    /// The lines of the rows of `chunk` (positions), each ended by `\n`; `room`: the bytes a
    /// row is first given.
    fn lines(&self, chunk: &[usize], room: usize) -> Vec<u8> {
        let mut rows: Vec<Vec<u8>> = chunk.iter().map(|_| Vec::with_capacity(room)).collect();
        self.fill(chunk, &mut rows);
        let mut out = Vec::with_capacity(rows.iter().map(|r| r.len() + 1).sum());
        for r in &rows {
            out.extend_from_slice(r);
            out.push(b'\n');
        }
        out
    }

    /// Appends the cells of every row of `chunk` (positions), one column at a time; each column's
    /// cells at the chunk's scattered positions are gathered first in one tight pass (see
    /// [`Column::gather`]).
    fn fill(&self, chunk: &[usize], rows: &mut [Vec<u8>]) {
        let (v, tr, d, opts) = (self.v, self.tr, self.d, self.opts);
        let cfg = v.labels.cfg();
        let reg = &v.labels.ds().registry;
        let track = &cfg.tracks[tr.track];
        let levels = track.grades.level_names();
        let sep = opts.delimiter;
        let text = |row: &mut Vec<u8>, t: &str| push_text(row, t, opts);
        // The units and their parents sit at scattered places of the registry: their texts are
        // fetched in tight passes, where the cache misses overlap, as a column's cells are (see
        // [`Column::gather`]), rather than one at a time between the cells written.
        let units: Vec<&Unit> = chunk.iter().map(|&p| &reg.units[tr.units[p]]).collect();
        let ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
        let categories: Vec<&str> = units.iter().map(|u| u.category.id()).collect();
        let parents: Vec<Option<&Unit>> = units
            .iter()
            .map(|u| u.parent().map(|p| &reg.units[p]))
            .collect();
        let parent_ids: Vec<&str> = parents
            .iter()
            .map(|p| p.map_or("", |p| p.id.as_str()))
            .collect();
        let f64s = |col: &[f64]| -> Vec<f64> { chunk.iter().map(|&p| col[p]).collect() };
        each(rows, sep, |r, k| text(r, ids[k]));
        each(rows, sep, |r, k| text(r, names[k]));
        // Cells the same on every row of the track (or one of a few), escaped once.
        let track_cell = escaped(&track.id, opts);
        each(rows, sep, |r, _| r.extend_from_slice(&track_cell));
        let ranks: Vec<u32> = chunk.iter().map(|&p| tr.rank[p]).collect();
        each(rows, sep, |r, k| {
            r.extend_from_slice(itoa::Buffer::new().format(ranks[k]).as_bytes())
        });
        let totals: Vec<f64> = chunk.iter().map(|&p| tr.total(p)).collect();
        each(rows, sep, |r, k| push_fixed(r, totals[k], d));
        let grades: Vec<usize> = chunk.iter().map(|&p| tr.grade(p)).collect();
        let level_cells: Vec<Vec<u8>> = levels.iter().map(|l| escaped(l, opts)).collect();
        each(rows, sep, |r, k| {
            r.extend_from_slice(&level_cells[grades[k]])
        });
        each(rows, sep, |r, k| text(r, categories[k]));
        each(rows, sep, |r, k| text(r, parent_ids[k]));
        each(rows, sep, |r, k| {
            text(r, parents[k].map_or("", |p| p.name.as_str()))
        });
        if v.lean {
            self.period_and_trends(chunk, rows);
            return;
        }
        for k in &self.dim {
            match k {
                Some(k) => {
                    let dims = f64s(&tr.scores.dim_scores[*k]);
                    each(rows, sep, |r, j| push_fixed(r, dims[j], d))
                }
                None => each(rows, sep, |_, _| {}),
            }
        }
        let sums = f64s(&tr.scores.indicator_total);
        each(rows, sep, |r, k| push_fixed(r, sums[k], d));
        let applicable: Vec<f64> = chunk.iter().map(|&p| tr.scores.applicable[p]).collect();
        each(rows, sep, |r, k| push_raw(r, applicable[k]));
        let bonus: Vec<f64> = chunk.iter().map(|&p| tr.bonus[p]).collect();
        each(rows, sep, |r, k| push_fixed(r, bonus[k], d));
        let deduction: Vec<f64> = chunk.iter().map(|&p| tr.deduction[p]).collect();
        each(rows, sep, |r, k| push_fixed(r, deduction[k], d));
        let veto: Vec<bool> = chunk.iter().map(|&p| tr.veto[p]).collect();
        each(rows, sep, |r, k| r.push(if veto[k] { b'1' } else { b'0' }));
        // Every indicator's cells and scores at once: the marks need the statuses before the
        // indicator columns. Each column is gathered once, and its scores derived from the cells
        // gathered (the method scores the raw or growth column, or a derived one of its own).
        let td = &v.labels.ds().tracks[tr.track];
        let n = td.columns.len();
        let mut raw: Vec<Column> = Vec::with_capacity(n);
        let mut growth: Vec<Option<Column>> = Vec::with_capacity(n);
        let mut scores: Vec<Vec<(Status, f64)>> = Vec::with_capacity(n);
        for (data, col) in td.columns.iter().zip(&tr.scores.columns) {
            let mut r = Column::missing(0);
            data.raw.gather(chunk, &mut r);
            let g = data.growth.as_ref().map(|g| {
                let mut cells = Column::missing(0);
                g.gather(chunk, &mut cells);
                (&**g, cells)
            });
            let mut gathered = vec![(&*data.raw, &r)];
            gathered.extend(g.as_ref().map(|(g, cells)| (*g, cells)));
            let mut sc = Vec::with_capacity(chunk.len());
            col.gather_from(chunk, &gathered, &mut sc);
            scores.push(sc);
            growth.push(g.map(|(_, cells)| cells));
            raw.push(r);
        }
        let marks = self.marks(chunk, &veto, &scores);
        each(rows, sep, |r, k| text(r, &marks[k]));
        self.period_and_trends(chunk, rows);
        for (ind, slot) in cfg.indicators.iter().zip(&self.slot) {
            let Some(slot) = *slot else {
                let blanks = if ind.growth.is_some() { 3 } else { 2 };
                for _ in 0..blanks {
                    each(rows, sep, |_, _| {});
                }
                continue;
            };
            let cells = &raw[slot];
            each(rows, sep, |r, k| cells.push_raw(k, r));
            if let Some(cells) = &growth[slot] {
                each(rows, sep, |r, k| match cells.get(k) {
                    Cell::Value(x) => push_fixed(r, x, d),
                    other => push_cell(r, other),
                });
            }
            let sc = &scores[slot];
            each(rows, sep, |r, k| {
                if sc[k].0 != Status::NotApplicable {
                    push_fixed(r, sc[k].1, d)
                }
            });
        }
    }

    /// `period, config_sha256`, then the trend columns.
    fn period_and_trends(&self, chunk: &[usize], rows: &mut [Vec<u8>]) {
        let (v, opts) = (self.v, self.opts);
        let period = escaped(&v.labels.res().period.to_string(), opts);
        each(rows, opts.delimiter, |r, _| r.extend_from_slice(&period));
        let sha = escaped(&v.labels.cfg().sha256, opts);
        each(rows, opts.delimiter, |r, _| r.extend_from_slice(&sha));
        self.trends(chunk, rows);
    }

    /// `against, prev_rank, rank_change, score_change, trend`; empty without an earlier period.
    fn trends(&self, chunk: &[usize], rows: &mut [Vec<u8>]) {
        let (v, d, opts) = (self.v, self.d, self.opts);
        let against = v
            .labels
            .trends
            .map(|t| t.against.to_string())
            .unwrap_or_default();
        let moves: Vec<Option<Move>> = chunk
            .iter()
            .map(|&pos| v.labels.movement(self.tr.track, pos))
            .collect();
        for (row, m) in rows.iter_mut().zip(moves) {
            let sep = |row: &mut Vec<u8>| row.push(opts.delimiter);
            let Some(m) = m else {
                for _ in 0..5 {
                    sep(row);
                }
                continue;
            };
            sep(row);
            push_text(row, &against, opts);
            sep(row);
            if let Some(r) = m.prev_rank() {
                row.extend_from_slice(itoa::Buffer::new().format(r).as_bytes());
            }
            sep(row);
            if let Some(r) = m.rank_change() {
                row.extend_from_slice(itoa::Buffer::new().format(r).as_bytes());
            }
            sep(row);
            if let Some(x) = m.score_change() {
                push_fixed(row, x, d);
            }
            sep(row);
            push_text(row, m.label.chinese(), opts);
        }
    }

    /// The marks of every row: veto, then the indicators whose missing cells were filled (only
    /// indicators with a filling policy are looked at; the full text only for rows that have
    /// marks, from the statuses at hand rather than read again at the rows' scattered
    /// positions).
    fn marks(&self, chunk: &[usize], veto: &[bool], scores: &[Vec<(Status, f64)>]) -> Vec<String> {
        let (v, tr) = (self.v, self.tr);
        let cfg = v.labels.cfg();
        let track = &cfg.tracks[tr.track];
        let filling: Vec<usize> = (0..track.indicators.len())
            .filter(|&s| cfg.indicator(&track.indicators[s]).missing != MissingPolicy::Error)
            .collect();
        // The rows with marks, found a column at a time (each column's statuses read in turn).
        let mut marked = veto.to_vec();
        for &s in &filling {
            for (m, sc) in marked.iter_mut().zip(&scores[s]) {
                *m |= !matches!(sc.0, Status::Scored | Status::NotApplicable);
            }
        }
        (0..chunk.len())
            .map(|k| {
                if marked[k] {
                    v.labels
                        .marks_of(tr, veto[k], |s| scores[s][k].0)
                        .join("; ")
                } else {
                    String::new()
                }
            })
            .collect()
    }
}

/// Appends one cell to every row of a chunk: the delimiter (except before a row's first cell),
/// then what `f` writes for the row's position in the chunk.
#[inline]
fn each(rows: &mut [Vec<u8>], delimiter: u8, mut f: impl FnMut(&mut Vec<u8>, usize)) {
    for (k, row) in rows.iter_mut().enumerate() {
        if !row.is_empty() {
            row.push(delimiter);
        }
        f(row, k);
    }
}

/// A text cell as [`push_text`] writes it, for a cell repeated on many rows.
fn escaped(text: &str, opts: CsvOptions) -> Vec<u8> {
    let mut out = Vec::new();
    push_text(&mut out, text, opts);
    out
}

/// A raw cell as written: the value, `不适用`, or nothing for missing.
fn push_cell(out: &mut Vec<u8>, c: Cell) {
    match c {
        Cell::Value(x) => push_raw(out, x),
        Cell::Missing => {}
        Cell::NotApplicable => out.extend_from_slice("不适用".as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{config_a, Fixture};
    use crate::render::labels::Labels;

    /// The ranking of `units` generated townships (fixture A's scheme) written on the calling
    /// thread and by the formatting threads.
    fn both_ways(units: usize) -> (Vec<u8>, Vec<u8>) {
        let mut registry = String::from("id,name,category,parent\n");
        let mut data = String::from("unit_id,out,tgt,acc\n");
        for i in 0..units {
            registry.push_str(&format!("T{i},镇{i},township,\n"));
            let tgt = if i % 7 == 0 {
                "-".to_string()
            } else {
                (i % 13).to_string()
            };
            data.push_str(&format!("T{i},{},{tgt},{}\n", 40 + i % 61, i % 5));
        }
        let f = Fixture::new(
            &config_a(),
            &[("units.csv", &registry), ("2024Q2/township.csv", &data)],
        );
        let ev = f.eval("2024Q2");
        let view = RankView {
            labels: Labels::new(&ev),
            tracks: vec![0],
            lean: false,
        };
        let mut calling = Vec::new();
        let mut threads = Vec::new();
        write_in(
            &view,
            CsvOptions::CSV,
            Headers::Id,
            &mut calling,
            usize::MAX,
        )
        .unwrap();
        write_in(&view, CsvOptions::CSV, Headers::Id, &mut threads, 0).unwrap();
        (calling, threads)
    }

    /// A small ranking is written on the calling thread, a large one by threads in batches of
    /// chunks: the same bytes either way, every unit once, in rank order — for a ranking of one
    /// row, one chunk, a chunk and one row, and more than a batch of chunks.
    #[test]
    fn the_calling_thread_writes_the_bytes_the_threads_write() {
        for units in [1, CHUNK, CHUNK + 1, BATCH * CHUNK + 3] {
            let (calling, threads) = both_ways(units);
            assert_eq!(calling, threads, "{units} units");
            let text = String::from_utf8(calling).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), units + 1, "{units} units: header and rows");
            let rank_col = lines[0].split(',').position(|h| h == "rank").unwrap();
            let ranks: Vec<u32> = lines[1..]
                .iter()
                .map(|l| l.split(',').nth(rank_col).unwrap().parse().unwrap())
                .collect();
            assert_eq!(ranks[0], 1);
            assert!(
                ranks.windows(2).all(|w| w[0] <= w[1]),
                "{units} units: rank order"
            );
        }
    }
}
