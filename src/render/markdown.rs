//! Markdown of the ranking and the roll-up: a ranked notice per track (名次通报), for pasting
//! into the published notice. Built on the same [`Doc`] model as the analysis renderers.

use super::doc::{Doc, DocTable};
use super::{fixed, signed, View};
use crate::rollup::{Rollup, RollupTrack};

/// `pingyi rank --format markdown`: one ranked table per track.
pub fn rank(v: &View) -> String {
    rank_doc(v).markdown()
}

/// The ranked notice as a document: a title, then per track a heading and the ranked table,
/// then the provenance note (the HTML report shows the same tables).
pub fn rank_doc(v: &View) -> Doc {
    let mut doc = Doc::default();
    doc.heading(1, format!("考核结果通报 · {}", v.res.period));
    for tr in v.track_results() {
        let track = &v.cfg.tracks[tr.track];
        doc.heading(
            2,
            format!("{} ({}) · {} 个单位", track.name, track.id, tr.units.len()),
        );
        let mut table = DocTable::new(&[("名次", true), ("单位", false)]);
        for &d in &tr.scores.dims {
            table.column(v.cfg.dimensions[d].name.clone(), true);
        }
        for c in ["加分", "扣分", "总分"] {
            table.column(c, true);
        }
        table.column("等次", false);
        if let Some(t) = v.trends {
            table.column(format!("较{}名次", t.against), false);
            table.column("得分变化", true);
            table.column("趋势", false);
        }
        table.column("备注", false);
        let levels = track.grades.level_names();
        for &pos in &tr.order {
            let unit = &v.ds.registry.units[tr.units[pos]];
            let mut row = vec![tr.rank[pos].to_string(), unit.name.clone()];
            row.extend(tr.scores.dim_scores.iter().map(|d| v.fixed(d[pos])));
            row.push(v.fixed(tr.bonus[pos]));
            row.push(v.fixed(tr.deduction[pos]));
            row.push(v.fixed(tr.total[pos]));
            row.push(levels[tr.grade[pos]].to_string());
            if let Some(m) = v.movement(tr.track, pos) {
                row.push(m.arrow());
                row.push(
                    m.score_change
                        .map(|s| signed(s, v.cfg.decimals))
                        .unwrap_or_default(),
                );
                row.push(m.label.chinese().to_string());
            }
            row.push(v.marks(tr, pos).join("; "));
            table.row(row);
        }
        doc.table(table);
    }
    doc.note(format!(
        "评分规则 config: {} (sha256 {})",
        v.cfg.path.display(),
        v.cfg.sha256
    ));
    doc
}

/// `pingyi rollup --format markdown`: one ranked table per track of the roll-up.
pub fn rollup(r: &Rollup) -> String {
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
    let mut lines = vec![format!("综合得分 = {}", super::rollup::formula(r))];
    for q in &r.quarters {
        lines.push(match &q.config {
            Some((path, sha)) => format!("{}: config {} (sha256 {sha})", q.period, path.display()),
            None => format!("{}: no data", q.period),
        });
    }
    lines.extend(r.notes.iter().cloned());
    doc.lines(lines);
    doc.markdown()
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
    for &pos in &t.order {
        let unit = &r.last.ds.registry.units[t.units[pos]];
        let mut row = vec![t.rank[pos].to_string(), unit.name.clone()];
        row.extend(t.quarter_totals.iter().map(|q| opt(q[pos])));
        row.push(fixed(t.quarterly[pos], d));
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
        let mut marks = Vec::new();
        if t.adj.veto[pos] {
            marks.push("一票否决".to_string());
        }
        marks.extend(t.notes[pos].iter().cloned());
        row.push(marks.join("; "));
        table.row(row);
    }
    table
}
