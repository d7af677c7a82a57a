//! What `pingyi check` shows of a period: per indicator and category, the cells the tracks
//! score, how many some file gave (and left empty), how many are still absent, and the files
//! they came from; what is still missing, by lead department; the rows skipped as totals or
//! footers and the files not read. A document (table / markdown), CSV/TSV rows and JSON.

mod json;

pub use json::{diagnostics, json};

use super::doc::{Blocks, Doc, DocTable};
use super::sheet::{CsvOptions, Sheet};
use super::{Format, Style};
use crate::analysis::steps::StepLine;
use crate::config::{Config, MissingPolicy};
use crate::data::completeness::Line;
use crate::data::Dataset;
use crate::error::Problems;
use crate::render::text::trim_num;

/// A period's data as read, complete or not.
pub struct CheckView<'a> {
    pub cfg: &'a Config,
    pub ds: &'a Dataset,
    /// Every problem found (the JSON lists them).
    pub problems: &'a Problems,
    /// What happens to values before scoring (denominators, imputation, outlier treatment);
    /// empty when nothing does, or when the data could not be scored.
    pub steps: &'a [StepLine],
}

/// The completeness of the period in `style`'s format.
pub fn render(v: &CheckView, style: &Style) -> Vec<u8> {
    match style.format {
        Format::Table | Format::Xlsx => doc(v).text(style.width).into_bytes(),
        Format::Markdown => doc(v).markdown().into_bytes(),
        Format::Csv | Format::Tsv => csv(v, style.csv),
        Format::Json | Format::Jsonl => json(v),
    }
}

impl CheckView<'_> {
    fn source(&self, l: &Line) -> &str {
        self.cfg.indicators[l.indicator]
            .source
            .as_deref()
            .unwrap_or("")
    }

    /// Per lead department (or `—` where none is named): the indicators with absent cells.
    fn missing_by_source(&self) -> Vec<(String, Vec<&Line>)> {
        let mut out: Vec<(String, Vec<&Line>)> = Vec::new();
        for l in self.ds.completeness.lines.iter().filter(|l| l.absent > 0) {
            let s = match self.source(l) {
                "" => "—".to_string(),
                s => s.to_string(),
            };
            match out.iter_mut().find(|(k, _)| *k == s) {
                Some((_, v)) => v.push(l),
                None => out.push((s, vec![l])),
            }
        }
        out
    }
}

/// The document for the table and markdown formats.
pub fn doc(v: &CheckView) -> Doc {
    let mut doc = Doc::default();
    doc.heading(1, format!("数据完整性 · {}", v.ds.period));
    let mut t = DocTable::new(&[
        ("指标", false),
        ("类别", false),
        ("牵头部门", false),
        ("应报", true),
        ("已报", true),
        ("空白", true),
        ("未报", true),
        ("缺报处理", false),
        ("来源文件", false),
    ]);
    for l in &v.ds.completeness.lines {
        let ind = &v.cfg.indicators[l.indicator];
        t.row(vec![
            format!("{} {}", ind.id, ind.name),
            l.category.chinese().to_string(),
            v.source(l).to_string(),
            l.expected.to_string(),
            l.given.to_string(),
            l.empty.to_string(),
            l.absent.to_string(),
            policy(l).to_string(),
            l.files.join("；"),
        ]);
    }
    doc.table(t);
    let missing = v.missing_by_source();
    if !missing.is_empty() {
        doc.heading(2, "尚未报送（按牵头部门）");
        let lines = missing
            .iter()
            .map(|(s, ls)| {
                let items: Vec<String> = ls
                    .iter()
                    .map(|l| {
                        let ind = &v.cfg.indicators[l.indicator];
                        format!(
                            "{}（{}）{} 个{}",
                            ind.name,
                            ind.id,
                            l.absent,
                            l.category.chinese()
                        )
                    })
                    .collect();
                format!("{s}：{}", items.join("、"))
            })
            .collect();
        doc.lines(lines);
    }
    if !v.steps.is_empty() {
        doc.heading(2, "计分前处理（折算、插补、离群值）");
        doc.lines(v.steps.iter().map(|l| step_text(v.cfg, l)).collect());
    }
    if !v.ds.skipped.is_empty() {
        doc.heading(2, "跳过的合计行和表尾");
        doc.lines(v.ds.skipped.iter().map(skipped_line).collect());
    }
    if !v.ds.not_read.is_empty() {
        doc.heading(2, "未读取的文件");
        let lines =
            v.ds.not_read
                .iter()
                .map(|(p, why)| format!("{}：{why}", p.display()))
                .collect();
        doc.lines(lines);
    }
    doc
}

/// One line of the steps before scoring: `track · id 名称：÷attr×scale（n 个值）；插补 …；离群值 …`.
fn step_text(cfg: &Config, l: &StepLine) -> String {
    let ind = &cfg.indicators[l.indicator];
    let mut parts = Vec::new();
    if let Some((attr, scale, n)) = &l.denominator {
        parts.push(format!("÷{attr}×{}（{n} 个值）", trim_num(*scale)));
    }
    if let (Some(n), MissingPolicy::Impute(fill, by)) = (l.imputed, ind.missing) {
        let stat = match fill {
            crate::config::Fill::Mean => "均值",
            crate::config::Fill::Median => "中位数",
        };
        parts.push(format!("插补 {n} 个缺报（同 {} 的{stat}）", by.name()));
    }
    if let Some(r) = &l.treatment {
        let m = |m: Option<crate::composite::Moments>| match m {
            Some(m) => format!("偏度 {:.2}、峰度 {:.2}", m.skewness, m.kurtosis),
            None => "偏度、峰度无定义".to_string(),
        };
        parts.push(format!(
            "离群值：{} → {r}，处理后 {}",
            m(r.before),
            m(r.after)
        ));
    }
    format!(
        "{} · {} {}：{}",
        cfg.tracks[l.track].id,
        ind.id,
        ind.name,
        parts.join("；")
    )
}

fn policy(l: &Line) -> &'static str {
    if l.required {
        "必报"
    } else {
        "按缺报规则"
    }
}

fn skipped_line(
    (path, sheet, line, first): &(std::path::PathBuf, Option<String>, u64, String),
) -> String {
    match sheet {
        Some(s) => format!("{}:{line}（sheet {s}）：{first}", path.display()),
        None => format!("{}:{line}：{first}", path.display()),
    }
}

/// CSV/TSV: one row per indicator and category.
pub fn csv(v: &CheckView, opts: CsvOptions) -> Vec<u8> {
    let mut w = Sheet::new(opts);
    w.header([
        "period",
        "indicator",
        "name",
        "category",
        "source",
        "expected",
        "given",
        "empty",
        "absent",
        "required",
        "files",
    ]);
    for l in &v.ds.completeness.lines {
        let ind = &v.cfg.indicators[l.indicator];
        w.text(&v.ds.period.to_string())
            .text(&ind.id)
            .text(&ind.name)
            .text(l.category.id())
            .text(v.source(l))
            .number(&l.expected.to_string())
            .number(&l.given.to_string())
            .number(&l.empty.to_string())
            .number(&l.absent.to_string())
            .number(if l.required { "1" } else { "0" })
            .text(&l.files.join("; "));
        w.end_row();
    }
    w.into_bytes()
}
