//! CSV/TSV of statements (对账单): one header row and one row per item of a statement — every
//! indicator, dimension, adjustment row, subtotal and requirement line — each led by the unit's
//! own figures (`unit_id, unit_name, parent_name, track, period, rank, total, grade`, gaps,
//! trend), so that a
//! spreadsheet can filter on `section` and still see whose row it is.

use std::borrow::Cow;

use super::{derived_note, growth_cell, robust, source_text, status_text, StatementView};
use crate::analysis::statement::Statement;
use crate::render::raw_cell;
use crate::render::sheet::{push_number, CsvOptions, Sheet};
use crate::render::text::{opt_num, trend_cells, trim_num};
use crate::render::Headers;

const LEAD: [&str; 14] = [
    "unit_id",
    "unit_name",
    "parent_name",
    "track",
    "period",
    "rank",
    "total",
    "grade",
    "behind_leader",
    "behind_next",
    "against",
    "rank_change",
    "score_change",
    "trend",
];

const ITEM: [&str; 20] = [
    "section",
    "item_id",
    "item_name",
    "dimension",
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
    "status",
    "reason",
    "reference",
    "text",
    "source",
];

/// One CSV item: section, id, name, then the named fields (others empty).
struct Item<'a>([Cow<'a, str>; ITEM.len()]);

