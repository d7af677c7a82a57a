//! The sheets of `results.xlsx`, each built as a [`Grid`] from the report's data: the ranked
//! sheet of a track, every indicator's value and score, and the statements (from the statement
//! CSV, so that both always hold the same items).

use std::borrow::Cow;

use super::grid::{table_cell, Num, Rows, XCell};
use crate::analysis::bundle::Report;
use crate::analysis::statement::Statement;
use crate::data::Cell;
use crate::num::round_to;
use crate::render::labels::Labels;
use crate::render::statement::{status_of, StatementView};
use crate::render::Headers;

/// The ranked sheet of the track at `index` of the report: one row per unit in display order.
pub fn track_grid<'r>(r: &'r Report, index: usize) -> Rows<'r> {
    let cx = &r.contexts[index];
    let tr = cx.tr;
    let cfg = &r.ev.cfg;
    let d = cfg.decimals;
    let reg = &r.ev.ds.registry;
    let with_parent = tr.units.iter().any(|&u| reg.units[u].parent().is_some());
    let mut header: Vec<String> = ["名次", "单位编码", "单位", "类别"]
        .map(String::from)
        .to_vec();
    if with_parent {
        header.push("所属乡镇（街道）".into());
    }
    header.extend(
        tr.scores
            .dims
            .iter()
            .map(|&k| cfg.dimensions[k].name.clone()),
    );
    header.extend(["指标得分合计", "加分", "扣分", "总分", "等次"].map(String::from));
    header.extend(super::robust::HEADER.map(String::from));
    if let Some(t) = r.trends {
        header.push(format!("{}名次", t.against));
        header.extend(["名次变化", "得分变化", "趋势"].map(String::from));
    }
    header.push("备注".into());
    let fixed = move |x: f64| XCell::Num(round_to(x, d), Num::Fixed(d));
    let levels = r.levels(tr.track);
    let view = r.view(vec![tr.track]);
    let rows = tr.order.iter().map(move |&pos| {
        let unit = &reg.units[tr.units[pos]];
        let mut row = vec![
            XCell::Num(f64::from(tr.rank[pos]), Num::Fixed(0)),
            XCell::text(unit.id.as_str()),
            XCell::text(unit.name.as_str()),
            XCell::text(unit.category.chinese()),
        ];
        if with_parent {
            let p = unit.parent().map(|p| reg.units[p].name.clone());
            row.push(XCell::text(p.unwrap_or_default()));
        }
        row.extend(tr.scores.dim_scores.iter().map(|s| fixed(s[pos])));
        row.extend([
            fixed(tr.scores.indicator_total[pos]),
            fixed(tr.bonus[pos]),
            fixed(tr.deduction[pos]),
            fixed(tr.total(pos)),
            XCell::Grade(levels[tr.grade(pos)].to_string(), tr.grade(pos)),
        ]);
        row.extend(super::robust::cells(r, tr.track, pos));
        if r.trends.is_some() {
            row.extend(trend_cells(cx.movement(pos).as_ref(), d));
        }
        row.push(XCell::text(view.labels.marks(tr, pos).join("; ")));
        row
    });
    Rows {
        header,
        rows: Box::new(rows),
        freeze_cols: 3,
    }
}

/// Previous rank, rank change, score change and label.
fn trend_cells(m: Option<&crate::analysis::trend::Move>, d: usize) -> [XCell; 4] {
    let Some(m) = m else {
        return Default::default();
    };
    [
        XCell::num(m.prev_rank().map(f64::from), Num::Fixed(0)),
        XCell::num(m.rank_change().map(|c| c as f64), Num::Signed(0)),
        XCell::num(m.score_change().map(|s| round_to(s, d)), Num::Signed(d)),
        XCell::text(m.label.chinese()),
    ]
}

/// A raw cell: the number as read, `不适用`, or empty when missing.
fn raw(c: Cell) -> XCell {
    match c {
        Cell::Value(v) => XCell::raw(Some(v)),
        Cell::Missing => XCell::Empty,
        Cell::NotApplicable => XCell::text("不适用"),
    }
}

/// Every indicator of every unit: raw value, growth, target, peers, score, points lost, rank.
pub fn indicator_grid<'r>(r: &'r Report) -> Rows<'r> {
    let header = [
        "赛道",
        "名次",
        "单位编码",
        "单位",
        "指标编码",
        "指标",
        "板块",
        "计量单位",
        "原始值",
        "增速%",
        "目标",
        "分值",
        "得分",
        "失分",
        "指标排名",
        "有值单位数",
        "备注",
    ]
    .map(String::from)
    .to_vec();
    let rows = r.statements().flat_map(move |s| indicator_rows(r, &s));
    Rows {
        header,
        rows: Box::new(rows),
        freeze_cols: 4,
    }
}

