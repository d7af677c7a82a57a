//! Which column of a data table holds which indicator.
//!
//! A header selects an indicator by its id, or else by its configured `name` or one of its
//! `aliases` (compared as [`header_key`]s: width, spaces and ASCII case do not matter). An id
//! match wins over a name match, so a column `gdp` is never taken for an indicator named "GDP".
//! A header that names two indicators, or two columns for one indicator, are errors: either
//! reading could be the wrong one.

use super::table::{Head, Row};
use crate::config::Config;
use crate::echo::quote;
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

/// The headers each indicator's column may carry (its id, name and aliases), one list per
/// indicator: for comparing two sheets' columns by what they hold ([`Workbook::first_sheet`]).
///
/// [`Workbook::first_sheet`]: super::workbook::Workbook::first_sheet
pub fn column_names(cfg: &Config) -> Vec<Vec<&str>> {
    cfg.indicators
        .iter()
        .map(|i| {
            let mut v = vec![i.id.as_str(), i.name.as_str()];
            v.extend(i.aliases.iter().map(String::as_str));
            v
        })
        .collect()
}

/// Matches every header of `table` against every indicator of the config, reporting ambiguous
/// headers, indicators given twice, and a unit in a header that differs from the configured one.
pub fn match_headers(cfg: &Config, table: &Head, problems: &mut Problems) -> HeaderMatch {
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
    let lookup = |k: &str| -> Vec<usize> {
        let by_id: Vec<usize> = (0..ids.len()).filter(|&i| ids[i] == k).collect();
        if by_id.is_empty() {
            (0..names.len())
                .filter(|&i| names[i].iter().any(|n| n == k))
                .collect()
        } else {
            by_id
        }
    };
    let mut hits: Vec<Vec<usize>> = vec![Vec::new(); cfg.indicators.len()];
    let mut known = vec![false; table.headers().len()];
    for (c, known_c) in known.iter_mut().enumerate() {
        let k = table.key(c);
        if k.is_empty() {
            continue;
        }
        let mut found = lookup(k);
        if found.is_empty() {
            // `名称（单位）`: the name of an indicator and its measurement unit.
            if let Some((name, unit)) = split_unit(&table.headers()[c]) {
                let by_name = lookup(&header_key(name));
                if let [i] = by_name.as_slice() {
                    if !same_unit(&cfg.indicators[*i].unit, unit) {
                        unit_mismatch(cfg, table, c, *i, unit, problems);
                        *known_c = true;
                        continue;
                    }
                }
                found = by_name;
            }
        }
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
    let of_indicator: Vec<Col> = hits
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
    title_unit_mismatch(cfg, table, &of_indicator, problems);
    HeaderMatch {
        of_indicator,
        known,
    }
}

/// `名称（单位）`, `名称(单位)`, `名称[单位]`, `名称【单位】` or `名称 单位`: the name and the unit
/// (`名称（单位：亿元）` gives `亿元`).
pub fn split_unit(header: &str) -> Option<(&str, &str)> {
    let h = header.trim();
    for (open, close) in [('（', '）'), ('(', ')'), ('[', ']'), ('【', '】')] {
        if let Some(rest) = h.strip_suffix(close) {
            if let Some(i) = rest.rfind(open) {
                let (name, unit) = (rest[..i].trim(), rest[i + open.len_utf8()..].trim());
                let unit = unit
                    .strip_prefix("单位")
                    .and_then(|u| u.trim_start().strip_prefix(['：', ':']))
                    .map_or(unit, str::trim);
                if !name.is_empty() && !unit.is_empty() {
                    return Some((name, unit));
                }
            }
        }
    }
    let (name, unit) = h.rsplit_once(|c: char| c.is_whitespace())?;
    let (name, unit) = (name.trim(), unit.trim());
    (!name.is_empty() && !unit.is_empty()).then_some((name, unit))
}

fn same_unit(configured: &str, header: &str) -> bool {
    header_key(configured) == header_key(header)
}

/// How many yuan one `unit` of money is (`万元`: 10,000), for the units offices mix up.
pub fn money_scale(unit: &str) -> Option<f64> {
    match header_key(unit).as_str() {
        "元" => Some(1.0),
        "千元" => Some(1e3),
        "万元" => Some(1e4),
        "百万元" => Some(1e6),
        "亿元" => Some(1e8),
        _ => None,
    }
}

/// How many of `b` make one `a`, for the units offices mix up: sums of money, or shares.
fn factor(a: &str, b: &str) -> Option<f64> {
    let share = |u: &str| match header_key(u).as_str() {
        "%" | "百分比" => Some(0.01),
        "‰" => Some(0.001),
        _ => None,
    };
    match (money_scale(a), money_scale(b)) {
        (Some(x), Some(y)) => Some(x / y),
        _ => Some(share(a)? / share(b)?),
    }
}

/// A title row above the header states the unit of amounts (`单位：万元`) in which a column of
/// an indicator configured in another unit of money was read (its header stating no unit of its
/// own): the values are most likely in the title's unit, 10,000 times off. An error for each such
/// column.
fn title_unit_mismatch(cfg: &Config, table: &Head, of_indicator: &[Col], problems: &mut Problems) {
    let Some(title) = table.title_unit() else {
        return;
    };
    for (i, col) in of_indicator.iter().enumerate() {
        let Col::At(c) = *col else { continue };
        let ind = &cfg.indicators[i];
        let own = split_unit(&table.headers()[c]).is_some_and(|(_, u)| money_scale(u).is_some());
        if own {
            continue;
        }
        let Some(msg) = title_unit_conflict(title, ind, "the column") else {
            continue;
        };
        problems.push(
            Problem::error(&table.path, msg)
                .line(title.line)
                .place(table.column_place(c)),
        );
    }
}

/// The message when amounts of `ind` (`what`: the column, its targets) are read under a title
/// stating another unit of money than the indicator's (`单位：万元` over an indicator in 亿元):
/// most likely they are in the title's unit, 10,000 times off. `None` when the units agree, or
/// either is no unit of money (the title's unit is one of money: a factor only for an indicator
/// in money too).
pub(super) fn title_unit_conflict(
    title: &super::head::TitleUnit,
    ind: &crate::config::Indicator,
    what: &str,
) -> Option<String> {
    let f = factor(&ind.unit, &title.unit).filter(|f| *f != 1.0)?;
    Some(format!(
        "the title row above the header ({}) states amounts in {}, but `{}` ({}) is configured in `{}` (1 {} = {} {}): convert {what} to {} and correct the title, or change the indicator's `unit`",
        quote(&title.text),
        title.unit,
        ind.id,
        ind.name,
        ind.unit,
        ind.unit,
        trim(f),
        title.unit,
        ind.unit,
    ))
}

fn unit_mismatch(
    cfg: &Config,
    table: &Head,
    c: usize,
    i: usize,
    unit: &str,
    problems: &mut Problems,
) {
    let ind = &cfg.indicators[i];
    let msg = if ind.unit.trim().is_empty() {
        format!(
            "header {} gives the unit {}, but the indicator `{}` ({}) has no `unit` in the config: set `unit = \"{unit}\"` there, or head the column `{}`",
            quote(&table.headers()[c]),
            quote(unit),
            ind.id,
            ind.name,
            ind.name
        )
    } else {
        let f = factor(&ind.unit, unit)
            .filter(|f| *f != 1.0)
            .map(|f| format!(" (1 {} = {} {unit})", ind.unit, trim(f)))
            .unwrap_or_default();
        format!(
            "header {} gives the unit {}, but `{}` ({}) is configured in `{}`{f}: convert the values to {} and head the column `{}（{}）`, or change the indicator's `unit`",
            quote(&table.headers()[c]),
            quote(unit),
            ind.id,
            ind.name,
            ind.unit,
            ind.unit,
            ind.name,
            ind.unit
        )
    };
    problems.push(
        Problem::error(&table.path, msg)
            .line(table.header_line())
            .place(table.column_place(c)),
    );
}

fn trim(f: f64) -> String {
    let s = format!("{f}");
    s.strip_suffix(".0").map(String::from).unwrap_or(s)
}

/// The indicators' ids and names as [`header_key`]s (with their lengths in characters), worked
/// out once per table for [`Close::indicator`]: a header of a million unknown columns is compared
/// with them a million times.
struct Close<'a> {
    keys: Vec<(&'a crate::config::Indicator, [(String, usize); 2])>,
}

impl<'a> Close<'a> {
    fn new(cfg: &'a Config) -> Self {
        let key = |s: &str| {
            let k = header_key(s);
            let n = k.chars().count();
            (k, n)
        };
        let keys = (cfg.indicators.iter())
            .map(|ind| (ind, [key(&ind.id), key(&ind.name)]))
            .collect();
        Close { keys }
    }

    /// The indicator a header that matched nothing probably means: one whose id or name is
    /// within a small edit distance, or contained in the header (or the header in it); the first
    /// of the config's order among the closest.
    fn indicator(&self, header: &str) -> Option<&'a crate::config::Indicator> {
        let h = header_key(split_unit(header).map_or(header, |(n, _)| n));
        let n = h.chars().count();
        if n < 2 {
            return None;
        }
        let limit = (n / 3).max(1);
        let distance = |(k, len): &(String, usize)| {
            if k.contains(&h) || h.contains(k.as_str()) {
                0
            } else if len.abs_diff(n) > limit {
                // The distance is at least the difference of the lengths: too far either way.
                usize::MAX
            } else {
                strsim::levenshtein(&h, k)
            }
        };
        (self.keys.iter())
            .filter_map(|(ind, keys)| {
                let d = keys.iter().map(distance).min()?;
                (d <= limit).then_some((d, *ind))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, ind)| ind)
    }
}

