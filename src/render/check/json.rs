//! `pingyi check` as JSON: the period's lines, steps, skipped rows, files not read and every
//! problem (the first 100 of a kind whole, the rest counted in one of code `repeated`); and the
//! problems alone when the config or data folder cannot be read.

use std::borrow::Cow;

use serde::Serialize;

use super::CheckView;
use crate::error::{Problem, Problems, Severity};
use crate::render::json_parts::to_json;

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
    column: Option<Cow<'a, str>>,
    /// The unit, `id 名称`.
    unit: Option<Cow<'a, str>>,
    message: Cow<'a, str>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

impl<'a> ProblemJson<'a> {
    fn of(p: &'a Problem) -> ProblemJson<'a> {
        ProblemJson {
            level: level(p.severity),
            code: p.code,
            file: p.file.display().to_string(),
            line: p.line,
            column: p.place.as_deref().map(Cow::Borrowed),
            unit: p.unit.as_deref().map(Cow::Borrowed),
            message: Cow::Borrowed(&p.message),
        }
    }

    fn owned(p: Problem) -> ProblemJson<'a> {
        ProblemJson {
            level: level(p.severity),
            code: p.code,
            file: p.file.display().to_string(),
            line: p.line,
            column: p.place.map(Cow::Owned),
            unit: p.unit.map(Cow::Owned),
            message: Cow::Owned(p.message),
        }
    }
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

/// Errors before warnings, as the text on stderr lists them: the errors in its order (by file
/// and line, a kind's count after the last one kept), then the warnings kept whole by file and
/// line and those counted by kind.
fn in_order(problems: &Problems) -> Vec<ProblemJson<'_>> {
    let mut out: Vec<ProblemJson> = problems
        .errors_in_order()
        .into_iter()
        .map(|p| match p {
            std::borrow::Cow::Borrowed(p) => ProblemJson::of(p),
            std::borrow::Cow::Owned(p) => ProblemJson::owned(p),
        })
        .collect();
    let mut warnings: Vec<&Problem> = problems.warnings().collect();
    warnings.sort_by(|a, b| (&a.file, a.line.unwrap_or(0)).cmp(&(&b.file, b.line.unwrap_or(0))));
    out.extend(warnings.into_iter().map(ProblemJson::of));
    out.extend(
        problems
            .repeated()
            .into_iter()
            .filter(|p| p.severity == Severity::Warning)
            .map(ProblemJson::owned),
    );
    out
}

impl<'a> Diagnostics<'a> {
    fn of(problems: &'a Problems) -> Diagnostics<'a> {
        Diagnostics {
            ok: !problems.has_errors(),
            errors: problems.error_count(),
            warnings: problems.warning_count(),
            problems: in_order(problems),
        }
    }
}
