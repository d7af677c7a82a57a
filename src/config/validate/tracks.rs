//! Validation of `[[tracks]]`: categories, classes, total, tie-breakers and grade rules.

use std::collections::HashMap;

use super::super::raw::{RawGrades, RawTrack};
use super::super::*;
use super::Ctx;
use crate::units::Category;

pub(super) fn track(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    t: &RawTrack,
    dims: &HashMap<&str, usize>,
) -> Track {
    if t.id.trim().is_empty() {
        cx.err(start, format!("{place}.id"), "must not be empty");
    }
    if t.name.trim().is_empty() {
        let msg = "must not be empty: the name heads the track's tables, its sheet of results.xlsx and its part of the report";
        cx.err(start, format!("{place}.name"), msg);
    }
    let mut categories = Vec::new();
    for c in &t.categories {
        match c.parse::<Category>() {
            Ok(cat) => categories.push(cat),
            Err(e) => cx.err(start, format!("{place}.categories"), e),
        }
    }
    if t.categories.is_empty() {
        cx.err(
            start,
            format!("{place}.categories"),
            "must name at least one category",
        );
    }
    if !t.classes.is_empty() && !categories.contains(&Category::Department) {
        cx.err(
            start,
            format!("{place}.classes"),
            "classes select departments, but `department` is not among the track's categories",
        );
    }
    if !(t.total.is_finite() && t.total > 0.0) {
        cx.err(
            start,
            format!("{place}.total"),
            format!("must be a number > 0, found {}", t.total),
        );
    } else if t.total > super::MAX_POINTS {
        let msg = format!(
            "must be {}; found {}",
            super::MAX_POINTS_WHY,
            super::beyond(t.total)
        );
        cx.err(start, format!("{place}.total"), msg);
    }
    let mut tie_breakers = Vec::new();
    for tb in &t.tie_breakers {
        if tb == "core" {
            tie_breakers.push(TieBreaker::Core);
        } else if let Some(&d) = dims.get(tb.as_str()) {
            tie_breakers.push(TieBreaker::Dimension(d));
        } else {
            cx.err(
                start,
                format!("{place}.tie_breakers"),
                format!("`{tb}` is neither `core` nor a dimension id"),
            );
        }
    }
    let grades = grades(cx, start, &format!("{place}.grades"), &t.grades);
    let aggregation = super::composite::aggregation(cx, start, place, t);
    Track {
        id: t.id.clone(),
        name: t.name.clone(),
        categories,
        classes: t.classes.clone(),
        total: t.total,
        tie_breakers,
        grades,
        indicators: Vec::new(),
        aggregation,
    }
}

/// The most grade levels a track takes (a unit's grade is held in one byte).
const MAX_GRADES: usize = 255;

pub(super) fn grades(cx: &mut Ctx, start: Option<usize>, place: &str, g: &RawGrades) -> GradeRule {
    if g.levels.is_empty() {
        cx.err(start, format!("{place}.levels"), "needs at least one level");
    }
    if g.levels.len() > MAX_GRADES {
        let msg = format!("at most {MAX_GRADES} levels, found {}", g.levels.len());
        cx.err(start, format!("{place}.levels"), msg);
    }
    // Two levels of one name print one grade for two different levels.
    for (i, l) in g.levels.iter().enumerate() {
        if let Some(j) = g.levels[..i]
            .iter()
            .position(|k| k.name.trim() == l.name.trim())
        {
            let msg = format!(
                "the name `{}` is also level {j}'s: each level needs a name of its own",
                l.name
            );
            cx.err(start, format!("{place}.levels[{i}] ({})", l.name), msg);
        }
    }
    match g.by.as_str() {
        "share" => {
            let mut prev = 0.0;
            let mut out = Vec::new();
            for (i, l) in g.levels.iter().enumerate() {
                let p = format!("{place}.levels[{i}] ({})", l.name);
                if l.min.is_some() {
                    cx.err(
                        start,
                        p.clone(),
                        "`min` belongs to grades by score; by share use `share`",
                    );
                }
                match l.share {
                    Some(s) if s.is_finite() && s > prev && s <= 1.0 => prev = s,
                    Some(s) => cx.err(start, format!("{p}.share"), format!("cumulative shares must increase strictly within (0, 1]: found {s} after {prev}")),
                    None => cx.err(start, format!("{p}.share"), "missing: each level by share needs its cumulative `share`"),
                }
                out.push((l.name.clone(), l.share.unwrap_or(1.0)));
            }
            GradeRule::Share(out)
        }
        "score" => {
            let mut prev = f64::INFINITY;
            let mut out = Vec::new();
            let n = g.levels.len();
            for (i, l) in g.levels.iter().enumerate() {
                let p = format!("{place}.levels[{i}] ({})", l.name);
                if l.share.is_some() {
                    cx.err(
                        start,
                        p.clone(),
                        "`share` belongs to grades by share; by score use `min`",
                    );
                }
                match l.min {
                    Some(m) if m.is_finite() && m < prev => prev = m,
                    Some(m) => cx.err(
                        start,
                        format!("{p}.min"),
                        format!("thresholds must decrease strictly: found {m} after {prev}"),
                    ),
                    None if i + 1 == n => {}
                    None => cx.err(
                        start,
                        format!("{p}.min"),
                        "missing: only the last level may omit its threshold",
                    ),
                }
                out.push((l.name.clone(), l.min));
            }
            GradeRule::Score(out)
        }
        other => {
            cx.err(
                start,
                format!("{place}.by"),
                format!("must be `share` or `score`, found `{other}`"),
            );
            GradeRule::Share(vec![("-".into(), 1.0)])
        }
    }
}