impl<'a> Item<'a> {
    fn new(section: &'a str, id: &'a str, name: &'a str) -> Item<'a> {
        let mut v: [Cow<'a, str>; ITEM.len()] = Default::default();
        v[0] = section.into();
        v[1] = id.into();
        v[2] = name.into();
        Item(v)
    }

    fn set(mut self, key: &str, value: impl Into<Cow<'a, str>>) -> Item<'a> {
        if let Some(i) = ITEM.iter().position(|k| *k == key) {
            self.0[i] = value.into();
        }
        self
    }
}

fn lead(v: &StatementView, s: &Statement) -> Vec<String> {
    let n = &v.names;
    let t = s.track;
    let [against, _prev, change, score, label] =
        trend_cells(s.movement.as_ref(), v.names.against(), n.decimals());
    vec![
        n.unit_id(s.unit).to_string(),
        n.unit_name(s.unit).to_string(),
        n.parent_name(s.unit).to_string(),
        n.track_id(t).to_string(),
        n.ev.period().to_string(),
        s.rank.to_string(),
        n.fixed(s.total),
        n.grade(t, s.grade).to_string(),
        n.fixed(s.behind_leader),
        n.opt(s.next.map(|np| np.gap)),
        against,
        change,
        score,
        label,
    ]
}

fn items<'a>(v: &'a StatementView, s: &'a Statement) -> Vec<Item<'a>> {
    let n = &v.names;
    let cfg = &n.ev.cfg;
    let mut out = Vec::new();
    for l in &s.indicators {
        let ind = &cfg.indicators[l.indicator];
        out.push(
            Item::new("indicator", &ind.id, &ind.name)
                .set("dimension", cfg.dimensions[ind.dimension].id.as_str())
                .set("value", raw_cell(l.value))
                .set("growth", l.growth.map(growth_cell).unwrap_or_default())
                .set(
                    "target",
                    l.target.map(|x| format!("{x}")).unwrap_or_default(),
                )
                .set("peer_max", opt_num(l.peer_max))
                .set("peer_min", opt_num(l.peer_min))
                .set("peer_mean", opt_num(l.peer_mean))
                .set("peers", l.peers.to_string())
                .set("points", format!("{}", l.points))
                .set("score", n.opt(l.score))
                .set("points_lost", n.opt(l.lost))
                .set(
                    "item_rank",
                    l.rank.map(|r| r.to_string()).unwrap_or_default(),
                )
                .set("status", status_text(l))
                .set("text", derived_text(l))
                .set("source", source_text(l)),
        );
    }
    for d in &s.dimensions {
        let dim = &cfg.dimensions[d.dim];
        out.push(
            Item::new("dimension", &dim.id, &dim.name)
                .set("points", format!("{}", d.points))
                .set("score", n.fixed(d.score))
                .set("peers", d.peers.to_string())
                .set("item_rank", d.rank.to_string()),
        );
    }
    for a in &s.adjustments {
        let pts = match a.kind {
            crate::data::AdjustmentKind::Veto => String::new(),
            _ => n.entered(a.points),
        };
        out.push(
            Item::new("adjustment", a.kind.id(), a.kind.chinese())
                .set("score", pts)
                .set("reason", a.reason.as_str())
                .set("reference", a.reference.as_str()),
        );
    }
    out.extend(subtotal_items(v, s));
    for r in &s.requirements {
        out.push(Item::new("requirement", r.rule(), "").set("text", n.requirement(s.track, r)));
    }
    let line = robust::line(n, s.track, s.grade, &s.robust);
    out.push(Item::new("robustness", "rank_interval", robust::HEADING).set("text", line));
    out
}

/// `计分值 X（how）` when the value scored was derived from the cell; empty otherwise.
fn derived_text(l: &crate::analysis::statement::IndicatorLine) -> String {
    let Some(d) = &l.derived else {
        return String::new();
    };
    let v = d.scored.map(trim_num).unwrap_or_default();
    match derived_note(l) {
        note if note.is_empty() => format!("计分值 {v}"),
        note => format!("计分值 {v}（{note}）"),
    }
}

fn subtotal_items<'a>(v: &'a StatementView, s: &'a Statement) -> Vec<Item<'a>> {
    let n = &v.names;
    let t = s.track;
    vec![
        Item::new("subtotal", "indicator_sum", "指标得分合计")
            .set("value", format!("{}", s.applicable))
            .set("points", format!("{}", n.ev.cfg.tracks[t].total))
            .set("score", n.fixed(s.indicator_total))
            .set("text", format!("T/A = {}", trim_num(s.scale))),
        Item::new("subtotal", "bonus", "加分")
            .set("value", n.fixed(s.bonus_claimed))
            .set("score", n.fixed(s.bonus)),
        Item::new("subtotal", "deduction", "扣分")
            .set("value", n.fixed(s.deduction_claimed))
            .set("score", n.fixed(s.deduction)),
        Item::new("subtotal", "total", "总分")
            .set("score", n.fixed(s.total))
            .set("item_rank", s.rank.to_string())
            .set("text", if s.veto { "一票否决" } else { "" }),
    ]
}

/// CSV/TSV: one header row, one row per item of every statement. The rows are built by hand
/// with the bytes a [`Sheet`] writes ([`push_number`]: numbers as they are, other text escaped
/// and quoted); a unit's lead cells, the same on each of its rows, are written once and copied.
pub fn render(v: &StatementView, opts: CsvOptions, headers: Headers) -> Vec<u8> {
    render_onto(Vec::new(), v, opts, headers)
}

/// [`render`], appended to `out` (a file's byte-order mark, so that the document is not copied
/// behind it).
pub fn render_onto(
    mut out: Vec<u8>,
    v: &StatementView,
    opts: CsvOptions,
    headers: Headers,
) -> Vec<u8> {
    let mut w = Sheet::new(opts);
    let header = LEAD.iter().chain(robust::COLUMNS.iter()).chain(ITEM.iter());
    w.header(crate::render::headers::names(header, headers));
    out.extend_from_slice(&w.into_bytes());
    render_rows_onto(out, v, opts)
}

/// [`render_onto`] without the header row: the rows of a later batch of a streamed set.
pub fn render_rows_onto(mut out: Vec<u8>, v: &StatementView, opts: CsvOptions) -> Vec<u8> {
    let sep = opts.delimiter;
    let mut lead_cells = Vec::new();
    for s in v.statements {
        let mut cells = lead(v, s);
        cells.extend(robust::cells(&s.robust));
        lead_cells.clear();
        for cell in &cells {
            push_number(&mut lead_cells, cell, opts);
            lead_cells.push(sep);
        }
        let items = items(v, s);
        // Room for the rows, so that a statement's document is not copied as it grows.
        out.reserve(items.len() * (lead_cells.len() + 4 * ITEM.len()));
        for item in items {
            out.extend_from_slice(&lead_cells);
            for (k, cell) in item.0.iter().enumerate() {
                if k > 0 {
                    out.push(sep);
                }
                push_number(&mut out, cell, opts);
            }
            out.push(b'\n');
        }
    }
    out
}
