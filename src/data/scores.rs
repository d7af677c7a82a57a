//! Plain score files (`unit_id,score`, in Chinese 单位编码/单位名称, 得分): monthly efficiency
//! reviews (月效能考评, `data/2024-07/efficiency.csv`) and the year-end review
//! (`data/2024/year_end.csv`), as CSV or workbooks.

use std::path::Path;

use super::cell::parse_number;
use super::rows::Names;
use super::{side, ReadOptions};
use crate::error::{Problem, Problems};
use crate::period::Period;
use crate::units::Registry;

/// The score column's headers.
const SCORE: &[&str] = &["score", "得分", "分数", "分值"];

/// Scores per registry unit. Ids are matched as of `now`, following `former_ids`, so a file
/// written before a unit was renamed still finds it; so are names: a name no unit assessed in
/// `now` (and, itself or through the units it continues, in `written`) bears is looked up among
/// the units of `written` (the month or year the file is of) and followed on through the
/// renames (a January file naming 柳河乡, since renamed 柳河镇); a former name written after the
/// rename (柳河乡 in a July file) is the unit that continues it too. A row by id of a unit not
/// assessed in `written`, nor continuing one that was, is an error.
///
/// A year-end row of a unit that existed in the year but is not assessed in `now` (it ended, or
/// was merged into another, before it) is read, enters no total (the roll-up ranks the units of
/// `now`), and is named in a warning: the year-end review is of the units at the year's end, and
/// such a row may be meant for another unit. A month's rows of a unit assessed that month are
/// its record, even where the unit has ended since (their absence from the units that go on is in
/// those units' notes): they are read without a word.
///
/// `None` when the file gives no rows at all — it cannot be opened, lacks its columns, or holds
/// a header and nothing under it — with the problem that says why: read as a file without a row
/// for any unit, it would leave the month (or the year-end review) out for every unit under
/// `missing = "skip"`, without a word.
pub fn read(
    path: &Path,
    registry: &Registry,
    (written, now): (Period, Period),
    opts: &ReadOptions,
    problems: &mut Problems,
) -> Option<Vec<Option<f64>>> {
    let mut out = vec![None; registry.len()];
    let mut file = match side::open(path, opts.encoding, (&[SCORE], &[]), registry, problems) {
        Ok(f) => f,
        Err(p) => {
            problems.extend(p);
            return None;
        }
    };
    if let Some(p) = another_period(&file, written) {
        problems.push(p);
        return None;
    }
    let units = side::unit_columns(&file, &[SCORE], problems)?;
    let cols = file.columns(&[SCORE], &[], problems)?;
    let c_score = cols[0].unwrap_or(1);
    let read: Vec<usize> = side::unit_cols(units).chain([c_score]).collect();
    side::unknown_columns(&file, &read, "unit_id (or unit_name), score", problems);
    let names = Names::new();
    let mut lines = vec![0u64; registry.len()];
    // Year-end rows of units not assessed in `now`: (unit, line).
    let mut gone: Vec<(usize, u64)> = Vec::new();
    let (head, rows) = file.parts();
    let who = (units, side::parent_column(head));
    // Whether a row came: rows that cannot be read are reported as met.
    let (mut any, errors) = (false, problems.error_count());
    while let Some(row) = rows.next(head, problems) {
        any = true;
        let line = Some(row.line);
        let id = units.0.map_or("", |c| row.get(c).trim());
        // A unit that came later (a January row for a unit from Q2) has no score of the month:
        // its row is an error, and a name it bears is looked up among the units of the month.
        let existed = |u: usize| registry.existed_in(u, now, written);
        let found = match registry.resolve_past(id, now) {
            Some(u) if !id.is_empty() => side::whole(registry, row, u),
            _ => {
                let assessed = |u: usize| registry.units[u].active_in(now) && existed(u);
                let then = |u: usize| registry.units[u].active_in(written);
                // A name of the file's own time, followed on to the unit assessed now; tried
                // quietly first, the message (with close names) given by the lookup of now.
                let only_now = !id.is_empty() || units.1.is_none() || written == now;
                // A renamed unit's former name after the rename (`柳河乡` in a July file, the
                // unit `柳河镇` since Q3), as its former id is: the unit that continues it.
                let successor = |u: usize| {
                    let next = registry.resolve_past(&registry.units[u].id, now);
                    next.filter(|&n| n != u && assessed(n))
                };
                let former = |u: usize| !registry.units[u].active_in(now) && successor(u).is_some();
                names
                    .quietly(|| {
                        side::unit_of(registry, &names, row, who, assessed).or_else(|e| {
                            match only_now {
                                true => Err(e),
                                false => side::unit_of(registry, &names, row, who, then).map(|u| {
                                    registry
                                        .resolve_past(&registry.units[u].id, now)
                                        .unwrap_or(u)
                                }),
                            }
                        })
                    })
                    .or_else(|e| match units.1.is_some() && id.is_empty() {
                        true => names.quietly(|| {
                            side::unit_of(registry, &names, row, who, former)
                                .map(|u| successor(u).unwrap_or(u))
                                .map_err(|_| e)
                        }),
                        false => Err(e),
                    })
                    .or_else(|_| side::unit_of(registry, &names, row, who, assessed))
            }
        };
        let found = found.and_then(|u| match id.is_empty() || existed(u) {
            true => Ok(u),
            false => Err((
                registry.units[u].label(),
                format!("the unit was not assessed in {written} (see its from/until in units.csv), so it has no score of {written}"),
            )),
        });
        let u = match found {
            Ok(u) => u,
            Err(e) => {
                side::unit_not_found((registry, &names), head, row, units, e, problems);
                continue;
            }
        };
        side::name_differs(registry, &names, head, row, units, u, problems);
        let label = || Some(registry.units[u].label());
        if lines[u] != 0 {
            let msg = format!(
                "duplicate row: the unit already has a row at line {}",
                lines[u]
            );
            problems.push(
                Problem::error(path, msg)
                    .line(line)
                    .place(side::unit_place(head, row, units))
                    .unit(label()),
            );
            continue;
        }
        lines[u] = row.line;
        let score = row.cell(c_score).and_then(parse_number).map_err(|e| {
            match row.percent_stored(c_score) {
                Some(stored) => format!(
                    "{} is a cell formatted as a percentage (it stores {stored}), but scores are marked out of 100: format the cell as a number and enter the score",
                    crate::echo::quote(row.get(c_score).trim())
                ),
                None => e,
            }
        });
        match score {
            // Scores lie in [0, 100]: a monthly efficiency review and the year-end review are
            // marked out of 100, and a score outside (a typo, a 1000 for 100.0, a deduction
            // written as −5) would enter the annual total without a word.
            Ok(v) if !(0.0..=100.0).contains(&v) => {
                let msg = format!("score {} is outside the valid range [0, 100] of monthly efficiency and year-end scores (marked out of 100)", crate::echo::cut(row.get(c_score).trim()));
                problems.push(
                    Problem::error(path, msg)
                        .line(line)
                        .place(head.place(row.line, c_score))
                        .unit(label()),
                );
            }
            Ok(v) => {
                out[u] = Some(v);
                if matches!(written, Period::Year(_)) && !registry.units[u].active_in(now) {
                    gone.push((u, row.line));
                }
            }
            Err(msg) => problems.push(
                Problem::error(path, msg)
                    .line(line)
                    .place(head.place(row.line, c_score))
                    .unit(label()),
            ),
        }
    }
    if let Some(&(_, first)) = gone.first() {
        let who =
            (gone.iter()).map(|&(u, line)| format!("{} (line {line})", registry.units[u].label()));
        let msg = format!(
            "{} row(s) of units not assessed in {now}, the last quarter included, enter no total: {}; the year-end review counts for the units the roll-up ranks, those of {now} (see the units' from/until in units.csv)",
            gone.len(),
            crate::echo::few(who, 5, ", ")
        );
        problems.push(Problem::warning(path, msg).line(Some(first)));
    }
    // Marked out of 10 (9.2), or given as fractions (0.92): every score within range, so no
    // single one is an error, and every unit's year would move without a word.
    let (given, high) = out
        .iter()
        .flatten()
        .fold((0, f64::NEG_INFINITY), |(n, h), &v| (n + 1, h.max(v)));
    if given >= 2 && high <= 10.0 {
        let msg = format!(
            "every score of the file is at most 10 (the highest is {}), but scores are marked out of 100: were they given out of 10, or as fractions? Convert them to 100",
            crate::num::significant(high)
        );
        let p = Problem::warning(path, msg).line(Some(head.header_line()));
        problems.push(p.place(head.place(head.header_line(), c_score)));
    }
    if !any && problems.error_count() == errors {
        let msg = "the file holds a header row but no scores under it: fill in the units' scores, or remove the file to have it counted as missing (`[rollup] missing`)";
        let p = Problem::error(path, msg).line(Some(head.header_line()));
        problems.push(p.place(head.named_place(None)));
    }
    any.then_some(out)
}

