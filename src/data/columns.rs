//! Which column of a data table holds which indicator.
//!
//! A header selects an indicator by its id, or else by its configured `name` or one of its
//! `aliases` (compared as [`header_key`]s: width, spaces and ASCII case do not matter). An id
//! match wins over a name match, so a column `gdp` is never taken for an indicator named "GDP".
//! A header that names two indicators, or two columns for one indicator, are errors: either
//! reading could be the wrong one.

use super::table::Table;
use crate::config::Config;
use crate::error::{Problem, Problems};
use crate::fold::header_key;

/// Where an indicator's column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Absent,
    At(usize),
    /// Several columns (already reported).
    Ambiguous,
}

/// The indicator columns of one table.
pub struct HeaderMatch {
    /// Per config indicator.
    pub of_indicator: Vec<Col>,
    /// Per column: whether it holds an indicator (or an ambiguous header, already reported).
    pub known: Vec<bool>,
}

/// Matches every header of `table` against every indicator of the config, reporting ambiguous
/// headers and indicators given twice.
pub fn match_headers(cfg: &Config, table: &Table, problems: &mut Problems) -> HeaderMatch {
    let ids: Vec<String> = cfg.indicators.iter().map(|i| header_key(&i.id)).collect();
    let names: Vec<Vec<String>> = cfg
        .indicators
        .iter()
        .map(|i| {
            let mut v = vec![header_key(&i.name)];
            v.extend(i.aliases.iter().map(|a| header_key(a)));
            v
        })
        .collect();
    let mut hits: Vec<Vec<usize>> = vec![Vec::new(); cfg.indicators.len()];
    let mut known = vec![false; table.headers().len()];
    for (c, known_c) in known.iter_mut().enumerate() {
        let k = table.key(c);
        if k.is_empty() {
            continue;
        }
        let by_id: Vec<usize> = (0..ids.len()).filter(|&i| ids[i] == k).collect();
        let found = if by_id.is_empty() {
            (0..names.len())
                .filter(|&i| names[i].iter().any(|n| n == k))
                .collect()
        } else {
            by_id
        };
        match found.as_slice() {
            [] => {}
            [i] => hits[*i].push(c),
            many => {
                let list: Vec<&str> = many
                    .iter()
                    .map(|&i| cfg.indicators[i].id.as_str())
                    .collect();
                let msg = format!(
                    "header `{}` is the name of several indicators ({}): use the indicator id as the header",
                    table.headers()[c],
                    list.join(", ")
                );
                problems.push(
                    Problem::error(&table.path, msg)
                        .line(table.header_line())
                        .place(table.column_place(c)),
                );
            }
        }
        *known_c = !found.is_empty();
    }
    let of_indicator = hits
        .iter()
        .enumerate()
        .map(|(i, cols)| match cols.as_slice() {
            [] => Col::Absent,
            [c] => Col::At(*c),
            many => {
                table.report_twice(&cfg.indicators[i].id, many, problems);
                Col::Ambiguous
            }
        })
        .collect();
    HeaderMatch {
        of_indicator,
        known,
    }
}

/// Warnings for columns that hold no indicator and are not `keep` (the unit columns); a column
/// without a header is mentioned only if it holds values.
pub fn warn_unknown(table: &Table, m: &HeaderMatch, keep: &[usize], problems: &mut Problems) {
    let rows = table.rows();
    for (c, h) in table.headers().iter().enumerate() {
        if m.known[c] || keep.contains(&c) {
            continue;
        }
        let line = Some(table.header_line());
        if !h.is_empty() {
            let msg =
                "unknown column, ignored: it is not an indicator id, name or alias of the config";
            problems.push(
                Problem::warning(&table.path, msg)
                    .line(line)
                    .place(table.column_place(c)),
            );
        } else if rows.iter().any(|r| !r.get(c).trim().is_empty()) {
            let place = table.named_place(Some(table.col_label(c)));
            let msg = "the column has values but no header: they are ignored";
            problems.push(Problem::warning(&table.path, msg).line(line).place(place));
        }
    }
}
