//! What `pingyi check` shows of a period: per indicator and category, the cells the tracks
//! score, how many some file gave (and left empty), how many are still absent, and the files
//! they came from; what is still missing, by lead department; the rows skipped as totals or
//! footers and the files not read. A document (table / markdown), CSV/TSV rows and JSON.

use serde::Serialize;

use super::doc::{Doc, DocTable};
use super::json_parts::to_json;
use super::sheet::{CsvOptions, Sheet};
use super::{Format, Style};
use crate::analysis::steps::StepLine;
use crate::config::{Config, MissingPolicy};
use crate::data::completeness::Line;
use crate::data::Dataset;
use crate::error::{Problems, Severity};
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

#[derive(Serialize)]
struct Json<'a> {
    pingyi: &'static str,
    period: String,
    config: String,
    config_sha256: &'a str,
    /// Every required cell is given.
    complete: bool,
    lines: Vec<LineJson<'a>>,
    skipped: Vec<SkippedJson<'a>>,
    not_read: Vec<NotReadJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    steps: Vec<StepJson<'a>>,
    #[serde(flatten)]
    diagnostics: Diagnostics<'a>,
}

/// Every problem found, for programs.
#[derive(Serialize)]
struct Diagnostics<'a> {
    /// No error was found.
    ok: bool,
    errors: usize,
    warnings: usize,
    problems: Vec<ProblemJson<'a>>,
}

/// One diagnostic, for programs.
#[derive(Serialize)]
struct ProblemJson<'a> {
    /// `error` or `warning`.
    level: &'static str,
    /// A stable code for the problems programs tell apart (`missing-file` …), else null.
    code: Option<&'static str>,
    file: String,
    /// 1-based line of a CSV file, or row of a worksheet.
    line: Option<u64>,
    /// The column, cell or config key path.
    column: Option<&'a str>,
    /// The unit, `id 名称`.
    unit: Option<&'a str>,
    message: &'a str,
}

#[derive(Serialize)]
struct StepJson<'a> {
    track: &'a str,
    indicator: &'a str,
    denominator: Option<&'a str>,
    scale: Option<f64>,
    divided: Option<usize>,
    imputed: Option<usize>,
    treatment: Option<String>,
    skewness_before: Option<f64>,
    kurtosis_before: Option<f64>,
    skewness_after: Option<f64>,
    kurtosis_after: Option<f64>,
}

#[derive(Serialize)]
struct LineJson<'a> {
    indicator: &'a str,
    name: &'a str,
    category: &'static str,
    source: Option<&'a str>,
    expected: usize,
    given: usize,
    empty: usize,
    absent: usize,
    required: bool,
    files: &'a [String],
}

#[derive(Serialize)]
struct SkippedJson<'a> {
    file: String,
    sheet: Option<&'a str>,
    line: u64,
    text: &'a str,
}

#[derive(Serialize)]
struct NotReadJson {
    path: String,
    why: &'static str,
}

/// JSON, for scripts.
pub fn json(v: &CheckView) -> Vec<u8> {
    let lines =
        v.ds.completeness
            .lines
            .iter()
            .map(|l| {
                let ind = &v.cfg.indicators[l.indicator];
                LineJson {
                    indicator: &ind.id,
                    name: &ind.name,
                    category: l.category.id(),
                    source: ind.source.as_deref(),
                    expected: l.expected,
                    given: l.given,
                    empty: l.empty,
                    absent: l.absent,
                    required: l.required,
                    files: &l.files,
                }
            })
            .collect();
    to_json(&Json {
        pingyi: env!("CARGO_PKG_VERSION"),
        period: v.ds.period.to_string(),
        config: v.cfg.path.display().to_string(),
        config_sha256: &v.cfg.sha256,
        complete: v.ds.completeness.complete(),
        lines,
        skipped: v
            .ds
            .skipped
            .iter()
            .map(|(p, s, line, text)| SkippedJson {
                file: p.display().to_string(),
                sheet: s.as_deref(),
                line: *line,
                text,
            })
            .collect(),
        not_read: v
            .ds
            .not_read
            .iter()
            .map(|(p, why)| NotReadJson {
                path: p.display().to_string(),
                why,
            })
            .collect(),
        diagnostics: Diagnostics::of(v.problems),
        steps: v
            .steps
            .iter()
            .map(|l| {
                let t = l.treatment.as_ref();
                StepJson {
                    track: &v.cfg.tracks[l.track].id,
                    indicator: &v.cfg.indicators[l.indicator].id,
                    denominator: l.denominator.as_ref().map(|d| d.0.as_str()),
                    scale: l.denominator.as_ref().map(|d| d.1),
                    divided: l.denominator.as_ref().map(|d| d.2),
                    imputed: l.imputed,
                    treatment: t.map(|r| r.to_string()),
                    skewness_before: t.and_then(|r| r.before).map(|m| m.skewness),
                    kurtosis_before: t.and_then(|r| r.before).map(|m| m.kurtosis),
                    skewness_after: t.and_then(|r| r.after).map(|m| m.skewness),
                    kurtosis_after: t.and_then(|r| r.after).map(|m| m.kurtosis),
                }
            })
            .collect(),
    })
}

/// The diagnostics alone, as JSON: a check that could not read the config or the data.
pub fn diagnostics(problems: &Problems) -> Vec<u8> {
    to_json(&Diagnostics::of(problems))
}

impl<'a> Diagnostics<'a> {
    fn of(problems: &'a Problems) -> Diagnostics<'a> {
        Diagnostics {
            ok: !problems.has_errors(),
            errors: problems.error_count(),
            warnings: problems.warnings().count(),
            problems: problems
                .iter()
                .map(|p| ProblemJson {
                    level: match p.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    code: p.code,
                    file: p.file.display().to_string(),
                    line: p.line,
                    column: p.place.as_deref(),
                    unit: p.unit.as_deref(),
                    message: &p.message,
                })
                .collect(),
        }
    }
}
