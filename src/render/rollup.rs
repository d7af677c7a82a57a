//! Renderers of the annual roll-up (全年综合考评): a document (table / markdown), CSV/TSV and
//! JSON.

use crate::error::Error;
use crate::render::Headers;
use std::borrow::Cow;

use serde::Serialize;

use super::doc::{Blocks, Doc, DocTable};
use super::json_parts::{to_json, Head};
use super::sheet::{CsvOptions, Sheet};
use super::{fixed, Format, Style};
use crate::analysis::rollup::{effective_weights, Rollup, RollupTrack};
use crate::eval::provenance::Provenance;

/// A roll-up to render, with its provenance when collected (the head of its JSON).
pub struct RollupView<'a> {
    pub rollup: &'a Rollup,
    pub provenance: Option<&'a Provenance>,
}

/// The roll-up in `style`'s format.
pub fn render(v: &RollupView, style: &Style) -> Result<Vec<u8>, Error> {
    let r = v.rollup;
    Ok(match style.format {
        Format::Table => doc(r).text(style.width).into_bytes(),
        Format::Markdown => doc(r).markdown().into_bytes(),
        Format::Csv | Format::Tsv => csv(r, style.csv, style.headers),
        Format::Json | Format::Jsonl => json(v),
        Format::Xlsx => super::xlsx::book::book(&doc(r), None)?,
    })
}

fn level<'a>(r: &'a Rollup, t: &RollupTrack, pos: usize) -> &'a str {
    r.last.cfg.tracks[t.track].grades.level_names()[t.grade[pos]]
}

fn opt(x: Option<f64>, d: usize) -> String {
    x.map(|v| fixed(v, d)).unwrap_or_default()
}

/// The formula with the weights applied, for footers and JSON.
pub fn formula(r: &Rollup) -> String {
    let (q, m, y) = effective_weights(r.weights, r.with_year_end);
    // Weights to 6 decimals at most: a spread year-end weight gives 0.777777…
    let w = |x: f64| {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let parts: Vec<String> = [
        (w(q), "季度均分"),
        (w(m), "月度效能均分"),
        (w(y), "年终考评"),
    ]
    .into_iter()
    .filter(|(w, _)| w != "0")
    .map(|(w, part)| format!("{w}·{part}"))
    .collect();
    parts.join(" + ") + " + 加分 − 扣分"
}

/// The unit's quarterly mean, when quarters carry weight (without it, as for the other parts,
/// none is taken and the cell is empty).
fn quarterly(r: &Rollup, t: &RollupTrack, pos: usize) -> Option<f64> {
    let (q, _, _) = effective_weights(r.weights, r.with_year_end);
    (q > 0.0).then(|| t.quarterly[pos])
}

fn marks(t: &RollupTrack, pos: usize) -> Vec<String> {
    let mut m = Vec::new();
    if t.adj.veto[pos] {
        m.push("一票否决".to_string());
    }
    m.extend(t.notes[pos].iter().cloned());
    m
}

pub fn csv(r: &Rollup, opts: CsvOptions, headers: Headers) -> Vec<u8> {
    let d = r.top.decimals;
    let mut w = Sheet::new(opts);
    let mut header: Vec<String> = [
        "unit_id",
        "unit_name",
        "parent_name",
        "track",
        "rank",
        "total",
        "grade",
        "rollup",
        "quarterly",
        "monthly",
        "year_end",
        "bonus",
        "deduction",
        "veto",
        "notes",
        "rollup_notes",
    ]
    .map(String::from)
    .to_vec();
    header.extend(r.quarters.iter().map(|q| format!("q:{}", q.period)));
    header.extend(r.months.iter().map(|m| format!("m:{m}")));
    w.header(super::headers::names(&header, headers));
    // Each quarter's config is provenance, not a figure of the unit: it is in the JSON's
    // `quarters`, the manifest and the table's notes, never repeated on every row.
    let rollup_notes = r.notes.join("; ");
    for t in &r.tracks {
        for &pos in &t.order {
            let unit = &r.last.ds.registry.units[t.units[pos]];
            let mut row = vec![
                unit.id.to_string(),
                unit.name.to_string(),
                r.last.ds.registry.parent_name(t.units[pos]).to_string(),
                r.last.cfg.tracks[t.track].id.clone(),
                t.rank[pos].to_string(),
                fixed(t.total[pos], d),
                level(r, t, pos).to_string(),
                r.name.clone(),
                opt(quarterly(r, t, pos), d),
                if t.month_scores.is_empty() {
                    String::new()
                } else {
                    fixed(t.monthly[pos], d)
                },
                opt(t.year_end[pos], d),
                fixed(t.adj.bonus[pos], d),
                fixed(t.adj.deduction[pos], d),
                if t.adj.veto[pos] { "1" } else { "0" }.to_string(),
                t.notes[pos].join("; "),
                rollup_notes.clone(),
            ];
            row.extend(t.quarter_totals.iter().map(|q| opt(q[pos], d)));
            row.extend(t.month_scores.iter().map(|m| opt(m[pos], d)));
            w.record(&row);
        }
    }
    w.into_bytes()
}

#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    rollup: &'a str,
    formula: String,
    quarters: Vec<QuarterDoc>,
    months: Vec<String>,
    notes: &'a [String],
    units: Vec<UnitDoc<'a>>,
}

