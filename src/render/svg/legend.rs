//! The parts every chart shares: the title block and the legend (swatches and labels, wrapped
//! to the chart's width by estimated text widths).

use super::{fit_text, text_width, Anchor, Font, Svg, MUTED};

/// The title block every chart starts with: a bold title and an optional muted subtitle.
/// Returns the y below it.
pub fn title_block(svg: &mut Svg, width: f64, title: &str, subtitle: &str) -> f64 {
    svg.text(
        12.0,
        24.0,
        &fit_text(title, 16.0, width - 24.0),
        Font::new(16.0, Anchor::Start).bold(),
    );
    if subtitle.is_empty() {
        return 34.0;
    }
    svg.text(
        12.0,
        42.0,
        &fit_text(subtitle, 11.0, width - 24.0),
        Font::new(11.0, Anchor::Start).color(MUTED),
    );
    52.0
}

/// One legend entry: a swatch (`dot` = a circle, else a square) and a label.
#[derive(Debug, Clone)]
pub struct LegendItem {
    pub label: String,
    pub color: String,
    pub dot: bool,
}

/// The height a legend of `items` takes in `width` px (rows of 18 px, wrapped).
pub fn legend_height(items: &[LegendItem], width: f64) -> f64 {
    legend_rows(items, width).len() as f64 * 18.0
}

fn legend_rows(items: &[LegendItem], width: f64) -> Vec<Vec<(f64, &LegendItem)>> {
    let mut rows: Vec<Vec<(f64, &LegendItem)>> = vec![Vec::new()];
    let mut x = 0.0;
    for it in items {
        let w = 16.0 + text_width(&it.label, 11.0) + 14.0;
        if x > 0.0 && x + w > width {
            rows.push(Vec::new());
            x = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((x, it));
        }
        x += w;
    }
    rows.retain(|r| !r.is_empty());
    rows
}

/// Draws a legend from `(x, y)` (top left) within `width` px; returns its height.
pub fn legend(svg: &mut Svg, x: f64, y: f64, width: f64, items: &[LegendItem]) -> f64 {
    let rows = legend_rows(items, width);
    for (r, row) in rows.iter().enumerate() {
        let cy = y + 9.0 + r as f64 * 18.0;
        for (dx, it) in row {
            if it.dot {
                svg.circle(x + dx + 5.0, cy, 4.5, &it.color, None);
            } else {
                svg.rect(x + dx, cy - 5.0, 10.0, 10.0, &it.color, None);
            }
            svg.text(
                x + dx + 16.0,
                cy + 4.0,
                &it.label,
                Font::new(11.0, Anchor::Start),
            );
        }
    }
    rows.len() as f64 * 18.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::svg::palette;

    #[test]
    fn legends_wrap_to_the_width() {
        let items: Vec<LegendItem> = (0..8)
            .map(|i| LegendItem {
                label: format!("板块名称{i}"),
                color: palette(i).into(),
                dot: false,
            })
            .collect();
        assert_eq!(legend_height(&items[..1], 700.0), 18.0);
        assert!(legend_height(&items, 300.0) > 18.0);
    }
}