fn indicator_rows(r: &Report, s: &Statement) -> Vec<Vec<XCell>> {
    let cfg = &r.ev.cfg;
    let d = cfg.decimals;
    let unit = &r.ev.ds.registry.units[s.unit];
    s.indicators
        .iter()
        .map(|l| {
            let ind = &cfg.indicators[l.indicator];
            vec![
                XCell::text(&cfg.tracks[s.track].name),
                XCell::Num(f64::from(s.rank), Num::Fixed(0)),
                XCell::text(unit.id.as_str()),
                XCell::text(unit.name.as_str()),
                XCell::text(&ind.id),
                XCell::text(&ind.name),
                XCell::text(&cfg.dimensions[ind.dimension].name),
                XCell::text(&ind.unit),
                raw(l.value),
                // The growth as statements print it: at most 4 decimals.
                l.growth.map_or(XCell::Empty, |g| match g {
                    Cell::Value(x) => XCell::num(Some(round_to(x, 4)), Num::General),
                    other => raw(other),
                }),
                XCell::raw(l.target),
                XCell::raw(Some(l.points)),
                XCell::num(l.score.map(|x| round_to(x, d)), Num::Fixed(d)),
                XCell::num(l.lost.map(|x| round_to(x, d)), Num::Fixed(d)),
                XCell::num(l.rank.map(f64::from), Num::Fixed(0)),
                XCell::Num(l.peers as f64, Num::Fixed(0)),
                XCell::text(status_of(l).1),
            ]
        })
        .collect()
}

/// The statement CSV's columns that hold numbers (everything else is text).
const NUMERIC: [&str; 21] = [
    "rank",
    "grade_fragile",
    "rank_p5",
    "rank_p95",
    "grade_probability",
    "total",
    "behind_leader",
    "behind_next",
    "rank_change",
    "score_change",
    "value",
    "growth",
    "target",
    "peer_max",
    "peer_min",
    "peer_mean",
    "peers",
    "points",
    "score",
    "points_lost",
    "item_rank",
];

/// The statement CSV's columns of changes, shown with their sign in a workbook (`+2`, `-0.36`,
/// `0.00`), as the track sheets show them: the CSV writes a rise without its `+`.
const SIGNED: [&str; 2] = ["rank_change", "score_change"];

/// Every statement item of the report, one row each ([`statement_rows`]: the CSV's columns under
/// their Chinese names, as `statement --all -o x.xlsx` heads them by default, and as every other
/// sheet of the workbook is headed). The statements are made and rendered a chunk at a time.
pub fn statement_grid<'r>(r: &'r Report) -> Rows<'r> {
    let mut statements = r.statements().peekable();
    let chunks = std::iter::from_fn(move || {
        statements.peek()?;
        Some(Cow::Owned(statements.by_ref().take(CHUNK).collect()))
    });
    statement_rows(r.labels(), chunks, Headers::Zh)
}

/// Every item of the statements in `chunks`, one row each: the statement CSV (its columns named
/// by `headers`) read back, numbers as numbers (shown with the decimals the CSV has; changes
/// with their sign).
pub fn statement_rows<'r>(
    names: Labels<'r>,
    chunks: impl Iterator<Item = Cow<'r, [Statement]>> + Send + 'r,
    headers: Headers,
) -> Rows<'r> {
    let ids = csv_rows(names, &[], Headers::Id).next().unwrap_or_default();
    let numeric: Vec<bool> = ids.iter().map(|h| NUMERIC.contains(&h.as_str())).collect();
    let signed: Vec<bool> = ids.iter().map(|h| SIGNED.contains(&h.as_str())).collect();
    let header = match headers {
        Headers::Id => ids,
        _ => csv_rows(names, &[], headers).next().unwrap_or_default(),
    };
    let rows = chunks
        .flat_map(move |chunk| csv_rows(names, &chunk, headers).skip(1))
        .map(move |rec| {
            rec.iter()
                .enumerate()
                .map(
                    |(c, s)| match table_cell(s, numeric.get(c) == Some(&true)) {
                        XCell::Num(v, Num::Fixed(k)) if signed.get(c) == Some(&true) => {
                            XCell::Num(v, Num::Signed(k))
                        }
                        cell => cell,
                    },
                )
                .collect()
        });
    Rows {
        header,
        rows: Box::new(rows),
        freeze_cols: 2,
    }
}

/// Statements rendered into the sheet a chunk at a time.
const CHUNK: usize = 256;

/// The statement CSV of `list` (its header first, named by `headers`), as rows of fields.
fn csv_rows(
    names: Labels,
    list: &[Statement],
    headers: Headers,
) -> impl Iterator<Item = Vec<String>> {
    // Raw: the workbook stores strings as strings, so nothing there runs as a formula, and a
    // leading ' would show in the cell.
    let raw = crate::render::sheet::CsvOptions {
        escaping: crate::render::sheet::Escaping::Raw,
        ..crate::render::sheet::CsvOptions::CSV
    };
    let v = StatementView {
        names,
        statements: list,
    };
    let bytes = crate::render::statement::rows::render(&v, raw, headers);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(std::io::Cursor::new(bytes));
    let records: Vec<Vec<String>> = reader
        .records()
        .filter_map(Result::ok)
        .map(|rec| rec.iter().map(String::from).collect())
        .collect();
    records.into_iter()
}
