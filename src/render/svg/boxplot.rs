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

/// One row of the chart.
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
    Some(FiveNumbers {
        min: v[0],
        q1: q(0.25),
        median: q(0.5),
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

    fn stat_text(f: &FiveNumbers, n: usize) -> String {
        format!("n={n} 中位 {:.1}", f.median)
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
        let right = WIDTH - 14.0 - text_width("n=000 中位 000.0", 11.0) - 8.0;
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
            self.groups.len(),
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
        let drawn = |i: &usize| n <= POINTS_UP_TO || *i < POINTS_SHOWN || *i >= n - POINTS_SHOWN;
        for (i, p) in g.points.iter().enumerate().filter(|(i, _)| drawn(i)) {
            let color = self
                .series
                .get(p.series)
                .map_or("#999", |s| s.color.as_str());
            svg.circle(x(p.value), mid + jitter(i) * 16.0, 2.4, color, Some(&p.tip));
        }
        svg.text(
            right + 8.0,
            mid + 4.0,
            &Self::stat_text(&f, values.len()),
            Font::new(11.0, Anchor::Start),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate_between_order_statistics() {
        let f = five_numbers(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!((f.min, f.max, f.median), (1.0, 4.0, 2.5));
        assert_eq!((f.q1, f.q3), (1.75, 3.25));
        let one = five_numbers(&[7.0]).unwrap();
        assert_eq!((one.q1, one.median, one.q3), (7.0, 7.0, 7.0));
        assert_eq!(five_numbers(&[]), None);
    }

    #[test]
    fn a_distribution_chart_draws_every_value_with_title_axes_and_legend() {
        let point = |v: f64, s: usize| Point {
            value: v,
            series: s,
            tip: format!("村 {v}"),
        };
        let chart = BoxPlot {
            title: "村（社区）得分分布".into(),
            subtitle: "按乡镇".into(),
            x_label: "总分".into(),
            y_label: "乡镇（街道）".into(),
            series: vec![
                Series::new("优秀", "#2e7d32"),
                Series::new("一般", "#f0a30a"),
            ],
            groups: vec![
                Group {
                    label: "城关镇".into(),
                    points: vec![point(90.0, 0), point(70.0, 1), point(80.0, 1)],
                },
                Group {
                    label: "龙泉镇".into(),
                    points: vec![point(60.0, 1)],
                },
            ],
        };
        let svg = chart.svg();
        assert!(svg.contains("<title>村（社区）得分分布</title>"));
        assert!(svg.contains(">总分</text>") && svg.contains(">乡镇（街道）</text>"));
        assert!(svg.contains(">优秀</text>") && svg.contains("四分位距"));
        // Two legend dots and four values.
        assert_eq!(svg.matches("<circle").count(), 2 + 4);
        assert!(svg.contains("n=3 中位 80.0"));
        assert_eq!(svg, chart.svg());
        // A group of 2,001 values: its box from all of them, 40 points drawn (plus 2 legend dots).
        let mut big = chart.clone();
        big.groups = vec![Group {
            label: "全省".into(),
            points: (0..2_001).map(|i| point(f64::from(i), 0)).collect(),
        }];
        let svg = big.svg();
        assert_eq!(svg.matches("<circle").count(), 2 + 40);
        assert!(svg.contains("n=2001 中位 1000.0"), "{svg}");
        assert!(svg.contains("<title>村 0</title>") && svg.contains("<title>村 2000</title>"));
        assert!(!svg.contains("<title>村 20</title>") && svg.contains("<title>村 1981</title>"));
    }
}
