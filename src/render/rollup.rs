//! Renderers of the annual roll-up (全年综合考评): table, csv/tsv, json.

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};
use serde::Serialize;

use super::fixed;
use crate::rollup::{effective_weights, Rollup, RollupTrack};

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
    let (q, m, y) = (w(q), w(m), w(y));
    let mut s = format!("{q}·季度均分");
    if m != "0" {
        s.push_str(&format!(" + {m}·月度效能均分"));
    }
    if y != "0" {
        s.push_str(&format!(" + {y}·年终考评"));
    }
    s + " + 加分 − 扣分"
}

pub fn table(r: &Rollup, width: Option<u16>) -> String {
    let d = r.top.decimals;
    let mut out = String::new();
    for t in &r.tracks {
        let track = &r.last.cfg.tracks[t.track];
        out.push_str(&format!(
            "{} ({}) · {} 综合考评 · {} 个单位\n",
            track.name,
            track.id,
            r.name,
            t.units.len()
        ));
        let mut table = Table::new();
        table.load_preset(presets::UTF8_FULL_CONDENSED);
        // The caller decides width; comfy-table must not probe stdout or style cells by itself
        // (it ignores NO_COLOR). See output::colour_enabled.
        table.force_no_tty();
        match width {
            Some(w) => table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w),
            None => table.set_content_arrangement(ContentArrangement::Disabled),
        };
        let mut header = vec!["名次".to_string(), "单位".to_string()];
        header.extend(r.quarters.iter().map(|q| q.period.to_string()));
        header.extend(
            [
                "季度均分",
                "月度均分",
                "年终",
                "加分",
                "扣分",
                "综合得分",
                "等次",
                "备注",
            ]
            .map(String::from),
        );
        table.set_header(header);
        for &pos in &t.order {
            let unit = &r.last.ds.registry.units[t.units[pos]];
            let mut row = vec![Cell::new(t.rank[pos]), Cell::new(&unit.name)];
            row.extend(t.quarter_totals.iter().map(|q| Cell::new(opt(q[pos], d))));
            row.push(Cell::new(fixed(t.quarterly[pos], d)));
            row.push(Cell::new(if t.month_scores.is_empty() {
                String::new()
            } else {
                fixed(t.monthly[pos], d)
            }));
            row.push(Cell::new(opt(t.year_end[pos], d)));
            row.push(Cell::new(fixed(t.adj.bonus[pos], d)));
            row.push(Cell::new(fixed(t.adj.deduction[pos], d)));
            row.push(Cell::new(fixed(t.total[pos], d)));
            row.push(Cell::new(level(r, t, pos)));
            row.push(Cell::new(marks(t, pos).join("; ")));
            table.add_row(row);
        }
        let ncols = 2 + r.quarters.len() + 8;
        for c in 0..ncols {
            let numeric = c == 0 || (2..ncols - 2).contains(&c);
            if let Some(col) = table.column_mut(c) {
                col.set_cell_alignment(if numeric {
                    CellAlignment::Right
                } else {
                    CellAlignment::Left
                });
            }
        }
        out.push_str(&table.to_string());
        out.push_str("\n\n");
    }
    out.push_str(&format!("综合得分 = {}\n", formula(r)));
    for q in &r.quarters {
        match &q.config {
            Some((path, sha)) => out.push_str(&format!(
                "{}: config {} (sha256 {sha})\n",
                q.period,
                path.display()
            )),
            None => out.push_str(&format!("{}: no data\n", q.period)),
        }
    }
    for n in &r.notes {
        out.push_str(&format!("{n}\n"));
    }
    out
}

fn marks(t: &RollupTrack, pos: usize) -> Vec<String> {
    let mut m = Vec::new();
    if t.adj.veto[pos] {
        m.push("一票否决".to_string());
    }
    m.extend(t.notes[pos].iter().cloned());
    m
}

pub fn csv(r: &Rollup, opts: crate::render::csv::CsvOptions) -> Vec<u8> {
    let d = r.top.decimals;
    let mut w = crate::render::csv::Sheet::new(opts);
    let mut header: Vec<String> = [
        "unit_id",
        "unit_name",
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
        "quarter_configs",
    ]
    .map(String::from)
    .to_vec();
    header.extend(r.quarters.iter().map(|q| format!("q:{}", q.period)));
    header.extend(r.months.iter().map(|m| format!("m:{m}")));
    w.header(&header);
    let configs: Vec<String> = r
        .quarters
        .iter()
        .map(|q| match &q.config {
            Some((path, sha)) => format!("{}={} (sha256 {sha})", q.period, path.display()),
            None => format!("{}=no data", q.period),
        })
        .collect();
    let configs = configs.join("; ");
    let rollup_notes = r.notes.join("; ");
    for t in &r.tracks {
        for &pos in &t.order {
            let unit = &r.last.ds.registry.units[t.units[pos]];
            let mut row = vec![
                unit.id.clone(),
                unit.name.clone(),
                r.last.cfg.tracks[t.track].id.clone(),
                t.rank[pos].to_string(),
                fixed(t.total[pos], d),
                level(r, t, pos).to_string(),
                r.name.clone(),
                fixed(t.quarterly[pos], d),
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
                configs.clone(),
            ];
            row.extend(t.quarter_totals.iter().map(|q| opt(q[pos], d)));
            row.extend(t.month_scores.iter().map(|m| opt(m[pos], d)));
            w.record(&row);
        }
    }
    w.into_bytes()
}

#[derive(Serialize)]
struct Doc<'a> {
    pingyi: &'static str,
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
    track: &'a str,
    rank: u32,
    total: f64,
    total_exact: f64,
    grade: &'a str,
    quarterly: f64,
    monthly: Option<f64>,
    year_end: Option<f64>,
    quarter_totals: Vec<Option<f64>>,
    month_scores: Vec<Option<f64>>,
    bonus: f64,
    deduction: f64,
    veto: bool,
    notes: &'a [String],
}

pub fn json(r: &Rollup) -> Vec<u8> {
    let d = r.top.decimals;
    let rd = |x: f64| crate::num::round_to(x, d);
    let mut units = Vec::new();
    for t in &r.tracks {
        for &pos in &t.order {
            let unit = &r.last.ds.registry.units[t.units[pos]];
            units.push(UnitDoc {
                unit_id: &unit.id,
                unit_name: &unit.name,
                track: &r.last.cfg.tracks[t.track].id,
                rank: t.rank[pos],
                total: t.rounded[pos],
                total_exact: t.total[pos],
                grade: level(r, t, pos),
                quarterly: rd(t.quarterly[pos]),
                monthly: (!t.month_scores.is_empty()).then(|| rd(t.monthly[pos])),
                year_end: t.year_end[pos],
                quarter_totals: t.quarter_totals.iter().map(|q| q[pos].map(rd)).collect(),
                month_scores: t.month_scores.iter().map(|m| m[pos]).collect(),
                bonus: rd(t.adj.bonus[pos]),
                deduction: rd(t.adj.deduction[pos]),
                veto: t.adj.veto[pos],
                notes: &t.notes[pos],
            });
        }
    }
    let doc = Doc {
        pingyi: env!("CARGO_PKG_VERSION"),
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
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}
