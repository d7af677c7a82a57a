//! The columns of the ranking CSV/TSV, by machine name and by the name people read
//! (`--headers zh`, from the one table of [`headers`], the indicators' and dimensions' names from
//! the config): the full ranking's, and the lean ranking's (`rank --lean`).

use super::RankView;
use crate::render::text::TREND_COLUMNS;
use crate::render::{headers, Headers};

/// The lead columns, by machine name (the names people read: [`headers::name`]).
const LEAD: [&str; 9] = [
    "unit_id",
    "unit_name",
    "track",
    "rank",
    "total",
    "grade",
    "category",
    "parent",
    "parent_name",
];

/// The columns after the dimension subtotals, before the period's.
const SUMS: [&str; 6] = [
    "indicator_sum",
    "applicable_points",
    "bonus",
    "deduction",
    "veto",
    "marks",
];

/// The period and scheme, then the trend ([`TREND_COLUMNS`]): a lean ranking has the lead
/// columns, then these.
const PERIOD: [&str; 2] = ["period", "config_sha256"];

/// The header row of `v`.
pub fn header(v: &RankView, headers: Headers) -> Vec<String> {
    let cfg = v.labels.cfg();
    let zh = headers == Headers::Zh;
    let pick = |id: &&str| headers::name(id, headers);
    let mut header: Vec<String> = LEAD.iter().map(pick).collect();
    let period = PERIOD.iter().chain(&TREND_COLUMNS);
    if v.lean {
        header.extend(period.map(pick));
        return header;
    }
    header.extend(cfg.dimensions.iter().map(|d| match zh {
        true => d.name.clone(),
        false => format!("dim:{}", d.id),
    }));
    header.extend(SUMS.iter().chain(period).map(pick));
    for ind in &cfg.indicators {
        let with_unit = match ind.unit.is_empty() {
            true => ind.name.clone(),
            false => format!("{}({})", ind.name, ind.unit),
        };
        let [value, growth, score] = match zh {
            true => [
                with_unit,
                format!("{}增幅", ind.name),
                format!("{}得分", ind.name),
            ],
            false => [
                ind.id.clone(),
                format!("{}:growth", ind.id),
                format!("{}:score", ind.id),
            ],
        };
        header.push(value);
        if ind.growth.is_some() {
            header.push(growth);
        }
        header.push(score);
    }
    header
}
