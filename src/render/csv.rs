//! CSV/TSV: one row per unit with everything needed to pivot it in a spreadsheet.
//!
//! Lead columns `unit_id, unit_name, track, rank, total, grade`; then the unit's category and
//! parent, every dimension subtotal (`dim:<id>`), the rescaling, adjustments, marks, and for every
//! indicator its raw value (`<id>`), growth (`<id>:growth`, growth indicators only) and score
//! (`<id>:score`). Cells for indicators not on the unit's track are empty.

use super::{raw_cell, View};
use crate::data::Cell;
use crate::scoring::Status;

/// `against, prev_rank, rank_change, score_change, trend`; empty without an earlier period.
fn trend_cells(v: &View, t: usize, pos: usize) -> [String; 5] {
    let Some(m) = v.movement(t, pos) else {
        return Default::default();
    };
    let against = v.trends.map(|t| t.against.to_string()).unwrap_or_default();
    [
        against,
        m.prev_rank.map(|r| r.to_string()).unwrap_or_default(),
        m.rank_change.map(|r| r.to_string()).unwrap_or_default(),
        m.score_change.map(|s| v.fixed(s)).unwrap_or_default(),
        m.label.chinese().to_string(),
    ]
}

pub fn render(v: &View, delimiter: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    let cfg = v.cfg;
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
        ]
        .map(String::from),
    );
    header.extend(
        [
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
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    for tr in v.track_results() {
        let track = &cfg.tracks[tr.track];
        let levels = track.grades.level_names();
        let td = &v.ds.tracks[tr.track];
        for &pos in &tr.order {
            let u = tr.units[pos];
            let unit = &v.ds.registry.units[u];
            let mut row: Vec<String> = vec![
                unit.id.clone(),
                unit.name.clone(),
                track.id.clone(),
                tr.rank[pos].to_string(),
                v.fixed(tr.total[pos]),
                levels[tr.grade[pos]].to_string(),
                unit.category.id().to_string(),
                unit.parent
                    .map(|p| v.ds.registry.units[p].id.clone())
                    .unwrap_or_default(),
            ];
            for d in 0..cfg.dimensions.len() {
                row.push(match tr.scores.dims.iter().position(|&x| x == d) {
                    Some(k) => v.fixed(tr.scores.dim_scores[k][pos]),
                    None => String::new(),
                });
            }
            row.push(v.fixed(tr.scores.indicator_total[pos]));
            row.push(format!("{}", tr.scores.applicable[pos]));
            row.push(v.fixed(tr.bonus[pos]));
            row.push(v.fixed(tr.deduction[pos]));
            row.push(if tr.veto[pos] { "1" } else { "0" }.to_string());
            row.push(v.marks(tr, pos).join("; "));
            row.push(v.res.period.to_string());
            row.push(cfg.sha256.clone());
            row.extend(trend_cells(v, tr.track, pos));
            for (i, ind) in cfg.indicators.iter().enumerate() {
                match track.indicators.iter().position(|ti| ti.indicator == i) {
                    Some(slot) => {
                        let data = &td.columns[slot];
                        row.push(raw_cell(data.raw.get(pos)));
                        if let Some(g) = &data.growth {
                            row.push(match g.get(pos) {
                                Cell::Value(x) => v.fixed(x),
                                other => raw_cell(other),
                            });
                        }
                        let sc = &tr.scores.columns[slot];
                        row.push(match sc.status[pos] {
                            Status::NotApplicable => String::new(),
                            _ => v.fixed(sc.score[pos]),
                        });
                    }
                    None => {
                        row.push(String::new());
                        if ind.growth.is_some() {
                            row.push(String::new());
                        }
                        row.push(String::new());
                    }
                }
            }
            let _ = w.write_record(&row);
        }
    }
    w.into_inner().unwrap_or_default()
}
