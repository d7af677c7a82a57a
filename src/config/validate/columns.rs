//! The indicator keys that say how to read its column: `aliases`, `percent`, `min`, `max`.
//!
//! Checked here, once, so that the data readers can trust them: aliases are non-empty and no two
//! indicators answer to the same header (ids and aliases compared as headers are — ignoring
//! width, spaces and ASCII case); a range is finite with `min ≤ max`.

use super::super::raw::RawIndicator;
use super::super::{Method, ValidRange};
use super::Ctx;
use crate::fold::header_key;

/// Headers that name the unit columns of data files; no indicator may answer to them.
const RESERVED: &[&str] = &["unit_id", "单位编码", "单位代码", "unit_name", "单位名称"];

/// `aliases`, `percent` and the valid range of one indicator.
pub(super) fn keys(
    cx: &mut Ctx,
    start: Option<usize>,
    place: &str,
    r: &RawIndicator,
    method: &Method,
) -> (Vec<String>, bool, ValidRange) {
    for (i, a) in r.aliases.iter().enumerate() {
        if header_key(a).is_empty() {
            cx.err(start, format!("{place}.aliases[{i}]"), "must not be empty");
        }
    }
    let binary = matches!(method, Method::Binary);
    if binary && r.percent {
        cx.err(
            start,
            format!("{place}.percent"),
            "method `binary` reads 1/0 (是/否), not percentages: remove `percent`",
        );
    }
    if binary && (r.min.is_some() || r.max.is_some()) {
        cx.err(
            start,
            place.to_string(),
            "method `binary` reads 1/0 (是/否): `min` and `max` do not apply",
        );
    }
    for (k, v) in [("min", r.min), ("max", r.max)] {
        if let Some(x) = v.filter(|x| !x.is_finite()) {
            cx.err(
                start,
                format!("{place}.{k}"),
                format!("must be a finite number, found {x}"),
            );
        }
    }
    if let (Some(lo), Some(hi)) = (r.min, r.max) {
        if lo > hi {
            let msg = format!("`min` {lo} is greater than `max` {hi}");
            cx.err(start, place.to_string(), msg);
        }
    }
    let valid = ValidRange {
        min: r.min.filter(|x| x.is_finite()),
        max: r.max.filter(|x| x.is_finite()),
    };
    (r.aliases.clone(), r.percent && !binary, valid)
}

/// No header may select two indicators by id or alias, nor a unit column.
pub(super) fn header_collisions(cx: &mut Ctx, raw: &[(Option<usize>, &RawIndicator)]) {
    // (header key, indicator position, what it is) for every id and alias.
    let mut seen: Vec<(String, usize, String)> = Vec::new();
    for (i, (start, r)) in raw.iter().enumerate() {
        let place = format!("indicators[{i}] ({})", r.id);
        let mut own = vec![(format!("id `{}`", r.id), r.id.as_str())];
        own.extend(
            r.aliases
                .iter()
                .map(|a| (format!("alias `{a}`"), a.as_str())),
        );
        for (what, text) in own {
            let key = header_key(text);
            if key.is_empty() {
                continue;
            }
            if RESERVED.iter().any(|k| header_key(k) == key) {
                let msg = format!("{what} would match the unit column `{text}` of data files");
                cx.err(*start, place.clone(), msg);
            }
            let clash = seen.iter().find(|(k, j, _)| *k == key && *j != i);
            if let Some((_, j, other)) = clash {
                let msg = format!(
                    "{what} and the {other} of indicator `{}` are the same header: a data column could not tell them apart",
                    raw[*j].1.id
                );
                cx.err(*start, place.clone(), msg);
            }
            seen.push((key, i, what));
        }
    }
}

#[cfg(test)]
mod tests;
