//! Renderers of the district overview (`pingyi summary`): a document (table / markdown),
//! CSV/TSV and JSON.
//!
//! CSV holds the three parts in one sheet: one header row and one row per item, led by
//! `section` (`track`, `indicator` or `parent`), `track`, `id`, `name`; columns that do not
//! apply to a section are empty. Grade counts get one `grade:<level>` column per level name.

pub mod json;

use crate::analysis::summary::{Extreme, IndicatorSummary, ParentSummary, Summary, TrackSummary};
use crate::error::Error;
use crate::render::doc::{Blocks, Doc, DocTable};
use crate::render::labels::Labels;
use crate::render::sheet::{CsvOptions, Sheet};
use crate::render::text::trim_num;
use crate::render::Headers;
use crate::render::{Format, Style};

/// The summary to render.
pub struct SummaryView<'a> {
    pub names: Labels<'a>,
    pub summary: &'a Summary,
}

/// The overview in `style`'s format.
pub fn render(v: &SummaryView, style: &Style) -> Result<Vec<u8>, Error> {
    Ok(match style.format {
        Format::Table => doc(v).text(style.width).into_bytes(),
        Format::Markdown => doc(v).markdown().into_bytes(),
        Format::Csv | Format::Tsv => csv(v, style.csv, style.headers),
        Format::Json | Format::Jsonl => json::render(v),
        Format::Xlsx => super::xlsx::book::book(&doc(v), Some(v.names.ev.period()))?,
    })
}

impl SummaryView<'_> {
    fn grade_list(&self, t: &TrackSummary) -> String {
        let levels = self.names.ev.cfg.tracks[t.track].grades.level_names();
        let parts: Vec<String> = levels
            .iter()
            .zip(&t.grades)
            .map(|(l, c)| format!("{l} {c}"))
            .collect();
        parts.join("、")
    }

    /// `name value[ 等n个]`; growth indicators' values are growth rates in percent.
    fn extreme(&self, e: Option<Extreme>, growth: bool) -> String {
        let Some(e) = e else { return String::new() };
        let pct = if growth { "%" } else { "" };
        let more = if e.tied > 1 {
            format!(" 等{}个", e.tied)
        } else {
            String::new()
        };
        format!(
            "{} {}{pct}{more}",
            self.names.qualified_name(e.unit),
            match growth {
                true => self.names.fixed(e.value),
                false => trim_num(e.value),
            }
        )
    }

    /// All grade level names of the shown tracks, first-seen order (CSV columns).
    fn level_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for t in &self.summary.tracks {
            for l in self.names.ev.cfg.tracks[t.track].grades.level_names() {
                if !out.contains(&l) {
                    out.push(l);
                }
            }
        }
        out
    }
}

/// The document for the table and markdown formats.
pub fn doc(v: &SummaryView) -> Doc {
    let n = &v.names;
    let mut doc = Doc::default();
    doc.heading(1, format!("全区基本面 · {}", n.ev.period()));
    doc.heading(2, "各赛道总分分布");
    let mut t = DocTable::new(&[
        ("赛道", false),
        ("单位数", true),
        ("均值", true),
        ("中位数", true),
        ("最低", true),
        ("最高", true),
        ("标准差", true),
        ("等次分布", false),
        ("一票否决", true),
    ]);
    for ts in &v.summary.tracks {
        let s = ts.stats;
        t.row(vec![
            n.track_name(ts.track).to_string(),
            ts.n.to_string(),
            n.opt(s.map(|s| s.mean)),
            n.opt(s.map(|s| s.median)),
            n.opt(s.map(|s| s.min)),
            n.opt(s.map(|s| s.max)),
            n.opt(s.map(|s| s.std_dev)),
            v.grade_list(ts),
            ts.vetoes.to_string(),
        ]);
    }
    doc.table(t);
    doc.heading(2, "各指标");
    doc.table(indicator_table(v));
    if !v.summary.parents.is_empty() {
        doc.heading(2, "乡镇（街道）所辖村（社区）");
        doc.table(parent_table(v));
    }
    doc.note(format!(
        "总分统计按公布的（舍入后）总分计，标准差为总体标准差 √(Σ(x−均值)²/n)；合计只对金额、数量类指标（万元、个、户等）给出，比率、得分与增速不合计；增速指标的平均、中位数与最好/最差均按增速计，其余按原始值；最好/最差按计分值与指标方向排名，全部相同时记“均相同”。{}",
        n.provenance_line()
    ));
    doc
}

