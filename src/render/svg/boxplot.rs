//! Distributions per group: one row per group (a township and its villages and communities),
//! a box from the first to the third quartile with the median, whiskers from the lowest to the
//! highest value, and every value as a dot coloured by its series (the grade). Hundreds of units
//! stay readable as some twenty rows.
//!
//! Quartiles interpolate linearly between order statistics (Hyndman–Fan type 7, as spreadsheets
//! compute `QUARTILE.INC`): `q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])`, `h = (n − 1)p`.

use super::scale::{ticks, Linear, Ticks};
use super::{
    fit_text, legend, legend_height, text_width, title_block, Anchor, Font, LegendItem, Series,
    Svg, AXIS, GRID, INK, MUTED,
};

const WIDTH: f64 = super::bars::WIDTH;
const ROW: f64 = 28.0;
const BOX: f64 = 14.0;
const LABEL_MAX: f64 = 200.0;

/// One value: where it lies, its series (colour) and its tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub value: f64,
    pub series: usize,
    pub tip: String,
}

/// A group of more points than this draws only its first and last [`POINTS_SHOWN`].
pub const POINTS_UP_TO: usize = 2_000;
pub const POINTS_SHOWN: usize = 20;

/// Whether the `i`-th of a group's `n` points is drawn (see [`POINTS_UP_TO`]); the others count
/// in the box and whiskers only, and need no tip.
pub fn drawn(i: usize, n: usize) -> bool {
    n <= POINTS_UP_TO || i < POINTS_SHOWN || i >= n - POINTS_SHOWN
}

/// One row of the chart; a row without points shows only its label (a note such as
/// `… 中间 120 组略 …` for rows left out: see [`BoxPlot::notes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    pub points: Vec<Point>,
}

/// A distribution chart with its title, axis labels and legend.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxPlot {
    pub title: String,
    pub subtitle: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    pub groups: Vec<Group>,
    /// Decimals of the median beside each group (the config's).
    pub decimals: usize,
    /// How many of `groups` are notes (rows left out), not groups: the description does not
    /// count them.
    pub notes: usize,
}

/// Minimum, first quartile, median, third quartile and maximum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiveNumbers {
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// The five numbers of `values` (any order); `None` when empty.
pub fn five_numbers(values: &[f64]) -> Option<FiveNumbers> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (v.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(v.len() - 1);
        v[lo] + (h - lo as f64) * (v[hi] - v[lo])
    };
    // The median as the tables give it (for an even count the exact mean of the middle two), so
    // that the line drawn, the order of the groups and the label agree with them.
    let median = crate::num::median(v.clone()).unwrap_or_else(|| q(0.5));
    Some(FiveNumbers {
        min: v[0],
        q1: q(0.25),
        median,
        q3: q(0.75),
        max: v[v.len() - 1],
    })
}

/// A fixed vertical offset in [−0.5, 0.5] for the `i`-th dot, so that equal values do not
/// hide each other — the same on every run.
fn jitter(i: usize) -> f64 {
    ((i * 7) % 11) as f64 / 10.0 - 0.5
}

impl BoxPlot {
    fn legend_items(&self) -> Vec<LegendItem> {
        let mut items: Vec<LegendItem> = self
            .series
            .iter()
            .map(|s| LegendItem {
                label: s.name.clone(),
                color: s.color.clone(),
                dot: true,
            })
            .collect();
        items.push(LegendItem {
            label: "箱体：四分位距（P25–P75），竖线：中位数，须：最低–最高".into(),
            color: "#d9d9d9".into(),
            dot: false,
        });
        items
    }

    /// `n=19 中位 78.88`: the median ([`five_numbers`]) at the configured decimals.
    fn stat_text(&self, f: &FiveNumbers, n: usize) -> String {
        format!("n={n} 中位 {}", crate::num::fixed(f.median, self.decimals))
    }