/// Warnings for columns that hold no indicator and are not `keep` (the unit columns); a column
/// without a header is mentioned only if it holds values.
pub fn warn_unknown(
    cfg: &Config,
    table: &Head,
    m: &HeaderMatch,
    keep: &[usize],
    problems: &mut Problems,
) -> Headerless {
    let mut headerless = Headerless::default();
    let close = Close::new(cfg);
    for (c, h) in table.headers().iter().enumerate() {
        if m.known[c] || keep.contains(&c) {
            continue;
        }
        let line = Some(table.header_line());
        if !h.is_empty() {
            let msg = match close.indicator(h) {
                Some(ind) => format!("unknown column, ignored: it is not an indicator id, name or alias of the config; is it `{}` ({})? Then head it `{}` or `{}`, or add it to the indicator's `aliases`", ind.id, ind.name, ind.id, ind.name),
                None => "unknown column, ignored: it is not an indicator id, name or alias of the config".to_string(),
            };
            problems.push(
                Problem::warning(&table.path, msg)
                    .line(line)
                    .place(table.column_place(c)),
            );
        } else {
            headerless.cols.push((c, false));
        }
    }
    headerless
}

/// Columns without a header, watched while the rows are read: one that holds values is
/// mentioned once they are all read.
#[derive(Debug, Default)]
pub struct Headerless {
    /// `(column, whether a value was seen)`.
    cols: Vec<(usize, bool)>,
}

