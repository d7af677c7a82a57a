//! `pingyi template`: the collection tables an office sends out for a period — one per category,
//! and one per lead department for the indicators that name theirs (`source`) — with the units of the registry pre-filled (id, name, and the township of a village or
//! community) and one empty column per indicator the category is scored on, headed with its name
//! and measurement unit (`一般公共预算收入(亿元)`), the form pingyi reads back unchanged.

use crate::config::Config;
use crate::period::Period;
use crate::units::{Category, Registry};

/// One table to send out: a category's, or a lead department's; its header and a row per unit
/// to fill in.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file name without its extension: the category's id (`village`), or the lead
    /// department as the indicators name it (`区统计局`, characters a file name cannot hold
    /// replaced by `_`) — the names pingyi reads a period's files by.
    pub stem: String,
    /// The sheet's name: the category's Chinese name (`村`), or the lead department.
    pub sheet: String,
    pub header: Vec<String>,
    /// Per unit: id, name, (township), then a cell per indicator: empty to fill in, or `不考核`
    /// where the unit's track does not score the indicator (lead departments' tables, which
    /// list the units of several tracks; pingyi does not read those cells). The empty cells
    /// after a row's last text are left out (a million units' empty cells took a gigabyte):
    /// [`Table::cells`] gives the row whole.
    pub rows: Vec<Vec<String>>,
    /// The indicators of the columns after the unit columns, as config indices.
    pub indicators: Vec<usize>,
}

impl Table {
    /// Row `k`'s cells, one per column of the header.
    pub fn cells(&self, k: usize) -> impl Iterator<Item = &str> {
        let row = &self.rows[k];
        let empty = self.header.len().saturating_sub(row.len());
        row.iter()
            .map(String::as_str)
            .chain(std::iter::repeat_n("", empty))
    }
}

/// What a cell of an indicator the unit's track does not score says.
pub const NOT_SCORED: &str = "不考核";

/// The tables of `period` under `cfg`: one per category that has units assessed in the period
/// and indicators without a lead department (`source`) on its tracks, in the order of
/// [`Category::ALL`]; then one per lead department, in the order the indicators first name
/// them, with every unit scored on one of its indicators — each cell is collected once.
pub fn tables(cfg: &Config, reg: &Registry, period: Period) -> Vec<Table> {
    let active = |u: usize| reg.units[u].active_in(period);
    // Whether unit `u`'s track scores indicator `i`.
    let scores = |u: usize, i: usize| {
        let unit = &reg.units[u];
        cfg.tracks.iter().any(|t| {
            t.selects(unit.category, unit.class())
                && t.indicators.iter().any(|ti| ti.indicator == i)
        })
    };
    let mut out = Vec::new();
    for &category in &Category::ALL {
        let units: Vec<usize> = (0..reg.units.len())
            .filter(|&u| reg.units[u].category == category && active(u))
            .collect();
        let mut indicators: Vec<usize> = cfg
            .tracks
            .iter()
            .filter(|t| t.categories.contains(&category))
            .flat_map(|t| t.indicators.iter().map(|ti| ti.indicator))
            .filter(|&i| cfg.indicators[i].source.is_none())
            .collect();
        indicators.sort_unstable();
        indicators.dedup();
        if indicators.is_empty() || units.is_empty() {
            continue;
        }
        let stem = category.id().to_string();
        out.push(table(
            cfg,
            reg,
            stem,
            category.chinese().into(),
            units,
            indicators,
        ));
    }
    let mut sources: Vec<&str> = Vec::new();
    for ind in &cfg.indicators {
        if let Some(s) = ind.source.as_deref().filter(|s| !sources.contains(s)) {
            sources.push(s);
        }
    }
    for source in sources {
        let indicators: Vec<usize> = (0..cfg.indicators.len())
            .filter(|&i| cfg.indicators[i].source.as_deref() == Some(source))
            .collect();
        let units: Vec<usize> = (0..reg.units.len())
            .filter(|&u| active(u) && indicators.iter().any(|&i| scores(u, i)))
            .collect();
        if units.is_empty() {
            continue;
        }
        let mut t = table(
            cfg,
            reg,
            file_stem(source),
            source.into(),
            units.clone(),
            indicators,
        );
        let lead = t.header.len() - t.indicators.len();
        for (row, &u) in t.rows.iter_mut().zip(&units) {
            for (k, &i) in t.indicators.iter().enumerate() {
                if !scores(u, i) {
                    if row.len() <= lead + k {
                        row.resize(lead + k + 1, String::new());
                    }
                    row[lead + k] = NOT_SCORED.to_string();
                }
            }
        }
        out.push(t);
    }
    out
}

/// A lead department's name as a file name: characters no file name may hold become `_`.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    match stem.trim_matches(['.', ' ']) {
        "" => "_".to_string(),
        s => s.to_string(),
    }
}

fn table(
    cfg: &Config,
    reg: &Registry,
    stem: String,
    sheet: String,
    units: Vec<usize>,
    indicators: Vec<usize>,
) -> Table {
    let parent = units.iter().any(|&u| reg.units[u].category.needs_parent());
    let mut header = vec!["单位编码".to_string(), "单位名称".to_string()];
    if parent {
        header.push("所属乡镇".to_string());
    }
    header.extend(indicators.iter().map(|&i| {
        let ind = &cfg.indicators[i];
        match ind.unit.as_str() {
            "" => ind.name.clone(),
            u => format!("{}({u})", ind.name),
        }
    }));
    let rows = units
        .iter()
        .map(|&u| {
            let unit = &reg.units[u];
            let mut row = vec![unit.id.to_string(), unit.name.to_string()];
            if parent {
                row.push(
                    unit.parent()
                        .map_or(String::new(), |p| reg.units[p].name.to_string()),
                );
            }
            row
        })
        .collect();
    Table {
        stem,
        sheet,
        header,
        rows,
        indicators,
    }
}

/// The values a cell of indicator `i` may hold as pingyi reads it ([`Indicator::scorable`]): a
/// `direct` score within [0, its points] — the most points any track gives it, where tracks
/// differ (pingyi still holds each unit to its own track's).
///
/// [`Indicator::scorable`]: crate::config::Indicator::scorable
pub fn valid_range(cfg: &Config, i: usize) -> crate::config::ValidRange {
    let points = cfg
        .tracks
        .iter()
        .flat_map(|t| t.indicators.iter().filter(|ti| ti.indicator == i))
        .map(|ti| ti.points)
        .fold(f64::NEG_INFINITY, f64::max);
    let points = if points.is_finite() {
        points
    } else {
        f64::INFINITY
    };
    cfg.indicators[i].scorable(points)
}

/// What the instructions sheet (and a CSV user) is told about each indicator of `t`.
pub fn instructions(cfg: &Config, t: &Table) -> Vec<Vec<String>> {
    t.indicators
        .iter()
        .map(|&i| {
            let ind = &cfg.indicators[i];
            let direction = match ind.direction {
                Some(crate::config::Direction::Lower) => "越低越好",
                Some(_) => "越高越好",
                None => "",
            };
            let valid = valid_range(cfg, i);
            let range = match (valid.min, valid.max) {
                (Some(a), Some(b)) => format!("{a} ~ {b}"),
                (Some(a), None) => format!("≥ {a}"),
                (None, Some(b)) => format!("≤ {b}"),
                (None, None) => String::new(),
            };
            vec![
                ind.name.clone(),
                ind.unit.clone(),
                direction.to_string(),
                range,
                ind.source.clone().unwrap_or_default(),
            ]
        })
        .collect()
}
