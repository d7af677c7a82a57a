//! The report's charts, built from the results of one track: totals coloured by grade, the
//! distribution of totals (large tracks), rank change against the earlier period, the 3+N
//! dimension breakdown as stacked bars, and the distribution of village and community totals
//! per township. A track with more than [`ALL_UP_TO`] units shows its top and bottom
//! [`SLICE`] units (and the full distribution) instead of every bar.

use std::collections::BTreeMap;

use crate::analysis::bundle::Report;
use crate::analysis::facts::TrackContext;
use crate::render::fixed;
use crate::render::svg::bars::{Bar, BarChart, Row};
use crate::render::svg::boxplot::{drawn, five_numbers, BoxPlot, Group, Point};
use crate::render::svg::scale::ticks;
use crate::render::svg::{palette, Series};

/// Tracks up to this size show every unit.
pub const ALL_UP_TO: usize = 40;
/// Larger tracks show this many units from the top and from the bottom.
pub const SLICE: usize = 20;

/// Strong colours of grade levels, best first (the stylesheet's cell colours, darker).
pub fn grade_color(level: usize) -> &'static str {
    const C: [&str; 6] = [
        "#2e7d32", "#1f77b4", "#e0a000", "#c62828", "#6a1b9a", "#757575",
    ];
    C[level.min(C.len() - 1)]
}

fn grade_series(levels: &[&str]) -> Vec<Series> {
    levels
        .iter()
        .enumerate()
        .map(|(i, l)| Series::new(*l, grade_color(i)))
        .collect()
}

/// All `n` bars, or the first and last [`SLICE`] with a gap row between; `bar(k)` makes the
/// `k`-th, and only the bars shown are made (a track of a million units makes 40).
fn sliced(n: usize, bar: impl Fn(usize) -> Bar) -> Vec<Row> {
    if n <= ALL_UP_TO {
        return (0..n).map(|k| Row::Bar(bar(k))).collect();
    }
    let mut rows = Vec::with_capacity(2 * SLICE + 1);
    rows.extend((0..SLICE).map(|k| Row::Bar(bar(k))));
    rows.push(Row::Gap(format!("… 中间 {} 个单位略 …", n - 2 * SLICE)));
    rows.extend((n - SLICE..n).map(|k| Row::Bar(bar(k))));
    rows
}

/// How the rows were chosen, for subtitles.
fn slice_note(n: usize, what: &str) -> String {
    if n <= ALL_UP_TO {
        format!("{what}，共 {n} 个单位")
    } else {
        format!("{what}，显示前 {SLICE} 名与后 {SLICE} 名（共 {n} 个单位）")
    }
}

fn track_name<'a>(r: &Report<'a>, cx: &TrackContext) -> &'a str {
    &r.ev.cfg.tracks[cx.tr.track].name
}

/// Totals per unit in rank order, coloured by grade.
pub fn totals(r: &Report, cx: &TrackContext) -> BarChart {
    let tr = cx.tr;
    let d = r.ev.cfg.decimals;
    let bar = |k: usize| {
        let pos = tr.order[k];
        Bar {
            label: format!("{}. {}", tr.rank[pos], r.labels().unit_name(tr.units[pos])),
            segments: vec![(tr.grade(pos), tr.rounded[pos])],
            value: fixed(tr.total(pos), d),
        }
    };
    BarChart {
        title: format!("{} · 总分与等次", track_name(r, cx)),
        subtitle: slice_note(tr.order.len(), "按名次排列，颜色表示等次"),
        x_label: "总分".into(),
        y_label: "单位（名次）".into(),
        series: grade_series(&r.levels(tr.track)),
        rows: sliced(tr.order.len(), bar),
        decimals: d,
    }
}

/// The distribution of totals in bins, stacked by grade (for tracks too large for every bar).
pub fn histogram(r: &Report, cx: &TrackContext) -> Option<BarChart> {
    let tr = cx.tr;
    if tr.units.len() <= ALL_UP_TO {
        return None;
    }
    let f = five_numbers(&tr.rounded)?;
    let t = ticks(f.min, f.max, 8);
    let bins = ((t.hi() - t.lo()) / t.step).round().max(1.0) as usize;
    let levels = r.levels(tr.track);
    let mut counts = vec![vec![0usize; levels.len()]; bins];
    for (pos, &x) in tr.rounded.iter().enumerate() {
        let b = (((x - t.lo()) / t.step).floor().max(0.0) as usize).min(bins - 1);
        counts[b][tr.grade(pos)] += 1;
    }
    let rows = (0..bins)
        .rev()
        .map(|b| {
            let lo = t.lo() + b as f64 * t.step;
            let n: usize = counts[b].iter().sum();
            Row::Bar(Bar {
                label: format!("{}–{}", t.label(lo), t.label(lo + t.step)),
                segments: counts[b]
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c > 0)
                    .map(|(g, &c)| (g, c as f64))
                    .collect(),
                value: format!("{n} 个"),
            })
        })
        .collect();
    Some(BarChart {
        title: format!("{} · 总分分布", track_name(r, cx)),
        subtitle: format!(
            "全部 {} 个单位；区间含下限、不含上限（最高区间含上限）；颜色表示等次",
            tr.units.len()
        ),
        x_label: "单位数".into(),
        y_label: "总分区间".into(),
        series: grade_series(&levels),
        rows,
        decimals: 0,
    })
}

