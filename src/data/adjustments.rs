//! Bonus (加分), deduction (扣分) and veto (一票否决) rows from `adjustments.csv`, each kept with
//! its reason and reference document so that every point can be traced to a decision.

use std::path::{Path, PathBuf};

use super::rows::Names;
use super::side;
use super::table::{ReadAs, Table};
use super::ReadOptions;
use crate::echo::quote;
use crate::error::{Problem, Problems};
use crate::fold::header_key;
use crate::period::Period;
use crate::units::Registry;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdjustmentKind {
    Bonus,
    Deduction,
    Veto,
}

impl AdjustmentKind {
    pub fn parse(s: &str) -> Option<AdjustmentKind> {
        match crate::fold::header_key(s).as_str() {
            "bonus" | "加分" => Some(AdjustmentKind::Bonus),
            "deduction" | "扣分" => Some(AdjustmentKind::Deduction),
            "veto" | "一票否决" => Some(AdjustmentKind::Veto),
            _ => None,
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            AdjustmentKind::Bonus => "加分",
            AdjustmentKind::Deduction => "扣分",
            AdjustmentKind::Veto => "一票否决",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            AdjustmentKind::Bonus => "bonus",
            AdjustmentKind::Deduction => "deduction",
            AdjustmentKind::Veto => "veto",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    /// Registry index.
    pub unit: usize,
    pub kind: AdjustmentKind,
    /// ≥ 0; 0 for a veto (its points are ignored).
    pub points: f64,
    pub reason: String,
    pub reference: String,
    /// Line in the adjustments file, for messages.
    pub line: u64,
}

/// Reads the optional adjustments file in `dir` (a period's folder, or a year's for the roll-up):
/// `adjustments.csv`, or a workbook. Returns the rows, and the file with how it was read. With
/// `past` (the roll-up's last quarter), ids are matched as of that period through `former_ids`,
/// as in the month and year-end files: a row written under a unit's old id is the renamed unit's.
pub fn read(
    dir: &Path,
    registry: &Registry,
    past: Option<Period>,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> (Vec<Adjustment>, Option<(PathBuf, ReadAs)>) {
    match side::find(dir, "adjustments", problems) {
        Some(path) => {
            let (rows, how) = read_file(&path, registry, past, opts, problems);
            (rows, how.map(|h| (path, h)))
        }
        None => (Vec::new(), None),
    }
}

/// Reads one adjustments file; also says how it was read.
pub fn read_file(
    path: &Path,
    registry: &Registry,
    past: Option<Period>,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> (Vec<Adjustment>, Option<ReadAs>) {
    match side::open(
        path,
        opts.encoding,
        (
            &[KIND, POINTS, REASON, REFERENCE],
            &[KIND, REASON, REFERENCE],
        ),
        registry,
        problems,
    ) {
        Ok(mut file) => (
            parse(registry, past, &mut file, problems),
            Some(file.read_as.clone()),
        ),
        Err(p) => {
            problems.extend(p);
            (Vec::new(), None)
        }
    }
}

/// Headers of the columns, in English and Chinese.
pub(super) const KIND: &[&str] = &["kind", "类型", "类别"];
pub(super) const POINTS: &[&str] = &["points", "分值", "分数"];
pub(super) const REASON: &[&str] = &["reason", "原因", "事由"];
const REFERENCE: &[&str] = &["reference", "文号", "依据"];

fn parse(
    registry: &Registry,
    past: Option<Period>,
    file: &mut Table,
    problems: &mut Problems,
) -> Vec<Adjustment> {
    let mut out = Vec::new();
    let Some(units) = side::unit_columns(file, &[KIND, POINTS, REASON, REFERENCE], problems) else {
        return out;
    };
    let Some(c) = file.columns(&[KIND, POINTS, REASON, REFERENCE], &[], problems) else {
        return out;
    };
    let c: Vec<usize> = c.into_iter().flatten().collect();
    let read: Vec<usize> = side::unit_cols(units).chain(c.iter().copied()).collect();
    let reads = "unit_id (or unit_name), kind, points, reason, reference";
    side::unknown_columns(file, &read, reads, problems);
    let names = Names::new();
    let (head, rows) = file.parts();
    let who = (units, side::parent_column(head));
    let path: &Path = &head.path;
    while let Some(row) = rows.next(head, problems) {
        let line = Some(row.line);
        let id = units.0.map_or("", |c| row.get(c).trim());
        let found = match (past, past.and_then(|now| registry.resolve_past(id, now))) {
            (_, Some(u)) if !id.is_empty() => side::whole(registry, row, u),
            // A name in the year's file: a unit assessed at its end, else an earlier one (its
            // name before a rename) followed on to the unit assessed then, as an id is.
            (Some(now), _) if id.is_empty() => side::unit_of(registry, &names, row, who, |u| {
                registry.units[u].active_in(now)
            })
            .or_else(|e| {
                side::unit_of(registry, &names, row, who, |_| true)
                    .map(|u| {
                        registry
                            .resolve_past(&registry.units[u].id, now)
                            .unwrap_or(u)
                    })
                    .map_err(|_| e)
            }),
            _ => side::unit_of(registry, &names, row, who, |_| true),
        };
        let u = match found {
            Ok(u) => u,
            Err(e) => {
                side::unit_not_found((registry, &names), head, row, units, e, problems);
                continue;
            }
        };
        side::name_differs(registry, &names, head, row, units, u, problems);
        let label = || Some(registry.units[u].label());
        let kind_text = row.get(c[0]).trim();
        let Some(kind) = AdjustmentKind::parse(kind_text) else {
            problems.push(
                Problem::error(
                    path,
                    format!(
                        "expected bonus / 加分, deduction / 扣分 or veto / 一票否决, found {}",
                        quote(kind_text)
                    ),
                )
                .line(line)
                .place(head.place(row.line, c[0]))
                .unit(label()),
            );
            continue;
        };
        let points = if kind == AdjustmentKind::Veto {
            // Ignored, and may be empty; text that is no number says the row was misread
            // (points typed in the kind's place, a shifted column).
            let given = row.get(c[1]).trim();
            if !given.is_empty() && row.side_number(c[1]).is_err() {
                let msg = format!("the points of a veto row are ignored, but {} is no number: check the row (its kind, or a shifted column)", crate::echo::quote(given));
                problems.push(
                    Problem::warning(path, msg)
                        .line(line)
                        .place(head.place(row.line, c[1]))
                        .unit(label()),
                );
            }
            0.0
        } else {
            match row.side_number(c[1]) {
                Ok(p) if p >= 0.0 => p,
                Ok(p) => {
                    problems.push(Problem::error(path, format!("negative points {p}: write deductions as positive points with kind `deduction`")).line(line).place(head.place(row.line, c[1])).unit(label()));
                    continue;
                }
                Err(msg) => {
                    problems.push(
                        Problem::error(path, msg)
                            .line(line)
                            .place(head.place(row.line, c[1]))
                            .unit(label()),
                    );
                    continue;
                }
            }
        };
        // A formula without a saved result: why the text is not there (a cell that shows a
        // text, a date typed as a reference included, is that text).
        let text = |i: usize| {
            let shown = row.get(c[i]).trim();
            match row.cell(c[i]) {
                Err(why) if shown.is_empty() => Err(why),
                _ => Ok(shown.to_string()),
            }
        };
        let texts = [2, 3].map(|i| (i, text(i)));
        let [(_, Ok(reason)), (_, Ok(reference))] = texts.clone() else {
            for (i, why) in texts.into_iter().filter_map(|(i, t)| Some((i, t.err()?))) {
                problems.push(
                    Problem::error(path, why)
                        .line(line)
                        .place(head.place(row.line, c[i]))
                        .unit(label()),
                );
            }
            continue;
        };
        if reason.is_empty() {
            problems.push(
                Problem::error(path, "every adjustment needs its reason")
                    .line(line)
                    .place(head.place(row.line, c[2]))
                    .unit(label()),
            );
            continue;
        }
        if reference.is_empty() {
            problems.push(
                Problem::warning(path, "no reference document given")
                    .line(line)
                    .place(head.place(row.line, c[3]))
                    .unit(label()),
            );
        }
        out.push(Adjustment {
            unit: u,
            kind,
            points,
            reason,
            reference,
            line: row.line,
        });
    }
    check_copies(
        registry,
        path,
        &out,
        |line| head.place(line, c[2]),
        problems,
    );
    check_sums(registry, path, &out, problems);
    out
}

/// The form two texts typed for one document share: width-folded, without spaces, ASCII letters
/// lower-cased and every bracket one kind, so that `省政府〔2024〕60号`, `省政府(2024)60号` and
/// `省政府【2024】60 号` are one reference.
fn typed_key(s: &str) -> String {
    header_key(s)
        .chars()
        .map(|c| match c {
            '〔' | '【' | '[' | '〈' | '《' | '{' | '（' => '(',
            '〕' | '】' | ']' | '〉' | '》' | '}' | '）' => ')',
            c => c,
        })
        .collect()
}

/// A row repeating another row of the file in every field (unit, kind, points, reason and
/// reference; the texts compared as typed variants of one another, see [`typed_key`]) is a copy,
/// not a second award: counting it twice would change the total without a word, so it is an
/// error naming both lines, placed at the copy's reason (`reason_at` its line: the column, or a
/// workbook's sheet and cell).
fn check_copies(
    registry: &Registry,
    path: &Path,
    adjustments: &[Adjustment],
    reason_at: impl Fn(u64) -> Option<String>,
    problems: &mut Problems,
) {
    let mut first: std::collections::HashMap<_, u64> = std::collections::HashMap::new();
    for a in adjustments {
        let key = (
            a.unit,
            a.kind,
            a.points.to_bits(),
            typed_key(&a.reason),
            typed_key(&a.reference),
        );
        match first.get(&key) {
            Some(&line) => {
                let msg = format!("the same {} ({}) row as line {line} (unit, points, reason and reference all equal, brackets, spaces and widths aside): remove the copy, or, if the unit earned it twice, tell the two apart in `reason` or `reference`", a.kind.id(), a.kind.chinese());
                problems.push(
                    Problem::error(path, msg)
                        .line(Some(a.line))
                        .place(reason_at(a.line))
                        .unit(registry.units[a.unit].label()),
                );
            }
            None => {
                first.insert(key, a.line);
            }
        }
    }
}

/// Each point value is finite, but a unit's sum can still overflow (two rows of 1e308): an
/// infinite total would be silently wrong output.
fn check_sums(
    registry: &Registry,
    path: &Path,
    adjustments: &[Adjustment],
    problems: &mut Problems,
) {
    let mut sums = vec![[0.0f64; 2]; registry.len()];
    for a in adjustments {
        match a.kind {
            AdjustmentKind::Bonus => sums[a.unit][0] += a.points,
            AdjustmentKind::Deduction => sums[a.unit][1] += a.points,
            AdjustmentKind::Veto => {}
        }
    }
    for (u, s) in sums.iter().enumerate() {
        if s.iter().any(|x| !x.is_finite()) {
            let msg = "the unit's adjustment points add up to more than a number can hold";
            problems.push(
                Problem::error(path, msg)
                    .place("column points".to_string())
                    .unit(registry.units[u].label()),
            );
        }
    }
}