fn indicator_table(v: &SummaryView) -> DocTable {
    let n = &v.names;
    let mut t = DocTable::new(&[
        ("赛道", false),
        ("指标", false),
        ("有值", true),
        ("合计", true),
        ("平均", true),
        ("中位数", true),
        ("最好", false),
        ("最差", false),
        ("缺报", true),
        ("不适用", true),
    ]);
    for is in &v.summary.indicators {
        let ind = &n.ev.cfg.indicators[is.indicator];
        let name = match (ind.growth.is_some(), ind.unit.as_str()) {
            (true, _) => format!("{}(增速%)", ind.name),
            (false, "") => ind.name.clone(),
            (false, u) => format!("{}({u})", ind.name),
        };
        t.row(vec![
            n.track_name(is.track).to_string(),
            name,
            is.count.to_string(),
            is.sum.map(|s| trim_num(n.round(s))).unwrap_or_default(),
            n.opt(is.mean),
            n.opt(is.median),
            match is.all_equal {
                true => "均相同".to_string(),
                false => v.extreme(is.best, ind.growth.is_some()),
            },
            match is.all_equal {
                true => "均相同".to_string(),
                false => v.extreme(is.worst, ind.growth.is_some()),
            },
            is.missing.to_string(),
            is.not_applicable.to_string(),
        ]);
    }
    t
}

fn parent_table(v: &SummaryView) -> DocTable {
    let n = &v.names;
    let mut t = DocTable::new(&[
        ("乡镇/街道", false),
        ("赛道", false),
        ("村社区数", true),
        ("平均分", true),
        ("最好名次", false),
        ("最差名次", false),
    ]);
    for p in &v.summary.parents {
        t.row(vec![
            n.unit_name(p.parent).to_string(),
            n.track_name(p.track).to_string(),
            p.count.to_string(),
            n.fixed(p.mean),
            format!("{} {}/{}", n.unit_name(p.best_unit), p.best_rank, p.track_n),
            format!(
                "{} {}/{}",
                n.unit_name(p.worst_unit),
                p.worst_rank,
                p.track_n
            ),
        ]);
    }
    t
}

const COLUMNS: [&str; 29] = [
    "section",
    "track",
    "id",
    "name",
    "count",
    "track_units",
    "mean",
    "median",
    "min",
    "max",
    "std_dev",
    "sum",
    "missing",
    "not_applicable",
    "vetoes",
    "best_id",
    "best_name",
    "best_value",
    "best_rank",
    "best_tied",
    "worst_id",
    "worst_name",
    "worst_value",
    "worst_rank",
    "worst_tied",
    "all_equal",
    "period",
    "best_parent",
    "worst_parent",
];

/// A CSV row being filled by column name.
struct Row(Vec<String>);

impl Row {
    fn new(width: usize) -> Row {
        Row(vec![String::new(); width])
    }

    fn set(&mut self, key: &str, value: String) {
        if let Some(i) = COLUMNS.iter().position(|k| *k == key) {
            self.0[i] = value;
        }
    }
}

/// CSV/TSV: tracks, then indicators, then townships and sub-districts.
pub fn csv(v: &SummaryView, opts: CsvOptions, headers: Headers) -> Vec<u8> {
    let n = &v.names;
    let levels = v.level_names();
    let width = COLUMNS.len() + levels.len();
    let mut w = Sheet::new(opts);
    let mut header: Vec<String> = COLUMNS.map(String::from).to_vec();
    header.extend(levels.iter().map(|l| format!("grade:{l}")));
    // Writing to a Vec cannot fail.
    w.header(crate::render::headers::names(&header, headers));
    for ts in &v.summary.tracks {
        let mut r = track_row(v, ts, width);
        let names = n.ev.cfg.tracks[ts.track].grades.level_names();
        for (name, c) in names.iter().zip(&ts.grades) {
            if let Some(i) = levels.iter().position(|l| l == name) {
                r.0[COLUMNS.len() + i] = c.to_string();
            }
        }
        w.record(&r.0);
    }
    for is in &v.summary.indicators {
        w.record(&indicator_row(v, is, width).0);
    }
    for p in &v.summary.parents {
        w.record(&parent_row(v, p, width).0);
    }
    w.into_bytes()
}

