//! Terminal tables (comfy-table): one ranked table per track.
//!
//! comfy-table looks at stdout by itself to decide on width and styling, and does not read
//! `NO_COLOR`; a table written with `--output` from a terminal would be styled too. So the
//! caller decides ([`Layout`]) and the table never guesses.

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};

use super::{signed, View};

/// Where a table goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// The terminal width, or `None` for a fixed layout (no wrapping) when not writing to a
    /// terminal, so that cron output and snapshots are stable.
    pub width: Option<u16>,
    /// Whether styling is allowed ([`crate::output::colour_enabled`]). No cell is styled yet.
    pub colour: bool,
}

/// Renders one table per track.
pub fn render(v: &View, layout: Layout) -> String {
    let mut out = String::new();
    for tr in v.track_results() {
        let track = &v.cfg.tracks[tr.track];
        out.push_str(&format!(
            "{} ({}) · {} · {} 个单位\n",
            track.name,
            track.id,
            v.res.period,
            tr.units.len()
        ));
        let mut table = Table::new();
        table.load_preset(presets::UTF8_FULL_CONDENSED);
        table.force_no_tty();
        if layout.colour {
            table.enforce_styling();
        }
        match layout.width {
            Some(w) => {
                table.set_content_arrangement(ContentArrangement::Dynamic);
                table.set_width(w);
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        let mut header = vec!["名次".to_string(), "单位".to_string()];
        header.extend(
            tr.scores
                .dims
                .iter()
                .map(|&d| v.cfg.dimensions[d].name.clone()),
        );
        header.extend(["加分", "扣分", "总分", "等次"].map(String::from));
        if let Some(t) = v.trends {
            header.extend([
                format!("较{}名次", t.against),
                "得分变化".into(),
                "趋势".into(),
            ]);
        }
        header.push("备注".into());
        table.set_header(header);
        let levels = track.grades.level_names();
        let trend_cols = if v.trends.is_some() { 3 } else { 0 };
        let ncols = tr.scores.dims.len() + 7 + trend_cols;
        for &pos in &tr.order {
            let unit = &v.ds.registry.units[tr.units[pos]];
            let mut row: Vec<Cell> = vec![Cell::new(tr.rank[pos]), Cell::new(&unit.name)];
            for d in &tr.scores.dim_scores {
                row.push(Cell::new(v.fixed(d[pos])));
            }
            row.push(Cell::new(v.fixed(tr.bonus[pos])));
            row.push(Cell::new(v.fixed(tr.deduction[pos])));
            row.push(Cell::new(v.fixed(tr.total[pos])));
            row.push(Cell::new(levels[tr.grade[pos]]));
            if let Some(m) = v.movement(tr.track, pos) {
                row.push(Cell::new(m.arrow()));
                row.push(Cell::new(
                    m.score_change
                        .map(|s| signed(s, v.cfg.decimals))
                        .unwrap_or_default(),
                ));
                row.push(Cell::new(m.label.chinese()));
            }
            row.push(Cell::new(v.marks(tr, pos).join("; ")));
            table.add_row(row);
        }
        for c in 0..ncols {
            let dims_end = 2 + tr.scores.dims.len() + 3;
            let numeric =
                c == 0 || (2..dims_end).contains(&c) || (trend_cols > 0 && c == dims_end + 2);
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
    out.push_str(&format!(
        "评分规则 config: {} (sha256 {})\n",
        v.cfg.path.display(),
        v.cfg.sha256
    ));
    out
}
