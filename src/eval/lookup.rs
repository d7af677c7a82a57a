//! Finding a unit a person named (an id, a name, or a name with its township in front) among the units assessed in a period,
//! with an error that names close matches when it does not resolve.

use super::Evaluation;
use crate::data::rows::{NameError, Names};
use crate::error::Error;
use crate::fold::header_key;

/// How many close matches an error names.
const SUGGESTIONS: usize = 5;

/// The registry index of the unit `query` names: its id, or else its name (matched as the data
/// files match names: width, space and ASCII case folded), or its name with its township in
/// front (`东湖镇东湖村`). Usage errors (exit 2) for an unknown unit, a name shared by several
/// units (listed with their townships), a former id, or a unit not assessed in the period.
pub fn find_unit(ev: &Evaluation, query: &str) -> Result<usize, Error> {
    let reg = &ev.ds.registry;
    let period = ev.period();
    let assessed = |u: usize| track_in(ev, u).is_some();
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
    // A name, or a name with its township in front (`东湖镇东湖村`), as the data files take it.
    let names = Names::new();
    match names.find(reg, query, None, None, assessed) {
        Ok(u) => Ok(u),
        Err(NameError::Ambiguous(shown)) => Err(shared(ev, query, &shown)),
        Err(_) => match names.find(reg, query, None, None, |_| true) {
            // A name a renamed (or merged) unit bore before: point to the current one.
            Ok(u) => match (reg.resolve_past(&reg.units[u].id, period))
                .or_else(|| reg.carrier(&reg.units[u].id))
                .filter(|&s| s != u && assessed(s))
            {
                Some(s) => Err(Error::Usage(format!(
                    "`{query}` is the name of {}, which {} continues: ask for `{}`",
                    reg.units[u].label(),
                    reg.units[s].label(),
                    reg.units[s].id
                ))),
                None => Err(not_assessed(u)),
            },
            Err(NameError::Ambiguous(named)) => Err(Error::Usage(format!(
                "no unit named `{query}` is assessed in {period}: {} (see their from/until in units.csv)",
                named.iter().map(|&u| reg.units[u].label()).collect::<Vec<_>>().join(", ")
            ))),
            Err(_) => Err(unknown(ev, query)),
        },
    }
}

/// The track of unit `u` in the period: its track in this run, or, for a unit of a track the
/// run leaves out (`--track`), the track the config puts it on; `None` for a unit not assessed
/// in the period.
fn track_in(ev: &Evaluation, u: usize) -> Option<usize> {
    let unit = &ev.ds.registry.units[u];
    ev.ds.track_of(u).or_else(|| {
        let t = ev.cfg.tracks_selecting(unit.category, unit.class()).next();
        t.filter(|_| unit.active_in(ev.period()))
    })
}

/// The usage error of a name `query` shared by several assessed units, `shown` among them: each
/// listed with its township, how many there are, and what tells them apart.
fn shared(ev: &Evaluation, query: &str, shown: &[usize]) -> Error {
    let reg = &ev.ds.registry;
    let key = header_key(query);
    // The name alone, or with its township in front.
    let named = |u: usize| header_key(&reg.units[u].name) == key;
    let qualified = |u: usize| {
        let town = reg.parent_name(u);
        !town.is_empty() && header_key(town) + &header_key(&reg.units[u].name) == key
    };
    let all = (0..reg.len())
        .filter(|&u| (named(u) || qualified(u)) && track_in(ev, u).is_some())
        .count()
        .max(shown.len());
    let labels: Vec<String> = shown
        .iter()
        .map(|&u| format!("{} {}", reg.units[u].id, reg.qualified_name(u)))
        .collect();
    let among = match all > shown.len() {
        true => format!("{all} units, among them {}, …", labels.join(", ")),
        false => labels.join(", "),
    };
    let parent = |u: usize| reg.units[u].parent();
    // The township all of them lie under, if one does: only ids tell them apart.
    let one = shown.windows(2).all(|w| parent(w[0]) == parent(w[1]));
    // The name alone (else a township-and-name form that reads two ways).
    let plain = shown.iter().all(|&u| named(u));
    let hint = match shown.first().and_then(|&u| parent(u)) {
        Some(p) if one => format!("all are under {}: give the unit id", reg.units[p].name),
        // `河口镇东村`: 东村 under 河口镇 and 镇东村 under 河口; no form of the name helps.
        _ if !plain => "give the unit id".to_string(),
        Some(_) => {
            // The example names one unit: one alone under its township, if any is.
            let alone =
                |&&u: &&usize| shown.iter().filter(|&&o| parent(o) == parent(u)).count() == 1;
            let u = *shown.iter().find(alone).unwrap_or(&shown[0]);
            let township = parent(u).map_or("", |p| reg.units[p].name.as_str());
            format!(
                "give the unit id, or the name with its township in front (`{township}{}`)",
                reg.units[u].name
            )
        }
        None => "give the unit id".to_string(),
    };
    match plain {
        true => Error::Usage(format!("the name `{query}` is shared by {among}: {hint}")),
        false => Error::Usage(format!("`{query}` names {among}: {hint}")),
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
    let t = track_in(ev, u).unwrap_or_default();
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
        String::from(": give a unit id or name from units.csv")
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
