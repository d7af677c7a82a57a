//! `report.html`: one self-contained page for the review meeting and its printed handout — no
//! scripts, no external fonts, images or styles, no URLs. Per track: the charts (inline SVG from
//! [`crate::render::svg`]), the ranked table (as `rank --format markdown` shows it), the gap
//! analysis and the requirement lines (as `gaps` shows them); before the tracks, the district
//! overview (as `summary` shows it). The stylesheet prints on A4, each track from a new page.

mod charts;
pub mod doc;
mod robust;

use self::doc::DocHtml;
use crate::analysis::bundle::Report;
use crate::analysis::gaps::each_unit_gap;
use crate::render::doc::{Block, Blocks, Doc};
use crate::render::gaps::{self, GapsView};
use crate::render::rank;
use crate::render::summary::{self, SummaryView};
use crate::render::svg::escape;

const STYLE: &str = include_str!("style.css");

/// The page.
pub fn render(r: &Report) -> String {
    let title = format!("{} 考核结果报告", r.period());
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    out.push_str(&cover(r, &title));
    out.push_str("<main>\n");
    out.push_str(&overview(r));
    for i in 0..r.tracks.len() {
        out.push_str(&track_section(r, i));
    }
    out.push_str("</main>\n");
    out.push_str(&format!(
        "<footer><p class=\"note\">{}</p></footer>\n</body>\n</html>\n",
        escape(&footer_text(r))
    ));
    out
}

/// Section numbers in Chinese: 一、二、… (arabic past ten).
fn numeral(i: usize) -> String {
    const N: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    N.get(i)
        .map_or_else(|| format!("{}", i + 1), |s| s.to_string())
}

fn cover(r: &Report, title: &str) -> String {
    let mut meta = format!("考核期 {}", r.period());
    if let Some(a) = r.against() {
        meta.push_str(&format!(" · 对比期 {a}"));
    }
    let units: usize = r.contexts.iter().map(|cx| cx.tr.units.len()).sum();
    meta.push_str(&format!(
        " · {} 个赛道、{units} 个被考核单位",
        r.tracks.len()
    ));
    let mut toc = format!(
        "<li><a href=\"#overview\">{}、全区基本面</a></li>\n",
        numeral(0)
    );
    for (i, &t) in r.tracks.iter().enumerate() {
        toc.push_str(&format!(
            "<li><a href=\"#track-{i}\">{}、{}</a></li>\n",
            numeral(i + 1),
            escape(&r.ev.cfg.tracks[t].name)
        ));
    }
    format!(
        "<header class=\"cover\">\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n<p class=\"meta\">{}</p>\n<nav class=\"toc\"><ol>\n{toc}</ol></nav>\n</header>\n",
        escape(title),
        escape(&meta),
        escape(&r.labels().provenance_line())
    )
}

/// A document without its title and closing notes (the page has its own).
fn body_of(doc: Doc) -> Doc {
    Doc(doc
        .0
        .into_iter()
        .filter(|b| !matches!(b, Block::Heading(1, _) | Block::Note(_)))
        .collect())
}

fn overview(r: &Report) -> String {
    let v = SummaryView {
        names: r.labels(),
        summary: &r.summary,
    };
    let html = DocHtml {
        heading_offset: 1,
        levels: &[],
    }
    .render(&abridged(body_of(summary::doc(&v))));
    let chart = charts::overview(r).svg();
    format!(
        "<section id=\"overview\" class=\"overview\">\n<h2>{}、全区基本面</h2>\n<figure class=\"chart\" id=\"overview-totals\">\n{chart}</figure>\n{html}</section>\n",
        numeral(0)
    )
}

/// A chart in its figure, with an id to link to (`track-0-totals`).
fn figure(i: usize, what: &str, svg: String) -> String {
    format!("<figure class=\"chart\" id=\"track-{i}-{what}\">\n{svg}</figure>\n")
}