/// The error of a month's file whose sheet name or title names another month (`2024年3月份效能考评
/// 得分` in `data/2024-04`), or of a year-end review whose sheet or title names another year
/// (`2023年度年终考评得分` in `data/2024`): last month's (last year's) file copied into this one's
/// folder, whose scores would count for it without a word. A sheet or title that names this
/// period too (`1-4月`), or names none (a date of filling in aside), is this period's.
fn another_period(head: &super::table::Head, written: Period) -> Option<Problem> {
    // The periods of `written`'s kind that a text names.
    let named = |text: &str| -> Vec<Period> {
        match written {
            Period::Month(year, _) => crate::period::months_named(text)
                .into_iter()
                .map(|(y, m)| Period::Month(y.unwrap_or(year), m))
                .collect(),
            Period::Year(_) => crate::period::years_named(text)
                .into_iter()
                .map(Period::Year)
                .collect(),
            _ => Vec::new(),
        }
    };
    let quote = crate::echo::quote;
    let sheet = (head.sheet.iter()).map(|s| (None, format!("sheet {}", quote(s)), s.as_str()));
    let titles = (head.titles().iter())
        .map(|(line, t)| (Some(*line), format!("the title {}", quote(t)), t.as_str()));
    let mut other = None;
    for (line, place, text) in sheet.chain(titles) {
        let named = named(text);
        if named.contains(&written) {
            return None;
        }
        if other.is_none() {
            other = named.first().map(|&p| (line, place, p));
        }
    }
    let (line, place, named) = other?;
    let msg = format!(
        "{place} names {named}, but the file lies in the folder of {written}: its scores would count as {written}'s — move it to the folder {named}, or correct the {} if it holds {written}'s scores",
        if line.is_some() { "title" } else { "sheet's name" }
    );
    Some(Problem::error(&head.path, msg).line(line))
}
