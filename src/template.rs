//! `pingyi template`: the collection tables an office sends out for a period — one per category
//! — with the units of the registry pre-filled (id, name, and the township of a village or
//! community) and one empty column per indicator the category is scored on, headed with its name
//! and measurement unit (`一般公共预算收入(亿元)`), the form pingyi reads back unchanged.

use crate::config::Config;
use crate::period::Period;
use crate::units::{Category, Registry};

/// One category's table: its header and a row per unit to fill in.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub category: Category,
    pub header: Vec<String>,
    /// Per unit: id, name, (township), then an empty cell per indicator.
    pub rows: Vec<Vec<String>>,
    /// The indicators of the columns after the unit columns, as config indices.
    pub indicators: Vec<usize>,
}

/// The tables of `period` under `cfg`: one per category that has units assessed in the period
/// and indicators on its tracks, in the order of [`Category::ALL`].
pub fn tables(cfg: &Config, reg: &Registry, period: Period) -> Vec<Table> {
    Category::ALL
        .iter()
        .filter_map(|&category| table(cfg, reg, period, category))
        .collect()
}

fn table(cfg: &Config, reg: &Registry, period: Period, category: Category) -> Option<Table> {
    let mut indicators: Vec<usize> = cfg
        .tracks
        .iter()
        .filter(|t| t.categories.contains(&category))
        .flat_map(|t| t.indicators.iter().map(|ti| ti.indicator))
        .collect();
    indicators.sort_unstable();
    indicators.dedup();
    let units: Vec<usize> = (0..reg.units.len())
        .filter(|&u| reg.units[u].category == category && reg.units[u].active_in(period))
        .collect();
    if indicators.is_empty() || units.is_empty() {
        return None;
    }
    let parent = category.needs_parent();
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
            let mut row = vec![unit.id.clone(), unit.name.clone()];
            if parent {
                row.push(
                    unit.parent
                        .map_or(String::new(), |p| reg.units[p].name.clone()),
                );
            }
            row.resize(header.len(), String::new());
            row
        })
        .collect();
    Some(Table {
        category,
        header,
        rows,
        indicators,
    })
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
            let range = match (ind.valid.min, ind.valid.max) {
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