/// Rank change against the earlier period: risers first; units new on the track left out.
pub fn rank_change(r: &Report, cx: &TrackContext) -> Option<BarChart> {
    let against = cx.against?;
    let tr = cx.tr;
    let mut moved: Vec<(usize, i64)> = (0..tr.units.len())
        .filter_map(|pos| Some((pos, cx.movement(pos)?.rank_change()?)))
        .collect();
    let new = tr.units.len() - moved.len();
    moved.sort_by(|a, b| b.1.cmp(&a.1).then(tr.rank[a.0].cmp(&tr.rank[b.0])));
    let bar = |k: usize| {
        let (pos, change) = moved[k];
        let series = match change.signum() {
            1 => 0,
            -1 => 1,
            _ => 2,
        };
        let arrow = cx.movement(pos).map(|m| m.arrow()).unwrap_or_default();
        Bar {
            label: r.labels().unit_name(tr.units[pos]).to_string(),
            segments: vec![(series, change as f64)],
            value: format!("{arrow} 第{}名", tr.rank[pos]),
        }
    };
    let mut what = format!("较{against}，按名次变化排列");
    if new > 0 {
        what.push_str(&format!("；新进入本赛道的 {new} 个单位不计"));
    }
    Some(BarChart {
        title: format!("{} · 名次变化", track_name(r, cx)),
        subtitle: slice_note(moved.len(), &what),
        x_label: format!("名次变化（较{against}，正数为上升）"),
        y_label: "单位".into(),
        series: vec![
            Series::new("进位", "#2e7d32"),
            Series::new("退位", "#c62828"),
            Series::new("名次不变", "#9e9e9e"),
        ],
        rows: sliced(moved.len(), bar),
        decimals: 0,
    })
}

/// The 3+N dimension subtotals of every unit as stacked bars, in rank order.
pub fn dimensions(r: &Report, cx: &TrackContext) -> BarChart {
    let tr = cx.tr;
    let d = r.ev.cfg.decimals;
    let series = tr
        .scores
        .dims
        .iter()
        .enumerate()
        .map(|(k, &dim)| {
            let dim = &r.ev.cfg.dimensions[dim];
            let name = if dim.core {
                format!("{}（核心）", dim.name)
            } else {
                dim.name.clone()
            };
            Series::new(name, palette(k))
        })
        .collect();
    let bar = |k: usize| {
        let pos = tr.order[k];
        Bar {
            label: format!("{}. {}", tr.rank[pos], r.labels().unit_name(tr.units[pos])),
            segments: (0..tr.scores.dims.len())
                .map(|k| (k, tr.scores.dim_scores[k][pos]))
                .collect(),
            value: fixed(tr.scores.indicator_total[pos], d),
        }
    };
    BarChart {
        title: format!("{} · 各板块得分（3+N）", track_name(r, cx)),
        subtitle: slice_note(
            tr.order.len(),
            "折算后的板块得分，合计为指标得分（不含加减分），按名次排列",
        ),
        x_label: "板块得分（折算后）".into(),
        y_label: "单位（名次）".into(),
        series,
        rows: sliced(tr.order.len(), bar),
        decimals: d,
    }
}

