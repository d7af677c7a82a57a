//! Finding a unit a person named (an id or an exact name) among the units assessed in a period,
//! with an error that names close matches when it does not resolve.

use super::Evaluation;
use crate::error::Error;

/// How many close matches an error names.
const SUGGESTIONS: usize = 5;

/// The registry index of the unit `query` names: its id, or its exact name when no id matches.
/// Usage errors (exit 2) for an unknown unit, a name shared by several units, a former id, or a
/// unit not assessed in the period.
pub fn find_unit(ev: &Evaluation, query: &str) -> Result<usize, Error> {
    let reg = &ev.ds.registry;
    let period = ev.period();
    let assessed = |u: usize| ev.ds.track_of(u).is_some();
    let not_assessed = |u: usize| {
        Error::Usage(format!(
            "unit {} is not assessed in {period} (see its from/until in units.csv)",
            reg.units[u].label()
        ))
    };
    let direct = reg.get(query);
    if let Some(u) = direct.filter(|&u| assessed(u)) {
        return Ok(u);
    }
    // An id that a renamed (or merged) unit carried before: point to the current one.
    let successor = reg
        .resolve_past(query, period)
        .or_else(|| reg.carrier(query));
    if let Some(u) = successor.filter(|&u| assessed(u)) {
        return Err(Error::Usage(format!(
            "`{query}` is a former id of {}: ask for `{}`",
            reg.units[u].label(),
            reg.units[u].id
        )));
    }
    if let Some(u) = direct {
        return Err(not_assessed(u));
    }
    let named: Vec<usize> = (0..reg.len())
        .filter(|&u| reg.units[u].name == query)
        .collect();
    let live: Vec<usize> = named.iter().copied().filter(|&u| assessed(u)).collect();
    match (live.as_slice(), named.first()) {
        ([u], _) => Ok(*u),
        ([], Some(&u)) => Err(not_assessed(u)),
        ([], None) => Err(unknown(ev, query)),
        (many, _) => {
            let labels: Vec<String> = many.iter().map(|&u| reg.units[u].label()).collect();
            Err(Error::Usage(format!(
                "the name `{query}` is shared by {}: give the unit id instead",
                labels.join(", ")
            )))
        }
    }
}

/// The tracks to analyse and, with a unit `query`, that unit (registry index): the unit's
/// track must be among `tracks` (those of `--track`, named `track` in the message).
pub fn scope(
    ev: &Evaluation,
    tracks: Vec<usize>,
    query: Option<&str>,
    track: Option<&str>,
) -> Result<(Vec<usize>, Option<usize>), Error> {
    let Some(q) = query else {
        return Ok((tracks, None));
    };
    let u = find_unit(ev, q)?;
    let t = ev.ds.track_of(u).unwrap_or_default();
    if !tracks.contains(&t) {
        return Err(Error::Usage(format!(
            "unit {} is on track `{}`, not on --track {}",
            ev.ds.label(u),
            ev.cfg.tracks[t].id,
            track.unwrap_or_default()
        )));
    }
    Ok((vec![t], Some(u)))
}

fn unknown(ev: &Evaluation, query: &str) -> Error {
    let reg = &ev.ds.registry;
    let limit = (query.chars().count() / 3).max(1);
    let mut close: Vec<(usize, &str, usize)> = (0..reg.len())
        .filter(|&u| ev.ds.track_of(u).is_some())
        .filter_map(|u| {
            let unit = &reg.units[u];
            let d = [unit.id.as_str(), unit.name.as_str()]
                .iter()
                .map(|s| {
                    if !query.is_empty() && (s.contains(query) || query.contains(*s)) {
                        0
                    } else {
                        strsim::levenshtein(query, s)
                    }
                })
                .min()
                .unwrap_or(usize::MAX);
            (d <= limit).then_some((d, unit.id.as_str(), u))
        })
        .collect();
    close.sort();
    let hint = if close.is_empty() {
        String::from(": give a unit id or exact name from units.csv")
    } else {
        let names: Vec<String> = close
            .iter()
            .take(SUGGESTIONS)
            .map(|&(_, _, u)| reg.units[u].label())
            .collect();
        format!("; close matches: {}", names.join(", "))
    };
    Error::Usage(format!("unknown unit `{query}` in {}{hint}", ev.period()))
}