fn track_section(r: &Report, i: usize) -> String {
    let cx = &r.contexts[i];
    let t = cx.tr.track;
    let levels = r.levels(t);
    let track = &r.ev.cfg.tracks[t];
    let mut out = format!(
        "<section id=\"track-{i}\" class=\"track page\">\n<h2>{}、{}</h2>\n<p class=\"lead\">赛道 {} · {} 个单位 · 满分 {}</p>\n",
        numeral(i + 1),
        escape(&track.name),
        escape(&track.id),
        cx.tr.units.len(),
        crate::render::text::trim_num(track.total)
    );
    out.push_str(&figure(i, "totals", charts::totals(r, cx).svg()));
    if let Some(h) = charts::histogram(r, cx) {
        out.push_str(&figure(i, "histogram", h.svg()));
    }
    match charts::rank_change(r, cx) {
        Some(c) => out.push_str(&figure(i, "rank-change", c.svg())),
        None => out.push_str("<p class=\"note\">无上期结果，未绘制名次变化图。</p>\n"),
    }
    out.push_str(&figure(i, "dimensions", charts::dimensions(r, cx).svg()));
    if let Some(b) = charts::by_parent(r, cx) {
        out.push_str(&figure(i, "distribution", b.svg()));
    }
    let html = DocHtml {
        heading_offset: 1,
        levels: &levels,
    };
    out.push_str("<h3>名次表</h3>\n");
    out.push_str(&html.render(&ranked_table(r, i)));
    out.push_str("<h3>名次稳健性</h3>\n");
    out.push_str(&html.render(&abridged(robust::doc(r, i))));
    out.push_str("<h3>差距分析与提要求</h3>\n");
    out.push_str(&html.render(&abridged(gaps_doc(r, i))));
    out.push_str("</section>\n");
    out
}

/// Tables longer than this are shown abridged: a page meant to be read and printed, not a
/// listing of a province's villages (results.xlsx, notice.md and statements/ list every unit).
pub const TABLE_ROWS_UP_TO: usize = 2_000;

/// `doc` with every table of more than [`TABLE_ROWS_UP_TO`] rows (and every list of more lines)
/// cut to its first and last [`charts::SLICE`], a row between saying how many are left out and
/// where they are.
fn abridged(doc: Doc) -> Doc {
    Doc(doc
        .0
        .into_iter()
        .map(|b| match b {
            Block::Table(mut t) => {
                let width = t.header.len();
                t.rows = cut(t.rows, |n| table_gap(width, n));
                Block::Table(t)
            }
            Block::Lines(lines) => Block::Lines(cut(lines, lines_gap)),
            other => other,
        })
        .collect())
}

/// The row standing for `n` rows left out of a table `width` columns wide.
fn table_gap(width: usize, n: usize) -> Vec<String> {
    let mut gap = vec![String::new(); width];
    if let Some(first) = gap.first_mut() {
        *first = format!("……（其余 {n} 行略，见 results.xlsx、notice.md）");
    }
    gap
}

/// The line standing for `n` lines left out of a list.
fn lines_gap(n: usize) -> String {
    format!("……（其余 {n} 条略，见 statements/）")
}

/// `items` cut to their first and last [`charts::SLICE`] when there are more than
/// [`TABLE_ROWS_UP_TO`], with `gap(how many are left out)` between.
fn cut<T>(items: Vec<T>, gap: impl FnOnce(usize) -> T) -> Vec<T> {
    let mut kept = Abridged::default();
    items.into_iter().for_each(|x| kept.push(x));
    kept.finish(|x| x, gap)
}

/// Items kept as they come, as [`cut`] keeps them: every one while there are at most
/// [`TABLE_ROWS_UP_TO`], else the first and last [`charts::SLICE`] and how many came between —
/// never more than [`TABLE_ROWS_UP_TO`] held, however many come.
struct Abridged<T> {
    head: Vec<T>,
    tail: std::collections::VecDeque<T>,
    n: usize,
}

const _: () = assert!(2 * charts::SLICE < TABLE_ROWS_UP_TO && charts::SLICE > 0);

