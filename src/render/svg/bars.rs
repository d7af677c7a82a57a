//! Horizontal bar charts: one row per unit (or per bin), each bar a stack of coloured segments
//! that grows right from zero, or left for negative values (a diverging chart), and a value
//! column on the right. A [`Row::Gap`] marks rows left out ("… 280 units …"), so that a track of
//! 320 units shows its top and bottom slices instead of 320 unreadable bars.

use super::scale::{ticks, Linear};
use super::{
    fit_text, legend, legend_height, text_width, title_block, Anchor, Font, LegendItem, Series,
    Svg, AXIS, GRID, MUTED,
};

/// The chart's width in px (fits an A4 page at 96 dpi after scaling down a little).
pub const WIDTH: f64 = 760.0;
const ROW: f64 = 18.0;
const BAR: f64 = 12.0;
const LABEL_MAX: f64 = 220.0;

/// One bar: its label, segments `(series, value)` stacked in order, and the value column text.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub segments: Vec<(usize, f64)>,
    pub value: String,
}

/// A row of the chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Bar(Bar),
    /// A separator with a note on the rows left out.
    Gap(String),
}

/// A horizontal bar chart with its title, axis labels and legend.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub subtitle: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    pub rows: Vec<Row>,
    /// Decimals of the segment values in the tooltips (the config's for scores, 0 for counts).
    pub decimals: usize,
}

/// Where things go, computed once from the content.
struct Layout {
    left: f64,
    right: f64,
    label_w: f64,
    top: f64,
    bottom: f64,
    scale: Linear,
    ticks: super::scale::Ticks,
}

impl BarChart {
    fn bars(&self) -> impl Iterator<Item = &Bar> {
        self.rows.iter().filter_map(|r| match r {
            Row::Bar(b) => Some(b),
            Row::Gap(_) => None,
        })
    }

    fn legend_items(&self) -> Vec<LegendItem> {
        self.series
            .iter()
            .map(|s| LegendItem {
                label: s.name.clone(),
                color: s.color.clone(),
                dot: false,
            })
            .collect()
    }

    fn layout(&self, legend_top: f64) -> Layout {
        let label_w = self
            .bars()
            .map(|b| text_width(&b.label, 12.0))
            .fold(0.0, f64::max)
            .min(LABEL_MAX);
        let value_w = self
            .bars()
            .map(|b| text_width(&b.value, 11.0))
            .fold(24.0, f64::max);
        let left = 30.0 + label_w + 8.0;
        let right = WIDTH - 14.0 - value_w - 8.0;
        let top = legend_top + legend_height(&self.legend_items(), WIDTH - 24.0) + 10.0;
        let bottom = top + self.rows.len().max(1) as f64 * ROW;
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for b in self.bars() {
            let pos: f64 = b.segments.iter().map(|s| s.1.max(0.0)).sum();
            let neg: f64 = b.segments.iter().map(|s| s.1.min(0.0)).sum();
            (lo, hi) = (lo.min(neg), hi.max(pos));
        }
        let ticks = ticks(lo, hi, 6);
        let scale = Linear {
            d0: ticks.lo(),
            d1: ticks.hi(),
            r0: left,
            r1: right,
        };
        Layout {
            left,
            right,
            label_w,
            top,
            bottom,
            scale,
            ticks,
        }
    }

    /// The chart as an `<svg>` element.
    pub fn svg(&self) -> String {
        // The height is known once the legend and rows are laid out.
        let mut svg = Svg::new(WIDTH, 0.0);
        let y = title_block(&mut svg, WIDTH, &self.title, &self.subtitle);
        legend(&mut svg, 12.0, y + 2.0, WIDTH - 24.0, &self.legend_items());
        let l = self.layout(y + 2.0);
        self.axes(&mut svg, &l);
        for (i, row) in self.rows.iter().enumerate() {
            let top = l.top + i as f64 * ROW;
            match row {
                Row::Bar(b) => self.bar(&mut svg, &l, b, top),
                Row::Gap(note) => svg.text(
                    (l.left + l.right) / 2.0,
                    top + ROW / 2.0 + 4.0,
                    note,
                    Font::new(11.0, Anchor::Middle).color(MUTED),
                ),
            }
        }
        if self.rows.is_empty() {
            svg.text(
                (l.left + l.right) / 2.0,
                l.top + 13.0,
                "（无数据）",
                Font::new(11.0, Anchor::Middle).color(MUTED),
            );
        }
        svg.set_height(l.bottom + 44.0);
        svg.finish(&self.title, &self.description())
    }

    fn axes(&self, svg: &mut Svg, l: &Layout) {
        for &v in &l.ticks.values {
            let x = l.scale.map(v);
            svg.line((x, l.top), (x, l.bottom), GRID, 1.0);
            svg.text(
                x,
                l.bottom + 14.0,
                &l.ticks.label(v),
                Font::new(10.0, Anchor::Middle).color(MUTED),
            );
        }
        let zero = l.scale.map(0.0);
        svg.line((zero, l.top), (zero, l.bottom), AXIS, 1.0);
        svg.line((l.left, l.bottom), (l.right, l.bottom), AXIS, 1.0);
        svg.text(
            (l.left + l.right) / 2.0,
            l.bottom + 32.0,
            &self.x_label,
            Font::new(12.0, Anchor::Middle),
        );
        svg.vertical_text(
            16.0,
            (l.top + l.bottom) / 2.0,
            &self.y_label,
            Font::new(12.0, Anchor::Middle),
        );
    }

    fn bar(&self, svg: &mut Svg, l: &Layout, b: &Bar, top: f64) {
        let y = top + (ROW - BAR) / 2.0;
        let (mut pos, mut neg) = (0.0, 0.0);
        for &(s, v) in &b.segments {
            let (from, to) = if v >= 0.0 {
                pos += v;
                (pos - v, pos)
            } else {
                neg += v;
                (neg, neg - v)
            };
            let (x0, x1) = (l.scale.map(from), l.scale.map(to));
            let series = self.series.get(s);
            let color = series.map_or("#999", |s| s.color.as_str());
            let name = series.map_or("", |s| s.name.as_str());
            let tip = format!(
                "{} · {name} {}",
                b.label,
                crate::num::fixed(v, self.decimals)
            );
            svg.rect(x0.min(x1), y, (x1 - x0).abs(), BAR, color, Some(&tip));
        }
        svg.text(
            l.left - 6.0,
            y + BAR - 2.0,
            &fit_text(&b.label, 12.0, l.label_w),
            Font::new(12.0, Anchor::End),
        );
        svg.text(
            l.right + 8.0,
            y + BAR - 2.0,
            &b.value,
            Font::new(11.0, Anchor::Start),
        );
    }

    /// A text description for screen readers: what the rows and series are.
    fn description(&self) -> String {
        let series: Vec<&str> = self.series.iter().map(|s| s.name.as_str()).collect();
        format!(
            "{}。纵轴：{}；横轴：{}；图例：{}。共 {} 行。",
            self.subtitle,
            self.y_label,
            self.x_label,
            series.join("、"),
            self.bars().count()
        )
    }
}

#[cfg(test)]
mod tests;
