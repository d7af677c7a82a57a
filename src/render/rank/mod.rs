//! The ranking (`pingyi rank`, the default command): one ranked table per track, as a document
//! (terminal table and markdown notice), CSV/TSV ([`csv`]) and JSON ([`json`]).

mod columns;
pub mod csv;
pub mod json;

use super::doc::{Blocks, Doc, DocTable, Pieces};
use super::labels::Labels;
use super::{signed, Format, Style};
use crate::results::TrackResult;

/// The ranking of `tracks` (indices, in config order).
pub struct RankView<'a> {
    pub labels: Labels<'a>,
    pub tracks: Vec<usize>,
    /// CSV/TSV: the lead, period and trend columns only (`rank --lean`).
    pub lean: bool,
}

impl<'a> RankView<'a> {
    pub fn track_results(&self) -> impl Iterator<Item = &'a TrackResult> + '_ {
        let res = self.labels.res();
        self.tracks.iter().map(move |&t| &res.tracks[t])
    }
}

/// The ranking in `style`'s format.
pub fn render(v: &RankView, style: &Style) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(v, style, &mut out);
    out
}

/// Writes the ranking in `style`'s format to `w`: CSV, TSV and JSON as they are produced.
pub fn write(v: &RankView, style: &Style, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    match style.format {
        Format::Table => write_table(v, style.width, w),
        Format::Markdown => write_markdown(v, w),
        Format::Csv | Format::Tsv => csv::write(v, style.csv, style.headers, w),
        Format::Json => json::write(v, w),
        Format::Jsonl => json::write_lines(v, w),
        Format::Xlsx => workbook(v, w),
    }
}

/// [`doc`] as a workbook. Its tables alone passing the constant-memory size (a province's), it
/// is laid out as its rows are made, the document never held (the same bytes).
fn workbook(v: &RankView, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use super::xlsx::book;
    let period = Some(v.labels.res().period);
    // The document's rows: its title, each table's header and rows, its note.
    let rows: usize = v.track_results().map(|tr| tr.order.len() + 1).sum();
    if rows + 2 <= book::CONSTANT_MEMORY_ROWS {
        return book::write_book(&doc(v), period, w);
    }
    book::stream(period, &title(v), |b| lay_out(v, b), w)
}

/// Lays out the workbook of [`doc`] on `b` as its rows are made: each track's table, then the
/// title and the note.
fn lay_out(
    v: &RankView,
    b: &mut super::xlsx::book::Book,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for tr in v.track_results() {
        let (table, parents) = track_table(v, tr);
        let grades = &table.grades;
        let rows = (tr.order.iter()).map(|&pos| track_row(v, tr, pos, parents, grades));
        b.rows_ahead(&track_heading(v, tr), &table, rows)?;
    }
    b.note(&title(v))?;
    b.note(&note(v))
}

/// The ranked notice as a document: a title, then per track a heading and the ranked table,
/// then the provenance note (the HTML report shows the same tables).
pub fn doc(v: &RankView) -> Doc {
    let mut doc = Doc::default();
    doc.heading(1, title(v));
    for tr in v.track_results() {
        doc.heading(2, track_heading(v, tr));
        let (mut table, parents) = track_table(v, tr);
        for &pos in &tr.order {
            table.row(track_row(v, tr, pos, parents, &table.grades));
        }
        doc.table(table);
    }
    doc.note(note(v));
    doc
}

/// [`doc`] as the terminal table, a track at a time (its table laid out whole, for its column
/// widths; the same bytes as `doc(v).text(width)`): nothing of another track is held.
pub fn write_table(
    v: &RankView,
    width: Option<u16>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = Pieces::new(w, true);
    let mut head = Doc::default();
    head.heading(1, title(v));
    out.put(head.text_piece(width).as_bytes())?;
    for tr in v.track_results() {
        let mut section = Doc::default();
        section.heading(2, track_heading(v, tr));
        let (mut table, parents) = track_table(v, tr);
        for &pos in &tr.order {
            table.row(track_row(v, tr, pos, parents, &table.grades));
        }
        section.table(table);
        out.put(section.text_piece(width).as_bytes())?;
    }
    let mut end = Doc::default();
    end.note(note(v));
    out.put(end.text_piece(width).as_bytes())?;
    out.finish()
}

/// [`doc`] as Markdown, written row by row as it is made (the same bytes as
/// `doc(v).markdown()`, never the whole notice in memory).
pub fn write_markdown(v: &RankView, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use super::doc::{Block, MarkdownStream};
    let mut md = MarkdownStream::new(w);
    md.block(&Block::Heading(1, title(v)))?;
    for tr in v.track_results() {
        md.block(&Block::Heading(2, track_heading(v, tr)))?;
        let (table, parents) = track_table(v, tr);
        md.table_head(&table)?;
        for &pos in &tr.order {
            md.row(&track_row(v, tr, pos, parents, &table.grades))?;
        }
        md.table_end()?;
    }
    md.block(&Block::Note(note(v)))?;
    md.finish()
}

fn title(v: &RankView) -> String {
    format!("考核结果通报 · {}", v.labels.res().period)
}