#[derive(Serialize)]
struct QuarterDoc {
    period: String,
    config: Option<String>,
    config_sha256: Option<String>,
}

#[derive(Serialize)]
struct UnitDoc<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    /// The township of a village or community (absent for other units).
    #[serde(skip_serializing_if = "str::is_empty")]
    parent_name: &'a str,
    track: &'a str,
    rank: u32,
    total: f64,
    total_exact: f64,
    grade: &'a str,
    quarterly: Option<f64>,
    monthly: Option<f64>,
    year_end: Option<f64>,
    quarter_totals: Vec<Option<f64>>,
    month_scores: Vec<Option<f64>>,
    bonus: f64,
    deduction: f64,
    veto: bool,
    notes: &'a [String],
}

pub fn json(v: &RollupView) -> Vec<u8> {
    let r = v.rollup;
    let d = r.top.decimals;
    let rd = |x: f64| crate::num::round_to(x, d);
    let mut units = Vec::new();
    for t in &r.tracks {
        for &pos in &t.order {
            let unit = &r.last.ds.registry.units[t.units[pos]];
            units.push(UnitDoc {
                unit_id: &unit.id,
                unit_name: &unit.name,
                parent_name: r.last.ds.registry.parent_name(t.units[pos]),
                track: &r.last.cfg.tracks[t.track].id,
                rank: t.rank[pos],
                total: t.rounded[pos],
                total_exact: t.total[pos],
                grade: level(r, t, pos),
                quarterly: quarterly(r, t, pos).map(rd),
                monthly: (!t.month_scores.is_empty()).then(|| rd(t.monthly[pos])),
                year_end: t.year_end[pos].map(rd),
                quarter_totals: t.quarter_totals.iter().map(|q| q[pos].map(rd)).collect(),
                month_scores: t.month_scores.iter().map(|m| m[pos]).collect(),
                bonus: rd(t.adj.bonus[pos]),
                deduction: rd(t.adj.deduction[pos]),
                veto: t.adj.veto[pos],
                notes: &t.notes[pos],
            });
        }
    }
    let provenance = match v.provenance {
        Some(p) => Cow::Borrowed(p),
        None => Cow::Owned(Provenance {
            pingyi: env!("CARGO_PKG_VERSION"),
            period: r.name.clone(),
            against: None,
            config: r.top.path.display().to_string(),
            config_sha256: r.top.sha256.clone(),
            inputs: Vec::new(),
        }),
    };
    let doc = Json {
        head: Head {
            provenance,
            decimals: d,
        },
        rollup: &r.name,
        formula: formula(r),
        quarters: r
            .quarters
            .iter()
            .map(|q| QuarterDoc {
                period: q.period.to_string(),
                config: q.config.as_ref().map(|c| c.0.display().to_string()),
                config_sha256: q.config.as_ref().map(|c| c.1.clone()),
            })
            .collect(),
        months: r.months.iter().map(|m| m.to_string()).collect(),
        notes: &r.notes,
        units,
    };
    to_json(&doc)
}

/// The document for the table and markdown formats: one ranked table per track of the roll-up.
pub fn doc(r: &Rollup) -> Doc {
    let d = r.top.decimals;
    let mut doc = Doc::default();
    doc.heading(1, format!("{} 综合考评", r.name));
    for t in &r.tracks {
        let track = &r.last.cfg.tracks[t.track];
        doc.heading(
            2,
            format!("{} ({}) · {} 个单位", track.name, track.id, t.units.len()),
        );
        doc.table(rollup_table(r, t, d));
    }
    let mut lines = vec![format!("综合得分 = {}", formula(r))];
    for q in &r.quarters {
        lines.push(match &q.config {
            Some((path, sha)) => format!("{}: config {} (sha256 {sha})", q.period, path.display()),
            None => format!("{}: no data", q.period),
        });
    }
    lines.extend(r.notes.iter().cloned());
    doc.lines(lines);
    doc
}

fn rollup_table(r: &Rollup, t: &RollupTrack, d: usize) -> DocTable {
    let opt = |x: Option<f64>| x.map(|v| fixed(v, d)).unwrap_or_default();
    let mut table = DocTable::new(&[("名次", true), ("单位", false)]);
    for q in &r.quarters {
        table.column(q.period.to_string(), true);
    }
    for c in ["季度均分", "月度均分", "年终", "加分", "扣分", "综合得分"] {
        table.column(c, true);
    }
    table.column("等次", false);
    table.column("备注", false);
    let levels = r.last.cfg.tracks[t.track].grades.level_names();
    table.grades = levels.iter().map(|l| l.to_string()).collect();
    for &pos in &t.order {
        let name = r.last.ds.registry.qualified_name(t.units[pos]);
        let mut row = vec![t.rank[pos].to_string(), name];
        row.extend(t.quarter_totals.iter().map(|q| opt(q[pos])));
        row.push(quarterly(r, t, pos).map_or_else(String::new, |x| fixed(x, d)));
        row.push(if t.month_scores.is_empty() {
            String::new()
        } else {
            fixed(t.monthly[pos], d)
        });
        row.push(opt(t.year_end[pos]));
        row.push(fixed(t.adj.bonus[pos], d));
        row.push(fixed(t.adj.deduction[pos], d));
        row.push(fixed(t.total[pos], d));
        row.push(levels[t.grade[pos]].to_string());
        row.push(marks(t, pos).join("; "));
        table.row(row);
    }
    table
}
