//! Renderers of statements (对账单, `pingyi statement`): the document for the table and
//! markdown formats; CSV/TSV rows (also the workbook's statements sheet) in [`rows`], JSON in
//! [`json`].

pub mod json;
pub mod robust;
pub mod rows;

use std::fmt::Write;

use crate::analysis::statement::{IndicatorLine, Statement};
use crate::data::Cell;
use crate::render::doc::{Blocks, Doc, DocTable, MarkdownBuf, Pieces};
use crate::render::labels::Labels;
use crate::render::text::{trend_text, trim_num};
use crate::render::{raw_cell, Format, Style};
use crate::results::Status;

/// Statements to render, with the period their trends compare with.
pub struct StatementView<'a> {
    pub names: Labels<'a>,
    pub statements: &'a [Statement],
}

/// Statements in `style`'s format.
pub fn render(v: &StatementView, style: &Style) -> Result<Vec<u8>, crate::error::Error> {
    Ok(match style.format {
        Format::Table => doc(v).text(style.width).into_bytes(),
        Format::Markdown => {
            // A statement is a few KB; many (one document for `--all` on stdout) grow it.
            let mut md = MarkdownBuf::with_capacity(8192);
            write(v, &mut md);
            md.finish().into_bytes()
        }
        Format::Csv | Format::Tsv => rows::render(v, style.csv, style.headers),
        Format::Json => json::render(v),
        Format::Jsonl => json::lines(v),
        Format::Xlsx => super::xlsx::book::book(&doc(v), Some(v.names.ev.period()))?,
    })
}

/// Whether [`stream`] writes `format`: the formats whose document is its statements' pieces one
/// after another (each statement's tables are laid out on their own), JSON's between its head
/// and its end — all but the workbook.
pub fn streams(format: Format) -> bool {
    matches!(
        format,
        Format::Table | Format::Csv | Format::Tsv | Format::Json | Format::Jsonl | Format::Markdown
    )
}

/// Writes the statements of `list` to `w` in `style`'s format (one [`streams`] writes) — the
/// bytes [`render`] gives for them all — a batch at a time, never holding the set (a province's
/// statements are gigabytes of CSV). A batch is rendered on every core, in pieces, while the
/// next batch's statements are made.
pub fn stream(
    names: Labels,
    list: impl Iterator<Item = Statement> + Send,
    style: &Style,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    stream_in(names, list, style, w, STREAM_BATCH)
}

/// Statements made at a time by [`stream`], rendered in pieces of an eighth.
const STREAM_BATCH: usize = 512;

fn stream_in(
    names: Labels,
    mut list: impl Iterator<Item = Statement> + Send,
    style: &Style,
    w: &mut dyn std::io::Write,
    batch_size: usize,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let piece_size = batch_size.div_ceil(8).max(1);
    let piece = |statements: &[Statement], first: bool| -> Vec<u8> {
        let v = StatementView { names, statements };
        match style.format {
            Format::Csv | Format::Tsv => rows::render_rows_onto(Vec::new(), &v, style.csv),
            Format::Jsonl => json::lines(&v),
            Format::Json => json::array_items(&v, first),
            Format::Table => {
                let mut doc = Doc::default();
                write_statements(&v, &mut doc);
                doc.text_piece(style.width).into_bytes()
            }
            _ => {
                let mut md = MarkdownBuf::with_capacity(8192);
                write_statements(&v, &mut md);
                md.into_inner().into_bytes()
            }
        }
    };
    // Markdown and the table: the document ends in one line end where its pieces end in blank
    // lines.
    let mut out = Pieces::new(w, matches!(style.format, Format::Markdown | Format::Table));
    // What comes before the statements: the CSV's header, the JSON's head.
    let none = StatementView {
        names,
        statements: &[],
    };
    match style.format {
        Format::Csv | Format::Tsv => out.put(&rows::render(&none, style.csv, style.headers))?,
        Format::Json => out.put(&json::array_start(&names))?,
        _ => {}
    }
    let mut first = true;
    let mut batch: Vec<Statement> = list.by_ref().take(batch_size).collect();
    while !batch.is_empty() {
        let (pieces, next) = rayon::join(
            || {
                batch
                    .par_chunks(piece_size)
                    .enumerate()
                    .map(|(k, c)| piece(c, first && k == 0))
                    .collect::<Vec<_>>()
            },
            || list.by_ref().take(batch_size).collect::<Vec<_>>(),
        );
        for bytes in pieces {
            out.put(&bytes)?;
        }
        first = false;
        batch = next;
    }
    // What comes after them: the JSON's end, the Markdown's footer and its one line end.
    match style.format {
        Format::Json => out.put(json::array_end(first))?,
        Format::Markdown => {
            let mut md = MarkdownBuf::with_capacity(512);
            write_footer(&names, &mut md);
            out.put(md.into_inner().as_bytes())?;
        }
        Format::Table => {
            let mut doc = Doc::default();
            write_footer(&names, &mut doc);
            out.put(doc.text_piece(style.width).as_bytes())?;
        }
        _ => {}
    }
    out.finish()
}

