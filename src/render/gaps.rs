//! Renderers of the gap analysis (`pingyi gaps`): a document (table / markdown), CSV/TSV and
//! JSON. CSV has one row per unit, lead columns `unit_id, unit_name, track, rank, total, grade`.

mod json;

use std::io::Write;

use rust_xlsxwriter::XlsxError;

use rayon::prelude::*;

use crate::render::Headers;

use super::doc::{Block, Blocks, Doc, DocTable, MarkdownStream, Pieces};
use super::labels::Labels;
use super::sheet::{CsvOptions, Sheet};
use super::text::{trend_cells, trend_text, trim_num, TREND_COLUMNS};
use super::xlsx::book;
use super::{Format, Style};
use crate::analysis::gaps::{Gaps, Lost, Strength, TrackGaps, UnitGap, TOP};
use crate::analysis::requirements::{requirements, Requirement};

/// Everything `pingyi gaps` shows.
pub struct GapsView<'a> {
    pub names: Labels<'a>,
    /// The gaps held whole, for [`doc`] (the streamed formats of [`write`] leave it empty).
    pub tracks: &'a [TrackGaps],
}

/// Whether `format` is made before it is written ([`workbook`]) rather than written as it is
/// made ([`write`]): the workbook.
pub fn whole(format: Format) -> bool {
    format == Format::Xlsx
}

/// The gap analysis of `g` as a workbook: the one format laid out whole (see [`whole`]); every
/// other is written as it is made ([`write`]). A workbook whose tables alone pass the
/// constant-memory size is laid out as it is made too, one unit's row and one requirement line
/// at a time (the same bytes as the document's: a province's gaps, 8 KB a unit held whole, are
/// never held); a smaller one is laid out from the document ([`doc`]). The names come from `v`
/// (its `tracks` unused).
pub fn workbook(v: &GapsView, g: &Gaps, w: &mut dyn Write) -> std::io::Result<()> {
    let period = Some(v.names.ev.period());
    // The document's rows: its title, each table's header and rows, its note (and the
    // requirement lines, not counted here).
    let tables: usize = g.tracks.iter().map(|&t| g.shown(t) + 1).sum();
    if tables + 2 <= book::CONSTANT_MEMORY_ROWS {
        let report = g.collect();
        let v = GapsView {
            names: v.names,
            tracks: &report,
        };
        return book::write_book(&doc(&v), period, w);
    }
    book::stream(period, &title(v), |book| lay_out(v, g, book), w)
}

/// Lays out the workbook of [`doc`] on `book` as its rows are made: each track's table, then
/// the title, every requirement line (made again, one unit at a time, as the Markdown's are) and
/// the note.
fn lay_out(v: &GapsView, g: &Gaps, book: &mut book::Book) -> Result<(), XlsxError> {
    g.each(|cx, tg, units| {
        let parents = has_parents(v, g.positions(cx).map(|pos| cx.tr.units[pos]));
        let rows = units.map(|u| table_row(v, tg.track, &u, parents));
        book.rows(&track_heading(v, tg), &table_columns(v, parents), rows)
    })?;
    book.note(&title(v))?;
    g.each(|cx, tg, _| {
        for pos in g.positions(cx) {
            for r in requirements(cx, pos) {
                book.bullet(&requirement_line(v, tg.track, cx.tr.units[pos], &r))?;
            }
        }
        Ok::<(), XlsxError>(())
    })?;
    book.note(&note(v))
}

/// Writes the gap analysis of `g` to `w` as it is made, one unit's gaps at a time, in `style`'s
/// format: CSV/TSV, JSON, JSON Lines, Markdown (the same bytes as the document's
/// [`Doc::markdown`]) or the terminal table (a track at a time: its table is laid out whole, for
/// its column widths; the same bytes as [`Doc::text`]). The names come from `v` (its `tracks`
/// unused).
pub fn write(v: &GapsView, g: &Gaps, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
    match style.format {
        Format::Csv | Format::Tsv => write_csv(v, g, style.csv, style.headers, w),
        Format::Json => json::write(v, g, w),
        Format::Jsonl => json::write_lines(v, g, w),
        Format::Table => write_table(v, g, style.width, w),
        _ => write_markdown(v, g, w),
    }
}