impl Headerless {
    /// Notes the values of a data row.
    pub fn see(&mut self, row: &Row) {
        for (c, filled) in &mut self.cols {
            *filled = *filled || !row.get(*c).trim().is_empty();
        }
    }

    /// A warning for each column that held a value.
    pub fn report(self, table: &Head, problems: &mut Problems) {
        for (c, _) in self.cols.into_iter().filter(|(_, f)| *f) {
            let place = table.named_place(Some(table.col_label(c)));
            let msg = "the column has values but no header: they are ignored";
            let p = Problem::warning(&table.path, msg).line(table.header_line());
            problems.push(p.place(place));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{split_unit, Close};

    #[test]
    fn a_header_names_its_unit_in_brackets_with_or_without_a_label() {
        for (header, split) in [
            ("固定资产投资（亿元）", Some(("固定资产投资", "亿元"))),
            ("固定资产投资(单位：亿元)", Some(("固定资产投资", "亿元"))),
            ("固定资产投资（单位: 万元）", Some(("固定资产投资", "万元"))),
            ("任务完成率 %", Some(("任务完成率", "%"))),
            ("固定资产投资", None),
        ] {
            assert_eq!(split_unit(header), split, "{header}");
        }
    }
    use crate::config::Config;
    use std::path::Path;

    #[test]
    fn an_unknown_header_suggests_the_closest_indicator_first_in_config_order() {
        let ind = |id: &str, name: &str| {
            format!("[[indicators]]\nid = \"{id}\"\nname = \"{name}\"\ndimension = \"d\"\nmethod = \"direct\"\npoints = {{ t = 5 }}\n")
        };
        let text = format!(
            "[[dimensions]]\nid = \"d\"\nname = \"D\"\n[[tracks]]\nid = \"t\"\nname = \"T\"\ncategories = [\"township\"]\ntotal = 20\ngrades = {{ by = \"share\", levels = [{{ name = \"A\", share = 1.0 }}] }}\n{}{}{}{}",
            ind("tax", "税收收入"),
            ind("invest", "固定资产投资"),
            ind("grow", "增幅"),
            ind("gro", "增长"),
        );
        let cfg = Config::parse(&text, Path::new("c.toml")).unwrap();
        let close = Close::new(&cfg);
        let id = |h: &str| close.indicator(h).map(|i| i.id.as_str());
        // One edit from `税收收入` (limit 1 for its 4 characters, the unit split off).
        assert_eq!(id("税收收人（万元）"), Some("tax"));
        // Contained either way, however different the lengths.
        assert_eq!(id("2024年固定资产投资完成额"), Some("invest"));
        assert_eq!(id("INVEST"), Some("invest"));
        // `gro` is contained in `grows` (distance 0) and `grow` too: the first in config order.
        assert_eq!(id("grows"), Some("grow"));
        // `x12345`: six characters, limit 2 — `tax` is three away by length alone.
        assert_eq!(id("x12345"), None);
        assert_eq!(id("taxes"), Some("tax"));
        assert_eq!(id("t"), None, "one character is never a suggestion");
    }
}