/// A file of statements in `style`'s format: its preamble (a CSV file's byte-order mark), then
/// [`render`]'s bytes.
pub fn render_file(v: &StatementView, style: &Style) -> Result<Vec<u8>, crate::error::Error> {
    Ok(match style.format {
        Format::Csv | Format::Tsv => {
            rows::render_onto(style.preamble().to_vec(), v, style.csv, style.headers)
        }
        // Only CSV and TSV files have a preamble.
        _ => render(v, style)?,
    })
}

/// How an indicator score came about: a stable id (as in `rank --format json`) and words
/// (empty when scored from a value).
pub fn status_of(l: &IndicatorLine) -> (&'static str, &'static str) {
    match (l.status, l.value) {
        (Status::Scored, _) => ("scored", ""),
        (Status::ZeroFilled, _) => ("missing_zero", "缺报补零"),
        (Status::AverageFilled, _) => ("missing_average", "缺报按均分"),
        (Status::Imputed, _) => ("missing_imputed", "缺报插补"),
        (Status::NotApplicable, Cell::NotApplicable) => ("not_applicable", "不适用"),
        (Status::NotApplicable, _) => ("no_previous", "无上期数据，不适用"),
    }
}

pub(super) fn status_text(l: &IndicatorLine) -> &'static str {
    status_of(l).1
}

/// How the value scored was derived from the cell, in words (empty when it is the cell).
pub(super) fn derived_note(l: &IndicatorLine) -> String {
    let Some(d) = &l.derived else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some((attr, value, scale)) = &d.denominator {
        let v = value.map_or_else(|| "无".to_string(), trim_num);
        let scale = if *scale == 1.0 {
            String::new()
        } else {
            format!("×{}", trim_num(*scale))
        };
        parts.push(format!("÷{attr}({v}){scale}"));
    }
    if let Some(v) = d.imputed {
        parts.push(format!("插补值 {}", trim_num(v)));
    }
    if let (true, Some(t)) = (d.treated, &d.treatment) {
        parts.push(format!("离群值处理（{t}）"));
    }
    parts.join("；")
}

/// A statement's header line: track, total, rank, grade, gaps and trend.
fn summary_line(v: &StatementView, s: &Statement) -> String {
    let n = &v.names;
    let t = s.track;
    let mut line = format!(
        "赛道：{} ({})，{} 个单位。总分 {}，第 {}/{} 名，等次 {}",
        n.track_name(t),
        n.track_id(t),
        s.n,
        n.fixed(s.total),
        s.rank,
        s.n,
        n.grade(t, s.grade)
    );
    if s.veto {
        line.push_str("（一票否决）");
    }
    line.push_str(&format!("。距第一 {} 分", n.fixed(s.behind_leader)));
    if let Some(np) = s.next {
        line.push_str(&format!(
            "，距上一名次（第 {} 名，{} 分）{} 分",
            np.rank,
            n.fixed(np.total),
            n.fixed(np.gap)
        ));
    }
    if let (Some(m), Some(against)) = (s.movement, v.names.against()) {
        line.push_str(&format!("。{}", trend_text(&m, against, n.decimals())));
    }
    line.push('。');
    line
}