impl GapsView<'_> {
    fn lost_list(&self, t: usize, v: &[Lost]) -> String {
        let parts: Vec<String> = v
            .iter()
            .map(|l| {
                format!(
                    "{} {}",
                    self.names.indicator(t, l.slot).name,
                    self.names.fixed(l.lost)
                )
            })
            .collect();
        parts.join("、")
    }

    fn strength_list(&self, t: usize, v: &[Strength]) -> String {
        let parts: Vec<String> = v
            .iter()
            .map(|s| {
                format!(
                    "{} {}%",
                    self.names.indicator(t, s.slot).name,
                    trim_num((s.rate * 1000.0).round() / 10.0)
                )
            })
            .collect();
        parts.join("、")
    }
}

/// The document for the table and markdown formats: one section per track.
pub fn doc(v: &GapsView) -> Doc {
    let mut doc = Doc::default();
    doc.heading(1, title(v));
    for tg in v.tracks {
        let t = tg.track;
        doc.heading(2, track_heading(v, tg));
        let parents = has_parents(v, tg.units.iter().map(|u| u.unit));
        let mut table = table_columns(v, parents);
        for u in &tg.units {
            table.row(table_row(v, t, u, parents));
        }
        doc.table(table);
        let lines: Vec<String> = tg
            .units
            .iter()
            .flat_map(|u| {
                u.requirements
                    .iter()
                    .map(|r| requirement_line(v, t, u.unit, r))
            })
            .collect();
        if !lines.is_empty() {
            doc.heading(3, REQUIREMENTS);
            doc.lines(lines);
        }
    }
    doc.note(note(v));
    doc
}

fn title(v: &GapsView) -> String {
    format!("差距分析 · {}", v.names.ev.period())
}

fn note(v: &GapsView) -> String {
    format!(
        "失分 = (P·cap − 得分)·T/A；距上一名次 = 上一名次的总分 − 本单位总分；单项可追平 = 单项得满分即可使总分（四舍五入后）追平上一名次的指标。{}",
        v.names.provenance_line()
    )
}

/// [`doc`] as Markdown, written as it is made: a track's table row by row, then its requirement
/// lines, made again one unit at a time (at a hundred thousand units they are 140 MB of text).
fn write_markdown(v: &GapsView, g: &Gaps, w: &mut dyn Write) -> std::io::Result<()> {
    let mut md = MarkdownStream::new(w);
    md.block(&Block::Heading(1, title(v)))?;
    g.each(|cx, tg, units| {
        let t = tg.track;
        md.block(&Block::Heading(2, track_heading(v, tg)))?;
        let parents = has_parents(v, g.positions(cx).map(|pos| cx.tr.units[pos]));
        md.table_head(&table_columns(v, parents))?;
        for u in units {
            md.row(&table_row(v, t, &u, parents))?;
        }
        md.table_end()?;
        let mut lines = 0;
        for pos in g.positions(cx) {
            for r in requirements(cx, pos) {
                if lines == 0 {
                    md.block(&Block::Heading(3, REQUIREMENTS.to_string()))?;
                }
                md.line(&requirement_line(v, t, cx.tr.units[pos], &r))?;
                lines += 1;
            }
        }
        if lines > 0 {
            md.lines_end()?;
        }
        Ok::<(), std::io::Error>(())
    })?;
    md.block(&Block::Note(note(v)))?;
    md.finish()
}

