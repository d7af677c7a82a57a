//! Plain score files (`unit_id,score`): monthly efficiency reviews (月效能考评,
//! `data/2024-07/efficiency.csv`) and the year-end review (`data/2024/year_end.csv`).

use std::path::Path;

use super::cell::parse_number;
use super::table::{Table, UNIT_ID};
use super::ReadOptions;
use crate::error::{Error, Problem, Problems};
use crate::period::Period;
use crate::units::Registry;

/// Scores per registry unit. Ids are matched as of `now`, following `former_ids`, so a file
/// written before a unit was renamed still finds it.
pub fn read(
    path: &Path,
    registry: &Registry,
    now: Period,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> Vec<Option<f64>> {
    let mut out = vec![None; registry.len()];
    let file = match Table::open_csv(path, opts.encoding, UNIT_ID) {
        Ok(f) => f,
        Err(Error::Invalid(p)) => {
            problems.extend(p);
            return out;
        }
        Err(e) => {
            problems.push(Problem::error(path, e.to_string()));
            return out;
        }
    };
    let Some(cols) = file.columns(&[UNIT_ID, &["score"]], &[], problems) else {
        return out;
    };
    let (c_id, c_score) = (cols[0].unwrap_or(0), cols[1].unwrap_or(1));
    let mut lines = vec![0u64; registry.len()];
    let rows: Vec<_> = file.good_rows(problems).collect();
    for row in rows {
        let line = Some(row.line);
        let id = row.get(c_id).trim();
        let Some(u) = registry.resolve_past(id, now).or_else(|| registry.get(id)) else {
            problems.push(
                Problem::error(path, "unit is not in the registry (units.csv)")
                    .line(line)
                    .place("column unit_id".to_string())
                    .unit(id.to_string()),
            );
            continue;
        };
        let label = Some(registry.units[u].label());
        if lines[u] != 0 {
            let msg = format!(
                "duplicate row: the unit already has a row at line {}",
                lines[u]
            );
            problems.push(
                Problem::error(path, msg)
                    .line(line)
                    .place("column unit_id".to_string())
                    .unit(label),
            );
            continue;
        }
        lines[u] = row.line;
        match row.cell(c_score).and_then(parse_number) {
            Ok(v) => out[u] = Some(v),
            Err(msg) => problems.push(
                Problem::error(path, msg)
                    .line(line)
                    .place("column score".to_string())
                    .unit(label),
            ),
        }
    }
    out
}