fn track_row(v: &SummaryView, ts: &TrackSummary, width: usize) -> Row {
    let n = &v.names;
    let mut r = Row::new(width);
    r.set("section", "track".into());
    r.set("track", n.track_id(ts.track).into());
    r.set("id", n.track_id(ts.track).into());
    r.set("name", n.track_name(ts.track).into());
    r.set("count", ts.n.to_string());
    r.set("track_units", ts.n.to_string());
    if let Some(s) = ts.stats {
        r.set("mean", n.fixed(s.mean));
        r.set("median", n.fixed(s.median));
        r.set("min", n.fixed(s.min));
        r.set("max", n.fixed(s.max));
        r.set("std_dev", n.fixed(s.std_dev));
    }
    r.set("vetoes", ts.vetoes.to_string());
    r.set("period", n.ev.period().to_string());
    r
}

fn indicator_row(v: &SummaryView, is: &IndicatorSummary, width: usize) -> Row {
    let n = &v.names;
    let ind = &n.ev.cfg.indicators[is.indicator];
    let mut r = Row::new(width);
    r.set("section", "indicator".into());
    r.set("track", n.track_id(is.track).into());
    r.set("id", ind.id.clone());
    r.set("name", ind.name.clone());
    r.set("count", is.count.to_string());
    r.set(
        "track_units",
        n.ev.res.tracks[is.track].units.len().to_string(),
    );
    r.set("mean", n.opt(is.mean));
    r.set("median", n.opt(is.median));
    r.set(
        "sum",
        is.sum.map(|s| trim_num(n.round(s))).unwrap_or_default(),
    );
    r.set("all_equal", if is.all_equal { "1" } else { "0" }.into());
    r.set("missing", is.missing.to_string());
    r.set("not_applicable", is.not_applicable.to_string());
    for (prefix, e) in [("best", is.best), ("worst", is.worst)] {
        if let Some(e) = e {
            r.set(&format!("{prefix}_id"), n.unit_id(e.unit).into());
            r.set(&format!("{prefix}_name"), n.unit_name(e.unit).into());
            r.set(&format!("{prefix}_parent"), n.parent_name(e.unit).into());
            r.set(&format!("{prefix}_value"), trim_num(e.value));
            r.set(&format!("{prefix}_rank"), e.rank.to_string());
            r.set(&format!("{prefix}_tied"), e.tied.to_string());
        }
    }
    r.set("period", n.ev.period().to_string());
    r
}

fn parent_row(v: &SummaryView, p: &ParentSummary, width: usize) -> Row {
    let n = &v.names;
    let tr = &n.ev.res.tracks[p.track];
    let total_of = |unit: usize| n.fixed(tr.rounded[n.ev.ds.pos_of(unit)]);
    let mut r = Row::new(width);
    r.set("section", "parent".into());
    r.set("track", n.track_id(p.track).into());
    r.set("id", n.unit_id(p.parent).into());
    r.set("name", n.unit_name(p.parent).into());
    r.set("count", p.count.to_string());
    r.set("track_units", p.track_n.to_string());
    r.set("mean", n.fixed(p.mean));
    for (prefix, unit, rank) in [
        ("best", p.best_unit, p.best_rank),
        ("worst", p.worst_unit, p.worst_rank),
    ] {
        r.set(&format!("{prefix}_id"), n.unit_id(unit).into());
        r.set(&format!("{prefix}_name"), n.unit_name(unit).into());
        r.set(&format!("{prefix}_value"), total_of(unit));
        r.set(&format!("{prefix}_rank"), rank.to_string());
    }
    r.set("period", n.ev.period().to_string());
    r
}