/// [`doc`] as the terminal table, a track at a time: the track's section (its table with every
/// unit's row, then its requirement lines) is made and laid out, then written; nothing of another
/// track is held.
fn write_table(
    v: &GapsView,
    g: &Gaps,
    width: Option<u16>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let mut out = Pieces::new(w, true);
    let mut head = Doc::default();
    head.heading(1, title(v));
    out.put(head.text_piece(width).as_bytes())?;
    g.each(|cx, tg, units| {
        let t = tg.track;
        let mut section = Doc::default();
        section.heading(2, track_heading(v, tg));
        let parents = has_parents(v, g.positions(cx).map(|pos| cx.tr.units[pos]));
        let mut table = table_columns(v, parents);
        for u in units {
            table.row(table_row(v, t, &u, parents));
        }
        section.table(table);
        let lines: Vec<String> = g
            .positions(cx)
            .flat_map(|pos| {
                let unit = cx.tr.units[pos];
                requirements(cx, pos)
                    .into_iter()
                    .map(move |r| requirement_line(v, t, unit, &r))
            })
            .collect();
        if !lines.is_empty() {
            section.heading(3, REQUIREMENTS);
            section.lines(lines);
        }
        out.put(section.text_piece(width).as_bytes())
    })?;
    let mut end = Doc::default();
    end.note(note(v));
    out.put(end.text_piece(width).as_bytes())?;
    out.finish()
}

/// The heading of the requirement lines under a track's table.
pub const REQUIREMENTS: &str = "提要求";

/// A track section's heading: name, id, number of units, and the leader's, mean and median
/// totals.
pub fn track_heading(v: &GapsView, tg: &TrackGaps) -> String {
    let n = &v.names;
    let t = tg.track;
    let mut head = format!("{} ({}) · {} 个单位", n.track_name(t), n.track_id(t), tg.n);
    if let (Some(l), Some(m), Some(md)) = (tg.leader, tg.mean, tg.median) {
        head.push_str(&format!(
            " · 第一名 {} · 均值 {} · 中位数 {}",
            n.fixed(l),
            n.fixed(m),
            n.fixed(md)
        ));
    }
    head
}

/// Whether a table of `units` (registry indices) has a township column: villages and
/// communities are told apart by their township.
pub fn has_parents(v: &GapsView, mut units: impl Iterator<Item = usize>) -> bool {
    let registry = &v.names.ev.ds.registry.units;
    units.any(|u| registry[u].parent().is_some())
}

/// The gap table's columns, without rows.
pub fn table_columns(v: &GapsView, parents: bool) -> DocTable {
    let mut columns = vec![("名次", true), ("单位", false)];
    if parents {
        columns.push(("所属乡镇", false));
    }
    columns.extend([
        ("总分", true),
        ("距第一", true),
        ("距上一名次", true),
        ("较均值", true),
        ("较中位数", true),
        ("短板(失分)", false),
        ("长板(得分率)", false),
        ("单项可追平", false),
    ]);
    let mut table = DocTable::new(&columns);
    if v.names.against().is_some() {
        table.column("趋势", false);
    }
    table
}

/// One unit's row of the gap table of track `t`.
pub fn table_row(v: &GapsView, t: usize, u: &UnitGap, parents: bool) -> Vec<String> {
    let n = &v.names;
    let d = n.decimals();
    let mut row = vec![u.rank.to_string(), n.unit_name(u.unit).to_string()];
    if parents {
        row.push(n.parent_name(u.unit).to_string());
    }
    row.extend([
        n.fixed(u.total),
        n.fixed(u.behind_leader),
        u.next
            .map(|np| n.fixed(np.gap))
            .unwrap_or_else(|| "—".into()),
        super::signed(u.vs_mean, d),
        super::signed(u.vs_median, d),
        v.lost_list(t, &u.weakest),
        v.strength_list(t, &u.strongest),
        closers_cell(v, t, u),
    ]);
    if let Some(against) = v.names.against() {
        row.push(
            u.movement
                .map(|m| trend_text(&m, against, d))
                .unwrap_or_default(),
        );
    }
    row
}

/// One requirement line of `unit` on track `t`: `单位：要求`.
pub fn requirement_line(v: &GapsView, t: usize, unit: usize, r: &Requirement) -> String {
    let n = &v.names;
    format!("{}：{}", n.unit_name(unit), n.requirement(t, r))
}

/// The closers with the most points lost first; beyond [`TOP`] only their count (CSV and JSON
/// list them all).
fn closers_cell(v: &GapsView, t: usize, u: &UnitGap) -> String {
    let names: Vec<&str> = u
        .closers
        .iter()
        .take(TOP)
        .map(|l| v.names.indicator(t, l.slot).name.as_str())
        .collect();
    let mut cell = names.join("、");
    if u.closers.len() > TOP {
        cell.push_str(&format!(" 等{}项", u.closers.len()));
    }
    cell
}

