//! Bonus (加分), deduction (扣分) and veto (一票否决) rows from `adjustments.csv`, each kept with
//! its reason and reference document so that every point can be traced to a decision.

use std::path::Path;

use super::cell::parse_number;
use super::csvfile::CsvFile;
use crate::error::{Error, Problems};
use crate::units::Registry;

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
    /// Line in the adjustments file, for messages.
    pub line: u64,
}

/// Reads the optional `adjustments.csv` in `dir` (a period's folder, or a year's for the roll-up).
pub fn read(dir: &Path, registry: &Registry, problems: &mut Problems) -> Vec<Adjustment> {
    let path = dir.join("adjustments.csv");
    if !path.is_file() {
        return Vec::new();
    }
    match CsvFile::open(&path) {
        Ok(file) => parse(registry, &file, problems),
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

fn parse(registry: &Registry, file: &CsvFile, problems: &mut Problems) -> Vec<Adjustment> {
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
        let Some(u) = registry.get(id) else {
            problems.error(
                path,
                line,
                Some("column unit_id".into()),
                Some(id.into()),
                "unit is not in the registry (units.csv)",
            );
            continue;
        };
        let label = || Some(registry.units[u].label());
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
            line: row.line,
        });
    }
    out
}