fn track_heading(v: &RankView, tr: &TrackResult) -> String {
    let track = &v.labels.cfg().tracks[tr.track];
    format!("{} ({}) · {} 个单位", track.name, track.id, tr.units.len())
}

fn note(v: &RankView) -> String {
    format!(
        "评分规则 config: {} (sha256 {})",
        v.labels.cfg().path.display(),
        v.labels.cfg().sha256
    )
}

/// The ranked table of a track without its rows (its grade names set), and whether it has the
/// township column.
pub fn track_table(v: &RankView, tr: &TrackResult) -> (DocTable, bool) {
    let track = &v.labels.cfg().tracks[tr.track];
    let mut table = DocTable::new(&[("名次", true), ("单位", false)]);
    // Villages and communities are told apart by their township (two 东湖村 on one track).
    let parents = v.labels.has_parents(tr);
    if parents {
        table.column("所属乡镇", false);
    }
    // A narrow terminal leaves out the subtotals, adjustments and trend first, never the
    // total and the grade.
    for &d in &tr.scores.dims {
        table.column(v.labels.cfg().dimensions[d].name.clone(), true);
        table.optional();
    }
    for c in ["加分", "扣分"] {
        table.column(c, true);
        table.optional();
    }
    table.column("总分", true);
    table.column("等次", false);
    if let Some(t) = v.labels.trends {
        table.column(format!("较{}名次", t.against), false);
        table.optional();
        table.column("得分变化", true);
        table.optional();
        table.column("趋势", false);
        table.optional();
    }
    table.column("备注", false);
    table.grades = track
        .grades
        .level_names()
        .iter()
        .map(|l| l.to_string())
        .collect();
    (table, parents)
}

/// The row of the unit at `pos` of the ranked table; `levels`: the track's grade names.
pub fn track_row(
    v: &RankView,
    tr: &TrackResult,
    pos: usize,
    parents: bool,
    levels: &[String],
) -> Vec<String> {
    let unit = &v.labels.ds().registry.units[tr.units[pos]];
    let mut row = vec![tr.rank[pos].to_string(), unit.name.to_string()];
    if parents {
        row.push(v.labels.parent_name(tr.units[pos]).to_string());
    }
    row.extend(tr.scores.dim_scores.iter().map(|d| v.labels.fixed(d[pos])));
    row.push(v.labels.fixed(tr.bonus[pos]));
    row.push(v.labels.fixed(tr.deduction[pos]));
    row.push(v.labels.fixed(tr.total(pos)));
    row.push(levels[tr.grade(pos)].clone());
    if let Some(m) = v.labels.movement(tr.track, pos) {
        row.push(m.arrow());
        row.push(
            m.score_change()
                .map(|s| signed(s, v.labels.cfg().decimals))
                .unwrap_or_default(),
        );
        row.push(m.label.chinese().to_string());
    }
    row.push(v.labels.marks(tr, pos).join("; "));
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Evaluation;

    /// The terminal table written a track at a time is the whole document's text, at a fixed
    /// width and a terminal's, for the sample district's five tracks and for one.
    #[test]
    fn the_table_written_a_track_at_a_time_is_the_whole_documents() {
        let ev = Evaluation::sample();
        let every: Vec<usize> = (0..ev.cfg.tracks.len()).collect();
        assert!(every.len() > 1);
        for tracks in [every, vec![0]] {
            let v = RankView {
                labels: Labels::new(&ev),
                tracks,
                lean: false,
            };
            for width in [None, Some(60)] {
                let mut out = Vec::new();
                write_table(&v, width, &mut out).unwrap();
                let text = String::from_utf8(out).unwrap();
                assert_eq!(text, doc(&v).text(width), "{:?}, {width:?}", v.tracks);
                assert!(text.ends_with(")\n") && !text.ends_with("\n\n"));
            }
        }
    }

    /// The workbook laid out as its rows are made (a province's) is the whole document's
    /// workbook in constant-memory mode, byte for byte: the sample district's five tracks, and
    /// one; and its sheets are the tracks' and the notes.
    #[test]
    fn the_workbook_laid_out_as_it_is_made_is_the_whole_documents() {
        use crate::render::xlsx::book;
        let ev = Evaluation::sample();
        let every: Vec<usize> = (0..ev.cfg.tracks.len()).collect();
        for tracks in [every, vec![1]] {
            let v = RankView {
                labels: Labels::new(&ev),
                tracks,
                lean: false,
            };
            let period = Some(ev.period());
            let made = book::streamed(period, &title(&v), |b| lay_out(&v, b));
            assert!(
                made == book::constant_memory(&doc(&v), period),
                "{:?}",
                v.tracks
            );
            let mut wb =
                calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(std::io::Cursor::new(made))
                    .unwrap();
            let names = calamine::Reader::sheet_names(&wb);
            assert_eq!(names.len(), v.tracks.len() + 1, "{names:?}");
            assert_eq!(names.last().map(String::as_str), Some("说明"));
            let first = calamine::Reader::worksheet_range(&mut wb, &names[0]).unwrap();
            let units = ev.res.tracks[v.tracks[0]].order.len();
            assert_eq!(first.height(), units + 1, "{names:?}");
        }
    }
}