/// CSV/TSV: one row per unit, written as the rows are made.
fn write_csv(
    v: &GapsView,
    g: &Gaps,
    opts: CsvOptions,
    headers: Headers,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let mut s = Sheet::new(opts);
    let mut header: Vec<String> = [
        "unit_id",
        "unit_name",
        "track",
        "rank",
        "total",
        "grade",
        "track_units",
        "leader_total",
        "behind_leader",
        "next_rank",
        "next_total",
        "behind_next",
        "track_mean",
        "vs_mean",
        "track_median",
        "vs_median",
    ]
    .map(String::from)
    .to_vec();
    for i in 1..=TOP {
        header.extend([format!("weak{i}"), format!("weak{i}_lost")]);
    }
    for i in 1..=TOP {
        header.extend([format!("strong{i}"), format!("strong{i}_rate")]);
    }
    let tail = ["closers", "period", "config_sha256"].into_iter();
    let tail = tail.chain(TREND_COLUMNS).chain(["requirements"]);
    header.extend(tail.map(String::from));
    s.header(super::headers::names(&header, headers));
    s.drain(w)?;
    // Rows are made a round of units at a time, a share of it on each core, and written in
    // order: a province's gaps are never held whole.
    let rows = |units: &[UnitGap], tg: &TrackGaps| {
        let mut s = Sheet::new(opts);
        let mut out = Vec::new();
        for u in units {
            s.record(csv_row(v, tg, u));
        }
        s.drain(&mut out).map(|()| out)
    };
    let mut round = Vec::with_capacity(ROUND);
    g.each(|_, tg, units| {
        loop {
            round.clear();
            round.extend((&mut *units).take(ROUND));
            if round.is_empty() {
                break;
            }
            let parts: Vec<std::io::Result<Vec<u8>>> = round
                .par_chunks(ROUND / 8)
                .map(|part| rows(part, tg))
                .collect();
            for part in parts {
                w.write_all(&part?)?;
            }
        }
        Ok::<(), std::io::Error>(())
    })
}

/// Units whose CSV rows are made together.
const ROUND: usize = 4096;

fn csv_row(v: &GapsView, tg: &TrackGaps, u: &UnitGap) -> Vec<String> {
    let n = &v.names;
    let t = tg.track;
    let mut row = vec![
        n.unit_id(u.unit).to_string(),
        n.unit_name(u.unit).to_string(),
        n.track_id(t).to_string(),
        u.rank.to_string(),
        n.fixed(u.total),
        n.grade(t, n.ev.res.tracks[t].grade(u.pos)).to_string(),
        tg.n.to_string(),
        n.opt(tg.leader),
        n.fixed(u.behind_leader),
        u.next.map(|np| np.rank.to_string()).unwrap_or_default(),
        n.opt(u.next.map(|np| np.total)),
        n.opt(u.next.map(|np| np.gap)),
        n.opt(tg.mean),
        n.fixed(u.vs_mean),
        n.opt(tg.median),
        n.fixed(u.vs_median),
    ];
    for i in 0..TOP {
        match u.weakest.get(i) {
            Some(l) => row.extend([n.indicator(t, l.slot).id.clone(), n.fixed(l.lost)]),
            None => row.extend([String::new(), String::new()]),
        }
    }
    for i in 0..TOP {
        match u.strongest.get(i) {
            Some(s) => row.extend([
                n.indicator(t, s.slot).id.clone(),
                format!("{:.4}", crate::num::round_to(s.rate, 4)),
            ]),
            None => row.extend([String::new(), String::new()]),
        }
    }
    let closers: Vec<&str> = u
        .closers
        .iter()
        .map(|l| n.indicator(t, l.slot).id.as_str())
        .collect();
    row.push(closers.join(";"));
    row.push(n.ev.period().to_string());
    row.push(n.ev.cfg.sha256.clone());
    row.extend(trend_cells(
        u.movement.as_ref(),
        v.names.against(),
        n.decimals(),
    ));
    row.push(n.requirements_cell(t, &u.requirements));
    row
}

#[cfg(test)]
mod tests;