    /// The chart as an `<svg>` element.
    pub fn svg(&self) -> String {
        let mut svg = Svg::new(WIDTH, 0.0);
        let y = title_block(&mut svg, WIDTH, &self.title, &self.subtitle);
        let items = self.legend_items();
        legend(&mut svg, 12.0, y + 2.0, WIDTH - 24.0, &items);
        let top = y + 2.0 + legend_height(&items, WIDTH - 24.0) + 10.0;
        let label_w = self
            .groups
            .iter()
            .map(|g| text_width(&g.label, 12.0))
            .fold(0.0, f64::max)
            .min(LABEL_MAX);
        let left = 30.0 + label_w + 8.0;
        let widest = format!("n=000 中位 {}", crate::num::fixed(100.0, self.decimals));
        let right = WIDTH - 14.0 - text_width(&widest, 11.0) - 8.0;
        let bottom = top + self.groups.len().max(1) as f64 * ROW;
        let all: Vec<f64> = self
            .groups
            .iter()
            .flat_map(|g| g.points.iter().map(|p| p.value))
            .collect();
        let span = five_numbers(&all);
        let ticks = ticks(span.map_or(0.0, |f| f.min), span.map_or(1.0, |f| f.max), 6);
        let scale = Linear {
            d0: ticks.lo(),
            d1: ticks.hi(),
            r0: left,
            r1: right,
        };
        self.axes(&mut svg, &ticks, &scale, top, bottom);
        for (i, g) in self.groups.iter().enumerate() {
            let mid = top + i as f64 * ROW + ROW / 2.0;
            self.group(&mut svg, &scale, g, mid, right);
            svg.text(
                left - 6.0,
                mid + 4.0,
                &fit_text(&g.label, 12.0, label_w),
                Font::new(12.0, Anchor::End),
            );
        }
        svg.set_height(bottom + 44.0);
        let desc = format!(
            "{}。纵轴：{}；横轴：{}；共 {} 组、{} 个值。",
            self.subtitle,
            self.y_label,
            self.x_label,
            self.groups.len() - self.notes,
            all.len()
        );
        svg.finish(&self.title, &desc)
    }

    fn axes(&self, svg: &mut Svg, ticks: &Ticks, scale: &Linear, top: f64, bottom: f64) {
        for &v in &ticks.values {
            let x = scale.map(v);
            svg.line((x, top), (x, bottom), GRID, 1.0);
            svg.text(
                x,
                bottom + 14.0,
                &ticks.label(v),
                Font::new(10.0, Anchor::Middle).color(MUTED),
            );
        }
        svg.line((scale.r0, bottom), (scale.r1, bottom), AXIS, 1.0);
        svg.text(
            (scale.r0 + scale.r1) / 2.0,
            bottom + 32.0,
            &self.x_label,
            Font::new(12.0, Anchor::Middle),
        );
        svg.vertical_text(
            16.0,
            (top + bottom) / 2.0,
            &self.y_label,
            Font::new(12.0, Anchor::Middle),
        );
    }

    fn group(&self, svg: &mut Svg, scale: &Linear, g: &Group, mid: f64, right: f64) {
        let values: Vec<f64> = g.points.iter().map(|p| p.value).collect();
        let Some(f) = five_numbers(&values) else {
            return;
        };
        let x = |v: f64| scale.map(v);
        svg.line((x(f.min), mid), (x(f.q1), mid), INK, 1.0);
        svg.line((x(f.q3), mid), (x(f.max), mid), INK, 1.0);
        for v in [f.min, f.max] {
            svg.line((x(v), mid - 4.0), (x(v), mid + 4.0), INK, 1.0);
        }
        svg.frame(
            x(f.q1),
            mid - BOX / 2.0,
            x(f.q3) - x(f.q1),
            BOX,
            "#555",
            "#eeeeee",
        );
        svg.line(
            (x(f.median), mid - BOX / 2.0),
            (x(f.median), mid + BOX / 2.0),
            INK,
            2.0,
        );
        // A large group draws its box from every value but only its first and last points (its
        // best and worst, the points being in rank order): a million circles make no picture.
        let n = g.points.len();
        for (i, p) in g.points.iter().enumerate().filter(|&(i, _)| drawn(i, n)) {
            let color = self
                .series
                .get(p.series)
                .map_or("#999", |s| s.color.as_str());
            svg.circle(x(p.value), mid + jitter(i) * 16.0, 2.4, color, Some(&p.tip));
        }
        svg.text(
            right + 8.0,
            mid + 4.0,
            &self.stat_text(&f, values.len()),
            Font::new(11.0, Anchor::Start),
        );
    }
}

#[cfg(test)]
mod tests;