impl<T> Default for Abridged<T> {
    fn default() -> Self {
        Abridged {
            head: Vec::new(),
            tail: Default::default(),
            n: 0,
        }
    }
}

impl<T> Abridged<T> {
    fn push(&mut self, x: T) {
        let keep = charts::SLICE;
        self.n += 1;
        if self.n <= TABLE_ROWS_UP_TO {
            self.head.push(x);
            return;
        }
        if self.n == TABLE_ROWS_UP_TO + 1 {
            // Past the limit: of those held, only the first and the last (but one) stay.
            let from = self.head.len() + 1 - keep;
            self.tail.extend(self.head.drain(from..));
            self.head.truncate(keep);
        }
        self.tail.push_back(x);
        if self.tail.len() > keep {
            self.tail.pop_front();
        }
    }

    /// The items kept, each made by `each`, with `gap(how many are left out)` between the first
    /// and the last when some were.
    fn finish<U>(self, mut each: impl FnMut(T) -> U, gap: impl FnOnce(usize) -> U) -> Vec<U> {
        let mut out: Vec<U> = self.head.into_iter().map(&mut each).collect();
        if self.n > TABLE_ROWS_UP_TO {
            out.push(gap(self.n - 2 * charts::SLICE));
            out.extend(self.tail.into_iter().map(each));
        }
        out
    }
}

/// The ranked table of one track (as `rank --format markdown` shows it), cut as [`abridged`]
/// cuts it: only the rows shown are made.
fn ranked_table(r: &Report, i: usize) -> Doc {
    let tr = r.contexts[i].tr;
    let view = r.view(vec![tr.track]);
    let (mut table, parents) = rank::track_table(&view, tr);
    let mut rows = Abridged::default();
    tr.order.iter().for_each(|&pos| rows.push(pos));
    let (width, levels) = (table.header.len(), table.grades.clone());
    table.rows = rows.finish(
        |pos| rank::track_row(&view, tr, pos, parents, &levels),
        |n| table_gap(width, n),
    );
    Doc(vec![Block::Table(table)])
}

/// The gap analysis of one track, its heading turned into a line of figures, cut as
/// [`abridged`] cuts it. Made from one unit's gaps at a time: only the rows and lines shown are
/// kept.
fn gaps_doc(r: &Report, i: usize) -> Doc {
    let v = GapsView {
        names: r.labels(),
        tracks: &[],
    };
    let (tg, units) = each_unit_gap(&r.contexts[i]);
    let t = tg.track;
    let mut rows = Abridged::default();
    let mut lines = Abridged::default();
    let mut parents = false;
    for mut u in units {
        parents = parents || gaps::has_parents(&v, std::iter::once(u.unit));
        for req in std::mem::take(&mut u.requirements) {
            lines.push((u.unit, req));
        }
        rows.push(u);
    }
    let mut table = gaps::table_columns(&v, parents);
    let width = table.header.len();
    table.rows = rows.finish(
        |u| gaps::table_row(&v, t, &u, parents),
        |n| table_gap(width, n),
    );
    let mut doc = Doc(vec![
        Block::Note(gaps::track_heading(&v, &tg)),
        Block::Table(table),
    ]);
    let lines = lines.finish(|(u, req)| gaps::requirement_line(&v, t, u, &req), lines_gap);
    if !lines.is_empty() {
        doc.heading(3, gaps::REQUIREMENTS);
        doc.lines(lines);
    }
    doc
}

fn footer_text(r: &Report) -> String {
    format!(
        "说明：总分、名次、等次同 pingyi rank；失分 = (P·cap − 得分)·T/A；距上一名次 = 上一名次的总分 − 本单位总分；单项可追平 = 单项得满分即可使总分（四舍五入后）追平上一名次的指标；提要求规则见配置 [requirements]。本报告由 pingyi {} 生成。{}",
        env!("CARGO_PKG_VERSION"),
        r.labels().provenance_line()
    )
}

#[cfg(test)]
mod tests;