/// Totals of the track's villages and communities grouped by their township or sub-district,
/// groups by median total (highest first); `None` when no unit of the track has a parent.
pub fn by_parent(r: &Report, cx: &TrackContext) -> Option<BoxPlot> {
    let tr = cx.tr;
    let reg = &r.ev.ds.registry;
    let levels = r.levels(tr.track);
    // First the totals of each group, to order the groups by median and choose those shown.
    let mut totals: BTreeMap<Option<usize>, Vec<f64>> = BTreeMap::new();
    for &pos in &tr.order {
        let parent = reg.units[tr.units[pos]].parent();
        totals.entry(parent).or_default().push(tr.rounded[pos]);
    }
    if totals.keys().all(Option::is_none) {
        return None;
    }
    let mut order: Vec<(f64, String, Option<usize>, usize)> = totals
        .into_iter()
        .map(|(parent, values)| {
            let median = five_numbers(&values).map_or(0.0, |f| f.median);
            let id = parent.map_or_else(String::new, |p| reg.units[p].id.to_string());
            (median, id, parent, values.len())
        })
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    // Many groups (a province's townships) show the first and last [`SLICE`] by median.
    let count = order.len();
    let cut = count > ALL_UP_TO;
    let shown: Vec<_> = order
        .iter()
        .enumerate()
        .filter(|&(k, _)| !cut || k < SLICE || k >= count - SLICE)
        .map(|(_, g)| g)
        .collect();
    // Each group shown: its row (before the note is put in) and its size.
    let row_of: BTreeMap<Option<usize>, (usize, usize)> = shown
        .iter()
        .enumerate()
        .map(|(row, g)| (g.2, (row, g.3)))
        .collect();
    let mut groups: Vec<Group> = shown
        .iter()
        .map(|g| Group {
            label: g.2.map_or_else(
                || "（无所属）".to_string(),
                |p| reg.units[p].name.to_string(),
            ),
            points: Vec::new(),
        })
        .collect();
    for &pos in &tr.order {
        let unit = &reg.units[tr.units[pos]];
        let Some(&(row, size)) = row_of.get(&unit.parent()) else {
            continue;
        };
        let group = &mut groups[row];
        // Only the points drawn show their tip.
        let tip = if drawn(group.points.len(), size) {
            format!(
                "{} {} 第{}名 {}",
                unit.name,
                fixed(tr.total(pos), r.ev.cfg.decimals),
                tr.rank[pos],
                levels[tr.grade(pos)]
            )
        } else {
            String::new()
        };
        group.points.push(Point {
            value: tr.rounded[pos],
            series: tr.grade(pos),
            tip,
        });
    }
    let mut subtitle = format!(
        "每点一个单位（颜色表示等次），共 {} 个单位、{count} 组；按中位数从高到低排列",
        tr.units.len()
    );
    if cut {
        groups.insert(
            SLICE,
            Group {
                label: format!("… 中间 {} 组略 …", count - 2 * SLICE),
                points: Vec::new(),
            },
        );
        subtitle.push_str(&format!("，显示前 {SLICE} 组与后 {SLICE} 组"));
    }
    Some(BoxPlot {
        title: format!("{} · 各乡镇（街道）所辖单位得分分布", track_name(r, cx)),
        subtitle,
        x_label: "总分".into(),
        y_label: "所属乡镇（街道）".into(),
        series: grade_series(&levels),
        groups,
        decimals: r.ev.cfg.decimals,
        notes: usize::from(cut),
    })
}

/// Totals of every track side by side (one row per track), dots coloured by grade name.
pub fn overview(r: &Report) -> BoxPlot {
    let mut names: Vec<&str> = Vec::new();
    for &t in &r.tracks {
        for l in r.levels(t) {
            if !names.contains(&l) {
                names.push(l);
            }
        }
    }
    let groups = r
        .contexts
        .iter()
        .map(|cx| {
            let tr = cx.tr;
            let levels = r.levels(tr.track);
            let n = tr.order.len();
            let points = tr
                .order
                .iter()
                .enumerate()
                .map(|(i, &pos)| {
                    let grade = levels[tr.grade(pos)];
                    Point {
                        value: tr.rounded[pos],
                        series: names.iter().position(|n| *n == grade).unwrap_or(0),
                        // Only the points drawn show their tip.
                        tip: if drawn(i, n) {
                            format!(
                                "{} {} 第{}名 {grade}",
                                r.labels().unit_name(tr.units[pos]),
                                fixed(tr.total(pos), r.ev.cfg.decimals),
                                tr.rank[pos]
                            )
                        } else {
                            String::new()
                        },
                    }
                })
                .collect();
            Group {
                label: track_name(r, cx).to_string(),
                points,
            }
        })
        .collect();
    BoxPlot {
        title: "各赛道总分分布".into(),
        subtitle: format!("每点一个单位（颜色表示等次），{} 个赛道", r.tracks.len()),
        x_label: "总分".into(),
        y_label: "赛道".into(),
        series: names
            .iter()
            .enumerate()
            .map(|(i, n)| Series::new(*n, grade_color(i)))
            .collect(),
        groups,
        decimals: r.ev.cfg.decimals,
        notes: 0,
    }
}

#[cfg(test)]
mod tests;
