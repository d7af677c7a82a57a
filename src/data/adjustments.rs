//! Bonus (加分), deduction (扣分) and veto (一票否决) rows from `adjustments.csv`, each kept with
//! its reason and reference document so that every point can be traced to a decision.

use std::path::Path;

use super::cell::parse_number;
use super::csvfile::CsvFile;
use super::Dataset;
use crate::error::{Error, Problems};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustmentKind {
    Bonus,
    Deduction,
    Veto,
}

impl AdjustmentKind {
    pub fn parse(s: &str) -> Option<AdjustmentKind> {
        match s {
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
}

/// Reads the period's optional `adjustments.csv`.
pub fn read(ds: &Dataset, problems: &mut Problems) -> Vec<Adjustment> {
    let path = ds.dir.join("adjustments.csv");
    if !path.is_file() {
        return Vec::new();
    }
    match CsvFile::open(&path) {
        Ok(file) => parse(ds, &file, problems),
        Err(Error::Invalid(p)) => {
            problems.extend(p);
            Vec::new()
        }
        Err(e) => {
            problems.error(&path, None, None, None, e.to_string());
            Vec::new()
        }
    }
}

fn parse(ds: &Dataset, file: &CsvFile, problems: &mut Problems) -> Vec<Adjustment> {
    let path: &Path = &file.path;
    let mut out = Vec::new();
    let Some(c) = file.columns(
        &["unit_id", "kind", "points", "reason", "reference"],
        &[],
        problems,
    ) else {
        return out;
    };
    let c: Vec<usize> = c.into_iter().map(|x| x.unwrap()).collect();
    let rows: Vec<_> = file.good_rows(problems).collect();
    for row in rows {
        let line = Some(row.line);
        let id = row.get(c[0]).trim();
        let Some(u) = ds.registry.get(id) else {
            problems.error(
                path,
                line,
                Some("column unit_id".into()),
                Some(id.into()),
                "unit is not in the registry (units.csv)",
            );
            continue;
        };
        let label = || Some(ds.label(u));
        if ds.unit_track[u].is_none() {
            // Its points would count nowhere: say so rather than drop them.
            let msg = format!("the unit is not assessed in {} (see its from/until in units.csv), so the adjustment cannot apply", ds.period);
            problems.error(path, line, Some("column unit_id".into()), label(), msg);
            continue;
        }
        let kind_text = row.get(c[1]).trim();
        let Some(kind) = AdjustmentKind::parse(kind_text) else {
            problems.error(path, line, Some("column kind".into()), label(), format!("expected bonus / 加分, deduction / 扣分 or veto / 一票否决, found `{kind_text}`"));
            continue;
        };
        let pts_text = row.get(c[2]).trim();
        let points = if kind == AdjustmentKind::Veto {
            0.0
        } else {
            match parse_number(pts_text) {
                Ok(p) if p >= 0.0 => p,
                Ok(p) => {
                    problems.error(path, line, Some("column points".into()), label(), format!("negative points {p}: write deductions as positive points with kind `deduction`"));
                    continue;
                }
                Err(msg) => {
                    problems.error(path, line, Some("column points".into()), label(), msg);
                    continue;
                }
            }
        };
        let reason = row.get(c[3]).trim().to_string();
        if reason.is_empty() {
            problems.error(
                path,
                line,
                Some("column reason".into()),
                label(),
                "every adjustment needs its reason",
            );
            continue;
        }
        let reference = row.get(c[4]).trim().to_string();
        if reference.is_empty() {
            problems.warning(
                path,
                line,
                Some("column reference".into()),
                label(),
                "no reference document given",
            );
        }
        out.push(Adjustment {
            unit: u,
            kind,
            points,
            reason,
            reference,
        });
    }
    check_sums(ds, path, &out, problems);
    out
}

/// Each point value is finite, but a unit's sum can still overflow (two rows of 1e308): an
/// infinite total would be silently wrong output.
fn check_sums(ds: &Dataset, path: &Path, adjustments: &[Adjustment], problems: &mut Problems) {
    let mut sums = vec![[0.0f64; 2]; ds.registry.len()];
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
            problems.error(
                path,
                None,
                Some("column points".into()),
                Some(ds.label(u)),
                msg,
            );
        }
    }
}