/// The indicator table, row by row: each row's cells are written into the same strings.
fn indicator_table(v: &StatementView, s: &Statement, doc: &mut impl Blocks) {
    let n = &v.names;
    let growth = s.indicators.iter().any(|l| l.growth.is_some());
    let derived = s.indicators.iter().any(|l| l.derived.is_some());
    let mut t = DocTable::new(&[("指标", false), ("板块", false), ("原始值", true)]);
    if growth {
        t.column("增速%", true);
    }
    if derived {
        t.column("计分值", true);
    }
    for (title, numeric) in [
        ("目标", true),
        ("最高", true),
        ("最低", true),
        ("平均", true),
        ("分值", true),
        ("得分", true),
        ("失分", true),
        ("排名", true),
        ("备注", false),
    ] {
        t.column(title, numeric);
    }
    let mut row = vec![String::new(); t.header.len()];
    doc.table_head(t);
    for l in &s.indicators {
        let ind = &n.ev.cfg.indicators[l.indicator];
        let mut cells = row.iter_mut();
        let mut next = || {
            let c = cells.next().expect("a cell for every column");
            c.clear();
            c
        };
        let name = next();
        name.push_str(&ind.name);
        if !ind.unit.is_empty() {
            let _ = write!(name, "({})", ind.unit);
        }
        next().push_str(&n.ev.cfg.dimensions[ind.dimension].name);
        push_raw_cell(next(), l.value);
        if growth {
            let c = next();
            if let Some(g) = l.growth {
                push_growth_cell(c, g);
            }
        }
        if derived {
            let c = next();
            if let Some(x) = l.derived.as_ref().and_then(|d| d.scored) {
                push_trim_num(c, x);
            }
        }
        let c = next();
        if let Some(x) = l.target {
            let _ = write!(c, "{x}");
        }
        for x in [l.peer_max, l.peer_min, l.peer_mean] {
            let c = next();
            if let Some(x) = x {
                push_trim_num(c, x);
            }
        }
        push_trim_num(next(), l.points);
        for x in [l.score, l.lost] {
            let c = next();
            if let Some(x) = x {
                push_number(c, |b| crate::num::push_fixed(b, x, n.decimals()));
            }
        }
        let c = next();
        if let Some(r) = l.rank {
            let _ = write!(c, "{r}/{}", l.peers);
        }
        let c = next();
        c.push_str(status_text(l));
        if l.derived.is_some() {
            let d = derived_note(l);
            if !c.is_empty() && !d.is_empty() {
                c.push('；');
            }
            c.push_str(&d);
        }
        doc.row(&row);
    }
    doc.table_end();
}

/// Appends a number written as bytes (ASCII digits) to `s`, in its own buffer.
fn push_number(s: &mut String, f: impl FnOnce(&mut Vec<u8>)) {
    let mut b = std::mem::take(s).into_bytes();
    f(&mut b);
    *s = String::from_utf8(b).unwrap_or_default();
}

/// Appends [`trim_num`]`(x)` to `s`.
fn push_trim_num(s: &mut String, x: f64) {
    push_number(s, |b| crate::render::text::push_trim_num(b, x));
}

/// Appends [`raw_cell`]`(c)` to `s`.
fn push_raw_cell(s: &mut String, c: Cell) {
    match c {
        Cell::Value(x) => push_number(s, |b| crate::num::push_raw(b, x)),
        other => s.push_str(&raw_cell(other)),
    }
}

/// `file 第 N 行` (or `file`): where an indicator's value came from.
pub(super) fn source_text(l: &IndicatorLine) -> String {
    match &l.source {
        Some((file, 0)) => file.clone(),
        Some((file, line)) => format!("{file} 第 {line} 行"),
        None => String::new(),
    }
}

/// One line per file and line the statement's values came from, naming the indicators it gave.
fn source_lines(v: &StatementView, s: &Statement) -> Vec<String> {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for l in &s.indicators {
        let place = source_text(l);
        if place.is_empty() {
            continue;
        }
        let name = v.names.ev.cfg.indicators[l.indicator].name.as_str();
        match groups.iter_mut().find(|(p, _)| *p == place) {
            Some((_, names)) => names.push(name),
            None => groups.push((place, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|(place, names)| format!("{place}：{}", names.join("、")))
        .collect()
}

pub(super) fn growth_cell(c: Cell) -> String {
    let mut s = String::new();
    push_growth_cell(&mut s, c);
    s
}

/// Appends [`growth_cell`]`(c)` to `s`: a growth rate at most 4 decimals, or the cell as given.
fn push_growth_cell(s: &mut String, c: Cell) {
    match c {
        Cell::Value(x) => push_trim_num(s, x),
        other => push_raw_cell(s, other),
    }
}

fn dimension_table(v: &StatementView, s: &Statement) -> DocTable {
    let n = &v.names;
    let mut t = DocTable::new(&[
        ("板块", false),
        ("分值", true),
        ("得分", true),
        ("排名", true),
    ]);
    for d in &s.dimensions {
        let dim = &n.ev.cfg.dimensions[d.dim];
        let name = if dim.core {
            format!("{}（核心）", dim.name)
        } else {
            dim.name.clone()
        };
        t.row(vec![
            name,
            trim_num(d.points),
            n.fixed(d.score),
            format!("{}/{}", d.rank, d.peers),
        ]);
    }
    t
}

fn adjustment_table(v: &StatementView, s: &Statement) -> DocTable {
    let n = &v.names;
    let mut t = DocTable::new(&[
        ("类型", false),
        ("分数", true),
        ("事由", false),
        ("依据", false),
    ]);
    for a in &s.adjustments {
        t.row(vec![
            a.kind.chinese().to_string(),
            match a.kind {
                crate::data::AdjustmentKind::Veto => String::new(),
                _ => n.entered(a.points),
            },
            a.reason.clone(),
            a.reference.clone(),
        ]);
    }
    t
}

/// How the indicator total was aggregated, when it is not the rescaled sum.
fn aggregation_text(v: &StatementView, s: &Statement) -> Option<String> {
    let n = &v.names;
    let track = &n.ev.cfg.tracks[s.track];
    let a = track.aggregation;
    if a.is_sum() {
        return None;
    }
    let mean = match a.mean {
        crate::config::Mean::Arithmetic => "算术",
        crate::config::Mean::Geometric => "几何",
        crate::config::Mean::Harmonic => "调和",
    };
    let how = if a.tree {
        format!("按板块树逐级{mean}加权平均得分率（板块内按分值，板块间按权重）")
    } else {
        format!(
            "{mean}加权平均得分率（权重为分值，适用分值 A = {}）",
            trim_num(s.applicable)
        )
    };
    Some(format!(
        "指标得分合计 {} = T × {how} = {} × {}",
        n.fixed(s.indicator_total),
        trim_num(track.total),
        trim_num(s.indicator_total / track.total)
    ))
}

/// The arithmetic from indicator scores to the total, as lines.
fn total_lines(v: &StatementView, s: &Statement) -> Vec<String> {
    let n = &v.names;
    let track_total = n.ev.cfg.tracks[s.track].total;
    let capped = |claimed: f64, got: f64| {
        if (claimed - got).abs() > 1e-9 {
            format!("{}（申报 {}，封顶）", n.fixed(got), n.fixed(claimed))
        } else {
            n.fixed(got)
        }
    };
    let first = aggregation_text(v, s).unwrap_or_else(|| {
        format!(
            "指标得分合计 {}（适用分值 A = {}，折算系数 T/A = {}/{} = {}）",
            n.fixed(s.indicator_total),
            trim_num(s.applicable),
            trim_num(track_total),
            trim_num(s.applicable),
            trim_num(s.scale)
        )
    });
    vec![
        first,
        format!("加分 {}", capped(s.bonus_claimed, s.bonus)),
        format!("扣分 {}", capped(s.deduction_claimed, s.deduction)),
        format!(
            "总分 = {} + {} − {} = {}",
            n.fixed(s.indicator_total),
            n.fixed(s.bonus),
            n.fixed(s.deduction),
            n.fixed(s.total)
        ),
    ]
}

/// The document for the table and workbook formats: one section per statement.
pub fn doc(v: &StatementView) -> Doc {
    let mut doc = Doc::default();
    write(v, &mut doc);
    doc
}

/// The statements' blocks, into `doc` (a [`Doc`], or Markdown as it is made).
fn write(v: &StatementView, doc: &mut impl Blocks) {
    write_statements(v, doc);
    write_footer(&v.names, doc);
}

/// The statements of `v`, one after another.
fn write_statements(v: &StatementView, doc: &mut impl Blocks) {
    let n = &v.names;
    for s in v.statements {
        doc.heading(
            1,
            format!(
                "对账单 · {} ({}) · {}",
                n.qualified_name(s.unit),
                n.unit_id(s.unit),
                n.ev.period()
            ),
        );
        doc.note(summary_line(v, s));
        doc.heading(2, "指标明细");
        indicator_table(v, s, doc);
        let sources = source_lines(v, s);
        if !sources.is_empty() {
            doc.heading(2, "数据来源");
            doc.lines(sources);
        }
        doc.heading(2, "板块小计");
        doc.table(dimension_table(v, s));
        if !s.adjustments.is_empty() {
            doc.heading(2, "加减分");
            doc.table(adjustment_table(v, s));
        }
        doc.heading(2, "总分");
        doc.lines(total_lines(v, s));
        doc.heading(2, robust::HEADING);
        doc.lines(vec![robust::line(n, s.track, s.grade, &s.robust)]);
        if !s.requirements.is_empty() {
            doc.heading(2, "提要求");
            doc.lines(
                s.requirements
                    .iter()
                    .map(|r| n.requirement(s.track, r))
                    .collect(),
            );
        }
    }
}

/// The note under a document of statements ([`footer`]).
fn write_footer(n: &Labels, doc: &mut impl Blocks) {
    doc.note(footer(n));
}

/// What a document of statements says under them: what the figures mean, and its provenance
/// (the scheme's file and SHA-256).
pub fn footer(n: &Labels) -> String {
    format!(
        "最高/最低/平均：赛道内有值单位的计分值（增长类为增速）；失分 = (P·cap − 得分)·T/A；排名为赛道内竞争排名（并列同名次）。{}",
        n.provenance_line()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::statement::statements;
    use crate::render::sheet::CsvOptions;
    use crate::render::Headers;

    /// Streamed a few statements at a time, every format [`streams`] writes gives the bytes of
    /// the whole set rendered at once: the CSV's header once, the Markdown's footer once and
    /// its one line end, JSON's head and end once and its items indented as in the whole, JSON
    /// Lines as they are, the table laid out (at a fixed or a terminal's width) as the whole; an
    /// empty set is a CSV's header alone, JSON's `"statements": []`.
    #[test]
    fn a_streamed_set_is_the_set_rendered_whole() {
        let ev = crate::eval::Evaluation::sample();
        let tracks: Vec<usize> = (0..ev.cfg.tracks.len()).collect();
        let list = statements(&ev, &tracks, None, Default::default(), None);
        assert!(list.len() > 300, "{} statements", list.len());
        let names = Labels::new(&ev);
        let style = |format, csv, headers| Style {
            format,
            csv,
            width: None,
            bom: false,
            headers,
        };
        for style in [
            style(Format::Csv, CsvOptions::CSV, Headers::Id),
            style(Format::Tsv, CsvOptions::TSV, Headers::Zh),
            style(Format::Jsonl, CsvOptions::CSV, Headers::Id),
            style(Format::Json, CsvOptions::CSV, Headers::Id),
            style(Format::Markdown, CsvOptions::CSV, Headers::Zh),
            style(Format::Table, CsvOptions::CSV, Headers::Zh),
            Style {
                width: Some(60),
                ..style(Format::Table, CsvOptions::CSV, Headers::Zh)
            },
        ] {
            for subset in [&list[..], &list[..1], &[]] {
                let v = StatementView {
                    names,
                    statements: subset,
                };
                let whole = render(&v, &style).unwrap();
                for batch in [1, 7, 64, 10_000] {
                    let mut out = Vec::new();
                    let each = subset.iter().cloned();
                    stream_in(names, each, &style, &mut out, batch).unwrap();
                    assert!(
                        out == whole,
                        "{:?}, {} statements, batches of {batch}: {} bytes for {}",
                        style.format,
                        subset.len(),
                        out.len(),
                        whole.len()
                    );
                }
            }
        }
    }
}
